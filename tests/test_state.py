"""Deep-link parsing and map-selection decoding (pure functions)."""

from __future__ import annotations

import pytest

from bodymap.state import BAD_LINK_NOTICE, DeepLink, parse_region_param, region_from_selection

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
    for v in values:
        if v:
            assert v not in link.notice


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
