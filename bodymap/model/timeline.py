"""What the timeline and comparison charts show, worked out from content alone.

Pure functions, no Streamlit or Plotly: every figure on a chart comes from a
condition's ``[timing]`` tables, and a figure the sources don't give stays
"not known" instead of being drawn. The words (the rows' names, "not known",
the units) come from the interface catalog the caller passes in.
"""

from __future__ import annotations

from dataclasses import dataclass

from bodymap.model.content import (
    DAYS_PER_UNIT,
    TIME_UNITS,
    TIMING_KEYS,
    Condition,
    Content,
    Timing,
    format_number,
)
from bodymap.model.strings import Strings

# The name of each phase, top to bottom on the timeline: keys of the interface texts.
PHASE_LABELS = {
    "onset": "timeline.onset",
    "peak": "timeline.peak",
    "duration": "timeline.duration",
    "retreatment": "timeline.retreatment",
}
# A figure in each unit: keys of the interface texts, each with its plural
# forms beside it ("units.days_one"; Arabic also _two, _few, _many: Strings.plural).
UNIT_WORDS = {
    "hours": "units.hours",
    "days": "units.days",
    "weeks": "units.weeks",
    "months": "units.months",
}

# The axis unit is the largest one that still leaves a few whole ticks.
_DAYS_UP_TO = 21  # days on the axis when nothing is later than 3 weeks
_WEEKS_UP_TO = 70  # weeks up to 10 weeks; months beyond


@dataclass(frozen=True)
class Phase:
    """One row of a timeline: where it sits on the time axis, if known."""

    key: str
    label: str
    known: bool
    low_days: float | None
    high_days: float | None
    text: str  # the figure in words ("3–4 months"), or why there is none
    source_ids: tuple[str, ...]
    unit: str | None = None  # the unit the source gives the figure in

    @property
    def is_range(self) -> bool:
        """A range (two figures) rather than a single figure."""
        return self.known and self.high_days != self.low_days


def figure_words(low: str, high: str, unit: str, strings: Strings) -> str:
    """A figure (written numbers) with its unit: ``"1 week"``, ``"3–4 months"``."""
    value = low if low == high else strings("units.range", low=low, high=high)
    return strings.plural(UNIT_WORDS[unit], value)


def timing_words(timing: Timing, strings: Strings) -> str:
    """The figure in words, e.g. ``"1–2 weeks"``, ``"12 weeks"`` or ``"Not known"``."""
    if not timing.known or timing.low is None or timing.unit is None:
        return strings("timeline.not_known")
    high = timing.high if timing.high is not None else timing.low
    return figure_words(format_number(timing.low), format_number(high), timing.unit, strings)


def _phase(key: str, timing: Timing, strings: Strings) -> Phase:
    if timing.known:
        text = timing_words(timing, strings)
    elif timing.established:
        text = strings("timeline.figure_not_known")
    else:
        # A re-treatment interval the label doesn't set: not "any time", but "when it wears off".
        text = strings("timeline.figure_not_established")
    return Phase(
        key=key,
        label=strings(PHASE_LABELS[key]),
        known=timing.known,
        low_days=timing.low_days,
        high_days=timing.high_days,
        text=text,
        source_ids=timing.source_ids if timing.known else (),
        unit=timing.unit if timing.known else None,
    )


def starts_and_lasts(condition: Condition, strings: Strings) -> str:
    """The timing of a compact card in words: ``"Starts in 1–2 weeks · lasts
    3–4 months"``; a figure the sources don't give is said to be not known,
    and a long duration is also given in months."""
    onset, duration = condition.timing["onset"], condition.timing["duration"]
    starts = (
        strings("card.starts", figure=timing_words(onset, strings))
        if onset.known
        else strings("card.starts_not_known")
    )
    # "205 days (about 7 months)", as on the comparison's month axis.
    in_months = words_on_axis(_phase("duration", duration, strings), "months", strings)
    lasts = (
        strings("card.lasts", figure=in_months)
        if duration.known
        else strings("card.lasts_not_known")
    )
    return strings("card.timing", starts=starts, lasts=lasts)


def words_on_axis(phase: Phase, unit: str, strings: Strings) -> str:
    """The phase in words, plus a rounded conversion when the source's unit is
    smaller than the axis's and the figure is at least about 2 axis units:
    "205 days (about 7 months)", so nobody has to divide by 30."""
    if not phase.known or phase.unit is None or phase.unit == unit:  # also "not known"
        return phase.text
    if TIME_UNITS.index(phase.unit) > TIME_UNITS.index(unit):
        return phase.text
    low, high = round(in_unit(phase.low_days, unit)), round(in_unit(phase.high_days, unit))
    if low < 2:
        return phase.text
    converted = figure_words(str(low), str(high), unit, strings)
    return strings("timeline.about", figure=phase.text, converted=converted)


def phases(condition: Condition, strings: Strings) -> tuple[Phase, ...]:
    """The four timeline rows of a condition, in the order they happen, in
    the words of ``strings``."""
    return tuple(_phase(key, condition.timing[key], strings) for key in TIMING_KEYS)


def axis_unit(latest_days: float) -> str:
    """The time unit that suits an axis reaching ``latest_days``."""
    if latest_days <= _DAYS_UP_TO:
        return "days"
    if latest_days <= _WEEKS_UP_TO:
        return "weeks"
    return "months"


def _known(condition: Condition) -> list[Timing]:
    return [t for t in (condition.timing[key] for key in TIMING_KEYS) if t.known]


def timeline_unit(condition: Condition) -> str:
    """The axis unit for a condition's timeline (months if nothing is known)."""
    latest = [t.high_days for t in _known(condition)]
    return axis_unit(max(latest)) if latest else "months"


def in_unit(days: float, unit: str) -> float:
    """``days`` expressed in ``unit``."""
    return days / DAYS_PER_UNIT[unit]


def timeline_sources(condition: Condition) -> tuple[int, ...]:
    """1-based numbers (in the condition's source list) of the sources behind
    the known figures on its timeline."""
    used = {sid for t in _known(condition) for sid in t.source_ids}
    return tuple(i for i, s in enumerate(condition.sources, start=1) if s.id in used)


# ------------------------------------------------------------------ comparison

ORDER_BY_DURATION = "duration"
ORDER_BY_REGION = "region"
COMPARISON_ORDERS = (ORDER_BY_DURATION, ORDER_BY_REGION)


@dataclass(frozen=True)
class ComparisonRow:
    """One condition on the comparison chart (or, with no condition, a heading)."""

    condition_id: str | None
    name: str
    region_id: str
    region_label: str
    status: str
    badge: str
    onset: Phase | None  # None on a heading row
    duration: Phase | None

    @property
    def is_heading(self) -> bool:
        """A body-area heading (in the by-region order), not a condition."""
        return self.condition_id is None


def comparison_rows(
    content: Content, strings: Strings, order: str = ORDER_BY_DURATION
) -> tuple[ComparisonRow, ...]:
    """Every condition once, top to bottom, in the words of ``strings``.

    ``"duration"``: longest-lasting first, conditions with no known duration
    last. ``"region"``: grouped under their first body area (picker order),
    each group preceded by a heading row, longest-lasting first within it.
    """
    if order not in COMPARISON_ORDERS:
        raise ValueError(f"order must be one of {COMPARISON_ORDERS}, not {order!r}")
    labels = content.region_labels()
    region_rank = {rid: i for i, rid in enumerate(content.region_ids())}
    rows = []
    for c in content.conditions:
        by_key = {p.key: p for p in phases(c, strings)}
        rows.append(
            ComparisonRow(
                condition_id=c.id,
                name=c.name,
                region_id=c.regions[0],
                region_label=labels[c.regions[0]],
                status=c.approval.status,
                badge=c.approval.badge(strings),
                onset=by_key["onset"],
                duration=by_key["duration"],
            )
        )

    def longest_first(row: ComparisonRow):
        d = row.duration
        if not d.known:
            return (1, 0.0, row.name)
        return (0, -(d.low_days + d.high_days) / 2, row.name)

    if order == ORDER_BY_DURATION:
        return tuple(sorted(rows, key=longest_first))
    grouped: list[ComparisonRow] = []
    for rid in sorted({r.region_id for r in rows}, key=region_rank.__getitem__):
        members = sorted((r for r in rows if r.region_id == rid), key=longest_first)
        grouped.append(ComparisonRow(None, labels[rid], rid, labels[rid], "", "", None, None))
        grouped += members
    return tuple(grouped)
