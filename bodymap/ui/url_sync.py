"""The URL: what a link or a Back/Forward step asks for, and the selection
written back so the page can be shared.

The pure parsing is in :mod:`bodymap.model.state`; here it meets
``st.query_params`` and the session state. In presenter mode the URL is the
state: ``mode=present&step=N`` (see :func:`bodymap.model.state.parse_presenter`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import streamlit as st

from bodymap.model.state import (
    LINK_PARAMS,
    PRESENTER_PARAMS,
    DeepLink,
    Presenter,
    link_params,
    parse_presenter,
    presenter_params,
    url_navigation,
)
from bodymap.ui.keys import Keys


def url_values() -> dict[str, list[str]]:
    """The URL's selection values (region, condition, view, sites)."""
    return {key: st.query_params.get_all(key) for key in LINK_PARAMS}


def presenter_values() -> dict[str, list[str]]:
    """The URL's presenter-mode values (mode, step, contrast)."""
    return {key: st.query_params.get_all(key) for key in PRESENTER_PARAMS}


def read_presenter(stops: int) -> Presenter:
    """Presenter mode as the URL has it, for a tour of ``stops`` stops."""
    return parse_presenter(presenter_values(), stops)


def write_url(wanted: dict[str, list[str]], current: dict[str, list[str]]) -> None:
    """Set or remove each URL query key whose values differ from ``wanted``."""
    for key, values in wanted.items():
        if current[key] != values:
            if values:
                st.query_params[key] = values[0]
            else:
                del st.query_params[key]


def write_presenter(presenter: Presenter) -> None:
    """Write presenter mode to the URL: in presenter mode the URL is the state."""
    write_url(presenter_params(presenter), presenter_values())


def clear_link() -> None:
    """Take the selection out of the URL (the tour decides what is shown)."""
    write_url(link_params(None, None), url_values())


def mark_written(wanted: dict[str, list[str]]) -> None:
    """Remember ``wanted`` as what the app last put in the URL, and when."""
    st.session_state[Keys.URL_WRITTEN] = wanted
    st.session_state[Keys.URL_WRITTEN_AT] = time.monotonic()


def link_to_follow(
    known: tuple[str, ...],
    condition_regions: Mapping[str, tuple[str, ...]],
    with_sites: tuple[str, ...],
) -> DeepLink | None:
    """The region (condition, side and sites) a link or a Back/Forward step
    asks for this run, or None (see :func:`bodymap.model.state.url_navigation`).

    Takes the "a tap, pick or button started this run" flag as it reads it.
    """
    written = st.session_state.get(Keys.URL_WRITTEN)
    since = time.monotonic() - st.session_state.get(Keys.URL_WRITTEN_AT, 0.0)
    return url_navigation(
        url_values(),
        written,
        bool(st.session_state.pop(Keys.INTERACTED, False)),
        since,
        known,
        condition_regions,
        with_sites,
    )


def sync_url(region: str | None, condition: str | None, side: str, sites: bool) -> None:
    """Mirror the selection in the URL so the page can be shared."""
    wanted = link_params(region, condition, side, sites)
    write_url(wanted, url_values())
    if st.session_state.get(Keys.URL_WRITTEN) != wanted:
        mark_written(wanted)
