"""Real-browser fixtures: a `streamlit run` server, Debian's Chromium, and
pages whose browser contexts are closed whatever the test did.

Chromium comes from Debian (`apt-get install chromium`); Playwright only
drives it (never `playwright install`: browser downloads fail here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from tests.support.browser import TABLET, map_targets, require_chromium, wait_idle
from tests.support.paths import APP, ARTIFACTS


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc):
    """A test taking ``front_target`` or ``back_target`` runs once per (view,
    region id) of the shipped diagram (read as the tests are collected): each
    region a tap selects on the front, or on the back. Ids: "closeup-jaw".
    (Every tinted region is tappable since issue 17; a region drawn but not
    tappable is drawn untinted: tests/render/test_map_figure.py.)"""
    arguments = {
        "front_target": ("front", True),
        "back_target": ("back", True),
    }
    for name, (side, tappable) in arguments.items():
        if name in metafunc.fixturenames:
            targets = map_targets(side, tappable)
            metafunc.parametrize(name, targets, ids=[f"{v.view_id}-{r}" for v, r in targets])


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """Start the real app with `streamlit run` on a free loopback port."""
    log = ARTIFACTS / "streamlit-server.log"
    with streamlit_server(APP, log) as server:
        yield server.url
    text = log.read_text() if log.exists() else ""
    if "Traceback" in text:
        print(text)


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


@pytest.fixture
def new_page(browser, app_url):
    """Open pages, each in a browser context of its own (its own session):
    ``new_page(query, **options)`` passes ``options`` (viewport, has_touch,
    device_scale_factor, is_mobile, user_agent, color_scheme, ...) to
    ``browser.new_context`` and returns its page at the app's ``query``
    (e.g. ``"?region=neck"``), once idle; with ``query=None``, blank, to set
    up before the first load. Every context opened is closed at teardown."""
    contexts = []

    def open_page(query: str | None = "", **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        if query is not None:
            page.goto(f"{app_url}/{query}" if query else app_url)
            wait_idle(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def tablet(new_page):
    """The app's overview on a 1024x768 touch tablet, ready to tap."""
    return new_page(viewport=TABLET, has_touch=True, device_scale_factor=1)
