"""Where things are, and the ids the shipped content gives by its files.

The ids are for ``@pytest.mark.parametrize`` lists, which are made when a
test module is imported: they come from the file names (and a region's
``order``), so no content is loaded for them. The loaded content comes from
the ``content`` fixture; ``tests/test_support.py`` keeps the two in step.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from bodymap.vocabulary import CONTENT_DIR

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
ARTIFACTS = ROOT / "artifacts"
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def region_ids(root: Path = CONTENT_DIR) -> list[str]:
    """Region ids (``regions/<id>.toml``), in picker order (each file's ``order``)."""
    files = sorted((root / "regions").glob("*.toml"))
    return [p.stem for p in sorted(files, key=lambda p: _read(p).get("order", 0))]


def condition_ids(root: Path = CONTENT_DIR) -> list[str]:
    """Condition ids (``conditions/<id>.toml``), sorted."""
    return sorted(p.stem for p in (root / "conditions").glob("*.toml"))


def first_region(condition_id: str, root: Path = CONTENT_DIR) -> str:
    """The region a condition opens at: the first its file lists."""
    return _read(root / "conditions" / f"{condition_id}.toml")["regions"][0]
