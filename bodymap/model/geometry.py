"""Pure geometry of the body drawing: smooth curves, polygon maths and hit-testing.

Shapes are polygons of ``(x, y)`` points in diagram units (y grows upwards,
x = 0 is the body's centre line). Nothing here reads a file: the drawing
itself, and the types it is made of, are :mod:`bodymap.model.diagram`'s.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bodymap.model.diagram import RegionShape, View

Point = tuple[float, float]
Polygon = tuple[Point, ...]

# Segments sampled per anchor-to-anchor span: enough for smooth curves at
# tablet size, few enough to keep the figure JSON small.
SAMPLES_PER_SPAN = 6


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
