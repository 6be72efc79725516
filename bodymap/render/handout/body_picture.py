"""The handout's body picture: the view that shows one region, highlighted and labelled.

The region is filled in the accent colour with a name tag (and leaders from
the tag to every part of it the tag is not on); every other region is dimmed
to the body colour. Drawn supersampled. The picture is never mirrored, in a
right-to-left handout too: only its name tag is written right to left.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PIL import Image

from bodymap.model.diagram import Diagram, RegionShape, View, load_diagram
from bodymap.model.geometry import (
    Point,
    Polygon,
    bounding_box,
    point_in_polygon,
    polygon_area,
    polygon_centroid,
)
from bodymap.render.handout.direction import as_drawn, draw_label, measure
from bodymap.render.handout.paper import ACCENT, DIM_REGION_OUTLINE, LABEL
from bodymap.render.palette import PALETTE
from bodymap.render.pillow_text import SUPERSAMPLE, shrink, supersampled


@dataclass(frozen=True)
class RegionPicture:
    """A view of the body with one region highlighted, and how to find a point in it."""

    image: Image.Image
    view: View
    region_id: str
    scale: float  # px per diagram unit
    label_box: tuple[float, float, float, float]  # px, in the image

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """Pixel position in ``image`` of the diagram point (x, y)."""
        return ((x - self.view.x_range[0]) * self.scale, (self.view.y_range[1] - y) * self.scale)


@functools.lru_cache(maxsize=1)
def body_diagram() -> Diagram:
    """The body diagram, read once."""
    return load_diagram()


def choose_view(diagram: Diagram, region_id: str) -> View:
    """The view that shows the region largest (the close-up for the head and
    neck, the whole body for the underarms and bladder)."""

    def share(view: View) -> float:
        (x0, x1), (y0, y1) = view.x_range, view.y_range
        area = sum(
            polygon_area(s.polygon)
            for r in view.regions
            if r.region_id == region_id
            for s in r.shapes
        )
        return area / ((x1 - x0) * (y1 - y0))

    views = [v for v in diagram.views if region_id in v.region_ids()]
    if not views:
        raise KeyError(f"region {region_id!r} is not drawn in the diagram")
    return max(views, key=share)


def region_picture(
    region_id: str, label: str, max_width: int, max_height: int, diagram: Diagram | None = None
) -> RegionPicture:
    """Draw the view that shows ``region_id``, the region filled in the accent
    colour with a labelled tag, every other region dimmed to the body colour."""
    diagram = diagram or body_diagram()
    view = choose_view(diagram, region_id)
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    scale = min(max_width / (x1 - x0), max_height / (y1 - y0))
    width, height = int((x1 - x0) * scale), int((y1 - y0) * scale)
    ss = SUPERSAMPLE
    image, draw = supersampled(width, height, "#FFFFFF")

    def px(points):
        return [((x - x0) * scale * ss, (y1 - y) * scale * ss) for x, y in points]

    selected = next(r for r in view.regions if r.region_id == region_id)
    size = LABEL.size * ss
    text = as_drawn(label)
    shapes_px = [tuple(px(s.polygon)) for s in selected.shapes]
    label_width = measure(text, size, LABEL.bold)
    tag = _tag_box(selected, shapes_px, px, label_width, size, ss, image.size)
    tag_centre = ((tag[0] + tag[2]) / 2, (tag[1] + tag[3]) / 2)

    for shape in view.outline:
        draw.polygon(px(shape.polygon), fill=PALETTE.body, outline=PALETTE.outline, width=2 * ss)
    # Leaders from the tag to every part of the region the tag is not on;
    # the region's fill, drawn next, hides their inner ends.
    for shape in shapes_px:
        if not point_in_polygon(*tag_centre, shape):
            draw.line((*tag_centre, *polygon_centroid(shape)), fill=ACCENT, width=3 * ss)
    # In the diagram's order, so a region drawn on top of the highlighted one
    # (the eyes on the head) stays on top, dimmed, as on the map.
    for region in view.regions:
        for shape in region.shapes:
            if region is selected:
                draw.polygon(px(shape.polygon), fill=ACCENT, outline=ACCENT, width=ss)
            else:
                draw.polygon(
                    px(shape.polygon), fill=PALETTE.body, outline=DIM_REGION_OUTLINE, width=ss
                )
    for line in view.details:
        draw.line(px(line.points), fill=PALETTE.detail, width=max(1, round(line.width)) * ss)
    draw.rounded_rectangle(tag, radius=10 * ss, fill="#FFFFFF", outline=ACCENT, width=3 * ss)
    draw_label(draw, tag_centre, text, size, ACCENT, "mm", bold=LABEL.bold)
    return RegionPicture(shrink(image), view, region_id, scale, tuple(v / ss for v in tag))


def _tag_box(
    region: RegionShape,
    shapes_px: Sequence[Polygon],
    px: Callable[[Iterable[Point]], list[Point]],
    label_width: float,
    text_size: int,
    ss: int,
    size: tuple[int, int],
) -> tuple[float, float, float, float]:
    """Where the region's name tag goes: where the diagram labels the region if
    the tag hides none of it there, else just below it (or above, or beside)."""
    half_w, half_h = label_width / 2 + 12 * ss, text_size / 2 + 7 * ss
    boxes = [bounding_box(s) for s in shapes_px]  # xmin, xmax, ymin, ymax
    left, right = min(b[0] for b in boxes), max(b[1] for b in boxes)
    top, bottom = min(b[2] for b in boxes), max(b[3] for b in boxes)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    largest = max(region.shapes, key=lambda s: polygon_area(s.polygon))
    ((lx, ly),) = px([region.label_at or polygon_centroid(largest.polygon)])
    gap = 10 * ss
    candidates = [
        (lx, ly),
        (cx, bottom + gap + half_h),
        (cx, top - gap - half_h),
        (right + gap + half_w, cy),
        (left - gap - half_w, cy),
    ]

    def box_at(x: float, y: float) -> tuple[float, float, float, float]:
        return _inside((x - half_w, y - half_h, x + half_w, y + half_h), *size)

    def hides_nothing(tag: tuple[float, float, float, float]) -> bool:
        corners = [(tag[0], tag[1]), (tag[2], tag[1]), (tag[0], tag[3]), (tag[2], tag[3])]
        for shape, (x0, x1, y0, y1) in zip(shapes_px, boxes, strict=True):
            if all(point_in_polygon(x, y, shape) for x, y in corners):
                return True  # on the region, with region all around it
            if tag[0] < x1 and tag[2] > x0 and tag[1] < y1 and tag[3] > y0:
                return False
        return True

    for x, y in candidates:
        tag = box_at(x, y)
        if hides_nothing(tag):
            return tag
    return box_at(*candidates[0])


def _inside(box, width: float, height: float) -> tuple[float, float, float, float]:
    """Move a box so it lies within the image."""
    x0, y0, x1, y1 = box
    dx = max(0.0, -x0) - max(0.0, x1 - width)
    dy = max(0.0, -y0) - max(0.0, y1 - height)
    return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
