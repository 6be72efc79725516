"""Check all content and the diagram: ``python -m bodymap.check [CONTENT_DIR [DIAGRAM]]``.

Prints every problem as ``file: field: message`` and exits 1 if there are any,
so clinicians can validate an edit before publishing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bodymap.model.content import Content
from bodymap.model.diagram import Diagram, check_diagram
from bodymap.model.loading import check_content
from bodymap.model.readability import reading_level_problems
from bodymap.model.sites import check_site_sets
from bodymap.model.strings import Strings, catalog_problems, catalog_root, check_strings
from bodymap.model.timeline import COMPARISON_ORDERS, comparison_rows
from bodymap.render.charts import build_comparison_figure
from bodymap.render.map_figure import build_figure
from bodymap.render.step_pictures import draw_step
from bodymap.render.timeline_svg import build_timeline_svg
from bodymap.vocabulary import (
    CONTENT_DIR,
    DIAGRAM_PATH,
    ENGLISH,
    LANGUAGES,
    PHONE_MAP,
    SIDES,
    WIDE_MAP,
)


def run_checks(content_dir: Path = CONTENT_DIR, diagram_path: Path = DIAGRAM_PATH) -> list[str]:
    """Every problem found in the diagram and the content, in English and in
    each language the app offers, as printable lines."""
    diagram, diagram_problems = check_diagram(diagram_path)
    if diagram is None:
        return [str(p) for p in diagram_problems]
    # Every language the app offers, whether or not its folder is there: a
    # missing translation is a problem (each file is named), not a pass.
    problems = []
    for lang in LANGUAGES:
        problems += _check_language(content_dir, diagram_path, diagram, lang)
    return problems


def _check_language(
    content_dir: Path, diagram_path: Path, diagram: Diagram, lang: str
) -> list[str]:
    """Every problem of the content in ``lang``, drawn as the app will draw it."""
    content, problems = check_content(content_dir, diagram.region_ids(), lang)
    if content is None:
        return [str(p) for p in problems]
    # Draw the map of each side in each layout, as the app will.
    labels = content.region_labels()
    for layout in (WIDE_MAP, PHONE_MAP):
        for side in SIDES:
            try:
                build_figure(diagram, labels, layout=layout, side=side)
            except Exception as exc:  # report, don't crash: this is a checker
                return [
                    f"{diagram_path.name}: drawing the {layout} map of the {side} failed: {exc!r}"
                ]
    # The injection-site overlay: one file per condition, every site inside the body.
    condition_ids = [c.id for c in content.conditions]
    _, site_problems = check_site_sets(
        content_dir, diagram, condition_ids, require_all=True, lang=lang
    )
    problems = [str(p) for p in site_problems]
    if lang == ENGLISH:  # the grade-level formula is for English
        problems += reading_level_problems(content)
    # Drawn in the words of the interface catalog; a broken one is reported by main().
    strings, _ = check_strings(catalog_root(content_dir), lang)
    return problems + (_draw_charts(content, strings) if strings is not None else [])


def _draw_charts(content: Content, strings: Strings) -> list[str]:
    """Draw every timeline, comparison and step picture once, as the app will."""
    problems = []
    for condition in content.conditions:
        try:
            build_timeline_svg(condition, strings)
        except Exception as exc:
            problems.append(f"{condition.file}: drawing its timeline failed: {exc!r}")
    for order in COMPARISON_ORDERS:
        try:
            build_comparison_figure(comparison_rows(content, strings, order), strings=strings)
        except Exception as exc:
            problems.append(f"conditions: drawing the comparison ({order}) failed: {exc!r}")
    for mechanism in content.mechanisms:
        titles = [s.title for s in mechanism.steps]
        for step in range(1, len(titles) + 1):
            try:
                draw_step(mechanism.id, step, titles)
            except Exception as exc:
                problems.append(f"{mechanism.file}: drawing step {step} failed: {exc!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print problems, return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    content_dir = Path(args[0]) if args else CONTENT_DIR
    diagram_path = Path(args[1]) if len(args) > 1 else DIAGRAM_PATH
    problems = run_checks(content_dir, diagram_path)
    problems += [str(p) for p in catalog_problems(content_dir)]
    for line in problems:
        print(line)
    if problems:
        print(f"\n{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print("Content OK.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
