"""Crisis lines by country: who to call, wherever the browser says the reader is.

``content/crisis_lines.toml`` lists, for each country the clinic serves, the
lines a person in distress can call: a mental-health or suicide line
(``kind = "crisis"``) and the country's general emergency number
(``kind = "emergency"``), each with the official page that states its number
and the date someone checked it there. The app picks the lines by the country
the browser's locale names (``ar-SA`` -> ``SA``, :func:`country_from_locale`),
crisis lines first (:func:`lines_for`); for a country the file does not list,
it gives none and the app advises calling the local emergency number.

The file is read like every other content file (:mod:`bodymap.model.fields`):
every problem is kept as file + field + message, so one run lists them all.
:func:`host_problems` checks each source's web host against the reviewed list
(``content/source_hosts.toml``): a number people are told to call in a crisis
must come from a primary source (a government, health ministry or the
service's own site).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from bodymap.model.fields import Fields, Problem, load_toml
from bodymap.model.limits import (
    ID_CHARS,
    NAME_CHARS,
    PARAGRAPH_CHARS,
    URL_CHARS,
    Limit,
    Limits,
)
from bodymap.model.sources import SOURCE_HOSTS_FILE, SourceHosts

CRISIS_LINES_FILE = "crisis_lines.toml"
KINDS = ("crisis", "emergency")  # the order lines_for gives them in
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
# An ISO 3166-1 alpha-2 code as written in the file: two capital letters.
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
# As dialled: digits, groups separated by single spaces ("800 4673", "112").
NUMBER_PATTERN = re.compile(r"[0-9]+(?: [0-9]+)*")
NUMBER_CHARS = 24  # the longest number in the region, spaced, with room to spare
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# A region subtag of a BCP 47 locale (ar-SA, ar-Arab-SA, ar_SA): two letters
# after the language (and script); a numeric region (es-419) names no country.
_LOCALE_REGION = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2})(?:[-_]|$)")

# At most this many lines: a few a country for the countries the clinic
# serves (9 today, at most 3 lines each), with room to grow.
LINES_ITEMS = 60
CRISIS_LIMITS = Limits(
    texts=(
        ("lines.number", Limit(NUMBER_CHARS)),
        ("lines.name", Limit(NAME_CHARS)),
        ("lines.name_ar", Limit(NAME_CHARS)),
        ("lines.source.title", Limit(PARAGRAPH_CHARS)),
        ("lines.source.url", Limit(URL_CHARS)),
    ),
    lists=(("lines", Limit(LINES_ITEMS)),),
    text_default=Limit(ID_CHARS),
    list_default=Limit(LINES_ITEMS),
)


class _LineFields(Fields):
    """Fields of ``crisis_lines.toml``, held to its own limits (an Arabic
    name may be as long as an English one)."""

    LIMITS: ClassVar[Limits] = CRISIS_LIMITS


@dataclass(frozen=True)
class LineSource:
    """The official page that states a line's number."""

    title: str
    url: str


@dataclass(frozen=True)
class CrisisLine:
    """One number to call in one country."""

    country: str  # ISO 3166-1 alpha-2, upper case: "SA"
    name: str  # in English
    name_ar: str  # in Arabic
    number: str  # as dialled, digits and spaces: "800 4673"
    kind: str  # "crisis" (mental health, suicide) or "emergency" (general)
    source: LineSource
    checked: dt.date  # when the number was last checked on its source page

    @property
    def dial(self) -> str:
        """The number without spaces, for a ``tel:`` link."""
        return self.number.replace(" ", "")


def _read_line(f: Fields) -> CrisisLine:
    country = f.text("country")
    if country and not COUNTRY_PATTERN.fullmatch(country):
        f.fail("country", f"{country!r}: expected an ISO 3166 code of two capital letters, e.g. SA")
    name = f.text("name")
    name_ar = f.text("name_ar")
    if name_ar and not ARABIC_LETTER.search(name_ar):
        f.fail("name_ar", f"{name_ar!r}: expected the name written in Arabic")
    number = f.text("number")
    if number and not NUMBER_PATTERN.fullmatch(number):
        f.fail(
            "number",
            f"{number!r}: expected the number as dialled, digits with single spaces "
            "between groups (no +, dashes or brackets)",
        )
    kind = f.choice("kind", KINDS)
    source = LineSource("", "")
    s = f.table("source")
    if s is not None:
        source = LineSource(s.text("title"), s.text("url"))
        if source.url and not _is_https(source.url):
            s.fail("url", "expected a web link starting with https:// and without spaces")
        s.reject_unknown()
    if f.has("checked"):
        checked = f.date("checked")
    else:
        f.fail("checked", "missing (required): the date the number was checked on its source page")
        checked = dt.date(1970, 1, 1)
    f.reject_unknown()
    return CrisisLine(country, name, name_ar, number, kind, source, checked)


def _is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and not re.search(r"\s", url)


def read_crisis_lines(data: dict, rel: str, problems: list[Problem]) -> tuple[CrisisLine, ...]:
    """The lines of ``crisis_lines.toml`` (already parsed), every problem recorded
    in ``problems`` as file + field + message. A line with a problem is still
    returned (with empty text where a field was bad), as the other readers do;
    the app should show none of them unless ``problems`` stays empty."""
    f = _LineFields(data, rel, "", problems)
    lines: list[CrisisLine] = []
    for t in f.tables("lines", "expected one or more [[lines]] tables"):
        line = _read_line(t)
        _check_against_earlier(t, line, lines)
        lines.append(line)
    f.reject_unknown()
    return tuple(lines)


def _check_against_earlier(f: Fields, line: CrisisLine, earlier: list[CrisisLine]) -> None:
    """A number listed twice for a country, or a second emergency number, is a problem."""
    for j, other in enumerate(earlier):
        if other.country != line.country or not line.country:
            continue
        if line.number and other.dial == line.dial:
            f.fail("number", f"{line.country} {line.number} is already listed as lines[{j}]")
        elif line.kind == "emergency" and other.kind == "emergency":
            f.fail(
                "kind",
                f"{line.country} already has an emergency number (lines[{j}], {other.number}):"
                " give one emergency number a country",
            )


def load_crisis_lines(root: Path, problems: list[Problem]) -> tuple[CrisisLine, ...]:
    """The lines of ``root/crisis_lines.toml`` (``root`` is the content folder);
    () with the problem recorded if the file cannot be read."""
    rel, data = load_toml(root / CRISIS_LINES_FILE, root, problems)
    return () if data is None else read_crisis_lines(data, rel, problems)


def host_problems(
    lines: Iterable[CrisisLine], hosts: SourceHosts, file: str = f"content/{CRISIS_LINES_FILE}"
) -> list[Problem]:
    """A problem for each line whose source is not on a reviewed primary host
    (``source_hosts.toml``): an unlisted host is to be reviewed, a listed one of
    a lower tier is not enough for a number to call."""
    found = []
    for i, line in enumerate(lines):
        if not line.source.url:
            continue
        tier = hosts.tier(line.source.url)
        host = urlsplit(line.source.url).hostname
        if tier is None:
            message = (
                f"{host!r} is not in {SOURCE_HOSTS_FILE}: review the site and list it "
                "with its tier, or cite a listed one"
            )
        elif tier != "primary":
            message = (
                f"{host!r} is a {tier} source: a number to call must come from a primary "
                "one (the government, health ministry or the service's own site)"
            )
        else:
            continue
        found.append(Problem(file, f"lines[{i}].source.url", message))
    return found


def country_from_locale(locale: str | None) -> str | None:
    """The country a browser locale names, upper case (``"ar-SA"`` -> ``"SA"``);
    None if it names none (``"ar"``, ``"es-419"``, None)."""
    if not locale:
        return None
    match = _LOCALE_REGION.match(locale.strip())
    return match.group(1).upper() if match else None


def lines_for(lines: Iterable[CrisisLine], country: str | None) -> tuple[CrisisLine, ...]:
    """The lines for ``country`` (ISO alpha-2, any case): its crisis lines first,
    then its emergency number, each kind in file order; () for None or a
    country the file does not list."""
    if not country:
        return ()
    code = country.strip().upper()
    found = [line for line in lines if line.country == code]
    return tuple(sorted(found, key=lambda line: _KIND_ORDER.get(line.kind, len(KINDS))))


# What the crisis help shows (crisis_help): the country's own lines, the
# site's crisis text (a US line), or the advice to call local emergency services.
COUNTRY_LINES, SITE_TEXT, LOCAL_EMERGENCY = "country-lines", "site-text", "local-emergency"


def crisis_help(
    lines: Iterable[CrisisLine], country: str | None, lang: str, has_site_text: bool = True
) -> tuple[str, tuple[CrisisLine, ...]]:
    """Which help to show a reader of ``lang`` in ``country``, and the lines:
    the country's own lines where this file lists any; else the site's crisis
    text (the US line) for a reader in the US, or an English reader whose
    country is unknown; else the advice to call the local emergency number,
    never a US number that can't be dialled where the reader is."""
    found = lines_for(lines, country)
    if found:
        return COUNTRY_LINES, found
    code = (country or "").upper()
    if has_site_text and (code == "US" or (not code and lang == "en")):
        return SITE_TEXT, ()
    return LOCAL_EMERGENCY, ()
