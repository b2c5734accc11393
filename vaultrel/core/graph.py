"""The resolved vault: every link resolved, participants told from mentions, threads, backlinks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from vaultrel.core.model import Kind, Link, Note
from vaultrel.core.resolve import Resolution, Resolver, fold
from vaultrel.errors import Problem, warning

UNRESOLVED_PERSON = "?"  # prefix of a participant with no note, where a person path would be


@dataclass(frozen=True, slots=True)
class Edge:
    """A resolved link from one note to another (self-links and attachments excluded)."""

    source: str
    target: str
    line: int
    key: str | None


@dataclass(frozen=True, slots=True)
class Conversation:
    """A conversation as facts see it: a conversation note (its id is its path), or a line
    logging one in a dated note (its id is `path#Lline`)."""

    id: str
    path: str
    line: int | None
    date: dt.date | None
    time: str | None
    channel: str | None
    summary: str | None
    topics: tuple[str, ...]
    status: str | None
    counts: bool


def _of_note(note: Note) -> Conversation:
    return Conversation(
        note.path,
        note.path,
        None,
        note.date,
        note.time,
        note.channel,
        note.summary,
        note.topics,
        note.status,
        note.counts,
    )


def logged_id(path: str, line: int) -> str:
    return f"{path}#L{line}"


@dataclass
class Graph:
    """Notes by path, resolved edges, and the people, threads and backlinks they imply."""

    notes: dict[str, Note]
    resolver: Resolver
    participants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    conversations_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    backlinks: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    outgoing: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    previous: dict[str, str] = field(default_factory=dict)
    next: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    line_people: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    logged: dict[str, Conversation] = field(default_factory=dict)  # by id
    logged_in: dict[str, tuple[str, ...]] = field(default_factory=dict)  # note → logged ids
    missing: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)
    _naming: dict[str, set[str]] | None = field(default=None, repr=False)
    _of_notes: dict[str, tuple[Note, Conversation]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def naming(self) -> dict[str, set[str]]:
        """The notes with a link that looks up each file name (see Resolver.name_keys). Only
        updates need it: built on first use, then kept up to date by `update_graph`."""
        if self._naming is None:
            self._naming = defaultdict(set)
            for note in self.notes.values():
                for key in self.names_looked_up(note):
                    self._naming[key].add(note.path)
        return self._naming

    def names_looked_up(self, note: Note) -> set[str]:
        """The (folded) file names `note`'s links look up."""
        return {key for link in note.links for key in self.resolver.name_keys(link.target)}

    def notes_naming(self, names: set[str]) -> set[str]:
        """The notes with a link that looks up one of these (folded) file names; from the
        index when it is built, else by a look at every link (without building it)."""
        if not names:
            return set()
        if self._naming is not None:
            return {path for name in names for path in self._naming.get(name, ())}
        return {
            n.path for n in self.notes.values() if not names.isdisjoint(self.names_looked_up(n))
        }

    def conversation(self, id: str) -> Conversation:
        """The conversation note or logged conversation with this id."""
        found = self.logged.get(id)
        if found is not None:
            return found
        note = self.notes[id]
        made = self._of_notes.get(id)
        # kept with the note it was made from: a note replaced in `notes` gets a new one
        if made is None or made[0] is not note:
            made = self._of_notes[id] = (note, _of_note(note))
        return made[1]

    def order(self, id: str) -> tuple[str, int]:
        """Conversations in path order, a note's logged ones by line."""
        found = self.logged.get(id)
        return (found.path, found.line or 0) if found is not None else (id, 0)

    def people(self) -> list[Note]:
        return sorted(
            (note for note in self.notes.values() if note.kind is Kind.PERSON),
            key=lambda note: (note.title.lower(), note.path),
        )

    def thread_root(self, path: str) -> str:
        seen = {path}
        while path in self.previous and self.previous[path] not in seen:
            path = self.previous[path]
            seen.add(path)
        return path


def newest_first(paths: Iterable[str], notes: dict[str, Note]) -> list[str]:
    """Paths ordered by their note's date, newest first, undated last, then by path."""
    return sorted(paths, key=lambda p: (-(d.toordinal() if (d := notes[p].date) else 0), p))


def build_graph(notes: Iterable[Note], attachments: Iterable[str] = ()) -> Graph:
    """Resolve every link of every note (pure: the result depends only on the notes)."""
    by_path = {note.path: note for note in notes}
    aliases = {note.path: note.aliases for note in by_path.values() if note.aliases}
    resolver = Resolver([*by_path, *attachments], aliases)
    graph = Graph(by_path, resolver)
    for path in sorted(by_path):
        _link_note(graph, by_path[path])
    for edges in graph.backlinks.values():
        edges.sort(key=lambda edge: (edge.source, edge.line))
    for children in graph.next.values():
        children.sort(key=lambda path: (by_path[path].date or dt.date.min, path))
    for ids in graph.conversations_of.values():
        ids.sort(key=graph.order)
    return graph


def update_graph(graph: Graph, changed: Mapping[str, Note | None]) -> set[str]:
    """Patch `graph` in place for notes that changed (None: removed), so that it equals what
    `build_graph` gives for the new notes. The caller builds anew instead when aliases change
    or other files come and go. Returns every note whose links or backlinks were touched.

    Re-linked are the changed notes, the notes with a link that looks up the name of a note
    that came or went (it may resolve differently now), and, when a note's kind changed, the
    notes linking to it (a participant must be a person)."""
    relink = set(changed)
    came_or_went = set()
    for path, note in changed.items():
        before = graph.notes.get(path)
        if (before is None) != (note is None):
            came_or_went.add(fold(path.rsplit("/", 1)[-1]))
        elif before is not None and note is not None and before.kind is not note.kind:
            relink.update(edge.source for edge in graph.backlinks.get(path, ()))
    relink |= graph.notes_naming(came_or_went)
    touched = set(relink)
    for path in sorted(relink & graph.notes.keys()):
        touched.update(edge.target for edge in graph.outgoing.get(path, ()))
        _unlink_note(graph, graph.notes[path])
    graph.problems = [problem for problem in graph.problems if problem.path not in relink]
    for target, refs in list(graph.missing.items()):
        if kept := [ref for ref in refs if ref[0] not in relink]:
            graph.missing[target] = kept
        else:
            del graph.missing[target]
    for path, note in changed.items():
        graph._of_notes.pop(path, None)  # made again from the new note, if any
        if note is None:
            if graph.notes.pop(path, None) is not None:
                graph.resolver.remove(path)
        else:
            if path not in graph.notes:
                graph.resolver.add(path)
            graph.notes[path] = note
    for path in sorted(relink & graph.notes.keys()):
        _link_note(graph, graph.notes[path])
        touched.update(edge.target for edge in graph.outgoing.get(path, ()))
    _restore_order(graph, touched)
    return touched


def _unlink_note(graph: Graph, note: Note) -> None:
    """Take back everything `_link_note` added for this note (but its problems, missing
    participants and the sort order, which `update_graph` restores for all at once)."""
    path = note.path
    for edge in graph.outgoing.pop(path, ()):
        graph.backlinks[edge.target].remove(edge)
        if edge.key == "org" and path in graph.members.get(edge.target, ()):
            graph.members[edge.target].remove(path)
    if (previous := graph.previous.pop(path, None)) is not None:
        graph.next[previous].remove(path)
    for id in (path, *graph.logged_in.pop(path, ())):
        graph.logged.pop(id, None)
        for person in graph.participants.pop(id, ()):
            graph.conversations_of[person].remove(id)
    for task in note.tasks:
        graph.line_people.pop((path, task.line), None)
    if graph._naming is not None:
        for key in graph.names_looked_up(note):
            graph._naming[key].discard(path)


def _restore_order(graph: Graph, paths: set[str]) -> None:
    """The order `build_graph` gives: its lists fill in path order, backlinks and threads are
    sorted after."""
    for path in paths:
        if path in graph.backlinks:
            graph.backlinks[path].sort(key=lambda edge: (edge.source, edge.line))
        if path in graph.next:
            graph.next[path].sort(key=lambda p: (graph.notes[p].date or dt.date.min, p))
        if path in graph.conversations_of:
            graph.conversations_of[path].sort(key=graph.order)
        if path in graph.members:
            graph.members[path].sort()
    for refs in graph.missing.values():
        refs.sort()


def _link_note(graph: Graph, note: Note) -> None:
    participants: list[str] = []
    unresolved_participants: set[str] = set()
    people_on_line: dict[int, list[str]] = defaultdict(list)
    log_lines = {logged.line for logged in note.logged}
    if graph._naming is not None:
        for key in graph.names_looked_up(note):
            graph._naming[key].add(note.path)
    for link in note.links:
        found = graph.resolver.resolve(link.target, note.path)
        _report(graph, note, link, found)
        if found.path is None:
            if link.line in log_lines and link.key is None and not found.outside:
                graph.problems.append(
                    warning(
                        note.path,
                        link.line,
                        "W_LOG_UNRESOLVED",
                        f"[[{link.target}]] on a logged conversation is not a note",
                        f'create the person: vaultrel new person "{link.target}"; or fix the link',
                    )
                )
            if link.key == "with" and note.kind is Kind.CONVERSATION and not found.outside:
                graph.missing[link.target].append((note.path, link.line))
                unresolved_participants.add(fold(link.target))
            elif link.key is None and fold(link.target) in unresolved_participants:
                # an unresolved participant is still a person a task can be owed to
                _add_once(people_on_line[link.line], UNRESOLVED_PERSON + link.target)
            continue
        if found.path == note.path or not found.is_note:
            continue
        edge = Edge(note.path, found.path, link.line, link.key)
        graph.backlinks[found.path].append(edge)
        graph.outgoing[note.path].append(edge)
        target = graph.notes.get(found.path)
        target_kind = target.kind if target else Kind.PLAIN
        if link.key == "with" and note.kind is Kind.CONVERSATION:
            if target_kind is Kind.PERSON:
                _add_once(participants, found.path)
            else:
                graph.problems.append(
                    warning(
                        note.path,
                        link.line,
                        "W_PARTICIPANT_NOT_PERSON",
                        f"participant [[{link.target}]] is not a person note",
                        "link a person, or give that note `type: person`",
                    )
                )
        elif link.key == "follows" and target_kind is Kind.CONVERSATION:
            if note.path not in graph.previous:
                graph.previous[note.path] = found.path
                graph.next[found.path].append(note.path)
        elif link.key == "org" and note.kind is Kind.PERSON and target_kind is Kind.ORG:
            _add_once(graph.members[found.path], note.path)
        if link.key is None and target_kind is Kind.PERSON:
            _add_once(people_on_line[link.line], found.path)
    if note.kind is Kind.CONVERSATION:
        graph.participants[note.path] = tuple(participants)
        for person in participants:
            graph.conversations_of[person].append(note.path)
    task_lines = {task.line for task in note.tasks}
    for line, people in people_on_line.items():
        if line in task_lines:
            graph.line_people[(note.path, line)] = tuple(people)
    if note.logged:
        _log_conversations(graph, note, people_on_line)


def _log_conversations(graph: Graph, note: Note, people_on_line: dict[int, list[str]]) -> None:
    """The conversations a dated note logs: its log lines that link a person note."""
    ids = []
    for logged in note.logged:
        people = [p for p in people_on_line.get(logged.line, ()) if p in graph.notes]
        if not people:
            if not any(link.line == logged.line for link in note.links):
                graph.problems.append(
                    warning(
                        note.path,
                        logged.line,
                        "W_LOG_NO_PERSON",
                        "this line looks like a logged conversation but links no person",
                        "link who you spoke with, e.g. [[Ada Lovelace]]",
                    )
                )
            elif not any(
                link.line == logged.line
                and graph.resolver.resolve(link.target, note.path).path is None
                for link in note.links
            ):
                graph.problems.append(
                    warning(
                        note.path,
                        logged.line,
                        "W_LOG_NO_PERSON",
                        "this line looks like a logged conversation but links no person note",
                        "link a person note, or give the linked note `type: person`",
                    )
                )
            continue
        id = logged_id(note.path, logged.line)
        ids.append(id)
        graph.logged[id] = Conversation(
            id,
            note.path,
            logged.line,
            logged.date,
            logged.time,
            logged.channel,
            logged.summary,
            (),
            None,
            True,
        )
        graph.participants[id] = tuple(people)
        for person in people:
            graph.conversations_of[person].append(id)
    if ids:
        graph.logged_in[note.path] = tuple(ids)


def _add_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _report(graph: Graph, note: Note, link: Link, found: Resolution) -> None:
    if found.outside:
        graph.problems.append(
            warning(
                note.path,
                link.line,
                "W_LINK_OUTSIDE",
                f"link [[{link.target}]] points outside the vault",
                "link a note inside the vault",
            )
        )
    elif found.via_alias and found.path is not None:
        name = graph.notes[found.path].title if found.path in graph.notes else found.path
        graph.problems.append(
            warning(
                note.path,
                link.line,
                "W_LINK_ALIAS",
                f"[[{link.target}]] resolves only through an alias, which Obsidian does not follow",
                f"write [[{name}|{link.target}]]",
            )
        )
    elif found.via_alias:
        graph.problems.append(
            warning(
                note.path,
                link.line,
                "W_ALIAS_AMBIGUOUS",
                f"[[{link.target}]] is an alias of several notes: {', '.join(found.ambiguous)}",
                "link the note by its name",
            )
        )
    elif found.ambiguous:
        graph.problems.append(
            warning(
                note.path,
                link.line,
                "W_LINK_AMBIGUOUS",
                f"[[{link.target}]] matches several notes: {', '.join(found.ambiguous)}",
                f"write the path in the link, e.g. [[{found.ambiguous[0].removesuffix('.md')}]]",
            )
        )
