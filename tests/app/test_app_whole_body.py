"""App flows for the whole body: front and back, conditions that light up all
their regions, and the injection-site overlay (AppTest drives the pickers,
the switches and the URL, and reads the map from the chart's proto)."""

from __future__ import annotations

import pytest

from bodymap.model.state import BAD_SITES_NOTICE, BAD_VIEW_NOTICE
from bodymap.render.palette import PALETTE
from bodymap.ui.keys import Keys, map_chart_key
from bodymap.ui.text import text as ui_text
from tests.support.apptest import (
    chart_spec,
    condition_picker,
    highlighted_regions,
    markdown_text,
    painted_regions,
    picker,
    side_picker,
    sites_switch,
    start,
)
from tests.support.paths import condition_ids


def view_titles(spec: dict) -> set[str]:
    return {a["text"] for a in spec["layout"].get("annotations", [])}


def related_regions(at) -> set[str]:
    """Regions painted in the softer "also involved" highlight."""
    return painted_regions(at, PALETTE.related)


def site_dots(spec: dict) -> int:
    """How many injection-site dots the map draws (never hoverable)."""
    return sum(
        len(t["x"])
        for t in spec["data"]
        if t.get("mode") == "markers" and not t.get("name", "").startswith("tap:")
    )


def tap_traces(spec: dict) -> list[dict]:
    return [t for t in spec["data"] if t.get("name", "").startswith("tap:")]


side_switch = side_picker
conditions = condition_picker


def test_front_by_default_and_the_switch_turns_the_body_around():
    at = start()
    assert side_switch(at).value == "front"
    assert any("front" in t for t in view_titles(chart_spec(at)))
    side_switch(at).set_value("back").run()
    titles = view_titles(chart_spec(at))
    assert any("back" in t for t in titles) and not any("front" in t for t in titles)
    assert at.query_params["view"] == "back"
    side_switch(at).set_value("front").run()
    assert "view" not in at.query_params  # the default stays out of the link


def test_both_sides_together_reach_every_region(content):
    at = start()
    carried = {c for t in tap_traces(chart_spec(at)) for c in t["customdata"]}
    side_switch(at).set_value("back").run()
    carried |= {c for t in tap_traces(chart_spec(at)) for c in t["customdata"]}
    assert carried == set(content.region_ids())


def test_a_region_only_seen_from_behind_turns_the_body_around():
    at = start()
    picker(at).set_value("shoulders").run()
    assert side_switch(at).value == "back"
    assert highlighted_regions(at) == {"shoulders"}
    picker(at).set_value("eyes").run()
    assert side_switch(at).value == "front"


def test_the_users_own_side_stands_while_the_region_is_on_it():
    at = start({"region": "neck"})
    side_switch(at).set_value("back").run()
    assert side_switch(at).value == "back"
    assert highlighted_regions(at) == {"neck"}
    picker(at).set_value("arms").run()  # on both sides: no turn
    assert side_switch(at).value == "back"


def test_choosing_a_condition_lights_up_every_region_it_involves(content):
    migraine = content.condition("chronic-migraine")
    assert len(migraine.regions) >= 4
    at = start()
    conditions(at).set_value("chronic-migraine").run()
    spec = chart_spec(at)
    selected = picker(at).value
    assert selected in migraine.regions
    assert highlighted_regions(at) == {selected}
    front_ids = {c for t in tap_traces(spec) for c in t["customdata"]}
    assert related_regions(at) == (set(migraine.regions) - {selected}) & (
        front_ids | {"head", "neck"}
    )
    assert at.query_params["condition"] == "chronic-migraine"
    text = markdown_text(at)
    assert f"### {migraine.name}" in text
    assert "**Treated at:**" in text
    # Moving along the condition's own regions keeps it open.
    picker(at).set_value("shoulders").run()
    assert conditions(at).value == "chronic-migraine"
    assert side_switch(at).value == "back"
    assert highlighted_regions(at) == {"shoulders"}
    # A region it doesn't involve closes it.
    picker(at).set_value("bladder").run()
    assert conditions(at).value is None
    assert related_regions(at) == set()


@pytest.mark.parametrize("condition", condition_ids())
def test_every_condition_can_show_its_injection_sites(condition):
    at = start()
    conditions(at).set_value(condition).run()
    assert site_dots(chart_spec(at)) == 0
    sites_switch(at, condition).set_value(True).run()
    assert not at.exception
    spec = chart_spec(at)
    assert site_dots(spec) > 0, "the side shown must have dots"
    assert at.query_params["sites"] == "1"
    assert at.query_params["condition"] == condition
    text = markdown_text(at)
    assert f"**{ui_text('sites.caption')}**" in text
    # The overlay leaves the tap points alone: same regions as without it.
    carried = {c for t in tap_traces(spec) for c in t["customdata"]}
    assert picker(at).value in carried or picker(at).value in {"head", "neck"}
    sites_switch(at, condition).set_value(False).run()
    assert site_dots(chart_spec(at)) == 0
    assert "sites" not in at.query_params


def test_the_issue_example_link():
    at = start({"view": "back", "region": "neck", "condition": "chronic-migraine", "sites": "1"})
    assert not at.info
    assert side_switch(at).value == "back"
    assert picker(at).value == "neck"
    assert sites_switch(at, "chronic-migraine").value is True
    spec = chart_spec(at)
    assert site_dots(spec) > 0
    assert highlighted_regions(at) == {"neck"}
    assert {"head", "shoulders"} <= related_regions(at)
    # The rest of the 31 sites are on the front: the legend says so.
    assert "more are on the front" in markdown_text(at)
    # and the link stays as it was
    assert dict(at.query_params) == {
        "view": "back",
        "region": "neck",
        "condition": "chronic-migraine",
        "sites": "1",
        "lang": "en",
    }


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"view": "sideways", "region": "neck"}, BAD_VIEW_NOTICE),
        ({"region": "neck", "condition": "chronic-migraine", "sites": "yes"}, BAD_SITES_NOTICE),
        ({"region": "neck", "sites": "1"}, BAD_SITES_NOTICE),
    ],
)
def test_bad_view_and_sites_values_fall_back_with_a_notice(query, notice):
    at = start(query)
    assert [i.value for i in at.info] == [ui_text(notice)]
    assert side_switch(at).value == "front"
    assert site_dots(chart_spec(at)) == 0
    assert picker(at).value == "neck"
    assert "sites" not in at.query_params and "view" not in at.query_params


def test_muscles_on_the_small_whole_body_are_numbered_with_a_key():
    at = start({"region": "arms", "condition": "arm-and-hand-spasticity", "sites": "1"})
    names = [
        a["text"]
        for a in chart_spec(at)["layout"]["annotations"]
        if a.get("name", "").startswith("site-label:body")
    ]
    assert names and all(n.isdigit() for n in names)
    assert "Numbers on the whole body: 1 Biceps" in markdown_text(at)


def test_sites_switch_in_an_open_condition_shows_its_sites():
    at = start({"region": "eyes", "condition": "blepharospasm"})
    assert site_dots(chart_spec(at)) == 0
    sites_switch(at, "blepharospasm").set_value(True).run()
    assert conditions(at).value == "blepharospasm"
    assert site_dots(chart_spec(at)) > 0
    assert at.query_params["sites"] == "1"
    # Opening the other condition's card closes the sites with the first;
    # its own switch then moves the dots to it.
    next(b for b in at.button if b.key == "open_strabismus").click().run()
    assert conditions(at).value == "strabismus"
    assert site_dots(chart_spec(at)) == 0
    assert sites_switch(at, "strabismus").value is False
    sites_switch(at, "strabismus").set_value(True).run()
    assert conditions(at).value == "strabismus"
    assert site_dots(chart_spec(at)) > 0


def test_a_stale_sites_toggle_of_a_card_no_longer_shown_opens_nothing(monkeypatch, app_data):
    """A rerun that interrupts a run can call an old card's toggle callback
    (streamlit/streamlit#8365): the jaw card's toggle must not open its
    condition at the eyes, nor an echo of the toggle's own value change it."""
    import types

    import bodymap.ui.callbacks as callbacks
    from bodymap.model.state import Selection

    condition, key = "bruxism-and-jaw-joint-pain", f"{Keys.SITES_SWITCH}_bruxism-and-jaw-joint-pain"
    state = {Keys.SELECTION: Selection("eyes"), key: True}
    monkeypatch.setattr(callbacks, "st", types.SimpleNamespace(session_state=state))
    callbacks.on_sites_switch(condition, key, app_data)
    assert state[Keys.SELECTION] == Selection("eyes")
    # At the jaw, the same toggle turned on is the user's: the sites show.
    state[Keys.SELECTION] = Selection("jaw")
    callbacks.on_sites_switch(condition, key, app_data)
    assert state[Keys.SELECTION].condition == condition and state[Keys.SELECTION].sites
    # An echo of "on" while the sites already show changes nothing.
    state[Keys.NOTICE] = "kept"
    callbacks.on_sites_switch(condition, key, app_data)
    assert state[Keys.NOTICE] == "kept"


def test_the_picker_echoing_the_region_the_map_selected_keeps_the_map_chart(monkeypatch, app_data):
    """After a map tap the app sets the picker; the browser can report that
    same value back as a change. It must not start a fresh map chart (that
    replaced the chart mid-tap and lost the next tap)."""
    import types

    import bodymap.ui.callbacks as callbacks
    from bodymap.model.state import Selection

    state = {
        Keys.SELECTION: Selection("eyes"),
        Keys.GENERATIONS: {Keys.MAP: 3},
        "region_picker_0": "eyes",
    }
    monkeypatch.setattr(callbacks, "st", types.SimpleNamespace(session_state=state))
    callbacks.on_picker_change("region_picker_0", app_data)
    assert callbacks.map_generation() == 3 and state[Keys.SELECTION].region == "eyes"
    # A real pick of another region still moves to it, on a fresh chart,
    # and the pills keep their key (they show the pick already).
    state["region_picker_0"] = "jaw"
    callbacks.on_picker_change("region_picker_0", app_data)
    assert state[Keys.SELECTION].region == "jaw" and callbacks.map_generation() == 4
    assert callbacks.widget_key(Keys.PICKER) == "region_picker_0"
    assert callbacks.widget_key(Keys.CONDITION_PICKER) == "condition_picker_0"


def test_a_change_elsewhere_gives_the_pills_a_fresh_key(monkeypatch, app_data):
    """A value the browser sent before it saw the map's change arrives under
    the pills' old key, which the next run no longer draws: Streamlit drops
    it instead of reporting an old region as a new pick (no timing window)."""
    import types

    import bodymap.ui.callbacks as callbacks
    from bodymap.model.state import Selection

    chart = map_chart_key(0)
    state = {Keys.SELECTION: Selection("eyes")}
    monkeypatch.setattr(callbacks, "st", types.SimpleNamespace(session_state=state))
    state[chart] = {"selection": {"points": [{"customdata": "jaw", "curve_number": 0}]}}
    callbacks.on_map_select(chart, app_data, {0: "body"})
    assert state[Keys.SELECTION].region == "jaw"
    assert callbacks.widget_key(Keys.PICKER) == "region_picker_1"
    assert callbacks.widget_key(Keys.SIDE_PICKER) == "side_picker_0", "the side didn't change"
    # The old pills' value, sent before the browser saw the tap, is not a pick.
    state["region_picker_0"] = "eyes"
    callbacks.on_picker_change("region_picker_0", app_data)
    assert state[Keys.SELECTION].region == "jaw"
    # Nor is a tap on a map chart the last run replaced.
    state[Keys.GENERATIONS] = {**state[Keys.GENERATIONS], Keys.MAP: 5}
    state[chart] = {"selection": {"points": [{"customdata": "eyes", "curve_number": 0}]}}
    callbacks.on_map_select(chart, app_data, {0: "body"})
    assert state[Keys.SELECTION].region == "jaw"
