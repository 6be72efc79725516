"""Fixtures for every test folder: the shipped diagram and content, each
loaded once per session, and a small valid content tree to break on purpose."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from bodymap.model.sites import load_site_sets
from bodymap.model.strings import load_strings
from bodymap.vocabulary import CONTENT_DIR
from tests.support import shipped
from tests.support.paths import FIXTURE_CONTENT, ROOT

# Property-based tests (issue 16): no deadline (the machine is shared and
# noisy), the same examples on every CI run (derandomize, which also turns
# the example database off), and Hypothesis's files (its example database and
# caches) under .pytest_cache, never in a .hypothesis/ folder in the repository.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(ROOT / ".pytest_cache" / "hypothesis"))
settings.register_profile("bodymap", deadline=None, derandomize="CI" in os.environ)
settings.load_profile("bodymap")


@pytest.fixture(scope="session")
def diagram():
    """The shipped diagram (``assets/diagram.json``)."""
    return shipped.diagram()


@pytest.fixture(scope="session")
def content():
    """The shipped content (``content/``), checked against the drawn regions."""
    return shipped.content()


@pytest.fixture(scope="session")
def strings():
    """The shipped English interface catalog (``content/ui/en.toml``)."""
    return load_strings()


@pytest.fixture(scope="session")
def conditions(content) -> dict:
    """The shipped conditions by id."""
    return {c.id: c for c in content.conditions}


@pytest.fixture(scope="session")
def labels(content) -> dict[str, str]:
    """Region id -> name, in picker order."""
    return content.region_labels()


@pytest.fixture(scope="session")
def site_sets(diagram, content) -> dict:
    """The shipped injection-site sets (``content/sites``) by condition id."""
    return load_site_sets(CONTENT_DIR, diagram, [c.id for c in content.conditions])


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the small valid fixture content tree."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target
