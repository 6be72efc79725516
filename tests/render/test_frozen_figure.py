"""FrozenFigure: the figures shown on every run are turned into a dict once."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.tools
import pytest

from bodymap.model.timeline import COMPARISON_ORDERS, comparison_rows
from bodymap.render.charts import build_comparison_figure
from bodymap.render.frozen_figure import FrozenFigure
from bodymap.render.map_figure import build_figure
from bodymap.vocabulary import PHONE_MAP, SIDES, WIDE_MAP

LAYOUTS = (WIDE_MAP, PHONE_MAP)
# A condition's timeline is a static SVG string, not a figure: its own
# tests (tests/render/test_timeline_svg.py) check that it is built the same
# way every time, which is what lets it be cached.
NAMES = [
    *(f"map-{side}-{layout}" for side in SIDES for layout in LAYOUTS),
    *(f"comparison-{order}" for order in COMPARISON_ORDERS),
]


@pytest.fixture(scope="module")
def figures(diagram, content, strings) -> dict:
    """Every figure named in NAMES, built once."""
    labels = content.region_labels()
    built = {}
    for side in SIDES:
        for layout in LAYOUTS:
            built[f"map-{side}-{layout}"] = build_figure(diagram, labels, layout=layout, side=side)
    for order in COMPARISON_ORDERS:
        rows = comparison_rows(content, strings, order)
        built[f"comparison-{order}"] = build_comparison_figure(rows, None)
    return built


@pytest.mark.parametrize("name", NAMES)
def test_the_kept_dict_is_the_finished_figure(figures, name):
    """Nothing the builders do reads the dict before they finish."""
    figure = figures[name]
    assert isinstance(figure, FrozenFigure)
    assert figure.to_dict() == go.Figure.to_dict(figure)  # worked out afresh


def test_the_dict_is_worked_out_once_and_is_what_streamlit_sends():
    figure = FrozenFigure(go.Scatter(x=[1, 2], y=[3, 4]))
    first = figure.to_dict()
    assert figure.to_dict() is first
    # st.plotly_chart (Streamlit 1.67) goes through this plotly helper; if
    # it stopped calling to_dict(), the saving would be lost (not the chart).
    assert plotly.tools.return_figure_from_figure_or_data(figure, validate_figure=True) is first
