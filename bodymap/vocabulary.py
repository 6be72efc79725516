"""The app's vocabulary: approval statuses, sides, map layouts and paths.

Each idea has one name, defined here and imported everywhere else.

Approval statuses: one colour and icon per status, and the keys of its
words in the interface catalog (``content/ui/<lang>.toml``, ``[status]``):
its word, what the word means and its badge. Every place that shows a status
(the card's badge, the comparison chart and its key, the handout, search
results, the presenter's tour) takes it from here, so "investigational" can't
read as one word on a badge and another on the chart. The badge's colour is
Streamlit's named badge colour, set to the same hex in
``.streamlit/config.toml`` (``tests/test_vocabulary.py`` keeps the two in
step, and keeps the words out of the code).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Where the app's files live: the repository root holds content/ and assets/.
ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
# Names another content folder for the app to show (to preview an edit).
CONTENT_DIR_VARIABLE = "BODYMAP_CONTENT_DIR"
ASSETS_DIR = ROOT / "assets"
DIAGRAM_PATH = ASSETS_DIR / "diagram.json"
# Every Python file of the app: their bytes are part of the cache fingerprint.
CODE_FILES = tuple(sorted((ROOT / "bodymap").rglob("*.py")))


def content_dir() -> Path:
    """The content folder the app shows: ``$BODYMAP_CONTENT_DIR`` if set (to
    preview an edit, or for the tests), else the repository's."""
    return Path(os.environ.get(CONTENT_DIR_VARIABLE) or CONTENT_DIR)


# The languages of the guide, the source language first: every other one is
# a translation of it (content/<lang>/, content/ui/<lang>.toml). Arabic reads
# right to left.
ENGLISH, ARABIC = "en", "ar"
LANGUAGES = (ENGLISH, ARABIC)
RIGHT_TO_LEFT = frozenset({ARABIC})
# Each language's name in itself, the same on every page ("English | العربية"
# on the language switch): a reader finds theirs whatever the page is in.
LANGUAGE_NAMES = {ENGLISH: "English", ARABIC: "العربية"}


# The diagram's own words, as keys of the interface catalog: its views'
# titles (by view id) and the "Patient's right/left" labels. The English
# catalog has the diagram's words exactly (tests/model/test_language.py), so
# the map and the handout show them in the reader's language.
VIEW_TITLE_KEYS = {
    "body": "map.view_body",
    "closeup": "map.view_closeup",
    "body-back": "map.view_body_back",
    "closeup-back": "map.view_closeup_back",
}
PATIENT_SIDE_KEYS = ("map.patient_right", "map.patient_left")

# The two sides the body is drawn from; the front is the default.
FRONT, BACK = "front", "back"
SIDES = (FRONT, BACK)

# The map's two layouts.
WIDE_MAP = "wide"  # the two views side by side (tablets, computers, projectors)
PHONE_MAP = "phone"  # the views stacked, close-up first: every target >= 44 px on a phone

FDA_APPROVED = "fda-approved"
OFF_LABEL = "off-label"
INVESTIGATIONAL = "investigational"


@dataclass(frozen=True)
class Status:
    """How one approval status is named and drawn everywhere."""

    id: str
    word_key: str  # the status in one or two words: chart rows, tables
    meaning_key: str  # what the word means, in plain words (the chart's key)
    badge_key: str  # the badge: "FDA-approved ({year})", "Off-label in the US"
    colour: str  # text and fills on a light background (>= 4.5:1 on white)
    colour_dark: str  # the same on the dark theme's background
    badge_colour: str  # Streamlit's named colour whose hex config.toml sets to `colour`
    icon: str  # a Material icon, as Streamlit writes it


# The *_key fields are keys of the interface texts; the badge takes {year}.
STATUSES: dict[str, Status] = {
    s.id: s
    for s in (
        Status(
            FDA_APPROVED,
            "status.fda_approved_word",
            "status.fda_approved_meaning",
            "status.fda_approved_badge",
            "#1B6B2F",
            "#7FD08E",
            "green",
            ":material/verified:",
        ),
        Status(
            OFF_LABEL,
            "status.off_label_word",
            "status.off_label_meaning",
            "status.off_label_badge",
            "#A85A00",
            "#F2A65A",
            "orange",
            ":material/info:",
        ),
        Status(
            INVESTIGATIONAL,
            "status.investigational_word",
            "status.investigational_meaning",
            "status.investigational_badge",
            "#6B3FA0",
            "#C8A6F2",
            "violet",
            ":material/science:",
        ),
    )
}
# In the order a region lists its conditions: approved first.
APPROVAL_STATUSES: tuple[str, ...] = tuple(STATUSES)


def status(status_id: str) -> Status:
    """The vocabulary entry for a status id (KeyError if unknown)."""
    return STATUSES[status_id]
