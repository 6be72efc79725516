"""Crisis lines by country (``content/crisis_lines.toml``, :mod:`bodymap.model.crisis`)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bodymap.model.crisis import (
    CRISIS_LINES_FILE,
    KINDS,
    CrisisLine,
    LineSource,
    country_from_locale,
    host_problems,
    lines_for,
    load_crisis_lines,
)
from bodymap.model.fields import Problem
from bodymap.model.sources import SourceHosts, load_source_hosts
from bodymap.vocabulary import CONTENT_DIR

FILE = f"content/{CRISIS_LINES_FILE}"
CHECKED = "2026-12-01"


def shipped() -> tuple[CrisisLine, ...]:
    problems: list[Problem] = []
    lines = load_crisis_lines(CONTENT_DIR, problems)
    assert problems == []
    return lines


# ------------------------------------------------------------------ the shipped file


def test_the_shipped_file_loads_with_no_problems():
    problems: list[Problem] = []
    lines = load_crisis_lines(CONTENT_DIR, problems)
    assert problems == []
    assert lines, "at least one line is listed"


def test_each_shipped_line_is_complete_and_sourced_over_https():
    for line in shipped():
        assert len(line.country) == 2 and line.country.isupper(), line
        assert line.kind in KINDS, line
        assert line.name and line.name_ar and line.number, line
        assert line.dial.isdigit(), line
        assert line.source.title, line
        assert line.source.url.startswith("https://"), line
        assert line.checked <= dt.date.today() + dt.timedelta(days=1), line


def test_each_shipped_source_is_an_official_page():
    """Government sites only, never news or directories (content/README.md)."""
    official = (".gov.kw", ".gov.jo", ".gov.bh", ".gov.sa", ".gov.ae", ".gov.qa", ".gov.om")
    official += (".gov.eg", ".gov.lb")
    for line in shipped():
        host = line.source.url.split("/")[2]
        assert host.endswith(official), f"{line.country} {line.number}: {host}"


def test_each_shipped_source_is_on_a_reviewed_primary_host():
    problems: list[Problem] = []
    hosts = load_source_hosts(CONTENT_DIR, problems)
    assert hosts is not None and problems == []
    assert host_problems(shipped(), hosts) == []


def test_no_shipped_country_has_two_emergency_numbers():
    emergency = [line.country for line in shipped() if line.kind == "emergency"]
    assert len(emergency) == len(set(emergency))


# ------------------------------------------------------------------ choosing by country


def line(country: str, number: str, kind: str) -> CrisisLine:
    source = LineSource("Ministry page", f"https://moh.gov.{country.lower()}/")
    return CrisisLine(country, "A line", "خط", number, kind, source, dt.date(2026, 12, 1))


LINES = (
    line("SA", "997", "emergency"),
    line("SA", "920033360", "crisis"),
    line("AE", "999", "emergency"),
    line("SA", "937", "crisis"),
)


def test_lines_for_picks_the_country_crisis_lines_first():
    assert [x.number for x in lines_for(LINES, "SA")] == ["920033360", "937", "997"]
    assert [x.number for x in lines_for(LINES, "AE")] == ["999"]


def test_lines_for_takes_the_code_in_any_case():
    assert lines_for(LINES, "sa") == lines_for(LINES, "SA")
    assert lines_for(LINES, " ae ") == lines_for(LINES, "AE")


@pytest.mark.parametrize("country", [None, "", "EG", "XX", "SAU"])
def test_an_unknown_or_missing_country_gets_no_lines(country):
    assert lines_for(LINES, country) == ()


def test_lines_for_the_shipped_file():
    lines = shipped()
    kuwait = lines_for(lines, "KW")
    assert [(x.number, x.kind) for x in kuwait] == [("112", "emergency")]
    assert lines_for(lines, "FR") == ()


@pytest.mark.parametrize(
    ("locale", "country"),
    [
        ("ar-SA", "SA"),
        ("ar_AE", "AE"),
        ("ar-Arab-EG", "EG"),
        ("ar-kw", "KW"),
        ("en-US-u-ca-gregory", "US"),
        ("ar", None),
        ("es-419", None),
        ("", None),
        (None, None),
    ],
)
def test_country_from_locale(locale, country):
    assert country_from_locale(locale) == country


def test_a_locale_picks_its_country_lines():
    assert lines_for(LINES, country_from_locale("ar-SA"))[0].number == "920033360"
    assert lines_for(LINES, country_from_locale("ar")) == ()


# ------------------------------------------------------------------ broken files


GOOD = f"""
[[lines]]
country = "SA"
name = "Mental health line"
name_ar = "خط الصحة النفسية"
number = "920 033 360"
kind = "crisis"
source = {{ title = "Ministry page", url = "https://www.moh.gov.sa/line" }}
checked = {CHECKED}

[[lines]]
country = "SA"
name = "Ambulance"
name_ar = "الإسعاف"
number = "997"
kind = "emergency"
source = {{ title = "Red Crescent page", url = "https://srca.org.sa/" }}
checked = {CHECKED}
"""


def load_text(tmp_path: Path, text: str) -> tuple[tuple[CrisisLine, ...], list[Problem]]:
    root = tmp_path / "content"
    root.mkdir(exist_ok=True)
    (root / CRISIS_LINES_FILE).write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return load_crisis_lines(root, problems), problems


def broken(tmp_path: Path, old: str, new: str) -> list[Problem]:
    assert GOOD.count(old) >= 1, old
    _, problems = load_text(tmp_path, GOOD.replace(old, new, 1))
    assert problems, "the broken file must be reported"
    for p in problems:
        assert p.file == FILE and p.field and p.message, p
    return problems


def test_the_good_example_loads(tmp_path):
    lines, problems = load_text(tmp_path, GOOD)
    assert problems == []
    assert [x.dial for x in lines] == ["920033360", "997"]


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        pytest.param('number = "997"\n', "", "lines[1].number", "missing", id="missing-number"),
        pytest.param('number = "997"', 'number = ""', "lines[1].number", "non-empty", id="empty"),
        pytest.param(
            'number = "997"', 'number = "+966 997"', "lines[1].number", "as dialled", id="plus"
        ),
        pytest.param(
            'number = "997"', 'number = "99-7"', "lines[1].number", "as dialled", id="dash"
        ),
        pytest.param('number = "997"', "number = 997", "lines[1].number", "text", id="not-text"),
        pytest.param(
            'country = "SA"', 'country = "sa"', "lines[0].country", "ISO 3166", id="lower-case"
        ),
        pytest.param(
            'country = "SA"', 'country = "SAU"', "lines[0].country", "ISO 3166", id="alpha-3"
        ),
        pytest.param(
            'country = "SA"', 'country = "Saudi Arabia"', "lines[0].country", "ISO", id="name"
        ),
        pytest.param(
            'kind = "crisis"', 'kind = "hotline"', "lines[0].kind", "not one of", id="bad-kind"
        ),
        pytest.param('kind = "crisis"\n', "", "lines[0].kind", "missing", id="missing-kind"),
        pytest.param(
            'name_ar = "الإسعاف"',
            'name_ar = "Ambulance"',
            "lines[1].name_ar",
            "Arabic",
            id="name-ar-not-arabic",
        ),
        pytest.param(
            "https://srca.org.sa/",
            "http://srca.org.sa/",
            "lines[1].source.url",
            "https://",
            id="http",
        ),
        pytest.param(
            'title = "Ministry page", ',
            "",
            "lines[0].source.title",
            "missing",
            id="missing-source-title",
        ),
        pytest.param(
            'source = { title = "Ministry page", url = "https://www.moh.gov.sa/line" }\n',
            "",
            "lines[0].source",
            "missing",
            id="missing-source",
        ),
        pytest.param(
            f"checked = {CHECKED}\n", "", "lines[0].checked", "missing", id="missing-checked"
        ),
        pytest.param(
            f"checked = {CHECKED}",
            'checked = "2026-12-01"',
            "lines[0].checked",
            "YYYY-MM-DD",
            id="checked-quoted",
        ),
        pytest.param(
            f"checked = {CHECKED}", "checked = 2999-01-01", "lines[0].checked", "future", id="fut"
        ),
        pytest.param(
            'kind = "crisis"',
            'kind = "crisis"\nhours = "24/7"',
            "lines[0].hours",
            "unknown field",
            id="unknown-field",
        ),
        pytest.param("[[lines]]", "[[line]]", "line", "unknown field", id="misspelt-table"),
        pytest.param(
            'number = "997"',
            'number = "920033360"',
            "lines[1].number",
            "already listed as lines[0]",
            id="duplicate-number",
        ),
        pytest.param(
            'kind = "crisis"',
            'kind = "emergency"',
            "lines[1].kind",
            "already has an emergency number",
            id="two-emergency-numbers",
        ),
    ],
)
def test_a_broken_file_is_reported_with_file_field_and_message(tmp_path, old, new, field, words):
    problems = broken(tmp_path, old, new)
    assert any(p.field == field and words in p.message for p in problems), problems


def test_a_number_spaced_differently_is_still_a_duplicate(tmp_path):
    text = GOOD.replace('number = "997"', 'number = "92003 3360"')
    _, problems = load_text(tmp_path, text)
    assert [(p.field, "already listed" in p.message) for p in problems] == [
        ("lines[1].number", True)
    ]


def test_the_same_number_in_two_countries_is_allowed(tmp_path):
    text = GOOD.replace('country = "SA"\nname = "Ambulance"', 'country = "AE"\nname = "Ambulance"')
    text = text.replace('number = "997"', 'number = "920 033 360"')
    _, problems = load_text(tmp_path, text)
    assert problems == []


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = GOOD.replace('country = "SA"', 'country = "sa"', 1)
    text = text.replace('kind = "emergency"', 'kind = "urgent"')
    text = text.replace('number = "997"\n', "")
    _, problems = load_text(tmp_path, text)
    fields = {p.field for p in problems}
    assert {"lines[0].country", "lines[1].kind", "lines[1].number"} <= fields


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("", "lines", "[[lines]]"),
        ("lines = 3\n", "lines", "[[lines]]"),
        ("[[lines]]\ncountry = \n", "(file)", "not valid TOML"),
    ],
)
def test_a_file_without_usable_lines_is_reported(tmp_path, text, field, words):
    lines, problems = load_text(tmp_path, text)
    assert lines == ()
    assert [(p.file, p.field) for p in problems] == [(FILE, field)]
    assert words in problems[0].message


def test_a_missing_file_is_reported(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    problems: list[Problem] = []
    assert load_crisis_lines(root, problems) == ()
    assert [(p.file, p.field) for p in problems] == [(FILE, "(file)")]


def test_the_shipped_file_copied_elsewhere_names_its_folder(tmp_path):
    root = tmp_path / "draft"
    root.mkdir()
    shutil.copy(CONTENT_DIR / CRISIS_LINES_FILE, root / CRISIS_LINES_FILE)
    (root / CRISIS_LINES_FILE).write_text(
        (root / CRISIS_LINES_FILE).read_text(encoding="utf-8").replace('"KW"', '"kw"'),
        encoding="utf-8",
    )
    problems: list[Problem] = []
    load_crisis_lines(root, problems)
    assert [(p.file, p.field) for p in problems] == [
        (f"draft/{CRISIS_LINES_FILE}", "lines[0].country")
    ]


# ------------------------------------------------------------------ source hosts


def test_sources_must_be_on_reviewed_primary_hosts():
    hosts = SourceHosts({"moh.gov.sa": "primary", "srca.org.sa": "weak"})
    lines = (
        line("SA", "920033360", "crisis"),  # https://moh.gov.sa/: listed, primary
        CrisisLine(
            "SA",
            "Ambulance",
            "الإسعاف",
            "997",
            "emergency",
            LineSource("Red Crescent", "https://www.srca.org.sa/"),
            dt.date(2026, 12, 1),
        ),
        line("AE", "999", "emergency"),  # https://moh.gov.ae/: not listed
    )
    problems = host_problems(lines, hosts)
    assert [(p.file, p.field) for p in problems] == [
        (FILE, "lines[1].source.url"),
        (FILE, "lines[2].source.url"),
    ]
    assert "weak" in problems[0].message and "primary" in problems[0].message
    assert "'moh.gov.ae' is not in source_hosts.toml" in problems[1].message


@pytest.mark.parametrize(
    ("country", "lang", "kind", "numbers"),
    [
        ("KW", "ar", "country-lines", ["112"]),
        ("KW", "en", "country-lines", ["112"]),
        ("US", "ar", "site-text", []),
        (None, "en", "site-text", []),
        (None, "ar", "local-emergency", []),
        ("SA", "ar", "local-emergency", []),  # no official line read yet: never a US number
        ("EG", "en", "local-emergency", []),  # a known country outside the US
        ("GB", "en", "local-emergency", []),
    ],
)
def test_crisis_help_is_chosen_by_country_and_language(country, lang, kind, numbers):
    from bodymap.model.crisis import crisis_help

    problems: list[Problem] = []
    lines = load_crisis_lines(CONTENT_DIR, problems)
    chosen, found = crisis_help(lines, country, lang)
    assert (chosen, [line.number for line in found]) == (kind, numbers)
