"""The handout's typesetter: styled text into rows of a page.

Text comes in as spans (a stretch of text in one style, perhaps an address),
is split into words, broken into lines (a word wider than a line is broken,
never cut) and set as rows: unbreakable strips of a page that hold text runs,
paints (pictures, rules, bullets) and links, with coordinates relative to the
row's top. Paragraphs, list items, headings, rules and stacks of rows are
built here; sharing rows out between pages is ``layout``'s job.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from bodymap.render.handout.bounds import check_time
from bodymap.render.handout.paper import BODY, HEADING, INK, NBSP, RULE, Style
from bodymap.render.pillow_text import draw_text, drawable, font

if TYPE_CHECKING:
    from bodymap.render.handout.body_picture import RegionPicture


@dataclass(frozen=True)
class TextRun:
    """One piece of text drawn on a page.

    ``x`` and ``baseline`` are page pixels; ``text`` is as written (the PDF's
    text layer), ``drawn`` is what the built-in font drew, ``width`` its width.
    """

    x: float
    baseline: float
    text: str
    drawn: str
    size: int
    bold: bool
    colour: str
    width: float


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
    draw: ImageDraw.ImageDraw, image: Image.Image, placed: Sequence[tuple[Row, float]]
) -> None:
    """Draw rows at their tops: boxes first, then pictures and rules, then text."""
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
    for row, top in placed:
        for run in row.runs:
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
        return drawable(self.text)

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
        while fit < len(rest) and word.style.width(drawable(rest[: fit + 1])) <= room:
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


def line_row(line: list[Word], x: float) -> Row:
    """One line of words as a row: same-style neighbours become one text run."""
    height = max(w.style.leading for w in line)
    asc, desc = font(max(w.style.size for w in line)).getmetrics()
    baseline = round((height - (asc + desc)) / 2 + asc)
    runs: list[TextRun] = []
    links: list[LinkArea] = []
    cursor = x
    groups: list[list[Word]] = []
    for word in line:
        prev = groups[-1][-1] if groups else None
        if prev is not None and prev.style == word.style and prev.url == word.url:
            groups[-1].append(word)
        else:
            groups.append([word])
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


# ------------------------------------------------------------------ blocks of rows


def para(spans: Sequence[Span], x: float, width: float, *, keep_last: bool = False) -> list[Row]:
    """A wrapped paragraph; short ones stay together, long ones keep two lines
    together at each end (no lone first or last line on a page)."""
    rows = [line_row(line, x) for line in break_lines(split_words(spans), width)]
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
        style = spans[0].style
        first.runs.insert(
            0,
            TextRun(
                x,
                first.runs[0].baseline,
                marker,
                drawable(marker),
                style.size,
                style.bold,
                style.colour,
                style.width(drawable(marker)),
            ),
        )
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
