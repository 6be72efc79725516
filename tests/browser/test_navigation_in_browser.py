"""Fast taps, the browser's Back button and the URL stay in step with the page."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.support.browser import (
    TABLET,
    TO_PAGE,
    axis_suffix,
    off_centre_point,
    panel_heading,
    tap,
    wait_idle,
)


def shown_state(page, labels) -> tuple[str | None, str | None, str | None]:
    """(region in the URL, label of the panel heading, label of the checked pill)."""
    query = parse_qs(urlparse(page.url).query).get("region", [None])
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    region_labels = [h for h in headings if h in labels.values()]
    pills = page.locator(
        '.st-key-region_picker [role="radio"][aria-checked="true"]'
    ).all_inner_texts()
    return (
        query[0],
        region_labels[0] if region_labels else None,
        pills[0] if pills else None,
    )


def settle(page) -> None:
    """Wait until the page has stopped changing (script idle twice in a row)."""
    for _ in range(3):
        time.sleep(0.4)
        wait_idle(page)


@pytest.fixture
def page(new_page):
    return new_page(viewport=TABLET, has_touch=True)


@pytest.mark.parametrize("gap_ms", [30, 80, 150])
def test_two_quick_taps_leave_url_panel_and_picker_agreeing(page, diagram, labels, gap_ms):
    body, closeup = diagram.view("body"), diagram.view("closeup")
    first = page.evaluate(TO_PAGE, [axis_suffix(body), *off_centre_point(body, "bladder")])
    second = page.evaluate(TO_PAGE, [axis_suffix(closeup), *off_centre_point(closeup, "jaw")])
    page.touchscreen.tap(*first)
    page.wait_for_timeout(gap_ms)
    page.touchscreen.tap(*second)
    settle(page)
    state = shown_state(page, labels)
    url_region, heading, pill = state
    assert url_region in ("bladder", "jaw"), f"selection dropped: {state}"
    assert heading == pill == labels[url_region], f"URL, panel and picker disagree: {state}"


def test_back_button_returns_to_the_previous_region(page, diagram, labels):
    closeup = diagram.view("closeup")
    for region_id in ("jaw", "neck", "eyes"):
        tap(page, closeup, region_id, "touch")
    settle(page)
    page.go_back()
    panel_heading(page, "neck").wait_for(timeout=10_000)
    settle(page)
    assert shown_state(page, labels) == ("neck", labels["neck"], labels["neck"])
    page.go_back()
    panel_heading(page, "jaw").wait_for(timeout=10_000)
    settle(page)
    assert shown_state(page, labels) == ("jaw", labels["jaw"], labels["jaw"])
    page.go_forward()
    panel_heading(page, "neck").wait_for(timeout=10_000)
