"""What `vaultrel check` finds beyond the problems of reading and resolving: unresolved links,
names that collide, names Obsidian cannot link, sync-conflict copies and editor leftovers."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Collection, Iterable

from vaultrel.core.filenames import hidden_characters, recovered_from, visible
from vaultrel.core.graph import Graph
from vaultrel.core.lookup import plain
from vaultrel.core.model import Kind, Note
from vaultrel.core.resolve import fold
from vaultrel.errors import Problem, warning

_UNLINKABLE = ("#", "|", "^", ":", "%%", "[[", "]]")
_CONFLICT = re.compile(
    r"(?P<stem>.*?)(?:\.sync-conflict-[^.]*|"
    r" \((?i:conflicted copy)[^)]*\)| \(Case Conflict[^)]*\))(?P<ext>\.[^.]*)?"
)
_COPY = re.compile(r"(?P<stem>.+) \d+\.md")


def vault_checks(graph: Graph, planned: Collection[str], artifacts: Iterable[str]) -> list[Problem]:
    """Every problem of these kinds; `planned` are the person notes `vaultrel index` would
    create (in the graph, not yet on disk)."""
    notes = [note for path, note in sorted(graph.notes.items()) if path not in planned]
    return [
        *unresolved_links(graph, planned),
        *name_collisions(notes),
        *hidden_lookalikes(notes),
        *unlinkable_names(notes),
        *possible_copies(notes),
        *leftovers(artifacts),
    ]


def unresolved_links(graph: Graph, planned: Collection[str]) -> list[Problem]:
    """Links to no note, once per note, line and target. A participant link that `vaultrel
    index` will turn into a person note says so; one it cannot is already reported."""
    problems = []
    for path in sorted(set(graph.notes) - set(planned)):
        note = graph.notes[path]
        seen = set()
        for link in note.links:
            participant = link.key == "with" and note.kind is Kind.CONVERSATION
            if (link.line, link.target) in seen or (participant and link.target in graph.missing):
                continue
            found = graph.resolver.resolve(link.target, path)
            if found.outside or found.via_alias:
                continue  # reported by the graph (W_LINK_OUTSIDE, W_LINK_ALIAS, …)
            if found.path is None:
                message = f"unresolved link [[{link.target}]]: no note has this name"
                hint = "create the note, or fix the link"
            elif found.path in planned:
                message = f"participant [[{link.target}]] has no note yet"
                hint = f"`vaultrel index` creates {found.path}"
            else:
                continue
            seen.add((link.line, link.target))
            problems.append(warning(path, link.line, "W_LINK_UNRESOLVED", message, hint))
    return problems


def name_collisions(notes: Iterable[Note]) -> list[Problem]:
    """Names and aliases that Obsidian and vaultrel cannot tell apart (DESIGN §5): equal after
    lower-casing and NFC between two people, or spelt differently between any two notes, are
    duplicates; people equal only without accents are possible duplicates."""
    by_fold: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    by_plain: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    kinds = {}
    for note in notes:
        kinds[note.path] = note.kind
        for name in (note.title, *note.aliases):
            by_fold[fold(name)][note.path].add(name)
            if note.kind is Kind.PERSON:
                by_plain[plain(name)][note.path].add(name)
    problems = []
    for owners in by_fold.values():
        people = sum(1 for path in owners if kinds[path] is Kind.PERSON)
        spellings = {name for names in owners.values() for name in names}
        if len(owners) > 1 and (people > 1 or len(spellings) > 1):
            problems += _collision(owners, "W_DUPLICATE_NAME", "is also")
    for owners in by_plain.values():
        if len(owners) > 1 and len({fold(n) for names in owners.values() for n in names}) > 1:
            problems += _collision(owners, "W_POSSIBLE_DUPLICATE", "may be the same person as")
    return problems


def _collision(owners: dict[str, set[str]], code: str, relation: str) -> list[Problem]:
    problems = []
    for path, names in sorted(owners.items()):
        others = ", ".join(
            f'"{sorted(n)[0]}" ({other})' for other, n in sorted(owners.items()) if other != path
        )
        message = f'"{sorted(names)[0]}" {relation} {others}'
        if code == "W_DUPLICATE_NAME":
            hint = "rename one of the notes, or remove the alias"
        else:
            hint = "merge the notes if they are one person"
        problems.append(warning(path, None, code, message, hint))
    return problems


def hidden_lookalikes(notes: Iterable[Note]) -> list[Problem]:
    """Names and aliases that differ from another note's only by invisible characters
    (`Ada` and `Ada` + U+200B): they look the same but link apart. Reported on the note whose
    name holds them."""
    by_visible: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for note in notes:
        for name in (note.title, *note.aliases):
            by_visible[fold(visible(name))].append((note.path, name))
    problems = []
    for owners in by_visible.values():
        for path, name in owners:
            if not hidden_characters(name):
                continue
            others = sorted(
                {f'"{visible(n, mark=True)}" ({p})' for p, n in owners if fold(n) != fold(name)}
            )
            if others:
                message = (
                    f'"{visible(name, mark=True)}" differs from {", ".join(others)} '
                    "only by invisible characters"
                )
                hint = "remove them from the name (rename the note, or edit the alias)"
                problems.append(warning(path, None, "W_DUPLICATE_NAME", message, hint))
    return problems


def unlinkable_names(notes: Iterable[Note]) -> list[Problem]:
    """Note names with characters Obsidian's links cannot hold (LINKS.md rule 6)."""
    return [
        warning(
            note.path,
            None,
            "W_NAME_UNLINKABLE",
            f"the name contains {' '.join(c for c in _UNLINKABLE if c in note.title)}, "
            "which Obsidian links cannot hold",
            "rename the note",
        )
        for note in notes
        if any(c in note.title for c in _UNLINKABLE)
    ]


def possible_copies(notes: Iterable[Note]) -> list[Problem]:
    """`X 2.md` beside `X.md` with the same properties: a sync tool's copy (iCloud), read as
    a note as usual but probably counting everything twice."""
    by_path = {note.path: note for note in notes}
    problems = []
    for path, note in by_path.items():
        folder, name = posixpath.split(path)
        match = _COPY.fullmatch(name)
        original = by_path.get(posixpath.join(folder, f"{match['stem']}.md")) if match else None
        properties = _properties(note)
        if original is None or _properties(original) != properties:
            continue
        if note.kind is Kind.PLAIN and not any(properties[1:]):
            continue  # two notes without properties are not evidence of a copy
        problems.append(
            warning(
                path,
                None,
                "W_POSSIBLE_DUPLICATE",
                f"looks like a sync copy of {original.path} (same properties)",
                "merge it into the original and delete it, or change one of them",
            )
        )
    return problems


def _properties(note: Note) -> tuple[object, ...]:
    links = tuple((link.key, link.target) for link in note.links if link.key is not None)
    return (
        note.kind,
        note.date,
        note.time,
        note.channel,
        note.topics,
        note.awaiting,
        note.status,
        note.aliases,
        note.cadence,
        note.met,
        note.birthday,
        note.anniversary,
        links,
    )


def leftovers(artifacts: Iterable[str]) -> list[Problem]:
    """Sync-conflict and recovered copies (edits to merge by hand) and editor leftovers,
    never read."""
    problems = []
    for path in artifacts:
        folder, name = posixpath.split(path)
        match = _CONFLICT.fullmatch(name)
        note = recovered_from(name)
        if note is not None:
            original = posixpath.join(folder, note)
            problems.append(
                warning(
                    path,
                    None,
                    "W_RECOVERED",
                    f"edit to {original} kept while vaultrel wrote it; vaultrel does not read it",
                    f"merge it into {original} by hand, then delete it",
                )
            )
        elif match:
            original = posixpath.join(folder, match["stem"] + (match["ext"] or ""))
            problems.append(
                warning(
                    path,
                    None,
                    "W_SYNC_CONFLICT",
                    f"sync-conflict copy of {original}; vaultrel does not read it",
                    f"merge its changes into {original} by hand, then delete it",
                )
            )
        else:
            problems.append(
                warning(
                    path,
                    None,
                    "W_LEFTOVER",
                    "an editor's leftover file; vaultrel does not read it",
                    "delete it once the editor is closed",
                )
            )
    return problems
