"""The pure layers stay pure: nothing under ``bodymap.model`` or
``bodymap.render``, nor ``bodymap.vocabulary``, pulls in Streamlit, and
``bodymap.model`` pulls in neither Plotly nor Pillow. Each check imports every
module of the packages (found with pkgutil, so new modules are covered) in a
fresh interpreter, and looks at what else got imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

# Import every module of the packages named on the command line, in order,
# and say which top-level packages each one brought in first.
PROBE = """
import importlib, json, pkgutil, sys

def modules(name):
    yield name
    package = importlib.import_module(name)
    if hasattr(package, "__path__"):
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            yield info.name

brought = {}
seen = {m.split(".")[0] for m in sys.modules}
for package in sys.argv[1:]:
    for name in modules(package):
        importlib.import_module(name)
        roots = {m.split(".")[0] for m in sys.modules}
        brought[name] = sorted(roots - seen)
        seen |= roots
print(json.dumps(brought))
"""


def first_importers(*packages: str, path: Path = ROOT) -> dict[str, list[str]]:
    """Module -> the top-level packages it was first to import, for every
    module of ``packages`` imported in order in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *packages],
        cwd=path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def leaks(brought: dict[str, list[str]], forbidden: set[str]) -> dict[str, list[str]]:
    """The modules that brought in a forbidden package, and which."""
    return {
        name: sorted(forbidden & set(new)) for name, new in brought.items() if forbidden & set(new)
    }


@pytest.mark.parametrize(
    ("packages", "forbidden"),
    [
        (("bodymap.vocabulary", "bodymap.model", "bodymap.render"), {"streamlit"}),
        (("bodymap.model",), {"streamlit", "plotly", "PIL"}),
    ],
    ids=["model-render-vocabulary-no-streamlit", "model-no-streamlit-plotly-pillow"],
)
def test_pure_layers_do_not_import_the_ui_or_drawing_libraries(packages, forbidden):
    brought = first_importers(*packages)
    for package in packages:
        assert package in brought
    assert "bodymap.model.content" in brought, "the walk found no modules"
    assert leaks(brought, forbidden) == {}


def test_the_check_sees_a_module_that_imports_streamlit(tmp_path):
    """Guard the guard: a module deep in a package that imports Streamlit is named."""
    package = tmp_path / "leaky_layer"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "inner" / "ui_bits.py").write_text("import streamlit\n")
    brought = first_importers("leaky_layer", path=tmp_path)
    assert leaks(brought, {"streamlit"}) == {"leaky_layer.inner.ui_bits": ["streamlit"]}
