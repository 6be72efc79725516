"""The Streamlit page: wiring the map, the picker, the URL and the panel.

``app.py`` calls :func:`run`. The selected region lives in
``st.session_state[Keys.REGION]``; the map, the picker and the URL all follow
it, and each of them can change it.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

# Imported here, once, before any session runs: plotly looks numpy up in
# sys.modules without waiting for an import in progress, so two first runs
# at once on a fresh server (a talk audience opening a link) could see a
# half-imported numpy and crash ("partially initialized module 'numpy' has
# no attribute 'ndarray'"; found by benchmarks/sessions.py under load).
import numpy  # noqa: F401
import streamlit as st

from bodymap.cache import (
    cached_comparison,
    cached_content,
    cached_diagram,
    cached_figure,
    content_dir,
    file_fingerprint,
)
from bodymap.content import Content, ContentError
from bodymap.figure import PLOTLY_CONFIG
from bodymap.geometry import DIAGRAM_PATH, GeometryError
from bodymap.panel import md_text, render_comparison, render_overview, render_region_panel
from bodymap.state import (
    LINK_PARAMS,
    STALE_WINDOW_S,
    Keys,
    id_from_selection,
    is_stale_pick,
    link_params,
    region_for,
    url_navigation,
)
from bodymap.timeline import COMPARISON_ORDERS

ASSETS = Path(__file__).resolve().parent.parent / "assets"
LOG = logging.getLogger(__name__)
MAP_AND_PANEL = "map_and_panel"  # the picker, map and panel: scrolled to after a comparison tap
MAINTENANCE_MESSAGE = (
    "This guide is being updated and can't be shown right now. Please try again later."
)


@functools.cache
def _asset_text(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _maintenance() -> None:
    st.markdown("# bodymap")
    st.info(MAINTENANCE_MESSAGE, icon=":material/construction:")


# ------------------------------------------------------------------ callbacks


def _select(region: str | None, *, condition: str | None = None, from_picker: bool = False) -> None:
    """Make ``region`` (or the overview, for None) the selection everywhere,
    with ``condition`` (one treated there) opened first in the panel."""
    st.session_state[Keys.REGION] = region
    st.session_state[Keys.CONDITION] = condition if region else None
    st.session_state[Keys.CONDITION_PICKER] = st.session_state[Keys.CONDITION]
    st.session_state[Keys.NOTICE] = None
    if from_picker:
        return  # the picker already shows it
    # Remember what the picker showed (once it has been drawn at all), so an
    # echo of it can be told from a new pick; see is_stale_pick.
    if Keys.PICKER in st.session_state:
        now = time.monotonic()
        recent = [
            (value, when)
            for value, when in st.session_state.get(Keys.OVERRIDDEN, [])
            if now - when < STALE_WINDOW_S
        ]
        recent.append((st.session_state.get(Keys.PICKER), now))
        st.session_state[Keys.OVERRIDDEN] = recent
    st.session_state[Keys.PICKER] = region


def _on_map_select(known: tuple[str, ...]) -> None:
    st.session_state[Keys.INTERACTED] = True
    region = id_from_selection(st.session_state.get(Keys.MAP), known)
    if region is not None:  # an empty selection (a toggle-off tap, a redraw) keeps the region
        _select(region)


def _on_picker_change() -> None:
    st.session_state[Keys.INTERACTED] = True
    value = st.session_state.get(Keys.PICKER)
    region = st.session_state.get(Keys.REGION)
    if is_stale_pick(value, region, st.session_state.get(Keys.OVERRIDDEN, []), time.monotonic()):
        st.session_state[Keys.PICKER] = region  # put the picker back in step
        return
    _select(value, from_picker=True)


def _on_back() -> None:
    st.session_state[Keys.INTERACTED] = True
    _select(None)


def _open_condition(condition: str, condition_regions: dict[str, tuple[str, ...]]) -> None:
    """Open a condition on the map, and bring the map back into view."""
    region = region_for(condition_regions[condition], st.session_state.get(Keys.REGION))
    _select(region, condition=condition)
    # The comparison sits below the map: bring the map and panel into view.
    st.session_state[Keys.SCROLL_TO_MAP] = True


def _on_comparison_select(chart_key: str, condition_regions: dict[str, tuple[str, ...]]) -> None:
    st.session_state[Keys.INTERACTED] = True
    chosen = id_from_selection(st.session_state.get(chart_key), condition_regions)
    if chosen is not None:
        # A new chart key for the next run: a fresh chart with no selection,
        # so tapping this row again selects it instead of toggling it off.
        st.session_state[Keys.COMPARISON_TAPS] = st.session_state.get(Keys.COMPARISON_TAPS, 0) + 1
        _open_condition(chosen, condition_regions)


def _on_condition_pick(condition_regions: dict[str, tuple[str, ...]]) -> None:
    st.session_state[Keys.INTERACTED] = True
    chosen = st.session_state.get(Keys.CONDITION_PICKER)
    if chosen in condition_regions:
        _open_condition(chosen, condition_regions)


# ----------------------------------------------------------------------- page


def _url_values() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in LINK_PARAMS}


def _follow_url(known: tuple[str, ...], condition_regions: dict[str, tuple[str, ...]]) -> None:
    """Open the region (and condition) a link or a Back/Forward step asks for."""
    written = st.session_state.get(Keys.URL_WRITTEN)
    since = time.monotonic() - st.session_state.get(Keys.URL_WRITTEN_AT, 0.0)
    link = url_navigation(
        _url_values(),
        written,
        bool(st.session_state.pop(Keys.INTERACTED, False)),
        since,
        known,
        condition_regions,
    )
    if link is not None:
        _select(link.region, condition=link.condition)
        st.session_state[Keys.NOTICE] = link.notice


def _sync_url(region: str | None, condition: str | None) -> None:
    """Mirror the selection in the URL so the page can be shared."""
    wanted = link_params(region, condition)
    current = _url_values()
    for key, values in wanted.items():
        if current[key] != values:
            if values:
                st.query_params[key] = values[0]
            else:
                del st.query_params[key]
    if st.session_state.get(Keys.URL_WRITTEN) != wanted:
        st.session_state[Keys.URL_WRITTEN] = wanted
        st.session_state[Keys.URL_WRITTEN_AT] = time.monotonic()


# Benchmarks set this to a file: each script run appends its duration in ms
# (benchmarks/README.md). Unset in normal use: no cost beyond one check.
RUN_LOG = os.environ.get("BODYMAP_RUN_LOG")


def run() -> None:
    """Render the whole page; never show a traceback to a patient."""
    if not RUN_LOG:
        _run()
        return
    started = time.perf_counter()
    try:
        _run()
    finally:
        # A rerun cut short by a newer event ends here too: still a real run.
        with open(RUN_LOG, "a", encoding="utf-8") as log:
            log.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")


def _run() -> None:
    st.html(f"<style>{_asset_text('page.css')}</style>")
    try:
        diagram_fp = file_fingerprint(DIAGRAM_PATH)
        diagram = cached_diagram(diagram_fp)
        root = content_dir()
        content_fp = file_fingerprint(root)
        content = cached_content(diagram.region_ids(), str(root), content_fp)
    except (ContentError, GeometryError):
        LOG.exception("bodymap content or diagram is invalid: run python -m bodymap.check")
        _maintenance()
        return
    try:
        _render(content, diagram_fp, content_fp)
    except Exception:  # Streamlit's own rerun/stop signals are BaseExceptions and pass
        LOG.exception("bodymap page failed")
        _maintenance()


def _render(content: Content, diagram_fp: str, content_fp: str) -> None:
    known = content.region_ids()
    labels = content.region_labels()
    condition_regions = content.condition_regions()
    _follow_url(known, condition_regions)
    region = st.session_state.get(Keys.REGION)
    condition = st.session_state.get(Keys.CONDITION)

    # The shim makes a tap hover before Plotly's click handler runs; without
    # it touch selections are one tap behind (plotly/plotly.js#1858).
    st.html(f"<script>{_asset_text('touch_shim.js')}</script>", unsafe_allow_javascript=True)
    if st.session_state.pop(Keys.SCROLL_TO_MAP, False):
        _scroll_to_map()

    st.markdown(f"# {md_text(content.site.title)}")
    notice = st.session_state.get(Keys.NOTICE)
    if notice:
        st.info(notice, icon=":material/link_off:")

    with st.container(key=MAP_AND_PANEL):
        st.pills(
            "Choose a body area",
            options=list(known),
            format_func=lambda rid: labels[rid],
            key=Keys.PICKER,
            on_change=_on_picker_change,
            width="stretch",
        )
        map_col, panel_col = st.columns([11, 9], gap="medium")
    with map_col:
        figure = cached_figure(diagram_fp, region, tuple(sorted(labels.items())))
        st.plotly_chart(
            figure,
            key=Keys.MAP,
            on_select=lambda: _on_map_select(known),
            selection_mode="points",
            config=PLOTLY_CONFIG,
            theme=None,
        )
        st.caption("Tap a shaded area of the body, or choose from the list above.")
    with panel_col:
        if region is None:
            render_overview(content)
        else:
            st.button(
                "Back to the whole body",
                key=Keys.BACK,
                icon=":material/arrow_back:",
                on_click=_on_back,
            )
            render_region_panel(content, region, content_fp, focus=condition)
    order = st.session_state.get(Keys.COMPARISON_ORDER) or COMPARISON_ORDERS[0]
    chart_key = f"{Keys.COMPARISON}_{st.session_state.get(Keys.COMPARISON_TAPS, 0)}"
    render_comparison(
        content,
        cached_comparison(content_fp, order, condition, content),
        chart_key=chart_key,
        on_select=lambda: _on_comparison_select(chart_key, condition_regions),
        on_pick=lambda: _on_condition_pick(condition_regions),
    )
    _sync_url(region, condition)


def _scroll_to_map() -> None:
    """Scroll the picker, map and panel into view (once, in this run)."""
    # A fresh nonce makes this a new element, so the script runs every time;
    # the function scope keeps its names out of the page's globals. The page
    # below the target is still being replaced while the run streams in, and
    # the browser's scroll anchoring can pull the view back down, so scroll
    # again a few times until the run has settled, unless the user has
    # touched or scrolled meanwhile.
    nonce = time.monotonic_ns()
    st.html(
        f"""<script data-nonce="{nonce}">
        (function () {{
          var doc = window.parent.document || document, moved = false;
          function stop() {{ moved = true; }}
          doc.addEventListener("touchstart", stop, {{once: true, capture: true}});
          doc.addEventListener("wheel", stop, {{once: true, capture: true}});
          function scroll() {{
            var target = doc.querySelector(".st-key-{MAP_AND_PANEL}");
            if (target && !moved) target.scrollIntoView({{block: "start", behavior: "instant"}});
          }}
          [0, 200, 500].forEach(function (ms) {{ setTimeout(scroll, ms); }});
        }})();
        </script>""",
        unsafe_allow_javascript=True,
    )
