"""Run every benchmark and print the results: ``python -m benchmarks.run``.

Prints a Markdown table of measurements and one of budgets (met / not met),
and writes everything as JSON (``--out``, default artifacts/benchmarks.json).
``--quick`` runs a tiny setting in well under a minute (the test suite's smoke
run). Speed figures are ratios to the floor app measured in the same run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server
from benchmarks.stats import Budget, budget_table, markdown_table, number, summarize

APP = ROOT / "app.py"
FLOOR = ROOT / "benchmarks" / "floor_app.py"
ARTIFACTS = ROOT / "artifacts"
COMMUNITY_CLOUD_MB = 690  # the smallest documented Community Cloud container


@dataclass(frozen=True)
class Settings:
    """How much of everything to run."""

    taps: int
    cold_starts: int
    memory_counts: tuple[int, ...]
    load_sessions: int
    selections: int
    rerun_rounds: int


FULL = Settings(
    taps=60, cold_starts=3, memory_counts=(1, 10, 50), load_sessions=50, selections=20,
    rerun_rounds=5,
)  # fmt: skip
QUICK = Settings(
    taps=4, cold_starts=1, memory_counts=(1, 2), load_sessions=2, selections=3, rerun_rounds=1
)


def rerun_times(rounds: int) -> dict:
    """Cold and warm script times, from a fresh Python process."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.rerun", str(rounds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def element_counts(logs: Path) -> dict:
    """Elements (and blocks) a region pick's run sends, every region (benchmarks/elements.py)."""
    from benchmarks.elements import measure

    return measure(logs)


def figure_bytes() -> dict[str, int]:
    """JSON bytes of the body-map figure (overview), per view and in all, each side."""
    import plotly.io

    from bodymap.model.diagram import load_diagram
    from bodymap.model.loading import load_content
    from bodymap.render.map_figure import build_figure

    diagram = load_diagram()
    content = load_content(drawn_regions=diagram.region_ids())
    sizes = {}
    for side in ("front", "back"):
        figure = build_figure(diagram, content.region_labels(), layout="wide", side=side)
        spec = json.loads(plotly.io.to_json(figure, validate=False))
        views = diagram.side_views(side)
        layout_share = len(json.dumps(spec["layout"])) / len(views)
        sizes[f"all ({side})" if side != "front" else "all"] = len(json.dumps(spec))
        for index, view in enumerate(views):
            axis = "x" if index == 0 else f"x{index + 1}"
            traces = [t for t in spec["data"] if t.get("xaxis", "x") == axis]
            sizes[view.view_id] = round(len(json.dumps(traces)) + layout_share)
    return sizes


def browser_measurements(settings: Settings, logs: Path) -> dict:
    """Tap latency, websocket bytes and cold start, app beside floor."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import (
        FLOOR_READY,
        MAP_READY,
        cold_start_ms,
        tap_latencies,
        websocket_bytes,
    )

    results: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # The app's own script-run times during the taps (bodymap/ui/run_log.py
            # RUN_LOG): the real server, one session, sharing the machine with
            # the browser that draws each answer, as on a small host.
            run_log = logs / "tap-runs.log"
            run_log.unlink(missing_ok=True)
            with (
                streamlit_server(
                    APP, logs / "app.log", env={"BODYMAP_RUN_LOG": str(run_log)}
                ) as app,
                streamlit_server(FLOOR, logs / "floor.log") as floor,
            ):
                lost: list[str] = []
                app_ms, floor_ms = tap_latencies(
                    browser, app.url, floor.url, settings.taps, lost=lost
                )
                results["lost_taps"] = lost
                results["tap_app_ms"] = summarize(app_ms).as_dict()
                results["tap_floor_ms"] = summarize(floor_ms).as_dict()
                runs = [float(v) for v in run_log.read_text().split()]
                # The first run of the process is the page load: not a tap's.
                results["tap_server_runs_ms"] = summarize(runs[1:]).as_dict()
                sockets = websocket_bytes(browser, app.url, min(settings.taps, 24))
                results["ws_first_load_bytes"] = sockets.first_load
                results["ws_per_tap_bytes"] = summarize(sockets.per_tap).as_dict()
                results["ws_split_ms"] = {
                    "first_frame": statistics.median(sockets.first_frame_ms),
                    "last_frame": statistics.median(sockets.last_frame_ms),
                    "panel": statistics.median(sockets.panel_ms),
                }
            app_starts, floor_starts = [], []
            for k in range(settings.cold_starts):
                app_starts.append(
                    cold_start_ms(browser, APP, logs / f"cold-app-{k}.log", MAP_READY)
                )
                floor_starts.append(
                    cold_start_ms(browser, FLOOR, logs / f"cold-floor-{k}.log", FLOOR_READY)
                )
            results["cold_start_app_ms"] = statistics.median(app_starts)
            results["cold_start_floor_ms"] = statistics.median(floor_starts)
        finally:
            browser.close()
    return results


def session_measurements(settings: Settings, logs: Path) -> dict:
    """Server memory with 1..N sessions, then N sessions under load."""
    from benchmarks.sessions import measure_memory, run_load, sessions_summary

    run_log = logs / "runs.log"
    env = {"BODYMAP_RUN_LOG": str(run_log)}
    with streamlit_server(APP, logs / "memory.log", env=env) as server:
        memory = measure_memory(server, settings.memory_counts)
    with streamlit_server(APP, logs / "load.log", env=env) as server:
        load = run_load(
            server,
            run_log,
            sessions=settings.load_sessions,
            selections=settings.selections,
            server_log=logs / "load.log",
        )
    return sessions_summary(memory, load)


def budgets(r: dict) -> list[Budget]:
    """The budgets (issue 6's, tightened or loosened by issue 17), from the measurements."""
    memory, load = r["sessions"]["memory_mb"], r["sessions"]["load"]
    most = max(memory["by_sessions"], key=int)
    largest_view = max(r["figure_bytes"][v] for v in r["views"]) / 1024
    tap_ratio = r["tap_app_ms"]["p95"] / r["tap_floor_ms"]["p95"]
    tap_p50_ratio = r["tap_app_ms"]["p50"] / r["tap_floor_ms"]["p50"]
    per_session = memory["per_extra_session"]
    per_session = per_session if per_session is not None else float("inf")
    cold_ratio = r["cold_start_app_ms"] / r["cold_start_floor_ms"]
    return [
        Budget("tap-to-panel p95 / floor p95", tap_ratio, 2.0, "×"),
        Budget("tap-to-panel p50 / floor p50", tap_p50_ratio, 1.8, "×"),
        Budget("warm rerun on the server, median", r["tap_server_runs_ms"]["p50"], 20, "ms"),
        Budget("elements in a region's run, no condition, most", r["elements"]["max"], 35, ""),
        Budget("figure JSON per view, largest", largest_view, 40, "KB"),
        Budget("cold start / floor's", cold_ratio, 2.0, "×"),
        Budget("RSS per extra session", per_session, 3, "MB"),
        Budget(f"RSS with {most} sessions", memory["by_sessions"][most], COMMUNITY_CLOUD_MB, "MB",
               strict=True),
        Budget("errors under load", load["errors"], 0, ""),
    ]  # fmt: skip


def _spread(summary: dict, unit: str = "ms", scale: float = 1) -> str:
    return f"p50 {number(summary['p50'] / scale, unit)}, p95 {number(summary['p95'] / scale, unit)}"


def measurement_table(r: dict) -> str:
    """The measurements, as a Markdown table."""
    memory, load = r["sessions"]["memory_mb"], r["sessions"]["load"]
    views = ", ".join(f"{k} {number(v / 1024, 'KB')}" for k, v in r["figure_bytes"].items())
    by_sessions = ", ".join(f"{n}: {number(mb, 'MB')}" for n, mb in memory["by_sessions"].items())
    ws = r["ws_split_ms"]
    split = (
        f"first frame {number(ws['first_frame'], 'ms')}, last frame "
        f"{number(ws['last_frame'], 'ms')}, panel on screen {number(ws['panel'], 'ms')}"
    )
    load_label = f"load: {load['sessions']} sessions × {load['selections_per_session']} picks"
    load_text = (
        f"{load['completed']} of {load['attempted']} shown right, {load['errors']} errors, "
        f"{number(load['wall_s'], 's')} in all"
    )
    rows = [
        ("tap → panel, app (touch)", f"{_spread(r['tap_app_ms'])} ({r['tap_app_ms']['n']} taps)"),
        (
            "taps the app lost (tapped again)",
            f"{len(r['lost_taps'])}: {', '.join(r['lost_taps']) or 'none'}",
        ),
        ("tap → text, floor app (touch)", _spread(r["tap_floor_ms"])),
        ("a tap's answer, median after the tap", split),
        ("script run, cold (first of a process)", number(r["rerun"]["cold_ms"], "ms")),
        ("script run, warm (region pick), AppTest", _spread(r["rerun"]["warm"])),
        (
            "script run per tap, real server (during the taps above)",
            _spread(r["tap_server_runs_ms"]),
        ),
        ("body-map figure JSON", views),
        (
            "elements in a region pick's run (no condition)",
            f"most {r['elements']['max']}, median {number(r['elements']['median'], '')}; "
            f"with blocks most {r['elements']['max_with_blocks']}",
        ),
        ("websocket, first page load", number(r["ws_first_load_bytes"] / 1024, "KB")),
        ("websocket, per tap", _spread(r["ws_per_tap_bytes"], "KB", 1024)),
        ("cold start → map visible", number(r["cold_start_app_ms"], "ms")),
        ("cold start → button visible, floor app", number(r["cold_start_floor_ms"], "ms")),
        ("server RSS idle", number(memory["idle"], "MB")),
        ("server RSS by open sessions", by_sessions),
        (load_label, load_text),
        ("load: pick → panel, in the browser", _spread(load["client_ms"])),
        ("load: script run per pick, on the server", _spread(load["server_ms_picks"])),
    ]  # fmt: skip
    return markdown_table(("measurement", "result"), rows)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the tables; write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tiny setting (smoke run)")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "benchmarks.json")
    parser.add_argument(
        "--load-sessions", type=int, help="sessions in the load test (one browser context each)"
    )
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    if args.load_sessions:
        settings = dataclasses.replace(settings, load_sessions=args.load_sessions)
    with tempfile.TemporaryDirectory(prefix="bodymap-bench-") as tmp:
        logs = Path(tmp)
        results: dict = {"settings": settings.__dict__}
        rerun = rerun_times(settings.rerun_rounds)
        results["rerun"] = {
            "cold_ms": rerun["cold_ms"],
            "warm": summarize(rerun["warm_ms"]).as_dict(),
        }
        results["figure_bytes"] = figure_bytes()
        results["elements"] = element_counts(logs)
        results["views"] = [k for k in results["figure_bytes"] if not k.startswith("all")]
        results |= browser_measurements(settings, logs)
        results["sessions"] = session_measurements(settings, logs)
    table = measurement_table(results)
    checks = budgets(results)
    results["budgets"] = [
        {"name": b.name, "measured": b.measured, "limit": b.limit, "met": b.met} for b in checks
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(table)
    print()
    print(budget_table(checks))
    print(f"\nJSON: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
