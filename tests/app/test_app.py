"""App flows through Streamlit's AppTest: picker, deep links, bad links, back.

AppTest cannot tap the Plotly chart (it is an UnknownElement), so these drive
the synced picker and the URL, and read the figure from the chart's proto.
"""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from bodymap.model.state import BAD_CONDITION_NOTICE, BAD_LINK_NOTICE
from bodymap.model.timeline import phases, timeline_unit, timing_words, words_on_axis
from bodymap.render.charts import FOCUS_TINT, TAP_TRACE
from bodymap.ui.keys import Keys
from bodymap.ui.panel import md_link, md_text
from bodymap.ui.text import maintenance_texts
from bodymap.ui.text import text as ui_text
from bodymap.vocabulary import STATUSES
from tests.support.apptest import (
    annotation_text,
    chart_keys,
    chart_name,
    chart_spec,
    condition_picker,
    highlighted_regions,
    history_step,
    markdown_text,
    picker,
    selection,
    start,
)
from tests.support.files import edit
from tests.support.paths import ROOT, condition_ids, region_ids


def test_overview_explains_the_app_and_shows_the_map(content):
    at = start()
    text = markdown_text(at)
    assert md_text(content.site.intro) in text
    assert picker(at).value is None
    assert not at.info  # no notice
    assert highlighted_regions(at) == set()
    assert "region" not in at.query_params


def test_map_has_tap_points_for_every_region(diagram):
    spec = chart_spec(start())
    tap_traces = [t for t in spec["data"] if t.get("name", "").startswith("tap:")]
    assert tap_traces, "no invisible tap-point traces"
    carried = {c for t in tap_traces for c in t["customdata"]}
    assert carried == set(diagram.side_views("front")[0].tappable_ids()) | set(
        diagram.side_views("front")[1].tappable_ids()
    ), "the front's regions (tests/app/test_app_whole_body.py checks both sides cover all)"
    for t in tap_traces:
        assert t["marker"]["color"] == "rgba(0,0,0,0)"
    layout = spec["layout"]
    assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]


@pytest.mark.parametrize("region_id", region_ids())
def test_picker_opens_region_panel(region_id, content, strings):
    at = start()
    picker(at).set_value(region_id).run()
    assert not at.exception
    region = content.region(region_id)
    text = markdown_text(at)
    assert f"## {region.label}" in text
    for condition in content.conditions_for(region_id):
        # Compact cards (issue 17): the details are opened one at a time
        # (test_opening_a_condition_shows_all_its_details).
        assert f"**{md_text(condition.name)}**" in text
        assert (
            f"badge[{STATUSES[condition.approval.status].icon} {condition.approval.badge(strings)}]"
            in (text)
        )
        assert md_text(condition.in_short) in text
        assert f"### {condition.name}" not in text
    assert not at.get("image")
    assert "FDA safety warning" in text
    assert md_text(content.site.boxed_warning_short) in text
    assert md_text(content.site.boxed_warning) in text  # in the "full warning" expander
    for sentence in content.site.boxed_warning_sentences:  # and the label's own words
        assert md_text(sentence.label) in text
    assert "#### Before you have it" not in text
    assert md_text(content.site.disclaimer) in text
    assert content.last_reviewed_for(region_id).strftime("%-d %B %Y") in text
    assert at.query_params["region"] == region_id
    assert highlighted_regions(at) == {region_id}


def _timeline_label(at: AppTest) -> str:
    """The accessible name of the one timeline SVG on the page."""
    import html
    import re

    (svg,) = [m.value for m in at.markdown if m.value.lstrip().startswith("<svg")]
    return html.unescape(re.search(r'aria-label="([^"]*)"', svg).group(1))


@pytest.mark.parametrize("condition_id", condition_ids())
def test_opening_a_condition_shows_all_its_details(condition_id, content, strings):
    condition = content.condition(condition_id)
    region_id = condition.regions[0]
    at = start({"region": region_id, "condition": condition_id})
    assert not at.exception
    text = markdown_text(at)
    assert f"### {condition.name}" in text
    assert md_text(condition.summary) in text
    for timing in condition.timing.values():
        lead = "Not known" if timing.established else "No minimum wait"
        shown = timing_words(timing, strings) if timing.known else f"{lead}: {md_text(timing.note)}"
        assert shown in text
    for effect in condition.side_effects:
        assert md_text(effect.text) in text
    for source in condition.sources:
        assert md_link(source.title, source.url) in text
    mechanism = content.mechanism(condition.tissue)
    assert md_text(mechanism.summary) in text
    for step in mechanism.steps:
        assert md_text(step.text) in text
    timeline = _timeline_label(at)
    unit = timeline_unit(condition)
    for phase in phases(condition, strings):
        assert phase.label in timeline and words_on_axis(phase, unit, strings) in timeline
    assert len(at.get("image")) == 6, "six steps, for the open condition only"
    assert text.count("#### Before you have it") == 1
    for item in content.before_you_have_it(condition):
        assert md_text(item.text) in text, item.text
    for question in condition.questions:
        assert md_text(question) in text
    note = condition.region_notes.get(region_id)
    if note:
        assert md_text(note) in text
    # The safety box and the handout stay with the region.
    assert md_text(content.site.boxed_warning_short) in text
    assert at.query_params["condition"] == condition_id


def test_switching_regions_updates_panel_url_and_map():
    at = start()
    picker(at).set_value("jaw").run()
    picker(at).set_value("bladder").run()
    text = markdown_text(at)
    assert "## Bladder" in text and "## Jaw" not in text
    assert at.query_params["region"] == "bladder"
    assert highlighted_regions(at) == {"bladder"}


@pytest.mark.parametrize("region_id", region_ids())
def test_deep_link_opens_region(region_id, content):
    at = start({"region": region_id})
    assert picker(at).value == region_id
    assert f"## {content.region(region_id).label}" in markdown_text(at)
    assert not at.info


HOSTILE = {
    "empty": "",
    "unknown": "elbow",
    "script": "<script>alert(1)</script>",
    "ten-thousand-chars": "x" * 10_000,
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "repeated": ["jaw", "neck"],
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_bad_deep_link_shows_overview_and_notice(value, content):
    at = start({"region": value})
    assert [i.value for i in at.info] == [ui_text(BAD_LINK_NOTICE)]
    assert picker(at).value is None
    assert md_text(content.site.intro) in markdown_text(at)
    raw_values = value if isinstance(value, list) else [value]
    page_text = markdown_text(at) + " ".join(i.value for i in at.info)
    for raw in raw_values:
        if raw and raw not in content.region_ids():  # region names are legitimately on the page
            assert raw not in page_text
    assert "region" not in at.query_params  # the bad link is dropped from the URL


def test_notice_goes_away_after_choosing_a_region():
    at = start({"region": "<b>bad</b>"})
    picker(at).set_value("neck").run()
    assert not at.info
    assert at.query_params["region"] == "neck"


def map_chart_key(at: AppTest) -> str:
    (chart,) = [e for e in at.get("plotly_chart") if chart_name(e.key) == Keys.MAP]
    return chart.key


@pytest.fixture
def tap_map(monkeypatch, app_data):
    """``tap_map(at, region_id, view=None)``: AppTest cannot tap the chart:
    set its state as the frontend reports a tap on one of the region's tap
    points (in ``view``, else the first view that has it), and call its
    callback as Streamlit would."""

    def tap(at: AppTest, region_id: str, view: str | None = None) -> None:
        key = map_chart_key(at)
        data = chart_spec(at)["data"]
        curve = next(
            i
            for i, t in enumerate(data)
            if t["name"].startswith("tap:")
            and (view is None or t["name"] == f"tap:{view}")
            and region_id in t["customdata"]
        )
        point = {"customdata": region_id, "curve_number": curve, "point_index": 0}
        at.session_state[key] = {"selection": {"points": [point]}}
        from bodymap.ui import callbacks

        with monkeypatch.context() as m:
            m.setattr(callbacks.st, "session_state", at.session_state)
            views = {i: t["name"][4:] for i, t in enumerate(data) if t["name"].startswith("tap:")}
            callbacks.on_map_select(key, app_data, views)
        at.run()

    return tap


def test_map_selection_event_is_decoded_by_the_callback(tap_map):
    at = start()
    assert picker(at).value is None
    tap_map(at, "jaw")
    assert picker(at).value == "jaw"
    assert at.query_params["region"] == "jaw"
    assert "## Jaw" in markdown_text(at)
    assert highlighted_regions(at) == {"jaw"}


def test_a_map_tap_keeps_the_chart_and_a_pick_elsewhere_renews_it(tap_map):
    """A tap leaves the chart as it is (same key, same figure: no redraw in
    the browser), only the highlight moves. A selection made off the map
    gives a fresh chart, so the point still selected in the old one can't
    swallow the next tap on it as "unselect"."""
    at = start()
    tap_map(at, "jaw")
    key, spec = map_chart_key(at), chart_spec(at)
    tap_map(at, "neck", view="closeup")  # the same view (the whole body has a neck too)
    assert highlighted_regions(at) == {"neck"}
    assert map_chart_key(at) == key and chart_spec(at) == spec
    picker(at).set_value("eyes").run()
    assert highlighted_regions(at) == {"eyes"}
    assert map_chart_key(at) != key and chart_spec(at) == spec


def test_a_tap_in_the_other_view_renews_the_chart(tap_map):
    """Plotly keeps one tapped point selected per view: after a tap in the
    close-up, the whole body's earlier point would swallow the next tap on it
    as "unselect". So a tap in the other view gives a fresh chart."""
    at = start()
    tap_map(at, "underarm", view="body")
    first = map_chart_key(at)
    tap_map(at, "bladder", view="body")
    assert map_chart_key(at) == first  # same view: the chart stays
    tap_map(at, "jaw", view="closeup")
    assert map_chart_key(at) != first
    assert highlighted_regions(at) == {"jaw"}
    second = map_chart_key(at)
    tap_map(at, "eyes", view="closeup")
    assert map_chart_key(at) == second


def test_back_and_forward_are_followed():
    """Back/Forward: the browser reruns with an older URL and no widget change."""
    at = start({"region": "jaw"})
    picker(at).set_value("neck").run()
    assert at.query_params["region"] == "neck"
    history_step(at, {"region": "jaw"})  # the browser went Back
    assert picker(at).value == "jaw"
    assert "## Jaw" in markdown_text(at)
    assert not at.info, "Back to a URL the app wrote shows no notice"
    history_step(at, {"region": "<b>"})  # an address edited in history is checked too
    assert [i.value for i in at.info] == [ui_text(BAD_LINK_NOTICE)]
    assert picker(at).value is None


def test_stale_url_sent_with_a_pick_does_not_override_it():
    """A pick whose request still carries the old URL keeps the pick."""
    at = start({"region": "jaw"})
    at.query_params["region"] = "eyes"  # an old URL the browser had not updated yet
    picker(at).set_value("bladder").run()
    assert picker(at).value == "bladder"
    assert at.query_params["region"] == "bladder"


def test_back_button_returns_to_overview(content):
    at = start({"region": "underarm"})
    at.button(key=Keys.BACK).click().run()
    assert picker(at).value is None
    assert "region" not in at.query_params
    assert md_text(content.site.intro) in markdown_text(at)


def test_clearing_the_picker_returns_to_overview(content):
    at = start({"region": "eyes"})
    picker(at).set_value(None).run()
    assert "region" not in at.query_params
    assert md_text(content.site.intro) in markdown_text(at)


def test_broken_content_shows_maintenance_message(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    edit(
        content / "conditions/overactive-bladder.toml", "[approval]", "[approval]\nstatus_typo = 1"
    )
    monkeypatch.setenv("BODYMAP_CONTENT_DIR", str(content))
    at = start()
    assert not at.exception
    assert any("being updated" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    assert "Traceback" not in markdown_text(at)


def test_copied_content_is_served_when_valid(tmp_path, monkeypatch):
    """The content folder override itself works (so the test above is meaningful)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setenv("BODYMAP_CONTENT_DIR", str(content))
    at = start()
    assert not at.info
    assert chart_keys(at) == [Keys.MAP, Keys.COMPARISON]


# ------------------------------------------------------------- comparison


def comparison_tap_trace(at: AppTest) -> dict:
    spec = chart_spec(at, Keys.COMPARISON)
    (tap,) = [t for t in spec["data"] if t["name"] == TAP_TRACE]
    return tap


def comparison_ids(at: AppTest) -> list[str]:
    return comparison_tap_trace(at)["customdata"]


def focused_rows(at: AppTest) -> list[str]:
    tap = comparison_tap_trace(at)
    colours = tap["marker"]["color"]
    return [cid for cid, c in zip(tap["customdata"], colours, strict=True) if c == FOCUS_TINT]


def test_overview_compares_every_condition_longest_first(content):
    at = start()
    ids = comparison_ids(at)
    assert sorted(ids) == sorted(c.id for c in content.conditions)
    assert ids[0] == "neurogenic-bladder" and ids[-2:] == [
        "drooling",
        "bruxism-and-jaw-joint-pain",
    ]
    text = markdown_text(at)
    for condition in content.conditions:  # the same list in words
        assert md_text(condition.name) in text
    spec_text = annotation_text(chart_spec(at, Keys.COMPARISON))
    for condition in content.conditions:
        assert condition.name in spec_text


def test_comparison_can_be_grouped_by_body_area(content):
    at = start()
    at.button_group(key=Keys.COMPARISON_ORDER).set_value("region").run()
    ids = comparison_ids(at)
    assert ids[:3] == ["frown-and-forehead-lines", "depression", "chronic-migraine"]
    assert len(ids) == len(content.conditions)
    headings = annotation_text(chart_spec(at, Keys.COMPARISON))
    assert "HEAD" in headings and "BLADDER" in headings


@pytest.mark.parametrize("region_id", region_ids())
def test_every_region_page_has_the_map_then_the_comparison_and_no_timeline(region_id, content):
    """A region with nothing open draws no timeline (issue 17: the details
    of a closed condition are not built), and no chart but map and comparison."""
    at = start({"region": region_id})
    assert chart_keys(at) == [Keys.MAP, Keys.COMPARISON]
    assert not [m for m in at.markdown if m.value.lstrip().startswith("<svg")]
    assert sorted(comparison_ids(at)) == sorted(c.id for c in content.conditions)
    assert focused_rows(at) == []


@pytest.fixture
def tap_comparison(monkeypatch, app_data):
    """``tap_comparison(at, condition_id)``: AppTest cannot tap the chart;
    call its callback as Streamlit would."""

    def tap(at: AppTest, condition_id: str) -> None:
        from bodymap.ui import callbacks

        (chart,) = [e for e in at.get("plotly_chart") if chart_name(e.key) == Keys.COMPARISON]
        at.session_state[chart.key] = {"selection": {"points": [{"customdata": condition_id}]}}
        with monkeypatch.context() as m:
            m.setattr(callbacks.st, "session_state", at.session_state)
            callbacks.on_comparison_select(chart.key, app_data)
        at.run()
        assert not at.exception

    return tap


def condition_order(at: AppTest) -> list[str]:
    """Condition cards in the panel, top to bottom."""
    return [
        c.key.removeprefix("details_")
        for c in at.get("flex_container")
        if (c.key or "").startswith("details_")
    ]


def test_tapping_a_comparison_row_opens_the_condition_on_the_map(tap_comparison):
    at = start()
    tap_comparison(at, "chronic-migraine")
    assert picker(at).value == "head"
    assert highlighted_regions(at) == {"head"}
    assert condition_order(at)[0] == "chronic-migraine"
    assert at.query_params["region"] == "head"
    assert at.query_params["condition"] == "chronic-migraine"
    assert focused_rows(at) == ["chronic-migraine"]  # its row is tinted in the comparison


def card_order(at: AppTest) -> list[str]:
    """The compact cards in the panel, top to bottom."""
    return [
        c.key.removeprefix("card_")
        for c in at.get("flex_container")
        if (c.key or "").startswith("card_")
    ]


def test_an_opened_condition_shows_its_details_and_picking_another_region_clears_it(
    tap_comparison, content
):
    at = start()
    tap_comparison(at, "depression")
    usual = [c.id for c in content.conditions_for("forehead")]
    assert usual[0] != "depression"  # approved uses come first
    assert card_order(at) == usual  # the cards keep their order: every use named
    assert condition_order(at) == ["depression"]  # and only its details are built
    picker(at).set_value("neck").run()
    assert "condition" not in at.query_params
    picker(at).set_value("forehead").run()
    assert card_order(at) == usual
    assert condition_order(at) == []


@pytest.mark.parametrize(
    ("query", "region", "first"),
    [
        ({"condition": "overactive-bladder"}, "bladder", "overactive-bladder"),
        ({"region": "neck", "condition": "chronic-migraine"}, "neck", "chronic-migraine"),
        ({"region": "jaw", "condition": "chronic-migraine"}, "head", "chronic-migraine"),
        ({"region": "<b>", "condition": "Cervical-Dystonia "}, "neck", "cervical-dystonia"),
    ],
)
def test_condition_link_opens_it_at_a_region_that_treats_it(query, region, first):
    at = start(query)
    # A bad region beside a good condition: the condition opens, and the
    # link's bad part is still mentioned.
    bad_region = query.get("region") == "<b>"
    assert [i.value for i in at.info] == ([ui_text(BAD_LINK_NOTICE)] if bad_region else [])
    assert picker(at).value == region
    assert condition_order(at)[0] == first
    assert at.query_params["condition"] == first
    assert at.query_params["region"] == region


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_bad_condition_link_keeps_the_region_and_says_so(value, content):
    at = start({"region": "jaw", "condition": value})
    assert [i.value for i in at.info] == [ui_text(BAD_CONDITION_NOTICE)]
    assert picker(at).value == "jaw"
    assert "condition" not in at.query_params
    page_text = markdown_text(at)
    for raw in value if isinstance(value, list) else [value]:
        if raw and raw not in content.region_ids():
            assert raw not in page_text


def test_back_to_a_condition_link_opens_it_again(monkeypatch):
    """Back/Forward restores the condition as well as the region."""
    at = start({"region": "forehead", "condition": "depression"})
    assert condition_order(at)[0] == "depression"
    picker(at).set_value("neck").run()
    assert "condition" not in at.query_params
    history_step(at, {"region": "forehead", "condition": "depression"})  # Back
    assert picker(at).value == "forehead"
    assert condition_order(at)[0] == "depression"
    assert focused_rows(at) == ["depression"]


def test_each_comparison_tap_gets_a_fresh_chart(tap_comparison):
    """A fresh key per tap: a row tapped before is selected again, not toggled off."""
    at = start()
    keys = []
    for condition_id in ("overactive-bladder", "overactive-bladder", "neck-bands"):
        tap_comparison(at, condition_id)
        keys += [e.key for e in at.get("plotly_chart") if chart_name(e.key) == Keys.COMPARISON]
        assert condition_order(at)[0] == condition_id
    assert len(set(keys)) == 3


def test_comparison_tap_keeps_a_region_that_treats_the_condition(tap_comparison):
    at = start({"region": "neck"})
    tap_comparison(at, "chronic-migraine")  # treated at the head and the neck
    assert picker(at).value == "neck"
    assert condition_order(at)[0] == "chronic-migraine"
    tap_comparison(at, "overactive-bladder")
    assert picker(at).value == "bladder"


def test_condition_list_opens_a_condition_and_follows_the_map(tap_comparison, content):
    """The keyboard and screen-reader way to open a row of the comparison."""
    at = start()
    conditions = condition_picker(at)
    assert conditions.value is None
    assert sorted(conditions.options) == sorted(c.name for c in content.conditions)
    conditions.set_value("strabismus").run()
    assert picker(at).value == "eyes"
    assert condition_order(at)[0] == "strabismus"
    assert at.query_params["condition"] == "strabismus"
    picker(at).set_value("jaw").run()  # picking a body area clears it
    assert condition_picker(at).value is None
    tap_comparison(at, "depression")  # and it follows a comparison tap
    assert condition_picker(at).value == "depression"


@pytest.mark.parametrize("condition_id", condition_ids())
def test_condition_link_shows_its_before_you_have_it_list(condition_id, content):
    """Opened from a link, every card lists who should not have it and what to
    tell the clinician: its own items, then those shared by every use."""
    condition = content.condition(condition_id)
    at = start({"region": condition.regions[0], "condition": condition_id})
    text = markdown_text(at)
    before = [m.value for m in at.markdown if m.value.startswith(":material/block:")]
    assert before, "no 'Do not have it if' list"
    shorts = ", ".join(i.short for i in content.site.before_you_have_it if i.short)
    also = ui_text("before.also_tell", items=md_text(shorts))
    assert also in text, "the one-line summary of the shared items"
    items = content.before_you_have_it(condition)
    for item in items:
        assert md_text(item.text) in text
    own = [i for i in items if i in condition.before_you_have_it]
    shared = [i for i in items if i not in condition.before_you_have_it]
    first_own = (
        min(text.index(md_text(i.text)) for i in own if i.kind == "tell")
        if any(i.kind == "tell" for i in own)
        else None
    )
    first_shared_tell = min(text.index(md_text(i.text)) for i in shared if i.kind == "tell")
    if first_own is not None:
        assert first_own < first_shared_tell, "the condition's own items come first"


def test_depression_card_shows_the_crisis_line_without_any_search(content):
    at = start({"region": "forehead", "condition": "depression"})
    assert not at.text_input(key=Keys.SEARCH).value
    crisis = content.site.crisis
    assert any(md_text(crisis.text) in w.value for w in at.warning)
    # Only the depression card's details carry it: not another condition's
    # at the same region, nor the forehead's compact cards, nor another region.
    for query in (
        {"region": "forehead", "condition": "frown-and-forehead-lines"},
        {"region": "forehead"},
        {"region": "eyes"},
    ):
        other = start(query)
        assert not any(md_text(crisis.text) in w.value for w in other.warning), query


def test_a_failure_in_the_map_and_panel_shows_the_short_message_there_only(monkeypatch, caplog):
    """One error path (issue 16): an exception while drawing the panel after
    a tap shows our short message in that part, logs the traceback once,
    and leaves the rest of the page (search, comparison) working."""
    from bodymap.ui import page

    at = start()

    def broken(*args, **kwargs):
        raise RuntimeError("a broken card")

    monkeypatch.setattr(page, "render_region_panel", broken)
    with caplog.at_level("ERROR"):
        picker(at).set_value("jaw").run()
    assert not at.exception, "no Streamlit error box"
    _, message = maintenance_texts()
    assert [i.value for i in at.info].count(message) == 1
    assert chart_keys(at) == [Keys.MAP, Keys.COMPARISON], "the rest of the page is still there"
    logged = [r for r in caplog.records if r.exc_info and "a broken card" in str(r.exc_info[1])]
    assert len(logged) == 1, "the traceback is logged once"
    monkeypatch.undo()
    picker(at).set_value("neck").run()  # the next tap works again
    assert "## Neck" in markdown_text(at)


def test_a_failing_callback_shows_the_short_message_and_keeps_the_selection(monkeypatch, caplog):
    """Callbacks run before the script, outside the page's handlers: a
    failure in one is logged once and shows our message, not Streamlit's."""
    from bodymap.ui import callbacks

    at = start({"region": "neck"})

    def broken(*args, **kwargs):
        raise RuntimeError("a broken pick")

    monkeypatch.setattr(callbacks, "_choose_region", broken)
    with caplog.at_level("ERROR"):
        picker(at).set_value("jaw").run()
    assert not at.exception, "no Streamlit error box"
    _, message = maintenance_texts()
    assert [i.value for i in at.info].count(message) == 1
    logged = [r for r in caplog.records if r.exc_info and "a broken pick" in str(r.exc_info[1])]
    assert len(logged) == 1, "the traceback is logged once"
    assert selection(at)[0] == "neck" and at.query_params["region"] == "neck", "nothing half-done"
    monkeypatch.undo()
    picker(at).set_value("jaw").run()
    assert "## Jaw" in markdown_text(at)
    assert message not in [i.value for i in at.info], "shown once, not on every run after"
