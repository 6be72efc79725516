"""Real-browser fixtures: a `streamlit run` server and Debian's Chromium.

Chromium comes from Debian (`apt-get install chromium`); Playwright only
drives it (never `playwright install`: browser downloads fail here).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from bodymap.model.state import Keys
from bodymap.render.charts import FOCUS_TINT
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
TABLET = {"width": 1024, "height": 768}
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


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Start the real app with `streamlit run` on a free loopback port."""
    log = ARTIFACTS / "streamlit-server.log"
    with streamlit_server(ROOT / "app.py", log) as server:
        yield server.url
    text = log.read_text() if log.exists() else ""
    if "Traceback" in text:
        print(text)


def require_chromium() -> None:
    """Skip without Debian's Chromium, except in CI, where that is a failure."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must apt-get install chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# One map chart, plotted, with nothing of the last run still on the page
# waiting to be replaced, and a frame painted since.
MAP_SETTLED = """() => new Promise(done => {
  const charts = document.querySelectorAll('.st-key-body_map .js-plotly-plot');
  const settled = charts.length === 1 && charts[0]._fullLayout
    && !document.querySelector('[data-stale="true"]');
  if (!settled) { done(false); return; }
  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
})"""


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


@pytest.fixture
def tablet(browser, app_url):
    """The app's overview on a 1024x768 touch tablet, ready to tap."""
    context = browser.new_context(viewport=TABLET, has_touch=True, device_scale_factor=1)
    page = context.new_page()
    page.goto(app_url)
    wait_idle(page)
    yield page
    context.close()


def tinted_rows(page) -> list[str]:
    """The comparison rows marked as open, once the comparison is plotted."""
    return page.wait_for_function(COMPARISON_TINTED, timeout=10_000).json_value()
