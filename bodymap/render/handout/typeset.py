"""The handout's typesetter: styled text into rows of a page.

Text comes in as spans (a stretch of text in one style, perhaps an address),
is split into words, broken into lines (a word wider than a line is broken,
never cut) and set as rows: unbreakable strips of a page that hold text runs,
paints (pictures, rules, bullets) and links, with coordinates relative to the
row's top. Paragraphs, list items, headings, rules and stacks of rows are
built here; sharing rows out between pages is ``layout``'s job.

In a right-to-left handout (``direction``) lines are still broken in logical
order; each line is then one text run, put in visual order (Arabic right to
left, a Latin word or a figure left to right inside it) as pieces of one
style and one direction. Rows are laid out as if left to right: ``layout``
mirrors each page when it draws it, so a line's run lands against the right
margin, and the pieces keep their own order inside it.
"""

from __future__ import annotations

import bisect
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from bodymap.render import arabic_text
from bodymap.render.handout.bounds import check_time
from bodymap.render.handout.direction import as_drawn, right_to_left
from bodymap.render.handout.paper import BODY, HEADING, INK, NBSP, RULE, Style
from bodymap.render.pillow_text import draw_text, drawable, font

if TYPE_CHECKING:
    from bodymap.render.handout.body_picture import RegionPicture


@dataclass(frozen=True)
class Piece:
    """Part of a right-to-left line: one style, one direction. ``dx`` is from
    the left edge of its line as seen on the page; ``text`` is in logical
    order (``arabic_text.draw_run`` orders it)."""

    dx: float
    text: str
    rtl: bool
    size: int
    bold: bool
    colour: str
    width: float
    url: str | None = None


@dataclass(frozen=True)
class TextRun:
    """One piece of text drawn on a page.

    ``x`` and ``baseline`` are page pixels; ``text`` is as written (the PDF's
    text layer), ``drawn`` is what the built-in font drew, ``width`` its width.
    A right-to-left line is one run with ``pieces``, drawn piece by piece
    (``text`` and ``drawn`` are then the whole line in logical order).
    """

    x: float
    baseline: float
    text: str
    drawn: str
    size: int
    bold: bool
    colour: str
    width: float
    pieces: tuple[Piece, ...] = ()


@dataclass(frozen=True)
class LinkArea:
    """A clickable area of a page (pixels: left, top, right, bottom) and its address."""

    box: tuple[float, float, float, float]
    url: str


Paint = Callable[[ImageDraw.ImageDraw, Image.Image, float], None]


@dataclass
class Row:
    """An unbreakable strip of a page. Coordinates inside are relative to its top."""

    height: float
    runs: list[TextRun] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    links: list[LinkArea] = field(default_factory=list)
    keep_with_next: bool = False
    discardable: bool = False  # blank space: dropped at the top of a page
    box: Box | None = None  # the framed box this row belongs to
    picture: tuple[tuple[int, int, int, int], RegionPicture] | None = None


@dataclass(eq=False)
class Box:
    """A framed area (the boxed warning), drawn around the rows that belong to it."""

    left: float
    right: float
    fill: str
    outline: str
    width: int


def space(height: float, keep: bool = False) -> Row:
    """Blank space (dropped at the top of a page)."""
    return Row(height, discardable=True, keep_with_next=keep)


def place(rows: Sequence[Row], top: float = 0.0) -> list[tuple[Row, float]]:
    """Rows one below the other from ``top``: each with its top."""
    placed, y = [], top
    for row in rows:
        placed.append((row, y))
        y += row.height
    return placed


def rows_height(rows: Iterable[Row]) -> float:
    return sum(r.height for r in rows)


def paint_rows(
    draw: ImageDraw.ImageDraw,
    image: Image.Image,
    placed: Sequence[tuple[Row, float]],
    text: bool = True,
) -> None:
    """Draw rows at their tops: boxes first, then pictures and rules, then
    text (unless ``text`` is False: a mirrored page draws it after mirroring)."""
    boxes: dict[int, tuple[Box, float, float]] = {}
    for row, top in placed:
        if row.box is not None:
            box, start, _ = boxes.get(id(row.box), (row.box, top, top))
            boxes[id(row.box)] = (box, start, top + row.height)
    for box, start, end in boxes.values():
        draw.rectangle(
            (box.left, start, box.right, end), fill=box.fill, outline=box.outline, width=box.width
        )
    for row, top in placed:
        for paint in row.paints:
            paint(draw, image, top)
    if text:
        for row, top in placed:
            draw_runs(draw, row.runs, top)


def draw_runs(draw: ImageDraw.ImageDraw, runs: Iterable[TextRun], top: float = 0.0) -> None:
    """Draw text runs whose baselines are ``top`` lower on the page."""
    for run in runs:
        if run.pieces:
            for p in run.pieces:
                xy = (run.x + p.dx, top + run.baseline)
                arabic_text.draw_run(draw, xy, p.text, p.size, p.colour, p.bold, p.rtl)
        else:
            draw_text(
                draw, (run.x, top + run.baseline), run.drawn, run.size, run.colour, "ls", run.bold
            )


def shift_runs(runs: Iterable[TextRun], dy: float) -> list[TextRun]:
    return [replace(r, baseline=r.baseline + dy) for r in runs]


def shift_links(links: Iterable[LinkArea], dy: float) -> list[LinkArea]:
    out = []
    for link in links:
        x0, y0, x1, y1 = link.box
        out.append(LinkArea((x0, y0 + dy, x1, y1 + dy), link.url))
    return out


# ------------------------------------------------------------------ text into lines


@dataclass(frozen=True)
class Span:
    """A stretch of text in one style; ``url`` spans may break anywhere and become links."""

    text: str
    style: Style = BODY
    url: bool = False


@dataclass(frozen=True)
class Word:
    text: str
    style: Style
    url: str | None
    space_after: bool  # False: the next word continues this one (a broken address)

    @property
    def drawn(self) -> str:
        return as_drawn(self.text)

    @property
    def width(self) -> float:
        return self.style.width(self.drawn)


def split_words(spans: Iterable[Span]) -> list[Word]:
    """The words of ``spans``; an address is one word."""
    words = []
    for span in spans:
        if span.url:
            words.append(Word(span.text, span.style, span.text, True))
        else:
            # Plain spaces only: a no-break space keeps "[1, 2]" in one piece.
            words += [Word(w, span.style, None, True) for w in span.text.split(" ") if w]
    return words


_BREAK_AFTER = "/?&=-_.#,;:"


def _split(word: Word, first: float, full: float) -> list[Word]:
    """Break a word too wide for a line into pieces: the first fits in ``first``
    px, the others in ``full``. Prefers breaking an address after / ? & = - ."""
    pieces, rest, room = [], word.text, first
    while rest:
        check_time()
        # Grow the piece a letter at a time (never measuring the whole rest:
        # a huge word would make that quadratic).
        fit = 1
        while fit < len(rest) and word.style.width(as_drawn(rest[: fit + 1])) <= room:
            fit += 1
        if fit == len(rest):  # the rest fits (or is one letter)
            pieces.append(rest)
            break
        cut = fit
        nice = max((i + 1 for i in range(fit) if rest[i] in _BREAK_AFTER), default=0)
        if nice >= fit * 0.6:
            cut = nice
        pieces.append(rest[:cut])
        rest, room = rest[cut:], full
    last = len(pieces) - 1
    return [
        Word(p, word.style, word.url, word.space_after if i == last else False)
        for i, p in enumerate(pieces)
    ]


def break_lines(words: list[Word], width: float) -> list[list[Word]]:
    """Greedy line breaking; a word wider than a line is broken, never cut."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    queue = deque(words)  # popped from the left: a list would make long text quadratic
    while queue:
        check_time()
        word = queue.popleft()
        line = lines[-1]
        gap = word.style.width(" ") if line and line[-1].space_after else 0.0
        if used + gap + word.width <= width:
            line.append(word)
            used += gap + word.width
        elif word.width <= width:
            lines.append([word])
            used = word.width
        else:  # wider than any line: break it, starting on this line if there is room
            room = width - used - gap if line else width
            if room < width * 0.25:
                lines.append([])
                room = width
            first, *rest = _split(word, room, width)
            lines[-1].append(first)
            used = width  # the next piece starts a new line
            queue.extendleft(reversed(rest))
    return [line for line in lines if line]


def _groups(line: list[Word]) -> list[list[Word]]:
    """The words of a line in runs of one style (and one address)."""
    groups: list[list[Word]] = []
    for word in line:
        prev = groups[-1][-1] if groups else None
        if prev is not None and prev.style == word.style and prev.url == word.url:
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def line_row(line: list[Word], x: float, rtl: bool = True) -> Row:
    """One line of words as a row: same-style neighbours become one text run
    (in a right-to-left handout the whole line is one run, in a paragraph of
    direction ``rtl``)."""
    height = max(w.style.leading for w in line)
    asc, desc = font(max(w.style.size for w in line)).getmetrics()
    baseline = round((height - (asc + desc)) / 2 + asc)
    groups = _groups(line)
    if right_to_left():
        return _rtl_line_row(groups, x, baseline, height, rtl)
    runs: list[TextRun] = []
    links: list[LinkArea] = []
    cursor = x
    for i, group in enumerate(groups):
        text = drawn = ""
        for j, w in enumerate(group):
            sep = " " if j and group[j - 1].space_after else ""
            text, drawn = text + sep + w.text.replace(NBSP, " "), drawn + sep + w.drawn
        style = group[0].style
        width = style.width(drawn)
        runs.append(
            TextRun(cursor, baseline, text, drawn, style.size, style.bold, style.colour, width)
        )
        if group[0].url:
            links.append(LinkArea((cursor, 0, cursor + width, height), group[0].url))
        cursor += width
        if i + 1 < len(groups) and group[-1].space_after:
            cursor += style.width(" ")
    return Row(height, runs, links=links)


@dataclass(frozen=True)
class _Segment:
    """Text of a right-to-left line in one style (and perhaps an address)."""

    text: str
    style: Style
    url: str | None = None


def _rtl_line_row(
    groups: list[list[Word]], x: float, baseline: float, height: float, rtl: bool
) -> Row:
    """One line of a paragraph in a right-to-left handout: its style groups (in
    logical order) as one run, and a link for each address on it."""
    segments = []
    space = ""  # the space between two styles: the first one's, as left to right
    for i, group in enumerate(groups):
        text = space + "".join(
            w.text + (" " if w.space_after and k + 1 < len(group) else "")
            for k, w in enumerate(group)
        )
        space = " " if i + 1 < len(groups) and group[-1].space_after else ""
        if not group[0].url:  # an address's link ends with its last letter
            text, space = text + space, ""
        segments.append(_Segment(text, group[0].style, group[0].url))
    run = _rtl_run(x, baseline, segments, rtl)
    links = []
    for url in dict.fromkeys(s.url for s in segments if s.url):
        # Where the address's pieces end up once the page is mirrored, mirrored back.
        spans = [(p.dx, p.dx + p.width) for p in run.pieces if p.url == url]
        left = x + run.width - max(end for _, end in spans)
        right = x + run.width - min(start for start, _ in spans)
        links.append(LinkArea((left, 0, right, height), url))
    return Row(height, [run], links=links)


def _rtl_run(x: float, baseline: float, segments: Sequence[_Segment], rtl: bool) -> TextRun:
    """One right-to-left line (or label) as a run of pieces in visual order:
    ``segments`` in logical order, in a paragraph of direction ``rtl``."""
    text = "".join(s.text for s in segments)
    ends = list(itertools.accumulate(len(s.text) for s in segments))
    pieces = []
    cursor = 0.0
    for run in arabic_text.visual_runs(text, rtl, breaks=ends[:-1]):
        check_time()
        segment = segments[bisect.bisect_right(ends, run.start)]
        style = segment.style
        chunk = text[run.start : run.end]
        width = arabic_text.run_width(chunk, style.size, style.bold, run.rtl)
        pieces.append(
            Piece(cursor, chunk, run.rtl, style.size, style.bold, style.colour, width, segment.url)
        )
        cursor += width
    logical = arabic_text.strip_controls(text).replace(NBSP, " ")
    first = segments[0].style
    size = max(s.style.size for s in segments)
    return TextRun(
        x, baseline, logical, logical, size, first.bold, first.colour, cursor, tuple(pieces)
    )


def text_run(
    x: float, baseline: float, text: str, style: Style, drawn: str | None = None
) -> TextRun:
    """One line of text in one style with its left end at ``x`` (a label, a
    list marker, a footer): as drawn by the built-in font (``drawn``, by
    default ``drawable(text)``), or right to left in a right-to-left handout."""
    if right_to_left():
        return _rtl_run(x, baseline, [_Segment(text, style)], rtl=True)
    drawn = drawable(text) if drawn is None else drawn
    return TextRun(
        x, baseline, text, drawn, style.size, style.bold, style.colour, style.width(drawn)
    )


# ------------------------------------------------------------------ blocks of rows


def para(spans: Sequence[Span], x: float, width: float, *, keep_last: bool = False) -> list[Row]:
    """A wrapped paragraph; short ones stay together, long ones keep two lines
    together at each end (no lone first or last line on a page)."""
    # In a right-to-left handout a paragraph with no Arabic in it (a source's
    # title and address) reads left to right: its full stop stays at its end.
    rtl = right_to_left() and arabic_text.has_rtl("".join(s.text for s in spans))
    rows = [line_row(line, x, rtl) for line in break_lines(split_words(spans), width)]
    for i, row in enumerate(rows):
        row.keep_with_next = len(rows) <= 3 or i == 0 or i >= len(rows) - 2
    if rows:
        rows[-1].keep_with_next = keep_last
    return rows


def marked(
    marker: str | Paint, spans: Sequence[Span], x: float, width: float, indent: float = 34
) -> list[Row]:
    """A list item: ``marker`` (text like ``"3."``, or a paint) before a hanging paragraph."""
    rows = para(spans, x + indent, width - indent)
    first = rows[0]
    if isinstance(marker, str):
        first.runs.insert(0, text_run(x, first.runs[0].baseline, marker, spans[0].style))
    else:
        first.paints.append(marker)
    return rows


def _dot(x: float, baseline: float, size: int) -> Paint:
    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        cy = top + baseline - size * 0.33
        r = size * 0.16
        draw.ellipse((x + 6 - r, cy - r, x + 6 + r, cy + r), fill=INK)

    return paint


def _tick_box(x: float, baseline: float, size: int) -> Paint:
    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        s = size * 0.78
        y0 = top + baseline - s + 1
        draw.rectangle((x, y0, x + s, y0 + s), outline=INK, width=2)

    return paint


def bullets(items: Iterable[Sequence[Span]], x: float, width: float, box: bool = False):
    """A bulleted list (``box``: a tick box before each item, for questions)."""
    rows = []
    for spans in items:
        probe = line_row(split_words(spans)[:1], x)
        baseline, size = probe.runs[0].baseline, spans[0].style.size
        mark = _tick_box(x, baseline, size) if box else _dot(x, baseline, size)
        rows += marked(mark, spans, x, width, indent=40 if box else 30)
        rows.append(space(6))
    return rows


def heading(text: str, x: float, width: float, style: Style = HEADING, before: float = 14):
    """A heading, kept with what follows it."""
    rows = [space(before, keep=True), *para([Span(text, style)], x, width, keep_last=True)]
    for row in rows:
        row.keep_with_next = True
    return rows


def rule(x0: float, x1: float, colour: str = RULE, width: int = 2, height: float = 12) -> Row:
    """A horizontal line across the middle of a row."""

    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        y = top + height / 2
        draw.line((x0, y, x1, y), fill=colour, width=width)

    return Row(height, paints=[paint], keep_with_next=True)


def stack(rows: Sequence[Row]) -> Row:
    """Several rows as one unbreakable row."""
    placed = place(rows)
    height = sum(r.height for r in rows)
    out = Row(height)

    def paint(draw: ImageDraw.ImageDraw, image: Image.Image, top: float) -> None:
        paint_rows(draw, image, [(r, t + top) for r, t in placed_no_text])

    placed_no_text = [(replace(r, runs=[]), t) for r, t in placed]
    out.paints.append(paint)
    for row, top in placed:
        out.runs += shift_runs(row.runs, top)
        out.links += shift_links(row.links, top)
    return out
