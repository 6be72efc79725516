"""The words of the app's own interface, read from ``content/ui/<lang>.toml``.

Pure (no Streamlit): the UI resolves every heading, label, button and notice
through a :class:`Strings` catalog (see :mod:`bodymap.ui.text`), and the
chart builders take one as an argument. The catalog is data, so a clinician
or translator edits the words without touching Python; a second language is
a second file beside ``en.toml``.

A catalog is TOML tables of texts, grouped by where they appear::

    [search]
    found = "**Found {count}** (tap one to open it):"

The key of that text is ``"search.found"``. Placeholders are Python
``str.format`` names; which ones each text takes is fixed by the code that
fills them in (:data:`PLACEHOLDERS`), so a text that drops ``{count}`` or
uses a name the code never fills in is reported when the file is loaded,
like every other problem, as *file, field, message*.
"""

from __future__ import annotations

import functools
import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bodymap.model.fields import Problem, load_toml
from bodymap.model.limits import UI_TEXT_CHARS, Limit
from bodymap.vocabulary import CONTENT_DIR

DEFAULT_LANG = "en"  # the source language: every other catalog is checked against it
UI_FOLDER = "ui"

# The values each text is filled in with; a key not listed takes none. The
# code that shows a text passes exactly these names (tests/model/test_strings.py).
PLACEHOLDERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        key: frozenset(names.split())
        for key, names in {
            "common.sources": "links",
            "search.found": "count",
            "search.nothing_found": "query",
            "panel.warning_source": "links",
            "panel.reviewed": "date",
            "translation.unreviewed": "date",
            "crisis_help.line": "name number",
            "translation.reviewed": "names date",
            "before.also_tell": "items",
            "before.sources_every_use": "links",
            "timeline.sources": "numbers",
            "mechanism.step_alt": "number count title text",
            "mechanism.sources": "links",
            "card.medical_name": "name",
            "card.treated_at": "areas",
            "card.who_for": "text",
            "card.status": "note",
            "card.timing": "starts lasts",
            "card.starts": "figure",
            "card.lasts": "figure",
            "card.open": "name",
            "card.close": "name",
            "region.treated_here": "count names",
            "handout.everything_at": "region",
            "handout.take_home": "covers",
            "handout.too_long": "pages",
            "sites.where": "name",
            "sites.more_on_front": "count",
            "sites.more_on_back": "count",
            "sites.numbers": "numbers",
            "sites.educator_sites": "sites",
            "sites.educator_dose": "dose",
            "sites.educator_sources": "links",
            "presenter.progress": "step count title",
            "charts.lasts": "duration",
            "timeline.about": "figure converted",
            "units.range": "low high",
            "units.hours_one": "value",
            "units.hours": "value",
            "units.days_one": "value",
            "units.days": "value",
            "units.weeks_one": "value",
            "units.weeks": "value",
            "units.months_one": "value",
            "units.months": "value",
            "status.fda_approved_badge": "year",
            "handout_print.picture_caption": "view region",
            "handout_print.treated_here": "count",
            "handout_print.at_region": "region",
            "handout_print.made_and_reviewed": "made reviewed",
            "handout_print.continued": "app title",
            "handout_print.footer": "app title date",
            "handout_print.page": "number total",
            "handout_print.pdf_title_region": "app region",
            "handout_print.pdf_title_condition": "app condition region",
        }.items()
    }
)

_FORMATTER = string.Formatter()
_TEXT_LIMIT = Limit(UI_TEXT_CHARS)  # a heading, button, hint or notice


@dataclass(frozen=True)
class Strings:
    """One language's interface texts, by key (``"table.name"``)."""

    lang: str
    file: str  # where the texts came from, for messages
    texts: Mapping[str, str] = field(repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))

    def __hash__(self) -> int:
        # By the texts too, like equality: a cache keyed by a catalog (the
        # handout's last layout) must not serve an edited catalog's old words.
        return hash((self.lang, self.file, tuple(self.texts.items())))

    def keys(self) -> tuple[str, ...]:
        """Every key, in file order."""
        return tuple(self.texts)

    def get(self, key: str) -> str:
        """The text as written, placeholders unfilled (KeyError naming the file)."""
        try:
            return self.texts[key]
        except KeyError:
            raise KeyError(f"{self.file} has no text {key!r}") from None

    def format(self, key: str, /, **values: object) -> str:
        """The text with its placeholders filled in (``{{``/``}}`` become braces)."""
        return self.get(key).format(**values)

    __call__ = format

    def plural(self, key: str, value: str, /, **values: object) -> str:
        """The text ``key`` for the figure ``value`` in its plural form: the
        catalog's ``key_<category>`` if it has one (CLDR categories:
        ``_one`` in English; ``_zero``, ``_one``, ``_two``, ``_few``,
        ``_many`` in Arabic), else ``key``; the category is
        :func:`plural_category`'s (a range by its last number, a fraction
        "other"). ``values`` fill in the rest."""
        category = plural_category(self.lang, value)
        variant = f"{key}_{category}"
        chosen = variant if variant in self.texts else key
        return self.format(chosen, value=value, **values)


# Plural forms a translation may add to a text whose key its source has
# (``units.days_few`` beside ``units.days``): CLDR's categories.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many")


def plural_category(lang: str, value: str) -> str:
    """The CLDR plural category of the figure ``value`` as written ("3",
    "1.5", "3–4") in ``lang``: a whole number by the language's rules; a
    range by its last number, except that a range never takes a form that
    names its number in words (Arabic's one and two: "1–2" is "few").
    Anything else is "other"."""
    numbers = re.findall(r"\d+(?:\.\d+)?", value)
    if not numbers or "." in numbers[-1]:
        return "other"
    n = int(numbers[-1])
    is_range = len(numbers) > 1
    if lang == "ar":
        from bodymap.model.arabic import plural_category as arabic_category

        category = arabic_category(n)
        return "few" if is_range and category in ("zero", "one", "two") else category
    return "one" if n == 1 and not is_range else "other"


class StringsError(ValueError):
    """A catalog failed validation; ``problems`` lists every failure."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def catalog_root(content_dir: Path) -> Path:
    """The content folder whose ``ui/`` holds the catalogs: ``content_dir``
    if it has one (a copy being previewed), else the repository's (a content
    tree without interface texts, such as the tests' small fixture)."""
    return content_dir if (content_dir / UI_FOLDER).is_dir() else CONTENT_DIR


def catalog_path(root: Path, lang: str = DEFAULT_LANG) -> Path:
    """Where the catalog of ``lang`` lives under the content folder ``root``."""
    return root / UI_FOLDER / f"{lang}.toml"


def check_strings(
    root: Path = CONTENT_DIR, lang: str = DEFAULT_LANG
) -> tuple[Strings | None, list[Problem]]:
    """Load and validate one catalog; returns it (None if anything is wrong)
    and every problem found. A catalog other than the source language's must
    have exactly the source's keys."""
    problems: list[Problem] = []
    rel, data = load_toml(catalog_path(root, lang), root, problems)
    if data is None:
        return None, problems

    texts: dict[str, str] = {}
    for table, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(
                Problem(rel, table, 'expected a table of texts, like [search] then label = "…"')
            )
            continue
        for name, value in entries.items():
            key = f"{table}.{name}"
            if not isinstance(value, str):
                problems.append(Problem(rel, key, "expected text in quotes"))
            elif not value.strip():
                problems.append(Problem(rel, key, "expected non-empty text"))
            elif len(value) > _TEXT_LIMIT.most:
                problems.append(Problem(rel, key, _TEXT_LIMIT.message(len(value))))
            else:
                problems += _placeholder_problems(rel, key, value)
                texts[key] = value

    for key in sorted(PLACEHOLDERS.keys() - texts.keys()):
        if not any(p.field == key for p in problems):
            problems.append(Problem(rel, key, "missing (required): the app shows this text"))
    if lang != DEFAULT_LANG:
        problems += _against_source(root, rel, texts)
    if problems:
        return None, problems
    return Strings(lang, rel, texts), []


def _placeholder_problems(rel: str, key: str, value: str) -> list[Problem]:
    allowed = PLACEHOLDERS.get(key, PLACEHOLDERS.get(_plural_of(key) or "", frozenset()))
    takes = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "no placeholders"
    try:
        parts = list(_FORMATTER.parse(value))
    except ValueError:
        return [
            Problem(
                rel,
                key,
                "a { or } without its pair: placeholders are written {name}, "
                "a brace itself {{ or }}",
            )
        ]
    problems = []
    used = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            problems.append(
                Problem(rel, key, f"unknown placeholder {{{name}}} (this text takes {takes})")
            )
        used.add(name)
    # A plural form for zero, one or two may say its number in words
    # (Arabic's "يومان", two days): its {value} may be left out.
    optional = {"value"} if key.rpartition("_")[2] in ("zero", "one", "two") else set()
    for name in sorted(allowed - used - optional):
        problems.append(
            Problem(rel, key, f"missing placeholder {{{name}}}: the app fills it in here")
        )
    return problems


def _against_source(root: Path, rel: str, texts: Mapping[str, str]) -> list[Problem]:
    source, _ = check_strings(root, DEFAULT_LANG)
    if source is None:
        return []  # the source catalog's own problems are reported on their own
    problems = [
        Problem(rel, key, f"missing: {source.file} has it")
        for key in source.texts
        if key not in texts
    ]
    problems += [
        Problem(rel, key, f"unknown text: {source.file} has no such key")
        for key in texts
        if key not in source.texts and _plural_of(key) not in source.texts
    ]
    return problems


def _plural_of(key: str) -> str | None:
    """The key a plural form is a form of (``units.days_few`` ->
    ``units.days``), or None if ``key`` names no plural category."""
    base, _, category = key.rpartition("_")
    return base if category in PLURAL_CATEGORIES else None


def catalog_problems(content_dir: Path = CONTENT_DIR) -> list[Problem]:
    """Every problem in every catalog the app would use with ``content_dir``
    (the source language's, and each translation beside it)."""
    root = catalog_root(content_dir)
    langs = {DEFAULT_LANG} | {p.stem for p in (root / UI_FOLDER).glob("*.toml")}
    return [p for lang in sorted(langs) for p in check_strings(root, lang)[1]]


def load_strings(root: Path = CONTENT_DIR, lang: str = DEFAULT_LANG) -> Strings:
    """Load a validated catalog, or raise :class:`StringsError` listing every problem."""
    strings, problems = check_strings(root, lang)
    if strings is None:
        raise StringsError(problems)
    return strings


def cached_strings(root: Path = CONTENT_DIR, lang: str = DEFAULT_LANG) -> Strings:
    """:func:`load_strings`, read once per version of the file: an edit
    deployed without a restart is picked up on the next call."""
    path = _catalog_file(root, lang)
    try:
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None  # load_strings reports it
    return _load(str(root), lang, stamp)


@functools.lru_cache(maxsize=8)
def _catalog_file(root: Path, lang: str) -> str:
    return str(catalog_path(root, lang))


@functools.lru_cache(maxsize=8)
def _load(root: str, lang: str, stamp: tuple[int, int] | None) -> Strings:
    return load_strings(Path(root), lang)
