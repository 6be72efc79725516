"""Translations of the content: shape, numbers, dates, and the shipped Arabic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest

from bodymap.model.fields import Problem
from bodymap.model.loading import check_content
from bodymap.model.sites import check_site_sets
from bodymap.model.translation import merge, numbers, read_info, skeleton
from bodymap.vocabulary import CONTENT_DIR
from tests.support.toml_writer import dumps

ENGLISH = {
    "id": "drooling",
    "name": "Drooling",
    "summary": "Shots into 4 glands.",
    "everyday_words": ["drool", "spit"],
    "questions": ["Will it hurt?", "How long does it last?"],
    "last_reviewed": dt.date(2026, 11, 1),
    "approval": {"status": "fda-approved", "year": 2010, "note": "Approved in 2010."},
    "region_notes": {"jaw": "Near the jaw.", "neck": "Under the chin."},
    "timing": {"onset": {"value": 1, "unit": "weeks", "note": "About 1 week."}},
    "side_effects": [{"text": "Dry mouth", "source_ids": ["label"]}, {"text": "Pain"}],
    "sources": [{"id": "label", "title": "Label", "url": "https://dailymed.nlm.nih.gov/x"}],
}
ARABIC = {
    "name": "سيلان اللعاب",
    "summary": "حقن في 4 غدد.",
    "everyday_words": ["ريالة", "لعاب", "تفل"],
    "questions": ["هل تؤلم؟", "كم يدوم أثرها؟"],
    "approval": {"note": "اعتُمد في 2010."},
    "region_notes": {"jaw": "قرب الفك.", "neck": "تحت الذقن."},
    "timing": {"onset": {"note": "نحو 1 أسبوع."}},
    "side_effects": [{"text": "جفاف الفم"}, {"text": "ألم"}],
    "translation": {
        "translated_on": dt.date(2026, 12, 6),
        "method": "machine-assisted",
        "reviewed_by": "",
    },
}
REL = "content/ar/conditions/drooling.toml"


def merged(arabic: dict, english: dict = ENGLISH) -> tuple[dict, list[str]]:
    problems: list[Problem] = []
    data = merge(english, arabic, REL, problems)
    read_info(arabic, english, REL, problems)
    return data, [f"{p.field}: {p.message}" for p in problems]


def test_skeleton_holds_only_the_words():
    words = skeleton(ENGLISH)
    assert words == {
        "name": "Drooling",
        "summary": "Shots into 4 glands.",
        "everyday_words": ["drool", "spit"],
        "questions": ["Will it hurt?", "How long does it last?"],
        "approval": {"note": "Approved in 2010."},
        "region_notes": {"jaw": "Near the jaw.", "neck": "Under the chin."},
        "timing": {"onset": {"note": "About 1 week."}},
        "side_effects": [{"text": "Dry mouth"}, {"text": "Pain"}],
    }


def test_a_template_round_trips_through_toml_and_merges_to_the_english():
    text = dumps({**skeleton(ENGLISH), "translation": ARABIC["translation"]})
    data, problems = merged(tomllib.loads(text))
    assert problems == []
    assert data == ENGLISH


def test_merge_takes_the_words_and_keeps_figures_ids_and_sources():
    data, problems = merged(ARABIC)
    assert problems == []
    assert data["name"] == "سيلان اللعاب"
    assert data["side_effects"][0] == {"text": "جفاف الفم", "source_ids": ["label"]}
    assert data["approval"] == {"status": "fda-approved", "year": 2010, "note": "اعتُمد في 2010."}
    assert data["timing"]["onset"]["value"] == 1
    assert data["sources"] == ENGLISH["sources"]
    assert data["everyday_words"] == ["ريالة", "لعاب", "تفل"]  # its own words, any number


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda a: a.pop("summary"), "summary: missing: the English has text here"),
        (lambda a: a.update(extra="x"), "extra: not in the English file"),
        (lambda a: a["questions"].pop(), "questions: 1 items; the English has 2"),
        (lambda a: a["side_effects"].pop(), "side_effects: 1 [[side_effects]] tables"),
        (lambda a: a.update(summary="حقن في 5 غدد."), "summary: its numbers ['5'] differ"),
        (lambda a: a.update(summary="حقن في ٤ غدد."), "summary: write numbers in Western"),
        (lambda a: a["approval"].update(year=2011), "approval.year: not in the English file"),
        (lambda a: a["region_notes"].pop("neck"), "region_notes.neck: missing"),
        (lambda a: a.update(everyday_words=[]), "everyday_words: empty"),
        (lambda a: a["side_effects"][1].update(text=""), "side_effects[1].text: empty"),
        (lambda a: a.pop("translation"), "translation: missing"),
        (
            lambda a: a["translation"].update(method="guessed"),
            "translation.method: expected one of",
        ),
        (
            lambda a: a["translation"].update(reviewed_by="Dr A"),
            "translation.reviewed_on: missing",
        ),
        (
            lambda a: a["translation"].update(translated_on=dt.date(2026, 10, 1)),
            "translation.translated_on: 2026-10-01 is older than the English",
        ),
    ],
)
def test_each_difference_from_the_english_is_reported(change, expected):
    arabic = {
        **ARABIC,
        "questions": list(ARABIC["questions"]),
        "approval": dict(ARABIC["approval"]),
        "region_notes": dict(ARABIC["region_notes"]),
        "side_effects": [dict(x) for x in ARABIC["side_effects"]],
        "translation": dict(ARABIC["translation"]),
    }
    change(arabic)
    data, problems = merged(arabic)
    assert any(p.startswith(expected) for p in problems), problems
    # A field that failed keeps its English words: never half translated.
    if expected.startswith("summary"):
        assert data["summary"] == ENGLISH["summary"]


def test_numbers_are_read_as_written_in_order():
    assert numbers("1,384 people; 9.0 vs 6.7 days; 5.7 Pulmonary") == ["1384", "9.0", "6.7", "5.7"]
    assert numbers("1384 شخصًا") == ["1384"]
    assert numbers("no figures") == []


def test_swapped_figures_are_reported():
    english = {**ENGLISH, "summary": "Starts in 3 days and lasts 12 weeks."}
    arabic = {**ARABIC, "summary": "يبدأ خلال 12 يومًا ويدوم 3 أسابيع."}
    data, problems = merged(arabic, english)
    assert any("in another order than the English's" in p for p in problems), problems
    assert data["summary"] == english["summary"]


def test_an_english_date_with_a_time_is_not_a_crash():
    english = {**ENGLISH, "last_reviewed": dt.datetime(2026, 11, 25)}
    _, problems = merged(ARABIC, english)
    assert problems == []  # the English file's reader reports the datetime


def test_a_missing_and_an_extra_translation_file_are_reported(tmp_path):
    root = tmp_path / "content"
    (root / "regions").mkdir(parents=True)
    (root / "regions" / "neck.toml").write_text('id = "neck"\nlabel = "Neck"\n')
    (root / "ar" / "regions").mkdir(parents=True)
    (root / "ar" / "regions" / "knee.toml").write_text('label = "ركبة"\n')
    _, problems = check_content(root, None, "ar")
    found = {(p.file, p.message) for p in problems}
    missing = "missing: no translation of content/regions/neck.toml"
    assert ("content/ar/regions/neck.toml", missing) in found
    assert (
        "content/ar/regions/knee.toml",
        "no English file regions/knee.toml to translate",
    ) in found


def test_the_shipped_arabic_content_loads_complete(diagram):
    content, problems = check_content(CONTENT_DIR, diagram.region_ids(), "ar")
    assert problems == []
    english, _ = check_content(CONTENT_DIR, diagram.region_ids(), "en")
    assert content.language == "ar"
    # Every file is translated and says so; nobody has reviewed it yet.
    translated = {Path(i.file).relative_to("content/ar").as_posix() for i in content.translations}
    shipped = {
        p.relative_to(CONTENT_DIR).as_posix()
        for folder in ("regions", "mechanisms", "conditions")
        for p in (CONTENT_DIR / folder).glob("*.toml")
    } | {"site.toml", "tour.toml", "not_covered.toml"}
    assert translated == shipped
    assert all(i.method == "machine-assisted" and not i.reviewed for i in content.translations)
    # Same ids, statuses, figures and sources; different words.
    for c in content.conditions:
        e = english.condition(c.id)
        assert (c.regions, c.approval.status, c.approval.year) == (
            e.regions,
            e.approval.status,
            e.approval.year,
        )
        for phase, timing in c.timing.items():
            assert dataclasses.replace(timing, note="") == dataclasses.replace(
                e.timing[phase], note=""
            )
        assert c.sources == e.sources
        assert c.name != e.name and any("\u0600" <= ch <= "\u06ff" for ch in c.name)
    _, site_problems = check_site_sets(
        CONTENT_DIR, diagram, [c.id for c in content.conditions], require_all=True, lang="ar"
    )
    assert site_problems == []
