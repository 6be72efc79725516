"""Choosing the language, plural forms and the diagram's words (issue 18)."""

from __future__ import annotations

import pytest

from bodymap.model.state import (
    BAD_LANG_NOTICE,
    language_of_locale,
    parse_language,
)
from bodymap.model.strings import catalog_problems, load_strings, plural_category
from bodymap.model.timeline import figure_words

EN = load_strings(lang="en")
AR = load_strings(lang="ar")


@pytest.mark.parametrize(
    ("values", "locale", "lang", "notice"),
    [
        ([], None, "en", None),
        ([], "ar-SA", "ar", None),
        ([], "ar", "ar", None),
        ([], "AR_eg", "ar", None),
        ([], "en-GB", "en", None),
        ([], "fr-FR", "en", None),
        ([], "\u0663\u0663", "en", None),
        (["ar"], "en-US", "ar", None),  # the link wins over the browser
        (["en"], "ar-SA", "en", None),
        (["fr"], "ar-SA", "en", BAD_LANG_NOTICE),
        (["ar", "ar"], None, "en", BAD_LANG_NOTICE),
        ([""], None, "en", BAD_LANG_NOTICE),
    ],
)
def test_parse_language(values, locale, lang, notice):
    choice = parse_language(values, locale)
    assert (choice.lang, choice.notice) == (lang, notice)


def test_language_of_locale_reads_only_the_primary_subtag():
    assert language_of_locale("arabic") == "en"
    assert language_of_locale("ar-Arab-SA") == "ar"


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("0", "zero"),
        ("1", "one"),
        ("2", "two"),
        ("3", "few"),
        ("10", "few"),
        ("11", "many"),
        ("99", "many"),
        ("100", "other"),
        ("103", "few"),
        ("1.5", "other"),
        ("1–2", "few"),  # a range never takes a form that says its number in words
        ("3–4", "few"),
        ("6–12", "many"),
    ],
)
def test_arabic_plural_categories(value, category):
    assert plural_category("ar", value) == category


@pytest.mark.parametrize(("value", "category"), [("1", "one"), ("2", "other"), ("1–2", "other")])
def test_english_plural_categories(value, category):
    assert plural_category("en", value) == category


@pytest.mark.parametrize(
    ("low", "high", "unit", "english", "arabic"),
    [
        ("1", "1", "weeks", "1 week", "أسبوع واحد"),
        ("2", "2", "weeks", "2 weeks", "أسبوعان"),
        ("3", "3", "days", "3 days", "3 أيام"),
        ("14", "14", "days", "14 days", "14 يومًا"),
        ("205", "205", "days", "205 days", "205 أيام"),  # CLDR: 205 % 100 is 5, "few"
        ("200", "200", "days", "200 days", "200 يوم"),
        ("1", "2", "weeks", "1–2 weeks", "1–2 أسابيع"),
        ("3", "4", "months", "3–4 months", "3–4 أشهر"),
        ("1.5", "1.5", "months", "1.5 months", "1.5 شهر"),
        ("12", "12", "hours", "12 hours", "12 ساعة"),
    ],
)
def test_durations_take_each_languages_plural_form(low, high, unit, english, arabic):
    assert figure_words(low, high, unit, EN) == english
    assert figure_words(low, high, unit, AR) == arabic


def test_both_catalogs_have_every_key_and_placeholder():
    assert catalog_problems() == []
    plural_forms = {k for k in AR.texts if k.rpartition("_")[2] in ("two", "few", "many")}
    assert set(AR.keys()) - plural_forms == set(EN.keys())


def test_the_diagrams_words_are_the_english_catalogs(diagram):
    """The map shows the diagram's view titles and "Patient's right/left" in
    the reader's language by looking its English words up in the English
    catalog (bodymap/ui/page.py): the two must not drift apart."""
    from bodymap.ui.page import DIAGRAM_WORD_KEYS

    english = {EN.get(key) for key in DIAGRAM_WORD_KEYS}
    for view in diagram.views:
        assert view.title in english
        for text, _ in view.side_labels:
            assert text in english


def test_the_comparisons_arabic_labels_are_isolated_and_start_at_the_right():
    from bodymap.model.arabic import PDI, RLI
    from bodymap.model.loading import load_content
    from bodymap.model.timeline import comparison_rows
    from bodymap.render.charts import build_comparison_figure

    for lang in ("en", "ar"):
        words = load_strings(lang=lang)
        content = load_content(lang=lang)
        figure = build_comparison_figure(comparison_rows(content, words, "duration"), None, words)
        labels = figure.layout.annotations
        assert labels
        for label in labels:
            isolated = label.text.startswith(RLI) and label.text.endswith(PDI)
            assert isolated is (lang == "ar"), label.text
            assert label.xanchor == ("right" if lang == "ar" else "left")


@pytest.mark.parametrize("unit", ["hours", "days", "weeks", "months"])
def test_the_arabic_catalogs_durations_are_cldrs(unit):
    """Each plural form in ui/ar.toml, the number-less ones (one, two)
    included, says the number it stands for: checked against CLDR's Arabic
    unit patterns (bodymap.model.arabic.duration_words) for 1 to 120 and 200."""
    from bodymap.model.arabic import duration_words

    for n in [*range(1, 121), 200]:
        assert figure_words(str(n), str(n), unit, AR) == duration_words(n, unit), n
