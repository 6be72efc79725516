"""Script time per rerun, measured in-process: ``python -m benchmarks.rerun``.

Runs the real ``app.py`` under Streamlit's AppTest and times every call of
``bodymap.ui.page.run``: the first run of the process is "cold" (content,
diagram, figures and pictures are built and cached), later runs after a
region pick are "warm". Prints JSON. Run it in a fresh process each time.
"""

from __future__ import annotations

import json
import sys
import time

from streamlit.testing.v1 import AppTest

import bodymap.ui.page as page
from benchmarks.server import ROOT
from tests.support.apptest import picker


def regions() -> tuple[str, ...]:
    """Every region of the content, in picker order."""
    from bodymap.model.diagram import load_diagram
    from bodymap.model.loading import load_content

    return load_content(drawn_regions=load_diagram().region_ids()).region_ids()


def measure(rounds: int = 5) -> dict[str, object]:
    """Cold and warm script times in ms (warm: ``rounds`` picks of every region)."""
    times: list[float] = []
    original = page.run

    def timed() -> None:
        started = time.perf_counter()
        try:
            original()
        finally:
            times.append((time.perf_counter() - started) * 1000)

    page.run = timed  # app.py imports run() by name on every run: it gets this one
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        cold = times[0]
        every = regions()
        for region in every:  # first visit of each region builds its figure
            picker(at).set_value(region).run()
        times.clear()
        for _ in range(rounds):
            for region in every:
                picker(at).set_value(region).run()
        return {"cold_ms": cold, "warm_ms": list(times)}
    finally:
        page.run = original


def main() -> int:
    """Print the measurement as JSON on one line."""
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(json.dumps(measure(rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
