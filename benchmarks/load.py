"""Audience-scale load and a soak, without browsers: ``python -m benchmarks.load``.

Every session is a :class:`benchmarks.protocol.Session`: Streamlit's own
websocket protocol, spoken with the protobuf classes shipped in ``streamlit``
(benchmarks/README.md says what it does not model). One asyncio loop drives
them all, so hundreds fit on a small machine.

``--sessions N --picks K``: a fresh (cold) server; N sessions open the page
all at once (the time to the first map, per session), then each picks K
regions with the region picker. Errors, the server's own run times
(``BODYMAP_RUN_LOG``) and its memory.

``--soak N``: sessions open a region's page, fetch its PDF handout and close,
in waves; the server's memory after them against a warm baseline.

Prints a Markdown table and writes JSON (``--out``, default artifacts/).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.protocol import HANDOUT_KEY, ProtocolError, Session
from benchmarks.server import ROOT, Server, streamlit_server
from benchmarks.sessions import pick_sequence as pick_labels  # the browser load's rule
from benchmarks.stats import markdown_table, number, percentile

APP = ROOT / "app.py"
ARTIFACTS = ROOT / "artifacts"
REGION_IDS = tuple(sorted(p.stem for p in (ROOT / "content" / "regions").glob("*.toml")))
RSS_EVERY_S = 0.25
# A closed tab's session is kept this long for a reconnect (Streamlit's default
# server.disconnectedSessionTTL is 120 s, at most 128 sessions). The soak lowers
# it so that it measures what stays after sessions are gone, not that buffer.
SOAK_SESSION_TTL_S = 5
SOAK_TOLERANCE = 0.10  # RSS after the soak at most 10 % above the warm baseline (issue 16)


def error_kind(error: str) -> str:
    """An error line without its session, region or numbers: for counting kinds."""
    kind = re.sub(r"^session \d+( pick \d+)?:\s*", "", error)
    kind = re.sub(r"'[^']*'", "'…'", kind)
    kind = re.sub(r"/media/\S+", "/media/…", kind)
    return re.sub(r"\d+(\.\d+)?", "N", kind)[:120]


def stats(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, p50, p95 and max, rounded; None where there are no values."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1),
    }


def _spread(s: dict, unit: str = "ms", with_max: bool = False) -> str:
    if not s["n"]:
        return "–"
    text = f"p50 {number(s['p50'], unit)}, p95 {number(s['p95'], unit)}"
    return text + (f", max {number(s['max'], unit)}" if with_max else "") + f" (n={s['n']})"


class RssSampler:
    """The server's resident memory, sampled in the background: the peak."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.values: list[float] = []
        self._task: asyncio.Task | None = None

    def read(self) -> float:
        value = self.server.rss_mb()
        self.values.append(value)
        return value

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(OSError, RuntimeError):
                self.read()
            await asyncio.sleep(RSS_EVERY_S)

    def __enter__(self) -> RssSampler:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    @property
    def peak(self) -> float:
        return max(self.values) if self.values else float("nan")


async def settled_rss(server: Server, wait_s: float = 3.0, reads: int = 5) -> float:
    """The median of a few RSS reads after ``wait_s`` of quiet."""
    await asyncio.sleep(wait_s)
    values = []
    for _ in range(reads):
        values.append(server.rss_mb())
        await asyncio.sleep(0.4)
    return statistics.median(values)


def read_runs(run_log: Path) -> list[float]:
    """The server's script-run durations so far, in ms (bodymap/ui/run_log.py)."""
    if not run_log.exists():
        return []
    return [float(v) for v in run_log.read_text(encoding="utf-8").split()]


def tracebacks(server_log: Path) -> int:
    if not server_log.exists():
        return 0
    return server_log.read_text(encoding="utf-8", errors="replace").count("Traceback")


def metrics(url: str) -> dict[str, float]:
    """Streamlit's own ``/_stcore/metrics``: cache sizes, sessions (name -> value)."""
    out: dict[str, float] = {}
    try:
        with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=30) as r:
            text = r.read().decode()
    except OSError:
        return out
    for line in text.splitlines():
        if line.startswith(("cache_memory_bytes", "active_sessions", "session_events_total")):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


# --------------------------------------------------------------------- load


@dataclass
class SessionResult:
    """What one session saw."""

    index: int
    open_map_ms: float | None = None  # from connecting to the map's chart arriving
    open_done_ms: float | None = None  # from connecting to the first run's end
    picks_right: int = 0  # picks whose panel showed the picked region
    pick_ms: list[float] = field(default_factory=list)  # send -> idle
    errors: list[str] = field(default_factory=list)
    bytes: int = 0


async def _open(url: str, index: int, query: str, timeout: float) -> tuple[Session, SessionResult]:
    result = SessionResult(index)
    session = Session(url, timeout=timeout)
    tag = f"session {index}"
    try:
        report = await session.open(query)
    except Exception as exc:  # any failure is one of this session's errors
        result.errors.append(f"{tag}: did not connect: {type(exc).__name__}: {exc}"[:200])
        return session, result
    started = session.started_at or report.sent_at
    if report.map_at is not None:
        result.open_map_ms = (report.map_at - started) * 1000
    else:
        result.errors.append(f"{tag}: page load without the map")
    if report.done_at is not None:
        result.open_done_ms = (report.done_at - started) * 1000
    result.errors += [f"{tag}: {e}" for e in report.errors]
    return session, result


async def _pick_all(
    session: Session, result: SessionResult, labels: Sequence[str], think_s: float, seed: int
) -> None:
    if result.errors:
        return  # it never loaded
    rng = random.Random(f"bodymap-think:{seed}:{result.index}")
    for k, label in enumerate(labels):
        tag = f"session {result.index} pick {k}"
        if think_s:
            await asyncio.sleep(rng.uniform(0, think_s))
        try:
            report = await session.pick(label)
        except Exception as exc:  # any failure is one of this session's errors
            result.errors.append(f"{tag}: {type(exc).__name__}: {exc}"[:200])
            return
        result.errors += [f"{tag}: {e}" for e in report.errors]
        if report.done_at is None:
            return  # no answer: the page is in an unknown state
        if report.done_ms() is not None:
            result.pick_ms.append(report.done_ms())
        shown = session.page.headings()
        if label in shown and report.map_delivered:
            result.picks_right += 1
        elif label not in shown:
            result.errors.append(f"{tag}: panel shows {shown}, not {label!r}")
        else:
            result.errors.append(f"{tag}: pick without a map")


async def warm_up(url: str, timeout: float) -> float:
    """One session opens the page and visits every region; seconds taken."""
    started = time.perf_counter()
    async with Session(url, timeout=timeout) as session:
        report = await session.open()
        if report.errors:
            raise ProtocolError(f"warm-up page load failed: {report.errors}")
        for label in session.page.region_labels():
            await session.pick(label)
    return time.perf_counter() - started


async def run_load(
    server: Server,
    run_log: Path,
    server_log: Path,
    sessions: int,
    picks: int,
    *,
    seed: int = 1,
    think_s: float = 0.0,
    timeout: float = 180.0,
    query: str = "",
    warm: bool = False,
) -> dict:
    """``sessions`` sessions open a cold server's page at once, then each picks
    ``picks`` regions; everything the table and the JSON need. With ``warm``,
    one session visits every region first (what warming the caches at
    start-up would do), and the load starts on a warm server."""
    warm_s = await warm_up(server.url, timeout) if warm else None
    run_log.write_text("", encoding="utf-8")
    idle = await settled_rss(server, wait_s=0.5)
    logged_tracebacks = tracebacks(server_log)
    started = time.perf_counter()
    with RssSampler(server) as rss:
        opened = await asyncio.gather(
            *(_open(server.url, i, query, timeout) for i in range(sessions))
        )
        open_s = time.perf_counter() - started
        open_runs = len(read_runs(run_log))
        rss_open = rss.read()
        labels = next(
            (s.page.region_labels() for s, r in opened if not r.errors and s.page.widgets), ()
        )
        await asyncio.gather(
            *(
                _pick_all(s, r, pick_labels(seed, r.index, picks, labels), think_s, seed)
                for s, r in opened
            )
        )
        wall_s = time.perf_counter() - started
        rss_loaded = rss.read()
        for s, r in opened:
            r.bytes = s.bytes_received
        await asyncio.gather(*(s.close() for s, _ in opened))
        peak = rss.peak
    after = await settled_rss(server)
    results = [r for _, r in opened]
    runs = read_runs(run_log)
    errors = [e for r in results for e in r.errors]
    new_tracebacks = tracebacks(server_log) - logged_tracebacks
    errors += [f"server log: traceback {i + 1}" for i in range(new_tracebacks)]
    return {
        "sessions": sessions,
        "picks_per_session": picks,
        "warm_up_s": warm_s,
        "think_s": think_s,
        "picks_attempted": sessions * picks,
        "picks_right": sum(r.picks_right for r in results),
        "errors": len(errors),
        "error_kinds": dict(Counter(error_kind(e) for e in errors).most_common()),
        "first_errors": errors[:10],
        "first_map_ms": stats([r.open_map_ms for r in results if r.open_map_ms is not None]),
        "first_map_ms_each": [
            None if r.open_map_ms is None else round(r.open_map_ms) for r in results
        ],
        "open_done_ms": stats([r.open_done_ms for r in results if r.open_done_ms is not None]),
        "pick_ms": stats([ms for r in results for ms in r.pick_ms]),
        "server_run_ms": stats(runs),
        "server_run_open_ms": stats(runs[:open_runs]),
        "server_run_pick_ms": stats(runs[open_runs:]),
        "rss_mb": {
            "idle": round(idle, 1),
            "all_open": round(rss_open, 1),
            "after_picks": round(rss_loaded, 1),
            "peak": round(peak, 1),
            "after_close": round(after, 1),
        },
        "ws_kb_per_session": round(statistics.mean(r.bytes for r in results) / 1024, 1),
        "open_s": round(open_s, 2),
        "wall_s": round(wall_s, 2),
    }


def load_table(r: dict) -> str:
    """The load's figures as a Markdown table."""
    kinds = "; ".join(f"{n}× {k}" for k, n in list(r["error_kinds"].items())[:4])
    rss = r["rss_mb"]
    rows = [
        ("sessions × picks", f"{r['sessions']} × {r['picks_per_session']}"),
        ("errors", f"{r['errors']}" + (f" ({kinds})" if kinds else "")),
        ("picks that showed the right panel and map",
         f"{r['picks_right']} of {r['picks_attempted']}"),
        (f"time to first map, {'warm' if r['warm_up_s'] else 'cold'} server, "
         f"{r['sessions']} at once",
         _spread(r["first_map_ms"], with_max=True)),
        ("first page load complete (idle)", _spread(r["open_done_ms"], with_max=True)),
        ("pick → panel and map, client", _spread(r["pick_ms"], with_max=True)),
        ("server run, page loads", _spread(r["server_run_open_ms"])),
        ("server run, picks", _spread(r["server_run_pick_ms"])),
        ("server run, all", _spread(r["server_run_ms"])),
        ("server RSS idle → peak",
         f"{number(rss['idle'], 'MB')} → {number(rss['peak'], 'MB')}"),
        ("server RSS all open / after picks / after close",
         f"{number(rss['all_open'], 'MB')} / {number(rss['after_picks'], 'MB')} / "
         f"{number(rss['after_close'], 'MB')}"),
        ("websocket per session", number(r["ws_kb_per_session"], "KB")),
        ("wall time (all open / all done)",
         f"{number(r['open_s'], 's')} / {number(r['wall_s'], 's')}"),
    ]  # fmt: skip
    return markdown_table(("measurement", "result"), rows)


# --------------------------------------------------------------------- soak


async def _handout_session(url: str, index: int, region: str, timeout: float) -> list[str]:
    """Open a region's page, fetch its PDF handout, close. The errors."""
    tag = f"session {index}"
    errors: list[str] = []
    session = Session(url, timeout=timeout)
    try:
        report = await session.open(f"region={region}")
        errors += [f"{tag}: {e}" for e in report.errors]
        if not report.errors:
            handout = await session.download(HANDOUT_KEY.format(kind="pdf", region=region))
            if not handout.data.startswith(b"%PDF-"):
                errors.append(f"{tag}: handout is not a PDF ({handout.content_type})")
    except Exception as exc:  # any failure is one of this session's errors
        errors.append(f"{tag}: {type(exc).__name__}: {exc}"[:200])
    finally:
        await session.close()
    return errors


async def _waves(
    url: str, first: int, count: int, wave: int, seed: int, timeout: float, rss: list[float],
    server: Server,
) -> list[str]:  # fmt: skip
    rng = random.Random(f"bodymap-soak:{seed}:{first}")
    errors: list[str] = []
    for start in range(first, first + count, wave):
        indices = range(start, min(start + wave, first + count))
        done = await asyncio.gather(
            *(_handout_session(url, i, rng.choice(REGION_IDS), timeout) for i in indices)
        )
        errors += [e for es in done for e in es]
        rss.append(round(server.rss_mb(), 1))
    return errors


async def _reap(url: str, ttl_s: float, timeout: float) -> None:
    """Let closed sessions' reconnect time run out, then open and close one
    more session: Streamlit drops expired sessions only when it stores another."""
    await asyncio.sleep(ttl_s + 1)
    session = Session(url, timeout=timeout)
    with contextlib.suppress(OSError, ProtocolError, TimeoutError):
        await session.connect()
    await session.close()


async def run_soak(
    server: Server,
    server_log: Path,
    sessions: int,
    *,
    warmup: int = 25,
    wave: int = 25,
    seed: int = 1,
    timeout: float = 180.0,
    ttl_s: float = SOAK_SESSION_TTL_S,
) -> dict:
    """Warm up, take the baseline; ``sessions`` handout sessions in waves; compare."""
    idle = await settled_rss(server, wait_s=0.5)
    logged_tracebacks = tracebacks(server_log)
    started = time.perf_counter()
    warm_rss: list[float] = []
    errors = await _waves(server.url, 0, warmup, wave, seed, timeout, warm_rss, server)
    await _reap(server.url, ttl_s, timeout)
    baseline = await settled_rss(server)
    metrics_before = metrics(server.url)
    wave_rss: list[float] = []
    with RssSampler(server) as rss:
        errors += await _waves(server.url, warmup, sessions, wave, seed, timeout, wave_rss, server)
        peak = rss.peak
    soak_s = time.perf_counter() - started
    kept = await settled_rss(server, wait_s=1.0)  # closed sessions still kept for reconnects
    await _reap(server.url, ttl_s, timeout)
    after = await settled_rss(server)
    metrics_after = metrics(server.url)
    new_tracebacks = tracebacks(server_log) - logged_tracebacks
    errors += [f"server log: traceback {i + 1}" for i in range(new_tracebacks)]
    change = (after - baseline) / baseline
    # RSS after each wave against sessions so far: a leak is a slope, a
    # one-off allocation is not (single reads swing by tens of MB).
    trend = None
    if len(wave_rss) >= 2:
        done = [min(warmup + wave * (i + 1), warmup + sessions) for i in range(len(wave_rss))]
        trend = round(statistics.linear_regression(done, wave_rss).slope * 100, 2)
    grown = {
        k: (metrics_before.get(k, 0.0), v)
        for k, v in metrics_after.items()
        if k.startswith("cache_memory_bytes") and v != metrics_before.get(k, 0.0)
    }
    return {
        "sessions": sessions,
        "warmup_sessions": warmup,
        "wave": wave,
        "session_ttl_s": ttl_s,
        "errors": len(errors),
        "error_kinds": dict(Counter(error_kind(e) for e in errors).most_common()),
        "first_errors": errors[:10],
        "rss_mb": {
            "idle": round(idle, 1),
            "warm_baseline": round(baseline, 1),
            "peak": round(peak, 1),
            "after_last_wave": round(kept, 1),
            "after": round(after, 1),
            "by_wave": wave_rss,
        },
        "change": round(change, 4),
        "trend_mb_per_100_sessions": trend,
        "within_tolerance": change <= SOAK_TOLERANCE,
        "cache_bytes_changed": grown,
        "metrics_after": metrics_after,
        "wall_s": round(soak_s, 1),
    }


def soak_table(r: dict) -> str:
    """The soak's figures as a Markdown table."""
    rss = r["rss_mb"]
    kinds = "; ".join(f"{n}× {k}" for k, n in list(r["error_kinds"].items())[:4])
    rows = [
        ("sessions (each: open a region, fetch its PDF handout, close)",
         f"{r['sessions']} in waves of {r['wave']}, after {r['warmup_sessions']} to warm up"),
        ("errors", f"{r['errors']}" + (f" ({kinds})" if kinds else "")),
        ("server RSS idle", number(rss["idle"], "MB")),
        ("server RSS warm baseline", number(rss["warm_baseline"], "MB")),
        ("server RSS peak during the soak", number(rss["peak"], "MB")),
        ("server RSS right after the last wave", number(rss["after_last_wave"], "MB")),
        (f"server RSS after (closed sessions' {r['session_ttl_s']} s reconnect time over)",
         number(rss["after"], "MB")),
        ("change against the warm baseline",
         f"{r['change'] * 100:+.1f} % ({'within' if r['within_tolerance'] else '**not within**'}"
         f" +{SOAK_TOLERANCE * 100:.0f} %)"),
        ("RSS trend over the waves (least squares)",
         "–" if r["trend_mb_per_100_sessions"] is None
         else f"{r['trend_mb_per_100_sessions']:+.1f} MB per 100 sessions"),
        ("wall time", number(r["wall_s"], "s")),
    ]  # fmt: skip
    return markdown_table(("measurement", "result"), rows)


# --------------------------------------------------------------------- main


@contextlib.contextmanager
def app_snapshot(app: Path) -> Iterator[Path]:
    """A copy of the app's script, package, content and assets in a
    temporary folder, served instead of the working tree: the app's cache
    keys include its files' change times (bodymap/ui/caching.py), so an edit
    saved during a run would make it build and keep a second copy of
    everything, and that would read as growth."""
    source = app.resolve().parent
    with tempfile.TemporaryDirectory(prefix="bodymap-load-") as tmp:
        root = Path(tmp)
        for script in source.glob("*.py"):  # the app, and an st.App entry beside it
            shutil.copy2(script, root / script.name)
        for name in ("bodymap", "content", "assets"):
            if (source / name).is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(source / name, root / name, ignore=ignore)
        yield root / app.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="concurrent sessions (load)")
    parser.add_argument("--picks", type=int, default=10, help="region picks per session (load)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="max random pause between picks, s"
    )
    parser.add_argument(
        "--warm", action="store_true", help="load: visit every region once before the load"
    )
    parser.add_argument("--soak", type=int, metavar="N", help="soak: N handout sessions instead")
    parser.add_argument("--wave", type=int, default=25, help="soak: sessions at a time")
    parser.add_argument("--warmup", type=int, default=25, help="soak: sessions before the baseline")
    parser.add_argument("--session-ttl", type=float, default=SOAK_SESSION_TTL_S,
                        help="soak: server.disconnectedSessionTTL, s")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=180.0, help="per request, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--app", type=Path, default=APP, help="the Streamlit script to serve")
    parser.add_argument(
        "--in-place", action="store_true", help="serve the working tree, not a copy of it"
    )
    parser.add_argument("--out", type=Path, help="JSON file (default artifacts/load-*.json)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()

    name = f"soak-{args.soak}" if args.soak else f"load-{args.sessions}x{args.picks}"
    logs = ARTIFACTS / "load"
    logs.mkdir(parents=True, exist_ok=True)
    run_log, server_log = logs / f"{name}-runs.log", logs / f"{name}-server.log"
    run_log.unlink(missing_ok=True)
    env = {"BODYMAP_RUN_LOG": str(run_log)}
    if args.soak:
        ttl = max(1, round(args.session_ttl))
        env["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = str(ttl)
    with (
        contextlib.nullcontext(args.app) if args.in_place else app_snapshot(args.app) as app,
        streamlit_server(app, server_log, env=env) as server,
    ):
        if args.soak:
            result = asyncio.run(
                run_soak(server, server_log, args.soak, warmup=args.warmup, wave=args.wave,
                         seed=args.seed, timeout=args.timeout, ttl_s=ttl)
            )  # fmt: skip
            table = soak_table(result)
        else:
            result = asyncio.run(
                run_load(server, run_log, server_log, args.sessions, args.picks,
                         seed=args.seed, think_s=args.think, timeout=args.timeout,
                         warm=args.warm)
            )  # fmt: skip
            table = load_table(result)
    # The machine is shared: how busy it was says how far to trust the timings.
    result["machine"] = {
        "cpus": os.cpu_count(),
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
    }
    out = args.out or ARTIFACTS / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(table)
    print(
        f"\n1-minute load average before/after: {load_before[0]:.2f} / "
        f"{result['machine']['load_average_after'][0]:.2f} on {os.cpu_count()} CPUs"
    )
    if result["first_errors"]:
        print("\nfirst errors:\n" + "\n".join(f"- {e}" for e in result["first_errors"]))
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
