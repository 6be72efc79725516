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

Arabic words are read too (the Arabic guide's content is Arabic): spelling
variants are unified (``normalise_arabic``: أ/إ/آ, ة/ه, ى/ي, tashkeel,
Eastern digits), a joined article or particle ("والتعرق", "بالعين") doesn't
stop a match, nor do the common endings ("رقبتي" my neck, "عضلات" muscles)
or a misspelling. English words are read exactly as before.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from bodymap.model.arabic import normalise_arabic, strip_clitics
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
# The same for Arabic, normalised (normalise_arabic) when read: particles,
# pronouns, question words and the words for the treatment itself, in Modern
# Standard Arabic and common dialect spellings. A word is filler also with a
# joined particle ("وعندي"). Words that carry a complaint ("كثير" a lot,
# "نفسي" myself, "اريد" I want) are not filler, nor are those that are also
# content words: حول (around; squint), اين (where; "لاين" line).
_ARABIC_FILLER = """
و ف ب ك ل في فى من الى إلى على عن مع عند منذ حتى او أو ثم لكن بس لان لأن
اذا إذا ان أن إن كان كانت يكون تكون هل ما ماذا كيف لماذا ليش ليه متى
وين شو ايش إيش وش مين هذا هذه هذي ذلك تلك هاد ده دي الذي التي الذين اللي انا
أنا انت أنت انتي هو هي هم نحن احنا لي ليا بي عندي لدي عنده عندها عندك عندنا فيه
فيها منه منها به بها له لها عليه عليها يوجد هناك يعني ممكن يمكن اقدر أقدر استطيع
أستطيع جدا جداً فعلا حقا ايضا أيضا أيضاً بعض اي أي اعاني أعاني يعاني تعاني نعاني
مساعده مساعدة نوع انواع أنواع بوتوكس بوتكس البوتوكس بوتولينوم البوتولينوم توكسين
ذيفان الوشيقة حقن حقنه حقنة الحقن ابره إبرة ابر إبر علاج العلاج يعالج تعالج
معالجه معالجة
"""
ARABIC_FILLER_WORDS = frozenset(normalise_arabic(w) for w in _ARABIC_FILLER.split())
# Arabic endings (normalised: ة is ه): attached pronouns ("عيني" my eye,
# "رقبتي" my neck, where ة is written ت), the dual and sound plurals
# ("يدين", "عضلات") and the adjective ending ("عصبيه"). Like ENDINGS, a
# typed word may differ from a known one by one of these.
_ARABIC_ENDINGS = """
ي ك ه ها نا هم هن كم كن هما كما ني يا تي تك ته تها تنا تهم تكم
ات ان ين ون تان تين اتي اتك اته اتها اتنا اتهم يه يات يين يون وا
"""
ARABIC_ENDINGS = frozenset(_ARABIC_ENDINGS.split())
MIN_ARABIC_STEM = 3  # "رقبه", "رقبتي": both "رقب"; "يدين" isn't cut to "يد"
MIN_ARABIC_PREFIX = 2  # "يد" (hand) finds "يدي", "يدين"
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


# A run of Arabic script (letters, marks, digits, presentation forms), with
# the invisible marks that may sit inside an Arabic word (joiners, direction
# marks and isolates); and, once normalised, its words: letters or figures.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc\U0001ee00-\U0001eeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC}][{_ARABIC}\u200c-\u200f\u202a-\u202e\u2066-\u2069]*")
_ARABIC_WORD = re.compile(r"[^\W\d_]+|[0-9]+")


def _arabic_words(run: str) -> list[str]:
    """The meaningful words of a run of Arabic script: normalised, split into
    letters and figures, filler words dropped (with or without a joined
    particle: "وعندي")."""
    return [
        w
        for w in _ARABIC_WORD.findall(normalise_arabic(run))
        if w not in ARABIC_FILLER_WORDS and strip_clitics(w) not in ARABIC_FILLER_WORDS
    ]


def terms(text: str) -> tuple[str, ...]:
    """The meaningful words of a phrase in English or Arabic, in the order
    written: English words as ``words`` reads them, Arabic ones normalised
    (``normalise_arabic``), filler words of either language dropped. Text
    without Arabic script gives exactly ``words(text)``."""
    if _ARABIC_RUN.search(text) is None:
        return words(text)
    found: list[str] = []
    start = 0
    for run in _ARABIC_RUN.finditer(text):
        found += words(text[start : run.start()])
        found += _arabic_words(run.group())
        start = run.end()
    found += words(text[start:])
    return tuple(found)


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
    0 otherwise. Arabic words (any word not in ASCII) are compared by
    ``_arabic_word_match``; English ones exactly as before."""
    if typed == known:
        return 1.0
    if not (typed.isascii() and known.isascii()):
        return _arabic_word_match(typed, known)
    stem_typed, stem_known = stem(typed), stem(known)
    if len(stem_typed) >= MIN_PREFIX and stem_typed == stem_known:
        return 0.9  # "twitchy", "twitching"
    shorter, longer = sorted((typed, known), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter) and longer[len(shorter) :] in ENDINGS:
        return 0.9  # "sweat", "sweating"
    return 0.8 if _likely_misspelling(typed, known) else 0.0


def _likely_misspelling(typed: str, known: str) -> bool:
    """Is ``typed`` a likely misspelling of ``known``? Long enough words, the
    same first letter (a misspelling seldom changes it: "wetting" is not
    "sweating"), and letters in common (difflib's ratio, the cheap bounds
    first). English and Arabic words alike."""
    shorter, longer = sorted((len(typed), len(known)))
    if typed[0] != known[0] or shorter < MIN_FUZZY - 1 or longer < MIN_FUZZY:
        return False
    matcher = difflib.SequenceMatcher(None, typed, known)
    return (
        matcher.real_quick_ratio() >= FUZZY_RATIO
        and matcher.quick_ratio() >= FUZZY_RATIO
        and matcher.ratio() >= FUZZY_RATIO
    )


@functools.lru_cache(maxsize=1 << 16)
def _arabic_forms(word: str) -> tuple[tuple[str, str], ...]:
    """The ways an Arabic word is compared, each with its stem (``_arabic_stem``):
    without a joined article or particle (``strip_clitics``), and as typed;
    "اليد" also as "يد", though only 2 letters remain. Comparing the word as
    typed too means a letter of its own that ``strip_clitics`` takes for a
    particle ("وجهي" -> "جهي") costs no match."""
    forms = [strip_clitics(word), word]
    # "اليد" hand, "الفم" mouth, "الكف" palm; not "الام" (آلام, pains: not "ام").
    if word.startswith("ال") and len(word) == 4 and word[2] != "ا":
        forms.append(word[2:])
    return tuple((f, _arabic_stem(f)) for f in dict.fromkeys(forms))


def _arabic_stem(word: str) -> str:
    """The word without its longest Arabic ending, if ``MIN_ARABIC_STEM``
    letters remain ("رقبتي" and "رقبه" -> "رقب", "عضلات" -> "عضل")."""
    for size in (4, 3, 2, 1):
        if len(word) - size >= MIN_ARABIC_STEM and word[-size:] in ARABIC_ENDINGS:
            return word[:-size]
    return word


def _arabic_form_match(typed: str, typed_stem: str, known: str, known_stem: str) -> float:
    """1 for the same form, 0.9 for the same with an ending, else 0."""
    if typed == known:
        return 1.0
    shorter, longer = (typed, known) if len(typed) <= len(known) else (known, typed)
    if (
        len(shorter) >= MIN_ARABIC_PREFIX
        and longer.startswith(shorter)
        and longer[len(shorter) :] in ARABIC_ENDINGS
    ):
        return 0.9  # "عيني", "يدين", "اسناني"
    if typed_stem == known_stem:
        return 0.9  # "رقبتي"/"رقبه", "عضلات"/"عضله" (a stem keeps 3 letters)
    return 0.0


def _arabic_word_match(typed: str, known: str) -> float:
    """``word_match`` for Arabic words: 1 for the same word, with or without
    a joined article or particle ("بالتعرق"/"التعرق"), 0.9 for the same word
    with an ending ("رقبتي"/"الرقبه"), 0.8 for a likely misspelling, 0
    otherwise. Each word is compared in all its ``_arabic_forms``."""
    typed_forms, known_forms = _arabic_forms(typed), _arabic_forms(known)
    best = 0.0
    for t, t_stem in typed_forms:
        for k, k_stem in known_forms:
            if t[0] == k[0]:  # else none of the rules can hold: a quick no
                best = max(best, _arabic_form_match(t, t_stem, k, k_stem))
    if best:
        return best
    # Misspellings, as in English, without the article: "التعريق" is not a
    # misspelling of "الريق". ("اكتءاب"/"اكتياب" is.)
    return 0.8 if _likely_misspelling(typed_forms[0][0], known_forms[0][0]) else 0.0


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
        phrases = [(p, terms(p), 1.0) for p in (c.name, c.medical_name, *c.everyday_words) if p]
        for rid in c.regions:
            region = regions[rid]
            for p in (region.label, *region.everyday_words):
                phrases.append((p, terms(p), REGION_WEIGHT))
        entries.append(_Entry(CONDITION, c.id, c.name, tuple(phrases)))
    for use in content.other_uses:
        phrases = [(p, terms(p), 1.0) for p in (use.name, *use.everyday_words)]
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
        # Never an English word with an Arabic one: no content word is both.
        if i + 1 < len(typed) and typed[i].isascii() == typed[i + 1].isascii():
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
    typed = _join_compounds(terms(query)[:MAX_QUERY_WORDS], _vocabulary(entries))
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


def needs_crisis_help(content: Content, query: str, *others: Content) -> bool:
    """Does the query use one of the crisis phrases (every word of one, in
    any order: "i want to die", "suicidal thoughts")? Arabic phrases are
    read the same way, normalised ("أريد أن أموت" is found in "اريد اموت").

    ``others``: the same guide in its other languages, whose phrases count
    too: someone may write in the language they think in, not the page's."""
    typed = set(terms(query))  # every word, each once: a long query is still read to the end
    for guide in (content, *others):
        crisis = guide.site.crisis
        if crisis is None:
            continue
        if any(
            all(any(word_match(t, w) >= 0.9 for t in typed) for w in terms(phrase))
            for phrase in crisis.everyday_words
            if terms(phrase)
        ):
            return True
    return False
