"""The concurrent-sessions benchmark: its pick sequence."""

from __future__ import annotations

from itertools import pairwise

import pytest

from benchmarks.sessions import (
    REGION_LABELS,
    pick_sequence,
)


def test_pick_sequence_never_repeats_the_current_region_and_is_deterministic():
    for session in range(20):
        picks = pick_sequence(seed=7, session=session, count=50)
        assert len(picks) == 50
        assert set(picks) <= set(REGION_LABELS)
        assert all(a != b for a, b in pairwise(picks))
        assert picks == pick_sequence(seed=7, session=session, count=50)
    assert pick_sequence(1, 0, 30) != pick_sequence(2, 0, 30)
    assert pick_sequence(1, 0, 30) != pick_sequence(1, 1, 30)


def test_pick_sequence_needs_two_regions_to_move():
    assert pick_sequence(1, 0, 1, labels=("Head",)) == ["Head"]
    with pytest.raises(ValueError):
        pick_sequence(1, 0, 2, labels=("Head",))


# The sessions' memory and load smoke run is part of tests/browser/test_benchmark_smoke.py
# (the whole quick benchmark, in its own process).
