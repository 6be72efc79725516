"""Read the map's highlight CSS (bodymap.render.map_figure.highlight_css) back against
the chart's own traces, the way the browser applies it: a rule names a
subplot and a trace's place among that subplot's traces."""

from __future__ import annotations

import re

FILL_RULE = re.compile(
    r"g\.subplot\.(x\d*)y\d* \.scatterlayer > g\.trace:nth-child\((\d+)\) "
    r"path\.js-fill \{fill: (#[0-9A-Fa-f]{6}) !important;\}"
)
LABEL_RULE = re.compile(
    r"g\.subplot\.(x\d*)y\d* \.scatterlayer > g\.trace:nth-child\((\d+)\) "
    r"g\.textpoint:nth-child\((\d+)\) text \{fill: (#[0-9A-Fa-f]{6}) !important;\}"
)


def _by_axis(traces: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for trace in traces:
        grouped.setdefault(trace.get("xaxis") or "x", []).append(trace)
    return grouped


def painted_regions(traces: list[dict], css: str, colour: str) -> set[str]:
    """Names of the filled region traces that ``css`` paints in ``colour``."""
    grouped = _by_axis(traces)
    painted = set()
    for axis, place, fill in FILL_RULE.findall(css):
        trace = grouped[axis][int(place) - 1]
        assert trace.get("fill") == "toself", f"a fill rule on {trace.get('name')!r}"
        if fill.upper() == colour.upper():
            painted.add(trace["name"])
    return painted


def recoloured_labels(traces: list[dict], css: str) -> dict[tuple[str, str], str]:
    """(axis, label text) → colour for each label ``css`` recolours."""
    grouped = _by_axis(traces)
    out = {}
    for axis, place, point, fill in LABEL_RULE.findall(css):
        trace = grouped[axis][int(place) - 1]
        assert trace.get("name") == "labels", f"a label rule on {trace.get('name')!r}"
        out[(axis, trace["text"][int(point) - 1])] = fill
    return out
