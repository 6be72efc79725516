"""Build the Plotly body map from the diagram geometry.

The map shows one side of the patient at a time (``side="front"`` or
``"back"``): that side's two views, the whole body and its close-up
(:meth:`~bodymap.model.diagram.Diagram.side_views`), one subplot each, in one of
two layouts:

* ``"wide"`` (tablets, computers, projectors): the views side by side,
  :data:`~bodymap.render.map_layout.VIEW_DOMAINS`,
  :data:`~bodymap.render.map_layout.FIGURE_HEIGHT` px tall;
* ``"phone"``: the views stacked, the close-up first (on top, full width),
  the whole body under it,
  :data:`~bodymap.render.map_layout.PHONE_FIGURE_HEIGHT` px tall, so the
  map fits a phone screen under the page title.

Filled shapes draw the picture but are never hovered; an invisible grid of
markers (``customdata`` = region id) makes every tappable region selectable,
because Streamlit reports point selections only (streamlit/streamlit#8824).
A tap selects the nearest marker (Plotly's ``hovermode="closest"``), so a
region's tap target is the area nearer its markers than any other region's,
out to :data:`~bodymap.render.map_layout.HOVER_DISTANCE_PX` + the marker radius beyond them;
:func:`~bodymap.render.map_layout.hovered_region` reproduces that rule, so the tests can check that
every tappable region is a target of at least 44 x 44 CSS px in each layout.
Each axis keeps its name in every layout and on both sides (``x``/``y`` for
the whole body, ``x2``/``y2`` for the close-up), whatever its place on screen.

The figure never shows the selection:
:func:`~bodymap.render.map_highlight.highlight_css` paints the
selected region (and the regions related to an open condition, in a softer
colour) with CSS, so a tap changes no figure and the chart in the browser is
not redrawn. Over the drawing go, optionally, the open condition's injection
sites: ringed dots and the muscles' names, never hovered and drawn before
the tap markers, so they never take a tap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from bodymap.model.diagram import Diagram, Line, View
from bodymap.render.frozen_figure import FrozenFigure
from bodymap.render.map_highlight import edge_style, region_fill
from bodymap.render.map_layout import (
    HIT_MARKER_PX,
    HOVER_DISTANCE_PX,
    MARGIN,
    axis_names,
    map_layout_spec,
    tap_points,
)
from bodymap.render.palette import PALETTE
from bodymap.vocabulary import WIDE_MAP

# Injection-site overlay: dot diameter and the muscles' names, CSS px.
SITE_MARKER_PX = 8
SITE_LABEL_PX = 12
# Drawing only (hit-testing keeps every point): 0.08 units is ~0.15 px on the
# whole body and ~0.5 px on the close-up of a tablet. (Raised from 0.06 when
# the whole body's head and neck got tap points, issue 17: it keeps every view
# under its 40 KB budget.)
DRAW_TOLERANCE = 0.08

PLOTLY_CONFIG = {
    "displayModeBar": False,  # no toolbar: nothing to zoom, pan or download
    "scrollZoom": False,
    "doubleClick": False,
    "showTips": False,
    "responsive": True,
}


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


def _wrap(text: str, width: int = 12) -> str:
    """Break a long label at the space nearest its middle ("Salivary<br>glands")."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return f"{text[:cut]}<br>{text[cut + 1 :]}"


def _site_traces(
    view: View, sites: Sequence[tuple[float, float]], xa: str, ya: str
) -> list[go.Scatter]:
    """Injection sites as ringed dots: drawn, never hovered."""
    if not sites:
        return []
    return [
        go.Scatter(
            x=[p[0] for p in sites],
            y=[p[1] for p in sites],
            mode="markers",
            marker={
                "size": SITE_MARKER_PX,
                "color": PALETTE.site,
                "line": {"color": PALETTE.site_ring, "width": 1.5},
            },
            # Not dimmed when a tap selects a point of the tap trace.
            unselected={"marker": {"opacity": 1}},
            hoverinfo="skip",
            showlegend=False,
            name=f"sites:{view.view_id}",
            xaxis=xa,
            yaxis=ya,
        )
    ]


# A muscle's name further than this (diagram units) from its nearest dot
# gets a thin leader line to it.
LEADER_MIN_GAP = 1.5


def site_label_annotations(
    view: View,
    sites: Sequence[tuple[float, float]],
    site_labels: Sequence[tuple],
    xa: str,
    ya: str,
) -> list[dict]:
    """The muscles' names as boxed labels (dark text on white, readable over
    any fill), each with a leader line to the nearest dot of the view.

    Layout annotations, not a text trace: Plotly gives them a background and
    a line, and they take no hover, so a tap still reaches the region.
    """
    notes = []
    for text, lx, ly, *target in site_labels:
        note = {
            "name": f"site-label:{view.view_id}",
            "text": text,
            "xref": xa,
            "yref": ya,
            "font": {"size": SITE_LABEL_PX, "color": PALETTE.site_label},
            "bgcolor": PALETTE.site_label_box,
            "bordercolor": PALETTE.site,
            "borderwidth": 1,
            "borderpad": 2,
            "captureevents": False,
        }
        # The muscle's own dot if the label names it, else the nearest dot.
        nearest = tuple(target[:2]) if len(target) >= 2 else None
        nearest = nearest or min(sites, key=lambda p: math.dist(p, (lx, ly)), default=None)
        if nearest is None or math.dist(nearest, (lx, ly)) < LEADER_MIN_GAP:
            notes.append({**note, "x": lx, "y": ly, "showarrow": False})
        else:
            notes.append(
                {
                    **note,
                    "x": nearest[0],  # the line ends at the dot...
                    "y": nearest[1],
                    "ax": lx,  # ...and starts at the name
                    "ay": ly,
                    "axref": xa,
                    "ayref": ya,
                    "showarrow": True,
                    "arrowhead": 0,
                    "arrowwidth": 1,
                    "arrowcolor": PALETTE.site_label,
                    "standoff": SITE_MARKER_PX / 2 + 1,
                }
            )
    return notes


def _view_traces(
    view: View,
    labels: Mapping[str, str],
    xa: str,
    ya: str,
    sites: Sequence[tuple[float, float]] = (),
    site_labels: Sequence[tuple[str, float, float]] = (),
) -> list[go.Scatter]:
    """One view's traces, with no region highlighted: the highlight is
    :func:`~bodymap.render.map_highlight.highlight_css`, so the figure, and with it the chart in the
    browser, stays the same from one selection to the next."""
    traces = [
        _shape_trace(s.polygon, PALETTE.body, PALETTE.outline, 1.6, xa, ya, "body")
        for s in view.outline
    ]
    spots, text = [], []
    for region in view.regions:
        fill = region_fill(region, None)
        edge, width = edge_style(fill)
        for shape in region.shapes:
            traces.append(_shape_trace(shape.polygon, fill, edge, width, xa, ya, region.region_id))
        # With muscle names on this view, the region names step aside.
        if region.label and region.label_at and not site_labels:
            spots.append(region.label_at)
            text.append(_wrap(labels.get(region.region_id, region.label)))
    # Details (face features, collar bones) go over the region tints so the
    # face stays visible when a region is shaded or highlighted.
    traces += _detail_traces(view.details, xa, ya)
    for side_text, at in view.side_labels:
        spots.append(at)
        # "Patient's right" in the reader's language, where ``labels`` has it.
        text.append(labels.get(side_text, side_text).replace("\n", "<br>"))
    # A tap selects a point of the tap trace, and Plotly then dims every other
    # trace's text and markers as "unselected": keep them as they are.
    keep_text = {"textfont": {"color": PALETTE.label}}
    traces.append(
        go.Scatter(
            x=[at[0] for at in spots],
            y=[at[1] for at in spots],
            text=text,
            mode="text",
            textfont={"color": PALETTE.label, "size": 12},
            selected=keep_text,
            unselected=keep_text,
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
            name="labels",
            xaxis=xa,
            yaxis=ya,
        )
    )
    # The injection-site overlay goes over the drawing but under the tap
    # markers: it is never hovered, so a tap on a dot still selects the region.
    traces += _site_traces(view, sites, xa, ya)
    # The tap targets go last so they sit above everything else.
    points = tap_points(view)
    gx = [p[0] for p in points]
    gy = [p[1] for p in points]
    ids = [p[2] for p in points]
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
    diagram: Diagram,
    labels: Mapping[str, str],
    *,
    layout: str = WIDE_MAP,
    side: str = "front",
    sites: Sequence[tuple[str, float, float]] = (),
    site_labels: Sequence[tuple] = (),
) -> go.Figure:
    """The body map figure of one ``side`` ("front" or "back"), in the
    ``"wide"`` (side by side) or ``"phone"`` (stacked) layout.

    No region is highlighted: :func:`~bodymap.render.map_highlight.highlight_css` does that, so the
    figure stays the same from one selection to the next. ``sites`` (view id, x, y) are injection
    sites drawn as small ringed dots, ``site_labels`` (view id, text, x, y)
    the muscles' names (with, optionally, the point their leader line ends
    at: view id, text, x, y, to_x, to_y); both only for the views of this side, and never
    hovered, so they never take a tap from the regions under them.
    """
    views = diagram.side_views(side)
    spec = map_layout_spec(layout, len(views), side)
    fig = FrozenFigure()
    axes: dict = {}
    for index, view in enumerate(views):
        xname, yname, xaxis, yaxis = axis_names(index)
        view_sites = [(x, y) for v, x, y in sites if v == view.view_id]
        view_site_labels = [(t, *rest) for v, t, *rest in site_labels if v == view.view_id]
        traces = _view_traces(view, labels, xname, yname, view_sites, view_site_labels)
        for trace in traces:
            fig.add_trace(trace)
        axis_common = {
            "visible": False,
            "fixedrange": True,  # a swipe must not pan or zoom the body
            "showgrid": False,
            "zeroline": False,
        }
        axes[xaxis] = {
            **axis_common,
            "range": list(view.x_range),
            "domain": list(spec.x_domains[index]),
        }
        axes[yaxis] = {
            **axis_common,
            "range": list(view.y_range),
            "domain": list(spec.y_domains[index]),
            "scaleanchor": xname,  # keep the drawing's proportions
            "scaleratio": 1,
            "constrain": "domain",
            "constraintoward": "top",  # on narrow screens, blank space goes below
            "anchor": xname,
        }
        axes[xaxis]["constrain"] = "domain"
        axes[xaxis]["anchor"] = yname
        axes.setdefault("annotations", []).append(
            {
                "text": labels.get(view.title, view.title),  # in the reader's language
                "xref": f"{xname} domain",
                "yref": f"{yname} domain",
                "x": 0.5,
                "y": 1.0,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13, "color": PALETTE.label},
            }
        )
        axes["annotations"] += site_label_annotations(
            view, view_sites, view_site_labels, xname, yname
        )
    fig.update_layout(
        **axes,
        height=spec.height,
        margin=MARGIN,
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
