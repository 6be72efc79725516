"""One vocabulary per status: one colour and icon, defined once in the code,
and one word, meaning and badge, written once in the interface catalog."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

from bodymap.render.palette import contrast_ratio
from bodymap.vocabulary import FDA_APPROVED, INVESTIGATIONAL, OFF_LABEL, STATUSES

ROOT = Path(__file__).resolve().parent.parent
LIGHT_BACKGROUND, DARK_BACKGROUND = "#FFFFFF", "#14181B"
TEXT_KEYS = ("word_key", "meaning_key", "badge_key")


def test_every_status_has_one_distinct_word_colour_and_icon(strings):
    assert tuple(STATUSES) == (FDA_APPROVED, OFF_LABEL, INVESTIGATIONAL)
    for attribute in ("colour", "colour_dark", "badge_colour", "icon", *TEXT_KEYS):
        values = [getattr(s, attribute) for s in STATUSES.values()]
        assert len(set(values)) == len(values), attribute
    for attribute in ("word_key", "meaning_key"):
        words = [strings(getattr(s, attribute)) for s in STATUSES.values()]
        assert len(set(words)) == len(words), attribute
    assert strings(STATUSES[INVESTIGATIONAL].badge_key) == "Investigational"
    assert strings(STATUSES[FDA_APPROVED].badge_key, year=2004) == "FDA-approved (2004)"
    assert strings(STATUSES[OFF_LABEL].badge_key) == "Off-label in the US"


def test_the_status_words_are_the_catalogs_status_table(strings):
    """Every key the vocabulary names is in ``[status]``, and nothing else is."""
    named = {getattr(s, k) for s in STATUSES.values() for k in TEXT_KEYS}
    in_table = {key for key in strings.texts if key.startswith("status.")}
    assert named == in_table


def test_status_colours_are_readable_on_both_themes():
    for s in STATUSES.values():
        assert contrast_ratio(s.colour, LIGHT_BACKGROUND) >= 4.5, s.id
        assert contrast_ratio(s.colour_dark, DARK_BACKGROUND) >= 4.5, s.id


def test_streamlit_badge_colours_are_the_vocabulary_colours():
    """st.badge takes a named colour; config.toml makes that name our hex."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for s in STATUSES.values():
        assert theme["light"][f"{s.badge_colour}TextColor"].upper() == s.colour.upper()
        assert theme["dark"][f"{s.badge_colour}TextColor"].upper() == s.colour_dark.upper()


def code_files() -> list[Path]:
    return sorted((ROOT / "bodymap").rglob("*.py"))


def style_files() -> list[Path]:
    return [*sorted((ROOT / "assets").glob("*.css")), *sorted((ROOT / "assets").glob("*.js"))]


def test_no_status_colour_or_table_is_defined_outside_the_vocabulary():
    colours = {c.upper() for s in STATUSES.values() for c in (s.colour, s.colour_dark)}
    # A table keyed by status ids, e.g. {"off-label": "#A85A00"} or {"off-label": "Off-label"}.
    keyed = re.compile(r"""["'](?:fda-approved|off-label|investigational)["']\s*:""")
    old_words = re.compile(r"Being studied", re.IGNORECASE)
    for path in [p for p in code_files() if p.name != "vocabulary.py"] + style_files():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        for colour in re.findall(r"#[0-9A-Fa-f]{6}\b", text):
            assert colour.upper() not in colours, f"{rel}: status colour {colour}"
        assert not keyed.search(text), f"{rel}: a table keyed by status; use bodymap.vocabulary"
        assert not old_words.search(text), f"{rel}: a second word for a status"


# ------------------------------------------------- the words only in the catalog


def status_texts(strings) -> tuple[set[str], set[str]]:
    """The status words, and the longer status texts (meanings, badges) with
    every fixed piece of them between placeholders ("FDA-approved (")."""
    words = {strings(s.word_key) for s in STATUSES.values()}
    longer = set()
    for s in STATUSES.values():
        for key in ("meaning_key", "badge_key"):
            pieces = [
                literal for literal, *_ in string.Formatter().parse(strings.get(getattr(s, key)))
            ]
            longer |= {p.strip() for p in pieces if len(p.strip()) >= 6}
    return words, longer - words


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def status_words_in_python(source: str, words: Iterable[str], longer: Iterable[str]) -> list[str]:
    """Each string constant of ``source`` (f-string pieces too, docstrings not)
    that is a status word, holds a status meaning or badge, or is a piece of
    one (" in the US"). A developer message that merely names a status
    ("only FDA-approved uses have a year") is not a status word."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    words, longer = set(words), set(longer)
    found = []
    for node in ast.walk(tree):
        if (
            not isinstance(node, ast.Constant)
            or not isinstance(node.value, str)
            or id(node) in skip
        ):
            continue
        text = node.value.strip()
        if (
            text in words
            or any(piece in node.value for piece in longer)
            or (len(text) >= 6 and any(text in piece for piece in longer | words))
        ):
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


def test_status_words_are_only_in_the_catalog(strings):
    words, longer = status_texts(strings)
    assert words == {"FDA-approved", "Off-label", "Investigational"}
    assert {"FDA-approved (", "Off-label in the US"} <= longer
    catalog = (ROOT / strings.file).read_text(encoding="utf-8")
    assert all(f'"{word}"' in catalog for word in words)
    for path in code_files():
        found = status_words_in_python(path.read_text(encoding="utf-8"), words, longer)
        assert found == [], f"{path.relative_to(ROOT)}: status words belong in {strings.file}"
    for path in style_files():
        text = path.read_text(encoding="utf-8")
        assert not [w for w in words | longer if w in text], path.relative_to(ROOT)


@pytest.mark.parametrize(
    "source",
    [
        'WORD = "Off-label"',
        'def badge(word, year):\n    return f"{word} ({year})" if year else f"{word} in the US"',
        'LABEL = "FDA-approved (2004)"',
        'KEY = "still being studied in trials, not approved"',
        'words = {"investigational": " Investigational "}',
    ],
)
def test_the_scan_finds_status_words_in_code(strings, source):
    """Guard the guard: each of these would put a status word back into the code."""
    assert status_words_in_python(source, *status_texts(strings))


def test_the_scan_lets_messages_and_ids_be(strings):
    source = '''
def f():
    """Badge text, e.g. "FDA-approved (2004)" (a docstring)."""
    fail("only FDA-approved uses have an approval year (status is off-label)")
    return "off-label", "fda-approved", "status.off_label_word"
'''
    assert status_words_in_python(source, *status_texts(strings)) == []
