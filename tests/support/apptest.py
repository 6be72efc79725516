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


def _widget(elements, prefix: str):
    """The one widget whose key is ``prefix``, or ``prefix`` with a counter
    (the app gives a mirrored widget a fresh key when the selection changes
    elsewhere)."""
    found = [e for e in elements if e.key == prefix or e.key.startswith(f"{prefix}_")]
    assert len(found) == 1, f"{len(found)} widgets with key {prefix!r}"
    return found[0]


def picker(at: AppTest):
    """The region picker (the map's text twin)."""
    return _widget(at.get("button_group"), Keys.PICKER)


def condition_picker(at: AppTest):
    """The "open a treatment" list beside the region picker."""
    return _widget(at.get("selectbox"), Keys.CONDITION_PICKER)


def side_picker(at: AppTest):
    """The Front / Back switch."""
    return _widget(at.get("button_group"), Keys.SIDE_PICKER)


def sites_switch(at: AppTest, condition_id: str):
    """A condition card's "show where the shots go" toggle."""
    return _widget(at.get("toggle"), f"{Keys.SITES_SWITCH}_{condition_id}")


def selection(at: AppTest) -> tuple[str | None, str | None, str, bool]:
    """The app's one source of truth for the selection, as
    (region, condition, side, sites shown)."""
    chosen = at.session_state[Keys.SELECTION]
    return (chosen.region, chosen.condition, chosen.side, chosen.sites)


def history_step(at: AppTest, params: dict[str, str]) -> AppTest:
    """Back or Forward in the browser: the URL becomes ``params`` (the
    selection keys only) and the page reruns with no widget change, a run
    the browser marks as history navigation."""
    for key in ("region", "condition", "view", "sites", "lang"):
        if key in params:
            at.query_params[key] = params[key]
        elif key in at.query_params:
            del at.query_params[key]
    from bodymap.ui import url_sync

    # AppTest can't mark a run as Back/Forward (the frontend does, in its
    # rerun request): stand in for the flag for this one run.
    flag, url_sync.is_history_navigation = url_sync.is_history_navigation, lambda: True
    try:
        at.run()
    finally:
        url_sync.is_history_navigation = flag
    return at


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
    styles = [
        h.proto.body
        for h in at.get("html")
        if h.proto.body.startswith("<style>") and ".scatterlayer" in h.proto.body
    ]
    assert len(styles) <= 1, "one highlight style for the map"
    return styles[0] if styles else ""


def painted_regions(at: AppTest, colour: str) -> set[str]:
    """The regions the page's CSS paints in ``colour`` on the map."""
    return map_css.painted_regions(chart_spec(at)["data"], map_style(at), colour)


def highlighted_regions(at: AppTest) -> set[str]:
    """Regions painted in the accent colour (the selection)."""
    return painted_regions(at, PALETTE.accent)
