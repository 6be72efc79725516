"""Load the medical content from ``content/`` and check it as a whole.

Content is TOML written by clinicians (see ``content/README.md``). Everything
is validated at load time; every problem is reported as file + field + message
so a broken sentence can be found without reading Python. Each file is read
by :mod:`bodymap.model.readers`; here the folder is read and the files are
checked against each other (every region treated, every tour stop real,
every claim primary-sourced) and against the diagram.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from bodymap.model.arabic import sort_key
from bodymap.model.content import Condition, Content, Mechanism, Region, Site, Tour
from bodymap.model.crisis import CRISIS_LINES_FILE, load_crisis_lines
from bodymap.model.crisis import host_problems as crisis_host_problems
from bodymap.model.fields import ContentError, Problem
from bodymap.model.readers import (
    read_condition,
    read_mechanism,
    read_other_uses,
    read_region,
    read_site,
    read_tour,
)
from bodymap.model.sources import load_source_hosts, sourcing_problems
from bodymap.model.strings import DEFAULT_LANG
from bodymap.model.translation import Translator
from bodymap.vocabulary import CONTENT_DIR

# The folders read here, which a translation mirrors (with the top-level
# files; sites/ is read by bodymap.model.sites).
CONTENT_FOLDERS = ("regions", "mechanisms", "conditions")


def check_content(
    root: Path = CONTENT_DIR,
    drawn_regions: Iterable[str] | None = None,
    lang: str = DEFAULT_LANG,
) -> tuple[Content | None, list[Problem]]:
    """Load and validate everything under ``root``, in ``lang``.

    ``drawn_regions`` are the region ids the diagram draws: each must have a
    region file, and each region file must be drawn. In a language other
    than English, each file's words come from its translation in
    ``root/<lang>/`` (:mod:`bodymap.model.translation`), and everything else
    from the English file. Returns the content (None if anything is wrong)
    and the list of problems.
    """
    problems: list[Problem] = []
    reader = Translator(root, lang, DEFAULT_LANG)
    regions = _read_folder(root, "regions", read_region, problems, reader)
    mechanisms = _read_folder(root, "mechanisms", read_mechanism, problems, reader)
    conditions = _read_folder(root, "conditions", read_condition, problems, reader)
    site_rel, site_data = reader.load(root / "site.toml", problems)
    site = read_site(site_data, site_rel, problems) if site_data is not None else None
    tour_rel, tour_data = reader.load(root / "tour.toml", problems)
    tour = read_tour(tour_data, tour_rel, problems) if tour_data is not None else None
    if tour is not None:
        problems += _tour_problems(tour, tour_rel, regions, conditions)
    other_rel, other_data = reader.load(root / "not_covered.toml", problems)
    other_uses = read_other_uses(other_data, other_rel, problems) if other_data is not None else ()
    # Who to call, by country (one file for every language; optional in a
    # copy of the content, such as the tests' small one).
    crisis_lines = load_crisis_lines(root, problems) if (root / CRISIS_LINES_FILE).exists() else ()
    hosts = load_source_hosts(root, problems)
    if hosts is not None:
        problems += sourcing_problems(hosts, site, mechanisms, conditions, (other_rel, other_uses))
        problems += crisis_host_problems(crisis_lines, hosts)
    problems += _reference_problems(site, regions, mechanisms, conditions)
    if drawn_regions is not None:
        problems += _drawing_problems(root, regions, set(drawn_regions))
    problems += reader.extra_files(CONTENT_FOLDERS)

    if problems or site is None or tour is None:
        return None, problems
    content = Content(
        site=site,
        regions=tuple(sorted(regions, key=lambda r: r.order)),
        conditions=tuple(sorted(conditions, key=lambda c: sort_key(c.name))),
        mechanisms=tuple(mechanisms),
        tour=tour,
        other_uses=other_uses,
        language=lang,
        translations=tuple(reader.infos),
        crisis_lines=crisis_lines,
    )
    return content, []


def load_content(
    root: Path = CONTENT_DIR, drawn_regions: Iterable[str] | None = None, lang: str = DEFAULT_LANG
) -> Content:
    """Load validated content in ``lang``, or raise ContentError listing every problem."""
    content, problems = check_content(root, drawn_regions, lang)
    if content is None:
        raise ContentError(problems)
    return content


def _read_folder(
    root: Path, folder: str, reader: Callable, problems: list[Problem], files: Translator
) -> list:
    """Every ``.toml`` file of ``root/folder``, in ``files``' language, read by ``reader``."""
    items = []
    paths = sorted((root / folder).glob("*.toml"))
    if not paths:
        problems.append(Problem(f"{root.name}/{folder}/", "(folder)", "no .toml files found"))
    for path in paths:
        rel, data = files.load(path, problems)
        if data is not None:
            items.append(reader(path, data, rel, problems))
    return items


def _reference_problems(
    site: Site | None,
    regions: list[Region],
    mechanisms: list[Mechanism],
    conditions: list[Condition],
) -> list[Problem]:
    """What one file names is in another: the crisis text a condition shows,
    the regions a condition is treated at, the mechanism of its tissue, and
    at least one condition for each region."""
    found: list[Problem] = []
    for c in conditions:
        if c.shows_crisis_line and site is not None and site.crisis is None:
            found.append(
                Problem(c.file, "shows_crisis_line", "site.toml has no [crisis] text to show")
            )
    region_ids = {r.id for r in regions}
    for r in regions:
        if sum(1 for x in regions if x.order == r.order) > 1:
            found.append(Problem(r.file, "order", f"order {r.order} is used by another region"))
        if not any(r.id in c.regions for c in conditions):
            found.append(Problem(r.file, "id", f"no condition lists region {r.id!r}"))
    mechanism_ids = {m.id for m in mechanisms}
    for c in conditions:
        for rid in c.regions:
            if rid not in region_ids:
                found.append(
                    Problem(
                        c.file, "regions", f"unknown region {rid!r} (known: {sorted(region_ids)})"
                    )
                )
        if c.tissue and c.tissue not in mechanism_ids:
            found.append(Problem(c.file, "tissue", f"no mechanisms/{c.tissue}.toml explains it"))
    return found


def _drawing_problems(root: Path, regions: list[Region], drawn: set[str]) -> list[Problem]:
    """Each region the diagram draws has a content file, and each region file is drawn."""
    found = [
        Problem(
            f"{root.name}/regions/{rid}.toml",
            "(file)",
            "the diagram draws this region but it has no content file",
        )
        for rid in sorted(drawn - {r.id for r in regions})
    ]
    for r in regions:
        if r.id not in drawn:
            found.append(
                Problem(r.file, "id", f"region {r.id!r} is not drawn in assets/diagram.json")
            )
    return found


def _tour_problems(
    tour: Tour, rel: str, regions: list[Region], conditions: list[Condition]
) -> list[Problem]:
    """Every stop points at real content, and the tour covers every condition once."""
    found: list[Problem] = []
    region_ids = {r.id for r in regions}
    by_id = {c.id: c for c in conditions}
    seen: list[str] = []
    for i, stop in enumerate(tour.stops):
        where = f"stops[{i}]"
        if stop.region and stop.region not in region_ids:
            found.append(Problem(rel, f"{where}.region", f"unknown region {stop.region!r}"))
        if stop.condition:
            c = by_id.get(stop.condition)
            if c is None:
                found.append(
                    Problem(rel, f"{where}.condition", f"unknown condition {stop.condition!r}")
                )
            elif stop.region and stop.region not in c.regions:
                found.append(
                    Problem(
                        rel,
                        f"{where}.condition",
                        f"{stop.condition!r} is not treated at {stop.region!r} "
                        f"(its regions: {list(c.regions)})",
                    )
                )
            if stop.condition in seen:
                found.append(
                    Problem(rel, f"{where}.condition", f"{stop.condition!r} is visited twice")
                )
            seen.append(stop.condition)
    for c in conditions:
        if c.id not in seen:
            found.append(Problem(rel, "stops", f"the tour never opens condition {c.id!r}"))
    return found
