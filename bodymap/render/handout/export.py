"""The handout as files: page images, one stacked PNG, the PDF, their names and the link back.

Pure functions, no Streamlit: ``handout_png`` and ``handout_pdf`` return bytes
for ``st.download_button``; the app offers both formats of the same handout
together, so the last layout is kept for the other one. Each build keeps to
its ``bounds`` (most pages, time budget) or raises ``HandoutTooLong``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from urllib.parse import urlencode

from PIL import Image

from bodymap.model.content import Content
from bodymap.model.strings import Strings, cached_strings
from bodymap.render.handout.bounds import DEFAULT_BOUNDS, HandoutBounds, check_time, running
from bodymap.render.handout.layout import HandoutPage, layout_handout
from bodymap.render.handout.paper import DPI, paper_points
from bodymap.render.handout.pdf import quantize, write_pdf

KINDS = {"pdf": "application/pdf", "png": "image/png"}  # file kind -> MIME type
PNG_PAGE_GAP = 24  # px of grey between pages stacked into one PNG
PAGE_GAP_COLOUR = "#C8C8C8"
DEFAULT_BASE_URL = "https://bodymap.streamlit.app/"


@functools.lru_cache(maxsize=1)
def _last_layout(
    content: Content,
    region_id: str,
    condition_id: str | None,
    paper: str,
    link: str,
    today: dt.date,
    strings: Strings,
    bounds: HandoutBounds,
) -> tuple[HandoutPage, ...]:
    """The last handout laid out, kept for the other format: the app offers the
    PNG and the PDF of the same handout together. Only read from, never drawn on.
    (A build that raised is not kept: the next one tries again.)"""
    return tuple(
        layout_handout(
            content,
            region_id,
            condition_id,
            paper=paper,
            link=link,
            today=today,
            strings=strings,
            bounds=bounds,
        )
    )


def handout_pages(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
    strings: Strings | None = None,
    bounds: HandoutBounds = DEFAULT_BOUNDS,
) -> list[Image.Image]:
    """The handout as RGB page images at ``DPI``.

    For one region (every condition treated there, in ``conditions_for``
    order) or, with ``condition_id``, for that condition only. ``link`` is
    printed in full; ``today`` is the date it says it was made; the words
    around the content are from ``strings`` (default: the English catalog).
    Raises KeyError for an unknown region, ValueError for a condition not
    treated at the region or an unknown paper, and ``HandoutTooLong`` past
    ``bounds`` (more pages than it allows, or its time budget).
    """
    pages = layout_handout(
        content,
        region_id,
        condition_id,
        paper=paper,
        link=link,
        today=today,
        strings=strings,
        bounds=bounds,
    )
    return [p.image for p in pages]


def handout_png(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
    strings: Strings | None = None,
    bounds: HandoutBounds = DEFAULT_BOUNDS,
) -> bytes:
    """The handout as one PNG: several pages are stacked top to bottom with a
    thin grey gap, so a phone saves one picture. Carries the DPI for printing.
    Its words are from ``strings`` (default: the English catalog). Raises
    ``HandoutTooLong`` past ``bounds``, as :func:`handout_pages`."""
    strings = strings or cached_strings()
    with running(bounds):
        laid = _last_layout(content, region_id, condition_id, paper, link, today, strings, bounds)
        pages = [p.image for p in laid]
        width = pages[0].width
        height = sum(p.height for p in pages) + PNG_PAGE_GAP * (len(pages) - 1)
        sheet = Image.new("RGB", (width, height), PAGE_GAP_COLOUR)
        y = 0
        for page in pages:
            sheet.paste(page, (0, y))
            y += page.height + PNG_PAGE_GAP
        check_time()  # last: the encoding cannot stop part-way
        buffer = io.BytesIO()
        quantize(sheet).save(buffer, format="PNG", dpi=(DPI, DPI), compress_level=6)
        return buffer.getvalue()


def handout_pdf(
    content: Content,
    region_id: str,
    condition_id: str | None,
    *,
    paper: str,
    link: str,
    today: dt.date,
    strings: Strings | None = None,
    bounds: HandoutBounds = DEFAULT_BOUNDS,
) -> bytes:
    """The handout as a PDF: each page is the drawn page as a picture, with its
    text on top, invisible, so it can be searched, copied and read aloud; the
    link and the sources' addresses are clickable. Its words, and the language
    it declares, are from ``strings`` (default: the English catalog). Raises
    ``HandoutTooLong`` past ``bounds``, as :func:`handout_pages`."""
    strings = strings or cached_strings()
    with running(bounds):
        pages = _last_layout(content, region_id, condition_id, paper, link, today, strings, bounds)
        title = _title(content, region_id, condition_id, strings)
        return write_pdf(pages, paper_points(paper), title, today, strings.lang)


def _title(content: Content, region_id: str, condition_id: str | None, strings: Strings) -> str:
    """The PDF's document title: "bodymap handout: Jaw"."""
    app, region = content.site.title, content.region(region_id).label
    if condition_id is None:
        return strings("handout_print.pdf_title_region", app=app, region=region)
    condition = content.condition(condition_id).name
    return strings("handout_print.pdf_title_condition", app=app, condition=condition, region=region)


def handout_filename(region_id: str, condition_id: str | None, kind: str) -> str:
    """``"bodymap-underarm-severe-underarm-sweating.pdf"`` (``kind`` is "pdf" or "png")."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    parts = ["bodymap", region_id, *([condition_id] if condition_id else [])]
    return "-".join(parts) + f".{kind}"


def handout_link(
    base_url: str, region_id: str, condition_id: str | None = None, lang: str = "en"
) -> str:
    """The app's address that opens this handout's region (and condition) in its language."""
    params = {
        "region": region_id,
        **({"condition": condition_id} if condition_id else {}),
        "lang": lang,
    }
    return f"{base_url.split('?')[0]}?{urlencode(params)}"
