"""Packaging and the content checker, as a maintainer would use them."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from bodymap.vocabulary import CONTENT_DIR, DIAGRAM_PATH
from tests.support.files import edit
from tests.support.paths import ROOT


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


def test_check_command_lists_every_diagram_problem_and_fails(tmp_path):
    data = json.loads(DIAGRAM_PATH.read_text(encoding="utf-8"))
    closeup = data["views"][1]
    closeup["x_range"] = [5, -5]
    assert closeup["regions"][2]["region"] == "eyes"
    closeup["regions"][2]["label"] = 7
    diagram = tmp_path / "diagram.json"
    diagram.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bodymap.check", str(CONTENT_DIR), str(diagram)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert {
        "diagram.json: views[1] (closeup): x_range: expected [min, max] with min < max",
        "diagram.json: views[1] (closeup): regions[2] (eyes): label: expected non-empty text",
    } <= set(result.stdout.splitlines())
    assert "problem(s) found" in result.stderr


def test_the_system_library_for_arabic_shaping_is_installed_everywhere():
    """Pillow's raqm loads FriBiDi from the system: without it Arabic in the
    handout is drawn unjoined and reversed. CI, the README's commands and
    Community Cloud (packages.txt) all install it (issue 18)."""
    package = "libfribidi0"
    assert package in (ROOT / "packages.txt").read_text().split()
    assert package in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert readme.count(package) >= 2  # the app's install line and the tests'
