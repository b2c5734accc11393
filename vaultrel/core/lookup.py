"""Finding a person from what the user typed: a name, an alias or a unique prefix."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from vaultrel.core.resolve import fold
from vaultrel.errors import Problem


class Named(Protocol):
    """What a person is found by: a Note, or a person as the queries hold them."""

    @property
    def path(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


N = TypeVar("N", bound=Named)


def plain(text: str) -> str:
    """`fold` without accents: `Zoë` and `Zoe` become equal."""
    if text.isascii():  # nothing to take off
        return fold(text)
    decomposed = unicodedata.normalize("NFD", fold(text))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@dataclass(frozen=True, slots=True)
class Match(Generic[N]):
    """The people that match a query at the most precise level that matches any: exactly one
    is a find, several are ambiguous, none is not found."""

    people: tuple[N, ...]
    how: str = ""


_LEVELS: tuple[tuple[str, Callable[[str], str], bool], ...] = (
    ("name or alias", fold, False),
    ("name or alias without accents", plain, False),
    ("prefix", fold, True),
    ("prefix without accents", plain, True),
)


def find_person(query: str, people: Iterable[N], prefixes: bool = True) -> Match[N]:
    """People whose name, alias or path (without `.md`) equals `query` (ignoring case, then
    accents too), else, when `prefixes`, whose name or alias starts with it; by name."""
    people = list(people)
    for how, key, prefix in _LEVELS:
        if prefix and not prefixes:
            break
        wanted = key(query.strip())
        if not wanted:
            return Match(())
        found = [
            person
            for person in people
            if any(
                name.startswith(wanted) if prefix else name == wanted
                for name in map(key, _names(person))
            )
        ]
        if found:
            found.sort(key=lambda p: (p.title.lower(), p.path))
            return Match(tuple(found), how)
    return Match(())


def _names(person: Named) -> tuple[str, ...]:
    return (person.title, *person.aliases, person.path.removesuffix(".md"))


NOT_FOUND = "no person has this name, alias or prefix"


def ambiguous(query: str, match: Match[N]) -> Problem:
    """The problem of a query that fits several people, each named with their note's path."""
    listed = ", ".join(f"{person.title} ({person.path})" for person in match.people)
    message = f"fits several people ({match.how}): {listed}"
    return Problem(query, None, "E_PERSON_AMBIGUOUS", message, "type more of the name")
