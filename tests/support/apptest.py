"""Driving the app through Streamlit's AppTest, and reading what it shows.

AppTest cannot tap the Plotly chart (it is an UnknownElement): these read the
figure from the chart's proto, and the highlight from the page's CSS.
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from bodymap.render.palette import PALETTE
from bodymap.ui.keys import Keys
from tests.support import map_css
from tests.support.paths import APP


def start(query: dict | None = None) -> AppTest:
    """The app run once, at ``query`` (URL parameters), without an exception."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_text(at: AppTest) -> str:
    """All markdown and caption text on the page."""
    return "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])


def picker(at: AppTest):
    """The region picker (the map's text twin)."""
    return at.button_group(key=Keys.PICKER)


def chart_name(key: str) -> str:
    """A chart's key without its counter ("comparison_chart_3", "body_map_chart_2")."""
    for name in (Keys.COMPARISON, Keys.MAP):
        if key.startswith(f"{name}_"):
            return name
    return key


def chart_keys(at: AppTest) -> list[str]:
    """The page's charts, top to bottom, by key without counter."""
    return [chart_name(e.key) for e in at.get("plotly_chart")]


def chart_spec(at: AppTest, key: str = Keys.MAP) -> dict:
    """The one chart with this key (without counter), as the figure's JSON."""
    charts = [e for e in at.get("plotly_chart") if chart_name(e.key) == key]
    assert len(charts) == 1, f"{len(charts)} charts with key {key!r}"
    return json.loads(charts[0].proto.spec)


def annotation_text(spec: dict) -> str:
    """Every annotation of a chart, in one string."""
    return " ".join(a["text"] for a in spec["layout"].get("annotations", []))


def map_style(at: AppTest) -> str:
    """The page's highlight CSS for the map (empty when nothing is highlighted)."""
    styles = [h.proto.body for h in at.get("html") if ".scatterlayer" in h.proto.body]
    assert len(styles) <= 1, "one highlight style for the map"
    return styles[0] if styles else ""


def painted_regions(at: AppTest, colour: str) -> set[str]:
    """The regions the page's CSS paints in ``colour`` on the map."""
    return map_css.painted_regions(chart_spec(at)["data"], map_style(at), colour)


def highlighted_regions(at: AppTest) -> set[str]:
    """Regions painted in the accent colour (the selection)."""
    return painted_regions(at, PALETTE.accent)
