"""Load the medical content from ``content/`` into typed, frozen objects.

Content is TOML written by clinicians (see ``content/README.md``). Everything
is validated at load time; every problem is reported as file + field + message
so a broken sentence can be found without reading Python.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bodymap.vocabulary import APPROVAL_STATUSES, CONTENT_DIR, STATUSES

TIMING_KEYS = ("onset", "peak", "duration", "retreatment")
TIME_UNITS = ("hours", "days", "weeks", "months")
# How many days each unit stands for when figures are compared or charted
# (a month is an average calendar month).
DAYS_PER_UNIT = {"hours": 1 / 24, "days": 1.0, "weeks": 7.0, "months": 365.25 / 12}
# The step-by-step picture of a mechanism has this many scenes
# (bodymap/render/step_pictures.py draws them); each content file captions all of them.
MECHANISM_STEPS = 6
ORDER_SLACK_DAYS = 1.0  # rounding between units when checking onset <= peak <= duration
STEP_TITLE_MAX = 28  # characters: the title is drawn inside the picture
# Everyday words are matched by the search box (bodymap/model/search.py); a phrase
# longer than this is a sentence, not something a person types.
EVERYDAY_WORDS_MAX = 40
QUESTION_MAX = 160  # characters: a question to ask the clinician fits a line or two
MIN_QUESTIONS = 3
# "Before you have it": who should not have it, then what to tell the clinician.
SAFETY_KINDS = ("not-for", "tell")
SAFETY_SHORT_MAX = 40  # characters: one phrase in a one-line summary
TISSUES = ("skeletal-muscle", "sweat-glands", "salivary-glands", "bladder-wall", "pain-nerves")
FIRST_APPROVAL_YEAR = 1989  # BOTOX (as Oculinum) was first approved in December 1989
# Ids appear in links (?region=jaw) and file names: short, lowercase, hyphenated.
ID_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,31}")
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+")


# ---------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Source:
    """A cited document: short id (local to its file), title and link."""

    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Timing:
    """One time figure (onset, peak, duration or earliest re-treatment)."""

    known: bool
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    note: str = ""
    source_ids: tuple[str, ...] = ()
    # Only for re-treatment: False when the label sets no interval at all
    # (treatment is repeated when the effect wears off), as opposed to a
    # figure that the sources simply don't give.
    established: bool = True

    @property
    def low_days(self) -> float | None:
        """The lower figure in days (None if not known)."""
        return None if not self.known or self.low is None else _days(self.low, self.unit)

    @property
    def high_days(self) -> float | None:
        """The upper figure in days (None if not known)."""
        if not self.known or self.unit is None:
            return None
        return _days(self.high if self.high is not None else self.low, self.unit)

    def describe(self) -> str:
        """The figure in words, e.g. ``"1–2 weeks"``, ``"12 weeks"`` or ``"Not known"``."""
        if not self.known or self.low is None or self.unit is None:
            return "Not known"
        low, high = (
            _fmt_number(self.low),
            _fmt_number(self.high if self.high is not None else self.low),
        )
        unit = self.unit
        if low == high:
            return f"{low} {unit[:-1] if low == '1' else unit}"
        return f"{low}–{high} {unit}"


@dataclass(frozen=True)
class Approval:
    """Regulatory status in the US."""

    status: str
    year: int | None
    note: str
    source_ids: tuple[str, ...]

    def badge(self) -> str:
        """Short badge text, e.g. ``"FDA-approved (2004)"``, from the one vocabulary."""
        return STATUSES[self.status].badge(self.year)


@dataclass(frozen=True)
class SideEffect:
    """A common side effect at the treated site, in plain words."""

    text: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class SafetyItem:
    """One "before you have it" line: who should not have the toxin
    (``kind = "not-for"``) or what to tell the clinician first (``"tell"``)."""

    kind: str
    text: str
    source_ids: tuple[str, ...]
    # Where in the BOTOX label (or Medication Guide) it comes from, for the
    # clinician who checks it, e.g. "4.3 Contraindications: urinary tract infection".
    label_section: str = ""
    # A few words for the one-line summary on every card ("other medicines"):
    # the items every use shares are listed in full only when asked for.
    short: str = ""


@dataclass(frozen=True)
class WarningSentence:
    """One sentence of the FDA boxed warning: in plain words, beside the
    label's own sentence it says (so a clinician can check them side by side)."""

    plain: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A condition treated with botulinum toxin, and everything shown about it."""

    id: str
    name: str
    medical_name: str
    regions: tuple[str, ...]
    tissue: str
    summary: str
    who_for: str
    good_to_know: tuple[str, ...]
    approval: Approval
    region_notes: dict[str, str] = field(hash=False, compare=False)
    timing: dict[str, Timing] = field(hash=False, compare=False)
    side_effects: tuple[SideEffect, ...] = ()
    educator_text: str = ""
    educator_source_ids: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    last_reviewed: dt.date = dt.date(1970, 1, 1)
    file: str = ""
    # The words a patient might type for this condition (search), and the
    # questions worth asking a clinician about it (panel and handout).
    everyday_words: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    # What is specific to this use (the shared items live in site.toml).
    before_you_have_it: tuple[SafetyItem, ...] = ()
    # Show the crisis line (site.toml's [crisis]) on this condition's card.
    shows_crisis_line: bool = False


@dataclass(frozen=True)
class Region:
    """A tappable body region."""

    id: str
    label: str
    order: int
    summary: str
    last_reviewed: dt.date
    file: str
    everyday_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One scene of the step-by-step picture: a short title and a caption."""

    title: str
    text: str


@dataclass(frozen=True)
class Mechanism:
    """How the toxin works in one kind of tissue."""

    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    source_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    file: str


@dataclass(frozen=True)
class Crisis:
    """Where to get help now, shown first when a search uses one of its words."""

    text: str
    everyday_words: tuple[str, ...]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """Text shown on every page."""

    title: str
    tagline: str
    intro: str
    boxed_warning_sentences: tuple[WarningSentence, ...]
    boxed_warning_short: str
    boxed_warning_source_ids: tuple[str, ...]
    disclaimer: str
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    crisis: Crisis | None = None
    # Before-you-have-it items true of every use, shown on every card.
    before_you_have_it: tuple[SafetyItem, ...] = ()

    @property
    def boxed_warning(self) -> str:
        """The whole boxed warning in plain words, as one paragraph."""
        return " ".join(s.plain for s in self.boxed_warning_sentences)


@dataclass(frozen=True)
class TourStop:
    """One step of the presenter's guided tour: a region (None for the whole
    body) and optionally a condition treated there, with a short heading."""

    title: str
    region: str | None
    condition: str | None


@dataclass(frozen=True)
class Tour:
    """The presenter's teaching order (``content/tour.toml``)."""

    title: str
    stops: tuple[TourStop, ...]
    last_reviewed: dt.date


@dataclass(frozen=True)
class OtherUse:
    """A use of the toxin this guide does not cover yet: the search box names
    it kindly instead of finding nothing (``content/not_covered.toml``)."""

    id: str
    name: str
    text: str
    everyday_words: tuple[str, ...]
    source_ids: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Content:
    """All content, validated."""

    site: Site
    regions: tuple[Region, ...]  # in picker order
    conditions: tuple[Condition, ...]
    mechanisms: tuple[Mechanism, ...]
    tour: Tour = Tour("", (), dt.date(1970, 1, 1))
    other_uses: tuple[OtherUse, ...] = ()

    def condition(self, condition_id: str) -> Condition:
        """The condition with this id (KeyError if none)."""
        for c in self.conditions:
            if c.id == condition_id:
                return c
        raise KeyError(condition_id)

    def region(self, region_id: str) -> Region:
        """The region with this id (KeyError if none)."""
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(region_id)

    def region_labels(self) -> dict[str, str]:
        """Region id -> short label, in picker order."""
        return {r.id: r.label for r in self.regions}

    def condition_regions(self) -> dict[str, tuple[str, ...]]:
        """Condition id -> the regions it is treated at, first region first."""
        return {c.id: c.regions for c in self.conditions}

    def region_ids(self) -> tuple[str, ...]:
        """Region ids in picker order."""
        return tuple(r.id for r in self.regions)

    def conditions_for(self, region_id: str) -> tuple[Condition, ...]:
        """Conditions treated at this region: approved first, then by name."""
        found = [c for c in self.conditions if region_id in c.regions]
        rank = {s: i for i, s in enumerate(APPROVAL_STATUSES)}
        return tuple(sorted(found, key=lambda c: (rank[c.approval.status], c.name)))

    def mechanism(self, tissue: str) -> Mechanism:
        """The mechanism text for a tissue id (KeyError if none)."""
        for m in self.mechanisms:
            if m.id == tissue:
                return m
        raise KeyError(tissue)

    def before_you_have_it(self, condition: Condition) -> tuple[SafetyItem, ...]:
        """Everything to know before this use: its own items first, then the
        items shared by every use, each kind together (who should not have
        it, then what to tell the clinician)."""
        items = condition.before_you_have_it + self.site.before_you_have_it
        return tuple(i for kind in SAFETY_KINDS for i in items if i.kind == kind)

    def last_reviewed_for(self, region_id: str) -> dt.date:
        """Oldest review date of everything shown on this region's panel."""
        dates = [self.region(region_id).last_reviewed, self.site.last_reviewed]
        for c in self.conditions_for(region_id):
            dates += [c.last_reviewed, self.mechanism(c.tissue).last_reviewed]
        return min(dates)


@dataclass(frozen=True)
class Problem:
    """One validation failure: which file, which field, what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class ContentError(ValueError):
    """Content failed validation; ``problems`` lists every failure."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ----------------------------------------------------------------- field reading


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _days(value: float | None, unit: str | None) -> float | None:
    if value is None or unit not in DAYS_PER_UNIT:
        return None
    return value * DAYS_PER_UNIT[unit]


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class _Fields:
    """Reads typed fields from one TOML table, recording problems instead of raising."""

    def __init__(self, data: Any, file: str, prefix: str, problems: list[Problem]):
        self.data = data if isinstance(data, dict) else {}
        self.file, self.prefix, self.problems = file, prefix, problems
        self.used: set[str] = set()
        if not isinstance(data, dict):
            self.fail("", "expected a table")

    def name(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix and key else (self.prefix or key)

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.name(key) or "(file)", message))

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.data.get(key)

    def text(self, key: str, required: bool = True) -> str:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(key, "missing (required)")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(key, "expected non-empty text")
            return ""
        return " ".join(value.split())

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(key, "missing (required)")
            return ()
        if (
            not isinstance(value, list)
            or not all(isinstance(v, str) and v.strip() for v in value)
            or (required and not value)
        ):
            self.fail(key, "expected a list of non-empty text items")
            return ()
        return tuple(" ".join(v.split()) for v in value)

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(key, "missing (required)")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, "expected a whole number")
            return None
        return value

    def number(self, key: str) -> float | None:
        value = self.raw(key)
        if value is None:
            return None
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not math.isfinite(value)
            or value < 0
        ):
            self.fail(key, "expected a number of 0 or more")
            return None
        return float(value)

    def date(self, key: str) -> dt.date:
        value = self.raw(key)
        if value is None:
            self.fail(key, "missing (required): the date a clinician last checked this file")
            return dt.date(1970, 1, 1)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(key, "expected a date written as YYYY-MM-DD (no quotes)")
            return dt.date(1970, 1, 1)
        # A day of grace: a clinician east of the server may date a file
        # "today" while the server's calendar still says yesterday.
        if value > _today() + dt.timedelta(days=1):
            self.fail(key, f"{value.isoformat()} is in the future")
        return value

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        allowed = tuple(allowed)
        value = self.text(key)
        if value and value not in allowed:
            self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def table(self, key: str, required: bool = True) -> _Fields | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(key, "missing (required)")
            return None
        return _Fields(value, self.file, self.name(key), self.problems)

    def tables(self, key: str, expected: str) -> list[_Fields]:
        """Each table of the array of tables ``[[key]]``, read on its own; a
        problem saying what was ``expected`` if it is missing, empty or not tables."""
        raw = self.raw(key)
        if not isinstance(raw, list) or not raw:
            self.fail(key, expected)
            return []
        return [
            _Fields(item, self.file, self.name(f"{key}[{i}]"), self.problems)
            for i, item in enumerate(raw)
        ]

    def reject_unknown(self) -> None:
        for key in self.data:
            if key not in self.used:
                self.fail(key, "unknown field (a typo?)")


def _read_sources(f: _Fields, required: bool) -> tuple[Source, ...]:
    raw = f.raw("sources")
    if raw is None:
        if required:
            f.fail("sources", "missing: at least one [[sources]] entry is required")
        return ()
    if not isinstance(raw, list) or (required and not raw):
        f.fail("sources", "expected one or more [[sources]] tables")
        return ()
    sources = []
    for i, item in enumerate(raw):
        s = _Fields(item, f.file, f"sources[{i}]", f.problems)
        sid, title, url = s.text("id"), s.text("title"), s.text("url")
        s.reject_unknown()
        if url and not URL_PATTERN.fullmatch(url):
            s.fail("url", "expected a web link starting with https:// and without spaces")
        if sid and any(x.id == sid for x in sources):
            s.fail("id", f"duplicate source id {sid!r}")
        sources.append(Source(sid, title, url))
    return tuple(sources)


def _source_ids(f: _Fields, key: str, sources: tuple[Source, ...], required: bool = True):
    ids = f.texts(key, required=required)
    known = {s.id for s in sources}
    for sid in ids:
        if sid not in known:
            f.fail(key, f"source id {sid!r} is not defined in this file's [[sources]]")
    return ids


def _read_timing(f: _Fields, sources: tuple[Source, ...], retreatment: bool = False) -> Timing:
    known_flag = f.raw("known")
    if known_flag is not None and not isinstance(known_flag, bool):
        f.fail("known", "expected true or false")
    note = f.text("note", required=False)
    established = True
    if f.has("established"):
        flag = f.raw("established")
        if not retreatment:
            f.fail("established", "only [timing.retreatment] can say established = false")
        elif flag is not False:
            f.fail("established", "write established = false, or leave it out")
        elif known_flag is not False:
            f.fail("established", "established = false also needs known = false")
        else:
            established = False
    if known_flag is False:
        if not note:
            f.fail(
                "note",
                "say why the figure is not known (e.g. 'Not reported in the sources we use.')",
            )
        for key in ("value", "min", "max", "unit"):
            if f.has(key):
                f.fail(key, "not allowed when known = false")
                f.raw(key)
        ids = _source_ids(f, "source_ids", sources, required=False)
        f.reject_unknown()
        return Timing(known=False, note=note, source_ids=ids, established=established)
    value, low, high = f.number("value"), f.number("min"), f.number("max")
    if value is not None and (low is not None or high is not None):
        f.fail("value", "give either value, or min and max, not both")
    elif value is not None:
        low = high = value
    elif low is None or high is None:
        f.fail("min", "missing: give value = N, or min and max, or known = false")
    elif low > high:
        f.fail("min", f"min ({_fmt_number(low)}) is greater than max ({_fmt_number(high)})")
    unit = f.choice("unit", TIME_UNITS)
    ids = _source_ids(f, "source_ids", sources)
    f.reject_unknown()
    return Timing(True, low, high, unit or None, note, ids)


def _check_timing_order(t: _Fields, timing: dict[str, Timing]) -> None:
    """Onset <= peak <= duration: a later phase may not start, or end, before an
    earlier one. Phases that are not known are skipped. A day's slack lets
    "13 weeks" (91 days) stand for "3 months" (91.3 days)."""
    phases = [(k, timing[k]) for k in ("onset", "peak", "duration") if k in timing]
    known = [(k, tm) for k, tm in phases if tm.known and tm.low_days is not None]
    for (k1, a), (k2, b) in itertools.pairwise(known):
        slack = ORDER_SLACK_DAYS
        if b.low_days < a.low_days - slack or b.high_days < a.high_days - slack:
            t.fail(
                k2,
                f"{k2} ({b.describe()}) comes before {k1} ({a.describe()}): "
                "onset, peak and duration must not go backwards in time",
            )


def _read_steps(f: _Fields) -> tuple[Step, ...]:
    raw = f.raw("steps")
    if not isinstance(raw, list) or len(raw) != MECHANISM_STEPS:
        f.fail(
            "steps",
            f"expected exactly {MECHANISM_STEPS} [[steps]] tables, one per scene of the picture",
        )
        return ()
    steps = []
    for i, item in enumerate(raw):
        s = _Fields(item, f.file, f"steps[{i}]", f.problems)
        title, text = s.text("title"), s.text("text")
        if len(title) > STEP_TITLE_MAX:
            s.fail("title", f"{len(title)} characters; at most {STEP_TITLE_MAX} fit the picture")
        s.reject_unknown()
        steps.append(Step(title, text))
    return tuple(steps)


def _everyday_words(f: _Fields, required: bool) -> tuple[str, ...]:
    """Search phrases: short, lowercase-insensitive unique."""
    words = f.texts("everyday_words", required=required)
    seen: set[str] = set()
    for w in words:
        if len(w) > EVERYDAY_WORDS_MAX:
            f.fail("everyday_words", f"{w!r} is longer than {EVERYDAY_WORDS_MAX} characters")
        if w.casefold() in seen:
            f.fail("everyday_words", f"{w!r} is listed twice")
        seen.add(w.casefold())
    return words


def _safety_items(
    f: _Fields, sources: tuple[Source, ...], required: str = "", shared: bool = False
) -> tuple[SafetyItem, ...]:
    """``[[before_you_have_it]]`` items; ``required`` says why at least one is
    needed. ``shared`` items (site.toml) that say what to tell the clinician
    need a ``short`` form for the one-line summary on every card."""
    if not f.has("before_you_have_it"):
        if required:
            f.fail("before_you_have_it", f"missing: {required}")
        return ()
    items = []
    for b in f.tables("before_you_have_it", "expected one or more [[before_you_have_it]] tables"):
        kind = b.choice("kind", SAFETY_KINDS)
        short = b.text("short", required=shared and kind == "tell")
        if short and not shared:
            b.fail("short", "only the shared items in site.toml have a short form")
        elif len(short) > SAFETY_SHORT_MAX:
            b.fail("short", f"{len(short)} characters; at most {SAFETY_SHORT_MAX}")
        items.append(
            SafetyItem(
                kind=kind,
                text=b.text("text"),
                source_ids=_source_ids(b, "source_ids", sources),
                label_section=b.text("label_section", required=False),
                short=short,
            )
        )
        b.reject_unknown()
    return tuple(items)


def _warning_sentences(f: _Fields) -> tuple[WarningSentence, ...]:
    expected = "expected [[boxed_warning]] tables, one per sentence of the label's boxed warning"
    sentences = []
    for w in f.tables("boxed_warning", expected):
        sentences.append(WarningSentence(w.text("plain"), w.text("label")))
        w.reject_unknown()
    return tuple(sentences)


def _questions(f: _Fields) -> tuple[str, ...]:
    questions = f.texts("questions")
    if questions and len(questions) < MIN_QUESTIONS:
        f.fail("questions", f"give at least {MIN_QUESTIONS} questions")
    for q in questions:
        if not q.endswith("?"):
            f.fail("questions", f"{q!r} should be a question ending with '?'")
        if len(q) > QUESTION_MAX:
            f.fail("questions", f"{q[:40]!r}... is longer than {QUESTION_MAX} characters")
    return questions


# ------------------------------------------------------------ source trust tiers

SOURCE_TIERS = ("primary", "supporting", "weak")
SOURCE_HOSTS_FILE = "source_hosts.toml"


@dataclass(frozen=True)
class SourceHosts:
    """The reviewed list of web hosts a source may come from, with their tier
    (``content/source_hosts.toml``)."""

    tiers: dict[str, str] = field(hash=False, compare=False)

    def tier(self, url: str) -> str | None:
        """The tier of the host of ``url`` (a subdomain counts as its host), or None."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        while host:
            if host in self.tiers:
                return self.tiers[host]
            host = host.partition(".")[2]
        return None

    def claim_problems(
        self, file: str, field_name: str, ids: Iterable[str], sources: Iterable[Source]
    ) -> list[Problem]:
        """A problem if none of the sources a claim cites is primary."""
        ids = tuple(ids)
        if not ids:
            return []
        by_id = {s.id: s for s in sources}
        cited = [by_id[i] for i in ids if i in by_id]
        if not cited or any(self.tier(s.url) == "primary" for s in cited):
            return []
        tiers = ", ".join(f"{s.id} ({self.tier(s.url) or 'unlisted'})" for s in cited)
        return [
            Problem(
                file,
                field_name,
                f"rests only on {tiers}: cite a primary source that states it (the FDA "
                f"label, a peer-reviewed paper, a guideline body or a health service; "
                f"see {SOURCE_HOSTS_FILE})",
            )
        ]

    def host_problems(self, file: str, sources: Iterable[Source]) -> list[Problem]:
        """A problem for each source whose host is not in the reviewed list."""
        return [
            Problem(
                file,
                f"sources.{s.id}.url",
                f"{urlsplit(s.url).hostname!r} is not in {SOURCE_HOSTS_FILE}: review the "
                "site and list it with its tier, or cite a listed one",
            )
            for s in sources
            if s.url and self.tier(s.url) is None
        ]


def _read_source_hosts(data: dict, rel: str, problems: list[Problem]) -> SourceHosts:
    f = _Fields(data, rel, "", problems)
    tiers: dict[str, str] = {}
    for h in f.tables("hosts", "expected one or more [[hosts]] tables"):
        host, tier = h.text("host").lower(), h.choice("tier", SOURCE_TIERS)
        h.text("what")
        if host in tiers:
            h.fail("host", f"{host!r} is listed twice")
        if host and tier:
            tiers[host] = tier
        h.reject_unknown()
    f.date("last_reviewed")
    f.reject_unknown()
    return SourceHosts(tiers)


def _sourcing_problems(
    hosts: SourceHosts,
    site: tuple[str, Site | None],
    mechanisms: Iterable[Mechanism],
    conditions: Iterable[Condition],
    other_uses: tuple[str, tuple[OtherUse, ...]],
) -> list[Problem]:
    """Every sourced claim cites a primary source; every link's host is reviewed."""
    found: list[Problem] = []

    def claim(file: str, field_name: str, ids, sources) -> None:
        found.extend(hosts.claim_problems(file, field_name, ids, sources))

    site_rel, site_content = site
    if site_content is not None:
        found.extend(hosts.host_problems(site_rel, site_content.sources))
        cites = site_content.sources
        claim(site_rel, "boxed_warning_source_ids", site_content.boxed_warning_source_ids, cites)
        if site_content.crisis is not None:
            claim(site_rel, "crisis.source_ids", site_content.crisis.source_ids, cites)
        for i, item in enumerate(site_content.before_you_have_it):
            claim(site_rel, f"before_you_have_it[{i}].source_ids", item.source_ids, cites)
    for m in mechanisms:
        found.extend(hosts.host_problems(m.file, m.sources))
        claim(m.file, "source_ids", m.source_ids, m.sources)
    for c in conditions:
        found.extend(hosts.host_problems(c.file, c.sources))
        claim(c.file, "approval.source_ids", c.approval.source_ids, c.sources)
        for key, timing in c.timing.items():
            claim(c.file, f"timing.{key}.source_ids", timing.source_ids, c.sources)
        for i, effect in enumerate(c.side_effects):
            claim(c.file, f"side_effects[{i}].source_ids", effect.source_ids, c.sources)
        claim(c.file, "educator.source_ids", c.educator_source_ids, c.sources)
        for i, item in enumerate(c.before_you_have_it):
            claim(c.file, f"before_you_have_it[{i}].source_ids", item.source_ids, c.sources)
    other_rel, uses = other_uses
    if uses:
        found.extend(hosts.host_problems(other_rel, uses[0].sources))
    for i, use in enumerate(uses):
        claim(other_rel, f"uses[{i}].source_ids", use.source_ids, use.sources)
    return found


# ------------------------------------------------------------------------ loaders


def _load_toml(path: Path, root: Path, problems: list[Problem]) -> tuple[str, dict | None]:
    rel = path.relative_to(root.parent).as_posix() if root.parent in path.parents else path.name
    try:
        with path.open("rb") as fh:
            return rel, tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(rel, "(file)", f"not valid TOML: {exc}"))
    except UnicodeDecodeError:
        problems.append(Problem(rel, "(file)", "not saved as UTF-8 text (re-save it as UTF-8)"))
    except OSError as exc:
        problems.append(Problem(rel, "(file)", f"cannot read: {exc}"))
    return rel, None


def _check_id(f: _Fields, path: Path) -> str:
    value = f.text("id")
    if value and value != path.stem:
        f.fail("id", f"{value!r} must match the file name {path.stem!r}")
    elif value and not ID_PATTERN.fullmatch(value):
        f.fail("id", f"{value!r}: use lowercase letters, digits and hyphens (at most 32)")
    return value


def _read_region(path: Path, data: dict, rel: str, problems: list[Problem]) -> Region:
    f = _Fields(data, rel, "", problems)
    region = Region(
        id=_check_id(f, path),
        label=f.text("label"),
        order=f.integer("order") or 0,
        summary=f.text("summary"),
        last_reviewed=f.date("last_reviewed"),
        file=rel,
        everyday_words=_everyday_words(f, required=False),
    )
    f.reject_unknown()
    return region


def _read_mechanism(path: Path, data: dict, rel: str, problems: list[Problem]) -> Mechanism:
    f = _Fields(data, rel, "", problems)
    sources = _read_sources(f, required=True)
    mechanism_id = _check_id(f, path)
    if mechanism_id and mechanism_id not in TISSUES:
        f.fail("id", f"{mechanism_id!r} is not one of: {', '.join(TISSUES)}")
    mechanism = Mechanism(
        id=mechanism_id,
        title=f.text("title"),
        summary=f.text("summary"),
        steps=_read_steps(f),
        source_ids=_source_ids(f, "source_ids", sources),
        sources=sources,
        last_reviewed=f.date("last_reviewed"),
        file=rel,
    )
    f.reject_unknown()
    return mechanism


def _read_condition(path: Path, data: dict, rel: str, problems: list[Problem]) -> Condition:
    f = _Fields(data, rel, "", problems)
    sources = _read_sources(f, required=True)
    condition_id = _check_id(f, path)
    regions = f.texts("regions")
    tissue = f.choice("tissue", TISSUES)

    approval = Approval("", None, "", ())
    a = f.table("approval")
    if a is not None:
        status = a.choice("status", APPROVAL_STATUSES)
        year = a.integer("year", required=False)
        if status == "fda-approved" and year is None:
            a.fail("year", "missing: an FDA-approved use needs its approval year")
        elif status and status != "fda-approved" and year is not None:
            a.fail("year", f"only FDA-approved uses have an approval year (status is {status!r})")
        elif year is not None and not FIRST_APPROVAL_YEAR <= year <= _today().year:
            a.fail("year", f"{year} is outside {FIRST_APPROVAL_YEAR}–{_today().year}")
        approval = Approval(status, year, a.text("note"), _source_ids(a, "source_ids", sources))
        a.reject_unknown()

    region_notes: dict[str, str] = {}
    rn = f.table("region_notes", required=False)
    if rn is not None:
        for key in list(rn.data):
            if key not in regions:
                rn.fail(key, f"{key!r} is not one of this condition's regions {list(regions)}")
            region_notes[key] = rn.text(key)

    timing: dict[str, Timing] = {}
    t = f.table("timing")
    if t is not None:
        for key in TIMING_KEYS:
            sub = t.table(key)
            if sub is not None:
                timing[key] = _read_timing(sub, sources, retreatment=key == "retreatment")
        t.reject_unknown()
        _check_timing_order(t, timing)
        retreat = timing.get("retreatment")
        if (
            approval.status == "fda-approved"
            and retreat is not None
            and not retreat.known
            and retreat.established
        ):
            t.fail(
                "retreatment",
                "an FDA-approved use needs its re-treatment interval from the label, or "
                "established = false (with a note) if the label sets none",
            )

    side_effects = []
    for s in f.tables("side_effects", "expected one or more [[side_effects]] tables"):
        side_effects.append(SideEffect(s.text("text"), _source_ids(s, "source_ids", sources)))
        s.reject_unknown()

    educator_text, educator_ids = "", ()
    e = f.table("educator", required=False)
    if e is not None:
        educator_text = e.text("text")
        educator_ids = _source_ids(e, "source_ids", sources)
        e.reject_unknown()

    condition = Condition(
        id=condition_id,
        name=f.text("name"),
        medical_name=f.text("medical_name", required=False),
        regions=regions,
        tissue=tissue,
        summary=f.text("summary"),
        who_for=f.text("who_for"),
        good_to_know=f.texts("good_to_know", required=False),
        approval=approval,
        region_notes=region_notes,
        timing=timing,
        side_effects=tuple(side_effects),
        educator_text=educator_text,
        educator_source_ids=educator_ids,
        sources=sources,
        last_reviewed=f.date("last_reviewed"),
        file=rel,
        everyday_words=_everyday_words(f, required=True),
        questions=_questions(f),
        before_you_have_it=_safety_items(
            f,
            sources,
            required="what is specific to this use before treatment: who should not have "
            "it or what to tell the clinician (the shared items are in site.toml)",
        ),
        shows_crisis_line=_flag(f, "shows_crisis_line"),
    )
    f.reject_unknown()
    return condition


def _flag(f: _Fields, key: str) -> bool:
    value = f.raw(key)
    if value is not None and not isinstance(value, bool):
        f.fail(key, "expected true or false")
    return value is True


def _read_tour(data: dict, rel: str, problems: list[Problem]) -> Tour:
    f = _Fields(data, rel, "", problems)
    title = f.text("title")
    stops = []
    for s in f.tables("stops", "expected one or more [[stops]] tables, in teaching order"):
        stop_title = s.text("title")
        region = s.text("region", required=False) or None
        condition = s.text("condition", required=False) or None
        if condition and not region:
            s.fail("condition", "a stop that opens a condition also names its region")
        s.reject_unknown()
        stops.append(TourStop(stop_title, region, condition))
    tour = Tour(title, tuple(stops), f.date("last_reviewed"))
    f.reject_unknown()
    return tour


def _read_other_uses(data: dict, rel: str, problems: list[Problem]) -> tuple[OtherUse, ...]:
    f = _Fields(data, rel, "", problems)
    sources = _read_sources(f, required=True)
    uses = []
    raw = f.raw("uses")
    if not isinstance(raw, list):
        f.fail("uses", "expected [[uses]] tables")
        raw = []
    for i, item in enumerate(raw):
        u = _Fields(item, rel, f"uses[{i}]", problems)
        use_id = u.text("id")
        if use_id and not ID_PATTERN.fullmatch(use_id):
            u.fail("id", f"{use_id!r}: use lowercase letters, digits and hyphens (at most 32)")
        if use_id and any(x.id == use_id for x in uses):
            u.fail("id", f"duplicate id {use_id!r}")
        uses.append(
            OtherUse(
                id=use_id,
                name=u.text("name"),
                text=u.text("text"),
                everyday_words=_everyday_words(u, required=True),
                source_ids=_source_ids(u, "source_ids", sources),
                sources=sources,
            )
        )
        u.reject_unknown()
    f.date("last_reviewed")
    f.reject_unknown()
    return tuple(uses)


def _check_tour(tour: Tour, rel: str, regions, conditions, problems: list[Problem]) -> None:
    """Every stop points at real content, and the tour covers every condition once."""
    region_ids = {r.id for r in regions}
    by_id = {c.id: c for c in conditions}
    seen: list[str] = []
    for i, stop in enumerate(tour.stops):
        where = f"stops[{i}]"
        if stop.region and stop.region not in region_ids:
            problems.append(Problem(rel, f"{where}.region", f"unknown region {stop.region!r}"))
        if stop.condition:
            c = by_id.get(stop.condition)
            if c is None:
                problems.append(
                    Problem(rel, f"{where}.condition", f"unknown condition {stop.condition!r}")
                )
            elif stop.region and stop.region not in c.regions:
                problems.append(
                    Problem(
                        rel,
                        f"{where}.condition",
                        f"{stop.condition!r} is not treated at {stop.region!r} "
                        f"(its regions: {list(c.regions)})",
                    )
                )
            if stop.condition in seen:
                problems.append(
                    Problem(rel, f"{where}.condition", f"{stop.condition!r} is visited twice")
                )
            seen.append(stop.condition)
    for c in conditions:
        if c.id not in seen:
            problems.append(Problem(rel, "stops", f"the tour never opens condition {c.id!r}"))


def _read_site(data: dict, rel: str, problems: list[Problem]) -> Site:
    f = _Fields(data, rel, "", problems)
    sources = _read_sources(f, required=True)
    site = Site(
        title=f.text("title"),
        tagline=f.text("tagline"),
        intro=f.text("intro"),
        boxed_warning_sentences=_warning_sentences(f),
        boxed_warning_short=f.text("boxed_warning_short"),
        boxed_warning_source_ids=_source_ids(f, "boxed_warning_source_ids", sources),
        disclaimer=f.text("disclaimer"),
        sources=sources,
        last_reviewed=f.date("last_reviewed"),
        crisis=_read_crisis(f, sources),
        before_you_have_it=_safety_items(
            f,
            sources,
            required="the items every use shares (allergy, infection, medicines…)",
            shared=True,
        ),
    )
    f.reject_unknown()
    return site


def _read_crisis(f: _Fields, sources: tuple[Source, ...]) -> Crisis | None:
    c = f.table("crisis", required=False)
    if c is None:
        return None
    crisis = Crisis(
        text=c.text("text"),
        everyday_words=_everyday_words(c, required=True),
        source_ids=_source_ids(c, "source_ids", sources),
    )
    c.reject_unknown()
    return crisis


def load_source_hosts(root: Path, problems: list[Problem]) -> SourceHosts | None:
    """The reviewed hosts and tiers (None, with problems recorded, if unreadable)."""
    rel, data = _load_toml(root / SOURCE_HOSTS_FILE, root, problems)
    return None if data is None else _read_source_hosts(data, rel, problems)


def check_content(
    root: Path = CONTENT_DIR, drawn_regions: Iterable[str] | None = None
) -> tuple[Content | None, list[Problem]]:
    """Load and validate everything under ``root``.

    ``drawn_regions`` are the region ids the diagram draws: each must have a
    region file, and each region file must be drawn. Returns the content (None
    if anything is wrong) and the list of problems.
    """
    problems: list[Problem] = []

    def read_folder(folder: str, reader):
        items = []
        paths = sorted((root / folder).glob("*.toml"))
        if not paths:
            problems.append(Problem(f"{root.name}/{folder}/", "(folder)", "no .toml files found"))
        for path in paths:
            rel, data = _load_toml(path, root, problems)
            if data is not None:
                items.append(reader(path, data, rel, problems))
        return items

    regions = read_folder("regions", _read_region)
    mechanisms = read_folder("mechanisms", _read_mechanism)
    conditions = read_folder("conditions", _read_condition)
    site_rel, site_data = _load_toml(root / "site.toml", root, problems)
    site = _read_site(site_data, site_rel, problems) if site_data is not None else None
    tour_rel, tour_data = _load_toml(root / "tour.toml", root, problems)
    tour = _read_tour(tour_data, tour_rel, problems) if tour_data is not None else None
    if tour is not None:
        _check_tour(tour, tour_rel, regions, conditions, problems)
    other_rel, other_data = _load_toml(root / "not_covered.toml", root, problems)
    other_uses = _read_other_uses(other_data, other_rel, problems) if other_data is not None else ()
    hosts = load_source_hosts(root, problems)
    if hosts is not None:
        problems += _sourcing_problems(
            hosts, (site_rel, site), mechanisms, conditions, (other_rel, other_uses)
        )
    for c in conditions:
        if c.shows_crisis_line and site is not None and site.crisis is None:
            problems.append(
                Problem(c.file, "shows_crisis_line", "site.toml has no [crisis] text to show")
            )

    region_ids = {r.id for r in regions}
    for r in regions:
        if sum(1 for x in regions if x.order == r.order) > 1:
            problems.append(Problem(r.file, "order", f"order {r.order} is used by another region"))
        if not any(r.id in c.regions for c in conditions):
            problems.append(Problem(r.file, "id", f"no condition lists region {r.id!r}"))
    mechanism_ids = {m.id for m in mechanisms}
    for c in conditions:
        for rid in c.regions:
            if rid not in region_ids:
                problems.append(
                    Problem(
                        c.file, "regions", f"unknown region {rid!r} (known: {sorted(region_ids)})"
                    )
                )
        if c.tissue and c.tissue not in mechanism_ids:
            problems.append(Problem(c.file, "tissue", f"no mechanisms/{c.tissue}.toml explains it"))
    if drawn_regions is not None:
        drawn = set(drawn_regions)
        for rid in sorted(drawn - region_ids):
            problems.append(
                Problem(
                    f"{root.name}/regions/{rid}.toml",
                    "(file)",
                    "the diagram draws this region but it has no content file",
                )
            )
        for r in regions:
            if r.id not in drawn:
                problems.append(
                    Problem(r.file, "id", f"region {r.id!r} is not drawn in assets/diagram.json")
                )

    if problems or site is None or tour is None:
        return None, problems
    content = Content(
        site=site,
        regions=tuple(sorted(regions, key=lambda r: r.order)),
        conditions=tuple(sorted(conditions, key=lambda c: c.name)),
        mechanisms=tuple(mechanisms),
        tour=tour,
        other_uses=other_uses,
    )
    return content, []


def load_content(root: Path = CONTENT_DIR, drawn_regions: Iterable[str] | None = None) -> Content:
    """Load validated content, or raise ContentError listing every problem."""
    content, problems = check_content(root, drawn_regions)
    if content is None:
        raise ContentError(problems)
    return content
