"""The index run: list → read or recall → parse → resolve → derive → render → splice → write.

`index_vault` runs it (`vaultrel.index` and `vaultrel index` call it); `read_vault` runs it
without writing, for the read-only commands. Unchanged notes come from the index store instead
of being read and parsed again, and a vault in which nothing changed since a run that left it
up to date is answered from the store alone. The resident session of `vaultrel watch`, which
keeps the vault in memory after a run, is vaultrel/session.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import marshal
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from vaultrel.adapters import fs
from vaultrel.adapters.cores import map_on_cores
from vaultrel.adapters.fs import StatKey, stat_key
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.lock import VaultLock
from vaultrel.adapters.reader import read_bytes, read_notes
from vaultrel.adapters.store import Store, Summary, clean_meta, clean_summary, fingerprint
from vaultrel.adapters.templates import (
    fill,
    line_ending,
    load_template,
    refuse_unreadable,
    with_line_ending,
)
from vaultrel.adapters.vault import (
    Listing,
    list_vault,
    sweep_temps,
    template_folders,
)
from vaultrel.adapters.vaultstate import link_style, state_digest, vault_layout
from vaultrel.adapters.writer import Write, Writer, changed_error, check_path
from vaultrel.config import Config, load_config
from vaultrel.core.codec import decode_note, decode_problem, encode_note, encode_problem
from vaultrel.core.derive import derive
from vaultrel.core.graph import Graph, build_graph, update_graph
from vaultrel.core.markers import content_digest, marker_hash
from vaultrel.core.model import Facts, Kind, Layout, Note
from vaultrel.core.notes import parse_note
from vaultrel.core.people import missing_people
from vaultrel.core.render import Renderer, owned_line
from vaultrel.core.splice import splice, user_text
from vaultrel.core.text import NoteText, decode
from vaultrel.errors import NoteError, Problem, note_error, warning

Progress = Callable[[int, int], None]  # called with (notes read, notes in all) as a run reads
Mode = Literal["write", "dry_run", "check", "read"]  # read: resolve and derive, render nothing
GUARD_PARALLEL_FROM = 1000  # notes to check before worker processes pay off
WRITE_CHUNK = 2000  # notes rendered, checked and written at a time: bounds the texts held


@dataclass
class IndexResult:
    """What an index run saw and did (DESIGN §5.1 "Index summary"); for an update of a
    watched vault, also what others changed and what waits for its quiet period."""

    notes: int = 0
    people: int = 0
    conversations: int = 0
    written: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # notes edited, added or removed by others
    deferred: list[str] = field(default_factory=list)  # to write once quiet (RELIABILITY R1)

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


def index_vault(
    root: Path,
    config: Config | None = None,
    mode: Mode = "write",
    progress: Progress | None = None,
) -> IndexResult:
    """Index the vault at `root` and write back (or, in dry_run/check, only say what would be).
    Writing takes the vault's lock (E_LOCKED while `vaultrel watch` runs)."""
    indexer = Indexer(root, config or load_config(root), progress)
    if mode != "write":
        return indexer.run(mode)
    with VaultLock(root, "index").held():
        return indexer.run(mode)


def index_listed(
    root: Path, config: Config, mode: Mode, progress: Progress | None, listing: Listing
) -> IndexResult:
    """`index_vault` for a caller that listed the vault, holding its lock when writing."""
    return Indexer(root, config, progress).run(mode, listing=listing)


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Notes form a large heap without cycles: while it grows, or while work beside it makes
    many short-lived objects, the cyclic collector would walk it again and again (a fifth of a
    cold index) and free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def hold_nothing(path: str) -> bool:
    """The `hold` of a run that holds no note back (every note may be written)."""
    return False


class Indexer:
    """The vault as vaultrel last saw it: notes, their stats and texts, links and facts.

    `run` indexes the whole vault. After `run(resident=True)`, `update` brings it up to date
    with a few changed paths: it re-reads only those, and renders and writes only the notes
    whose generated content they can change.
    """

    def __init__(
        self,
        root: Path,
        config: Config,
        progress: Progress | None = None,
        command: str = "index",
    ) -> None:
        self.root = root
        self.config = config
        self.layout, daily_problems = vault_layout(root, config)
        self.link_style = link_style(root, config)
        self.progress = progress or (lambda done, total: None)
        self.store = Store(root, fingerprint(self.layout))
        self.journal = Journal(root, command)
        self.listing = Listing()
        self.notes: dict[str, Note] = {}
        self.stats: dict[str, fs.Signature] = {}
        self.ticks = fs.Ticks()  # each file system's timestamp granularity
        self.racy: dict[str, str] = {}  # note → SHA-256 of its bytes, while its stat is racy
        self.texts: dict[str, NoteText] = {}
        self.graph: Graph | None = None
        self.facts: dict[str, Facts] = {}
        self.resident = False  # kept in memory for updates (see `run`)
        self.own_writes: dict[str, str] = {}  # path → SHA-256 of the bytes vaultrel wrote there
        self.pending: set[str] = set()  # notes held back by an update, to render again
        self.last_changed: set[str] = set()  # what the update running now found changed
        self.deferred_people: set[str] = set()  # person notes not created yet (held sources)
        self.creating: set[str] = set()  # person notes created in memory, maybe not written yet
        self.renamed: dict[str, str] = {}  # person notes renamed outside Obsidian: old → new path
        self.waiting_sources: set[str] = set()  # the held notes that name them
        self.rewritten: dict[str, Note] = {}  # parse results of the texts about to be written
        self.suspect: set[str] = set()  # notes emptied since the last run (B25)
        self.unread: set[str] = set()  # notes that could not be read at all (E_IO, links)
        self.problems: list[Problem] = daily_problems
        self.listed_at = 0
        self.keep_store = False

    # whole vault -------------------------------------------------------------------------

    def run(
        self, mode: Mode = "write", resident: bool = False, listing: Listing | None = None
    ) -> IndexResult:
        """Index the whole vault (as `listing` found it, else as listed now). `resident` keeps
        every note in memory for `update` (a clean vault is then read from the store, not
        answered by its summary)."""
        started = time.perf_counter()
        self.resident = resident
        with without_cyclic_gc():
            if listing is None:
                listing = list_vault(self.root, self.config)
            result = self._run(mode, listing)
            if self.resident and self.graph is not None:
                self.graph.naming()  # built now rather than by the first update
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _run(self, mode: Mode, listing: Listing) -> IndexResult:
        self.listing, self.listed_at = listing, listing.taken_ns
        self.stats = dict(self.listing.stats)
        if mode == "write":
            sweep_temps(self.root, self.listing.temps)
        if not self.resident and (summary := clean_summary(self.store.meta, self._digest)):
            return _stored_summary(summary)
        if mode == "read":  # a store that answers a no-op index stays as it is
            self.keep_store = clean_summary(self.store.meta, self._digest) is not None
        self.ticks.learn(self.stats.values())
        self.problems += self.listing.problems
        self._read_all(self.listing.notes)
        graph = self._build_graph(hold_nothing)
        self.problems += graph.problems
        result, clean = IndexResult(), True
        targets = sorted(path for path, n in self.notes.items() if n.kind is not Kind.PLAIN)
        if mode == "read":
            targets, clean = [], False
        for start in range(0, len(targets), WRITE_CHUNK):
            chunk = targets[start : start + WRITE_CHUNK]
            clean = self._write_chunk(graph, chunk, mode, result) and clean
        self._count(result)
        result.unchanged = result.notes - len(result.written)
        result.problems = sorted(set(self.problems), key=Problem.sort_key)
        self.save(result, clean)
        return result

    def _write_chunk(self, graph: Graph, chunk: list[str], mode: Mode, result: IndexResult) -> bool:
        """Render the notes of `chunk` and write them (count them, when not writing); True if
        every note that needed it was written. Their texts and bytes are let go on return."""
        writes = self._render(graph, set(chunk))
        for path in chunk:
            self.texts.pop(path, None)
        done = self._write(writes) if mode == "write" else {w.path for w in writes}
        self._tally(result, writes, done)
        return not writes or (mode == "write" and len(done) == len(writes))

    def _count(self, result: IndexResult) -> None:
        result.notes = len(self.notes) - len(result.created)
        result.people = sum(1 for n in self.notes.values() if n.kind is Kind.PERSON)
        result.conversations = sum(1 for n in self.notes.values() if n.kind is Kind.CONVERSATION)

    @staticmethod
    def _tally(result: IndexResult, writes: list[Write], done: set[str]) -> None:
        """Add the notes of `writes` that were written (or, in a dry run, would be)."""
        result.created += (w.path for w in writes if w.expected is None and w.path in done)
        result.written += (w.path for w in writes if w.expected is not None and w.path in done)

    # reading -----------------------------------------------------------------------------

    def _read_all(self, paths: list[str]) -> None:
        """Recall unchanged notes from the store; read and parse the others. Their texts are
        not kept (a 100k-note vault's take 100 MB and more): a note is read again to be written."""
        stats = {path: stat_key(st) for path in paths if (st := self.stats.get(path))}
        stored = self.store.recall(stats)
        missing = []
        for path in paths:
            cached = stored.get(path)
            if cached is None:
                missing.append(path)
            else:
                self.notes[path] = cached
                self.problems += cached.problems
        self.progress(len(paths) - len(missing), len(paths))
        recalled = len(paths) - len(missing)
        report = lambda done: self.progress(recalled + done, len(paths))  # noqa: E731
        hash_from = self.listed_at - fs.COARSE_NS  # the notes whose stat may be racy
        for read in read_notes(self.root, missing, self.layout, report, hash_from):
            self.notes[read.path] = read.note
            if read.stat is None:  # not read at all: nothing to cache (read again next run)
                self.unread.add(read.path)
            elif read.stat.size == 0 and (self.store.recorded_size(read.path) or 0) > 0:
                self._suspect_truncation(read.path)
                continue
            else:
                self._signed(read.path, read.stat, read.digest)
            self.problems += read.note.problems

    def _suspect_truncation(self, path: str) -> None:
        """An empty note that had content at the last run: a sync glitch or an offloaded
        file, more likely than a deliberate edit (RELIABILITY B25). Not written; its last
        stored state is kept, so the next run asks again."""
        self.problems.append(
            Problem(
                path,
                None,
                "E_SUSPECT_TRUNCATION",
                "note is empty, but had content when vaultrel last read it",
                "restore it from your sync tool or backup; if it is meant to be empty, delete "
                ".vaultrel/ to accept it",
            )
        )
        self.notes[path] = replace(self.notes[path], writable=False)
        self.suspect.add(path)

    def _signed(self, path: str, signature: fs.Signature, digest: str | None) -> None:
        """Keep the signature a note was read or written under; while it is racy (within a
        timestamp tick of when it was taken, RELIABILITY R2), also its bytes' SHA-256."""
        self.stats[path] = signature
        if self.ticks.racy(signature, self.listed_at):
            self.racy[path] = digest or ""  # no digest: matches no bytes, so read again
        else:
            self.racy.pop(path, None)

    def _text_for_write(self, path: str) -> NoteText:
        """The note's text as it was when its cached parse result was made: read again when
        not kept, or when its signature is racy (a save in the same tick keeps it), and
        compared with what was read (R2)."""
        digest = self.racy.get(path)
        if path not in self.texts or digest is not None:
            data, st = read_bytes(self.root, path)
            stale = digest is not None and sha256_hex(data) != digest
            if stale or fs.Signature.of(st) != self.stats[path]:
                raise changed_error()
            self.texts[path] = decode(data)
        return self.texts[path]

    # resolving and creating --------------------------------------------------------------

    def _build_graph(self, hold: Callable[[str], bool]) -> Graph:
        """Resolve every link and derive every person's facts."""
        graph = build_graph(self.notes.values(), self.listing.attachments)
        if created := self._create_people(graph, hold):
            update_graph(graph, created)
        self.graph, self.facts = graph, derive(graph)
        return graph

    def _create_people(self, graph: Graph, hold: Callable[[str], bool]) -> dict[str, Note]:
        """Create the person notes participants lack, except for participants named only in
        held notes (recorded as deferred). Returns the new notes, not yet in `graph`."""
        ready = {t: refs for t, refs in graph.missing.items() if not any(hold(s) for s, _ in refs)}
        waiting = {t: refs for t, refs in graph.missing.items() if t not in ready}
        self.waiting_sources = {source for refs in waiting.values() for source, _ in refs}
        self.deferred_people = {f"{self.config.folders.people}/{t}.md" for t in waiting}
        created = self._create_missing_people(replace(graph, missing=ready)) if ready else []
        return {path: self.notes[path] for path in created}

    def _create_missing_people(self, graph: Graph) -> list[str]:
        """Person notes for participants who have none (DESIGN §4), from the person template."""
        listing = self.listing
        existing = [*self.notes, *listing.attachments, *listing.artifacts]
        plans, problems = missing_people(
            graph, existing, self.config.folders.people, listing.folders
        )
        self.problems += problems
        self.renamed = {}
        plans = [plan for plan in plans if not self._renamed_outside(plan.path, plan.name)]
        if not plans:
            return []
        template = load_template("person", self.root, template_folders(self.root, self.config))
        for plan in plans:
            values = {"name": plan.name, "title": plan.name, "date": plan.date or ""}
            ending = line_ending(self.root, template, plan.sources)
            text = NoteText(with_line_ending(fill(template, values), ending), bom=False)
            try:
                note = refuse_unreadable(plan.path, text, self.layout)
            except NoteError as exc:  # the vault's own template is broken: told, not written
                self.problems.append(exc.problem)
                note = parse_note(plan.path, text, self.layout)
            self.texts[plan.path] = text
            self.notes[plan.path] = replace(note, kind=Kind.PERSON)
        self.creating.update(plan.path for plan in plans)
        return [plan.path for plan in plans]

    def _renamed_outside(self, path: str, name: str) -> bool:
        """Whether the person note that was at `path` was renamed outside Obsidian, so that
        links still name it: reported, and not created again, for the person has a note
        (DESIGN §6: a renamed person keeps their history)."""
        new = self._renamed_to(path)
        if new is None:
            return False
        self.renamed[path] = new
        self.problems.append(
            warning(
                path,
                None,
                "W_RENAMED_OUTSIDE",
                f"was renamed to {new} outside Obsidian: links still name [[{name}]]",
                "move it back, then rename it with Obsidian (which rewrites the links) or with "
                "`vaultrel mv`",
            )
        )
        return True

    def _renamed_to(self, path: str) -> str | None:
        """The person note that the note last stored at `path` now is: the same file, unchanged,
        under another name (a plain `mv` keeps the inode, size and mtime), or one an earlier
        run found so."""
        known = None
        if data := self.store.meta.get("renamed"):
            with contextlib.suppress(ValueError, TypeError, EOFError):  # only a cache
                known = dict(marshal.loads(data)).get(path)
        key = self.store.recorded(path)
        if known is None and key is None:  # nothing was stored at `path`
            return None
        for other, st in sorted(self.stats.items()):
            note = self.notes.get(other)
            if note is None or note.kind is not Kind.PERSON:
                continue
            if other == known or (key is not None and _same_file(stat_key(st), key)):
                return other
        return None

    # rendering and writing ---------------------------------------------------------------

    def _render(self, graph: Graph, only: set[str] | None = None) -> list[Write]:
        """New bytes for every note (or those in `only`) whose generated content changes."""
        renderer = Renderer(graph, self.facts, self.layout, *self.link_style)
        spliced: dict[str, tuple[NoteText, NoteText, Note]] = {}
        for path in sorted(self.notes if only is None else only & self.notes.keys()):
            note = self.notes[path]
            if note.kind is Kind.PLAIN:
                continue
            block = renderer.block(note)
            owned = renderer.owned_values(note) if note.kind is Kind.PERSON else None
            created = path not in self.stats
            if not note.writable or (not created and _up_to_date(note, block, owned)):
                continue
            if not created and (unportable := _unportable(path)):
                self.problems.append(unportable)
                continue
            try:
                old = self._text_for_write(path)
                new = splice(old, owned, block, note.regions)
            except NoteError as exc:
                self.problems.append(exc.problem.at(path))
                continue
            if created or new != old:
                spliced[path] = (old, new, note)
        writes = []
        for path, checked in self._guard_all(spliced):
            if isinstance(checked, Problem):
                self.problems.append(checked)
                continue
            self.rewritten[path] = checked
            expected = self.stats.get(path)  # None for a note this run creates
            old, new, _ = spliced[path]
            before = old.encode() if expected is not None else None
            writes.append(Write(path, new.encode(), expected, before))
        self.problems += (
            warning(
                path,
                None,
                "W_SANITIZED",
                "control or bidi characters from the notes were left out of the block",
                "remove them from the note they come from",
            )
            for path in renderer.sanitized
        )
        return sorted(writes, key=lambda write: write.path)

    def _guard_all(
        self, spliced: dict[str, tuple[NoteText, NoteText, Note]]
    ) -> Iterator[tuple[str, Note | Problem]]:
        """R4 for every spliced note, on every core when there are many."""
        layout = self.layout
        jobs = sorted(spliced.items())

        def check(job: tuple[str, tuple[NoteText, NoteText, Note]]) -> tuple[str, Note | Problem]:
            path, (old, new, note) = job
            try:
                return path, _guard(path, old, new, note, layout)
            except NoteError as exc:
                return path, exc.problem.at(path)

        def pack(job: tuple[str, tuple[NoteText, NoteText, Note]]) -> tuple[Any, ...]:
            path, checked = check(job)
            if isinstance(checked, Problem):
                return path, None, encode_problem(checked)
            return path, encode_note(checked), None

        def unpack(packed: tuple[Any, ...]) -> tuple[str, Note | Problem]:
            path, note, problem = packed
            return path, decode_note(path, note) if note else decode_problem(path, problem)

        return map_on_cores(jobs, check, pack, unpack, GUARD_PARALLEL_FROM)

    def _write(self, writes: list[Write]) -> set[str]:
        """Write the notes; returns the paths written."""
        writer = Writer(self.root, self.journal)
        writer.write(writes)
        self.problems += writer.problems
        for write in writes:
            if write.path in writer.written:
                digest = sha256_hex(write.data)
                self._signed(write.path, writer.written[write.path], digest)
                self.notes[write.path] = self.rewritten[write.path]
                if self.graph is not None and write.path in self.graph.notes:
                    self.graph.notes[write.path] = self.rewritten[write.path]
                self.texts.pop(write.path, None)  # re-read if it is ever written again
                if self.resident:
                    self.own_writes[write.path] = digest
        return set(writer.written)

    # the store ---------------------------------------------------------------------------

    def _digest(self) -> str:
        return state_digest(self.layout, self.link_style, self.stats, self.listing.attachments)

    def state_key(self, racy_ok: bool = False) -> str | None:
        """The digest of what the output depends on, or None when a note's signature is racy,
        suspect or unread (then the vault may change unseen within a tick: RELIABILITY R2)."""
        if not racy_ok and (self.suspect or self.unread or self._racy_paths()):
            return None
        return self._digest()

    def _racy_paths(self) -> set[str]:
        """The notes whose signature is racy: within a timestamp tick of when it was taken
        (RELIABILITY R2), or read with a digest to compare the next time."""
        return {
            path
            for path, st in self.stats.items()
            if path in self.notes and (path in self.racy or self.ticks.racy(st, self.listed_at))
        }

    def save(self, result: IndexResult | None = None, clean: bool = False) -> None:
        """Keep the parse results for next time (only in vaults vaultrel writes to); `clean`
        when the run left every note up to date, with `result` as its summary.

        A note whose signature is racy (RELIABILITY R2: its mtime within a timestamp tick of
        when it was taken, as for every note vaultrel just wrote) may change again within the
        same tick, unseen: it is stored unusable, and the vault not clean.
        """
        if self.keep_store:
            return
        if not self.store.path.exists() and all(n.kind is Kind.PLAIN for n in self.notes.values()):
            return
        racy = self._racy_paths()
        uncached = self.suspect | self.unread
        entries = (  # a generator: 100k entries held at once cost 20 MB
            (path, _unusable(stat_key(st)) if path in racy else stat_key(st), self.notes[path])
            for path in sorted(self.notes)
            if (st := self.stats.get(path)) is not None and path not in uncached
        )
        meta = {}
        if result is not None and clean and not racy - self.suspect and not self.unread:
            notes = result.notes + len(result.created)
            summary = (notes, result.people, result.conversations, result.problems)
            meta = clean_meta(self._digest(), summary)
        if self.renamed:  # told again by the next runs, whatever vaultrel writes meanwhile
            meta["renamed"] = marshal.dumps(sorted(self.renamed.items()), 2)
        with contextlib.suppress(OSError):  # only a cache: the next run reads the notes
            self.store.save(entries, meta, keep=self.suspect)


def _same_file(now: StatKey, stored: StatKey) -> bool:
    """Whether a note listed now is the file stored under another name: a plain `mv` keeps the
    inode, the size and the mtime. The mtime of a note written within a timestamp tick of the
    last run is not stored (-1, RELIABILITY R2): then the inode and size decide."""
    size, mtime_ns, inode, _ = stored
    return (now[0], now[2]) == (size, inode) and mtime_ns in (-1, now[1])


def _unusable(key: StatKey) -> StatKey:
    """A stat key no file has (mtime -1), keeping the size (B25 compares with it)."""
    size, _, inode, ctime_ns = key
    return (size, -1, inode, ctime_ns)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_summary(summary: Summary) -> IndexResult:
    notes, people, conversations, problems = summary
    return IndexResult(notes, people, conversations, unchanged=notes, problems=problems)


def _unportable(path: str) -> Problem | None:
    """A warning for an existing note whose name vaultrel will not write (RELIABILITY B41)."""
    try:
        check_path(path)
    except NoteError as exc:
        return warning(
            path,
            None,
            "W_PATH_UNPORTABLE",
            exc.problem.message,
            "rename the note to a portable name so vaultrel can update it",
        )
    return None


def _up_to_date(note: Note, block: str | None, owned: dict[str, dt.date | None] | None) -> bool:
    if (note.block is None) != (block is None):
        return False
    if note.block is not None and block is not None:
        digest = content_digest(block)
        if note.block.digest != digest or note.block.hash != marker_hash(digest):
            return False
    if owned is None:
        return True
    wanted = {key: owned_line(key, value) for key, value in owned.items() if value}
    return dict(note.owned) == wanted


def _guard(path: str, old: NoteText, new: NoteText, note: Note, layout: Layout) -> Note:
    """R4: the new text parses cleanly and changes nothing outside the owned regions.
    Returns the new text's parse result."""
    keys = layout.owned_keys
    reparsed = parse_note(path, new, layout)
    broken = any(p.code.startswith(("E_MARKER", "E_OWNED", "E_FM")) for p in reparsed.problems)
    if (
        broken
        or reparsed.regions is None
        or user_text(old, keys, note.regions) != user_text(new, keys, reparsed.regions)
    ):
        raise note_error(
            "E_INTERNAL_GUARD",
            "vaultrel's own output failed its safety check; nothing was written",
            "please report this with the note's text",
        )
    return reparsed


@dataclass(frozen=True)
class Reading:
    """The vault as it is now, links resolved and facts derived, nothing written: what the
    read-only commands see. Person notes `vaultrel index` would create are in the graph, not
    in `on_disk`. `key` names this state of the vault (None while a note's stat is racy: then
    nothing read now may be kept for later)."""

    root: Path
    graph: Graph
    facts: Mapping[str, Facts]
    on_disk: frozenset[str]
    listing: Listing
    texts: Mapping[str, NoteText]  # the notes read now (those recalled from the store: none)
    problems: tuple[Problem, ...]
    notes: int
    key: str | None
    layout: Layout
    link_style: tuple[bool, str]  # Markdown links or wikilinks, and Obsidian's path style


def read_vault(root: Path, config: Config, listing: Listing | None = None) -> Reading:
    """Every note read (through the store), links resolved and facts derived; no lock taken,
    no note written. The store is refreshed only when a note changed since it was saved, so
    that a following no-op `vaultrel index` keeps its fast path. `listing`: the vault as the
    caller just listed it, if it did."""
    indexer = Indexer(root, config, command="read")
    result = indexer.run("read", resident=True, listing=listing)
    assert indexer.graph is not None
    return Reading(
        root=root,
        graph=indexer.graph,
        facts=MappingProxyType(indexer.facts),
        on_disk=frozenset(indexer.stats),
        listing=indexer.listing,
        texts=MappingProxyType(indexer.texts),
        problems=tuple(result.problems),
        notes=result.notes,
        key=indexer.state_key(),
        layout=indexer.layout,
        link_style=indexer.link_style,
    )
