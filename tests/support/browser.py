"""Real-browser helpers: devices, waiting for the app, and tapping the map.

Shared by the browser tests and the benchmarks (``benchmarks/browser.py``).
The map's geometry comes from the shipped diagram and content
(``tests/support/shipped.py``), loaded on first use, never at import.
Chromium comes from Debian (``apt-get install chromium``); Playwright only
drives it (never ``playwright install``: browser downloads fail here).
"""

from __future__ import annotations

import math
import os
import shutil
import time
from pathlib import Path

import pytest

from benchmarks.server import CHROMIUM
from bodymap.model.diagram import View
from bodymap.model.geometry import hit_grid, polygon_centroid, region_at
from bodymap.render.charts import FOCUS_TINT
from bodymap.ui.keys import Keys
from tests.support import shipped

TABLET = {"width": 1024, "height": 768}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
# Browser context options of the three devices the app is made for.
DEVICES = {
    "tablet-1024x768": {"viewport": {"width": 1024, "height": 768}, "has_touch": True},
    "portrait-768x1024": {"viewport": {"width": 768, "height": 1024}, "has_touch": True},
    "phone-390x844": {
        "viewport": {"width": 390, "height": 844},
        "has_touch": True,
        "is_mobile": True,
        # A real phone's user agent: the app gives phones the stacked map.
        "user_agent": PHONE_AGENT,
    },
}

# The comparison chart's key carries a tap counter: comparison_chart_0, _1, ...
COMPARISON_BOX = f"[class*='st-key-{Keys.COMPARISON}_']"
COMPARISON = f"{COMPARISON_BOX} .js-plotly-plot"
# The rows tinted as the open condition; null while a whole-page rerun has
# the comparison unplotted for a moment.
COMPARISON_TINTED = """() => {
  const gd = document.querySelector(selector);
  const tap = gd?._fullData?.find(t => t.name === 'tap:comparison');
  if (!tap) return null;
  return tap.customdata.filter((id, i) => tap.marker.color[i].toLowerCase() === tint);
}""".replace("selector", repr(COMPARISON)).replace("tint", repr(FOCUS_TINT.lower()))

# One map chart, plotted, with nothing of the last run still on the page
# waiting to be replaced, and a frame painted since.
MAP_SETTLED = """() => new Promise(done => {
  const charts = document.querySelectorAll('.st-key-body_map .js-plotly-plot');
  const settled = charts.length === 1 && charts[0]._fullLayout
    && !document.querySelector('[data-stale="true"]');
  if (!settled) { done(false); return; }
  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
})"""

# diagram coordinates -> page pixels, through the live Plotly layout
TO_PAGE = """([axis, x, y]) => {
  const gd = document.querySelector('.st-key-body_map .js-plotly-plot');
  const box = gd.getBoundingClientRect();
  const xa = gd._fullLayout['xaxis' + axis], ya = gd._fullLayout['yaxis' + axis];
  return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)];
}"""

NO_SIDEWAYS_SCROLL = """() => [document.documentElement,
  document.querySelector('[data-testid=stMain]')].every(el => el.scrollWidth <= el.clientWidth)"""


def require_chromium() -> None:
    """Skip without Debian's Chromium, except in CI, where that is a failure."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must apt-get install chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


def wait_idle(page) -> None:
    """Wait until the Streamlit script has finished its run, the page has
    finished scrolling the panel into view (on narrow screens, for ~0.5 s
    after a tap: a tap meanwhile would land wherever the page moves to), and
    the map is one plotted chart with nothing stale left on the page (the
    script can be idle while the browser is still swapping in a new chart:
    a tap then was lost, or went to the chart being removed)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_selector(".st-key-body_map .js-plotly-plot .nsewdrag")
    page.wait_for_selector("html:not([data-bodymap-scrolling])", state="attached")
    page.wait_for_function(MAP_SETTLED)


def tinted_rows(page) -> list[str]:
    """The comparison rows marked as open, once the comparison is plotted."""
    return page.wait_for_function(COMPARISON_TINTED, timeout=10_000).json_value()


# ------------------------------------------------------------------ the map


def map_targets(side: str = "front", tappable: bool = True) -> list[tuple[View, str]]:
    """(view, region id) for each region drawn in the views of ``side`` that
    a tap can select there (``tappable=False``: drawn there but not tappable)."""
    return [
        (view, r.region_id)
        for view in shipped.diagram().side_views(side)
        for r in view.regions
        if r.tappable == tappable
    ]


def region_label(region_id: str, lang: str = "en") -> str:
    """The region's name in ``lang``, as its panel heading and the picker show it."""
    return shipped.content(lang).region_labels()[region_id]


def axis_suffix(view: View) -> str:
    """The view's axis name suffix in the figure of its side ("" or "2")."""
    index = shipped.diagram().side_views(view.side).index(view)
    return "" if index == 0 else str(index + 1)


def off_centre_point(view: View, region_id: str) -> tuple[float, float]:
    """A point ~75 % of the way from the region's centre to its far edge,
    with a margin of one grid step on every side still inside the region."""
    region = next(r for r in view.regions if r.region_id == region_id)
    shape = max(region.shapes, key=lambda s: len(s.polygon))
    cx, cy = polygon_centroid(shape.polygon)
    safe = []
    # A grid step clear of the edge; half a step for the smallest regions
    # (the heels seen from behind), which the halo makes big enough to tap.
    for margin in (view.hit_step, view.hit_step / 2):
        safe = [
            (x, y)
            for x, y in hit_grid(view)[region_id]
            if all(
                region_at(view, x + dx, y + dy) == region_id
                for dx, dy in ((margin, 0), (-margin, 0), (0, margin), (0, -margin))
            )
        ]
        if safe:
            break
    assert safe, f"{region_id} in {view.view_id} has no point with a safe margin"
    far = max(math.dist(p, (cx, cy)) for p in safe)
    return min(safe, key=lambda p: abs(math.dist(p, (cx, cy)) - 0.75 * far))


def panel_heading(page, region_id: str, lang: str = "en"):
    """The region's panel heading in ``lang`` (a locator: wait for it to show)."""
    return page.get_by_role("heading", level=2, name=region_label(region_id, lang), exact=True)


def tap(
    page, view: View, region_id: str, how: str, where=off_centre_point, lang: str = "en"
) -> float:
    """Tap (or click) inside the region; return ms until its panel (in
    ``lang``) shows."""
    wait_idle(page)
    x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *where(view, region_id)])
    started = time.perf_counter()
    if how == "touch":
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    panel_heading(page, region_id, lang).wait_for(timeout=10_000)
    elapsed = (time.perf_counter() - started) * 1000
    wait_idle(page)
    # The text picker follows the map: exactly the tapped region is checked.
    checked = page.locator('.st-key-region_picker [role="radio"][aria-checked="true"]')
    assert checked.all_inner_texts() == [region_label(region_id, lang)]
    return elapsed


def swipe(client, x0: float, y0: float, x1: float, y1: float, steps: int = 6) -> None:
    """A one-finger swipe through the DevTools protocol (real touch events)."""
    client.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]}
    )
    for k in range(1, steps + 1):
        x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
        client.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    client.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
