"""Arabic text (``bodymap.model.arabic``) and the search in Arabic words.

The search is tried on a small hand-made Arabic content (the shipped English
content with Arabic names and everyday words): it doesn't depend on the
Arabic content files, which are still being written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bodymap.model import arabic
from bodymap.model.arabic import (
    ARABIC_MONTHS,
    DIGITS,
    LRI,
    PDI,
    RLI,
    duration_words,
    format_date_ar,
    format_integer,
    isolate,
    isolate_ltr,
    normalise_arabic,
    plural_category,
    strip_clitics,
)
from bodymap.model.content import Crisis
from bodymap.model.search import (
    CONDITION,
    NOT_COVERED,
    needs_crisis_help,
    search,
    terms,
    word_match,
    words,
)

# --- Plurals, durations, dates ---------------------------------------------


@pytest.mark.parametrize(
    ("n", "category"),
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (101, "other"),
        (102, "other"),
        (103, "few"),
        (110, "few"),
        (111, "many"),
        (199, "many"),
        (200, "other"),
        (1000, "other"),
        (1003, "few"),
    ],
)
def test_plural_category_follows_cldr(n, category):
    assert plural_category(n) == category


# n -> (hours, days, weeks, months)
DURATIONS = {
    0: ("0 ساعة", "0 يوم", "0 أسبوع", "0 شهر"),
    1: ("ساعة واحدة", "يوم واحد", "أسبوع واحد", "شهر واحد"),
    2: ("ساعتان", "يومان", "أسبوعان", "شهران"),
    3: ("3 ساعات", "3 أيام", "3 أسابيع", "3 أشهر"),
    10: ("10 ساعات", "10 أيام", "10 أسابيع", "10 أشهر"),
    11: ("11 ساعة", "11 يومًا", "11 أسبوعًا", "11 شهرًا"),
    99: ("99 ساعة", "99 يومًا", "99 أسبوعًا", "99 شهرًا"),
    100: ("100 ساعة", "100 يوم", "100 أسبوع", "100 شهر"),
    101: ("101 ساعة", "101 يوم", "101 أسبوع", "101 شهر"),
    102: ("102 ساعة", "102 يوم", "102 أسبوع", "102 شهر"),
    111: ("111 ساعة", "111 يومًا", "111 أسبوعًا", "111 شهرًا"),
}


@pytest.mark.parametrize("n", sorted(DURATIONS))
@pytest.mark.parametrize("unit", ["hours", "days", "weeks", "months"])
def test_duration_words(n, unit):
    expected = DURATIONS[n][("hours", "days", "weeks", "months").index(unit)]
    assert duration_words(n, unit) == expected


def test_the_accusative_is_tanween_then_alef_except_after_ta_marbuta():
    assert duration_words(11, "days").endswith("م\u064bا")  # يومًا: fathatan on the mim
    assert duration_words(11, "hours") == "11 ساعة"  # ta marbuta: no alef


@pytest.mark.parametrize(("n", "unit"), [(-1, "days"), (3, "years"), (3, "day")])
def test_duration_words_refuses_what_it_cannot_say(n, unit):
    with pytest.raises(ValueError):
        duration_words(n, unit)


def test_figures_are_western_digits():
    assert DIGITS == "0123456789"
    assert format_integer(2026) == "2026"
    assert format_integer(-3) == "-3"
    for n in (3, 11, 100, 2026):
        assert not set(duration_words(n, "days")) & set("٠١٢٣٤٥٦٧٨٩")


def test_the_digits_are_one_constant(monkeypatch):
    """Eastern digits, should the project decide so, are one change away."""
    monkeypatch.setattr(arabic, "DIGITS", "٠١٢٣٤٥٦٧٨٩")
    assert duration_words(11, "months") == "١١ شهرًا"
    assert format_date_ar(dt.date(2026, 12, 6)) == "٦ ديسمبر ٢٠٢٦"


def test_months_are_the_saudi_and_egyptian_names():
    assert ARABIC_MONTHS == (
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


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2026, 12, 6), "6 ديسمبر 2026"),
        (dt.date(2026, 1, 1), "1 يناير 2026"),
        (dt.date(2011, 8, 31), "31 أغسطس 2011"),
        (dt.datetime(2025, 11, 24, 13, 5), "24 نوفمبر 2025"),
    ],
)
def test_format_date_ar(date, text):
    assert format_date_ar(date) == text


def test_every_month_is_named():
    names = [format_date_ar(dt.date(2026, m, 15)).split()[1] for m in range(1, 13)]
    assert names == list(ARABIC_MONTHS)


# --- Normalising --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("أ", "ا"),
        ("إ", "ا"),
        ("آ", "ا"),
        ("ٱ", "ا"),
        ("أإآٱا", "ااااا"),
        ("الرقبة", "الرقبه"),  # ta marbuta
        ("على", "علي"),  # alef maksura
        ("مؤلم", "مولم"),  # hamza on waw
        ("تائه", "تايه"),  # hamza on yeh
        ("صداع نصفى", "صداع نصفي"),
        ("تعـــرّق", "تعرق"),  # tatweel and shadda
        ("ی ک", "ي ك"),  # Persian keyboard letters
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("منذ ٣ أيام", "منذ 3 ايام"),
        ("BOTOX بوتوكس", "botox بوتوكس"),
        ("ﻻ ﺑﻮﺗﻮﻛﺲ", "لا بوتوكس"),  # presentation forms
        ("ا\u0654", "ا"),  # alef + hamza above as two code points
        ("تعر\u200cق", "تعرق"),  # zero-width non-joiner
        ("\u200fتعرق\u200e", "تعرق"),  # direction marks
        (isolate("تعرق"), "تعرق"),
        ("تعرق،  الإبط؟", "تعرق،  الابط؟"),  # punctuation and spaces kept
        ("", ""),
    ],
)
def test_normalise_arabic(text, normalised):
    assert normalise_arabic(text) == normalised


@pytest.mark.parametrize("mark", [chr(cp) for cp in range(0x064B, 0x0653)] + ["\u0670"])
def test_every_diacritic_is_dropped(mark):
    assert normalise_arabic(f"ه{mark}ذا") == "هذا"


def test_the_fully_vowelled_word_reads_as_the_bare_one():
    assert normalise_arabic("التَّعَرُّقُ الشَّدِيدُ") == normalise_arabic("التعرق الشديد")
    assert normalise_arabic("هٰذا") == "هذا"  # superscript alef


@given(st.text(st.characters(exclude_categories=()), max_size=30))
@example("ا\u0654\u064e")
@example("e\u0640\u0301")
@example("ﹱ\u0301")
def test_normalising_again_changes_nothing(text):
    once = normalise_arabic(text)
    assert normalise_arabic(once) == once


# --- Clitics --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stripped"),
    [
        ("التعرق", "تعرق"),
        ("والتعرق", "تعرق"),
        ("فالتعرق", "تعرق"),
        ("بالتعرق", "تعرق"),
        ("كالتعرق", "تعرق"),
        ("للتعرق", "تعرق"),
        ("وتعرق", "تعرق"),
        ("فتعرق", "تعرق"),
        ("بتعرق", "تعرق"),
        ("كتعرق", "تعرق"),
        ("لتعرق", "تعرق"),
        ("بالعين", "عين"),
        ("الابط", "ابط"),
        ("للرقبه", "رقبه"),
        ("والالم", "الم"),  # وال, then 3 letters remain
    ],
)
def test_strip_clitics(word, stripped):
    assert strip_clitics(word) == stripped


@pytest.mark.parametrize(
    "word",
    [
        "بطن",  # belly: ب is the word's own
        "كتف",  # shoulder
        "وجه",  # face
        "فم",  # mouth
        "يد",  # hand
        "الم",  # pain: not ال + م
        "اليد",  # the hand: only 2 letters would remain
        "الفم",
        "لثه",  # gums
        "ولد",
        "تعرق",  # nothing to strip
        "",
    ],
)
def test_short_words_are_left_alone(word):
    assert strip_clitics(word) == word


def test_the_longest_clitic_that_leaves_three_letters_is_stripped():
    assert strip_clitics("والعين") == "عين"  # وال, not و
    assert strip_clitics("واليد") == "اليد"  # وال would leave 2: و only


# --- Isolation ------------------------------------------------------------


def test_isolate():
    assert isolate("تعرق") == "\u2067تعرق\u2069"
    assert (RLI, PDI) == ("\u2067", "\u2069")
    assert isolate("") == RLI + PDI


def test_isolate_ltr():
    assert isolate_ltr("BOTOX 2010") == "\u2066BOTOX 2010\u2069"
    assert LRI == "\u2066"
    assert isolate(f"بوتوكس {isolate_ltr('BOTOX')}") == "\u2067بوتوكس \u2066BOTOX\u2069\u2069"


# --- Search in Arabic -----------------------------------------------------

REGIONS = {
    "underarm": ("الإبط", ("إبط", "تحت الإبط", "آباط")),
    "hands": ("اليدان", ("يد", "اليدين", "كف", "الكفين")),
    "head": ("الرأس", ("رأس", "راس", "الصدغ")),
    "neck": ("الرقبة", ("رقبة", "العنق")),
    "eyes": ("العينان", ("عين", "العينين", "جفن", "الجفون")),
}
CONDITIONS = {
    "severe-underarm-sweating": (
        "التعرّق الشديد تحت الإبط",
        "فرط التعرّق الإبطي",
        ("underarm",),
        ("عرق الإبط", "تعرق تحت الإبط", "بقع العرق على الملابس"),
    ),
    "hand-and-foot-sweating": (
        "تعرّق اليدين",
        "فرط تعرّق الكفين",
        ("hands",),
        ("أيدي مبلولة", "كفوف رطبة", "اليد تعرق"),
    ),
    "chronic-migraine": (
        "الصداع النصفي المزمن",
        "الشقيقة المزمنة",
        ("head", "neck"),
        ("صداع كل يوم", "وجع راس", "صداع نابض"),
    ),
    "cervical-dystonia": (
        "تشنّجات عضلات الرقبة",
        "خلل التوتر العنقي",
        ("neck",),
        ("رقبة ملتوية", "الرأس يميل لجهة", "شد عضلات الرقبة"),
    ),
    "blepharospasm": (
        "تشنّج الجفن",
        "تشنج الجفن الحميد",
        ("eyes",),
        ("رفة العين", "رمش كثير", "العين ترمش"),
    ),
    "strabismus": (
        "الحَوَل",
        "انحراف العينين",
        ("eyes",),
        ("حول", "عين مايلة", "عين منحرفة"),
    ),
}
OTHER_USES = {
    "crows-feet": ("خطوط حول العينين", ("خطوط الضحك", "تجاعيد الضحك")),
    "hemifacial-spasm": ("تشنج نصف الوجه", ("رعشة نصف الوجه", "نصف وجهي يرتعش")),
}
CRISIS_WORDS = (
    "انتحار",
    "أفكار انتحارية",
    "أريد أن أموت",
    "أقتل نفسي",
    "إيذاء النفس",
)


@pytest.fixture(scope="module")
def arabic_content(content):
    """The shipped content, its words replaced by a few Arabic ones."""
    regions = tuple(
        dataclasses.replace(content.region(rid), label=label, everyday_words=everyday)
        for rid, (label, everyday) in REGIONS.items()
    )
    conditions = tuple(
        dataclasses.replace(
            content.condition(cid),
            name=name,
            medical_name=medical,
            regions=region_ids,
            everyday_words=everyday,
        )
        for cid, (name, medical, region_ids, everyday) in CONDITIONS.items()
    )
    uses = {u.id: u for u in content.other_uses}
    other_uses = tuple(
        dataclasses.replace(uses[uid], name=name, everyday_words=everyday)
        for uid, (name, everyday) in OTHER_USES.items()
    )
    crisis = Crisis(text="اتصل بالرقم 988", everyday_words=CRISIS_WORDS, source_ids=())
    return dataclasses.replace(
        content,
        site=dataclasses.replace(content.site, crisis=crisis),
        regions=regions,
        conditions=conditions,
        other_uses=other_uses,
        language="ar",
    )


# What a worried patient types -> the condition that must come first.
ARABIC_PHRASES = [
    ("عندي عرق تحت الإبط", "severe-underarm-sweating"),
    ("تعرق الابط", "severe-underarm-sweating"),  # hamza left out
    ("التَّعَرُّق تحت الإبط", "severe-underarm-sweating"),  # fully vowelled
    ("وعندي تعـرق تحت الابط", "severe-underarm-sweating"),  # و joined, tatweel
    ("بقع عرق على ملابسي", "severe-underarm-sweating"),  # ملابسي: my clothes
    ("يدي مبلولة", "hand-and-foot-sweating"),  # يدي: my hand
    ("كفوفي رطبه", "hand-and-foot-sweating"),
    ("تعريق اليدين", "hand-and-foot-sweating"),  # a misspelling of تعرق
    ("الصداع النصفى", "chronic-migraine"),  # ى for ي
    ("الشقيقه", "chronic-migraine"),  # ه for ة
    ("أعاني من صداع كل يوم", "chronic-migraine"),
    ("وجع راسي", "chronic-migraine"),
    ("رقبتي ملتوية", "cervical-dystonia"),  # رقبتي: my neck (ة written ت)
    ("شد في عضلات رقبتي", "cervical-dystonia"),
    ("رفة في عيني", "blepharospasm"),
    ("رفّة العين", "blepharospasm"),
    ("عيني ترمش كثير", "blepharospasm"),
    ("الحول", "strabismus"),
    ("عيني مايلة", "strabismus"),
    ("انحرف العينين", "strabismus"),  # misspelt انحراف
    ("BOTOX للصداع النصفي", "chronic-migraine"),  # English filler, joined لل
]


@pytest.mark.parametrize(("query", "expected"), ARABIC_PHRASES)
def test_arabic_phrase_finds_the_condition_first(arabic_content, query, expected):
    hits = search(arabic_content, query)
    assert hits, f"{query!r} found nothing"
    assert (hits[0].kind, hits[0].id) == (CONDITION, expected), [
        (h.id, h.score, h.matched) for h in hits
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("خطوط الضحك", "crows-feet"), ("نصف وجهي يرتعش", "hemifacial-spasm")],
)
def test_an_arabic_use_not_covered_is_named(arabic_content, query, expected):
    hits = search(arabic_content, query)
    assert hits and (hits[0].kind, hits[0].id) == (NOT_COVERED, expected), hits


@pytest.mark.parametrize(
    "query", ["تساقط الشعر", "سرطان", "كسر في القدم", "qwertyuiop", "sweaty hands"]
)
def test_unrelated_arabic_words_find_nothing(arabic_content, query):
    assert search(arabic_content, query) == ()


@pytest.mark.parametrize(
    "query", ["", "؟؟", "هل يوجد علاج بالبوتوكس", "ما هو البوتوكس", "و في من", "ـــ"]
)
def test_an_arabic_filler_query_finds_nothing(arabic_content, query):
    assert terms(query) == ()
    assert search(arabic_content, query) == ()


def test_each_arabic_condition_is_found_by_its_names(arabic_content):
    for condition in arabic_content.conditions:
        for name in (condition.name, condition.medical_name):
            hits = search(arabic_content, name)
            assert hits and hits[0].id == condition.id, (name, hits[:3])


def test_each_arabic_everyday_phrase_finds_its_condition(arabic_content):
    for condition in arabic_content.conditions:
        for phrase in condition.everyday_words:
            hits = search(arabic_content, phrase)
            top = hits[0].score if hits else 0
            assert condition.id in {h.id for h in hits if h.score == top}, (phrase, hits[:3])


@pytest.mark.parametrize(
    "query",
    [
        "أريد أن أموت",
        "اريد ان اموت",
        "أفكر في الانتحار",
        "عندي أفكار انتحاريه",
        "بدي أقتل نفسي",
        "إيذاء النفس",
        "sweaty hands انتحار",
        "كلمات كثيرة " * 30 + "الانتحار",  # read to the end
    ],
)
def test_arabic_words_of_distress_ask_for_the_crisis_line(arabic_content, query):
    assert needs_crisis_help(arabic_content, query)


@pytest.mark.parametrize(
    "query", ["تعرق اليدين", "أموت من الضحك", "الموت", "نفسي", "أريد", "حزين", ""]
)
def test_everyday_arabic_searches_do_not_raise_the_crisis_line(arabic_content, query):
    assert not needs_crisis_help(arabic_content, query)


@pytest.mark.parametrize(
    ("typed", "known", "expected"),
    [
        ("تعرق", "تعرق", 1.0),
        ("بالتعرق", "التعرق", 1.0),  # the same word, particle and article aside
        ("للرقبه", "رقبه", 1.0),
        ("عيني", "عين", 0.9),  # my eye
        ("يدين", "يد", 0.9),  # two hands: a 2-letter word finds its endings
        ("اليد", "يدي", 0.9),
        ("رقبتي", "الرقبه", 0.9),  # my neck: ة is written ت before the ending
        ("عضلات", "عضله", 0.9),  # muscles / muscle
        ("اسناني", "اسنان", 0.9),
        ("وجهي", "وجه", 0.9),  # و is the word's own: not stripped away
        ("تعريق", "تعرق", 0.8),  # misspelt
        ("انحرف", "انحراف", 0.8),
        ("التعريق", "الريق", 0.0),  # the article makes no misspelling
        ("الام", "ام", 0.0),  # آلام (pains) is not ام
        ("تعرف", "تعرق", 0.0),  # short words must match whole
        ("عين", "عرق", 0.0),
        ("يد", "يدوي", 0.0),
        ("sweat", "تعرق", 0.0),
    ],
)
def test_arabic_word_match(typed, known, expected):
    assert word_match(typed, known) == expected


def test_terms_reads_arabic_and_english_in_order():
    assert terms("sweaty يدين hands") == ("sweaty", "يدين", "hands")
    assert terms("عندي التعرُّق في اليدين") == ("التعرق", "اليدين")
    assert terms("وعندي ألم") == ("الم",)  # filler with a joined و
    assert terms("منذ ٣ أيام") == ("3", "ايام")
    pasted = isolate("تعر\u200cق") + " " + isolate_ltr("BOTOX")  # joiner, isolates
    assert terms(pasted) == ("تعرق",)
    assert terms("I sweat under my arms") == words("I sweat under my arms")


def test_arabic_words_come_from_content_not_code(arabic_content):
    target = arabic_content.condition("strabismus")
    assert search(arabic_content, "عين كسلانة") == ()
    changed = dataclasses.replace(target, everyday_words=(*target.everyday_words, "عين كسلانة"))
    edited = dataclasses.replace(
        arabic_content,
        conditions=tuple(changed if c.id == target.id else c for c in arabic_content.conditions),
    )
    assert search(edited, "العين كسلانه")[0].id == "strabismus"


ARABIC_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.sampled_from(" \u200c\u200f\u2067\u2069ـabc٣"),
    ),
    max_size=40,
)


@given(st.data())
def test_any_arabic_query_is_answered(arabic_content, data):
    """Never raises; ids the content knows, best first; and the same answer
    whatever the spaces between words or the tashkeel on them."""
    phrases = [p for c in arabic_content.conditions for p in (c.name, *c.everyday_words)]
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(phrases), ARABIC_TEXT), max_size=4))
    query = " ".join(pieces)
    hits = search(arabic_content, query)
    ids = {c.id for c in arabic_content.conditions} | {u.id for u in arabic_content.other_uses}
    assert all(h.id in ids for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    spaced = "\u3000 ".join(query.split()) + "  "
    assert search(arabic_content, spaced) == hits
    vowelled = "".join(ch + "\u064e" if "\u0621" <= ch <= "\u064a" else ch for ch in query)
    assert search(arabic_content, vowelled) == hits
    assert needs_crisis_help(arabic_content, vowelled) == needs_crisis_help(arabic_content, query)


def test_sort_key_alphabetises_without_the_article():
    from bodymap.model.arabic import sort_key

    names = ["الصداع النصفي المزمن", "تشنّج الجفن", "صرير الأسنان", "أشرطة الرقبة"]
    assert sorted(names, key=sort_key) == [
        "أشرطة الرقبة",
        "تشنّج الجفن",
        "الصداع النصفي المزمن",
        "صرير الأسنان",
    ]
    assert sort_key("Chronic migraine") < sort_key("drooling")  # case does not matter
