"""The guide in Arabic, through AppTest (issue 18): ``?lang=`` links, the
language switch keeping the selection, Back/Forward, hostile values, and
the Arabic panel with its honest review note."""

from __future__ import annotations

import shutil

import pytest

from bodymap.model.loading import load_content
from bodymap.model.strings import cached_strings
from bodymap.ui.keys import Keys
from bodymap.ui.panel import md_text
from bodymap.ui.text import maintenance_texts
from bodymap.vocabulary import CONTENT_DIR, CONTENT_DIR_VARIABLE, LANGUAGE_NAMES
from tests.support.apptest import (
    condition_picker,
    history_step,
    markdown_text,
    picker,
    selection,
    side_picker,
    start,
)

AR = cached_strings(lang="ar")
EN = cached_strings(lang="en")


@pytest.fixture(scope="module")
def arabic(diagram):
    return load_content(CONTENT_DIR, diagram.region_ids(), "ar")


def language_switch(at):
    return next(w for w in at.get("button_group") if w.key == Keys.LANGUAGE_PICKER)


def headings(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#")]


def test_a_link_in_arabic_shows_the_arabic_panel(arabic):
    at = start({"lang": "ar", "region": "neck"})
    neck = arabic.region("neck")
    assert f"## {md_text(neck.label)}" in headings(at)
    words = markdown_text(at)
    for condition in arabic.conditions_for("neck"):
        assert md_text(condition.name) in words
        assert md_text(condition.in_short) in words
    # Pills and list offer the same ids, labelled in Arabic.
    assert picker(at).value == "neck"
    assert picker(at).format_func("jaw") == arabic.region("jaw").label
    assert (
        condition_picker(at).format_func("chronic-migraine")
        == arabic.condition("chronic-migraine").name
    )
    # (what the page showed: format_func itself runs here, outside the session)
    assert [o.content for o in side_picker(at).proto.options] == [
        AR.get("map.front"),
        AR.get("map.back"),
    ]
    # The URL keeps the ids and names the language.
    assert at.query_params["region"] == "neck"
    assert at.query_params["lang"] == "ar"
    assert language_switch(at).value == "ar"
    # Nothing of the English card is left.
    assert md_text(load_content().condition("chronic-migraine").in_short) not in words


def test_the_picker_in_arabic_opens_the_arabic_region(arabic):
    at = start({"lang": "ar"})
    picker(at).set_value("jaw").run()
    assert not at.exception
    assert selection(at)[0] == "jaw"
    assert f"## {md_text(arabic.region('jaw').label)}" in headings(at)
    assert (at.query_params["region"], at.query_params["lang"]) == ("jaw", "ar")


def test_a_condition_link_in_arabic_opens_all_its_arabic_details(arabic):
    at = start({"lang": "ar", "region": "neck", "condition": "chronic-migraine"})
    migraine = arabic.condition("chronic-migraine")
    assert selection(at)[:2] == ("neck", "chronic-migraine")
    words = markdown_text(at)
    assert f"### {md_text(migraine.name)}" in headings(at)
    for part in (migraine.who_for, *migraine.questions, *(s.text for s in migraine.side_effects)):
        assert md_text(part) in words
    assert AR.get("before.heading") in words
    assert len(at.get("image")) == 6  # the step pictures, drawn with the Arabic titles


def test_switching_language_keeps_region_condition_side_and_sites(arabic):
    query = {"region": "neck", "condition": "chronic-migraine", "view": "back", "sites": "1"}
    at = start(query)
    before = selection(at)
    language_switch(at).set_value("ar").run()
    assert not at.exception
    assert selection(at) == before
    assert {k: at.query_params[k] for k in query} == query
    assert at.query_params["lang"] == "ar"
    assert f"### {md_text(arabic.condition('chronic-migraine').name)}" in headings(at)
    language_switch(at).set_value("en").run()
    assert selection(at) == before
    assert at.query_params["lang"] == "en"
    assert f"## {EN.get('page.back')}" not in headings(at)
    assert "## Neck" in headings(at)


def test_switching_language_on_stage_keeps_the_tour_step():
    at = start({"mode": "present", "step": "3"})
    language_switch(at).set_value("ar").run()
    assert not at.exception
    assert (at.query_params["step"], at.query_params["lang"]) == ("3", "ar")
    assert at.session_state[Keys.LANGUAGE] == "ar"
    assert AR.format("presenter.next") in [b.label for b in at.button]


def test_back_and_forward_follow_the_language_in_the_url(arabic):
    at = start({"region": "jaw"})
    history_step(at, {"region": "jaw", "lang": "ar"})
    assert at.session_state[Keys.LANGUAGE] == "ar"
    assert f"## {md_text(arabic.region('jaw').label)}" in headings(at)
    history_step(at, {"region": "jaw", "lang": "en"})
    assert "## Jaw" in headings(at)


@pytest.mark.parametrize(
    ("value", "lang", "notice"),
    [
        ("ar", "ar", False),
        ("AR", "ar", False),  # link words forgive case and spaces
        (" en ", "en", False),
        ("xx", "en", True),
        ("عربي", "en", True),
        ("٣", "en", True),
        ("ar-SA", "ar", False),  # a language tag of Arabic
        ("arabic", "en", True),
        ("a" * 5000, "en", True),
        ("<script>alert(1)</script>", "en", True),
        (["ar", "en"], "en", True),  # repeated
    ],
)
def test_every_lang_value_opens_the_guide(value, lang, notice):
    at = start({"lang": value, "region": "neck"})
    assert at.session_state[Keys.LANGUAGE] == lang
    notices = [i.value for i in at.info]
    assert (EN.get("notices.bad_lang") in notices) is notice
    assert selection(at)[0] == "neck"
    assert at.query_params["lang"] == lang


def test_the_arabic_page_says_nobody_has_reviewed_the_translation_yet():
    at = start({"lang": "ar"})
    words = markdown_text(at)
    assert AR.get("translation.unreviewed").split("{date}")[0] in words
    at = start({"lang": "en"})
    assert EN.get("translation.unreviewed").split("{date}")[0] not in markdown_text(at)


def test_the_switch_names_each_language_in_itself():
    at = start()
    switch = language_switch(at)
    assert [o.content for o in switch.proto.options] == list(LANGUAGE_NAMES.values())
    assert switch.value == "en"  # AppTest's browser has no Arabic locale


def test_a_links_language_notice_goes_once_something_is_chosen():
    at = start({"lang": "fr", "region": "neck"})
    assert EN.get("notices.bad_lang") in [i.value for i in at.info]
    picker(at).set_value("jaw").run()
    assert EN.get("notices.bad_lang") not in [i.value for i in at.info]
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize("broken", ["ui/ar.toml", "ar/conditions/drooling.toml"])
def test_a_broken_arabic_file_shows_the_maintenance_message_not_an_error(
    broken, tmp_path, monkeypatch
):
    """A translation or its catalog broken in a deployed copy: the Arabic
    page shows our short message (Streamlit's error page never)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    path = root / broken
    path.write_text(path.read_text(encoding="utf-8").replace(" = ", " == ", 1), encoding="utf-8")
    monkeypatch.setenv(CONTENT_DIR_VARIABLE, str(root))
    at = start({"lang": "ar", "region": "neck"})
    messages = {EN.get("page.maintenance"), AR.get("page.maintenance"), maintenance_texts()[1]}
    assert messages & {i.value for i in at.info}
