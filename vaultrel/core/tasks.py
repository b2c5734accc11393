"""Task lines (DESIGN §2.4): status, due date, the #waiting tag, and the text shown for them."""

from __future__ import annotations

import datetime as dt
import re

from vaultrel.core.model import Task
from vaultrel.errors import Problem, warning

_CHECKBOX = re.compile(r"^(?:[ \t]*>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(.)\][ \t]?")
_DATE = r"(\d{4}-\d{2}-\d{2})"
_DUE = re.compile(
    r"(?:\U0001f4c5|\U0001f4c6|\U0001f5d3)\ufe0f?[ \t]*"
    + _DATE
    + r"|[\[(]due::[ \t]*"
    + _DATE
    + r"[ \t]*[\])]"
    + r"|(?<![\w\[(])due::[ \t]*"
    + _DATE
)
_FIELDS = re.compile(
    r"(?:[\u23f3\u231b\U0001f6eb\u2705\u2795\u274c\U0001f4c5\U0001f4c6\U0001f5d3]\ufe0f?[ \t]*"
    + _DATE
    + r")"
    + r"|[\[(][\w -]+::[^\])]*[\])]"
    + r"|(?<![\w\[(])due::[ \t]*"
    + _DATE
    + r"|[\u23eb\U0001f53c\U0001f53d\U0001f53a\u23ec]\ufe0f?"
    + r"|\U0001f501\ufe0f?[^\u23f3\u231b\U0001f6eb\u2705\U0001f4c5\U0001f4c6\U0001f5d3#]*"
    + r"|(?<!\S)\^[\w-]+$"
)
_TAG = re.compile(r"(?<![^\s(\[])#[^\s#,.;:!?()\[\]{}\"']+")
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")  # as core.links reads it
_WIKILINK = re.compile(r"!?\[\[([^\[\]|]+?)(?:\\?\|([^\[\]]+?))?\]\]")


def parse_task(line: str, number: int, waiting_tag: str) -> tuple[Task | None, list[Problem]]:
    """Parse a task line (the scanner has checked it is one). `number` is its 1-based line."""
    checkbox = _CHECKBOX.match(line)
    if checkbox is None:
        return None, []
    problems: list[Problem] = []
    due: dt.date | None = None
    match = _DUE.search(line) if not line.isascii() or "due::" in line else None
    if match:
        text = next(group for group in match.groups() if group)
        try:
            due = dt.date.fromisoformat(text)
        except ValueError:
            problems.append(
                warning(
                    "",
                    number,
                    "W_DATE_INVALID",
                    f"impossible due date {text}",
                    "fix the date; the task counts as undated until then",
                )
            )
    rest = line[checkbox.end() :]
    if not rest.strip():
        return None, problems  # an empty checkbox promises nothing
    tags = {tag[1:].lower() for tag in _TAG.findall(rest)} if "#" in rest else set()
    task = Task(number, checkbox.group(1), task_text(rest), due, waiting_tag.lower() in tags)
    return task, problems


def task_text(text: str) -> str:
    """The text of a task without its tags, date fields and link brackets."""
    # Each pattern runs only when its telltale characters are there: this is a hot path.
    if not text.isascii() or "::" in text or "^" in text:
        text = _FIELDS.sub(" ", text)
    if "#" in text:
        text = _TAG.sub(" ", text)
    if "[[" in text:
        text = _WIKILINK.sub(lambda m: m.group(2) or m.group(1).split("#", 1)[0], text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    return " ".join(text.split())
