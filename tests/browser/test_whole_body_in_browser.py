"""The back of the body and the injection-site overlay, by touch in real
Chromium on a 1024 x 768 tablet.

* Every region of the back views is tapped away from its centre and opens
  its panel (tests/browser/test_map_in_browser.py does the front).
* The Front / Back switch turns the map around by touch.
* For several conditions the card's "show where the shots go" switch draws
  the sites; then a tap right on a site dot, over another region of the same
  condition, still selects that region: the dots never take a tap.
* Screenshots of front and back with an overlay go to artifacts/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from bodymap.model.geometry import region_at
from bodymap.model.sites import load_site_sets, overlay_points
from tests.browser.conftest import TABLET, wait_idle
from tests.browser.test_devices_in_browser import DEVICES
from tests.browser.test_map_in_browser import (
    CONTENT,
    DIAGRAM,
    TO_PAGE,
    axis_suffix,
    panel_heading,
    tap,
)
from tests.conftest import ROOT

SITE_SETS = load_site_sets(ROOT / "content", DIAGRAM, [c.id for c in CONTENT.conditions])
BACK_TARGETS = [(view, rid) for view in DIAGRAM.side_views("back") for rid in view.tappable_ids()]

# Site dots drawn on the page: (trace name, rendered points with a size).
SITE_DOTS = """() => {
  const gd = document.querySelector('.st-key-body_map .js-plotly-plot');
  let drawn = 0;
  for (const g of gd.querySelectorAll('g.trace.scatter')) {
    const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
    if (!trace || !String(trace.name).startsWith('sites:')) continue;
    for (const p of g.querySelectorAll('path.point')) {
      const box = p.getBoundingClientRect();
      if (box.width > 2 && box.height > 2) drawn += 1;
    }
  }
  return drawn;
}"""
VIEW_TITLES = """() => document.querySelector('.st-key-body_map .js-plotly-plot')
  ._fullLayout.annotations.map(a => a.text)"""


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def open_tablet(browser, app_url, query_string: str = ""):
    context = browser.new_context(viewport=TABLET, has_touch=True, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{app_url}/{query_string}")
    wait_idle(page)
    return context, page


@pytest.mark.parametrize(
    ("view", "region_id"), BACK_TARGETS, ids=[f"{v.view_id}-{r}" for v, r in BACK_TARGETS]
)
def test_touch_inside_every_back_region_selects_it(browser, app_url, view, region_id):
    context, page = open_tablet(browser, app_url, "?view=back")
    try:
        tap(page, view, region_id, "touch")
        assert query(page)["region"] == [region_id]
        assert query(page)["view"] == ["back"], "a tap on the back keeps the back"
    finally:
        context.close()


def test_the_switch_turns_the_body_around_by_touch(browser, app_url):
    context, page = open_tablet(browser, app_url)
    try:
        assert all("back" not in t for t in page.evaluate(VIEW_TITLES))
        page.locator(".st-key-side_picker").get_by_text("Back", exact=True).tap()
        # The new side is a new figure: the chart is replaced, so for a moment
        # there may be no plot (or no layout yet) to look at.
        page.wait_for_function(
            """() => !!document.querySelector('.st-key-body_map .js-plotly-plot')
              ?._fullLayout?.annotations?.some(a => a.text.includes('back'))"""
        )
        wait_idle(page)
        assert query(page)["view"] == ["back"]
    finally:
        context.close()


def dot_over(condition: str, side: str, region_id: str):
    """A site dot of ``condition`` drawn over ``region_id`` on ``side``, a
    grid step clear of the region's edge: (view, x, y)."""
    site_set = SITE_SETS[condition]
    for view in DIAGRAM.side_views(side):
        margin = view.hit_step
        for view_id, x, y in overlay_points(site_set, [view.view_id]):
            clear = all(
                region_at(view, x + dx, y + dy) == region_id
                for dx, dy in ((0, 0), (margin, 0), (-margin, 0), (0, margin), (0, -margin))
            )
            if view_id == view.view_id and clear:
                return view, x, y
    raise AssertionError(f"no {condition} site over {region_id} on the {side}")


def expected_dots(condition: str, side: str) -> int:
    views = [v.view_id for v in DIAGRAM.side_views(side)]
    return len(overlay_points(SITE_SETS[condition], views))


# (condition, region opened first, side, region under the dot tapped next)
OVERLAY_CASES = [
    ("chronic-migraine", "head", "front", "forehead"),
    ("cervical-dystonia", "shoulders", "back", "neck"),
    ("arm-and-hand-spasticity", "arms", "front", "hands"),
    ("hand-and-foot-sweating", "hands", "back", "feet"),
]


@pytest.mark.parametrize(
    ("condition", "first", "side", "then"), OVERLAY_CASES, ids=[c[0] for c in OVERLAY_CASES]
)
def test_overlay_draws_sites_and_a_tap_on_a_dot_selects_the_region(
    browser, app_url, condition, first, side, then
):
    context, page = open_tablet(browser, app_url, f"?region={first}&view={side}")
    try:
        assert page.evaluate(SITE_DOTS) == 0
        switch = page.locator(f".st-key-sites_switch_{condition}")
        switch.get_by_text("Show where the shots usually go").tap()
        page.wait_for_function("() => new URLSearchParams(location.search).get('sites') === '1'")
        wait_idle(page)
        expected = expected_dots(condition, side)
        assert expected > 0
        assert page.evaluate(SITE_DOTS) == expected
        assert query(page)["condition"] == [condition]
        assert query(page).get("view", ["front"]) == [side]

        view, x, y = dot_over(condition, side, then)
        page.locator(".st-key-body_map").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        px, py = page.evaluate(TO_PAGE, [axis_suffix(view), x, y])
        page.touchscreen.tap(px, py)
        panel_heading(page, then).wait_for(timeout=10_000)
        wait_idle(page)
        state = query(page)
        assert state["region"] == [then]
        assert state["condition"] == [condition], "the condition stays open on its own regions"
        assert state["sites"] == ["1"]
        assert page.evaluate(SITE_DOTS) == expected
    finally:
        context.close()


@pytest.mark.parametrize("side", ["front", "back"])
@pytest.mark.parametrize("device", ["tablet-1024x768", "phone-390x844"])
def test_overlay_screenshots(browser, app_url, artifacts, side, device):
    """What an educator shows: the migraine sites, front and back."""
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    try:
        region = "head" if side == "front" else "neck"
        page.goto(f"{app_url}/?view={side}&region={region}&condition=chronic-migraine&sites=1")
        wait_idle(page)
        assert page.evaluate(SITE_DOTS) == expected_dots("chronic-migraine", side)
        page.locator(".st-key-body_map").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(artifacts / f"sites-{side}-{device}.png"))
        page.locator(".st-key-sites_legend").scroll_into_view_if_needed()
        assert "not an injection guide" in page.locator(".st-key-sites_legend").inner_text()
    finally:
        context.close()
