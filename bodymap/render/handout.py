"""Take-home handout: one region's (or one condition's) information as PNG or PDF.

Pure functions, no Streamlit: ``handout_png`` and ``handout_pdf`` return bytes
for ``st.download_button``. Every page is drawn with Pillow only (its built-in
scalable font, because Streamlit Community Cloud has no system fonts). The PDF
is written here with the standard library: each page shows the drawn page as a
picture and carries the same text, invisible, on top of it, so the PDF can be
searched, copied and read aloud.

A handout has, in order: the app title and the region (or condition) name;
the body with the region highlighted, beside the region's summary and the FDA
boxed warning (boxed, with the not-medical-advice line); then for each
condition its status, summary, who it is for, the timeline in words, side
effects, good to know and questions to ask a clinician; then the date it was
made, when its content was last reviewed, the link back to the app, and the
numbered sources. Text flows onto as many pages as it needs ("Page 1 of 2");
nothing is cut. A handout whose last page would hold only a few lines is set
again more tightly (smaller picture, less blank space, then 12 mm margins).

Usage: ``python -m bodymap.render.handout OUT_DIR [--base-url URL] [--today YYYY-MM-DD]``
writes every region's and every condition's handout, both formats, both papers.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import struct
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

from PIL import Image, ImageDraw, ImageFont

from bodymap.model.content import Condition, Content, SafetyItem, Source, load_content
from bodymap.model.geometry import (
    Diagram,
    Point,
    Polygon,
    RegionShape,
    View,
    bounding_box,
    load_diagram,
    point_in_polygon,
    polygon_area,
    polygon_centroid,
)
from bodymap.model.timeline import PHASE_LABELS, phases, timeline_unit, words_on_axis
from bodymap.render.palette import PALETTE
from bodymap.vocabulary import STATUSES

# ------------------------------------------------------------------ paper and type

PAPER_SIZES = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}  # width, height in mm
DPI = 150  # pixels per inch of the drawn page: A4 is 1240 x 1754 px
MM_PER_INCH = 25.4
POINTS_PER_INCH = 72
MARGIN_MM = 15.0  # on every side; headers and footers sit inside it
MIN_MARGIN_MM = 12.0  # when that saves a page (printers need about 5 mm)
MIN_TEXT_PT = 10.0  # smallest printed text size
KINDS = {"pdf": "application/pdf", "png": "image/png"}  # file kind -> MIME type
PNG_PAGE_GAP = 24  # px of grey between pages stacked into one PNG
PALETTE_COLOURS = 128  # PNG and PDF pictures are palette images: a third of the bytes
DEFAULT_BASE_URL = "https://bodymap.streamlit.app/"

NBSP = "\u00a0"
INK = "#1F1F1F"
MUTED = "#4F4F4F"  # 8:1 on white
ACCENT = PALETTE.accent  # deep teal: the highlighted region, links, headings
RULE = "#B8C4C6"
PAGE_GAP_COLOUR = "#C8C8C8"
WARNING_FILL = "#FFF6E0"
DIM_REGION_OUTLINE = "#CDBFB3"  # the regions not highlighted: barely there


def paper_pixels(paper: str) -> tuple[int, int]:
    """Width and height of a page in pixels at ``DPI``."""
    width_mm, height_mm = _paper(paper)
    return round(width_mm / MM_PER_INCH * DPI), round(height_mm / MM_PER_INCH * DPI)


def paper_points(paper: str) -> tuple[float, float]:
    """Width and height of a page in PDF points (A4 595.28 x 841.89, Letter 612 x 792)."""
    width_mm, height_mm = _paper(paper)
    return (
        round(width_mm / MM_PER_INCH * POINTS_PER_INCH, 2),
        round(height_mm / MM_PER_INCH * POINTS_PER_INCH, 2),
    )


def _paper(paper: str) -> tuple[float, float]:
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {paper!r}")
    return PAPER_SIZES[paper]


def _mm(mm: float) -> int:
    return round(mm / MM_PER_INCH * DPI)


@dataclass(frozen=True)
class _Style:
    """A text style: size and line height in px, weight, colour."""

    size: int
    leading: int
    bold: bool = False
    colour: str = INK


BODY = _Style(23, 31)  # 11 pt printed
BOLD = replace(BODY, bold=True)
SMALL = _Style(21, 28, colour=MUTED)  # 10 pt: sources, captions, footers
SMALL_INK = replace(SMALL, colour=INK)
LINK = replace(SMALL, colour=ACCENT)
BODY_LINK = replace(BODY, colour=ACCENT)
BRAND = _Style(34, 44, True, ACCENT)
TITLE = _Style(44, 54, True)
CONDITION = _Style(33, 42, True, ACCENT)
HEADING = _Style(25, 36, True)
LABEL = _Style(23, 30, True, ACCENT)  # the label on the picture
BADGE = _Style(22, 30, True, "#FFFFFF")
# Every style, for the tests: none is smaller than MIN_TEXT_PT printed.
STYLES = (BODY, BOLD, SMALL, SMALL_INK, LINK, BODY_LINK, BRAND, TITLE, CONDITION, HEADING)
STYLES += (LABEL, BADGE)


@functools.lru_cache(maxsize=32)
def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in scalable font (Aileron) at ``px`` pixels."""
    return ImageFont.load_default(size=px)


def _stroke(style: _Style) -> float:
    """Fake bold: a thin outline in the text colour (the built-in font has one weight)."""
    return round(style.size * 0.02, 2) if style.bold else 0.0


# The built-in font has no glyph for these: draw a close ASCII stand-in (the
# PDF's text layer keeps the original characters).
_STAND_INS = {
    "\u2013": "-",  # en dash
    "\u2014": " - ",  # em dash
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2022": "\u00b7",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u00d7": "x",
    "\u00b5": "u",
    "\u03bc": "u",
    "\u2192": "->",
    "\u00bd": "1/2",
    "\u00bc": "1/4",
    "\u00be": "3/4",
    "\u00b2": "2",
    "\u00b3": "3",
    "\u20ac": "EUR",
    "\u00ae": "(R)",
}


@functools.lru_cache(maxsize=1)
def _notdef() -> bytes:
    return _glyph_bitmap("\uffff")


def _glyph_bitmap(char: str) -> bytes:
    image = Image.new("L", (40, 40), 0)
    ImageDraw.Draw(image).text((6, 6), char, font=_font(20), fill=255)
    return image.tobytes()


@functools.lru_cache(maxsize=1024)
def _has_glyph(char: str) -> bool:
    return char == " " or _glyph_bitmap(char) != _notdef()


@functools.lru_cache(maxsize=4096)
def drawable(text: str) -> str:
    """``text`` with every character the built-in font lacks replaced by a stand-in:
    ``"1–2 weeks"`` is drawn ``"1-2 weeks"``, ``"é"`` as ``"e"``."""
    out = []
    for char in text:
        if char in _STAND_INS:
            out.append(_STAND_INS[char])
        elif ord(char) < 127 or _has_glyph(char):
            out.append(char)
        else:
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(plain if plain and all(_has_glyph(c) for c in plain) else "?")
    return "".join(out)


@functools.lru_cache(maxsize=16384)
def _width(text: str, style: _Style) -> float:
    return _font(style.size).getlength(text) + 2 * _stroke(style)


# ------------------------------------------------------------------ what a page holds


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


@dataclass(frozen=True)
class HandoutPage:
    """One drawn page (RGB, ``DPI``), the text drawn on it in reading order, its
    links, and on the first page the body picture and where it sits (left, top,
    right, bottom in page pixels; None on the other pages)."""

    image: Image.Image
    runs: tuple[TextRun, ...]
    links: tuple[LinkArea, ...]
    picture_box: tuple[int, int, int, int] | None = None
    picture: RegionPicture | None = None


Paint = Callable[[ImageDraw.ImageDraw, Image.Image, float], None]


@dataclass
class _Row:
    """An unbreakable strip of a page. Coordinates inside are relative to its top."""

    height: float
    runs: list[TextRun] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    links: list[LinkArea] = field(default_factory=list)
    keep_with_next: bool = False
    discardable: bool = False  # blank space: dropped at the top of a page
    box: _Box | None = None  # the framed box this row belongs to
    picture: tuple[tuple[int, int, int, int], RegionPicture] | None = None


@dataclass(eq=False)
class _Box:
    """A framed area (the boxed warning), drawn around the rows that belong to it."""

    left: float
    right: float
    fill: str
    outline: str
    width: int


def _space(height: float, keep: bool = False) -> _Row:
    return _Row(height, discardable=True, keep_with_next=keep)


def _place(rows: Sequence[_Row], top: float = 0.0) -> list[tuple[_Row, float]]:
    placed, y = [], top
    for row in rows:
        placed.append((row, y))
        y += row.height
    return placed


def _paint_rows(
    draw: ImageDraw.ImageDraw, image: Image.Image, placed: Sequence[tuple[_Row, float]]
) -> None:
    """Draw rows at their tops: boxes first, then pictures and rules, then text."""
    boxes: dict[int, tuple[_Box, float, float]] = {}
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
            style = _Style(run.size, 0, run.bold, run.colour)
            draw.text(
                (run.x, top + run.baseline),
                run.drawn,
                font=_font(run.size),
                fill=run.colour,
                anchor="ls",
                stroke_width=_stroke(style),
                stroke_fill=run.colour,
            )


def _shift_runs(runs: Iterable[TextRun], dy: float) -> list[TextRun]:
    return [replace(r, baseline=r.baseline + dy) for r in runs]


def _shift_links(links: Iterable[LinkArea], dy: float) -> list[LinkArea]:
    out = []
    for link in links:
        x0, y0, x1, y1 = link.box
        out.append(LinkArea((x0, y0 + dy, x1, y1 + dy), link.url))
    return out


# ------------------------------------------------------------------ text into rows


@dataclass(frozen=True)
class _Span:
    """A stretch of text in one style; ``url`` spans may break anywhere and become links."""

    text: str
    style: _Style = BODY
    url: bool = False


@dataclass(frozen=True)
class _Word:
    text: str
    style: _Style
    url: str | None
    space_after: bool  # False: the next word continues this one (a broken address)

    @property
    def drawn(self) -> str:
        return drawable(self.text)

    @property
    def width(self) -> float:
        return _width(self.drawn, self.style)


def _words(spans: Iterable[_Span]) -> list[_Word]:
    words = []
    for span in spans:
        if span.url:
            words.append(_Word(span.text, span.style, span.text, True))
        else:
            # Plain spaces only: a no-break space keeps "[1, 2]" in one piece.
            words += [_Word(w, span.style, None, True) for w in span.text.split(" ") if w]
    return words


_BREAK_AFTER = "/?&=-_.#,;:"


def _split(word: _Word, first: float, full: float) -> list[_Word]:
    """Break a word too wide for a line into pieces: the first fits in ``first``
    px, the others in ``full``. Prefers breaking an address after / ? & = - ."""
    pieces, rest, room = [], word.text, first
    while rest:
        if _width(drawable(rest), word.style) <= room:
            pieces.append(rest)
            break
        fit = 1
        while fit < len(rest) and _width(drawable(rest[: fit + 1]), word.style) <= room:
            fit += 1
        cut = fit
        nice = max((i + 1 for i in range(fit) if rest[i] in _BREAK_AFTER), default=0)
        if nice >= fit * 0.6:
            cut = nice
        pieces.append(rest[:cut])
        rest, room = rest[cut:], full
    last = len(pieces) - 1
    return [
        _Word(p, word.style, word.url, word.space_after if i == last else False)
        for i, p in enumerate(pieces)
    ]


def _lines(words: list[_Word], width: float) -> list[list[_Word]]:
    """Greedy line breaking; a word wider than a line is broken, never cut."""
    lines: list[list[_Word]] = [[]]
    used = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        line = lines[-1]
        gap = _width(" ", word.style) if line and line[-1].space_after else 0.0
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
            queue[:0] = rest
    return [line for line in lines if line]


def _line_row(line: list[_Word], x: float) -> _Row:
    """One line of words as a row: same-style neighbours become one text run."""
    height = max(w.style.leading for w in line)
    asc, desc = _font(max(w.style.size for w in line)).getmetrics()
    baseline = round((height - (asc + desc)) / 2 + asc)
    runs: list[TextRun] = []
    links: list[LinkArea] = []
    cursor = x
    groups: list[list[_Word]] = []
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
        width = _width(drawn, style)
        runs.append(
            TextRun(cursor, baseline, text, drawn, style.size, style.bold, style.colour, width)
        )
        if group[0].url:
            links.append(LinkArea((cursor, 0, cursor + width, height), group[0].url))
        cursor += width
        if i + 1 < len(groups) and group[-1].space_after:
            cursor += _width(" ", style)
    return _Row(height, runs, links=links)


def _para(spans: Sequence[_Span], x: float, width: float, *, keep_last: bool = False) -> list[_Row]:
    """A wrapped paragraph; short ones stay together, long ones keep two lines
    together at each end (no lone first or last line on a page)."""
    rows = [_line_row(line, x) for line in _lines(_words(spans), width)]
    for i, row in enumerate(rows):
        row.keep_with_next = len(rows) <= 3 or i == 0 or i >= len(rows) - 2
    if rows:
        rows[-1].keep_with_next = keep_last
    return rows


def _marked(
    marker: str | Paint, spans: Sequence[_Span], x: float, width: float, indent: float = 34
) -> list[_Row]:
    """A list item: ``marker`` (text like ``"3."``, or a paint) before a hanging paragraph."""
    rows = _para(spans, x + indent, width - indent)
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
                _width(drawable(marker), style),
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


def _bullets(items: Iterable[Sequence[_Span]], x: float, width: float, box: bool = False):
    rows = []
    for spans in items:
        probe = _line_row(_words(spans)[:1], x)
        baseline, size = probe.runs[0].baseline, spans[0].style.size
        mark = _tick_box(x, baseline, size) if box else _dot(x, baseline, size)
        rows += _marked(mark, spans, x, width, indent=40 if box else 30)
        rows.append(_space(6))
    return rows


def _heading(text: str, x: float, width: float, style: _Style = HEADING, before: float = 14):
    rows = [_space(before, keep=True), *_para([_Span(text, style)], x, width, keep_last=True)]
    for row in rows:
        row.keep_with_next = True
    return rows


def _rule(x0: float, x1: float, colour: str = RULE, width: int = 2, height: float = 12) -> _Row:
    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        y = top + height / 2
        draw.line((x0, y, x1, y), fill=colour, width=width)

    return _Row(height, paints=[paint], keep_with_next=True)


def _stack(rows: Sequence[_Row]) -> _Row:
    """Several rows as one unbreakable row."""
    placed = _place(rows)
    height = sum(r.height for r in rows)
    out = _Row(height)

    def paint(draw: ImageDraw.ImageDraw, image: Image.Image, top: float) -> None:
        _paint_rows(draw, image, [(r, t + top) for r, t in placed_no_text])

    placed_no_text = [(replace(r, runs=[]), t) for r, t in placed]
    out.paints.append(paint)
    for row, top in placed:
        out.runs += _shift_runs(row.runs, top)
        out.links += _shift_links(row.links, top)
    return out


# ------------------------------------------------------------------ the body picture


@dataclass(frozen=True)
class RegionPicture:
    """A view of the body with one region highlighted, and how to find a point in it."""

    image: Image.Image
    view: View
    region_id: str
    scale: float  # px per diagram unit
    label_box: tuple[float, float, float, float]  # px, in the image

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """Pixel position in ``image`` of the diagram point (x, y)."""
        return ((x - self.view.x_range[0]) * self.scale, (self.view.y_range[1] - y) * self.scale)


@functools.lru_cache(maxsize=1)
def _diagram() -> Diagram:
    return load_diagram()


def choose_view(diagram: Diagram, region_id: str) -> View:
    """The view that shows the region largest (the close-up for the head and
    neck, the whole body for the underarms and bladder)."""

    def share(view: View) -> float:
        (x0, x1), (y0, y1) = view.x_range, view.y_range
        area = sum(
            polygon_area(s.polygon)
            for r in view.regions
            if r.region_id == region_id
            for s in r.shapes
        )
        return area / ((x1 - x0) * (y1 - y0))

    views = [v for v in diagram.views if region_id in v.region_ids()]
    if not views:
        raise KeyError(f"region {region_id!r} is not drawn in the diagram")
    return max(views, key=share)


SUPERSAMPLE = 2
PICTURE_HEIGHT = 600  # px: the tallest the body picture is drawn
# When the last page would hold only a few lines, the handout is laid out
# again with a smaller picture and tighter spacing, if that saves the page.
LAST_PAGE_FILL = 0.3
PICTURE_TIGHT = 480
MIN_PICTURE_HEIGHT = 360
SPACE_TIGHT = 0.5
FOOTER_HEIGHT = 42  # px: a rule and one line of small text


def region_picture(
    region_id: str, label: str, max_width: int, max_height: int, diagram: Diagram | None = None
) -> RegionPicture:
    """Draw the view that shows ``region_id``, the region filled in the accent
    colour with a labelled tag, every other region dimmed to the body colour."""
    diagram = diagram or _diagram()
    view = choose_view(diagram, region_id)
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    scale = min(max_width / (x1 - x0), max_height / (y1 - y0))
    width, height = int((x1 - x0) * scale), int((y1 - y0) * scale)
    ss = SUPERSAMPLE
    image = Image.new("RGB", (width * ss, height * ss), "#FFFFFF")
    draw = ImageDraw.Draw(image)

    def px(points):
        return [((x - x0) * scale * ss, (y1 - y) * scale * ss) for x, y in points]

    selected = next(r for r in view.regions if r.region_id == region_id)
    style = replace(LABEL, size=LABEL.size * ss)
    text = drawable(label)
    shapes_px = [tuple(px(s.polygon)) for s in selected.shapes]
    tag = _tag_box(selected, shapes_px, px, _width(text, style), style.size, ss, image.size)
    tag_centre = ((tag[0] + tag[2]) / 2, (tag[1] + tag[3]) / 2)

    for shape in view.outline:
        draw.polygon(px(shape.polygon), fill=PALETTE.body, outline=PALETTE.outline, width=2 * ss)
    # Leaders from the tag to every part of the region the tag is not on;
    # the region's fill, drawn next, hides their inner ends.
    for shape in shapes_px:
        if not point_in_polygon(*tag_centre, shape):
            draw.line((*tag_centre, *polygon_centroid(shape)), fill=ACCENT, width=3 * ss)
    # In the diagram's order, so a region drawn on top of the highlighted one
    # (the eyes on the head) stays on top, dimmed, as on the map.
    for region in view.regions:
        for shape in region.shapes:
            if region is selected:
                draw.polygon(px(shape.polygon), fill=ACCENT, outline=ACCENT, width=ss)
            else:
                draw.polygon(
                    px(shape.polygon), fill=PALETTE.body, outline=DIM_REGION_OUTLINE, width=ss
                )
    for line in view.details:
        draw.line(px(line.points), fill=PALETTE.detail, width=max(1, round(line.width)) * ss)
    draw.rounded_rectangle(tag, radius=10 * ss, fill="#FFFFFF", outline=ACCENT, width=3 * ss)
    draw.text(
        ((tag[0] + tag[2]) / 2, (tag[1] + tag[3]) / 2),
        text,
        font=_font(style.size),
        fill=ACCENT,
        anchor="mm",
        stroke_width=_stroke(style),
        stroke_fill=ACCENT,
    )
    image = image.reduce(ss)
    return RegionPicture(image, view, region_id, scale, tuple(v / ss for v in tag))


def _tag_box(
    region: RegionShape,
    shapes_px: Sequence[Polygon],
    px: Callable[[Iterable[Point]], list[Point]],
    text_width: float,
    text_size: int,
    ss: int,
    size: tuple[int, int],
) -> tuple[float, float, float, float]:
    """Where the region's name tag goes: where the diagram labels the region if
    the tag hides none of it there, else just below it (or above, or beside)."""
    half_w, half_h = text_width / 2 + 12 * ss, text_size / 2 + 7 * ss
    boxes = [bounding_box(s) for s in shapes_px]  # xmin, xmax, ymin, ymax
    left, right = min(b[0] for b in boxes), max(b[1] for b in boxes)
    top, bottom = min(b[2] for b in boxes), max(b[3] for b in boxes)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    largest = max(region.shapes, key=lambda s: polygon_area(s.polygon))
    ((lx, ly),) = px([region.label_at or polygon_centroid(largest.polygon)])
    gap = 10 * ss
    candidates = [
        (lx, ly),
        (cx, bottom + gap + half_h),
        (cx, top - gap - half_h),
        (right + gap + half_w, cy),
        (left - gap - half_w, cy),
    ]

    def box_at(x: float, y: float) -> tuple[float, float, float, float]:
        return _inside((x - half_w, y - half_h, x + half_w, y + half_h), *size)

    def hides_nothing(tag: tuple[float, float, float, float]) -> bool:
        corners = [(tag[0], tag[1]), (tag[2], tag[1]), (tag[0], tag[3]), (tag[2], tag[3])]
        for shape, (x0, x1, y0, y1) in zip(shapes_px, boxes, strict=True):
            if all(point_in_polygon(x, y, shape) for x, y in corners):
                return True  # on the region, with region all around it
            if tag[0] < x1 and tag[2] > x0 and tag[1] < y1 and tag[3] > y0:
                return False
        return True

    for x, y in candidates:
        tag = box_at(x, y)
        if hides_nothing(tag):
            return tag
    return box_at(*candidates[0])


def _inside(box, width: float, height: float) -> tuple[float, float, float, float]:
    """Move a box so it lies within the image."""
    x0, y0, x1, y1 = box
    dx = max(0.0, -x0) - max(0.0, x1 - width)
    dy = max(0.0, -y0) - max(0.0, y1 - height)
    return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)


# ------------------------------------------------------------------ the handout's text


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class _Citations:
    """Numbers sources in the order the handout first cites them (one number per address)."""

    def __init__(self) -> None:
        self.sources: list[Source] = []

    def cite(self, sources: Sequence[Source], ids: Iterable[str]) -> str:
        """``" [1, 3]"`` for the sources with these ids (empty if none); no-break
        spaces keep the marker on the line of the word before it."""
        wanted = set(ids)
        numbers = []
        for source in sources:
            if source.id not in wanted:
                continue
            known = [i for i, s in enumerate(self.sources, start=1) if s.url == source.url]
            if known:
                numbers.append(known[0])
            else:
                self.sources.append(source)
                numbers.append(len(self.sources))
        numbers = sorted(set(numbers))
        return f"{NBSP}[{f',{NBSP}'.join(map(str, numbers))}]" if numbers else ""


def _badge(condition: Condition, x: float) -> _Row:
    text = condition.approval.badge()
    drawn = drawable(text)
    width = _width(drawn, BADGE)
    pad = 14
    height = 44
    fill = STATUSES[condition.approval.status].colour
    asc, desc = _font(BADGE.size).getmetrics()
    baseline = round((height - (asc + desc)) / 2 + asc)

    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        draw.rounded_rectangle(
            (x, top + 4, x + width + 2 * pad, top + height - 4), radius=(height - 8) / 2, fill=fill
        )

    run = TextRun(x + pad, baseline, text, drawn, BADGE.size, True, BADGE.colour, width)
    return _Row(height + 6, [run], [paint], keep_with_next=True)


def _timeline_rows(condition: Condition, cite: _Citations, x: float, width: float) -> list[_Row]:
    """The four phases in words, as a two-column table."""
    label_width = max(
        sum(_width(w, BOLD) for w in drawable(label + ":").split()) + 10 * label.count(" ")
        for label in PHASE_LABELS.values()
    )
    column = x + label_width + 18
    unit = timeline_unit(condition)
    rows: list[_Row] = []
    for phase in phases(condition):
        timing = condition.timing[phase.key]
        words = words_on_axis(phase, unit) if phase.known else phase.text
        spans = [_Span(words + cite.cite(condition.sources, phase.source_ids), BOLD)]
        if timing.note:
            spans.append(_Span(timing.note, BODY))
        cell = _para(spans, column, x + width - column)
        label = _para([_Span(phase.label + ":", BOLD)], x, label_width)
        cell += [_Row(r.height) for r in label[len(cell) :]]
        for row, label_row in zip(cell, label, strict=False):
            row.runs = label_row.runs + row.runs
        for row in cell:
            row.keep_with_next = True  # a phase is not split between pages
        rows += [*cell, _space(8)]
    return rows


def _condition_rows(
    content: Content,
    condition: Condition,
    region_id: str,
    cite: _Citations,
    x: float,
    w: float,
    single: bool,
) -> list[_Row]:
    """One condition: status, summary, who it is for, timeline, side effects, questions."""
    if single:  # the page title already names it
        rows = [_space(30, keep=True), _rule(x, x + w, ACCENT, 3, 14), _badge(condition, x)]
    else:
        rows = [_space(30, keep=True), _rule(x, x + w, ACCENT, 3, 14)]
        rows += _heading(condition.name, x, w, CONDITION, before=4)
        rows.append(_badge(condition, x))
    if condition.medical_name:
        rows += _para([_Span("Medical name:", SMALL), _Span(condition.medical_name, SMALL)], x, w)
    if condition.shows_crisis_line and content.site.crisis is not None:
        # Where to get help now, before anything else about the condition.
        crisis = content.site.crisis
        rows.append(_space(6))
        rows += _para(
            [_Span(crisis.text + cite.cite(content.site.sources, crisis.source_ids), BOLD)], x, w
        )
    rows.append(_space(6))
    rows += _para([_Span(condition.summary)], x, w)
    note = condition.region_notes.get(region_id)
    if note:
        label = content.region(region_id).label
        rows.append(_space(8))
        rows += _para([_Span(f"At the {label.lower()}:", BOLD), _Span(note)], x, w)
    rows.append(_space(8))
    rows += _para([_Span("Who it is for:", BOLD), _Span(condition.who_for)], x, w)
    rows.append(_space(8))
    approval = condition.approval
    refs = cite.cite(condition.sources, approval.source_ids)
    rows += _para([_Span("Status in the US:", BOLD), _Span(approval.note + refs)], x, w)
    rows += _heading("Before you have it", x, w)
    for kind, lead in SAFETY_LEADS.items():
        items = [i for i in content.before_you_have_it(condition) if i.kind == kind]
        if not items:
            continue
        rows += _para([_Span(lead, BOLD)], x, w)
        rows += _bullets(
            (
                [_Span(i.text + cite.cite(_item_sources(content, condition, i), i.source_ids))]
                for i in items
            ),
            x,
            w,
        )

    rows += _heading("How long it takes to work, and how long it lasts", x, w)
    rows += _timeline_rows(condition, cite, x, w)

    rows += _heading("Common side effects here", x, w)
    rows += _bullets(
        (
            [_Span(e.text + cite.cite(condition.sources, e.source_ids))]
            for e in condition.side_effects
        ),
        x,
        w,
    )
    if condition.good_to_know:
        rows += _heading("Good to know", x, w)
        rows += _bullets(([_Span(t)] for t in condition.good_to_know), x, w)
    if condition.questions:
        rows += _heading("Questions to ask your clinician", x, w)
        rows += _bullets(([_Span(q)] for q in condition.questions), x, w, box=True)
    return rows


SAFETY_LEADS = {"not-for": "Do not have it if:", "tell": "Tell your clinician first:"}


def _item_sources(content: Content, condition: Condition, item: SafetyItem) -> tuple[Source, ...]:
    """The sources a before-you-have-it item's ids point into: the condition's
    own file for its own items, site.toml's for the shared ones."""
    return condition.sources if item in condition.before_you_have_it else content.site.sources


def _warning_rows(content: Content, cite: _Citations, x: float, w: float) -> list[_Row]:
    """The FDA boxed warning in a black-edged box, with the not-medical-advice line."""
    site = content.site
    box = _Box(x, x + w, WARNING_FILL, INK, 3)
    pad = 22
    inner_x, inner_w = x + pad, w - 2 * pad
    refs = cite.cite(site.sources, site.boxed_warning_source_ids)
    rows = [_Row(pad - 4)]
    rows += _para([_Span("FDA boxed warning: the most serious risk", HEADING)], inner_x, inner_w)
    rows.append(_Row(4))
    rows += _para([_Span(site.boxed_warning + refs)], inner_x, inner_w)
    rows.append(_Row(10))
    rows += _para([_Span(site.disclaimer, BOLD)], inner_x, inner_w)
    rows.append(_Row(pad))
    for row in rows:
        row.box = box
        row.keep_with_next = True
    rows[-1].keep_with_next = False
    return rows


def _height(rows: Iterable[_Row]) -> float:
    return sum(r.height for r in rows)


def _intro_rows(
    content: Content,
    region_id: str,
    shown: Sequence[Condition],
    single: bool,
    cite: _Citations,
    x: float,
    w: float,
    picture_height: int,
) -> list[_Row]:
    """The picture beside the region's summary and, when that is shorter, the
    boxed warning; the picture is drawn as tall as the text beside it needs."""
    region = content.region(region_id)
    view = choose_view(_diagram(), region_id)
    (vx0, vx1), (vy0, vy1) = view.x_range, view.y_range
    max_pic_w, gap = round(w * 0.4), 36

    def caption(width: float) -> list[_Row]:
        text = f"{view.title}. Highlighted: {region.label}."
        return _para([_Span(text, SMALL)], x, width)

    def column(col_x: float, col_w: float) -> list[_Row]:
        if single:
            lead = [_Span("Body area:", BOLD), _Span(region.label, BODY)]
        else:
            lead = [_Span(f"Treated here ({len(shown)}):", BOLD)]
        rows = [
            *_para([_Span(region.summary)], col_x, col_w),
            _space(10),
            *_para(lead, col_x, col_w),
        ]
        if not single:
            rows += _bullets(
                ([_Span(c.name + ",", BODY), _Span(c.approval.badge(), SMALL)] for c in shown),
                col_x,
                col_w,
            )
        return rows

    # Try picture heights from the tallest down; keep the shortest layout.
    best = None
    for height in range(picture_height, MIN_PICTURE_HEIGHT - 1, -20):
        scale = min(max_pic_w / (vx1 - vx0), height / (vy1 - vy0))
        pic_w = max(int((vx1 - vx0) * scale), round(w * 0.28))  # the caption needs room
        pic_total = int((vy1 - vy0) * scale) + 6 + _height(caption(pic_w))
        col_x, col_w = x + pic_w + gap, w - pic_w - gap
        about = _height(column(col_x, col_w))
        boxed = _height(_warning_rows(content, cite, col_x, col_w))
        beside = max(pic_total, about + 16 + boxed)
        below = max(pic_total, about) + 20 + _height(_warning_rows(content, cite, x, w))
        option = (min(beside, below), -height, height, beside <= below)
        best = option if best is None or option < best else best
    assert best is not None
    _, _, height, warning_beside = best

    picture = region_picture(region_id, region.label, max_pic_w, height)
    pic_w = max(picture.image.width, round(w * 0.28))
    col_x, col_w = x + pic_w + gap, w - pic_w - gap
    pic_x = x + (pic_w - picture.image.width) // 2

    def paste(_draw: ImageDraw.ImageDraw, image: Image.Image, top: float) -> None:
        image.paste(picture.image, (pic_x, round(top)))

    left = _stack([_Row(picture.image.height, paints=[paste]), _space(6), *caption(pic_w)])
    right_rows = column(col_x, col_w)
    if warning_beside:
        right_rows += [_space(16), *_warning_rows(content, cite, col_x, col_w)]
    right = _stack(right_rows)
    row = _Row(max(left.height, right.height))
    row.paints = left.paints + right.paints
    row.runs = left.runs + right.runs
    row.links = left.links + right.links
    row.picture = ((pic_x, 0, pic_x + picture.image.width, picture.image.height), picture)
    if warning_beside:
        return [row]
    return [row, _space(20), *_warning_rows(content, cite, x, w)]


@dataclass(frozen=True)
class _Doc:
    """A handout's rows, before they are shared out between pages."""

    title: str  # region label, or condition name
    rows: list[_Row]


def _document(
    content: Content,
    region_id: str,
    condition_id: str | None,
    link: str,
    today: dt.date,
    x: float,
    w: float,
    picture_height: int,
) -> _Doc:
    region = content.region(region_id)
    treated = content.conditions_for(region_id)
    if condition_id is None:
        shown = treated
        title = region.label
        subtitle = "What botulinum toxin type A (BOTOX) treats here"
    else:
        if condition_id not in {c.id for c in treated}:
            raise ValueError(f"condition {condition_id!r} is not treated at region {region_id!r}")
        shown = (content.condition(condition_id),)
        title = shown[0].name
        subtitle = "Treatment with botulinum toxin type A (BOTOX)"
    cite = _Citations()
    site = content.site

    brand = _para([_Span(site.title, BRAND)], x, w)[0]
    tagline = drawable("Take-home information sheet")
    tw = _width(tagline, SMALL)
    brand.runs.append(
        TextRun(x + w - tw, brand.runs[0].baseline, tagline, tagline, SMALL.size, False, MUTED, tw)
    )
    brand.keep_with_next = True
    rows = [brand, _rule(x, x + w, ACCENT, 3, 14), _space(6, keep=True)]
    rows += _para([_Span(title, TITLE)], x, w, keep_last=True)
    rows += _para([_Span(subtitle, SMALL)], x, w)
    rows.append(_space(18))
    rows += _intro_rows(
        content, region_id, shown, condition_id is not None, cite, x, w, picture_height
    )
    for condition in shown:
        rows += _condition_rows(content, condition, region_id, cite, x, w, condition_id is not None)

    dates = [site.last_reviewed, region.last_reviewed]
    for condition in shown:
        dates += [condition.last_reviewed, content.mechanism(condition.tissue).last_reviewed]
    rows += [_space(30, keep=True), _rule(x, x + w)]
    rows += _heading("About this sheet", x, w, before=4)
    rows += _para(
        [_Span(f"Made on {_date(today)}; content last reviewed {_date(min(dates))}.", BODY)], x, w
    )
    rows.append(_space(6))
    rows += _para([_Span("See it in bodymap:", BOLD), _Span(link, BODY_LINK, url=True)], x, w)
    rows += _heading("Sources", x, w)
    for number, source in enumerate(cite.sources, start=1):
        rows += _marked(
            f"{number}.",
            [_Span(source.title, SMALL_INK), _Span(source.url, LINK, url=True)],
            x,
            w,
            indent=42,
        )
        rows.append(_space(6))
    return _Doc(title, rows)


# ------------------------------------------------------------------ pages


def _paginate(rows: Sequence[_Row], tops: tuple[float, float], bottom: float):
    """Share rows out between pages: ``tops`` is where the first and later pages'
    text starts. Keeps rows marked ``keep_with_next`` together when they fit a page."""
    pages: list[list[tuple[_Row, float]]] = [[]]
    y = tops[0]
    i = 0
    while i < len(rows):
        row = rows[i]
        page = pages[-1]
        if row.discardable and not page:
            i += 1
            continue
        chain, j = row.height, i
        while rows[j].keep_with_next and j + 1 < len(rows):
            j += 1
            chain += rows[j].height
        room = bottom - y
        fits_a_page = chain <= bottom - tops[1]
        if page and (row.height > room or (chain > room and fits_a_page)):
            pages.append([])
            y = tops[1]
            continue
        if row.height > bottom - y:
            raise ValueError("a part of the handout is taller than a page")
        page.append((row, y))
        y += row.height
        i += 1
    return [page for page in pages if page] or [[]]


@dataclass(frozen=True)
class _Density:
    """How tightly a handout is set: margin, tallest picture, share of blank space kept."""

    margin_mm: float
    picture_height: int
    spacing: float


# Tried in turn while the last page would hold only a few lines; the first
# that saves a page is kept (else the first).
DENSITIES = (
    _Density(MARGIN_MM, PICTURE_HEIGHT, 1.0),
    _Density(MARGIN_MM, PICTURE_TIGHT, SPACE_TIGHT),
    _Density(MIN_MARGIN_MM, PICTURE_TIGHT, SPACE_TIGHT),
)


@dataclass
class _Laid:
    """One try at a handout: its rows shared out between pages, and the frame."""

    doc: _Doc
    pages: list[list[tuple[_Row, float]]]
    margin: int
    header: list[_Row]
    fill: float  # share of the last page's text area in use


def _lay_out(
    content: Content,
    region_id: str,
    condition_id: str | None,
    paper: str,
    link: str,
    today: dt.date,
    density: _Density,
) -> _Laid:
    width, height = paper_pixels(paper)
    margin = _mm(density.margin_mm)
    # Less one pixel: a rule or a box edge drawn at x + w stays out of the margin.
    x, w = margin, width - 2 * margin - 1
    if condition_id is None:
        page_title = content.region(region_id).label
    else:
        page_title = content.condition(condition_id).name
    header = [
        *_para([_Span(f"{content.site.title}  ·  {page_title} (continued)", SMALL)], x, w),
        _rule(x, x + w),
    ]
    tops = (margin, margin + _height(header) + 10)
    bottom = height - margin - FOOTER_HEIGHT - 12
    doc = _document(content, region_id, condition_id, link, today, x, w, density.picture_height)
    for row in doc.rows:
        if row.discardable:
            row.height = round(row.height * density.spacing)
    pages = _paginate(doc.rows, tops, bottom)
    row, top = pages[-1][-1]
    fill = (top + row.height - tops[1]) / (bottom - tops[1])
    return _Laid(doc, pages, margin, header, fill)


def layout_handout(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
) -> list[HandoutPage]:
    """The handout's pages, each with the text drawn on it (for the PDF's text layer)."""
    width, height = paper_pixels(paper)
    laid = _lay_out(content, region_id, condition_id, paper, link, today, DENSITIES[0])
    for density in DENSITIES[1:]:
        if len(laid.pages) == 1 or laid.fill >= LAST_PAGE_FILL:
            break
        # A last page with a few lines on it: try again, set more tightly.
        tighter = _lay_out(content, region_id, condition_id, paper, link, today, density)
        if len(tighter.pages) < len(laid.pages):
            laid = tighter
    margin, x = laid.margin, laid.margin
    w = width - 2 * margin - 1
    out = []
    for number, placed in enumerate(laid.pages, start=1):
        image = Image.new("RGB", (width, height), "#FFFFFF")
        draw = ImageDraw.Draw(image)
        header = [] if number == 1 else _place(laid.header, margin)
        footer = _footer(content.site.title, laid.doc.title, today, number, len(laid.pages), x, w)
        # In reading order: the text layer of the PDF follows it.
        everything = [*header, *placed, (footer, height - margin - footer.height)]
        _paint_rows(draw, image, everything)
        runs = [r for row, top in everything for r in _shift_runs(row.runs, top)]
        links = [a for row, top in everything for a in _shift_links(row.links, top)]
        picture_box, picture = None, None
        for row, top in placed:
            if row.picture is not None:
                (bx0, by0, bx1, by1), picture = row.picture
                picture_box = (bx0, round(top) + by0, bx1, round(top) + by1)
        out.append(HandoutPage(image, tuple(runs), tuple(links), picture_box, picture))
    return out


def _footer(
    app: str, title: str, today: dt.date, number: int, total: int, x: float, w: float
) -> _Row:
    left = drawable(f"{app}  ·  {title}  ·  made on {_date(today)}")
    right = f"Page {number} of {total}"
    row = _Row(FOOTER_HEIGHT)
    baseline = 14 + _font(SMALL.size).getmetrics()[0]
    rw = _width(right, SMALL)
    lw = _width(left, SMALL)
    if lw > w - rw - 30:  # a very long title: keep the page number, shorten the rest
        while left and _width(left + "...", SMALL) > w - rw - 30:
            left = left[:-1]
        left += "..."
        lw = _width(left, SMALL)
    row.runs = [
        TextRun(x, baseline, left, left, SMALL.size, False, MUTED, lw),
        TextRun(x + w - rw, baseline, right, right, SMALL.size, False, MUTED, rw),
    ]

    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        draw.line((x, top + 2, x + w, top + 2), fill=RULE, width=2)

    row.paints.append(paint)
    return row


@functools.lru_cache(maxsize=1)
def _last_layout(
    content: Content,
    region_id: str,
    condition_id: str | None,
    paper: str,
    link: str,
    today: dt.date,
) -> tuple[HandoutPage, ...]:
    """The last handout laid out, kept for the other format: the app offers the
    PNG and the PDF of the same handout together. Only read from, never drawn on."""
    return tuple(
        layout_handout(content, region_id, condition_id, paper=paper, link=link, today=today)
    )


def handout_pages(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
) -> list[Image.Image]:
    """The handout as RGB page images at ``DPI``.

    For one region (every condition treated there, in ``conditions_for``
    order) or, with ``condition_id``, for that condition only. ``link`` is
    printed in full; ``today`` is the date it says it was made. Raises
    KeyError for an unknown region, ValueError for a condition not treated
    at the region or an unknown paper.
    """
    pages = layout_handout(content, region_id, condition_id, paper=paper, link=link, today=today)
    return [p.image for p in pages]


def handout_png(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
) -> bytes:
    """The handout as one PNG: several pages are stacked top to bottom with a
    thin grey gap, so a phone saves one picture. Carries the DPI for printing."""
    pages = [p.image for p in _last_layout(content, region_id, condition_id, paper, link, today)]
    width = pages[0].width
    height = sum(p.height for p in pages) + PNG_PAGE_GAP * (len(pages) - 1)
    sheet = Image.new("RGB", (width, height), PAGE_GAP_COLOUR)
    y = 0
    for page in pages:
        sheet.paste(page, (0, y))
        y += page.height + PNG_PAGE_GAP
    buffer = io.BytesIO()
    _quantize(sheet).save(buffer, format="PNG", dpi=(DPI, DPI), compress_level=6)
    return buffer.getvalue()


def handout_pdf(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
) -> bytes:
    """The handout as a PDF: each page is the drawn page as a picture, with its
    text on top, invisible, so it can be searched, copied and read aloud; the
    link and the sources' addresses are clickable."""
    pages = _last_layout(content, region_id, condition_id, paper, link, today)
    title = f"{content.site.title} handout: {_title(content, region_id, condition_id)}"
    return _pdf(pages, paper_points(paper), title, today)


def _title(content: Content, region_id: str, condition_id: str | None) -> str:
    if condition_id is None:
        return content.region(region_id).label
    return f"{content.condition(condition_id).name} ({content.region(region_id).label})"


def handout_filename(region_id: str, condition_id: str | None, kind: str) -> str:
    """``"bodymap-underarm-severe-underarm-sweating.pdf"`` (``kind`` is "pdf" or "png")."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    parts = ["bodymap", region_id, *([condition_id] if condition_id else [])]
    return "-".join(parts) + f".{kind}"


def handout_link(base_url: str, region_id: str, condition_id: str | None = None) -> str:
    """The app's address that opens this handout's region (and condition)."""
    params = {"region": region_id, **({"condition": condition_id} if condition_id else {})}
    return f"{base_url.split('?')[0]}?{urlencode(params)}"


# ------------------------------------------------------------------ a small PDF writer

# Advance widths (1/1000 em) of Helvetica for printable ASCII, from its AFM:
# used to stretch the invisible text to the width of the drawn text.
_HELVETICA = (
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
    + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015]
    + [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833]
    + [722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611]
    + [278, 278, 278, 469, 556, 333]
    + [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833]
    + [556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500]
    + [334, 260, 334, 584]
)


def _helvetica_width(text: str) -> float:
    """Width of ``text`` in Helvetica at 1 pt."""
    return sum(_HELVETICA[ord(c) - 32] if 32 <= ord(c) < 127 else 556 for c in text) / 1000


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252): ``\\``, ``(`` and ``)``
    escaped, control and missing characters made safe."""
    raw = text.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"\\()":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte == 127:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    out += b")"
    return bytes(out)


def _utf16(text: str) -> bytes:
    return b"<" + (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper().encode() + b">"


def _num(value: float) -> bytes:
    return (f"{value:.2f}".rstrip("0").rstrip(".") or "0").encode()


def _quantize(image: Image.Image) -> Image.Image:
    """At most ``PALETTE_COLOURS`` colours, undithered: the page looks the same
    (flat colours and anti-aliased text) in well under half the bytes."""
    return image.quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )


@dataclass(frozen=True)
class _PngParts:
    """What a PDF image needs from a PNG: its zlib stream (PNG row filters and
    all, read with /Predictor 15), bit depth and palette."""

    width: int
    height: int
    bits: int
    palette: bytes | None  # RGB triples, for a palette image
    data: bytes


def _png_parts(image: Image.Image) -> _PngParts:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    png = buffer.getvalue()
    pos, idat, palette, bits, colour_type = 8, bytearray(), None, 8, 2
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            bits, colour_type, _, _, interlace = body[8], body[9], body[10], body[11], body[12]
            if colour_type not in (2, 3) or interlace:
                raise ValueError("expected a non-interlaced RGB or palette PNG")
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return _PngParts(image.width, image.height, bits, palette if colour_type == 3 else None, idat)


def _image_object(image: Image.Image) -> tuple[bytes, bytes]:
    """The dictionary entries and stream data of a page picture."""
    png = _png_parts(_quantize(image))
    if png.palette is not None:
        colours = len(png.palette) // 3
        space = b"[/Indexed /DeviceRGB %d <%s>]" % (colours - 1, png.palette.hex().encode())
        components = 1
    else:
        space, components = b"/DeviceRGB", 3
    head = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
        b"/BitsPerComponent %d /Filter /FlateDecode /DecodeParms << /Predictor 15 "
        b"/Colors %d /BitsPerComponent %d /Columns %d >>"
        % (png.width, png.height, space, png.bits, components, png.bits, png.width)
    )
    return head, png.data


def _pdf(
    pages: Sequence[HandoutPage], size_pt: tuple[float, float], title: str, today: dt.date
) -> bytes:
    """Write the PDF: catalog, pages, one font, and per page an image, a content
    stream (picture, then the text in render mode 3, invisible) and links."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(head: bytes, data: bytes) -> bytes:
        return b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    catalog = add(b"")  # filled in once the page tree exists
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = add(
        b"<< /Title "
        + _utf16(title)
        + b" /Creator (bodymap) /Producer (bodymap.render.handout) /CreationDate "
        + pdf_string(f"D:{today:%Y%m%d}000000Z")
        + b" >>"
    )
    pw, ph = size_pt
    kids = []
    for page in pages:
        image = page.image
        fx, fy = pw / image.width, ph / image.height
        picture = add(stream(*_image_object(image)))
        ops = [b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (_num(pw), _num(ph)), b"BT 3 Tr"]
        for run in page.runs:
            size = run.size * fx
            natural = _helvetica_width(run.text) * size
            stretch = max(30.0, min(300.0, 100 * run.width * fx / natural)) if natural else 100.0
            ops.append(
                b"/F1 %s Tf %s Tz 1 0 0 1 %s %s Tm %s Tj"
                % (
                    _num(size),
                    _num(stretch),
                    _num(run.x * fx),
                    _num(ph - run.baseline * fy),
                    pdf_string(run.text),
                )
            )
        ops.append(b"ET")
        contents = add(stream(b"", b"\n".join(ops)))
        annots = []
        for area in page.links:
            x0, y0, x1, y1 = area.box
            rect = b" ".join(_num(v) for v in (x0 * fx, ph - y1 * fy, x1 * fx, ph - y0 * fy))
            annots.append(
                add(
                    b"<< /Type /Annot /Subtype /Link /Rect [%s] /Border [0 0 0] "
                    b"/A << /S /URI /URI %s >> >>" % (rect, pdf_string(area.url))
                )
            )
        annot_refs = b" ".join(b"%d 0 R" % a for a in annots)
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /Font "
                b"<< /F1 %d 0 R >> /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R "
                b"/Annots [%s] >>" % (tree, _num(pw), _num(ph), font, picture, contents, annot_refs)
            )
        )
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    objects[catalog - 1] = (
        b"<< /Type /Catalog /Pages %d 0 R /Lang (en) "
        b"/ViewerPreferences << /DisplayDocTitle true >> >>" % tree
    )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    file_id = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().encode()
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        catalog,
        info,
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# ------------------------------------------------------------------ command line


def main(argv: list[str] | None = None) -> int:
    """Write every region's and condition's handout, PNG and PDF, A4 and Letter."""
    args = list(sys.argv[1:] if argv is None else argv)
    base_url, today = DEFAULT_BASE_URL, dt.date.today()
    positional = []
    while args:
        arg = args.pop(0)
        if arg == "--base-url" and args:
            base_url = args.pop(0)
        elif arg == "--today" and args:
            today = dt.date.fromisoformat(args.pop(0))
        else:
            positional.append(arg)
    out = Path(positional[0] if positional else "handouts")
    content = load_content()
    jobs: list[tuple[str, str | None]] = []
    for region in content.regions:
        jobs.append((region.id, None))
        jobs += [(region.id, c.id) for c in content.conditions_for(region.id)]
    for paper in PAPER_SIZES:
        folder = out / paper
        folder.mkdir(parents=True, exist_ok=True)
        for region_id, condition_id in jobs:
            link = handout_link(base_url, region_id, condition_id)
            for kind, build in (("png", handout_png), ("pdf", handout_pdf)):
                start = time.perf_counter()
                data = build(content, region_id, condition_id, paper=paper, link=link, today=today)
                path = folder / handout_filename(region_id, condition_id, kind)
                path.write_bytes(data)
                took = time.perf_counter() - start
                print(f"{path}  {len(data) / 1024:.0f} KB  {took:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
