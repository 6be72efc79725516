"""A rough reading-level estimate for patient-facing text (Flesch–Kincaid grade).

Good enough to catch a paragraph drifting into clinical jargon; not a
substitute for reading the text aloud.
"""

from __future__ import annotations

import re

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
