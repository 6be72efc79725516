"""The shipped diagram and content, each loaded once, on first use.

Tests take them from the ``diagram`` and ``content`` fixtures (which return
these). Read them here directly only where no fixture can reach: a
``pytest_generate_tests`` hook parametrizing from them while the tests are
collected, and the browser helpers the benchmarks share
(``tests/support/browser.py``). Nothing is loaded when this is imported.
"""

from __future__ import annotations

import functools

from bodymap.model.content import Content
from bodymap.model.diagram import Diagram, load_diagram
from bodymap.model.loading import load_content


@functools.cache
def diagram() -> Diagram:
    """``assets/diagram.json``, read and validated."""
    return load_diagram()


@functools.cache
def content(lang: str = "en") -> Content:
    """``content/`` in ``lang``, read and validated against the regions the diagram draws."""
    return load_content(drawn_regions=diagram().region_ids(), lang=lang)
