"""A rough reading-level estimate for patient-facing text (Flesch–Kincaid grade).

Good enough to catch a paragraph drifting into clinical jargon; not a
substitute for reading the text aloud.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bodymap.model.content import Content

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


def count_syllables(word: str) -> int:
    """Vowel-group count with the usual silent-e correction."""
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def grade_level(text: str) -> float:
    """Flesch–Kincaid grade level of ``text``."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syllables = sum(count_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


# The grade each kind of patient-facing text may reach. A card's text is read
# as a whole; each step caption sits alone beside its picture, so it is held
# plainer; the mechanism summary and the boxed warning may name a few longer
# words ("acetylcholine", "botulinum") that they explain.
CARD_CEILING = 9.0
STEP_CEILING = 8.0
SUMMARY_CEILING = 10.0
SHORT_WARNING_CEILING = 9.0


@dataclass(frozen=True)
class PatientText:
    """One piece of patient-facing text, where it lives, and its ceiling."""

    file: str
    field: str
    text: str
    ceiling: float


def patient_texts(content: Content) -> Iterator[PatientText]:
    """Every patient-facing text whose reading level is checked."""
    site_file = content.site.file
    for c in content.conditions:
        parts = [c.summary, c.who_for, *c.good_to_know, *c.region_notes.values()]
        parts += [e.text + "." for e in c.side_effects]
        yield PatientText(
            c.file, "summary, who_for, notes and side effects", " ".join(parts), CARD_CEILING
        )
        # The compact card's one sentence is read on its own, so it is checked alone.
        yield PatientText(c.file, "in_short", c.in_short, CARD_CEILING)
        if c.before_you_have_it:
            before = " ".join(_sentence(i.text) for i in c.before_you_have_it)
            yield PatientText(c.file, "before_you_have_it", before, CARD_CEILING)
    for m in content.mechanisms:
        yield PatientText(m.file, "summary", m.summary, SUMMARY_CEILING)
        for i, step in enumerate(m.steps):
            yield PatientText(m.file, f"steps[{i}].text", step.text, STEP_CEILING)
    for r in content.regions:
        yield PatientText(r.file, "summary", r.summary, CARD_CEILING)
    site = content.site
    yield PatientText(site_file, "intro", site.intro, SUMMARY_CEILING)
    yield PatientText(site_file, "boxed_warning (plain)", site.boxed_warning, SUMMARY_CEILING)
    yield PatientText(
        site_file, "boxed_warning_short", site.boxed_warning_short, SHORT_WARNING_CEILING
    )
    before = " ".join(_sentence(i.text) for i in site.before_you_have_it)
    yield PatientText(site_file, "before_you_have_it", before, CARD_CEILING)


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?")) else text + "."


def reading_level_problems(content: Content) -> list[str]:
    """``file: field: message`` for each text above its grade ceiling."""
    return [
        f"{t.file}: {t.field}: reads at grade {grade_level(t.text):.1f}, above "
        f"{t.ceiling:g}: use shorter sentences and everyday words"
        for t in patient_texts(content)
        if grade_level(t.text) > t.ceiling
    ]
