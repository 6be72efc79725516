"""Which way a handout's text runs: left to right (English) or right to left (Arabic).

A handout is built in one direction, set by the outermost build call from its
interface catalog's language (:func:`writing`) and looked up here by the code
that measures and draws text, as the time budget is (``bounds``): each thread
(each Streamlit download) has its own, and outside a build it is left to right.

Left to right, text is measured and drawn in Pillow's built-in font exactly as
before Arabic existed (``bodymap.render.pillow_text``). Right to left it is
ordered, shaped and measured by ``bodymap.render.arabic_text``; the page
itself is laid out as if left to right and mirrored when drawn
(``layout``), all but the body picture.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import ImageDraw

from bodymap.render import arabic_text
from bodymap.render.pillow_text import Ink, draw_text, drawable, text_width
from bodymap.vocabulary import RIGHT_TO_LEFT

# Languages written right to left that the handout has fonts for.

_RTL: contextvars.ContextVar[bool] = contextvars.ContextVar("handout_rtl", default=False)


def is_rtl_language(lang: str) -> bool:
    """Whether a handout in ``lang`` runs right to left."""
    return lang in RIGHT_TO_LEFT


@contextmanager
def writing(rtl: bool) -> Iterator[None]:
    """Build the handout inside right to left (``rtl``) or left to right."""
    token = _RTL.set(rtl)
    try:
        yield
    finally:
        _RTL.reset(token)


def right_to_left() -> bool:
    """Whether the handout being built runs right to left."""
    return _RTL.get()


def as_drawn(text: str) -> str:
    """``text`` as it is handed to the measuring and drawing below: left to
    right with the built-in font's stand-ins in place ("1–2" as "1-2"); right
    to left as written (``arabic_text`` picks a font, or a stand-in, per
    character while it shapes)."""
    return text if right_to_left() else drawable(text)


def measure(text: str, px: int, bold: bool = False) -> float:
    """Width in pixels of one line of ``text`` (already :func:`as_drawn`) at ``px``."""
    if right_to_left():
        return arabic_text.line_width(text, px, bold, rtl=True)
    return text_width(text, px, bold)


def draw_label(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    px: int,
    colour: Ink,
    anchor: str,
    bold: bool = False,
) -> None:
    """Draw one line of ``text`` (already :func:`as_drawn`) anchored at ``xy``, as
    Pillow's ``draw.text`` would (anchors ``ls`` or ``mm``, say)."""
    if right_to_left():
        arabic_text.draw_line(draw, xy, text, px, colour, anchor, bold, rtl=True)
    else:
        draw_text(draw, xy, text, px, colour, anchor, bold)
