"""Find conditions from the words a patient types ("sweaty hands").

Pure functions, no Streamlit. The words come from content: each condition's
name, medical name and ``everyday_words``, the ``everyday_words`` of the body
areas it is treated at, and the uses this guide doesn't cover yet
(``content/not_covered.toml``), so a search for one of those gets a kind
answer instead of nothing.

Matching is forgiving on purpose: word endings ("twitch", "twitching"),
common misspellings ("migrane") and filler words ("my", "after") don't stop
a match. Words that many conditions share (say "neck") count for less than
words only one condition has (say "sweat").
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from bodymap.model.content import Content

CONDITION = "condition"
NOT_COVERED = "not-covered"

# Words that say nothing about which condition someone means.
_FILLER = """
a about am an and any are as at be been botox botulinum but by can cant could do
does doing dont for from get gets getting got had has have having help how i im in
injection injections into is it its ive keep keeps me my of on or really shot shots
so some the them there they this to too toxin treat treated treating treatment
treatments type very was what when where which who why will with would you your
"""
FILLER_WORDS = frozenset(_FILLER.split())
MIN_PREFIX = 4  # "sweat" finds "sweating"; "arm" must not find "armpit"
# A typed word may differ from a known one by an ending only: "twitch" finds
# "twitching", but "head" must not find "headache".
ENDINGS = frozenset({"s", "es", "ies", "ed", "er", "ers", "ing", "ings", "y", "ly", "ness", "age"})
MIN_FUZZY = 5  # misspellings are only guessed for words this long
FUZZY_RATIO = 0.8  # difflib ratio: "migrane" ~ "migraine" is 0.93
REGION_WEIGHT = 0.6  # a body-area word alone is a weaker hint than a symptom
MIN_SCORE = 0.34
MIN_EXPLAINED = 0.6  # share of the query an entry must explain, unless it explains every known word
RELATIVE_CUT = 0.6  # keep hits scoring at least this share of the best one
MAX_HITS = 5
# A query is read up to this many meaningful words (filler words not
# counted): more is a pasted page, not a search, and each word costs a few
# milliseconds of matching against every phrase (issue 16).
MAX_QUERY_WORDS = 20


@dataclass(frozen=True)
class Hit:
    """One search result: a condition in this guide, or a use it doesn't cover."""

    kind: str  # CONDITION or NOT_COVERED
    id: str
    name: str
    score: float
    matched: str  # the phrase from content that matched best, for "because you typed…"


def normalise(text: str) -> str:
    """Lowercase, no accents or punctuation, single spaces ("Can't" -> "cant").

    The dotless i of Turkish keyboards is an i: its capital is "I", so
    "mıgraine" must read as "MIGRAINE" does."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def words(text: str) -> tuple[str, ...]:
    """The meaningful words of a phrase, normalised, filler words dropped."""
    return tuple(w for w in normalise(text).split() if w not in FILLER_WORDS)


def stem(word: str) -> str:
    """The word without its longest ending, if at least 4 letters remain."""
    for size in (4, 3, 2, 1):
        if len(word) - size >= MIN_PREFIX and word[-size:] in ENDINGS:
            return word[:-size]
    return word


@functools.lru_cache(maxsize=1 << 16)
def word_match(typed: str, known: str) -> float:
    """How well a typed word matches a word from content: 1 for the same word,
    0.9 for the same stem ("twitch"/"twitching"), 0.8 for a likely misspelling,
    0 otherwise."""
    if typed == known:
        return 1.0
    stem_typed, stem_known = stem(typed), stem(known)
    if len(stem_typed) >= MIN_PREFIX and stem_typed == stem_known:
        return 0.9  # "twitchy", "twitching"
    shorter, longer = sorted((typed, known), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter) and longer[len(shorter) :] in ENDINGS:
        return 0.9  # "sweat", "sweating"
    # A misspelling seldom changes the first letter ("wetting" is not "sweating").
    if typed[0] == known[0] and len(shorter) >= MIN_FUZZY - 1 and len(longer) >= MIN_FUZZY:
        matcher = difflib.SequenceMatcher(None, typed, known)
        if (
            matcher.real_quick_ratio() >= FUZZY_RATIO
            and matcher.quick_ratio() >= FUZZY_RATIO
            and matcher.ratio() >= FUZZY_RATIO
        ):
            return 0.8
    return 0.0


@dataclass(frozen=True)
class _Entry:
    kind: str
    id: str
    name: str
    phrases: tuple[tuple[str, tuple[str, ...], float], ...]  # (phrase, words, weight)


@functools.lru_cache(maxsize=4)
def _entries(content: Content) -> tuple[_Entry, ...]:
    regions = {r.id: r for r in content.regions}
    entries = []
    for c in content.conditions:
        phrases = [(p, words(p), 1.0) for p in (c.name, c.medical_name, *c.everyday_words) if p]
        for rid in c.regions:
            region = regions[rid]
            for p in (region.label, *region.everyday_words):
                phrases.append((p, words(p), REGION_WEIGHT))
        entries.append(_Entry(CONDITION, c.id, c.name, tuple(phrases)))
    for use in content.other_uses:
        phrases = [(p, words(p), 1.0) for p in (use.name, *use.everyday_words)]
        entries.append(_Entry(NOT_COVERED, use.id, use.name, tuple(phrases)))
    return tuple(entries)


@functools.lru_cache(maxsize=4)
def _vocabulary(entries: tuple[_Entry, ...]) -> frozenset[str]:
    return frozenset(w for e in entries for _, ws, _ in e.phrases for w in ws)


def _join_compounds(typed: tuple[str, ...], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """ "under arms" -> "underarms", "eye lid" -> "eyelid", when content knows the word."""
    out: list[str] = []
    i = 0
    while i < len(typed):
        if i + 1 < len(typed):
            joined = typed[i] + typed[i + 1]
            if any(word_match(joined, known) >= 0.9 for known in vocabulary):
                out.append(joined)
                i += 2
                continue
        out.append(typed[i])
        i += 1
    return tuple(out)


def _best(typed: str, candidates: tuple[str, ...]) -> float:
    return max((word_match(typed, k) for k in candidates), default=0.0)


def search(content: Content, query: str, limit: int = MAX_HITS) -> tuple[Hit, ...]:
    """Conditions (and uses not covered) that match ``query``, best first.

    A phrase scores by how much of what was typed it explains (rarer words
    weigh more) and how much of the phrase was typed; a condition scores its
    best phrase. Hits far below the best one are dropped, so "sweaty hands"
    doesn't also list every condition with "hands"-like words. Only the
    first ``MAX_QUERY_WORDS`` meaningful words are read.
    """
    entries = _entries(content)
    typed = _join_compounds(words(query)[:MAX_QUERY_WORDS], _vocabulary(entries))
    if not typed:
        return ()
    # Rarity: in how many entries does each typed word match something? A
    # word that matches nothing anywhere counts as much as the rarest word:
    # we can't tell what it means, so it mustn't be explained away.
    weight, known_words = {}, set()
    for w in set(typed):
        df = sum(1 for e in entries if any(_best(w, ws) > 0 for _, ws, _ in e.phrases))
        weight[w] = 1.0 + math.log((1 + len(entries)) / max(df, 1))
        if df:
            known_words.add(w)
    total = sum(weight[w] for w in typed)

    hits = []
    for e in entries:
        # What each typed word is worth to this entry: its best match over
        # all the entry's phrases ("sweat" from one, "underarms" from another),
        # a body-area word counting for less.
        value = {w: max(pw * _best(w, ws) for _, ws, pw in e.phrases if ws) for w in set(typed)}
        explained = sum(weight[w] * value[w] for w in typed) / total
        covered = sum(weight[w] for w in typed if value[w] > 0) / total
        # A coincidence, not an answer: part of the query ("ache" of "neck
        # ache") matching part of a phrase ("jaw ache").
        if covered < MIN_EXPLAINED and not all(value[w] > 0 for w in known_words):
            continue
        # How fully the entry's best phrase was typed.
        present, best_phrase = 0.0, ""
        for phrase, ws, pw in e.phrases:
            if ws:
                share = pw * sum(_best(k, typed) for k in ws) / len(ws)
                if share > present:
                    present, best_phrase = share, phrase
        score = explained * (0.5 + 0.5 * present)
        if score >= MIN_SCORE:
            hits.append(Hit(e.kind, e.id, e.name, round(score, 4), best_phrase))
    if not hits:
        return ()
    top = max(h.score for h in hits)
    hits = [h for h in hits if h.score >= top * RELATIVE_CUT]
    # Conditions this guide covers come before uses it doesn't, at equal scores.
    hits.sort(key=lambda h: (-h.score, h.kind != CONDITION, h.name))
    return tuple(hits[:limit])


def needs_crisis_help(content: Content, query: str) -> bool:
    """Does the query use one of the crisis phrases (every word of one, in
    any order: "i want to die", "suicidal thoughts")?"""
    crisis = content.site.crisis
    if crisis is None:
        return False
    typed = set(words(query))  # every word, each once: a long query is still read to the end
    return any(
        all(any(word_match(t, w) >= 0.9 for t in typed) for w in words(phrase))
        for phrase in crisis.everyday_words
        if words(phrase)
    )
