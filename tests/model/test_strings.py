"""The interface's words: one catalog (content/ui/en.toml), every key in use."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from bodymap.model.strings import (
    PLACEHOLDERS,
    Strings,
    StringsError,
    catalog_problems,
    catalog_root,
    check_strings,
    load_strings,
)
from bodymap.vocabulary import CONTENT_DIR, ROOT

PACKAGE = ROOT / "bodymap"
KEY = re.compile(r"[a-z][a-z_]*\.[a-z][a-z0-9_]*")
FILE_SUFFIXES = {"css", "js", "json", "toml", "py", "png", "pdf", "svg", "md"}
# The calls that take a key first: text("k", ...), strings("k", ...),
# strings.format("k", ...) and strings.get("k").
KEY_CALLS = {"text", "strings"}


def _calls_and_constants() -> tuple[list[tuple[str, str, set[str] | None]], set[str]]:
    """Every key passed as a literal to a key call in bodymap/ (with the
    placeholder names it fills in, None for **values), and every string
    constant in the package."""
    calls, constants = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_key_call = (isinstance(func, ast.Name) and func.id in KEY_CALLS) or (
                isinstance(func, ast.Attribute)
                and func.attr in {"format", "get"}
                and isinstance(func.value, ast.Name)
                and func.value.id in KEY_CALLS
            )
            first = node.args[0]
            if is_key_call and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names = {k.arg for k in node.keywords}
                calls.append(
                    (f"{where}:{node.lineno}", first.value, None if None in names else names)
                )
    return calls, constants


CALLS, CONSTANTS = _calls_and_constants()


def test_the_catalog_loads_without_problems(strings):
    assert catalog_problems() == []
    assert strings.lang == "en"
    assert strings.file == "content/ui/en.toml"
    assert len(strings.keys()) > 80


def test_code_uses_its_keys_literally():
    """The scan below sees the app's keys (so the next tests mean something)."""
    assert len(CALLS) > 50
    assert any(key == "search.label" for _, key, _ in CALLS)


@pytest.mark.parametrize(("where", "key", "names"), CALLS, ids=[c[0] for c in CALLS])
def test_every_key_used_in_code_is_in_the_catalog_with_its_placeholders(strings, where, key, names):
    assert key in strings.texts, f"{where}: {key!r} is not in {strings.file}"
    if names is not None:
        assert names == PLACEHOLDERS.get(key, frozenset()), (
            f"{where}: {key!r} is filled in with {sorted(names)}, "
            f"the catalog's text takes {sorted(PLACEHOLDERS.get(key, ()))}"
        )


def test_every_key_written_in_code_is_in_the_catalog(strings):
    """Keys kept in tables (notices, column names, the sides) exist too."""
    tables = {key.split(".")[0] for key in strings.texts}
    keys = {
        c
        for c in CONSTANTS
        if KEY.fullmatch(c) and c.split(".")[0] in tables and c.split(".")[1] not in FILE_SUFFIXES
    }
    assert keys - set(strings.keys()) == set()


def test_every_catalog_text_is_used(strings):
    """No dead strings: each key appears in the code."""
    unused = [key for key in strings.texts if key not in CONSTANTS]
    assert unused == []


def test_every_placeholder_key_is_in_the_catalog(strings):
    assert set(PLACEHOLDERS) <= set(strings.keys())


# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("search.label", {}, "Search in your own words"),
        ("search.found", {"count": 3}, "**Found 3** (tap one to open it):"),
        (
            "search.nothing_found",
            {"query": "itchy elbow"},
            "We couldn't find **itchy elbow** in this guide. That may be our words, not yours: "
            "try saying it another way, or choose from what this guide covers below.",
        ),
        (
            "before.also_tell",
            {"items": "pregnancy, breastfeeding"},
            ("Also tell them about: pregnancy, breastfeeding."),
        ),
        ("presenter.progress", {"step": 2, "count": 9, "title": "Tour"}, "Stop 2 of 9 · Tour"),
        (
            "sites.more_on_back",
            {"count": 4},
            "4 more are on the back of the body: switch the view to see them.",
        ),
        (
            "mechanism.step_alt",
            {"number": 1, "count": 4, "title": "A nerve", "text": "It signals."},
            "Step 1 of 4: A nerve. It signals.",
        ),
        ("region.treated_here", {"count": 2, "names": "A, B"}, "**Treated here (2):** A, B"),
        ("charts.axis_months", {}, "Months after the injection"),
        ("map.front", {}, "Front"),
        ("notices.bad_condition", {}, "That link names a condition this guide doesn't cover."),
    ],
)
def test_formatted_texts_read_as_before(strings, key, values, expected):
    assert strings(key, **values) == expected
    assert strings.format(key, **values) == expected


def test_values_are_not_read_as_placeholders(strings):
    assert strings("search.found", count="{count}") == "**Found {count}** (tap one to open it):"


def test_an_unknown_key_names_the_file(strings):
    with pytest.raises(KeyError, match=r"content/ui/en\.toml has no text 'search\.nope'"):
        strings.get("search.nope")


def test_strings_are_frozen(strings):
    with pytest.raises(TypeError):
        strings.texts["search.label"] = "x"  # type: ignore[index]
    with pytest.raises(AttributeError):
        strings.lang = "ar"  # type: ignore[misc]


# ---------------------------------------------------------------- broken files


@pytest.fixture
def ui_copy(tmp_path: Path) -> Path:
    """A content folder holding a writable copy of the catalog (only)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / "ui", root / "ui")
    return root


def _break(root: Path, old: str, new: str, lang: str = "en") -> None:
    path = root / "ui" / f"{lang}.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(root: Path, lang: str = "en") -> list[str]:
    strings, problems = check_strings(root, lang)
    assert strings is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'label = "Search in your own words"',
            "label = 3",
            "content/ui/en.toml: search.label: expected text in quotes",
        ),
        (
            'label = "Search in your own words"',
            'label = "  "',
            "content/ui/en.toml: search.label: expected non-empty text",
        ),
        (
            'found = "**Found {count}** (tap one to open it):"',
            'found = "**Found some** (tap one to open it):"',
            "content/ui/en.toml: search.found: missing placeholder {count}: "
            "the app fills it in here",
        ),
        (
            'found = "**Found {count}** (tap one to open it):"',
            'found = "**Found {count} {things}**:"',
            "content/ui/en.toml: search.found: unknown placeholder {things} "
            "(this text takes {count})",
        ),
        (
            'label = "Search in your own words"',
            'label = "Search in your {own} words"',
            "content/ui/en.toml: search.label: unknown placeholder {own} "
            "(this text takes no placeholders)",
        ),
        (
            'found = "**Found {count}** (tap one to open it):"',
            'found = "**Found {count!r}**"',
            "content/ui/en.toml: search.found: unknown placeholder {count} "
            "(this text takes {count})",
        ),
        (
            'label = "Search in your own words"',
            'label = "Search {in your own words"',
            "content/ui/en.toml: search.label: a { or } without its pair: placeholders are "
            "written {name}, a brace itself {{ or }}",
        ),
        (
            "[common]\n",
            'title = "bodymap"\n[common]\n',
            "content/ui/en.toml: title: expected a table of texts",
        ),
        (
            'found = "**Found {count}** (tap one to open it):"\n',
            "",
            "content/ui/en.toml: search.found: missing (required): the app shows this text",
        ),
        ("[search]\n", "[search\n", "content/ui/en.toml: (file): not valid TOML"),
    ],
)
def test_broken_catalog_is_reported_with_file_and_field(ui_copy, old, new, expected):
    _break(ui_copy, old, new)
    problems = _problems(ui_copy)
    assert any(p.startswith(expected) for p in problems), problems
    with pytest.raises(StringsError) as raised:
        load_strings(ui_copy)
    assert [str(p) for p in raised.value.problems] == problems


def test_every_problem_is_reported_at_once(ui_copy):
    _break(ui_copy, 'label = "Search in your own words"', "label = 3")
    _break(ui_copy, 'front = "Front"', 'front = ""')
    assert len(_problems(ui_copy)) == 2


def test_a_translation_has_exactly_the_source_keys(ui_copy):
    english = (ui_copy / "ui/en.toml").read_text(encoding="utf-8")
    (ui_copy / "ui/ar.toml").write_text(english, encoding="utf-8")
    assert check_strings(ui_copy, "ar")[1] == []
    _break(ui_copy, 'front = "Front"\n', "", lang="ar")
    _break(ui_copy, "[search]\n", '[search]\nshout = "Hi"\n', lang="ar")
    _break(ui_copy, 'lasts = "lasts {duration}"', 'lasts = "lasts"', lang="ar")
    problems = _problems(ui_copy, "ar")
    assert "content/ui/ar.toml: map.front: missing: content/ui/en.toml has it" in problems
    assert "content/ui/ar.toml: search.shout: unknown text: content/ui/en.toml has no such key" in (
        problems
    )
    assert any(
        p.startswith("content/ui/ar.toml: charts.lasts: missing placeholder") for p in problems
    )
    assert {p.file for p in catalog_problems(ui_copy)} == {"content/ui/ar.toml"}


def test_the_checker_reports_catalog_problems(ui_copy):
    _break(ui_copy, 'label = "Search in your own words"', "label = 3")
    assert [str(p) for p in catalog_problems(ui_copy)] == [
        "content/ui/en.toml: search.label: expected text in quotes"
    ]


def test_a_content_folder_without_texts_uses_the_repository_catalog(tmp_path, ui_copy):
    assert catalog_root(tmp_path) == CONTENT_DIR
    assert catalog_root(ui_copy) == ui_copy


# ------------------------------------------------------------------- the UI seam


def test_ui_text_is_the_english_catalog(strings, monkeypatch):
    from bodymap.ui import text as ui_text

    monkeypatch.delenv("BODYMAP_CONTENT_DIR", raising=False)
    assert ui_text.language() == "en"
    assert isinstance(ui_text.strings(), Strings)
    assert ui_text.strings() is ui_text.strings()  # loaded once
    assert ui_text.text("search.found", count=1) == strings("search.found", count=1)


def test_an_edited_catalog_is_read_again(monkeypatch, ui_copy):
    from bodymap.ui import text as ui_text

    monkeypatch.setenv("BODYMAP_CONTENT_DIR", str(ui_copy))
    assert ui_text.text("map.front") == "Front"
    _break(ui_copy, 'front = "Front"', 'front = "The front"')
    assert ui_text.text("map.front") == "The front"


def test_maintenance_words_survive_a_broken_catalog(monkeypatch, ui_copy):
    from bodymap.ui import text as ui_text

    monkeypatch.setenv("BODYMAP_CONTENT_DIR", str(ui_copy))
    assert ui_text.maintenance_texts() == ui_text.MAINTENANCE_FALLBACK  # the same words
    _break(ui_copy, "[page]\n", "[page\n")
    with pytest.raises(StringsError):
        ui_text.text("page.maintenance")
    assert ui_text.maintenance_texts() == ui_text.MAINTENANCE_FALLBACK
