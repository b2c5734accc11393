"""One note's text → a typed `Note`: its kind, dates, people fields, links, tasks, owned regions."""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import replace
from typing import Any

from vaultrel.core.cadence import parse_cadence
from vaultrel.core.dailynames import date_from_name
from vaultrel.core.frontmatter import (
    FrontMatter,
    as_date,
    looks_like_properties,
    misplaced_front_matter,
    read_front_matter,
)
from vaultrel.core.links import body_links, front_matter_links
from vaultrel.core.model import Kind, Layout, Logged, Note, Regions, Task
from vaultrel.core.scan import Scan, scan
from vaultrel.core.tasks import first_tag, parse_task, task_text
from vaultrel.core.text import NoteText, decode, split_lines
from vaultrel.errors import NoteError, Problem, warning

_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ](\d{1,2}:\d{2}(?::\d{2})?)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_NOT_PROSE = re.compile(r"\s*(?:#|[-*+>|]|\d+[.)]|<!--|!\[)")
HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
LIST_ITEM = re.compile(r"([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[(.)\][ \t]+)?")
_LOG_TIME = re.compile(r"(\d{1,2}:\d{2})(?!\d)")
_DONE = re.compile(r"\u2705\ufe0f?[ \t]*(\d{4}-\d{2}-\d{2})")
SUMMARY_CHARS = 120


_DECLARABLE = {kind.value: kind for kind in (Kind.PERSON, Kind.CONVERSATION, Kind.ORG)}


def declared_kinds(front: dict[str, Any]) -> list[Kind]:
    """The kinds `type:` names, sorted: a word, or a list of them as Obsidian writes a List
    property (`type: [person]`); other words are not kinds and are left out."""
    declared = front.get("type")
    words = declared if isinstance(declared, list) else [declared]
    names = {word.strip().lower() for word in words if isinstance(word, str)}
    return [_DECLARABLE[name] for name in sorted(names) if name in _DECLARABLE]


def kind_of(path: str, front: dict[str, Any], layout: Layout) -> Kind:
    """`type:` first (naming two kinds: a plain note), else the kind of the configured folder
    the note lives in."""
    declared = declared_kinds(front)
    if declared:
        return declared[0] if len(declared) == 1 else Kind.PLAIN
    for folder, kind in layout.folders:
        if path.startswith(folder.rstrip("/") + "/"):
            return kind
    return Kind.PLAIN


def parse_note(path: str, data: bytes | NoteText, layout: Layout) -> Note:
    """Read a note. Unreadable notes still exist (as link targets) but are never written."""
    try:
        text = data if isinstance(data, NoteText) else decode(data)
        lines = split_lines(text.text)
        front = read_front_matter(lines)
    except NoteError as exc:
        return Note(
            path, kind_of(path, {}, layout), problems=(exc.problem.at(path),), writable=False
        )
    note = _NoteReader(path, lines, front, layout).read()
    crlf = text.text.count("\r\n")
    if 0 < crlf < len(lines) - 1:
        mixed = warning(
            path,
            None,
            "W_MIXED_EOL",
            "note mixes CRLF and LF line endings",
            "vaultrel keeps them; new lines take their neighbour's ending",
        )
        note = replace(note, problems=(*note.problems, mixed))
    return note


class _NoteReader:
    def __init__(
        self, path: str, lines: list[str], front: FrontMatter | None, layout: Layout
    ) -> None:
        self.path = path
        self.lines = lines
        self.front = front
        self.data = front.data if front else {}
        self.layout = layout
        self.problems: list[Problem] = []
        self.kind = kind_of(path, self.data, layout)
        if len(kinds := declared_kinds(self.data)) > 1:
            self._warn(
                self._line_of("type"),
                "W_TYPE_AMBIGUOUS",
                f"type names several kinds of note ({', '.join(kind.value for kind in kinds)})",
                "keep one; until then it is a plain note",
            )

    def read(self) -> Note:
        writable = True
        try:
            scanned = scan(self.lines, self.front.close_line + 1 if self.front else 0)
        except NoteError as exc:
            self.problems.append(exc.problem.at(self.path))
            return Note(self.path, self.kind, problems=tuple(self.problems), writable=False)
        if scanned.block is not None and scanned.block.edited:
            writable = False
            self.problems.append(_edited_block(self.path, scanned.block.end + 1))
        writable = self._check_front_matter_writable() and writable
        fm_links, unquoted = (
            front_matter_links(self.data, self.front.key_lines, self.front.link_lines)
            if self.front
            else ([], [])
        )
        for key, line in unquoted:
            self._warn(
                line,
                "W_FM_UNQUOTED_LINK",
                f'unquoted link in "{key}"',
                f'quote it: {key}: "[[…]]", as Obsidian requires',
            )
        if self.kind is Kind.CONVERSATION and "with" in self.data:
            self._participant_names()
        body = list(body_links(scanned.masked))
        date, time = self._date()
        tasks = self._tasks(scanned)
        return Note(
            path=self.path,
            kind=self.kind,
            links=tuple(fm_links + body),
            tasks=tasks,
            date=date,
            time=time,
            channel=_interned(self._text("channel")),
            summary=self._summary(scanned),
            topics=self._list("topics"),
            awaiting=self._choice("awaiting", ("me", "them")),
            status=self._choice("status", ("planned", "cancelled", "canceled", "done")),
            aliases=self._list(_key_any_case(self.data, "aliases")),
            cadence=self._cadence(),
            met=self._met(),
            paused=self.data.get("paused") is True,
            snooze_until=self._date_value("snooze_until"),
            birthday=self._yearly("birthday"),
            anniversary=self._yearly("anniversary"),
            logged=self._logged(scanned, date, tasks) if date and self.kind is Kind.PLAIN else (),
            regions=Regions(
                self.front.close_line if self.front else None,
                self._owned_spans(),
                scanned.block,
                scanned.open_at_end,
            ),
            owned=self._owned(),
            problems=tuple(self.problems),
            writable=writable,
        )

    def _warn(self, line: int | None, code: str, message: str, hint: str) -> None:
        self.problems.append(warning(self.path, line, code, message, hint))

    def _line_of(self, key: str) -> int | None:
        if self.front and key in self.front.key_lines:
            return self.front.key_lines[key][0] + 1
        return None

    def _check_front_matter_writable(self) -> bool:
        if self.kind is not Kind.PERSON:
            return True
        if self.front is None:
            line = misplaced_front_matter(self.lines)
            if line is not None:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        "E_FM_NOT_AT_TOP",
                        "front-matter does not start on line 1",
                        "move the --- line to the very first line of the note",
                    )
                )
                return False
        elif not looks_like_properties(self.data):
            self.problems.append(
                Problem(
                    self.path,
                    1,
                    "W_FM_AMBIGUOUS",
                    "the first --- lines look like a thematic break around text, not properties",
                    "add a real front-matter block above, or remove the first --- line",
                    "warning",
                )
            )
            return False
        return True

    def _participant_names(self) -> None:
        """`with: [Fay, Gus]` names people without linking them: neither Obsidian nor vaultrel
        sees a participant there. Said once, on the key's line, with the list to write."""
        value = self.data["with"]
        items = [
            item.strip()
            for item in (value if isinstance(value, list) else [value])
            if isinstance(item, str) and item.strip()
        ]
        names = [item for item in items if "[" not in item]
        if not names:
            return
        links = (item if "[" in item else f"[[{item}]]" for item in items)
        fixed = ", ".join('"' + link.replace('"', '\\"') + '"' for link in links)
        if len(names) > 1:
            what = "are names, not links, so not participants"
        else:
            what = "is a name, not a link, so not a participant"
        self._warn(
            self._line_of("with"),
            "W_PARTICIPANT_NOT_LINK",
            f"with: {', '.join(names)} {what}",
            f"write with: [{fixed}]",
        )

    def _date(self) -> tuple[dt.date | None, str | None]:
        value = self.data.get("date")
        if value is not None:
            date = as_date(value)
            if date is not None:
                time = value.strftime("%H:%M:%S") if isinstance(value, dt.datetime) else None
                if isinstance(value, str) and (match := _TIME.match(value.strip())):
                    time = match.group(1).zfill(5)
                return date, time
        file_date = date_from_name(self.path, self.layout.daily_format) or _file_date(
            self.path.rsplit("/", 1)[-1]
        )
        uncounted = self.kind is Kind.CONVERSATION and file_date is None
        if value is not None:  # one message: a bad date, not also a missing one
            text = str(value).strip()
            impossible = _FILE_DATE.fullmatch(text)
            self._warn(
                self._line_of("date"),
                "W_DATE_INVALID",
                f"impossible date {text}" if impossible else f"unreadable date {value!r}",
                "write the date as YYYY-MM-DD"
                + ("; until then the conversation does not count" if uncounted else ""),
            )
        elif uncounted:
            self._warn(
                None,
                "W_CONVERSATION_NO_DATE",
                "conversation has no date",
                "add `date: YYYY-MM-DD` or start the file name with the date",
            )
        return file_date, None

    def _date_value(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        date = as_date(value)
        if date is None:
            self._warn(
                self._line_of(key),
                "W_BAD_VALUE",
                f"{key}: {value!r} is not a date",
                "write the date as YYYY-MM-DD",
            )
        return date

    def _text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None or isinstance(value, (list, dict)):
            return None
        text = " ".join(str(value).split())
        return text or None

    def _list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        items = value if isinstance(value, list) else [] if value is None else [value]
        return tuple(sys.intern(" ".join(str(item).split())) for item in items if item is not None)

    def _choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        text = self._text(key)
        if text is None:
            return None
        if text.lower() not in choices:
            if self.kind is Kind.CONVERSATION:
                self._warn(
                    self._line_of(key),
                    "W_BAD_VALUE",
                    f"{key}: {text!r} is not known",
                    "use one of: " + ", ".join(choices),
                )
            return None
        return "cancelled" if text.lower() == "canceled" else choices[choices.index(text.lower())]

    def _cadence(self) -> Any:
        value = self.data.get("cadence")
        if value is None:
            return None
        cadence = parse_cadence(value)
        if cadence is None:
            self._warn(
                self._line_of("cadence"),
                "W_BAD_VALUE",
                f"cadence: {value!r} is not known",
                "use 10d, 2w, 3m, 1y, weekly, biweekly, monthly, quarterly or yearly",
            )
        return cadence

    def _yearly(self, key: str) -> str | None:
        """A birthday or anniversary: `YYYY-MM-DD`, or `--MM-DD` without the year."""
        value = self.data.get(key)
        if value is None:
            return None
        date = as_date(value)
        if date is not None:
            return date.isoformat()
        text = str(value).strip()
        if re.fullmatch(r"--\d{2}-\d{2}", text):
            try:
                dt.date(2000, int(text[2:4]), int(text[5:7]))
                return text
            except ValueError:
                pass
        self._warn(
            self._line_of(key),
            "W_BAD_VALUE",
            f"{key}: {text!r} is not a date",
            "write YYYY-MM-DD, or --MM-DD without the year",
        )
        return None

    def _met(self) -> str | None:
        """`met` as written: a date, or only its month (`YYYY-MM`) or year (`YYYY`, which YAML
        reads as a number)."""
        value = self.data.get("met")
        if value is None:
            return None
        date = as_date(value)
        if date is not None:
            return date.isoformat()
        text = str(value).strip() if isinstance(value, (str, int)) else ""
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text) if not isinstance(value, bool) else None
        if match and match.group(1) != "0000" and 1 <= int(match.group(2) or 1) <= 12:
            return text
        self._warn(
            self._line_of("met"),
            "W_BAD_VALUE",
            f"met: {value!r} is not a date",
            "write YYYY-MM-DD, or YYYY-MM or YYYY when you know only the month or year",
        )
        return None

    def _tasks(self, scanned: Scan) -> tuple[Task, ...]:
        tasks = []
        for index in sorted(scanned.task_lines):
            task, problems = parse_task(
                self.lines[index], index + 1, self.layout.waiting_tag, self.layout.point_tags
            )
            if problems:
                self.problems.extend(problem.at(self.path) for problem in problems)
            if task is not None:
                tasks.append(task)
        return tuple(tasks)

    def _logged(self, scanned: Scan, date: dt.date, tasks: tuple[Task, ...]) -> tuple[Logged, ...]:
        """The list items that may log a conversation (DESIGN §2.6): top-level items under the
        log heading, and items with a channel tag. Whether one links a person is told when
        links are resolved."""
        heading = self.layout.log_heading.lower()
        channels = self.layout.log_tags
        status = {task.line: task.status for task in tasks}
        masked = scanned.masked
        section: int | None = None  # the level of the log heading we are under
        found: list[Logged] = []
        for index, line in enumerate(masked):
            if line[:4].lstrip(" ").startswith("#") and (match := HEADING.match(line)):
                level = len(match.group(1))
                if (match.group(2) or "").strip().lower() == heading:
                    section = level
                elif section is not None and level <= section:
                    section = None
                continue
            if section is None and "#" not in line:
                continue  # cheap: neither under the heading nor tagged
            item = LIST_ITEM.match(line)
            if item is None:
                continue
            tagged = "#" in line and first_tag(line, channels)
            if not tagged and (section is None or item.group(1)):
                continue
            checkbox = item.group(2)
            day = date
            if checkbox is not None and index + 1 in status:
                if status[index + 1] not in "xX" or not tagged:
                    continue  # a plan, or a ticked task that logs nothing
                if done := _DONE.search(self.lines[index]):
                    with_done = as_date(done.group(1))
                    day = with_done or date
            text = self.lines[index][item.end() :].rstrip("\r")
            time = _LOG_TIME.match(text)
            found.append(
                Logged(
                    index + 1,
                    _nested_end(masked, index, len(item.group(1).expandtabs(4))) + 1,
                    day,
                    time.group(1).zfill(5) if time else None,
                    _interned(tagged) if tagged and tagged != "spoke" else None,
                    _clip(task_text(text)),
                )
            )
        return tuple(found)

    def _summary(self, scanned: Scan) -> str | None:
        if self.kind is not Kind.CONVERSATION:
            return None
        explicit = self._text("summary")
        if explicit:
            return _clip(task_text(explicit))
        paragraph: list[str] = []
        for masked in scanned.masked:
            stripped = masked.strip()
            if not stripped:
                if paragraph:
                    break
                continue
            if not paragraph and _NOT_PROSE.match(masked):
                continue
            paragraph.append(stripped)
        if not paragraph:
            return None
        first = _SENTENCE_END.split(" ".join(paragraph), maxsplit=1)[0]
        return _clip(task_text(first))

    def _owned_spans(self) -> tuple[tuple[str, int, int], ...]:
        if self.front is None:
            return ()
        spans = self.front.key_lines
        return tuple((key, *spans[key]) for key in self.layout.owned_keys if key in spans)

    def _owned(self) -> tuple[tuple[str, str], ...]:
        """The owned keys' lines as they are (person notes only: others are never given any)."""
        if self.kind is not Kind.PERSON:
            return ()
        return tuple(
            (key, "\n".join(line.rstrip("\r") for line in self.lines[first : last + 1]))
            for key, first, last in self._owned_spans()
        )


def _file_date(name: str) -> dt.date | None:
    """The date a file name starts with (`2026-05-02 Ada.md`), if it is one."""
    match = _FILE_DATE.match(name)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _nested_end(masked: list[str], index: int, indent: int) -> int:
    """The index of the last line nested under the list item at `index` (indented deeper)."""
    last = index
    for later in range(index + 1, len(masked)):
        line = masked[later]
        if not line.strip():
            continue
        spaces = line.expandtabs(4)
        if len(spaces) - len(spaces.lstrip(" ")) <= indent:
            break
        last = later
    return last


def _key_any_case(data: dict[str, Any], key: str) -> str:
    return next((k for k in data if k.lower() == key), key)


def _clip(text: str) -> str | None:
    text = text.strip()
    if len(text) > SUMMARY_CHARS:
        text = text[: SUMMARY_CHARS - 1].rstrip() + "…"
    return text or None


def _edited_block(path: str, line: int) -> Problem:
    return Problem(
        path,
        line,
        "E_OWNED_EDITED",
        "the vaultrel block was edited by hand (its content no longer matches its hash)",
        "move your text out of the block, or delete the block to regenerate it",
    )


def _interned(text: str | None) -> str | None:
    """One string per value that many notes share (a channel, a topic)."""
    return sys.intern(text) if text is not None else None
