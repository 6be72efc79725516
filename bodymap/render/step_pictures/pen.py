"""Drawing in scene units: the step pictures' colours, their pen, and the small shapes.

Scenes are drawn in *design units*: every panel's picture is ``DESIGN_WIDTH``
units wide and ``SCENE_HEIGHT`` tall, whatever width the caller asks for, so
the geometry of the scenes reads as plain numbers. Text is sized in display
pixels instead (``LABEL_PX``), so labels stay readable when panels are narrow.
The ``Pen`` turns both into pixels of a supersampled panel image.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PIL import ImageDraw

from bodymap.render.arabic_text import draw_line, has_rtl
from bodymap.render.palette import PALETTE
from bodymap.render.pillow_text import draw_text

Point = tuple[float, float]

# ------------------------------------------------------------------ colours


@dataclass(frozen=True)
class ArtColours:
    """Colours of the step diagram (``#RRGGBB``).

    Lines, marks and small shapes are >= 3:1 against white (WCAG non-text
    contrast). The pale ``*_fill`` colours are only ever used inside an outline
    listed in ``OUTLINED_FILLS``, so the shape's edge carries the contrast.
    """

    background: str = PALETTE.background
    nerve: str = PALETTE.accent  # deep teal, as on the body map
    nerve_fill: str = "#D3EBEE"
    vesicle_fill: str = "#FFF4D6"
    messenger: str = "#E0A100"  # amber: acetylcholine dots / CGRP triangles
    messenger_outline: str = "#7A5200"
    toxin: str = "#8E2C8E"  # magenta "pac-man", a shape nothing else has
    toxin_outline: str = "#571A57"
    snap25: str = "#2E7D32"  # the docking protein the toxin cuts
    block: str = "#B3261E"  # the cross over the gap
    signal: str = "#C25400"  # nerve signal arrows and waves
    target: str = "#A23B2A"  # warm brick: muscle, gland, bladder wall
    target_fill: str = "#F6C4B5"
    wall_fill: str = "#FCE6DE"  # the bladder wall between its cells
    lining: str = "#AD1457"  # bladder lining and blood vessel: rose
    lining_fill: str = "#F9DCE6"
    sweat: str = "#1565C0"  # watery secretions: sweat, and saliva
    sweat_fill: str = "#CFE3F8"
    skin: str = "#6D4C41"
    pain: str = "#BF360C"
    ink: str = PALETTE.label  # arrows, clock, small labels
    border: str = PALETTE.region_outline
    number_fill: str = PALETTE.accent
    number_text: str = PALETTE.accent_text


COLOURS = ArtColours()

# Pale fills and the outline that always surrounds them.
OUTLINED_FILLS = {
    "nerve_fill": "nerve",
    "vesicle_fill": "messenger_outline",
    "messenger": "messenger_outline",
    "target_fill": "target",
    "wall_fill": "target",
    "lining_fill": "lining",
    "sweat_fill": "target",
}
# Text colour -> the colour it is drawn on.
TEXT_ON = {"ink": "background", "number_text": "number_fill"}


# ------------------------------------------------------------------ scene units

DESIGN_WIDTH = 360  # scene units across one panel
SCENE_HEIGHT = 276  # scene units from the title band to the panel's bottom edge
LABEL_PX = 13  # display px: the small labels in the scenes
# The scenes' words, in English; a caller passes them in another language
# (the interface catalog's mechanism.scene_*). "SNAP-25" is a protein's name.
SCENE_WORDS = {"toxin": "toxin", "months": "months"}
SCENE_WORD_KEYS = {"toxin": "mechanism.scene_toxin", "months": "mechanism.scene_months"}


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 32) -> list[Point]:
    """Points along a cubic Bézier curve."""
    out = []
    for i in range(n + 1):
        t = i / n
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


@dataclass
class Pen:
    """Draws in scene units onto a supersampled panel image."""

    draw: ImageDraw.ImageDraw
    k: float  # image pixels per scene unit
    top: float  # image y of scene y = 0 (below the title band)
    px: float  # image pixels per display pixel (for text)
    # The scenes' own small words, in the reader's language (SCENE_WORDS).
    words: Mapping[str, str] = field(default_factory=lambda: dict(SCENE_WORDS))

    def xy(self, p: Point) -> tuple[float, float]:
        return (p[0] * self.k, self.top + p[1] * self.k)

    def w(self, width: float) -> int:
        return max(1, round(width * self.k))

    def line(self, pts: Sequence[Point], colour: str, width: float, caps: bool = True) -> None:
        self.draw.line([self.xy(p) for p in pts], fill=colour, width=self.w(width), joint="curve")
        if caps:  # Pillow's lines end square; round ends look friendlier
            for p in (pts[0], pts[-1]):
                self.circle(p, width / 2, fill=colour)

    def circle(
        self, c: Point, r: float, fill: str | None = None, outline: str | None = None, width=2.0
    ) -> None:
        self.ellipse(c, r, r, fill, outline, width)

    def ellipse(
        self,
        c: Point,
        rx: float,
        ry: float,
        fill: str | None = None,
        outline: str | None = None,
        width: float = 2.0,
    ) -> None:
        (x, y), k = self.xy(c), self.k
        box = (x - rx * k, y - ry * k, x + rx * k, y + ry * k)
        self.draw.ellipse(box, fill=fill, outline=outline, width=self.w(width) if outline else 0)

    def polygon(
        self, pts: Sequence[Point], fill: str | None, outline: str | None = None, width=2.0
    ) -> None:
        xy = [self.xy(p) for p in pts]
        self.draw.polygon(xy, fill=fill)
        if outline:
            self.line([*pts, pts[0]], outline, width, caps=False)

    def arc(self, c: Point, r: float, start: float, end: float, colour: str, width: float) -> None:
        (x, y), k = self.xy(c), self.k
        box = (x - r * k, y - r * k, x + r * k, y + r * k)
        self.draw.arc(box, start, end, fill=colour, width=self.w(width))

    def pieslice(
        self, c: Point, r: float, start: float, end: float, fill: str, outline: str
    ) -> None:
        (x, y), k = self.xy(c), self.k
        box = (x - r * k, y - r * k, x + r * k, y + r * k)
        self.draw.pieslice(box, start, end, fill=fill, outline=outline, width=self.w(1.6))

    def text(self, p: Point, s: str, size_px: int, colour: str, anchor: str = "mm") -> None:
        if has_rtl(s):  # Arabic: shaped, in its own font
            draw_line(self.draw, self.xy(p), s, round(size_px * self.px), colour, anchor)
            return
        draw_text(self.draw, self.xy(p), s, round(size_px * self.px), colour, anchor)


# ------------------------------------------------------------------ small shapes


def tube(pen: Pen, paths: Sequence[Sequence[Point]], width: float, fill: str, edge: str) -> None:
    """Draw several strokes as ONE outlined tube (all edges first, then all fills)."""
    for pts in paths:
        pen.line(pts, edge, width + 5)
    for pts in paths:
        pen.line(pts, fill, width)


def arrow(pen: Pen, a: Point, b: Point, colour: str, width: float = 3.0, head=9.0) -> None:
    """A straight arrow from a to b with a filled triangular head at b."""
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    base = (b[0] - head * math.cos(ang), b[1] - head * math.sin(ang))
    pen.line([a, base], colour, width)
    left = (base[0] + head * 0.6 * math.sin(ang), base[1] - head * 0.6 * math.cos(ang))
    right = (base[0] - head * 0.6 * math.sin(ang), base[1] + head * 0.6 * math.cos(ang))
    pen.polygon([b, left, right], colour)


def curved_arrow(pen: Pen, pts: Sequence[Point], colour: str, width: float = 3.0) -> None:
    """An arrow along a polyline, head at the last point."""
    pen.line(pts[:-2], colour, width)
    arrow(pen, pts[-4], pts[-1], colour, width, head=10)


def offset(pts: Sequence[Point], d: float) -> list[Point]:
    """The polyline moved sideways by d (positive = to the right of travel)."""
    out = []
    for i, (x, y) in enumerate(pts):
        x0, y0 = pts[max(i - 1, 0)]
        x1, y1 = pts[min(i + 1, len(pts) - 1)]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        out.append((x - (y1 - y0) / length * d, y + (x1 - x0) / length * d))
    return out


def bolt(pen: Pen, c: Point, size: float, colour: str) -> None:
    """A small lightning bolt: "a nerve signal"."""
    s = size / 20
    shape = [(1, -10), (-5, 1), (0, 1), (-2, 10), (5, -2), (0, -2), (3, -10)]
    pen.polygon([(c[0] + x * s, c[1] + y * s) for x, y in shape], colour)


def zigzag(pen: Pen, a: Point, b: Point, colour: str, teeth: int = 4, amp=4.0) -> None:
    """A jagged line from a to b: "pain" or "signal"."""
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    nx, ny = -math.sin(ang), math.cos(ang)
    pts = [a]
    for i in range(1, 2 * teeth):
        t = i / (2 * teeth)
        sign = 1 if i % 2 else -1
        pts.append(
            (a[0] + (b[0] - a[0]) * t + nx * amp * sign, a[1] + (b[1] - a[1]) * t + ny * amp * sign)
        )
    pts.append(b)
    pen.line(pts, colour, 2.6)


def cross(pen: Pen, c: Point, arm: float = 10.0) -> None:
    """A bold ✕ drawn with lines, with a white halo so it stands out."""
    for colour, width in ((COLOURS.background, 8.0), (COLOURS.block, 5.0)):
        pen.line([(c[0] - arm, c[1] - arm), (c[0] + arm, c[1] + arm)], colour, width)
        pen.line([(c[0] - arm, c[1] + arm), (c[0] + arm, c[1] - arm)], colour, width)


def droplet(pen: Pen, c: Point, r: float) -> None:
    """A sweat droplet: round at the bottom, pointed at the top."""
    pts = [(c[0], c[1] - 2.1 * r)]
    for a in range(-35, 216, 10):
        pts.append((c[0] + r * math.cos(math.radians(a)), c[1] + r * math.sin(math.radians(a))))
    pen.polygon(pts, COLOURS.sweat, COLOURS.sweat, 1.0)
