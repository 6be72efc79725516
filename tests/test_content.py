"""The real content: complete, consistent, sourced and in plain words."""

from __future__ import annotations

import re

import pytest

from bodymap.content import TIMING_KEYS, load_content
from bodymap.geometry import load_diagram
from bodymap.readability import grade_level

DIAGRAM = load_diagram()
CONTENT = load_content(drawn_regions=DIAGRAM.region_ids())

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
# AI-generated pages): never acceptable as a source.
WEAK_HOSTS = (
    "botoxsarasotafl",
    "visageskin",
    "vitalspinenj",
    "droracle",
    "meetbotox",
    "emedtv",
    "pipelinemedical",
    "dermsurgery.net",
    "concordclinicaustin",
    "oakvillemedical",
    "pcmigraine",
    "biologyinsights",
    "huffpost",
    "bruxismsupport",
    "isscolorado",
    "face-station",
    "amebaownd",
    "urbaneyemd",
    "medicinenet",
    "dailypharmaceuticals",
    "fitness-posters",
    "realself",
)


def test_every_region_has_its_promised_conditions():
    assert set(CONTENT.region_ids()) == set(REQUIRED_CONDITIONS)
    for region_id, expected in REQUIRED_CONDITIONS.items():
        have = {c.id for c in CONTENT.conditions_for(region_id)}
        assert expected <= have, f"{region_id} lacks {expected - have}"


def test_every_condition_region_and_tissue_exists():
    regions = set(CONTENT.region_ids())
    for condition in CONTENT.conditions:
        assert set(condition.regions) <= regions
        assert CONTENT.mechanism(condition.tissue)


def test_status_is_honest():
    by_id = {c.id: c for c in CONTENT.conditions}
    assert by_id["depression"].approval.status == "investigational"
    assert by_id["bruxism-and-jaw-joint-pain"].approval.status == "off-label"
    assert by_id["enlarged-jaw-muscle"].approval.status == "off-label"
    assert by_id["hand-and-foot-sweating"].approval.status == "off-label"
    assert by_id["drooling"].approval.status == "off-label"
    assert by_id["arm-and-hand-spasticity"].approval.year == 2010
    assert by_id["leg-and-foot-spasticity"].approval.year == 2016
    for condition in CONTENT.conditions:
        if condition.approval.status == "fda-approved":
            assert condition.approval.year is not None
            assert str(condition.approval.year) in condition.approval.note


def test_underarm_mentions_off_label_palms_and_soles():
    sweating = next(c for c in CONTENT.conditions if c.id == "severe-underarm-sweating")
    notes = " ".join(sweating.good_to_know).lower()
    assert "palm" in notes and ("sole" in notes or "feet" in notes) and "off-label" in notes


def test_drooling_says_botox_is_off_label_and_names_the_approved_brands():
    drooling = CONTENT.condition("drooling")
    for text in (drooling.summary, drooling.approval.note):
        assert "BOTOX is not" in text
        assert "Xeomin" in text and "Myobloc" in text
    # ... and the children's approval belongs to Xeomin alone.
    assert "2018" in drooling.approval.note and "2020" in drooling.approval.note


def test_regions_are_in_picker_order_from_top_to_bottom():
    assert CONTENT.region_ids() == (
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


def test_uses_now_covered_are_no_longer_listed_as_not_covered():
    assert not {"limb-spasticity", "child-spasticity", "drooling"} & {
        u.id for u in CONTENT.other_uses
    }


def test_every_known_figure_and_side_effect_is_sourced():
    for condition in CONTENT.conditions:
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


def all_sources():
    yield from CONTENT.site.sources
    for m in CONTENT.mechanisms:
        yield from m.sources
    for c in CONTENT.conditions:
        yield from c.sources


def test_no_weak_sources():
    for source in all_sources():
        assert not any(host in source.url for host in WEAK_HOSTS), source.url


def test_doses_stay_out_of_patient_text():
    """Unit doses belong in the educator block only."""
    dose = re.compile(r"\b\d+\s*(?:U|units?)\b", re.IGNORECASE)
    for c in CONTENT.conditions:
        patient = [c.summary, c.who_for, *c.good_to_know, *c.region_notes.values()]
        patient += [e.text for e in c.side_effects]
        for text in patient:
            assert not dose.search(text), f"{c.id}: {text}"


def patient_texts():
    for c in CONTENT.conditions:
        yield (
            c.id,
            " ".join(
                [c.summary, c.who_for, *c.good_to_know, *c.region_notes.values()]
                + [e.text + "." for e in c.side_effects]
            ),
            9.0,
        )
    for m in CONTENT.mechanisms:
        yield f"mechanism {m.id}", m.summary, 10.0
        # each picture's caption is read on its own beside it: plainer than the summary
        for i, step in enumerate(m.steps, start=1):
            yield f"mechanism {m.id} step {i}", step.text, 8.0
    for r in CONTENT.regions:
        yield f"region {r.id}", r.summary, 9.0
    yield "site intro", CONTENT.site.intro, 10.0
    yield "boxed warning", CONTENT.site.boxed_warning, 10.0
    yield "boxed warning, short", CONTENT.site.boxed_warning_short, 9.0


@pytest.mark.parametrize(("name", "text", "ceiling"), list(patient_texts()))
def test_patient_text_reads_at_about_grade_eight(name, text, ceiling):
    assert grade_level(text) <= ceiling, f"{name}: grade {grade_level(text):.1f}"


def test_boxed_warning_covers_the_key_danger_signs():
    for warning in (CONTENT.site.boxed_warning, CONTENT.site.boxed_warning_short):
        for words in ("spread", "swallow", "speak", "breath", "right away"):
            assert words in warning.lower()
    assert "not medical advice" in CONTENT.site.disclaimer.lower()


def test_grade_level_estimator_orders_texts_sensibly():
    plain = "The shot helps the muscle rest. It works for a few months."
    dense = (
        "Onabotulinumtoxina administration precipitates chemodenervation through "
        "proteolytic cleavage of synaptosomal-associated protein."
    )
    assert grade_level(plain) < 6 < 14 < grade_level(dense)
