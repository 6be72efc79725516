"""The Streamlit page: the layout that wires the map, the pickers, the URL,
the panel and the comparison together.

``app.py`` calls :func:`run`. The selection (region, condition, side,
injection sites) is one value, ``callbacks.current()``; the map, the pickers,
the panel and the URL are all drawn from it, and each of them can change it.
What they do to it is in :mod:`bodymap.ui.callbacks`, the URL in :mod:`bodymap.ui.url_sync`, the
page's styles and scripts in :mod:`bodymap.ui.assets`, and the benchmarks'
run timing in :mod:`bodymap.ui.run_log`.
"""

from __future__ import annotations

import functools
import logging

# Imported here, once, before any session runs: plotly looks numpy up in
# sys.modules without waiting for an import in progress, so two first runs
# at once on a fresh server (a talk audience opening a link) could see a
# half-imported numpy and crash ("partially initialized module 'numpy' has
# no attribute 'ndarray'"; found by benchmarks/sessions.py under load).
# Upstream: the same race in plotly's get_module, reported for orjson with
# st.plotly_chart, https://github.com/plotly/plotly.py/issues/3567; its fix
# (https://github.com/plotly/plotly.py/pull/4562) covers only
# should_load=True, and plotly looks numpy up with should_load=False.
import numpy  # noqa: F401
import streamlit as st

from bodymap.model.app_data import AppData
from bodymap.model.diagram import GeometryError
from bodymap.model.fields import ContentError
from bodymap.model.sites import SiteError, SiteSet, number_labels, overlay_labels, overlay_points
from bodymap.model.state import Presenter, map_layout
from bodymap.model.strings import StringsError
from bodymap.model.timeline import COMPARISON_ORDERS
from bodymap.render.map_figure import PLOTLY_CONFIG
from bodymap.render.map_layout import tap_trace_views
from bodymap.ui import assets, callbacks, url_sync
from bodymap.ui.caching import app_data, cached_comparison, cached_figure, cached_highlight_css
from bodymap.ui.comparison import render_comparison
from bodymap.ui.downloads import keep_downloads
from bodymap.ui.finder import render_search
from bodymap.ui.keys import Keys, map_chart_key
from bodymap.ui.language import choose_language, render_language_switch, take_language_notice
from bodymap.ui.panel import md_text, render_overview, render_region_panel, render_sites_legend
from bodymap.ui.presenter import render_tour_controls, tour_step_title
from bodymap.ui.run_log import logged_run
from bodymap.ui.text import language, maintenance_texts, strings, text
from bodymap.vocabulary import ENGLISH, LANGUAGES, PATIENT_SIDE_KEYS, SIDES, VIEW_TITLE_KEYS

LOG = logging.getLogger(__name__)
MAP_AND_PANEL = "map_and_panel"  # the picker, map and panel: scrolled to after a comparison tap
PANEL = "panel"  # the details panel: scrolled to after a tap when it sits under the map
SIDE_WORDS = {"front": "map.front", "back": "map.back"}  # keys of the sides' names
# The map's words that come with the diagram: its side labels and views' titles.
DIAGRAM_WORD_KEYS = (*PATIENT_SIDE_KEYS, *VIEW_TITLE_KEYS.values())


def _maintenance(whole_page: bool = True) -> None:
    """Our short "being fixed" message instead of a traceback: for the whole
    page, or (``whole_page=False``) for the part that failed."""
    title, message = maintenance_texts()
    if whole_page:
        st.markdown(f"# {title}")
    st.info(message, icon=":material/construction:")


@logged_run
def run() -> None:
    """Render the whole page; never show a traceback to a patient."""
    keep_downloads()  # once per process: handout files outlive other sessions' clean-ups
    assets.page_styles(dark=st.context.theme.type == "dark")
    try:
        lang = choose_language()
        assets.page_language(lang)
        # The browser tab's title in the page's language (app.py set the
        # English one first; later calls override it).
        st.set_page_config(page_title=text("page.tab_title"))
        data = app_data(lang)
    except (ContentError, GeometryError, SiteError, StringsError):
        LOG.exception("bodymap content or diagram is invalid: run python -m bodymap.check")
        _maintenance()
        return
    except Exception:  # anything else: still our message, never a traceback
        LOG.exception("bodymap failed before drawing the page")
        _maintenance()
        return
    try:
        _render(data)
    except Exception:  # Streamlit's own rerun/stop signals are BaseExceptions and pass
        LOG.exception("bodymap page failed")
        _maintenance()


def _render(data: AppData) -> None:
    stops = data.content.tour.stops
    presenter = url_sync.read_presenter(len(stops))
    if presenter.on:
        callbacks.show_tour_stop(data, stops[presenter.step - 1], presenter.notice)
        assets.presenter_styles(presenter.high_contrast)
        url_sync.write_language(language())
    else:
        first_run = Keys.SELECTION not in st.session_state
        link = url_sync.link_to_follow(data, first_run)
        if link is not None:
            callbacks.open_link(data, link)
    # A link's unknown language is one of its notices: shown with them, and
    # gone with them at the next choice (callbacks._choose).
    language_notice = take_language_notice()
    if language_notice:
        st.session_state[Keys.NOTICE] = (*st.session_state.get(Keys.NOTICE, ()), language_notice)
    assets.touch_shim()
    assets.tap_paint(data, on_stage=presenter.on)
    _render_header(data, presenter)
    # The comparison below is drawn with the open condition; the map and
    # panel (a fragment) check it against their own before they draw.
    focus = st.session_state[Keys.COMPARISON_FOCUS] = callbacks.current().condition
    _map_and_panel(data, presenter.on)
    if not presenter.on:
        _render_comparison(data, focus)


def _render_header(data: AppData, presenter: Presenter) -> None:
    """One row for the title, the search box and the switch: the map must
    still fit on a 768 px tall tablet below them. On stage the stop's title
    gets a row of its own, above the tour's controls."""
    content = data.content
    stops = len(content.tour.stops)
    if presenter.on:
        st.markdown(f"# {md_text(tour_step_title(content, presenter))}")
        main_col, switch_col = st.columns([5, 2], vertical_alignment="center")
    else:
        title_col, main_col, switch_col = st.columns([2, 5, 2], vertical_alignment="center")
        with title_col:
            st.markdown(f"# {md_text(content.site.title)}")
    with switch_col:
        render_language_switch(language())
        st.session_state[Keys.PRESENT] = presenter.on
        st.toggle(
            text("presenter.mode"),
            key=Keys.PRESENT,
            on_change=callbacks.on_present_switch,
            args=(stops,),
        )
        if presenter.on:
            st.session_state[Keys.CONTRAST] = presenter.high_contrast
            st.toggle(
                text("presenter.high_contrast"),
                key=Keys.CONTRAST,
                on_change=callbacks.on_contrast_switch,
                args=(stops,),
            )
    with main_col:
        if presenter.on:
            render_tour_controls(content, presenter, on_step=callbacks.on_tour_step)
        else:
            render_search(
                content,
                lambda c: callbacks.on_search_open(c, data),
                functools.partial(_other_languages, data),
            )


def _other_languages(data: AppData) -> tuple:
    """The guide's content in its other languages (cached like this one's),
    for the words of distress search must hear in any of them. One that
    can't be loaded is left out: this page's own still work."""
    others = []
    for lang in LANGUAGES:
        if lang == data.content.language:
            continue
        try:
            others.append(app_data(lang).content)
        except (ContentError, GeometryError, SiteError):
            LOG.exception("bodymap content in %s is invalid: run python -m bodymap.check", lang)
    return tuple(others)


def _render_comparison(data: AppData, focus: str | None) -> None:
    """Every use on one time axis, with the open condition's row marked."""
    order = st.session_state.get(Keys.COMPARISON_ORDER) or COMPARISON_ORDERS[0]
    chart_key = f"{Keys.COMPARISON}_{st.session_state.get(Keys.COMPARISON_TAPS, 0)}"
    render_comparison(
        data.content,
        cached_comparison(data.content_fingerprint, order, focus, data.content, language()),
        chart_key=chart_key,
        on_select=lambda: callbacks.on_comparison_select(chart_key, data),
    )


@st.fragment
@logged_run
def _map_and_panel(data: AppData, on_stage: bool) -> None:
    """The map and panel (:func:`_draw_map_and_panel`), with the page's one
    error path: a fragment rerun (a tap) doesn't pass through :func:`run`'s
    handler, so a failure here would show Streamlit's own error box."""
    try:
        _draw_map_and_panel(data, on_stage)
    except Exception:  # Streamlit's rerun/stop signals are BaseExceptions and pass
        LOG.exception("bodymap map and panel failed")
        _maintenance(whole_page=False)


def _draw_map_and_panel(data: AppData, on_stage: bool) -> None:
    """The pickers, the map, the panel and the URL: what a tap changes.

    A fragment, so that a tap, pick or switch in it reruns only this part:
    the header and the comparison below are neither rebuilt on the server
    nor re-rendered by the browser (issue 6: the comparison alone cost ~50 ms
    of a tap's ~370 ms median, measured A/B in one run). A fragment rerun
    gets the arguments of the last whole-page run; everything that a tap
    changes is read from the session state here.
    """
    selection = callbacks.current()
    region, condition, side = selection.region, selection.condition, selection.side
    if not on_stage and condition != st.session_state.get(Keys.COMPARISON_FOCUS):
        # The open condition changed here (a pick, or a tap that closed it):
        # the comparison's marked row must follow, so run the whole page.
        st.rerun(scope="app")
    overlay = data.site_sets.get(condition) if selection.sites else None
    # Everything before the map keeps its place from run to run: an element
    # that comes and goes above it moves the map's place in the page, and
    # the browser then mounts the chart afresh and Plotly redraws all of it
    # (seen as a replaced chart after some taps, issue 17). So the messages
    # sit in one container drawn on every run, and the scroll scripts come
    # after the map and panel.
    with st.container():
        if st.session_state.pop(Keys.FAILED, False):
            _maintenance(whole_page=False)  # a callback failed (callbacks._guarded)
        notices = st.session_state.get(Keys.NOTICE)
        if notices:
            st.info(" ".join(text(key) for key in notices), icon=":material/link_off:")

    with st.container(key=MAP_AND_PANEL):
        if not on_stage:
            _render_pickers(data)
        map_col, panel_col = st.columns([11, 9], gap="medium")
    with map_col:
        _render_map(data, region, condition, overlay, side, on_stage)
    with panel_col, st.container(key=PANEL):
        _render_panel(data, region, condition, overlay, on_stage)
    if st.session_state.pop(Keys.SCROLL_TO_MAP, False):
        assets.scroll_to(MAP_AND_PANEL)
    if st.session_state.pop(Keys.SCROLL_TO_PANEL, False):
        assets.scroll_to(PANEL, only_when_stacked=True)
    if not on_stage:
        url_sync.sync_url(selection, language())


def _render_pickers(data: AppData) -> None:
    """The text way to choose, in one row: a body area, or a condition
    (which lights up every area it involves), and the side of the body."""
    content = data.content
    labels = content.region_labels()
    area_col, condition_col = st.columns([7, 3], vertical_alignment="top")
    # The container keeps one CSS class (.st-key-region_picker) while the
    # pills' own key changes with the selection (callbacks.widget_key).
    with area_col, st.container(key=Keys.PICKER):
        key = callbacks.mirrored(Keys.PICKER)
        st.pills(
            text("map.choose_area"),
            options=list(data.region_ids),
            format_func=lambda rid: labels[rid],
            key=key,
            on_change=callbacks.on_picker_change,
            args=(key, data),
            width="stretch",  # wraps onto a second row instead of scrolling sideways
        )
    with condition_col:
        names = {c.id: c.name for c in content.conditions}  # in alphabetical order
        key = callbacks.mirrored(Keys.CONDITION_PICKER)
        st.selectbox(
            text("map.choose_condition"),
            options=list(names),
            format_func=names.__getitem__,
            index=None,
            placeholder=text("map.condition_placeholder"),
            key=key,
            on_change=callbacks.on_condition_pick,
            args=(key, data),
        )
        # Under the list, beside the pills' second row: no extra height above the map.
        _render_side_switch(data)


def _render_side_switch(data: AppData) -> None:
    """Front or back of the body: the map turns around."""
    with st.container(key=Keys.SIDE_PICKER):  # one CSS class, as for the pills
        key = callbacks.mirrored(Keys.SIDE_PICKER)
        st.segmented_control(
            text("map.side_label"),
            options=list(SIDES),
            format_func=lambda side: text(SIDE_WORDS[side]),
            required=True,
            key=key,
            on_change=callbacks.on_side_change,
            args=(key, data),
            label_visibility="collapsed",
        )


def _render_map(
    data: AppData,
    region: str | None,
    condition: str | None,
    overlay: SiteSet | None,
    side: str,
    on_stage: bool,
) -> None:
    """The body map: the selected region, the open condition's other areas,
    and (if asked for) its typical injection sites with their legend."""
    content, diagram = data.content, data.diagram
    layout = map_layout(st.context.headers.get("User-Agent"))
    related = tuple(sorted(set(data.condition_regions.get(condition, ())) - {region}))
    view_ids = [v.view_id for v in diagram.side_views(side)]
    site_labels, key = ((), ())
    if overlay is not None:
        # Names on the close-up; numbers (with a key) on the small whole body.
        site_labels, key = number_labels(overlay_labels(overlay, view_ids), view_ids[0])
    # The same figure whatever is selected, so a tap doesn't redraw the chart:
    # the selection is painted by CSS (map_highlight.highlight_css).
    figure_key = (
        data.diagram_fingerprint,
        data.region_label_items + _diagram_word_items(),
        layout,
        side,
        overlay_points(overlay, view_ids) if overlay else (),
        site_labels,
    )
    figure = cached_figure(*figure_key)
    # While a tap waits for its run (assets/tap_paint.js marks the container
    # PENDING_CLASS and paints the tapped region itself), this CSS stands down.
    scope = f".st-key-{Keys.MAP}:not(.{assets.PENDING_CLASS})"
    highlight = cached_highlight_css(figure_key, region, related, scope, figure)
    chart_key = map_chart_key(callbacks.map_generation())
    with st.container(key=Keys.MAP):
        assets.style(highlight)
        st.plotly_chart(
            figure,
            key=chart_key,
            # In presenter mode the tour, not a stray tap, decides the region.
            on_select="ignore"
            if on_stage
            else functools.partial(
                callbacks.on_map_select,
                chart_key,
                data,
                tap_trace_views(figure),
            ),
            selection_mode="points",
            config=PLOTLY_CONFIG,
            theme=None,
        )
    if overlay is not None:
        render_sites_legend(content.condition(overlay.condition), overlay, diagram, side, key)
    elif not on_stage:
        st.caption(text("map.tap_hint"))


def _diagram_word_items() -> tuple[tuple[str, str], ...]:
    """The diagram's own words ("Patient's right", "Whole body (front)"),
    as the English catalog has them -> the words of this session's language."""
    english = strings(ENGLISH)
    return tuple((english.get(key), text(key)) for key in DIAGRAM_WORD_KEYS)


def _render_panel(
    data: AppData,
    region: str | None,
    condition: str | None,
    overlay: SiteSet | None,
    on_stage: bool,
) -> None:
    """The details panel: the overview, or the selected region's conditions."""
    if region is None:
        render_overview(data.content, data.site_sets)
        return
    if not on_stage:
        st.button(
            text("page.back"),
            key=Keys.BACK,
            icon=":material/arrow_back:",
            on_click=callbacks.on_back,
        )
    render_region_panel(
        data,
        region,
        focus=condition,
        only_focus=on_stage and condition is not None,
        sites_switch=None
        if on_stage
        else functools.partial(_render_sites_switch, data, condition, overlay),
        on_open=None if on_stage else functools.partial(callbacks.on_card_open, data=data),
    )


def _render_sites_switch(
    data: AppData,
    condition: str | None,
    overlay: SiteSet | None,
    condition_id: str,
) -> None:
    """A condition card's "show where the shots go" toggle, in step with the map."""
    site_set = data.site_sets.get(condition_id)
    if site_set is None:
        return
    key = f"{Keys.SITES_SWITCH}_{condition_id}"
    st.session_state[key] = overlay is not None and condition == condition_id
    st.toggle(
        text("map.show_sites"),
        key=key,
        on_change=callbacks.on_sites_switch,
        args=(condition_id, key, data),
        help=None,
    )
