"""Deep-link parsing and map-selection decoding (pure functions)."""

from __future__ import annotations

import pytest

from bodymap.model.state import (
    BAD_CONDITION_NOTICE,
    BAD_LINK_NOTICE,
    BAD_SITES_NOTICE,
    BAD_STEP_NOTICE,
    BAD_VIEW_NOTICE,
    DeepLink,
    Presenter,
    Selection,
    id_from_selection,
    keep_condition,
    link_params,
    map_layout,
    parse_link,
    parse_presenter,
    parse_region_param,
    presenter_params,
    selection,
    side_for,
    sites_side,
)
from bodymap.vocabulary import BACK, FRONT, PHONE_MAP, WIDE_MAP

KNOWN = ("head", "eyes", "jaw", "neck", "underarm", "bladder")


@pytest.mark.parametrize("value", KNOWN)
def test_known_region_opens(value):
    assert parse_region_param([value], KNOWN) == DeepLink(value)


def test_case_and_spaces_are_forgiven():
    assert parse_region_param(["  Jaw "], KNOWN) == DeepLink("jaw")


def test_no_parameter_is_the_overview_without_notice():
    assert parse_region_param([], KNOWN) == DeepLink(None)


HOSTILE = {
    "empty": [""],
    "unknown": ["elbow"],
    "script": ["<script>alert(1)</script>"],
    "very-long": ["a" * 10_000],
    "long-prefix-of-known": ["jaw" + "w" * 5000],
    "repeated": ["jaw", "neck"],
    "repeated-same": ["jaw", "jaw"],
    "sql": ["jaw' OR 1=1 --"],
    "unicode-lookalike": ["јaw"],  # Cyrillic je
    "path": ["../../etc/passwd"],
}


@pytest.mark.parametrize("values", HOSTILE.values(), ids=HOSTILE.keys())
def test_bad_values_give_overview_and_notice(values):
    link = parse_region_param(values, KNOWN)
    assert link.region is None
    assert link.notices == (BAD_LINK_NOTICE,)


def test_selection_event_maps_to_region():
    event = {"selection": {"points": [{"curve_number": 9, "point_index": 3, "customdata": "jaw"}]}}
    assert id_from_selection(event, KNOWN) == "jaw"


def test_selection_customdata_as_list():
    event = {"selection": {"points": [{"customdata": ["neck"]}]}}
    assert id_from_selection(event, KNOWN) == "neck"


def test_selection_attribute_style_state():
    class Attr(dict):
        __getattr__ = dict.get

    event = Attr(selection=Attr(points=[Attr(customdata="bladder")]))
    assert id_from_selection(event, KNOWN) == "bladder"


@pytest.mark.parametrize(
    "event",
    [
        None,
        {},
        {"selection": {"points": []}},
        {"selection": {"points": [{"customdata": "spleen"}]}},
        {"selection": {"points": [{"x": 1, "y": 2}]}},
        {"selection": {"points": [{"customdata": []}]}},
    ],
)
def test_selection_without_a_known_region_gives_none(event):
    assert id_from_selection(event, KNOWN) is None


CONDITION_REGIONS = {"chronic-migraine": ("head", "neck"), "bruxism": ("jaw",)}


def url(region=(), condition=(), view=(), sites=()) -> dict[str, list[str]]:
    """URL query values as the page reads them."""
    return {
        "region": list(region),
        "condition": list(condition),
        "view": list(view),
        "sites": list(sites),
    }


def test_a_selection_holds_together():
    """A condition is only open at a region that treats it; sites only with
    an open condition that has a site set; an unknown side is the front."""
    with_sites = ("chronic-migraine",)
    chosen = selection("neck", "chronic-migraine", BACK, True, CONDITION_REGIONS, with_sites)
    assert chosen == Selection("neck", "chronic-migraine", BACK, True)
    assert selection("jaw", "chronic-migraine", BACK, True, CONDITION_REGIONS, with_sites) == (
        Selection("jaw", None, BACK, False)
    )
    assert selection(None, "bruxism", FRONT, False, CONDITION_REGIONS, with_sites) == Selection()
    assert selection("jaw", "bruxism", "up", True, CONDITION_REGIONS, with_sites) == (
        Selection("jaw", "bruxism", FRONT, False)
    ), "bruxism has no site set here"


def test_a_selection_is_its_own_link():
    chosen = Selection("neck", "chronic-migraine", BACK, True)
    link = parse_link(chosen.link(), KNOWN, CONDITION_REGIONS)
    assert (link.region, link.condition, link.side, link.sites) == (
        chosen.region,
        chosen.condition,
        chosen.side,
        chosen.sites,
    )
    assert link.notices == ()


@pytest.mark.parametrize(
    ("region", "condition", "expected"),
    [
        ([], ["chronic-migraine"], DeepLink("head", (), "chronic-migraine")),
        (["neck"], ["chronic-migraine"], DeepLink("neck", (), "chronic-migraine")),
        (["jaw"], ["chronic-migraine"], DeepLink("head", (), "chronic-migraine")),
        (["elbow"], [" Bruxism"], DeepLink("jaw", (BAD_LINK_NOTICE,), "bruxism")),
        (["jaw", "jaw"], ["elbow"], DeepLink(None, (BAD_LINK_NOTICE, BAD_CONDITION_NOTICE))),
        (["jaw"], ["elbow"], DeepLink("jaw", (BAD_CONDITION_NOTICE,))),
        (["jaw"], ["bruxism", "bruxism"], DeepLink("jaw", (BAD_CONDITION_NOTICE,))),
        ([], ["<script>"], DeepLink(None, (BAD_CONDITION_NOTICE,))),
        (["elbow"], ["x" * 500], DeepLink(None, (BAD_LINK_NOTICE, BAD_CONDITION_NOTICE))),
    ],
)
def test_condition_links(region, condition, expected):
    assert parse_link(url(region, condition), KNOWN, CONDITION_REGIONS) == expected


def test_link_params_describe_the_selection():
    assert link_params("jaw", "bruxism") == url(["jaw"], ["bruxism"])
    assert link_params("jaw", None) == url(["jaw"])
    assert link_params(None, "bruxism") == url(), "no condition without a region"


# ------------------------------------------------- sides and injection sites


def test_the_issue_example_link_opens_the_back_with_sites():
    link = parse_link(
        url(["neck"], ["chronic-migraine"], ["back"], ["1"]), KNOWN, CONDITION_REGIONS
    )
    assert link == DeepLink("neck", (), "chronic-migraine", BACK, True)
    assert link_params(link.region, link.condition, link.side, link.sites) == url(
        ["neck"], ["chronic-migraine"], ["back"], ["1"]
    )


@pytest.mark.parametrize(
    ("view", "expected_side", "notices"),
    [
        ([], FRONT, ()),
        (["front"], FRONT, ()),
        ([" BACK "], BACK, ()),
        (["side"], FRONT, (BAD_VIEW_NOTICE,)),
        (["back", "back"], FRONT, (BAD_VIEW_NOTICE,)),
        (["<script>"], FRONT, (BAD_VIEW_NOTICE,)),
        ([""], FRONT, (BAD_VIEW_NOTICE,)),
    ],
)
def test_view_values(view, expected_side, notices):
    link = parse_link(url(["jaw"], view=view), KNOWN, CONDITION_REGIONS)
    assert (link.region, link.side, link.notices) == ("jaw", expected_side, notices)


@pytest.mark.parametrize(
    ("condition", "sites", "shown", "notices"),
    [
        (["bruxism"], ["1"], True, ()),
        (["bruxism"], ["0"], False, ()),
        (["bruxism"], [], False, ()),
        (["bruxism"], ["yes"], False, (BAD_SITES_NOTICE,)),
        (["bruxism"], ["1", "1"], False, (BAD_SITES_NOTICE,)),
        ([], ["1"], False, (BAD_SITES_NOTICE,)),  # sites of what?
        (["elbow"], ["1"], False, (BAD_CONDITION_NOTICE, BAD_SITES_NOTICE)),
    ],
)
def test_sites_values(condition, sites, shown, notices):
    link = parse_link(url(["jaw"], condition, sites=sites), KNOWN, CONDITION_REGIONS)
    assert (link.sites, link.notices) == (shown, notices)


def test_sites_need_a_site_set():
    link = parse_link(
        url(["jaw"], ["bruxism"], sites=["1"]), KNOWN, CONDITION_REGIONS, with_sites=()
    )
    assert (link.condition, link.sites, link.notices) == ("bruxism", False, (BAD_SITES_NOTICE,))


def test_link_params_leave_out_the_defaults():
    assert link_params("jaw", "bruxism", FRONT, False) == url(["jaw"], ["bruxism"])
    assert link_params(None, None, BACK) == url(view=["back"])
    assert link_params("jaw", None, FRONT, True) == url(["jaw"]), "no sites without a condition"


def test_back_forward_reads_the_side_and_sites():
    back = url(["neck"], ["chronic-migraine"], ["back"], ["1"])
    front = url(["neck"], ["chronic-migraine"])
    assert parse_link(front, KNOWN, CONDITION_REGIONS) == DeepLink("neck", (), "chronic-migraine")
    assert parse_link(back, KNOWN, CONDITION_REGIONS) == (
        DeepLink("neck", (), "chronic-migraine", BACK, True)
    )


DRAWN = {FRONT: ("eyes", "neck", "arms"), BACK: ("neck", "shoulders", "arms")}


@pytest.mark.parametrize(
    ("region", "side", "expected"),
    [
        (None, BACK, BACK),  # the overview: the user's side stands
        ("neck", BACK, BACK),  # drawn on both: stay
        ("arms", FRONT, FRONT),
        ("eyes", BACK, FRONT),  # only on the front: turn around
        ("shoulders", FRONT, BACK),
        ("elbow", BACK, BACK),  # unknown: leave it
    ],
)
def test_side_turns_to_show_the_region(region, side, expected):
    assert side_for(region, side, DRAWN) == expected


def test_sites_turn_the_body_only_when_none_are_on_this_side():
    assert sites_side(FRONT, {FRONT, BACK}) == FRONT
    assert sites_side(BACK, {FRONT, BACK}) == BACK
    assert sites_side(FRONT, {BACK}) == BACK
    assert sites_side(BACK, set()) == BACK


def test_a_condition_stays_open_on_its_own_regions():
    assert keep_condition("chronic-migraine", "neck", CONDITION_REGIONS) == "chronic-migraine"
    assert keep_condition("chronic-migraine", "jaw", CONDITION_REGIONS) is None
    assert keep_condition("chronic-migraine", None, CONDITION_REGIONS) is None
    assert keep_condition(None, "jaw", CONDITION_REGIONS) is None


# ------------------------------------------------------------ presenter mode


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Presenter(False)),
        ({"mode": ["edit"]}, Presenter(False)),
        ({"mode": ["present", "present"]}, Presenter(False)),
        ({"mode": ["present"]}, Presenter(True, 1)),
        ({"mode": [" Present "]}, Presenter(True, 1)),
        ({"mode": ["present"], "step": ["4"]}, Presenter(True, 4)),
        ({"mode": ["present"], "step": ["14"]}, Presenter(True, 14)),
        ({"mode": ["present"], "step": ["4"], "contrast": ["high"]}, Presenter(True, 4, True)),
        ({"mode": ["present"], "contrast": ["loud"]}, Presenter(True, 1, False)),
        ({"mode": ["present"], "step": ["0"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
        ({"mode": ["present"], "step": ["15"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
        ({"mode": ["present"], "step": ["-2"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
        ({"mode": ["present"], "step": ["2.5"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
        ({"mode": ["present"], "step": ["<b>"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
        ({"mode": ["present"], "step": ["2", "3"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
        ({"mode": ["present"], "step": ["99999999"]}, Presenter(True, 1, False, BAD_STEP_NOTICE)),
    ],
)
def test_parse_presenter(params, expected):
    assert parse_presenter(params, stops=14) == expected


def test_presenter_params_round_trip():
    for presenter in (Presenter(True, 3), Presenter(True, 7, True)):
        assert parse_presenter(presenter_params(presenter), stops=14) == presenter
    assert presenter_params(Presenter(False)) == {"mode": [], "step": [], "contrast": []}


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            PHONE_MAP,
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
            PHONE_MAP,
        ),
        # Android tablets leave out "Mobile"; iPads ask for the desktop site.
        (
            "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            WIDE_MAP,
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            WIDE_MAP,
        ),
        ("", WIDE_MAP),
        (None, WIDE_MAP),
    ],
)
def test_map_layout_by_user_agent(agent, expected):
    assert map_layout(agent) == expected
