"""What a tap, pick, switch or link does to the selection.

The selection (region, condition, side, injection sites) is one frozen
:class:`~bodymap.model.state.Selection` in ``st.session_state[Keys.SELECTION]``:
the one source of truth. The map, the pickers, the heading, the panel and
the URL are all drawn from it, and every change goes through :func:`_choose`,
which builds a selection that holds together (``AppData.selection``). The
widgets' ``on_*`` callbacks here change it (Streamlit runs them before the
script reruns), and so do the two steps the page takes at the start of a run
(:func:`open_link`, :func:`show_tour_stop`).

Widgets that mirror the selection (the region pills, the condition list,
the Front / Back switch, the map chart) get a fresh key whenever the
selection changes anywhere else (:func:`widget_key`). A request the browser
sent before it saw the change still carries the old widget's value: under
the old key, which this run no longer draws, so Streamlit drops it instead
of reporting it as a new choice. This replaces a 1.5 s "ignore echoes"
window that could both miss a slow echo and swallow a quick real tap.
Upstream, for old widget values reaching callbacks when a rerun cuts a run
short: https://github.com/streamlit/streamlit/issues/8365
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from bodymap.model.app_data import AppData
from bodymap.model.content import TourStop
from bodymap.model.state import (
    DeepLink,
    Presenter,
    Selection,
    curve_from_selection,
    id_from_selection,
    region_for,
)
from bodymap.ui import url_sync
from bodymap.ui.keys import Keys, map_chart_key
from bodymap.ui.text import language
from bodymap.vocabulary import FRONT

LOG = logging.getLogger(__name__)
P = ParamSpec("P")

# The widgets that show the selection, and the part of it each one shows.
MIRRORS: dict[str, Callable[[Selection], object]] = {
    Keys.PICKER: lambda s: s.region,
    Keys.CONDITION_PICKER: lambda s: s.condition,
    Keys.SIDE_PICKER: lambda s: s.side,
}


def current() -> Selection:
    """The selection this run shows (the overview before anything is chosen)."""
    return st.session_state.get(Keys.SELECTION) or Selection()


def widget_key(name: str) -> str:
    """The key a mirroring widget (one of :data:`MIRRORS`) has this run."""
    return f"{name}_{st.session_state.get(Keys.GENERATIONS, {}).get(name, 0)}"


def mirrored(name: str) -> str:
    """The key to draw mirroring widget ``name`` with this run, its value
    set from the selection (a widget only shows; the selection decides)."""
    key = widget_key(name)
    st.session_state[key] = MIRRORS[name](current())
    return key


def map_generation() -> int:
    """How many times the map chart has been replaced by a fresh one (see keys.map_chart_key)."""
    return st.session_state.get(Keys.GENERATIONS, {}).get(Keys.MAP, 0)


def _choose(new: Selection, source: str | None = None) -> None:
    """Make ``new`` the selection. ``source``: the widget the user changed
    (it already shows the new value and keeps its key); every other widget
    whose value changes gets a fresh key, and the map a fresh chart unless
    the tap was on it."""
    old = current()
    generations = dict(st.session_state.get(Keys.GENERATIONS, {}))
    for name, shown in MIRRORS.items():
        if name != source and shown(old) != shown(new):
            generations[name] = generations.get(name, 0) + 1
    if source != Keys.MAP and new != old:
        # A fresh chart with no point left selected: Plotly takes a tap on a
        # point still selected as "unselect" (keys.map_chart_key).
        generations[Keys.MAP] = generations.get(Keys.MAP, 0) + 1
        st.session_state[Keys.MAP_TAPPED_VIEW] = None
    st.session_state[Keys.GENERATIONS] = generations
    st.session_state[Keys.SELECTION] = new
    st.session_state[Keys.NOTICE] = ()


def _choose_region(data: AppData, region: str | None, source: str | None) -> None:
    """A tapped or picked region: the open condition (and its injection
    sites) stays open while the region is one of its own (AppData.selection
    closes it at a region that does not treat it)."""
    old = current()
    _choose(data.selection(region, old.condition, old.side, old.sites), source)


def _open_condition(data: AppData, condition: str, source: str | None = None) -> None:
    """Open a condition: at the current region if it is treated there, else its first."""
    region = region_for(data.condition_regions[condition], current().region)
    _choose(data.selection(region, condition, current().side), source)


# ---------------------------------------------------------------- the widgets'


def _guarded(callback: Callable[P, None]) -> Callable[P, None]:
    """The page's one error path for callbacks too: Streamlit runs them
    before the script, outside the page's handlers, and would show its own
    error box. Log the traceback once and let the page show its short
    maintenance message (``Keys.FAILED``); the selection stays as it was
    (:func:`_choose` sets it in one assignment)."""

    @functools.wraps(callback)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except Exception:  # Streamlit's rerun/stop signals are BaseExceptions and pass
            LOG.exception("bodymap %s failed", callback.__name__)
            st.session_state[Keys.FAILED] = True

    return guarded


def _is_stale(key: str, current_key: str) -> bool:
    """Is this the callback of a widget the last run replaced?

    Streamlit still calls the callback of a widget that the last run no
    longer drew, when a request the browser sent before it saw that run
    carries the old widget's value: after a map tap, the pills' old value
    arrived as a pick and took the region back. The key says which version
    of the widget the user saw: only the current one speaks for the user.
    """
    return key != current_key


@_guarded
def on_map_select(chart_key: str, data: AppData, tap_views: dict[int, str]) -> None:
    """A map tap. ``tap_views``: the view of each tap trace, by trace index."""
    if _is_stale(chart_key, map_chart_key(map_generation())):
        return
    event = st.session_state.get(chart_key)
    region = id_from_selection(event, data.region_ids)
    if region is None:  # an empty selection (a toggle-off tap, a redraw) keeps the region
        return
    view = tap_views.get(curve_from_selection(event))
    last = st.session_state.get(Keys.MAP_TAPPED_VIEW)
    # A tap in the other view leaves this view's earlier point selected in
    # Plotly: move to a fresh chart then (see keys.map_chart_key).
    same_chart = last is None or last == view
    _choose_region(data, region, Keys.MAP if same_chart else None)
    if same_chart:
        st.session_state[Keys.MAP_TAPPED_VIEW] = view
    st.session_state[Keys.SCROLL_TO_PANEL] = True


@_guarded
def on_picker_change(key: str, data: AppData) -> None:
    """A body area picked (or unpicked) in the pills."""
    if _is_stale(key, widget_key(Keys.PICKER)):
        return
    value = st.session_state.get(key)
    if value == current().region:
        return
    _choose_region(data, value, Keys.PICKER)
    st.session_state[Keys.SCROLL_TO_PANEL] = True


@_guarded
def on_side_change(key: str, data: AppData) -> None:
    """The Front / Back switch: the user's choice of side stands."""
    if _is_stale(key, widget_key(Keys.SIDE_PICKER)):
        return
    old = current()
    side = st.session_state.get(key) or FRONT
    chosen = data.selection(old.region, old.condition, side, old.sites, turn=False)
    _choose(chosen, Keys.SIDE_PICKER)


@_guarded
def on_sites_switch(condition: str, key: str, data: AppData) -> None:
    """A condition card's "show where the shots go" toggle."""
    on = bool(st.session_state.get(key))
    old = current()
    showing = old.sites and old.condition == condition
    # A rerun that interrupts a run can call the callback of a card that is no
    # longer on the panel, with its old value
    # (https://github.com/streamlit/streamlit/issues/8365): after a quick tap
    # from the jaw to the eyes, the jaw card's toggle opened its condition at
    # the eyes. Only a toggle on a card of this region that changes what the
    # map shows is the user's.
    if old.region not in data.condition_regions.get(condition, ()) or on == showing:
        return
    _choose(data.selection(old.region, condition, old.side, on))
    if on:  # on a phone the map is above the card: bring it into view
        st.session_state[Keys.SCROLL_TO_MAP] = True


@_guarded
def on_card_open(region: str, condition: str | None, data: AppData) -> None:
    """A compact card's button: open its condition's details here, or
    (``condition`` None) close them. A card of a region the selection has
    since left is not the user's (the stale-callback case of on_sites_switch)."""
    old = current()
    if old.region != region:
        return
    if condition is None and old.condition is None:
        return
    # Sites stay on only for the condition they were shown for.
    sites = old.sites and condition == old.condition
    _choose(data.selection(region, condition, old.side, sites))


@_guarded
def on_back() -> None:
    """The "Back to the whole body" button."""
    _choose(Selection(None, None, current().side))


@_guarded
def on_comparison_select(chart_key: str, data: AppData) -> None:
    """A tapped row of the comparison chart: open it, and bring the map
    (above the comparison) back into view."""
    chosen = id_from_selection(st.session_state.get(chart_key), data.condition_regions)
    if chosen is not None:
        # A new chart key for the next run: a fresh chart with no selection,
        # so tapping this row again selects it instead of toggling it off.
        st.session_state[Keys.COMPARISON_TAPS] = st.session_state.get(Keys.COMPARISON_TAPS, 0) + 1
        _open_condition(data, chosen)
        st.session_state[Keys.SCROLL_TO_MAP] = True


@_guarded
def on_condition_pick(key: str, data: AppData) -> None:
    """A condition chosen (or cleared) in the list beside the pills."""
    if _is_stale(key, widget_key(Keys.CONDITION_PICKER)):
        return
    chosen = st.session_state.get(key)
    if chosen in data.condition_regions:
        _open_condition(data, chosen, Keys.CONDITION_PICKER)
        st.session_state[Keys.SCROLL_TO_PANEL] = True
    else:  # the list cleared: the region stays, the condition closes
        old = current()
        _choose(data.selection(old.region, None, old.side), Keys.CONDITION_PICKER)


@_guarded
def on_search_open(condition: str, data: AppData) -> None:
    """Open a search result: its region and card, and clear the box."""
    region = region_for(data.condition_regions[condition], None)
    _choose(data.selection(region, condition, current().side))
    st.session_state[Keys.SEARCH] = ""
    st.session_state[Keys.SCROLL_TO_PANEL] = True


@_guarded
def on_present_switch(stops: int) -> None:
    """The presenter-mode toggle: on stage the URL is the state."""
    on = bool(st.session_state.get(Keys.PRESENT))
    current_mode = url_sync.read_presenter(stops)
    step = current_mode.step if current_mode.on else 1
    # One write: the tour decides what is shown, so the selection leaves the URL.
    url_sync.write_presenter(
        Presenter(on, step, current_mode.high_contrast), language(), clear_link=on
    )


@_guarded
def on_contrast_switch(stops: int) -> None:
    """Presenter mode's high-contrast toggle."""
    mode = url_sync.read_presenter(stops)
    contrast = bool(st.session_state.get(Keys.CONTRAST))
    url_sync.write_presenter(Presenter(True, mode.step, contrast), language())


@_guarded
def on_tour_step(step: int, stops: int) -> None:
    """The tour's Previous and Next (and the arrow keys that press them)."""
    mode = url_sync.read_presenter(stops)
    url_sync.write_presenter(
        Presenter(True, max(1, min(step, stops)), mode.high_contrast), language()
    )


# ------------------------------------------------------- at the start of a run


def open_link(data: AppData, link: DeepLink) -> None:
    """Show what a link (or a Back/Forward step) asks for, with its notices."""
    _choose(data.selection(link.region, link.condition, link.side, link.sites))
    st.session_state[Keys.NOTICE] = link.notices


def show_tour_stop(data: AppData, stop: TourStop, notice: str | None) -> None:
    """On stage the tour decides what is shown; the URL carries only the step.
    ``notice``: a text key, about a step the tour doesn't have."""
    wanted = data.selection(stop.region, stop.condition, current().side)
    if st.session_state.get(Keys.SELECTION) != wanted:
        _choose(wanted)
    st.session_state[Keys.NOTICE] = (notice,) if notice else ()
