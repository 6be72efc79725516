"""Draw the six-step "how the toxin works" strip for one tissue, with Pillow only.

Each panel shows ONE nerve ending sitting just above its target (a muscle fibre,
a sweat gland, a salivary gland, the bladder wall, or a small blood vessel for
pain nerves) and
tells one step of the story: the signal arrives, messenger waits in vesicles,
the toxin cuts SNAP-25, no messenger gets out, the target rests, and the nerve
recovers (at a muscle, by growing new sprouts first), so the effect fades.

Scenes are drawn in *design units*: every panel's picture is 360 units wide and
``SCENE_HEIGHT`` tall, whatever ``panel_width`` the caller asks for, so the
geometry of the scenes reads as plain numbers. Text is sized in display pixels instead,
so titles stay readable on a tablet even when panels are narrow.

The modules, each depending only on those above it:

- ``pen``: colours, the pen that draws in scene units, small shapes;
- ``nerve``: the nerve ending, its vesicles, messenger, SNAP-25 and the toxin;
- ``targets``: muscle, sweat gland, salivary gland, bladder wall, blood vessel;
- ``scenes``: the six steps of the story;
- ``sheet``: panels with their titles, the sheet, PNG bytes (this package's API).

Text in the built-in font and supersampling are ``bodymap.render.pillow_text``,
shared with the handout.

Usage: ``python -m bodymap.render.step_pictures OUT_DIR`` writes one PNG per tissue.
"""

from __future__ import annotations

from bodymap.render.step_pictures.pen import (
    COLOURS,
    DESIGN_WIDTH,
    LABEL_PX,
    OUTLINED_FILLS,
    SCENE_HEIGHT,
    TEXT_ON,
    ArtColours,
)
from bodymap.render.step_pictures.sheet import (
    BADGE_RADIUS_PX,
    EXAMPLE_TITLES,
    GAP,
    MIN_PANEL_WIDTH,
    STEP_COUNT,
    TITLE_LEFT_PX,
    TITLE_LINE_PX,
    TITLE_PX,
    TITLE_TOP_PX,
    draw_step,
    draw_steps,
    sheet_size,
    step_png,
    steps_png,
)

__all__ = [
    "BADGE_RADIUS_PX",
    "COLOURS",
    "DESIGN_WIDTH",
    "EXAMPLE_TITLES",
    "GAP",
    "LABEL_PX",
    "MIN_PANEL_WIDTH",
    "OUTLINED_FILLS",
    "SCENE_HEIGHT",
    "STEP_COUNT",
    "TEXT_ON",
    "TITLE_LEFT_PX",
    "TITLE_LINE_PX",
    "TITLE_PX",
    "TITLE_TOP_PX",
    "ArtColours",
    "draw_step",
    "draw_steps",
    "sheet_size",
    "step_png",
    "steps_png",
]
