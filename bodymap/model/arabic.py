"""Arabic text: normalising for search, plurals, durations, dates, bidi isolation.

Pure functions, no Streamlit. The search (``bodymap.model.search``) reads
Arabic words through ``normalise_arabic`` and ``strip_clitics``; the charts
and pages use the plural, duration and date helpers, and wrap mixed-direction
labels with ``isolate`` / ``isolate_ltr``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

# The project writes figures in Arabic text with Western digits (0-9), not
# Eastern Arabic ones (٠-٩): many Gulf and Egyptian health sites, official
# ones included, do so, and the English pages share the same figures. CLDR
# would pick Eastern digits for ar-SA and ar-EG. Only figures this module
# writes (dates) follow this constant: the content's figures are the English
# files' own, and the translation checker requires Western digits.
DIGITS = "0123456789"

# Directional isolates (Unicode Bidirectional Algorithm, UAX #9).
RLI = "\u2067"  # right-to-left isolate
LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"  # pop directional isolate

# Month names as written in Saudi Arabia and Egypt (Jordan and Lebanon use
# the Syriac names, كانون الثاني…, instead), January first.
ARABIC_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)

# The CLDR plural categories of Arabic.
ZERO, ONE, TWO, FEW, MANY, OTHER = "zero", "one", "two", "few", "many", "other"

# Each unit's forms: (singular, dual, plural for 3-10, accusative singular
# for 11-99, "one" for the word after واحد/واحدة). The forms are CLDR's
# (units "duration-*", long). A word ending in ta marbuta (ساعة) takes no
# alef of tanween: "11 ساعة", not "11 ساعةًا".
_UNIT_FORMS: dict[str, tuple[str, str, str, str, str]] = {
    "hours": ("ساعة", "ساعتان", "ساعات", "ساعة", "واحدة"),
    "days": ("يوم", "يومان", "أيام", "يومًا", "واحد"),
    "weeks": ("أسبوع", "أسبوعان", "أسابيع", "أسبوعًا", "واحد"),
    "months": ("شهر", "شهران", "أشهر", "شهرًا", "واحد"),
}
DURATION_UNITS = tuple(_UNIT_FORMS)

# Normalising: one letter for each group of letters people type for the same
# sound, Western digits, and no marks that don't change the word.
_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef wasla
    "ة": "ه",
    "ى": "ي",
    "ؤ": "و",
    "ئ": "ي",
    # The same letters from a Persian or Urdu keyboard.
    "ی": "ي",  # farsi yeh
    "ک": "ك",  # keheh
}
_EASTERN_DIGITS = "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹"  # Arabic-Indic, then Persian/Urdu
_TATWEEL = "\u0640"
# Invisible characters that may sit inside a word copied from a page: the
# Arabic letter mark, zero-width non-joiner and joiner, direction marks,
# embeddings, overrides and isolates.
_INVISIBLE = "\u061c\u200c\u200d\u200e\u200f" + "".join(
    map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
)
# The blocks of the Arabic script whose combining marks (tashkeel U+064B-U+065F,
# superscript alef U+0670, Quranic annotation signs) are dropped.
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_MARKS = tuple(
    chr(cp)
    for low, high in _ARABIC_BLOCKS
    for cp in range(low, high + 1)
    if unicodedata.category(chr(cp)) == "Mn"
)
_BEFORE = str.maketrans("", "", _INVISIBLE + _TATWEEL)
_AFTER = str.maketrans(
    {
        **_LETTERS,
        **{d: str(i % 10) for i, d in enumerate(_EASTERN_DIGITS)},
        **dict.fromkeys((*_MARKS, _TATWEEL)),
    }
)

# Clitics written joined to the next word: the article and its combinations
# with the conjunctions و ف and the prepositions ب ك ل (ل + ال is written لل),
# then the single letters. Longest first.
CLITICS = ("وال", "فال", "بال", "كال", "ال", "لل", "و", "ف", "ب", "ك", "ل")
MIN_STEM = 3  # letters that must remain after a clitic is stripped


def normalise_arabic(text: str) -> str:
    """``text`` with the spelling differences that don't change an Arabic word
    removed, for matching (never for display).

    - Alef forms أ إ آ ٱ become ا; ة becomes ه, ى becomes ي; ؤ becomes و and
      ئ becomes ي (hamza seats people write either way).
    - Tatweel (ـ), tashkeel (U+064B-U+065F), the superscript alef (U+0670),
      other Arabic combining marks and invisible direction marks or joiners
      are dropped.
    - Eastern Arabic digits (٠-٩ and the Persian ۰-۹) become 0-9.
    - Letters from a Persian keyboard (ی ک) become the Arabic ones (ي ك).
    - Presentation forms and ligatures (ﻻ, ﺑ) become the plain letters
      (Unicode NFKC), which also composes a letter typed as two code points
      (ا + U+0654 is أ, then ا); Latin letters are lower-cased.

    Spaces and punctuation are kept: splitting into words is the caller's.
    The result is stable: normalising it again changes nothing.
    """
    text = unicodedata.normalize("NFKC", text.translate(_BEFORE))
    text = unicodedata.normalize("NFKC", text.translate(_AFTER)).lower()
    return unicodedata.normalize("NFKC", text)


def strip_clitics(word: str) -> str:
    """The word without a leading article or joined particle, when at least
    ``MIN_STEM`` (3) letters remain: "والتعرق" -> "تعرق", "بالعين" -> "عين",
    "للرقبه" -> "رقبه", "الابط" -> "ابط".

    Pass a word normalised by ``normalise_arabic``. One clitic group is
    stripped, the longest that leaves 3 letters (وال, فال, بال, كال, ال, لل,
    then و ف ب ك ل).

    Conservative on purpose: these letters often belong to the word itself
    (بطن belly, كتف shoulder, لسان tongue, وجه face, فم mouth), so a word
    that would keep fewer than 3 letters is left alone ("بطن", "الم", "اليد"
    and "فم" stay as they are). A longer word can still lose a letter of its
    own ("وجهي" -> "جهي"): callers that match words should compare the word
    as typed as well as stripped, as the search does.
    """
    for clitic in CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            return word[len(clitic) :]
    return word


def plural_category(n: int) -> str:
    """The CLDR plural category of the whole number ``n`` in Arabic.

    "zero" (0), "one" (1), "two" (2), "few" (3-10, 103-110, …: n % 100 in
    3..10), "many" (11-99, 111-199, …: n % 100 in 11..99) and "other" (100,
    101, 102, 200, …). A negative number takes the category of its size.
    """
    n = abs(n)
    if n == 0:
        return ZERO
    if n == 1:
        return ONE
    if n == 2:
        return TWO
    if 3 <= n % 100 <= 10:
        return FEW
    if 11 <= n % 100 <= 99:
        return MANY
    return OTHER


def format_integer(n: int) -> str:
    """A whole number in ``DIGITS``, without grouping ("2026", "-3")."""
    return str(n).translate(str.maketrans("0123456789", DIGITS))


def duration_words(n: int, unit: str) -> str:
    """``n`` hours, days, weeks or months in Arabic, with the noun in the
    form the number calls for (CLDR's Arabic plural rules).

    ``unit`` is "hours", "days", "weeks" or "months". One is the noun and
    واحد (واحدة for ساعة), two is the dual alone, 3-10 the plural,
    11-99 the accusative singular, and 0, 100, 101… the singular:

    >>> [duration_words(n, "days") for n in (1, 2, 3, 11, 100)]
    ['يوم واحد', 'يومان', '3 أيام', '11 يومًا', '100 يوم']

    Figures are written in ``DIGITS``. A negative ``n`` or another unit is a
    ValueError.
    """
    if unit not in _UNIT_FORMS:
        raise ValueError(f"unknown unit {unit!r}: expected one of {', '.join(DURATION_UNITS)}")
    if n < 0:
        raise ValueError(f"a duration can't be negative: {n}")
    singular, dual, plural, accusative, one = _UNIT_FORMS[unit]
    category = plural_category(n)
    if category == ONE:
        return f"{singular} {one}"
    if category == TWO:
        return dual
    noun = {FEW: plural, MANY: accusative}.get(category, singular)
    return f"{format_integer(n)} {noun}"


def format_date_ar(date: dt.date) -> str:
    """A date as Arabic readers in Saudi Arabia and Egypt write it: day,
    month name, year ("6 ديسمبر 2026"), figures in ``DIGITS``."""
    day, month, year = date.day, ARABIC_MONTHS[date.month - 1], date.year
    return f"{format_integer(day)} {month} {format_integer(year)}"


def isolate(text: str) -> str:
    """``text`` as a right-to-left isolate (RLI … PDI), for an Arabic label
    inside a left-to-right chart: its words keep their order and its figures
    and Latin words stay where they belong."""
    return f"{RLI}{text}{PDI}"


def isolate_ltr(text: str) -> str:
    """``text`` as a left-to-right isolate (LRI … PDI), for a Latin run
    ("BOTOX 2010", "988lifeline.org") inside Arabic text."""
    return f"{LRI}{text}{PDI}"


def long_date(day: dt.date, lang: str = "en") -> str:
    """A date as a reader of ``lang`` writes it: "25 November 2026", in
    Arabic "25 نوفمبر 2026" (the page, the safety box and the handout)."""
    if lang == "ar":
        return format_date_ar(day)
    return f"{day.day} {day:%B %Y}"


def sort_key(text: str) -> str:
    """A name as it is alphabetised: Latin case folded; Arabic normalised and
    without its article, so that "الصداع" sorts under ص with "صرير", not
    with every other name that starts with ال."""
    words = normalise_arabic(text).casefold().split()
    if words and words[0].startswith("ال") and len(words[0]) > 3:
        words[0] = words[0][2:]
    return " ".join(words)
