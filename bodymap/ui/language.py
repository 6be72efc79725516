"""The guide's language for this session: chosen, switched and written to the URL.

A page opens in the language its link names (``?lang=ar``), else in the
browser's (``st.context.locale``), else in English; Back and Forward follow
the URL's. The switch ("English | العربية") is in the header, on stage too.
Switching keeps the selection: it lives in the session state as ids, and
every widget's options are ids too, so only their words change.
"""

from __future__ import annotations

import streamlit as st

from bodymap.model.state import BAD_LANG_NOTICE, LANG_PARAM, parse_language
from bodymap.ui import url_sync
from bodymap.ui.keys import Keys
from bodymap.vocabulary import ENGLISH, LANGUAGE_NAMES, LANGUAGES


def choose_language() -> str:
    """This run's language: the session's, or on its first run (and on a
    Back/Forward step) the one the URL asks for, else the browser's."""
    first_run = Keys.LANGUAGE not in st.session_state
    values = st.query_params.get_all(LANG_PARAM)
    if first_run or (values and url_sync.is_history_navigation()):
        choice = parse_language(values, st.context.locale)
        st.session_state[Keys.LANGUAGE] = choice.lang
        st.session_state[Keys.LANGUAGE_NOTICE] = choice.notice
    lang = st.session_state[Keys.LANGUAGE]
    return lang if lang in LANGUAGES else ENGLISH


def take_language_notice() -> str | None:
    """The notice (a text key) about this run's link's unknown language, if
    any, once: the page adds it to the link's notices."""
    return st.session_state.pop(Keys.LANGUAGE_NOTICE, None)


def on_language_switch() -> None:
    """The switch: the new language, with the selection kept (its ids don't change)."""
    chosen = st.session_state.get(Keys.LANGUAGE_PICKER)
    if chosen in LANGUAGES:
        st.session_state[Keys.LANGUAGE] = chosen
    # "shown in English" is no longer true once a language is chosen.
    notices = st.session_state.get(Keys.NOTICE, ())
    st.session_state[Keys.NOTICE] = tuple(n for n in notices if n != BAD_LANG_NOTICE)


def render_language_switch(lang: str) -> None:
    """ "English | العربية": each name in its own language, so a reader finds
    theirs whatever the page is in."""
    st.session_state[Keys.LANGUAGE_PICKER] = lang
    st.segmented_control(
        "Language · اللغة",
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        required=True,
        key=Keys.LANGUAGE_PICKER,
        on_change=on_language_switch,
        label_visibility="collapsed",
    )
