"""Command line: write the six-step sheet of every tissue as a PNG.

Usage: ``python -m bodymap.render.step_pictures OUT_DIR`` writes one PNG per tissue.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bodymap.model.content import TISSUES
from bodymap.render.step_pictures.sheet import EXAMPLE_TITLES, steps_png


def main(argv: list[str] | None = None) -> int:
    """Write ``<tissue>.png`` for every tissue into a folder (default: current)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0] if args else ".")
    out.mkdir(parents=True, exist_ok=True)
    for tissue in TISSUES:
        path = out / f"{tissue}.png"
        path.write_bytes(steps_png(tissue, EXAMPLE_TITLES))
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
