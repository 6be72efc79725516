"""Packaging and the content checker, as a maintainer would use them."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.conftest import ROOT, edit


def test_requirements_match_pyproject():
    """Community Cloud installs requirements.txt; it must resolve like pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(lines) == sorted(project["dependencies"])
    assert project["requires-python"] == ">=3.11"


def test_check_command_passes_on_real_content():
    result = subprocess.run(
        [sys.executable, "-m", "bodymap.check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Content OK" in result.stdout


def test_check_command_lists_problems_and_fails(content_copy):
    edit(content_copy / "conditions/teeth-grinding.toml", "min = 1\nmax = 2", "min = 5\nmax = 2")
    result = subprocess.run(
        [sys.executable, "-m", "bodymap.check", str(content_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "content/conditions/teeth-grinding.toml: timing.onset.min: min (5) is greater" in (
        result.stdout
    )
