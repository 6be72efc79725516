"""Tap targets that share their 44 px square with a neighbour (issue 17)."""

from __future__ import annotations

# The whole body's head and neck (issue 17: tinted, so they answer a tap) sit
# one above the other in ~56 px at 1.84 px per unit, the underarms close
# below: two 44 px squares can't fit. Each is a target as wide as a finger
# (its halo, and the neck's hit area on the chest), and its 44 px square
# selects it or a neighbour, never nothing; the close-up beside it has both
# as full-size targets.
SHARED_TARGETS = {
    ("body", "head"): {"neck"},
    ("body", "neck"): {"head", "underarm"},
    ("body", "underarm"): {"neck"},
    ("body-back", "head"): {"neck"},
    ("body-back", "neck"): {"head", "shoulders"},
}
