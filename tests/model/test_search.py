"""Search in everyday words: the phrases patients type lead to the right condition."""

from __future__ import annotations

import dataclasses

import pytest

from bodymap.model.search import (
    CONDITION,
    NOT_COVERED,
    needs_crisis_help,
    normalise,
    search,
    word_match,
    words,
)

# What a worried patient types -> the condition that must come first.
PHRASES = [
    ("I sweat too much under my arms", "severe-underarm-sweating"),
    ("armpit sweat", "severe-underarm-sweating"),
    ("hyperhydrosis", "severe-underarm-sweating"),  # a common misspelling
    ("sweaty hands", "hand-and-foot-sweating"),
    ("sweaty palms", "hand-and-foot-sweating"),
    ("sweaty feet", "hand-and-foot-sweating"),
    ("my hands are always clammy", "hand-and-foot-sweating"),
    ("headaches most days", "chronic-migraine"),
    ("migrane", "chronic-migraine"),  # misspelt
    ("Chronic Migraines", "chronic-migraine"),
    ("eyelid twitching", "blepharospasm"),
    ("my eyelids keep twitching", "blepharospasm"),
    ("blepharaspasm", "blepharospasm"),  # misspelt
    ("leaking urine", "overactive-bladder"),
    ("can't hold my pee", "overactive-bladder"),
    ("overactive bladder", "overactive-bladder"),
    ("bladder problems after spinal cord injury", "neurogenic-bladder"),
    ("grinding teeth", "bruxism-and-jaw-joint-pain"),
    ("teeth grinding at night", "bruxism-and-jaw-joint-pain"),
    ("TMJ", "bruxism-and-jaw-joint-pain"),
    ("jaw clenching", "bruxism-and-jaw-joint-pain"),
    ("square jaw", "enlarged-jaw-muscle"),
    ("crossed eyes", "strabismus"),
    ("squint", "strabismus"),
    ("wry neck", "cervical-dystonia"),
    ("head pulls to one side", "cervical-dystonia"),
    ("torticolis", "cervical-dystonia"),  # misspelt
    ("neck cords", "neck-bands"),
    ("turkey neck", "neck-bands"),
    ("frown lines", "frown-and-forehead-lines"),
    ("forehead wrinkles", "frown-and-forehead-lines"),
    ("worry lines", "frown-and-forehead-lines"),
    ("feeling low", "depression"),
    ("stiff arm after stroke", "arm-and-hand-spasticity"),
    ("my hand is stuck in a clenched fist", "arm-and-hand-spasticity"),
    ("curled fingers", "arm-and-hand-spasticity"),
    ("tight calf", "leg-and-foot-spasticity"),
    ("toe walking", "leg-and-foot-spasticity"),
    ("my foot points down after a stroke", "leg-and-foot-spasticity"),
    ("drooling", "drooling"),  # a use not covered until the salivary glands were drawn
    ("too much saliva", "drooling"),
    ("drooling with parkinson's", "drooling"),
    ("sialorhea", "drooling"),  # misspelt
]


@pytest.mark.parametrize(("query", "expected"), PHRASES)
def test_everyday_phrase_finds_the_condition_first(content, query, expected):
    hits = search(content, query)
    assert hits, f"{query!r} found nothing"
    assert (hits[0].kind, hits[0].id) == (CONDITION, expected), [
        (h.id, h.score, h.matched) for h in hits
    ]


def test_the_table_is_big_enough(content):
    assert len(PHRASES) >= 25
    assert {expected for _, expected in PHRASES} == {c.id for c in content.conditions}


# Uses this guide doesn't cover: a kind answer, not "nothing found".
NOT_COVERED_PHRASES = [
    ("crow's feet", "crows-feet"),
    ("one side of my face twitches", "hemifacial"),
    ("anal fissure", "fissure"),
]


@pytest.mark.parametrize(("query", "id_part"), NOT_COVERED_PHRASES)
def test_a_use_not_covered_is_named(content, query, id_part):
    hits = search(content, query)
    assert hits, query
    assert hits[0].kind == NOT_COVERED and id_part in hits[0].id, hits


@pytest.mark.parametrize(
    "query", ["broken leg", "hair loss", "qwertyuiop", "cancer", "neck ache", "lazy eye"]
)
def test_unrelated_words_find_nothing(content, query):
    assert search(content, query) == ()


@pytest.mark.parametrize("query", ["", "   ", "the my of", "???"])
def test_an_empty_or_filler_query_finds_nothing(content, query):
    assert search(content, query) == ()


def test_each_condition_is_found_by_its_own_name(content):
    for condition in content.conditions:
        hits = search(content, condition.name)
        assert hits[0].id == condition.id, condition.name


def test_each_everyday_phrase_in_content_finds_its_condition(content):
    """Every phrase a clinician writes into a file must lead back to that file's
    condition (first, or tied at the top): a phrase that finds something else
    first is misleading."""
    for condition in content.conditions:
        for phrase in condition.everyday_words:
            hits = search(content, phrase)
            top = hits[0].score if hits else 0
            leaders = {h.id for h in hits if h.score == top}
            assert condition.id in leaders, (condition.id, phrase, hits[:3])


def test_results_are_ranked_and_limited(content):
    hits = search(content, "eye")
    assert 1 <= len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_words_come_from_content_not_code(content):
    """A phrase added to a content file becomes findable; remove it and it isn't."""
    target = content.condition("neck-bands")
    assert search(content, "zebra stripes") == ()
    changed = dataclasses.replace(target, everyday_words=(*target.everyday_words, "zebra stripes"))
    edited = dataclasses.replace(
        content,
        conditions=tuple(changed if c.id == target.id else c for c in content.conditions),
    )
    assert search(edited, "zebra stripes")[0].id == "neck-bands"


def test_normalise_and_words():
    assert normalise("  Can't   STOP blinking! ") == "cant stop blinking"
    assert normalise("Café") == "cafe"
    assert words("my eye keeps blinking") == ("eye", "blinking")


@pytest.mark.parametrize(
    ("typed", "known", "expected"),
    [
        ("sweat", "sweat", 1.0),
        ("twitch", "twitching", 0.9),
        ("sweaty", "sweat", 0.9),
        ("migrane", "migraine", 0.8),
        ("arm", "armpit", 0.0),  # short words must match whole
        ("head", "headache", 0.0),  # a different word, not an ending
        ("leak", "leakage", 0.9),
        ("twitchy", "twitching", 0.9),
        ("neck", "knee", 0.0),
        ("pee", "peeing", 0.9),
        ("pee", "peel", 0.0),
    ],
)
def test_word_match(typed, known, expected):
    assert word_match(typed, known) == expected


@pytest.mark.parametrize(
    "query",
    ["I want to die", "suicidal thoughts", "feeling hopeless", "self-harm", "killing myself"],
)
def test_words_of_distress_ask_for_the_crisis_line(content, query):
    assert needs_crisis_help(content, query)


@pytest.mark.parametrize("query", ["sweaty hands", "feeling low", "die", "dye my hair", ""])
def test_everyday_searches_do_not_raise_the_crisis_line(content, query):
    assert not needs_crisis_help(content, query)


def test_crisis_text_gives_the_988_line_with_sources(content):
    crisis = content.site.crisis
    assert "988" in crisis.text and "911" in crisis.text
    assert {s.id for s in content.site.sources} >= set(crisis.source_ids)
