"""Command line: write every region's and every condition's handout, both formats, both papers.

Usage: ``python -m bodymap.render.handout OUT_DIR [--base-url URL] [--today YYYY-MM-DD]
[--lang LANG]``
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from bodymap.model.loading import load_content
from bodymap.model.strings import DEFAULT_LANG, load_strings
from bodymap.render.handout.bounds import HandoutTooLong
from bodymap.render.handout.export import (
    DEFAULT_BASE_URL,
    handout_filename,
    handout_link,
    handout_pdf,
    handout_png,
)
from bodymap.render.handout.paper import PAPER_SIZES


def main(argv: list[str] | None = None) -> int:
    """Write every region's and condition's handout, PNG and PDF, A4 and Letter."""
    args = list(sys.argv[1:] if argv is None else argv)
    base_url, today, lang = DEFAULT_BASE_URL, dt.date.today(), DEFAULT_LANG
    positional = []
    while args:
        arg = args.pop(0)
        if arg == "--base-url" and args:
            base_url = args.pop(0)
        elif arg == "--today" and args:
            today = dt.date.fromisoformat(args.pop(0))
        elif arg == "--lang" and args:
            lang = args.pop(0)
        else:
            positional.append(arg)
    out = Path(positional[0] if positional else "handouts")
    content, strings = load_content(lang=lang), load_strings(lang=lang)
    failed = 0
    jobs: list[tuple[str, str | None]] = []
    for region in content.regions:
        jobs.append((region.id, None))
        jobs += [(region.id, c.id) for c in content.conditions_for(region.id)]
    for paper in PAPER_SIZES:
        folder = out / paper
        folder.mkdir(parents=True, exist_ok=True)
        for region_id, condition_id in jobs:
            link = handout_link(base_url, region_id, condition_id, lang)
            for kind, build in (("png", handout_png), ("pdf", handout_pdf)):
                start = time.perf_counter()
                path = folder / handout_filename(region_id, condition_id, kind)
                try:
                    data = build(
                        content,
                        region_id,
                        condition_id,
                        paper=paper,
                        link=link,
                        today=today,
                        strings=strings,
                    )
                except HandoutTooLong as exc:  # say which, and make the others
                    print(f"{path}  not made: {exc}", file=sys.stderr)
                    failed += 1
                    continue
                path.write_bytes(data)
                took = time.perf_counter() - start
                print(f"{path}  {len(data) / 1024:.0f} KB  {took:.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
