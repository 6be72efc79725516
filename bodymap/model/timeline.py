"""What the timeline and comparison charts show, worked out from content alone.

Pure functions, no Streamlit or Plotly: every figure on a chart comes from a
condition's ``[timing]`` tables, and a figure the sources don't give stays
"not known" instead of being drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from bodymap.model.content import (
    DAYS_PER_UNIT,
    TIME_UNITS,
    Condition,
    Content,
    Timing,
)

# Plain-words name of each phase, top to bottom on the timeline.
PHASE_LABELS = {
    "onset": "Starts to work",
    "peak": "Strongest effect",
    "duration": "Wears off after",
    "retreatment": "Earliest repeat",
}
NOT_KNOWN = "not known"
# A re-treatment interval the label doesn't set: not "any time", but "when it wears off".
NOT_ESTABLISHED = "no minimum wait, repeat when it wears off"

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


def _phase(key: str, timing: Timing) -> Phase:
    if timing.known:
        text = timing.describe()
    else:
        text = NOT_KNOWN if timing.established else NOT_ESTABLISHED
    return Phase(
        key=key,
        label=PHASE_LABELS[key],
        known=timing.known,
        low_days=timing.low_days,
        high_days=timing.high_days,
        text=text,
        source_ids=timing.source_ids if timing.known else (),
        unit=timing.unit if timing.known else None,
    )


def words_on_axis(phase: Phase, unit: str) -> str:
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
    span = str(low) if low == high else f"{low}–{high}"
    return f"{phase.text} (about {span} {unit})"


def phases(condition: Condition) -> tuple[Phase, ...]:
    """The four timeline rows of a condition, in the order they happen."""
    return tuple(_phase(key, condition.timing[key]) for key in PHASE_LABELS)


def axis_unit(latest_days: float) -> str:
    """The time unit that suits an axis reaching ``latest_days``."""
    if latest_days <= _DAYS_UP_TO:
        return "days"
    if latest_days <= _WEEKS_UP_TO:
        return "weeks"
    return "months"


def timeline_unit(condition: Condition) -> str:
    """The axis unit for a condition's timeline (months if nothing is known)."""
    latest = [p.high_days for p in phases(condition) if p.known]
    return axis_unit(max(latest)) if latest else "months"


def in_unit(days: float, unit: str) -> float:
    """``days`` expressed in ``unit``."""
    return days / DAYS_PER_UNIT[unit]


def timeline_sources(condition: Condition) -> tuple[int, ...]:
    """1-based numbers (in the condition's source list) of the sources behind
    the known figures on its timeline."""
    used = {sid for p in phases(condition) for sid in p.source_ids}
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


def comparison_rows(content: Content, order: str = ORDER_BY_DURATION) -> tuple[ComparisonRow, ...]:
    """Every condition once, top to bottom.

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
        by_key = {p.key: p for p in phases(c)}
        rows.append(
            ComparisonRow(
                condition_id=c.id,
                name=c.name,
                region_id=c.regions[0],
                region_label=labels[c.regions[0]],
                status=c.approval.status,
                badge=c.approval.badge(),
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
