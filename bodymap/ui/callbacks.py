"""What a tap, pick, switch or link does to the session state.

The selected region lives in ``st.session_state[Keys.REGION]``, with the open
condition, whether its injection sites show, and the side of the body; the
map, the pickers and the URL all follow it. The widgets' ``on_*`` callbacks
here change it (Streamlit runs them before the script reruns), and so do the
few steps the page takes at the start of a run (:func:`open_link`,
:func:`show_tour_stop`, :func:`resolve_side`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import streamlit as st

from bodymap.model.content import TourStop
from bodymap.model.diagram import Diagram
from bodymap.model.sites import SiteSet, views_of
from bodymap.model.state import (
    STALE_WINDOW_S,
    DeepLink,
    Presenter,
    curve_from_selection,
    id_from_selection,
    is_stale_pick,
    keep_condition,
    link_params,
    region_for,
    side_for,
    sites_side,
)
from bodymap.ui import url_sync
from bodymap.ui.keys import Keys
from bodymap.vocabulary import FRONT, SIDES

ConditionRegions = Mapping[str, tuple[str, ...]]  # condition id -> the regions it is treated at


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
    condition_regions: ConditionRegions,
    from_picker: bool = False,
    from_map: bool = False,
) -> None:
    """A tapped or picked region: the open condition (and its injection
    sites) stays open while the region is one of its own."""
    condition = keep_condition(st.session_state.get(Keys.CONDITION), region, condition_regions)
    sites = condition is not None and bool(st.session_state.get(Keys.SITES))
    _select(region, condition=condition, from_picker=from_picker, from_map=from_map, sites=sites)


# ---------------------------------------------------------------- the widgets'


def on_map_select(
    chart_key: str,
    known: tuple[str, ...],
    condition_regions: ConditionRegions,
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
    # Plotly: move to a fresh chart then (see keys.map_chart_key).
    same_chart = last is None or last == view
    _select_region(region, condition_regions, from_map=same_chart)
    if same_chart:
        st.session_state[Keys.MAP_TAPPED_VIEW] = view
    st.session_state[Keys.SCROLL_TO_PANEL] = True


def on_picker_change(condition_regions: ConditionRegions) -> None:
    """A body area picked in the pills."""
    st.session_state[Keys.INTERACTED] = True
    value = st.session_state.get(Keys.PICKER)
    region = st.session_state.get(Keys.REGION)
    if value == region:
        # The picker reporting the region the map has just selected (the app
        # set it; the browser echoes it, https://github.com/streamlit/streamlit/issues/8365):
        # nothing changes, and a fresh map chart here would drop the tap just made.
        return
    if is_stale_pick(value, region, st.session_state.get(Keys.OVERRIDDEN, []), time.monotonic()):
        st.session_state[Keys.PICKER] = region  # put the picker back in step
        return
    _select_region(value, condition_regions, from_picker=True)
    st.session_state[Keys.SCROLL_TO_PANEL] = True


def on_side_change() -> None:
    """The Front / Back switch."""
    st.session_state[Keys.INTERACTED] = True
    st.session_state[Keys.SIDE] = st.session_state.get(Keys.SIDE_PICKER) or FRONT


def on_sites_switch(condition: str, key: str, regions: tuple[str, ...]) -> None:
    """A condition card's "show where the shots go" toggle."""
    on = bool(st.session_state.get(key))
    region = st.session_state.get(Keys.REGION)
    showing = bool(st.session_state.get(Keys.SITES)) and (
        st.session_state.get(Keys.CONDITION) == condition
    )
    # A rerun that interrupts a run can call the callback of a card that is no
    # longer on the panel, with its old value
    # (https://github.com/streamlit/streamlit/issues/8365): after a quick tap
    # from the jaw to the eyes, the jaw card's toggle opened its condition at
    # the eyes. Only a toggle on a card of this region that changes what the
    # map shows is the user's.
    if region not in regions or on == showing:
        return
    st.session_state[Keys.INTERACTED] = True
    _select(region, condition=condition, sites=on)
    if on:  # on a phone the map is above the card: bring it into view
        st.session_state[Keys.SCROLL_TO_MAP] = True


def on_back() -> None:
    """The "Back to the whole body" button."""
    st.session_state[Keys.INTERACTED] = True
    _select(None)


def _open_condition(condition: str, condition_regions: ConditionRegions) -> None:
    """Open a condition on the map, and bring the map back into view."""
    region = region_for(condition_regions[condition], st.session_state.get(Keys.REGION))
    _select(region, condition=condition)
    # The comparison sits below the map: bring the map and panel into view.
    st.session_state[Keys.SCROLL_TO_MAP] = True


def on_comparison_select(chart_key: str, condition_regions: ConditionRegions) -> None:
    """A tapped row of the comparison chart."""
    st.session_state[Keys.INTERACTED] = True
    chosen = id_from_selection(st.session_state.get(chart_key), condition_regions)
    if chosen is not None:
        # A new chart key for the next run: a fresh chart with no selection,
        # so tapping this row again selects it instead of toggling it off.
        st.session_state[Keys.COMPARISON_TAPS] = st.session_state.get(Keys.COMPARISON_TAPS, 0) + 1
        _open_condition(chosen, condition_regions)


def on_condition_pick(condition_regions: ConditionRegions) -> None:
    """A condition chosen (or cleared) in the list beside the pills."""
    st.session_state[Keys.INTERACTED] = True
    chosen = st.session_state.get(Keys.CONDITION_PICKER)
    if chosen in condition_regions:
        region = region_for(condition_regions[chosen], st.session_state.get(Keys.REGION))
        _select(region, condition=chosen)
        st.session_state[Keys.SCROLL_TO_PANEL] = True
    else:  # the list cleared: the region stays, the condition closes
        _select(st.session_state.get(Keys.REGION))


def on_search_open(condition: str, condition_regions: ConditionRegions) -> None:
    """Open a search result: its region and card, and clear the box."""
    st.session_state[Keys.INTERACTED] = True
    _select(region_for(condition_regions[condition], None), condition=condition)
    st.session_state[Keys.SEARCH] = ""
    st.session_state[Keys.SCROLL_TO_PANEL] = True


def on_present_switch(stops: int) -> None:
    """The presenter-mode toggle: on stage the URL is the state."""
    on = bool(st.session_state.get(Keys.PRESENT))
    current = url_sync.read_presenter(stops)
    url_sync.write_presenter(
        Presenter(on, current.step if current.on else 1, current.high_contrast)
    )
    if on:  # the tour decides what is shown
        url_sync.clear_link()


def on_contrast_switch(stops: int) -> None:
    """Presenter mode's high-contrast toggle."""
    current = url_sync.read_presenter(stops)
    contrast = bool(st.session_state.get(Keys.CONTRAST))
    url_sync.write_presenter(Presenter(True, current.step, contrast))


def on_tour_step(step: int, stops: int) -> None:
    """The tour's Previous and Next (and the arrow keys that press them)."""
    current = url_sync.read_presenter(stops)
    url_sync.write_presenter(Presenter(True, max(1, min(step, stops)), current.high_contrast))


# ------------------------------------------------------- at the start of a run


def open_link(link: DeepLink) -> None:
    """Open the region (condition, side and sites) a link or a Back/Forward step asks for."""
    _select(link.region, condition=link.condition, sites=link.sites)
    st.session_state[Keys.SIDE] = link.side
    st.session_state[Keys.NOTICE] = link.notices


def show_tour_stop(stop: TourStop, notice: str | None) -> None:
    """On stage the tour decides what is shown; the URL carries only the step.
    ``notice``: a text key, about a step the tour doesn't have."""
    st.session_state[Keys.REGION] = stop.region
    st.session_state[Keys.CONDITION] = stop.condition
    st.session_state[Keys.SITES] = False
    url_sync.mark_written(link_params(None, None))
    st.session_state[Keys.NOTICE] = (notice,) if notice else ()


def resolve_side(
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
