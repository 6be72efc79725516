"""The selection's colours on the map, painted with CSS.

The map figure never shows the selection: :func:`highlight_css` paints the
selected region in the accent colour and the regions related to an open
condition in a softer one, with each label over them in a colour that stays
readable, so a tap changes no figure and the chart is not redrawn.
"""

from __future__ import annotations

from collections.abc import Collection

import plotly.graph_objects as go

from bodymap.model.diagram import Diagram, RegionShape, View
from bodymap.model.geometry import region_at
from bodymap.render.map_layout import axis_names
from bodymap.render.palette import PALETTE


def region_fill(region: RegionShape, selected: str | None, related: Collection[str] = ()) -> str:
    """A region's fill: the accent when selected, the softer related colour
    when it belongs to the open condition, else its quiet tint (none, for a
    region drawn but not tappable in this view)."""
    if region.region_id == selected:
        return PALETTE.accent
    if region.region_id in related:
        return PALETTE.related
    if not region.tappable:
        return PALETTE.body  # issue 17: only what answers a tap is tinted
    return PALETTE.organ if region.translucent else PALETTE.region


def edge_style(fill: str) -> tuple[str, float]:
    """Outline colour and width that go with a region's fill."""
    if fill == PALETTE.accent:
        return fill, 2.0
    if fill == PALETTE.related:
        return PALETTE.related_outline, 1.6
    return PALETTE.region_outline, 1.0


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
        return region_fill(region, selected, related)
    if any(s.contains(*at) for s in view.outline):
        return PALETTE.body
    return PALETTE.background


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
        xname, yname, _, _ = axis_names(index)
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
            edge, width = edge_style(fill)
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
