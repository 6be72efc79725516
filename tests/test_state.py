"""Deep-link parsing and map-selection decoding (pure functions)."""

from __future__ import annotations

import pytest

from bodymap.state import (
    BAD_LINK_NOTICE,
    STALE_WINDOW_S,
    DeepLink,
    is_stale_pick,
    parse_region_param,
    region_from_selection,
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
    assert region_from_selection(event, KNOWN) == "jaw"


def test_selection_customdata_as_list():
    event = {"selection": {"points": [{"customdata": ["neck"]}]}}
    assert region_from_selection(event, KNOWN) == "neck"


def test_selection_attribute_style_state():
    class Attr(dict):
        __getattr__ = dict.get

    event = Attr(selection=Attr(points=[Attr(customdata="bladder")]))
    assert region_from_selection(event, KNOWN) == "bladder"


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
    assert region_from_selection(event, KNOWN) is None


def test_pick_of_a_value_the_map_just_replaced_is_an_echo():
    # The map changed bladder -> jaw 0.1 s ago; the browser reports "bladder".
    assert is_stale_pick("bladder", "jaw", [(None, 9.8), ("bladder", 9.9)], now=10.0)


def test_old_replacement_is_no_longer_an_echo():
    later = 10.0 + STALE_WINDOW_S
    assert not is_stale_pick("bladder", "jaw", [("bladder", 9.9)], now=later)


def test_a_fresh_pick_is_not_an_echo():
    assert not is_stale_pick("neck", "jaw", [("bladder", 9.9)], now=10.0)
    assert not is_stale_pick("jaw", "jaw", [("jaw", 9.9)], now=10.0)


def test_first_run_reads_the_link():
    assert url_navigation(["jaw"], None, False, 0.0, KNOWN) == DeepLink("jaw")
    assert url_navigation([], None, False, 0.0, KNOWN) == DeepLink(None)


def test_unchanged_url_changes_nothing():
    assert url_navigation(["jaw"], ["jaw"], False, 99.0, KNOWN) is None


def test_back_forward_is_followed():
    assert url_navigation(["neck"], ["jaw"], False, 5.0, KNOWN) == DeepLink("neck")
    assert url_navigation([], ["jaw"], False, 5.0, KNOWN) == DeepLink(None)
    assert url_navigation(["<x>"], ["jaw"], False, 5.0, KNOWN) == DeepLink(None, BAD_LINK_NOTICE)


def test_old_url_riding_along_with_a_tap_is_ignored():
    assert url_navigation([], ["jaw"], True, 5.0, KNOWN) is None


def test_old_url_just_after_a_write_is_an_echo_not_navigation():
    assert url_navigation([], ["jaw"], False, 0.2, KNOWN) is None
