"""FrozenFigure: the figures shown on every run are turned into a dict once."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.tools
import pytest

from bodymap.model.content import load_content
from bodymap.model.geometry import load_diagram
from bodymap.model.timeline import COMPARISON_ORDERS, comparison_rows
from bodymap.render.charts import build_comparison_figure, build_timeline_figure
from bodymap.render.frozen_figure import FrozenFigure
from bodymap.render.map_figure import PHONE, WIDE, build_figure
from bodymap.vocabulary import SIDES

DIAGRAM = load_diagram()
CONTENT = load_content(drawn_regions=DIAGRAM.region_ids())


def _figures():
    labels = CONTENT.region_labels()
    for side in SIDES:
        for layout in (WIDE, PHONE):
            yield f"map-{side}-{layout}", build_figure(DIAGRAM, labels, layout=layout, side=side)
    for condition in CONTENT.conditions[:3]:
        yield f"timeline-{condition.id}", build_timeline_figure(condition)
    for order in COMPARISON_ORDERS:
        yield f"comparison-{order}", build_comparison_figure(comparison_rows(CONTENT, order), None)


FIGURES = dict(_figures())


@pytest.mark.parametrize("name", FIGURES)
def test_the_kept_dict_is_the_finished_figure(name):
    """Nothing the builders do reads the dict before they finish."""
    figure = FIGURES[name]
    assert isinstance(figure, FrozenFigure)
    assert figure.to_dict() == go.Figure.to_dict(figure)  # worked out afresh


def test_the_dict_is_worked_out_once_and_is_what_streamlit_sends():
    figure = FrozenFigure(go.Scatter(x=[1, 2], y=[3, 4]))
    first = figure.to_dict()
    assert figure.to_dict() is first
    # st.plotly_chart (Streamlit 1.67) goes through this plotly helper; if
    # it stopped calling to_dict(), the saving would be lost (not the chart).
    assert plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True) is first
