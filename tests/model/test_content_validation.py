"""Each validation rule rejects a deliberately broken file, naming file and field."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.model.fields import ContentError, Problem
from bodymap.model.loading import check_content, load_content
from bodymap.model.timeline import timing_words
from tests.support.files import edit

CONDITION = "conditions/teeth-grinding.toml"
IN_SHORT = 'in_short = "Shots relax the jaw muscles that grind the teeth."'


def problems_for(root, drawn=("jaw",)) -> list[Problem]:
    content, problems = check_content(root, drawn)
    assert content is None, "broken content must not load"
    return problems


def test_fixture_content_is_valid(content_copy, strings):
    content = load_content(content_copy, drawn_regions={"jaw"})
    condition = content.conditions_for("jaw")[0]
    assert timing_words(condition.timing["onset"], strings) == "1–2 weeks"
    assert timing_words(condition.timing["duration"], strings) == "3 months"
    assert timing_words(condition.timing["peak"], strings) == "Not known"
    assert condition.approval.badge(strings) == "Off-label in the US"
    assert condition.in_short == "Shots relax the jaw muscles that grind the teeth."


# (file, text to replace, replacement, expected field, words expected in the message)
BROKEN = [
    pytest.param(
        CONDITION,
        'summary = "Grinding or clenching the teeth."\n',
        "",
        "summary",
        "missing",
        id="required-field",
    ),
    pytest.param(
        CONDITION,
        IN_SHORT + "\n",
        "",
        "in_short",
        "missing",
        id="in-short-required",
    ),
    pytest.param(
        CONDITION,
        IN_SHORT,
        'in_short = ""',
        "in_short",
        "non-empty",
        id="in-short-empty",
    ),
    pytest.param(
        CONDITION,
        IN_SHORT,
        'in_short = "Shots relax the jaw muscles. The teeth grind less."',
        "in_short",
        "more than one sentence",
        id="in-short-two-sentences",
    ),
    pytest.param(
        CONDITION,
        IN_SHORT,
        'in_short = "Does it help? Shots relax the jaw muscles."',
        "in_short",
        "more than one sentence",
        id="in-short-question-then-sentence",
    ),
    pytest.param(
        CONDITION,
        IN_SHORT,
        'in_short = "Shots relax the jaw muscles that grind the teeth"',
        "in_short",
        "ending with a full stop",
        id="in-short-without-full-stop",
    ),
    pytest.param(
        CONDITION,
        IN_SHORT,
        'in_short = """Shots relax the jaw muscles\nthat grind the teeth."""',
        "in_short",
        "one line",
        id="in-short-line-break",
    ),
    pytest.param(
        CONDITION,
        'regions = ["jaw"]',
        'regions = ["jaw", "elbow"]',
        "regions",
        "unknown region 'elbow'",
        id="unknown-region",
    ),
    pytest.param(
        CONDITION,
        'status = "off-label"',
        'status = "approved-ish"',
        "approval.status",
        "not one of",
        id="approval-status",
    ),
    pytest.param(
        CONDITION,
        "min = 1\nmax = 2",
        "min = 3\nmax = 2",
        "timing.onset.min",
        "greater than max",
        id="min-over-max",
    ),
    pytest.param(
        CONDITION,
        'value = 3\nunit = "months"',
        'value = 3\nunit = "moons"',
        "timing.duration.unit",
        "not one of",
        id="unit",
    ),
    pytest.param(
        CONDITION,
        '[timing.retreatment]\nvalue = 12\nunit = "weeks"\nsource_ids = ["label"]\n',
        "",
        "timing.retreatment",
        "missing",
        id="timing-missing",
    ),
    pytest.param(
        CONDITION,
        'value = 3\nunit = "months"\nsource_ids = ["trial"]',
        'value = 3\nunit = "months"',
        "timing.duration.source_ids",
        "missing",
        id="figure-without-source",
    ),
    pytest.param(
        CONDITION,
        'text = "A sore jaw"\nsource_ids = ["trial"]',
        'text = "A sore jaw"\nsource_ids = ["nowhere"]',
        "side_effects[0].source_ids",
        "'nowhere' is not defined",
        id="undefined-source",
    ),
    pytest.param(
        CONDITION,
        "last_reviewed = 2026-11-01\n",
        "",
        "last_reviewed",
        "missing",
        id="last-reviewed",
    ),
    pytest.param(
        CONDITION,
        "last_reviewed = 2026-11-01\n",
        'last_reviewed = "last week"\n',
        "last_reviewed",
        "YYYY-MM-DD",
        id="last-reviewed-format",
    ),
    pytest.param(
        CONDITION,
        'id = "teeth-grinding"',
        'id = "bruxism"',
        "id",
        "must match the file name",
        id="id-vs-filename",
    ),
    pytest.param(
        CONDITION,
        'status = "off-label"',
        'status = "fda-approved"',
        "approval.year",
        "needs its approval year",
        id="approved-needs-year",
    ),
    pytest.param(
        CONDITION,
        'status = "off-label"',
        'status = "off-label"\nyear = 2010',
        "approval.year",
        "only FDA-approved",
        id="year-only-if-approved",
    ),
    pytest.param(
        CONDITION,
        'status = "off-label"',
        'status = "fda-approved"\nyear = 1970',
        "approval.year",
        "outside",
        id="year-range",
    ),
    pytest.param(
        CONDITION,
        'tissue = "skeletal-muscle"',
        'tissue = "bone"',
        "tissue",
        "not one of",
        id="tissue",
    ),
    pytest.param(
        CONDITION,
        'who_for = "Adults who grind their teeth."',
        'who_for = "Adults."\nsumary = "typo"',
        "sumary",
        "unknown field",
        id="unknown-field",
    ),
    pytest.param(
        CONDITION,
        'url = "https://example.org/trial"',
        'url = "example.org/trial"',
        "sources[1].url",
        "https://",
        id="url",
    ),
    pytest.param(
        CONDITION,
        'id = "trial"\ntitle = "Test trial"',
        'id = "label"\ntitle = "Test trial"',
        "sources[1].id",
        "duplicate",
        id="duplicate-source",
    ),
    pytest.param(
        CONDITION,
        'known = false\nnote = "Not reported in the sources we use."',
        "known = false",
        "timing.peak.note",
        "say why",
        id="unknown-needs-note",
    ),
    pytest.param(
        CONDITION,
        "[approval]",
        "[approval]\n[nothing]",
        "nothing",
        "unknown field",
        id="unknown-table",
    ),
    pytest.param(
        CONDITION,
        '[[side_effects]]\ntext = "A sore jaw"\nsource_ids = ["trial"]\n',
        "",
        "side_effects",
        "one or more",
        id="side-effects-required",
    ),
    pytest.param(
        CONDITION,
        'name = "Teeth grinding"',
        'name = "Teeth grinding',
        "(file)",
        "not valid TOML",
        id="invalid-toml",
    ),
    pytest.param(
        "regions/jaw.toml",
        "order = 1",
        'order = "first"',
        "order",
        "whole number",
        id="region-order",
    ),
    pytest.param(
        "mechanisms/skeletal-muscle.toml",
        'source_ids = ["review"]',
        "source_ids = []",
        "source_ids",
        "non-empty",
        id="mechanism-source",
    ),
    pytest.param(
        CONDITION,
        '[timing.duration]\nvalue = 3\nunit = "months"',
        '[timing.duration]\nvalue = 5\nunit = "days"',
        "timing.duration",
        "backwards in time",
        id="duration-before-onset",
    ),
    pytest.param(
        CONDITION,
        '[timing.peak]\nknown = false\nnote = "Not reported in the sources we use."',
        '[timing.peak]\nvalue = 4\nunit = "days"\nsource_ids = ["trial"]',
        "timing.peak",
        "backwards in time",
        id="peak-before-onset",
    ),
    pytest.param(
        CONDITION,
        '[timing.onset]\nmin = 1\nmax = 2\nunit = "weeks"',
        '[timing.onset]\nmin = 1\nmax = 2\nunit = "fortnights"',
        "timing.onset.unit",
        "not one of: hours, days, weeks, months",
        id="unit-not-in-fixed-set",
    ),
    pytest.param(
        CONDITION,
        "[timing.peak]\nknown = false",
        "[timing.peak]\nknown = false\nestablished = false",
        "timing.peak.established",
        "only [timing.retreatment]",
        id="established-outside-retreatment",
    ),
    pytest.param(
        CONDITION,
        "[timing.retreatment]\nvalue = 12",
        "[timing.retreatment]\nestablished = false\nvalue = 12",
        "timing.retreatment.established",
        "needs known = false",
        id="established-with-a-figure",
    ),
    pytest.param(
        "mechanisms/skeletal-muscle.toml",
        '[[steps]]\ntitle = "Step 6"\ntext = "Caption for step 6."\n',
        "",
        "steps",
        "exactly 6",
        id="mechanism-step-missing",
    ),
    pytest.param(
        "mechanisms/skeletal-muscle.toml",
        'title = "Step 2"',
        'title = "The second step, with far too long a title"',
        "steps[1].title",
        "at most 28",
        id="mechanism-step-title-too-long",
    ),
    pytest.param(
        "mechanisms/skeletal-muscle.toml",
        'text = "Caption for step 3."',
        'text = ""',
        "steps[2].text",
        "non-empty",
        id="mechanism-step-empty",
    ),
    pytest.param(
        "site.toml",
        '[[boxed_warning]]\nplain = "The effect can spread beyond the injection area."\n'
        'label = "The effects may spread from the area of injection."\n',
        "",
        "boxed_warning",
        "one per sentence of the label's boxed warning",
        id="site-warning",
    ),
    pytest.param(
        "site.toml",
        'label = "The effects may spread from the area of injection."\n',
        "",
        "boxed_warning[0].label",
        "missing",
        id="site-warning-sentence-without-label-wording",
    ),
    pytest.param(
        "site.toml",
        'kind = "not-for"\ntext = "You are allergic to it."\nlabel_section = "4.1"\n'
        'source_ids = ["label"]\n',
        'kind = "not-for"\ntext = "You are allergic to it."\nlabel_section = "4.1"\n',
        "before_you_have_it[0].source_ids",
        "missing",
        id="shared-before-item-unsourced",
    ),
    pytest.param(
        CONDITION,
        '[[before_you_have_it]]\nkind = "tell"\ntext = "You have trouble chewing."\n'
        'source_ids = ["trial"]\n',
        "",
        "before_you_have_it",
        "missing",
        id="condition-without-before-items",
    ),
    pytest.param(
        CONDITION,
        'kind = "tell"\ntext = "You have trouble chewing."',
        'kind = "maybe"\ntext = "You have trouble chewing."',
        "before_you_have_it[0].kind",
        "not one of",
        id="before-item-kind",
    ),
    pytest.param(
        CONDITION,
        'url = "https://example.org/trial"',
        'url = "https://weak.example.com/trial"',
        "side_effects[0].source_ids",
        "rests only on trial (weak)",
        id="figure-resting-only-on-a-weak-host",
    ),
    pytest.param(
        CONDITION,
        'url = "https://example.org/trial"',
        'url = "https://unreviewed.example.net/trial"',
        "sources.trial.url",
        "is not in source_hosts.toml",
        id="source-on-an-unreviewed-host",
    ),
    pytest.param(
        "source_hosts.toml",
        'tier = "weak"',
        'tier = "fine"',
        "hosts[1].tier",
        "not one of",
        id="host-tier",
    ),
    pytest.param(
        CONDITION,
        'summary = "Grinding or clenching the teeth."\n',
        'summary = "Grinding or clenching the teeth."\nshows_crisis_line = 1\n',
        "shows_crisis_line",
        "true or false",
        id="crisis-flag",
    ),
    pytest.param(
        "site.toml",
        'short = "other medicines"\n',
        "",
        "before_you_have_it[1].short",
        "missing",
        id="shared-tell-item-without-short-form",
    ),
    pytest.param(
        CONDITION,
        'kind = "tell"\ntext = "You have trouble chewing."',
        'kind = "tell"\nshort = "chewing"\ntext = "You have trouble chewing."',
        "before_you_have_it[0].short",
        "only the shared items",
        id="short-form-outside-site-toml",
    ),
    pytest.param(
        CONDITION,
        '"How will we know if it is working?"',
        '"How will we know if it is working."',
        "questions",
        "ending with '?'",
        id="question-mark",
    ),
    pytest.param(
        CONDITION,
        '    "What should I do if chewing feels weak?",\n',
        "",
        "questions",
        "at least 3",
        id="too-few-questions",
    ),
    pytest.param(
        CONDITION,
        'questions = [\n    "How will we know if it is working?",\n'
        '    "How long until I need another treatment?",\n'
        '    "What should I do if chewing feels weak?",\n]\n',
        "",
        "questions",
        "missing",
        id="questions-required",
    ),
    pytest.param(
        CONDITION,
        '"jaw clenching"]',
        '"jaw clenching", "Grinding Teeth"]',
        "everyday_words",
        "listed twice",
        id="everyday-duplicate",
    ),
    pytest.param(
        CONDITION,
        '"jaw clenching"]',
        '"jaw clenching", "i grind my teeth every single night and my jaw aches"]',
        "everyday_words",
        "characters; at most 40",
        id="everyday-too-long",
    ),
    pytest.param(
        "tour.toml",
        'region = "jaw"',
        'region = "knee"',
        "stops[1].region",
        "unknown region 'knee'",
        id="tour-unknown-region",
    ),
    pytest.param(
        "tour.toml",
        'condition = "teeth-grinding"',
        'condition = "teeth-grindin"',
        "stops[1].condition",
        "unknown condition",
        id="tour-unknown-condition",
    ),
    pytest.param(
        "tour.toml",
        'region = "jaw"\n',
        "",
        "stops[1].condition",
        "also names its region",
        id="tour-condition-without-region",
    ),
    pytest.param(
        "tour.toml",
        'condition = "teeth-grinding"\n',
        "",
        "stops",
        "never opens condition 'teeth-grinding'",
        id="tour-misses-a-condition",
    ),
    pytest.param(
        "tour.toml",
        'condition = "teeth-grinding"\n',
        'condition = "teeth-grinding"\n\n[[stops]]\ntitle = "Again"\nregion = "jaw"\n'
        'condition = "teeth-grinding"\n',
        "stops[2].condition",
        "visited twice",
        id="tour-condition-twice",
    ),
    pytest.param(
        "not_covered.toml",
        'source_ids = ["label"]',
        'source_ids = ["lable"]',
        "uses[0].source_ids",
        "not defined",
        id="not-covered-source",
    ),
    pytest.param(
        "not_covered.toml",
        'everyday_words = ["drooling", "too much spit"]\n',
        "",
        "uses[0].everyday_words",
        "missing",
        id="not-covered-words",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "words"), BROKEN)
def test_broken_file_is_rejected_naming_file_and_field(content_copy, file, old, new, field, words):
    edit(content_copy / file, old, new)
    problems = problems_for(content_copy)
    expected_file = f"content/{file}"
    matching = [p for p in problems if p.file == expected_file and p.field == field]
    assert matching, f"no problem for {expected_file} / {field}; got {[str(p) for p in problems]}"
    assert any(words in p.message for p in matching), [str(p) for p in matching]


def test_future_review_date_is_rejected(content_copy):
    future = dt.date.today() + dt.timedelta(days=30)
    edit(
        content_copy / CONDITION,
        "last_reviewed = 2026-11-01",
        f"last_reviewed = {future.isoformat()}",
    )
    problems = problems_for(content_copy)
    assert any(p.field == "last_reviewed" and "future" in p.message for p in problems)


def test_region_drawn_without_content_is_reported(content_copy):
    problems = problems_for(content_copy, drawn=("jaw", "elbow"))
    assert any(p.file == "content/regions/elbow.toml" for p in problems)


def test_region_file_not_drawn_is_reported(content_copy):
    problems = problems_for(content_copy, drawn=())
    assert any(p.file == "content/regions/jaw.toml" and "not drawn" in p.message for p in problems)


def test_region_without_any_condition_is_reported(content_copy):
    (content_copy / "regions" / "knee.toml").write_text(
        'id = "knee"\nlabel = "Knee"\norder = 2\nsummary = "A knee."\nlast_reviewed = 2026-11-01\n'
    )
    problems = problems_for(content_copy, drawn=("jaw", "knee"))
    assert any(
        p.file == "content/regions/knee.toml" and "no condition" in p.message for p in problems
    )


def test_every_problem_is_reported_at_once(content_copy):
    edit(content_copy / CONDITION, 'status = "off-label"', 'status = "nope"')
    edit(content_copy / "regions/jaw.toml", 'label = "Jaw"\n', "")
    problems = problems_for(content_copy)
    fields = {(p.file, p.field) for p in problems}
    assert ("content/conditions/teeth-grinding.toml", "approval.status") in fields
    assert ("content/regions/jaw.toml", "label") in fields


def test_load_content_raises_with_all_problems(content_copy):
    edit(content_copy / CONDITION, 'status = "off-label"', 'status = "nope"')
    with pytest.raises(ContentError) as info:
        load_content(content_copy, drawn_regions={"jaw"})
    assert "content/conditions/teeth-grinding.toml: approval.status:" in str(info.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_non_finite_or_negative_figures_are_rejected(content_copy, value):
    edit(content_copy / CONDITION, "value = 3\nunit", f"value = {value}\nunit")
    problems = problems_for(content_copy)
    assert any(p.field == "timing.duration.value" for p in problems), problems


def test_file_not_saved_as_utf8_is_a_problem_not_a_crash(content_copy):
    path = content_copy / CONDITION
    path.write_bytes(path.read_text().replace("Teeth grinding", "Bruxismé").encode("latin-1"))
    problems = problems_for(content_copy)
    assert any(p.file == f"content/{CONDITION}" and "UTF-8" in p.message for p in problems)


def test_region_id_must_be_link_safe(content_copy):
    (content_copy / "regions" / "jaw.toml").rename(content_copy / "regions" / "Jaw_1.toml")
    edit(content_copy / "regions" / "Jaw_1.toml", 'id = "jaw"', 'id = "Jaw_1"')
    problems = problems_for(content_copy, drawn=("Jaw_1",))
    assert any(p.field == "id" and "lowercase" in p.message for p in problems)


def test_url_with_spaces_is_rejected(content_copy):
    edit(content_copy / CONDITION, "https://example.org/trial", "https://example.org/a trial")
    problems = problems_for(content_copy)
    assert any(p.field == "sources[1].url" for p in problems)


def test_tomorrow_is_allowed_for_clinicians_ahead_of_the_server(content_copy):
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    edit(content_copy / CONDITION, "last_reviewed = 2026-11-01", f"last_reviewed = {tomorrow}")
    load_content(content_copy, drawn_regions={"jaw"})


def test_messages_name_the_folder_actually_checked(tmp_path):
    import shutil

    from tests.support.paths import FIXTURE_CONTENT

    other = tmp_path / "draft"
    shutil.copytree(FIXTURE_CONTENT, other)
    problems = problems_for(other, drawn=("jaw", "elbow"))
    assert any(p.file == "draft/regions/elbow.toml" for p in problems)


APPROVED = (
    'status = "off-label"\nnote = "Not FDA-approved for this."',
    'status = "fda-approved"\nyear = 2010\nnote = "Approved."',
)
UNKNOWN_RETREATMENT = (
    '[timing.retreatment]\nvalue = 12\nunit = "weeks"\nsource_ids = ["label"]',
    '[timing.retreatment]\nknown = false\nnote = "No wait is given."',
)


def test_approved_use_needs_a_retreatment_interval_or_says_none_is_set(content_copy):
    edit(content_copy / CONDITION, *APPROVED)
    edit(content_copy / CONDITION, *UNKNOWN_RETREATMENT)
    problems = problems_for(content_copy)
    assert [p.field for p in problems] == ["timing.retreatment"], [str(p) for p in problems]
    assert "established = false" in problems[0].message

    edit(
        content_copy / CONDITION,
        'known = false\nnote = "No wait',
        'known = false\nestablished = false\nnote = "No wait',
    )
    content = load_content(content_copy, drawn_regions={"jaw"})
    retreatment = content.conditions[0].timing["retreatment"]
    assert not retreatment.known and not retreatment.established


def test_unapproved_use_may_leave_retreatment_unknown(content_copy):
    edit(content_copy / CONDITION, *UNKNOWN_RETREATMENT)
    content = load_content(content_copy, drawn_regions={"jaw"})
    assert content.conditions[0].timing["retreatment"].established  # not known, not "none set"


def test_timing_order_compares_across_units(content_copy):
    # onset 1–2 weeks, peak 14 days (= 2 weeks), duration 3 months: in order
    edit(
        content_copy / CONDITION,
        '[timing.peak]\nknown = false\nnote = "Not reported in the sources we use."',
        '[timing.peak]\nvalue = 14\nunit = "days"\nsource_ids = ["trial"]',
    )
    content = load_content(content_copy, drawn_regions={"jaw"})
    timing = content.conditions[0].timing
    assert timing["peak"].low_days == timing["onset"].high_days == 14
    assert timing["duration"].low_days == pytest.approx(91.3, abs=0.1)


def test_mechanism_steps_load_in_order(content_copy):
    content = load_content(content_copy, drawn_regions={"jaw"})
    steps = content.mechanism("skeletal-muscle").steps
    assert [s.title for s in steps] == [f"Step {i}" for i in range(1, 7)]
    assert steps[0].text == "Caption for step 1."


def test_timing_order_allows_a_month_written_as_weeks(content_copy):
    # peak "13 weeks" (91 days) against duration "3 months" (91.3 days): the same time
    edit(
        content_copy / CONDITION,
        '[timing.peak]\nknown = false\nnote = "Not reported in the sources we use."',
        '[timing.peak]\nvalue = 13\nunit = "weeks"\nsource_ids = ["trial"]',
    )
    edit(
        content_copy / CONDITION,
        '[timing.duration]\nvalue = 3\nunit = "months"',
        '[timing.duration]\nvalue = 12\nunit = "weeks"',
    )
    problems = problems_for(content_copy)  # 12 weeks is a week before the peak: rejected
    assert [p.field for p in problems] == ["timing.duration"]
    edit(
        content_copy / CONDITION,
        'value = 12\nunit = "weeks"\nsource_ids = ["trial"]',
        'value = 3\nunit = "months"\nsource_ids = ["trial"]',
    )
    load_content(content_copy, drawn_regions={"jaw"})


def test_an_onset_range_ending_after_the_peak_is_rejected(content_copy):
    """Onset "1–2 weeks" with the strongest effect at 10 days: for some people
    it would peak before it starts. The rule is documented in content/README.md."""
    edit(
        content_copy / CONDITION,
        '[timing.peak]\nknown = false\nnote = "Not reported in the sources we use."',
        '[timing.peak]\nvalue = 10\nunit = "days"\nsource_ids = ["trial"]',
    )
    problems = problems_for(content_copy)
    assert [p.field for p in problems] == ["timing.peak"]
    assert problems[0].message.startswith("peak (10 days) comes before onset (1–2 weeks): ")
    assert "backwards in time" in problems[0].message


def add_crisis(root, source_id: str, extra: str = "") -> None:
    """Give the fixture's site.toml a [crisis] block citing ``source_id``."""
    site = root / "site.toml"
    block = (
        '[crisis]\ntext = "Call 988."\neveryday_words = ["suicidal"]\n'
        f'source_ids = ["{source_id}"]\n{extra}\n[[sources]]'
    )
    site.write_text(site.read_text().replace("[[sources]]", block, 1))


def test_crisis_block_is_validated(content_copy):
    add_crisis(content_copy, "lifeline", extra='colour = "red"\n')
    problems = problems_for(content_copy)
    fields = {(p.file, p.field) for p in problems}
    assert ("content/site.toml", "crisis.source_ids") in fields, problems
    assert ("content/site.toml", "crisis.colour") in fields, problems


def test_crisis_block_loads(content_copy):
    add_crisis(content_copy, "label")
    content = load_content(content_copy, drawn_regions={"jaw"})
    assert content.site.crisis.everyday_words == ("suicidal",)


def test_a_weak_host_beside_a_primary_source_is_allowed(content_copy):
    """A weak page may sit beside a primary source; it must never stand alone."""
    edit(
        content_copy / CONDITION,
        'text = "A sore jaw"\nsource_ids = ["trial"]',
        'text = "A sore jaw"\nsource_ids = ["trial", "mirror"]',
    )
    with (content_copy / CONDITION).open("a", encoding="utf-8") as fh:
        fh.write('\n[[sources]]\nid = "mirror"\ntitle = "A mirror"\n')
        fh.write('url = "https://weak.example.com/copy"\n')
    assert load_content(content_copy, drawn_regions={"jaw"})


def test_a_subdomain_counts_as_its_listed_host(content_copy):
    edit(
        content_copy / CONDITION,
        'url = "https://example.org/trial"',
        'url = "https://www.example.org/trial"',
    )
    assert load_content(content_copy, drawn_regions={"jaw"})


def test_before_items_come_own_first_then_shared_not_for_before_tell(content_copy):
    content = load_content(content_copy, drawn_regions={"jaw"})
    condition = content.conditions[0]
    items = content.before_you_have_it(condition)
    assert [i.kind for i in items] == ["not-for", "tell", "tell"]
    assert items[0] in content.site.before_you_have_it
    assert items[1] in condition.before_you_have_it
    assert items[2] in content.site.before_you_have_it
