"""The injection-site overlay: drawn over the map, never in the way of a tap."""

from __future__ import annotations

import pytest

from bodymap.figure import SITE_LABEL_PX, SITE_MARKER_PX, build_figure
from bodymap.geometry import SIDES, load_diagram, region_core
from bodymap.palette import PALETTE, contrast_ratio

DIAGRAM = load_diagram()
LABELS = {rid: rid.replace("-", " ").capitalize() for rid in DIAGRAM.region_ids()}

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


def _traces(figure, prefix):
    return [t for t in figure.data if t.name.startswith(prefix)]


@pytest.mark.parametrize("side", SIDES)
def test_sites_leave_the_tap_points_exactly_as_they_were(side):
    plain = build_figure(DIAGRAM, LABELS, "jaw", side=side)
    with_sites = build_figure(
        DIAGRAM, LABELS, "jaw", side=side, sites=SITES, site_labels=SITE_LABELS
    )
    taps = [(t.name, t.x, t.y, t.customdata) for t in _traces(plain, "tap:")]
    assert taps == [(t.name, t.x, t.y, t.customdata) for t in _traces(with_sites, "tap:")]
    # Each view's tap trace is still the last of that view's traces: on top.
    for view_index in range(2):
        axis = "x" if view_index == 0 else "x2"
        names = [t.name for t in with_sites.data if (t.xaxis or "x") == axis]
        assert names[-1].startswith("tap:")
        assert names.index(f"sites:{DIAGRAM.side_views(side)[view_index].view_id}") < len(names) - 1


@pytest.mark.parametrize("side", SIDES)
def test_overlay_traces_are_never_hovered(side):
    figure = build_figure(DIAGRAM, LABELS, side=side, sites=SITES, site_labels=SITE_LABELS)
    overlay = _traces(figure, "sites:") + _traces(figure, "site-labels:")
    assert len(overlay) == 4  # dots and names in both views of each side
    assert all(t.hoverinfo == "skip" for t in overlay)
    # Only the tap markers are hoverable at all.
    assert {t.name.split(":")[0] for t in figure.data if t.hoverinfo != "skip"} == {"tap"}


@pytest.mark.parametrize("side", SIDES)
def test_only_the_sites_of_the_views_shown_are_drawn(side):
    figure = build_figure(DIAGRAM, LABELS, side=side, sites=SITES, site_labels=SITE_LABELS)
    shown = {v.view_id for v in DIAGRAM.side_views(side)}
    drawn = {
        (t.name.split(":")[1], x, y)
        for t in _traces(figure, "sites:")
        for x, y in zip(t.x, t.y, strict=True)
    }
    assert drawn == {s for s in SITES if s[0] in shown}
    names = {
        (t.name.split(":")[1], text) for t in _traces(figure, "site-labels:") for text in t.text
    }
    assert names == {(v, text) for v, text, _, _ in SITE_LABELS if v in shown}


def test_no_sites_means_no_overlay_traces():
    figure = build_figure(DIAGRAM, LABELS, "jaw")
    assert not _traces(figure, "sites:") and not _traces(figure, "site-labels:")


def test_site_dots_are_ringed_so_they_show_on_the_highlight_and_on_the_body():
    figure = build_figure(DIAGRAM, LABELS, "jaw", sites=SITES)
    (dots,) = [t for t in _traces(figure, "sites:") if t.name == "sites:closeup"]
    assert dots.mode == "markers"
    assert dots.marker.size == SITE_MARKER_PX
    assert dots.marker.line.color == PALETTE.site_ring and dots.marker.line.width >= 1
    # The ring stands out from the accent, the dot itself from the body colour.
    assert contrast_ratio(PALETTE.site_ring, PALETTE.accent) >= 3
    assert contrast_ratio(PALETTE.site, PALETTE.body) >= 3
    assert contrast_ratio(PALETTE.site, PALETTE.region) >= 3


def test_muscle_names_are_readable_text_beside_the_dots():
    figure = build_figure(DIAGRAM, LABELS, side="front", sites=SITES, site_labels=SITE_LABELS)
    (names,) = [t for t in _traces(figure, "site-labels:") if t.name == "site-labels:closeup"]
    assert names.mode == "text"
    assert 12 <= SITE_LABEL_PX <= 13 and names.textfont.size == SITE_LABEL_PX
    assert list(names.text) == ["Masseter"]
    assert (names.x[0], names.y[0]) == (-17.5, 27.8)  # where the content puts it
    assert contrast_ratio(PALETTE.site_label, PALETTE.background) >= 4.5
    assert contrast_ratio(PALETTE.site_label, PALETTE.body) >= 4.5


def test_a_muscle_name_on_the_selected_region_turns_light():
    view = DIAGRAM.view("closeup")
    x, y = region_core(view, "jaw")
    figure = build_figure(
        DIAGRAM, LABELS, "jaw", site_labels=[("closeup", "Masseter", x, y)], sites=[]
    )
    (names,) = _traces(figure, "site-labels:")
    assert list(names.textfont.color) == [PALETTE.accent_text]
