"""The handout bounds its own work: at most so many pages, within a time budget.

Content over the loader's limits is built here directly (``dataclasses.replace``
on the shipped content), as a preview or a bug could. Nothing asserts on
time: the time bound is tested with a budget of 0 and with a fake clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from bodymap.model.content import Content
from bodymap.render import handout as h
from bodymap.render.handout import bounds as bounds_module
from bodymap.render.handout import layout as handout_layout
from bodymap.render.handout.bounds import running
from tests.support.paths import condition_ids, first_region, region_ids

TODAY = dt.date(2026, 11, 25)
REGION, CONDITION = "underarm", "severe-underarm-sweating"


def build(kind: str, content: Content, region: str, condition: str | None, **kw):
    maker = {
        "png": h.handout_png,
        "pdf": h.handout_pdf,
        "pages": h.handout_pages,
        "layout": h.layout_handout,
    }[kind]
    link = h.handout_link("https://bodymap.example.org/", region, condition)
    kw.setdefault("paper", "a4")
    return maker(content, region, condition, link=link, today=TODAY, **kw)


def with_summary(content: Content, characters: int) -> Content:
    """The shipped content with one condition's summary ``characters`` long."""
    sentence = "The toxin quiets the sweat glands of the treated skin for months. "
    summary = (sentence * (characters // len(sentence) + 1))[:characters]
    conditions = tuple(
        dataclasses.replace(c, summary=summary) if c.id == CONDITION else c
        for c in content.conditions
    )
    return dataclasses.replace(content, conditions=conditions)


@pytest.fixture(scope="module")
def long_content(content) -> Content:
    """A condition long enough for several pages, short enough for the default bound."""
    return with_summary(content, 12_000)


@pytest.fixture(scope="module")
def long_pages(long_content) -> int:
    return len(build("layout", long_content, REGION, CONDITION))


# ------------------------------------------------------------------ the page bound


def test_the_page_bound_is_exact(long_content, long_pages):
    """A handout of N pages is made with a bound of N, and refused with N - 1."""
    assert 3 <= long_pages < h.MAX_PAGES
    bounds = h.HandoutBounds(max_pages=long_pages)
    assert len(build("layout", long_content, REGION, CONDITION, bounds=bounds)) == long_pages
    with pytest.raises(h.HandoutTooLong) as info:
        build("layout", long_content, REGION, CONDITION, bounds=h.HandoutBounds(long_pages - 1))
    assert info.value.reason == h.HandoutTooLong.PAGES
    assert info.value.limit == long_pages - 1
    assert str(info.value).startswith(
        f"this handout would be longer than {long_pages - 1} pages, the most a handout may have"
    )


@pytest.mark.parametrize("kind", ["png", "pdf", "pages"])
def test_every_format_keeps_to_the_page_bound(long_content, long_pages, kind):
    with pytest.raises(h.HandoutTooLong, match="longer than 2 pages"):
        build(kind, long_content, REGION, CONDITION, bounds=h.HandoutBounds(max_pages=2))


def test_a_region_handout_past_the_bound_is_refused(content):
    """Every condition at the neck, in at most 2 pages: stopped by pagination."""
    h.check_length(content, "neck", None, paper="letter", bounds=h.HandoutBounds(2))
    with pytest.raises(h.HandoutTooLong) as info:
        build("pdf", content, "neck", None, paper="letter", bounds=h.HandoutBounds(2))
    assert info.value.reason == "pages"


def test_runaway_text_is_refused_before_any_layout(content, monkeypatch):
    """A 2 MB summary: refused from its length alone, nothing typeset or drawn."""
    huge = with_summary(content, 2_000_000)

    def no_layout(*_args, **_kwargs):
        raise AssertionError("laid out a handout that could never fit")

    monkeypatch.setattr(handout_layout, "compose", no_layout)
    with pytest.raises(h.HandoutTooLong) as info:
        h.check_length(huge, REGION, CONDITION, paper="a4")
    assert info.value.limit == h.MAX_PAGES
    for kind in ("png", "pdf", "layout"):
        with pytest.raises(h.HandoutTooLong, match=f"longer than {h.MAX_PAGES} pages"):
            build(kind, huge, REGION, CONDITION)


def test_a_refused_build_leaves_nothing_behind(long_content, long_pages):
    """After a refusal no budget is left running, and the same handout is made
    with the default bounds."""
    with pytest.raises(h.HandoutTooLong):
        build("png", long_content, REGION, CONDITION, bounds=h.HandoutBounds(max_pages=1))
    assert bounds_module._RUNNING.get() is None
    data = build("pdf", long_content, REGION, CONDITION)
    assert data.count(b"/Type /Page ") == long_pages


# ------------------------------------------------------------------ the time bound


@pytest.mark.parametrize("kind", ["png", "pdf", "pages", "layout"])
def test_a_budget_of_zero_stops_every_build(content, kind):
    with pytest.raises(h.HandoutTooLong) as info:
        build(kind, content, "jaw", None, bounds=h.HandoutBounds(seconds=0))
    assert info.value.reason == h.HandoutTooLong.TIME
    assert info.value.limit == 0
    assert str(info.value) == "making this handout took longer than its 0 s budget: it was stopped"


@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_the_budget_is_checked_while_the_handout_is_made(content, kind):
    """A fake clock that jumps an hour ahead after 40 readings: the build stops
    part-way, not only before it starts."""
    readings = itertools.chain(itertools.repeat(0.0, 40), itertools.repeat(3600.0))
    calls = []

    def clock() -> float:
        calls.append(1)
        return next(readings)

    bounds = h.HandoutBounds(seconds=60, clock=clock)
    with pytest.raises(h.HandoutTooLong, match="longer than its 60 s budget"):
        build(kind, content, "neck", None, bounds=bounds)
    assert len(calls) == 41  # stopped at the first reading past the budget


def test_a_nested_build_keeps_to_the_budget_already_running(content):
    """The outermost build starts the budget (a PNG's covers the layout it
    draws): a build inside it is not timed again."""
    with running(h.HandoutBounds()):
        assert build("layout", content, "jaw", None, bounds=h.HandoutBounds(seconds=0))
    with pytest.raises(h.HandoutTooLong), running(h.HandoutBounds(seconds=0)):
        pass


# ------------------------------------------------------------------ normal handouts


def test_the_shipped_handouts_pass_the_quick_length_check(content):
    for paper in h.PAPER_SIZES:
        for region in region_ids():
            h.check_length(content, region, None, paper=paper)
        for condition in condition_ids():
            h.check_length(content, first_region(condition), condition, paper=paper)


@pytest.mark.parametrize("region", ["forehead", "neck"])
def test_the_longest_shipped_handouts_are_made_with_the_default_bounds(content, region):
    """Today's longest (7 pages) are made, PNG and PDF, as before the bounds."""
    pages = build("layout", content, region, None, paper="letter")
    assert 1 < len(pages) < h.MAX_PAGES
    pdf = build("pdf", content, region, None, paper="letter")
    assert pdf.count(b"/Type /Page ") == len(pages)
