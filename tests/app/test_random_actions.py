"""Random walks of user actions through AppTest, with the invariants checked
after every action (issue 16).

Each seed drives one session through a random sequence of what a user can do
on the page at that moment: pick a body area or a condition, turn the body
around, switch a card's injection sites, go back to the whole body, search
and open a result, step Back/Forward in the browser to an address the app
wrote earlier, or open a fresh deep link (valid or hostile). After every
action the selection in the session state is the one truth, and the URL, the
heading, the pickers, the switches and the map highlight must all agree with
it; the action must also have done what it says.

A failure names the seed and every action so far: ``Walk(seed, ...).replay(
actions)`` (or the seed alone: the walk is deterministic) reproduces it.
Actions are data (tuples), so a failing list can be shortened by hand.
"""

from __future__ import annotations

import functools
import random
import traceback
from collections.abc import Sequence

import pytest
from streamlit.testing.v1 import AppTest

from bodymap.model.state import (
    BAD_CONDITION_NOTICE,
    BAD_LINK_NOTICE,
    BAD_SITES_NOTICE,
    BAD_STEP_NOTICE,
    BAD_VIEW_NOTICE,
    LINK_PARAMS,
    link_params,
    parse_link,
    region_for,
)
from bodymap.ui.keys import Keys
from bodymap.ui.panel import md_text
from bodymap.vocabulary import FRONT, SIDES
from tests.support import shipped
from tests.support.apptest import (
    condition_picker,
    highlighted_regions,
    history_step,
    picker,
    selection,
    side_picker,
    sites_switch,
    start,
)

SEEDS = range(8)
STEPS = 125  # actions per seed, the first deep link included: 8 x 125 = 1,000


@functools.cache
def drawn(side: str) -> frozenset[str]:
    """The regions the map can show (tap) on ``side``; loaded on first use, not at import."""
    return frozenset(r for view in shipped.diagram().side_views(side) for r in view.tappable_ids())


REGION, CONDITION, VIEW, SITES = LINK_PARAMS
NOTICES = (
    BAD_LINK_NOTICE,
    BAD_CONDITION_NOTICE,
    BAD_VIEW_NOTICE,
    BAD_SITES_NOTICE,
    BAD_STEP_NOTICE,
)
HOSTILE_VALUES = (
    "",
    "elbow",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "x" * 300,
    "jaw\u0301",
    "２",
    "1 OR 1=1",
    ["jaw", "neck"],
    ["1", "1"],
)
EXTRA_QUERIES = ("zzqxv", "crows feet", "sweaty hnds", "headache", "   ", "botox")
# How often each kind of action is chosen, when the page offers it.
WEIGHTS = {
    "region": 5,
    "condition": 4,
    "side": 2,
    "sites": 3,
    "back": 2,
    "type": 1,
    "open": 2,
    "history": 3,
    "start": 1,
}

Action = tuple


def _present(find) -> bool:
    """Is the widget ``find()`` looks for on the page (exactly once)?"""
    try:
        find()
    except (AssertionError, KeyError):
        return False
    return True


def _values(query: dict) -> dict[str, list[str]]:
    """The selection keys of a query (AppTest's shape: a value or a list of
    them), each as its list of values."""
    values = {}
    for key in LINK_PARAMS:
        value = query.get(key, [])
        values[key] = [value] if isinstance(value, str) else list(value)
    return values


def _url(at: AppTest) -> dict[str, list[str]]:
    """The selection keys of the page's URL, each as its list of values."""
    return _values(at.query_params)


class Walk:
    """One session driven by random actions; ``check`` after each one."""

    def __init__(self, seed: int, content, strings, site_sets):
        self.seed = seed
        self.rng = random.Random(seed)
        self.content = content
        self.region_ids = content.region_ids()
        self.condition_regions = content.condition_regions()
        self.condition_ids = sorted(self.condition_regions)
        self.with_sites = tuple(site_sets)
        self.queries = sorted(
            {w for c in content.conditions for w in c.everyday_words}
            | {w for u in content.other_uses for w in u.everyday_words}
            | set(EXTRA_QUERIES)
        )
        self.overview_heading = f"## {md_text(content.site.tagline)}"
        self.comparison_heading = f"## {strings.get('comparison.heading')}"
        self.maintenance = strings.get("page.maintenance")
        self.notice_texts = [strings.get(k) for k in NOTICES]
        self.actions: list[Action] = []
        self.urls: list[dict[str, str]] = []  # the URL the app wrote after each action
        self.at: AppTest | None = None

    # ------------------------------------------------------------ the walk

    def run(self, steps: int) -> None:
        self.do(("start", self.deep_link()))
        while len(self.actions) < steps:
            self.do(self.choose())

    def replay(self, actions: Sequence[Action]) -> None:
        for action in actions:
            self.do(action)

    def fail(self, what: str) -> None:
        pytest.fail(
            f"seed {self.seed}, after action {len(self.actions)}: {what}\n"
            f"actions (replay with Walk({self.seed}, content, strings, site_sets)"
            f".replay(actions)):\n{self.actions!r}",
            pytrace=False,
        )

    def do(self, action: Action) -> None:
        self.actions.append(action)
        before = selection(self.at) if self.at is not None else None
        try:
            self.apply(action)
        except Exception:
            self.fail(f"the action raised\n{traceback.format_exc()}")
        self.check()
        self.check_effect(action, before)
        self.urls.append({k: v[0] for k, v in _url(self.at).items() if v})

    def apply(self, action: Action) -> None:
        kind, *args = action
        at = self.at
        if kind == "start":
            self.at = start(args[0])
        elif kind == "region":
            picker(at).set_value(args[0]).run()
        elif kind == "condition":
            condition_picker(at).set_value(args[0]).run()
        elif kind == "side":
            side_picker(at).set_value(args[0]).run()
        elif kind == "sites":
            sites_switch(at, args[0]).set_value(args[1]).run()
        elif kind == "back":
            at.button(key=Keys.BACK).click().run()
        elif kind == "type":
            at.text_input(key=Keys.SEARCH).input(args[0]).run()
        elif kind == "open":
            at.button(key=args[0]).click().run()
        elif kind == "history":
            history_step(at, args[0])
        else:
            raise ValueError(f"unknown action {action!r}")

    def choose(self) -> Action:
        """A random action among those the page offers now."""
        at, rng = self.at, self.rng
        region, condition, side, _ = selection(at)
        offered: dict[str, list[Action]] = {
            "region": [("region", r) for r in (*self.region_ids, None) if r != region],
            "condition": [("condition", c) for c in (*self.condition_ids, None) if c != condition],
            "side": [("side", s) for s in SIDES if s != side],
            "sites": [
                ("sites", c, not sites_switch(at, c).value)
                for c in self.condition_ids
                if _present(lambda c=c: sites_switch(at, c))
            ],
            "back": [("back",)] if _present(lambda: at.button(key=Keys.BACK)) else [],
            "type": [("type", rng.choice(self.queries))],
            "open": [
                ("open", b.key) for b in at.button if (b.key or "").startswith(Keys.SEARCH_HIT)
            ],
            "history": [("history", url) for url in self.urls[:-1]],
            "start": [("start", self.deep_link())],
        }
        kinds = [k for k, actions in offered.items() if actions]
        kind = rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]
        return rng.choice(offered[kind])

    def deep_link(self) -> dict:
        """A link to open the app at: mostly valid, sometimes hostile."""
        rng = self.rng
        query: dict = {}
        if rng.random() < 0.7:
            query[REGION] = rng.choice(self.region_ids)
        if rng.random() < 0.5:
            query[CONDITION] = rng.choice(self.condition_ids)
        if rng.random() < 0.4:
            query[VIEW] = rng.choice(SIDES)
        if CONDITION in query and rng.random() < 0.5:
            query[SITES] = rng.choice(["1", "1", "0"])
        for key in list(query):  # any case, surrounding spaces ignored
            if isinstance(query[key], str) and rng.random() < 0.15:
                query[key] = f" {query[key].upper()} "
        if rng.random() < 0.3:
            query[rng.choice(LINK_PARAMS)] = rng.choice(HOSTILE_VALUES)
        return query

    # ------------------------------------------------------- the invariants

    def check(self) -> None:
        at = self.at
        if at.exception:
            self.fail(f"exception on the page: {[e.value for e in at.exception]}")
        infos = [i.value for i in at.info]
        if any(self.maintenance in i for i in infos):
            self.fail("the maintenance message is shown")
        region, condition, side, sites = current = selection(at)
        url, wanted = _url(at), link_params(*current)
        if url != wanted:
            self.fail(f"URL {url} != link_params{current} = {wanted}")
        shown = {
            "region picker": (picker(at).value, region),
            "condition picker": (condition_picker(at).value, condition),
            "side picker": (side_picker(at).value, side),
        }
        for name, (value, truth) in shown.items():
            if value != truth:
                self.fail(f"{name} shows {value!r}, the selection {current}")
        for c in self.condition_ids:
            if _present(lambda c=c: sites_switch(at, c)):
                on = sites_switch(at, c).value
                if on != (sites and c == condition):
                    self.fail(f"sites switch of {c} is {on}, the selection {current}")
        heading = (
            self.overview_heading
            if region is None
            else f"## {md_text(self.content.region(region).label)}"
        )
        headings = [m.value for m in at.markdown if m.value.startswith("## ")]
        if headings != [heading, self.comparison_heading]:
            self.fail(f"headings {headings}, the selection {current}")
        lit = highlighted_regions(at)
        if lit != ({region} if region else set()):
            self.fail(f"map highlights {lit}, the selection {current}")
        if condition is not None and region not in self.condition_regions.get(condition, ()):
            self.fail(f"condition {condition} open at {region}, where it isn't treated")
        if sites and (condition is None or condition not in self.with_sites):
            self.fail(f"sites shown without a condition that has a site set: {current}")
        if side not in SIDES:
            self.fail(f"side {side!r} is not a side")

    def check_effect(self, action: Action, before) -> None:
        """The action did what it says (``before``: the selection it started from)."""
        at = self.at
        kind, *args = action
        now = region, condition, _, sites = selection(at)
        notices = [i.value for i in at.info if any(n in i.value for n in self.notice_texts)]
        regions_of = self.condition_regions.get
        if kind == "start":
            link = parse_link(
                _values(args[0]), self.region_ids, self.condition_regions, self.with_sites
            )
            if (region, condition, sites) != (link.region, link.condition, link.sites):
                self.fail(f"deep link {args[0]} asks for {link}, the selection {now}")
            if not link.notices and notices:
                self.fail(f"a notice for a valid deep link {args[0]}: {notices}")
            return
        old_region, old_condition, _, old_sites = before
        if kind == "history":
            params = args[0]
            wanted = (
                params.get(REGION),
                params.get(CONDITION),
                params.get(VIEW, FRONT),
                params.get(SITES) == "1",
            )
            if now != wanted:
                self.fail(f"Back/Forward to {params}: the selection {now}, not {wanted}")
            if notices:
                self.fail(f"Back/Forward to {params}, a URL the app wrote, shows {notices}")
            return
        if kind == "region":
            kept = old_condition if args[0] in regions_of(old_condition, ()) else None
            wanted = (args[0], kept, old_sites and kept is not None)
            if (region, condition, sites) != wanted:
                self.fail(f"picked {args[0]}: (region, condition, sites) {now[::2]}, not {wanted}")
        elif kind == "condition":
            chosen = args[0]
            where = old_region if chosen is None else region_for(regions_of(chosen), old_region)
            if (region, condition, sites) != (where, chosen if where else None, False):
                self.fail(f"picked condition {chosen}: the selection {now}, not at {where}")
        elif kind == "side":
            # A side that can't show the region closes it (the map, heading
            # and URL must agree); otherwise the region and condition stay.
            shown = old_region in drawn(args[0])
            kept = (
                (old_region, old_condition, args[0], old_sites)
                if shown
                else (None, None, args[0], False)
            )
            if now != kept:
                self.fail(f"turned to {args[0]}: the selection {now}, before {before}")
        elif kind == "sites":
            if (region, condition, sites) != (old_region, args[0], args[1]):
                self.fail(f"switched sites of {args[0]} to {args[1]}: the selection {now}")
        elif kind == "back":
            if (region, condition, sites) != (None, None, False):
                self.fail(f"back to the whole body: the selection {now}")
        elif kind == "type":
            if now != before:
                self.fail(f"typing {args[0]!r} changed the selection {before} to {now}")
        elif kind == "open":
            chosen = args[0].removeprefix(f"{Keys.SEARCH_HIT}_").removeprefix("all_")
            if chosen in self.condition_regions and (
                condition != chosen or region not in regions_of(chosen)
            ):
                self.fail(f"opened search result {chosen}: the selection {now}")


@pytest.mark.parametrize("seed", SEEDS)
def test_random_actions_keep_the_page_in_step(seed, content, strings, site_sets):
    Walk(seed, content, strings, site_sets).run(STEPS)
