"""The resident watch session: the vault held in memory after a first index, brought up to date
with a few changed paths at a time (what `vaultrel watch` runs for each debounced batch).

An update re-reads only the notes whose files changed, resolves and derives again only what
they can change, and renders and writes only the notes whose generated content changes. It
returns an `Update`: what it saw and did, and what it holds back for the next one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.reader import read_note
from vaultrel.adapters.vault import is_listed, list_vault
from vaultrel.config import Config
from vaultrel.core.derive import derive
from vaultrel.core.graph import Graph, update_graph
from vaultrel.core.resolve import fold
from vaultrel.engine import Indexer, IndexResult, hold_nothing, without_cyclic_gc
from vaultrel.errors import Problem


@dataclass(frozen=True)
class Update:
    """What the first index or one update saw and did. `changed`: notes others edited, added or
    removed; `deferred`: notes to write once quiet (RELIABILITY R1); `pending`: the notes held
    back, rendered again by the next update; `skipped`: the folders the vault's listing skips
    (events there concern no note)."""

    notes: int
    people: int
    written: tuple[str, ...]
    created: tuple[str, ...]
    changed: tuple[str, ...]
    deferred: tuple[str, ...]
    problems: tuple[Problem, ...]
    seconds: float
    pending: frozenset[str]
    skipped: frozenset[str]


class Session(Indexer):
    """One vault kept in memory between updates; `start` indexes it, `close` keeps the store."""

    def __init__(self, root: Path, config: Config) -> None:
        super().__init__(root, config, command="watch")

    def start(self) -> Update:
        """Index the whole vault and keep it in memory."""
        return self._value(self.run("write", resident=True))

    def close(self) -> None:
        """Keep the parse results for the next run."""
        self.save()

    def update(
        self,
        paths: Iterable[str],
        relist: bool = False,
        hold: Callable[[str], bool] = hold_nothing,
        hold_changed: bool = False,
    ) -> Update:
        """Catch up with changes to `paths` (vault-relative), or to anything when `relist`.

        Notes for which `hold(path)` is true, and with `hold_changed` the notes this update
        finds changed, are not written, and participants named only in held notes get no note
        yet (DESIGN §4, RELIABILITY R1): they are listed as deferred and tried again by the
        next update.
        """
        assert self.graph is not None, "update needs `start` first"

        def held(path: str) -> bool:
            return (hold_changed and path in self.last_changed) or hold(path)

        started = time.perf_counter()
        with without_cyclic_gc():
            result = self._update(set(paths), relist, held)
        result.seconds = round(time.perf_counter() - started, 3)
        return self._value(result)

    def _value(self, result: IndexResult) -> Update:
        return Update(
            notes=result.notes,
            people=result.people,
            written=tuple(result.written),
            created=tuple(result.created),
            changed=tuple(result.changed),
            deferred=tuple(result.deferred),
            problems=tuple(result.problems),
            seconds=result.seconds,
            pending=frozenset(self.pending),
            skipped=self.listing.skipped,
        )

    def _update(self, paths: set[str], relist: bool, hold: Callable[[str], bool]) -> IndexResult:
        assert self.graph is not None
        self.problems, self.rewritten = [], {}
        self.listed_at = fs.now_ns()  # signatures taken in this update are taken after it
        paths = {p for p in paths if is_listed(p, self.listing.skipped)}
        notes = {p for p in paths if p.endswith(".md")}
        relist = relist or self._other_files_named(paths - notes)
        if relist:
            self.listing = list_vault(self.root, self.config)
            notes = set(self.listing.notes) | set(self.notes)
        changed = self.last_changed = self._refresh(notes)
        if not changed and not self.pending:
            problems = sorted(set(self.problems), key=Problem.sort_key)  # a note refused
            return IndexResult(notes=len(self.notes), unchanged=len(self.notes), problems=problems)
        old_facts = self.facts
        graph = self.graph
        reported = len(self.problems)
        if relist or self._names_shift(changed):
            graph = self._build_graph(hold)
            dirty = set(self.notes)
        else:
            before = _neighbours(graph, changed) | _thread_people(graph, changed)
            touched = update_graph(graph, {path: self.notes.get(path) for path in changed})
            created = self._create_people(graph, hold)
            if any(note.aliases for note in created.values()):  # from a vault's own template
                graph = self._build_graph(hold)
                dirty = set(self.notes)
            else:
                touched |= update_graph(graph, dict(created))
                self.facts = {p: f for p, f in old_facts.items() if p in graph.notes}
                self.facts.update(derive(graph, touched))
                dirty = changed | before | touched | _neighbours(graph, changed)
                dirty |= _thread_people(graph, changed)
        if dropped := self._uncreate(graph):
            self.facts = {p: f for p, f in self.facts.items() if p in graph.notes}
            self.facts.update(derive(graph, dropped))
            dirty |= dropped
        # what resolving found (links, participants without notes) is told once per change
        self.problems[reported:] = [p for p in self.problems[reported:] if p.path in changed]
        self.problems += (p for p in graph.problems if p.path in changed)
        dirty |= self.pending
        moved = {path for path, facts in self.facts.items() if old_facts.get(path) != facts}
        moved |= old_facts.keys() - self.facts.keys()
        orgs = (
            edge.target for p in moved for edge in graph.outgoing.get(p, ()) if edge.key == "org"
        )
        dirty |= moved.union(orgs)  # an org's block shows its people's facts
        writes = self._render(graph, dirty)
        held = {w.path for w in writes if hold(w.path)}
        writes = [w for w in writes if w.path not in held]
        result = IndexResult(changed=sorted(changed))
        self._tally(result, writes, self._write(writes) if writes else set())
        self._count(result)
        self.pending = held | self.waiting_sources
        result.deferred = sorted(held | self.deferred_people)
        result.problems = sorted(set(self.problems), key=Problem.sort_key)
        return result

    def _other_files_named(self, paths: set[str]) -> bool:
        """Note the files other than notes that came or went; True if a link names one (then
        links may resolve differently: the vault is listed and resolved anew)."""
        assert self.graph is not None
        attachments = set(self.listing.attachments)
        for path in sorted(paths):
            present = (self.root / path).is_file()
            if present == (path in attachments):
                continue
            if self.graph.naming().get(fold(path.rsplit("/", 1)[-1])):
                return True
            if present:
                attachments.add(path)
                self.graph.resolver.add(path)
            else:
                attachments.discard(path)
                self.graph.resolver.remove(path)
        self.listing.attachments = sorted(attachments)
        return False

    def _names_shift(self, changed: set[str]) -> bool:
        """Whether the change can move links anywhere: aliases changed, or a note with aliases,
        or with a name another file shares, came or went (link texts then change too)."""
        assert self.graph is not None
        for path in changed:
            before, after = self.graph.notes.get(path), self.notes.get(path)
            if before is None or after is None:
                note = before or after
                if self.graph.resolver.shares_name(path) or (note is not None and note.aliases):
                    return True
            elif before.aliases != after.aliases:
                return True
        return False

    def _refresh(self, paths: Collection[str]) -> set[str]:
        """Re-read the notes among `paths` whose files changed; forget the ones gone. Returns
        the paths whose note changed (vaultrel's own writes coming back are not changes)."""
        changed: set[str] = set()
        for path in sorted(paths):
            try:
                signature = fs.Signature.of(fs.lstat(str(self.root / path)))
            except FileNotFoundError:
                self._forget(path, changed)
                continue
            except OSError:
                signature = None  # reading it reports why
            if path in self.notes and self.stats.get(path) == signature and path not in self.racy:
                continue  # a racy signature says nothing: the bytes are compared (R2)
            before = self.racy.get(path)
            read = read_note(self.root, path, self.layout)
            if read.stat is None and not os.path.lexists(self.root / path):
                self._forget(path, changed)  # deleted between its stat and its read
                continue
            if read.stat is not None and read.stat.size == 0 and self._had_content(path):
                self._suspect_truncation(path)  # its last state stays, unwritten (B25)
                continue
            self.suspect.discard(path)
            if read.stat is None:
                self.unread.add(path)
            else:
                self.unread.discard(path)
                self.ticks.learn([read.stat])
                self._signed(path, read.stat, read.digest)
            if read.text is not None:
                self.texts[path] = read.text
                if path in self.notes and before is not None and before == read.digest:
                    continue  # the same bytes as before
                own = self.own_writes.get(path)
                if own is not None and path in self.notes and own == read.digest:
                    continue  # vaultrel's own write, seen again
            self.notes[path] = read.note
            self.problems += read.note.problems
            changed.add(path)
        return changed

    def _forget(self, path: str, changed: set[str]) -> None:
        """A note that is gone: dropped, and counted as changed if vaultrel knew it."""
        self.suspect.discard(path)
        self.unread.discard(path)
        if self.notes.pop(path, None) is not None:
            self.stats.pop(path, None)
            self.texts.pop(path, None)
            self.racy.pop(path, None)
            changed.add(path)

    def _had_content(self, path: str) -> bool:
        """Whether the note was on disk and not empty when last read."""
        stat = self.stats.get(path)
        return path in self.notes and stat is not None and stat.size > 0

    def _uncreate(self, graph: Graph) -> set[str]:
        """Forget the person notes created but not written yet that no conversation names as
        a participant any more: a creation holds only if its link is still unresolved when the
        note would be written (DESIGN §6; Obsidian renames a note first and rewrites the links
        to it a moment later). Returns the notes whose links this touched."""
        self.creating = {p for p in self.creating if p in self.notes and p not in self.stats}
        unneeded = {p for p in self.creating if not graph.conversations_of.get(p)}
        if not unneeded:
            return set()
        self.creating -= unneeded
        for path in unneeded:
            del self.notes[path]
            self.texts.pop(path, None)
        return update_graph(graph, dict.fromkeys(unneeded))


def _neighbours(graph: Graph, paths: Iterable[str]) -> set[str]:
    """The notes linking to or linked from `paths`: their blocks show these notes."""
    found: set[str] = set()
    for path in paths:
        found.update(edge.source for edge in graph.backlinks.get(path, ()))
        found.update(edge.target for edge in graph.outgoing.get(path, ()))
    return found


def _thread_people(graph: Graph, paths: Iterable[str]) -> set[str]:
    """The participants of every conversation that follows one of `paths`, however far down
    the thread: a person's timeline groups conversations under their thread's first one."""
    people: set[str] = set()
    stack, seen = list(paths), set()
    while stack:
        path = stack.pop()
        if path not in seen:
            seen.add(path)
            people.update(graph.participants.get(path, ()))
            stack += graph.next.get(path, ())
    return people
