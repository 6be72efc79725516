"""The Plotly figure: what is drawn, where, and in which colours."""

from __future__ import annotations

import json

import pytest

from bodymap.model.geometry import region_core
from bodymap.render.map_figure import build_figure
from bodymap.render.map_highlight import fill_under, highlight_css, label_colour
from bodymap.render.map_layout import (
    HIT_MARKER_PX,
    HOVER_DISTANCE_PX,
    PHONE_FIGURE_HEIGHT,
    hovered_region,
    tap_points,
    view_scale,
)
from bodymap.render.palette import PALETTE, contrast_ratio
from bodymap.ui.panel import md_link, md_text
from bodymap.vocabulary import PHONE_MAP, SIDES, WIDE_MAP
from tests.support import map_css
from tests.support.paths import region_ids
from tests.support.targets import SHARED_TARGETS

SELECTIONS = [None, *region_ids()]
# Related regions: what an open condition highlights besides the selection.
RELATED = [
    ("jaw", ("salivary-glands",)),
    ("neck", ("head", "shoulders")),
    ("arms", ("hands", "legs", "feet")),
    ("forehead", ("eyes", "head")),
]


@pytest.mark.parametrize("selected", SELECTIONS)
def test_every_label_is_readable_on_what_is_under_it(selected, diagram, labels):
    related_sets = [(), *(rel for sel, rel in RELATED if sel == selected), tuple(labels)]
    for view in diagram.views:
        spots = [r.label_at for r in view.regions if r.label_at] + [
            at for _, at in view.side_labels
        ]
        for related in related_sets:
            related = tuple(r for r in related if r != selected)
            for at in spots:
                text = label_colour(view, at, selected, related)
                under = fill_under(view, at, selected, related)
                assert contrast_ratio(text, under) >= 4.5, (view.view_id, at, selected, related)


def test_related_regions_are_clearly_different_from_the_selection_and_the_rest(diagram):
    assert contrast_ratio(PALETTE.related_text, PALETTE.related) >= 4.5
    assert contrast_ratio(PALETTE.related, PALETTE.accent) >= 3  # not the selection
    assert PALETTE.related not in (PALETTE.region, PALETTE.organ, PALETTE.body, PALETTE.accent)
    view = diagram.view("closeup")
    jaw = region_core(view, "jaw")
    assert fill_under(view, jaw, "salivary-glands", ("jaw",)) == PALETTE.related
    assert label_colour(view, jaw, "salivary-glands", ("jaw",)) == PALETTE.related_text
    assert fill_under(view, jaw, "jaw", ("jaw",)) == PALETTE.accent  # the selection wins


def _painted(diagram, labels, side, selected, related=(), layout=WIDE_MAP):
    """What the highlight CSS paints on the figure, read back as the browser would."""
    figure = build_figure(diagram, labels, layout=layout, side=side)
    traces = json.loads(figure.to_json())["data"]
    css = highlight_css(figure, diagram, side, selected, related, scope=".map")
    return traces, css


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("selected", SELECTIONS)
def test_only_the_selected_region_is_highlighted(side, selected, diagram, labels):
    traces, css = _painted(diagram, labels, side, selected)
    drawn = {rid for v in diagram.side_views(side) for rid in v.region_ids()}
    assert map_css.painted_regions(traces, css, PALETTE.accent) == (
        {selected} & drawn if selected else set()
    )
    assert map_css.painted_regions(traces, css, PALETTE.related) == set()
    assert all(rule.startswith(".map ") for rule in css.splitlines())


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(("selected", "related"), RELATED)
@pytest.mark.parametrize("layout", [WIDE_MAP, PHONE_MAP])
def test_related_regions_get_the_softer_highlight(side, selected, related, layout, diagram, labels):
    traces, css = _painted(diagram, labels, side, selected, related, layout)
    drawn = {rid for v in diagram.side_views(side) for rid in v.region_ids()}
    assert map_css.painted_regions(traces, css, PALETTE.related) == set(related) & drawn
    assert map_css.painted_regions(traces, css, PALETTE.accent) == {selected} & drawn


@pytest.mark.parametrize("side", SIDES)
def test_the_figure_is_the_same_whatever_is_selected(side, diagram, labels):
    """So a tap doesn't change the chart, and the browser doesn't redraw it:
    every region is drawn in its quiet tint, every label in the label colour."""
    figure = build_figure(diagram, labels, side=side)
    fills = {t.fillcolor for t in figure.data if t.fill == "toself" and t.name != "body"}
    assert fills <= {PALETTE.region, PALETTE.organ} and PALETTE.region in fills
    labels = [t for t in figure.data if t.name == "labels"]
    assert len(labels) == 2 and all(t.textfont.color == PALETTE.label for t in labels)
    # Plotly dims unselected text when a tap selects a tap point: not these.
    for trace in labels:
        assert trace.unselected.textfont.color == PALETTE.label


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("selected", [s for s in SELECTIONS if s])
def test_labels_on_the_highlight_turn_light(side, selected, diagram, labels):
    traces, css = _painted(diagram, labels, side, selected)
    recoloured = map_css.recoloured_labels(traces, css)
    for index, view in enumerate(diagram.side_views(side)):
        axis = "x" if index == 0 else f"x{index + 1}"
        (trace,) = [t for t in traces if t["name"] == "labels" and t.get("xaxis", "x") == axis]
        for text, x, y in zip(trace["text"], trace["x"], trace["y"], strict=True):
            wanted = label_colour(view, (x, y), selected)
            assert recoloured.get((axis, text), PALETTE.label) == wanted, (view.view_id, text)


@pytest.mark.parametrize("side", SIDES)
def test_only_this_sides_views_are_drawn(side, diagram, labels):
    figure = build_figure(diagram, labels, side=side)
    taps = [t.name for t in figure.data if t.name.startswith("tap:")]
    assert taps == [f"tap:{v.view_id}" for v in diagram.side_views(side)]
    titles = [a.text for a in figure.layout.annotations]
    assert titles == [v.title for v in diagram.side_views(side)]


def test_an_unknown_side_is_refused(diagram, labels):
    with pytest.raises(ValueError, match="unknown side 'top'"):
        build_figure(diagram, labels, side="top")


@pytest.mark.parametrize("side", SIDES)
def test_tap_points_are_invisible_and_carry_region_ids(side, diagram, labels):
    figure = build_figure(diagram, labels, side=side)
    taps = [t for t in figure.data if t.name.startswith("tap:")]
    assert len(taps) == len(diagram.side_views(side))
    for trace in taps:
        assert trace.marker.color == "rgba(0,0,0,0)"
        assert set(trace.customdata) <= set(labels)
        assert trace.hoverinfo == "none"  # hovered (so selectable) but no tooltip
    drawings = [t for t in figure.data if not t.name.startswith("tap:")]
    assert all(t.hoverinfo == "skip" for t in drawings)  # never steal a tap


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("layout", [WIDE_MAP, PHONE_MAP])
def test_figure_is_small_enough_to_send_on_every_selection(side, layout, diagram, labels):
    """Project budget: under 40 KB of JSON per view (each layout is its own figure)."""
    figure = build_figure(diagram, labels, layout=layout, side=side)
    spec = json.loads(figure.to_json())
    layout_share = len(json.dumps(spec["layout"])) / len(diagram.side_views(side))
    for index, view in enumerate(diagram.side_views(side)):
        axis = "x" if index == 0 else f"x{index + 1}"
        traces = [t for t in spec["data"] if t.get("xaxis", "x") == axis]
        assert len(json.dumps(traces)) + layout_share < 40_000, view.view_id


# ------------------------------------------------------------------ layouts

# Plotly figure widths (CSS px) measured in Chromium: the map column on a
# 1024 x 768 and a 768 x 1024 tablet (wide layout), and the full content
# width on a 390 x 844 phone (phone layout); 360 and 430 are other phones.
DEVICES = {
    "tablet-1024x768": (WIDE_MAP, 522.8),
    "portrait-768x1024": (WIDE_MAP, 725.5),
    "phone-390x844": (PHONE_MAP, 347.5),
    "phone-360x800": (PHONE_MAP, 317.5),
    "phone-430x932": (PHONE_MAP, 387.5),
}
MIN_TARGET = 44


def _domains(figure, index):
    suffix = "" if index == 0 else str(index + 1)
    layout = figure.layout
    return (
        tuple(layout[f"xaxis{suffix}"].domain),
        tuple(layout[f"yaxis{suffix}"].domain),
    )


@pytest.mark.parametrize("side", SIDES)
def test_wide_layout_puts_the_views_side_by_side(side, diagram, labels):
    figure = build_figure(diagram, labels, side=side)
    (bx, by), (cx, cy) = _domains(figure, 0), _domains(figure, 1)
    assert bx[1] < cx[0]  # the body on the left, the close-up on the right
    assert by == cy == (0.0, 1.0)
    assert figure.layout.height == 520


def test_turning_the_body_round_keeps_the_map_in_place(diagram, labels):
    """Front and back share the layouts: the page does not jump."""
    for layout in (WIDE_MAP, PHONE_MAP):
        front = build_figure(diagram, labels, layout=layout)
        back = build_figure(diagram, labels, layout=layout, side="back")
        assert front.layout.height == back.layout.height
        assert [_domains(front, i) for i in (0, 1)] == [_domains(back, i) for i in (0, 1)]


@pytest.mark.parametrize("side", SIDES)
def test_phone_layout_stacks_the_closeup_on_top_of_the_body(side, diagram, labels):
    figure = build_figure(diagram, labels, layout=PHONE_MAP, side=side)
    body_view, closeup_view = diagram.side_views(side)
    (bx, by), (cx, cy) = _domains(figure, 0), _domains(figure, 1)
    assert bx == cx == (0.0, 1.0)  # each full width
    assert cy[1] == 1.0 and by[0] == 0.0  # the close-up first, the body below
    assert by[1] < cy[0]  # no overlap, and a gap for the body's title
    gap_px = (cy[0] - by[1]) * (figure.layout.height - 30)
    assert 16 <= gap_px <= 30
    titles = {a.text: (a.xref, a.yref) for a in figure.layout.annotations}
    assert titles[closeup_view.title] == ("x2 domain", "y2 domain")
    assert titles[body_view.title] == ("x domain", "y domain")


def test_phone_layout_fits_a_phone_screen_under_the_title(diagram, labels):
    """A 390 x 844 phone shows ~760 px under the browser's bar: the map fits
    (the front close-up's forehead needs it taller than the old 720 px)."""
    for side in SIDES:
        figure = build_figure(diagram, labels, layout=PHONE_MAP, side=side)
        assert 600 <= figure.layout.height == PHONE_FIGURE_HEIGHT <= 760


@pytest.mark.parametrize("side", SIDES)
def test_every_layout_keeps_the_same_axes_and_traces(side, diagram, labels):
    """Only the domains and height change: taps map through the same axes."""
    wide = build_figure(diagram, labels, side=side)
    phone = build_figure(diagram, labels, layout=PHONE_MAP, side=side)
    assert [(t.name, t.xaxis, t.yaxis) for t in wide.data] == [
        (t.name, t.xaxis, t.yaxis) for t in phone.data
    ]


def test_unknown_layout_is_refused(diagram, labels):
    with pytest.raises(ValueError, match="unknown map layout 'tiny'"):
        build_figure(diagram, labels, layout="tiny")


@pytest.mark.parametrize("side", SIDES)
def test_tap_markers_follow_the_hit_model(side, diagram, labels):
    figure = build_figure(diagram, labels, side=side)
    for view in diagram.side_views(side):
        trace = next(t for t in figure.data if t.name == f"tap:{view.view_id}")
        assert list(zip(trace.x, trace.y, trace.customdata, strict=True)) == tap_points(view)
        assert trace.marker.size == HIT_MARKER_PX
        assert not set(trace.customdata) - set(view.tappable_ids())
    assert figure.layout.hoverdistance == HOVER_DISTANCE_PX
    assert figure.layout.hovermode == "closest"


def _misses(view, region_id, scale, steps=7):
    """Offsets (px) around the region's core, on a ``steps`` x ``steps`` grid
    +-21 px (the browser test's 3 x 3 check, filled in: a gap between its
    nine points would go unnoticed), where a tap would not select it, by
    Plotly's rule (or, for :data:`SHARED_TARGETS`, would select neither it
    nor a neighbour it shares its square with)."""
    x, y = region_core(view, region_id)
    half = MIN_TARGET / 2 - 1
    offsets = [-half + 2 * half * k / (steps - 1) for k in range(steps)]
    allowed = {region_id} | SHARED_TARGETS.get((view.view_id, region_id), set())
    return [
        (round(dx, 1), round(dy, 1))
        for dx in offsets
        for dy in offsets
        if hovered_region(view, x + dx / scale, y - dy / scale, scale) not in allowed
    ]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("device", DEVICES)
def test_the_whole_bodys_head_and_neck_are_a_finger_wide(device, side, diagram):
    """A shared target still needs its own finger-wide row through its core."""
    layout, width = DEVICES[device]
    view = diagram.side_views(side)[0]
    scale = view_scale(diagram, 0, layout, width, side)
    for region_id in ("head", "neck"):
        x, y = region_core(view, region_id)
        half = MIN_TARGET / 2 - 1
        row = [x + (-half + 2 * half * k / 6) / scale for k in range(7)]
        assert [hovered_region(view, px, y, scale) for px in row] == [region_id] * 7


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("device", DEVICES)
def test_every_tappable_region_is_a_44px_target(device, side, diagram):
    layout, width = DEVICES[device]
    problems = {}
    for index, view in enumerate(diagram.side_views(side)):
        scale = view_scale(diagram, index, layout, width, side)
        for region_id in view.tappable_ids():
            misses = _misses(view, region_id, scale)
            if misses:
                problems[f"{view.view_id}/{region_id}"] = (round(scale, 2), misses)
    assert problems == {}


def test_the_phone_layout_is_needed_on_a_phone(diagram):
    """Guard the guard: the wide layout on a phone leaves targets too small."""
    scale = view_scale(diagram, 1, WIDE_MAP, 347.5)
    assert _misses(diagram.view("closeup"), "eyes", scale)
    scale = view_scale(diagram, 0, WIDE_MAP, 347.5, "back")
    assert _misses(diagram.view("body-back"), "feet", scale)


def test_every_region_can_be_tapped_on_some_side(diagram, labels):
    tappable = {rid for side in SIDES for v in diagram.side_views(side) for rid in v.tappable_ids()}
    assert tappable == set(diagram.region_ids()) == set(labels)


def test_a_region_drawn_but_not_tappable_is_not_tinted_and_selects_nothing(diagram):
    """Issue 17: a part that can't be tapped isn't tinted (none ships; the
    diagram format still allows "tappable": false)."""
    import dataclasses

    from bodymap.model.geometry import hit_grid
    from bodymap.render.map_highlight import region_fill
    from bodymap.render.palette import PALETTE

    view = diagram.view("body")
    head = next(r for r in view.regions if r.region_id == "head")
    assert region_fill(head, None) == PALETTE.region
    quiet = dataclasses.replace(head, tappable=False)
    assert region_fill(quiet, None) == PALETTE.body
    assert region_fill(quiet, "head") == PALETTE.accent  # still shown when selected
    regions = tuple(quiet if r is head else r for r in view.regions)
    grid = hit_grid(dataclasses.replace(view, regions=regions))
    assert "head" not in grid and "head" in hit_grid(view)


def test_hovered_region_inside_a_region_is_that_region(diagram):
    view = diagram.view("body")
    assert hovered_region(view, *region_core(view, "bladder"), 2.0) == "bladder"
    assert hovered_region(view, 0.0, 60.0, 2.0) == "legs"  # between the thighs
    assert hovered_region(view, 0.0, 128.0, 2.5) is None  # mid-chest, far from any target
    assert hovered_region(view, 100.0, 60.0, 2.0) is None  # off the drawing


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("costs $5", "costs \\$5"),
        ("a | b", "a \\| b"),
        (":red[alert]", ":red\\[alert\\]"),
        ("<b>bold</b>", "\\<b\\>bold\\</b\\>"),
    ],
)
def test_plain_text_cannot_become_markup(raw, shown):
    assert md_text(raw) == shown


def test_links_cannot_break_out():
    assert md_link("A [b]", "https://x.org/a_(b)") == "[A \\[b\\]](https://x.org/a_%28b%29)"


def _distance_to_polyline(point, line) -> float:
    import itertools
    import math

    best = math.inf
    for (x1, y1), (x2, y2) in itertools.pairwise(line):
        dx, dy = x2 - x1, y2 - y1
        t = (
            0.0
            if dx == dy == 0
            else ((point[0] - x1) * dx + (point[1] - y1) * dy) / (dx * dx + dy * dy)
        )
        t = max(0.0, min(1.0, t))
        best = min(best, math.dist(point, (x1 + t * dx, y1 + t * dy)))
    return best


def test_drawn_outlines_are_simplified_within_the_tolerance(diagram):
    from bodymap.render.map_figure import DRAW_TOLERANCE, simplify

    assert simplify([(0, 0), (1, 0.001), (2, 0), (3, 5)]) == [(0, 0), (2, 0), (3, 5)]
    for view in diagram.views:
        for shape in view.outline:
            points = list(shape.polygon)
            kept = simplify(points)
            assert kept[0] == points[0] and kept[-1] == points[-1]
            assert len(kept) < len(points)
            assert max(_distance_to_polyline(p, kept) for p in points) <= DRAW_TOLERANCE + 1e-9
