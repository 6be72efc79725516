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
from bodymap.model.sites import overlay_points
from tests.support.browser import (
    DEVICES,
    TABLET,
    TO_PAGE,
    axis_suffix,
    panel_heading,
    tap,
    wait_idle,
)

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


@pytest.fixture
def open_tablet(new_page):
    """``open_tablet(query)``: the app at ``query`` on a 1024x768 touch tablet."""

    def open_at(query: str = ""):
        return new_page(query, viewport=TABLET, has_touch=True, device_scale_factor=1)

    return open_at


def test_touch_inside_every_back_region_selects_it(open_tablet, back_target):
    view, region_id = back_target
    page = open_tablet("?view=back")
    tap(page, view, region_id, "touch")
    assert query(page)["region"] == [region_id]
    assert query(page)["view"] == ["back"], "a tap on the back keeps the back"


def test_the_switch_turns_the_body_around_by_touch(open_tablet):
    page = open_tablet()
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


def dot_over(diagram, site_set, side: str, region_id: str):
    """A dot of ``site_set`` drawn over ``region_id`` on ``side``, a grid
    step clear of the region's edge: (view, x, y)."""
    for view in diagram.side_views(side):
        margin = view.hit_step
        for view_id, x, y in overlay_points(site_set, [view.view_id]):
            clear = all(
                region_at(view, x + dx, y + dy) == region_id
                for dx, dy in ((0, 0), (margin, 0), (-margin, 0), (0, margin), (0, -margin))
            )
            if view_id == view.view_id and clear:
                return view, x, y
    raise AssertionError(f"no {site_set.condition} site over {region_id} on the {side}")


def expected_dots(diagram, site_set, side: str) -> int:
    views = [v.view_id for v in diagram.side_views(side)]
    return len(overlay_points(site_set, views))


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
    open_tablet, diagram, site_sets, condition, first, side, then
):
    # The switch is in the open condition's details (issue 17: compact cards).
    page = open_tablet(f"?region={first}&view={side}&condition={condition}")
    assert page.evaluate(SITE_DOTS) == 0
    switch = page.locator(f".st-key-sites_switch_{condition}")
    switch.get_by_text("Show where the shots usually go").tap()
    page.wait_for_function("() => new URLSearchParams(location.search).get('sites') === '1'")
    wait_idle(page)
    expected = expected_dots(diagram, site_sets[condition], side)
    assert expected > 0
    assert page.evaluate(SITE_DOTS) == expected
    assert query(page)["condition"] == [condition]
    assert query(page).get("view", ["front"]) == [side]

    view, x, y = dot_over(diagram, site_sets[condition], side, then)
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


@pytest.mark.parametrize("side", ["front", "back"])
@pytest.mark.parametrize("device", ["tablet-1024x768", "phone-390x844"])
def test_overlay_screenshots(new_page, artifacts, diagram, site_sets, side, device):
    """What an educator shows: the migraine sites, front and back."""
    region = "head" if side == "front" else "neck"
    page = new_page(
        f"?view={side}&region={region}&condition=chronic-migraine&sites=1", **DEVICES[device]
    )
    assert page.evaluate(SITE_DOTS) == expected_dots(diagram, site_sets["chronic-migraine"], side)
    page.locator(".st-key-body_map").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / f"sites-{side}-{device}.png"))
    page.locator(".st-key-sites_legend").scroll_into_view_if_needed()
    assert "not an injection guide" in page.locator(".st-key-sites_legend").inner_text()
