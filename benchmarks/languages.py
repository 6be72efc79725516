"""Tap -> panel in Arabic against English: ``python -m benchmarks.languages``.

One app server and the floor app; three tablet pages (the app in English,
the app in Arabic, the floor) tapped in interleaved blocks so that all see
the same machine load. Each tap is timed inside the page, from the touch to
the tapped region's panel heading (benchmarks/browser.py). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.browser import (
    FLOOR_READY,
    MAP_READY,
    new_page,
    tap_floor,
    tap_sequence,
    tap_until_answered,
)
from benchmarks.server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server
from benchmarks.stats import summarize

LANGS = ("en", "ar")


def measure(taps: int, block: int = 10) -> dict:
    """p50/p95 (ms) of ``taps`` map taps in each language and of the floor's."""
    logs = Path(tempfile.mkdtemp(prefix="bodymap-languages-"))
    with (
        streamlit_server(ROOT / "app.py", logs / "app.log") as app,
        streamlit_server(ROOT / "benchmarks" / "floor_app.py", logs / "floor.log") as floor,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = {lang: new_page(browser) for lang in LANGS}
        for lang, page in pages.items():
            page.goto(f"{app.url}/?lang={lang}")
            page.wait_for_selector(MAP_READY)
        floor_page = new_page(browser)
        floor_page.goto(floor.url)
        floor_page.wait_for_selector(FLOOR_READY)
        times: dict[str, list[float]] = {lang: [] for lang in LANGS}
        times["floor"] = []
        lost: list[str] = []
        sequence = tap_sequence(taps)
        for start in range(0, taps, block):
            chunk = sequence[start : start + block]
            for lang, page in pages.items():
                for view, region_id in chunk:
                    tap = tap_until_answered(page, view, region_id, lost, lang=lang)
                    times[lang].append(tap.ms)
            for _ in chunk:
                times["floor"].append(tap_floor(floor_page))
        browser.close()
    out: dict = {name: summarize(values).as_dict() for name, values in times.items()}
    floor_p50, floor_p95 = out["floor"]["p50"], out["floor"]["p95"]
    for lang in LANGS:
        out[lang]["p50_vs_floor"] = round(out[lang]["p50"] / floor_p50, 2)
        out[lang]["p95_vs_floor"] = round(out[lang]["p95"] / floor_p95, 2)
    out["ar_vs_en_p50"] = round(out["ar"]["p50"] / out["en"]["p50"], 2)
    out["lost_taps"] = lost
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: measure and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--taps", type=int, default=40, help="map taps per language")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.taps), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
