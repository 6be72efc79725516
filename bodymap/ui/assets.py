"""The page's own styles and scripts, added with ``st.html``.

Every stylesheet and script lives in ``assets/``; this module only adds them
to the page and passes values (as JSON), never JavaScript or CSS of its own.
The one exception is the map's highlight, CSS generated per selection by
:func:`bodymap.render.map_highlight.highlight_css` and added with :func:`style`.
"""

from __future__ import annotations

import functools
import json
import re
import time

import streamlit as st

from bodymap.model.app_data import AppData
from bodymap.render.charts import FOCUS_TINT, TAP_TRACE
from bodymap.render.map_highlight import edge_style
from bodymap.render.palette import PALETTE
from bodymap.ui.keys import Keys
from bodymap.vocabulary import ASSETS_DIR, RIGHT_TO_LEFT

STACKED_MAX_WIDTH = 900  # px: page.css stacks the map above the panel up to this width
SCROLL_SCRIPT = "scroll_to.js"
PENDING_CLASS = "bodymap-pending"  # on the map's container while a tap awaits its run
SCROLL_SETTINGS = "BODYMAP_SCROLL_SETTINGS"  # where scroll_to.js takes its settings
DIRECTION_SCRIPT = "direction.js"
DIRECTION_SETTINGS = "BODYMAP_DIRECTION"  # where direction.js takes its settings
TAP_SCRIPT = "tap_paint.js"
TAP_SETTINGS = "BODYMAP_TAP_SETTINGS"  # where tap_paint.js takes its settings
# Plotly's drag threshold (MINDRAG, px per axis): a finger that moves this far
# pans instead of tapping, so nothing is selected and the paint is undone.
TAP_MOVE_TOLERANCE_PX = 8
# tap_paint.js's safety limits, in ms (the file says when each applies): a
# tap that ends with nothing selected (no run will come); a selection sent
# but no run started; any tap at all; and how long the script must stay idle
# after a run before the paint goes (a run that ends in st.rerun is followed
# at once by the next).
TAP_NO_SEND_MS = 500
TAP_NO_RUN_MS = 5_000
TAP_MAX_MS = 20_000
TAP_SETTLE_MS = 80
# st.html passes its body through DOMPurify (Streamlit allows <script> there),
# which drops a whole script whose text has "<" before a letter, "/", "!" or
# "?", as if it held a tag: even in a comment, and with no error anywhere.
# https://github.com/cure53/DOMPurify/issues/500,
# https://github.com/cure53/DOMPurify/issues/711 (by design, won't fix).
_LOOKS_LIKE_TAG = re.compile(r"<[A-Za-z/!?]")


@functools.cache
def asset_text(name: str) -> str:
    """A file of ``assets/``, read once per process."""
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def style(css: str) -> None:
    """Add a stylesheet to the page."""
    st.html(f"<style>{css}</style>")


def stylesheet(name: str) -> None:
    """Add ``assets/<name>`` to the page as a stylesheet."""
    style(asset_text(name))


def script(name: str) -> None:
    """Run ``assets/<name>`` in the page."""
    _add_script(asset_text(name))


def _add_script(text: str, nonce: str | None = None) -> None:
    if _LOOKS_LIKE_TAG.search(text):
        raise ValueError("a '<' before a letter, '/', '!' or '?': st.html would drop this script")
    attributes = f' data-nonce="{nonce}"' if nonce else ""
    st.html(f"<script{attributes}>{text}</script>", unsafe_allow_javascript=True)


def page_styles(dark: bool) -> None:
    """The page's tablet-first styles, and the dark theme's fixes if it is dark."""
    stylesheet("page.css")
    if dark:
        stylesheet("dark.css")


def page_language(lang: str) -> None:
    """The document root's ``lang`` and ``dir`` (assets/direction.js), and in
    a right-to-left language the fixes for it (assets/rtl.css)."""
    rtl = lang in RIGHT_TO_LEFT
    settings = {"lang": lang, "dir": "rtl" if rtl else "ltr"}
    _add_script(_settings_script(DIRECTION_SCRIPT, DIRECTION_SETTINGS, settings))
    if rtl:
        stylesheet("rtl.css")


def _settings_script(name: str, placeholder: str, settings: object) -> str:
    """``assets/<name>`` with ``settings`` (as JSON) in place of ``placeholder``."""
    text = asset_text(name)
    if text.count(placeholder) != 1:
        raise ValueError(f"assets/{name} must name {placeholder} exactly once")
    return text.replace(placeholder, _json_for_script(settings))


def presenter_styles(high_contrast: bool) -> None:
    """Presenter mode's projector styles, and its high-contrast ones if asked for."""
    stylesheet("presenter.css")
    if high_contrast:
        stylesheet("high_contrast.css")


def touch_shim() -> None:
    """assets/touch_shim.js: a tap selects what is under the finger.

    With ``on_select`` Streamlit forces ``dragmode="pan"``; Plotly then gets
    no hover under a finger and selects the point of the *previous* hover, so
    every tap is one tap late (https://github.com/plotly/plotly.js/issues/1858;
    taps on touch screens: https://github.com/plotly/plotly.js/issues/5227,
    https://github.com/plotly/plotly.js/issues/6721, fixed upstream for
    ``dragmode="select"`` only). The shim hovers at the finger before Plotly's
    click handler runs; see the file for its other fixes.
    """
    script("touch_shim.js")


def tap_paint(data: AppData, on_stage: bool = False) -> None:
    """assets/tap_paint.js: a tap on the map, or on a body-area pill, paints
    its region (and the pill) in the browser at once, before the server
    answers (issue 17), and a tapped comparison row takes the open
    condition's tint; the run's own highlight takes over when it ends.

    The colours are the server's own (``PALETTE``, ``edge_style``,
    ``charts.FOCUS_TINT``), the pills' labels map to region ids, and on
    stage (presenter mode, where the map ignores taps) nothing is painted.
    The script installs once per page; a new copy (new settings) only hands
    them over.
    """
    _add_script(_settings_script(TAP_SCRIPT, TAP_SETTINGS, _tap_settings(data, on_stage)))


def _tap_settings(data: AppData, on_stage: bool) -> dict:
    outline, width = edge_style(PALETTE.accent)
    labels = data.content.region_labels()
    return {
        "enabled": not on_stage,
        "map": f".st-key-{Keys.MAP}",
        "picker": f".st-key-{Keys.PICKER}",
        # The comparison chart's key carries a tap counter (page.py).
        "comparison": f"[class*='st-key-{Keys.COMPARISON}_']",
        "comparisonTrace": TAP_TRACE,
        "comparisonTint": FOCUS_TINT,
        "pendingClass": PENDING_CLASS,
        "fill": PALETTE.accent,
        "outline": outline,
        "outlineWidth": width,
        "labelColour": PALETTE.accent_text,
        "regions": {labels[rid]: rid for rid in data.region_ids},
        "moveTolerance": TAP_MOVE_TOLERANCE_PX,
        "noSendMs": TAP_NO_SEND_MS,
        "noRunMs": TAP_NO_RUN_MS,
        "maxMs": TAP_MAX_MS,
        "settleMs": TAP_SETTLE_MS,
    }


def tour_keys() -> None:
    """assets/tour_keys.js: the arrow keys press the tour's Previous and Next."""
    script("tour_keys.js")


def scroll_to(target: str, only_when_stacked: bool = False) -> None:
    """Scroll the container keyed ``target`` into view, once, in this run.

    ``only_when_stacked``: only when the panel sits under the map (narrow
    screens). The script is assets/scroll_to.js.
    """
    nonce = str(time.monotonic_ns())
    settings = {
        "target": target,
        "nonce": nonce,
        "onlyWhenStacked": only_when_stacked,
        "stackedMaxWidth": STACKED_MAX_WIDTH,
    }
    _add_script(_settings_script(SCROLL_SCRIPT, SCROLL_SETTINGS, settings), nonce=nonce)


def _json_for_script(value: object) -> str:
    """``value`` as JSON that can't end the ``<script>`` element it is put in."""
    return json.dumps(value).replace("<", "\\u003c")
