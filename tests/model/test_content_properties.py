"""Property-based tests of content validation against damaged files (issue 16).

A copy of the shipped ``content/`` is made once for this module; each
example damages one file of it (or, for the checker, one or two), runs the
validation, and puts the file back. The damage is Hypothesis's choice: a
field's value replaced by one of another type (a nested table, a list, a
date, a number for text...), an unknown key added, a required key deleted,
a text emptied or made huge, a list emptied, the file cut short, bytes that
aren't UTF-8 or aren't TOML, or nesting too deep to read.

The properties: nothing raises but the project's own error path
(:class:`~bodymap.model.fields.ContentError` from ``load_content``); every
problem names a content file, a field and what is wrong; and damage that is
certainly invalid gives at least one problem naming the damaged file and the
damaged field (or ``(file)`` when the file can't be read at all). Damage that
may leave valid content (deleting an optional field, emptying an optional
text, cutting the file at a line end) is only required not to crash.

Each damaged file is written back as TOML by :func:`dumps` (every top-level
key on one line, inline tables and arrays), which
:func:`test_the_writer_round_trips_every_shipped_file` checks first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from bodymap.check import main
from bodymap.model.diagram import Diagram, check_diagram
from bodymap.model.fields import ContentError, Problem
from bodymap.model.loading import check_content, load_content
from bodymap.model.sites import check_site_sets
from bodymap.model.strings import PLACEHOLDERS, check_strings
from bodymap.vocabulary import CONTENT_DIR, DIAGRAM_PATH, LANGUAGES
from tests.support.toml_writer import dumps

FILE = "(file)"  # the field of a problem about the whole file
SITES_GROUP, UI_GROUP, CONTENT_GROUP = "sites", "ui", "content"

# Keys required wherever they occur in a content or site file (content/README.md):
# deleting one is certainly a problem.
_REQUIRED_KEYS = """
id label order summary in_short last_reviewed title name text url kind regions tissue
who_for approval timing side_effects questions sources status steps stops hosts host tier what
intro boxed_warning boxed_warning_short disclaimer tagline before_you_have_it pattern view
label_at sites muscles
"""
REQUIRED = frozenset(_REQUIRED_KEYS.split())


def language_of(rel: str) -> str:
    """The language a file is read in: a translation's (``ar/...``), else English."""
    first = rel.split("/", 1)[0]
    return first if first in LANGUAGES[1:] else "en"


def group_of(rel: str) -> str:
    """Which check reads a file (``rel`` is relative to the content folder)."""
    rel = rel.removeprefix(f"{language_of(rel)}/") if language_of(rel) != "en" else rel
    if rel.startswith("sites/"):
        return SITES_GROUP
    if rel.startswith("ui/"):
        return UI_GROUP
    return CONTENT_GROUP


SHIPPED = tuple(sorted(p.relative_to(CONTENT_DIR).as_posix() for p in CONTENT_DIR.rglob("*.toml")))
DATA_FILES = tuple(rel for rel in SHIPPED if group_of(rel) != UI_GROUP)

# ------------------------------------------------------------- paths and fields

Path_ = tuple[str | int, ...]  # keys and list indexes from the top of a file


def paths(value: object, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key and list item under ``value``, parents before children."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        here = (*prefix, key)
        yield here
        if isinstance(child, dict | list):
            yield from paths(child, here)


def field_name(path: Path_) -> str:
    """The path as problems name a field: ``sources[0].url``, ``timing.onset.min``."""
    name = ""
    for part in path:
        name = f"{name}[{part}]" if isinstance(part, int) else f"{name}.{part}" if name else part
    return name


def related(field: str, damaged: str) -> bool:
    """Is the problem's ``field`` the damaged field, inside it, or what holds it?"""
    if field == damaged:
        return True
    inner, outer = (field, damaged) if len(field) > len(damaged) else (damaged, field)
    return inner.startswith((outer + ".", outer + "["))


def kind(value: object) -> str:
    """A value's kind, as the readers tell them apart (an int and a float are both numbers)."""
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date | dt.time):
        return "date"
    return type(value).__name__


# ------------------------------------------------------------------ strategies

toml_text = st.text(max_size=30)  # no surrogates: the file must be UTF-8
toml_scalar = st.one_of(
    toml_text,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_any = st.recursive(
    toml_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(toml_text, inner, max_size=3)
    ),
    max_leaves=6,
)


@dataclass(frozen=True)
class Damage:
    """What was done to a file, and what the checker must then say."""

    rel: str  # the file, relative to the content folder
    what: str  # for the report of a failing example
    content: bytes  # the damaged file
    field: str | None = None  # a field a problem must name (FILE: the whole file)

    @property
    def certain(self) -> bool:
        """Is the damage certainly invalid (so at least one problem must name it)?"""
        return self.field is not None


@st.composite
def data_damage(draw, files: tuple[str, ...], originals: dict[str, bytes]) -> Damage:
    """One change to the data of one file, written back as TOML."""
    rel = draw(st.sampled_from(files))
    data = tomllib.loads(originals[rel].decode())
    path = draw(st.sampled_from(list(paths(data))))
    *parent_path, key = path
    parent = data
    for part in parent_path:
        parent = parent[part]
    old = parent[key]
    ui = group_of(rel) == UI_GROUP
    choices = ["wrong type", "delete", "empty", "huge"]
    if isinstance(old, dict) and not ui:  # the catalog's tables take any key
        choices.append("unknown key")
    change = draw(st.sampled_from(choices))
    name, field = field_name(path), None
    if change == "wrong type":
        parent[key] = draw(toml_any.filter(lambda v: kind(v) != kind(old)))
        what, field = f"{name} = {parent[key]!r} (was {kind(old)})", name
    elif change == "unknown key":
        new_key = "x-unknown-" + draw(toml_text)
        old[new_key] = draw(toml_any)
        what, field = f"{name}: unknown key {new_key!r} added", field_name((*path, new_key))
    elif change == "delete":
        del parent[key]
        what = f"{name} deleted"
        if not ui and isinstance(key, str) and key in REQUIRED:
            field = name
        if ui and name in PLACEHOLDERS:
            field = name
    elif change == "empty":
        parent[key] = type(old)() if isinstance(old, list | dict | str) else ""
        what = f"{name} emptied"
    else:
        parent[key] = draw(st.text(min_size=1, max_size=3)) * draw(st.integers(300, 40_000))
        what = f"{name} = a text of {len(parent[key])} characters"
    return Damage(rel, what, dumps(data).encode(), field)


BAD_LINES = (
    b"[[[\n",  # a broken table header
    b"= 1\n",  # a value without a key
    b'key = "never closed\n',
    b"key =\n",
    b"x = [1, 2\n",
    b"x = {a = 1\n",
    b"\x00\n",  # NUL
)
NOT_UTF8 = (b"\xff", b"\xfe\xff", b"\xc3(", b"\x80", b"\xed\xa0\x80")  # the last: a surrogate


@st.composite
def byte_damage(draw, files: tuple[str, ...], originals: dict[str, bytes]) -> Damage:
    """One change to the bytes of one file: cut, not UTF-8, not TOML, or nested too deep."""
    rel = draw(st.sampled_from(files))
    raw = originals[rel]
    at = draw(st.integers(0, len(raw)))
    change = draw(st.sampled_from(("cut", "not utf-8", "re-encoded", "bad line", "too deep")))
    if change == "cut":
        damaged, what = raw[:at], f"cut after byte {at} of {len(raw)}"
    elif change == "not utf-8":
        bad = draw(st.sampled_from(NOT_UTF8))
        damaged, what = raw[:at] + bad + raw[at:], f"{bad!r} at byte {at}"
    elif change == "re-encoded":
        codec = draw(st.sampled_from(("utf-16", "utf-32", "cp1252", "utf-8-sig")))
        text = raw.decode()
        damaged = text.encode(codec, errors="replace")
        what = f"saved as {codec}"
    elif change == "bad line":
        line_starts = [0] + [m.end() for m in re.finditer(rb"\n", raw)]
        start = draw(st.sampled_from(line_starts))
        bad = draw(st.sampled_from(BAD_LINES))
        damaged, what = raw[:start] + bad + raw[start:], f"{bad!r} at byte {start}"
    else:
        depth = draw(st.integers(3_000, 100_000))  # never readable, however deep the stack
        deep = b"x-deep = " + b"[" * depth + b"]" * depth + b"\n"
        damaged, what = deep + raw, f"an array nested {depth} deep"
    return Damage(rel, what, damaged, FILE if not parses(damaged) else None)


def parses(raw: bytes) -> bool:
    """Can the bytes be read as a TOML document at all?"""
    try:
        tomllib.loads(raw.decode())
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------- the tree


class Originals(dict):
    """Each shipped file's bytes, by path. Shown short: Hypothesis prints its
    strategies' arguments, and the whole content (English and Arabic, ~1 MB)
    made that print a warning, which the suite turns into a failure."""

    def __repr__(self) -> str:
        return f"<{len(self)} shipped files>"


class Tree:
    """A writable copy of the shipped content, each file's bytes kept to put it back."""

    def __init__(self, root: Path, diagram: Diagram, condition_ids: tuple[str, ...]):
        self.root = root  # .../content
        self.originals = Originals({rel: (root / rel).read_bytes() for rel in SHIPPED})
        self.diagram, self.drawn = diagram, tuple(diagram.region_ids())
        self.condition_ids = condition_ids

    def __repr__(self) -> str:  # short, in Hypothesis's report of a failing example
        return f"Tree({self.root})"

    @contextlib.contextmanager
    def damaged(self, damage: Damage) -> Iterator[None]:
        """Within the block, ``damage.rel`` holds the damaged bytes."""
        path = self.root / damage.rel
        path.write_bytes(damage.content)
        try:
            yield
        finally:
            path.write_bytes(self.originals[damage.rel])

    def problems(self, rel: str) -> list[Problem]:
        """The problems the check for ``rel``'s kind of file finds in the tree.
        Only the project's own error path may raise: ContentError."""
        group, lang = group_of(rel), language_of(rel)
        if group == CONTENT_GROUP:
            try:
                load_content(self.root, self.drawn, lang)
            except ContentError as exc:
                return exc.problems
            return []
        if group == SITES_GROUP:
            sets, problems = check_site_sets(
                self.root, self.diagram, self.condition_ids, require_all=True, lang=lang
            )
        else:
            sets, problems = check_strings(self.root, Path(rel).stem)
        assert (sets is None) == bool(problems)
        return problems


@pytest.fixture(scope="module")
def tree(tmp_path_factory, diagram, content) -> Iterator[Tree]:
    root = tmp_path_factory.mktemp("damaged") / "content"
    shutil.copytree(CONTENT_DIR, root)
    tree = Tree(root, diagram, tuple(c.id for c in content.conditions))
    yield tree
    assert {rel: (root / rel).read_bytes() for rel in SHIPPED} == tree.originals, "put back"


def assert_well_formed(problems: list[Problem], tree: Tree) -> None:
    """Every problem names a file (or folder) of the tree, a field and what is wrong."""
    for p in problems:
        assert isinstance(p, Problem)
        assert p.file.startswith("content/") and (tree.root.parent / p.file).exists(), p
        assert p.field.strip() and p.message.strip(), p


def assert_reported(damage: Damage, problems: list[Problem]) -> None:
    """Certain damage gives a problem naming the file and the damaged field."""
    if not damage.certain:
        return
    file = f"content/{damage.rel}"
    in_file = [p for p in problems if p.file == file]
    assert in_file, f"no problem names {file}: {problems}"
    if damage.field == FILE:  # unreadable: reported as a whole, never field by field
        assert all(p.field == FILE for p in in_file), in_file
    else:
        assert any(related(p.field, damage.field) for p in in_file), (damage.field, in_file)


def check(tree: Tree, damage: Damage) -> list[Problem]:
    """Damage the tree, check it, put it back; the problems found, checked."""
    with tree.damaged(damage):
        problems = tree.problems(damage.rel)
    assert_well_formed(problems, tree)
    assert_reported(damage, problems)
    return problems


# --------------------------------------------------------------------- the tests


def test_the_writer_round_trips_every_shipped_file(tree):
    """:func:`dumps` writes the same data back, and the rewritten content is still valid."""
    for rel, raw in tree.originals.items():
        data = tomllib.loads(raw.decode())
        assert tomllib.loads(dumps(data)) == data, rel
    for rel in SHIPPED:
        data = tomllib.loads(tree.originals[rel].decode())
        damage = Damage(rel, "rewritten", dumps(data).encode())
        assert check(tree, damage) == [], rel


def test_the_shipped_copy_is_valid(tree):
    for group_file in ("site.toml", "sites/drooling.toml", "ui/en.toml"):
        assert tree.problems(group_file) == []


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_data_is_reported(tree, data):
    damage = data.draw(data_damage(DATA_FILES, tree.originals))
    note(f"{damage.rel}: {damage.what}")
    check(tree, damage)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_catalog_is_reported(tree, data):
    damage = data.draw(data_damage(("ui/en.toml",), tree.originals))
    note(f"{damage.rel}: {damage.what}")
    check(tree, damage)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
@example(None)
def test_damaged_bytes_are_reported(tree, data):
    if data is None:  # tomllib itself raises RecursionError here, not TOMLDecodeError
        deep = b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n" + tree.originals["tour.toml"]
        damage = Damage("tour.toml", "nested 5000 deep", deep, FILE)
    else:
        damage = data.draw(byte_damage(SHIPPED, tree.originals))
    note(f"{damage.rel}: {damage.what}")
    check(tree, damage)


BIG = "1" + "0" * 400  # a whole number no float can hold


@pytest.mark.parametrize(
    ("rel", "old", "new", "field"),
    [
        (
            "conditions/blepharospasm.toml",
            "[timing.onset]\nvalue = 3",
            f"[timing.onset]\nvalue = {BIG}",
            "timing.onset.value",
        ),
        ("sites/drooling.toml", "[-19.5, 36.5]", f"[{BIG}, 36.5]", "muscles[0].label_at"),
        ("regions/jaw.toml", "order = 4", "order = " + "9" * 5000, FILE),
        ("regions/jaw.toml", 'id = "jaw"', '\ufeffid = "jaw"', FILE),
    ],
    ids=["huge-number", "huge-coordinate", "number-beyond-python", "byte-order-mark"],
)
def test_numbers_and_marks_no_reader_expects(tree, rel, old, new, field):
    """Found by the properties above: a whole number too big for a float, one
    too long for Python to read (tomllib raises a plain ValueError), and a
    byte-order mark before the first key. Each is a problem, not a crash."""
    text = tree.originals[rel].decode()
    assert text.count(old) == 1
    damaged = text.replace(old, new).encode()
    assert check(tree, Damage(rel, f"{old} -> {new[:20]}...", damaged, field))


@pytest.mark.parametrize(
    "text",
    ["[" * 40_000 + "]" * 40_000, '{"views": ' + "1" * 5000 + "}", '{"views": [1e999]}'],
    ids=["nested-too-deep", "number-beyond-python", "infinite-number"],
)
def test_a_diagram_no_reader_expects(tmp_path, text):
    """The same for ``assets/diagram.json``: a problem naming the file, not a crash."""
    path = tmp_path / "diagram.json"
    path.write_text(text, encoding="utf-8")
    diagram, problems = check_diagram(path)
    assert diagram is None and problems
    assert all(p.file == "diagram.json" and p.field and p.message for p in problems)


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_checker_lists_every_problem_and_never_raises(tree, data):
    """``python -m bodymap.check`` (:func:`bodymap.check.main`) on one or two
    damaged files: one line per problem, the content's own first, naming the
    damaged file when the damage is certain, and exit code 1; "Content OK."
    and 0 only when nothing is wrong. A broken file never reaches the drawing."""
    damages = data.draw(
        st.lists(
            st.one_of(data_damage(SHIPPED, tree.originals), byte_damage(SHIPPED, tree.originals)),
            min_size=1,
            max_size=2,
            unique_by=lambda d: d.rel,
        )
    )
    out = io.StringIO()
    try:
        for damage in damages:
            note(f"{damage.rel}: {damage.what}")
            (tree.root / damage.rel).write_bytes(damage.content)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main([str(tree.root), str(DIAGRAM_PATH)])
        content, problems = check_content(tree.root, tree.drawn)
        # Each language's content: its site files are checked only when it loads.
        loads = {
            lang: check_content(tree.root, tree.drawn, lang)[0] is not None for lang in LANGUAGES
        }
    finally:
        for damage in damages:
            (tree.root / damage.rel).write_bytes(tree.originals[damage.rel])
    lines = out.getvalue().splitlines()
    if code == 0:
        assert lines == ["Content OK."] and content is not None
    else:
        assert code == 1 and lines and "Content OK." not in lines
    if content is None:
        assert lines[: len(problems)] == [str(p) for p in problems], "one line each, first"
    # With broken content, the site files and the drawing are not checked yet.
    for damage in damages:
        lang = language_of(damage.rel)
        checked = {CONTENT_GROUP, UI_GROUP} | ({SITES_GROUP} if loads[lang] else set())
        if damage.certain and group_of(damage.rel) in checked:
            assert any(line.startswith(f"content/{damage.rel}: ") for line in lines), damage.rel
