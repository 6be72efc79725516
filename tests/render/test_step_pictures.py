"""The six-step mechanism strip: size, content per panel, colours, errors."""

from __future__ import annotations

import dataclasses
import io
import itertools
import math

import pytest
from PIL import Image, ImageChops, ImageFont

from bodymap.model.content import TISSUES
from bodymap.render import step_pictures as art
from bodymap.render.palette import contrast_ratio

TITLES = art.EXAMPLE_TITLES


@pytest.fixture(scope="module")
def strips() -> dict[str, Image.Image]:
    """One default strip per tissue (drawn once: each takes a fraction of a second)."""
    return {tissue: art.draw_steps(tissue, TITLES) for tissue in TISSUES}


def panel_boxes(image: Image.Image, columns: int = 2, scale: int = 2) -> list[tuple]:
    """The six panels' boxes, worked out from the image size and the gaps."""
    rows = math.ceil(art.STEP_COUNT / columns)
    gap = art.GAP * scale
    width = (image.width - (columns + 1) * gap) // columns
    height = (image.height - (rows + 1) * gap) // rows
    boxes = []
    for step in range(art.STEP_COUNT):
        row, col = divmod(step, columns)
        x, y = gap + col * (width + gap), gap + row * (height + gap)
        boxes.append((x, y, x + width, y + height))
    return boxes


def scene(image: Image.Image, box: tuple, scale: int = 2) -> Image.Image:
    """The picture part of a panel: below (one-line) titles, inside the border."""
    x0, y0, x1, y1 = box
    band = (art.TITLE_TOP_PX + art.TITLE_LINE_PX + 6) * scale
    return image.crop((x0 + 4 * scale, y0 + band, x1 - 4 * scale, y1 - 4 * scale))


def target_part(image: Image.Image, box: tuple) -> Image.Image:
    """The bottom third of a panel, where only the target is drawn."""
    x0, y0, x1, y1 = box
    return image.crop((x0 + 8, y1 - (y1 - y0) // 3, x1 - 8, y1 - 8))


def non_white_fraction(image: Image.Image) -> float:
    grey = image.convert("L")
    dark = sum(grey.histogram()[:245])
    return dark / (image.width * image.height)


def pixels_near(image: Image.Image, hex_colour: str, tolerance: int = 12) -> int:
    """How many pixels are within ``tolerance`` (per channel) of a colour."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    bands = [
        ch.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
        for ch, c in zip(image.split(), (r, g, b), strict=True)
    ]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return mask.histogram()[255]


def differing_fraction(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return diff.histogram()[255] / (a.width * a.height)


# ------------------------------------------------------------------ size


@pytest.mark.parametrize("tissue", TISSUES)
def test_default_size(strips: dict[str, Image.Image], tissue: str) -> None:
    image = strips[tissue]
    assert image.mode == "RGB"
    assert image.width == (2 * 360 + 3 * art.GAP) * 2
    assert image.size == tuple(2 * v for v in art.sheet_size(TITLES))
    # Three rows of equal panels.
    assert (image.height - 4 * art.GAP * 2) % 3 == 0


@pytest.mark.parametrize(
    ("columns", "panel_width", "scale"), [(3, 360, 2), (2, 320, 1), (1, 400, 3)]
)
def test_size_follows_columns_width_and_scale(columns: int, panel_width: int, scale: int) -> None:
    image = art.draw_steps(
        "skeletal-muscle", TITLES, columns=columns, panel_width=panel_width, scale=scale
    )
    rows = math.ceil(art.STEP_COUNT / columns)
    width, height = art.sheet_size(TITLES, columns=columns, panel_width=panel_width)
    assert width == columns * panel_width + (columns + 1) * art.GAP
    assert image.size == (width * scale, height * scale)
    panel_height = (height - (rows + 1) * art.GAP) / rows
    assert panel_height == int(panel_height)
    assert 0.8 * panel_width < panel_height < 1.2 * panel_width


# ------------------------------------------------------------------ what is drawn


@pytest.mark.parametrize("tissue", TISSUES)
def test_every_panel_has_a_picture(strips: dict[str, Image.Image], tissue: str) -> None:
    image = strips[tissue]
    for step, box in enumerate(panel_boxes(image), start=1):
        picture = scene(image, box)
        fraction = non_white_fraction(picture)
        assert 0.08 < fraction < 0.6, f"panel {step}: {fraction:.2f} of the picture is inked"
        assert len(picture.getcolors(1 << 20)) > 30, f"panel {step} looks flat"
        # Every scene shows the nerve (teal) and the messenger (amber).
        assert pixels_near(picture, art.COLOURS.nerve) > 2000, f"panel {step}: no nerve"
        assert pixels_near(picture, art.COLOURS.messenger, 30) > 100, f"panel {step}: no messenger"


@pytest.mark.parametrize("tissue", TISSUES)
def test_panels_tell_different_steps(strips: dict[str, Image.Image], tissue: str) -> None:
    image = strips[tissue]
    boxes = panel_boxes(image)
    scenes = [scene(image, box) for box in boxes]
    for (i, a), (j, b) in itertools.combinations(enumerate(scenes, start=1), 2):
        assert differing_fraction(a, b) > 0.003, f"{tissue}: panels {i} and {j} look the same"
    # The target itself changes: it reacts in panel 2 and rests in panel 5.
    targets = [target_part(image, box) for box in boxes]
    assert differing_fraction(targets[1], targets[4]) > 0.02
    assert differing_fraction(targets[4], targets[5]) > 0.005  # and comes partly back


@pytest.mark.parametrize("tissue", TISSUES)
def test_toxin_and_cross_appear_where_the_story_says(
    strips: dict[str, Image.Image], tissue: str
) -> None:
    image = strips[tissue]
    scenes = [scene(image, box) for box in panel_boxes(image)]
    toxin = [pixels_near(s, art.COLOURS.toxin) for s in scenes]
    cross = [pixels_near(s, art.COLOURS.block, 8) for s in scenes]
    assert toxin[2] > 400 and toxin[3] > 100, toxin
    assert toxin[0] == toxin[1] == toxin[4] == toxin[5] == 0, toxin
    assert cross[3] > 300, cross
    assert max(cross[:3] + cross[4:]) < 20, cross


def test_tissues_look_different(strips: dict[str, Image.Image]) -> None:
    for a, b in itertools.combinations(TISSUES, 2):
        assert differing_fraction(strips[a], strips[b]) > 0.02, f"{a} and {b} look the same"


# ------------------------------------------------------------------ titles


def test_title_text_is_tall_enough_on_a_tablet() -> None:
    font = ImageFont.load_default(size=art.TITLE_PX)
    assert isinstance(font, ImageFont.FreeTypeFont)  # scalable, no system font needed
    _, top, _, bottom = font.getbbox("Ag")
    assert bottom - top >= 15
    # And as drawn: the inked rows of a title in the first panel, at display size.
    scale = 2
    image = art.draw_steps("skeletal-muscle", ["Ag"] * 6, scale=scale)
    x0 = (art.GAP + art.TITLE_LEFT_PX) * scale
    y0 = art.GAP * scale
    band = image.crop((x0, y0, x0 + 60 * scale, y0 + 45 * scale)).convert("L")
    rows = [
        y for y in range(band.height) if band.crop((0, y, band.width, y + 1)).getextrema()[0] < 128
    ]
    assert (rows[-1] - rows[0] + 1) / scale >= 15


def test_long_titles_wrap_and_the_panels_make_room() -> None:
    long_titles = [*TITLES[:5], "New nerve sprouts grow, and the effect fades"]
    short = art.draw_steps("sweat-glands", TITLES)
    wrapped = art.draw_steps("sweat-glands", long_titles)
    assert wrapped.width == short.width
    # One more title line in each of the three rows.
    assert wrapped.height == short.height + 3 * art.TITLE_LINE_PX * 2
    assert wrapped.size == tuple(2 * v for v in art.sheet_size(long_titles))


def test_a_leading_step_number_is_not_drawn_twice() -> None:
    numbered = [f"{i} {t}" for i, t in enumerate(TITLES, start=1)]
    plain = art.draw_steps("bladder-wall", TITLES, scale=1)
    assert (
        ImageChops.difference(art.draw_steps("bladder-wall", numbered, scale=1), plain).getbbox()
        is None
    )


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("titles", [TITLES[:5], (*TITLES, "Seven"), (), "Six letters!"])
def test_wrong_number_of_titles(titles) -> None:
    with pytest.raises(ValueError, match="6 step titles"):
        art.draw_steps("skeletal-muscle", titles)


@pytest.mark.parametrize("tissue", ["", "muscle", "Skeletal-Muscle", "glands"])
def test_unknown_tissue(tissue: str) -> None:
    with pytest.raises(ValueError, match="unknown tissue"):
        art.draw_steps(tissue, TITLES)
    with pytest.raises(ValueError):
        art.steps_png(tissue, TITLES)


@pytest.mark.parametrize(
    ("option", "value"), [("columns", 0), ("columns", 7), ("panel_width", 100)]
)
def test_bad_layout(option: str, value: int) -> None:
    with pytest.raises(ValueError, match=option):
        art.draw_steps("skeletal-muscle", TITLES, **{option: value})


# ------------------------------------------------------------------ PNG


@pytest.mark.parametrize("columns", [2, 3])
def test_steps_png(columns: int) -> None:
    data = art.steps_png("pain-nerves", TITLES, columns=columns)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        width, height = art.sheet_size(TITLES, columns=columns)
        assert image.size == (width * 2, height * 2)


@pytest.mark.parametrize("tissue", TISSUES)
def test_a_single_step_is_the_same_scene_as_in_the_sheet(strips, tissue: str) -> None:
    boxes = panel_boxes(strips[tissue])
    for step in (1, 3, 6):
        alone = art.draw_step(tissue, step, TITLES)
        in_sheet = strips[tissue].crop(boxes[step - 1])
        assert alone.size == in_sheet.size
        assert ImageChops.difference(alone, in_sheet).getbbox() is None


def test_step_png_is_one_panel_at_twice_its_display_width() -> None:
    with Image.open(io.BytesIO(art.step_png("sweat-glands", 2, TITLES))) as image:
        assert image.format == "PNG"
        assert image.width == 2 * 360


@pytest.mark.parametrize("step", [0, 7])
def test_step_out_of_range(step: int) -> None:
    with pytest.raises(ValueError, match="step"):
        art.draw_step("skeletal-muscle", step, TITLES)


# ------------------------------------------------------------------ colours


def test_marks_and_lines_stand_out_against_white() -> None:
    c = art.COLOURS
    for name, value in dataclasses.asdict(c).items():
        if name in art.OUTLINED_FILLS or name in ("background", "number_text"):
            continue
        assert contrast_ratio(value, c.background) >= 3, f"{name} {value} is too faint"


def test_pale_fills_always_have_a_strong_outline() -> None:
    c = art.COLOURS
    for fill, outline in art.OUTLINED_FILLS.items():
        assert hasattr(c, fill)
        assert contrast_ratio(getattr(c, outline), c.background) >= 3, f"{fill}'s {outline}"


def test_text_is_readable() -> None:
    c = art.COLOURS
    for text, ground in art.TEXT_ON.items():
        assert contrast_ratio(getattr(c, text), getattr(c, ground)) >= 4.5, text


def test_arabic_step_pictures_draw_every_letter_shaped_from_the_right():
    """Each Arabic title and scene word has a glyph in the font it is drawn
    with (no boxes), and a right-to-left title puts its number badge at the
    right (issue 18)."""
    from bodymap.model.loading import load_content
    from bodymap.model.strings import load_strings
    from bodymap.render.arabic_text import missing_glyphs
    from bodymap.render.step_pictures import draw_step

    words = load_strings(lang="ar")
    scene = {
        "toxin": words.get("mechanism.scene_toxin"),
        "months": words.get("mechanism.scene_months"),
    }
    for text in scene.values():
        assert missing_glyphs(text) == set()
    for mechanism in load_content(lang="ar").mechanisms:
        titles = [s.title for s in mechanism.steps]
        for title in titles:
            assert missing_glyphs(title) == set(), title
        image = draw_step(mechanism.id, 1, titles, words=scene, scale=1).convert("RGB")
        # The badge's teal disc: near the right edge, not the left.
        row = [image.getpixel((x, 27)) for x in range(image.width)]
        teal = [x for x, (r, g, b) in enumerate(row) if g > r + 40 and b > r + 40 and r < 60]
        assert teal and min(teal) > image.width * 0.8, (mechanism.id, teal[:3])
