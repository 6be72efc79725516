"""Build the Plotly body map from the diagram geometry.

The map shows one side of the patient at a time (``side="front"`` or
``"back"``): that side's two views, the whole body and its close-up
(:meth:`~bodymap.model.geometry.Diagram.side_views`), one subplot each, in one of
two layouts:

* ``"wide"`` (tablets, computers, projectors): the views side by side,
  :data:`VIEW_DOMAINS`, :data:`FIGURE_HEIGHT` px tall;
* ``"phone"``: the views stacked, the close-up first (on top, full width),
  the whole body under it, :data:`PHONE_FIGURE_HEIGHT` px tall, so the map
  fits a phone screen under the page title.

Filled shapes draw the picture but are never hovered; an invisible grid of
markers (``customdata`` = region id) makes every tappable region selectable,
because Streamlit reports point selections only (streamlit/streamlit#8824).
A tap selects the nearest marker (Plotly's ``hovermode="closest"``), so a
region's tap target is the area nearer its markers than any other region's,
out to :data:`HOVER_DISTANCE_PX` + the marker radius beyond them;
:func:`hovered_region` reproduces that rule, so the tests can check that
every tappable region is a target of at least 44 x 44 CSS px in each layout.
Each axis keeps its name in every layout and on both sides (``x``/``y`` for
the whole body, ``x2``/``y2`` for the close-up), whatever its place on screen.

The figure never shows the selection: :func:`highlight_css` paints the
selected region (and the regions related to an open condition, in a softer
colour) with CSS, so a tap changes no figure and the chart in the browser is
not redrawn. Over the drawing go, optionally, the open condition's injection
sites: ringed dots and the muscles' names, never hovered and drawn before
the tap markers, so they never take a tap.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from bodymap.model.geometry import (
    Diagram,
    Line,
    RegionShape,
    View,
    hit_grid,
    region_at,
)
from bodymap.render.frozen_figure import FrozenFigure
from bodymap.render.palette import PALETTE

WIDE, PHONE = "wide", "phone"
MARGIN = {"l": 4, "r": 4, "t": 26, "b": 4}  # t: room for the first row's titles

# Wide: horizontal share of the figure per view of a side: the whole body,
# then the close-up (the same places for the front and the back, so turning
# the body round does not move the map). Measured targets (tests/test_figure.py)
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
# Injection-site overlay: dot diameter and the muscles' names, CSS px.
SITE_MARKER_PX = 8
SITE_LABEL_PX = 12
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


def _region_fill(region: RegionShape, selected: str | None, related: Collection[str] = ()) -> str:
    """A region's fill: the accent when selected, the softer related colour
    when it belongs to the open condition, else its quiet tint."""
    if region.region_id == selected:
        return PALETTE.accent
    if region.region_id in related:
        return PALETTE.related
    return PALETTE.organ if region.translucent else PALETTE.region


def label_colour(
    view: View, at: tuple[float, float], selected: str | None, related: Collection[str] = ()
) -> str:
    """Text colour for a label: light on the highlight, dark on anything else
    (the related colour included).

    Decided by what is drawn under the label, not by whose label it is: the
    "Eyes" label sits on the head, between the eyes.
    """
    under = region_at(view, *at)
    if under is not None and under == selected:
        return PALETTE.accent_text
    if under is not None and under in related:
        return PALETTE.related_text
    return PALETTE.label


def fill_under(
    view: View, at: tuple[float, float], selected: str | None, related: Collection[str] = ()
) -> str:
    """The colour drawn at a point of the view (for contrast checks)."""
    under = region_at(view, *at)
    if under is not None:
        region = next(r for r in view.regions if r.region_id == under)
        return _region_fill(region, selected, related)
    if any(s.contains(*at) for s in view.outline):
        return PALETTE.body
    return PALETTE.background


def _wrap(text: str, width: int = 12) -> str:
    """Break a long label at the space nearest its middle ("Salivary<br>glands")."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return f"{text[:cut]}<br>{text[cut + 1 :]}"


def _edge(fill: str) -> tuple[str, float]:
    """Outline colour and width that go with a region's fill."""
    if fill == PALETTE.accent:
        return fill, 2.0
    if fill == PALETTE.related:
        return PALETTE.related_outline, 1.6
    return PALETTE.region_outline, 1.0


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
    :func:`highlight_css`, so the figure, and with it the chart in the
    browser, stays the same from one selection to the next."""
    traces = [
        _shape_trace(s.polygon, PALETTE.body, PALETTE.outline, 1.6, xa, ya, "body")
        for s in view.outline
    ]
    spots, text = [], []
    for region in view.regions:
        fill = _region_fill(region, None)
        edge, width = _edge(fill)
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
        text.append(side_text.replace("\n", "<br>"))
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


def highlight_css(
    figure: go.Figure,
    diagram: Diagram,
    side: str,
    selected: str | None,
    related: Collection[str] = (),
    *,
    scope: str,
) -> str:
    """CSS that paints ``selected`` in the accent colour and ``related``
    regions in the softer related colour on ``figure`` (drawn by
    :func:`build_figure` for ``side``) inside ``scope`` (a CSS selector),
    with each label over them in a colour that stays readable.

    The figure itself never changes with the selection: a changed figure
    makes Streamlit remount the chart, and Plotly redraws all of it, the
    largest cost of a tap in the browser (issue 6). Plotly draws each
    subplot's traces, in order, as the ``g.trace`` groups of its
    ``g.subplot.<x><y> .scatterlayer``; it keeps no trace name in the page
    (and plotly.py drops ``uid``), so the rules pick a trace by its place.
    They are ``!important`` because Plotly writes colours as inline styles.
    """
    views = diagram.side_views(side)
    subplots = {}
    for index, view in enumerate(views):
        xname, yname, _, _ = _axis_names(index)
        subplots[xname] = (f"{scope} g.subplot.{xname}{yname} .scatterlayer", view)
    colours = {selected: PALETTE.accent} if selected else {}
    colours |= {r: PALETTE.related for r in related if r != selected}
    rules = []
    place: dict[str, int] = {}
    for trace in figure.data:
        axis = trace.xaxis or "x"
        place[axis] = place.get(axis, 0) + 1
        layer, view = subplots[axis]
        group = f"{layer} > g.trace:nth-child({place[axis]})"
        if trace.fill == "toself" and trace.name in colours:
            fill = colours[trace.name]
            edge, width = _edge(fill)
            rules.append(
                f"{group} path.js-fill {{fill: {fill} !important;}}\n"
                f"{group} path.js-line {{stroke: {edge} !important; "
                f"stroke-width: {width}px !important;}}"
            )
        elif trace.name == "labels" and colours:
            for k, at in enumerate(zip(trace.x, trace.y, strict=True), start=1):
                colour = label_colour(view, at, selected, related)
                if colour != PALETTE.label:
                    rules.append(
                        f"{group} g.textpoint:nth-child({k}) text {{fill: {colour} !important;}}"
                    )
    return "\n".join(rules)


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
    if layout == WIDE:
        domains = VIEW_DOMAINS[side]
        x = tuple(domains[i] if i < len(domains) else (0.0, 1.0) for i in range(n_views))
        return MapLayout(FIGURE_HEIGHT, x, ((0.0, 1.0),) * n_views)
    if layout == PHONE:
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
    raise ValueError(f"unknown map layout {layout!r}: expected {WIDE!r} or {PHONE!r}")


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


def build_figure(
    diagram: Diagram,
    labels: Mapping[str, str],
    *,
    layout: str = WIDE,
    side: str = "front",
    sites: Sequence[tuple[str, float, float]] = (),
    site_labels: Sequence[tuple] = (),
) -> go.Figure:
    """The body map figure of one ``side`` ("front" or "back"), in the
    ``"wide"`` (side by side) or ``"phone"`` (stacked) layout.

    No region is highlighted: :func:`highlight_css` does that, so the
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
        xname, yname, xaxis, yaxis = _axis_names(index)
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
