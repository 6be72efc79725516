"""Property-based tests of the search in everyday words (``bodymap.model.search``, issue 16).

Whatever is typed (any Unicode: other scripts, look-alike and full-width
letters, NUL, lone surrogates, emoji, 100 000 characters) the search
answers, with ids the content knows, and the answer doesn't depend on the
query's case or on extra spaces. Normalising is idempotent, and the crisis
phrases are found wherever they stand in a query.
"""

from __future__ import annotations

import random
import re
import string

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from bodymap.model.search import (
    CONDITION,
    FILLER_WORDS,
    MAX_HITS,
    MAX_QUERY_WORDS,
    NOT_COVERED,
    needs_crisis_help,
    normalise,
    search,
    terms,
    words,
)

# Letters that fold, decompose or look alike, spaces that aren't " ",
# apostrophes, NUL, a lone surrogate, and an emoji.
TRICKY = "ıİIiſßẞﬁǅＡａ①²٣\u212a𝐀ÉéĲ\u0301\u0307\u00a0\u2003\u3000\u200b\ufeff\x00\t\n'’`-😀\ud800"
any_char = st.one_of(
    st.characters(exclude_categories=()),  # every category, surrogates too
    st.characters(categories=["Cs"]),
    st.sampled_from(TRICKY),
)
any_text = st.text(any_char, max_size=40)


@pytest.fixture(scope="module")
def known(content):
    """The ids a hit may carry, by kind."""
    return {
        CONDITION: {c.id for c in content.conditions},
        NOT_COVERED: {u.id for u in content.other_uses},
    }


@pytest.fixture(scope="module")
def phrases(content) -> tuple[str, ...]:
    """Every phrase the search knows: names and everyday words."""
    found = [p for c in content.conditions for p in (c.name, c.medical_name, *c.everyday_words)]
    found += [p for r in content.regions for p in (r.label, *r.everyday_words)]
    found += [p for u in content.other_uses for p in (u.name, *u.everyday_words)]
    return tuple(p for p in found if p)


def query_from(data, phrases: tuple[str, ...]) -> str:
    """A query as people type it (content phrases, with noise) or anything at all."""
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(phrases), any_text), max_size=4))
    return data.draw(st.sampled_from((" ", "", "  ", ", "))).join(pieces)


@given(st.data())
@example(None)
def test_any_query_finds_known_ids(content, known, phrases, data):
    """Never raises; at most MAX_HITS hits, best first, each a known condition or use."""
    query = "mıgraine\x00 sweaty ｈａｎｄｓ\ud800" if data is None else query_from(data, phrases)
    hits = search(content, query)
    assert len(hits) <= MAX_HITS
    for hit in hits:
        assert hit.id in known[hit.kind]
        assert hit.score > 0 and hit.name
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True), "best first"
    assert isinstance(needs_crisis_help(content, query), bool)


@given(any_text)
@example("Ⅸ Ǆ ﬃ ẞ")
@example("can't\u2019t`s")
def test_normalising_is_idempotent_and_plain_ascii(text):
    once = normalise(text)
    assert normalise(once) == once
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", once), "lower-case ASCII words, one space"
    assert not set(words(text)) & FILLER_WORDS
    assert " ".join(words(once)) == " ".join(words(text))


ARABIC_SCRIPT = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufefc\U0001ee00-\U0001eeff]"
)


@given(st.text(st.one_of(any_char, st.characters(min_codepoint=0x0600, max_codepoint=0x06FF))))
@example("sweaty ｈａｎｄｓ")
@example("can\u062a't تعرق\u0301e x9 ٣")  # ت inside a word, a mark after one
def test_english_words_are_read_as_before(text):
    """The search's words (``terms``) are ``words`` for text without Arabic
    script, as before the search read Arabic; with Arabic script, its
    English words are those ``words`` reads with the Arabic left out."""
    if not ARABIC_SCRIPT.search(text):
        assert terms(text) == words(text)
    english = [t for t in terms(text) if t.isascii() and not t.isdigit()]
    assert english == [t for t in words(ARABIC_SCRIPT.sub(" ", text)) if not t.isdigit()]


@given(any_text, any_text)
@example("sweaty", "hands")
@example("mıgraine", "\u200f")
def test_an_arabic_word_keeps_its_place(before, after):
    """An Arabic word between English ones is read where it stands."""
    assert terms(f"{before} تعرق {after}") == (*terms(before), "تعرق", *terms(after))


CASE_CHANGES = (str.upper, str.lower, str.title, str.swapcase, str.casefold)


@given(any_text, st.sampled_from(CASE_CHANGES))
@example("mıgraine", str.upper)  # Turkish dotless i: "MIGRAINE"
@example("ǅ", str.swapcase)
@example("ß", str.upper)
def test_normalise_ignores_case(text, change):
    assert normalise(change(text)) == normalise(text)


@given(st.data(), st.sampled_from(CASE_CHANGES))
@example(None, str.upper)
def test_case_and_extra_spaces_do_not_change_results(content, phrases, data, change):
    """The same hits (and crisis answer) in capitals, lower case or title case,
    with the words spread out by spaces, tabs, line breaks or ideographic spaces."""
    if data is None:
        query, spaced = "mıgraine most days", "  MIGRAINE   MOST\tDAYS \n"
    else:
        query = query_from(data, phrases)
        gap = data.draw(st.sampled_from(("  ", "\t", " \n ", "\u3000", "   ")))
        spaced = gap + gap.join(change(query).split()) + gap
    assert search(content, spaced) == search(content, query)
    assert needs_crisis_help(content, spaced) == needs_crisis_help(content, query)


@given(st.data())
def test_crisis_words_are_found_anywhere(content, data):
    """Every crisis phrase is seen in any case, in any company."""
    phrase = data.draw(st.sampled_from(content.site.crisis.everyday_words))
    before, after = data.draw(any_text), data.draw(any_text)
    query = f"{before} {data.draw(st.sampled_from(CASE_CHANGES))(phrase)} {after}"
    assert needs_crisis_help(content, query)


@settings(max_examples=30)  # each ~20 000 characters
@given(
    st.builds(
        lambda piece, times: piece * times,
        st.one_of(any_text.filter(str.strip), st.sampled_from(("sweaty hands ", "a", "x9 "))),
        st.integers(1_000, 20_000),
    )
)
def test_long_queries_are_answered(content, known, query):
    for hit in search(content, query):
        assert hit.id in known[hit.kind]
    needs_crisis_help(content, query)


def test_a_pasted_page_is_answered(content, known):
    """100 000 characters of different made-up words (each a new word to match:
    no cache helps) are answered, and a crisis phrase at the very end is found."""
    rng = random.Random(16)
    page = ""
    while len(page) < 100_000:
        page += " " + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
    assert all(hit.id in known[hit.kind] for hit in search(content, page))
    assert needs_crisis_help(content, page + " I want to die")


@settings(max_examples=25)  # each two searches of MAX_QUERY_WORDS words
@given(st.data())
def test_words_after_the_first_are_not_read(content, phrases, data):
    """A query is read up to its first MAX_QUERY_WORDS meaningful words: what
    follows doesn't change the results (and can't make the search slow)."""
    many = st.lists(st.sampled_from(phrases), min_size=MAX_QUERY_WORDS, max_size=MAX_QUERY_WORDS)
    query = " ".join(data.draw(many))
    assume(len(words(query)) >= MAX_QUERY_WORDS)
    assert search(content, f"{query} {data.draw(any_text)}") == search(content, query)
