"""One person's brief (`vaultrel brief`): what to have in mind before you meet them.

Pure: the person's public value, the last conversation's text and the dates of the notes that
mention them come in, `today` is a parameter; nothing of it is written into notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from vaultrel.core.agenda import YearlyKind, yearly_within
from vaultrel.core.model import Note
from vaultrel.core.text import split_lines
from vaultrel.core.values import JSON, Obligation, Person, Point, TimelineEntry, iso_day

DATES_WITHIN = 30  # days ahead a birthday or anniversary is worth a line
BODY_LINES = 5  # of a conversation note's text, when it logs no nested items


@dataclass(frozen=True, slots=True)
class LastConversation:
    """The last conversation that counts: a conversation note (`notes` are its first
    non-empty lines outside the front-matter and the generated block) or a logged line of
    a dated note (`notes` are the items nested under it)."""

    path: str
    line: int | None
    date: dt.date | None
    channel: str | None
    summary: str | None
    notes: tuple[str, ...]

    def to_json(self) -> JSON:
        return {
            "path": self.path,
            "date": iso_day(self.date),
            "channel": self.channel,
            "summary": self.summary,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A note that mentions the person, dated after they last spoke."""

    path: str
    date: dt.date

    def to_json(self) -> JSON:
        return {"path": self.path, "date": self.date.isoformat()}


@dataclass(frozen=True, slots=True)
class Occasion:
    """A birthday or anniversary coming up: its next date on or after today, and how far."""

    kind: YearlyKind
    date: dt.date
    days: int

    def to_json(self) -> JSON:
        return {"kind": self.kind, "date": self.date.isoformat(), "days": self.days}


@dataclass(frozen=True, slots=True)
class Brief:
    """One person's brief on `today`: talking points, what each side owes, the last
    conversation, their threads (each oldest first, the newest thread first), the notes that
    mention them since they last spoke (newest first), birthdays and anniversaries within 30
    days, and the cadence."""

    person: Person
    today: dt.date
    last_conversation: LastConversation | None
    threads: tuple[tuple[str, ...], ...]
    mentions_since: tuple[Mention, ...]
    dates: tuple[Occasion, ...]

    @property
    def points(self) -> tuple[Point, ...]:
        return self.person.points

    @property
    def owed(self) -> tuple[Obligation, ...]:
        return self.person.owed

    @property
    def they_owe(self) -> tuple[Obligation, ...]:
        return self.person.they_owe

    @property
    def reach_out_by(self) -> dt.date | None:
        return self.person.reach_out_by

    @property
    def days_to_reach_out(self) -> int | None:
        """Days from today to reach out by; negative when overdue."""
        reach = self.person.reach_out_by
        return None if reach is None else (reach - self.today).days

    @classmethod
    def of(
        cls,
        person: Person,
        today: dt.date,
        last: LastConversation | None,
        mentions: Iterable[Mention],
    ) -> Brief:
        return cls(
            person=person,
            today=today,
            last_conversation=last,
            threads=threads(person.timeline),
            mentions_since=tuple(m for m in mentions if _since(m.date, person.last_spoke)),
            dates=occasions(person, today),
        )

    def to_json(self) -> JSON:
        last = self.last_conversation
        return {
            "person": self.person.to_json(),
            "today": self.today.isoformat(),
            "points": [point.to_json() for point in self.points],
            "owed": [item.to_json() for item in self.owed],
            "they_owe": [item.to_json() for item in self.they_owe],
            "last_conversation": last.to_json() if last else None,
            "threads": [list(thread) for thread in self.threads],
            "mentions_since": [mention.to_json() for mention in self.mentions_since],
            "dates": [occasion.to_json() for occasion in self.dates],
            "reach_out_by": iso_day(self.reach_out_by),
            "days_to_reach_out": self.days_to_reach_out,
        }


def last_entry(person: Person) -> TimelineEntry | None:
    """The timeline entry of the person's last conversation that counts (the timeline is
    ordered as last spoke is chosen; only planned ones are on it and do not count)."""
    return next((entry for entry in person.timeline if not entry.planned), None)


def last_conversation(
    entry: TimelineEntry, text: str | None, note: Note | None
) -> LastConversation:
    """The last conversation, with its notes taken from the text of the note it is in (`note`
    as parsed from `text`; None when it could not be read: no notes then)."""
    notes = () if text is None or note is None else conversation_notes(text, note, entry.line)
    return LastConversation(entry.path, entry.line, entry.date, entry.channel, entry.summary, notes)


def conversation_notes(text: str, note: Note, line: int | None) -> tuple[str, ...]:
    """A logged line's nested items (its `line`, 1-based), or else the note's first five
    non-empty lines outside its front-matter and generated block, each trimmed."""
    lines = split_lines(text)
    if line is not None:
        logged = next((item for item in note.logged if item.line == line), None)
        nested = lines[line : logged.last] if logged else []
        return tuple(kept for raw in nested if (kept := raw.strip()))
    regions = note.regions
    start = regions.front_close + 1 if regions and regions.front_close is not None else 0
    block = regions.block if regions else None
    body = (
        raw
        for index, raw in enumerate(lines[start:], start)
        if block is None or not block.begin <= index <= block.end
    )
    found: list[str] = []
    for raw in body:
        if kept := raw.strip():
            found.append(kept)
            if len(found) == BODY_LINES:
                break
    return tuple(found)


def threads(timeline: Iterable[TimelineEntry]) -> tuple[tuple[str, ...], ...]:
    """The person's conversations that share a thread (joined by `follows`), two or more:
    each oldest first, the thread with the newest conversation first (the timeline is newest
    first)."""
    by_thread: dict[str, list[str]] = {}
    for entry in timeline:
        by_thread.setdefault(entry.thread, []).append(entry.path)
    return tuple(tuple(reversed(paths)) for paths in by_thread.values() if len(paths) > 1)


def occasions(person: Person, today: dt.date) -> tuple[Occasion, ...]:
    """Birthday and anniversary when the next one (on or after today) is within 30 days;
    29 February falls on 28 February in other years, as in the agenda."""
    found = yearly_within(person.birthday, person.anniversary, today, DATES_WITHIN)
    dates = (Occasion(kind, day, (day - today).days) for kind, _, day in found)
    return tuple(sorted(dates, key=lambda occasion: (occasion.date, occasion.kind)))


def _since(date: dt.date, last_spoke: dt.date | None) -> bool:
    return last_spoke is None or date > last_spoke
