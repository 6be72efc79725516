"""The nerve ending of the step pictures, and the molecules in and around it.

ONE nerve ending ("bouton") sits in the upper middle of every scene, its fibre
coming in from the left: vesicles full of messenger inside it, one tied to the
wall by SNAP-25, one at the wall (or opening into the gap); the toxin's
"pac-man"; messenger crossing the gap; at a muscle, new sprouts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bodymap.render.step_pictures.pen import COLOURS, Pen, Point, bezier

# The nerve ending ("bouton") sits in the upper middle; the target fills the rest.
ENDING = (180.0, 100.0)
ENDING_RX, ENDING_RY = 70.0, 42.0


def at(dx: float, dy: float) -> Point:
    """A point relative to the centre of the nerve ending."""
    return (ENDING[0] + dx, ENDING[1] + dy)


# The incoming fibre, from beyond the panel's left edge into the top of the ending.
FIBRE = bezier((-12, 44), (70, 44), (140, 44), at(-12, -30))


def messenger(pen: Pen, c: Point, r: float, tissue: str) -> None:
    """One messenger molecule: a dot, or a downward triangle for pain messengers (CGRP)."""
    if tissue == "pain-nerves":
        h = r * 1.4
        pts = [
            (c[0] + h * math.cos(math.radians(a)), c[1] + h * math.sin(math.radians(a)))
            for a in (90, 210, 330)
        ]
        pen.polygon(pts, COLOURS.messenger, COLOURS.messenger_outline, 1.4)
    else:
        pen.circle(c, r, COLOURS.messenger, COLOURS.messenger_outline, 1.4)


VESICLE_R = 9.5
# Where the molecules sit in a vesicle, keyed by "is it triangles?". Irregular
# clusters on purpose: three dots in a triangle look like a face, and triangles
# turned about a centre like the radiation sign. Triangles are bigger: only three.
VESICLE_CONTENTS = {
    False: ((-4.2, -1.2), (1.2, -4.4), (4.0, 1.4), (-0.6, 4.2)),
    True: ((-4.0, -1.6), (2.8, -3.4), (1.6, 3.6)),
}


def vesicle(pen: Pen, c: Point, tissue: str) -> None:
    """A vesicle: a bubble holding a little cluster of messenger molecules."""
    pen.circle(c, VESICLE_R, COLOURS.vesicle_fill, COLOURS.messenger_outline, 1.8)
    for dx, dy in VESICLE_CONTENTS[tissue == "pain-nerves"]:
        messenger(pen, (c[0] + dx, c[1] + dy), 2.2, tissue)


def toxin(pen: Pen, c: Point, facing: float, r: float = 9.0) -> None:
    """The toxin: a magenta "pac-man" whose open mouth (the cutting part) faces ``facing``°."""
    pen.pieslice(c, r, facing + 32, facing + 328, COLOURS.toxin, COLOURS.toxin_outline)


def snap25(pen: Pen, top: Point, bottom: Point, cut: bool) -> None:
    """The docking protein tying a vesicle to the wall: a twisted pair of strands.

    Cut: the two halves are pulled apart with a break between them.
    """
    (x, y0), (_, y1) = top, bottom
    n = 30
    for phase in (0.0, math.pi):
        pts = [
            (x + 3.6 * math.sin(phase + i / n * 4 * math.pi), y0 + (y1 - y0) * i / n)
            for i in range(n + 1)
        ]
        if cut:  # a clear break in the middle, the lower half knocked askew
            pen.line(pts[:11], COLOURS.snap25, 2.2)
            pen.line([(px + 2.5, py + 1) for px, py in pts[20:]], COLOURS.snap25, 2.2)
        else:
            pen.line(pts, COLOURS.snap25, 2.2)


# ------------------------------------------------------------------ the nerve


def _pain_branches() -> list[list[Point]]:
    # A pain-sensing ending is a bare, branched "free" ending, not a neat knob.
    return [
        bezier(at(46, -30), at(60, -40), at(74, -48), at(90, -46), 12),
        bezier(at(66, -4), at(80, -8), at(92, -10), at(104, -6), 12),
    ]


def sprout_paths() -> list[list[Point]]:
    # New little branches growing from the ending toward the target.
    return [
        bezier(at(-52, 26), at(-70, 40), at(-84, 48), at(-96, 62), 16),
        bezier(at(54, 24), at(70, 36), at(84, 46), at(94, 62), 16),
    ]


def nerve(pen: Pen, tissue: str, sprouts: bool) -> None:
    """The fibre, its ending and (panel 6) new sprouts, as one outlined shape."""
    c, edge, fill = ENDING, COLOURS.nerve, COLOURS.nerve_fill
    branches = _pain_branches() if tissue == "pain-nerves" else []
    extra = branches + (sprout_paths() if sprouts else [])
    tips = [b[-1] for b in extra]
    # Edges first (fibre, branches, ending, knobs), then fills on top: one outline.
    pen.line(FIBRE, edge, 16 + 6)
    for pts in extra:
        pen.line(pts, edge, 7 + 5)
    pen.ellipse(c, ENDING_RX + 3, ENDING_RY + 3, edge)
    for t in tips:
        pen.circle(t, 7 + 2.5, edge)
    pen.line(FIBRE, fill, 16)
    for pts in extra:
        pen.line(pts, fill, 7)
    pen.ellipse(c, ENDING_RX, ENDING_RY, fill)
    for t in tips:
        pen.circle(t, 7, fill)


# Vesicle positions inside the ending (relative to its centre).
FREE_VESICLES = ((-42, -4), (-16, -22), (14, -20), (42, -4))
DOCKED = (16.0, 6.0)  # tied to the wall by SNAP-25
FUSING_DX = -22.0  # where a vesicle opens into the gap in panel 2


def wall_y(dx: float) -> float:
    """y of the ending's bottom wall at horizontal offset dx from its centre."""
    return ENDING[1] + ENDING_RY * math.sqrt(max(0.0, 1 - (dx / ENDING_RX) ** 2))


def _fusion_pore(pen: Pen, tissue: str) -> None:
    """A vesicle merged into the wall (an "omega"): open to the gap, emptying out."""
    x, wall = ENDING[0] + FUSING_DX, wall_y(FUSING_DX)
    r, half_open = VESICLE_R + 1, 5.5
    centre = (x, wall - math.sqrt(r * r - half_open * half_open))
    # Cut the wall's edge where the pore opens ...
    pen.polygon(
        [
            (x - half_open, wall - 2),
            (x + half_open, wall - 2),
            (x + half_open, wall + 5),
            (x - half_open, wall + 5),
        ],
        COLOURS.background,
    )
    # ... and draw the bubble as part of the wall, white inside like the gap.
    start = math.degrees(math.atan2(wall - centre[1], half_open))
    pen.circle(centre, r, COLOURS.background)
    pen.arc(centre, r, 180 - start, 360 + start, COLOURS.nerve, 3)
    messenger(pen, (centre[0] - 2.5, centre[1] - 2), 2.2, tissue)
    messenger(pen, (centre[0] + 3, centre[1] + 2), 2.2, tissue)


def vesicles(pen: Pen, tissue: str, *, fusing: bool, cut: bool) -> None:
    """The messenger-filled vesicles, one docked by SNAP-25, one at the wall."""
    for dx, dy in FREE_VESICLES:
        vesicle(pen, at(dx, dy), tissue)
    docked = at(*DOCKED)
    snap25(pen, (docked[0], docked[1] + 9), (docked[0], wall_y(DOCKED[0]) - 1), cut)
    vesicle(pen, docked, tissue)
    if fusing:
        _fusion_pore(pen, tissue)
    else:  # waiting at the wall
        vesicle(pen, at(FUSING_DX, wall_y(FUSING_DX) - ENDING[1] - VESICLE_R - 2), tissue)


def released(pen: Pen, tissue: str, sources: Sequence[Point], count: int) -> None:
    """Messenger crossing the gap below each source point."""
    pattern = ((-5, 10), (6, 16), (-3, 24), (7, 31), (-6, 38), (2, 45))
    for sx, sy in sources:
        for dx, dy in pattern[:count]:
            messenger(pen, (sx + dx, sy + dy), 3.6, tissue)
