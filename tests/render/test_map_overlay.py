"""The injection-site overlay: drawn over the map, never in the way of a tap."""

from __future__ import annotations

import pytest

from bodymap.render.map_figure import SITE_LABEL_PX, SITE_MARKER_PX, build_figure
from bodymap.render.palette import PALETTE, contrast_ratio
from bodymap.vocabulary import SIDES

SITES = [
    ("closeup", 8.6, 29.8),  # masseter, on the jaw
    ("closeup", 0.0, 45.2),  # procerus, between the brows
    ("body", 21.6, 124.2),  # biceps
    ("body-back", 6.0, 136.0),  # trapezius
    ("closeup-back", 12.0, 12.0),
]
SITE_LABELS = [
    ("closeup", "Masseter", -17.5, 27.8),
    ("body", "Biceps", 34.0, 124.0),
    ("closeup-back", "Trapezius", 17.0, 3.0),
    ("body-back", "Trapezius", 12.0, 146.0),
]


@pytest.fixture
def labels(diagram) -> dict[str, str]:
    """Region names made from the ids: these tests need no content."""
    return {rid: rid.replace("-", " ").capitalize() for rid in diagram.region_ids()}


def _traces(figure, prefix):
    return [t for t in figure.data if t.name.startswith(prefix)]


def _names(figure) -> list:
    """The muscles' names: boxed layout annotations named "site-label:<view>"."""
    return [a for a in figure.layout.annotations if (a.name or "").startswith("site-label:")]


@pytest.mark.parametrize("side", SIDES)
def test_sites_leave_the_tap_points_exactly_as_they_were(side, diagram, labels):
    plain = build_figure(diagram, labels, side=side)
    with_sites = build_figure(diagram, labels, side=side, sites=SITES, site_labels=SITE_LABELS)
    taps = [(t.name, t.x, t.y, t.customdata) for t in _traces(plain, "tap:")]
    assert taps == [(t.name, t.x, t.y, t.customdata) for t in _traces(with_sites, "tap:")]
    # Each view's tap trace is still the last of that view's traces: on top.
    for view_index in range(2):
        axis = "x" if view_index == 0 else "x2"
        names = [t.name for t in with_sites.data if (t.xaxis or "x") == axis]
        assert names[-1].startswith("tap:")
        assert names.index(f"sites:{diagram.side_views(side)[view_index].view_id}") < len(names) - 1


@pytest.mark.parametrize("side", SIDES)
def test_overlay_traces_are_never_hovered(side, diagram, labels):
    figure = build_figure(diagram, labels, side=side, sites=SITES, site_labels=SITE_LABELS)
    overlay = _traces(figure, "sites:")
    assert len(overlay) == 2  # dots in both views of each side
    assert all(t.hoverinfo == "skip" for t in overlay)
    names = _names(figure)
    assert names and not any(a.captureevents for a in names)  # names take no tap either
    # Only the tap markers are hoverable at all.
    assert {t.name.split(":")[0] for t in figure.data if t.hoverinfo != "skip"} == {"tap"}


@pytest.mark.parametrize("side", SIDES)
def test_only_the_sites_of_the_views_shown_are_drawn(side, diagram, labels):
    figure = build_figure(diagram, labels, side=side, sites=SITES, site_labels=SITE_LABELS)
    shown = {v.view_id for v in diagram.side_views(side)}
    drawn = {
        (t.name.split(":")[1], x, y)
        for t in _traces(figure, "sites:")
        for x, y in zip(t.x, t.y, strict=True)
    }
    assert drawn == {s for s in SITES if s[0] in shown}
    names = {(a.name.split(":")[1], a.text) for a in _names(figure)}
    assert names == {(v, text) for v, text, _, _ in SITE_LABELS if v in shown}


def test_no_sites_means_no_overlay_traces(diagram, labels):
    figure = build_figure(diagram, labels)
    assert not _traces(figure, "sites:") and not _names(figure)


def test_site_dots_are_ringed_so_they_show_on_the_highlight_and_on_the_body(diagram, labels):
    figure = build_figure(diagram, labels, sites=SITES)
    (dots,) = [t for t in _traces(figure, "sites:") if t.name == "sites:closeup"]
    assert dots.mode == "markers"
    assert dots.marker.size == SITE_MARKER_PX
    assert dots.marker.line.color == PALETTE.site_ring and dots.marker.line.width >= 1
    # The ring stands out from the accent, the dot itself from the body colour.
    assert contrast_ratio(PALETTE.site_ring, PALETTE.accent) >= 3
    assert contrast_ratio(PALETTE.site, PALETTE.body) >= 3
    assert contrast_ratio(PALETTE.site, PALETTE.region) >= 3


def test_muscle_names_are_boxed_and_lead_to_their_dot(diagram, labels):
    sites = [("closeup", -8.6, 29.8), ("closeup", 0.0, 45.2)]  # masseter, procerus
    figure = build_figure(diagram, labels, sites=sites, site_labels=SITE_LABELS)
    (name,) = [a for a in _names(figure) if a.name == "site-label:closeup"]
    assert name.text == "Masseter"
    assert 12 <= SITE_LABEL_PX <= 13 and name.font.size == SITE_LABEL_PX
    # The name sits where the content puts it; a line runs to the nearest dot.
    assert (name.ax, name.ay) == (-17.5, 27.8) and name.axref == "x2"
    assert (name.x, name.y) == (-8.6, 29.8) and name.showarrow
    # Dark on a white box: readable on the body, the tints and the accent.
    assert contrast_ratio(PALETTE.site_label, "#FFFFFF") >= 4.5
    assert PALETTE.site_label_box.startswith("rgba(255,255,255,0.9")


def test_a_name_beside_its_dot_needs_no_line(diagram, labels):
    figure = build_figure(
        diagram,
        labels,
        sites=[("closeup", 8.6, 29.8)],
        site_labels=[("closeup", "Masseter", 9.0, 30.0)],
    )
    (name,) = _names(figure)
    assert not name.showarrow and (name.x, name.y) == (9.0, 30.0)


def test_region_names_step_aside_for_muscle_names(diagram, labels):
    def region_names(figure, axis):
        (labels,) = [t for t in figure.data if t.name == "labels" and (t.xaxis or "x") == axis]
        return set(labels.text)

    plain = build_figure(diagram, labels)
    only_closeup = build_figure(diagram, labels, site_labels=[("closeup", "Masseter", -17.5, 27.8)])
    assert "Jaw" in region_names(plain, "x2")
    assert "Jaw" not in region_names(only_closeup, "x2")  # the close-up has "Masseter"
    assert region_names(only_closeup, "x") == region_names(plain, "x")  # the body keeps its own
