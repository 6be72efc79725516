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

import streamlit as st

from bodymap.content import CONTENT_DIR, Content, ContentError, load_content
from bodymap.figure import PLOTLY_CONFIG, build_figure
from bodymap.geometry import DIAGRAM_PATH, Diagram, GeometryError, load_diagram
from bodymap.panel import md_text, render_overview, render_region_panel
from bodymap.state import (
    REGION_PARAM,
    STALE_WINDOW_S,
    Keys,
    is_stale_pick,
    region_from_selection,
    url_navigation,
)

ASSETS = Path(__file__).resolve().parent.parent / "assets"
LOG = logging.getLogger(__name__)
MAINTENANCE_MESSAGE = (
    "This guide is being updated and can't be shown right now. Please try again later."
)


def file_fingerprint(*paths: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, change time and size of each data file (folders: their .toml files).

    Part of the cache keys below, so that an edit deployed without restarting
    the server (Community Cloud pulls a push into the running app) is served.
    """
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.toml")) if path.is_dir() else [path]
    stamps = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue  # a missing file is reported by the loader itself
        stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_diagram(fingerprint: tuple) -> Diagram:
    """The diagram, loaded once per version of the file."""
    return load_diagram(DIAGRAM_PATH)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_content(drawn: frozenset[str], root: str, fingerprint: tuple) -> Content:
    """The validated content, loaded once per version of the folder."""
    return load_content(Path(root), drawn_regions=drawn)


def content_dir() -> Path:
    """The content folder: ``BODYMAP_CONTENT_DIR`` if set (to preview an edit,
    or to test the maintenance message), else the repository's ``content/``."""
    return Path(os.environ.get("BODYMAP_CONTENT_DIR") or CONTENT_DIR)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_figure(diagram_fingerprint: tuple, selected: str | None, labels: tuple):
    """One figure per selected region and diagram version, built once."""
    return build_figure(cached_diagram(diagram_fingerprint), dict(labels), selected)


@functools.cache
def _asset_text(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _maintenance() -> None:
    st.markdown("# bodymap")
    st.info(MAINTENANCE_MESSAGE, icon=":material/construction:")


# ------------------------------------------------------------------ callbacks


def _select(region: str | None, *, from_picker: bool = False) -> None:
    """Make ``region`` (or the overview, for None) the selection everywhere."""
    st.session_state[Keys.REGION] = region
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
    region = region_from_selection(st.session_state.get(Keys.MAP), known)
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


# ----------------------------------------------------------------------- page


def _follow_url(known: tuple[str, ...]) -> None:
    """Open the region a link or a Back/Forward step asks for."""
    written = st.session_state.get(Keys.URL_WRITTEN)
    since = time.monotonic() - st.session_state.get(Keys.URL_WRITTEN_AT, 0.0)
    link = url_navigation(
        st.query_params.get_all(REGION_PARAM),
        written,
        bool(st.session_state.pop(Keys.INTERACTED, False)),
        since,
        known,
    )
    if link is not None:
        _select(link.region)
        st.session_state[Keys.NOTICE] = link.notice


def _sync_url(region: str | None) -> None:
    """Mirror the selection in the URL so the page can be shared."""
    wanted = [region] if region else []
    if st.query_params.get_all(REGION_PARAM) != wanted:
        if region is None:
            del st.query_params[REGION_PARAM]
        else:
            st.query_params[REGION_PARAM] = region
    if st.session_state.get(Keys.URL_WRITTEN) != wanted:
        st.session_state[Keys.URL_WRITTEN] = wanted
        st.session_state[Keys.URL_WRITTEN_AT] = time.monotonic()


def run() -> None:
    """Render the whole page; never show a traceback to a patient."""
    st.html(f"<style>{_asset_text('page.css')}</style>")
    try:
        diagram_fp = file_fingerprint(DIAGRAM_PATH)
        diagram = cached_diagram(diagram_fp)
        root = content_dir()
        content = cached_content(diagram.region_ids(), str(root), file_fingerprint(root))
    except (ContentError, GeometryError):
        LOG.exception("bodymap content or diagram is invalid: run python -m bodymap.check")
        _maintenance()
        return
    try:
        _render(content, diagram_fp)
    except Exception:  # Streamlit's own rerun/stop signals are BaseExceptions and pass
        LOG.exception("bodymap page failed")
        _maintenance()


def _render(content: Content, diagram_fp: tuple) -> None:
    known = content.region_ids()
    labels = content.region_labels()
    _follow_url(known)
    region = st.session_state.get(Keys.REGION)

    # The shim makes a tap hover before Plotly's click handler runs; without
    # it touch selections are one tap behind (plotly/plotly.js#1858).
    st.html(f"<script>{_asset_text('touch_shim.js')}</script>", unsafe_allow_javascript=True)

    st.markdown(f"# {md_text(content.site.title)}")
    notice = st.session_state.get(Keys.NOTICE)
    if notice:
        st.info(notice, icon=":material/link_off:")

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
            render_region_panel(content, region)
    _sync_url(region)
