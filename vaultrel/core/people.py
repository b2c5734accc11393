"""Which participants without a note get one (DESIGN §4), and which are only reported."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from vaultrel.core.filenames import hidden_characters, is_portable, visible
from vaultrel.core.graph import Graph
from vaultrel.core.resolve import fold
from vaultrel.errors import Problem, warning

_UNSAFE = set('/\\:*?"<>|')
_UNLINKABLE = set("#^[]")  # `|` is in _UNSAFE (LINKS.md rule 6)


@dataclass(frozen=True, slots=True)
class NewPerson:
    """A person note to create: its name, path, the date of the first conversation, and the
    notes that link it (whose line endings it takes)."""

    name: str
    path: str
    date: str | None
    sources: tuple[str, ...] = ()


def missing_people(
    graph: Graph, existing: Iterable[str], people_folder: str, folders: Iterable[str] = ()
) -> tuple[list[NewPerson], list[Problem]]:
    """Participants linked by a bare, safe name that no note claims, and problems for the rest.
    `existing` are the vault's files, `folders` its folders."""
    taken = {fold(path) for path in existing}
    folder_names = {fold(folder) for folder in folders}
    by_name: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    parts: list[tuple[str, int, str]] = []  # links to a heading or block only: never created
    for target, refs in sorted(graph.missing.items(), key=lambda item: min(item[1])):
        name = unicodedata.normalize("NFC", target.strip()).removesuffix(".md")
        whole = [ref for ref in refs if _links_whole(graph, target, ref)]
        by_name.setdefault(fold(name), (name, []))[1].extend(whole)
        if not whole:
            parts.append((*min(refs), name))
    plans, problems = [], []
    for source, line, name in parts:
        if not by_name[fold(name)][1]:
            problems.append(
                warning(
                    source,
                    line,
                    "W_PERSON_NOT_CREATED",
                    f"participant [[{visible(name, mark=True)}#…]] links a heading or block "
                    "of a note that does not exist: no note is created",
                    f"link [[{visible(name, mark=True)}]] to create it (in a link, # starts "
                    "a heading, so a name cannot hold it)",
                )
            )
    for name, refs in by_name.values():
        if not refs:
            continue
        path = f"{people_folder}/{name}.md"
        if fold(path) in folder_names:
            problems.append(
                Problem(
                    path,
                    None,
                    "E_NOT_REGULAR",
                    "a folder stands where this person's note would go",
                    "rename the folder, or create the note elsewhere",
                )
            )
            continue
        reason = why_not_creatable(name) or (
            "a file with that name, in another case or Unicode form, exists"
            if fold(path) in taken
            else None
        )
        if reason:
            source, line = min(refs)
            problems.append(
                warning(
                    source,
                    line,
                    "W_PERSON_NOT_CREATED",
                    f"participant [[{visible(name, mark=True)}]] has no note and will not be "
                    f"created: {reason}",
                    "create the person note yourself, or fix the link",
                )
            )
            continue
        dates = [d for source, _ in refs if (d := graph.notes[source].date) is not None]
        first = min(dates).isoformat() if dates else None
        plans.append(NewPerson(name, path, first, tuple(sorted({s for s, _ in refs}))))
        taken.add(fold(path))
    return plans, problems


def _links_whole(graph: Graph, target: str, ref: tuple[str, int]) -> bool:
    """Whether the participant link at `ref` names the whole note, not `#heading` or `^block`."""
    source, line = ref
    return any(
        link.key == "with" and link.target == target and link.line == line and not link.part
        for link in graph.notes[source].links
    )


def why_not_creatable(name: str) -> str | None:
    """Why `name` cannot be a created note's file name, or None if it can. A name ending in
    `.` (`Martin Luther King Jr.`) can: its file name ends in `.md`."""
    if not name or name.startswith(".") or "/" in name or ".." in name:
        return "only a bare name can become a note"
    if _UNSAFE.intersection(name):
        return 'the name contains one of / \\ : * ? " < > |'
    if _UNLINKABLE.intersection(name):
        return "the name contains one of # ^ [ ], which a link cannot hold (# starts a heading)"
    if hidden := hidden_characters(name):
        listed = ", ".join(hidden)
        return f"the name contains {listed}, an invisible control, bidi or zero-width character"
    if len(name.encode("utf-8")) > 200:
        return "the name is longer than 200 bytes"
    if not is_portable(f"{name}.md") or name.endswith(" "):
        return "the name is not a portable file name"
    return None
