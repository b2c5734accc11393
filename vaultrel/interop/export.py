"""`vaultrel export`: the people as vCards or CSV, and what I owe as a calendar feed or CSV
(read-only)."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from vaultrel.adapters import fs
from vaultrel.adapters.reader import read_bytes
from vaultrel.config import Config
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.model import Facts, Note
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
from vaultrel.interop.vcard4 import write_vcards4

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
    from vaultrel.engine import read_vault

    vault = read_vault(root, config)
    problems = [p for p in vault.problems if p.severity == "error"]
    people: list[tuple[Note, Contact, Facts]] = []
    for person in vault.graph.people():
        if person.path not in vault.on_disk or person.path not in vault.facts:
            continue  # a participant with no note yet
        try:
            text = decode(read_bytes(root, person.path)[0])
            front = read_front_matter(split_lines(text.text))
        except NoteError as exc:
            problems.append(exc.problem.at(person.path))
            continue
        contact = contact_from(person.title, front.data if front else {})
        people.append((person, contact, vault.facts[person.path]))
    return people, problems


def export_vcards(
    root: Path, config: Config, version: str = "3.0"
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Every person note as a vCard of `version` (3.0 or 4.0), sorted by name: (UID, card)."""
    people, problems = _people(root, config)
    write = write_vcards4 if version == "4.0" else write_vcards
    cards = [
        (uid, write([(uid, contact)]))
        for note, contact, _ in people
        if (uid := person_uid(note.path))
    ]
    return cards, problems


@dataclass
class VdirResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


_CARD_FILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.vcf")


def write_vdir(root: Path, folder: Path, cards: list[tuple[str, str]]) -> VdirResult:
    """One `<uuid>.vcf` per card in `folder` (a vdir, as khard and vdirsyncer read it): a card
    whose file holds the same bytes is not rewritten; a card file of a person no longer in the
    vault is removed, but only a file vaultrel wrote (its name a UUID, its card one with
    vaultrel's PRODID and that UID). Raises UsageError for a file the export may not replace."""
    result = VdirResult()
    wanted = {f"{uid.removeprefix('urn:uuid:')}.vcf": text.encode("utf-8") for uid, text in cards}
    for name in wanted:
        check_output(root, folder / name, "vcard")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in wanted.items():
        path = folder / name
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            result.unchanged.append(name)
            continue
        fs.replace_file(path, data)
        result.written.append(name)
    for path in sorted(folder.iterdir()):
        if path.name not in wanted and _written_by_vaultrel(path):
            path.unlink()
            result.removed.append(path.name)
    return result


def _written_by_vaultrel(path: Path) -> bool:
    if not _CARD_FILE.fullmatch(path.name) or path.is_symlink() or not path.is_file():
        return False
    data = path.read_bytes()
    uid = f"\r\nUID:urn:uuid:{path.stem}\r\n".encode()
    return (
        data.startswith(b"BEGIN:VCARD\r\n")
        and b"\r\nPRODID:-//vaultrel//EN\r\n" in data
        and uid in data
    )


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
    from vaultrel.engine import read_vault

    vault = read_vault(root, config)
    people = [
        (note, vault.facts[note.path]) for note in vault.graph.people() if note.path in vault.facts
    ]
    problems = [p for p in vault.problems if p.severity == "error"]
    return to_ical(events(people), stamp), problems
