"""Timeline and comparison data come from content alone, unknowns stay unknown."""

from __future__ import annotations

import pytest

from bodymap.model.content import TIMING_KEYS, Timing
from bodymap.model.timeline import (
    ORDER_BY_REGION,
    PHASE_LABELS,
    axis_unit,
    comparison_rows,
    figure_words,
    in_unit,
    phases,
    timeline_sources,
    timeline_unit,
    timing_words,
    words_on_axis,
)
from bodymap.render.charts import TAP_TRACE, build_comparison_figure
from bodymap.render.timeline_svg import build_timeline_svg
from tests.render.test_timeline_svg import Drawn, styled
from tests.support.paths import condition_ids


def timeline(condition, strings=None) -> Drawn:
    """A condition's timeline SVG, parsed."""
    return Drawn(build_timeline_svg(condition, strings))


def drawn(figure, name: str):
    """The traces of a (comparison) figure with this name."""
    return [t for t in figure.data if t.name == name]


def drawn_span(trace) -> tuple[float, float]:
    """(start, end) on the x axis of a range bar or a single marker."""
    if trace.type == "bar":
        return trace.base[0], trace.base[0] + trace.x[0]
    return trace.x[0], trace.x[-1]


@pytest.mark.parametrize("condition_id", condition_ids())
def test_timeline_rows_are_the_condition_timing(condition_id, conditions, strings):
    condition = conditions[condition_id]
    rows = phases(condition, strings)
    assert [r.key for r in rows] == list(PHASE_LABELS) == list(TIMING_KEYS)
    for row in rows:
        timing = condition.timing[row.key]
        assert row.known == timing.known
        assert row.label == strings(PHASE_LABELS[row.key])
        if timing.known:
            assert row.text == timing_words(timing, strings)
            assert row.source_ids == timing.source_ids
        else:
            unknown = "figure_not_known" if timing.established else "figure_not_established"
            assert row.text == strings(f"timeline.{unknown}")
            assert row.low_days is None and row.high_days is None


@pytest.mark.parametrize(
    ("timing", "words"),
    [
        (Timing(True, 1, 2, "weeks"), "1–2 weeks"),
        (Timing(True, 12, 12, "weeks"), "12 weeks"),
        (Timing(True, 1, 1, "months"), "1 month"),
        (Timing(True, 1, None, "days"), "1 day"),
        (Timing(True, 1.5, 1.5, "hours"), "1.5 hours"),
        (Timing(True, 1, 3, "hours"), "1–3 hours"),
        (Timing(False, note="Not reported."), "Not known"),
    ],
)
def test_a_figure_reads_in_the_catalog_words(timing, words, strings):
    assert timing_words(timing, strings) == words


def test_figure_words_come_from_the_catalog_it_is_given(strings):
    """The unit words and the range are the catalog's: a translation changes them."""
    from bodymap.model.strings import Strings

    texts = dict(strings.texts)
    texts["units.weeks"] = "{value} Wochen"
    texts["units.weeks_one"] = "eine Woche ({value})"
    texts["units.range"] = "{low} bis {high}"
    other = Strings("de", "de.toml", texts)
    assert figure_words("1", "2", "weeks", other) == "1 bis 2 Wochen"
    assert figure_words("1", "1", "weeks", other) == "eine Woche (1)"
    assert timing_words(Timing(True, 3, 3, "weeks"), other) == "3 Wochen"


@pytest.mark.parametrize("condition_id", condition_ids())
def test_timeline_draws_exactly_the_known_figures(condition_id, conditions, strings):
    condition = conditions[condition_id]
    svg = timeline(condition, strings)
    unit = timeline_unit(condition)
    for row in phases(condition, strings):
        marks = [m for m in svg.marks(row.key) if m.get("data-mark") != "working"]
        assert svg.label(row.key).startswith(f"{row.label}:")
        if not row.known:
            assert svg.marks(row.key) == [], f"{row.key} is not known but was drawn"
            assert svg.label(row.key) == f"{row.label}: {row.text}"
            continue
        assert len(marks) == 1
        start, end = svg.span(marks[0])
        assert start == pytest.approx(in_unit(row.low_days, unit), abs=0.01)
        assert end == pytest.approx(in_unit(row.high_days, unit), abs=0.01)
        assert svg.label(row.key) == f"{row.label}: {words_on_axis(row, unit, strings)}"
    # every drawn mark fits on the picture
    x0, x1 = svg.value(0), svg.value(svg.width)
    for mark in svg.marks():
        start, end = svg.span(mark)
        assert x0 <= start <= end <= x1


def test_unknown_peak_is_written_not_drawn(conditions):
    condition = conditions["neck-bands"]  # onset 14 days, peak not in the sources
    svg = timeline(condition)
    assert not condition.timing["peak"].known
    assert svg.marks("peak") == []
    assert [(r.text, styled(r)) for r in svg.runs("peak")] == [
        ("Strongest effect:", "bold"),
        ("not known", "italic"),
    ]
    assert svg.marks("onset") and svg.marks("duration")


def test_condition_with_no_figures_says_so(conditions):
    svg = timeline(conditions["depression"])
    assert all(not t.known for t in conditions["depression"].timing.values())
    assert svg.marks() == []
    assert "give no times" in svg.note()
    assert timeline(conditions["cervical-dystonia"]).note() is None


def test_retreatment_with_no_set_interval_is_worded_as_such(conditions):
    svg = timeline(conditions["strabismus"])
    assert svg.label("retreatment") == (
        "Earliest repeat: no minimum wait, repeat when it wears off"
    )
    runs = svg.runs("retreatment")
    assert styled(runs[0]) == "bold" and {styled(r) for r in runs[1:]} == {"italic"}
    assert svg.marks("retreatment") == []


@pytest.mark.parametrize(
    ("days", "unit"), [(2, "days"), (21, "days"), (22, "weeks"), (42, "weeks"), (91, "months")]
)
def test_axis_unit_suits_the_latest_figure(days, unit):
    assert axis_unit(days) == unit


def test_strabismus_is_charted_in_weeks_and_bladder_in_months(conditions):
    assert timeline_unit(conditions["strabismus"]) == "weeks"  # 2–6 weeks
    assert timeline_unit(conditions["neurogenic-bladder"]) == "months"


def test_figures_in_small_units_get_a_rounded_conversion(conditions, strings):
    by_key = {p.key: p for p in phases(conditions["severe-underarm-sweating"], strings)}
    assert words_on_axis(by_key["duration"], "months", strings) == "205 days (about 7 months)"
    by_key = {p.key: p for p in phases(conditions["frown-and-forehead-lines"], strings)}
    # under a month: left as it is
    assert words_on_axis(by_key["onset"], "months", strings) == "3–14 days"


def test_timeline_sources_are_the_ones_behind_known_figures(conditions):
    condition = conditions["cervical-dystonia"]
    numbers = timeline_sources(condition)
    cited = {s for t in condition.timing.values() if t.known for s in t.source_ids}
    assert {condition.sources[n - 1].id for n in numbers} == cited


# ------------------------------------------------------------------ comparison


def test_comparison_has_every_condition_once_longest_first(content, conditions, strings):
    rows = comparison_rows(content, strings)
    assert sorted(r.condition_id for r in rows) == sorted(conditions)
    known = [r for r in rows if r.duration.known]
    middles = [(r.duration.low_days + r.duration.high_days) / 2 for r in known]
    assert middles == sorted(middles, reverse=True)
    unknown = [r for r in rows if not r.duration.known]
    assert rows[len(known) :] == tuple(unknown), "unknown durations go last"
    assert rows[0].condition_id == "neurogenic-bladder"  # 42–48 weeks
    assert rows[0].badge == "FDA-approved (2011)"
    assert rows[0].duration.text == "42–48 weeks"


def test_comparison_by_region_groups_under_headings_in_picker_order(content, conditions, strings):
    rows = comparison_rows(content, strings, ORDER_BY_REGION)
    headings = [r.region_id for r in rows if r.is_heading]
    assert headings == [
        r for r in content.region_ids() if any(c.regions[0] == r for c in content.conditions)
    ]
    current = None
    for row in rows:
        if row.is_heading:
            current = row.region_id
        else:
            assert row.region_id == current == conditions[row.condition_id].regions[0]
    assert sorted(r.condition_id for r in rows if not r.is_heading) == sorted(conditions)


def test_comparison_rejects_an_unknown_order(content, strings):
    with pytest.raises(ValueError, match="order"):
        comparison_rows(content, strings, "alphabetical")


@pytest.mark.parametrize("order", ["duration", "region"])
def test_comparison_figure_rows_are_tappable_and_drawn_from_content(order, content, strings):
    rows = comparison_rows(content, strings, order)
    figure = build_comparison_figure(rows, strings=strings)
    (tap,) = drawn(figure, TAP_TRACE)
    conditions = [r for r in rows if not r.is_heading]
    assert list(tap.customdata) == [r.condition_id for r in conditions]
    x1 = figure.layout.xaxis.range[1]
    assert all(b == 0 and w == x1 for b, w in zip(tap.base, tap.x, strict=True)), "full width"
    assert tap.hoverinfo == "none"
    others = [t for t in figure.data if t.name != TAP_TRACE]
    assert all(t.hoverinfo == "skip" for t in others), "only the tap rows may take a tap"
    for row in conditions:
        marks = drawn(figure, row.condition_id)
        if not row.duration.known:
            assert marks == []
            continue
        start, end = drawn_span(marks[0])
        assert start == pytest.approx(in_unit(row.duration.low_days, "months"))
        assert end == pytest.approx(in_unit(row.duration.high_days, "months"))
        assert end <= x1
    labels = " ".join(a.text for a in figure.layout.annotations)
    for row in conditions:
        assert row.name in labels


# ------------------------------------------------ hand-worked expectations

MONTH = 365.25 / 12  # days


def test_cervical_dystonia_timeline_by_hand(conditions):
    svg = timeline(conditions["cervical-dystonia"])
    assert svg.axis_title() == "Months after the injection"
    near = {"abs": 0.01}
    assert svg.span(svg.marks("onset")[0]) == pytest.approx((14 / MONTH,) * 2, **near)  # 2 weeks
    assert svg.span(svg.marks("peak")[0]) == pytest.approx((42 / MONTH,) * 2, **near)  # 6 weeks
    (band,) = svg.marks("duration", "range")
    assert svg.span(band) == pytest.approx((3, 4), **near)  # 3–4 months
    assert svg.span(svg.marks("retreatment")[0]) == pytest.approx((84 / MONTH,) * 2, **near)
    (working,) = svg.marks("duration", "working")  # working from the onset to the band
    assert svg.span(working) == pytest.approx((14 / MONTH, 3), **near)
    assert svg.label("duration") == "Wears off after: 3–4 months"
    assert svg.label("retreatment") == "Earliest repeat: 12 weeks (about 3 months)"


def test_strabismus_timeline_is_in_weeks_by_hand(conditions):
    svg = timeline(conditions["strabismus"])
    assert svg.axis_title() == "Weeks after the injection"
    # 1–2 days
    assert svg.span(svg.marks("onset")[0]) == pytest.approx((1 / 7, 2 / 7), abs=0.01)
    assert svg.span(svg.marks("duration", "range")[0]) == pytest.approx((2, 6), abs=0.01)


def test_no_working_line_without_a_known_onset(content, conditions, strings):
    for condition_id in ("chronic-migraine", "enlarged-jaw-muscle"):
        assert not conditions[condition_id].timing["onset"].known
        svg = timeline(conditions[condition_id])
        assert svg.marks("duration", "working") == []
        comparison = build_comparison_figure(comparison_rows(content, strings))
        assert drawn(comparison, f"{condition_id}:working") == []


def test_comparison_labels_and_single_figures_by_hand(content, strings):
    figure = build_comparison_figure(comparison_rows(content, strings))
    labels = " ".join(a.text for a in figure.layout.annotations)
    assert "lasts 42–48 weeks (about 10–11 months)" in labels  # neurogenic bladder
    assert "<span style='color:#1B6B2F'><b>FDA-approved</b></span>" in labels
    (sweating,) = drawn(figure, "severe-underarm-sweating")  # 205 days: a single figure
    assert sweating.type == "scatter" and sweating.marker.symbol == "diamond"
    assert sweating.x[0] == pytest.approx(205 / MONTH)
    (bladder,) = drawn(figure, "overactive-bladder")  # 24–33 weeks: a band
    assert bladder.type == "bar"
    assert drawn_span(bladder) == pytest.approx((24 * 7 / MONTH, 33 * 7 / MONTH))


def test_comparison_marks_the_open_condition_in_words_and_tint(content, strings):
    from bodymap.render.charts import FOCUS_TINT

    rows = comparison_rows(content, strings)
    figure = build_comparison_figure(rows, focus="neck-bands")
    (tap,) = drawn(figure, TAP_TRACE)
    tinted = [
        cid
        for cid, colour in zip(tap.customdata, tap.marker.color, strict=True)
        if colour == FOCUS_TINT
    ]
    assert tinted == ["neck-bands"]
    assert "<b>▶ Neck bands</b>" in [a.text for a in figure.layout.annotations]


def test_a_condition_with_only_its_retreatment_known_still_draws(conditions):
    import dataclasses

    base = conditions["depression"]  # nothing known
    timing = dict(base.timing)
    timing["retreatment"] = Timing(True, 12, 12, "weeks", "", ())
    condition = dataclasses.replace(base, timing=timing)
    svg = timeline(condition)
    assert [m.get("data-phase") for m in svg.marks()] == ["retreatment"]
    assert svg.axis_title() == "Months after the injection"  # 84 days > 10 weeks
    assert svg.span(svg.marks()[0])[0] == pytest.approx(84 / MONTH, abs=0.01)
    assert svg.note() is None
