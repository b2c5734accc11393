"""`vaultrel export`: the people as vCards, and what I owe as a calendar feed (read-only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vaultrel.adapters.reader import read_bytes
from vaultrel.config import Config
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.text import decode, split_lines
from vaultrel.errors import NoteError, Problem
from vaultrel.interop.calendar import events, to_ical
from vaultrel.interop.contacts import Contact, contact_from
from vaultrel.interop.vcard import person_uid, write_vcards


def export_vcards(root: Path, config: Config) -> tuple[str, list[Problem]]:
    """Every person note as a vCard 3.0, sorted by name; notes that cannot be read are
    reported and left out."""
    from vaultrel.engine import load_vault

    indexer, result = load_vault(root, config)
    assert indexer.graph is not None
    problems = [p for p in result.problems if p.severity == "error"]
    cards: list[tuple[str, Contact]] = []
    for person in indexer.graph.people():
        if person.path not in indexer.stats:
            continue  # a participant with no note yet
        try:
            text = decode(read_bytes(root, person.path)[0])
            front = read_front_matter(split_lines(text.text))
        except NoteError as exc:
            problems.append(exc.problem.at(person.path))
            continue
        cards.append(
            (person_uid(person.path), contact_from(person.title, front.data if front else {}))
        )
    return write_vcards(cards), problems


def export_ics(root: Path, config: Config, stamp: dt.datetime) -> tuple[bytes, list[Problem]]:
    """The calendar feed of the vault as it is now (DTSTAMP `stamp`)."""
    from vaultrel.engine import load_vault

    indexer, result = load_vault(root, config)
    assert indexer.graph is not None
    people = [
        (note.title, note.birthday, indexer.facts[note.path])
        for note in indexer.graph.people()
        if note.path in indexer.facts
    ]
    problems = [p for p in result.problems if p.severity == "error"]
    return to_ical(events(people), stamp), problems
