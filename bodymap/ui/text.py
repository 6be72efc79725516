"""The UI's words: every label, heading and notice, from the catalog.

``text("search.label")`` is the one way the interface gets a text to show;
the words themselves are in ``content/ui/<lang>.toml`` (see
:mod:`bodymap.model.strings`). Loaded once per version of the file with
functools (not ``st.cache_*``: the tests load it too, outside a Streamlit run).

The language is the session's (:mod:`bodymap.ui.language` chooses it at
the start of each run): :func:`language`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from bodymap.model.strings import DEFAULT_LANG, Strings, cached_strings, catalog_root
from bodymap.ui.keys import Keys
from bodymap.vocabulary import LANGUAGES, content_dir

# Shown only if the catalog itself can't be read: the maintenance message
# must never need the thing that may be broken.
MAINTENANCE_FALLBACK = (
    "bodymap",
    "This guide is being updated and can't be shown right now. Please try again later.",
)


def language() -> str:
    """The language of this session's interface (English outside a session)."""
    try:
        lang = st.session_state.get(Keys.LANGUAGE)
    except Exception:  # no session: a test or a script calling text()
        return DEFAULT_LANG
    return lang if lang in LANGUAGES else DEFAULT_LANG


@functools.lru_cache(maxsize=8)
def _catalog_root(content_dir: Path) -> Path:
    # Worked out once per content folder: text() runs about a hundred times a
    # run, and building and probing paths each time cost ~4 ms of a ~20 ms run.
    return catalog_root(content_dir)


def strings(lang: str | None = None) -> Strings:
    """The catalog of ``lang`` (default: this session's language), validated;
    raises :class:`bodymap.model.strings.StringsError` if it is broken."""
    return cached_strings(_catalog_root(content_dir()), lang or language())


def text(key: str, /, **values: object) -> str:
    """The text ``key`` (``"table.name"``) in this session's language,
    with its placeholders filled in from ``values``."""
    return strings().format(key, **values)


def maintenance_texts() -> tuple[str, str]:
    """The maintenance page's title and "being updated" message, even when
    the catalog is what is broken."""
    try:
        return text("page.maintenance_title"), text("page.maintenance")
    except Exception:  # a broken or missing catalog: the fixed English words
        return MAINTENANCE_FALLBACK
