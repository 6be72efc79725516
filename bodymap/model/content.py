"""The medical content as typed, frozen objects: what every page shows.

Content is TOML written by clinicians (see ``content/README.md``), loaded and
validated by :mod:`bodymap.model.loading`; these are the values it gives,
with the few words of vocabulary they are built on. The words the app puts
around them (a status's badge, a figure's unit) come from the interface
catalog, :mod:`bodymap.model.strings`, passed in by the caller.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bodymap.vocabulary import APPROVAL_STATUSES, STATUSES

if TYPE_CHECKING:  # a type only: bodymap.model.strings imports this module (via fields)
    from bodymap.model.strings import Strings

TIMING_KEYS = ("onset", "peak", "duration", "retreatment")
TIME_UNITS = ("hours", "days", "weeks", "months")
# How many days each unit stands for when figures are compared or charted
# (a month is an average calendar month).
DAYS_PER_UNIT = {"hours": 1 / 24, "days": 1.0, "weeks": 7.0, "months": 365.25 / 12}
# The step-by-step picture of a mechanism has this many scenes
# (bodymap/render/step_pictures.py draws them); each content file captions all of them.
MECHANISM_STEPS = 6
# "Before you have it": who should not have it, then what to tell the clinician.
SAFETY_KINDS = ("not-for", "tell")
TISSUES = ("skeletal-muscle", "sweat-glands", "salivary-glands", "bladder-wall", "pain-nerves")
# Ids appear in links (?region=jaw) and file names: short, lowercase, hyphenated.
ID_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,31}")

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """A cited document: short id (local to its file), title and link."""

    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Timing:
    """One time figure (onset, peak, duration or earliest re-treatment)."""

    known: bool
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    note: str = ""
    source_ids: tuple[str, ...] = ()
    # Only for re-treatment: False when the label sets no interval at all
    # (treatment is repeated when the effect wears off), as opposed to a
    # figure that the sources simply don't give.
    established: bool = True

    @property
    def low_days(self) -> float | None:
        """The lower figure in days (None if not known)."""
        return None if not self.known or self.low is None else _days(self.low, self.unit)

    @property
    def high_days(self) -> float | None:
        """The upper figure in days (None if not known)."""
        if not self.known or self.unit is None:
            return None
        return _days(self.high if self.high is not None else self.low, self.unit)


@dataclass(frozen=True)
class Approval:
    """Regulatory status in the US."""

    status: str
    year: int | None
    note: str
    source_ids: tuple[str, ...]

    def badge(self, strings: Strings) -> str:
        """Short badge text, e.g. ``"FDA-approved (2004)"``: the status's badge
        in the catalog ``strings``, with the approval year filled in."""
        return strings(STATUSES[self.status].badge_key, year=self.year)


@dataclass(frozen=True)
class SideEffect:
    """A common side effect at the treated site, in plain words."""

    text: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class SafetyItem:
    """One "before you have it" line: who should not have the toxin
    (``kind = "not-for"``) or what to tell the clinician first (``"tell"``)."""

    kind: str
    text: str
    source_ids: tuple[str, ...]
    # Where in the BOTOX label (or Medication Guide) it comes from, for the
    # clinician who checks it, e.g. "4.3 Contraindications: urinary tract infection".
    label_section: str = ""
    # A few words for the one-line summary on every card ("other medicines"):
    # the items every use shares are listed in full only when asked for.
    short: str = ""


@dataclass(frozen=True)
class WarningSentence:
    """One sentence of the FDA boxed warning: in plain words, beside the
    label's own sentence it says (so a clinician can check them side by side)."""

    plain: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A condition treated with botulinum toxin, and everything shown about it."""

    id: str
    name: str
    medical_name: str
    regions: tuple[str, ...]
    tissue: str
    summary: str
    # One plain sentence for the compact card: what the treatment does for
    # this condition, in other words than the summary's and claiming no more.
    # The card shows the name, status and timing beside it, so it repeats none.
    in_short: str
    who_for: str
    good_to_know: tuple[str, ...]
    approval: Approval
    region_notes: dict[str, str] = field(hash=False, compare=False)
    timing: dict[str, Timing] = field(hash=False, compare=False)
    side_effects: tuple[SideEffect, ...] = ()
    educator_text: str = ""
    educator_source_ids: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    last_reviewed: dt.date = dt.date(1970, 1, 1)
    file: str = ""
    # The words a patient might type for this condition (search), and the
    # questions worth asking a clinician about it (panel and handout).
    everyday_words: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    # What is specific to this use (the shared items live in site.toml).
    before_you_have_it: tuple[SafetyItem, ...] = ()
    # Show the crisis line (site.toml's [crisis]) on this condition's card.
    shows_crisis_line: bool = False


@dataclass(frozen=True)
class Region:
    """A tappable body region."""

    id: str
    label: str
    order: int
    summary: str
    last_reviewed: dt.date
    file: str
    everyday_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One scene of the step-by-step picture: a short title and a caption."""

    title: str
    text: str


@dataclass(frozen=True)
class Mechanism:
    """How the toxin works in one kind of tissue."""

    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    source_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    file: str


@dataclass(frozen=True)
class Crisis:
    """Where to get help now, shown first when a search uses one of its words."""

    text: str
    everyday_words: tuple[str, ...]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """Text shown on every page."""

    title: str
    tagline: str
    intro: str
    boxed_warning_sentences: tuple[WarningSentence, ...]
    boxed_warning_short: str
    boxed_warning_source_ids: tuple[str, ...]
    disclaimer: str
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    crisis: Crisis | None = None
    # Before-you-have-it items true of every use, shown on every card.
    before_you_have_it: tuple[SafetyItem, ...] = ()
    file: str = ""  # where it was read from, e.g. "content/site.toml"

    @property
    def boxed_warning(self) -> str:
        """The whole boxed warning in plain words, as one paragraph."""
        return " ".join(s.plain for s in self.boxed_warning_sentences)


@dataclass(frozen=True)
class TourStop:
    """One step of the presenter's guided tour: a region (None for the whole
    body) and optionally a condition treated there, with a short heading."""

    title: str
    region: str | None
    condition: str | None


@dataclass(frozen=True)
class Tour:
    """The presenter's teaching order (``content/tour.toml``)."""

    title: str
    stops: tuple[TourStop, ...]
    last_reviewed: dt.date


@dataclass(frozen=True)
class OtherUse:
    """A use of the toxin this guide does not cover yet: the search box names
    it kindly instead of finding nothing (``content/not_covered.toml``)."""

    id: str
    name: str
    text: str
    everyday_words: tuple[str, ...]
    source_ids: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class TranslationInfo:
    """What a translation file says about itself."""

    file: str
    translated_on: dt.date
    method: str
    reviewed_by: str
    reviewed_on: dt.date | None

    @property
    def reviewed(self) -> bool:
        """Has a clinician checked these words?"""
        return bool(self.reviewed_by)


@dataclass(frozen=True)
class Content:
    """All content, validated."""

    site: Site
    regions: tuple[Region, ...]  # in picker order
    conditions: tuple[Condition, ...]
    mechanisms: tuple[Mechanism, ...]
    tour: Tour = Tour("", (), dt.date(1970, 1, 1))
    other_uses: tuple[OtherUse, ...] = ()
    language: str = "en"  # the language of its words
    # One per translated file (none in English): when, how, reviewed by whom.
    translations: tuple[TranslationInfo, ...] = ()
    # Who to call, by country (bodymap.model.crisis.CrisisLine): the same in every language.
    crisis_lines: tuple = ()

    def condition(self, condition_id: str) -> Condition:
        """The condition with this id (KeyError if none)."""
        return by_id(self.conditions, condition_id)

    def region(self, region_id: str) -> Region:
        """The region with this id (KeyError if none)."""
        return by_id(self.regions, region_id)

    def region_labels(self) -> dict[str, str]:
        """Region id -> short label, in picker order."""
        return {r.id: r.label for r in self.regions}

    def condition_regions(self) -> dict[str, tuple[str, ...]]:
        """Condition id -> the regions it is treated at, first region first."""
        return {c.id: c.regions for c in self.conditions}

    def region_ids(self) -> tuple[str, ...]:
        """Region ids in picker order."""
        return tuple(r.id for r in self.regions)

    def conditions_for(self, region_id: str) -> tuple[Condition, ...]:
        """Conditions treated at this region: approved first, then by name."""
        found = [c for c in self.conditions if region_id in c.regions]
        rank = {s: i for i, s in enumerate(APPROVAL_STATUSES)}
        return tuple(sorted(found, key=lambda c: (rank[c.approval.status], c.name)))

    def mechanism(self, tissue: str) -> Mechanism:
        """The mechanism text for a tissue id (KeyError if none)."""
        return by_id(self.mechanisms, tissue)

    def before_you_have_it(self, condition: Condition) -> tuple[SafetyItem, ...]:
        """Everything to know before this use: its own items first, then the
        items shared by every use, each kind together (who should not have
        it, then what to tell the clinician)."""
        items = condition.before_you_have_it + self.site.before_you_have_it
        return tuple(i for kind in SAFETY_KINDS for i in items if i.kind == kind)

    def last_reviewed_for(self, region_id: str) -> dt.date:
        """Oldest review date of everything shown on this region's panel."""
        dates = [self.region(region_id).last_reviewed, self.site.last_reviewed]
        for c in self.conditions_for(region_id):
            dates += [c.last_reviewed, self.mechanism(c.tissue).last_reviewed]
        return min(dates)


def by_id(items: Iterable[T], wanted: str, attribute: str = "id") -> T:
    """The first of ``items`` whose ``attribute`` is ``wanted`` (KeyError if none)."""
    for item in items:
        if getattr(item, attribute) == wanted:
            return item
    raise KeyError(wanted)


def format_number(value: float) -> str:
    """A figure as people write it: ``2`` rather than ``2.0``, ``1.5`` as is."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _days(value: float | None, unit: str | None) -> float | None:
    if value is None or unit not in DAYS_PER_UNIT:
        return None
    return value * DAYS_PER_UNIT[unit]
