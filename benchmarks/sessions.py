"""Many concurrent sessions against one server: its memory, and rerun times under load.

A talk audience opens the link at once and taps around. Each session is its own
browser context (its own Streamlit session) with one 1024×768 page, all in ONE
Debian Chromium driven by Playwright's async API so the sessions really run at
the same time. Regions are picked with the text picker (``st.pills``).
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError

from benchmarks.server import CHROMIUM, CHROMIUM_ARGS, Server
from benchmarks.stats import percentile

REGION_LABELS: tuple[str, ...] = ("Head", "Eyes", "Jaw", "Neck", "Underarms", "Bladder")
VIEWPORT = {"width": 1024, "height": 768}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_DRAWN = ".st-key-body_map .js-plotly-plot"
PILLS = ".st-key-region_picker button"
# Loading the page costs Chromium seconds of CPU per session: a whole audience
# emulated in one browser on a small machine loads far slower than real devices.
OPEN_TIMEOUT_MS = 300_000
PICK_TIMEOUT_MS = 30_000
STAGGER_S = 0.020
MEMORY_OPEN_PARALLEL = 4  # sessions loading at once while measuring memory


@dataclass
class MemoryResult:
    """Server RSS in MB: idle, with N sessions open, and the slope per session."""

    idle_mb: float
    by_sessions: dict[int, float]
    per_extra_session_mb: float  # (rss at max N - rss at min N) / (max N - min N)


@dataclass
class LoadResult:
    """What ``sessions`` concurrent sessions saw, picking ``selections`` regions each."""

    sessions: int
    selections_per_session: int
    completed: int  # selections that showed the right panel
    errors: list[str] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)  # click -> right h2 and idle
    server_ms: list[float] = field(default_factory=list)  # the server's run durations
    wall_s: float = 0.0  # from the first session opening to the last pick
    open_s: float = 0.0  # until every session had loaded (picks start after)
    open_runs: int = 0  # server_ms[:open_runs] are the runs of the page loads
    # Distinct console errors about resources off the server's origin, not counted as
    # errors: offline (sandbox, CI) the favicon from fonts.gstatic.com cannot load.
    offsite: list[str] = field(default_factory=list)


def pick_sequence(
    seed: int, session: int, count: int, labels: Sequence[str] = REGION_LABELS
) -> list[str]:
    """``count`` region labels for one session, each different from the one before
    (the first from the overview, so anything); the same for the same seed and session."""
    if len(labels) < 2 and count > 1:
        raise ValueError("need at least two regions to change region")
    rng = random.Random(f"bodymap-sessions:{seed}:{session}")
    picks: list[str] = []
    current: str | None = None
    for _ in range(count):
        current = rng.choice([label for label in labels if label != current])
        picks.append(current)
    return picks


def _heading(page: Page, label: str) -> Locator:
    """The panel's level-2 heading for a region label."""
    return page.get_by_role("heading", level=2, name=label, exact=True)


async def _wait_idle(page: Page, timeout_ms: float) -> None:
    await page.wait_for_selector(IDLE, state="attached", timeout=timeout_ms)


class _Errors:
    """Console errors and page errors of many pages: the app's, and off-origin ones."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/") + "/"
        self.errors: list[str] = []
        self.offsite: dict[str, None] = {}  # insertion-ordered set

    def watch(self, page: Page, tag: str) -> None:
        """Collect ``page``'s console errors and uncaught exceptions, tagged."""

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type != "error":
                return
            url = msg.location.get("url") or ""
            if url and not url.startswith(self.origin):
                self.offsite[f"{msg.text} ({url})"] = None
            else:
                self.errors.append(f"{tag}: console error: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"{tag}: page error: {exc}"))


async def _new_session(browser: Browser) -> Page:
    """A fresh context (a Streamlit session of its own) with one page."""
    context = await browser.new_context(viewport=VIEWPORT)
    return await context.new_page()


async def _load_app(page: Page, url: str, timeout_ms: float = OPEN_TIMEOUT_MS) -> None:
    """Open the app and wait until its first run is over and the map is drawn."""
    await page.goto(url, timeout=timeout_ms)
    await page.wait_for_selector(MAP_DRAWN, state="visible", timeout=timeout_ms)
    await _wait_idle(page, timeout_ms)


def _pill(page: Page, label: str) -> Locator:
    """The body-area pill labelled exactly ``label`` ("Head", not "Forehead")."""
    return page.locator(PILLS).filter(has_text=re.compile(f"^{re.escape(label)}$")).first


async def _pick(page: Page, label: str, timeout_ms: float = PICK_TIMEOUT_MS) -> float:
    """Click a region's pill; ms until its heading shows and the app is idle.

    ``timeout_ms`` bounds the whole pick, not each step of it.
    """
    started = time.perf_counter()

    def left() -> float:
        return max(1.0, timeout_ms - (time.perf_counter() - started) * 1000)

    await _pill(page, label).click(timeout=left())
    await _heading(page, label).wait_for(state="visible", timeout=left())
    await _wait_idle(page, left())
    return (time.perf_counter() - started) * 1000


async def _read_rss(server: Server, reads: int = 3, gap_s: float = 0.2) -> float:
    """The largest of a few RSS reads ``gap_s`` apart."""
    values = []
    for i in range(reads):
        if i:
            await asyncio.sleep(gap_s)
        values.append(server.rss_mb())
    return max(values)


async def _close_all(contexts: Sequence[BrowserContext]) -> None:
    await asyncio.gather(*(c.close() for c in contexts), return_exceptions=True)


async def measure_memory_async(
    server: Server, counts: Sequence[int] = (1, 10, 50), labels: Sequence[str] = REGION_LABELS
) -> MemoryResult:
    """Server RSS with exactly N sessions open for each N in ``counts`` (ascending).

    Pass a fresh server: idle is read before any browser connects. Each session
    loads the app, waits for the map, and opens one region so it holds real state;
    a few load at a time (how they arrive does not matter to steady-state memory).
    """
    ordered = sorted(set(counts))
    if len(ordered) < 2 or ordered[0] < 1:
        raise ValueError(f"need at least two positive session counts, got {counts}")
    idle = await _read_rss(server)
    by_sessions: dict[int, float] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages: list[Page] = []
        opening = asyncio.Semaphore(MEMORY_OPEN_PARALLEL)

        async def open_one(i: int) -> Page:
            async with opening:
                page = await _new_session(browser)
                await _load_app(page, server.url)
                label = labels[i % len(labels)]
                await _pill(page, label).click(timeout=OPEN_TIMEOUT_MS)
                await _heading(page, label).wait_for(timeout=OPEN_TIMEOUT_MS)
                await _wait_idle(page, OPEN_TIMEOUT_MS)
                return page

        try:
            for n in ordered:
                pages += await asyncio.gather(*(open_one(i) for i in range(len(pages), n)))
                await asyncio.sleep(1.0)
                by_sessions[n] = await _read_rss(server)
        finally:
            await _close_all(browser.contexts)
            await browser.close()
    low, high = ordered[0], ordered[-1]
    return MemoryResult(
        idle_mb=idle,
        by_sessions=by_sessions,
        per_extra_session_mb=(by_sessions[high] - by_sessions[low]) / (high - low),
    )


async def run_load_async(
    server: Server,
    run_log: Path,
    sessions: int = 50,
    selections: int = 20,
    seed: int = 1,
    server_log: Path | None = None,
    labels: Sequence[str] = REGION_LABELS,
) -> LoadResult:
    """``sessions`` sessions open the app at once (starts ~20 ms apart); once all
    have loaded, each picks ``selections`` regions, each different from its current
    one, all sessions at the same time.

    ``run_log`` is the server's ``BODYMAP_RUN_LOG``: truncated first, read after.
    With ``server_log``, tracebacks the server printed during the load are errors.
    """
    seen = _Errors(server.url)
    errors = seen.errors
    client_ms: list[float] = []
    completed = 0
    log_offset = server_log.stat().st_size if server_log and server_log.exists() else 0
    run_log.write_text("", encoding="utf-8")

    async def open_one(browser: Browser, index: int) -> Page | None:
        tag = f"session {index}"
        await asyncio.sleep(index * STAGGER_S)
        page = await _new_session(browser)
        seen.watch(page, tag)
        try:
            await _load_app(page, server.url)
        except PlaywrightError as exc:
            errors.append(f"{tag}: did not load: {_first_line(exc)}")
            return None
        return page

    async def pick_all(page: Page | None, index: int) -> None:
        nonlocal completed
        if page is None:
            return
        tag = f"session {index}"
        for k, label in enumerate(pick_sequence(seed, index, selections, labels)):
            try:
                client_ms.append(await _pick(page, label))
                completed += 1
            except PlaywrightError as exc:
                shown = await _shown_headings(page, labels)
                kind = "late (right panel shows now)" if label in shown else f"panel shows {shown}"
                errors.append(f"{tag} pick {k} {label!r}: {_first_line(exc)}: {kind}")

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.perf_counter()
        try:
            pages = await asyncio.gather(*(open_one(browser, i) for i in range(sessions)))
            opened = time.perf_counter() - started
            open_runs = len(run_log.read_text(encoding="utf-8").split())
            await asyncio.gather(*(pick_all(page, i) for i, page in enumerate(pages)))
            wall = time.perf_counter() - started
        finally:
            await _close_all(browser.contexts)
            await browser.close()

    server_ms = [float(line) for line in run_log.read_text(encoding="utf-8").split()]
    if server_log is not None and server_log.exists():
        with server_log.open(encoding="utf-8", errors="replace") as f:
            f.seek(log_offset)
            tracebacks = f.read().count("Traceback")
        errors += [f"server log: traceback {i + 1}" for i in range(tracebacks)]
    return LoadResult(
        sessions=sessions,
        selections_per_session=selections,
        completed=completed,
        errors=errors,
        client_ms=client_ms,
        server_ms=server_ms,
        wall_s=wall,
        open_s=opened,
        open_runs=open_runs,
        offsite=list(seen.offsite),
    )


async def _shown_headings(page: Page, labels: Sequence[str]) -> list[str]:
    """Region labels among the page's level-2 headings (best effort)."""
    try:
        texts = await page.get_by_role("heading", level=2).all_inner_texts()
    except PlaywrightError:
        return ["?"]
    return [t for t in texts if t in labels]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def measure_memory(
    server: Server, counts: Sequence[int] = (1, 10, 50), labels: Sequence[str] = REGION_LABELS
) -> MemoryResult:
    """Sync wrapper of :func:`measure_memory_async`."""
    return asyncio.run(measure_memory_async(server, counts, labels))


def run_load(
    server: Server,
    run_log: Path,
    sessions: int = 50,
    selections: int = 20,
    seed: int = 1,
    server_log: Path | None = None,
    labels: Sequence[str] = REGION_LABELS,
) -> LoadResult:
    """Sync wrapper of :func:`run_load_async`."""
    return asyncio.run(
        run_load_async(server, run_log, sessions, selections, seed, server_log, labels)
    )


def _stats(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, p50, p95 and max, rounded; ``None`` where there are no values."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "max": round(max(values), 2),
    }


def sessions_summary(memory: MemoryResult, load: LoadResult) -> dict:
    """Plain JSON-able numbers from a memory and a load measurement."""
    slope = memory.per_extra_session_mb
    return {
        "memory_mb": {
            "idle": round(memory.idle_mb, 1),
            "by_sessions": {str(n): round(mb, 1) for n, mb in sorted(memory.by_sessions.items())},
            "per_extra_session": round(slope, 2) if math.isfinite(slope) else None,
        },
        "load": {
            "sessions": load.sessions,
            "selections_per_session": load.selections_per_session,
            "attempted": load.sessions * load.selections_per_session,
            "completed": load.completed,
            "errors": len(load.errors),
            "first_errors": load.errors[:5],
            "offsite_console_errors": len(load.offsite),
            "client_ms": _stats(load.client_ms),
            "server_ms": _stats(load.server_ms),
            "server_ms_picks": _stats(load.server_ms[load.open_runs :]),
            "open_s": round(load.open_s, 2),
            "wall_s": round(load.wall_s, 2),
        },
    }
