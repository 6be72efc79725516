"""Read each kind of content file into its frozen type (:mod:`bodymap.model.content`).

One reader a kind of file: a region, a mechanism, a condition, ``site.toml``,
``tour.toml`` and ``not_covered.toml``. Each reads one file's data through
:class:`~bodymap.model.fields.Fields`, recording every problem, and returns
its value even when something is wrong (with empty text where a field was
bad), so the checks across files can still run. :mod:`bodymap.model.loading`
reads the folder and checks the files against each other.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from bodymap.model.content import (
    ID_PATTERN,
    MECHANISM_STEPS,
    SAFETY_KINDS,
    TIME_UNITS,
    TIMING_KEYS,
    TISSUES,
    Approval,
    Condition,
    Crisis,
    Mechanism,
    OtherUse,
    Region,
    SafetyItem,
    SideEffect,
    Site,
    Source,
    Step,
    Timing,
    Tour,
    TourStop,
    WarningSentence,
    format_number,
)
from bodymap.model.fields import Fields, Problem, read_sources, source_ids, today
from bodymap.vocabulary import APPROVAL_STATUSES

ORDER_SLACK_DAYS = 1.0  # rounding between units when checking onset <= peak <= duration
# How long each text and list may be (a step's title, an everyday word, a
# question...) is in bodymap/model/limits.py, checked as each field is read.
MIN_QUESTIONS = 3
FIRST_APPROVAL_YEAR = 1989  # BOTOX (as Oculinum) was first approved in December 1989
# A sentence's end: a full stop, "!" or "?" (a run of them), then a space and
# more text. ``in_short`` may have one only at its very end.
_SENTENCE_END_INSIDE = re.compile(r"[.!?\u061f]+[\"')\]]*\s+\S")
QUESTION_MARKS = ("?", "\u061f")  # Latin, and Arabic's reversed one


def _read_id(f: Fields, path: Path | None = None) -> str:
    """The ``id`` field: a valid id, and the file's name if the file has one id."""
    value = f.text("id")
    if value and path is not None and value != path.stem:
        f.fail("id", f"{value!r} must match the file name {path.stem!r}")
    elif value and not ID_PATTERN.fullmatch(value):
        f.fail("id", f"{value!r}: use lowercase letters, digits and hyphens (at most 32)")
    return value


def read_region(path: Path, data: dict, rel: str, problems: list[Problem]) -> Region:
    f = Fields(data, rel, "", problems)
    region = Region(
        id=_read_id(f, path),
        label=f.text("label"),
        order=f.integer("order") or 0,
        summary=f.text("summary"),
        last_reviewed=f.date("last_reviewed"),
        file=rel,
        everyday_words=_everyday_words(f, required=False),
    )
    f.reject_unknown()
    return region


def read_mechanism(path: Path, data: dict, rel: str, problems: list[Problem]) -> Mechanism:
    f = Fields(data, rel, "", problems)
    sources = read_sources(f, required=True)
    mechanism_id = _read_id(f, path)
    if mechanism_id and mechanism_id not in TISSUES:
        f.fail("id", f"{mechanism_id!r} is not one of: {', '.join(TISSUES)}")
    mechanism = Mechanism(
        id=mechanism_id,
        title=f.text("title"),
        summary=f.text("summary"),
        steps=_read_steps(f),
        source_ids=source_ids(f, "source_ids", sources),
        sources=sources,
        last_reviewed=f.date("last_reviewed"),
        file=rel,
    )
    f.reject_unknown()
    return mechanism


def read_condition(path: Path, data: dict, rel: str, problems: list[Problem]) -> Condition:
    f = Fields(data, rel, "", problems)
    sources = read_sources(f, required=True)
    condition_id = _read_id(f, path)
    regions = f.texts("regions")
    tissue = f.choice("tissue", TISSUES)

    approval = _read_approval(f, sources)

    region_notes: dict[str, str] = {}
    rn = f.table("region_notes", required=False)
    if rn is not None:
        for key in list(rn.data):
            if key not in regions:
                rn.fail(key, f"{key!r} is not one of this condition's regions {list(regions)}")
            region_notes[key] = rn.text(key)

    timing = _read_timings(f, approval, sources)

    side_effects = []
    for s in f.tables("side_effects", "expected one or more [[side_effects]] tables"):
        side_effects.append(SideEffect(s.text("text"), source_ids(s, "source_ids", sources)))
        s.reject_unknown()

    educator_text, educator_ids = "", ()
    e = f.table("educator", required=False)
    if e is not None:
        educator_text = e.text("text")
        educator_ids = source_ids(e, "source_ids", sources)
        e.reject_unknown()

    condition = Condition(
        id=condition_id,
        name=f.text("name"),
        medical_name=f.text("medical_name", required=False),
        regions=regions,
        tissue=tissue,
        summary=f.text("summary"),
        in_short=_one_sentence(f, "in_short"),
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
        shows_crisis_line=f.flag("shows_crisis_line"),
    )
    f.reject_unknown()
    return condition


def _read_approval(f: Fields, sources: tuple[Source, ...]) -> Approval:
    a = f.table("approval")
    if a is None:
        return Approval("", None, "", ())
    status = a.choice("status", APPROVAL_STATUSES)
    year = a.integer("year", required=False)
    if status == "fda-approved" and year is None:
        a.fail("year", "missing: an FDA-approved use needs its approval year")
    elif status and status != "fda-approved" and year is not None:
        a.fail("year", f"only FDA-approved uses have an approval year (status is {status!r})")
    elif year is not None and not FIRST_APPROVAL_YEAR <= year <= today().year:
        a.fail("year", f"{year} is outside {FIRST_APPROVAL_YEAR}–{today().year}")
    approval = Approval(status, year, a.text("note"), source_ids(a, "source_ids", sources))
    a.reject_unknown()
    return approval


def _read_timings(f: Fields, approval: Approval, sources: tuple[Source, ...]) -> dict[str, Timing]:
    """The ``[timing]`` table: each figure, in order, with the label's
    re-treatment interval for an FDA-approved use."""
    timing: dict[str, Timing] = {}
    t = f.table("timing")
    if t is None:
        return timing
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
    return timing


def read_tour(data: dict, rel: str, problems: list[Problem]) -> Tour:
    f = Fields(data, rel, "", problems)
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


def read_other_uses(data: dict, rel: str, problems: list[Problem]) -> tuple[OtherUse, ...]:
    f = Fields(data, rel, "", problems)
    sources = read_sources(f, required=True)
    uses: list[OtherUse] = []
    for u in f.tables("uses", "expected [[uses]] tables", minimum=0):
        use_id = _read_id(u)
        if use_id and any(x.id == use_id for x in uses):
            u.fail("id", f"duplicate id {use_id!r}")
        uses.append(
            OtherUse(
                id=use_id,
                name=u.text("name"),
                text=u.text("text"),
                everyday_words=_everyday_words(u, required=True),
                source_ids=source_ids(u, "source_ids", sources),
                sources=sources,
            )
        )
        u.reject_unknown()
    f.date("last_reviewed")
    f.reject_unknown()
    return tuple(uses)


def read_site(data: dict, rel: str, problems: list[Problem]) -> Site:
    f = Fields(data, rel, "", problems)
    sources = read_sources(f, required=True)
    site = Site(
        title=f.text("title"),
        tagline=f.text("tagline"),
        intro=f.text("intro"),
        boxed_warning_sentences=_warning_sentences(f),
        boxed_warning_short=f.text("boxed_warning_short"),
        boxed_warning_source_ids=source_ids(f, "boxed_warning_source_ids", sources),
        disclaimer=f.text("disclaimer"),
        sources=sources,
        last_reviewed=f.date("last_reviewed"),
        crisis=_read_crisis(f, sources),
        file=rel,
        before_you_have_it=_safety_items(
            f,
            sources,
            required="the items every use shares (allergy, infection, medicines…)",
            shared=True,
        ),
    )
    f.reject_unknown()
    return site


def _read_crisis(f: Fields, sources: tuple[Source, ...]) -> Crisis | None:
    c = f.table("crisis", required=False)
    if c is None:
        return None
    crisis = Crisis(
        text=c.text("text"),
        everyday_words=_everyday_words(c, required=True),
        source_ids=source_ids(c, "source_ids", sources),
    )
    c.reject_unknown()
    return crisis


def _read_timing(f: Fields, sources: tuple[Source, ...], retreatment: bool = False) -> Timing:
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
        ids = source_ids(f, "source_ids", sources, required=False)
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
        f.fail("min", f"min ({format_number(low)}) is greater than max ({format_number(high)})")
    unit = f.choice("unit", TIME_UNITS)
    ids = source_ids(f, "source_ids", sources)
    f.reject_unknown()
    return Timing(True, low, high, unit or None, note, ids)


def _check_timing_order(t: Fields, timing: dict[str, Timing]) -> None:
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
                f"{k2} ({_as_written(b)}) comes before {k1} ({_as_written(a)}): "
                "onset, peak and duration must not go backwards in time",
            )


def _as_written(timing: Timing) -> str:
    """A known figure as its file gives it, for a message: ``"1–2 weeks"``, ``"3 months"``."""
    low = format_number(timing.low)
    high = format_number(timing.high if timing.high is not None else timing.low)
    return f"{low if low == high else f'{low}–{high}'} {timing.unit}"


def _one_sentence(f: Fields, key: str) -> str:
    """Required text that is exactly one sentence, on one line, ending with a
    full stop (a condition's ``in_short``); empty, with a problem, if not."""
    raw = f.raw(key)
    if isinstance(raw, str) and ("\n" in raw or "\r" in raw):
        f.fail(key, "write it on one line: one sentence, without line breaks")
        return ""
    value = f.text(key)
    if not value:
        return ""
    if _SENTENCE_END_INSIDE.search(value):
        f.fail(key, f"{_start(value)!r} is more than one sentence: write one sentence")
        return ""
    if not value.endswith("."):
        f.fail(key, f"{_start(value)!r} should be one sentence ending with a full stop")
        return ""
    return value


def _start(text: str, most: int = 40) -> str:
    """The start of ``text``, to name it in a message."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _read_steps(f: Fields) -> tuple[Step, ...]:
    expected = f"expected exactly {MECHANISM_STEPS} [[steps]] tables, one per scene of the picture"
    raw = f.raw("steps")
    if isinstance(raw, list) and len(raw) != MECHANISM_STEPS:
        f.fail("steps", expected)
        return ()
    steps = []
    for s in f.tables("steps", expected):
        title, text = s.text("title"), s.text("text")
        s.reject_unknown()
        steps.append(Step(title, text))
    return tuple(steps)


def _everyday_words(f: Fields, required: bool) -> tuple[str, ...]:
    """Search phrases: short (their limit), lowercase-insensitive unique."""
    words = f.texts("everyday_words", required=required)
    seen: set[str] = set()
    for w in words:
        if w.casefold() in seen:
            f.fail("everyday_words", f"{w!r} is listed twice")
        seen.add(w.casefold())
    return words


def _safety_items(
    f: Fields, sources: tuple[Source, ...], required: str = "", shared: bool = False
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
        items.append(
            SafetyItem(
                kind=kind,
                text=b.text("text"),
                source_ids=source_ids(b, "source_ids", sources),
                label_section=b.text("label_section", required=False),
                short=short,
            )
        )
        b.reject_unknown()
    return tuple(items)


def _warning_sentences(f: Fields) -> tuple[WarningSentence, ...]:
    expected = "expected [[boxed_warning]] tables, one per sentence of the label's boxed warning"
    sentences = []
    for w in f.tables("boxed_warning", expected):
        sentences.append(WarningSentence(w.text("plain"), w.text("label")))
        w.reject_unknown()
    return tuple(sentences)


def _questions(f: Fields) -> tuple[str, ...]:
    questions = f.texts("questions")
    if questions and len(questions) < MIN_QUESTIONS:
        f.fail("questions", f"give at least {MIN_QUESTIONS} questions")
    for q in questions:
        if not q.endswith(QUESTION_MARKS):
            f.fail("questions", f"{q!r} should be a question ending with '?'")
    return questions
