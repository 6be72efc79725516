"""App flows for the consultation room and the stage (AppTest): search in
everyday words, questions to ask, the handout buttons, presenter mode."""

from __future__ import annotations

import pytest

from bodymap.model.state import BAD_STEP_NOTICE
from bodymap.ui.keys import Keys
from bodymap.ui.text import text as ui_text
from tests.support.apptest import markdown_text, selection, start


@pytest.fixture
def stops(content):
    """The presenter's tour, stop by stop."""
    return content.tour.stops


def search_box(at):
    return at.text_input(key=Keys.SEARCH)


def hit_buttons(at) -> list:
    return [b for b in at.button if (b.key or "").startswith(f"{Keys.SEARCH_HIT}_")]


# ------------------------------------------------------------------ search


def test_search_box_is_labelled_and_empty_at_first():
    at = start()
    assert search_box(at).label == ui_text("search.label")
    assert search_box(at).value == ""
    assert hit_buttons(at) == []


def test_search_finds_and_opens_a_condition(content):
    at = start()
    search_box(at).input("sweaty hands").run()
    buttons = hit_buttons(at)
    condition = content.condition("hand-and-foot-sweating")
    assert buttons[0].key == f"{Keys.SEARCH_HIT}_{condition.id}"
    assert condition.name in buttons[0].label
    buttons[0].click().run()
    assert not at.exception
    assert selection(at)[0] == "hands"
    assert selection(at)[1] == condition.id
    assert at.query_params["region"] == "hands"
    assert at.query_params["condition"] == condition.id
    assert search_box(at).value == ""  # the box is cleared, the results go away
    assert hit_buttons(at) == []
    assert f"### {condition.name}" in markdown_text(at)


def test_search_for_a_condition_at_several_regions_opens_its_first_region(content):
    at = start({"region": "underarm"})
    search_box(at).input("headaches most days").run()
    hit_buttons(at)[0].click().run()
    condition = content.condition("chronic-migraine")
    assert selection(at)[0] == condition.regions[0]
    assert selection(at)[1] == "chronic-migraine"


def test_search_with_no_match_is_kind_and_lists_everything(content):
    at = start()
    search_box(at).input("broken leg").run()
    assert any("couldn't find" in i.value and "broken leg" in i.value for i in at.info)
    keys = {b.key for b in hit_buttons(at)}
    assert keys == {f"{Keys.SEARCH_HIT}_all_{c.id}" for c in content.conditions}
    at.button(key=f"{Keys.SEARCH_HIT}_all_strabismus").click().run()
    assert selection(at)[1] == "strabismus"


def test_search_for_a_use_not_covered_names_it(content):
    at = start()
    search_box(at).input("crow's feet").run()
    use = next(u for u in content.other_uses if "crow" in u.id)
    texts = [i.value for i in at.info]
    assert any(use.name in t and "Sources:" in t for t in texts), texts
    assert not any("couldn't find" in t for t in texts)


def test_typed_markup_is_shown_as_text():
    at = start()
    search_box(at).input("**bold** [x](http://evil)").run()
    assert not at.exception
    shown = " ".join(i.value for i in at.info)
    assert "\\*\\*bold\\*\\*" in shown and "\\[x\\]" in shown


# -------------------------------------------------- questions and the handout


@pytest.mark.parametrize("condition_id", ["overactive-bladder", "neurogenic-bladder"])
def test_questions_to_ask_are_under_each_condition(condition_id, content):
    at = start({"region": "bladder", "condition": condition_id})
    text = markdown_text(at)
    for question in content.condition(condition_id).questions:
        assert question.replace("?", "") in text.replace("?", ""), question
    assert text.count("**Questions to ask your clinician**") == 1  # the open one's only


def test_handout_buttons_offer_pdf_and_picture():
    at = start({"region": "neck", "condition": "cervical-dystonia"})
    buttons = at.get("download_button")
    labels = sorted(b.proto.label for b in buttons)
    assert labels == ["Download PDF", "Download PNG"]
    assert "Cervical dystonia" in markdown_text(at) or "Neck muscle spasms" in markdown_text(at)
    paper = at.button_group(key=Keys.HANDOUT_PAPER)
    assert paper.value in ("a4", "letter")


# ---------------------------------------------------------- presenter mode


def heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("# "))[2:]


def test_presenter_link_opens_that_stop(content, stops):
    step = next(i for i, s in enumerate(stops, start=1) if s.condition)
    stop = stops[step - 1]
    at = start({"mode": "present", "step": str(step)})
    assert heading(at) == stop.title
    assert selection(at)[0] == stop.region
    assert selection(at)[1] == stop.condition
    text = markdown_text(at)
    # Only the stop's condition is shown, not every use at the region.
    shown = [c for c in content.conditions_for(stop.region) if f"### {c.name}" in text]
    assert [c.id for c in shown] == [stop.condition]
    assert at.toggle(key=Keys.PRESENT).value is True
    # No search, picker or comparison on stage.
    assert not any(t.key == Keys.SEARCH for t in at.text_input)
    assert "## How long does each treatment last?" not in text
    progress = at.get("progress")[0]
    assert f"Stop {step} of {len(stops)}" in progress.proto.text


def test_next_and_previous_move_the_tour_and_the_url(stops):
    at = start({"mode": "present"})
    assert at.button(key=Keys.TOUR_PREV).disabled
    at.button(key=Keys.TOUR_NEXT).click().run()
    assert at.query_params["step"] == "2"
    assert heading(at) == stops[1].title
    at.button(key=Keys.TOUR_NEXT).click().run()
    at.button(key=Keys.TOUR_PREV).click().run()
    assert at.query_params["step"] == "2"
    assert at.query_params["mode"] == "present"


def test_the_whole_tour_can_be_walked_to_the_end(content, stops):
    at = start({"mode": "present"})
    seen = [heading(at)]
    for _ in range(len(stops) - 1):
        at.button(key=Keys.TOUR_NEXT).click().run()
        assert not at.exception
        seen.append(heading(at))
    assert seen == [s.title for s in stops]
    assert at.button(key=Keys.TOUR_NEXT).disabled
    opened = {at_stop.condition for at_stop in stops if at_stop.condition}
    assert opened == {c.id for c in content.conditions}


def test_bad_step_starts_at_the_beginning_with_a_notice(stops):
    at = start({"mode": "present", "step": "999"})
    assert heading(at) == stops[0].title
    assert any(ui_text(BAD_STEP_NOTICE) in i.value for i in at.info)


def test_switch_turns_presenter_mode_on_and_off(stops):
    at = start({"region": "jaw"})
    at.toggle(key=Keys.PRESENT).set_value(True).run()
    assert at.query_params["mode"] == "present"
    assert at.query_params["step"] == "1"
    assert "region" not in at.query_params
    assert heading(at) == stops[0].title
    at.button(key=Keys.TOUR_NEXT).click().run()
    at.toggle(key=Keys.PRESENT).set_value(False).run()
    assert "mode" not in at.query_params and "step" not in at.query_params
    # Leaving the tour keeps the audience where the talk was.
    assert selection(at)[0] == stops[1].region
    assert at.query_params["region"] == stops[1].region
    assert any(t.key == Keys.SEARCH for t in at.text_input)


def test_high_contrast_switch_follows_the_url():
    at = start({"mode": "present", "step": "3"})
    at.toggle(key=Keys.CONTRAST).set_value(True).run()
    assert at.query_params["contrast"] == "high"
    assert at.query_params["step"] == "3"
    at.toggle(key=Keys.CONTRAST).set_value(False).run()
    assert "contrast" not in at.query_params


def test_words_of_distress_show_the_crisis_line_first():
    at = start()
    search_box(at).input("I feel hopeless").run()
    assert at.warning, "no crisis message"
    assert "988" in at.warning[0].value
    assert not any("couldn't find" in i.value for i in at.info)
