"""A small TOML writer for tests: content files written back from their data
(the damaged-content property tests, a translation's round trip). TOML
itself is read with the standard library's tomllib."""

from __future__ import annotations

import datetime as dt
import json
import math


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes, and DEL (which TOML forbids raw) escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: object) -> str:
    """``value`` as an inline TOML value (one line)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"no TOML for {value!r}")


def dumps(data: dict) -> str:
    """A TOML document holding ``data``: each top-level key on its own line."""
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in data.items())
