"""Small statistics and the Markdown tables the benchmarks print."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0–100, got {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    """n, median, 95th percentile, mean and maximum of some timings."""

    n: int
    p50: float
    p95: float
    mean: float
    max: float

    def as_dict(self) -> dict[str, float]:
        """Plain numbers, rounded for JSON."""
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def summarize(values: Sequence[float]) -> Summary:
    """Summary of a non-empty list of numbers."""
    return Summary(
        n=len(values),
        p50=percentile(values, 50),
        p95=percentile(values, 95),
        mean=sum(values) / len(values),
        max=max(values),
    )


@dataclass(frozen=True)
class Budget:
    """A target from issue 6: ``measured`` must be at most ``limit``."""

    name: str
    measured: float
    limit: float
    unit: str
    strict: bool = False  # "<" rather than "<="

    @property
    def met(self) -> bool:
        """Whether the measurement is within the budget."""
        return self.measured < self.limit if self.strict else self.measured <= self.limit


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; numbers as given (format them first)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {row!r} has {len(row)} cells, expected {len(headers)}")
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines)


def number(value: float, unit: str = "") -> str:
    """A figure for a table: 3 significant digits at most, then the unit."""
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def budget_table(budgets: Sequence[Budget]) -> str:
    """One row per budget: measured, limit, met or not met."""
    rows = [
        (
            b.name,
            number(b.measured, b.unit),
            ("< " if b.strict else "≤ ") + number(b.limit, b.unit),
            "met" if b.met else "**not met**",
        )
        for b in budgets
    ]
    return markdown_table(("budget", "measured", "limit", "result"), rows)
