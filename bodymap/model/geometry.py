"""Diagram geometry: load the body drawing from ``assets/diagram.json``.

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
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from bodymap.vocabulary import DIAGRAM_PATH, SIDES

Point = tuple[float, float]
Polygon = tuple[Point, ...]


# Segments sampled per anchor-to-anchor span: enough for smooth curves at
# tablet size, few enough to keep the figure JSON small.
SAMPLES_PER_SPAN = 6


class GeometryError(ValueError):
    """The diagram file is malformed; the message names the file and field."""


@dataclass(frozen=True)
class Shape:
    """One closed outline, already smoothed into a polygon."""

    polygon: Polygon
    side: str  # "centre", "left" or "right" (the patient's side)
    # (xmin, ymin, xmax, ymax): most points tested lie far outside most
    # shapes, and the box rules them out without walking the outline.
    box: tuple[float, float, float, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        xs = [p[0] for p in self.polygon]
        ys = [p[1] for p in self.polygon]
        box = (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)
        object.__setattr__(self, "box", box)

    def contains(self, x: float, y: float) -> bool:
        """Is (x, y) inside the shape (even-odd rule)?"""
        x0, y0, x1, y1 = self.box
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
        for view in self.views:
            if view.view_id == view_id:
                return view
        raise KeyError(view_id)

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


# --------------------------------------------------------------------------- curves


def catmull_rom_closed(
    anchors: list[tuple[float, float, bool]], samples: int = SAMPLES_PER_SPAN
) -> Polygon:
    """Join anchors with a closed centripetal Catmull-Rom curve.

    Centripetal parameterisation never forms cusps or loops inside a span, so a
    clean outline of anchors stays a clean smooth curve. Anchors flagged as
    corners are passed through with straight tangents on both sides.
    """
    n = len(anchors)
    out: list[Point] = []
    for i in range(n):
        p0, p1, p2, p3 = (anchors[(i + k - 1) % n] for k in range(4))
        if p1[2]:
            p0 = p1
        if p2[2]:
            p3 = p2
        out.append((p1[0], p1[1]))
        for s in range(1, samples):
            out.append(_centripetal_point(p0, p1, p2, p3, s / samples))
    return tuple((round(x, 2), round(y, 2)) for x, y in out)


def _centripetal_point(p0, p1, p2, p3, u: float) -> Point:
    """Point at fraction ``u`` of the span p1→p2 (Barry–Goldman pyramid)."""

    def knot(t: float, a, b) -> float:
        d = math.hypot(b[0] - a[0], b[1] - a[1]) ** 0.5
        return t + max(d, 1e-6)

    t0 = 0.0
    t1 = knot(t0, p0, p1)
    t2 = knot(t1, p1, p2)
    t3 = knot(t2, p2, p3)
    t = t1 + (t2 - t1) * u

    def lerp(a, b, ta, tb):
        wa, wb = (tb - t) / (tb - ta), (t - ta) / (tb - ta)
        return (a[0] * wa + b[0] * wb, a[1] * wa + b[1] * wb)

    a1 = lerp(p0, p1, t0, t1)
    a2 = lerp(p1, p2, t1, t2)
    a3 = lerp(p2, p3, t2, t3)
    b1 = lerp(a1, a2, t0, t2)
    b2 = lerp(a2, a3, t1, t3)
    return lerp(b1, b2, t1, t2)


def smooth_open(points: list[Point], samples: int = SAMPLES_PER_SPAN) -> tuple[Point, ...]:
    """Join points with an open Catmull-Rom curve (ends are duplicated)."""
    if len(points) < 3:
        return tuple(points)
    padded = [(*points[0], True), *((x, y, False) for x, y in points[1:-1]), (*points[-1], True)]
    closed = catmull_rom_closed(padded, samples)
    # The closed curve's last span runs from the end back to the start: drop it.
    return closed[: (len(points) - 1) * samples + 1]


# ----------------------------------------------------------------- polygon maths


def point_in_polygon(x: float, y: float, polygon: Polygon) -> bool:
    """Even-odd ray casting: is (x, y) inside the polygon?"""
    inside = False
    n = len(polygon)
    j = n - 1
    for i in range(n):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_area(polygon: Polygon) -> float:
    """Unsigned area (shoelace formula)."""
    n = len(polygon)
    twice = sum(
        polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1]
        for i in range(n)
    )
    return abs(twice) / 2


def polygon_centroid(polygon: Polygon) -> Point:
    """Area centroid of a simple polygon."""
    n = len(polygon)
    a = cx = cy = 0.0
    for i in range(n):
        x0, y0 = polygon[i]
        x1, y1 = polygon[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    return (cx / (6 * a), cy / (6 * a))


def distance_to_polygon(x: float, y: float, polygon: Polygon) -> float:
    """Distance from (x, y) to the nearest point of the polygon's outline."""
    best = math.inf
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i - 1], polygon[i]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length2))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def bounding_box(polygon: Polygon) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) of a polygon."""
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    return min(xs), max(xs), min(ys), max(ys)


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do segments ab and cd properly intersect (touching ends excluded)?"""

    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = orient(c, d, a), orient(c, d, b)
    d3, d4 = orient(a, b, c), orient(a, b, d)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and 0 not in (d1, d2, d3, d4)


def self_intersections(polygon: Polygon) -> list[tuple[int, int]]:
    """Index pairs of non-adjacent edges of a closed polygon that cross."""
    n = len(polygon)
    edges = [(polygon[i], polygon[(i + 1) % n]) for i in range(n)]
    boxes = [(min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])) for a, b in edges]
    found = []
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # adjacent through the closing edge
            bi, bj = boxes[i], boxes[j]
            if bi[1] < bj[0] or bj[1] < bi[0] or bi[3] < bj[2] or bj[3] < bi[2]:
                continue
            if _segments_cross(*edges[i], *edges[j]):
                found.append((i, j))
    return found


# ------------------------------------------------------------------- hit testing


def region_at(view: View, x: float, y: float) -> str | None:
    """The region a tap at (x, y) lands on: the topmost region containing it.

    Regions are listed bottom to top (a region that sits on another comes
    after it), so the last match wins, as it does visually.
    """
    hit = None
    for region in view.regions:
        if any(s.contains(x, y) for s in region.shapes):
            hit = region.region_id
    return hit


def _lattice(xmin: float, xmax: float, ymin: float, ymax: float, step: float):
    """Points of the global lattice (multiples of ``step``) inside a box."""
    i0, i1 = math.floor(xmin / step), math.ceil(xmax / step)
    j0, j1 = math.floor(ymin / step), math.ceil(ymax / step)
    for i in range(i0, i1 + 1):
        for j in range(j0, j1 + 1):
            x, y = round(i * step, 2), round(j * step, 2)
            if xmin <= x <= xmax and ymin <= y <= ymax:
                yield x, y


@functools.lru_cache(maxsize=16)
def hit_grid(view: View, step: float | None = None) -> dict[str, list[Point]]:
    """Grid points a tap can select, keyed by the (tappable) region they select.

    Streamlit's Plotly element reports point selections only, so invisible
    markers on this grid make a tap anywhere inside a region select it.

    * Inside: each lattice point belongs to the region visibly on top at that
      spot, if that region is tappable (a non-tappable region gets no points,
      and hides the points of a region under it). A tappable region too small
      to hold a lattice point still gets its centroid.
    * Halo: with ``view.hit_halo`` > 0, lattice points outside every drawn
      region (of any id, tappable or not) and within ``hit_halo`` of a
      tappable region go to the nearest such region. A tap just beside a
      small region then still selects it, while a tap on another drawn
      region never does. A region's own ``hit_halo`` overrides the view's
      (0: no halo), and a point nearer to another tappable region than to
      this one is never this one's.
    * Hit areas: a region's ``hit_areas`` (invisible shapes, e.g. beside a
      thin arm, where a halo would reach towards a neighbour) add the
      lattice points inside them that lie outside every drawn region. They
      are placed before the halo, which never takes their points.

    All points lie on one global lattice (multiples of ``step``) within the
    view's ranges. Cached: every highlighted variant of the figure shares one
    grid; don't mutate it.
    """
    step = step or view.hit_step
    tappable = [r for r in view.regions if r.tappable]
    grid: dict[str, set[Point]] = {r.region_id: set() for r in tappable}
    (vx0, vx1), (vy0, vy1) = view.x_range, view.y_range
    for region in tappable:
        for shape in region.shapes:
            xmin, xmax, ymin, ymax = bounding_box(shape.polygon)
            for px, py in _lattice(xmin, xmax, ymin, ymax, step):
                if shape.contains(px, py) and region_at(view, px, py) == (region.region_id):
                    grid[region.region_id].add((px, py))
    for region in tappable:
        for shape in region.shapes:
            if not any(shape.contains(px, py) for px, py in grid[region.region_id]):
                cx, cy = polygon_centroid(shape.polygon)
                grid[region.region_id].add((round(cx, 2), round(cy, 2)))
    taken: set[Point] = set()
    for region in tappable:
        for area in region.hit_areas:
            xmin, xmax, ymin, ymax = bounding_box(area.polygon)
            box = (max(xmin, vx0), min(xmax, vx1), max(ymin, vy0), min(ymax, vy1))
            for px, py in _lattice(*box, step):
                if (px, py) in taken or not area.contains(px, py):
                    continue
                if region_at(view, px, py) is None:  # never over a drawn region
                    grid[region.region_id].add((px, py))
                    taken.add((px, py))
    halo_max = max((_halo_of(view, r) for r in tappable), default=0.0)
    if halo_max > 0:
        shapes = [
            (r.region_id, s.polygon, bounding_box(s.polygon), _halo_of(view, r))
            for r in tappable
            for s in r.shapes
        ]
        seen: set[Point] = set(taken)
        for _, _, (xmin, xmax, ymin, ymax), reach in shapes:
            if reach <= 0:
                continue
            box = (max(xmin - reach, vx0), min(xmax + reach, vx1))
            boy = (max(ymin - reach, vy0), min(ymax + reach, vy1))
            for px, py in _lattice(*box, *boy, step):
                if (px, py) in seen:
                    continue
                seen.add((px, py))
                if region_at(view, px, py) is not None:
                    continue  # inside a drawn region: never a halo point
                # The nearest tappable region, of any halo: a point nearer to
                # a region without a halo (or a small one) stays empty.
                best, best_id, best_reach = math.inf, None, 0.0
                for region_id, polygon, (x0, x1, y0, y1), own in shapes:
                    limit = min(best, halo_max)
                    if x0 - limit <= px <= x1 + limit and y0 - limit <= py <= y1 + limit:
                        gap = distance_to_polygon(px, py, polygon)
                        if gap <= best:
                            best, best_id, best_reach = gap, region_id, own
                if best_id is not None and best_reach > 0 and best <= best_reach:
                    grid[best_id].add((px, py))
    return {rid: sorted(points) for rid, points in grid.items()}


def _halo_of(view: View, region: RegionShape) -> float:
    """A region's halo: its own ``hit_halo`` if it has one, else the view's."""
    return view.hit_halo if region.hit_halo is None else region.hit_halo


def region_core(view: View, region_id: str, step: float = 0.5) -> Point:
    """Where a finger aims at a region: the centre of the largest square
    (its corners, edge midpoints and centre) that lies where the region is
    visibly on top, sampled every ``step`` units.

    Not the centroid: the close-up head's centroid lies between the eyes,
    a sliver of head 1.8 units wide, and the jaw's sits near its top edge.
    """
    region = next(r for r in view.regions if r.region_id == region_id)
    boxes = [bounding_box(s.polygon) for s in region.shapes]
    xmin, xmax = min(b[0] for b in boxes), max(b[1] for b in boxes)
    ymin, ymax = min(b[2] for b in boxes), max(b[3] for b in boxes)
    ours = {p for p in _lattice(xmin, xmax, ymin, ymax, step) if region_at(view, *p) == region_id}
    if not ours:  # too thin to hold a sample: its centroid
        return polygon_centroid(region.shapes[0].polygon)

    def fits(x: float, y: float, k: int) -> bool:
        h = k * step
        return all(
            (round(x + dx * h, 2), round(y + dy * h, 2)) in ours
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        )

    sizes: dict[Point, int] = {}
    for x, y in ours:
        k = 0
        while fits(x, y, k + 1):
            k += 1
        sizes[(x, y)] = k
    best_k = max(sizes.values())
    # Of the equally good spots, the one nearest the (first) shape's centre.
    centre = polygon_centroid(region.shapes[0].polygon)
    return min((p for p, k in sizes.items() if k == best_k), key=lambda p: math.dist(p, centre))


# ------------------------------------------------------------------------ loading


def load_diagram(path: Path = DIAGRAM_PATH) -> Diagram:
    """Read and validate the diagram file; raise GeometryError naming the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeometryError(f"{path.name}: cannot read JSON: {exc}") from exc
    views_raw = _require(raw, "views", list, path.name)
    if not views_raw:
        raise GeometryError(f"{path.name}: views: at least one view is needed")
    views = tuple(_parse_view(v, f"{path.name}: views[{i}]") for i, v in enumerate(views_raw))
    seen: set[str] = set()
    for view in views:
        if view.view_id in seen:
            raise GeometryError(f"{path.name}: views: duplicate view id {view.view_id!r}")
        seen.add(view.view_id)
    diagram = Diagram(views=views)
    for region_id in sorted(diagram.region_ids() - diagram.tappable_ids()):
        drawn = ", ".join(v.view_id for v in views if region_id in v.region_ids())
        raise GeometryError(
            f"{path.name}: region {region_id!r} is not tappable in any view (drawn in: "
            f'{drawn}): set "tappable": true for it in at least one view'
        )
    return diagram


def _require(obj: dict, key: str, kind: type, where: str):
    if not isinstance(obj, dict) or key not in obj:
        raise GeometryError(f"{where}: {key}: missing")
    value = obj[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        raise GeometryError(f"{where}: {key}: expected {kind.__name__}")
    return value


def _parse_anchors(raw, where: str) -> list[tuple[float, float, bool]]:
    if not isinstance(raw, list) or len(raw) < 3:
        raise GeometryError(f"{where}: points: need at least 3 anchor points")
    anchors = []
    for k, p in enumerate(raw):
        ok = isinstance(p, list) and len(p) in (2, 3) and all(map(_is_number, p[:2]))
        if not ok:
            raise GeometryError(f"{where}: points[{k}]: expected [x, y] or [x, y, 1]")
        anchors.append((float(p[0]), float(p[1]), len(p) == 3 and bool(p[2])))
    return anchors


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _point(value, where: str) -> Point:
    if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))):
        raise GeometryError(f"{where}: expected [x, y]")
    return (float(value[0]), float(value[1]))


def _table(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise GeometryError(f"{where}: expected an object {{...}}")
    return value


def _optional_list(raw: dict, key: str, where: str) -> list:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise GeometryError(f"{where}: {key}: expected a list")
    return value


def _mirror(anchors):
    return [(-x, y, c) for x, y, c in anchors]


def side_of(polygon: Polygon, view_side: str = "front") -> str:
    """The patient's side a shape is on: ``"centre"``, ``"left"`` or ``"right"``.

    Seen from the front, the patient's left is on the viewer's right (x > 0);
    seen from the back, on the viewer's left (x < 0).
    """
    cx = sum(p[0] for p in polygon) / len(polygon)
    if abs(cx) < 1:
        return "centre"
    viewer_right = cx > 0
    return "left" if viewer_right == (view_side == "front") else "right"


def _parse_shapes(raw: dict, where: str, view_side: str = "front") -> tuple[Shape, ...]:
    raw = _table(raw, where)
    anchors = _parse_anchors(raw.get("points"), where)
    mirror = raw.get("mirror", "none")
    smooth = raw.get("smooth", True)
    if mirror not in ("none", "join", "copy"):
        raise GeometryError(f"{where}: mirror: expected 'none', 'join' or 'copy'")

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
    for poly in polys:
        if polygon_area(poly) < 1e-3:
            raise GeometryError(f"{where}: points: the shape has no area")
    return tuple(Shape(polygon=p, side=side_of(p, view_side)) for p in polys)


# Ids become parts of CSS class names on the map (figure.highlight_css):
# lower-case letters, digits and hyphens only.
DIAGRAM_ID = re.compile(r"[a-z][a-z0-9-]*")


def _diagram_id(raw: dict, key: str, where: str) -> str:
    value = _require(raw, key, str, where)
    if not DIAGRAM_ID.fullmatch(value):
        raise GeometryError(
            f"{where}: {key}: {value!r} must be lower-case letters, digits and hyphens"
        )
    return value


def _parse_view(raw: dict, where: str) -> View:
    view_id = _diagram_id(raw, "id", where)
    where = f"{where} ({view_id})"
    side = raw.get("side", "front")
    if side not in SIDES:
        raise GeometryError(f"{where}: side: expected one of {', '.join(map(repr, SIDES))}")
    x_range = _require(raw, "x_range", list, where)
    y_range = _require(raw, "y_range", list, where)
    for name, rng in (("x_range", x_range), ("y_range", y_range)):
        if len(rng) != 2 or not all(map(_is_number, rng)) or rng[0] >= rng[1]:
            raise GeometryError(f"{where}: {name}: expected [min, max] with min < max")
    hit_step = _require(raw, "hit_step", float, where)
    if not math.isfinite(hit_step) or hit_step < 0.25:
        raise GeometryError(f"{where}: hit_step: must be a number of at least 0.25")
    outline = tuple(
        s
        for i, o in enumerate(_require(raw, "outline", list, where))
        for s in _parse_shapes(o, f"{where}: outline[{i}]", side)
    )
    details = []
    for i, d in enumerate(_optional_list(raw, "details", where)):
        w = f"{where}: details[{i}]"
        d = _table(d, w)
        points = d.get("points")
        if not isinstance(points, list) or len(points) < 2:
            raise GeometryError(f"{w}: points: need at least 2 points")
        pts = [_point(p, f"{w}: points[{k}]") for k, p in enumerate(points)]
        closed = bool(d.get("closed", False))
        width = d.get("width", 1.2)
        if not _is_number(width) or width <= 0:
            raise GeometryError(f"{w}: width: expected a positive number")
        copies = [pts, [(-x, y) for x, y in pts]] if d.get("mirror") == "copy" else [pts]
        for c in copies:
            if closed and len(c) >= 3:
                line = catmull_rom_closed([(x, y, False) for x, y in c])
                line = (*line, line[0])
            elif d.get("smooth", True):
                line = smooth_open(c)
            else:
                line = tuple(c)
            details.append(Line(points=tuple(line), width=float(width)))
    regions = []
    for i, r in enumerate(_require(raw, "regions", list, where)):
        w = f"{where}: regions[{i}]"
        r = _table(r, w)
        region_id = _diagram_id(r, "region", w)
        shapes = tuple(
            s
            for k, sr in enumerate(_require(r, "shapes", list, w))
            for s in _parse_shapes(sr, f"{w} ({region_id}): shapes[{k}]", side)
        )
        label_at = r.get("label_at")
        label = r.get("label")
        if label is not None and not isinstance(label, str):
            raise GeometryError(f"{w}: label: expected text")
        if label and label_at is None:
            raise GeometryError(f"{w}: label_at: a label needs a position [x, y]")
        sits_on = r.get("sits_on", [])
        sits_on = [sits_on] if isinstance(sits_on, str) else sits_on
        if not isinstance(sits_on, list) or not all(isinstance(x, str) for x in sits_on):
            raise GeometryError(f"{w}: sits_on: expected a region id or a list of them")
        hit_areas = tuple(
            s
            for k, sr in enumerate(_optional_list(r, "hit_areas", w))
            for s in _parse_shapes(sr, f"{w} ({region_id}): hit_areas[{k}]", side)
        )
        region_halo = r.get("hit_halo")
        if region_halo is not None and (not _is_number(region_halo) or region_halo < 0):
            raise GeometryError(f"{w}: hit_halo: must be a number of at least 0")
        regions.append(
            RegionShape(
                region_id=region_id,
                shapes=shapes,
                sits_on=tuple(sits_on),
                hit_halo=None if region_halo is None else float(region_halo),
                hit_areas=hit_areas,
                label=label,
                label_at=_point(label_at, f"{w}: label_at") if label_at is not None else None,
                translucent=bool(r.get("translucent", False)),
                tappable=_flag(r, "tappable", True, w),
            )
        )
    ids = [r.region_id for r in regions]
    hit_halo = raw.get("hit_halo", 0)
    if not _is_number(hit_halo) or hit_halo < 0:
        raise GeometryError(f"{where}: hit_halo: must be a number of at least 0")
    for i, r in enumerate(regions):
        if ids.count(r.region_id) > 1:
            raise GeometryError(f"{where}: regions[{i}]: region {r.region_id!r} listed twice")
        for under in r.sits_on:
            if under not in ids[:i]:
                raise GeometryError(
                    f"{where}: regions[{i}] ({r.region_id}): sits_on: {under!r} "
                    "must be a region listed before it in this view"
                )
    side_labels = []
    for i, item in enumerate(_optional_list(raw, "side_labels", where)):
        w = f"{where}: side_labels[{i}]"
        side_labels.append((_require(item, "text", str, w), _point(item.get("at"), f"{w}: at")))
    return View(
        view_id=view_id,
        title=str(raw.get("title", view_id)),
        x_range=(float(x_range[0]), float(x_range[1])),
        y_range=(float(y_range[0]), float(y_range[1])),
        hit_step=hit_step,
        outline=outline,
        details=tuple(details),
        regions=tuple(regions),
        side_labels=tuple(side_labels),
        hit_halo=float(hit_halo),
        side=side,
    )


def _flag(raw: dict, key: str, default: bool, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise GeometryError(f"{where}: {key}: expected true or false")
    return value
