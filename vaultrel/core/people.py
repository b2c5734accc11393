"""Which participants without a note get one (DESIGN §4), and which are only reported."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from vaultrel.core.filenames import is_portable
from vaultrel.core.graph import Graph
from vaultrel.core.resolve import fold
from vaultrel.errors import Problem, warning

_UNSAFE = set('/\\:*?"<>|')


@dataclass(frozen=True, slots=True)
class NewPerson:
    """A person note to create: its name, path, and the date of the first conversation."""

    name: str
    path: str
    date: str | None


def missing_people(
    graph: Graph, existing: Iterable[str], people_folder: str, folders: Iterable[str] = ()
) -> tuple[list[NewPerson], list[Problem]]:
    """Participants linked by a bare, safe name that no note claims, and problems for the rest.
    `existing` are the vault's files, `folders` its folders."""
    taken = {fold(path) for path in existing}
    folder_names = {fold(folder) for folder in folders}
    by_name: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for target, refs in sorted(graph.missing.items(), key=lambda item: min(item[1])):
        name = unicodedata.normalize("NFC", target.strip()).removesuffix(".md")
        by_name.setdefault(fold(name), (name, []))[1].extend(refs)
    plans, problems = [], []
    for name, refs in by_name.values():
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
                    f"participant [[{name}]] has no note and will not be created: {reason}",
                    "create the person note yourself, or fix the link",
                )
            )
            continue
        dates = [d for source, _ in refs if (d := graph.notes[source].date) is not None]
        plans.append(NewPerson(name, path, min(dates).isoformat() if dates else None))
        taken.add(fold(path))
    return plans, problems


def why_not_creatable(name: str) -> str | None:
    """Why `name` cannot be a person note's file name, or None if it can."""
    if not name or name.startswith(".") or "/" in name or ".." in name:
        return "only a bare name can become a note"
    if _UNSAFE.intersection(name) or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return 'the name contains one of / \\ : * ? " < > | or a control character'
    if len(name.encode("utf-8")) > 200:
        return "the name is longer than 200 bytes"
    if not is_portable(name):
        return "the name is not a portable file name"
    return None
