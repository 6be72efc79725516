"""One vocabulary per status: one word, colour and icon, defined once."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from bodymap.render.palette import contrast_ratio
from bodymap.vocabulary import FDA_APPROVED, INVESTIGATIONAL, OFF_LABEL, STATUSES

ROOT = Path(__file__).resolve().parent.parent
LIGHT_BACKGROUND, DARK_BACKGROUND = "#FFFFFF", "#14181B"


def test_every_status_has_one_distinct_word_colour_and_icon():
    assert tuple(STATUSES) == (FDA_APPROVED, OFF_LABEL, INVESTIGATIONAL)
    for attribute in ("word", "colour", "colour_dark", "badge_colour", "icon"):
        values = [getattr(s, attribute) for s in STATUSES.values()]
        assert len(set(values)) == len(values), attribute
    assert STATUSES[INVESTIGATIONAL].badge() == "Investigational"
    assert STATUSES[FDA_APPROVED].badge(2004) == "FDA-approved (2004)"
    assert STATUSES[OFF_LABEL].badge() == "Off-label in the US"


def test_status_colours_are_readable_on_both_themes():
    for s in STATUSES.values():
        assert contrast_ratio(s.colour, LIGHT_BACKGROUND) >= 4.5, s.id
        assert contrast_ratio(s.colour_dark, DARK_BACKGROUND) >= 4.5, s.id


def test_streamlit_badge_colours_are_the_vocabulary_colours():
    """st.badge takes a named colour; config.toml makes that name our hex."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for s in STATUSES.values():
        assert theme["light"][f"{s.badge_colour}TextColor"].upper() == s.colour.upper()
        assert theme["dark"][f"{s.badge_colour}TextColor"].upper() == s.colour_dark.upper()


def code_and_styles():
    for path in sorted((ROOT / "bodymap").rglob("*.py")):
        if path.name != "vocabulary.py":
            yield path
    yield from sorted((ROOT / "assets").glob("*.css"))
    yield from sorted((ROOT / "assets").glob("*.js"))


def test_no_status_word_or_colour_is_defined_outside_the_vocabulary():
    colours = {c.upper() for s in STATUSES.values() for c in (s.colour, s.colour_dark)}
    # A table keyed by status ids, e.g. {"off-label": "#A85A00"} or {"off-label": "Off-label"}.
    keyed = re.compile(r"""["'](?:fda-approved|off-label|investigational)["']\s*:""")
    old_words = re.compile(r"Being studied", re.IGNORECASE)
    for path in code_and_styles():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        for colour in re.findall(r"#[0-9A-Fa-f]{6}\b", text):
            assert colour.upper() not in colours, f"{rel}: status colour {colour}"
        assert not keyed.search(text), f"{rel}: a table keyed by status; use bodymap.vocabulary"
        assert not old_words.search(text), f"{rel}: a second word for a status"
