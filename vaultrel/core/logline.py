"""`vaultrel log`'s pure parts: due phrases, the logged line with its nested items, and where
they go in a daily note (DESIGN §2.6: the line must read back as a logged conversation)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from vaultrel.core.cadence import add_months
from vaultrel.core.dailynames import WEEKDAYS
from vaultrel.core.filenames import hidden_characters
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.notes import HEADING, LIST_ITEM
from vaultrel.core.scan import scan
from vaultrel.core.text import line_ending, split_lines
from vaultrel.errors import Problem, UsageError, note_error

# A due phrase ending the text, optionally after "by", "on" or "due". The leftmost match is the
# longest: "send it by friday" loses "by friday", not only "friday".
_DUE_PHRASE = re.compile(
    r"(?:^|\s)(?:(?:by|on|due)\s+)?"
    rf"(today|tomorrow|next\s+week|{'|'.join(WEEKDAYS)}|in\s+(\d{{1,4}})\s+(day|week|month)s?"
    r"|\d{4}-\d{2}-\d{2})[\s.]*$",
    re.IGNORECASE,
)
_DUE_FIELD = re.compile(r"[📅📆🗓]|\bdue::")  # the text already has a due date (§2.4)


def due_phrase(text: str, day: dt.date) -> tuple[str, dt.date | None]:
    """The text without the due phrase ending it, and that phrase's date counted from `day`
    (the log's date): `today`, `tomorrow`, a weekday (the first such day after `day`),
    `next week` (the Monday after), `in N days|weeks|months` (months clamp to the month's
    end), an ISO date; "by", "on" or "due" before it go too. Raises ValueError for an
    impossible ISO date."""
    text = " ".join(text.split())
    match = None if _DUE_FIELD.search(text) else _DUE_PHRASE.search(text)
    if match is None:
        return text, None
    phrase = " ".join(match.group(1).lower().split())
    if phrase == "today":
        due = day
    elif phrase == "tomorrow":
        due = day + dt.timedelta(days=1)
    elif phrase == "next week":
        due = day + dt.timedelta(days=7 - day.weekday())
    elif phrase in WEEKDAYS:
        due = day + dt.timedelta(days=(WEEKDAYS.index(phrase) - day.weekday() - 1) % 7 + 1)
    elif match.group(2):
        count, unit = int(match.group(2)), match.group(3).lower()
        if unit == "month":
            due = add_months(day, count)
        else:
            due = day + dt.timedelta(days=count * (7 if unit == "week" else 1))
    else:
        due = dt.date.fromisoformat(phrase)
    return text[: match.start()].strip(), due


def nested_items(
    day: dt.date,
    owe: Sequence[str] = (),
    waiting: Sequence[str] = (),
    ask: Sequence[str] = (),
    waiting_tag: str = "waiting",
    ask_tag: str = "ask",
) -> list[str]:
    """The tasks nested under a logged line: what I owe, what they owe me (`#waiting`), and
    talking points (`#ask`). They link nobody: a task under a logged conversation that links
    no person is owed to every participant. Raises UsageError for text that cannot be one."""
    items = []
    for option, tag, texts in (("--owe", "", owe), ("--waiting", waiting_tag, waiting)):
        for given in texts:
            _check_one_line(option, given)
            try:
                what, due = due_phrase(given, day)
            except ValueError:
                raise _bad(option, given, "names an impossible date", "give a real date") from None
            if not what:
                raise _bad(option, given, "says when but not what", f'write {option} "what, when"')
            tagged = f"#{tag} {what}" if tag else what
            items.append(f"- [ ] {tagged}" + (f" 📅 {due.isoformat()}" if due else ""))
    for given in ask:
        _check_one_line("--ask", given)
        if not given.strip():
            raise _bad("--ask", given, "is empty", "write what to ask")
        items.append(f"- [ ] #{ask_tag} {' '.join(given.split())}")
    return items


def logged_line(links: Sequence[str], text: str, channel: str | None, tags: Sequence[str]) -> str:
    """The list item logging a conversation: the channel tag, the people's links, the text
    (`- #call [[Ada Lovelace]] and [[Grace Hopper]]: lunch`). Raises UsageError for a channel
    the log does not read as one, or text over several lines."""
    _check_one_line("TEXT", text)
    line = "- "
    if channel is not None:
        channel = channel.strip().lstrip("#")
        if channel not in tags:
            raise _bad(
                "--channel",
                channel,
                f"is not a channel tag ({', '.join(tags)})",
                "use one of them, or add it to [log] tags in vaultrel.toml",
            )
        line += f"#{channel} "
    line += links[0] if len(links) == 1 else f"{', '.join(links[:-1])} and {links[-1]}"
    text = " ".join(text.split())
    return line + (f": {text}" if text else "")


def insert_log(text: str, lines: Sequence[str], heading: str) -> str:
    """The note's text with `lines` (LF-free) added at the end of its first section headed
    `heading` (after its last non-blank line, before the next heading of the same or a
    higher level), or, without one, a `## heading` appended with them. New lines take the
    note's line ending; a note without a final line break still has none."""
    eol = line_ending(split_lines(text))
    ends_open = bool(text) and not text.endswith("\n")
    all_lines = split_lines(text + eol if ends_open else text)  # the last element is ""
    front = read_front_matter(all_lines)
    scanned = scan(all_lines, front.close_line + 1 if front else 0)
    if scanned.open_at_end:
        raise note_error(
            "E_OPEN_AT_END",
            "note ends inside an open code fence or comment",
            "close it at the end of the note, then log again",
            len(all_lines) - 1,
        )
    start = front.close_line + 1 if front else 0
    at, new = _section_end(scanned.masked, all_lines, start, heading.lower())
    if at is None:
        at, new = len(all_lines) - 1, [f"## {heading}", *lines]
    else:
        new = list(lines)
    previous = all_lines[at - 1].strip() if at > 0 else ""
    if previous and not _in_list(previous, all_lines[at - 1], new[0]):
        new.insert(0, "")
    cr = "\r" if eol == "\r\n" else ""
    all_lines[at:at] = [line + cr for line in new]
    result = "\n".join(all_lines)
    return result[: -len(eol)] if ends_open else result


def _section_end(
    masked: list[str], lines: list[str], start: int, heading: str
) -> tuple[int | None, list[str]]:
    """Where lines go at the end of the first section under `heading`: after its last
    non-blank line (the heading itself when it is empty); None when there is no such
    section."""
    level: int | None = None
    last = 0
    for index in range(start, len(lines) - 1):
        match = HEADING.match(masked[index]) if masked[index].lstrip(" ").startswith("#") else None
        if match:
            depth = len(match.group(1))
            if level is not None and depth <= level:
                break
            if level is None and (match.group(2) or "").strip().lower() == heading:
                level, last = depth, index
                continue
        if level is not None and lines[index].strip():
            last = index
    return (last + 1 if level is not None else None), []


def _in_list(previous: str, line: str, first: str) -> bool:
    """Whether `first` continues what the line before it holds without a blank line: a list
    (or what is nested in one) followed by a list item, or the section's heading."""
    return first.startswith("-") and (
        bool(LIST_ITEM.match(line)) or line[:1] in " \t" or previous.startswith("#")
    )


def _check_one_line(option: str, text: str) -> None:
    if hidden := hidden_characters(text):
        raise _bad(
            option, text, f"contains {', '.join(hidden)}", "give it as one line of visible text"
        )


def _bad(option: str, given: str, message: str, hint: str) -> UsageError:
    return UsageError(
        Problem(option, None, "E_VALUE_INVALID", f"{given.strip()!r} {message}", hint)
    )
