"""Issue 17's compact panel, through AppTest: one compact card per condition
at a region, its details only when it is open, and every way of opening one
(its card, a ``?condition=`` link, the condition list, search) showing all
of them. The details of a closed condition are never built."""

from __future__ import annotations

import pytest

from bodymap.model.strings import cached_strings
from bodymap.model.timeline import starts_and_lasts
from bodymap.ui.panel import md_text
from bodymap.ui.text import text as ui_text
from tests.support.apptest import condition_picker, markdown_text, selection, start

# Parts only an open condition's details have (keys of the catalog).
DETAIL_HEADINGS = ("before.heading", "timeline.heading", "card.side_effects", "card.sources")


def _cards(at) -> list[str]:
    """The condition ids of the compact cards on the panel, top to bottom."""
    return [b.key.removeprefix("open_") for b in at.button if (b.key or "").startswith("open_")]


def _card_button(at, condition_id: str):
    return next(b for b in at.button if b.key == f"open_{condition_id}")


def _has_details(at, condition) -> bool:
    """Does the page show ``condition``'s details (its heading over them)?"""
    return any(m.value == f"### {md_text(condition.name)}" for m in at.markdown)


@pytest.mark.parametrize("region_id", ["neck", "jaw", "hands", "forehead"])
def test_a_region_shows_one_compact_card_per_condition_and_no_details(region_id, content):
    at = start({"region": region_id})
    treated = content.conditions_for(region_id)
    assert _cards(at) == [c.id for c in treated]
    words = markdown_text(at)
    for condition in treated:
        # Name, status, one sentence and the timing in words: in the card.
        assert md_text(condition.name) in words
        assert md_text(condition.approval.badge(cached_strings())) in words
        assert md_text(condition.in_short) in words
        assert md_text(starts_and_lasts(condition, cached_strings())) in words
        assert not _has_details(at, condition)
        assert md_text(condition.who_for) not in words
    for key in DETAIL_HEADINGS:
        assert ui_text(key) not in words, f"{key}: a closed condition's details were built"
    assert not at.get("image"), "step pictures of a closed condition were built"
    assert "condition" not in at.query_params


def test_a_cards_button_opens_its_details_and_closes_them_again(content):
    at = start({"region": "neck"})
    migraine = content.condition("chronic-migraine")
    _card_button(at, migraine.id).click().run()
    assert not at.exception
    assert selection(at)[:2] == ("neck", "chronic-migraine")
    assert at.query_params["condition"] == "chronic-migraine"
    assert condition_picker(at).value == "chronic-migraine"
    assert _has_details(at, migraine)
    words = markdown_text(at)
    for key in DETAIL_HEADINGS:
        assert ui_text(key) in words, key
    assert len(at.get("image")) == 6  # the six step pictures, for this condition only
    assert md_text(migraine.who_for) in words
    for question in migraine.questions:
        assert md_text(question) in words
    # The other conditions here stay named as compact cards, without details.
    others = [c for c in content.conditions_for("neck") if c.id != migraine.id]
    assert _cards(at) == [c.id for c in content.conditions_for("neck")]
    assert not any(_has_details(at, c) for c in others)
    # The open card's button now closes it.
    assert _card_button(at, migraine.id).label == ui_text("card.close", name=migraine.name)
    _card_button(at, migraine.id).click().run()
    assert selection(at)[:2] == ("neck", None)
    assert "condition" not in at.query_params
    assert not _has_details(at, migraine)


def test_opening_another_card_closes_the_first(content):
    at = start({"region": "neck", "condition": "chronic-migraine"})
    _card_button(at, "cervical-dystonia").click().run()
    assert selection(at)[:2] == ("neck", "cervical-dystonia")
    assert _has_details(at, content.condition("cervical-dystonia"))
    assert not _has_details(at, content.condition("chronic-migraine"))


@pytest.mark.parametrize(
    "open_it",
    [
        pytest.param(lambda at: start({"condition": "overactive-bladder"}), id="link"),
        pytest.param(
            lambda at: condition_picker(at).set_value("overactive-bladder").run(), id="list"
        ),
    ],
)
def test_every_way_of_opening_a_condition_shows_its_details(open_it, content):
    at = open_it(start())
    bladder = content.condition("overactive-bladder")
    assert selection(at)[1] == "overactive-bladder"
    assert _has_details(at, bladder)
    words = markdown_text(at)
    for key in DETAIL_HEADINGS:
        assert ui_text(key) in words, key
