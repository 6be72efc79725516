"""App state without Streamlit: session keys, deep links and map selections.

Everything here is a pure function, so tests can call it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bodymap.content import ID_PATTERN


class Keys:
    """Every ``st.session_state`` key the app uses, in one place."""

    REGION = "selected_region"  # the source of truth: a region id or None
    PICKER = "region_picker"  # the text picker (pills) widget
    MAP = "body_map"  # the Plotly chart widget
    NOTICE = "link_notice"  # a one-off message about a bad link
    OVERRIDDEN = "picker_overridden"  # recent (value, time) the app replaced in the picker
    URL_WRITTEN = "url_written"  # the region values last written to the URL
    URL_WRITTEN_AT = "url_written_at"  # time.monotonic() of that write
    INTERACTED = "interacted"  # a map tap, pick or button started this run
    BACK = "back_to_overview"  # the "back to overview" button
    CONDITION = "selected_condition"  # a condition opened from the comparison, or None
    COMPARISON = "comparison_chart"  # the tappable comparison chart widget
    COMPARISON_ORDER = "comparison_order"  # how the comparison rows are ordered
    SCROLL_TO_MAP = "scroll_to_map"  # bring the map into view after this run
    COMPARISON_TAPS = "comparison_taps"  # rows opened so far: part of the chart's key
    CONDITION_PICKER = "condition_picker"  # the "open a treatment" list under the comparison


REGION_PARAM = "region"
CONDITION_PARAM = "condition"
LINK_PARAMS = (REGION_PARAM, CONDITION_PARAM)


BAD_LINK_NOTICE = (
    "That link doesn't point to a body area this guide covers, "
    "so we're showing the whole body instead."
)
BAD_CONDITION_NOTICE = "That link names a condition this guide doesn't cover."


@dataclass(frozen=True)
class DeepLink:
    """What a link asks for: a known region (or None), a notice to show, and a
    known condition to open at that region (or None)."""

    region: str | None
    notice: str | None = None
    condition: str | None = None


def link_params(region: str | None, condition: str | None) -> dict[str, list[str]]:
    """The URL query values that describe a selection."""
    return {
        REGION_PARAM: [region] if region else [],
        CONDITION_PARAM: [condition] if region and condition else [],
    }


def parse_link(
    params: Mapping[str, Sequence[str]],
    known: Iterable[str],
    condition_regions: Mapping[str, Sequence[str]],
) -> DeepLink:
    """Interpret the ``region=`` and ``condition=`` values of a URL.

    A known condition opens at the region the link names if the condition is
    treated there, else at the condition's first region. A condition value
    that is not known (or repeated) is dropped with a notice; the region is
    then read as in :func:`parse_region_param`.
    """
    by_region = parse_region_param(params.get(REGION_PARAM, []), known)
    values = list(params.get(CONDITION_PARAM, []))
    if not values:
        return by_region
    candidate = values[0].strip().lower() if len(values) == 1 else ""
    if not (ID_PATTERN.fullmatch(candidate) and candidate in condition_regions):
        return DeepLink(by_region.region, BAD_CONDITION_NOTICE)
    return DeepLink(region_for(condition_regions[candidate], by_region.region), None, candidate)


def region_for(condition_regions: Sequence[str], current: str | None) -> str:
    """Where to open a condition: the current region if the condition is
    treated there (migraine stays on the neck), else its first region."""
    return current if current in condition_regions else condition_regions[0]


def parse_region_param(values: Sequence[str], known: Iterable[str]) -> DeepLink:
    """Interpret every ``region=`` value in the URL.

    No value means the overview. One value that names a known region (any
    case, surrounding spaces ignored) opens it. Anything else (empty, unknown,
    too long, markup, or the key repeated) falls back to the overview with a
    notice. The raw value is never returned, so it can never be rendered.
    """
    if not values:
        return DeepLink(None)
    if len(values) > 1:
        return DeepLink(None, BAD_LINK_NOTICE)
    candidate = values[0].strip().lower()
    if ID_PATTERN.fullmatch(candidate) and candidate in set(known):
        return DeepLink(candidate)
    return DeepLink(None, BAD_LINK_NOTICE)


# A request the browser sent before the app's last change reached it carries
# the old URL and the picker's old value. Within this many seconds of a change
# such old values are taken to be echoes, not a new choice: nobody presses
# Back, or picks what the map just replaced, that fast.
STALE_WINDOW_S = 1.5


def is_stale_pick(
    value: str | None,
    region: str | None,
    overridden: Sequence[tuple[str | None, float]],
    now: float,
) -> bool:
    """Is a picker change just the browser echoing a value the app replaced?

    When a map tap (or the URL, or the back button) changes the region, the
    app also sets the picker. A request the browser sent before it saw that
    (a quick second tap), or a picker widget redrawn from an interrupted run,
    reports the picker's earlier value as if the user had picked it. Values
    the app replaced within the last ``STALE_WINDOW_S`` are ignored.
    """
    if value == region:
        return False
    return any(old == value and now - when < STALE_WINDOW_S for old, when in overridden)


def url_navigation(
    current: Mapping[str, Sequence[str]],
    written: Mapping[str, Sequence[str]] | None,
    interacted: bool,
    seconds_since_write: float,
    known: Iterable[str],
    condition_regions: Mapping[str, Sequence[str]],
) -> DeepLink | None:
    """Whether the URL asks for a region (and condition) this run, and which.

    ``current`` and ``written`` map each of :data:`LINK_PARAMS` to its values.

    ``written`` is what the app last put in the URL (None before the first
    run of a session, when the URL is the link that opened the page). A run
    started by a tap or pick keeps its own choice: its URL may predate the
    app's last write. Otherwise a URL that differs from the last write means
    the user navigated (Back/Forward): follow it, unless the write was so
    recent that the difference is only an echo of the old URL.
    """
    if written is None:
        return parse_link(current, known, condition_regions)
    same = all(list(current.get(k, [])) == list(written.get(k, [])) for k in LINK_PARAMS)
    if interacted or same:
        return None
    if seconds_since_write < STALE_WINDOW_S:
        return None
    return parse_link(current, known, condition_regions)


def id_from_selection(event: Any, known: Iterable[str]) -> str | None:
    """The region (or condition) id carried by a Plotly selection event, if any.

    Each invisible tap point carries its id as ``customdata``. The
    event may arrive as a dict or as Streamlit's attribute-style state; an
    empty selection (a repeated tap toggling the point off, or a double tap)
    gives None, and the caller keeps the current region.
    """
    known = set(known)
    selection = _get(event, "selection")
    points = _get(selection, "points") or []
    for point in points:
        data = _get(point, "customdata")
        if isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if isinstance(data, str) and data in known:
            return data
    return None


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)
