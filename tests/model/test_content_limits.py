"""Size limits of the content (bodymap/model/limits.py): each one reports file,
field and message, every problem is listed, and a huge file is never parsed."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from bodymap.model import fields as fields_module
from bodymap.model import limits as lim
from bodymap.model.diagram import check_diagram
from bodymap.model.loading import check_content
from bodymap.model.sites import check_site_sets
from bodymap.model.strings import catalog_problems, check_strings
from bodymap.vocabulary import CONTENT_DIR, DIAGRAM_PATH, ROOT
from tests.support.files import edit

CONDITION = "conditions/teeth-grinding.toml"
TWO_MB = 2_000_000


def words(count: int) -> str:
    """Plain text of exactly ``count`` characters."""
    sentence = "The toxin relaxes the muscle for a while. "
    return (sentence * (count // len(sentence) + 1))[:count].strip().ljust(count, "x")


def one_sentence(count: int) -> str:
    """One sentence of exactly ``count`` characters, ending with a full stop."""
    start, end = "Shots relax the jaw", " muscles."
    middle = (" and the neck" * (count // 13 + 1))[: count - len(start) - len(end)]
    return start + middle.rstrip().ljust(count - len(start) - len(end), "x") + end


def problems_for(root: Path, drawn=("jaw",)) -> list[str]:
    content, problems = check_content(root, drawn)
    assert content is None, "content over a limit must not load"
    return [str(p) for p in problems]


# ------------------------------------------------------------------ the shipped files


def test_shipped_content_catalog_sites_and_diagram_are_within_every_limit(diagram):
    assert check_diagram(DIAGRAM_PATH)[1] == []
    content, problems = check_content(CONTENT_DIR, diagram.region_ids())
    assert problems == [], "\n".join(map(str, problems))
    ids = [c.id for c in content.conditions]
    assert check_site_sets(CONTENT_DIR, diagram, ids, require_all=True)[1] == []
    assert catalog_problems() == []


def test_fields_are_looked_up_without_list_positions():
    assert lim.CONTENT_LIMITS.text("summary").most == lim.SUMMARY_CHARS
    assert lim.CONTENT_LIMITS.text("in_short").most == lim.IN_SHORT_CHARS
    assert lim.CONTENT_LIMITS.text("side_effects[3].text").most == lim.ITEM_CHARS
    assert lim.CONTENT_LIMITS.text("timing.onset.note").most == lim.PARAGRAPH_CHARS
    assert lim.CONTENT_LIMITS.text("region_notes.neck").most == lim.ITEM_CHARS
    assert lim.CONTENT_LIMITS.text("uses[2].everyday_words").most == lim.EVERYDAY_WORD_CHARS
    assert lim.CONTENT_LIMITS.text("educator.source_ids").most == lim.ID_CHARS
    assert lim.CONTENT_LIMITS.text("tissue").most == lim.ID_CHARS  # the default
    assert lim.CONTENT_LIMITS.items("sources").most == lim.SOURCES_ITEMS
    assert lim.CONTENT_LIMITS.items("side_effects").most == lim.LIST_ITEMS
    points = "views[0] (body): regions[3] (jaw): shapes[0]: points"
    assert lim.DIAGRAM_LIMITS.items(points).most == lim.POINTS_ITEMS


def test_content_readme_lists_every_limit():
    """A clinician reads the limits in content/README.md: each number is there."""
    readme = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    numbers = {
        name: value
        for name, value in vars(lim).items()
        if re.fullmatch(r"[A-Z_]+_(CHARS|ITEMS|BYTES_MAX)", name)
    }
    assert len(numbers) > 20
    missing = [name for name, value in numbers.items() if f"{value:,}" not in section]
    assert missing == []


# ------------------------------------------------------------------ each limit, file + field


def many(item: str, count: int) -> str:
    return ", ".join(f'"{item} {i}"' for i in range(count))


# (file, text to replace, replacement, field, message): each in the fixture content.
OVER = [
    pytest.param(
        CONDITION,
        'summary = "Grinding or clenching the teeth."',
        f'summary = "{words(lim.SUMMARY_CHARS + 1)}"',
        "summary",
        "1,201 characters; at most 1,200",
        id="summary",
    ),
    pytest.param(
        CONDITION,
        'in_short = "Shots relax the jaw muscles that grind the teeth."',
        f'in_short = "{one_sentence(lim.IN_SHORT_CHARS + 1)}"',
        "in_short",
        "301 characters; at most 300",
        id="in-short",
    ),
    pytest.param(
        CONDITION,
        'who_for = "Adults who grind their teeth."',
        f'who_for = "{words(lim.PARAGRAPH_CHARS + 1)}"',
        "who_for",
        "801 characters; at most 800",
        id="who-for",
    ),
    pytest.param(
        CONDITION,
        'name = "Teeth grinding"',
        f'name = "{words(lim.NAME_CHARS + 1)}"',
        "name",
        "121 characters; at most 120",
        id="name",
    ),
    pytest.param(
        CONDITION,
        'tissue = "skeletal-muscle"',
        f'tissue = "{"x" * (lim.ID_CHARS + 1)}"',
        "tissue",
        "41 characters; at most 40",
        id="id-like-word",
    ),
    pytest.param(
        CONDITION,
        'note = "Not reported in the sources we use."',
        f'note = "{words(lim.PARAGRAPH_CHARS + 1)}"',
        "timing.peak.note",
        "801 characters; at most 800",
        id="timing-note",
    ),
    pytest.param(
        CONDITION,
        'text = "A sore jaw"',
        f'text = "{words(lim.ITEM_CHARS + 1)}"',
        "side_effects[0].text",
        "501 characters; at most 500",
        id="side-effect",
    ),
    pytest.param(
        CONDITION,
        '    "How will we know if it is working?",',
        f'    "{words(lim.QUESTION_CHARS)}?",',
        "questions",
        "is 161 characters; at most 160",
        id="question",
    ),
    pytest.param(
        CONDITION,
        'everyday_words = ["grinding teeth", "jaw clenching"]',
        f"everyday_words = [{many('jaw word', lim.EVERYDAY_WORDS_ITEMS + 1)}]",
        "everyday_words",
        "61 items; at most 60",
        id="everyday-words-count",
    ),
    pytest.param(
        CONDITION,
        '[[side_effects]]\ntext = "A sore jaw"\nsource_ids = ["trial"]\n',
        '[[side_effects]]\ntext = "A sore jaw"\nsource_ids = ["trial"]\n' * (lim.LIST_ITEMS + 1),
        "side_effects",
        "21 items; at most 20",
        id="side-effects-count",
    ),
    pytest.param(
        CONDITION,
        'url = "https://example.org/trial"',
        f'url = "https://example.org/{"a" * lim.URL_CHARS}"',
        "sources[1].url",
        "520 characters; at most 500",
        id="url",
    ),
    pytest.param(
        "regions/jaw.toml",
        'label = "Jaw"',
        f'label = "{"Jaw" * 14}"',
        "label",
        "42 characters; at most 40",
        id="region-label",
    ),
    pytest.param(
        "mechanisms/skeletal-muscle.toml",
        'text = "Caption for step 3."',
        f'text = "{words(lim.ITEM_CHARS + 1)}"',
        "steps[2].text",
        "501 characters; at most 500",
        id="step-caption",
    ),
    pytest.param(
        "mechanisms/skeletal-muscle.toml",
        'title = "Step 2"',
        'title = "The second step, with far too long a title"',
        "steps[1].title",
        "42 characters; at most 28 fit the picture",
        id="step-title",
    ),
    pytest.param(
        "site.toml",
        'plain = "The effect can spread beyond the injection area."',
        f'plain = "{words(lim.PARAGRAPH_CHARS + 1)}"',
        "boxed_warning[0].plain",
        "801 characters; at most 800",
        id="boxed-warning-sentence",
    ),
    pytest.param(
        "site.toml",
        'short = "other medicines"',
        f'short = "{words(lim.SAFETY_SHORT_CHARS + 1)}"',
        "before_you_have_it[1].short",
        "41 characters; at most 40",
        id="safety-short",
    ),
    pytest.param(
        "tour.toml",
        'title = "Jaw: teeth grinding"',
        f'title = "{words(lim.NAME_CHARS + 1)}"',
        "stops[1].title",
        "121 characters; at most 120",
        id="tour-stop-title",
    ),
    pytest.param(
        "not_covered.toml",
        'text = "Approved for other brands, not this one. Ask your clinician."',
        f'text = "{words(lim.PARAGRAPH_CHARS + 1)}"',
        "uses[0].text",
        "801 characters; at most 800",
        id="not-covered-text",
    ),
    pytest.param(
        "source_hosts.toml",
        'what = "stand-in for a drug-guide mirror"',
        f'what = "{words(lim.NAME_CHARS + 1)}"',
        "hosts[1].what",
        "121 characters; at most 120",
        id="host-note",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "message"), OVER)
def test_each_limit_is_reported_as_file_field_and_message(
    content_copy, file, old, new, field, message
):
    edit(content_copy / file, old, new)
    problems = problems_for(content_copy)
    assert any(p.startswith(f"content/{file}: {field}: ") and message in p for p in problems), (
        problems
    )


def test_the_message_reads_as_the_clinician_sees_it(content_copy):
    edit(
        content_copy / CONDITION,
        'summary = "Grinding or clenching the teeth."',
        f'summary = "{words(12_345)}"',
    )
    assert f"content/{CONDITION}: summary: 12,345 characters; at most 1,200" in problems_for(
        content_copy
    )


def test_a_text_at_its_limit_passes(content_copy):
    edit(
        content_copy / CONDITION,
        'summary = "Grinding or clenching the teeth."',
        f'summary = "{words(lim.SUMMARY_CHARS)}"',
    )
    assert check_content(content_copy, ("jaw",))[1] == []


def test_a_one_sentence_in_short_at_its_limit_passes(content_copy):
    sentence = one_sentence(lim.IN_SHORT_CHARS)
    assert len(sentence) == lim.IN_SHORT_CHARS
    edit(
        content_copy / CONDITION,
        'in_short = "Shots relax the jaw muscles that grind the teeth."',
        f'in_short = "{sentence}"',
    )
    assert check_content(content_copy, ("jaw",))[1] == []


def test_every_problem_of_a_file_is_listed_not_just_the_first(content_copy):
    path = content_copy / CONDITION
    edit(path, 'summary = "Grinding or clenching the teeth."', f'summary = "{words(20_000)}"')
    edit(path, 'who_for = "Adults who grind their teeth."', f'who_for = "{words(900)}"')
    edit(path, 'status = "off-label"', 'status = "nope"')
    fields = {p.split(": ")[1] for p in problems_for(content_copy) if p.startswith("content/con")}
    assert {"summary", "who_for", "approval.status"} <= fields


def test_a_2_mb_field_is_rejected_and_the_rest_is_still_checked(content_copy):
    """A 2 MB summary makes a 2 MB file: it is refused unread, and every other
    file's problems are still listed."""
    edit(
        content_copy / CONDITION,
        'summary = "Grinding or clenching the teeth."',
        f'summary = "{words(TWO_MB)}"',
    )
    edit(content_copy / "regions/jaw.toml", 'label = "Jaw"', f'label = "{"Jaw" * 14}"')
    edit(
        content_copy / "mechanisms/skeletal-muscle.toml",
        'title = "Step 2"',
        f'title = "{"x" * 29}"',
    )
    problems = problems_for(content_copy)
    size = (content_copy / CONDITION).stat().st_size
    assert size > TWO_MB
    assert (
        f"content/{CONDITION}: (file): {size:,} bytes; at most {lim.FILE_BYTES_MAX:,}: "
        "not read (shorten it, or split it into files)"
    ) in problems
    assert "content/regions/jaw.toml: label: 42 characters; at most 40" in problems
    assert (
        "content/mechanisms/skeletal-muscle.toml: steps[1].title: 29 characters; "
        "at most 28 fit the picture"
    ) in problems
    assert all(len(p) < 300 for p in problems), "no message repeats the huge text"


def test_an_oversized_file_is_not_parsed(content_copy, monkeypatch):
    """Over the limit, the file is refused before TOML sees it: its broken
    syntax is never reported, and the parser is never handed its text."""
    parsed: list[int] = []
    real_loads = tomllib.loads

    def spy(text: str):
        parsed.append(len(text))
        return real_loads(text)

    monkeypatch.setattr(fields_module.tomllib, "loads", spy)
    path = content_copy / CONDITION
    path.write_text(path.read_text() + "this is = = not TOML\n" + "#" * lim.FILE_BYTES_MAX)
    problems = problems_for(content_copy)
    mine = [p for p in problems if p.startswith(f"content/{CONDITION}: ")]
    assert mine == [
        f"content/{CONDITION}: (file): {path.stat().st_size:,} bytes; at most "
        f"{lim.FILE_BYTES_MAX:,}: not read (shorten it, or split it into files)"
    ]
    assert parsed and max(parsed) <= lim.FILE_BYTES_MAX


def test_a_file_at_the_limit_is_read(content_copy):
    path = content_copy / CONDITION
    text = path.read_text()
    path.write_text(text + "#" * (lim.FILE_BYTES_MAX - len(text.encode()) - 1) + "\n")
    assert path.stat().st_size == lim.FILE_BYTES_MAX
    assert check_content(content_copy, ("jaw",))[1] == []


# ------------------------------------------------------------------ the other files


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_site_file_limits(shipped_copy, diagram):
    path = shipped_copy / "sites" / "strabismus.toml"
    text = re.sub(
        r'^summary = """.*?"""',
        f'summary = "{words(lim.SUMMARY_CHARS + 1)}"',
        path.read_text(),
        count=1,
        flags=re.DOTALL | re.MULTILINE,
    )
    path.write_text(text.replace("sites = [", "sites = [" + "[0.0, 0.0], " * lim.SITES_ITEMS, 1))
    _, problems = check_site_sets(shipped_copy, diagram, ["strabismus"])
    messages = [str(p) for p in problems]
    assert "content/sites/strabismus.toml: summary: 1,201 characters; at most 1,200" in messages
    assert any(
        m.startswith("content/sites/strabismus.toml: muscles[0].sites: ")
        and m.endswith("items; at most 100")
        for m in messages
    ), messages


def test_catalog_text_and_file_limits(shipped_copy):
    catalog = shipped_copy / "ui" / "en.toml"
    edit(catalog, 'paper = "Paper size"', f'paper = "{words(lim.UI_TEXT_CHARS + 1)}"')
    _, problems = check_strings(shipped_copy)
    assert [str(p) for p in problems] == [
        "content/ui/en.toml: handout.paper: 601 characters; at most 600"
    ]
    catalog.write_text(catalog.read_text() + "#" * lim.FILE_BYTES_MAX)
    _, problems = check_strings(shipped_copy)
    assert [p.field for p in problems] == ["(file)"]
    assert "bytes; at most 32,000" in problems[0].message


def test_diagram_limits(tmp_path):
    data = json.loads(DIAGRAM_PATH.read_text(encoding="utf-8"))
    view = data["views"][0]
    view["title"] = "x" * (lim.DIAGRAM_TEXT_CHARS + 1)
    shape = view["outline"][0]
    shape["points"] = shape["points"] * (lim.POINTS_ITEMS // len(shape["points"]) + 1)
    path = tmp_path / "diagram.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    diagram, problems = check_diagram(path)
    assert diagram is None
    messages = [str(p) for p in problems]
    assert f"diagram.json: views[0] ({view['id']}): title: 81 characters; at most 80" in messages
    count = len(shape["points"])
    assert (
        f"diagram.json: views[0] ({view['id']}): outline[0]: points: "
        f"{count} items; at most {lim.POINTS_ITEMS}"
    ) in messages


def test_an_oversized_diagram_is_not_parsed(tmp_path):
    path = tmp_path / "diagram.json"
    path.write_text("{ not json" + " " * lim.DIAGRAM_BYTES_MAX, encoding="utf-8")
    diagram, problems = check_diagram(path)
    assert diagram is None
    assert [str(p) for p in problems] == [
        f"diagram.json: (file): {path.stat().st_size:,} bytes; at most "
        f"{lim.DIAGRAM_BYTES_MAX:,}: not read (shorten it, or split it into files)"
    ]
