"""`vaultrel log`: a conversation logged as a line in the day's daily note (core.logline
composes it and says where it goes).

Takes no lock (DESIGN §5): the daily note goes through the writer's full recipe, journaled,
so a running `watch` sees the new line as a user edit. Anything wrong with the names or the
options is found before anything is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.reader import read_bytes
from vaultrel.adapters.templates import beside, line_ending, with_line_ending
from vaultrel.adapters.vault import daily_note_format, daily_note_settings
from vaultrel.adapters.writer import Write, Writer, check_path
from vaultrel.config import Config
from vaultrel.core.dailynames import daily_path, fill_daily_template
from vaultrel.core.logline import insert_log, logged_line, nested_items
from vaultrel.core.lookup import NOT_FOUND, ambiguous, find_person, plain
from vaultrel.core.model import Kind, Note
from vaultrel.core.notes import parse_note
from vaultrel.core.render import Renderer
from vaultrel.core.text import NoteText, decode
from vaultrel.errors import NoteError, Problem, UsageError

if TYPE_CHECKING:
    from vaultrel.engine import Reading

NESTED = "\t"  # Obsidian indents nested list items with a tab by default


@dataclass
class Logged:
    """What `log_conversation` did (or would do)."""

    path: str
    lines: list[str]
    created_from: str | None = None  # the daily note was created: from this template ("" none)
    people_created: list[str] = field(default_factory=list)  # or that would be
    problems: list[Problem] = field(default_factory=list)  # warnings: an unread date format


@dataclass(frozen=True, slots=True)
class Entry:
    """What to log: the people's names as typed, the text, and the options."""

    names: tuple[str, ...]
    text: str = ""
    channel: str | None = None
    owe: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    ask: tuple[str, ...] = ()


def log_conversation(
    root: Path, config: Config, entry: Entry, now: dt.datetime, create: bool, dry_run: bool
) -> Logged:
    """Append the logged line for `entry` (dated `now.date()`) to that day's daily note,
    creating the note from Obsidian's daily-note template when missing; with `create`, names
    that fit nobody become person notes first."""
    from vaultrel.create import check_name, new_person
    from vaultrel.engine import read_vault

    day = now.date()
    nested = nested_items(
        day, entry.owe, entry.waiting, entry.ask, config.obligations.waiting_tag, _ask_tag(config)
    )
    reading = read_vault(root, config)
    graph = reading.graph
    missing = list(dict.fromkeys(n.strip() for n in entry.names if not _find(n, graph.people())))
    if missing and not create:
        raise UsageError(*(_not_found(name, graph.people()) for name in missing))
    for name in missing:  # each new name checked before any is created
        check_name(name, "person")
    folder, template = daily_note_settings(root)
    fmt, unread = daily_note_format(root)
    path = daily_path(folder or config.log.folder, fmt, day)
    try:
        check_path(path)
    except NoteError as exc:
        raise UsageError(exc.problem) from None
    logged = Logged(path, [], problems=unread)
    # The daily note is made ready before any person is created: a refusal writes nothing.
    logged.lines = _lines(entry, reading, path, nested, config)
    write = _write(root, config, reading.on_disk, path, template, now, logged)
    if missing and dry_run:
        logged.people_created = [f"{config.folders.people}/{name}.md" for name in missing]
    elif missing:
        logged.people_created = [new_person(root, config, name, day) for name in missing]
        reading = read_vault(root, config)  # the new people, linkable
        logged.lines = _lines(entry, reading, path, nested, config)
        write = _write(root, config, reading.on_disk, path, template, now, logged)
    if not dry_run:
        writer = Writer(root, Journal(root, "log"))
        writer.write([write])
        if writer.problems:
            raise NoteError(*writer.problems)
    return logged


def _lines(
    entry: Entry, reading: Reading, path: str, nested: list[str], config: Config
) -> list[str]:
    """The logged line, linking each person once in the vault's link style (a person not
    created yet by name), and the nested items."""
    graph = reading.graph
    renderer = Renderer(graph, reading.facts, reading.layout, *reading.link_style)
    links = []
    for name in entry.names:
        person = _find(name, graph.people())
        links.append(renderer.link(person.path, path) if person else f"[[{name.strip()}]]")
    return [
        logged_line(list(dict.fromkeys(links)), entry.text, entry.channel, config.log.tags),
        *(NESTED + item for item in nested),
    ]


def _write(
    root: Path,
    config: Config,
    on_disk: Iterable[str],
    path: str,
    template: str,
    now: dt.datetime,
    logged: Logged,
) -> Write:
    """The daily note with the lines added: the note as it is, else made from the template."""
    heading = config.log.heading
    if os.path.lexists(root / path):
        try:
            data, st = read_bytes(root, path)
            note = decode(data)
            if (kind := parse_note(path, note, config.layout()).kind) is not Kind.PLAIN:
                raise UsageError(_not_daily(path, kind))
            text = insert_log(note.text, logged.lines, heading)
        except NoteError as exc:
            raise NoteError(exc.problem.at(path)) from None
        return Write(path, NoteText(text, note.bom).encode(), fs.Signature.of(st), data)
    source = _template(root, template) if template else ""
    title = path.rpartition("/")[2].removesuffix(".md")
    filled = fill_daily_template(source.replace("\r\n", "\n"), now, title)
    text = insert_log(filled, logged.lines, heading)
    folder = path.rpartition("/")[0]
    ending = line_ending(root, source, beside(on_disk, folder))
    logged.created_from = f"{template}.md" if template else ""
    return Write(path, with_line_ending(text, ending).encode(), None)


def _template(root: Path, template: str) -> str:
    path = f"{template}.md"
    try:
        check_path(path)
        return decode(read_bytes(root, path)[0]).text
    except NoteError as exc:
        raise UsageError(
            Problem(
                path,
                None,
                "E_LOG_TEMPLATE",
                f"the daily-note template cannot be read: {exc.problem.message}",
                "fix the template setting in Obsidian (Settings → Daily notes), or the file",
            )
        ) from None


def _find(name: str, people: list[Note]) -> Note | None:
    """The one person `name` fits, as `show` matches; None when it fits nobody. Several
    people are an error listing them."""
    match = find_person(name, people)
    if len(match.people) > 1:
        raise UsageError(ambiguous(name, match))
    return match.people[0] if match.people else None


def _not_found(name: str, people: list[Note]) -> Problem:
    """No person fits: the names closest to it, if any, are the candidates."""
    names: dict[str, str] = {}
    for person in people:
        for each in (person.title, *person.aliases):
            for key in (each, *each.split()):
                names.setdefault(plain(key), person.title)
    close = difflib.get_close_matches(plain(name.strip()), list(names), n=10, cutoff=0.6)
    candidates = list(dict.fromkeys(names[key] for key in close))[:5]
    message = NOT_FOUND
    if candidates:
        message += f"; did you mean {', '.join(candidates)}?"
    return Problem(
        name, None, "E_PERSON_NOT_FOUND", message, "use --new to create the person; nothing logged"
    )


def _not_daily(path: str, kind: Kind) -> Problem:
    return Problem(
        path,
        None,
        "E_LOG_NOT_DAILY",
        f"the daily note for this date is a {kind} note, where a line logs no conversation",
        "check the daily-note folder and format in Obsidian's settings",
    )


def _ask_tag(config: Config) -> str:
    return "ask" if "ask" in config.points.tags else config.points.tags[0]
