"""Differential test: the front-matter fast path (`core.plainyaml`) against PyYAML.

Whenever the fast path reads front-matter, PyYAML (with vaultrel's loader: YAML 1.2 booleans,
lenient dates) must load the same mapping, value for value and type for type, and the key lines
must be the ones the line scan gives; `read_front_matter` must return the same result with and
without the fast path, errors included. The generator mixes the forms the fast path reads with
everything near them that it must hand over: YAML 1.1 booleans, octal and hex numbers, floats,
times, comments, escapes, anchors, tags, nested and multi-line values, odd indentation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

import vaultrel.core.frontmatter as frontmatter
from vaultrel.config import Config
from vaultrel.core.frontmatter import _Loader, _scan_keys, read_front_matter
from vaultrel.core.notes import declared_kinds, parse_note
from vaultrel.core.plainyaml import load_simple
from vaultrel.errors import NoteError

RESOLVERS = _Loader.yaml_implicit_resolvers

# fmt: off

KEYS = ["date", "with", "topics", "aliases", "cadence", "met", "last_spoke", "next-owed",
        "my key", "Key", "key ", "true", "True", "null", "Null", "~", "y", "on", "no", "NO",
        "_x", "x1", "2024", "é", "a:b", "a b c", "<<", "=", "? q", "- a", "&a k", "!t k"]
WORDS = ["Ada", "side project", "a, b", "it's", 'say "hi"', "a: b", "a:b", "a #b", "a#b",
         "https://x.org/a?b=c", "C# code", "[[Ada Lovelace]]", "[[Ada|A]]", "50%", "~", "",
         "null", "NULL", "true", "True", "TRUE", "false", "yes", "no", "on", "off", "y", "n",
         "0", "7", "-5", "+5", "012", "0o12", "0x1F", "1_000", "1:30", "1.5", ".5", ".inf",
         "1e3", "2024-01-02", "2024-1-2", "2024-02-30", "2024-01-02T10:00:00", "2024-01-02 10:00",
         "2024-13-01", "20240102", "-", "?", ":", ",", "[", "]", "{", "}", "#", "&a", "*a", "!a",
         "!!str x", "%x", "@x", "`x`", "|", ">", "'", '"', "\\", "a\\nb", "\t", "a\tb", "x ",
         " x", "\xa0", "\u2028", "\ufeff", "😀", "日本", "=", "<<", "a, [b]", "{a: b}", "..."]


def _quoted(word: str, quote: str) -> str:
    return f"{quote}{word}{quote}"


FRIENDLY_WORDS = ["Ada", "side project", "a, b", "it's", "[[Ada Lovelace]]", "2024-01-02", "7",
                  "true", "null", "a:b", "50%", "😀"]
# fmt: on


@st.composite
def _scalars(draw: st.DrawFn, friendly: bool) -> str:
    word = draw(st.sampled_from(FRIENDLY_WORDS if friendly and draw(st.integers(0, 3)) else WORDS))
    style = draw(st.sampled_from(["plain", "plain", "double", "single", "double-escaped"]))
    if style == "double":
        return _quoted(word, '"')
    if style == "single":
        return _quoted(word, "'")
    if style == "double-escaped":
        return _quoted(word.replace("\\", "\\\\").replace('"', '\\"'), '"')
    return word


def _pick(draw: st.DrawFn, friendly: bool, usual: list[str], other: list[str]) -> str:
    """One of `usual`, or (rarely, when friendly) one of `other`."""
    rare = draw(st.integers(0, 9)) == 0 if friendly else draw(st.booleans())
    return draw(st.sampled_from(other if rare else usual))


@st.composite
def _entries(draw: st.DrawFn, friendly: bool) -> list[str]:
    key = _pick(draw, friendly, KEYS[:8], KEYS)
    sep = _pick(draw, friendly, [": "], [":  ", ":", " : ", ":\t"])
    trail = _pick(draw, friendly, [""], [" ", " # note", "#x"])
    shape = _pick(draw, friendly, ["scalar", "flow", "block", "bare"], ["comment"])
    scalars = _scalars(friendly)
    if shape == "scalar":
        return [f"{key}{sep}{draw(scalars)}{trail}"]
    if shape == "flow":
        items = draw(st.lists(scalars, max_size=4))
        inner = _pick(draw, friendly, [", "], [",", " , "]).join(items)
        pad = _pick(draw, friendly, [""], [" "])
        end = _pick(draw, friendly, [""], [",", " "])
        return [f"{key}{sep}[{pad}{inner}{end}{pad}]{trail}"]
    if shape == "block":
        indent = draw(st.sampled_from(["", "  ", "    "]))
        lines = [f"{key}:{trail}"]
        for _ in range(draw(st.integers(0, 4))):
            lead = _pick(draw, friendly, [indent], ["", " ", "   "])
            dash = _pick(draw, friendly, ["- "], ["-  ", "-", "-\t"])
            lines.append(f"{lead}{dash}{draw(scalars)}")
            if draw(st.integers(0, 9)) == 0:
                lines.append(draw(st.sampled_from(["", "  ", "  nested: x", "  continued"])))
        return lines
    if shape == "bare":
        return [f"{key}:{_pick(draw, friendly, [''], [' ', '  '])}"]
    return [draw(st.sampled_from(["# comment", "  # indented comment", "", "---", "..."]))]


@st.composite
def _front_matters(draw: st.DrawFn) -> list[str]:
    friendly = draw(st.booleans())
    entries = draw(st.lists(_entries(friendly), min_size=1, max_size=5))
    return [line for entry in entries for line in entry]


front_matters = _front_matters()


def _typed(value: Any) -> Any:
    """The value with every scalar's exact type beside it (1 == True == 1.0 in Python)."""
    if isinstance(value, dict):
        return {_typed(key): _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


@given(front_matters)
def test_fast_path_loads_what_pyyaml_loads(raw: list[str]) -> None:
    simple = load_simple(raw, RESOLVERS)
    event("fast path" if simple is not None else "PyYAML")
    if simple is None:
        return
    data, key_lines = simple
    reference = yaml.load("\n".join(raw), Loader=_Loader)  # must not raise
    assert _typed(data) == _typed(reference or {})
    assert key_lines == _scan_keys(raw)


def _read(lines: list[str]) -> Any:
    try:
        front = read_front_matter(lines)
    except NoteError as exc:
        return exc.problem
    return front and (_typed(front.data), front.close_line, front.key_lines, front.link_lines)


@given(front_matters)
def test_read_front_matter_is_the_same_without_the_fast_path(raw: list[str]) -> None:
    lines = ["---", *raw, "---", "body"]
    fast = _read(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frontmatter, "load_simple", lambda raw, resolvers: None)
        assert _read(lines) == fast


def test_the_usual_front_matter_takes_the_fast_path() -> None:
    raw = [
        "date: 2024-03-01",
        "with:",
        '  - "[[Ada Lovelace]]"',
        "  - '[[Grace Hopper]]'",
        'topics: [side project, "q3 launch"]',
        "cadence: 2w",
        "paused: false",
        "count: 12",
        "summary: Ada's idea, roughly; ship it",
        "next_owed:",
        "aliases: []",
    ]
    simple = load_simple(raw, RESOLVERS)
    assert simple is not None
    data, key_lines = simple
    assert data == {
        "date": dt.date(2024, 3, 1),
        "with": ["[[Ada Lovelace]]", "[[Grace Hopper]]"],
        "topics": ["side project", "q3 launch"],
        "cadence": "2w",
        "paused": False,
        "count": 12,
        "summary": "Ada's idea, roughly; ship it",
        "next_owed": None,
        "aliases": [],
    }
    assert key_lines["with"] == (2, 4)


TYPE_FORMS = {
    "type: [person]": ["person"],
    'type: ["person"]': ["person"],
    "type:\n  - person": ["person"],
    "type:\n- Person": ["person"],
    "type: person": ["person"],
    "type: [person, friend]": ["person"],
    "type: [person, org]": ["org", "person"],
    "type:\n  - org\n  - person": ["org", "person"],
}


@pytest.mark.parametrize("form", TYPE_FORMS)
def test_type_lists_read_the_same_on_both_paths(form: str) -> None:
    """`type:` as Obsidian's property editor writes a List takes the fast path, which reads
    the kinds PyYAML reads."""
    raw = form.split("\n")
    simple = load_simple(raw, RESOLVERS)
    assert simple is not None
    assert _typed(simple[0]) == _typed(yaml.load(form, Loader=_Loader))
    assert [kind.value for kind in declared_kinds(simple[0])] == TYPE_FORMS[form]
    note = f"---\n{form}\n---\nBody.\n".encode()
    fast = parse_note("notes/x.md", note, Config().layout())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frontmatter, "load_simple", lambda raw, resolvers: None)
        slow = parse_note("notes/x.md", note, Config().layout())
    assert (fast.kind, fast.problems) == (slow.kind, slow.problems)
