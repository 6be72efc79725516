"""The benchmark suite at a tiny setting, so it never rots (the full run is
``python -m benchmarks.run``; see benchmarks/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.rerun import regions
from tests.support.browser import require_chromium
from tests.support.paths import ROOT


def test_quick_benchmark_run_measures_everything(tmp_path):
    require_chromium()
    out = tmp_path / "bench.json"
    # Its own process: the run drives Chromium itself, and Playwright's sync
    # API can't start inside this session's already running one.
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    r = json.loads(out.read_text())
    assert r["tap_app_ms"]["n"] == 4 and r["tap_floor_ms"]["n"] == 4
    assert r["tap_floor_ms"]["p50"] > 0 and r["tap_app_ms"]["p50"] > 0
    assert r["tap_server_runs_ms"]["n"] >= 4  # one script run per tap at least
    # One pick of every region (13) after each was seen once.
    assert r["rerun"]["cold_ms"] > 0 and r["rerun"]["warm"]["n"] == len(regions())
    assert set(r["figure_bytes"]) == {
        "all",
        "body",
        "closeup",
        "all (back)",
        "body-back",
        "closeup-back",
    }
    assert r["ws_first_load_bytes"] > 10_000  # the map alone is tens of KB
    assert r["cold_start_app_ms"] > 0 and r["cold_start_floor_ms"] > 0
    assert r["sessions"]["load"]["errors"] == 0
    assert r["sessions"]["load"]["completed"] == 6
    assert len(r["budgets"]) == 9
    # Every region picked once, each run's elements counted (issue 17).
    assert len(r["elements"]["by_region"]) == len(regions())
    assert 0 < r["elements"]["median"] <= r["elements"]["max"]
    assert isinstance(r["lost_taps"], list)
    assert "| budget | measured | limit | result |" in done.stdout
    assert "tap → panel, app (touch)" in done.stdout
