"""How big content may be: every size limit of the checker, in one table.

A content file larger than :data:`FILE_BYTES_MAX` is not parsed at all (a
huge file would cost seconds, and everything drawn from it more); each text
field has a most number of characters and each list a most number of items,
chosen from what fits the layout and the printed handout. A value over its
limit is reported like every other problem, as file + field + message
(``conditions/x.toml: summary: 2,000,123 characters; at most 1,200``), and
``content/README.md`` ("Limits") lists them for the clinicians who write it.

The headroom figures were measured on the shipped content (5 December
2026): the longest value of each field kind, the longest list and the
largest file. Most limits are 2 to 3 times today's longest, so that content
can grow without meeting them while a runaway paste (a whole paper in a
summary) cannot reach a card or a handout. The few that are not are what
fits a drawn space (a step's title inside its picture, a muscle's name on
the diagram), and were limits before these.

Fields are looked up by their path with list positions left out
(``side_effects.text``, ``timing.onset.note``); the first pattern that
matches (``*`` matches anything, dots too) gives the limit, and a field no
pattern matches takes the table's default.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass

# ------------------------------------------------------------------ bytes per file
# Checked before a file is parsed.

# A content TOML file (a condition, region, mechanism, site file, site.toml,
# the tour, the catalog of the interface's words). Largest today:
# conditions/drooling.toml, 11,030 bytes (2.9x headroom).
FILE_BYTES_MAX = 32_000
# assets/diagram.json, 29,634 bytes today (3.2x): room for more views.
DIAGRAM_BYTES_MAX = 96_000

# ------------------------------------------------------------------ characters per text field
# Counted after runs of white space become single spaces, as the app shows them.

# An id or a word from a fixed list (tissue, status, unit, view, a source id):
# longest today 26 (an id); an id may have 32 (content.ID_PATTERN).
ID_CHARS = 40
# A region's label: on a picker button and drawn on the handout's body
# picture. Longest today 15 ("Salivary glands").
LABEL_CHARS = 40
# A name or title: a card's heading, the handout's title (its title type
# holds about 40 characters a line: 120 is three lines). Longest today 63
# (a medical name); a condition's name 36.
NAME_CHARS = 120
# One item or short note: a side effect, a "before you have it" item, a
# good-to-know, a note for one region, a step's caption, a label section.
# Longest today 213 (a before-you-have-it item).
ITEM_CHARS = 500
# A paragraph shorter than a summary: who it is for, the approval note, a
# timing note, a boxed-warning sentence, a source's title, the crisis text.
# Longest today 339 (a use this guide doesn't cover yet); a timing note 318.
PARAGRAPH_CHARS = 800
# A condition's one-sentence ``in_short``, on the compact card (aim for about
# 140 characters, a line or two on a tablet). Longest today 117
# (conditions/arm-and-hand-spasticity.toml).
IN_SHORT_CHARS = 300
# A summary (of a condition, region, mechanism or injection sites): 1,200
# characters is about a third of a printed page. Longest today 577
# (mechanisms/salivary-glands.toml).
SUMMARY_CHARS = 1_200
# A web address, printed whole on the handout. Longest today 172.
URL_CHARS = 500
# The educator block: on screen under its own heading, never printed.
# Longest today 1,629 (conditions/arm-and-hand-spasticity.toml).
EDUCATOR_CHARS = 4_000
# These five are what fits, not today's longest times two or three:
STEP_TITLE_CHARS = 28  # drawn inside the step picture
MUSCLE_NAME_CHARS = 32  # written on the diagram beside its sites
EVERYDAY_WORD_CHARS = 40  # a search phrase: longer is a sentence, not what a person types
QUESTION_CHARS = 160  # a question to ask the clinician: a line or two on the handout
SAFETY_SHORT_CHARS = 40  # one phrase of the one-line "also tell them about" summary
# A text of the interface catalog (content/ui/*.toml): a heading, button,
# hint or notice. Longest today 191 (comparison.intro).
UI_TEXT_CHARS = 600
# A label or title drawn on the map (assets/diagram.json). Longest today 31.
DIAGRAM_TEXT_CHARS = 80

# ------------------------------------------------------------------ items per list

# A list of a card or the handout: side effects, questions, good to know,
# before-you-have-it items, regions, muscles, boxed-warning sentences.
# Longest today 8 (site.toml's shared before-you-have-it items).
LIST_ITEMS = 20
# A file's [[sources]], or the source ids one claim cites: 17 and 16 today.
SOURCES_ITEMS = 40
# Search phrases of one condition: 23 today.
EVERYDAY_WORDS_ITEMS = 60
# Stops of the presenter's tour: 17 today (one per condition, and a few more).
STOPS_ITEMS = 50
# The reviewed web hosts (source_hosts.toml): 92 today.
HOSTS_ITEMS = 300
# Injection sites of one [[muscles]] table: 30 today (the bladder wall).
SITES_ITEMS = 100
# Anchor points of one shape of the diagram: 105 today (the body outline).
POINTS_ITEMS = 320
# Any other list of the diagram (views, regions, shapes, details): 18 today.
DIAGRAM_LIST_ITEMS = 60


@dataclass(frozen=True)
class Limit:
    """The most a field may hold, and (for a drawn space) what that is for."""

    most: int
    fits: str = ""  # ends the message: "at most 28 fit the picture"

    def message(self, count: int, unit: str = "characters") -> str:
        """``"2,000,123 characters; at most 1,200"``."""
        fits = f" {self.fits}" if self.fits else ""
        return f"{count:,} {unit}; at most {self.most:,}{fits}"


@dataclass(frozen=True)
class Limits:
    """The limits of one kind of data: characters per text field and items
    per list, as (pattern, limit) pairs, first match wins; a path no pattern
    matches takes the default."""

    texts: tuple[tuple[str, Limit], ...]
    lists: tuple[tuple[str, Limit], ...]
    text_default: Limit
    list_default: Limit

    def text(self, path: str) -> Limit:
        """The limit of the text field (or of each text of the list) at ``path``."""
        return _match(self.texts, generic(path)) or self.text_default

    def items(self, path: str) -> Limit:
        """The most items of the list at ``path``."""
        return _match(self.lists, generic(path)) or self.list_default


_POSITION = re.compile(r"\[\d+\](?: \([^)]*\))?")


def generic(path: str) -> str:
    """A field's path without list positions (and the diagram's names after
    them), its parts joined by dots: ``side_effects[2].text`` ->
    ``side_effects.text``; ``views[0] (body): regions[3] (jaw): label`` ->
    ``views.regions.label``."""
    return _POSITION.sub("", path).replace(": ", ".")


@functools.lru_cache(maxsize=1024)
def _match(table: tuple[tuple[str, Limit], ...], path: str) -> Limit | None:
    return next((limit for pattern, limit in table if fnmatch.fnmatchcase(path, pattern)), None)


_SUMMARY = Limit(SUMMARY_CHARS)
_PARAGRAPH = Limit(PARAGRAPH_CHARS)
_ITEM = Limit(ITEM_CHARS)
_NAME = Limit(NAME_CHARS)

# Every content TOML file: conditions, regions, mechanisms, sites, site.toml,
# tour.toml, not_covered.toml, source_hosts.toml.
CONTENT_LIMITS = Limits(
    texts=(
        ("*source_ids", Limit(ID_CHARS)),  # each id a claim cites
        ("summary", _SUMMARY),
        ("in_short", Limit(IN_SHORT_CHARS)),
        ("educator.text", Limit(EDUCATOR_CHARS)),
        ("sources.url", Limit(URL_CHARS)),
        ("sources.title", _PARAGRAPH),
        ("who_for", _PARAGRAPH),
        ("approval.note", _PARAGRAPH),
        ("timing.*.note", _PARAGRAPH),
        ("crisis.text", _PARAGRAPH),
        ("intro", _PARAGRAPH),
        ("uses.text", _PARAGRAPH),
        ("boxed_warning.*", _PARAGRAPH),
        ("side_effects.text", _ITEM),
        ("before_you_have_it.short", Limit(SAFETY_SHORT_CHARS)),
        ("before_you_have_it.*", _ITEM),
        ("good_to_know", _ITEM),
        ("region_notes.*", _ITEM),
        ("steps.title", Limit(STEP_TITLE_CHARS, "fit the picture")),
        ("steps.text", _ITEM),
        ("boxed_warning_short", _ITEM),
        ("disclaimer", _ITEM),
        ("educator.*", _ITEM),  # the injection sites' count and total dose
        ("questions", Limit(QUESTION_CHARS)),
        ("*everyday_words", Limit(EVERYDAY_WORD_CHARS)),
        ("muscles.name", Limit(MUSCLE_NAME_CHARS, "fit on the diagram")),
        ("label", Limit(LABEL_CHARS)),
        ("name", _NAME),
        ("*.name", _NAME),
        ("medical_name", _NAME),
        ("title", _NAME),
        ("*.title", _NAME),
        ("tagline", _NAME),
        ("hosts.*", _NAME),
    ),
    lists=(
        ("sources", Limit(SOURCES_ITEMS)),
        ("*source_ids", Limit(SOURCES_ITEMS)),
        ("*everyday_words", Limit(EVERYDAY_WORDS_ITEMS)),
        ("stops", Limit(STOPS_ITEMS)),
        ("hosts", Limit(HOSTS_ITEMS)),
        ("muscles.sites", Limit(SITES_ITEMS)),
    ),
    text_default=Limit(ID_CHARS),
    list_default=Limit(LIST_ITEMS),
)

# assets/diagram.json.
DIAGRAM_LIMITS = Limits(
    texts=(),
    lists=(("*points", Limit(POINTS_ITEMS)),),
    text_default=Limit(DIAGRAM_TEXT_CHARS),
    list_default=Limit(DIAGRAM_LIST_ITEMS),
)
