"""Render the diagram to a PNG with Pillow, for whoever edits ``assets/``.

Usage: ``python -m bodymap.render.preview out.png [--grid] [--scale N]``. Draws every
view side by side (silhouette, details, regions in their map colours) at N
pixels per diagram unit (default 4). ``--grid`` also dots the invisible tap
points, to check that they cover each region: red inside a region, blue in
its halo (``hit_halo``); a region drawn with a dotted grey edge is not
tappable in that view (``"tappable": false``), so it has no dots.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

from bodymap.model.diagram import Diagram, View, load_diagram
from bodymap.model.geometry import hit_grid, region_at
from bodymap.render.palette import PALETTE

PIXELS_PER_UNIT = 4
INSIDE_DOT = (200, 0, 0)
HALO_DOT = (20, 70, 220)
NOT_TAPPABLE_EDGE = (120, 120, 120)


def render_view(view: View, grid: bool = False, scale: float = PIXELS_PER_UNIT) -> Image.Image:
    """Draw one view into an RGB image at ``scale`` pixels per diagram unit."""
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    width, height = int((x1 - x0) * scale), int((y1 - y0) * scale)
    image = Image.new("RGB", (width, height), PALETTE.background)
    draw = ImageDraw.Draw(image, "RGBA")

    def px(points):
        return [((x - x0) * scale, (y1 - y) * scale) for x, y in points]

    for shape in view.outline:
        draw.polygon(px(shape.polygon), fill=PALETTE.body, outline=PALETTE.outline, width=2)
    for region in view.regions:
        fill = PALETTE.organ if region.translucent else PALETTE.region
        for shape in region.shapes:
            edge = PALETTE.region_outline if region.tappable else None
            draw.polygon(px(shape.polygon), fill=fill, outline=edge, width=2)
            if not region.tappable:  # a dotted edge: drawn, but no tap points
                for x, y in px(shape.polygon)[::2]:
                    draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=NOT_TAPPABLE_EDGE)
    for line in view.details:
        draw.line(px(line.points), fill=PALETTE.detail, width=max(1, round(line.width)))
    if grid:
        r = max(1.5, scale / 3)
        for region_id, points in hit_grid(view).items():
            for point, (x, y) in zip(points, px(points), strict=True):
                colour = INSIDE_DOT if region_at(view, *point) == region_id else HALO_DOT
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    for region in view.regions:
        if region.label and region.label_at:
            ((lx, ly),) = px([region.label_at])
            draw.text((lx, ly), region.label, fill=PALETTE.label, anchor="mm")
    for text, at in view.side_labels:
        ((lx, ly),) = px([at])
        draw.text((lx, ly), text, fill=PALETTE.label, anchor="mm")
    return image


def render_diagram(
    diagram: Diagram, grid: bool = False, scale: float = PIXELS_PER_UNIT
) -> Image.Image:
    """All views side by side, top-aligned."""
    images = [render_view(v, grid, scale) for v in diagram.views]
    sheet = Image.new(
        "RGB",
        (sum(i.width for i in images) + 20 * len(images), max(i.height for i in images)),
        "white",
    )
    x = 0
    for im in images:
        sheet.paste(im, (x, 0))
        x += im.width + 20
    return sheet


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    grid = "--grid" in args
    args = [a for a in args if a != "--grid"]
    scale: float = PIXELS_PER_UNIT
    if "--scale" in args:
        at = args.index("--scale")
        try:
            scale = float(args[at + 1])
        except (IndexError, ValueError):
            print("--scale needs a number of pixels per diagram unit", file=sys.stderr)
            return 2
        del args[at : at + 2]
    out = Path(args[0] if args else "diagram-preview.png")
    render_diagram(load_diagram(), grid, scale).save(out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
