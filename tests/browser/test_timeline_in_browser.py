"""The timeline, the comparison and the step picture in real Chromium (touch).

Tapping a comparison row must open that condition on the map, as a tap on the
body does; the timeline is a picture a finger can scroll past; screenshots of
all three are saved as artifacts to be looked at.
"""

from __future__ import annotations

import json
import statistics
import time

import pytest

from bodymap.model.timeline import comparison_rows
from bodymap.ui.keys import Keys
from bodymap.ui.page import PANEL
from tests.support.browser import (
    COMPARISON,
    COMPARISON_BOX,
    COMPARISON_TINTED,
    TABLET,
    panel_heading,
    swipe,
    tinted_rows,
    wait_idle,
)

SCROLLER = "[data-testid=stMain]"

# Row centre of a condition in the comparison, in page pixels, through Plotly's
# own axes. ``along`` is how far across the plot (0–1) to tap; ``lift`` moves
# the point up from the row's centre, in rows. Null while the chart is missing
# or not yet plotted: a whole-page rerun redraws it.
ROW_TO_PAGE = """([selector, id, along, lift]) => {
  const gd = document.querySelector(selector);
  const tap = gd?._fullData?.find(t => t.name === 'tap:comparison');
  const i = tap ? tap.customdata.indexOf(id) : -1;
  if (i < 0) return null;
  const box = gd.getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  return [box.left + xa._offset + along * xa._length,
          box.top + ya._offset + ya.l2p(tap.y[i] + lift)];
}"""

# True once the comparison is plotted with no row tinted: no condition is open.
NOTHING_TINTED = f"() => ({COMPARISON_TINTED})()?.length === 0"


def row_to_page(page, condition_id: str, along: float, lift: float) -> tuple[float, float]:
    """Where the row is on the page, once the comparison is plotted."""
    handle = page.wait_for_function(
        ROW_TO_PAGE, arg=[COMPARISON, condition_id, along, lift], timeout=10_000
    )
    return tuple(handle.json_value())


def back_to_whole_body(page) -> None:
    """Tap "Back" and wait until the whole page has redrawn without the condition.

    The tap reruns the map-and-panel fragment, which then reruns the whole page
    so the comparison drops its tint. Checking the script state straight after
    the tap can see the idle page *before* either run starts, so wait for the
    last visible effect instead.
    """
    page.get_by_role("button", name="Back to the whole body").tap()
    page.wait_for_function(NOTHING_TINTED, timeout=10_000)
    wait_idle(page)


def condition_cards(page) -> list[str]:
    """Condition cards in the panel, top to bottom."""
    keys = page.eval_on_selector_all(
        f".st-key-{PANEL} [class*='st-key-details_']",
        "els => els.map(e => [...e.classList].find(c => c.startsWith('st-key-details_')))",
    )
    return [k.removeprefix("st-key-details_") for k in keys]


def tap_row(page, condition, along: float, lift: float = 0.0) -> float:
    """Scroll the condition's row into the middle of the screen, tap it; ms
    until the condition opens."""
    wait_idle(page)
    page.wait_for_selector(COMPARISON)
    # The app re-scrolls to the map for 0.5 s after opening a row (scroll
    # anchoring can undo its first scroll); let that finish before aiming.
    page.wait_for_timeout(600)
    _, y = row_to_page(page, condition.id, along, lift)
    page.evaluate(f"dy => document.querySelector('{SCROLLER}').scrollBy(0, dy)", y - 384)
    page.wait_for_timeout(150)  # let the scroll settle before the finger lands
    x, y = row_to_page(page, condition.id, along, lift)
    assert 0 < y < TABLET["height"], "row not on screen"
    region = condition.regions[0]
    started = time.perf_counter()
    page.touchscreen.tap(x, y)
    panel_heading(page, region).wait_for(timeout=10_000)
    elapsed = (time.perf_counter() - started) * 1000
    wait_idle(page)
    return elapsed


# Rows with a band, a single marker, and no known duration (a tap on bare row).
OPENED = [("overactive-bladder", 0.9), ("chronic-migraine", 0.5), ("depression", 0.3)]


@pytest.mark.parametrize(("condition_id", "along"), OPENED, ids=[c for c, _ in OPENED])
def test_tapping_a_comparison_row_opens_the_condition_on_the_map(
    tablet, conditions, labels, condition_id, along
):
    tap_row(tablet, conditions[condition_id], along, lift=0.2)
    region = conditions[condition_id].regions[0]
    checked = tablet.locator(
        f'.st-key-{Keys.PICKER} [role="radio"][aria-checked="true"]'
    ).all_inner_texts()
    assert checked == [labels[region]]
    assert condition_cards(tablet)[0] == condition_id
    assert f"condition={condition_id}" in tablet.url and f"region={region}" in tablet.url
    # ... and its row, alone, in the comparison is tinted as the one open above.
    assert tinted_rows(tablet) == [condition_id]
    # The map and picker were brought back into view from the foot of the page.
    top = tablet.evaluate(
        f"() => document.querySelector('.st-key-{Keys.PICKER}').getBoundingClientRect().top"
    )
    assert 0 <= top < TABLET["height"] / 3, f"picker at {top}px: not scrolled into view"


def test_comparison_taps_are_quick_and_never_open_the_wrong_row(
    new_page, artifacts, content, conditions, strings
):
    """Every row once, alternately tapped near its left and right ends."""
    page = new_page(viewport=TABLET, has_touch=True)
    times = []
    for k, row in enumerate(comparison_rows(content, strings)):
        condition = conditions[row.condition_id]
        times.append(tap_row(page, condition, along=0.15 if k % 2 else 0.85))
        assert condition_cards(page)[0] == row.condition_id
        back_to_whole_body(page)
    result = {
        "taps": len(times),
        "median_ms": round(statistics.median(times)),
        "max_ms": round(max(times)),
    }
    print(f"comparison tap -> condition panel: {result}")
    (artifacts / "comparison-tap-to-panel.json").write_text(json.dumps(result, indent=2))


def test_timeline_is_static_so_a_swipe_scrolls_the_page(tablet):
    tablet.goto(tablet.url.split("?")[0] + "?region=bladder&condition=overactive-bladder")
    wait_idle(tablet)
    chart = tablet.locator('.st-key-details_overactive-bladder svg[role="img"]')
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    before = tablet.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop")
    client = tablet.context.new_cdp_session(tablet)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    swipe(client, x, y, x, y - 200)
    tablet.wait_for_timeout(400)
    after = tablet.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop")
    assert after > before + 100, f"page scrolled {after - before}px under a swipe on the timeline"


def test_screenshots_of_timeline_comparison_and_steps(new_page, artifacts):
    # A high-density (2x) screen: the step picture must stay crisp on it.
    tablet = new_page(viewport=TABLET, has_touch=True, device_scale_factor=2)
    comparison = tablet.locator(COMPARISON_BOX)
    comparison.scroll_into_view_if_needed()
    comparison.screenshot(path=str(artifacts / "comparison-1024.png"))

    tablet.goto(tablet.url.split("?")[0] + "?region=underarm&condition=severe-underarm-sweating")
    wait_idle(tablet)
    card = ".st-key-details_severe-underarm-sweating"
    timeline = tablet.locator(f'{card} svg[role="img"]')  # a static SVG (issue 17)
    timeline.scroll_into_view_if_needed()
    timeline.screenshot(path=str(artifacts / "timeline-underarm-sweating.png"))
    text = timeline.get_attribute("aria-label")
    assert "Wears off" in text and "205 days (about 7 months)" in text
    assert timeline.locator("text").count() > 4  # drawn as words, not only named
    assert "Strongest effect" in text and "not known" in text

    steps = tablet.locator(f"{card} .st-key-steps_underarm_severe-underarm-sweating")
    steps.scroll_into_view_if_needed()
    steps.screenshot(path=str(artifacts / "steps-sweat-glands-1.png"))
    picture = steps.locator("[data-testid=stImage] img").first
    # Drawn at twice its display size: crisp on a high-density tablet screen.
    natural, shown = picture.evaluate("img => [img.naturalWidth, img.clientWidth]")
    assert natural >= 2 * shown * 0.95, (natural, shown)
    assert picture.get_attribute("alt").startswith("Step 1 of 6")
    # Each number is a tab a finger can hit, and shows its own scene and words.
    tab = steps.get_by_role("tab", name="5", exact=True)
    box = tab.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    tab.tap()
    visible = steps.locator("[data-testid=stImage] img:visible")
    visible.wait_for()
    assert visible.get_attribute("alt").startswith("Step 5 of 6")
    steps.screenshot(path=str(artifacts / "steps-sweat-glands-5.png"))


def scroll_top(page) -> float:
    return page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop")


def test_a_swipe_on_the_comparison_scrolls_the_page_and_opens_nothing(tablet):
    """The comparison is taller than the screen: a finger must scroll past it."""
    chart = tablet.locator(COMPARISON)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    x, y = box["x"] + box["width"] * 0.6, min(box["y"] + box["height"] / 2, 600)
    client = tablet.context.new_cdp_session(tablet)
    before = scroll_top(tablet)
    swipe(client, x, y, x, y - 250)
    tablet.wait_for_timeout(300)
    assert scroll_top(tablet) > before + 150, "a swipe on the comparison did not scroll the page"
    before = scroll_top(tablet)
    swipe(client, x, 300, x, 500)  # and back down
    tablet.wait_for_timeout(300)
    assert scroll_top(tablet) < before - 100
    wait_idle(tablet)
    assert "region=" not in tablet.url, "a swipe opened a row"
