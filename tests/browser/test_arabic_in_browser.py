"""The guide in Arabic in real Chromium (issue 18): the whole page right to
left, nothing sideways, the map answering taps in Arabic, the app's own
Arabic font drawing the Arabic text, and the language switch."""

from __future__ import annotations

import pytest

from bodymap.model.strings import load_strings
from tests.support import shipped
from tests.support.browser import (
    DEVICES,
    NO_SIDEWAYS_SCROLL,
    TO_PAGE,
    axis_suffix,
    map_targets,
    off_centre_point,
    panel_heading,
    region_label,
    tap,
    wait_idle,
)

ARABIC_DEVICES = ["tablet-1024x768", "phone-390x844"]

# The root's language and direction, and the direction the browser computed
# for the main block and for the map's chart.
DIRECTIONS = """() => ({
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  main: getComputedStyle(document.querySelector('[data-testid=stMain]')).direction,
  chart: getComputedStyle(document.querySelector('.st-key-body_map .js-plotly-plot')).direction,
})"""
# Where the region pills and the page's two columns sit, left to right.
PILL_LEFTS = """() => [...document.querySelectorAll('.st-key-region_picker button')]
  .slice(0, 2).map(b => b.getBoundingClientRect().left)"""


@pytest.fixture(params=ARABIC_DEVICES)
def arabic_page(request, new_page, artifacts):
    page = new_page("?lang=ar&region=neck", **DEVICES[request.param])
    yield page
    page.screenshot(path=str(artifacts / f"arabic-{request.param}.png"))


def test_the_whole_page_reads_right_to_left_without_sideways_scroll(arabic_page):
    assert arabic_page.evaluate(DIRECTIONS) == {
        "lang": "ar",
        "dir": "rtl",
        "main": "rtl",
        "chart": "ltr",  # the plot area stays left to right; the body is never mirrored
    }
    assert arabic_page.evaluate(NO_SIDEWAYS_SCROLL)
    # The browser tab's title is in Arabic too.
    assert arabic_page.title() == load_strings(lang="ar").get("page.tab_title")
    # The first pill (Forehead) sits to the right of the second.
    first, second = arabic_page.evaluate(PILL_LEFTS)
    assert first > second


def test_the_apps_own_arabic_font_draws_the_arabic_text(arabic_page):
    arabic_page.evaluate("document.fonts.ready")
    heading = panel_heading(arabic_page, "neck", "ar")
    heading.wait_for()
    client = arabic_page.context.new_cdp_session(arabic_page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument")["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": "h2"})["nodeId"]
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    names = {f["familyName"] for f in fonts}
    # Served by the app (static/fonts), not a system font or a fallback box.
    assert names == {"Noto Sans Arabic"}, fonts
    assert all(f["isCustomFont"] for f in fonts)
    assert arabic_page.evaluate("document.fonts.check('16px \"Source Sans\"', 'حقن')")


def test_map_taps_in_arabic_select_the_right_region(new_page):
    page = new_page("?lang=ar", **DEVICES["tablet-1024x768"])
    for view, region_id in map_targets("front"):
        tap(page, view, region_id, "touch", lang="ar")
        assert page.url.endswith(f"?region={region_id}&lang=ar")


def test_the_language_switch_turns_the_page_and_keeps_the_region(new_page):
    page = new_page("?region=jaw&condition=enlarged-jaw-muscle", **DEVICES["tablet-1024x768"])
    assert page.evaluate(DIRECTIONS)["dir"] == "ltr"
    page.locator(".st-key-language_picker").get_by_text("العربية").click()
    panel_heading(page, "jaw", "ar").wait_for()
    wait_idle(page)
    assert page.evaluate(DIRECTIONS)["dir"] == "rtl"
    assert "region=jaw&condition=enlarged-jaw-muscle&lang=ar" in page.url
    page.locator(".st-key-language_picker").get_by_text("English").click()
    panel_heading(page, "jaw").wait_for()
    wait_idle(page)
    assert page.evaluate(DIRECTIONS)["dir"] == "ltr"
    assert region_label("jaw") == "Jaw"


def test_arabic_search_finds_conditions_in_everyday_words(new_page):
    page = new_page("?lang=ar", **DEVICES["tablet-1024x768"])
    sweating = shipped.content("ar").condition("hand-and-foot-sweating")
    box = page.locator(".st-key-search_box input")
    # Dialect, no hamza, ة written ه: "my hands sweat a lot".
    box.fill("ايديه تعرق كتير")
    box.press("Enter")
    result = page.locator(f".st-key-search_hit_{sweating.id} button")
    result.wait_for()
    assert sweating.name in result.inner_text()
    wait_idle(page)
    result.click()
    panel_heading(page, "hands", "ar").wait_for()


def test_map_taps_in_arabic_on_a_phone_select_the_right_region(new_page, diagram):
    """The phone's stacked map, in Arabic: the close-up and the whole body
    below it answer taps with the Arabic panel."""
    page = new_page("?lang=ar", **DEVICES["phone-390x844"])
    chart = page.locator(".st-key-body_map .js-plotly-plot")
    height = DEVICES["phone-390x844"]["viewport"]["height"]
    for view_id, region_id in (("closeup", "eyes"), ("body", "underarm"), ("closeup", "jaw")):
        view = diagram.view(view_id)
        wait_idle(page)
        chart.scroll_into_view_if_needed()
        x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *off_centre_point(view, region_id)])
        if not 0 < y < height:  # the whole body starts below the first screen
            page.evaluate(
                f"document.querySelector('[data-testid=stMain]').scrollBy(0, {y - height / 2})"
            )
            x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *off_centre_point(view, region_id)])
        page.touchscreen.tap(x, y)
        panel_heading(page, region_id, "ar").wait_for(timeout=10_000)
        wait_idle(page)
        assert page.url.endswith(f"?region={region_id}&lang=ar")
