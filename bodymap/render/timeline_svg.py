"""One condition's timeline as a static SVG string, built in pure Python.

The timeline never changes with a tap, so it needs no Plotly chart (issue 17:
no Plotly instance per timeline): a string of SVG is drawn once per content
version and language, cached, and shown as HTML. It shows what the Plotly
figure showed: one row per phase (its name and its figure in words, above
its mark), a range as a bar, a single figure as a diamond (the earliest
repeat as a downward triangle), the duration as a striped band after a thin
line for the time the treatment is working, and a time axis at the bottom.

The SVG scales to its column (a ``viewBox`` of fixed design width, no pixel
size), holds no script and no external reference, escapes every text, and is
the same string for the same input, so it can be cached and compared.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from bodymap.model.content import Condition
from bodymap.model.strings import Strings, cached_strings
from bodymap.model.timeline import Phase, in_unit, phases, timeline_unit, words_on_axis
from bodymap.render.palette import PALETTE
from bodymap.vocabulary import RIGHT_TO_LEFT

# Colours shared with the Plotly comparison chart (bodymap.render.charts).
WORKING_COLOUR = "#4F9099"  # the "still working" line: 3.6:1 on white, paler than the band
TEXT_COLOUR = PALETTE.label
MUTED_TEXT = "#5F6368"  # 6.0:1 on white
GRID_COLOUR = "#E3E7E8"
ZERO_LINE_COLOUR = "#9AA0A6"
STRIPE_COLOUR = "#FFFFFF"
FONT_FAMILY = "Source Sans, sans-serif"  # Streamlit's own font; nothing is downloaded

# The time axis's title, by its unit: keys of the interface texts.
AXIS_TITLES = {
    "days": "charts.axis_days",
    "weeks": "charts.axis_weeks",
    "months": "charts.axis_months",
}

# Languages written right to left (bodymap.vocabulary.RIGHT_TO_LEFT) have
# their labels start at the right edge. The plot itself (the time axis)
# always runs left to right, as in the comparison chart: see the README.

# The design: the panel's width on a 1024 px tablet. The SVG is scaled to its
# column, so on a 390 px phone everything shrinks together instead of
# overflowing sideways.
DESIGN_WIDTH = 460
PAD_LEFT = 8
PAD_RIGHT = 14  # room for half of the last tick's number
PAD_TOP = 6
LABEL_SIZE = 15
LINE_HEIGHT = 20
TICK_SIZE = 14  # no text under 14 units
MARK_GAP = 5  # between a row's words and its mark
MARK_SPACE = 22  # the height a row's mark takes
ROW_GAP = 9  # after each row
BAR_HEIGHT = 16  # a range's bar (about 0.3 of a Plotly row, as before)
WORKING_WIDTH = 6  # the "still working" line
DIAMOND = 10  # half the diamond's diagonal
TRIANGLE = 9  # half the triangle's width
STRIPE_SPACING = 8
STRIPE_WIDTH = 2.4  # 30 % of the spacing: the band's colour still dominates
LABEL_INDENT = 6  # words start this far right of the zero line
HALO = 3  # white outline behind words, so grid lines don't cross them

# Advance widths (in em) used to wrap long lines: those of DejaVu Sans, the
# usual fallback, which is wider than Source Sans. Wrapping a little early in
# Source Sans is harmless; running past the right edge (and being cut) is not.
_NARROW = set("ijl.,:;'!|")
_MID = set("frt()[] ")
_WIDE = set("mwMW—")
_BOLD = 1.13  # bold is this much wider
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class _Run:
    """Words in one style on one line of a label."""

    text: str
    style: str  # "bold", "plain" or "unknown" (italic, muted)


def _clean(text: str) -> str:
    """``text`` on one line, without characters XML can't hold (a stray
    control character in edited data must not make the SVG unreadable)."""
    return " ".join(_NOT_XML.sub("", text).split())


def _text(text: str) -> str:
    return escape(_clean(text))


def _attr(text: str) -> str:
    """A double-quoted attribute value."""
    return '"' + escape(_clean(text), {'"': "&quot;"}) + '"'


def _num(value: float) -> str:
    """A coordinate with at most two decimals, the same on every run."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _width(word: str, size: float, bold: bool) -> float:
    em = sum(
        0.3
        if c in _NARROW
        else 0.42
        if c in _MID
        else 1.0
        if c in _WIDE
        else 0.72
        if c.isupper()
        else 0.65
        for c in word
    )
    return em * size * (_BOLD if bold else 1.0)


def _wrap(runs: list[_Run], width: float, size: float = LABEL_SIZE) -> list[list[_Run]]:
    """The runs broken into lines no wider than ``width`` (by estimate),
    at spaces only; consecutive words of one style stay one run."""
    words = [(w, run.style) for run in runs for w in run.text.split()]
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    space = size * 0.33
    for word, style in words:
        w = _width(word, size, style == "bold")
        if lines[-1] and used + space + w > width:
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0.0) + w
        lines[-1].append((word, style))
    merged = []
    for line in lines:
        out: list[_Run] = []
        for word, style in line:
            if out and out[-1].style == style:
                out[-1] = _Run(f"{out[-1].text} {word}", style)
            else:
                out.append(_Run(word, style))
        merged.append(out)
    return merged


_RUN_STYLE = {
    "bold": ' font-weight="700"',
    "plain": "",
    "unknown": f' font-style="italic" fill="{MUTED_TEXT}"',
}


def _text_line(
    runs: list[_Run], x: float, y: float, direction: str, extra: str = "", anchor: str = "start"
) -> str:
    """One line of words: each run in its own isolated ``<tspan>``, so a
    right-to-left language orders the name and the figure as it should."""
    spans = " ".join(
        f'<tspan unicode-bidi="isolate"{_RUN_STYLE[r.style]}>{_text(r.text)}</tspan>' for r in runs
    )
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" direction="{direction}" text-anchor="{anchor}"'
        f"{extra}>{spans}</text>"
    )


def _dtick(span: float) -> int:
    """Whole-unit tick spacing giving at most about 12 ticks."""
    return max(1, math.ceil(span / 12))


def _pattern_id(condition_id: str) -> str:
    """An id for the stripes unique to this condition's SVG (several may
    share a page): readable, XML-safe, and with a digest of the raw id so two
    ids that clean up alike still differ."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", condition_id).strip("-")[:40] or "x"
    digest = hashlib.blake2b(condition_id.encode("utf-8", "replace"), digest_size=3).hexdigest()
    return f"tl-stripes-{slug}-{digest}"


def _is_rtl(strings: Strings) -> bool:
    return strings.lang.split("-")[0].lower() in RIGHT_TO_LEFT


def _label_runs(phase: Phase, unit: str, strings: Strings) -> list[_Run]:
    name = _Run(f"{phase.label}:", "bold")
    if phase.known:
        return [name, _Run(words_on_axis(phase, unit, strings), "plain")]
    return [name, _Run(phase.text, "unknown")]


def _summary(condition: Condition, rows: tuple[Phase, ...], unit: str, strings: Strings) -> str:
    """The timeline in words, for a screen reader (the picture is one image)."""
    parts = [f"{condition.name} – {strings('timeline.heading')}."]
    for phase in rows:
        words = words_on_axis(phase, unit, strings) if phase.known else phase.text
        parts.append(f"{phase.label}: {words}.")
    if not any(p.known for p in rows):
        parts.append(strings("charts.no_times"))
    return " ".join(_clean(p) for p in parts)


class _Axis:
    """Where a time on the axis sits across the design width."""

    def __init__(self, span: float):
        self.low, self.high = -span * 0.02, span  # a little room left of zero
        self.left, self.right = PAD_LEFT, DESIGN_WIDTH - PAD_RIGHT

    def x(self, value: float) -> float:
        return self.left + (value - self.low) / (self.high - self.low) * (self.right - self.left)


def _marks(
    phase: Phase, y: float, unit: str, start: float | None, axis: _Axis, pattern: str
) -> list[str]:
    """The shapes of one known phase, centred on ``y``. A duration gets a
    line from ``start`` (the onset) while it is working, only if the onset is
    known: no line is drawn from a guess."""
    low, high = in_unit(phase.low_days, unit), in_unit(phase.high_days, unit)
    tag = f'data-phase="{escape(phase.key)}"'
    out = []
    if phase.key == "duration" and start is not None and start < low:
        out.append(
            f'<line {tag} data-mark="working" x1="{_num(axis.x(start))}" y1="{_num(y)}"'
            f' x2="{_num(axis.x(low))}" y2="{_num(y)}" stroke="{WORKING_COLOUR}"'
            f' stroke-width="{WORKING_WIDTH}"/>'
        )
    if phase.is_range:
        x0, x1 = axis.x(low), axis.x(high)
        fill = f"url(#{pattern})" if phase.key == "duration" else PALETTE.accent
        out.append(
            f'<rect {tag} data-mark="range" x="{_num(x0)}" y="{_num(y - BAR_HEIGHT / 2)}"'
            f' width="{_num(x1 - x0)}" height="{BAR_HEIGHT}" fill="{fill}"/>'
        )
        return out
    x = axis.x(low)
    if phase.key == "retreatment":  # "not before": a triangle pointing down at the time
        shape, points = (
            "triangle",
            [
                (x - TRIANGLE, y - TRIANGLE * 0.8),
                (x + TRIANGLE, y - TRIANGLE * 0.8),
                (x, y + TRIANGLE * 0.9),
            ],
        )
    else:
        d = DIAMOND
        shape, points = "diamond", [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    coords = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
    out.append(f'<polygon {tag} data-mark="{shape}" points="{coords}" fill="{PALETTE.accent}"/>')
    return out


def build_timeline_svg(condition: Condition, strings: Strings | None = None) -> str:
    """The expected course after one treatment, as one self-contained ``<svg>``.

    One row per phase: its name and figure in words (a phase the sources
    don't give is written, in italics, and not drawn), then its mark on a
    time axis in whole units. A range is a bar, a single figure a diamond
    (the earliest repeat a downward triangle); the duration is a striped band
    after a line for the time it is working (only from a known onset). The
    words come from ``strings`` (default: the English catalog); the image
    carries the same content in words as its accessible name.
    """
    strings = strings or cached_strings()
    rows = phases(condition, strings)
    unit = timeline_unit(condition)
    known = [p for p in rows if p.known]
    latest = max((in_unit(p.high_days, unit) for p in known), default=6.0)
    span = max(latest * 1.12, 1.0)
    onset = next((p for p in rows if p.key == "onset" and p.known), None)
    start = in_unit(onset.low_days, unit) if onset else None
    axis = _Axis(span)
    pattern = _pattern_id(condition.id)
    direction = "rtl" if _is_rtl(strings) else "ltr"
    # Words start just right of the zero line (left to right), so it never
    # crosses their first letter; right to left, they start at the right edge.
    text_left = axis.x(0) + LABEL_INDENT
    text_x = DESIGN_WIDTH - PAD_LEFT if direction == "rtl" else text_left
    text_width = DESIGN_WIDTH - PAD_LEFT - text_left
    halo = f' stroke="#FFFFFF" stroke-width="{HALO}" stroke-linejoin="round" paint-order="stroke"'

    labels: list[str] = []
    marks: list[str] = []
    y = PAD_TOP
    for phase in rows:
        lines = _wrap(_label_runs(phase, unit, strings), text_width)
        labels.append(
            f'<g data-phase="{escape(phase.key)}" data-known="{str(phase.known).lower()}">'
        )
        for line in lines:
            y += LINE_HEIGHT
            labels.append(_text_line(line, text_x, y - 5, direction, halo))
        labels.append("</g>")
        if phase.known:
            centre = y + MARK_GAP + MARK_SPACE / 2
            marks += _marks(phase, centre, unit, start, axis, pattern)
            y += MARK_GAP + MARK_SPACE
        y += ROW_GAP
    if not known:
        note = [_Run(strings("charts.no_times"), "unknown")]
        labels.append('<g data-note="no-times">')
        for line in _wrap(note, text_width):
            y += LINE_HEIGHT
            labels.append(_text_line(line, text_x, y - 5, direction, halo))
        labels.append("</g>")
        y += ROW_GAP
    plot_bottom = y

    step = _dtick(span)
    ticks = [k * step for k in range(int(span // step) + 1)]
    grid, numbers = [], []
    for value in ticks:
        x = _num(axis.x(value))
        colour, width = (ZERO_LINE_COLOUR, 2) if value == 0 else (GRID_COLOUR, 1)
        grid.append(
            f'<line data-tick="{value}" x1="{x}" y1="0" x2="{x}" y2="{_num(plot_bottom)}"'
            f' stroke="{colour}" stroke-width="{width}"/>'
        )
        numbers.append(
            f'<text data-tick="{value}" x="{x}" y="{_num(plot_bottom + 18)}"'
            f' text-anchor="middle">{value}</text>'
        )
    title_runs = [_Run(strings(AXIS_TITLES[unit]), "plain")]
    height = plot_bottom + 48
    summary = _summary(condition, rows, unit, strings)
    stripes = (
        f'<pattern id="{pattern}" patternUnits="userSpaceOnUse" width="{STRIPE_SPACING}"'
        f' height="{STRIPE_SPACING}" patternTransform="rotate(45)">'
        f'<rect width="{STRIPE_SPACING}" height="{STRIPE_SPACING}" fill="{PALETTE.accent}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{STRIPE_SPACING}" stroke="{STRIPE_COLOUR}"'
        f' stroke-width="{STRIPE_WIDTH * 2}"/></pattern>'
    )
    parts = [
        # The opening tag alone on its line: st.markdown then passes the
        # whole string through as one block of HTML (no blank line follows).
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {DESIGN_WIDTH} {_num(height)}"'
        f' width="100%" role="img" aria-label={_attr(summary)}'
        f' font-family="{FONT_FAMILY}" font-size="{LABEL_SIZE}" fill="{TEXT_COLOUR}"'
        ' style="display:block;width:100%;height:auto;max-width:100%">',
        f"<title>{_text(summary)}</title>",
        f"<defs>{stripes}</defs>",
        f'<rect width="{DESIGN_WIDTH}" height="{_num(height)}" fill="{PALETTE.background}"/>',
        # The plot runs left to right in every language: time goes that way.
        '<g data-part="plot" direction="ltr">',
        *grid,
        *marks,
        f'<g data-part="ticks" font-size="{TICK_SIZE}">',
        *numbers,
        "</g>",
        "</g>",
        '<g data-part="labels">',
        *labels,
        "</g>",
        _text_line(
            title_runs,
            (axis.left + axis.right) / 2,
            plot_bottom + 40,
            direction,
            f' data-part="axis-title" font-size="{TICK_SIZE}"',
            anchor="middle",
        ),
        "</svg>",
    ]
    return "\n".join(parts)
