"""The diagram is well-formed and hit-testing agrees with what is drawn."""

from __future__ import annotations

import json
import math

import pytest

from bodymap.model.diagram import GeometryError, check_diagram, load_diagram
from bodymap.model.geometry import (
    catmull_rom_closed,
    distance_to_polygon,
    hit_grid,
    point_in_polygon,
    polygon_area,
    polygon_centroid,
    region_at,
    region_core,
    self_intersections,
    side_of,
)
from bodymap.render.palette import PALETTE, contrast_ratio
from bodymap.vocabulary import DIAGRAM_PATH, SIDES
from tests.support import shipped

VIEW_IDS = ("body", "closeup", "body-back", "closeup-back")  # the diagram's, in its order
REQUIRED = {"head", "eyes", "jaw", "neck", "underarm", "bladder"}
NEW = {"forehead", "salivary-glands", "arms", "hands", "legs", "feet", "shoulders"}
BODIES = ("body", "body-back")
CLOSEUPS = ("closeup", "closeup-back")


def all_shapes(diagram):
    for view in diagram.views:
        for i, shape in enumerate(view.outline):
            yield f"{view.view_id}/outline{i}", shape.polygon
        for region in view.regions:
            for i, shape in enumerate(region.shapes):
                yield f"{view.view_id}/{region.region_id}{i}", shape.polygon


@pytest.fixture(scope="module")
def views(diagram):
    return {v.view_id: v for v in diagram.views}


@pytest.fixture(scope="module")
def shapes(diagram):
    return dict(all_shapes(diagram))


def pytest_generate_tests(metafunc):
    # Each shape of the shipped diagram, by name, read when the tests are collected.
    if "name" in metafunc.fixturenames:
        metafunc.parametrize("name", [name for name, _ in all_shapes(shipped.diagram())])


def test_views_and_required_regions(diagram, views):
    assert set(views) == {"body", "closeup", "body-back", "closeup-back"}
    assert diagram.region_ids() >= REQUIRED | NEW
    assert {"head", "forehead", "eyes", "jaw", "neck", "salivary-glands"} == set(
        views["closeup"].region_ids()
    )
    assert {"underarm", "bladder", "arms", "hands", "legs", "feet"} <= set(
        views["body"].region_ids()
    )
    assert {"shoulders", "arms", "hands", "legs", "feet"} <= set(views["body-back"].region_ids())
    assert set(views["closeup-back"].region_ids()) == {"head", "neck", "shoulders"}


def test_each_side_has_a_whole_body_then_a_closeup(diagram):
    assert SIDES == ("front", "back")
    front, back = diagram.side_views("front"), diagram.side_views("back")
    assert [v.view_id for v in front] == ["body", "closeup"]
    assert [v.view_id for v in back] == ["body-back", "closeup-back"]
    assert all(v.side == "front" for v in front) and all(v.side == "back" for v in back)
    with pytest.raises(ValueError, match="unknown side 'left'"):
        diagram.side_views("left")


def test_back_views_share_the_front_views_frame(views):
    """Same proportions and coordinates: x = 0 is the spine, y the height."""
    front, back = views["body"], views["body-back"]
    assert (front.x_range, front.y_range, front.hit_step) == (
        back.x_range,
        back.y_range,
        back.hit_step,
    )
    for a, b in ((front, back), (views["closeup"], views["closeup-back"])):
        top = max(p[1] for p in a.outline[0].polygon)
        assert abs(max(p[1] for p in b.outline[0].polygon) - top) < 0.5  # same height
    f_head = next(r for r in front.regions if r.region_id == "head").shapes[0].polygon
    b_head = next(r for r in back.regions if r.region_id == "head").shapes[0].polygon
    assert abs(max(p[1] for p in f_head) - max(p[1] for p in b_head)) < 0.5


def test_every_tinted_region_of_every_view_is_tappable(diagram, views):
    # Issue 17: the whole body's head and neck are tinted like every other
    # region, so a tap on them must answer too, front and back.
    assert views["body"].tappable_ids() == (
        "head", "neck", "arms", "hands", "underarm", "bladder", "legs", "feet",
    )  # fmt: skip
    assert views["body-back"].tappable_ids() == (
        "head", "neck", "shoulders", "arms", "hands", "legs", "feet",
    )  # fmt: skip
    for view in views.values():
        assert view.tappable_ids() == view.region_ids()
    assert diagram.tappable_ids() == diagram.region_ids()


def test_only_the_whole_body_views_have_a_halo(views):
    for view_id in BODIES:
        assert views[view_id].hit_halo == 6
    for view_id in CLOSEUPS:
        assert views[view_id].hit_halo == 0


def test_outlines_are_closed_simple_polygons(name, shapes):
    polygon = shapes[name]
    assert len(polygon) >= 12, "smooth outlines need enough points"
    assert polygon_area(polygon) > 1
    assert self_intersections(polygon) == []


@pytest.mark.parametrize("view_id", BODIES)
def test_body_is_drawn_with_curves_not_boxes(view_id, views):
    """The silhouette turns gently: most corners are shallow, as in a drawing."""
    body = views[view_id].outline[0].polygon
    assert len(body) >= 300
    turns = []
    n = len(body)
    for i in range(n):
        (ax, ay), (bx, by), (cx, cy) = body[i - 1], body[i], body[(i + 1) % n]
        a1, a2 = math.atan2(by - ay, bx - ax), math.atan2(cy - by, cx - bx)
        turns.append(abs((a2 - a1 + math.pi) % (2 * math.pi) - math.pi))
    gentle = sum(t < math.radians(20) for t in turns) / n
    assert gentle > 0.9


@pytest.mark.parametrize("view_id", BODIES)
def test_body_is_symmetric_and_has_realistic_proportions(view_id, views):
    body = views[view_id].outline[0].polygon
    xs, ys = [p[0] for p in body], [p[1] for p in body]
    height = max(ys) - min(ys)
    assert 160 <= height <= 185
    assert abs(max(xs) + min(xs)) < 0.5  # mirror image about x = 0
    head = next(r for r in views[view_id].regions if r.region_id == "head").shapes[0].polygon
    head_height = max(p[1] for p in head) - min(p[1] for p in head)
    assert 6.5 <= height / head_height <= 8.5  # adults are about 7.5 heads tall


@pytest.mark.parametrize("view_id", VIEW_IDS)
def test_regions_lie_inside_the_body(view_id, views):
    """Inside the silhouette, or inside another outline shape (the round
    inset that shows the salivary glands enlarged beside the face)."""
    view = views[view_id]
    for region in view.regions:
        for shape in region.shapes:
            outside = [
                p
                for p in shape.polygon
                if not any(point_in_polygon(*p, o.polygon) for o in view.outline)
            ]
            assert not outside, f"{region.region_id}: {len(outside)} points outside the body"


def test_the_salivary_glands_are_drawn_in_place_and_enlarged_in_an_inset(views):
    view = views["closeup"]
    face, inset = view.outline
    glands = next(r for r in view.regions if r.region_id == "salivary-glands")
    in_face = [s for s in glands.shapes if point_in_polygon(*s.polygon[0], face.polygon)]
    in_inset = [s for s in glands.shapes if point_in_polygon(*s.polygon[0], inset.polygon)]
    assert len(in_face) == 4  # parotid and submandibular, both sides
    assert len(in_inset) == 2
    assert sorted(s.side for s in in_face) == ["left", "left", "right", "right"]
    # The finger aims at the inset, where the glands are large.
    assert point_in_polygon(*region_core(view, "salivary-glands"), inset.polygon)


def _sample_points(view, step=0.5):
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    y = y0
    while y <= y1:
        x = x0
        while x <= x1:
            yield x, y
            x += step
        y += step


@pytest.mark.parametrize("view_id", VIEW_IDS)
def test_regions_overlap_only_where_one_sits_on_another(view_id, views):
    view = views[view_id]
    allowed = {(r.region_id, under) for r in view.regions for under in r.sits_on}
    for x, y in _sample_points(view):
        inside = [
            r.region_id for r in view.regions for s in r.shapes if point_in_polygon(x, y, s.polygon)
        ]
        # Each region of a stack sits on every one under it (the salivary
        # glands on the jaw, which sits on the head).
        for i, bottom in enumerate(inside):
            for top in inside[i + 1 :]:
                assert (top, bottom) in allowed, f"{top} overlaps {bottom} at {(x, y)}"


def test_mirrored_shapes_give_left_and_right(views):
    for view_id, region_id in (
        ("body", "underarm"),
        ("closeup", "eyes"),
        ("body-back", "hands"),
        ("body-back", "arms"),
    ):
        region = next(r for r in views[view_id].regions if r.region_id == region_id)
        assert sorted(s.side for s in region.shapes) == ["left", "right"]


@pytest.mark.parametrize(("view_id", "region_id"), [("body", "hands"), ("body-back", "hands")])
def test_the_patients_left_is_on_the_viewers_right_in_front_and_left_behind(
    view_id, region_id, views
):
    view = views[view_id]
    region = next(r for r in view.regions if r.region_id == region_id)
    left = next(s for s in region.shapes if s.side == "left")
    cx = sum(p[0] for p in left.polygon) / len(left.polygon)
    assert (cx > 0) == (view.side == "front")
    # ...and the side labels say so.
    labels = {text.replace("\n", " "): at for text, at in view.side_labels}
    assert (labels["Patient's left"][0] > 0) == (view.side == "front")
    assert (labels["Patient's right"][0] < 0) == (view.side == "front")


def test_side_of():
    right_of_centre = ((2.0, 0.0), (4.0, 0.0), (3.0, 2.0))
    assert side_of(right_of_centre, "front") == "left"
    assert side_of(right_of_centre, "back") == "right"
    assert side_of(((-1.0, 0.0), (1.0, 0.0), (0.0, 2.0)), "back") == "centre"


@pytest.mark.parametrize("view_id", VIEW_IDS)
def test_hit_grid_points_select_the_region_visibly_there(view_id, views):
    view = views[view_id]
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


def _halo_of(view, region_id):
    region = next(r for r in view.regions if r.region_id == region_id)
    return view.hit_halo if region.hit_halo is None else region.hit_halo


def _in_hit_area(view, x, y, region_id):
    region = next(r for r in view.regions if r.region_id == region_id)
    return any(point_in_polygon(x, y, a.polygon) for a in region.hit_areas)


@pytest.mark.parametrize("view_id", VIEW_IDS)
def test_halo_points_ring_their_region_and_stay_off_every_drawn_region(view_id, views):
    view = views[view_id]
    halo = _halo(view)
    reaches = view.hit_halo > 0 or any(
        r.hit_areas or (r.hit_halo or 0) > 0 for r in view.regions if r.tappable
    )
    assert bool(halo) == reaches
    tappable = view.tappable_ids()
    for x, y, rid in halo:
        # Outside every drawn region (the body's neck and head included)...
        for region in view.regions:
            for shape in region.shapes:
                assert not point_in_polygon(x, y, shape.polygon), (x, y, rid, region.region_id)
        # ...in one of its region's hit areas, or within its region's halo and
        # no nearer to another tappable region.
        if not _in_hit_area(view, x, y, rid):
            gap = _distance_to_region(view, x, y, rid)
            assert 0 < gap <= _halo_of(view, rid) + 1e-9, (x, y, rid, gap)
            for other in tappable:
                assert _distance_to_region(view, x, y, other) >= gap - 1e-9, (x, y, rid, other)
        # On the same lattice as the points inside, within the view.
        assert abs(x / view.hit_step - round(x / view.hit_step)) < 1e-6
        assert abs(y / view.hit_step - round(y / view.hit_step)) < 1e-6
        assert view.x_range[0] <= x <= view.x_range[1]
        assert view.y_range[0] <= y <= view.y_range[1]


def test_the_halo_fills_the_whole_ring_around_the_underarm_and_bladder(views):
    """Every lattice spot off the drawn regions and well within the halo is a tap point."""
    view = views["body"]
    halo = {(x, y) for x, y, _ in _halo(view)}
    step = view.hit_step
    for region_id in ("underarm", "bladder"):
        reach = _halo_of(view, region_id)
        region = next(r for r in view.regions if r.region_id == region_id)
        for shape in region.shapes:
            xmin = min(p[0] for p in shape.polygon) - reach
            ymin = min(p[1] for p in shape.polygon) - reach
            for i in range(int(2 * reach / step) + 8):
                for j in range(int(2 * reach / step) + 8):
                    x = round((math.floor(xmin / step) + i) * step, 2)
                    y = round((math.floor(ymin / step) + j) * step, 2)
                    if region_at(view, x, y) is None:
                        gap = _distance_to_region(view, x, y, region_id)
                        if gap < reach - 1e-6:
                            assert (x, y) in halo, (region_id, x, y)


def test_hit_areas_add_tap_points_beside_a_region_but_never_over_another(views):
    view = views["body"]
    grid = hit_grid(view)
    arms = next(r for r in view.regions if r.region_id == "arms")
    assert arms.hit_areas
    beside = [p for p in grid["arms"] if _in_hit_area(view, *p, "arms")]
    assert beside and all(region_at(view, *p) is None for p in beside)
    # Further from the arm than its halo: only the hit area puts them there.
    assert max(_distance_to_region(view, *p, "arms") for p in beside) > _halo_of(view, "arms")


def test_hit_grid_is_cached(views):
    """Worked out once per view (its time is a benchmark's business, not a test's:
    shared machines are too noisy for timed assertions)."""
    import dataclasses

    view = dataclasses.replace(views["body"], title="uncached copy")
    first = hit_grid(view)
    assert hit_grid(view) is first


@pytest.mark.parametrize("view_id", VIEW_IDS)
def test_every_spot_inside_a_region_is_near_a_tap_point_of_that_region(view_id, views):
    """Plotly selects the nearest point: each spot's nearest point is its own region's."""
    view = views[view_id]
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
def test_region_at_known_spots(view_id, point, expected, views):
    view = views[view_id]
    assert region_at(view, *point(view)) == expected


def _centre(view, region_id):
    region = next(r for r in view.regions if r.region_id == region_id)
    return polygon_centroid(region.shapes[0].polygon)


@pytest.mark.parametrize("view_id", VIEW_IDS)
def test_region_core_is_well_inside_its_region(view_id, views):
    view = views[view_id]
    for region_id in view.tappable_ids():
        x, y = region_core(view, region_id)
        assert region_at(view, x, y) == region_id
        # At least 2 units of the region all around: up, down, left and right.
        for dx, dy in ((2, 0), (-2, 0), (0, 2), (0, -2), (2, 2), (-2, -2), (2, -2), (-2, 2)):
            assert region_at(view, x + dx, y + dy) == region_id, (region_id, dx, dy)


def test_closeup_head_core_is_the_forehead_not_between_the_eyes(views):
    closeup = views["closeup"]
    x, y = region_core(closeup, "head")
    assert abs(x) < 1 and y > 48  # above the eyes; the centroid is between them
    assert region_core(closeup, "eyes")[0] > 0  # the first (patient's left) eye


def test_eye_and_jaw_sit_on_top_of_head(views):
    closeup = views["closeup"]
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
        (_view(hit_halo=-1), "(v): hit_halo: expected a number of 0 or more"),
        (_view(side="left"), "side: 'left' is not one of: front, back"),
        (
            _view(regions=[{"region": "head", "sits_on": [5], "shapes": []}]),
            "sits_on: expected a region id or a list of them",
        ),
        (
            _view(
                regions=[
                    {
                        "region": "head",
                        "hit_halo": -2,
                        "shapes": [{"points": [[-2, 10], [2, 10], [0, 13]]}],
                    }
                ]
            ),
            "regions[0] (head): hit_halo: expected a number of 0 or more",
        ),
        (
            _view(
                regions=[
                    {
                        "region": "head",
                        "hit_areas": [{"points": [[0, 0], [1, 1]]}],
                        "shapes": [{"points": [[-2, 10], [2, 10], [0, 13]]}],
                    }
                ]
            ),
            "hit_areas[0]: points",
        ),
        (_view(hit_halo="wide"), "hit_halo"),
        # Ids end up in CSS class names on the map: no spaces, capitals or underscores.
        (_view(id="Close up"), "id: 'Close up' must be lower-case letters, digits and hyphens"),
        (
            _view(regions=[{"region": "left_arm", "shapes": []}]),
            "regions[0]: region: 'left_arm' must be lower-case letters",
        ),
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
            "regions[0] (head): tappable: expected true or false",
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
    assert view.side == "front" and diagram.side_views("front") == (view,)
    assert diagram.side_views("back") == ()
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


def test_a_back_view_puts_the_patients_left_on_the_viewers_left(tmp_path):
    copy = {"points": [[3, 3], [4, 3], [4, 7], [3, 7]], "mirror": "copy"}
    data = {
        "views": [
            _view(id="front", regions=[{"region": "hand", "shapes": [copy]}]),
            _view(id="back", side="back", regions=[{"region": "hand", "shapes": [copy]}]),
        ]
    }
    front, back = load_diagram(_write(tmp_path, data)).views
    for view, left_x_sign in ((front, 1), (back, -1)):
        (shape,) = [s for s in view.regions[0].shapes if s.side == "left"]
        assert shape.polygon[0][0] * left_x_sign > 0


def test_hit_areas_and_a_regions_own_halo(tmp_path):
    arm = {"points": [[3, 3], [4, 3], [4, 9], [3, 9]], "smooth": False}
    data = {
        "views": [
            _view(
                hit_halo=3,
                regions=[
                    {"region": "head", "shapes": [{"points": [[-2, 10], [2, 10], [0, 13]]}]},
                    {
                        "region": "arm",
                        "hit_halo": 0,
                        "hit_areas": [
                            {"points": [[4.5, 3], [8, 3], [8, 9], [4.5, 9]], "smooth": False}
                        ],
                        "shapes": [arm],
                    },
                ],
            )
        ]
    }
    view = load_diagram(_write(tmp_path, data)).views[0]
    grid = hit_grid(view)
    outside = [p for p in grid["arm"] if region_at(view, *p) is None]
    assert outside and all(4.5 <= x <= 8 for x, _ in outside)  # only its hit area
    assert any(region_at(view, *p) is None for p in grid["head"])  # the view's halo


def test_a_region_tappable_nowhere_names_the_region_and_views(tmp_path):
    with pytest.raises(GeometryError) as info:
        load_diagram(_write(tmp_path, _two_views(False, False)))
    message = str(info.value)
    assert message.startswith("diagram.json: views: region 'head' is not tappable in any view")
    assert "(drawn in: body, closeup)" in message


def test_a_diagram_broken_in_several_places_reports_every_problem(tmp_path):
    """Every problem is listed, each once, naming its view, region and field."""
    data = json.loads(DIAGRAM_PATH.read_text(encoding="utf-8"))
    body, closeup, back = data["views"][:3]
    body["hit_step"] = 0
    assert closeup["regions"][3]["region"] == "jaw"
    closeup["regions"][3]["shapes"][0]["points"][1] = [1, "a"]
    assert back["regions"][2]["region"] == "shoulders"
    back["regions"][2]["tappable"] = "yes"
    del back["side_labels"][0]["at"]
    path = _write(tmp_path, data)
    expected = [
        "diagram.json: views[0] (body): hit_step: expected a number of 0.25 or more",
        "diagram.json: views[1] (closeup): regions[3] (jaw): shapes[0]: points[1]: "
        "expected [x, y] or [x, y, 1]",
        "diagram.json: views[2] (body-back): regions[2] (shoulders): tappable: "
        "expected true or false",
        "diagram.json: views[2] (body-back): side_labels[0]: at: "
        "missing or not a point: expected [x, y] in diagram units",
    ]
    with pytest.raises(GeometryError) as info:
        load_diagram(path)
    assert [str(p) for p in info.value.problems] == expected
    assert str(info.value) == "\n".join(expected)
    diagram, problems = check_diagram(path)
    assert diagram is None and [str(p) for p in problems] == expected


def test_the_real_diagram_has_no_problems(diagram):
    diagram, problems = check_diagram(DIAGRAM_PATH)
    assert problems == [] and diagram == diagram


def test_an_unreadable_diagram_is_one_file_problem(tmp_path):
    path = tmp_path / "diagram.json"
    path.write_text('{"views": [', encoding="utf-8")
    with pytest.raises(GeometryError) as info:
        load_diagram(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.field) == ("diagram.json", "(file)")
    assert problem.message.startswith("cannot read JSON")
