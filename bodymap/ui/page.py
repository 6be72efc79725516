"""The Streamlit page: wiring the map, the picker, the URL and the panel.

``app.py`` calls :func:`run`. The selected region lives in
``st.session_state[Keys.REGION]``; the map, the picker and the URL all follow
it, and each of them can change it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable

# Imported here, once, before any session runs: plotly looks numpy up in
# sys.modules without waiting for an import in progress, so two first runs
# at once on a fresh server (a talk audience opening a link) could see a
# half-imported numpy and crash ("partially initialized module 'numpy' has
# no attribute 'ndarray'"; found by benchmarks/sessions.py under load).
import numpy  # noqa: F401
import streamlit as st

from bodymap.model.content import Content, ContentError
from bodymap.model.geometry import Diagram, GeometryError
from bodymap.model.sites import (
    SiteError,
    SiteSet,
    number_labels,
    overlay_labels,
    overlay_points,
    views_of,
)
from bodymap.model.state import (
    LINK_PARAMS,
    PRESENTER_PARAMS,
    STALE_WINDOW_S,
    Keys,
    Presenter,
    curve_from_selection,
    id_from_selection,
    is_stale_pick,
    keep_condition,
    link_params,
    map_chart_key,
    map_layout,
    parse_presenter,
    presenter_params,
    region_for,
    side_for,
    sites_side,
    url_navigation,
)
from bodymap.model.timeline import COMPARISON_ORDERS
from bodymap.render.map_figure import PLOTLY_CONFIG, tap_trace_views
from bodymap.ui.caching import (
    cached_comparison,
    cached_content,
    cached_diagram,
    cached_figure,
    cached_highlight_css,
    cached_site_sets,
    content_dir,
    file_fingerprint,
)
from bodymap.ui.finder import render_search
from bodymap.ui.panel import (
    md_text,
    render_comparison,
    render_overview,
    render_region_panel,
    render_sites_legend,
)
from bodymap.ui.presenter import render_tour_controls, tour_step_title
from bodymap.vocabulary import ASSETS_DIR, DIAGRAM_PATH, FRONT, SIDES

LOG = logging.getLogger(__name__)
MAP_AND_PANEL = "map_and_panel"  # the picker, map and panel: scrolled to after a comparison tap
PANEL = "panel"  # the details panel: scrolled to after a tap when it sits under the map
STACKED_MAX_WIDTH = 900  # px: page.css stacks the map above the panel up to this width
MAINTENANCE_MESSAGE = (
    "This guide is being updated and can't be shown right now. Please try again later."
)


@functools.cache
def _asset_text(name: str) -> str:
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def _maintenance() -> None:
    st.markdown("# bodymap")
    st.info(MAINTENANCE_MESSAGE, icon=":material/construction:")


# ------------------------------------------------------------------ callbacks


def _select(
    region: str | None,
    *,
    condition: str | None = None,
    from_picker: bool = False,
    from_map: bool = False,
    sites: bool = False,
) -> None:
    """Make ``region`` (or the overview, for None) the selection everywhere,
    with ``condition`` (one treated there) opened first in the panel, and
    its injection sites on the map if ``sites``."""
    if not from_map:  # a fresh map chart, with no point left selected (map_chart_key)
        st.session_state[Keys.MAP_GENERATION] = st.session_state.get(Keys.MAP_GENERATION, 0) + 1
        st.session_state[Keys.MAP_TAPPED_VIEW] = None
    st.session_state[Keys.REGION] = region
    st.session_state[Keys.CONDITION] = condition if region else None
    st.session_state[Keys.SITES] = bool(sites and st.session_state[Keys.CONDITION])
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


def _select_region(
    region: str | None,
    condition_regions: dict[str, tuple[str, ...]],
    from_picker: bool = False,
    from_map: bool = False,
) -> None:
    """A tapped or picked region: the open condition (and its injection
    sites) stays open while the region is one of its own."""
    condition = keep_condition(st.session_state.get(Keys.CONDITION), region, condition_regions)
    sites = condition is not None and bool(st.session_state.get(Keys.SITES))
    _select(region, condition=condition, from_picker=from_picker, from_map=from_map, sites=sites)


def _on_map_select(
    chart_key: str,
    known: tuple[str, ...],
    condition_regions: dict[str, tuple[str, ...]],
    tap_views: dict[int, str],
) -> None:
    """A map tap. ``tap_views``: the view of each tap trace, by trace index."""
    st.session_state[Keys.INTERACTED] = True
    event = st.session_state.get(chart_key)
    region = id_from_selection(event, known)
    if region is None:  # an empty selection (a toggle-off tap, a redraw) keeps the region
        return
    view = tap_views.get(curve_from_selection(event))
    last = st.session_state.get(Keys.MAP_TAPPED_VIEW)
    # A tap in the other view leaves this view's earlier point selected in
    # Plotly: move to a fresh chart then (see state.map_chart_key).
    same_chart = last is None or last == view
    _select_region(region, condition_regions, from_map=same_chart)
    if same_chart:
        st.session_state[Keys.MAP_TAPPED_VIEW] = view
    st.session_state[Keys.SCROLL_TO_PANEL] = True


def _on_picker_change(condition_regions: dict[str, tuple[str, ...]]) -> None:
    st.session_state[Keys.INTERACTED] = True
    value = st.session_state.get(Keys.PICKER)
    region = st.session_state.get(Keys.REGION)
    if value == region:
        # The picker reporting the region the map has just selected (the app
        # set it; the browser echoes it, streamlit/streamlit#8365): nothing
        # changes, and a fresh map chart here would drop the tap just made.
        return
    if is_stale_pick(value, region, st.session_state.get(Keys.OVERRIDDEN, []), time.monotonic()):
        st.session_state[Keys.PICKER] = region  # put the picker back in step
        return
    _select_region(value, condition_regions, from_picker=True)
    st.session_state[Keys.SCROLL_TO_PANEL] = True


def _on_side_change() -> None:
    st.session_state[Keys.INTERACTED] = True
    st.session_state[Keys.SIDE] = st.session_state.get(Keys.SIDE_PICKER) or FRONT


def _on_sites_switch(condition: str, key: str, regions: tuple[str, ...]) -> None:
    """A condition card's "show where the shots go" toggle."""
    on = bool(st.session_state.get(key))
    region = st.session_state.get(Keys.REGION)
    showing = bool(st.session_state.get(Keys.SITES)) and (
        st.session_state.get(Keys.CONDITION) == condition
    )
    # A rerun that interrupts a run can call the callback of a card that is no
    # longer on the panel, with its old value (streamlit/streamlit#8365): after
    # a quick tap from the jaw to the eyes, the jaw card's toggle opened its
    # condition at the eyes. Only a toggle on a card of this region that
    # changes what the map shows is the user's.
    if region not in regions or on == showing:
        return
    st.session_state[Keys.INTERACTED] = True
    _select(region, condition=condition, sites=on)
    if on:  # on a phone the map is above the card: bring it into view
        st.session_state[Keys.SCROLL_TO_MAP] = True


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
        region = region_for(condition_regions[chosen], st.session_state.get(Keys.REGION))
        _select(region, condition=chosen)
        st.session_state[Keys.SCROLL_TO_PANEL] = True
    else:  # the list cleared: the region stays, the condition closes
        _select(st.session_state.get(Keys.REGION))


def _on_search_open(condition: str, condition_regions: dict[str, tuple[str, ...]]) -> None:
    """Open a search result: its region and card, and clear the box."""
    st.session_state[Keys.INTERACTED] = True
    _select(region_for(condition_regions[condition], None), condition=condition)
    st.session_state[Keys.SEARCH] = ""
    st.session_state[Keys.SCROLL_TO_PANEL] = True


def _set_presenter(presenter: Presenter) -> None:
    """Write presenter mode to the URL: in presenter mode the URL is the state."""
    _write_url(presenter_params(presenter), _presenter_values())


def _on_present_switch(stops: int) -> None:
    on = bool(st.session_state.get(Keys.PRESENT))
    current = parse_presenter(_presenter_values(), stops)
    _set_presenter(Presenter(on, current.step if current.on else 1, current.high_contrast))
    if on:  # the tour decides what is shown
        _write_url(link_params(None, None), _url_values())


def _on_contrast_switch(stops: int) -> None:
    current = parse_presenter(_presenter_values(), stops)
    contrast = bool(st.session_state.get(Keys.CONTRAST))
    _set_presenter(Presenter(True, current.step, contrast))


def _on_tour_step(step: int, stops: int) -> None:
    current = parse_presenter(_presenter_values(), stops)
    _set_presenter(Presenter(True, max(1, min(step, stops)), current.high_contrast))


# ----------------------------------------------------------------------- page


def _url_values() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in LINK_PARAMS}


def _presenter_values() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in PRESENTER_PARAMS}


def _follow_url(
    known: tuple[str, ...],
    condition_regions: dict[str, tuple[str, ...]],
    with_sites: tuple[str, ...],
) -> None:
    """Open the region (condition, side and sites) a link or a Back/Forward step asks for."""
    written = st.session_state.get(Keys.URL_WRITTEN)
    since = time.monotonic() - st.session_state.get(Keys.URL_WRITTEN_AT, 0.0)
    link = url_navigation(
        _url_values(),
        written,
        bool(st.session_state.pop(Keys.INTERACTED, False)),
        since,
        known,
        condition_regions,
        with_sites,
    )
    if link is not None:
        _select(link.region, condition=link.condition, sites=link.sites)
        st.session_state[Keys.SIDE] = link.side
        st.session_state[Keys.NOTICE] = link.notice


def _write_url(wanted: dict[str, list[str]], current: dict[str, list[str]]) -> None:
    """Set or remove each URL query key whose values differ from ``wanted``."""
    for key, values in wanted.items():
        if current[key] != values:
            if values:
                st.query_params[key] = values[0]
            else:
                del st.query_params[key]


def _sync_url(region: str | None, condition: str | None, side: str, sites: bool) -> None:
    """Mirror the selection in the URL so the page can be shared."""
    wanted = link_params(region, condition, side, sites)
    _write_url(wanted, _url_values())
    if st.session_state.get(Keys.URL_WRITTEN) != wanted:
        st.session_state[Keys.URL_WRITTEN] = wanted
        st.session_state[Keys.URL_WRITTEN_AT] = time.monotonic()


# Benchmarks set this to a file: each script run appends its duration in ms
# (benchmarks/README.md). Unset in normal use: no cost beyond one check.
RUN_LOG = os.environ.get("BODYMAP_RUN_LOG")


# Is this thread inside a logged run already? A fragment drawn as part of a
# whole-page run is timed with it, not again on its own.
_IN_LOGGED_RUN = threading.local()


def _logged_run(render: Callable[..., None]) -> Callable[..., None]:
    """With ``RUN_LOG`` set, append each script run's duration to it: a
    whole-page run, or a fragment's rerun of its own part."""

    @functools.wraps(render)
    def logged(*args, **kwargs) -> None:
        if not RUN_LOG or getattr(_IN_LOGGED_RUN, "on", False):
            render(*args, **kwargs)
            return
        started = time.perf_counter()
        _IN_LOGGED_RUN.on = True
        try:
            render(*args, **kwargs)
        finally:
            _IN_LOGGED_RUN.on = False
            # A rerun cut short by a newer event ends here too: still a real run.
            with open(RUN_LOG, "a", encoding="utf-8") as log:
                log.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")

    return logged


@_logged_run
def run() -> None:
    """Render the whole page; never show a traceback to a patient."""
    st.html(f"<style>{_asset_text('page.css')}</style>")
    if st.context.theme.type == "dark":
        st.html(f"<style>{_asset_text('dark.css')}</style>")
    try:
        diagram_fp = file_fingerprint(DIAGRAM_PATH)
        diagram = cached_diagram(diagram_fp)
        root = content_dir()
        content_fp = file_fingerprint(root)
        content = cached_content(diagram.region_ids(), str(root), content_fp)
        site_sets = cached_site_sets(str(root), diagram_fp, content_fp, diagram, content)
    except (ContentError, GeometryError, SiteError):
        LOG.exception("bodymap content or diagram is invalid: run python -m bodymap.check")
        _maintenance()
        return
    try:
        _render(content, diagram, site_sets, diagram_fp, content_fp)
    except Exception:  # Streamlit's own rerun/stop signals are BaseExceptions and pass
        LOG.exception("bodymap page failed")
        _maintenance()


def _resolve_side(
    region: str | None,
    condition: str | None,
    sites: SiteSet | None,
    diagram: Diagram,
) -> str:
    """The side of the body to draw: turned to show a newly chosen region (or
    its injection sites) when the current side can't; the user's own choice
    of side otherwise stands."""
    side = st.session_state.get(Keys.SIDE) or FRONT
    wanted = (region, condition, sites is not None)
    if st.session_state.get(Keys.SIDE_RESOLVED) != wanted:
        drawn = {s: [r for v in diagram.side_views(s) for r in v.tappable_ids()] for s in SIDES}
        side = side_for(region, side, drawn)
        if sites is not None:
            side = sites_side(side, {diagram.view(v).side for v in views_of(sites)})
        st.session_state[Keys.SIDE_RESOLVED] = wanted
    st.session_state[Keys.SIDE] = side
    return side


def _render(
    content: Content,
    diagram: Diagram,
    site_sets: dict[str, SiteSet],
    diagram_fp: str,
    content_fp: str,
) -> None:
    known = content.region_ids()
    condition_regions = content.condition_regions()
    stops = content.tour.stops
    presenter = parse_presenter(_presenter_values(), len(stops))
    if presenter.on:
        # The tour decides what is shown; the URL carries only the step.
        stop = stops[presenter.step - 1]
        st.session_state[Keys.REGION] = stop.region
        st.session_state[Keys.CONDITION] = stop.condition
        st.session_state[Keys.SITES] = False
        st.session_state[Keys.URL_WRITTEN] = link_params(None, None)
        st.session_state[Keys.URL_WRITTEN_AT] = time.monotonic()
        st.session_state[Keys.NOTICE] = presenter.notice
        st.html(f"<style>{_asset_text('presenter.css')}</style>")
        if presenter.high_contrast:
            st.html(f"<style>{_asset_text('high_contrast.css')}</style>")
    else:
        _follow_url(known, condition_regions, tuple(site_sets))
    # The shim makes a tap hover before Plotly's click handler runs; without
    # it touch selections are one tap behind (plotly/plotly.js#1858).
    st.html(f"<script>{_asset_text('touch_shim.js')}</script>", unsafe_allow_javascript=True)

    # One row for the title, the search box and the switch: the map must
    # still fit on a 768 px tall tablet below them. On stage the stop's title
    # gets a row of its own, above the tour's controls.
    if presenter.on:
        st.markdown(f"# {md_text(tour_step_title(content, presenter))}")
        main_col, switch_col = st.columns([5, 2], vertical_alignment="center")
    else:
        title_col, main_col, switch_col = st.columns([2, 5, 2], vertical_alignment="center")
        with title_col:
            st.markdown(f"# {md_text(content.site.title)}")
    with switch_col:
        st.session_state[Keys.PRESENT] = presenter.on
        st.toggle(
            "Presenter mode",
            key=Keys.PRESENT,
            on_change=_on_present_switch,
            args=(len(stops),),
        )
        if presenter.on:
            st.session_state[Keys.CONTRAST] = presenter.high_contrast
            st.toggle(
                "High contrast",
                key=Keys.CONTRAST,
                on_change=_on_contrast_switch,
                args=(len(stops),),
            )
    with main_col:
        if presenter.on:
            render_tour_controls(content, presenter, on_step=_on_tour_step)
        else:
            render_search(content, lambda c: _on_search_open(c, condition_regions))
    # The comparison below is drawn with the open condition; the map and
    # panel (a fragment) check it against their own before they draw.
    focus = st.session_state[Keys.COMPARISON_FOCUS] = st.session_state.get(Keys.CONDITION)
    _map_and_panel(content, diagram, site_sets, diagram_fp, content_fp, presenter.on)
    if not presenter.on:
        order = st.session_state.get(Keys.COMPARISON_ORDER) or COMPARISON_ORDERS[0]
        chart_key = f"{Keys.COMPARISON}_{st.session_state.get(Keys.COMPARISON_TAPS, 0)}"
        render_comparison(
            content,
            cached_comparison(content_fp, order, focus, content),
            chart_key=chart_key,
            on_select=lambda: _on_comparison_select(chart_key, condition_regions),
        )


@st.fragment
@_logged_run
def _map_and_panel(
    content: Content,
    diagram: Diagram,
    site_sets: dict[str, SiteSet],
    diagram_fp: str,
    content_fp: str,
    on_stage: bool,
) -> None:
    """The pickers, the map, the panel and the URL: what a tap changes.

    A fragment, so that a tap, pick or switch in it reruns only this part:
    the header and the comparison below are neither rebuilt on the server
    nor re-rendered by the browser (issue 6: the comparison alone cost ~50 ms
    of a tap's ~370 ms median, measured A/B in one run). A fragment rerun
    gets the arguments of the last whole-page run; everything that a tap
    changes is read from the session state here.
    """
    condition_regions = content.condition_regions()
    # Only a tap, pick or switch in here starts a rerun of this part alone
    # (a whole-page run has already taken the flag, in _follow_url).
    st.session_state.pop(Keys.INTERACTED, None)
    region = st.session_state.get(Keys.REGION)
    condition = st.session_state.get(Keys.CONDITION)
    if not on_stage and condition != st.session_state.get(Keys.COMPARISON_FOCUS):
        # The open condition changed here (a pick, or a tap that closed it):
        # the comparison's marked row must follow, so run the whole page.
        st.rerun(scope="app")
    overlay = site_sets.get(condition) if st.session_state.get(Keys.SITES) else None
    side = _resolve_side(region, condition, overlay, diagram)
    if st.session_state.pop(Keys.SCROLL_TO_MAP, False):
        _scroll_to(MAP_AND_PANEL)
    if st.session_state.pop(Keys.SCROLL_TO_PANEL, False):
        _scroll_to(PANEL, only_when_stacked=True)
    notice = st.session_state.get(Keys.NOTICE)
    if notice:
        st.info(notice, icon=":material/link_off:")

    with st.container(key=MAP_AND_PANEL):
        if not on_stage:
            _render_pickers(content, condition_regions)
        map_col, panel_col = st.columns([11, 9], gap="medium")
    with map_col:
        _render_map(
            content,
            diagram,
            diagram_fp,
            region,
            condition,
            overlay,
            side,
            on_stage,
            condition_regions,
        )
    with panel_col, st.container(key=PANEL):
        if region is None:
            render_overview(content)
        else:
            if not on_stage:
                st.button(
                    "Back to the whole body",
                    key=Keys.BACK,
                    icon=":material/arrow_back:",
                    on_click=_on_back,
                )
            render_region_panel(
                content,
                region,
                content_fp,
                focus=condition,
                only_focus=on_stage and condition is not None,
                sites_switch=None
                if on_stage
                else functools.partial(
                    _render_sites_switch, site_sets, condition, overlay, condition_regions
                ),
            )
    if not on_stage:
        _sync_url(region, condition, side, overlay is not None)


SIDE_WORDS = {"front": "Front", "back": "Back"}


def _render_pickers(content: Content, condition_regions: dict[str, tuple[str, ...]]) -> None:
    """The text way to choose, in one row: a body area, or a condition
    (which lights up every area it involves), and the side of the body."""
    labels = content.region_labels()
    area_col, condition_col = st.columns([7, 3], vertical_alignment="top")
    with area_col:
        st.pills(
            "Choose a body area",
            options=list(content.region_ids()),
            format_func=lambda rid: labels[rid],
            key=Keys.PICKER,
            on_change=_on_picker_change,
            args=(condition_regions,),
            width="stretch",  # wraps onto a second row instead of scrolling sideways
        )
    with condition_col:
        names = {c.id: c.name for c in sorted(content.conditions, key=lambda c: c.name)}
        st.selectbox(
            "Or choose a condition",
            options=list(names),
            format_func=names.__getitem__,
            index=None,
            placeholder="Every area it involves",
            key=Keys.CONDITION_PICKER,
            on_change=_on_condition_pick,
            args=(condition_regions,),
        )
        # Under the list, beside the pills' second row: no extra height above the map.
        _render_side_switch()


def _render_side_switch() -> None:
    """Front or back of the body: the map turns around."""
    st.session_state[Keys.SIDE_PICKER] = st.session_state.get(Keys.SIDE) or FRONT
    st.segmented_control(
        "Show the body from the",
        options=list(SIDES),
        format_func=SIDE_WORDS.__getitem__,
        required=True,
        key=Keys.SIDE_PICKER,
        on_change=_on_side_change,
        label_visibility="collapsed",
    )


def _render_map(
    content: Content,
    diagram: Diagram,
    diagram_fp: str,
    region: str | None,
    condition: str | None,
    overlay: SiteSet | None,
    side: str,
    on_stage: bool,
    condition_regions: dict[str, tuple[str, ...]],
) -> None:
    """The body map: the selected region, the open condition's other areas,
    and (if asked for) its typical injection sites with their legend."""
    layout = map_layout(st.context.headers.get("User-Agent"))
    related = tuple(sorted(set(condition_regions.get(condition, ())) - {region}))
    view_ids = [v.view_id for v in diagram.side_views(side)]
    site_labels, key = ((), ())
    if overlay is not None:
        # Names on the close-up; numbers (with a key) on the small whole body.
        site_labels, key = number_labels(overlay_labels(overlay, view_ids), view_ids[0])
    # The same figure whatever is selected, so a tap doesn't redraw the chart:
    # the selection is painted by CSS (figure.highlight_css).
    figure_key = (
        diagram_fp,
        tuple(sorted(content.region_labels().items())),
        layout,
        side,
        overlay_points(overlay, view_ids) if overlay else (),
        site_labels,
    )
    figure = cached_figure(*figure_key)
    highlight = cached_highlight_css(figure_key, region, related, f".st-key-{Keys.MAP}", figure)
    chart_key = map_chart_key(st.session_state.get(Keys.MAP_GENERATION, 0))
    with st.container(key=Keys.MAP):
        st.html(f"<style>{highlight}</style>")
        st.plotly_chart(
            figure,
            key=chart_key,
            # In presenter mode the tour, not a stray tap, decides the region.
            on_select="ignore"
            if on_stage
            else functools.partial(
                _on_map_select,
                chart_key,
                content.region_ids(),
                condition_regions,
                tap_trace_views(figure),
            ),
            selection_mode="points",
            config=PLOTLY_CONFIG,
            theme=None,
        )
    if overlay is not None:
        render_sites_legend(content.condition(overlay.condition), overlay, diagram, side, key)
    elif not on_stage:
        st.caption("Tap a shaded area of the body, or choose from the lists above.")


def _render_sites_switch(
    site_sets: dict[str, SiteSet],
    condition: str | None,
    overlay: SiteSet | None,
    condition_regions: dict[str, tuple[str, ...]],
    condition_id: str,
) -> None:
    """A condition card's "show where the shots go" toggle, in step with the map."""
    site_set = site_sets.get(condition_id)
    if site_set is None:
        return
    key = f"{Keys.SITES_SWITCH}_{condition_id}"
    st.session_state[key] = overlay is not None and condition == condition_id
    st.toggle(
        "Show where the shots usually go",
        key=key,
        on_change=_on_sites_switch,
        args=(condition_id, key, condition_regions[condition_id]),
        help=None,
    )


def _scroll_to(target: str, only_when_stacked: bool = False) -> None:
    """Scroll a keyed container into view (once, in this run).

    ``only_when_stacked``: only when the panel sits under the map (narrow
    screens), where a tap would otherwise change a panel the user can't see.
    """
    # A fresh nonce makes this a new element, so the script runs every time;
    # the function scope keeps its names out of the page's globals. The page
    # below the target is still being replaced while the run streams in, and
    # the browser's scroll anchoring can pull the view back down, so scroll
    # again a few times until the run has settled, unless the user has
    # touched or scrolled meanwhile.
    nonce = time.monotonic_ns()
    stacked = f"(window.parent || window).innerWidth <= {STACKED_MAX_WIDTH}"
    st.html(
        f"""<script data-nonce="{nonce}">
        (function () {{
          var doc = window.parent.document || document, moved = false;
          if ({"!(" + stacked + ")" if only_when_stacked else "false"}) return;
          function stop() {{ moved = true; }}
          doc.addEventListener("touchstart", stop, {{once: true, capture: true}});
          doc.addEventListener("wheel", stop, {{once: true, capture: true}});
          // While this runs the page says so, for tests that must not tap
          // a spot the page is about to scroll away (tests/browser/conftest.py).
          var root = doc.documentElement;
          root.dataset.bodymapScrolling = "{nonce}";
          function scroll() {{
            var target = doc.querySelector(".st-key-{target}");
            if (!target || moved) return;
            // Scroll by whole pixels, rounded down, so the target's top lands
            // at or just below the screen's top edge, never a fraction above.
            var scroller = doc.querySelector('[data-testid="stMain"]');
            var top = Math.floor(target.getBoundingClientRect().top);
            if (scroller) scroller.scrollBy(0, top);
            else target.scrollIntoView({{block: "start", behavior: "instant"}});
          }}
          [0, 200, 500].forEach(function (ms) {{ setTimeout(scroll, ms); }});
          setTimeout(function () {{
            if (root.dataset.bodymapScrolling === "{nonce}") delete root.dataset.bodymapScrolling;
          }}, 520);
        }})();
        </script>""",
        unsafe_allow_javascript=True,
    )
