"""App state without Streamlit: session keys, deep links and map selections.

Everything here is a pure function, so tests can call it directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class Keys:
    """Every ``st.session_state`` key the app uses, in one place."""

    REGION = "selected_region"  # the source of truth: a region id or None
    PICKER = "region_picker"  # the text picker (pills) widget
    MAP = "body_map"  # the Plotly chart widget
    NOTICE = "link_notice"  # a one-off message about a bad link
    STARTED = "session_started"  # deep link already read for this session
    BACK = "back_to_overview"  # the "back to overview" button


REGION_PARAM = "region"

# A region id is short lowercase words joined by hyphens; anything else in a
# link is rejected before it is even compared with the known ids.
_REGION_ID = re.compile(r"[a-z][a-z-]{0,31}")

BAD_LINK_NOTICE = (
    "That link doesn't point to a body area this guide covers, "
    "so we're showing the whole body instead."
)


@dataclass(frozen=True)
class DeepLink:
    """What a link asks for: a known region (or None), and a notice to show."""

    region: str | None
    notice: str | None = None


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
    if _REGION_ID.fullmatch(candidate) and candidate in set(known):
        return DeepLink(candidate)
    return DeepLink(None, BAD_LINK_NOTICE)


def region_from_selection(event: Any, known: Iterable[str]) -> str | None:
    """The region id carried by a Plotly selection event, if any.

    Each invisible tap point carries its region id as ``customdata``. The
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
