"""The diagram is well-formed and hit-testing agrees with what is drawn."""

from __future__ import annotations

import json
import math

import pytest

from bodymap.geometry import (
    GeometryError,
    catmull_rom_closed,
    distance_to_polygon,
    hit_grid,
    load_diagram,
    point_in_polygon,
    polygon_area,
    polygon_centroid,
    region_at,
    region_core,
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


def test_each_region_is_tappable_where_it_is_large():
    # The whole body's head and neck are drawn (and highlighted) but too
    # small to tap there: the close-up beside it has them large.
    assert VIEWS["body"].tappable_ids() == ("underarm", "bladder")
    assert set(VIEWS["body"].region_ids()) == {"head", "neck", "underarm", "bladder"}
    assert VIEWS["closeup"].tappable_ids() == VIEWS["closeup"].region_ids()
    assert DIAGRAM.tappable_ids() == DIAGRAM.region_ids()


def test_only_the_body_view_has_a_halo():
    assert VIEWS["body"].hit_halo == 6
    assert VIEWS["closeup"].hit_halo == 0


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
    assert tuple(grid) == view.tappable_ids()  # no points for a non-tappable region
    for region in view.regions:
        if not region.tappable:
            continue
        points = grid[region.region_id]
        for shape in region.shapes:
            assert any(point_in_polygon(*p, shape.polygon) for p in points), (
                f"{region.region_id} has a shape with no tap point"
            )
        for x, y in points:
            assert region_at(view, x, y) in (region.region_id, None)  # None: its halo


def _halo(view):
    return [
        (x, y, rid)
        for rid, points in hit_grid(view).items()
        for x, y in points
        if region_at(view, x, y) is None
    ]


def _distance_to_region(view, x, y, region_id):
    region = next(r for r in view.regions if r.region_id == region_id)
    return min(distance_to_polygon(x, y, s.polygon) for s in region.shapes)


@pytest.mark.parametrize("view_id", VIEWS)
def test_halo_points_ring_their_region_and_stay_off_every_drawn_region(view_id):
    view = VIEWS[view_id]
    halo = _halo(view)
    assert bool(halo) == (view.hit_halo > 0)
    tappable = view.tappable_ids()
    for x, y, rid in halo:
        # Outside every drawn region (the body's neck and head included)...
        for region in view.regions:
            for shape in region.shapes:
                assert not point_in_polygon(x, y, shape.polygon), (x, y, rid, region.region_id)
        # ...within hit_halo of its region, and no nearer to another tappable one.
        gap = _distance_to_region(view, x, y, rid)
        assert 0 < gap <= view.hit_halo + 1e-9, (x, y, rid, gap)
        for other in tappable:
            assert _distance_to_region(view, x, y, other) >= gap - 1e-9, (x, y, rid, other)
        # On the same lattice as the points inside, within the view.
        assert abs(x / view.hit_step - round(x / view.hit_step)) < 1e-6
        assert abs(y / view.hit_step - round(y / view.hit_step)) < 1e-6
        assert view.x_range[0] <= x <= view.x_range[1]
        assert view.y_range[0] <= y <= view.y_range[1]


def test_the_halo_fills_the_whole_ring_around_the_underarm_and_bladder():
    """Every lattice spot off the drawn regions and well within the halo is a tap point."""
    view = VIEWS["body"]
    halo = {(x, y) for x, y, _ in _halo(view)}
    step = view.hit_step
    for region_id in ("underarm", "bladder"):
        region = next(r for r in view.regions if r.region_id == region_id)
        for shape in region.shapes:
            xmin = min(p[0] for p in shape.polygon) - view.hit_halo
            ymin = min(p[1] for p in shape.polygon) - view.hit_halo
            for i in range(int(2 * view.hit_halo / step) + 8):
                for j in range(int(2 * view.hit_halo / step) + 8):
                    x = round((math.floor(xmin / step) + i) * step, 2)
                    y = round((math.floor(ymin / step) + j) * step, 2)
                    if region_at(view, x, y) is None:
                        gap = _distance_to_region(view, x, y, region_id)
                        if gap < view.hit_halo - 1e-6:
                            assert (x, y) in halo, (region_id, x, y)


def test_hit_grid_is_cached_and_quick():
    import dataclasses
    import time

    view = dataclasses.replace(VIEWS["body"], title="uncached copy")
    started = time.perf_counter()
    first = hit_grid(view)
    assert time.perf_counter() - started < 1.0
    assert hit_grid(view) is first


@pytest.mark.parametrize("view_id", VIEWS)
def test_every_spot_inside_a_region_is_near_a_tap_point_of_that_region(view_id):
    """Plotly selects the nearest point: each spot's nearest point is its own region's."""
    view = VIEWS[view_id]
    grid = hit_grid(view)
    points = [(x, y, rid) for rid, pts in grid.items() for x, y in pts]
    tappable = view.tappable_ids()
    for x, y in _sample_points(view, step=view.hit_step / 2):
        here = region_at(view, x, y)
        if here not in tappable:
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


@pytest.mark.parametrize("view_id", VIEWS)
def test_region_core_is_well_inside_its_region(view_id):
    view = VIEWS[view_id]
    for region_id in view.tappable_ids():
        x, y = region_core(view, region_id)
        assert region_at(view, x, y) == region_id
        # At least 2 units of the region all around: up, down, left and right.
        for dx, dy in ((2, 0), (-2, 0), (0, 2), (0, -2), (2, 2), (-2, -2), (2, -2), (-2, 2)):
            assert region_at(view, x + dx, y + dy) == region_id, (region_id, dx, dy)


def test_closeup_head_core_is_the_forehead_not_between_the_eyes():
    closeup = VIEWS["closeup"]
    x, y = region_core(closeup, "head")
    assert abs(x) < 1 and y > 48  # above the eyes; the centroid is between them
    assert region_core(closeup, "eyes")[0] > 0  # the first (patient's left) eye


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
        (_view(hit_halo=-1), "hit_halo: must be a number of at least 0"),
        (_view(hit_halo="wide"), "hit_halo"),
        (_view(hit_halo=float("inf")), "hit_halo"),
        (
            _view(
                regions=[
                    {
                        "region": "head",
                        "tappable": "no",
                        "shapes": [{"points": [[-2, 10], [2, 10], [0, 13]]}],
                    }
                ]
            ),
            "regions[0]: tappable: expected true or false",
        ),
        (
            _view(
                regions=[
                    {
                        "region": "head",
                        "tappable": False,
                        "shapes": [{"points": [[-2, 10], [2, 10], [0, 13]]}],
                    }
                ]
            ),
            "region 'head' is not tappable in any view (drawn in: v)",
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
    view = diagram.views[0]
    assert view.tappable_ids() == ("head",) and view.hit_halo == 0
    assert all(region_at(view, *p) == "head" for p in hit_grid(view)["head"])


def _two_views(body_head_tappable: bool, closeup_head_tappable: bool) -> dict:
    head = [[-2, 10], [2, 10], [0, 13]]
    return {
        "views": [
            _view(
                id="body",
                hit_halo=1.5,
                regions=[
                    {
                        "region": "head",
                        "tappable": body_head_tappable,
                        "shapes": [{"points": head}],
                    },
                    {"region": "arm", "shapes": [{"points": [[3, 3], [4, 3], [4, 7], [3, 7]]}]},
                ],
            ),
            _view(
                id="closeup",
                regions=[
                    {
                        "region": "head",
                        "tappable": closeup_head_tappable,
                        "shapes": [{"points": head}],
                    }
                ],
            ),
        ]
    }


def test_a_region_tappable_in_one_view_only_loads(tmp_path):
    diagram = load_diagram(_write(tmp_path, _two_views(False, True)))
    body, closeup = diagram.views
    assert body.region_ids() == ("head", "arm") and body.tappable_ids() == ("arm",)
    assert closeup.tappable_ids() == ("head",)
    assert diagram.tappable_ids() == diagram.region_ids() == {"head", "arm"}
    grid = hit_grid(body)
    assert set(grid) == {"arm"}
    # The halo never reaches into the drawn (non-tappable) head.
    head = next(r for r in body.regions if r.region_id == "head").shapes[0].polygon
    assert grid["arm"] and not any(point_in_polygon(*p, head) for p in grid["arm"])
    assert any(region_at(body, *p) is None for p in grid["arm"])  # it has a halo


def test_a_region_tappable_nowhere_names_the_region_and_views(tmp_path):
    with pytest.raises(GeometryError) as info:
        load_diagram(_write(tmp_path, _two_views(False, False)))
    message = str(info.value)
    assert message.startswith("diagram.json: region 'head' is not tappable in any view")
    assert "(drawn in: body, closeup)" in message
