"""The body drawing, loaded from ``assets/diagram.json``: views, regions and shapes.

The drawing is data, not code. Each view (the whole body, the head-and-neck
close-up, each seen from the front and from the back) lists:

* ``side``: ``"front"`` (the default) or ``"back"``, the side of the patient
  the view shows. The map draws one side at a time
  (:meth:`Diagram.side_views`): its whole body first, then its close-up. A
  back view keeps the front view's coordinate frame (x = 0 is the centre
  line, y grows upwards), but the patient's left is on the viewer's left
  (x < 0), as when standing behind them;

* ``outline``: the body silhouette, drawn as a light filled shape;
* ``details``: decorative lines (collar bones, eyebrows, knees...), never tappable;
* ``regions``: shaded shapes, each naming the region id it opens;
* ``hit_halo`` (optional, diagram units, default 0): how far beyond its
  tappable regions a tap still selects the nearest one (see :func:`hit_grid`).

A region may also give its own ``hit_halo`` (overriding the view's, 0 for
none) and ``hit_areas``: invisible shapes beside it where a tap still selects
it (never over another drawn region). Both only shape the tap targets, which
``tests/test_figure.py`` measures; ``sits_on`` may name one region or a list.

A region is tappable unless it says ``"tappable": false``: then it is drawn,
and highlighted when selected, but a tap on it selects nothing (the whole
body's head and neck, too small to tap there, are tapped in the close-up).
Every region id must be tappable in at least one view.

Shapes are given as anchor points ``[x, y]`` (y grows upwards) that are joined
with a smooth closed Catmull-Rom curve. An anchor written ``[x, y, 1]`` is a
sharp corner (the curve passes through it without rounding, e.g. the crotch).
``"mirror": "join"`` means the points trace one half of a symmetric outline,
from the top of the centre line down to the bottom of it: the other half is
the mirror image about ``x = 0``. ``"mirror": "copy"`` adds a mirrored copy of
the whole shape (the second eye, the second underarm). Each shape knows the
patient's side it is on (``Shape.side``), worked out from the view's side.

The file is checked as the content is (:mod:`bodymap.model.fields`): every
problem is collected, naming the file and the field's path, and
:func:`load_diagram` raises one :class:`GeometryError` listing them all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bodymap.model.content import by_id
from bodymap.model.fields import (
    ContentError,
    Fields,
    Problem,
    is_number,
    is_point,
    read_bounded,
    too_big,
)
from bodymap.model.geometry import (
    Point,
    Polygon,
    bounding_box,
    catmull_rom_closed,
    point_in_polygon,
    polygon_area,
    side_of,
    smooth_open,
)
from bodymap.model.limits import DIAGRAM_BYTES_MAX, DIAGRAM_LIMITS
from bodymap.vocabulary import DIAGRAM_PATH, FRONT, SIDES


@dataclass(frozen=True)
class Shape:
    """One closed outline, already smoothed into a polygon."""

    polygon: Polygon
    side: str  # "centre", "left" or "right" (the patient's side)
    # (xmin, xmax, ymin, ymax): most points tested lie far outside most
    # shapes, and the box rules them out without walking the outline.
    box: tuple[float, float, float, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        box = bounding_box(self.polygon) if self.polygon else (0.0, 0.0, 0.0, 0.0)
        object.__setattr__(self, "box", box)

    def contains(self, x: float, y: float) -> bool:
        """Is (x, y) inside the shape (even-odd rule)?"""
        x0, x1, y0, y1 = self.box
        return x0 <= x <= x1 and y0 <= y <= y1 and point_in_polygon(x, y, self.polygon)


@dataclass(frozen=True)
class Line:
    """A decorative line (a closed one repeats its first point at the end)."""

    points: tuple[Point, ...]
    width: float


@dataclass(frozen=True)
class RegionShape:
    """The tappable area of one region in one view (one or more polygons)."""

    region_id: str
    shapes: tuple[Shape, ...]
    sits_on: tuple[str, ...]  # the regions this one is drawn on top of, if any
    label: str | None  # optional caption drawn on the diagram
    label_at: Point | None
    translucent: bool  # drawn lightly "through" the body (organs)
    tappable: bool = True  # False: drawn and highlighted, but no tap points
    hit_halo: float | None = None  # this region's halo (units); None: the view's
    hit_areas: tuple[Shape, ...] = ()  # invisible extra tap areas beside it


@dataclass(frozen=True)
class View:
    """One drawing: a silhouette, decorations and tappable regions."""

    view_id: str
    title: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    hit_step: float
    outline: tuple[Shape, ...]
    details: tuple[Line, ...]
    regions: tuple[RegionShape, ...]
    side_labels: tuple[tuple[str, Point], ...]
    hit_halo: float = 0.0  # tap points this far (units) around tappable regions
    side: str = "front"  # "front" or "back": the side of the patient shown

    def region_ids(self) -> tuple[str, ...]:
        """Region ids drawn in this view, in drawing order."""
        return tuple(r.region_id for r in self.regions)

    def tappable_ids(self) -> tuple[str, ...]:
        """Region ids a tap on this view can select, in drawing order."""
        return tuple(r.region_id for r in self.regions if r.tappable)


@dataclass(frozen=True)
class Diagram:
    """All views of the diagram, in display order."""

    views: tuple[View, ...]

    def view(self, view_id: str) -> View:
        """Return the view with this id (KeyError if there is none)."""
        return by_id(self.views, view_id, "view_id")

    def side_views(self, side: str) -> tuple[View, ...]:
        """The views of one side (``"front"`` or ``"back"``), in display order:
        the whole body first, then the close-up."""
        if side not in SIDES:
            raise ValueError(f"unknown side {side!r}: expected one of {', '.join(SIDES)}")
        return tuple(v for v in self.views if v.side == side)

    def region_ids(self) -> frozenset[str]:
        """Every region id drawn in any view."""
        return frozenset(r for v in self.views for r in v.region_ids())

    def tappable_ids(self) -> frozenset[str]:
        """Every region id a tap can select in some view."""
        return frozenset(r for v in self.views for r in v.tappable_ids())


# ------------------------------------------------------------------------ loading

MIRRORS = ("none", "join", "copy")
# Ids become parts of CSS class names on the map (figure.highlight_css):
# lower-case letters, digits and hyphens only.
DIAGRAM_ID = re.compile(r"[a-z][a-z0-9-]*")


class GeometryError(ContentError):
    """The diagram file is malformed; ``problems`` lists every problem, each
    naming the file and the field."""


class DiagramFields(Fields):
    """The fields of one object of the diagram's JSON; a field's path reads
    ``views[0] (body): regions[2] (jaw): shapes[0]: points``."""

    SEPARATOR = ": "
    TABLE = "an object {...}"
    LIMITS = DIAGRAM_LIMITS


def check_diagram(path: Path = DIAGRAM_PATH) -> tuple[Diagram | None, list[Problem]]:
    """Read and validate the diagram file: the diagram (None if anything is
    wrong) and every problem found, each naming the file and field."""
    try:
        data, size = read_bounded(path, DIAGRAM_BYTES_MAX)
        if data is None:  # not parsed: a huge drawing would take the map down with it
            return None, [Problem(path.name, "(file)", too_big(size, DIAGRAM_BYTES_MAX))]
        raw = json.loads(data.decode("utf-8"))
    # ValueError: not UTF-8, not JSON, or a number over Python's 4300 digits;
    # RecursionError: lists or objects nested deeper than json can follow.
    except (OSError, ValueError, RecursionError) as exc:
        return None, [Problem(path.name, "(file)", f"cannot read JSON: {exc}")]
    problems: list[Problem] = []
    f = DiagramFields(raw, path.name, "", problems)
    views = tuple(_read_view(v) for v in f.tables("views", "expected a list of one or more views"))
    seen: set[str] = set()
    for view in views:
        if view.view_id in seen:
            f.fail("views", f"duplicate view id {view.view_id!r}")
        seen.add(view.view_id)
    diagram = Diagram(views=views)
    for region_id in sorted(diagram.region_ids() - diagram.tappable_ids() - {""}):
        drawn = ", ".join(v.view_id for v in views if region_id in v.region_ids())
        f.fail(
            "views",
            f"region {region_id!r} is not tappable in any view (drawn in: {drawn}): "
            'set "tappable": true for it in at least one view',
        )
    return (None, problems) if problems else (diagram, [])


def load_diagram(path: Path = DIAGRAM_PATH) -> Diagram:
    """Read and validate the diagram file; raise GeometryError listing every problem."""
    diagram, problems = check_diagram(path)
    if diagram is None:
        raise GeometryError(problems)
    return diagram


def _read_id(f: Fields, key: str) -> str:
    value = f.text(key)
    if value and not DIAGRAM_ID.fullmatch(value):
        f.fail(key, f"{value!r} must be lower-case letters, digits and hyphens")
    return value


def _read_view(v: Fields) -> View:
    view_id = _read_id(v, "id")
    if view_id:
        v.prefix += f" ({view_id})"  # every problem below names the view
    side = v.choice("side", SIDES) if v.has("side") else FRONT
    x_range, y_range = _read_range(v, "x_range"), _read_range(v, "y_range")
    hit_step = v.number("hit_step", required=True, minimum=0.25)
    outline = _read_shape_list(v, "outline", side, required=True)
    details = [
        line
        for d in v.tables("details", "expected a list", required=False, minimum=0)
        for line in _read_lines(d)
    ]
    regions: list[RegionShape] = []
    for r in v.tables("regions", "expected a list of regions", minimum=0):
        regions.append(_read_region(r, side, [x.region_id for x in regions]))
    side_labels = [
        (s.text("text", verbatim=True), s.point("at"))
        for s in v.tables("side_labels", "expected a list", required=False, minimum=0)
    ]
    return View(
        view_id=view_id,
        title=v.text("title", required=False, verbatim=True) or view_id,
        x_range=x_range,
        y_range=y_range,
        hit_step=hit_step or 1.0,
        outline=outline,
        details=tuple(details),
        regions=tuple(regions),
        side_labels=tuple((text, at) for text, at in side_labels if at is not None),
        hit_halo=v.number("hit_halo") or 0.0,
        side=side,
    )


def _read_range(v: Fields, key: str) -> tuple[float, float]:
    value = v.raw(key)
    if not is_point(value) or value[0] >= value[1]:
        v.fail(key, "expected [min, max] with min < max")
        return (0.0, 1.0)
    return (float(value[0]), float(value[1]))


def _read_region(r: Fields, view_side: str, earlier: list[str]) -> RegionShape:
    """One region of a view; ``earlier`` are the ids of the regions listed before it."""
    region_id = _read_id(r, "region")
    if region_id and region_id in earlier:
        r.fail("", f"region {region_id!r} listed twice")
    if region_id:
        r.prefix += f" ({region_id})"  # every problem below names the region
    shapes = _read_shape_list(r, "shapes", view_side, required=True)
    hit_areas = _read_shape_list(r, "hit_areas", view_side, required=False)
    label = r.text("label", required=False, verbatim=True) or None
    label_at = r.point("label_at") if r.has("label_at") else None
    if label and not r.has("label_at"):
        r.fail("label_at", "a label needs a position [x, y]")
    sits_on = r.raw("sits_on") or []
    sits_on = [sits_on] if isinstance(sits_on, str) else sits_on
    if not isinstance(sits_on, list) or not all(isinstance(x, str) for x in sits_on):
        r.fail("sits_on", "expected a region id or a list of them")
        sits_on = []
    for under in sits_on:
        if under not in earlier:
            r.fail("sits_on", f"{under!r} must be a region listed before it in this view")
    return RegionShape(
        region_id=region_id,
        shapes=shapes,
        sits_on=tuple(sits_on),
        hit_halo=r.number("hit_halo"),
        hit_areas=hit_areas,
        label=label,
        label_at=label_at,
        translucent=r.flag("translucent"),
        tappable=r.flag("tappable", default=True),
    )


def _read_shape_list(f: Fields, key: str, view_side: str, required: bool) -> tuple[Shape, ...]:
    """Every shape of the list ``key`` (an outline, a region's shapes or its hit areas)."""
    items = f.tables(key, "expected a list of shapes", required=required, minimum=0)
    return tuple(shape for s in items for shape in _read_shapes(s, view_side))


def _read_shapes(s: Fields, view_side: str) -> tuple[Shape, ...]:
    """One shape, smoothed; two if it is mirrored as a copy."""
    anchors = _read_anchors(s)
    mirror = s.choice("mirror", MIRRORS) if s.has("mirror") else "none"
    smooth = s.flag("smooth", default=True)
    if not anchors or mirror not in MIRRORS:
        return ()

    def build(points) -> Polygon:
        if smooth:
            return catmull_rom_closed(points)
        return tuple((x, y) for x, y, _ in points)

    if mirror == "join":
        # Half outline runs top-centre → bottom-centre on one side; the other
        # half is its mirror image walked back up. Centre-line anchors are
        # shared, so drop them from the mirrored half.
        other = [p for p in reversed(_mirror(anchors)) if abs(p[0]) > 1e-9]
        polys = [build(anchors + other)]
    elif mirror == "copy":
        polys = [build(anchors), build(list(reversed(_mirror(anchors))))]
    else:
        polys = [build(anchors)]
    if any(polygon_area(poly) < 1e-3 for poly in polys):
        s.fail("points", "the shape has no area")
        return ()
    return tuple(Shape(polygon=p, side=side_of(p, view_side)) for p in polys)


def _read_anchors(s: Fields) -> list[tuple[float, float, bool]]:
    """A shape's anchor points, ``[x, y]`` or ``[x, y, 1]`` for a sharp
    corner ([] if any is malformed)."""
    raw = s.items("points", "need at least 3 anchor points", minimum=3)
    anchors = []
    for k, p in enumerate(raw):
        if isinstance(p, list) and len(p) in (2, 3) and all(map(is_number, p[:2])):
            anchors.append((float(p[0]), float(p[1]), len(p) == 3 and bool(p[2])))
        else:
            s.fail(f"points[{k}]", "expected [x, y] or [x, y, 1]")
    return anchors if len(anchors) == len(raw) else []


def _mirror(anchors):
    return [(-x, y, c) for x, y, c in anchors]


def _read_lines(d: Fields) -> list[Line]:
    """One decorative line, smoothed; two if it is mirrored as a copy."""
    raw = d.items("points", "need at least 2 points", minimum=2)
    points = [d.point(f"points[{k}]", p) for k, p in enumerate(raw)]
    closed = d.flag("closed")
    smooth = d.flag("smooth", default=True)
    width = d.raw("width")
    if width is None:
        width = 1.2
    elif not is_number(width) or width <= 0:
        d.fail("width", "expected a positive number")
        return []
    if not points or None in points:
        return []
    copies = [points, [(-x, y) for x, y in points]] if d.raw("mirror") == "copy" else [points]
    lines = []
    for c in copies:
        if closed and len(c) >= 3:
            line = catmull_rom_closed([(x, y, False) for x, y in c])
            line = (*line, line[0])
        elif smooth:
            line = smooth_open(c)
        else:
            line = tuple(c)
        lines.append(Line(points=tuple(line), width=float(width)))
    return lines
