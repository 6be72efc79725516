"""Pagination: a handout's rows shared out between pages, and the pages drawn.

Rows marked ``keep_with_next`` stay together when they fit a page; later
pages get a "(continued)" header, every page a footer ("Page 1 of 2"). A
handout whose last page would hold only a few lines is laid out again more
tightly (smaller picture, less blank space, then 12 mm margins) if that saves
a page. A handout that needs more than its most pages stops with
:class:`~bodymap.render.handout.bounds.HandoutTooLong` as soon as that is
known: at once if its text could never fit (:func:`check_length`), else
when pagination reaches the page past the last.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw

from bodymap.model.content import Content
from bodymap.model.strings import Strings, cached_strings
from bodymap.render.handout.body_picture import RegionPicture
from bodymap.render.handout.bounds import (
    DEFAULT_BOUNDS,
    HandoutBounds,
    HandoutTooLong,
    check_time,
    running,
)
from bodymap.render.handout.direction import as_drawn, is_rtl_language, right_to_left, writing
from bodymap.render.handout.document import Document, compose, long_date, printed_length
from bodymap.render.handout.paper import (
    MARGIN_MM,
    MIN_MARGIN_MM,
    RULE,
    SMALL,
    STYLES,
    mm,
    paper_pixels,
)
from bodymap.render.handout.typeset import (
    LinkArea,
    Row,
    Span,
    TextRun,
    draw_runs,
    paint_rows,
    para,
    place,
    rows_height,
    rule,
    shift_links,
    shift_runs,
    text_run,
)
from bodymap.render.pillow_text import font, text_width

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


class _TooManyPages(Exception):
    """Pagination needed more pages than it was allowed."""


def _paginate(rows: Sequence[Row], tops: tuple[float, float], bottom: float, most: int):
    """Share rows out between pages: ``tops`` is where the first and later pages'
    text starts. Keeps rows marked ``keep_with_next`` together when they fit a
    page. Stops with :class:`_TooManyPages` when it needs page ``most + 1``."""
    pages: list[list[tuple[Row, float]]] = [[]]
    y = tops[0]
    i = 0
    while i < len(rows):
        check_time()
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
            if len(pages) >= most:
                raise _TooManyPages
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
    most_pages: int,
) -> _Laid:
    """One try at the handout, set at ``density``, in at most ``most_pages``
    pages (else :class:`_TooManyPages`)."""
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
    pages = _paginate(doc.rows, tops, bottom, most_pages)
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
    bounds: HandoutBounds = DEFAULT_BOUNDS,
) -> list[HandoutPage]:
    """The handout's pages, each with the text drawn on it (for the PDF's text
    layer), in the words of ``strings`` (default: the English catalog).

    Raises :class:`HandoutTooLong` if it needs more than ``bounds.max_pages``
    pages or runs past ``bounds.seconds`` (counted from the outermost build)."""
    strings = strings or cached_strings()
    with running(bounds), writing(is_rtl_language(strings.lang)):
        check_length(content, region_id, condition_id, paper=paper, bounds=bounds)
        args = (content, region_id, condition_id, paper, link, today)
        return _draw(content, _lay_out_within(*args, strings, bounds), paper, today, strings)


def _lay_out_within(
    content: Content,
    region_id: str,
    condition_id: str | None,
    paper: str,
    link: str,
    today: dt.date,
    strings: Strings,
    bounds: HandoutBounds,
) -> _Laid:
    """The handout shared out between at most ``bounds.max_pages`` pages, set
    more tightly if its last page would hold only a few lines and that saves
    a page (else :class:`HandoutTooLong`)."""
    args = (content, region_id, condition_id, paper, link, today)
    try:
        # One page more than allowed: setting it more tightly may save it.
        laid = _lay_out(*args, DENSITIES[0], strings, bounds.max_pages + 1)
    except _TooManyPages:
        raise HandoutTooLong.pages(bounds.max_pages) from None
    for density in DENSITIES[1:]:
        if len(laid.pages) == 1 or laid.fill >= LAST_PAGE_FILL:
            break
        # A last page with a few lines on it: try again, set more tightly,
        # stopping as soon as that saves no page.
        try:
            laid = _lay_out(*args, density, strings, len(laid.pages) - 1)
        except _TooManyPages:
            continue
    if len(laid.pages) > bounds.max_pages:
        raise HandoutTooLong.pages(bounds.max_pages)
    return laid


def check_length(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    bounds: HandoutBounds = DEFAULT_BOUNDS,
) -> None:
    """Raise :class:`HandoutTooLong` at once if the handout's text could not
    fit ``bounds.max_pages`` pages even set as tightly as text can be: every
    line full of the narrowest letter in the smallest type, nothing else on
    the page. Only a runaway handout fails it, in microseconds, before any
    layout (the app asks before offering the download); the exact bound is
    pagination's. KeyError or ValueError for a handout that does not exist."""
    if printed_length(content, region_id, condition_id) > (
        bounds.max_pages * _most_characters_a_page(paper)
    ):
        raise HandoutTooLong.pages(bounds.max_pages)


@functools.lru_cache(maxsize=4)
def _most_characters_a_page(paper: str) -> int:
    """More characters than any page of ``paper`` holds."""
    width, height = paper_pixels(paper)
    inner_w, inner_h = width - 2 * mm(MIN_MARGIN_MM), height - 2 * mm(MIN_MARGIN_MM)
    size = min(s.size for s in STYLES)
    narrowest = min(text_width(c, size) for c in string.printable if c.isprintable())
    leading = min(s.leading for s in STYLES)
    return int(inner_w / narrowest + 1) * int(inner_h / leading + 1)


def _draw(
    content: Content, laid: _Laid, paper: str, today: dt.date, strings: Strings
) -> list[HandoutPage]:
    """Every page of ``laid`` drawn, with its header, footer and text runs."""
    width, height = paper_pixels(paper)
    margin, x = laid.margin, laid.margin
    w = width - 2 * margin - 1
    mirrored = right_to_left()
    out = []
    for number, placed in enumerate(laid.pages, start=1):
        check_time()
        image = Image.new("RGB", (width, height), "#FFFFFF")
        draw = ImageDraw.Draw(image)
        header = [] if number == 1 else place(laid.header, margin)
        footer = _footer(
            content.site.title, laid.doc.title, today, number, len(laid.pages), x, w, strings
        )
        # In reading order: the text layer of the PDF follows it.
        everything = [*header, *placed, (footer, height - margin - footer.height)]
        paint_rows(draw, image, everything, text=not mirrored)
        runs = [r for row, top in everything for r in shift_runs(row.runs, top)]
        links = [a for row, top in everything for a in shift_links(row.links, top)]
        picture_box, picture = None, None
        for row, top in placed:
            if row.picture is not None:
                (bx0, by0, bx1, by1), picture = row.picture
                picture_box = (bx0, round(top) + by0, bx1, round(top) + by1)
        if mirrored:
            image, runs, links, picture_box = _mirror(image, runs, links, picture_box, picture)
        out.append(HandoutPage(image, tuple(runs), tuple(links), picture_box, picture))
    return out


def _mirror(
    image: Image.Image,
    runs: list[TextRun],
    links: list[LinkArea],
    picture_box: tuple[int, int, int, int] | None,
    picture: RegionPicture | None,
) -> tuple[Image.Image, list[TextRun], list[LinkArea], tuple[int, int, int, int] | None]:
    """A right-to-left page: what was laid out on the left goes to the right
    (columns, bullets, badges, the footer), and the text is drawn in place,
    in its own visual order. The body picture is put back unmirrored: a front
    view shows the patient's right on the viewer's left in every language."""
    width = image.width
    image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    runs = [replace(r, x=width - r.x - r.width) for r in runs]
    links = [
        LinkArea((width - x1, y0, width - x0, y1), a.url)
        for a in links
        for x0, y0, x1, y1 in [a.box]
    ]
    if picture_box is not None and picture is not None:
        x0, y0, x1, y1 = picture_box
        picture_box = (width - x1, y0, width - x0, y1)
        image.paste(picture.image, picture_box[:2])
    draw_runs(ImageDraw.Draw(image), runs)
    return image, runs, links, picture_box


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
    date = long_date(today, strings.lang)
    left = as_drawn(strings("handout_print.footer", app=app, title=title, date=date))
    right = strings("handout_print.page", number=number, total=total)
    row = Row(FOOTER_HEIGHT)
    baseline = 14 + font(SMALL.size).getmetrics()[0]
    rw = SMALL.width(right)
    lw = SMALL.width(left)
    if lw > w - rw - 30:  # a very long title: keep the page number, shorten the rest
        left = left[: round(w)]  # no letter is narrower than a pixel: the rest can't fit
        while left and SMALL.width(left + "...") > w - rw - 30:
            check_time()
            left = left[:-1]
        left += "..."
        lw = SMALL.width(left)
    row.runs = [
        text_run(x, baseline, left, SMALL, left),
        text_run(x + w - rw, baseline, right, SMALL, right),
    ]

    def paint(draw: ImageDraw.ImageDraw, _image: Image.Image, top: float) -> None:
        draw.line((x, top + 2, x + w, top + 2), fill=RULE, width=2)

    row.paints.append(paint)
    return row
