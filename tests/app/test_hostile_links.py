"""Any URL at all opens the guide: arbitrary Unicode, lengths and repeats in
every query value, through AppTest (issue 16: ``?mode=present&step=²`` once
took the whole page to the maintenance message)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bodymap.model.state import CONTRAST_PARAM, LANG_PARAM, LINK_PARAMS, MODE_PARAM, STEP_PARAM
from bodymap.ui.text import maintenance_texts
from tests.support.apptest import selection, start

KEYS = (*LINK_PARAMS, MODE_PARAM, STEP_PARAM, CONTRAST_PARAM, LANG_PARAM)
# Values as a browser can send them: any text (no surrogates: a URL is UTF-8),
# short and long, with the words the app knows mixed in so that good and
# bad values meet in one link.
WORDS = st.sampled_from(
    ["neck", "jaw", "back", "1", "present", "2", "high", "²", "٣", "①", "ar", "en", "AR", "عربي"]
)
VALUES = st.one_of(WORDS, st.text(st.characters(exclude_categories=("Cs",)), max_size=80))
QUERIES = st.dictionaries(
    st.sampled_from(KEYS), st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3)), max_size=5
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES)
def test_any_link_opens_the_guide(query):
    at = start(query)  # asserts no exception
    _, message = maintenance_texts()
    assert message not in [i.value for i in at.info], f"maintenance message for {query!r}"
    region, condition, _, _ = selection(at)
    assert condition is None or region is not None
