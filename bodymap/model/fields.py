"""Read typed fields from a data file, recording every problem instead of raising.

The content (TOML written by clinicians, see ``content/README.md``), the
injection-site files and the diagram (``assets/diagram.json``) are all read
through :class:`Fields`. Each problem is kept as file + field + message
(:class:`Problem`), so one run of ``python -m bodymap.check`` lists
everything that is wrong, and a broken sentence can be found without
reading Python. The small readers that several kinds of file share (the
``[[sources]]`` list and the source ids that cite it) live here too.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from bodymap.model.content import Source
from bodymap.model.geometry import Point
from bodymap.model.limits import CONTENT_LIMITS, FILE_BYTES_MAX, Limits

URL_PATTERN = re.compile(r"https?://[^\s<>\"]+")
_FROM_FIELD = object()  # Fields.point: read the value from the field itself
# Some editors (Notepad's "UTF-8 with BOM") start a file with an invisible
# mark TOML doesn't allow: say so, rather than "Invalid statement".
UTF8_BOM = b"\xef\xbb\xbf"
BOM_MESSAGE = "starts with an invisible byte-order mark (BOM): re-save it as UTF-8 without BOM"


@dataclass(frozen=True)
class Problem:
    """One validation failure: which file, which field, what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class ContentError(ValueError):
    """Content failed validation; ``problems`` lists every failure."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def today() -> dt.date:
    """Today's date (UTC): review dates and approval years may not pass it."""
    return dt.datetime.now(dt.UTC).date()


def is_number(value: Any) -> bool:
    """Is ``value`` a finite number (and not true or false)? A whole number
    too big for a float (TOML's and JSON's are unbounded in Python) is not."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def is_point(value: Any) -> bool:
    """Is ``value`` a pair of numbers ``[x, y]``?"""
    return isinstance(value, list) and len(value) == 2 and all(map(is_number, value))


class Fields:
    """Reads typed fields from one table of a file, recording problems instead of raising.

    A field's name in a problem is its path from the top of the file, its
    parts joined with :attr:`SEPARATOR` (``timing.onset.min``). Each text
    and list is held to its limit in :attr:`LIMITS` (:mod:`bodymap.model.limits`).
    """

    SEPARATOR = "."
    TABLE = "a table"  # what a table is called in this kind of file
    LIMITS: ClassVar[Limits] = CONTENT_LIMITS

    def __init__(self, data: Any, file: str, prefix: str, problems: list[Problem]):
        self.data = data if isinstance(data, dict) else {}
        self.file, self.prefix, self.problems = file, prefix, problems
        self.used: set[str] = set()
        if not isinstance(data, dict):
            self.fail("", f"expected {self.TABLE}")

    def name(self, key: str) -> str:
        return (
            f"{self.prefix}{self.SEPARATOR}{key}" if self.prefix and key else (self.prefix or key)
        )

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.name(key) or "(file)", message))

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.data.get(key)

    def _value(self, key: str, required: bool) -> Any:
        """The field's value: None if it is missing, with a problem if ``required``."""
        value = self.raw(key)
        if value is None and required:
            self.fail(key, "missing (required)")
        return value

    def child(self, name: str, value: Any) -> Fields:
        """The fields of ``value``, a table called ``name`` inside this one."""
        return type(self)(value, self.file, self.name(name), self.problems)

    def text(self, key: str, required: bool = True, verbatim: bool = False) -> str:
        """Text with its runs of white space made single spaces (kept as
        written if ``verbatim``, e.g. a line break in a label); empty, with
        a problem, if it is longer than its limit."""
        value = self._value(key, required)
        if value is None:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(key, "expected non-empty text")
            return ""
        value = value if verbatim else " ".join(value.split())
        limit = self.LIMITS.text(self.name(key))
        if len(value) > limit.most:
            self.fail(key, limit.message(len(value)))
            return ""
        return value

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        """A list of texts, each with its white space made single spaces;
        empty, with a problem for each, if any text is longer than its limit."""
        value = self._value(key, required)
        if value is None:
            return ()
        if (
            not isinstance(value, list)
            or not all(isinstance(v, str) and v.strip() for v in value)
            or (required and not value)
        ):
            self.fail(key, "expected a list of non-empty text items")
            return ()
        self._count(key, value)
        texts = tuple(" ".join(v.split()) for v in value)
        limit = self.LIMITS.text(self.name(key))
        too_long = [t for t in texts if len(t) > limit.most]
        for text in too_long:
            # Named by its start: the whole of a runaway paste is no help in a message.
            start = text if len(text) <= 40 else text[:39] + "…"
            self.fail(key, f"{start!r} is {limit.message(len(text))}")
        return () if too_long else texts

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self._value(key, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, "expected a whole number")
            return None
        return value

    def number(self, key: str, required: bool = False, minimum: float = 0) -> float | None:
        """A number of at least ``minimum`` (None if missing or not one)."""
        value = self._value(key, required)
        if value is None:
            return None
        if not is_number(value) or value < minimum:
            self.fail(key, f"expected a number of {minimum:g} or more")
            return None
        return float(value)

    def flag(self, key: str, default: bool = False) -> bool:
        """``true`` or ``false``; ``default`` if missing (or not one of them)."""
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, "expected true or false")
            return default
        return value

    def point(self, key: str, value: Any = _FROM_FIELD) -> Point | None:
        """An ``[x, y]`` pair in diagram units: the field ``key``, or ``value``
        (an item of a list, named ``key`` in a problem). None if it is not one."""
        if value is _FROM_FIELD:
            value = self.raw(key)
        if not is_point(value):
            self.fail(key, "missing or not a point: expected [x, y] in diagram units")
            return None
        return (float(value[0]), float(value[1]))

    def date(self, key: str) -> dt.date:
        value = self.raw(key)
        if value is None:
            self.fail(key, "missing (required): the date a clinician last checked this file")
            return dt.date(1970, 1, 1)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(key, "expected a date written as YYYY-MM-DD (no quotes)")
            return dt.date(1970, 1, 1)
        # A day of grace: a clinician east of the server may date a file
        # "today" while the server's calendar still says yesterday.
        if value > today() + dt.timedelta(days=1):
            self.fail(key, f"{value.isoformat()} is in the future")
        return value

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        allowed = tuple(allowed)
        value = self.text(key)
        if value and value not in allowed:
            self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def table(self, key: str, required: bool = True) -> Fields | None:
        value = self._value(key, required)
        if value is None:
            return None
        return self.child(key, value)

    def tables(
        self, key: str, expected: str, required: bool = True, minimum: int = 1
    ) -> list[Fields]:
        """Each table of the list ``key`` (``[[key]]`` in TOML), read on its own.

        A problem saying what was ``expected`` if it is not a list, has fewer
        than ``minimum`` tables, or is missing and ``required``.
        """
        if not required and self.raw(key) is None:
            return []
        items = self.items(key, expected, minimum)
        return [self.child(f"{key}[{i}]", item) for i, item in enumerate(items)]

    def items(self, key: str, expected: str, minimum: int = 1) -> list:
        """The list ``key``; [] with a problem saying what was ``expected`` if
        it is missing, not a list, or shorter than ``minimum``."""
        raw = self.raw(key)
        if not isinstance(raw, list) or len(raw) < minimum:
            self.fail(key, expected)
            return []
        self._count(key, raw)
        return raw

    def _count(self, key: str, items: list) -> None:
        """A problem if the list ``key`` has more items than its limit. Its
        items are still read: each is bounded by the file's size, and
        dropping them would report everything that cites them too."""
        limit = self.LIMITS.items(self.name(key))
        if len(items) > limit.most:
            self.fail(key, limit.message(len(items), "items"))

    def reject_unknown(self) -> None:
        for key in self.data:
            if key not in self.used:
                self.fail(key, "unknown field (a typo?)")


def read_bounded(path: Path, most: int) -> tuple[bytes | None, int]:
    """The file's bytes, or None if it has more than ``most``; and its size.

    Reads at most ``most + 1`` bytes, so a huge file is neither read whole
    nor parsed (OSError if it cannot be read)."""
    with path.open("rb") as fh:
        data = fh.read(most + 1)
        if len(data) <= most:
            return data, len(data)
        return None, max(os.fstat(fh.fileno()).st_size, len(data))


def too_big(size: int, most: int) -> str:
    """The message for a file over its size limit."""
    return f"{size:,} bytes; at most {most:,}: not read (shorten it, or split it into files)"


def load_toml(path: Path, root: Path, problems: list[Problem]) -> tuple[str, dict | None]:
    """The file's path as problems name it (from the content folder's parent)
    and its data, or None with the problem recorded if it cannot be read or
    is larger than ``FILE_BYTES_MAX`` (then it is not parsed at all)."""
    rel = path.relative_to(root.parent).as_posix() if root.parent in path.parents else path.name
    try:
        data, size = read_bounded(path, FILE_BYTES_MAX)
        if data is None:
            problems.append(Problem(rel, "(file)", too_big(size, FILE_BYTES_MAX)))
            return rel, None
        if data.startswith(UTF8_BOM):
            problems.append(Problem(rel, "(file)", BOM_MESSAGE))
            return rel, None
        return rel, tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(rel, "(file)", "not saved as UTF-8 text (re-save it as UTF-8)"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(rel, "(file)", f"not valid TOML: {exc}"))
    except ValueError as exc:  # tomllib lets int() fail on a number of over 4300 digits
        problems.append(Problem(rel, "(file)", f"not valid TOML: a value can't be read ({exc})"))
    except RecursionError:  # tomllib reads nested lists and tables recursively
        problems.append(Problem(rel, "(file)", "not valid TOML: lists or tables nested too deep"))
    except OSError as exc:
        problems.append(Problem(rel, "(file)", f"cannot read: {exc}"))
    return rel, None


def read_sources(f: Fields, required: bool) -> tuple[Source, ...]:
    """The file's ``[[sources]]``: the documents its claims cite."""
    if required and not f.has("sources"):
        f.fail("sources", "missing: at least one [[sources]] entry is required")
        return ()
    expected = "expected one or more [[sources]] tables"
    sources: list[Source] = []
    for s in f.tables("sources", expected, required=False, minimum=int(required)):
        sid, title, url = s.text("id"), s.text("title"), s.text("url")
        s.reject_unknown()
        if url and not URL_PATTERN.fullmatch(url):
            s.fail("url", "expected a web link starting with https:// and without spaces")
        if sid and any(x.id == sid for x in sources):
            s.fail("id", f"duplicate source id {sid!r}")
        sources.append(Source(sid, title, url))
    return tuple(sources)


def source_ids(
    f: Fields, key: str, sources: tuple[Source, ...], required: bool = True
) -> tuple[str, ...]:
    """The source ids a claim cites; each must be one of the file's ``sources``."""
    ids = f.texts(key, required=required)
    known = {s.id for s in sources}
    for sid in ids:
        if sid not in known:
            f.fail(key, f"source id {sid!r} is not defined in this file's [[sources]]")
    return ids
