"""Notes and problems as nested tuples of plain values, and back: what the index store and the
worker processes pass around (marshal-ready, never pickles, so stored data cannot run code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vaultrel.core import values
from vaultrel.core.cadence import Cadence
from vaultrel.core.model import (
    Block,
    Facts,
    Kind,
    Link,
    Logged,
    Note,
    Obligation,
    Point,
    Regions,
    Task,
)
from vaultrel.errors import Problem


def _date(value: dt.date | None) -> int | None:
    return value.toordinal() if value else None


def _undate(value: int | None) -> dt.date | None:
    if not value:
        return None
    day = _DAYS.get(value)
    if day is None:
        day = _DAYS[value] = dt.date.fromordinal(value)
    return day


_DAYS: dict[int, dt.date] = {}  # by ordinal: a vault's dates repeat, and dates are immutable


def encode_note(note: Note) -> tuple[Any, ...]:
    """A Note as nested tuples of plain values (the inverse of `decode_note`)."""
    return (
        note.kind.value,
        tuple(  # `part` only when set: most links name a whole note
            (link.target, link.line, link.key, True)
            if link.part
            else (link.target, link.line, link.key)
            for link in note.links
        ),
        tuple(
            (t.line, t.status, t.what, _date(t.due), t.waiting, _date(t.created), t.point)
            for t in note.tasks
        ),
        _date(note.date),
        note.time,
        note.channel,
        note.summary,
        note.topics,
        note.awaiting,
        note.status,
        note.aliases,
        (note.cadence.count, note.cadence.unit) if note.cadence else None,
        note.met,
        note.paused,
        _date(note.snooze_until),
        note.birthday,
        note.anniversary,
        _encode_regions(note.regions),
        note.owned,
        tuple(encode_problem(problem) for problem in note.problems),
        note.writable,
        tuple((g.line, g.last, _date(g.date), g.time, g.channel, g.summary) for g in note.logged),
    )


def decode_note(path: str, data: tuple[Any, ...]) -> Note:
    (
        kind,
        links,
        tasks,
        date,
        time,
        channel,
        summary,
        topics,
        awaiting,
        status,
        aliases,
        cadence,
        met,
        paused,
        snooze,
        birthday,
        anniversary,
        regions,
        owned,
        problems,
        writable,
        logged,
    ) = data
    return Note(
        path=path,
        kind=Kind(kind),
        links=tuple(Link(*link) for link in links),
        tasks=tuple(
            Task(line, st, what, _undate(due), w, _undate(made), point)
            for line, st, what, due, w, made, point in tasks
        ),
        date=_undate(date),
        time=time,
        channel=channel,
        summary=summary,
        topics=topics,
        awaiting=awaiting,
        status=status,
        aliases=aliases,
        cadence=Cadence(*cadence) if cadence else None,
        met=met,
        paused=paused,
        snooze_until=_undate(snooze),
        birthday=birthday,
        anniversary=anniversary,
        regions=_decode_regions(regions),
        owned=owned,
        problems=tuple(decode_problem(path, problem) for problem in problems),
        writable=writable,
        logged=tuple(
            Logged(line, last, dt.date.fromordinal(day), time, channel, summary)
            for line, last, day, time, channel, summary in logged
        ),
    )


def encode_problem(problem: Problem) -> tuple[Any, ...]:
    """A Problem as a plain tuple, without its path (the note it belongs to has one)."""
    return (problem.line, problem.code, problem.message, problem.hint, problem.severity)


def decode_problem(path: str, data: tuple[Any, ...]) -> Problem:
    return Problem(path, *data)


def _encode_regions(regions: Regions | None) -> tuple[Any, ...] | None:
    if regions is None:
        return None
    block = regions.block
    return (
        regions.front_close,
        regions.key_spans,
        (block.begin, block.end, block.hash, block.digest, block.blank) if block else None,
        regions.open_at_end,
    )


def _decode_regions(data: tuple[Any, ...] | None) -> Regions | None:
    if data is None:
        return None
    front_close, spans, block, open_at_end = data
    return Regions(front_close, tuple(spans), Block(*block) if block else None, open_at_end)


def encode_facts(facts: Facts) -> tuple[Any, ...]:
    """A person's derived facts as nested tuples of plain values (the inverse of
    `decode_facts`)."""
    return (
        facts.person,
        _date(facts.last_spoke),
        facts.last_conversation,
        _date(facts.reach_out_by),
        _date(facts.next_owed),
        facts.next_owed_what,
        facts.next_owed_source,
        tuple(_encode_obligation(o) for o in facts.owed),
        tuple(_encode_obligation(o) for o in facts.they_owe),
        facts.timeline,
        facts.mentions,
        tuple((p.what, p.person, p.tag, p.path, p.line) for p in facts.points),
        facts.last_id,
    )


def decode_facts(data: tuple[Any, ...]) -> Facts:
    person, last, conversation, reach, owed_on, what, source, owed, they_owe = data[:9]
    timeline, mentions, points, last_id = data[9:]
    return Facts(
        person=person,
        last_spoke=_undate(last),
        last_conversation=conversation,
        reach_out_by=_undate(reach),
        next_owed=_undate(owed_on),
        next_owed_what=what,
        next_owed_source=tuple(source) if source else None,
        owed=tuple(_decode_obligation(o) for o in owed),
        they_owe=tuple(_decode_obligation(o) for o in they_owe),
        timeline=tuple(timeline),
        mentions=tuple(mentions),
        points=tuple(Point(*point) for point in points),
        last_id=last_id,
    )


def _encode_obligation(o: Obligation) -> tuple[Any, ...]:
    return (
        o.what,
        _date(o.due),
        o.kind,
        o.person,
        o.direction,
        _date(o.promised_on),
        o.path,
        o.line,
    )


def _decode_obligation(data: tuple[Any, ...]) -> Obligation:
    what, due, kind, person, direction, promised_on, path, line = data
    return Obligation(what, _undate(due), kind, person, direction, _undate(promised_on), path, line)


def encode_person(person: values.Person) -> tuple[Any, ...]:
    """A person's public value as nested tuples of plain values (the inverse of
    `decode_person`); their obligations without their name, which is the person's."""
    p = person
    return (
        p.name,
        p.path,
        p.aliases,
        p.cadence,
        _date(p.last_spoke),
        p.last_conversation,
        _date(p.next_owed),
        p.next_owed_what,
        _date(p.reach_out_by),
        tuple(_encode_owed(o) for o in p.owed),
        tuple(_encode_owed(o) for o in p.they_owe),
        tuple((q.what, q.tag, *q.source) for q in p.points),
        p.conversations,
        p.birthday,
        p.anniversary,
        p.met,
        p.paused,
        _date(p.snooze_until),
        tuple(
            (_date(t.date), t.path, t.line, t.thread, t.channel, t.summary, t.topics, t.planned)
            for t in p.timeline
        ),
        p.mentions,
    )


def decode_person(data: tuple[Any, ...]) -> values.Person:
    (name, path, aliases, cadence, last, conversation, owed_on, what, reach, owed, they_owe) = data[
        :11
    ]
    points, conversations, birthday, anniversary, met, paused, snooze, timeline, mentions = data[
        11:
    ]
    return values.Person(
        name=name,
        path=path,
        aliases=tuple(aliases),
        cadence=cadence,
        last_spoke=_undate(last),
        last_conversation=conversation,
        next_owed=_undate(owed_on),
        next_owed_what=what,
        reach_out_by=_undate(reach),
        owed=tuple(_decode_owed(o, name) for o in owed),
        they_owe=tuple(_decode_owed(o, name) for o in they_owe),
        points=tuple(values.Point(what, name, tag, (at, line)) for what, tag, at, line in points),
        conversations=conversations,
        birthday=birthday,
        anniversary=anniversary,
        met=met,
        paused=paused,
        snooze_until=_undate(snooze),
        timeline=tuple(
            values.TimelineEntry(
                _undate(day), at, line, thread, channel, summary, tuple(topics), planned
            )
            for day, at, line, thread, channel, summary, topics, planned in timeline
        ),
        mentions=tuple(mentions),
    )


def _encode_owed(o: values.Obligation) -> tuple[Any, ...]:
    return (o.what, _date(o.due), o.kind, o.direction, _date(o.promised_on), *o.source)


def _decode_owed(data: tuple[Any, ...], name: str) -> values.Obligation:
    what, due, kind, direction, promised_on, path, line = data
    return values.Obligation(
        what, _undate(due), kind, name, direction, _undate(promised_on), (path, line)
    )
