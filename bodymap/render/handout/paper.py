"""Paper and type of the handout: page sizes, resolution, margins, colours and text styles.

The handout is drawn at ``DPI`` pixels per inch on A4 or Letter; every text
style is a size and line height in those pixels, none smaller than
``MIN_TEXT_PT`` printed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bodymap.render.handout.direction import measure
from bodymap.render.palette import PALETTE

PAPER_SIZES = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}  # width, height in mm
DPI = 150  # pixels per inch of the drawn page: A4 is 1240 x 1754 px
MM_PER_INCH = 25.4
POINTS_PER_INCH = 72
MARGIN_MM = 15.0  # on every side; headers and footers sit inside it
MIN_MARGIN_MM = 12.0  # when that saves a page (printers need about 5 mm)
MIN_TEXT_PT = 10.0  # smallest printed text size

NBSP = "\u00a0"
INK = "#1F1F1F"
MUTED = "#4F4F4F"  # 8:1 on white
ACCENT = PALETTE.accent  # deep teal: the highlighted region, links, headings
RULE = "#B8C4C6"
WARNING_FILL = "#FFF6E0"
DIM_REGION_OUTLINE = "#CDBFB3"  # the regions not highlighted: barely there


def paper_pixels(paper: str) -> tuple[int, int]:
    """Width and height of a page in pixels at ``DPI``."""
    width_mm, height_mm = paper_mm(paper)
    return round(width_mm / MM_PER_INCH * DPI), round(height_mm / MM_PER_INCH * DPI)


def paper_points(paper: str) -> tuple[float, float]:
    """Width and height of a page in PDF points (A4 595.28 x 841.89, Letter 612 x 792)."""
    width_mm, height_mm = paper_mm(paper)
    return (
        round(width_mm / MM_PER_INCH * POINTS_PER_INCH, 2),
        round(height_mm / MM_PER_INCH * POINTS_PER_INCH, 2),
    )


def paper_mm(paper: str) -> tuple[float, float]:
    """Width and height of a page in mm; ValueError for an unknown paper."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {sorted(PAPER_SIZES)}, not {paper!r}")
    return PAPER_SIZES[paper]


def mm(length_mm: float) -> int:
    """A length on paper in page pixels."""
    return round(length_mm / MM_PER_INCH * DPI)


@dataclass(frozen=True)
class Style:
    """A text style: size and line height in px, weight, colour."""

    size: int
    leading: int
    bold: bool = False
    colour: str = INK

    def width(self, text: str) -> float:
        """Width in px of one line of ``text`` (already ``as_drawn``) in this style,
        in the direction of the handout being built."""
        return measure(text, self.size, self.bold)


BODY = Style(23, 31)  # 11 pt printed
BOLD = replace(BODY, bold=True)
SMALL = Style(21, 28, colour=MUTED)  # 10 pt: sources, captions, footers
SMALL_INK = replace(SMALL, colour=INK)
LINK = replace(SMALL, colour=ACCENT)
BODY_LINK = replace(BODY, colour=ACCENT)
BRAND = Style(34, 44, True, ACCENT)
TITLE = Style(44, 54, True)
CONDITION = Style(33, 42, True, ACCENT)
HEADING = Style(25, 36, True)
LABEL = Style(23, 30, True, ACCENT)  # the label on the picture
BADGE = Style(22, 30, True, "#FFFFFF")
# Every style, for the tests: none is smaller than MIN_TEXT_PT printed.
STYLES = (BODY, BOLD, SMALL, SMALL_INK, LINK, BODY_LINK, BRAND, TITLE, CONDITION, HEADING)
STYLES += (LABEL, BADGE)
