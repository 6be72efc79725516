"""Property-based tests of every URL and map-event parser in ``bodymap.model.state`` (issue 16).

Hypothesis feeds them arbitrary Unicode (other scripts' digits such as "²",
"٣" or "①", full-width and look-alike letters, NUL, lone surrogates, strings
far longer than any id), repeated keys and empty lists, and arbitrary nested
dicts, lists and objects as map events. The properties: no parser raises;
what comes back is one of the shipped ids (a condition only at a region that
treats it), a side, a flag or a step from 1 to the number of stops; and every
value that is not exactly a known ASCII word gives a notice.

"Exactly a known word" is :func:`spelled`: the word's ASCII letters in any
ASCII case, with only ASCII spaces, tabs and line breaks around it, and no
longer than a URL value may be. It is written with a regular expression in
ASCII mode, independently of ``link_word``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import SimpleNamespace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bodymap.model.state import (
    BAD_CONDITION_NOTICE,
    BAD_LINK_NOTICE,
    BAD_SITES_NOTICE,
    BAD_STEP_NOTICE,
    BAD_VIEW_NOTICE,
    CONDITION_PARAM,
    CONTRAST_PARAM,
    HIGH_CONTRAST,
    LINK_PARAMS,
    MAX_VALUE_LENGTH,
    MODE_PARAM,
    PRESENT,
    REGION_PARAM,
    SITES_PARAM,
    STEP_PARAM,
    VIEW_PARAM,
    DeepLink,
    Presenter,
    curve_from_selection,
    id_from_selection,
    link_params,
    link_word,
    map_layout,
    parse_link,
    parse_presenter,
    parse_region_param,
    presenter_params,
)
from bodymap.vocabulary import FRONT, PHONE_MAP, SIDES, WIDE_MAP
from tests.support.paths import condition_ids, region_ids

# The shipped ids, from the content's file names (the strategies are built at import).
REGION_IDS = tuple(region_ids())
CONDITION_IDS = tuple(condition_ids())
FLAGS = ("0", "1")
NOTICES = {
    BAD_LINK_NOTICE,
    BAD_CONDITION_NOTICE,
    BAD_VIEW_NOTICE,
    BAD_SITES_NOTICE,
}
WORDS = (*REGION_IDS, *CONDITION_IDS, *SIDES, *FLAGS, PRESENT, HIGH_CONTRAST, "2", "12")

# Characters that have broken URL parsers before, or could: other scripts'
# digits (str.isdigit() says yes, int() may say no), full-width and
# look-alike letters, the Kelvin sign (lower-cases to "k"), dotted and
# dotless i, Unicode spaces (str.strip() removes them), NUL, a BOM, a
# combining accent, lone surrogates. ("а" and "е" are Cyrillic.)
TRICKY = (
    "²٣①０９ｊＡ\u212aİıſае\u00a0\u2003\u3000\u2028\u200b\ufeff"
    "\x00\x0b\x0c\x85\u0301\ud800\udfff<%&=-"
)
ASCII_SPACE = " \t\r\n"

any_char = st.one_of(
    st.characters(exclude_categories=()),  # every category, surrogates too
    st.characters(categories=["Cs"]),  # lone surrogates, which a Python str allows
    st.sampled_from(TRICKY),
)
any_text = st.text(any_char, max_size=20)


@st.composite
def near_word(draw, words: Sequence[str] = WORDS) -> str:
    """A known word, perhaps spelled differently: case, spaces (ASCII or not)
    around it, a character replaced, inserted or dropped, repeated, padded long."""
    value = draw(st.sampled_from(words))
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.integers(0, 7))
        if change == 0:
            value = draw(st.sampled_from((str.upper, str.title, str.swapcase)))(value)
        elif change == 1:
            value = draw(st.text(st.sampled_from(ASCII_SPACE), max_size=3)) + value
            value += draw(st.text(st.sampled_from(ASCII_SPACE), max_size=3))
        elif value and change in (2, 3, 4):
            at = draw(st.integers(0, len(value) - 1))
            new = draw(st.one_of(st.sampled_from(TRICKY), any_char))
            kept = value[at + 1 :] if change == 2 else value[at:]
            value = value[:at] + (new if change != 4 else "") + kept
        elif change == 5:
            value += draw(st.sampled_from(TRICKY))
        elif change == 6:
            value = value * draw(st.integers(2, 3))
        else:
            shortest = max(0, MAX_VALUE_LENGTH - len(value) - 2)  # around the length limit
            value = " " * draw(st.integers(shortest, shortest + 5000)) + value
    return value


very_long = st.builds(
    lambda piece, times: piece * times,
    st.one_of(st.sampled_from(WORDS), any_text.filter(bool)),
    st.integers(10, 20_000),
)
url_value = st.one_of(st.sampled_from(WORDS), near_word(), any_text, very_long)
url_values = st.lists(url_value, max_size=3)  # [] (missing), one value, or the key repeated
url_key = st.one_of(
    st.sampled_from((*LINK_PARAMS, MODE_PARAM, STEP_PARAM, CONTRAST_PARAM)), any_text
)
url_params = st.dictionaries(url_key, url_values, max_size=6)


def spelled(value: object, words: Sequence[str]) -> str | None:
    """The word of ``words`` that ``value`` spells exactly (see the module docstring), if any."""
    if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
        return None
    core = re.fullmatch(r"[ \t\r\n]*(.*?)[ \t\r\n]*", value, re.ASCII | re.DOTALL)[1]
    matches = [w for w in words if re.fullmatch(re.escape(w), core, re.ASCII | re.IGNORECASE)]
    return matches[0] if matches else None


def one_word(values: Sequence[str], words: Sequence[str]) -> str | None:
    """The word the one value of a URL key spells; None if repeated or not a word."""
    return spelled(values[0], words) if len(values) == 1 else None


@pytest.fixture(scope="module")
def shipped_ids(content, site_sets):
    """(region ids, condition id -> its regions, the conditions with a site set)."""
    return content.region_ids(), content.condition_regions(), tuple(site_sets)


def test_the_file_names_are_the_shipped_ids(shipped_ids):
    """The strategies draw ids from the content's file names: the same as the loaded ids."""
    regions, condition_regions, with_sites = shipped_ids
    assert set(REGION_IDS) == set(regions)
    assert set(CONDITION_IDS) == set(condition_regions)
    assert with_sites, "some condition has injection sites"


# ------------------------------------------------------------------ link_word


@given(st.one_of(url_value, st.none(), st.integers(), st.binary(max_size=8)))
def test_link_word_is_a_short_lower_case_ascii_word_or_none(value):
    word = link_word(value)
    if word is None:
        return
    assert isinstance(value, str) and value.isascii() and len(value) <= MAX_VALUE_LENGTH
    assert word.isascii() and word == word.lower() and len(word) <= MAX_VALUE_LENGTH
    assert word == word.strip(ASCII_SPACE)
    assert link_word(word) == word, "idempotent"
    if spelled(value, WORDS) is not None:
        assert word == spelled(value, WORDS)


@given(st.sampled_from(WORDS), st.data())
def test_link_word_forgives_ascii_case_and_spaces(word, data):
    space = st.text(st.sampled_from(ASCII_SPACE), max_size=3)
    changed = data.draw(space) + data.draw(st.sampled_from((str.upper, str.title)))(word)
    assert link_word(changed + data.draw(space)) == word


# ---------------------------------------------------------- parse_region_param


@given(url_values)
@example(["jaw²"])
@example(["NEC\u212a"])  # the Kelvin sign lower-cases to "k"
@example(["\u00a0jaw"])
@example(["ｊａｗ"])
@example(["jaw\x00"])
@example(["\ud800"])
@example(["jaw", "jaw"])
@example([])
def test_region_param(values):
    link = parse_region_param(values, REGION_IDS)
    region = one_word(values, REGION_IDS)
    assert link.region == region, "a known region exactly as written, else the overview"
    assert link.region is None or link.region in REGION_IDS
    assert link.condition is None and link.side == FRONT and not link.sites
    expected = (BAD_LINK_NOTICE,) if values and region is None else ()
    assert link.notices == expected, "every value that is not a region gives a notice"


# ------------------------------------------------------------------ parse_link


@given(url_params)
@example({REGION_PARAM: ["elbow"], CONDITION_PARAM: ["chronic-migraine"]})
@example({CONDITION_PARAM: ["Chronic-Migraine\u00a0"], SITES_PARAM: ["1"]})
@example({VIEW_PARAM: ["BACK"], SITES_PARAM: ["1"]})
@example({VIEW_PARAM: ["bаck"]})  # Cyrillic a
@example({SITES_PARAM: ["¹"], CONDITION_PARAM: ["drooling"]})
@example({SITES_PARAM: ["0", "0"]})
@example({REGION_PARAM: [], CONDITION_PARAM: [], VIEW_PARAM: [], SITES_PARAM: []})
def test_parse_link(shipped_ids, params):
    """A model of the documented rules (``parse_link``'s docstring): what each value
    gives, and the notices, are worked out from :func:`spelled` alone."""
    regions, condition_regions, with_sites = shipped_ids
    link = parse_link(params, regions, condition_regions, with_sites)

    assert link.region is None or link.region in regions
    assert link.condition is None or link.region in condition_regions[link.condition], (
        "a condition is only opened at a region that treats it"
    )
    assert link.side in SIDES
    assert not link.sites or link.condition in with_sites
    assert set(link.notices) <= NOTICES and len(set(link.notices)) == len(link.notices)

    expected_notices = set()
    region_values, condition_values = params.get(REGION_PARAM, []), params.get(CONDITION_PARAM, [])
    region = one_word(region_values, regions)
    condition = one_word(condition_values, tuple(condition_regions))
    if condition_values and condition is None:
        expected_notices.add(BAD_CONDITION_NOTICE)
    if region_values and region is None:
        expected_notices.add(BAD_LINK_NOTICE)
    if condition is None:
        assert link.condition is None
        assert link.region == region
    else:
        # A known condition opens at the link's region if that treats it, else at its first.
        treated = condition_regions[condition]
        assert link.condition == condition
        assert link.region == (region if region in treated else treated[0])

    views = params.get(VIEW_PARAM, [])
    side = one_word(views, SIDES)
    assert link.side == (side or FRONT)
    if views and side is None:
        expected_notices.add(BAD_VIEW_NOTICE)

    flags = params.get(SITES_PARAM, [])
    flag = one_word(flags, FLAGS) if flags else "0"
    assert link.sites == (flag == "1" and condition in with_sites)
    if flag != "0" and not link.sites:
        expected_notices.add(BAD_SITES_NOTICE)

    assert set(link.notices) == expected_notices


@given(url_params)
@example({REGION_PARAM: ["elbow"], CONDITION_PARAM: ["bruxism-and-jaw-joint-pain"]})
@example({REGION_PARAM: ["jaw", "jaw"], CONDITION_PARAM: ["elbow"]})
def test_every_bad_value_gives_a_notice(shipped_ids, params):
    """Issue 16: a region, condition, view or sites value that is not exactly a
    known word says so, whatever the other values are (a bad region beside
    a condition value once went unmentioned)."""
    regions, condition_regions, with_sites = shipped_ids
    link = parse_link(params, regions, condition_regions, with_sites)
    words = {
        REGION_PARAM: (regions, BAD_LINK_NOTICE),
        CONDITION_PARAM: (tuple(condition_regions), BAD_CONDITION_NOTICE),
        VIEW_PARAM: (SIDES, BAD_VIEW_NOTICE),
        SITES_PARAM: (FLAGS, BAD_SITES_NOTICE),
    }
    for key, (known, notice) in words.items():
        values = params.get(key, [])
        if values and one_word(values, known) is None:
            assert notice in link.notices, f"{key}={values!r}"


def test_every_valid_selection_survives_its_link(shipped_ids):
    """Round trip, exhaustively over the shipped content: every region (or none),
    each condition treated there (or none), each side, sites on or off."""
    regions, condition_regions, with_sites = shipped_ids
    selections = [(None, None, side, False) for side in SIDES]
    for region in regions:
        treated = [c for c, where in condition_regions.items() if region in where]
        for condition in (None, *treated):
            for side in SIDES:
                for sites in (False, True) if condition in with_sites else (False,):
                    selections.append((region, condition, side, sites))
    assert len(selections) > 4 * len(condition_regions)
    for region, condition, side, sites in selections:
        params = link_params(region, condition, side, sites)
        expected = DeepLink(region, (), condition, side, sites)
        assert parse_link(params, regions, condition_regions, with_sites) == expected


# ------------------------------------------------------------- parse_presenter

STEP_WORDS = tuple(str(n) for n in range(1, 10_000))


@given(url_params, st.integers(-3, 40), st.data())
@example({MODE_PARAM: ["present"], STEP_PARAM: ["²"]}, 3, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["٣"]}, 5, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["①"]}, 5, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["３"]}, 5, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["0"]}, 5, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["-1"]}, 5, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["6"]}, 5, None)
@example({MODE_PARAM: ["present"], STEP_PARAM: ["1" * 5000]}, 5, None)
@example({MODE_PARAM: ["present", "present"]}, 5, None)
@example({MODE_PARAM: ["present"]}, 0, None)
def test_parse_presenter(params, stops, data):
    """The step is always 1..stops; a step that is not an ASCII whole number in
    range gives a notice; presenter mode is on only for one ``present``."""
    if data is not None and data.draw(st.booleans()):
        # Often a real presenter link: mode=present and a step near the range.
        params = {**params, MODE_PARAM: [data.draw(near_word((PRESENT,)))]}
        step = data.draw(st.integers(-2, stops + 2))
        params[STEP_PARAM] = [data.draw(st.sampled_from((str(step), f" {step}\t", f"0{step}")))]
    presenter = parse_presenter(params, stops)

    on = one_word(params.get(MODE_PARAM, []), (PRESENT,)) is not None and stops >= 1
    if not on:
        assert presenter == Presenter(False)
        return
    assert presenter.on and 1 <= presenter.step <= stops
    assert presenter.high_contrast == (
        one_word(params.get(CONTRAST_PARAM, []), (HIGH_CONTRAST,)) is not None
    )
    steps = params.get(STEP_PARAM, [])
    if not steps:
        assert (presenter.step, presenter.notice) == (1, None)
        return
    core = steps[0].strip(ASCII_SPACE) if len(steps) == 1 else ""
    whole = bool(re.fullmatch(r"[0-9]+", core, re.ASCII)) and len(steps[0]) <= MAX_VALUE_LENGTH
    if presenter.notice is None:
        assert whole and int(core) == presenter.step, "only a whole number in range is taken"
    else:
        assert presenter.notice == BAD_STEP_NOTICE and presenter.step == 1
    if not whole or not 1 <= int(core) <= stops:
        assert presenter.notice == BAD_STEP_NOTICE
    if spelled(steps[0], STEP_WORDS[:stops]) is not None and len(steps) == 1:
        assert presenter.notice is None, "a step written as usual is taken"


@given(st.integers(1, 40), st.data())
def test_presenter_links_round_trip(stops, data):
    presenter = Presenter(True, data.draw(st.integers(1, stops)), data.draw(st.booleans()))
    assert parse_presenter(presenter_params(presenter), stops) == presenter


# ------------------------------------------------------------------ map_layout

PHONE_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36",
    "Mozilla/5.0 (Android 14; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0",
)


@given(st.one_of(st.none(), any_text, very_long, st.sampled_from(PHONE_AGENTS)), any_text)
def test_map_layout(agent, noise):
    assert map_layout(agent) in (PHONE_MAP, WIDE_MAP)
    for phone in PHONE_AGENTS:
        assert map_layout(noise + phone + noise) == PHONE_MAP


# ----------------------------------------------------- map selection events


class AttrDict(dict):
    """Streamlit's attribute-style state: a dict whose keys are also attributes."""

    __getattr__ = dict.get


EVENT_KEYS = ("selection", "points", "customdata", "curve_number", "point_index")
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    any_text,
    st.sampled_from(REGION_IDS + CONDITION_IDS),
    st.binary(max_size=4),
)
event = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.frozensets(st.one_of(st.integers(), any_text), max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(EVENT_KEYS), any_text), inner, max_size=4),
        st.dictionaries(st.sampled_from(EVENT_KEYS), inner, max_size=4).map(AttrDict),
        st.dictionaries(st.sampled_from(EVENT_KEYS), inner, max_size=4).map(
            lambda d: SimpleNamespace(**d)
        ),
    ),
    max_leaves=12,
)


def tapped(points: object) -> dict:
    """A selection event carrying ``points``."""
    return {"selection": {"points": points}}


@given(event)
@example(tapped(7))  # a truthy number where the list of points should be
@example(tapped(True))
@example(tapped({"customdata": "jaw"}))  # one point, not a list of them
@example(tapped({"jaw"}))
@example(tapped([{"customdata": [["jaw"]]}]))  # customdata nested one list too deep
@example(tapped([{"customdata": [{"jaw": 1}]}]))  # an unhashable first item
def test_id_from_selection(value):
    known = REGION_IDS + CONDITION_IDS
    found = id_from_selection(value, known)
    assert found is None or found in known


@given(event)
@example(tapped(7))
@example(tapped({"curve_number": 3}))  # one point, not a list of them
@example(tapped({"points"}))
@example(tapped([{"curve_number": True}]))
def test_curve_from_selection(value):
    curve = curve_from_selection(value)
    assert curve is None or (type(curve) is int)


@given(st.lists(st.one_of(st.sampled_from(REGION_IDS), any_text), max_size=4), st.data())
def test_a_well_formed_selection_gives_its_first_known_id(ids, data):
    """A Plotly event as Streamlit sends it: the first point whose customdata is a known id."""
    points = []
    for i, value in enumerate(ids):
        data_value = data.draw(st.sampled_from((value, [value], (value, "extra"))))
        points.append({"curve_number": i, "point_index": 0, "customdata": data_value})
    wrap = data.draw(st.sampled_from((dict, AttrDict, lambda d: SimpleNamespace(**d))))
    value = wrap({"selection": wrap({"points": [wrap(p) for p in points]})})
    expected = next((i for i in ids if i in REGION_IDS), None)
    assert id_from_selection(value, REGION_IDS) == expected
    assert curve_from_selection(value) == (0 if ids else None)
