"""Build the Plotly body map from the diagram geometry.

Two side-by-side subplots: the whole body and the head-and-neck close-up.
Filled shapes draw the picture but are never hovered; an invisible grid of
markers (``customdata`` = region id) makes every region selectable, because
Streamlit reports point selections only (streamlit/streamlit#8824).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import plotly.graph_objects as go

from bodymap.geometry import (
    Diagram,
    Line,
    RegionShape,
    View,
    hit_grid,
    point_in_polygon,
    region_at,
)
from bodymap.palette import PALETTE

# Horizontal share of the figure per view, in diagram order. The close-up
# gets the larger share so its smallest targets (the eyes) stay >= 44 px.
VIEW_DOMAINS = ((0.0, 0.44), (0.47, 1.0))
FIGURE_HEIGHT = 520
HIT_MARKER_PX = 14
# Plotly picks the nearest point within this many pixels of a tap; the hit
# grid is spaced well under it, so any tap inside a region lands on one.
HOVER_DISTANCE_PX = 12
# Drawing only (hit-testing keeps every point): 0.06 units is ~0.2 px on a tablet.
DRAW_TOLERANCE = 0.06

PLOTLY_CONFIG = {
    "displayModeBar": False,  # no toolbar: nothing to zoom, pan or download
    "scrollZoom": False,
    "doubleClick": False,
    "showTips": False,
    "responsive": True,
}


def _axis_names(index: int) -> tuple[str, str, str, str]:
    suffix = "" if index == 0 else str(index + 1)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def simplify(points, tolerance: float = DRAW_TOLERANCE) -> list:
    """Drop points that lie within ``tolerance`` of the line through their
    neighbours (Ramer–Douglas–Peucker). The smoothed outlines carry a point
    every ~0.7 units; at the map's ~3 px per unit most of them are invisible
    but every one is sent to the browser and drawn by Plotly on each tap."""
    points = list(points)
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                gap = math.hypot(px - x1, py - y1)
            else:
                gap = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if gap > worst:
                worst, worst_at = gap, i
        if worst > tolerance:
            keep[worst_at] = True
            stack += [(first, worst_at), (worst_at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _xy(points) -> tuple[list[float], list[float]]:
    points = simplify(points)
    return [p[0] for p in points], [p[1] for p in points]


def _closed(points) -> list:
    return [*points, points[0]]


def _shape_trace(points, fill: str, line: str, width: float, xa: str, ya: str, name: str):
    x, y = _xy(_closed(points))
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        fill="toself",
        fillcolor=fill,
        line={"color": line, "width": width, "shape": "linear"},
        hoverinfo="skip",
        showlegend=False,
        name=name,
        xaxis=xa,
        yaxis=ya,
    )


def _detail_traces(lines: tuple[Line, ...], xa: str, ya: str) -> list[go.Scatter]:
    """Decorative lines, one trace per line width, lines separated by gaps."""
    by_width: dict[float, tuple[list, list]] = {}
    for line in lines:
        xs, ys = by_width.setdefault(line.width, ([], []))
        x, y = _xy(line.points)
        xs += [*x, None]
        ys += [*y, None]
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": PALETTE.detail, "width": width},
            hoverinfo="skip",
            showlegend=False,
            name="details",
            xaxis=xa,
            yaxis=ya,
        )
        for width, (xs, ys) in sorted(by_width.items())
    ]


def _region_fill(region: RegionShape, selected: str | None) -> str:
    """A region's fill: the accent when selected, else its quiet tint."""
    if region.region_id == selected:
        return PALETTE.accent
    return PALETTE.organ if region.translucent else PALETTE.region


def label_colour(view: View, at: tuple[float, float], selected: str | None) -> str:
    """Text colour for a label: light on the highlight, dark on anything else.

    Decided by what is drawn under the label, not by whose label it is: the
    "Eyes" label sits on the head, between the eyes.
    """
    under = region_at(view, *at)
    return PALETTE.accent_text if under is not None and under == selected else PALETTE.label


def fill_under(view: View, at: tuple[float, float], selected: str | None) -> str:
    """The colour drawn at a point of the view (for contrast checks)."""
    under = region_at(view, *at)
    if under is not None:
        return _region_fill(next(r for r in view.regions if r.region_id == under), selected)
    if any(point_in_polygon(*at, s.polygon) for s in view.outline):
        return PALETTE.body
    return PALETTE.background


def _view_traces(
    view: View, labels: Mapping[str, str], selected: str | None, xa: str, ya: str
) -> list[go.Scatter]:
    traces = [
        _shape_trace(s.polygon, PALETTE.body, PALETTE.outline, 1.6, xa, ya, "body")
        for s in view.outline
    ]
    text_x, text_y, text, colours = [], [], [], []
    for region in view.regions:
        fill = _region_fill(region, selected)
        edge, width = (fill, 2.0) if fill == PALETTE.accent else (PALETTE.region_outline, 1.0)
        for shape in region.shapes:
            traces.append(_shape_trace(shape.polygon, fill, edge, width, xa, ya, region.region_id))
        if region.label and region.label_at:
            text_x.append(region.label_at[0])
            text_y.append(region.label_at[1])
            text.append(labels.get(region.region_id, region.label))
            colours.append(label_colour(view, region.label_at, selected))
    # Details (face features, collar bones) go over the region tints so the
    # face stays visible when a region is shaded or highlighted.
    traces += _detail_traces(view.details, xa, ya)
    for side_text, (sx, sy) in view.side_labels:
        text_x.append(sx)
        text_y.append(sy)
        text.append(side_text.replace("\n", "<br>"))
        colours.append(label_colour(view, (sx, sy), selected))
    traces.append(
        go.Scatter(
            x=text_x,
            y=text_y,
            text=text,
            mode="text",
            textfont={"color": colours, "size": 12},
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
            name="labels",
            xaxis=xa,
            yaxis=ya,
        )
    )
    # The tap targets go last so they sit above everything else.
    grid = hit_grid(view)
    gx, gy, ids = [], [], []
    for region_id, points in grid.items():
        for x, y in points:
            gx.append(x)
            gy.append(y)
            ids.append(region_id)
    traces.append(
        go.Scatter(
            x=gx,
            y=gy,
            customdata=ids,
            mode="markers",
            marker={"size": HIT_MARKER_PX, "color": "rgba(0,0,0,0)", "line": {"width": 0}},
            # Transparent markers on select and unselect too: Plotly would
            # otherwise restyle them when a point is selected.
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            hoverinfo="none",
            showlegend=False,
            name=f"tap:{view.view_id}",
            xaxis=xa,
            yaxis=ya,
        )
    )
    return traces


def build_figure(
    diagram: Diagram, labels: Mapping[str, str], selected: str | None = None
) -> go.Figure:
    """The body map figure with ``selected`` (a region id or None) highlighted."""
    fig = go.Figure()
    layout: dict = {}
    for index, view in enumerate(diagram.views):
        xname, yname, xaxis, yaxis = _axis_names(index)
        for trace in _view_traces(view, labels, selected, xname, yname):
            fig.add_trace(trace)
        domain = VIEW_DOMAINS[index] if index < len(VIEW_DOMAINS) else (0, 1)
        axis_common = {
            "visible": False,
            "fixedrange": True,  # a swipe must not pan or zoom the body
            "showgrid": False,
            "zeroline": False,
        }
        layout[xaxis] = {**axis_common, "range": list(view.x_range), "domain": list(domain)}
        layout[yaxis] = {
            **axis_common,
            "range": list(view.y_range),
            "scaleanchor": xname,  # keep the drawing's proportions
            "scaleratio": 1,
            "constrain": "domain",
            "constraintoward": "top",  # on narrow screens, blank space goes below
            "anchor": xname,
        }
        layout[xaxis]["constrain"] = "domain"
        layout[xaxis]["anchor"] = yname
        layout.setdefault("annotations", []).append(
            {
                "text": view.title,
                "xref": f"{xname} domain",
                "yref": f"{yname} domain",
                "x": 0.5,
                "y": 1.0,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13, "color": PALETTE.label},
            }
        )
    fig.update_layout(
        **layout,
        height=FIGURE_HEIGHT,
        margin={"l": 4, "r": 4, "t": 26, "b": 4},
        paper_bgcolor=PALETTE.background,
        plot_bgcolor=PALETTE.background,
        # No dragmode here: Streamlit forces "pan" on selectable charts, and
        # fixedrange axes make panning a no-op.
        hovermode="closest",
        hoverdistance=HOVER_DISTANCE_PX,
        showlegend=False,
        font={"family": "sans-serif"},
    )
    return fig
