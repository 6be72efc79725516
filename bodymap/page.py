"""The Streamlit page: wiring the map, the picker, the URL and the panel.

``app.py`` calls :func:`run`. The selected region lives in
``st.session_state[Keys.REGION]``; the map, the picker and the URL all follow
it, and each of them can change it.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from bodymap.content import CONTENT_DIR, Content, ContentError, load_content
from bodymap.figure import PLOTLY_CONFIG, build_figure
from bodymap.geometry import Diagram, GeometryError, load_diagram
from bodymap.panel import render_overview, render_region_panel
from bodymap.state import REGION_PARAM, Keys, parse_region_param, region_from_selection

ASSETS = Path(__file__).resolve().parent.parent / "assets"
MAINTENANCE_MESSAGE = (
    "This guide is being updated and can't be shown right now. Please try again later."
)


@st.cache_resource(show_spinner=False)
def cached_diagram() -> Diagram:
    """The diagram, loaded once per server process."""
    return load_diagram()


@st.cache_resource(show_spinner=False)
def cached_content(drawn: frozenset[str], root: str) -> Content:
    """The validated content, loaded once per server process and folder."""
    return load_content(Path(root), drawn_regions=drawn)


def content_dir() -> str:
    """The content folder: ``BODYMAP_CONTENT_DIR`` if set (to preview an edit,
    or to test the maintenance message), else the repository's ``content/``."""
    return os.environ.get("BODYMAP_CONTENT_DIR") or str(CONTENT_DIR)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_figure(selected: str | None, labels: tuple[tuple[str, str], ...]):
    """One figure per selected region, built once: rebuilding costs seconds."""
    return build_figure(cached_diagram(), dict(labels), selected)


def _touch_shim() -> str:
    return (ASSETS / "touch_shim.js").read_text(encoding="utf-8")


def _page_css() -> str:
    return (ASSETS / "page.css").read_text(encoding="utf-8")


# ------------------------------------------------------------------ callbacks


def _select(region: str | None) -> None:
    st.session_state[Keys.REGION] = region
    st.session_state[Keys.PICKER] = region
    st.session_state[Keys.NOTICE] = None


def _on_map_select(known: tuple[str, ...]) -> None:
    region = region_from_selection(st.session_state.get(Keys.MAP), known)
    if region is not None:  # an empty selection (a toggle-off tap) keeps the region
        _select(region)


def _on_picker_change() -> None:
    _select(st.session_state.get(Keys.PICKER))


def _on_back() -> None:
    _select(None)


# ----------------------------------------------------------------------- page


def _start_session(known: tuple[str, ...]) -> None:
    """Read the deep link once, when a browser session starts."""
    if st.session_state.get(Keys.STARTED):
        return
    link = parse_region_param(st.query_params.get_all(REGION_PARAM), known)
    st.session_state[Keys.STARTED] = True
    _select(link.region)
    st.session_state[Keys.NOTICE] = link.notice


def _sync_url(region: str | None) -> None:
    """Mirror the selection in the URL so the page can be shared."""
    if region is None:
        if REGION_PARAM in st.query_params:
            del st.query_params[REGION_PARAM]
    elif st.query_params.get_all(REGION_PARAM) != [region]:
        st.query_params[REGION_PARAM] = region


def run() -> None:
    """Render the whole page."""
    st.html(f"<style>{_page_css()}</style>")
    try:
        diagram = cached_diagram()
        content = cached_content(diagram.region_ids(), content_dir())
    except (ContentError, GeometryError):
        st.title("bodymap")
        st.info(MAINTENANCE_MESSAGE, icon=":material/construction:")
        return

    known = content.region_ids()
    labels = {r.id: r.label for r in content.regions}
    _start_session(known)
    region = st.session_state.get(Keys.REGION)

    # The shim makes a tap hover before Plotly's click handler runs; without
    # it touch selections are one tap behind (plotly/plotly.js#1858).
    st.html(f"<script>{_touch_shim()}</script>", unsafe_allow_javascript=True)

    st.markdown(f"# {content.site.title}")
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
        figure = cached_figure(region, tuple(sorted(labels.items())))
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
