"""The targets of the step pictures: what the nerve ending works on, in each tissue.

A striped skeletal-muscle fibre, a coiled sweat gland, a grape-like salivary
gland, the bladder wall, or a small blood vessel beside a pain nerve; each
drawn in a state: "neutral" (before anything happens), "active" (messenger
arrived), "rest" (blocked) or "partial" (the effect is wearing off).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from bodymap.render.step_pictures.pen import (
    COLOURS,
    LABEL_PX,
    Pen,
    Point,
    arrow,
    bezier,
    curved_arrow,
    droplet,
    tube,
    zigzag,
)


def _muscle(pen: Pen, state: str) -> None:
    """A striped skeletal-muscle fibre; bunches up when it contracts."""
    half_len, half_h = {"neutral": (122, 30), "active": (88, 40), "rest": (142, 27)}.get(
        state, (110, 33)
    )
    cx, cy = 180.0, 214.0
    x0, x1, y0, y1 = cx - half_len, cx + half_len, cy - half_h, cy + half_h
    (px0, py0), (px1, py1) = pen.xy((x0, y0)), pen.xy((x1, y1))
    pen.draw.rounded_rectangle(
        (px0, py0, px1, py1),
        radius=half_h * pen.k,
        fill=COLOURS.target_fill,
        outline=COLOURS.target,
        width=pen.w(2.6),
    )
    # Same number of stripes at every length: they crowd together when it contracts.
    stripes = 15
    for i in range(stripes):
        x = x0 + half_h * 0.8 + (2 * half_len - 1.6 * half_h) * i / (stripes - 1)
        pen.line([(x, y0 + 8), (x, y1 - 8)], COLOURS.target, 1.8)
    if state == "active":
        for side in (-1, 1):
            tip = cx + side * (half_len + 6)
            arrow(pen, (tip + side * 34, cy), (tip, cy), COLOURS.ink, 3.2)
    elif state == "partial":
        for side in (-1, 1):
            tip = cx + side * (half_len + 6)
            arrow(pen, (tip + side * 20, cy), (tip, cy), COLOURS.ink, 2.4, head=7)


def _coil_path() -> list[Point]:
    # A tube looped on itself (a prolate trochoid), like the secretory coil.
    pts = []
    for i in range(161):
        t = i / 160 * 4.5 * 2 * math.pi
        pts.append((96 + 5.4 * t - 18 * math.sin(t), 226 + 24 * math.cos(t)))
    return pts


SKIN_Y = 24.0
DUCT_X = 328.0


def _sweat_gland(pen: Pen, state: str) -> None:
    """A coiled sweat gland whose duct runs up to the skin surface (top)."""
    coil = _coil_path()
    end = coil[-1]
    duct = [
        *bezier(end, (end[0] + 40, end[1] + 10), (DUCT_X, 230), (DUCT_X, 170), 16),
        (DUCT_X, SKIN_Y + 2),
    ]
    # Blue inside while it is making sweat.
    inside = COLOURS.sweat_fill if state in ("active", "partial") else COLOURS.target_fill
    tube(pen, [coil, duct], 7, inside, COLOURS.target)
    # The skin surface with a pore where the duct opens.
    pen.line([(-4, SKIN_Y), (DUCT_X - 7, SKIN_Y)], COLOURS.skin, 3)
    pen.line([(DUCT_X + 7, SKIN_Y), (364, SKIN_Y)], COLOURS.skin, 3)
    pen.text((6, SKIN_Y - 4), "skin", LABEL_PX, COLOURS.ink, anchor="ls")
    # Sweat beads on the skin around the pore; dry skin has none.
    drops = {"active": ((0, 5.5), (-17, 4.5), (16, 4.5)), "partial": ((0, 4.5),)}
    for dx, r in drops.get(state, ()):
        droplet(pen, (DUCT_X + dx, SKIN_Y - 2 - r), r)
    if state == "rest":
        pen.text((DUCT_X - 14, SKIN_Y - 5), "dry", LABEL_PX, COLOURS.ink, anchor="rs")


# A salivary gland: a bunch of rounded sacs (acini), like grapes, whose small
# ducts join one duct that opens into the mouth (the lining at the right).
ACINI = (
    (92.0, 214.0),
    (118.0, 200.0),
    (146.0, 206.0),
    (80.0, 240.0),
    (108.0, 230.0),
    (136.0, 234.0),
    (98.0, 260.0),
    (126.0, 258.0),
    (154.0, 254.0),
)
ACINUS_R = 14.0
HILUM = (186.0, 232.0)  # where the small ducts meet
MOUTH_X = 334.0


def _salivary_gland(pen: Pen, state: str) -> None:
    """A grape-like salivary gland draining by a duct into the mouth (right)."""
    # Which sacs are full of saliva: all while it works hard, some as it recovers.
    full = {"active": len(ACINI), "neutral": 3, "partial": 4}.get(state, 0)
    duct = [
        *bezier(HILUM, (236, 232), (280, 246), (306, 236), 16),
        *bezier((306, 236), (318, 231), (326, 226), (MOUTH_X - 2, 224), 8),
    ]
    branches = [bezier(c, (c[0] + 20, c[1]), (HILUM[0] - 24, HILUM[1]), HILUM, 10) for c in ACINI]
    inside = COLOURS.sweat_fill if state in ("active", "partial") else COLOURS.target_fill
    tube(pen, [*branches, duct], 5, inside, COLOURS.target)
    for i, c in enumerate(ACINI):
        fill = COLOURS.sweat_fill if i < full else COLOURS.target_fill
        pen.circle(c, ACINUS_R, fill, COLOURS.target, 2.4)
        pen.circle(c, 3.2, COLOURS.target)  # the little central channel
    # The inside of the mouth: a soft lining with the duct's opening.
    lining = [(MOUTH_X, 150 + i * 4) for i in range(31)]
    pen.line(lining[:17], COLOURS.skin, 3)
    pen.line(lining[20:], COLOURS.skin, 3)
    pen.text((356, 144), "mouth", LABEL_PX, COLOURS.ink, anchor="rs")
    # Saliva leaving the duct into the mouth; none while the gland rests.
    drops = {
        "active": ((346, 214, 5.0), (348, 236, 4.6), (352, 258, 4.2)),
        "neutral": ((347, 226, 4.2),),
        "partial": ((347, 226, 4.6), (350, 248, 3.8)),
    }
    for x, y, r in drops.get(state, ()):
        droplet(pen, (x, y), r)
    if state == "rest":
        pen.text((252, 264), "less saliva", LABEL_PX, COLOURS.ink)


def _spindle(pen: Pen, c: Point, ang: float, length: float, thick: float) -> None:
    """One smooth-muscle cell: a pointed lens shape with a nucleus."""
    # u runs along the cell (-1..1), v across it; one edge out, the other back.
    edge = [(u, thick / 2 * (1 - u * u) ** 0.8) for u in (-1 + i / 6 for i in range(13))]
    outline = edge + [(u, -v) for u, v in reversed(edge)]
    ca, sa = math.cos(ang), math.sin(ang)
    pts = [
        (c[0] + u * length / 2 * ca - v * sa, c[1] + u * length / 2 * sa + v * ca)
        for u, v in outline
    ]
    pen.polygon(pts, COLOURS.target_fill, COLOURS.target, 1.6)
    pen.ellipse(c, thick * 0.28, thick * 0.22, COLOURS.target)


def _wall_curve(x: float) -> float:
    # The bladder wall bulges up toward the nerve; its ends dip away.
    return 170 + 18 * ((x - 180) / 180) ** 2


def _bladder_wall(pen: Pen, state: str) -> None:
    """A curved band of smooth muscle with its lining and a sensory nerve below."""
    thick, cell_len, cell_thick, half = {
        "neutral": (40, 44, 13, 150),
        "active": (50, 34, 18, 124),
        "rest": (36, 52, 10, 166),
    }.get(state, (42, 40, 14, 140))
    xs = [180 - half + 2 * half * i / 40 for i in range(41)]
    top = [(x, _wall_curve(x)) for x in xs]
    bottom = [(x, _wall_curve(x) + thick) for x in xs]
    pen.polygon(top + bottom[::-1], COLOURS.wall_fill, COLOURS.target, 2.4)
    for row, dy in enumerate((thick * 0.3, thick * 0.72)):
        x = 180 - half + cell_len * (0.6 + 0.5 * row)
        while x < 180 + half - cell_len * 0.55:
            slope = math.atan(36 * (x - 180) / 180**2)  # follow the curve: d/dx _wall_curve
            _spindle(pen, (x, _wall_curve(x) + dy), slope, cell_len, cell_thick)
            x += cell_len * 1.05
    # The lining: a row of small dome-shaped cells under the muscle.
    lx = 180 - half + 8
    while lx < 180 + half - 8:
        y = _wall_curve(lx) + thick + 1
        pen.draw.chord(
            (*pen.xy((lx - 8, y - 2)), *pen.xy((lx + 8, y + 14))),
            0,
            180,
            fill=COLOURS.lining_fill,
            outline=COLOURS.lining,
            width=pen.w(1.6),
        )
        lx += 16
    if state == "active":
        for side in (-1, 1):
            x = 180 + side * (half + 6)
            y = _wall_curve(x) + thick / 2
            arrow(pen, (x + side * 30, y), (x, y), COLOURS.ink, 3.2)
    # The sensory nerve in the lining, and its "bladder is filling" signal.
    # A stretched, squeezing wall makes it fire harder; a calm wall barely at all.
    tip = (208.0, _wall_curve(208) + thick + 7)
    fy = _wall_curve(300) + thick + 26
    sensory = bezier((372, fy), (300, fy), (236, fy), tip, 20)
    pen.line(sensory, COLOURS.nerve, 4)
    pen.circle(tip, 4.4, COLOURS.nerve)
    amp = {"active": 7.0, "neutral": 4.0, "rest": 0.8}.get(state, 4.5)
    wave = [(x, fy + 13 + amp * math.sin((x - 240) / 7)) for x in range(238, 316, 2)]
    curved_arrow(pen, [*wave, (322, fy + 13), (330, fy + 13)], COLOURS.signal, 2.2)


def _vessel_path(x: float) -> float:
    return 226 + 6 * math.sin((x - 40) / 90)


def _pain_target(pen: Pen, state: str) -> None:
    """A small blood vessel (double-walled tube) and a neighbouring nerve."""
    r = {"active": 19.0, "partial": 14.5}.get(state, 12.0)
    xs = list(range(-10, 372, 6))
    upper = [(x, _vessel_path(x) - r) for x in xs]
    lower = [(x, _vessel_path(x) + r) for x in xs]
    pen.polygon(upper + lower[::-1], COLOURS.lining_fill)
    pen.line(upper, COLOURS.lining, 3, caps=False)
    pen.line(lower, COLOURS.lining, 3, caps=False)
    for x in (60, 150, 250):  # red blood cells
        pen.ellipse((x, _vessel_path(x)), 7, 4.5, COLOURS.lining)
    # The neighbouring nerve, coming in from the right.
    nb = bezier((372, 164), (350, 166), (328, 170), (306, 176), 16)
    pen.line(nb, COLOURS.nerve, 5)
    tip = nb[-1]
    pen.circle(tip, 5, COLOURS.nerve)
    marks = {"active": 3, "partial": 1}.get(state, 0)
    for i in range(marks):  # "pain!" marks at the neighbour's tip
        ang = math.radians((285, 235, 322)[i])
        a = (tip[0] + 12 * math.cos(ang), tip[1] + 12 * math.sin(ang))
        b = (tip[0] + 30 * math.cos(ang), tip[1] + 30 * math.sin(ang))
        zigzag(pen, a, b, COLOURS.pain, teeth=2, amp=3.2)
    if state == "active":  # the vessel is widening
        for x in (100, 210):
            for side in (-1, 1):
                y = _vessel_path(x) + side * (r + 4)
                arrow(pen, (x, y - side * 1), (x, y + side * 12), COLOURS.ink, 2.4, head=7)


TargetDrawer = Callable[[Pen, str], None]
TARGETS: dict[str, TargetDrawer] = {
    "skeletal-muscle": _muscle,
    "sweat-glands": _sweat_gland,
    "salivary-glands": _salivary_gland,
    "bladder-wall": _bladder_wall,
    "pain-nerves": _pain_target,
}
