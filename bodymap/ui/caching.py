"""Pure builders, cached once per server process (``st.cache_resource``).

Each cache key includes a fingerprint of the files the result comes from, so
an edit deployed without a restart (Community Cloud pulls a push into the
running app) is served. Arguments starting with ``_`` are not hashed: they are
the already-cached objects the key stands for. The uncached builders live in
their own modules and are what the tests call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from bodymap.model.app_data import AppData
from bodymap.model.content import Condition, Content, Mechanism
from bodymap.model.diagram import Diagram, load_diagram
from bodymap.model.loading import load_content
from bodymap.model.sites import load_site_sets
from bodymap.model.strings import DEFAULT_LANG
from bodymap.model.timeline import comparison_rows
from bodymap.render.charts import build_comparison_figure
from bodymap.render.map_figure import build_figure
from bodymap.render.map_highlight import highlight_css
from bodymap.render.step_pictures import step_png
from bodymap.render.step_pictures.pen import SCENE_WORD_KEYS
from bodymap.render.timeline_svg import build_timeline_svg
from bodymap.ui.text import strings
from bodymap.vocabulary import CODE_FILES, DIAGRAM_PATH, content_dir

if TYPE_CHECKING:
    from bodymap.render.handout import HandoutTooLong

# The builders' own code: Streamlit's cache key covers only the decorated
# function's source, not the modules it calls.


def _stamps(files: list[Path]) -> str:
    """Each file's name, change time and size, a line each (a missing file
    is left out: the loader itself reports it)."""
    lines = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        lines.append(f"{file}\0{stat.st_mtime_ns}\0{stat.st_size}\n")
    return "".join(lines)


def _data_files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.toml")) if path.is_dir() else [path]


def fingerprint(code_stamps: str, path: Path) -> str:
    """A short digest of ``code_stamps`` (the package's own code files, from
    :func:`code_stamps`) and of the name, change time and size of a data file
    (for a folder: its .toml files).

    Part of the cache keys below, so that an edit deployed without restarting
    the server (Community Cloud pulls a push into the running app) is served,
    code included: a deployed code change must not serve old charts. A short
    string rather than the stamps themselves: Streamlit hashes every cache
    argument on every call, dozens of times a run.
    """
    digest = hashlib.blake2b(digest_size=12)
    digest.update(code_stamps.encode())
    digest.update(_stamps(_data_files(path)).encode())
    return digest.hexdigest()


def code_stamps() -> str:
    """The stamps of the package's own code files, for :func:`fingerprint`."""
    return _stamps(list(CODE_FILES))


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_diagram(fingerprint: str) -> Diagram:
    """The diagram, loaded once per version of the file."""
    return load_diagram(DIAGRAM_PATH)


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_content(
    drawn: frozenset[str], root: str, fingerprint: str, lang: str = DEFAULT_LANG
) -> Content:
    """The validated content in ``lang``, loaded once per version of the folder."""
    return load_content(Path(root), drawn_regions=drawn, lang=lang)


@st.cache_resource(show_spinner=False, max_entries=128)
def cached_figure(
    diagram_fingerprint: str,
    labels: tuple,
    layout: str,
    side: str = "front",
    sites: tuple = (),
    site_labels: tuple = (),
):
    """One figure per side, map layout, injection-site overlay and diagram
    version, built once (the selection is CSS: figure.highlight_css)."""
    return build_figure(
        cached_diagram(diagram_fingerprint),
        dict(labels),
        layout=layout,
        side=side,
        sites=sites,
        site_labels=site_labels,
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def cached_highlight_css(
    figure_key: tuple,
    selected: str | None,
    related: tuple[str, ...],
    scope: str,
    _figure: go.Figure,
) -> str:
    """The map's highlight for one selection on ``_figure``, the figure that
    ``cached_figure(*figure_key)`` returned (figure.highlight_css)."""
    diagram_fingerprint, _, _, side, *_ = figure_key
    return highlight_css(
        _figure, cached_diagram(diagram_fingerprint), side, selected, related, scope=scope
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_site_sets(
    root: str,
    diagram_fingerprint: str,
    content_fingerprint: str,
    _diagram: Diagram,
    _content,
    lang: str = DEFAULT_LANG,
) -> dict:
    """Every condition's injection-site set in ``lang``, validated against
    the diagram, once per version."""
    return load_site_sets(Path(root), _diagram, [c.id for c in _content.conditions], lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_app_data(
    root: str, diagram_fingerprint: str, content_fingerprint: str, lang: str = DEFAULT_LANG
) -> AppData:
    """The diagram, content and site sets of one version of the files in
    ``lang``, as one value with its lookups worked out (raises ContentError,
    GeometryError or SiteError if the files are invalid: nothing is cached
    then)."""
    diagram = cached_diagram(diagram_fingerprint)
    content = cached_content(diagram.region_ids(), root, content_fingerprint, lang)
    site_sets = cached_site_sets(
        root, diagram_fingerprint, content_fingerprint, diagram, content, lang
    )
    return AppData(content, diagram, site_sets, diagram_fingerprint, content_fingerprint)


def app_data(lang: str = DEFAULT_LANG) -> AppData:
    """This version of the app's data in ``lang``, built once per version of its files.

    The content's fingerprint names the language too, so every cache keyed
    by it (timelines, step pictures, comparison, handouts) keeps one entry
    per language."""
    root = content_dir()
    code = code_stamps()  # stamped once a run, though both fingerprints include it
    return cached_app_data(
        str(root), fingerprint(code, DIAGRAM_PATH), content_fingerprint(code, root, lang), lang
    )


def content_fingerprint(code_stamps: str, root: Path, lang: str) -> str:
    """The content folder's :func:`fingerprint` in one language: the key of
    every cache of what is drawn from the content (words differ by language)."""
    return f"{fingerprint(code_stamps, root)}-{lang}"


def content_version(content_fingerprint: str) -> str:
    """The version of the files a :func:`content_fingerprint` names, whatever its language."""
    return content_fingerprint.rsplit("-", 1)[0]


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_comparison(
    fingerprint: str, order: str, focus: str | None, _content: Content, lang: str = DEFAULT_LANG
) -> go.Figure:
    """The comparison chart for one content version, row order, open condition and language."""
    words = strings(lang)
    return build_comparison_figure(comparison_rows(_content, words, order), focus, words)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_timeline(
    fingerprint: str, condition_id: str, _condition: Condition, lang: str = DEFAULT_LANG
) -> str:
    """One condition's timeline as a self-contained SVG string, per content
    version and language (show it with ``st.markdown(..., unsafe_allow_html=True)``:
    ``st.html`` sanitises with an HTML-only profile, which removes SVG)."""
    return build_timeline_svg(_condition, strings(lang))


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_step_pngs(
    fingerprint: str, tissue: str, _mechanism: Mechanism, lang: str = DEFAULT_LANG
) -> tuple[bytes, ...]:
    """Every scene of a mechanism's step-by-step picture in ``lang``, as PNG
    bytes (one cache lookup per card rather than one per step: each costs
    ~0.5 ms)."""
    titles = [s.title for s in _mechanism.steps]
    words = strings(lang)
    scene_words = {name: words.get(key) for name, key in SCENE_WORD_KEYS.items()}
    return tuple(step_png(tissue, n, titles, scene_words) for n in range(1, len(titles) + 1))


@st.cache_resource(show_spinner=False, max_entries=12)
def cached_handout(
    fingerprint: str,
    region_id: str,
    condition_id: str | None,
    paper: str,
    kind: str,
    link: str,
    today: dt.date,
    _content: Content,
    lang: str = DEFAULT_LANG,
) -> bytes:
    """A take-home handout (``kind`` "png" or "pdf") in one language, drawn
    when first asked for (on the download's own thread).

    A build that stops with ``HandoutTooLong`` (too many pages, or past its
    time budget) is remembered for :func:`handout_refusal`, so the panel
    says why instead of offering that download again, and raised: nothing
    is cached, and the download fails at once rather than hanging."""
    # Imported here: the handout code is only needed once someone downloads.
    from bodymap.render.handout import HandoutTooLong, handout_pdf, handout_png

    build = handout_pdf if kind == "pdf" else handout_png
    key = (fingerprint, region_id, condition_id, paper, lang)
    refusals = _handout_refusals()
    try:
        data = build(
            _content,
            region_id,
            condition_id,
            paper=paper,
            link=link,
            today=today,
            strings=strings(lang),
        )
    except HandoutTooLong as exc:
        version = content_version(fingerprint)
        for old in [k for k in list(refusals) if content_version(k[0]) != version]:  # a snapshot
            refusals.pop(old, None)  # another version of the content: forget it
        refusals[key] = exc
        raise
    refusals.pop(key, None)  # made after all (a busy moment has passed)
    return data


@st.cache_resource(show_spinner=False)
def _handout_refusals() -> dict[tuple, HandoutTooLong]:
    """The handouts whose last build stopped, by (fingerprint, region,
    condition, paper, language), with why: one dict for the process, as the
    cached handouts are (each entry is set or removed in one step)."""
    return {}


def handout_refusal(
    fingerprint: str,
    region_id: str,
    condition_id: str | None,
    paper: str,
    content: Content,
    lang: str = DEFAULT_LANG,
) -> HandoutTooLong | None:
    """Why this handout can't be offered (a ``HandoutTooLong``), or None: its
    last build stopped, or its text could never fit its pages (a check of
    microseconds, made on every run before the buttons are drawn)."""
    from bodymap.render.handout import HandoutTooLong, check_length

    refused = _handout_refusals().get((fingerprint, region_id, condition_id, paper, lang))
    if refused is not None:
        return refused
    try:
        check_length(content, region_id, condition_id, paper=paper)
    except HandoutTooLong as exc:
        return exc
    return None
