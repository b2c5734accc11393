"""Derived facts (DESIGN §2.5): last spoke, reach out by, next owed, what each side owes.

Pure functions of the resolved vault; nothing here depends on today, the clock or file order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from vaultrel.core.graph import Conversation, Graph, newest_first
from vaultrel.core.model import Direction, Facts, Kind, Note, Obligation, Point


def derive(graph: Graph, only: Iterable[str] | None = None) -> dict[str, Facts]:
    """Facts for every person note (or the person notes among `only`), keyed by path.

    A person's facts come from their own note and the notes linking to it, so a few people's
    facts need only those notes read."""
    if only is None:
        people = graph.people()
        sources: Iterable[str] = sorted(graph.notes)
    else:
        people = [graph.notes[p] for p in sorted(set(only)) if _is_person(graph, p)]
        linking = {edge.source for p in people for edge in graph.backlinks.get(p.path, ())}
        sources = sorted(linking.union(p.path for p in people))
    obligations, points = _obligations(graph, sources)
    return {
        person.path: _facts(
            graph, person, obligations.get(person.path, []), points.get(person.path, ())
        )
        for person in people
    }


def _is_person(graph: Graph, path: str) -> bool:
    note = graph.notes.get(path)
    return note is not None and note.kind is Kind.PERSON


def _obligations(
    graph: Graph, sources: Iterable[str]
) -> tuple[dict[str, list[Obligation]], dict[str, list[Point]]]:
    """What the task lines and awaited replies of the `sources` notes owe, and the talking
    points they hold, by person."""
    found: dict[str, list[Obligation]] = defaultdict(list)
    points: dict[str, list[Point]] = defaultdict(list)
    latest: dict[str, tuple[dt.date, str | None]] = {}
    for path in sources:
        note = graph.notes[path]
        participants = graph.participants.get(path, ())
        logged = [graph.logged[id] for id in graph.logged_in.get(path, ())]
        for task in note.tasks:
            if not task.is_open:
                continue
            on_line = graph.line_people.get((path, task.line), ())
            if note.kind is Kind.CONVERSATION:
                people = on_line or participants
            elif note.kind is Kind.PERSON:
                people = (path,)
            elif not on_line and logged:
                people = _nested_under(graph, note, logged, task.line)
            else:
                people = on_line
            if task.point is not None:
                for person in people:
                    points[person].append(Point(task.what, person, task.point, path, task.line))
                continue
            direction: Direction = "they_owe" if task.waiting else "i_owe"
            for person in people:
                found[person].append(
                    Obligation(
                        task.what,
                        task.due,
                        "task",
                        person,
                        direction,
                        note.date or task.created,  # the note's date, else the line's
                        path,
                        task.line,
                    )
                )
        if note.counts and note.awaiting:
            for person in participants:
                if person not in latest:
                    latest[person] = _latest(graph, person)
                if not _talked_since(note, *latest[person]):
                    side: Direction = "i_owe" if note.awaiting == "me" else "they_owe"
                    found[person].append(
                        Obligation("reply", note.date, "reply", person, side, note.date, path, None)
                    )
    return found, points


def _nested_under(
    graph: Graph, note: Note, logged: list[Conversation], line: int
) -> tuple[str, ...]:
    """The participants of the logged conversation a task line is nested under (the innermost
    one), or nobody."""
    by_line = {item.line: item for item in note.logged}
    for conversation in reversed(logged):
        assert conversation.line is not None
        if conversation.line < line <= by_line[conversation.line].last:
            return graph.participants.get(conversation.id, ())
    return ()


def _latest(graph: Graph, person: str) -> tuple[dt.date, str | None]:
    """The date of a person's latest conversation that counts, and its latest time that day
    (None if no conversation that day has one). Only called for people with one."""
    counting = [c for id in graph.conversations_of[person] if (c := graph.conversation(id)).counts]
    day = max(n.date for n in counting if n.date is not None)
    times = [n.time for n in counting if n.date == day and n.time is not None]
    return day, max(times, default=None)


def _talked_since(note: Note, day: dt.date, time: str | None) -> bool:
    """Whether a conversation came after `note` (a later day, or a later time the same day
    when both have one), given the latest day with one and its latest time: a reply owed
    is settled by any later conversation."""
    assert note.date is not None
    if note.date != day:
        return note.date < day
    return note.time is not None and time is not None and time > note.time


def _facts(
    graph: Graph, person: Note, obligations: list[Obligation], points: Iterable[Point]
) -> Facts:
    conversations = [graph.conversation(id) for id in graph.conversations_of[person.path]]
    counting = sorted(
        (c for c in conversations if c.counts),
        key=lambda c: (c.date, c.time or "", c.path, c.line or 0),
        reverse=True,
    )
    last = counting[0] if counting else None
    last_spoke = last.date if last else None
    reach_out_by = _reach_out_by(person, last_spoke)
    owed = tuple(
        sorted((o for o in obligations if o.direction == "i_owe"), key=Obligation.sort_key)
    )
    they_owe = tuple(
        sorted((o for o in obligations if o.direction == "they_owe"), key=Obligation.sort_key)
    )
    next_owed, what, source = None, None, None
    dated = [o for o in owed if o.due is not None]
    if dated:
        first = dated[0]
        next_owed, what, source = first.due, first.what, (first.path, first.line)
    if reach_out_by is not None and (next_owed is None or reach_out_by < next_owed):
        next_owed, what, source = reach_out_by, "reach out", None
    timeline = tuple(
        c.id
        for c in sorted(
            (c for c in conversations if c.date is not None and c.status != "cancelled"),
            key=lambda c: (c.date, c.time or "", c.path, c.line or 0),
            reverse=True,
        )
    )
    return Facts(
        person=person.path,
        last_spoke=last_spoke,
        last_conversation=last.path if last else None,
        reach_out_by=reach_out_by,
        next_owed=next_owed,
        next_owed_what=what,
        next_owed_source=source,
        owed=owed,
        they_owe=they_owe,
        timeline=timeline,
        mentions=_mentions(graph, person.path),
        points=tuple(sorted(points, key=lambda p: (p.path, p.line))),
        last_id=last.id if last else None,
    )


def _reach_out_by(person: Note, last_spoke: dt.date | None) -> dt.date | None:
    base = last_spoke or person.met_on
    if person.cadence is None or person.paused or base is None:
        return None
    due = person.cadence.after(base)
    if person.snooze_until is not None and person.snooze_until > due:
        return person.snooze_until
    return due


def _mentions(graph: Graph, person: str) -> tuple[str, ...]:
    """Notes that link to the person without having them as a participant."""
    sources = {
        edge.source
        for edge in graph.backlinks.get(person, ())
        if edge.key != "with"
        and person not in graph.participants.get(edge.source, ())
        and not any(person in graph.participants[id] for id in graph.logged_in.get(edge.source, ()))
    }
    return tuple(newest_first(sources, graph.notes))
