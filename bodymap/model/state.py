"""App state without Streamlit: deep links and map selections.

Everything here is a pure function, so tests can call it directly. The
session keys themselves are the UI's: :mod:`bodymap.ui.keys`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bodymap.model.content import ID_PATTERN
from bodymap.vocabulary import ENGLISH, FRONT, LANGUAGES, PHONE_MAP, SIDES, WIDE_MAP

REGION_PARAM = "region"
CONDITION_PARAM = "condition"
VIEW_PARAM = "view"  # ?view=back: the map seen from behind (front is the default)
SITES_PARAM = "sites"  # ?sites=1: the open condition's typical injection sites
LINK_PARAMS = (REGION_PARAM, CONDITION_PARAM, VIEW_PARAM, SITES_PARAM)
# Presenter mode: ?mode=present&step=4 (&contrast=high for washed-out projectors).
MODE_PARAM = "mode"
PRESENT = "present"
STEP_PARAM = "step"
CONTRAST_PARAM = "contrast"
HIGH_CONTRAST = "high"
PRESENTER_PARAMS = (MODE_PARAM, STEP_PARAM, CONTRAST_PARAM)
# ?lang=ar / ?lang=en: the guide's language, in every link the app writes.
LANG_PARAM = "lang"
# What went wrong with a link, as keys of the interface texts
# (content/ui/en.toml, [notices]): the UI shows them in the reader's language.
BAD_STEP_NOTICE = "notices.bad_step"
BAD_LINK_NOTICE = "notices.bad_link"
BAD_CONDITION_NOTICE = "notices.bad_condition"
BAD_VIEW_NOTICE = "notices.bad_view"
BAD_SITES_NOTICE = "notices.bad_sites"
BAD_LANG_NOTICE = "notices.bad_lang"

# Every link value is read as ASCII: ids, sides, flags and steps are ASCII
# words, and anything else (other scripts' digits such as "²" or "٣", which
# str.isdigit() accepts and int() then rejects; look-alike letters; values
# longer than any id) is simply not one of them.
MAX_VALUE_LENGTH = 64
_STEP = re.compile(r"[0-9]{1,4}")


def link_word(value: str) -> str | None:
    """A URL value as a lower-case ASCII word (surrounding spaces and tabs
    ignored), or None when it can't be one: too long, or not ASCII."""
    if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH or not value.isascii():
        return None
    return value.strip(" \t\r\n").lower()


def _only_word(values: Sequence[str]) -> str | None:
    """The one value of a URL key as a link word; None when it is repeated or not a word."""
    return link_word(values[0]) if len(values) == 1 else None


@dataclass(frozen=True)
class LanguageChoice:
    """The language a page opens in, and the notice to show (a key of the
    interface texts) when the link asked for one the guide doesn't have."""

    lang: str
    notice: str | None = None


def parse_language(values: Sequence[str], locale: str | None) -> LanguageChoice:
    """The language of a page from its link's ``lang=`` values, else from the
    browser's language (``locale``, e.g. "ar-SA"), else English.

    A ``lang`` value is one of :data:`bodymap.vocabulary.LANGUAGES` or a
    language tag of one ("ar-SA"); any other (or a repeated one, or one that
    is not an ASCII word) shows English with a notice."""
    if values:
        lang = _guide_language(_only_word(values))
        return LanguageChoice(lang) if lang else LanguageChoice(ENGLISH, BAD_LANG_NOTICE)
    return LanguageChoice(language_of_locale(locale))


def language_of_locale(locale: str | None) -> str:
    """The guide's language for a browser language tag ("ar", "ar-SA",
    "en-GB"): its primary subtag if the guide has it, else English."""
    return _guide_language(link_word(locale) if isinstance(locale, str) else None) or ENGLISH


def _guide_language(tag: str | None) -> str | None:
    """The guide's language a language tag ("ar", "ar-SA", "ar_EG") names by
    its primary subtag, or None if the guide has no such language."""
    primary = re.split(r"[-_]", tag, maxsplit=1)[0] if tag else ""
    return primary if primary in LANGUAGES else None


def language_params(lang: str) -> dict[str, list[str]]:
    """The URL value that names the guide's language."""
    return {LANG_PARAM: [lang]}


@dataclass(frozen=True)
class DeepLink:
    """What a link asks for: a known region (or None), the notices to show
    (keys of the interface texts: ``BAD_..._NOTICE``), a
    known condition to open at that region (or None), the side of the body
    to show, and whether to show the condition's injection sites."""

    region: str | None
    notices: tuple[str, ...] = ()
    condition: str | None = None
    side: str = FRONT
    sites: bool = False


def link_params(
    region: str | None, condition: str | None, side: str = FRONT, sites: bool = False
) -> dict[str, list[str]]:
    """The URL query values that describe a selection (the front and hidden
    sites are the defaults, left out of the URL)."""
    return {
        REGION_PARAM: [region] if region else [],
        CONDITION_PARAM: [condition] if region and condition else [],
        VIEW_PARAM: [side] if side != FRONT else [],
        SITES_PARAM: ["1"] if region and condition and sites else [],
    }


def parse_link(
    params: Mapping[str, Sequence[str]],
    known: Iterable[str],
    condition_regions: Mapping[str, Sequence[str]],
    with_sites: Iterable[str] | None = None,
) -> DeepLink:
    """Interpret the ``region=``, ``condition=``, ``view=`` and ``sites=`` values of a URL.

    A known condition opens at the region the link names if the condition is
    treated there, else at the condition's first region. A condition value
    that is not known (or repeated) is dropped with a notice; the region is
    then read as in :func:`parse_region_param`. ``view`` is ``front`` (also
    when missing) or ``back``; anything else shows the front with a notice.
    ``sites=1`` shows the open condition's injection sites, if it has a site
    set (``with_sites``: the conditions that do; None: all); ``sites=0`` or
    none hides them; anything else hides them with a notice.
    """
    link = _parse_region_and_condition(params, known, condition_regions)
    notices = list(link.notices)
    side = FRONT
    views = list(params.get(VIEW_PARAM, []))
    if views:
        word = _only_word(views)
        if word in SIDES:
            side = word
        else:
            notices.append(BAD_VIEW_NOTICE)
    sites = False
    values = list(params.get(SITES_PARAM, []))
    word = _only_word(values) if values else "0"
    if word != "0":
        has_set = link.condition is not None and (
            with_sites is None or link.condition in set(with_sites)
        )
        if word == "1" and has_set:
            sites = True
        else:
            notices.append(BAD_SITES_NOTICE)
    return DeepLink(link.region, tuple(notices), link.condition, side, sites)


def _parse_region_and_condition(
    params: Mapping[str, Sequence[str]],
    known: Iterable[str],
    condition_regions: Mapping[str, Sequence[str]],
) -> DeepLink:
    by_region = parse_region_param(params.get(REGION_PARAM, []), known)
    values = list(params.get(CONDITION_PARAM, []))
    if not values:
        return by_region
    candidate = _only_word(values) or ""
    if not (ID_PATTERN.fullmatch(candidate) and candidate in condition_regions):
        return DeepLink(by_region.region, (*by_region.notices, BAD_CONDITION_NOTICE))
    # A bad region beside a good condition: the condition opens at its own
    # region, and the notice still says the link was partly wrong.
    region = region_for(condition_regions[candidate], by_region.region)
    return DeepLink(region, by_region.notices, candidate)


def side_for(region: str | None, side: str, drawn: Mapping[str, Iterable[str]]) -> str:
    """The side to show ``region`` on: ``side`` if the region can be tapped
    there (or there is no region), else the first side where it can be
    (the eyes turn the body to the front, the shoulders to the back).

    ``drawn`` maps each side to the region ids tappable on it.
    """
    if region is None or region in set(drawn.get(side, ())):
        return side
    return next((s for s in SIDES if region in set(drawn.get(s, ()))), side)


def sites_side(side: str, site_sides: Iterable[str]) -> str:
    """The side to show injection sites on: ``side`` if some are drawn on it,
    else one that has them (the calf muscles turn the body around)."""
    site_sides = set(site_sides)
    if not site_sides or side in site_sides:
        return side
    return next(s for s in SIDES if s in site_sides)


def keep_condition(
    condition: str | None, region: str | None, condition_regions: Mapping[str, Sequence[str]]
) -> str | None:
    """The open condition after choosing ``region``: kept while the region is
    one of its own (moving from the forehead to the neck in migraine), else
    closed (the new region may not treat it)."""
    if condition is not None and region in condition_regions.get(condition, ()):
        return condition
    return None


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
        return DeepLink(None, (BAD_LINK_NOTICE,))
    candidate = link_word(values[0]) or ""
    if ID_PATTERN.fullmatch(candidate) and candidate in set(known):
        return DeepLink(candidate)
    return DeepLink(None, (BAD_LINK_NOTICE,))


@dataclass(frozen=True)
class Selection:
    """What the page shows: the one source of truth the map, the pickers,
    the panel, the heading and the URL are all drawn from.

    ``region`` is a region id (None: the whole-body overview); ``condition``
    a condition open at that region; ``side`` FRONT or BACK; ``sites``
    whether the open condition's injection sites are on the map. Build one
    with :func:`selection` so these always fit together.
    """

    region: str | None = None
    condition: str | None = None
    side: str = FRONT
    sites: bool = False

    def link(self) -> dict[str, list[str]]:
        """The URL values that describe this selection (:func:`link_params`)."""
        return link_params(self.region, self.condition, self.side, self.sites)


def selection(
    region: str | None,
    condition: str | None,
    side: str,
    sites: bool,
    condition_regions: Mapping[str, Sequence[str]],
    with_sites: Iterable[str],
) -> Selection:
    """A :class:`Selection` that holds together: a condition only at a
    region where it is treated (else it is closed), injection sites only for
    an open condition that has a site set, and a known side."""
    condition = keep_condition(condition, region, condition_regions)
    return Selection(
        region,
        condition,
        side if side in SIDES else FRONT,
        bool(sites and condition is not None and condition in set(with_sites)),
    )


def id_from_selection(event: Any, known: Iterable[str]) -> str | None:
    """The region (or condition) id carried by a Plotly selection event, if any.

    Each invisible tap point carries its id as ``customdata``. The
    event may arrive as a dict or as Streamlit's attribute-style state; an
    empty selection (a repeated tap toggling the point off, or a double tap)
    gives None, and the caller keeps the current region.
    """
    known = set(known)
    for point in _points(event):
        data = _get(point, "customdata")
        if isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if isinstance(data, str) and data in known:
            return data
    return None


def curve_from_selection(event: Any) -> int | None:
    """The trace index (Plotly's ``curve_number``) of the first selected point, if any."""
    points = _points(event)
    curve = _get(points[0], "curve_number") if points else None
    return curve if isinstance(curve, int) and not isinstance(curve, bool) else None


def _points(event: Any) -> list[Any]:
    """The selected points of a selection event: a list, whatever arrived."""
    points = _get(_get(event, "selection"), "points")
    return list(points) if isinstance(points, (list, tuple)) else []


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


@dataclass(frozen=True)
class Presenter:
    """What the URL says about presenter mode."""

    on: bool
    step: int = 1  # 1-based stop of the tour
    high_contrast: bool = False
    notice: str | None = None  # a key of the interface texts: BAD_STEP_NOTICE


def parse_presenter(params: Mapping[str, Sequence[str]], stops: int) -> Presenter:
    """Read ``mode=present``, ``step=N`` and ``contrast=high`` from a URL.

    Presenter mode is on only for exactly ``mode=present``. A missing step is
    the first; a step that isn't a whole number from 1 to ``stops`` (or is
    repeated) starts the tour at 1 with a notice.
    """
    if _only_word(list(params.get(MODE_PARAM, []))) != PRESENT or stops < 1:
        return Presenter(False)
    contrast = _only_word(list(params.get(CONTRAST_PARAM, []))) == HIGH_CONTRAST
    steps = list(params.get(STEP_PARAM, []))
    if not steps:
        return Presenter(True, 1, contrast)
    text = _only_word(steps) or ""
    # ASCII digits only: "²" passes str.isdigit() and then fails int().
    if _STEP.fullmatch(text) and 1 <= int(text) <= stops:
        return Presenter(True, int(text), contrast)
    return Presenter(True, 1, contrast, BAD_STEP_NOTICE)


def presenter_params(presenter: Presenter) -> dict[str, list[str]]:
    """The URL values that describe presenter mode (empty lists when off)."""
    if not presenter.on:
        return {key: [] for key in PRESENTER_PARAMS}
    return {
        MODE_PARAM: [PRESENT],
        STEP_PARAM: [str(presenter.step)],
        CONTRAST_PARAM: [HIGH_CONTRAST] if presenter.high_contrast else [],
    }


# Phones (and only phones: an iPad asks for the desktop site) say "Mobile" or
# "iPhone" in their user agent; see MDN's "Browser detection using the user agent".
_PHONE_AGENT = re.compile(r"iPhone|iPod|Android.*Mobile|Mobile.*Firefox|Windows Phone", re.I)


def map_layout(user_agent: str | None) -> str:
    """Which map layout suits the browser: :data:`PHONE_MAP` for phones."""
    # Only the start is read: the pattern takes time quadratic in the length,
    # and a hostile 60 KB header cost seconds a run. Real agents are < 300.
    return PHONE_MAP if user_agent and _PHONE_AGENT.search(user_agent[:512]) else WIDE_MAP
