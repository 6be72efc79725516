"""Pagination: a handout's rows shared out between pages, and the pages drawn.

Rows marked ``keep_with_next`` stay together when they fit a page; later
pages get a "(continued)" header, every page a footer ("Page 1 of 2"). A
handout whose last page would hold only a few lines is laid out again more
tightly (smaller picture, less blank space, then 12 mm margins) if that saves
a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from bodymap.model.content import Content
from bodymap.model.strings import Strings, cached_strings
from bodymap.render.handout.body_picture import RegionPicture
from bodymap.render.handout.document import Document, compose, long_date
from bodymap.render.handout.paper import (
    MARGIN_MM,
    MIN_MARGIN_MM,
    MUTED,
    RULE,
    SMALL,
    mm,
    paper_pixels,
)
from bodymap.render.handout.typeset import (
    LinkArea,
    Row,
    Span,
    TextRun,
    paint_rows,
    para,
    place,
    rows_height,
    rule,
    shift_links,
    shift_runs,
)
from bodymap.render.pillow_text import drawable, font

PICTURE_HEIGHT = 600  # px: the tallest the body picture is drawn
# When the last page would hold only a few lines, the handout is laid out
# again with a smaller picture and tighter spacing, if that saves the page.
LAST_PAGE_FILL = 0.3
PICTURE_TIGHT = 480
SPACE_TIGHT = 0.5
FOOTER_HEIGHT = 42  # px: a rule and one line of small text


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


def _paginate(rows: Sequence[Row], tops: tuple[float, float], bottom: float):
    """Share rows out between pages: ``tops`` is where the first and later pages'
    text starts. Keeps rows marked ``keep_with_next`` together when they fit a page."""
    pages: list[list[tuple[Row, float]]] = [[]]
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

    doc: Document
    pages: list[list[tuple[Row, float]]]
    margin: int
    header: list[Row]
    fill: float  # share of the last page's text area in use


def _lay_out(
    content: Content,
    region_id: str,
    condition_id: str | None,
    paper: str,
    link: str,
    today: dt.date,
    density: _Density,
    strings: Strings,
) -> _Laid:
    width, height = paper_pixels(paper)
    margin = mm(density.margin_mm)
    # Less one pixel: a rule or a box edge drawn at x + w stays out of the margin.
    x, w = margin, width - 2 * margin - 1
    if condition_id is None:
        page_title = content.region(region_id).label
    else:
        page_title = content.condition(condition_id).name
    continued = strings("handout_print.continued", app=content.site.title, title=page_title)
    header = [*para([Span(continued, SMALL)], x, w), rule(x, x + w)]
    tops = (margin, margin + rows_height(header) + 10)
    bottom = height - margin - FOOTER_HEIGHT - 12
    doc = compose(
        content, region_id, condition_id, link, today, x, w, density.picture_height, strings
    )
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
    strings: Strings | None = None,
) -> list[HandoutPage]:
    """The handout's pages, each with the text drawn on it (for the PDF's text
    layer), in the words of ``strings`` (default: the English catalog)."""
    strings = strings or cached_strings()
    width, height = paper_pixels(paper)
    laid = _lay_out(content, region_id, condition_id, paper, link, today, DENSITIES[0], strings)
    for density in DENSITIES[1:]:
        if len(laid.pages) == 1 or laid.fill >= LAST_PAGE_FILL:
            break
        # A last page with a few lines on it: try again, set more tightly.
        tighter = _lay_out(content, region_id, condition_id, paper, link, today, density, strings)
        if len(tighter.pages) < len(laid.pages):
            laid = tighter
    margin, x = laid.margin, laid.margin
    w = width - 2 * margin - 1
    out = []
    for number, placed in enumerate(laid.pages, start=1):
        image = Image.new("RGB", (width, height), "#FFFFFF")
        draw = ImageDraw.Draw(image)
        header = [] if number == 1 else place(laid.header, margin)
        footer = _footer(
            content.site.title, laid.doc.title, today, number, len(laid.pages), x, w, strings
        )
        # In reading order: the text layer of the PDF follows it.
        everything = [*header, *placed, (footer, height - margin - footer.height)]
        paint_rows(draw, image, everything)
        runs = [r for row, top in everything for r in shift_runs(row.runs, top)]
        links = [a for row, top in everything for a in shift_links(row.links, top)]
        picture_box, picture = None, None
        for row, top in placed:
            if row.picture is not None:
                (bx0, by0, bx1, by1), picture = row.picture
                picture_box = (bx0, round(top) + by0, bx1, round(top) + by1)
        out.append(HandoutPage(image, tuple(runs), tuple(links), picture_box, picture))
    return out


def _footer(
    app: str,
    title: str,
    today: dt.date,
    number: int,
    total: int,
    x: float,
    w: float,
    strings: Strings,
) -> Row:
    left = drawable(strings("handout_print.footer", app=app, title=title, date=long_date(today)))
    right = strings("handout_print.page", number=number, total=total)
    row = Row(FOOTER_HEIGHT)
    baseline = 14 + font(SMALL.size).getmetrics()[0]
    rw = SMALL.width(right)
    lw = SMALL.width(left)
    if lw > w - rw - 30:  # a very long title: keep the page number, shorten the rest
        while left and SMALL.width(left + "...") > w - rw - 30:
            left = left[:-1]
        left += "..."
        lw = SMALL.width(left)
    row.runs = [
        TextRun(x, baseline, left, left, SMALL.size, False, MUTED, lw),
        TextRun(x + w - rw, baseline, right, right, SMALL.size, False, MUTED, rw),
    ]

    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        draw.line((x, top + 2, x + w, top + 2), fill=RULE, width=2)

    row.paints.append(paint)
    return row
