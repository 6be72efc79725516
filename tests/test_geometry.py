"""The diagram is well-formed and hit-testing agrees with what is drawn."""

from __future__ import annotations

import json
import math

import pytest

from bodymap.geometry import (
    GeometryError,
    catmull_rom_closed,
    hit_grid,
    load_diagram,
    point_in_polygon,
    polygon_area,
    polygon_centroid,
    region_at,
    self_intersections,
)
from bodymap.palette import PALETTE, contrast_ratio

DIAGRAM = load_diagram()
VIEWS = {v.view_id: v for v in DIAGRAM.views}
REQUIRED = {"head", "eyes", "jaw", "neck", "underarm", "bladder"}


def all_shapes():
    for view in DIAGRAM.views:
        for i, shape in enumerate(view.outline):
            yield f"{view.view_id}/outline{i}", shape.polygon
        for region in view.regions:
            for i, shape in enumerate(region.shapes):
                yield f"{view.view_id}/{region.region_id}{i}", shape.polygon


SHAPES = dict(all_shapes())


def test_views_and_required_regions():
    assert set(VIEWS) == {"body", "closeup"}
    assert DIAGRAM.region_ids() >= REQUIRED
    assert {"head", "eyes", "jaw", "neck"} <= set(VIEWS["closeup"].region_ids())
    assert {"underarm", "bladder"} <= set(VIEWS["body"].region_ids())


@pytest.mark.parametrize("name", SHAPES)
def test_outlines_are_closed_simple_polygons(name):
    polygon = SHAPES[name]
    assert len(polygon) >= 12, "smooth outlines need enough points"
    assert polygon_area(polygon) > 1
    assert self_intersections(polygon) == []


def test_body_is_drawn_with_curves_not_boxes():
    """The silhouette turns gently: most corners are shallow, as in a drawing."""
    body = VIEWS["body"].outline[0].polygon
    assert len(body) >= 300
    turns = []
    n = len(body)
    for i in range(n):
        (ax, ay), (bx, by), (cx, cy) = body[i - 1], body[i], body[(i + 1) % n]
        a1, a2 = math.atan2(by - ay, bx - ax), math.atan2(cy - by, cx - bx)
        turns.append(abs((a2 - a1 + math.pi) % (2 * math.pi) - math.pi))
    gentle = sum(t < math.radians(20) for t in turns) / n
    assert gentle > 0.9


def test_body_is_symmetric_and_has_realistic_proportions():
    body = VIEWS["body"].outline[0].polygon
    xs, ys = [p[0] for p in body], [p[1] for p in body]
    height = max(ys) - min(ys)
    assert 160 <= height <= 185
    assert abs(max(xs) + min(xs)) < 0.5  # mirror image about x = 0
    head = next(r for r in VIEWS["body"].regions if r.region_id == "head").shapes[0].polygon
    head_height = max(p[1] for p in head) - min(p[1] for p in head)
    assert 6.5 <= height / head_height <= 8.5  # adults are about 7.5 heads tall


@pytest.mark.parametrize("view_id", VIEWS)
def test_regions_lie_inside_the_body(view_id):
    view = VIEWS[view_id]
    outline = view.outline[0].polygon
    for region in view.regions:
        for shape in region.shapes:
            outside = [p for p in shape.polygon if not point_in_polygon(*p, outline)]
            assert not outside, f"{region.region_id}: {len(outside)} points outside the body"


def _sample_points(view, step=0.5):
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    y = y0
    while y <= y1:
        x = x0
        while x <= x1:
            yield x, y
            x += step
        y += step


@pytest.mark.parametrize("view_id", VIEWS)
def test_regions_overlap_only_where_one_sits_on_another(view_id):
    view = VIEWS[view_id]
    allowed = {(r.region_id, r.sits_on) for r in view.regions if r.sits_on}
    for x, y in _sample_points(view):
        inside = [
            r.region_id for r in view.regions for s in r.shapes if point_in_polygon(x, y, s.polygon)
        ]
        if len(inside) < 2:
            continue
        assert len(inside) == 2, f"{inside} overlap at {(x, y)}"
        top, bottom = inside[1], inside[0]
        assert (top, bottom) in allowed, f"{top} overlaps {bottom} at {(x, y)}"


def test_mirrored_shapes_give_left_and_right():
    for view_id, region_id in (("body", "underarm"), ("closeup", "eyes")):
        region = next(r for r in VIEWS[view_id].regions if r.region_id == region_id)
        assert sorted(s.side for s in region.shapes) == ["left", "right"]


@pytest.mark.parametrize("view_id", VIEWS)
def test_hit_grid_points_select_the_region_visibly_there(view_id):
    view = VIEWS[view_id]
    grid = hit_grid(view)
    for region in view.regions:
        points = grid[region.region_id]
        for shape in region.shapes:
            assert any(point_in_polygon(*p, shape.polygon) for p in points), (
                f"{region.region_id} has a shape with no tap point"
            )
        for x, y in points:
            assert region_at(view, x, y) == region.region_id


@pytest.mark.parametrize("view_id", VIEWS)
def test_every_spot_inside_a_region_is_near_a_tap_point_of_that_region(view_id):
    """Plotly selects the nearest point: each spot's nearest point is its own region's."""
    view = VIEWS[view_id]
    grid = hit_grid(view)
    points = [(x, y, rid) for rid, pts in grid.items() for x, y in pts]
    for x, y in _sample_points(view, step=view.hit_step / 2):
        here = region_at(view, x, y)
        if here is None:
            continue
        nearest = min(points, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)
        distance = math.dist((x, y), nearest[:2])
        assert distance <= view.hit_step, f"no tap point near {(x, y)} in {here}"
        if nearest[2] != here:
            # Only a boundary spot may go to a neighbour: one closer than a grid step.
            assert _distance_to_other_region(view, x, y, here) < view.hit_step


def _distance_to_other_region(view, x, y, region_id, rings=8):
    step = view.hit_step / rings
    for k in range(1, rings + 1):
        r = k * step
        for a in range(16):
            px, py = x + r * math.cos(a * math.pi / 8), y + r * math.sin(a * math.pi / 8)
            if region_at(view, px, py) != region_id:
                return r
    return math.inf


@pytest.mark.parametrize(
    ("view_id", "point", "expected"),
    [
        ("body", lambda v: _centre(v, "bladder"), "bladder"),
        ("body", lambda v: _centre(v, "neck"), "neck"),
        ("closeup", lambda v: _centre(v, "jaw"), "jaw"),
        ("closeup", lambda v: _centre(v, "eyes"), "eyes"),
        ("body", lambda v: (0.0, 60.0), None),  # a thigh: no region
        ("body", lambda v: (-47.0, 170.0), None),  # beside the head: outside the body
    ],
)
def test_region_at_known_spots(view_id, point, expected):
    view = VIEWS[view_id]
    assert region_at(view, *point(view)) == expected


def _centre(view, region_id):
    region = next(r for r in view.regions if r.region_id == region_id)
    return polygon_centroid(region.shapes[0].polygon)


def test_eye_and_jaw_sit_on_top_of_head():
    closeup = VIEWS["closeup"]
    assert region_at(closeup, *_centre(closeup, "eyes")) == "eyes"
    head = next(r for r in closeup.regions if r.region_id == "head")
    assert point_in_polygon(*_centre(closeup, "eyes"), head.shapes[0].polygon)


def test_highlight_colour_contrast():
    assert contrast_ratio(PALETTE.accent, PALETTE.body) >= 3
    assert contrast_ratio(PALETTE.accent, PALETTE.region) >= 3
    assert contrast_ratio(PALETTE.accent_text, PALETTE.accent) >= 4.5
    assert contrast_ratio(PALETTE.label, PALETTE.region) >= 4.5


def test_smoothing_passes_through_anchors():
    anchors = [(0.0, 0.0, False), (10.0, 0.0, False), (10.0, 10.0, True), (0.0, 10.0, False)]
    curve = catmull_rom_closed(anchors, samples=5)
    for x, y, _ in anchors:
        assert (x, y) in curve
    assert self_intersections(curve) == []


def test_self_intersection_is_detected():
    bow_tie = ((0.0, 0.0), (10.0, 10.0), (10.0, 0.0), (0.0, 10.0))
    assert self_intersections(bow_tie)


def _write(tmp_path, data):
    path = tmp_path / "diagram.json"
    path.write_text(json.dumps(data))
    return path


def _view(**over):
    view = {
        "id": "v",
        "x_range": [-10, 10],
        "y_range": [0, 20],
        "hit_step": 1,
        "outline": [{"points": [[-5, 0], [5, 0], [5, 15], [-5, 15]]}],
        "regions": [{"region": "head", "shapes": [{"points": [[-2, 10], [2, 10], [0, 13]]}]}],
    }
    view.update(over)
    return view


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (_view(x_range=[10, -10]), "x_range"),
        (_view(hit_step=0), "hit_step"),
        (_view(outline=[{"points": [[0, 0], [1, 1]]}]), "outline[0]: points"),
        (_view(outline=[{"points": [[0, 0], [1, "a"], [2, 2]]}]), "points[1]"),
        (_view(outline=[{"points": [[0, 0], [1, 1], [2, 2]], "mirror": "flip"}]), "mirror"),
        (
            _view(
                regions=[
                    {
                        "region": "eyes",
                        "sits_on": "head",
                        "shapes": [{"points": [[0, 0], [1, 0], [0, 1]]}],
                    }
                ]
            ),
            "sits_on",
        ),
        (_view(regions=[{"shapes": []}]), "regions[0]: region: missing"),
        (_view(outline=["not an object"]), "outline[0]: expected an object"),
        (_view(details={"points": []}), "details: expected a list"),
        (_view(details=[{"points": [["a", 1], [2, 2]]}]), "details[0]: points[0]"),
        (_view(details=[{"points": [[0, 1], [2, 2]], "width": "wide"}]), "details[0]: width"),
        (_view(details=[{"points": 5}]), "details[0]: points"),
        (_view(hit_step=float("nan")), "hit_step"),
        (_view(side_labels=[{"text": "Left"}]), "side_labels[0]: at"),
        (
            _view(regions=[{"region": "head", "label": "Head", "label_at": 5, "shapes": []}]),
            "label_at",
        ),
        (
            _view(regions=[{"region": "head", "shapes": [{"points": [[0, 0], [1, 1], [2, 2]]}]}]),
            "no area",
        ),
    ],
)
def test_malformed_diagram_is_rejected_with_field(tmp_path, view, words):
    with pytest.raises(GeometryError, match=r"diagram\.json") as info:
        load_diagram(_write(tmp_path, {"views": [view]}))
    assert words in str(info.value)


def test_diagram_not_saved_as_utf8_is_a_geometry_error(tmp_path):
    path = tmp_path / "diagram.json"
    path.write_bytes(b'{"views": [{"id": "t\xeate"}]}')  # Latin-1, not UTF-8
    with pytest.raises(GeometryError, match=r"diagram\.json"):
        load_diagram(path)


def test_valid_minimal_diagram_loads(tmp_path):
    diagram = load_diagram(_write(tmp_path, {"views": [_view()]}))
    assert diagram.region_ids() == {"head"}
