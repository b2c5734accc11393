"""The public values of the library (the JSON shapes): frozen, each with `to_json()`.

Built from the core's notes and derived facts; `to_json()` gives plain JSON data with dates as
`YYYY-MM-DD` strings. The command line prints exactly these with `--json`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from vaultrel.core import model
from vaultrel.core.model import Note
from vaultrel.errors import Problem

JSON = dict[str, Any]
AgendaKind = Literal["owed", "reply", "reach_out", "birthday", "anniversary", "waiting"]


def iso_day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _source(source: tuple[str, int | None] | None) -> JSON | None:
    return None if source is None else {"path": source[0], "line": source[1]}


@dataclass(frozen=True, slots=True)
class Obligation:
    """Something owed between me and one person; `person` is their name."""

    what: str
    due: dt.date | None
    kind: model.ObligationKind
    person: str
    direction: model.Direction
    promised_on: dt.date | None
    source: tuple[str, int | None]

    @classmethod
    def of(cls, obligation: model.Obligation, name: str) -> Obligation:
        o = obligation
        return cls(o.what, o.due, o.kind, name, o.direction, o.promised_on, (o.path, o.line))

    def to_json(self) -> JSON:
        return {
            "what": self.what,
            "due": iso_day(self.due),
            "kind": self.kind,
            "person": self.person,
            "direction": self.direction,
            "promised_on": iso_day(self.promised_on),
            "source": _source(self.source),
        }


@dataclass(frozen=True, slots=True)
class Point:
    """A talking point (an open task tagged `#ask` or `#tell`) for one person."""

    what: str
    person: str
    tag: str
    source: tuple[str, int]

    @classmethod
    def of(cls, point: model.Point, name: str) -> Point:
        return cls(point.what, name, point.tag, (point.path, point.line))

    def to_json(self) -> JSON:
        return {
            "what": self.what,
            "person": self.person,
            "tag": self.tag,
            "source": _source(self.source),
        }


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One conversation on a person's timeline: a conversation note, or a conversation logged
    on `line` of a dated note; `thread` is its thread's first conversation."""

    date: dt.date | None
    path: str
    line: int | None
    thread: str
    channel: str | None
    summary: str | None
    topics: tuple[str, ...]
    planned: bool

    def to_json(self) -> JSON:
        return {
            "date": iso_day(self.date),
            "path": self.path,
            "line": self.line,
            "thread": self.thread,
            "channel": self.channel,
            "summary": self.summary,
            "topics": list(self.topics),
            "planned": self.planned,
        }


@dataclass(frozen=True, slots=True)
class Person:
    """A person with their derived facts, timeline (newest first) and mentions."""

    name: str
    path: str
    aliases: tuple[str, ...]
    cadence: str | None
    last_spoke: dt.date | None
    last_conversation: str | None
    next_owed: dt.date | None
    next_owed_what: str | None
    reach_out_by: dt.date | None
    owed: tuple[Obligation, ...]
    they_owe: tuple[Obligation, ...]
    points: tuple[Point, ...]
    conversations: int
    birthday: str | None
    anniversary: str | None
    met: str | None
    paused: bool
    snooze_until: dt.date | None
    timeline: tuple[TimelineEntry, ...]
    mentions: tuple[str, ...]

    @classmethod
    def of(
        cls,
        note: Note,
        facts: model.Facts,
        timeline: tuple[TimelineEntry, ...],
        conversations: int,
    ) -> Person:
        name = note.title
        return cls(
            name=name,
            path=note.path,
            aliases=tuple(note.aliases),
            cadence=str(note.cadence) if note.cadence else None,
            last_spoke=facts.last_spoke,
            last_conversation=facts.last_conversation,
            next_owed=facts.next_owed,
            next_owed_what=facts.next_owed_what,
            reach_out_by=facts.reach_out_by,
            owed=tuple(Obligation.of(o, name) for o in facts.owed),
            they_owe=tuple(Obligation.of(o, name) for o in facts.they_owe),
            points=tuple(Point.of(p, name) for p in facts.points),
            conversations=conversations,
            birthday=note.birthday,
            anniversary=note.anniversary,
            met=note.met,
            paused=note.paused,
            snooze_until=note.snooze_until,
            timeline=timeline,
            mentions=tuple(facts.mentions),
        )

    def to_json(self, page: bool = False) -> JSON:
        """The fields of `people --json`; with `page`, also those of `show --json` (paused,
        snooze_until, the timeline and mentions)."""
        shape: JSON = {
            "name": self.name,
            "path": self.path,
            "aliases": list(self.aliases),
            "cadence": self.cadence,
            "last_spoke": iso_day(self.last_spoke),
            "last_conversation": self.last_conversation,
            "next_owed": iso_day(self.next_owed),
            "next_owed_what": self.next_owed_what,
            "reach_out_by": iso_day(self.reach_out_by),
            "owed": [o.to_json() for o in self.owed],
            "they_owe": [o.to_json() for o in self.they_owe],
            "points": [p.to_json() for p in self.points],
            "conversations": self.conversations,
            "birthday": self.birthday,
            "anniversary": self.anniversary,
            "met": self.met,
        }
        if page:
            shape |= {
                "paused": self.paused,
                "snooze_until": iso_day(self.snooze_until),
                "timeline": [entry.to_json() for entry in self.timeline],
                "mentions": list(self.mentions),
            }
        return shape


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One line of the agenda; `person` is the person's name, `path` their note."""

    person: str
    path: str
    kind: AgendaKind
    due: dt.date
    days: int
    what: str
    promised_on: dt.date | None
    escalated: bool
    source: tuple[str, int | None] | None

    def to_json(self) -> JSON:
        return {
            "person": self.person,
            "path": self.path,
            "kind": self.kind,
            "due": iso_day(self.due),
            "days": self.days,
            "what": self.what,
            "promised_on": iso_day(self.promised_on),
            "escalated": self.escalated,
            "source": _source(self.source),
        }


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What an index run saw and did; with `dry_run` or `check`, `written` and `created` list
    what would be."""

    notes: int
    people: int
    conversations: int
    written: tuple[str, ...]
    created: tuple[str, ...]
    unchanged: int
    problems: tuple[Problem, ...]
    seconds: float

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)

    def to_json(self) -> JSON:
        return {
            "notes": self.notes,
            "people": self.people,
            "conversations": self.conversations,
            "written": list(self.written),
            "created": list(self.created),
            "unchanged": self.unchanged,
            "problems": [p.to_json() for p in self.problems],
            "seconds": self.seconds,
        }
