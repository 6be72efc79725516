"""The ids ``tests/support/paths.py`` reads from the content's file names
(for parametrize lists) are the ones the loaded content has."""

from __future__ import annotations

from tests.support import paths


def test_region_ids_are_the_contents_in_picker_order(content):
    assert paths.region_ids() == list(content.region_ids())


def test_condition_ids_are_the_contents(content):
    assert paths.condition_ids() == sorted(c.id for c in content.conditions)


def test_each_condition_opens_at_its_first_region(content):
    first = {c.id: c.regions[0] for c in content.conditions}
    assert {c: paths.first_region(c) for c in paths.condition_ids()} == first
