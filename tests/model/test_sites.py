"""Injection-site overlay: the real files, each validation rule, and the drawing helpers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bodymap.model.diagram import load_diagram
from bodymap.model.fields import ContentError
from bodymap.model.geometry import point_in_polygon
from bodymap.model.readability import grade_level
from bodymap.model.sites import (
    PATTERNS,
    SiteError,
    check_site_sets,
    load_site_sets,
    number_labels,
    overlay_labels,
    overlay_points,
    site_count,
    views_of,
)
from bodymap.model.sources import load_source_hosts
from bodymap.vocabulary import CONTENT_DIR
from tests.support.files import edit
from tests.support.paths import FIXTURE_CONTENT

# Clinic, consumer, AI-generated and spam pages: never a source for a site count or dose.

# ------------------------------------------------------------------ the real files


def condition_ids() -> list[str]:
    return sorted(p.stem for p in (CONTENT_DIR / "conditions").glob("*.toml"))


@pytest.fixture(scope="module")
def diagram():
    return load_diagram()


@pytest.fixture(scope="module")
def real_sets(diagram):
    return load_site_sets(CONTENT_DIR, diagram, condition_ids())


def test_real_site_files_load_without_problems(diagram):
    site_sets, problems = check_site_sets(CONTENT_DIR, diagram, condition_ids())
    assert problems == [], "\n".join(map(str, problems))
    assert site_sets


def test_every_condition_has_a_site_set(diagram):
    site_sets, problems = check_site_sets(CONTENT_DIR, diagram, condition_ids(), require_all=True)
    assert problems == [], "\n".join(map(str, problems))
    assert sorted(site_sets) == condition_ids()


def test_every_site_lies_inside_its_views_outline(real_sets, diagram):
    for site_set in real_sets.values():
        for muscle in site_set.muscles:
            view = diagram.view(muscle.view)
            (x0, x1), (y0, y1) = view.x_range, view.y_range
            assert x0 <= muscle.label_at[0] <= x1 and y0 <= muscle.label_at[1] <= y1
            for x, y in muscle.points:
                assert any(point_in_polygon(x, y, s.polygon) for s in view.outline), (
                    f"{site_set.file}: {muscle.name} ({x}, {y}) is outside {view.view_id}"
                )


# Counts fixed by the label (or, for drooling, the Xeomin label): a change to the
# drawing that breaks one of these is a medical error, not a layout tweak.
EXPECTED_COUNTS = {
    "chronic-migraine": 31,  # PREEMPT fixed sites
    "frown-and-forehead-lines": 5,  # 1 procerus + 2 per corrugator
    "blepharospasm": 6,  # 3 per eye
    "drooling": 4,  # one per parotid and submandibular gland
    "neurogenic-bladder": 30,  # 30 intradetrusor injections
}


@pytest.mark.parametrize(("condition", "count"), EXPECTED_COUNTS.items())
def test_standard_patterns_draw_the_labelled_number_of_sites(real_sets, condition, count):
    assert site_count(real_sets[condition]) == count


def test_underarm_grid_has_10_to_15_sites_per_side(real_sets):
    points = overlay_points(real_sets["severe-underarm-sweating"], ["body"])
    left = [p for p in points if p[1] > 0]
    right = [p for p in points if p[1] < 0]
    assert 10 <= len(left) <= 15 and len(left) == len(right)


def test_patient_summaries_are_plain_and_dose_free(real_sets, strings):
    for site_set in real_sets.values():
        assert grade_level(site_set.summary) <= 9.0, site_set.file
        assert site_set.pattern in PATTERNS
        assert site_set.pattern_note(strings) == strings(PATTERNS[site_set.pattern])
        assert site_set.sites_text and site_set.dose_text and site_set.educator_text


def test_every_site_set_rests_on_a_primary_source_on_a_reviewed_host(real_sets):
    hosts = load_source_hosts(CONTENT_DIR, [])
    assert hosts is not None
    for site_set in real_sets.values():
        assert site_set.educator_sources(), site_set.file
        cited = [hosts.tier(s.url) for s in site_set.educator_sources()]
        assert "primary" in cited, site_set.file
        for source in site_set.sources:
            assert source.url.startswith(("https://", "http://"))
            assert hosts.tier(source.url) is not None, source.url


def test_a_site_set_resting_only_on_a_weak_host_is_rejected(content_root, fixture_diagram):
    edit(
        content_root / SITE_FILE,
        'url = "https://example.org/trial"',
        'url = "https://weak.example.com/trial"',
    )
    _, problems = check_site_sets(content_root, fixture_diagram, ["teeth-grinding"])
    assert [(p.file, p.field) for p in problems] == [
        ("content/sites/teeth-grinding.toml", "educator.source_ids")
    ], problems


def test_caption_says_it_is_not_an_injection_guide(strings):
    assert "not an injection guide" in strings("sites.caption")


# --------------------------------------------------------- a small fixture to break

FIXTURE_DIAGRAM = {
    "views": [
        {
            "id": "front",
            "x_range": [-10, 10],
            "y_range": [0, 20],
            "hit_step": 1,
            # Deliberately lopsided, so a mirror image can fall outside it.
            "outline": [{"points": [[-3, 0], [5, 0], [5, 10], [-3, 10]], "smooth": False}],
            "regions": [],
        },
        {
            "id": "side",
            "x_range": [-10, 10],
            "y_range": [0, 20],
            "hit_step": 1,
            "outline": [{"points": [[-5, 0], [5, 0], [5, 10], [-5, 10]], "smooth": False}],
            "regions": [],
        },
    ]
}

VALID = """\
condition = "teeth-grinding"
summary = "Small shots go into the chewing muscle."
pattern = "example"
last_reviewed = 2026-11-01

[educator]
sites = "2 per side"
total_dose = "No standard dose"
text = "An illustration."
source_ids = ["trial"]

[[muscles]]
name = "Masseter"
view = "front"
label_at = [0, 12]
mirror = true
sites = [[1, 3], [2, 4]]

[[muscles]]
name = "Temporalis"
view = "side"
label_at = [0, 15]
sites = [[1, 1]]

[[sources]]
id = "trial"
title = "A trial"
url = "https://example.org/trial"
"""

SITE_FILE = "sites/teeth-grinding.toml"


@pytest.fixture
def fixture_diagram(tmp_path: Path):
    path = tmp_path / "diagram.json"
    path.write_text(json.dumps(FIXTURE_DIAGRAM), encoding="utf-8")
    return load_diagram(path)


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "sites").mkdir(parents=True)
    (root / SITE_FILE).write_text(VALID, encoding="utf-8")
    shutil.copy(FIXTURE_CONTENT / "source_hosts.toml", root / "source_hosts.toml")
    return root


def test_fixture_site_file_is_valid(content_root, fixture_diagram):
    site_sets = load_site_sets(content_root, fixture_diagram, ["teeth-grinding"])
    site_set = site_sets["teeth-grinding"]
    assert site_set.file == "content/sites/teeth-grinding.toml"
    assert site_set.summary == "Small shots go into the chewing muscle."
    assert [s.id for s in site_set.educator_sources()] == ["trial"]


def test_mirrored_sites_are_drawn_and_counted(content_root, fixture_diagram):
    site_set = load_site_sets(content_root, fixture_diagram, ["teeth-grinding"])["teeth-grinding"]
    masseter = site_set.muscles[0]
    assert masseter.points == ((1.0, 3.0), (-1.0, 3.0), (2.0, 4.0), (-2.0, 4.0))
    assert site_count(site_set) == 5


def test_overlay_helpers_filter_by_view(content_root, fixture_diagram):
    site_set = load_site_sets(content_root, fixture_diagram, ["teeth-grinding"])["teeth-grinding"]
    assert overlay_points(site_set, ["side"]) == (("side", 1.0, 1.0),)
    assert len(overlay_points(site_set, ["front"])) == 4
    assert len(overlay_points(site_set, ["front", "side"])) == 5
    assert overlay_points(site_set, ["elsewhere"]) == ()
    assert overlay_points(site_set, "side") == overlay_points(site_set, ["side"])
    # Where the name goes, and its own nearest site (where the leader line ends).
    assert overlay_labels(site_set, ["front"]) == (("front", "Masseter", 0.0, 12.0, 2.0, 4.0),)
    assert overlay_labels(site_set, ("front", "side"))[1] == (
        "side",
        "Temporalis",
        0.0,
        15.0,
        1.0,
        1.0,
    )
    assert views_of(site_set) == {"front", "side"}


def test_a_muscle_named_twice_in_one_view_is_labelled_once(content_root, fixture_diagram):
    with (content_root / SITE_FILE).open("a", encoding="utf-8") as fh:
        fh.write('\n[[muscles]]\nname = "Masseter"\nview = "front"\n')
        fh.write("label_at = [0, 13]\nsites = [[0, 5]]\n")
    site_set = load_site_sets(content_root, fixture_diagram, ["teeth-grinding"])["teeth-grinding"]
    (label,) = overlay_labels(site_set, ["front"])
    assert label[1] == "Masseter"
    assert label[2:] == (0.0, 12.0, 0.0, 5.0), "first name's place, the nearest site of both"
    assert site_count(site_set) == 6


# (text to replace, replacement, expected field, words expected in the message)
BROKEN = [
    pytest.param(
        'condition = "teeth-grinding"',
        'condition = "bruxism"',
        "condition",
        "must match the file name",
        id="condition-vs-filename",
    ),
    pytest.param(
        'view = "side"', 'view = "back"', "muscles[1].view", "unknown view 'back'", id="view"
    ),
    pytest.param(
        "sites = [[1, 3], [2, 4]]",
        "sites = [[1, 3], [7, 4]]",
        "muscles[0].sites[1]",
        "[7, 4] is outside the body outline of the 'front' view",
        id="point-outside",
    ),
    pytest.param(
        "sites = [[1, 3], [2, 4]]",
        "sites = [[1, 3], [4, 4]]",
        "muscles[0].sites[1]",
        "[-4, 4] (its mirror image) is outside the body outline",
        id="mirror-outside",
    ),
    pytest.param(
        "sites = [[1, 3], [2, 4]]",
        "sites = [[0, 3]]",
        "muscles[0].sites[0]",
        "centre line",
        id="mirror-on-centre-line",
    ),
    pytest.param(
        "sites = [[1, 3], [2, 4]]", "sites = []", "muscles[0].sites", "one or more", id="no-sites"
    ),
    pytest.param(
        "sites = [[1, 3], [2, 4]]",
        "sites = [[1, 3], [2]]",
        "muscles[0].sites[1]",
        "expected [x, y]",
        id="not-a-point",
    ),
    pytest.param(
        "label_at = [0, 12]",
        "label_at = [0, 50]",
        "muscles[0].label_at",
        "outside the 'front' view",
        id="label-outside-view",
    ),
    pytest.param(
        'source_ids = ["trial"]',
        'source_ids = ["nowhere"]',
        "educator.source_ids",
        "'nowhere' is not defined",
        id="missing-source",
    ),
    pytest.param(
        'url = "https://example.org/trial"',
        'url = "ftp://example.org/trial"',
        "sources[0].url",
        "https://",
        id="bad-url",
    ),
    pytest.param(
        'name = "Masseter"',
        'name = "Masseter"\ncolour = "red"',
        "muscles[0].colour",
        "unknown field",
        id="unknown-muscle-key",
    ),
    pytest.param(
        'pattern = "example"',
        'pattern = "example"\nnotes = "x"',
        "notes",
        "unknown field",
        id="unknown-top-key",
    ),
    pytest.param(
        'total_dose = "No standard dose"',
        'total_dose = "No standard dose"\nunits = 20',
        "educator.units",
        "unknown field",
        id="unknown-educator-key",
    ),
    pytest.param('pattern = "example"', 'pattern = "vague"', "pattern", "not one of", id="pattern"),
    pytest.param(
        'summary = "Small shots go into the chewing muscle."',
        'summary = "We inject 20 Units into the chewing muscle."',
        "summary",
        "doses and units belong in [educator]",
        id="dose-in-summary",
    ),
    pytest.param(
        "mirror = true",
        'mirror = "yes"',
        "muscles[0].mirror",
        "true or false",
        id="mirror-flag",
    ),
    pytest.param(
        'name = "Masseter"',
        'name = "Masseter and a very long description of it"',
        "muscles[0].name",
        "fit on the diagram",
        id="long-name",
    ),
    pytest.param(
        "last_reviewed = 2026-11-01\n", "", "last_reviewed", "missing", id="last-reviewed"
    ),
    pytest.param(
        '[educator]\nsites = "2 per side"\ntotal_dose = "No standard dose"\n'
        'text = "An illustration."\nsource_ids = ["trial"]\n',
        "",
        "educator",
        "missing",
        id="no-educator",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "words"), BROKEN)
def test_each_broken_site_file_is_rejected_naming_file_and_field(
    content_root, fixture_diagram, old, new, field, words
):
    edit(content_root / SITE_FILE, old, new)
    site_sets, problems = check_site_sets(content_root, fixture_diagram, ["teeth-grinding"])
    assert site_sets is None, "a broken file must not load"
    matching = [p for p in problems if p.field == field and words in p.message]
    assert matching, "\n".join(map(str, problems))
    assert all(p.file == "content/sites/teeth-grinding.toml" for p in matching)


def test_unknown_condition_is_rejected(content_root, fixture_diagram):
    path = content_root / SITE_FILE
    text = path.read_text(encoding="utf-8").replace("teeth-grinding", "hiccups")
    path.unlink()
    (content_root / "sites" / "hiccups.toml").write_text(text, encoding="utf-8")
    _, problems = check_site_sets(content_root, fixture_diagram, ["teeth-grinding"])
    assert any(
        p.file == "content/sites/hiccups.toml"
        and p.field == "condition"
        and "unknown condition 'hiccups'" in p.message
        for p in problems
    ), problems


def test_a_condition_without_a_site_file_is_reported_when_all_are_required(
    content_root, fixture_diagram
):
    ids = ["teeth-grinding", "jaw-pain"]
    assert check_site_sets(content_root, fixture_diagram, ids)[1] == []
    _, problems = check_site_sets(content_root, fixture_diagram, ids, require_all=True)
    assert [(p.file, p.field) for p in problems] == [("content/sites/jaw-pain.toml", "(file)")]


def test_invalid_toml_is_reported_not_raised(content_root, fixture_diagram):
    (content_root / SITE_FILE).write_text("condition = \n", encoding="utf-8")
    _, problems = check_site_sets(content_root, fixture_diagram, ["teeth-grinding"])
    assert problems[0].field == "(file)" and "not valid TOML" in problems[0].message


def test_load_raises_a_content_error_listing_every_problem(content_root, fixture_diagram):
    edit(content_root / SITE_FILE, 'view = "side"', 'view = "back"')
    edit(content_root / SITE_FILE, 'pattern = "example"', 'pattern = "vague"')
    with pytest.raises(SiteError) as caught:
        load_site_sets(content_root, fixture_diagram, ["teeth-grinding"])
    assert isinstance(caught.value, ContentError)
    message = str(caught.value)
    assert "content/sites/teeth-grinding.toml: muscles[1].view: unknown view 'back'" in message
    assert "content/sites/teeth-grinding.toml: pattern:" in message


def test_names_on_the_whole_body_become_numbers_with_a_key():
    labels = (
        ("body", "Biceps", 34.0, 124.0, 22.4, 121.5),
        ("closeup", "Masseter", -17.5, 27.8, -8.6, 29.8),
        ("body", "Brachialis", 35.5, 114.5, 25.8, 114.5),
    )
    numbered, key = number_labels(labels, "body")
    assert key == ("Biceps", "Brachialis")
    assert numbered == (
        ("body", "1", 34.0, 124.0, 22.4, 121.5),
        ("closeup", "Masseter", -17.5, 27.8, -8.6, 29.8),  # the close-up keeps its names
        ("body", "2", 35.5, 114.5, 25.8, 114.5),
    )
    assert number_labels(labels, "body-back") == (labels, ())
