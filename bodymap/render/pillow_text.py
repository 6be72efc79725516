"""Text drawn with Pillow, for every picture the app draws (the handout, the step pictures).

One job: put readable text on a Pillow image with no system fonts (Streamlit
Community Cloud has none). It loads Pillow's built-in scalable font (Aileron)
at any size, draws the characters that font lacks as close stand-ins
(``drawable``), fakes bold with a thin outline, measures and wraps text, and
draws pictures supersampled: ``SUPERSAMPLE`` times larger, then shrunk, so
curves and text come out smooth.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Ink = str | int  # "#RRGGBB" on an RGB image, 0-255 on an "L" image

SUPERSAMPLE = 2  # pictures are drawn this many times larger, then shrunk


@functools.lru_cache(maxsize=32)
def font(px: int) -> Font:
    """Pillow's built-in scalable font (Aileron) at ``px`` pixels."""
    return ImageFont.load_default(size=px)


def stroke(px: int, bold: bool) -> float:
    """Fake bold: a thin outline in the text colour (the built-in font has one
    weight). 0 for regular text."""
    return round(px * 0.02, 2) if bold else 0.0


@functools.lru_cache(maxsize=16384)
def text_width(text: str, px: int, bold: bool = False) -> float:
    """Width in pixels of ``text`` drawn at ``px`` (with its fake-bold outline)."""
    return font(px).getlength(text) + 2 * stroke(px, bold)


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    px: int,
    colour: Ink,
    anchor: str | None,
    bold: bool = False,
) -> None:
    """Draw ``text`` (already ``drawable``) at ``xy`` in the built-in font."""
    draw.text(
        xy,
        text,
        font=font(px),
        fill=colour,
        anchor=anchor,
        stroke_width=stroke(px, bold),
        stroke_fill=colour,
    )


def wrap(
    text: str, px: int, width: float, measure: Callable[[str, int], float] = text_width
) -> list[str]:
    """Greedy word wrap of ``text`` at ``px`` to a pixel ``width``: a word wider
    than the line gets a line of its own. ``measure(text, px)`` is a line's
    width: the built-in font's by default (Arabic: arabic_text.line_width)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}", px) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


# ------------------------------------------------------------------ characters the font lacks

# The built-in font has no glyph for these: draw a close ASCII stand-in (a
# PDF's text layer keeps the original characters).
STAND_INS = {
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
    "\u2190": "<-",
    "\u00bd": "1/2",
    "\u00bc": "1/4",
    "\u00be": "3/4",
    "\u00b2": "2",
    "\u00b3": "3",
    "\u20ac": "EUR",
    "\u00ae": "(R)",
}


def _glyph_bitmap(char: str) -> bytes:
    image = Image.new("L", (40, 40), 0)
    draw_text(ImageDraw.Draw(image), (6, 6), char, 20, 255, anchor=None)
    return image.tobytes()


@functools.lru_cache(maxsize=1)
def _notdef() -> bytes:
    return _glyph_bitmap("\uffff")


@functools.lru_cache(maxsize=1024)
def has_glyph(char: str) -> bool:
    """Whether the built-in font draws ``char`` (rather than its empty box)."""
    return char == " " or _glyph_bitmap(char) != _notdef()


@functools.lru_cache(maxsize=4096)
def drawable(text: str) -> str:
    """``text`` with every character the built-in font lacks replaced by a stand-in:
    ``"1–2 weeks"`` is drawn ``"1-2 weeks"``, ``"é"`` as ``"e"``."""
    out = []
    for char in text:
        if char in STAND_INS:
            out.append(STAND_INS[char])
        elif ord(char) < 127 or has_glyph(char):
            out.append(char)
        else:
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(plain if plain and all(has_glyph(c) for c in plain) else "?")
    return "".join(out)


# ------------------------------------------------------------------ supersampling


def supersampled(
    width: int, height: int, background: str, factor: int = SUPERSAMPLE
) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """An RGB canvas ``factor`` times ``width`` x ``height``, and a pen on it.
    Draw at that size, then ``shrink`` it."""
    image = Image.new("RGB", (width * factor, height * factor), background)
    return image, ImageDraw.Draw(image)


def shrink(image: Image.Image) -> Image.Image:
    """A supersampled drawing at 1/``SUPERSAMPLE`` the size.

    Averaging each 2x2 block is all a supersampled drawing needs, and it is ~20x
    faster than a LANCZOS resize (which also rings slightly at hard edges).
    """
    return image.reduce(SUPERSAMPLE)
