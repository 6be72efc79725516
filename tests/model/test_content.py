"""The real content: complete, consistent, sourced and in plain words."""

from __future__ import annotations

import re
import shutil

from bodymap.check import run_checks
from bodymap.model import limits
from bodymap.model.content import TIMING_KEYS
from bodymap.model.loading import load_content
from bodymap.model.readability import CARD_CEILING, grade_level, patient_texts
from bodymap.model.sources import load_source_hosts
from bodymap.vocabulary import CONTENT_DIR
from tests.support import shipped
from tests.support.files import edit

# What the product promises for each region (issue "Body map v1").
REQUIRED_CONDITIONS = {
    "forehead": {"frown-and-forehead-lines", "chronic-migraine", "depression"},
    "head": {"chronic-migraine"},
    "eyes": {"blepharospasm", "strabismus"},
    "jaw": {"bruxism-and-jaw-joint-pain", "enlarged-jaw-muscle"},
    "salivary-glands": {"drooling"},
    "neck": {"cervical-dystonia", "chronic-migraine", "neck-bands"},
    "shoulders": {"chronic-migraine", "cervical-dystonia"},
    "underarm": {"severe-underarm-sweating"},
    "arms": {"arm-and-hand-spasticity"},
    "hands": {"arm-and-hand-spasticity", "hand-and-foot-sweating"},
    "bladder": {"overactive-bladder", "neurogenic-bladder"},
    "legs": {"leg-and-foot-spasticity"},
    "feet": {"hand-and-foot-sweating"},
}

# Tier-D hosts from the team's reference sheet (clinic, consumer, spam and
# AI-generated pages): if one is ever listed, it must be listed as weak.
TIER_D_HOSTS = (
    "botoxsarasotafl.com",
    "visageskin.com",
    "droracle.ai",
    "medicinenet.com",
    "realself.com",
    "webmd.com",
    "drugs.com",
    "skyscape.com",
    "pdfslide.us",
)


def test_every_region_has_its_promised_conditions(content):
    assert set(content.region_ids()) == set(REQUIRED_CONDITIONS)
    for region_id, expected in REQUIRED_CONDITIONS.items():
        have = {c.id for c in content.conditions_for(region_id)}
        assert expected <= have, f"{region_id} lacks {expected - have}"


def test_every_condition_region_and_tissue_exists(content):
    regions = set(content.region_ids())
    for condition in content.conditions:
        assert set(condition.regions) <= regions
        assert content.mechanism(condition.tissue)


def test_status_is_honest(content):
    by_id = {c.id: c for c in content.conditions}
    assert by_id["depression"].approval.status == "investigational"
    assert by_id["bruxism-and-jaw-joint-pain"].approval.status == "off-label"
    assert by_id["enlarged-jaw-muscle"].approval.status == "off-label"
    assert by_id["hand-and-foot-sweating"].approval.status == "off-label"
    assert by_id["drooling"].approval.status == "off-label"
    assert by_id["arm-and-hand-spasticity"].approval.year == 2010
    assert by_id["leg-and-foot-spasticity"].approval.year == 2016
    for condition in content.conditions:
        if condition.approval.status == "fda-approved":
            assert condition.approval.year is not None
            assert str(condition.approval.year) in condition.approval.note


def test_underarm_mentions_off_label_palms_and_soles(content):
    sweating = next(c for c in content.conditions if c.id == "severe-underarm-sweating")
    notes = " ".join(sweating.good_to_know).lower()
    assert "palm" in notes and ("sole" in notes or "feet" in notes) and "off-label" in notes


def test_drooling_says_botox_is_off_label_and_names_the_approved_brands(content):
    drooling = content.condition("drooling")
    for text in (drooling.summary, drooling.approval.note):
        assert "BOTOX is not" in text
        assert "Xeomin" in text and "Myobloc" in text
    # ... and the children's approval belongs to Xeomin alone.
    assert "2018" in drooling.approval.note and "2020" in drooling.approval.note


def test_regions_are_in_picker_order_from_top_to_bottom(content):
    assert content.region_ids() == (
        "forehead",
        "head",
        "eyes",
        "jaw",
        "salivary-glands",
        "neck",
        "shoulders",
        "underarm",
        "arms",
        "hands",
        "bladder",
        "legs",
        "feet",
    )


def test_uses_now_covered_are_no_longer_listed_as_not_covered(content):
    assert not {"limb-spasticity", "child-spasticity", "drooling"} & {
        u.id for u in content.other_uses
    }


def test_every_known_figure_and_side_effect_is_sourced(content):
    for condition in content.conditions:
        assert condition.sources
        assert condition.approval.source_ids
        for key in TIMING_KEYS:
            timing = condition.timing[key]
            if timing.known:
                assert timing.source_ids, f"{condition.id} {key}"
            else:
                assert timing.note, f"{condition.id} {key} needs a reason"
        for effect in condition.side_effects:
            assert effect.source_ids, f"{condition.id}: {effect.text}"


def all_sources(content):
    yield from content.site.sources
    for m in content.mechanisms:
        yield from m.sources
    for c in content.conditions:
        yield from c.sources


def test_every_source_is_on_a_reviewed_host_and_tier_d_hosts_are_weak(content):
    hosts = load_source_hosts(CONTENT_DIR, [])
    assert hosts is not None
    for source in all_sources(content):
        assert hosts.tier(source.url) is not None, source.url
    for host in TIER_D_HOSTS:
        assert hosts.tier(f"https://{host}/page") in (None, "weak"), host


def test_every_sourced_claim_cites_a_primary_source(content):
    """The checker's rule, read back on the loaded content: not one figure,
    status, side effect or safety item rests only on weak or supporting pages."""
    hosts = load_source_hosts(CONTENT_DIR, [])
    for c in content.conditions:
        claims = [c.approval.source_ids, c.educator_source_ids]
        claims += [t.source_ids for t in c.timing.values()]
        claims += [e.source_ids for e in c.side_effects]
        claims += [i.source_ids for i in c.before_you_have_it]
        for ids in claims:
            assert hosts.claim_problems(c.file, "", ids, c.sources) == [], (c.id, ids)


def test_doses_stay_out_of_patient_text(content):
    """Unit doses belong in the educator block only."""
    dose = re.compile(r"\b\d+\s*(?:U|units?)\b", re.IGNORECASE)
    for c in content.conditions:
        patient = [c.summary, c.who_for, *c.good_to_know, *c.region_notes.values()]
        patient += [e.text for e in c.side_effects]
        for text in patient:
            assert not dose.search(text), f"{c.id}: {text}"


# What a condition's one-sentence ``in_short`` aims for (content/README.md):
# a line or two on the compact card, at a 6th-8th grade reading level.
IN_SHORT_AIM_CHARS = 140
IN_SHORT_AIM_GRADE = 8.0
# The card shows the status, the year and the timing beside ``in_short``:
# words that would repeat them.
REPEATS_THE_CARD = re.compile(
    r"\d|FDA|approv|off-label|label|investigat|cosmetic|BOTOX|hours?\b|weeks?\b|months?\b"
    r"|years?\b|a few\b|several\b|for a while|lasts?\b",
    re.IGNORECASE,
)


def test_every_condition_says_in_short_what_the_treatment_does_in_one_plain_sentence(content):
    assert len(content.conditions) == 16
    for c in content.conditions:
        s = c.in_short
        assert s.endswith("."), (c.id, s)
        assert not re.search(r"[.!?]\S*\s", s), f"{c.id}: more than one sentence: {s}"
        assert len(s) <= min(IN_SHORT_AIM_CHARS, limits.IN_SHORT_CHARS), (c.id, len(s))
        grade = grade_level(s)
        assert grade <= min(IN_SHORT_AIM_GRADE, CARD_CEILING), f"{c.id}: grade {grade:.1f}: {s}"
        assert not REPEATS_THE_CARD.search(s), f"{c.id}: repeats the card's status or timing: {s}"
        assert s not in c.summary, f"{c.id}: write it in other words than the summary: {s}"


def test_checker_reports_a_hard_in_short_naming_file_and_field(tmp_path):
    """``in_short`` is read on its own at the card's ceiling: a plain summary
    around it can't hide a sentence full of jargon."""
    content_copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content_copy)
    path = content_copy / "conditions/strabismus.toml"
    old = next(line for line in path.read_text().splitlines() if line.startswith("in_short = "))
    edit(
        path,
        old,
        'in_short = "Onabotulinumtoxina administration precipitates chemodenervation of the '
        'extraocular musculature."',
    )
    problems = run_checks(content_copy)
    assert any(
        p.startswith("content/conditions/strabismus.toml: in_short: reads at grade")
        for p in problems
    ), problems


def pytest_generate_tests(metafunc):
    # Each patient text of the shipped content, loaded when the tests are collected.
    if "text" in metafunc.fixturenames:
        texts = list(patient_texts(shipped.content()))
        metafunc.parametrize("text", texts, ids=[f"{t.file}:{t.field}" for t in texts])


def test_patient_text_reads_at_about_grade_eight(text):
    assert grade_level(text.text) <= text.ceiling, (
        f"{text.file}: grade {grade_level(text.text):.1f}"
    )


def test_checker_reports_reading_level_naming_file_and_field(tmp_path):
    """The rule the test above enforces is what `python -m bodymap.check` reports."""
    content_copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content_copy)
    assert run_checks(content_copy) == []
    edit(
        content_copy / "regions/jaw.toml",
        'summary = "',
        'summary = "Onabotulinumtoxina administration precipitates chemodenervation through '
        "proteolytic cleavage of synaptosomal-associated protein. ",
    )
    problems = run_checks(content_copy)
    assert any(
        p.startswith("content/regions/jaw.toml: summary: reads at grade") for p in problems
    ), problems


def test_site_texts_name_the_file_they_were_read_from(tmp_path):
    draft = tmp_path / "draft"
    shutil.copytree(CONTENT_DIR, draft)
    texts = [t for t in patient_texts(load_content(draft)) if t.field == "intro"]
    assert [t.file for t in texts] == ["draft/site.toml"]


def test_boxed_warning_covers_the_key_danger_signs(content):
    for warning in (content.site.boxed_warning, content.site.boxed_warning_short):
        for words in ("spread", "swallow", "speak", "breath", "right away"):
            assert words in warning.lower()
    assert "not medical advice" in content.site.disclaimer.lower()


def test_full_boxed_warning_says_who_is_most_at_risk_and_at_what_doses(content):
    """Sentence by sentence against the label: its six sentences, then what to do."""
    sentences = content.site.boxed_warning_sentences
    assert len(sentences) == 7
    label = " ".join(s.label for s in sentences)
    plain = content.site.boxed_warning.lower()
    assert "greatest in children treated for spasticity" in label
    assert "children" in plain and "stiff muscles" in plain
    assert "cervical dystonia" in label and "at lower doses" in label
    assert "cervical dystonia" in plain and "lower doses" in plain
    assert "reports of death" in label and "died" in plain
    assert "hours to weeks" in plain


def test_shared_before_items_cover_the_label_contraindications_and_cautions(content):
    shared = " ".join(i.text for i in content.site.before_you_have_it).lower()
    for words in (
        "allergic",
        "infection",
        "myasthenia gravis",
        "swallowing",
        "breathing",
        "4 months",
        "antibiotics",
        "muscle relaxants",
        "pregnant",
        "breastfeeding",
    ):
        assert words in shared, words
    kinds = {i.kind for i in content.site.before_you_have_it}
    assert kinds == {"not-for", "tell"}


def test_every_condition_has_its_own_before_items_and_bladder_uses_their_contraindications(content):
    for condition in content.conditions:
        assert condition.before_you_have_it, condition.id
    for bladder in ("overactive-bladder", "neurogenic-bladder"):
        not_for = " ".join(
            i.text for i in content.condition(bladder).before_you_have_it if i.kind == "not-for"
        )
        assert "bladder infection" in not_for and "catheter" in not_for
    ndo = " ".join(i.text for i in content.condition("neurogenic-bladder").before_you_have_it)
    assert "autonomic dysreflexia" in ndo
    assert "30.6% (33/108)" in content.condition("neurogenic-bladder").educator_text


def test_the_two_jaw_conditions_say_the_same_about_the_jawbone(content):
    def bone_sentences(condition_id):
        c = content.condition(condition_id)
        texts = [*c.good_to_know, *(e.text for e in c.side_effects)]
        return {t for t in texts if "jawbone" in t}

    grinding, enlarged = (
        bone_sentences("bruxism-and-jaw-joint-pain"),
        bone_sentences("enlarged-jaw-muscle"),
    )
    assert grinding & enlarged, (grinding, enlarged)


def test_depression_card_shows_the_crisis_line(content):
    assert content.condition("depression").shows_crisis_line
    assert content.site.crisis is not None


def test_grade_level_estimator_orders_texts_sensibly():
    plain = "The shot helps the muscle rest. It works for a few months."
    dense = (
        "Onabotulinumtoxina administration precipitates chemodenervation through "
        "proteolytic cleavage of synaptosomal-associated protein."
    )
    assert grade_level(plain) < 6 < 14 < grade_level(dense)
