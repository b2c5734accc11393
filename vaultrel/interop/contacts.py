"""Contacts as vaultrel sees them, and the plan of a vCard import (pure).

A contact maps onto the person keys of DESIGN §2.2: `aliases`, `emails`, `phones`, `birthday`,
`anniversary`, `org`, `met`, `cadence`, and `socials` (social profile URLs, as vCard 4.0's
SOCIALPROFILE holds them). An import matches each contact to a person by email, phone, name
or alias, and only fills keys the note lacks; a value the note already holds is never changed,
and a different one is a conflict to report (DESIGN §4).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from vaultrel.core.links import wikilink_target
from vaultrel.core.people import why_not_creatable
from vaultrel.core.resolve import fold

KEYS = (
    "aliases",
    "emails",
    "phones",
    "birthday",
    "anniversary",
    "org",
    "met",
    "cadence",
    "socials",
)
BIRTHDAY = re.compile(r"(\d{4}|-)-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class Contact:
    """One person's contact details; `birthday` and `anniversary` are `YYYY-MM-DD` or
    `--MM-DD`, `met` a date, `YYYY-MM` or `YYYY`, `cadence` as a person note writes it."""

    name: str
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    birthday: str | None = None
    org: tuple[str, ...] = ()
    note: str = ""
    anniversary: str | None = None
    met: str | None = None
    cadence: str | None = None
    socials: tuple[str, ...] = ()

    def values(self) -> dict[str, tuple[str, ...]]:
        """The keys this contact has a value for, each as a tuple of strings."""
        found = {
            "aliases": self.aliases,
            "emails": self.emails,
            "phones": self.phones,
            "birthday": (self.birthday,) if self.birthday else (),
            "anniversary": (self.anniversary,) if self.anniversary else (),
            "org": self.org,
            "met": (self.met,) if self.met else (),
            "cadence": (self.cadence,) if self.cadence else (),
            "socials": self.socials,
        }
        return {key: value for key, value in found.items() if value}


def contact_from(name: str, data: dict[str, Any]) -> Contact:
    """A person note's contact details, from its title and front-matter."""
    birthday, anniversary = _yearly(data, "birthday"), _yearly(data, "anniversary")
    met, cadence = _strings(_get(data, "met")), _strings(_get(data, "cadence"))
    return Contact(
        name=name,
        aliases=_strings(_get(data, "aliases")),
        emails=_strings(_get(data, "emails")),
        phones=_strings(_get(data, "phones")),
        birthday=birthday,
        org=tuple(link_name(org) for org in _strings(_get(data, "org"))),
        anniversary=anniversary,
        met=met[0] if met else None,
        cadence=cadence[0] if cadence else None,
        socials=_strings(_get(data, "socials")),
    )


def _yearly(data: dict[str, Any], key: str) -> str | None:
    found = _strings(_get(data, key))
    return found[0] if found and BIRTHDAY.fullmatch(found[0]) else None


def link_name(text: str) -> str:
    """`[[orgs/Acme|ACME]]` → `Acme`: the note a front-matter link names (plain text as is)."""
    text = text.strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = wikilink_target(text[2:-2])
    return text.rsplit("/", 1)[-1].strip()


def birthday_of(text: str) -> str | None:
    """A vCard BDAY (`1815-12-10`, `18151210`, `--1210`, `--12-10`, with or without a time) as
    `YYYY-MM-DD` or `--MM-DD`; None when it is not a date."""
    match = re.fullmatch(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?", text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(2000 if year == "--" else int(year), int(month), int(day))
    except ValueError:
        return None
    return f"{'-' if year == '--' else year}-{month}-{day}"


@dataclass(frozen=True, slots=True)
class Known:
    """A person note as the import sees it: its path, title and front-matter."""

    path: str
    name: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A value the card has that the note holds differently; the note is not changed."""

    key: str
    card: str
    note: str


Action = Literal["create", "update", "same", "skip"]


@dataclass(eq=False)
class Planned:
    """What the import does with one note (several cards may meet in one), or a skipped card."""

    action: Action
    path: str
    name: str
    add: dict[str, tuple[str, ...]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    note: str = ""  # the body text of a note to create
    reason: str = ""  # why a card was skipped
    current: dict[str, tuple[str, ...]] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)  # the cards decided for this note

    def goes_to(self, contact: Contact) -> bool:
        """Whether `contact` was decided for this note (not skipped): the decision itself,
        never a match made again once the plans have gained other cards' details."""
        return self.action != "skip" and any(c is contact for c in self.contacts)

    def matches(self, contact: Contact) -> bool:
        names = {fold(self.name), *map(fold, self.current.get("aliases", ()))}
        emails = set(map(_email, self.current.get("emails", ())))
        phones = set(filter(None, map(_phone, self.current.get("phones", ()))))
        return (
            fold(contact.name) in names
            or not emails.isdisjoint(map(_email, contact.emails))
            or not phones.isdisjoint(filter(None, map(_phone, contact.phones)))
        )


def plan_import(
    contacts: list[Contact], people: list[Known], people_folder: str, taken: set[str]
) -> list[Planned]:
    """For each contact: the person it matches (by name, alias, email or phone) gets the keys it
    lacks, else a note is created in `people_folder`. A contact matching several people, or
    whose name cannot be a note (or is `taken`: folded paths of other files), is skipped."""
    notes = [
        Planned("same", p.path, p.name, current=contact_from(p.name, p.data).values())
        for p in people
    ]
    plans: list[Planned] = []
    for contact in contacts:
        matched = [note for note in notes if note.matches(contact)]
        if len(matched) > 1:
            listed = ", ".join(note.path for note in matched)
            skipped = Planned("skip", contact.name, contact.name, reason=f"fits {listed}")
            skipped.contacts.append(contact)
            plans.append(skipped)
            continue
        if matched:
            note = matched[0]
            _fill(note, contact)
            if note.action == "same" and note.add:
                note.action = "update"
        else:
            note = _create(contact, people_folder, taken)
            if note.action == "create":
                notes.append(note)
        note.contacts.append(contact)
        if not any(plan is note for plan in plans):
            plans.append(note)
    return plans


def _create(contact: Contact, folder: str, taken: set[str]) -> Planned:
    reason = why_not_creatable(contact.name)
    path = f"{folder}/{contact.name}.md"
    if reason is None and fold(path) in taken:
        reason = f"{path} exists and is not this person's note"
    if reason is not None:
        return Planned("skip", contact.name, contact.name, reason=reason)
    taken.add(fold(path))
    planned = Planned("create", path, contact.name, note=contact.note)
    _fill(planned, contact)
    return planned


def _fill(note: Planned, contact: Contact) -> None:
    """Add the contact's values for keys the note lacks; list the ones it holds differently."""
    for key, values in contact.values().items():
        current = note.current.get(key, ())
        if not current:
            note.current[key] = note.add[key] = values
            continue
        if key == "aliases":
            current = (*current, note.name)
        new = [value for value in values if not _same(key, value, current)]
        if new:
            note.conflicts.append(Conflict(key, ", ".join(new), ", ".join(current)))


def _same(key: str, value: str, current: tuple[str, ...]) -> bool:
    if key == "emails":
        return _email(value) in map(_email, current)
    if key == "phones":
        return _phone(value) in map(_phone, current)
    if key in ("birthday", "anniversary"):  # a card without the year agrees with a note
        return any(
            value == have or (value[:2] == "--" and value[1:] == have[4:]) for have in current
        )
    return fold(value) in map(fold, current)


def yaml_value(key: str, values: tuple[str, ...]) -> str:
    """The YAML text of a key's value: a flow list of quoted strings, a plain date for a full
    birthday, anniversary or met, a quoted wikilink (or a list of them) for `org`."""
    if key in ("birthday", "anniversary", "met", "cadence"):
        return values[0] if values[0][0].isalnum() else json.dumps(values[0])
    if key == "org":
        values = tuple(f"[[{name}]]" for name in values)
        if len(values) == 1:
            return json.dumps(values[0], ensure_ascii=False)
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _email(text: str) -> str:
    return text.strip().casefold()


def _phone(text: str) -> str:
    """Digits only, with a leading + kept: `+44 20 7946-0018` → `+442079460018`."""
    digits = re.sub(r"\D", "", text)
    return ("+" if text.strip().startswith("+") else "") + digits if digits else ""


def _get(data: dict[str, Any], key: str) -> Any:
    return next((value for k, value in data.items() if str(k).lower() == key), None)


def _strings(value: Any) -> tuple[str, ...]:
    """A front-matter value as strings: a scalar or a list of them; dates in ISO form."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dt.date):
            found.append(item.isoformat())
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            found += [str(item).strip()] if str(item).strip() else []
    return tuple(found)
