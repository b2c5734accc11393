"""Today-relative views of the derived facts: what is overdue or due soon, birthdays, escalation.

The only core module that knows about "today", and only as a parameter: nothing here is written
into notes (DESIGN §2.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from vaultrel.core.cadence import Cadence, clamped_date
from vaultrel.core.model import Facts, Note, Obligation
from vaultrel.core.values import AgendaItem, AgendaKind

ESCALATE_WITHOUT_CADENCE = Cadence(30, "d")
YearlyKind = Literal["birthday", "anniversary"]


def agenda(people: Iterable[tuple[Note, Facts]], today: dt.date, days: int) -> list[AgendaItem]:
    """What I owe (tasks, replies, reach-outs) that is overdue or due within `days` of
    `today`, birthdays and anniversaries in that window, and what others owe me that is
    overdue."""
    horizon = today + dt.timedelta(days=days)
    items: list[AgendaItem] = []
    for person, facts in people:
        name = person.title
        for obligation in facts.owed:
            if obligation.due is not None and obligation.due <= horizon:
                items.append(_obligation(person, name, obligation, today))
        for obligation in facts.they_owe:
            if obligation.due is not None and obligation.due < today:
                items.append(_obligation(person, name, obligation, today))
        if facts.reach_out_by is not None and facts.reach_out_by <= horizon:
            last = (facts.last_conversation, None) if facts.last_conversation else None
            what = f"reach out (every {person.cadence})" if person.cadence else "reach out"
            items.append(_item(person, "reach_out", facts.reach_out_by, today, what, last))
        for kind, written, day in yearly_within(person.birthday, person.anniversary, today, days):
            what = _yearly_what(kind, written, day)
            items.append(_item(person, kind, day, today, what, (person.path, None)))
    return sorted(items, key=_sort_key)


def _sort_key(item: AgendaItem) -> tuple[dt.date, str, str, int, str]:
    path, line = item.source or ("", None)
    return (item.due, item.person.lower(), path, line or 0, item.kind)


def _item(
    person: Note,
    kind: AgendaKind,
    due: dt.date,
    today: dt.date,
    what: str,
    source: tuple[str, int | None] | None = None,
) -> AgendaItem:
    days = (due - today).days
    return AgendaItem(person.title, person.path, kind, due, days, what, None, False, source)


def _obligation(person: Note, name: str, obligation: Obligation, today: dt.date) -> AgendaItem:
    """An obligation with a due date: what I owe (escalated when old), or what they owe;
    `name` is the person's title."""
    assert obligation.due is not None
    mine = obligation.direction == "i_owe"
    return AgendaItem(
        person=name,
        path=person.path,
        kind="waiting" if not mine else "reply" if obligation.kind == "reply" else "owed",
        due=obligation.due,
        days=(obligation.due - today).days,
        what=obligation.what,
        promised_on=obligation.promised_on,
        escalated=mine and is_escalated(obligation.promised_on, person.cadence, today),
        source=(obligation.path, obligation.line),
    )


def is_escalated(promised_on: dt.date | None, cadence: Cadence | None, today: dt.date) -> bool:
    """Whether a promise is older than the person's cadence (30 days without one)."""
    if promised_on is None:
        return False
    return (cadence or ESCALATE_WITHOUT_CADENCE).after(promised_on) < today


def yearly_within(
    birthday: str | None, anniversary: str | None, today: dt.date, days: int
) -> list[tuple[YearlyKind, str, dt.date]]:
    """The birthday and the anniversary (each as written) whose next date, on or after
    `today`, is at most `days` away, with that date."""
    found: list[tuple[YearlyKind, str, dt.date]] = []
    yearly: tuple[tuple[YearlyKind, str | None], ...] = (
        ("birthday", birthday),
        ("anniversary", anniversary),
    )
    for kind, written in yearly:
        day = next_occurrence(written, today)
        if written is not None and day is not None and (day - today).days <= days:
            found.append((kind, written, day))
    return found


def next_occurrence(yearly: str | None, today: dt.date) -> dt.date | None:
    """The first birthday or anniversary on or after `today`, from `YYYY-MM-DD` or `--MM-DD`.
    29 February falls on 28 February in other years (as calendar months clamp, DESIGN §2.5)."""
    if yearly is None:
        return None
    month, day = int(yearly[-5:-3]), int(yearly[-2:])
    this_year = clamped_date(today.year, month, day)
    return this_year if this_year >= today else clamped_date(today.year + 1, month, day)


def _yearly_what(kind: str, written: str, on: dt.date) -> str:
    if written.startswith("--"):
        return kind
    years = on.year - int(written[:4])
    return f"birthday (turns {years})" if kind == "birthday" else f"anniversary ({years} years)"


def relative(date: dt.date, today: dt.date) -> str:
    """`today`, `tomorrow`, `yesterday`, `in 3 days`, `12 days ago`."""
    days = (date - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"
