"""Finding a person from what the user typed: a name, an alias or a unique prefix."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vaultrel.core.model import Note
from vaultrel.core.resolve import fold


def plain(text: str) -> str:
    """`fold` without accents: `Zoë` and `Zoe` become equal."""
    if text.isascii():  # nothing to take off
        return fold(text)
    decomposed = unicodedata.normalize("NFD", fold(text))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@dataclass(frozen=True, slots=True)
class Match:
    """The people that match a query at the most precise level that matches any: exactly one
    is a find, several are ambiguous, none is not found."""

    people: tuple[Note, ...]
    how: str = ""


_LEVELS: tuple[tuple[str, Callable[[str], str], bool], ...] = (
    ("name or alias", fold, False),
    ("name or alias without accents", plain, False),
    ("prefix", fold, True),
    ("prefix without accents", plain, True),
)


def find_person(query: str, people: Iterable[Note], prefixes: bool = True) -> Match:
    """People whose name, alias or path (without `.md`) equals `query` (ignoring case, then
    accents too), else, when `prefixes`, whose name or alias starts with it."""
    people = sorted(people, key=lambda p: (p.title.lower(), p.path))
    for how, key, prefix in _LEVELS:
        if prefix and not prefixes:
            break
        wanted = key(query.strip())
        if not wanted:
            return Match(())
        found = tuple(
            person
            for person in people
            if any(
                name.startswith(wanted) if prefix else name == wanted
                for name in map(key, _names(person))
            )
        )
        if found:
            return Match(found, how)
    return Match(())


def _names(person: Note) -> tuple[str, ...]:
    return (person.title, *person.aliases, person.path.removesuffix(".md"))
