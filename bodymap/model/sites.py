"""Typical injection sites, drawn over the body map for education.

Each condition has one file, ``content/sites/<condition>.toml`` (see
``content/README.md``, "Injection sites"): a plain-words summary for
patients, an educator block (how many sites, the total dose, what is
standardised and what varies, with sources), and the muscles or tissues
injected, each with its view of the diagram, where its name is written and
its sites in diagram coordinates. The files are validated like the rest of
the content: every problem names the file and field. The helpers at the end
are pure, for the figure and the panel to call.

The drawing is an illustration for education, never an injection guide:
show the interface text ``sites.caption`` with it. The words about a drawing
(its pattern note) come from the interface catalog the caller passes in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bodymap.model.content import Source, TranslationInfo
from bodymap.model.diagram import Diagram, View
from bodymap.model.fields import (
    ContentError,
    Fields,
    Problem,
    read_sources,
    source_ids,
)
from bodymap.model.geometry import Point
from bodymap.model.sources import load_source_hosts
from bodymap.model.strings import DEFAULT_LANG, Strings
from bodymap.model.translation import Translator

SITES_FOLDER = "sites"

# How closely the drawing follows a standard, by the file's ``pattern``: keys
# of the interface texts that say so in plain words.
PATTERNS = {
    "standard": "sites.pattern_standard",
    "typical": "sites.pattern_typical",
    "example": "sites.pattern_example",
}
# A dose (a number with units or mL) in patient text: doses belong in [educator].
_DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:U|units?|mL)\b", re.IGNORECASE)


@dataclass(frozen=True)
class MuscleSites:
    """One muscle (or gland, or tissue) and its sites in one view.

    ``points`` already include the mirror images of mirrored sites.
    """

    name: str
    view: str
    label_at: Point
    points: tuple[Point, ...]


@dataclass(frozen=True)
class SiteSet:
    """The typical injection sites of one condition."""

    condition: str
    summary: str  # plain words, for patients; no doses
    pattern: str  # a key of PATTERNS
    sites_text: str  # educator: how many sites
    dose_text: str  # educator: the total dose
    educator_text: str  # educator: what is standardised and what varies
    educator_source_ids: tuple[str, ...]
    muscles: tuple[MuscleSites, ...]
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    file: str
    # In a translation: its [translation] table (who reviewed these words).
    translation: TranslationInfo | None = None

    def pattern_note(self, strings: Strings) -> str:
        """The plain-words sentence saying how standard the drawing is, from ``strings``."""
        key = PATTERNS.get(self.pattern)
        return strings(key) if key else ""

    def educator_sources(self) -> tuple[Source, ...]:
        """The sources the educator block cites, in the order cited."""
        by_id = {s.id: s for s in self.sources}
        return tuple(by_id[i] for i in self.educator_source_ids if i in by_id)


class SiteError(ContentError):
    """Site files failed validation; ``problems`` lists every failure."""


# ------------------------------------------------------------------------ loading


def check_site_sets(
    root: Path,
    diagram: Diagram,
    condition_ids: Iterable[str],
    require_all: bool = False,
    lang: str = DEFAULT_LANG,
) -> tuple[dict[str, SiteSet] | None, list[Problem]]:
    """Load and validate ``root/sites/*.toml`` against the diagram and conditions.

    Returns the site sets by condition id (None if anything is wrong) and the
    problems. With ``require_all``, a condition without a site file is a problem.
    """
    problems: list[Problem] = []
    known = set(condition_ids)
    folder = root / SITES_FOLDER
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        problems.append(Problem(f"{root.name}/{SITES_FOLDER}/", "(folder)", "no .toml files found"))
    site_sets: dict[str, SiteSet] = {}
    reader = Translator(root, lang, DEFAULT_LANG)
    for path in paths:
        translated = len(reader.infos)
        rel, data = reader.load(path, problems)
        if data is None:
            continue
        site_set = _read_site_set(path, data, rel, diagram, known, problems)
        if len(reader.infos) > translated:  # this file's [translation]
            site_set = dataclasses.replace(site_set, translation=reader.infos[-1])
        if site_set.condition:
            site_sets[site_set.condition] = site_set
    problems += reader.extra_files((SITES_FOLDER,), top_level=False)
    hosts = load_source_hosts(root, problems)
    for site_set in site_sets.values() if hosts is not None else ():
        # The same rule as the content's: every link's host reviewed, and the
        # counts and doses resting on at least one primary source.
        problems += hosts.host_problems(site_set.file, site_set.sources)
        problems += hosts.claim_problems(
            site_set.file, "educator.source_ids", site_set.educator_source_ids, site_set.sources
        )
    if require_all:
        for condition_id in sorted(known - set(site_sets)):
            problems.append(
                Problem(
                    f"{root.name}/{SITES_FOLDER}/{condition_id}.toml",
                    "(file)",
                    f"condition {condition_id!r} has no injection-site file",
                )
            )
    if problems:
        return None, problems
    return dict(sorted(site_sets.items())), []


def load_site_sets(
    root: Path, diagram: Diagram, condition_ids: Iterable[str], lang: str = DEFAULT_LANG
) -> dict[str, SiteSet]:
    """Validated site sets by condition id, in ``lang``, or raise SiteError
    listing every problem.

    ``root`` is the content folder (``content/``); the files are in ``root/sites``.
    """
    site_sets, problems = check_site_sets(root, diagram, condition_ids, lang=lang)
    if site_sets is None:
        raise SiteError(problems)
    return site_sets


def _read_site_set(
    path: Path,
    data: dict,
    rel: str,
    diagram: Diagram,
    known: set[str],
    problems: list[Problem],
) -> SiteSet:
    f = Fields(data, rel, "", problems)
    sources = read_sources(f, required=True)
    condition = f.text("condition")
    if condition and condition != path.stem:
        f.fail("condition", f"{condition!r} must match the file name {path.stem!r}")
    elif condition and condition not in known:
        f.fail(
            "condition",
            f"unknown condition {condition!r}: no conditions/{condition}.toml",
        )
    summary = f.text("summary")
    if _DOSE.search(summary):
        f.fail("summary", "doses and units belong in [educator], not in the patient summary")
    pattern = f.choice("pattern", PATTERNS)

    sites_text = dose_text = educator_text = ""
    educator_ids: tuple[str, ...] = ()
    e = f.table("educator")
    if e is not None:
        sites_text = e.text("sites")
        dose_text = e.text("total_dose")
        educator_text = e.text("text")
        educator_ids = source_ids(e, "source_ids", sources)
        e.reject_unknown()

    muscles = _read_muscles(f, diagram)
    site_set = SiteSet(
        condition=condition,
        summary=summary,
        pattern=pattern,
        sites_text=sites_text,
        dose_text=dose_text,
        educator_text=educator_text,
        educator_source_ids=educator_ids,
        muscles=muscles,
        sources=sources,
        last_reviewed=f.date("last_reviewed"),
        file=rel,
    )
    f.reject_unknown()
    return site_set


def _read_muscles(f: Fields, diagram: Diagram) -> tuple[MuscleSites, ...]:
    views = {v.view_id: v for v in diagram.views}
    muscles = []
    for m in f.tables("muscles", "expected one or more [[muscles]] tables"):
        name = m.text("name")  # short enough to write on the diagram (limits.py)
        view_id = m.text("view")
        view = views.get(view_id)
        if view_id and view is None:
            m.fail("view", f"unknown view {view_id!r} (views: {', '.join(views)})")
        mirror = m.flag("mirror")
        label_at = m.point("label_at")
        if label_at is not None and view is not None and not _in_range(view, label_at):
            m.fail(
                "label_at",
                f"[{label_at[0]:g}, {label_at[1]:g}] is outside the {view_id!r} view "
                f"(x {view.x_range[0]:g} to {view.x_range[1]:g}, "
                f"y {view.y_range[0]:g} to {view.y_range[1]:g})",
            )
        points = _read_points(m, view, mirror)
        m.reject_unknown()
        muscles.append(MuscleSites(name, view_id, label_at or (0.0, 0.0), points))
    return tuple(muscles)


def _read_points(m: Fields, view: View | None, mirror: bool) -> tuple[Point, ...]:
    if not m.has("sites"):
        m.fail("sites", "missing (required): at least one site [x, y]")
        return ()
    expected = "expected a list of one or more sites, e.g. [[2.5, 47.0]]"
    points: list[Point] = []
    for k, value in enumerate(m.items("sites", expected)):
        point = m.point(f"sites[{k}]", value)
        if point is None:
            continue
        copies = [(point, "")]
        if mirror:
            if abs(point[0]) < 1e-9:
                m.fail(f"sites[{k}]", "a site on the centre line (x = 0) cannot be mirrored")
            else:
                copies.append(((-point[0], point[1]), " (its mirror image)"))
        for p, which in copies:
            if view is not None and not inside_outline(view, *p):
                m.fail(
                    f"sites[{k}]",
                    f"[{p[0]:g}, {p[1]:g}]{which} is outside the body outline "
                    f"of the {view.view_id!r} view",
                )
            points.append(p)
    return tuple(points)


def _in_range(view: View, p: Point) -> bool:
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    return x0 <= p[0] <= x1 and y0 <= p[1] <= y1


def inside_outline(view: View, x: float, y: float) -> bool:
    """Is (x, y) inside one of the view's body outline shapes?"""
    return any(shape.contains(x, y) for shape in view.outline)


# ------------------------------------------------------------- helpers for drawing


def overlay_points(
    site_set: SiteSet, view_ids: Iterable[str]
) -> tuple[tuple[str, float, float], ...]:
    """Every site drawn in these views, as ``(view_id, x, y)``, muscle by muscle."""
    wanted = _view_set(view_ids)
    return tuple((m.view, x, y) for m in site_set.muscles if m.view in wanted for x, y in m.points)


def overlay_labels(
    site_set: SiteSet, view_ids: Iterable[str]
) -> tuple[tuple[str, str, float, float, float, float], ...]:
    """The muscle names written in these views, as ``(view_id, text, x, y,
    to_x, to_y)``: where the name goes and the muscle's own site nearest to
    it (where its leader line ends).

    A muscle listed twice in one view (e.g. two groups of sites) is named once.
    """
    wanted = _view_set(view_ids)
    labels: dict[tuple[str, str], tuple] = {}
    for m in site_set.muscles:
        if m.view not in wanted:
            continue
        key = (m.view, m.name)
        first = labels.get(key)
        at = first[2:4] if first else m.label_at
        points = [first[4:6]] if first else []
        nearest = min([*points, *m.points], key=lambda p: math.dist(p, at))
        labels[key] = (m.view, m.name, *at, *nearest)
    return tuple(labels.values())


def number_labels(
    labels: tuple[tuple, ...], view_id: str
) -> tuple[tuple[tuple, ...], tuple[str, ...]]:
    """Labels with the names in ``view_id`` replaced by numbers 1, 2, 3...,
    and the names in that order (the key, shown beside the map).

    The whole-body view is under 2 px per unit on a tablet: a name like
    "Tibialis posterior" is wider than a leg's whole neighbourhood, so its
    names would cover each other and the leg; small numbers fit.
    """
    key: list[str] = []
    out = []
    for label in labels:
        if label[0] == view_id:
            key.append(label[1])
            out.append((label[0], str(len(key)), *label[2:]))
        else:
            out.append(label)
    return tuple(out), tuple(key)


def _view_set(view_ids: Iterable[str]) -> set[str]:
    # One view id passed as a bare string means that view, not its letters.
    return {view_ids} if isinstance(view_ids, str) else set(view_ids)


def site_count(site_set: SiteSet) -> int:
    """How many sites the drawing shows, mirror images included."""
    return sum(len(m.points) for m in site_set.muscles)


def views_of(site_set: SiteSet) -> set[str]:
    """The views with at least one site of this condition."""
    return {m.view for m in site_set.muscles}
