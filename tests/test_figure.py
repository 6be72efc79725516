"""The Plotly figure: what is drawn, where, and in which colours."""

from __future__ import annotations

import pytest

from bodymap.content import load_content
from bodymap.figure import build_figure, fill_under, label_colour
from bodymap.geometry import load_diagram
from bodymap.palette import PALETTE, contrast_ratio
from bodymap.panel import md_link, md_text

DIAGRAM = load_diagram()
CONTENT = load_content(drawn_regions=DIAGRAM.region_ids())
LABELS = CONTENT.region_labels()
SELECTIONS = [None, *LABELS]


@pytest.mark.parametrize("selected", SELECTIONS)
def test_every_label_is_readable_on_what_is_under_it(selected):
    for view in DIAGRAM.views:
        spots = [r.label_at for r in view.regions if r.label_at] + [
            at for _, at in view.side_labels
        ]
        for at in spots:
            text = label_colour(view, at, selected)
            under = fill_under(view, at, selected)
            assert contrast_ratio(text, under) >= 4.5, (view.view_id, at, selected)


@pytest.mark.parametrize("selected", SELECTIONS)
def test_only_the_selected_region_is_highlighted(selected):
    figure = build_figure(DIAGRAM, LABELS, selected)
    accent = {t.name for t in figure.data if getattr(t, "fillcolor", None) == PALETTE.accent}
    assert accent == ({selected} if selected else set())


def test_tap_points_are_invisible_and_carry_region_ids():
    figure = build_figure(DIAGRAM, LABELS, None)
    taps = [t for t in figure.data if t.name.startswith("tap:")]
    assert len(taps) == len(DIAGRAM.views)
    for trace in taps:
        assert trace.marker.color == "rgba(0,0,0,0)"
        assert set(trace.customdata) <= set(LABELS)
        assert trace.hoverinfo == "none"  # hovered (so selectable) but no tooltip
    drawings = [t for t in figure.data if not t.name.startswith("tap:")]
    assert all(t.hoverinfo == "skip" for t in drawings)  # never steal a tap


def test_figure_is_small_enough_to_send_on_every_selection():
    assert len(build_figure(DIAGRAM, LABELS, "jaw").to_json()) < 80_000


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


def test_drawn_outlines_are_simplified_within_the_tolerance():
    from bodymap.figure import DRAW_TOLERANCE, simplify
    from bodymap.geometry import load_diagram

    assert simplify([(0, 0), (1, 0.001), (2, 0), (3, 5)]) == [(0, 0), (2, 0), (3, 5)]
    for view in load_diagram().views:
        for shape in view.outline:
            points = list(shape.polygon)
            kept = simplify(points)
            assert kept[0] == points[0] and kept[-1] == points[-1]
            assert len(kept) < len(points)
            assert max(_distance_to_polyline(p, kept) for p in points) <= DRAW_TOLERANCE + 1e-9
