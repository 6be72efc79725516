"""Issue 17's compact panel in a real browser: every use of a region named
within about a screen of its heading, the whole card answers a tap, and an
opened condition shows all of its details; Back closes it again."""

from __future__ import annotations

import pytest

from bodymap.ui.panel import md_text
from bodymap.ui.text import text as ui_text
from tests.support.browser import panel_heading, wait_idle

TABLET = {"width": 1024, "height": 768}

CARD_TOPS = """(ids) => ids.map(id => {
  const card = document.querySelector('.st-key-card_' + id);
  return card ? card.getBoundingClientRect().top : null; })"""


def details_heading(page, name: str):
    return page.get_by_role("heading", level=3, name=name, exact=True)


def url_condition(page, condition_id: str | None) -> None:
    """Wait until the URL's condition is ``condition_id`` (None: none)."""
    page.wait_for_function(
        "id => new URLSearchParams(location.search).get('condition') === id",
        arg=condition_id,
        timeout=20_000,
    )


@pytest.mark.parametrize("region_id", ["neck", "forehead", "head"])
def test_every_use_of_a_region_is_named_within_a_screen_of_its_heading(
    new_page, content, region_id
):
    page = new_page(f"?region={region_id}", viewport=TABLET, has_touch=True)
    heading = panel_heading(page, region_id)
    heading.wait_for()
    top = heading.bounding_box()["y"]
    ids = [c.id for c in content.conditions_for(region_id)]
    tops = page.evaluate(CARD_TOPS, ids)
    assert None not in tops, f"a card is missing: {dict(zip(ids, tops, strict=True))}"
    # The last card's name (its first line, ~30 px) within one screen of the heading.
    assert max(tops) + 30 - top <= TABLET["height"], dict(zip(ids, tops, strict=True))


def test_a_tap_anywhere_on_a_card_opens_its_details_and_back_closes_them(new_page, content):
    page = new_page("?region=neck", viewport=TABLET, has_touch=True)
    migraine = content.condition("chronic-migraine")
    card = page.locator(".st-key-card_chronic-migraine")
    card.scroll_into_view_if_needed()
    # On the card's sentence, well away from its button.
    sentence = card.get_by_text(migraine.in_short, exact=False)
    box = sentence.bounding_box()
    page.touchscreen.tap(box["x"] + 10, box["y"] + box["height"] / 2)
    details_heading(page, migraine.name).wait_for(timeout=20_000)
    url_condition(page, "chronic-migraine")
    wait_idle(page)
    # Everything a card used to show: its sections, the timeline picture
    # with its words, the step pictures, the sources.
    for key in ("before.heading", "timeline.heading", "card.side_effects", "card.sources"):
        assert page.get_by_text(ui_text(key), exact=True).count() >= 1, key
    timeline = page.locator('.st-key-details_chronic-migraine svg[role="img"]')
    assert timeline.count() == 1
    assert timeline.bounding_box()["height"] > 100
    assert page.locator(".st-key-details_chronic-migraine img").count() == 6
    assert page.get_by_text(md_text(migraine.who_for)[:40], exact=False).count() >= 1
    # Only this condition's details were sent: no other condition's.
    assert page.locator('[class*="st-key-details_"]').count() == 1
    assert page.locator('[class*="st-key-card_"]').count() == len(content.conditions_for("neck"))
    # Back: the condition closes, the region stays.
    page.go_back()
    url_condition(page, None)
    details_heading(page, migraine.name).wait_for(state="detached", timeout=20_000)
    wait_idle(page)
    assert panel_heading(page, "neck").is_visible()
    assert page.locator('[class*="st-key-details_"]').count() == 0
