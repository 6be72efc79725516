"""The Plotly comparison chart: how long each use takes to work and lasts.

The data come from :mod:`bodymap.model.timeline`; nothing here holds a figure of its
own. One condition's timeline is a static SVG (:mod:`bodymap.render.timeline_svg`,
whose colours and axis titles this chart shares). The comparison is tappable:
like the body map, every row carries an invisible full-width bar whose
``customdata`` is the condition id, because Streamlit reports point
selections only (streamlit/streamlit#8824).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from bodymap.model.arabic import isolate
from bodymap.model.strings import Strings, cached_strings
from bodymap.model.timeline import ComparisonRow, Phase, in_unit, words_on_axis
from bodymap.render.frozen_figure import FrozenFigure
from bodymap.render.map_layout import HOVER_DISTANCE_PX
from bodymap.render.palette import PALETTE
from bodymap.render.timeline_svg import (
    AXIS_TITLES,
    GRID_COLOUR,
    MUTED_TEXT,
    TEXT_COLOUR,
    WORKING_COLOUR,
    ZERO_LINE_COLOUR,
)
from bodymap.vocabulary import RIGHT_TO_LEFT, status

ROW_STRIPES = ("#F1F5F6", "#FFFFFF")
FOCUS_TINT = PALETTE.region  # the open condition's row, as a tapped region's tint
FONT = {"family": "Source Sans, sans-serif", "size": 15, "color": TEXT_COLOUR}

COMPARISON_ROW_PX = 76  # three lines: name; status and duration; the bar
BAR_THICKNESS = 0.3  # of a row

TAP_TRACE = "tap:comparison"


def _layout(height: int, x_range: tuple[float, float], x_title: str, top_axis: bool) -> dict:
    axis_font = {"size": 14, "color": TEXT_COLOUR}
    return {
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 48 if top_axis else 8, "b": 8 if top_axis else 48},
        "paper_bgcolor": PALETTE.background,
        "plot_bgcolor": PALETTE.background,
        "font": FONT,
        "showlegend": False,
        "barmode": "overlay",
        "xaxis": {
            "range": list(x_range),
            "fixedrange": True,
            "side": "top" if top_axis else "bottom",
            "title": {"text": x_title, "font": axis_font, "standoff": 6},
            "tickfont": axis_font,
            "showgrid": True,
            "gridcolor": GRID_COLOUR,
            "zeroline": True,
            "zerolinecolor": ZERO_LINE_COLOUR,
            "zerolinewidth": 2,
            "dtick": 1,
        },
        "yaxis": {"visible": False, "fixedrange": True},
        "hovermode": "closest",
        "hoverdistance": HOVER_DISTANCE_PX,
    }


def _range_bar(low: float, high: float, y: float, colour: str, name: str, pattern: bool):
    return go.Bar(
        x=[high - low],
        base=[low],
        y=[y],
        orientation="h",
        width=BAR_THICKNESS,
        marker={
            "color": colour,
            "line": {"width": 0},
            # overlay: the bar keeps its colour and gets white stripes on top
            "pattern": {
                "shape": "/",
                "fillmode": "overlay",
                "fgcolor": "#FFFFFF",
                "size": 8,
                "solidity": 0.3,
            }
            if pattern
            else None,
        },
        hoverinfo="skip",
        name=name,
    )


def _point(value: float, y: float, colour: str, name: str, symbol: str = "diamond"):
    return go.Scatter(
        x=[value],
        y=[y],
        mode="markers",
        marker={"symbol": symbol, "size": 16, "color": colour, "line": {"width": 0}},
        hoverinfo="skip",
        name=name,
    )


def _line(x0: float, x1: float, y: float, colour: str, name: str):
    return go.Scatter(
        x=[x0, x1],
        y=[y, y],
        mode="lines",
        line={"color": colour, "width": 6},
        hoverinfo="skip",
        name=name,
    )


def _label(
    text: str,
    y: float,
    x: float = 0,
    xref: str = "paper",
    colour: str = TEXT_COLOUR,
    rtl: bool = False,
):
    """A row's words. Right to left (Arabic): at the right edge, and
    isolated (RLI ... PDI) so that Arabic, Latin and digits keep their order
    inside the chart's left-to-right plot area."""
    return {
        "text": isolate(text) if rtl else text,
        "x": 1 - x if rtl else x,
        "y": y,
        "xref": xref,
        "yref": "y",
        "xanchor": "right" if rtl else "left",
        "yanchor": "middle",
        "showarrow": False,
        "font": {"size": 15, "color": colour},
    }


def _phase_marks(
    phase: Phase, y: float, unit: str, colour: str, start: float | None, name: str = ""
) -> list:
    """The traces drawing one known phase on row ``y`` (named ``name``, else
    the phase key). A duration gets a line from ``start`` (the onset) while
    it is working, only if the onset is known: no line is drawn from a guess."""
    name = name or phase.key
    low, high = in_unit(phase.low_days, unit), in_unit(phase.high_days, unit)
    marks = []
    if phase.key == "duration" and start is not None and start < low:
        marks.append(_line(start, low, y, WORKING_COLOUR, f"{name}:working"))
    if phase.is_range:
        marks.append(_range_bar(low, high, y, colour, name, pattern=phase.key == "duration"))
    else:
        symbol = "triangle-down" if phase.key == "retreatment" else "diamond"
        marks.append(_point(low, y, colour, name, symbol))
    return marks


# ------------------------------------------------------------------ comparison


def _status_text(row: ComparisonRow, strings: Strings) -> str:
    entry = status(row.status)
    return f"<span style='color:{entry.colour}'><b>{strings(entry.word_key)}</b></span>"


def build_comparison_figure(
    rows: tuple[ComparisonRow, ...], focus: str | None = None, strings: Strings | None = None
) -> go.Figure:
    """All conditions on one time axis (months), one tappable row each.

    Each row: the name; the approval status and how long it lasts in words;
    a line while the treatment works and a band (in the status colour) where
    it wears off. A tap anywhere on a row selects its full-width background
    bar. The row of ``focus`` (the condition open above) is tinted; this also
    makes the figure change when the open condition does, which remounts the
    chart and clears Plotly's own selection, so a second tap on a row that
    was tapped before selects it again instead of toggling it off. The
    chart's own words come from ``strings`` (default: the English catalog).
    """
    strings = strings or cached_strings()
    unit = "months"
    latest = max(
        (in_unit(r.duration.high_days, unit) for r in rows if r.duration and r.duration.known),
        default=6.0,
    )
    span = math.ceil(latest) + 1.5
    n = len(rows)
    ys = [n - 1 - i for i in range(n)]

    taps = [(y, r) for y, r in zip(ys, rows, strict=True) if not r.is_heading]
    traces: list = [
        go.Bar(
            x=[span] * len(taps),
            base=[0] * len(taps),
            y=[y for y, _ in taps],
            customdata=[r.condition_id for _, r in taps],
            orientation="h",
            width=0.94,
            marker={
                "color": [
                    FOCUS_TINT if r.condition_id == focus else ROW_STRIPES[k % 2]
                    for k, (_, r) in enumerate(taps)
                ],
                "line": {"width": 0},
            },
            selected={"marker": {"opacity": 1}},
            unselected={"marker": {"opacity": 1}},
            hoverinfo="none",
            name=TAP_TRACE,
        )
    ]
    labels = []
    # Time runs left to right in every language, as in the timelines: the
    # figures read as numbers do (Western digits, left to right), and
    # earlier/later keep one meaning across the two languages' pages.
    rtl = strings.lang in RIGHT_TO_LEFT
    for y, row in zip(ys, rows, strict=True):
        if row.is_heading:
            heading = f"<b>{row.name.upper()}</b>"
            labels.append(_label(heading, y - 0.1, colour=MUTED_TEXT, rtl=rtl))
            continue
        lasts = (
            strings("charts.lasts", duration=words_on_axis(row.duration, unit, strings))
            if row.duration and row.duration.known
            else f"<i>{strings('charts.lasts_not_known')}</i>"
        )
        # Two short lines rather than one long one: a phone is ~350 px wide.
        # The condition open above: marked in words as well as by the tint.
        mark = ("◀ " if rtl else "▶ ") if row.condition_id == focus else ""
        labels.append(_label(f"<b>{mark}{row.name}</b>", y + 0.29, rtl=rtl))
        labels.append(_label(f"{_status_text(row, strings)}  ·  {lasts}", y + 0.01, rtl=rtl))
        bar_y = y - 0.28
        if not (row.duration and row.duration.known):
            continue
        start = in_unit(row.onset.low_days, unit) if row.onset and row.onset.known else None
        traces += _phase_marks(
            row.duration, bar_y, unit, status(row.status).colour, start, row.condition_id
        )
    figure = FrozenFigure(traces)
    layout = _layout(
        height=n * COMPARISON_ROW_PX + 60,
        x_range=(-0.1, span),
        x_title=strings(AXIS_TITLES[unit]),
        top_axis=True,
    )
    layout["yaxis"]["range"] = [-0.55, n - 0.45]
    layout["annotations"] = labels
    layout["clickmode"] = "event+select"
    figure.update_layout(layout)
    return figure
