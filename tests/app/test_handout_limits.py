"""The handout's bounds in the app (AppTest): a handout too long to print is
named in the catalog's words instead of offered as a download that cannot work.

AppTest cannot press a deferred download button, so each test makes (or
records) the build the button would have made, through the same cache the
button calls, then runs the page again.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from bodymap.model.diagram import load_diagram
from bodymap.model.loading import load_content
from bodymap.render.handout import MAX_PAGES, HandoutTooLong
from bodymap.ui import caching
from bodymap.ui.keys import Keys
from bodymap.ui.panel import md_text
from bodymap.ui.text import text as ui_text
from bodymap.vocabulary import CONTENT_DIR, CONTENT_DIR_VARIABLE
from tests.support.apptest import markdown_text, start


def handout_box(at) -> tuple[list, list[str]]:
    """The handout's download buttons, and the notices shown on the page."""
    return at.get("download_button"), [i.value for i in at.info]


@pytest.fixture
def crowded_jaw(tmp_path: Path, monkeypatch) -> Path:
    """The shipped content, every condition also treated at the jaw: each file
    keeps to its limits, but the jaw's handout prints all of them, far more
    than MAX_PAGES pages. The app is pointed at it."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    for path in sorted((root / "conditions").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r'^regions = \[[^\]]*"jaw"', text, re.MULTILINE):
            text = re.sub(
                r"^(regions = \[[^\]]*)\]", r'\1, "jaw"]', text, count=1, flags=re.MULTILINE
            )
            path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(CONTENT_DIR_VARIABLE, str(root))
    return root


def test_a_handout_too_long_to_print_is_named_instead_of_offered(crowded_jaw):
    at = start({"region": "jaw"})
    buttons, notices = handout_box(at)
    # Its text alone could fit: the buttons are offered until a build says otherwise.
    assert len(buttons) == 2
    paper = at.button_group(key=Keys.HANDOUT_PAPER).value

    # What tapping "Download PDF" runs, on its own thread in the app.
    content = load_content(crowded_jaw, drawn_regions=load_diagram().region_ids())
    assert len(content.conditions_for("jaw")) == len(content.conditions)
    fingerprint = caching.content_fingerprint(caching.code_stamps(), crowded_jaw, "en")
    with pytest.raises(HandoutTooLong) as info:
        caching.cached_handout(
            fingerprint, "jaw", None, paper, "pdf", "", dt.date(2026, 12, 5), content, "en"
        )
    assert info.value.reason == HandoutTooLong.PAGES

    at.run()
    assert not at.exception
    buttons, notices = handout_box(at)
    assert buttons == []
    assert ui_text("handout.too_long", pages=MAX_PAGES) in notices
    # The rest of the panel is still there: a card for each use the handout would print.
    shown = markdown_text(at)
    assert all(f"**{md_text(c.name)}**" in shown for c in content.conditions)


def test_a_handout_that_ran_out_of_time_can_be_tried_again():
    at = start({"region": "neck", "condition": "cervical-dystonia"})
    paper = at.button_group(key=Keys.HANDOUT_PAPER).value
    assert ui_text("handout.too_slow") not in handout_box(at)[1]

    # A build that ran past its budget (a busy moment), as the cache records it.
    fingerprint = caching.content_fingerprint(caching.code_stamps(), CONTENT_DIR, "en")
    key = (fingerprint, "neck", "cervical-dystonia", paper, "en")
    caching._handout_refusals()[key] = HandoutTooLong.time(15.0)

    at.run()
    buttons, notices = handout_box(at)
    assert ui_text("handout.too_slow") in notices
    assert len(buttons) == 2  # still offered: the next try may well work
