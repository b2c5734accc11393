"""Finding links (LINKS.md "Finding links"): wikilinks, embeds, Markdown links, front-matter."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from vaultrel.core.model import Link

_WIKILINK = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")
# A destination is `<…>` (then maybe a title), or else everything up to the `)` that closes
# the link: CommonMark's balanced (and escaped) parentheses, and raw spaces read whole as
# Obsidian does (`[Ada](Ada Lovelace.md)`), a trailing quoted title dropped after.
_MD_LINK = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\([ \t]*"
    r"(?:(<[^<>\n]*>)(?:[ \t]+[^)\n]*)?"
    r"|(?!<)((?:[^()\n\\]|\\.|\((?:[^()\n\\]|\\.|\([^()\n]*\))*\))*))\)"
)
# a Markdown link's trailing "title", which is not part of its destination
TITLE = re.compile(r"""[ \t]+(?:"[^"\n]*"|'[^'\n]*')[ \t]*$""")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
LINK_KEYS = frozenset({"with", "follows", "org"})


def wikilink_target(inner: str) -> str:
    """`Target#Heading|Shown` → `Target` (the pipe may be escaped in tables)."""
    target = inner.split("|", 1)[0].removesuffix("\\")
    return target.split("#", 1)[0].strip()


def _names_part(inner: str) -> bool:
    """`Target#Heading|Shown`, `Target#^block`: the link names a part of the note."""
    return "#" in inner.split("|", 1)[0]


def markdown_target(destination: str) -> str | None:
    """A Markdown link destination (`<…>`, or as written up to the link's `)`, title and
    all) as a vault path, or None for external URLs."""
    if destination.startswith("<"):
        destination = destination[1:-1]
    elif destination.endswith(("'", '"')):
        destination = TITLE.sub("", destination)
    if _SCHEME.match(destination):
        return None
    destination = _ESCAPE.sub(r"\1", destination)
    return unquote(destination.split("#", 1)[0]).strip()


def body_links(masked: list[str]) -> Iterator[Link]:
    """Links in masked body lines (see core.scan); same-note links (`[[#Heading]]`) are dropped."""
    for index, line in enumerate(masked):
        if "[" not in line:
            continue
        for match in _WIKILINK.finditer(line):
            target = wikilink_target(match.group(1))
            if target:
                yield Link(sys.intern(target), index + 1, None, _names_part(match.group(1)))
        if "](" in line:
            for match in _MD_LINK.finditer(line):
                destination = match.group(1) or match.group(2)
                md_target = markdown_target(destination)
                if md_target:
                    yield Link(sys.intern(md_target), index + 1, None, "#" in destination)


def link_spans(masked: str) -> Iterator[tuple[int, int, bool]]:
    """Where `body_links` finds each link of one masked line: the span of a wikilink's inner
    text (`target#part|shown`, brackets excluded), or of a Markdown link's destination; and
    whether it is a wikilink. For editing links in place (`mv`)."""
    for match in _WIKILINK.finditer(masked):
        yield match.start(1), match.end(1), True
    if "](" in masked:
        for match in _MD_LINK.finditer(masked):
            group = 1 if match.group(1) else 2
            yield match.start(group), match.end(group), False


def front_matter_links(
    data: dict[str, Any], key_lines: dict[str, tuple[int, int]], link_lines: dict[str, int]
) -> tuple[list[Link], list[tuple[str, int]]]:
    """Wikilinks in front-matter string values at any depth, with their 1-based lines
    (`link_lines`: where each target is written; else the key's line).

    Also returns the (key, line) of unquoted `key: [[Name]]` values on link keys, which YAML
    reads as a nested list: they are accepted as links and reported.
    """
    links: list[Link] = []
    unquoted: list[tuple[str, int]] = []
    if not link_lines:  # the front-matter's text holds no `[[`: no link anywhere in it
        return links, unquoted
    for key, value in data.items():
        key = sys.intern(key)
        line = key_lines.get(key, (0, 0))[0] + 1
        for text, nested in _strings(value):
            if not nested and "[[" not in text:  # the usual value: no link in it
                continue
            if nested and key in LINK_KEYS:
                target = wikilink_target(text)
                if target:
                    at = link_lines.get(target, line)
                    links.append(Link(sys.intern(target), at, key, _names_part(text)))
                    unquoted.append((key, at))
            else:
                for match in _WIKILINK.finditer(text):
                    inner = match.group(1)
                    if target := wikilink_target(inner):
                        at = link_lines.get(target, line)
                        links.append(Link(sys.intern(target), at, key, _names_part(inner)))
    return links, unquoted


def _strings(value: Any) -> Iterator[tuple[str, bool]]:
    """String leaves of a YAML value; `nested` marks `[[Name]]` read as a list in a list."""
    if isinstance(value, str):
        yield value, False
    elif isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
            inner = value[0][0]
            if isinstance(inner, str):
                yield inner, True
                return
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
