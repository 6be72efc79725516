"""Where the map's views go on screen, and which region a tap there selects.

Two layouts (:data:`~bodymap.vocabulary.WIDE_MAP`, the views side by side,
and :data:`~bodymap.vocabulary.PHONE_MAP`, stacked with the close-up first),
their axis domains and heights, the tap markers each view sends, and
:func:`hovered_region`, which reproduces Plotly's closest-point rule so the
tests can measure every region's tap target in CSS px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from bodymap.model.diagram import Diagram, View
from bodymap.model.geometry import hit_grid
from bodymap.vocabulary import PHONE_MAP, WIDE_MAP

MARGIN = {"l": 4, "r": 4, "t": 26, "b": 4}  # t: room for the first row's titles

# Wide: horizontal share of the figure per view of a side: the whole body,
# then the close-up (the same places for the front and the back, so turning
# the body round does not move the map). Measured targets (tests/render/test_map_figure.py)
# set the split on a 1024 x 768 tablet (522.8 px figure): the front close-up
# needs ~6.1 px per unit (the forehead sits between the eyes and the top of
# the head), the whole body ~1.85 (its hands, feet and underarms).
VIEW_DOMAINS = {
    "front": ((0.0, 0.3475), (0.3575, 1.0)),
    "back": ((0.0, 0.3475), (0.3575, 1.0)),
}
FIGURE_HEIGHT = 520

# Phone: the views stacked, each full width. Pixel heights of each view's
# row per side, in side-view order (the body, the close-up), and where the
# rows go from the top: the close-up first. The gap above the second row
# holds its title. The body is height-bound on any phone, 1.84 px per unit;
# the front close-up is width-bound on a 360 px phone (6.1 px per unit) and
# its row is tall enough for that scale on wider phones.
PHONE_ROW_PX = {"front": (356, 348), "back": (356, 348)}
PHONE_ORDER = (1, 0)  # view indexes from top to bottom
PHONE_GAP_PX = 22
PHONE_FIGURE_HEIGHT = max(
    sum(rows) + PHONE_GAP_PX + MARGIN["t"] + MARGIN["b"] for rows in PHONE_ROW_PX.values()
)

# Plotly picks, among markers within HOVER_DISTANCE_PX + their radius of a
# tap, the nearest (all markers within one radius tie, and the last one
# listed wins). Small markers keep that close to "nearest point"; the hit
# grid is spaced well under the reach, so any tap inside a region lands on
# one of its points.
HIT_MARKER_PX = 6
HOVER_DISTANCE_PX = 12


def axis_names(index: int) -> tuple[str, str, str, str]:
    """The x and y axis names of view ``index`` and their layout keys:
    ``("x", "y", "xaxis", "yaxis")`` for the first, ``("x2", ...)`` for the next."""
    suffix = "" if index == 0 else str(index + 1)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


@dataclass(frozen=True)
class MapLayout:
    """Where each view goes: figure height and axis domains, in diagram order."""

    height: int
    x_domains: tuple[tuple[float, float], ...]
    y_domains: tuple[tuple[float, float], ...]


def map_layout_spec(layout: str, n_views: int, side: str = "front") -> MapLayout:
    """The :class:`MapLayout` for ``layout`` ("wide" or "phone") of one side's
    ``n_views`` views (the whole body, then the close-up)."""
    if side not in VIEW_DOMAINS:
        raise ValueError(f"unknown side {side!r}: expected one of {', '.join(VIEW_DOMAINS)}")
    if layout == WIDE_MAP:
        domains = VIEW_DOMAINS[side]
        x = tuple(domains[i] if i < len(domains) else (0.0, 1.0) for i in range(n_views))
        return MapLayout(FIGURE_HEIGHT, x, ((0.0, 1.0),) * n_views)
    if layout == PHONE_MAP:
        rows = PHONE_ROW_PX[side]
        if n_views != len(rows):
            raise ValueError(f"the phone layout stacks {len(rows)} views, not {n_views}")
        plot = PHONE_FIGURE_HEIGHT - MARGIN["t"] - MARGIN["b"]
        y = [(0.0, 1.0)] * n_views
        top = plot
        for index in PHONE_ORDER:
            y[index] = (round((top - rows[index]) / plot, 4), round(top / plot, 4))
            top -= rows[index] + PHONE_GAP_PX
        return MapLayout(PHONE_FIGURE_HEIGHT, ((0.0, 1.0),) * n_views, tuple(y))
    raise ValueError(f"unknown map layout {layout!r}: expected {WIDE_MAP!r} or {PHONE_MAP!r}")


def view_scale(
    diagram: Diagram, index: int, layout: str, figure_width: float, side: str = "front"
) -> float:
    """CSS px per diagram unit of view ``index`` of ``side`` (its place in
    ``diagram.side_views(side)``: 0 the whole body, 1 the close-up) in a
    figure ``figure_width`` px wide, as Plotly lays it out (equal x and y
    scales, the drawing shrunk to fit its domain)."""
    views = diagram.side_views(side)
    spec = map_layout_spec(layout, len(views), side)
    view = views[index]
    (dx0, dx1), (dy0, dy1) = spec.x_domains[index], spec.y_domains[index]
    width = (dx1 - dx0) * (figure_width - MARGIN["l"] - MARGIN["r"])
    height = (dy1 - dy0) * (spec.height - MARGIN["t"] - MARGIN["b"])
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    return min(width / (x1 - x0), height / (y1 - y0))


def tap_points(view: View) -> list[tuple[float, float, str]]:
    """The view's tap markers as (x, y, region id), in the order they are sent."""
    return [(x, y, rid) for rid, points in hit_grid(view).items() for x, y in points]


def tap_trace_views(figure: go.Figure) -> dict[int, str]:
    """The view of each tap-marker trace of a :func:`build_figure` figure,
    by trace index (Plotly's ``curve_number`` in a selection)."""
    return {
        index: trace.name.split(":", 1)[1]
        for index, trace in enumerate(figure.data)
        if trace.name and trace.name.startswith("tap:")
    }


def hovered_region(view: View, x: float, y: float, scale: float) -> str | None:
    """The region a tap at diagram point (x, y) selects, the view drawn at
    ``scale`` px per unit: Plotly's closest-point rule for scatter markers
    (plotly.js src/traces/scatter/hover.js and fx getClosest)."""
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return None  # outside the subplot: Plotly hovers nothing here
    radius = max(3.0, HIT_MARKER_PX / 2)
    floor = 1 - 3 / radius
    best, best_id = float(HOVER_DISTANCE_PX), None
    for px, py, rid in tap_points(view):
        distance = max(math.hypot(px - x, py - y) * scale - radius, floor)
        if distance <= best:  # "<=": of equals, the last one listed wins
            best, best_id = distance, rid
    return best_id
