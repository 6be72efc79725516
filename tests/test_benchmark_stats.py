"""The benchmark's own arithmetic and tables (fast, no browser)."""

from __future__ import annotations

import pytest

from benchmarks.stats import Budget, budget_table, markdown_table, number, percentile, summarize


def test_percentile_interpolates_between_ranks():
    values = [10, 20, 30, 40, 50]
    assert percentile(values, 0) == 10
    assert percentile(values, 50) == 30
    assert percentile(values, 100) == 50
    assert percentile(values, 25) == 20
    assert percentile(values, 95) == pytest.approx(48)  # rank 3.8: 40 + 0.8 * 10
    assert percentile([7], 95) == 7
    assert percentile([3, 1, 2], 50) == 2  # unsorted input


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1], -1), ([1], 101)])
def test_percentile_rejects_bad_input(values, q):
    with pytest.raises(ValueError):
        percentile(values, q)


def test_summary():
    s = summarize([1.0, 2.0, 3.0, 4.0, 100.0])
    assert (s.n, s.p50, s.max) == (5, 3.0, 100.0)
    assert s.mean == pytest.approx(22.0)
    assert s.p95 == pytest.approx(80.8)
    assert s.as_dict()["p95"] == 80.8


def test_budgets_are_met_or_not():
    assert Budget("warm rerun", 19.9, 20, "ms").met
    assert Budget("warm rerun", 20, 20, "ms").met
    assert not Budget("warm rerun", 20.1, 20, "ms").met
    assert not Budget("total RSS", 690, 690, "MB", strict=True).met
    assert Budget("total RSS", 689, 690, "MB", strict=True).met


def test_budget_table_marks_each_result():
    table = budget_table([Budget("a", 1.234, 2, "ms"), Budget("b", 3, 2, "×")])
    lines = table.splitlines()
    assert lines[0] == "| budget | measured | limit | result |"
    assert lines[2] == "| a | 1.23 ms | ≤ 2 ms | met |"
    assert lines[3] == "| b | 3 × | ≤ 2 × | **not met** |"


def test_markdown_table_checks_row_width():
    assert markdown_table(("x", "y"), [(1, 2)]).splitlines()[1] == "|---|---|"
    with pytest.raises(ValueError):
        markdown_table(("x", "y"), [(1,)])


def test_numbers_are_short():
    assert number(1234.5, "ms") == "1234 ms"
    assert number(0.01234) == "0.0123"
    assert number(42.0, "KB") == "42 KB"
