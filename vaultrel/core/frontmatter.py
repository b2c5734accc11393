"""Strict front-matter reading: split, bounded YAML load, and the lines of each top-level key.

Only PyYAML's C parser is used, and only after checks that keep hostile YAML harmless: no tags,
no aliases (billion laughs), no directives, bounded size and depth, unique keys. The text is
never re-serialised; writers use `key_lines` to edit line by line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from vaultrel.core.links import wikilink_target
from vaultrel.core.plainyaml import load_simple
from vaultrel.errors import NoteError, note_error

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 64
FENCE = "---"


class _Loader(yaml.CSafeLoader):
    """The C safe loader, reading booleans as YAML 1.2 does (`no`, `on`, `y` stay strings,
    RELIABILITY B10); an impossible date (`2026-02-30`) stays a string instead of failing."""


_BOOL_TAG = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Parsed front-matter. Line numbers are 0-based indices into the note's lines."""

    data: dict[str, Any]
    close_line: int
    key_lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    link_lines: dict[str, int] = field(default_factory=dict)  # wikilink target → 1-based line


def is_fence(line: str) -> bool:
    return line.rstrip("\r") == FENCE


def find_front_matter(lines: list[str]) -> int | None:
    """Index of the closing fence if the note starts with front-matter, else None."""
    if not lines or not is_fence(lines[0]):
        return None
    for index in range(1, len(lines)):
        if is_fence(lines[index]):
            return index
    raise note_error(
        "E_FM_UNTERMINATED", "front-matter has no closing --- line", "add a closing --- line", 1
    )


def misplaced_front_matter(lines: list[str]) -> int | None:
    """1-based line of a `---` that looks meant as front-matter but is not on line 1."""
    for index, line in enumerate(lines[:5]):
        stripped = line.strip()
        if stripped == FENCE:
            return index + 1 if (index > 0 or line.rstrip("\r") != FENCE) else None
        if stripped:
            return None
    return None


def read_front_matter(lines: list[str]) -> FrontMatter | None:
    """Parse the note's front-matter, or None if it has none. Raises NoteError (1-based lines).

    Front-matter of one-line scalars and lists of them is read without PyYAML (`plainyaml`).
    Otherwise the usual front-matter (a block mapping with unique plain keys, shallow) is
    loaded in one call, its key lines found by a line scan that must agree with the loaded
    keys; anything else goes through the composer and a check of every node.
    """
    close = find_front_matter(lines)
    if close is None:
        return None
    raw = [line.rstrip("\r") for line in lines[1:close]]
    text = "\n".join(raw) + "\n"  # the line break before the closing ---, which a | value keeps
    if len(text) > MAX_FRONT_MATTER_BYTES // 4 and len(text.encode()) > MAX_FRONT_MATTER_BYTES:
        raise note_error(
            "E_FM_TOO_LARGE", "front-matter is larger than 64 KiB", "move the text to the body", 1
        )
    if not text.strip():
        return FrontMatter({}, close)
    link_lines = _link_lines(raw)
    # Forms that cannot hold a tag, an anchor, a directive or nesting; most notes' front-matter.
    simple = load_simple(raw, _Loader.yaml_implicit_resolvers)
    if simple is not None:
        return FrontMatter(simple[0], close, simple[1], link_lines)
    _refuse_directives_and_tags(text)
    scanned = _scan_keys(raw)
    if not _shallow(text) and (deep := _too_deep_at(text)) is not None:
        raise _too_deep(deep)
    if scanned is not None and _shallow(text):
        data = _load(text, strict=False)[0]
        if (
            isinstance(data, dict)
            and len(data) == len(scanned)
            and all(isinstance(key, str) and key in scanned for key in data)
        ):
            return FrontMatter(data, close, scanned, link_lines)
    data, key_lines = _load(text, strict=True)
    return FrontMatter({str(k): v for k, v in data.items()}, close, key_lines, link_lines)


def _load(text: str, strict: bool) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Load the YAML; `strict` composes first to check every node and find the key lines."""
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # characters YAML does not allow, found by its reader
        raise note_error(
            "E_FM_YAML", f"front-matter is not valid YAML: {exc}", "remove control characters", 1
        ) from None
    try:
        if not strict:
            return loader.get_single_data(), {}
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise note_error(
                "E_FM_NOT_MAPPING",
                "front-matter is not a list of key: value properties",
                "write properties as `key: value` lines",
                node.start_mark.line + 2,
            )
        _check_structure(node)
        return loader.construct_document(node), _key_lines(node, _file_lines(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = text.count("\n")  # the YAML line of the front-matter's last line
        if mark is None:
            line, column = 1, ""
        elif mark.line >= last:  # the end of the stream, after the last line's break
            line, column = last + 1, ", at the end of the front-matter"
        else:
            line, column = mark.line + 2, f", column {mark.column + 1}"
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, above ours
            raise _too_deep(line) from None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise note_error(
            "E_FM_YAML",
            f"front-matter is not valid YAML: {what}{column}",
            "fix the YAML (indent with spaces, quote values containing ': ' or '#')",
            line,
        ) from None
    except yaml.YAMLError as exc:
        raise note_error(
            "E_FM_YAML", f"front-matter is not valid YAML: {exc}", "fix the YAML", 1
        ) from None
    finally:
        loader.dispose()


_KEY_END = re.compile(r":(?:[ \t]|$)")
_DEEP = re.compile(r"^[ \t]{32,}", re.MULTILINE)


def _shallow(text: str) -> bool:
    """No way to nest deeper than MAX_DEPTH: few brackets, little indentation."""
    return text.count("[") + text.count("{") <= MAX_DEPTH and not _DEEP.search(text)


_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep_at(text: str) -> int | None:
    """The file line where brackets first nest deeper than MAX_DEPTH, found before YAML
    builds a node per level (B08: refused fast). Brackets in quotes count too: only a value
    no one writes by hand is refused for them."""
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return text.count("\n", 0, match.start()) + 2
    return None


def _scan_keys(raw: list[str]) -> dict[str, tuple[int, int]] | None:
    """Top-level `key:` lines of a block mapping and the lines their values continue on
    (file indices: raw line i is line i + 1); None if a key repeats or a line is unusual."""
    keys: dict[str, tuple[int, int]] = {}
    current: str | None = None
    for index, line in enumerate(raw, 1):
        first = line[:1]
        if first in (" ", "\t", "-") and current is not None:
            keys[current] = (keys[current][0], index)
            continue
        current = None
        if not first or line.lstrip(" \t").startswith("#"):
            continue
        if first in "\"'{[?&*!|>%@`":
            return None
        match = _KEY_END.search(line)
        if match is None:
            return None
        key = line[: match.start()].rstrip()
        if key in keys:
            return None
        keys[key] = (index, index)
        value = line[match.end() :].strip()
        # A one-line scalar ends on its line (comments below it are not part of it).
        current = key if _continues(value) else None
    return keys


def _continues(value: str) -> bool:
    """Whether a value that starts so goes on below its key's line."""
    if not value or value[0] in "|>#":
        return True
    if value[0] in "\"'":
        return value.count(value[0]) < 2
    if value[0] in "[{":
        return value.count("[") + value.count("{") > value.count("]") + value.count("}")
    return False


def _link_lines(raw: list[str]) -> dict[str, int]:
    """The 1-based file line of each wikilink target written in the front-matter."""
    found: dict[str, int] = {}
    if not any("[[" in line for line in raw):
        return found
    for index, line in enumerate(raw, 2):
        if "[[" in line:
            for match in _WIKILINK_TARGET.finditer(line):
                found.setdefault(wikilink_target(match.group(1)), index)
    return found


_WIKILINK_TARGET = re.compile(r"\[\[([^\[\]]+?)\]\]")


def _refuse_directives_and_tags(text: str) -> None:
    """Refuse directives, tags, anchors and aliases (a token scan, only when one may occur)."""
    has_directive = text.startswith("%") or "\n%" in text
    if not has_directive and "!" not in text and "&" not in text and "*" not in text:
        return
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                raise _anchor_error(token.start_mark.line + 2)
            if isinstance(token, yaml.DirectiveToken):
                raise note_error(
                    "E_FM_DIRECTIVE",
                    "front-matter contains a YAML directive",
                    "remove the %YAML / %TAG line",
                    token.start_mark.line + 2,
                )
            if isinstance(token, yaml.TagToken):
                raise note_error(
                    "E_FM_TAG",
                    "front-matter uses a YAML tag (`!…`), which vaultrel refuses",
                    "remove the tag or quote the value",
                    token.start_mark.line + 2,
                )
    except yaml.YAMLError:
        return  # loading reports it, with its position


def _check_structure(root: yaml.Node) -> None:
    """Refuse aliases, excessive depth and duplicate keys, without recursion."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _anchor_error(node.start_mark.line + 2)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark.line + 2)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        raise note_error(
                            "E_FM_DUPKEY",
                            f'duplicate front-matter key "{key.value}"',
                            "keep one of the two lines",
                            key.start_mark.line + 2,
                        )
                    keys.add(key.value)
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _anchor_error(line: int) -> NoteError:
    return note_error(
        "E_FM_ALIAS",
        "front-matter uses YAML anchors or aliases (`&x` / `*x`)",
        "write the values out in full",
        line,
    )


def _too_deep(line: int) -> NoteError:
    return note_error(
        "E_FM_DEPTH",
        f"front-matter is nested more than {MAX_DEPTH} levels deep",
        "flatten the value",
        line,
    )


def _key_lines(node: yaml.MappingNode, file_line: list[int] | None) -> dict[str, tuple[int, int]]:
    """Each top-level key's first and last line, as 0-based indices into the note's lines."""

    def line(yaml_line: int) -> int:
        if not file_line:
            return yaml_line + 1
        past_end = max(0, yaml_line - len(file_line) + 1)  # the end of the stream
        return file_line[min(yaml_line, len(file_line) - 1)] + past_end + 1

    spans: dict[str, tuple[int, int]] = {}
    for key, value in node.value:
        first = line(key.start_mark.line)
        end = value.end_mark
        last = line(end.line) if end.column > 0 else line(end.line) - 1
        spans[str(key.value)] = (first, max(first, last))
    return spans


_YAML_BREAK = re.compile("\n|\r(?!\n)|[\x85\u2028\u2029]")


def _file_lines(text: str) -> list[int] | None:
    """YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029, which notes do not: the
    note line of each YAML line, when the two differ (None when they agree)."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return None
    file_line, lines = 0, [0]
    for match in _YAML_BREAK.finditer(text):
        file_line += match.group() == "\n"
        lines.append(file_line)
    return lines


_PROPERTY_NAME = re.compile(r"^[^\s#\[\]*`>|][^#\[\]*`|]{0,63}$")


def looks_like_properties(data: dict[str, Any]) -> bool:
    """False for a `---` … `---` pair that is more likely a thematic break around prose (B15)."""
    return all(_PROPERTY_NAME.match(key) and key.count(" ") < 3 for key in data)


def as_date(value: object) -> dt.date | None:
    """A YAML value as a date: a date, a datetime, or a string starting with YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                return None
    return None
