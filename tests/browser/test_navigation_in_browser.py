"""Fast taps, the browser's Back and Forward buttons and the URL stay in step
with the page (issue 16): one history entry per action, Back and Forward
exact, and no frozen page under fast double taps."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from bodymap.model.state import BAD_LINK_NOTICE, BAD_SITES_NOTICE
from bodymap.ui.text import text as ui_text
from tests.support.browser import (
    TABLET,
    TO_PAGE,
    axis_suffix,
    off_centre_point,
    panel_heading,
    wait_idle,
)

# What the page shows: the script's state, the URL's selection, the panel's
# region heading, the checked pill, how many widgets are disabled, and the
# length of the tab's history.
SHOWN = """labels => {
  const app = document.querySelector('[data-testid="stApp"]');
  const query = new URLSearchParams(location.search);
  const heading = [...document.querySelectorAll('h2')].map(h => h.innerText)
    .find(t => labels.includes(t)) ?? null;
  const pills = [...document.querySelectorAll(
    '.st-key-region_picker [role="radio"][aria-checked="true"]')].map(e => e.innerText);
  return {
    running: app?.getAttribute('data-test-script-state') !== 'notRunning',
    region: query.get('region'), condition: query.get('condition'),
    view: query.get('view'), sites: query.get('sites'),
    heading, pills,
    disabled: document.querySelectorAll('button:disabled, input:disabled').length,
    history: history.length,
  };
}"""
IN_STEP = f"""labels => {{
  const s = ({SHOWN})(labels.map(([id, label]) => label));
  const label = Object.fromEntries(labels)[s.region] ?? null;
  return !s.running && s.heading === label
    && JSON.stringify(s.pills) === JSON.stringify(label ? [label] : []);
}}"""


def shown(page, labels) -> dict:
    """What the page shows now (see SHOWN)."""
    return page.evaluate(SHOWN, list(labels.values()))


def in_step(page, labels, timeout: float = 20_000) -> dict:
    """Wait until the script is idle and the URL, the panel heading and the
    checked pill name the same region; then the map settles too. Fails with
    what the page showed if that doesn't happen within ``timeout`` ms (a
    frozen page, or copies of the selection that disagree)."""
    try:
        page.wait_for_function(IN_STEP, arg=list(labels.items()), timeout=timeout)
    except Exception as error:  # Playwright's TimeoutError: say what the page showed
        pytest.fail(f"never idle and in step: {shown(page, labels)} ({error})")
    wait_idle(page)
    return shown(page, labels)


def tap_pill(page, labels, region_id: str) -> None:
    """Tap a body area in the pills (no waiting: the caller waits for what it
    changes). During a run the old pills can still be on the page beside
    the new ones, about to go: the first is the one a finger would find."""
    pills = page.locator(".st-key-region_picker")
    pills.get_by_role("radio", name=labels[region_id], exact=True).first.tap()


def pick(page, labels, region_id: str) -> None:
    """Tap a body area in the pills and wait until the page shows it."""
    tap_pill(page, labels, region_id)
    panel_heading(page, region_id).wait_for(timeout=10_000)
    in_step(page, labels)


def url_names(page, region_ids: tuple[str, ...]) -> None:
    """Wait until the URL names one of ``region_ids`` (what the taps change)."""
    page.wait_for_function(
        "ids => ids.includes(new URLSearchParams(location.search).get('region'))",
        arg=list(region_ids),
        timeout=20_000,
    )


def url_leaves(page, region_id: str | None) -> None:
    """Wait until the URL no longer names ``region_id`` (what Back, Forward or
    the overview button change first; the page follows)."""
    page.wait_for_function(
        "region => new URLSearchParams(location.search).get('region') !== region",
        arg=region_id,
        timeout=10_000,
    )


def notices(page) -> list[str]:
    """The link notices on the page (a bad link, bad sites, ...)."""
    texts = {ui_text(key) for key in (BAD_LINK_NOTICE, BAD_SITES_NOTICE)}
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    return [a for a in alerts if any(t in a for t in texts)]


@pytest.fixture
def page(new_page):
    return new_page(viewport=TABLET, has_touch=True)


@pytest.fixture
def console(page) -> list[str]:
    """The page's console errors and warnings from now on."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if m.type in ("error", "warning") else None)
    return seen


@pytest.mark.parametrize("gap_ms", [30, 80, 150])
def test_two_quick_taps_leave_url_panel_and_picker_agreeing(page, diagram, labels, gap_ms):
    body, closeup = diagram.view("body"), diagram.view("closeup")
    first = page.evaluate(TO_PAGE, [axis_suffix(body), *off_centre_point(body, "bladder")])
    second = page.evaluate(TO_PAGE, [axis_suffix(closeup), *off_centre_point(closeup, "jaw")])
    page.touchscreen.tap(*first)
    page.wait_for_timeout(gap_ms)  # the gap under test, not a wait for the page
    page.touchscreen.tap(*second)
    url_leaves(page, None)  # the overview no more: a tap has been answered
    state = in_step(page, labels)
    assert state["region"] in ("bladder", "jaw"), f"selection dropped: {state}"


def test_fast_double_taps_and_taps_during_runs_end_idle_and_in_step(page, console, diagram, labels):
    """Double taps on the map, and pills tapped while a run is going: the
    page must end idle (no frozen "running" state, no disabled widgets)
    with URL, heading and pills agreeing, and no cached-message miss."""
    body, closeup = diagram.view("body"), diagram.view("closeup")
    for view, region_id, pill in [
        (body, "legs", "jaw"),
        (closeup, "neck", "bladder"),
        (body, "underarm", "eyes"),
        (closeup, "forehead", "hands"),
        (body, "bladder", "neck"),
    ]:
        point = page.evaluate(TO_PAGE, [axis_suffix(view), *off_centre_point(view, region_id)])
        page.touchscreen.tap(*point)
        page.wait_for_timeout(40)  # a double tap: the second finger 40 ms after the first
        page.touchscreen.tap(*point)
        tap_pill(page, labels, pill)  # while the taps' runs are still going
        url_names(page, (region_id, pill))
        state = in_step(page, labels)
        assert state["disabled"] == 0, state
        assert state["region"] in (region_id, pill), state
    assert not [m for m in console if "ForwardMsg MISS" in m], console


def test_one_action_is_one_history_entry_and_back_forward_are_exact(new_page, labels):
    """A pill tap that closes an open condition pushed three history entries,
    and Back landed on a half-written URL with a spurious notice."""
    page = new_page("?region=neck&condition=chronic-migraine&view=back&sites=1", **TABLET_TOUCH)
    opened = in_step(page, labels)
    assert (opened["condition"], opened["view"], opened["sites"]) == (
        "chronic-migraine",
        "back",
        "1",
    )
    pick(page, labels, "jaw")  # the jaw doesn't treat migraine: the condition closes
    after = shown(page, labels)
    assert after["history"] == opened["history"] + 1, "one tap, one history entry"
    assert (after["region"], after["condition"], after["sites"]) == ("jaw", None, None)

    page.go_back()
    url_leaves(page, "jaw")
    back = in_step(page, labels)
    assert {k: back[k] for k in ("region", "condition", "view", "sites")} == {
        "region": "neck",
        "condition": "chronic-migraine",
        "view": "back",
        "sites": "1",
    }
    assert page.locator(".st-key-sites_legend").is_visible(), "the sites are on the map again"
    assert notices(page) == [], "Back to a URL the app wrote shows no notice"

    page.go_forward()
    url_leaves(page, "neck")
    forward = in_step(page, labels)
    assert (forward["region"], forward["condition"], forward["sites"]) == ("jaw", None, None)
    assert notices(page) == []


def test_quick_repeated_back_ends_where_the_url_says(page, labels):
    for region_id in ("jaw", "neck", "eyes", "hands"):
        pick(page, labels, region_id)
    page.evaluate("history.back()")
    page.evaluate("history.back()")  # before the first Back's run has answered
    url_leaves(page, "hands")
    state = in_step(page, labels)
    assert [state["region"]] == parse_qs(urlparse(page.url).query)["region"]
    assert state["region"] == "neck", f"two Backs from the hands: {state}"
    page.evaluate("history.forward()")
    page.evaluate("history.forward()")
    url_leaves(page, "neck")
    assert in_step(page, labels)["region"] == "hands"


def test_a_pill_tapped_right_after_back_to_the_whole_body_is_applied(page, labels):
    """The pill used to be taken for an echo of the value the Back button
    had just replaced, for 1.5 s, and did nothing."""
    pick(page, labels, "legs")
    page.locator(".st-key-back_to_overview button").tap()
    url_leaves(page, "legs")  # what the button changes, then idle and in step
    overview = in_step(page, labels)
    assert overview["region"] is None
    pick(page, labels, "legs")  # at once, no pause
    assert parse_qs(urlparse(page.url).query)["region"] == ["legs"]


TABLET_TOUCH = {"viewport": TABLET, "has_touch": True}
