"""Deep-link parsing and map-selection decoding (pure functions)."""

from __future__ import annotations

import pytest

from bodymap.state import (
    BAD_CONDITION_NOTICE,
    BAD_LINK_NOTICE,
    BAD_STEP_NOTICE,
    PHONE_MAP,
    STALE_WINDOW_S,
    WIDE_MAP,
    DeepLink,
    Presenter,
    id_from_selection,
    is_stale_pick,
    link_params,
    map_layout,
    parse_link,
    parse_presenter,
    parse_region_param,
    presenter_params,
    url_navigation,
)

KNOWN = ("head", "eyes", "jaw", "neck", "underarm", "bladder")


@pytest.mark.parametrize("value", KNOWN)
def test_known_region_opens(value):
    assert parse_region_param([value], KNOWN) == DeepLink(value)


def test_case_and_spaces_are_forgiven():
    assert parse_region_param(["  Jaw "], KNOWN) == DeepLink("jaw")


def test_no_parameter_is_the_overview_without_notice():
    assert parse_region_param([], KNOWN) == DeepLink(None, None)


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
    assert link.notice == BAD_LINK_NOTICE


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


def test_pick_of_a_value_the_map_just_replaced_is_an_echo():
    # The map changed bladder -> jaw 0.1 s ago; the browser reports "bladder".
    assert is_stale_pick("bladder", "jaw", [(None, 9.8), ("bladder", 9.9)], now=10.0)


def test_old_replacement_is_no_longer_an_echo():
    later = 10.0 + STALE_WINDOW_S
    assert not is_stale_pick("bladder", "jaw", [("bladder", 9.9)], now=later)


def test_a_fresh_pick_is_not_an_echo():
    assert not is_stale_pick("neck", "jaw", [("bladder", 9.9)], now=10.0)
    assert not is_stale_pick("jaw", "jaw", [("jaw", 9.9)], now=10.0)


CONDITION_REGIONS = {"chronic-migraine": ("head", "neck"), "bruxism": ("jaw",)}


def url(region=(), condition=()) -> dict[str, list[str]]:
    """URL query values as the page reads them."""
    return {"region": list(region), "condition": list(condition)}


def navigate(current, written, interacted=False, since=5.0):
    return url_navigation(current, written, interacted, since, KNOWN, CONDITION_REGIONS)


def test_first_run_reads_the_link():
    assert navigate(url(["jaw"]), None, since=0.0) == DeepLink("jaw")
    assert navigate(url(), None, since=0.0) == DeepLink(None)
    assert navigate(url(["neck"], ["chronic-migraine"]), None, since=0.0) == DeepLink(
        "neck", None, "chronic-migraine"
    )


def test_unchanged_url_changes_nothing():
    assert navigate(url(["jaw"]), url(["jaw"]), since=99.0) is None
    assert navigate(url(["jaw"], ["bruxism"]), url(["jaw"], ["bruxism"])) is None


def test_back_forward_is_followed():
    assert navigate(url(["neck"]), url(["jaw"])) == DeepLink("neck")
    assert navigate(url(), url(["jaw"])) == DeepLink(None)
    assert navigate(url(["<x>"]), url(["jaw"])) == DeepLink(None, BAD_LINK_NOTICE)
    # back from a condition to the same region without it
    assert navigate(url(["jaw"]), url(["jaw"], ["bruxism"])) == DeepLink("jaw")
    assert navigate(url(["jaw"], ["bruxism"]), url(["jaw"])) == DeepLink("jaw", None, "bruxism")


def test_old_url_riding_along_with_a_tap_is_ignored():
    assert navigate(url(), url(["jaw"]), interacted=True) is None


def test_old_url_just_after_a_write_is_an_echo_not_navigation():
    assert navigate(url(), url(["jaw"]), since=0.2) is None


@pytest.mark.parametrize(
    ("region", "condition", "expected"),
    [
        ([], ["chronic-migraine"], DeepLink("head", None, "chronic-migraine")),
        (["neck"], ["chronic-migraine"], DeepLink("neck", None, "chronic-migraine")),
        (["jaw"], ["chronic-migraine"], DeepLink("head", None, "chronic-migraine")),
        (["elbow"], [" Bruxism"], DeepLink("jaw", None, "bruxism")),
        (["jaw"], ["elbow"], DeepLink("jaw", BAD_CONDITION_NOTICE)),
        (["jaw"], ["bruxism", "bruxism"], DeepLink("jaw", BAD_CONDITION_NOTICE)),
        ([], ["<script>"], DeepLink(None, BAD_CONDITION_NOTICE)),
        (["elbow"], ["x" * 500], DeepLink(None, BAD_CONDITION_NOTICE)),
    ],
)
def test_condition_links(region, condition, expected):
    assert parse_link(url(region, condition), KNOWN, CONDITION_REGIONS) == expected


def test_link_params_describe_the_selection():
    assert link_params("jaw", "bruxism") == url(["jaw"], ["bruxism"])
    assert link_params("jaw", None) == url(["jaw"])
    assert link_params(None, "bruxism") == url(), "no condition without a region"


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
