"""How many Streamlit elements a tap's run sends: ``python -m benchmarks.elements``.

Every element of a rerun's scope is sent and rendered again on each run,
changed or not (README, Performance), so the count is what a run costs the
browser. A real server and the protocol client (:mod:`benchmarks.protocol`,
no browser): the page is opened, then every region is picked in turn from
the pills, with no condition open; each pick's run is counted (elements,
and blocks: containers, columns, expanders). Prints JSON.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
from pathlib import Path

from benchmarks.protocol import Session
from benchmarks.server import ROOT, streamlit_server


async def count(url: str) -> dict[str, dict[str, object]]:
    """Elements, blocks and element kinds of each region's pick run, by region label."""
    out: dict[str, dict[str, object]] = {}
    async with Session(url) as session:
        opened = await session.open()
        if opened.errors:
            raise RuntimeError(f"page load failed: {opened.errors}")
        for label in session.page.region_labels():
            report = await session.pick(label)
            if report.errors:
                raise RuntimeError(f"picking {label}: {report.errors}")
            out[label] = {
                "elements": report.elements,
                "blocks": report.blocks,
                "kinds": dict(sorted(report.kinds.items())),
            }
    return out


def measure(logs: Path) -> dict[str, object]:
    """Per-region counts and their largest and median, from a fresh server."""
    with streamlit_server(ROOT / "app.py", logs / "elements.log") as server:
        by_region = asyncio.run(count(server.url))
    elements = [v["elements"] for v in by_region.values()]
    return {
        "by_region": by_region,
        "max": max(elements),
        "median": statistics.median(elements),
        "max_with_blocks": max(v["elements"] + v["blocks"] for v in by_region.values()),
    }


def main() -> int:
    """Print the counts as JSON."""
    with tempfile.TemporaryDirectory(prefix="bodymap-elements-") as tmp:
        print(json.dumps(measure(Path(tmp)), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
