"""The library: `open_vault` reads a vault as it is now, `index` writes it back (DESIGN's
Python API). The command line is a thin layer over these; its `--json` output is the
`to_json()` of the values returned here."""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vaultrel.adapters import snapshot
from vaultrel.adapters.vault import Listing, find_root, list_vault, sweep_temps
from vaultrel.adapters.vaultstate import vault_key, vault_layout
from vaultrel.config import Config, load_config
from vaultrel.core.codec import (
    decode_facts,
    decode_note,
    decode_person,
    decode_problem,
    encode_facts,
    encode_note,
    encode_person,
    encode_problem,
)
from vaultrel.core.model import Facts, Layout, Note, title_of
from vaultrel.core.values import (
    AgendaItem,
    IndexSummary,
    Obligation,
    Person,
    Point,
    TimelineEntry,
)
from vaultrel.errors import Problem
from vaultrel.version import __version__

if TYPE_CHECKING:  # imported when used: a query on an unchanged vault is answered without
    from vaultrel.core.brief import Brief  # the index run, and each without the others' parts
    from vaultrel.engine import Mode, Progress, Reading

__all__ = [
    "AgendaItem",
    "Brief",
    "IndexSummary",
    "Obligation",
    "Person",
    "PersonNotFound",
    "Point",
    "Progress",
    "Vault",
    "index",
    "open_vault",
]


T = TypeVar("T")
SNAPSHOT_FORMAT = 6  # of `_stored`: a snapshot in another format is not used


def __getattr__(name: str) -> Any:
    """`Progress` (the type of `index`'s callback) and `Brief`, from their modules when first
    asked for."""
    if name == "Progress":
        from vaultrel.engine import Progress

        return Progress
    if name == "Brief":
        from vaultrel.core.brief import Brief

        return Brief
    raise AttributeError(f"module 'vaultrel.api' has no attribute {name!r}")


class PersonNotFound(LookupError):
    """No person, or several, fit a name; `candidates` are the several (empty when none)."""

    def __init__(self, problem: Problem, candidates: tuple[Person, ...] = ()) -> None:
        super().__init__(problem.render())
        self.problem = problem
        self.candidates = candidates


class _Entry:
    """A person as the queries need them: found by path, title and aliases; their note,
    derived facts and public value each decoded from the snapshot only when first asked for
    (`show` needs one person's, `people` only public values, `agenda` no public values)."""

    __slots__ = ("_facts", "_note", "_person", "_stored", "aliases", "path")

    def __init__(
        self,
        path: str,
        aliases: tuple[str, ...],
        note: Note | None = None,
        facts: Facts | None = None,
        person: Person | None = None,
        stored: tuple[snapshot.Blob, snapshot.Blob, snapshot.Blob] | None = None,
    ) -> None:
        self.path, self.aliases, self._stored = path, aliases, stored
        self._note, self._facts, self._person = note, facts, person

    @property
    def title(self) -> str:
        return title_of(self.path)

    @property
    def note(self) -> Note:
        if self._note is None:
            self._note = self._decoded(0, lambda data: decode_note(self.path, data))
        return self._note

    @property
    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = self._decoded(1, decode_facts)
        return self._facts

    @property
    def person(self) -> Person:
        if self._person is None:
            self._person = self._decoded(2, decode_person)
        return self._person

    def _decoded(self, blob: int, decode: Callable[[Any], T]) -> T:
        """A blob of the snapshot decoded; snapshot.Damaged when it is not what was saved."""
        assert self._stored is not None
        data = self._stored[blob].value()
        try:
            return decode(data)
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            raise snapshot.Damaged(str(exc)) from exc


@dataclass(frozen=True)
class Vault:
    """A vault as it was read: every person with their derived facts, and every problem
    `vaultrel check` reports. Nothing in it changes after `open_vault` returns."""

    root: Path
    config: Config = field(repr=False)
    layout: Layout = field(repr=False)  # the settings its notes are read with
    notes: int  # every note, and the person notes `index` would create
    problems: tuple[Problem, ...]
    _entries: tuple[_Entry, ...] = field(repr=False)
    _reading: Reading | None = field(default=None, repr=False, compare=False)

    def people(self) -> list[Person]:
        """Everyone, by name."""
        try:
            return [entry.person for entry in self._entries]
        except snapshot.Damaged:
            return self._read_again.people()

    def person(self, name: str) -> Person:
        """The person `name` fits (a name, alias or path, or the start of a name or alias, in
        any case and with or without accents); PersonNotFound (a LookupError) lists the
        candidates when it fits several people, and when it fits none."""
        try:
            return self._person(name)
        except snapshot.Damaged:
            return self._read_again.person(name)

    def _person(self, name: str) -> Person:
        from vaultrel.core.lookup import NOT_FOUND, ambiguous, find_person  # only `show`, `brief`

        match = find_person(name, self._entries)
        if len(match.people) == 1:
            return match.people[0].person  # the others' are not decoded
        if match.people:
            candidates = tuple(entry.person for entry in match.people)
            raise PersonNotFound(ambiguous(name, match), candidates)
        hint = "`vaultrel people` lists them"
        raise PersonNotFound(Problem(name, None, "E_PERSON_NOT_FOUND", NOT_FOUND, hint))

    def agenda(self, today: dt.date | None = None, days: int = 7) -> list[AgendaItem]:
        """What is overdue or due within `days` of `today` (default: today's date)."""
        from vaultrel.core.agenda import agenda

        day = today or dt.date.today()
        try:
            return agenda(((entry.note, entry.facts) for entry in self._entries), day, days)
        except snapshot.Damaged:
            return self._read_again.agenda(day, days)

    def brief(self, name: str, today: dt.date | None = None) -> Brief:
        """What to have in mind before meeting the person `name` fits (found as `person`
        finds them) on `today` (default: today's date). Reads their last conversation's note
        and the notes that mention them since they last spoke."""
        from vaultrel.brief import read_brief

        return read_brief(self.root, self.layout, self.person(name), today or dt.date.today())

    @cached_property
    def _read_again(self) -> Vault:
        """The vault read from its notes, for a snapshot found damaged while answering (a
        sound one is saved in its place)."""
        return _read(self.root, self.config, self.reading)

    @cached_property
    def reading(self) -> Reading:
        """The whole vault resolved (every note, link and fact), for the commands that need
        more than its people (site, export, import, new): the vault as it is when first
        asked for, unless `open_vault` read it whole anyway."""
        from vaultrel.engine import read_vault

        return self._reading or read_vault(self.root, self.config)


def open_vault(path: str | os.PathLike[str]) -> Vault:
    """The vault at `path` as it is now; writes no note and takes no lock. An unchanged vault
    is answered from `.vaultrel/` (kept up to date by every read, never so that a following
    `index` with nothing to do loses its fast path)."""
    root = find_root(os.fspath(path), Path.cwd())
    config = load_config(root)
    listing = list_vault(root, config)
    layout, _ = vault_layout(root, config)
    key = f"{__version__}:{SNAPSHOT_FORMAT}:{vault_key(root, config, layout, listing)}"
    stored = snapshot.load(root, key)
    if stored is not None:
        try:
            return _recalled(root, config, layout, *stored)
        except (ValueError, TypeError, IndexError, KeyError):
            pass  # an unreadable snapshot is only a cache: read the vault
    return _read(root, config, None, listing)


def _read(
    root: Path, config: Config, reading: Reading | None, listing: Listing | None = None
) -> Vault:
    """The vault from its notes (or from `reading`), its snapshot saved for the next query."""
    if reading is None:
        from vaultrel.engine import read_vault

        reading = read_vault(root, config, listing)
    vault = _from_reading(root, config, reading)
    if reading.key is not None:
        snapshot.save(root, f"{__version__}:{SNAPSHOT_FORMAT}:{reading.key}", *_stored(vault))
    return vault


def index(
    path: str | os.PathLike[str],
    dry_run: bool = False,
    check: bool = False,
    progress: Progress | None = None,
) -> IndexSummary:
    """Index the vault at `path` and write back (takes the vault's lock); with `dry_run` or
    `check`, write nothing and say what would be written."""
    from vaultrel.adapters.lock import VaultLock  # here: the queries need neither
    from vaultrel.adapters.store import Store, clean_summary, fingerprint

    started = time.perf_counter()
    root = find_root(os.fspath(path), Path.cwd())
    config = load_config(root)
    mode: Mode = "check" if check else "dry_run" if dry_run else "write"
    with VaultLock(root, "index").held() if mode == "write" else contextlib.nullcontext():
        listing = list_vault(root, config)
        layout, _ = vault_layout(root, config)
        meta = Store(root, fingerprint(layout)).meta
        unchanged = clean_summary(meta, lambda: vault_key(root, config, layout, listing))
        if unchanged is not None:  # answered without importing the index run
            if mode == "write":
                sweep_temps(root, listing.temps)
            notes, people, conversations, problems = unchanged
            seconds = round(time.perf_counter() - started, 3)
            found = tuple(problems)
            return IndexSummary(notes, people, conversations, (), (), notes, found, seconds)
        from vaultrel.engine import index_listed

        result = index_listed(root, config, mode, progress, listing)
    return IndexSummary(
        notes=result.notes,
        people=result.people,
        conversations=result.conversations,
        written=tuple(result.written),
        created=tuple(result.created),
        unchanged=result.unchanged,
        problems=tuple(result.problems),
        seconds=result.seconds,
    )


def _from_reading(root: Path, config: Config, reading: Reading) -> Vault:
    graph = reading.graph
    entries = []
    for note in graph.people():
        facts = reading.facts[note.path]
        timeline = tuple(
            TimelineEntry(
                date=(c := graph.conversation(id)).date,
                path=c.path,
                line=c.line,
                thread=graph.thread_root(id),
                channel=c.channel,
                summary=c.summary,
                topics=tuple(c.topics),
                planned=c.status == "planned",
            )
            for id in facts.timeline
        )
        ids = graph.conversations_of.get(note.path, ())
        counted = sum(1 for id in ids if graph.conversation(id).counts)
        person = Person.of(note, facts, timeline, counted)
        entries.append(_Entry(note.path, tuple(note.aliases), note, facts, person))
    from vaultrel.core.checks import vault_checks  # with the index run: not for a recalled vault

    planned = [path for path in graph.notes if path not in reading.on_disk]
    found = vault_checks(graph, planned, reading.listing.artifacts)
    problems = tuple(sorted(set(reading.problems) | set(found), key=Problem.sort_key))
    return Vault(root, config, reading.layout, reading.notes, problems, tuple(entries), reading)


def _stored(vault: Vault) -> tuple[tuple[object, ...], list[bytes]]:
    """The vault's people and problems as plain tuples (see adapters/snapshot.py), and three
    blobs per person, their note, facts and public value marshalled apart: a query decodes
    only what it uses."""
    people = tuple((e.path, e.aliases) for e in vault._entries)
    blobs = [
        marshal.dumps(encoded)
        for e in vault._entries
        for encoded in (encode_note(e.note), encode_facts(e.facts), encode_person(e.person))
    ]
    problems = tuple((p.path, encode_problem(p)) for p in vault.problems)
    return (vault.notes, problems, people), blobs


def _recalled(
    root: Path, config: Config, layout: Layout, stored: tuple[Any, ...], blobs: list[snapshot.Blob]
) -> Vault:
    notes, problems, people = stored
    if len(blobs) != 3 * len(people):
        raise ValueError("a snapshot with blobs missing")
    entries = tuple(
        _Entry(path, aliases, stored=(blobs[3 * i], blobs[3 * i + 1], blobs[3 * i + 2]))
        for i, (path, aliases) in enumerate(people)
    )
    decoded = tuple(decode_problem(path, data) for path, data in problems)
    return Vault(root, config, layout, notes, decoded, entries)
