"""A fast path for the front-matter most notes have: `key: value` lines and lists of scalars.

PyYAML's C parser still builds every value in Python, which made loading front-matter the
largest single cost of parsing a vault. Front-matter written only in the forms below is read
here, with PyYAML's own implicit resolvers deciding each plain scalar's type; anything else —
or any value whose type would need more than a date, an integer, a boolean or null — returns
None and goes through PyYAML. `tests/test_plainyaml.py` checks the two agree on all inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

Resolvers = Mapping[Any, Sequence[tuple[str, re.Pattern[str]]]]
KeyLines = dict[str, tuple[int, int]]

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*)[ ]*:(?: +(.*))?")
_ITEM = re.compile(r"( *)- +(.*)")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# First characters that make a plain scalar something else (or an error) in YAML.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# One item of a one-line flow list: quoted without escapes, or plain without flow indicators.
_FLOW_ITEM = re.compile(r""" *("[^"\\]*"|'[^']*'|[^ ,\[\]{}#"':][^,\[\]{}#"':]*?) *(?:,|\Z)""")
_TAG = "tag:yaml.org,2002:"


class _Unsupported(Exception):
    """A form this fast path leaves to PyYAML."""


def load_simple(raw: list[str], resolvers: Resolvers) -> tuple[dict[str, Any], KeyLines] | None:
    """The mapping PyYAML would load from the front-matter lines `raw` and each key's first
    and last line (file line indices: raw line i is file line i + 1), or None when the lines
    use any form beyond one-line scalars and lists of them."""
    try:
        return _mapping(raw, resolvers)
    except _Unsupported:
        return None


def _mapping(raw: list[str], resolvers: Resolvers) -> tuple[dict[str, Any], KeyLines]:
    data: dict[str, Any] = {}
    lines: KeyLines = {}
    listed: str | None = None  # a key written bare (`with:`), whose items may follow
    indent = -1
    for index, line in enumerate(raw, 1):
        if not line:
            listed = None
            continue
        if not line.isprintable():
            raise _Unsupported
        if listed is not None and (item := _ITEM.fullmatch(line)):
            if indent not in (-1, len(item.group(1))):
                raise _Unsupported
            indent = len(item.group(1))
            if data[listed] is None:
                data[listed] = []
            data[listed].append(_scalar(item.group(2), resolvers))
            lines[listed] = (lines[listed][0], index)
            continue
        match = _KEY.fullmatch(line)
        if match is None:
            raise _Unsupported
        key = match.group(1)
        if key in data or _tag(key, resolvers) != "str":
            raise _Unsupported
        value = (match.group(2) or "").rstrip(" ")
        data[key] = _value(value, resolvers) if value else None
        lines[key] = (index, index)
        listed, indent = (None if value else key), -1
    return data, lines


def _value(value: str, resolvers: Resolvers) -> Any:
    if value[0] == "[":
        if value[-1] != "]":
            raise _Unsupported
        inner, items, at = value[1:-1], [], 0
        while inner[at:].strip(" "):
            item = _FLOW_ITEM.match(inner, at)
            if item is None:
                raise _Unsupported
            items.append(_scalar(item.group(1), resolvers))
            at = item.end()
        return items
    return _scalar(value, resolvers)


def _scalar(value: str, resolvers: Resolvers) -> Any:
    value = value.rstrip(" ")
    first = value[:1]
    if first in ('"', "'"):
        if len(value) < 2 or value[-1] != first or first in value[1:-1] or "\\" in value:
            raise _Unsupported
        return value[1:-1]
    if not value or first in _INDICATORS or "\t" in value or " #" in value:
        raise _Unsupported
    if ": " in value or value.endswith(":"):
        raise _Unsupported
    tag = _tag(value, resolvers)
    if tag == "str":
        return value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() == "true"
    if tag == "int" and _INT.fullmatch(value):
        return int(value)
    if tag == "timestamp" and (date := _DATE.fullmatch(value)):
        try:
            return dt.date(*map(int, date.groups()))
        except ValueError:
            return value  # an impossible date stays a string (see frontmatter._Loader)
    raise _Unsupported


def _tag(value: str, resolvers: Resolvers) -> str:
    """The short tag PyYAML's implicit resolvers give a plain scalar (as BaseResolver.resolve)."""
    for tag, pattern in resolvers.get(value[:1], ()):
        if pattern.match(value):
            return tag.removeprefix(_TAG)
    return "str"
