"""Translations of the content: the words of each file in another language.

A translation lives beside the English, in ``content/<lang>/`` with the same
path (``content/ar/conditions/drooling.toml`` translates
``content/conditions/drooling.toml``). It holds only the file's words, in the
same nesting: a list of tables (``[[side_effects]]``) has as many tables, in
the same order, each with only its text keys. Ids, statuses, figures, units,
dates, regions and sources are never in it: they live once, in the English
file, so a translation cannot change a number. What a text field of the
English says in numbers, its translation must say too (checked here).

Search words (``everyday_words``) are not translations but words of their
own: any number, in the language's own everyday and dialect forms.

Each translation file starts with a ``[translation]`` table::

    [translation]
    translated_on = 2026-12-06      # when these words were last brought up to date
    method = "machine-assisted"     # or "human"
    reviewed_by = ""                # the clinician who checked it; "" if nobody has yet
    reviewed_on = 2026-12-20        # when they did (only with reviewed_by)

:func:`merge` lays a translation over its English file and reports every
difference in shape as file + field + message; the merged data is then read
by the same readers as the English, with the same limits.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from bodymap.model.content import TranslationInfo
from bodymap.model.fields import Problem, load_toml

# The keys whose string values (or lists of strings) are words to translate.
TEXT_KEYS = frozenset(
    {
        "boxed_warning_short",
        "disclaimer",
        "good_to_know",
        "in_short",
        "intro",
        "label",
        "label_section",
        "medical_name",
        "name",
        "note",
        "plain",
        "questions",
        "short",
        "sites",
        "summary",
        "tagline",
        "text",
        "title",
        "total_dose",
        "who_for",
    }
)
# Tables whose every value is text (keyed by region id).
TEXT_TABLES = frozenset({"region_notes"})
# Search words: each language has its own, of any number.
WORD_LISTS = frozenset({"everyday_words"})
# Never translated: sources are cited as published; the hosts list is ours.
SKIPPED = frozenset({"sources", "hosts"})
HEADER = "translation"
METHODS = ("machine-assisted", "human")
# Where the English says when it was last checked.
ENGLISH_DATE_KEY = "last_reviewed"

_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*")
_EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


def skeleton(english: dict) -> dict:
    """The words of an English file, in its nesting: what a translation of it
    holds (without its ``[translation]`` table)."""
    return _words(english) or {}


def _words(value: Any, key: str | None = None) -> Any:
    """``value``'s words, or None if it has none."""
    if isinstance(value, dict):
        if key in TEXT_TABLES:
            out = {k: v for k, v in value.items() if isinstance(v, str)}
            return out or None
        out = {}
        for k, v in value.items():
            if k in SKIPPED:
                continue
            words = _words(v, k)
            if words is not None:
                out[k] = words
        return out or None
    if isinstance(value, list):
        if key in WORD_LISTS or (
            key in TEXT_KEYS and value and all(isinstance(v, str) for v in value)
        ):
            return list(value)
        if value and all(isinstance(v, dict) for v in value):
            items = [_words(v) or {} for v in value]
            return items if any(items) else None
        return None
    if isinstance(value, str) and key in TEXT_KEYS:
        return value
    return None


def _is_date(value: Any) -> bool:
    """A date, and not a datetime (TOML reads 2026-11-25T00:00 as one)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def numbers(text: str) -> list[str]:
    """The numbers a text states, in the order it states them, as written in
    Western digits without thousands separators: "9.0 vs 1,384" -> ["9.0", "1384"]."""
    found = []
    for match in _NUMBER.findall(text):
        number = match.replace("\u066c", ",").replace("\u066b", ".")
        # A comma followed by exactly three digits groups thousands.
        number = re.sub(r",(?=\d{3}(?:\D|$))", "", number)
        found.append(number.replace(",", "."))
    return found


def merge(english: dict, translated: dict, rel: str, problems: list[Problem]) -> dict:
    """The English file's data with its words replaced by the translation's.

    ``rel`` names the translation file in problems. Every text of the English
    must be translated, nothing may be added, lists of tables and of
    sentences keep their length, each text keeps its numbers, and digits are
    Western (0-9). Where anything is wrong the English words stay in place
    (and a problem says why), so a reader never sees a half-merged field."""
    merged = copy.deepcopy(english)
    body = {k: v for k, v in translated.items() if k != HEADER}
    _merge_into(merged, skeleton(english), body, rel, "", problems)
    return merged


def _merge_into(
    target: dict, words: dict, translated: dict, rel: str, where: str, problems: list[Problem]
) -> None:
    for key in translated:
        if key not in words:
            problems.append(
                Problem(rel, where + key, "not in the English file (nothing there to translate)")
            )
    for key, english in words.items():
        field = where + key
        if key not in translated:
            problems.append(Problem(rel, field, "missing: the English has text here"))
            continue
        value = translated[key]
        if isinstance(english, str):
            if _text_ok(english, value, rel, field, problems):
                target[key] = value
        elif isinstance(english, list) and (
            key in WORD_LISTS or all(isinstance(v, str) for v in english)
        ):
            _merge_list(target, key, english, value, rel, field, problems)
        elif isinstance(english, list):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                problems.append(Problem(rel, field, f"expected {len(english)} [[{key}]] tables"))
            elif len(value) != len(english):
                problems.append(
                    Problem(
                        rel, field, f"{len(value)} [[{key}]] tables; the English has {len(english)}"
                    )
                )
            else:
                for i, (e, t) in enumerate(zip(english, value, strict=True)):
                    _merge_into(target[key][i], e, t, rel, f"{field}[{i}].", problems)
        elif isinstance(english, dict):
            if not isinstance(value, dict):
                problems.append(Problem(rel, field, "expected a table"))
            else:
                _merge_into(target[key], english, value, rel, field + ".", problems)


def _merge_list(
    target: dict, key: str, english: list, value: Any, rel: str, field: str, problems: list[Problem]
) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(rel, field, "expected a list of texts"))
        return
    if key in WORD_LISTS:
        if not value:
            problems.append(
                Problem(rel, field, "empty: give the words people use in this language")
            )
            return
        target[key] = value
        return
    if len(value) != len(english):
        problems.append(Problem(rel, field, f"{len(value)} items; the English has {len(english)}"))
        return
    ok = [
        _text_ok(e, t, rel, f"{field}[{i}]", problems)
        for i, (e, t) in enumerate(zip(english, value, strict=True))
    ]
    if all(ok):
        target[key] = value


def _text_ok(english: str, value: Any, rel: str, field: str, problems: list[Problem]) -> bool:
    if not isinstance(value, str):
        problems.append(Problem(rel, field, "expected text"))
        return False
    if not value.strip():
        problems.append(Problem(rel, field, "empty: the English has text here"))
        return False
    if _EASTERN_DIGITS.search(value):
        problems.append(
            Problem(rel, field, "write numbers in Western digits (0-9), as the English does")
        )
        return False
    # The same numbers in the same order: a sorted comparison would let
    # "3 days ... 12 weeks" become "12 days ... 3 weeks". (Of 104 shipped
    # fields with two or more figures, two had to be reordered to keep it.)
    said, source = numbers(value), numbers(english)
    if said != source:
        if sorted(said) == sorted(source):
            message = f"its numbers {said} are in another order than the English's {source}"
        else:
            message = f"its numbers {said} differ from the English's {source}"
        problems.append(Problem(rel, field, message))
        return False
    return True


def read_info(
    translated: dict, english: dict, rel: str, problems: list[Problem]
) -> TranslationInfo | None:
    """The file's ``[translation]`` table, checked; a translation last brought
    up to date before the English was last reviewed is reported as older."""
    header = translated.get(HEADER)
    if not isinstance(header, dict):
        problems.append(
            Problem(rel, HEADER, "missing: [translation] with translated_on and method")
        )
        return None
    before = len(problems)
    on = header.get("translated_on")
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        problems.append(Problem(rel, f"{HEADER}.translated_on", "expected a date (2026-12-06)"))
    method = header.get("method")
    if method not in METHODS:
        problems.append(Problem(rel, f"{HEADER}.method", f"expected one of {list(METHODS)}"))
    by = header.get("reviewed_by", "")
    if not isinstance(by, str):
        problems.append(Problem(rel, f"{HEADER}.reviewed_by", 'expected a name, or ""'))
    reviewed_on = header.get("reviewed_on")
    if reviewed_on is not None and (
        not isinstance(reviewed_on, dt.date) or isinstance(reviewed_on, dt.datetime)
    ):
        problems.append(Problem(rel, f"{HEADER}.reviewed_on", "expected a date"))
    elif isinstance(by, str) and by.strip() and reviewed_on is None:
        problems.append(Problem(rel, f"{HEADER}.reviewed_on", "missing: when did they review it?"))
    elif reviewed_on is not None and not (isinstance(by, str) and by.strip()):
        problems.append(Problem(rel, f"{HEADER}.reviewed_by", "missing: who reviewed it?"))
    for key in header:
        if key not in ("translated_on", "method", "reviewed_by", "reviewed_on"):
            problems.append(Problem(rel, f"{HEADER}.{key}", "unknown key"))
    if len(problems) > before:
        return None
    english_date = english.get(ENGLISH_DATE_KEY)
    # A datetime (2026-11-25T00:00) is the English reader's to report, not a crash here.
    if _is_date(english_date) and on < english_date:
        problems.append(
            Problem(
                rel,
                f"{HEADER}.translated_on",
                f"{on} is older than the English ({ENGLISH_DATE_KEY} {english_date}): "
                "bring the translation up to date, then change the date",
            )
        )
    return TranslationInfo(rel, on, method, by.strip(), reviewed_on)


class Translator:
    """Reads content files in one language: for English the files as they
    are; for another, each English file with its translation laid over it
    (:func:`merge`), named in problems by the translation's path.

    ``infos`` collects each translation's ``[translation]`` table, so the page
    can say when the words were last reviewed, and by whom."""

    def __init__(self, root: Path, lang: str, source_lang: str = "en"):
        self.root = root
        self.lang = lang
        self.translating = lang != source_lang
        self.infos: list[TranslationInfo] = []
        self.read: set[Path] = set()

    def load(self, path: Path, problems: list[Problem]) -> tuple[str, dict | None]:
        """``path`` (an English content file) in this language: its name as
        problems give it and its data, or None if it can't be read."""
        rel, data = load_toml(path, self.root, problems)
        if data is None or not self.translating:
            return rel, data
        translation = self.root / self.lang / path.relative_to(self.root)
        self.read.add(translation)
        if not translation.exists():
            where = f"{self.root.name}/{self.lang}/{path.relative_to(self.root).as_posix()}"
            problems.append(Problem(where, "(file)", f"missing: no translation of {rel}"))
            return where, data
        trel, tdata = load_toml(translation, self.root, problems)
        if tdata is None:
            return trel, data
        info = read_info(tdata, data, trel, problems)
        if info is not None:
            self.infos.append(info)
        return trel, merge(data, tdata, trel, problems)

    def extra_files(self, folders: tuple[str, ...], top_level: bool = True) -> list[Problem]:
        """Translation files in ``folders`` (and, with ``top_level``, beside
        them) with no English file to translate, once every English file has
        been loaded."""
        if not self.translating:
            return []
        found = []
        for path in sorted((self.root / self.lang).rglob("*.toml")):
            inside = path.relative_to(self.root / self.lang)
            if path not in self.read and (
                inside.parts[0] in folders or (top_level and len(inside.parts) == 1)
            ):
                rel = f"{self.root.name}/{self.lang}/{inside.as_posix()}"
                found.append(
                    Problem(rel, "(file)", f"no English file {inside.as_posix()} to translate")
                )
        return found
