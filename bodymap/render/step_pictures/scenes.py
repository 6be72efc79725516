"""The six scenes of the step pictures: one step of the story each, in any tissue.

1 the signal arrives; 2 messenger is released from its vesicles; 3 the toxin
cuts SNAP-25; 4 no messenger gets out; 5 the target rests; 6 the nerve
recovers (at a muscle, by growing new sprouts first), so the effect fades.
"""

from __future__ import annotations

import math

from bodymap.render.step_pictures.nerve import (
    DOCKED,
    ENDING,
    FIBRE,
    FUSING_DX,
    nerve,
    released,
    sprout_paths,
    toxin,
    vesicles,
    wall_y,
)
from bodymap.render.step_pictures.pen import (
    COLOURS,
    LABEL_PX,
    Pen,
    Point,
    arrow,
    bolt,
    cross,
    curved_arrow,
    offset,
)
from bodymap.render.step_pictures.targets import TARGETS

CLOCK = (40.0, 112.0)  # lower left of the fibre: free in every tissue


def _clock(pen: Pen) -> None:
    """A small clock with a sweeping arrow and "months": time passes."""
    c, r = CLOCK, 15.0
    pen.circle(c, r, COLOURS.background, COLOURS.ink, 2.2)
    pen.line([c, (c[0], c[1] - r * 0.7)], COLOURS.ink, 2.2)
    pen.line([c, (c[0] + r * 0.5, c[1] + r * 0.25)], COLOURS.ink, 2.2)
    # The sweep: most of a turn outside the face, ending in an arrowhead.
    sweep = [
        (c[0] + (r + 6) * math.cos(math.radians(a)), c[1] + (r + 6) * math.sin(math.radians(a)))
        for a in range(-90, 181, 10)
    ]
    curved_arrow(pen, sweep, COLOURS.nerve, 2.4)
    pen.text((c[0], c[1] + r + 17), pen.words["months"], LABEL_PX, COLOURS.ink)


def _sprout_tips() -> list[Point]:
    return [s[-1] for s in sprout_paths()]


def _inner_toxin(pen: Pen) -> None:
    # Right beside the SNAP-25 it has just cut, mouth toward the cut.
    dx = DOCKED[0] + 16
    toxin(pen, (ENDING[0] + dx, wall_y(dx) - 11), 170, 7.5)


def draw_scene(pen: Pen, tissue: str, step: int) -> None:
    """Draw scene ``step`` (1..6) for ``tissue``."""
    state = {2: "active", 5: "rest", 6: "partial"}.get(step, "neutral")
    TARGETS[tissue](pen, state)
    # Sprouting is documented where motor nerves meet muscle; the other
    # tissues' sources say only that the nerve endings recover.
    sprouts = step == 6 and tissue == "skeletal-muscle"
    nerve(pen, tissue, sprouts=sprouts)
    gap_top = wall_y(0) + 4
    if step == 1:
        # The signal runs along the fibre toward the ending.
        curved_arrow(pen, offset(FIBRE[4:27], 20), COLOURS.signal, 3.2)
        bolt(pen, FIBRE[9], 34, COLOURS.signal)
        vesicles(pen, tissue, fusing=False, cut=False)
    elif step == 2:
        bolt(pen, FIBRE[12], 26, COLOURS.signal)
        vesicles(pen, tissue, fusing=True, cut=False)
        released(pen, tissue, [(ENDING[0] + FUSING_DX, wall_y(FUSING_DX) + 2)], 6)
    elif step == 3:
        # Toxin drifts in from the tissue; one molecule is inside, cutting SNAP-25.
        vesicles(pen, tissue, fusing=False, cut=True)
        toxin(pen, (30, 104), 10)
        toxin(pen, (58, 138), -15)
        arrow(pen, (78, 122), (104, 114), COLOURS.toxin, 2.6, head=8)
        pen.text((34, 80), pen.words["toxin"], LABEL_PX, COLOURS.ink)
        _inner_toxin(pen)
        pen.text((ENDING[0] + DOCKED[0], gap_top + 11), "SNAP-25", LABEL_PX, COLOURS.ink)
    elif step == 4:
        vesicles(pen, tissue, fusing=False, cut=True)
        _inner_toxin(pen)
        cross(pen, (ENDING[0] - 4, gap_top + 10))
    elif step == 5:
        vesicles(pen, tissue, fusing=False, cut=True)
    elif sprouts:
        vesicles(pen, tissue, fusing=False, cut=True)
        released(pen, tissue, _sprout_tips(), 2)
        _clock(pen)
    else:  # the ending itself has recovered and lets a little messenger out again
        vesicles(pen, tissue, fusing=True, cut=False)
        released(pen, tissue, [(ENDING[0] + FUSING_DX, wall_y(FUSING_DX) + 2)], 3)
        _clock(pen)
