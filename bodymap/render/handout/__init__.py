"""Take-home handout: one region's (or one condition's) information as PNG or PDF.

Pure functions, no Streamlit: ``handout_png`` and ``handout_pdf`` return bytes
for ``st.download_button``, in the words of the interface catalog they are
given (``strings``, by default the English one; ``[handout_print]`` and the
card's headings in ``content/ui/en.toml``). Every page is drawn with Pillow
only (its built-in scalable font, because Streamlit Community Cloud has no
system fonts; for Arabic, the Noto Sans Arabic files in ``assets/fonts``).
The PDF is written here with the standard library: each page shows the drawn
page as a picture and carries the same text, invisible, on top of it, so the
PDF can be searched, copied and read aloud.

A handout in a right-to-left language (the Arabic catalog, ``lang="ar"``)
runs right to left: each line is right-aligned, in visual order (Latin words
and figures left to right inside it) and shaped by raqm; the page is mirrored
(the picture and the footer's page number change sides, bullets and badges
go right) but the body picture is not: anatomy reads the same in every
language. Its PDF's text is in logical order, for search and copy.

A handout has, in order: the app title and the region (or condition) name;
the body with the region highlighted, beside the region's summary and the FDA
boxed warning (boxed, with the not-medical-advice line); then for each
condition its status, summary, who it is for, the timeline in words, side
effects, good to know and questions to ask a clinician; then the date it was
made, when its content was last reviewed, the link back to the app, and the
numbered sources. Text flows onto as many pages as it needs ("Page 1 of 2");
nothing is cut. A handout whose last page would hold only a few lines is set
again more tightly (smaller picture, less blank space, then 12 mm margins).
Each build bounds its own work (``HandoutBounds``: at most ``MAX_PAGES``
pages, within ``TIME_BUDGET_S`` seconds) and stops past either with
``HandoutTooLong``; ``check_length`` tells at once whether the text could
ever fit.

The modules, each depending only on those above it:

- ``bounds``: the most pages and the time budget of a build;
- ``direction``: whether the build runs right to left, and measuring and
  drawing a line of text either way;
- ``paper``: page sizes, resolution, margins, colours and text styles;
- ``typeset``: spans into words, lines, paragraphs, lists and rows;
- ``body_picture``: the body with the region highlighted and labelled;
- ``document``: what the handout says, in order, as rows;
- ``layout``: rows shared out between pages, and the pages drawn;
- ``pdf_text``: the right-to-left text layer's font and character order;
- ``pdf``: the PDF writer;
- ``export``: the PNG, the PDF, file names and links (this package's API).

Text in the built-in font (glyph stand-ins, measuring, fake bold) is
``bodymap.render.pillow_text``, shared with the step pictures; Arabic text
(visual order, fonts, shaping) is ``bodymap.render.arabic_text``.

Usage: ``python -m bodymap.render.handout OUT_DIR [--base-url URL] [--today YYYY-MM-DD]
[--lang LANG]`` writes every region's and every condition's handout, both
formats, both papers, in ``LANG`` (default English).
"""

from __future__ import annotations

from bodymap.render.handout.body_picture import RegionPicture, choose_view, region_picture
from bodymap.render.handout.bounds import (
    DEFAULT_BOUNDS,
    MAX_PAGES,
    TIME_BUDGET_S,
    HandoutBounds,
    HandoutTooLong,
)
from bodymap.render.handout.export import (
    DEFAULT_BASE_URL,
    KINDS,
    PNG_PAGE_GAP,
    handout_filename,
    handout_link,
    handout_pages,
    handout_pdf,
    handout_png,
)
from bodymap.render.handout.layout import HandoutPage, check_length, layout_handout
from bodymap.render.handout.paper import DPI, PAPER_SIZES, paper_pixels, paper_points
from bodymap.render.handout.pdf import pdf_string
from bodymap.render.handout.typeset import LinkArea, TextRun

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_BOUNDS",
    "DPI",
    "KINDS",
    "MAX_PAGES",
    "PAPER_SIZES",
    "PNG_PAGE_GAP",
    "TIME_BUDGET_S",
    "HandoutBounds",
    "HandoutPage",
    "HandoutTooLong",
    "LinkArea",
    "RegionPicture",
    "TextRun",
    "check_length",
    "choose_view",
    "handout_filename",
    "handout_link",
    "handout_pages",
    "handout_pdf",
    "handout_png",
    "layout_handout",
    "paper_pixels",
    "paper_points",
    "pdf_string",
    "region_picture",
]
