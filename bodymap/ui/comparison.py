"""The comparison section: every use on one time axis (Streamlit).

Below the map and panel; tapping a row opens that use on the map. The rows
themselves are worked out in :mod:`bodymap.model.timeline` and drawn by
:mod:`bodymap.render.charts`.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from bodymap.model.content import Content
from bodymap.model.timeline import (
    COMPARISON_ORDERS,
    ORDER_BY_DURATION,
    ORDER_BY_REGION,
    ComparisonRow,
    comparison_rows,
)
from bodymap.render.map_figure import PLOTLY_CONFIG
from bodymap.ui.keys import Keys
from bodymap.ui.panel import md_text
from bodymap.ui.text import strings, text
from bodymap.vocabulary import STATUSES

# Each row order's name: keys of the interface texts.
ORDER_LABELS = {
    ORDER_BY_DURATION: "comparison.order_duration",
    ORDER_BY_REGION: "comparison.order_region",
}
# The columns of the table in words.
COLUMNS = (
    "comparison.column_use",
    "comparison.column_area",
    "comparison.column_status",
    "comparison.column_starts",
    "comparison.column_wears_off",
)


def render_comparison(
    content: Content,
    figure: go.Figure,
    chart_key: str,
    on_select: Callable[[], None],
) -> None:
    """All conditions on one time axis; tapping a row opens it on the map.

    Under it, the same list as a table in words (the condition list above the
    map is the keyboard and screen-reader way to open one).
    """
    st.markdown(f"## {text('comparison.heading')}")
    st.markdown(text("comparison.intro"))
    st.segmented_control(
        text("comparison.order"),
        options=list(COMPARISON_ORDERS),
        format_func=lambda order: text(ORDER_LABELS[order]),
        default=ORDER_BY_DURATION,
        required=True,
        key=Keys.COMPARISON_ORDER,
    )
    st.plotly_chart(
        figure,
        key=chart_key,
        on_select=on_select,
        selection_mode="points",
        config=PLOTLY_CONFIG,
        theme=None,
    )
    st.markdown(
        " · ".join(f"**{text(s.word_key)}**: {text(s.meaning_key)}" for s in STATUSES.values())
    )
    rows = [r for r in comparison_rows(content, strings(), ORDER_BY_DURATION) if not r.is_heading]
    with st.expander(text("comparison.in_words"), key="comparison_words"):
        st.markdown(_comparison_table(rows))
    st.caption(text("comparison.sources_note"))


def _comparison_table(rows: list[ComparisonRow]) -> str:
    lines = [
        "| " + " | ".join(text(column) for column in COLUMNS) + " |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {md_text(row.name)} | {md_text(row.region_label)} | {md_text(row.badge)} "
            f"| {md_text(row.onset.text)} | {md_text(row.duration.text)} |"
        )
    return "\n".join(lines)
