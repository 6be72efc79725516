"""The URL: what a link or a Back/Forward step asks for, and the selection
written back so the page can be shared.

The pure parsing is in :mod:`bodymap.model.state`; here it meets
``st.query_params`` and the session state. In presenter mode the URL is the
state: ``mode=present&step=N`` (see :func:`bodymap.model.state.parse_presenter`).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from bodymap.model.app_data import AppData
from bodymap.model.state import (
    LINK_PARAMS,
    PRESENTER_PARAMS,
    DeepLink,
    Presenter,
    Selection,
    language_params,
    link_params,
    parse_link,
    parse_presenter,
    presenter_params,
)


def url_values() -> dict[str, list[str]]:
    """The URL's selection values (region, condition, view, sites)."""
    return {key: st.query_params.get_all(key) for key in LINK_PARAMS}


def presenter_values() -> dict[str, list[str]]:
    """The URL's presenter-mode values (mode, step, contrast)."""
    return {key: st.query_params.get_all(key) for key in PRESENTER_PARAMS}


def read_presenter(stops: int) -> Presenter:
    """Presenter mode as the URL has it, for a tour of ``stops`` stops."""
    return parse_presenter(presenter_values(), stops)


def _write(wanted: Mapping[str, list[str]], always: bool = False) -> None:
    """Set the URL keys in ``wanted`` (an empty list removes a key), in ONE
    message to the browser: only if something changes, or ``always``.

    The browser pushes one history entry per message. Setting the keys one
    by one (``st.query_params[key] = ...``) sent one message each: a pill
    tap that closed a condition pushed three entries, and Back then landed
    on a half-written URL (a region with a condition not treated there,
    which showed a spurious notice). A run cut short between two of those
    writes left such a URL behind too. ``from_dict`` sends one message.
    """
    now = {key: st.query_params.get_all(key) for key in st.query_params}
    after = {key: values for key, values in now.items() if key not in wanted}
    after.update({key: values for key, values in wanted.items() if values})
    if always or after != now:
        st.query_params.from_dict(after)


def write_presenter(presenter: Presenter, lang: str, clear_link: bool = False) -> None:
    """Write presenter mode and the language to the URL (in presenter mode
    the URL is the state); with ``clear_link``, take the selection out of it
    in the same write (the tour decides what is shown)."""
    wanted = {**presenter_params(presenter), **language_params(lang)}
    if clear_link:
        wanted.update(link_params(None, None))
    _write(wanted)


def write_language(lang: str) -> None:
    """Name the guide's language in the URL (on stage, where the selection
    isn't written: the tour's step is)."""
    _write(language_params(lang))


def is_history_navigation() -> bool:
    """Did the browser's Back or Forward button start this run?

    The frontend says so in the rerun request (``isHistoryNavigation``) and
    Streamlit keeps it on the run's context. Exact, where the app used to
    guess from timing (a URL that differs from the last write more than
    1.5 s after it). A private attribute: read defensively, so a Streamlit
    without it only stops following Back/Forward within a session.
    """
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def link_to_follow(data: AppData, first_run: bool) -> DeepLink | None:
    """What the URL asks for this run, or None when the selection stands.

    The URL is followed on the session's first run (the link that opened
    the page) and on a Back/Forward step. Any other run was started by the
    app or by a tap, and its URL may be older than the app's last write.
    """
    if not (first_run or is_history_navigation()):
        return None
    return parse_link(url_values(), data.region_ids, data.condition_regions, data.with_sites)


def sync_url(selection: Selection, lang: str) -> None:
    """Mirror the selection in the URL so the page can be shared.

    Written on every run, even when this run's URL already matches: the URL
    a run sees is the one the browser had when it sent the request, and a
    message of an earlier run may change it after that (a double tap: the
    first tap's run wrote "forehead" while the second tap's request still
    said "hands", the selection went back to hands, and the address bar
    kept "forehead"). The browser ignores a URL equal to its own (no history
    entry), so the last run's message always leaves the URL naming the page.
    """
    _write({**selection.link(), **language_params(lang)}, always=True)
