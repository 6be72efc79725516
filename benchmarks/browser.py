"""Measurements in a real browser: tap to panel, websocket bytes, cold start.

Debian's Chromium driven by Playwright at 1024×768 with touch, as in the
browser tests (whose tap geometry this reuses). Every app figure is measured
beside the floor app (benchmarks/floor_app.py) in the same run.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from benchmarks.server import streamlit_server
from tests.support.browser import (
    MAP_SETTLED,
    TO_PAGE,
    axis_suffix,
    map_targets,
    off_centre_point,
    region_label,
)

TABLET = {"width": 1024, "height": 768}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_READY = ".st-key-body_map .js-plotly-plot .nsewdrag"
FLOOR_READY = ".st-key-next button"


def new_page(browser: Browser) -> Page:
    """A fresh tablet-sized touch page (its own context: its own session)."""
    context = browser.new_context(viewport=TABLET, has_touch=True)
    return context.new_page()


def tap_sequence(count: int) -> list[tuple]:
    """``count`` map targets cycling through every region of both views, no
    two consecutive taps in the same region."""
    targets = map_targets("front")
    sequence: list[tuple] = []
    k = 0
    while len(sequence) < count:
        target = targets[k % len(targets)]
        if not sequence or sequence[-1][1] != target[1]:
            sequence.append(target)
        k += 1
    return sequence


# Timed inside the page, for the app and the floor alike: from the finger
# landing (the touchstart event) to the frame that first shows the expected
# text (a MutationObserver, then the next animation frame). Timing from
# Playwright instead adds its own polling for the text, which costs more on
# the app's larger page (~115 ms at the median, against ~9 ms on the floor
# app's, measured while building this), so it would not compare like with like.
WATCH_FOR_TEXT = """([selector, text]) => {
  window.__benchTap = null;
  document.addEventListener('touchstart', () => { window.__benchTap = performance.now(); },
                            {capture: true, once: true});
  window.__benchShown = new Promise(resolve => {
    const shown = () => Array.from(document.querySelectorAll(selector))
      .some(e => e.textContent.trim() === text);
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - window.__benchTap));
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""
SHOWN_MS = "() => window.__benchShown"


@dataclass(frozen=True)
class Tap:
    """One tap: ``time.perf_counter()`` when it was sent and when Playwright
    saw the answer (for lining up websocket frames), and the in-page latency."""

    started: float
    shown: float
    ms: float


class LostTap(Exception):
    """A tap the app never answered: no panel heading within LOST_AFTER_MS."""


# A tap's panel shows within ~1 s even under this benchmark's load; one not
# shown in 8 s never will (the page is idle again, with the old region).
LOST_AFTER_MS = 8_000


def tap_map(page: Page, view, region_id: str, before_tap=None, lang: str = "en") -> Tap:
    """Touch-tap inside a region once the app is idle, and time it until the
    tapped region's panel heading shows. ``before_tap`` runs just before the
    finger lands (e.g. to reset counters). Raises :class:`LostTap` if the
    heading never shows."""
    page.wait_for_selector(IDLE)
    page.wait_for_selector(MAP_READY)
    # The script can be idle while the browser still swaps in a new chart: a
    # tap then is lost (tests/support/browser.py wait_idle waits the same way).
    page.wait_for_function(MAP_SETTLED)
    x, y = page.evaluate(TO_PAGE, [axis_suffix(view), *off_centre_point(view, region_id)])
    label = region_label(region_id, lang)
    heading = page.get_by_role("heading", level=2, name=label, exact=True)
    page.evaluate(WATCH_FOR_TEXT, ["h2", label])
    if before_tap is not None:
        before_tap()
    started = time.perf_counter()
    page.touchscreen.tap(x, y)
    try:
        heading.wait_for(timeout=LOST_AFTER_MS)
    except PlaywrightError as error:
        page.wait_for_selector(IDLE)
        raise LostTap(f"{view.view_id}/{region_id}") from error
    shown = time.perf_counter()
    ms = page.evaluate(SHOWN_MS)
    page.wait_for_selector(IDLE)
    return Tap(started, shown, ms)


def tap_until_answered(
    page: Page, view, region_id: str, lost: list[str], before_tap=None, lang: str = "en"
) -> Tap:
    """:func:`tap_map`, tapped again (as a user would) while the app doesn't
    answer, at most 3 times; each lost tap is named in ``lost``. Lost taps
    (about 1 in 20-60 until Plotly's hover throttle was dealt with in
    assets/touch_shim.js) should not happen: README, Performance."""
    for _ in range(3):
        try:
            return tap_map(page, view, region_id, before_tap, lang)
        except LostTap as error:
            lost.append(str(error))
    raise LostTap(f"{view.view_id}/{region_id}: 3 taps, no answer")


def tap_floor(page: Page) -> float:
    """Touch-tap the floor app's button; ms until the new count shows."""
    page.wait_for_selector(IDLE)
    text = page.get_by_text("Count:", exact=False).inner_text()
    next_text = f"Count: {int(text.split(':')[1]) + 1}"
    button = page.locator(FLOOR_READY).bounding_box()
    page.evaluate(WATCH_FOR_TEXT, ["p", next_text])
    page.touchscreen.tap(button["x"] + button["width"] / 2, button["y"] + button["height"] / 2)
    page.get_by_text(next_text, exact=True).wait_for(timeout=15_000)
    elapsed = page.evaluate(SHOWN_MS)
    page.wait_for_selector(IDLE)
    return elapsed


def tap_latencies(
    browser: Browser,
    app_url: str,
    floor_url: str,
    taps: int,
    block: int = 10,
    lost: list[str] | None = None,
) -> tuple[list[float], list[float]]:
    """Tap-to-panel times for the app and the floor, interleaved in blocks so
    that both see the same machine load. Taps the app lost (and that were
    tapped again) are named in ``lost``; only answered taps are timed."""
    lost = [] if lost is None else lost
    app, floor = new_page(browser), new_page(browser)
    app.goto(app_url)
    floor.goto(floor_url)
    app.wait_for_selector(MAP_READY)
    floor.wait_for_selector(FLOOR_READY)
    app_ms: list[float] = []
    floor_ms: list[float] = []
    sequence = tap_sequence(taps)
    for start in range(0, taps, block):
        for view, region_id in sequence[start : start + block]:
            app_ms.append(tap_until_answered(app, view, region_id, lost).ms)
        for _ in range(min(block, taps - start)):
            floor_ms.append(tap_floor(floor))
    app.context.close()
    floor.context.close()
    return app_ms, floor_ms


@dataclass
class SocketBytes:
    """Bytes over the websocket, both directions (binary frames decoded), and
    when the frames of each tap's answer arrived (ms after the tap)."""

    first_load: int = 0
    per_tap: list[int] = field(default_factory=list)
    first_frame_ms: list[float] = field(default_factory=list)  # the server starts answering
    last_frame_ms: list[float] = field(default_factory=list)  # the answer is complete
    panel_ms: list[float] = field(default_factory=list)  # the panel is on screen


def _frame_size(payload: dict) -> int:
    response = payload["response"]
    data = response.get("payloadData", "")
    if response.get("opcode") == 2:  # binary frames arrive base64-encoded
        return len(base64.b64decode(data))
    return len(data.encode())


def websocket_bytes(browser: Browser, app_url: str, taps: int) -> SocketBytes:
    """Bytes for the first page load (to the map drawn and idle), then per tap,
    with the arrival times that split a tap's latency into server and browser."""
    page = new_page(browser)
    client = page.context.new_cdp_session(page)
    client.send("Network.enable")
    counted = [0]
    received: list[float] = []

    def sent(payload: dict) -> None:
        counted[0] += _frame_size(payload)

    def got(payload: dict) -> None:
        counted[0] += _frame_size(payload)
        received.append(time.perf_counter())

    client.on("Network.webSocketFrameReceived", got)
    client.on("Network.webSocketFrameSent", sent)
    page.goto(app_url)
    page.wait_for_selector(MAP_READY)
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(500)  # late frames (e.g. the page's own pings)
    result = SocketBytes(first_load=counted[0])

    def reset() -> None:
        counted[0] = 0
        received.clear()

    for view, region_id in tap_sequence(taps):
        tap = tap_until_answered(page, view, region_id, [], before_tap=reset)
        page.wait_for_timeout(200)
        result.per_tap.append(counted[0])
        if received:
            result.first_frame_ms.append((received[0] - tap.started) * 1000)
            result.last_frame_ms.append((received[-1] - tap.started) * 1000)
        result.panel_ms.append(tap.ms)
    page.context.close()
    return result


def cold_start_ms(browser: Browser, app: Path, log: Path, ready: str) -> float:
    """From spawning `streamlit run` to ``ready`` visible in a fresh browser."""
    with streamlit_server(app, log, wait=False) as server:
        page = new_page(browser)
        try:
            while True:
                try:
                    page.goto(server.url, timeout=5_000)
                    break
                except PlaywrightError:  # not listening yet
                    if server.proc.poll() is not None:
                        raise RuntimeError(f"{app.name} exited; see {log}") from None
                    time.sleep(0.05)
            page.wait_for_selector(ready, timeout=60_000)
            return (time.perf_counter() - server.started) * 1000
        finally:
            page.context.close()
