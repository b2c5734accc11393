"""`vaultrel export`: the people as vCards or CSV, and what I owe as a calendar feed or CSV
(read-only)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Literal

from vaultrel.adapters.reader import read_bytes
from vaultrel.config import Config
from vaultrel.core.derive import Facts
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.model import Note
from vaultrel.core.text import decode, split_lines
from vaultrel.errors import NoteError, Problem, UsageError
from vaultrel.interop.calendar import events, to_ical
from vaultrel.interop.contacts import Contact, contact_from
from vaultrel.interop.spreadsheet import (
    OBLIGATION_COLUMNS,
    PEOPLE_COLUMNS,
    obligations_csv,
    people_csv,
)
from vaultrel.interop.vcard import person_uid, write_vcards

Kind = Literal["vcard", "ics", "csv"]
# how an earlier export of each kind starts: the only files in the vault an export replaces
STARTS = {
    "vcard": (b"BEGIN:VCARD",),
    "ics": (b"BEGIN:VCALENDAR",),
    "csv": tuple(
        ",".join(columns[:3]).encode() for columns in (PEOPLE_COLUMNS, OBLIGATION_COLUMNS)
    ),
}


def check_output(root: Path, output: Path, kind: Kind) -> None:
    """Refuse an output file in the vault that is (or would be) a note, or is there and is not
    an earlier export of this kind: exporting writes no note and has no journal. Outside the
    vault, replacing a file is the user's choice. Raises UsageError."""
    target, vault = output.resolve(), root.resolve()  # a link is judged by where it leads
    if not target.is_relative_to(vault):
        return
    rel = target.relative_to(vault).as_posix()
    if target.suffix.lower() == ".md":
        what = "is a note" if target.exists() else "would be a note"
        raise _refused(rel, what, "exports never write notes")
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        earlier = stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, 64).removeprefix(
            b"\xef\xbb\xbf"
        ).startswith(STARTS[kind])
    finally:
        os.close(fd)
    if not earlier:
        raise _refused(rel, f"is not an earlier {kind} export", "it is not replaced")


def _refused(rel: str, what: str, why: str) -> UsageError:
    hint = "write the export to a new file, or to a folder outside the vault"
    return UsageError(Problem(rel, None, "E_EXISTS", f"{what}; {why}", hint))


def _people(root: Path, config: Config) -> tuple[list[tuple[Note, Contact, Facts]], list[Problem]]:
    """Every person note with a file, sorted by name, with its contact details and facts;
    notes that cannot be read are reported and left out."""
    from vaultrel.engine import load_vault

    indexer, result = load_vault(root, config)
    assert indexer.graph is not None
    problems = [p for p in result.problems if p.severity == "error"]
    people: list[tuple[Note, Contact, Facts]] = []
    for person in indexer.graph.people():
        if person.path not in indexer.stats or person.path not in indexer.facts:
            continue  # a participant with no note yet
        try:
            text = decode(read_bytes(root, person.path)[0])
            front = read_front_matter(split_lines(text.text))
        except NoteError as exc:
            problems.append(exc.problem.at(person.path))
            continue
        contact = contact_from(person.title, front.data if front else {})
        people.append((person, contact, indexer.facts[person.path]))
    return people, problems


def export_vcards(root: Path, config: Config) -> tuple[str, list[Problem]]:
    """Every person note as a vCard 3.0, sorted by name."""
    people, problems = _people(root, config)
    return write_vcards((person_uid(note.path), contact) for note, contact, _ in people), problems


def export_csv(
    root: Path, config: Config, obligations: bool, excel: bool
) -> tuple[bytes, list[Problem]]:
    """The people as CSV, one row each, or with `obligations` what is owed, one row each."""
    people, problems = _people(root, config)
    if not obligations:
        return people_csv(people, excel), problems
    owed = [
        (note.title, item) for note, _, facts in people for item in (*facts.owed, *facts.they_owe)
    ]
    return obligations_csv(owed, excel), problems


def export_ics(root: Path, config: Config, stamp: dt.datetime) -> tuple[bytes, list[Problem]]:
    """The calendar feed of the vault as it is now (DTSTAMP `stamp`)."""
    from vaultrel.engine import load_vault

    indexer, result = load_vault(root, config)
    assert indexer.graph is not None
    people = [
        (note, indexer.facts[note.path])
        for note in indexer.graph.people()
        if note.path in indexer.facts
    ]
    problems = [p for p in result.problems if p.severity == "error"]
    return to_ical(events(people), stamp), problems
