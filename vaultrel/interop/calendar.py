"""The calendar feed (pure): what I owe with its due date, reach-out dates, birthdays and
anniversaries.

Every event's UID is derived from what it is about (the person, the note, the task), never
from its date, so a calendar that subscribes to the file updates an event whose date moved
instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

from vaultrel.core.model import Facts, Note, Obligation

PRODID = "-//vaultrel//EN"
CALENDAR_NAME = "vaultrel"


@dataclass(frozen=True, slots=True)
class Event:
    """One all-day event; `yearly` repeats it every year on its month and day."""

    uid: str
    date: dt.date
    summary: str
    description: str
    yearly: bool = False


def events(people: Iterable[tuple[Note, Facts]]) -> list[Event]:
    """The events for each person note and its facts, sorted by date then UID."""
    found: list[Event] = []
    for note, facts in people:
        name = note.title
        found += _owed(name, facts.owed)
        if facts.reach_out_by:
            found.append(
                Event(
                    _uid("reach-out", facts.person),
                    facts.reach_out_by,
                    f"Reach out to {name}",
                    facts.person,
                )
            )
        if note.birthday:
            found.append(_yearly("birthday", f"{name}'s birthday", note.birthday, note.path))
        if note.anniversary:
            summary = f"{name}'s anniversary"
            found.append(_yearly("anniversary", summary, note.anniversary, note.path))
    return sorted(found, key=lambda event: (event.date, event.uid))


def _owed(name: str, owed: Iterable[Obligation]) -> list[Event]:
    seen: Counter[tuple[str, str]] = Counter()
    found = []
    for item in owed:
        if item.due is None:
            continue
        key = (item.path, item.what)
        seen[key] += 1  # the same task twice in one note: two events
        summary = f"Reply to {name}" if item.kind == "reply" else f"{name}: {item.what}"
        promised = f", promised {item.promised_on.isoformat()}" if item.promised_on else ""
        found.append(
            Event(
                _uid("owed", item.person, item.kind, *key, str(seen[key])),
                item.due,
                summary,
                f"I owe {name}{promised}: {item.path}",
            )
        )
    return found


def _yearly(kind: str, summary: str, written: str, path: str) -> Event:
    year = written[:4] if written[:1].isdigit() else "2000"  # a leap year holds 29 February
    date = dt.date.fromisoformat(f"{year}-{written[-5:]}")
    return Event(_uid(kind, path), date, summary, path, yearly=True)


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return f"{digest[:32]}@vaultrel"


def to_ical(found: Iterable[Event], stamp: dt.datetime) -> bytes:
    """An iCalendar file of all-day, free-time events; `stamp` (UTC) is every DTSTAMP."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for event in found:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.date)
        item.add("dtend", event.date + dt.timedelta(days=1))
        item.add("summary", event.summary)
        item.add("description", event.description)
        item.add("transp", "TRANSPARENT")
        if event.yearly:
            # 29 February falls on the month's last day in other years, as DESIGN §2.5 clamps
            day = -1 if (event.date.month, event.date.day) == (2, 29) else event.date.day
            item.add("rrule", {"freq": "yearly", "bymonth": event.date.month, "bymonthday": day})
        calendar.add_component(item)
    data: bytes = calendar.to_ical()
    return data
