"""Task lines (DESIGN §2.4): status, due date, the #waiting tag, and the text shown for them."""

from __future__ import annotations

import datetime as dt
import re

from vaultrel.core.model import Task
from vaultrel.errors import Problem, warning

_CHECKBOX = re.compile(r"^(?:[ \t]*>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(.)\][ \t]?")
_DATE = r"(\d{4}-\d{2}-\d{2})"
_TIME = r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # Dataview date-times
_DUE_SIGNS = ("\U0001f4c5", "\U0001f4c6", "\U0001f5d3")  # the Tasks plugin's due dates
_DUE = re.compile(
    "(?:"
    + "|".join(_DUE_SIGNS)
    + r")\ufe0f?[ \t]*"
    + _DATE
    + r"|[\[(]due::[ \t]*"
    + _DATE
    + _TIME
    + r"[ \t]*[\])]"
    + r"|(?<![\w\[(])due::[ \t]*"
    + _DATE
)
_CREATED = re.compile(r"\u2795\ufe0f?[ \t]*" + _DATE)
# The Tasks plugin's fields (its DefaultTaskSerializer), Dataview's inline fields, a block id.
_FIELDS = re.compile(
    "|".join(
        (
            r"[\u23f3\u231b\U0001f6eb\u2705\u2795\u274c\U0001f4c5\U0001f4c6\U0001f5d3]\ufe0f?[ \t]*"
            + _DATE,  # scheduled, start, done, created, cancelled, due
            r"[\u23eb\U0001f53c\U0001f53d\U0001f53a\u23ec]\ufe0f?",  # priorities
            r"\U0001f501\ufe0f?[ \t]*[a-zA-Z0-9, !]*",  # 🔁 recurrence
            r"\U0001f3c1\ufe0f?[ \t]*[a-zA-Z]*",  # 🏁 on completion
            r"\U0001f194\ufe0f?[ \t]*[\w-]*",  # 🆔 id
            r"\u26d4\ufe0f?[ \t]*[\w-]+(?:[ \t]*,[ \t]*[\w-]+)*",  # ⛔ depends on
            r"[\[(][\w -]+::[^\])]*[\])]",  # [key:: value], (key:: value)
            r"(?<![\w\[(])due::[ \t]*" + _DATE + _TIME,
            r"(?<!\S)\^[\w-]+$",
        )
    )
)
# A code span (CommonMark): a run of backticks, then anything up to a run of the same length.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"(?<![^\s(\[])#[^\s#,.;:!?()\[\]{}\"']+")
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")  # as core.links reads it
_WIKILINK = re.compile(r"!?\[\[([^\[\]|]+?)(?:\\?\|([^\[\]]+?))?\]\]")


def parse_task(
    line: str, number: int, waiting_tag: str, point_tags: tuple[str, ...] = ()
) -> tuple[Task | None, list[Problem]]:
    """Parse a task line (the scanner has checked it is one). `number` is its 1-based line;
    a task tagged with one of `point_tags` is a talking point (DESIGN §2.7)."""
    checkbox = _CHECKBOX.match(line)
    if checkbox is None:
        return None, []
    problems: list[Problem] = []
    due: dt.date | None = None
    plain = _without_code(line) if "`" in line else line  # a date in a code span is not due
    match = _DUE.search(plain) if _may_be_due(plain) else None
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
    plain = plain[checkbox.end() :]
    tags = _tags(plain) if "#" in plain else []  # found once for both questions
    point = _first_of(tags, point_tags) if point_tags else None
    waiting = _is_tagged(tags, waiting_tag)
    task = Task(number, checkbox.group(1), task_text(rest), due, waiting, _created(plain), point)
    return task, problems


def _may_be_due(text: str) -> bool:
    """Whether `text` holds what every due date `_DUE` finds starts with (a quick test)."""
    return "due::" in text or (not text.isascii() and any(sign in text for sign in _DUE_SIGNS))


def _created(text: str) -> dt.date | None:
    """The Tasks plugin's created date on the line (an impossible one is ignored)."""
    match = _CREATED.search(text) if "\u2795" in text else None
    try:
        return dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def first_tag(text: str, tags: tuple[str, ...]) -> str | None:
    """The first of `tags` written on `text` (`#call`, or nested as `#call/work`), in any case."""
    return _first_of(_tags(text), tags)


def _tags(text: str) -> list[str]:
    """The tags written on `text`, without `#`, in lower case, in order."""
    return [match[1:].lower() for match in _TAG.findall(text)]


def _first_of(found: list[str], tags: tuple[str, ...]) -> str | None:
    """The first of `tags` among the tags `found` (a nested one counts for its parent)."""
    wanted = {tag.lower(): tag for tag in tags}
    for tag in found:
        top = tag.split("/", 1)[0]
        if top in wanted:
            return wanted[top]
    return None


def _without_code(text: str) -> str:
    """`text` with each code span blanked (same length: positions stay the same)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def _is_tagged(found: list[str], tag: str) -> bool:
    """Whether the tags `found` hold `tag` or a tag nested under it (`#waiting/bob`), in any
    case."""
    tag = tag.lower()
    return any(one == tag or one.startswith(tag + "/") for one in found)


def task_text(text: str) -> str:
    """The text of a task without its tags, date fields and link brackets; code spans are
    kept as written."""
    if "`" not in text:
        return " ".join(_plain_text(text).split())
    pieces, start = [], 0
    for span in _CODE_SPAN.finditer(text):
        pieces += [_SPACES.sub(" ", _plain_text(text[start : span.start()])), span.group(0)]
        start = span.end()
    pieces.append(_SPACES.sub(" ", _plain_text(text[start:])))
    return "".join(pieces).strip()


def _plain_text(text: str) -> str:
    # Each pattern runs only when its telltale characters are there: this is a hot path.
    if not text.isascii() or "::" in text or "^" in text:
        text = _FIELDS.sub(" ", text)
    if "#" in text:
        text = _TAG.sub(" ", text)
    if "[[" in text:
        text = _WIKILINK.sub(lambda m: m.group(2) or m.group(1).split("#", 1)[0], text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    return text
