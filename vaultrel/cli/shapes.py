"""The JSON shapes of DESIGN §5.1, built from the core's values at the edge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from vaultrel.cli.output import problem_json
from vaultrel.core.agenda import AgendaItem
from vaultrel.core.derive import Facts, Obligation, Point
from vaultrel.core.graph import Graph
from vaultrel.core.model import Note
from vaultrel.errors import Problem


class Source(BaseModel):
    path: str
    line: int | None


class ObligationShape(BaseModel):
    what: str
    due: dt.date | None
    kind: Literal["task", "reply"]
    person: str
    direction: Literal["i_owe", "they_owe"]
    promised_on: dt.date | None
    source: Source

    @classmethod
    def of(cls, obligation: Obligation, name: str) -> ObligationShape:
        return cls(
            what=obligation.what,
            due=obligation.due,
            kind=obligation.kind,
            person=name,
            direction=obligation.direction,
            promised_on=obligation.promised_on,
            source=Source(path=obligation.path, line=obligation.line),
        )


class PointShape(BaseModel):
    what: str
    person: str
    tag: str
    source: Source

    @classmethod
    def of(cls, point: Point, name: str) -> PointShape:
        return cls(
            what=point.what,
            person=name,
            tag=point.tag,
            source=Source(path=point.path, line=point.line),
        )


class TimelineEntry(BaseModel):
    date: dt.date | None
    path: str
    line: int | None  # a conversation logged on a line of a dated note: that line
    thread: str  # the first conversation of its thread (`follows:` links)
    channel: str | None
    summary: str | None
    topics: list[str]
    planned: bool


class PersonShape(BaseModel):
    name: str
    path: str
    aliases: list[str]
    cadence: str | None
    last_spoke: dt.date | None
    last_conversation: str | None
    next_owed: dt.date | None
    next_owed_what: str | None
    reach_out_by: dt.date | None
    owed: list[ObligationShape]
    they_owe: list[ObligationShape]
    points: list[PointShape]
    conversations: int
    birthday: str | None
    anniversary: str | None
    met: str | None

    @classmethod
    def of(cls, person: Note, facts: Facts, graph: Graph) -> PersonShape:
        counting = [
            id
            for id in graph.conversations_of.get(person.path, ())
            if graph.conversation(id).counts
        ]
        return cls(
            name=person.title,
            path=person.path,
            aliases=list(person.aliases),
            cadence=str(person.cadence) if person.cadence else None,
            last_spoke=facts.last_spoke,
            last_conversation=facts.last_conversation,
            next_owed=facts.next_owed,
            next_owed_what=facts.next_owed_what,
            reach_out_by=facts.reach_out_by,
            owed=[ObligationShape.of(o, person.title) for o in facts.owed],
            they_owe=[ObligationShape.of(o, person.title) for o in facts.they_owe],
            points=[PointShape.of(p, person.title) for p in facts.points],
            conversations=len(counting),
            birthday=person.birthday,
            anniversary=person.anniversary,
            met=person.met,
        )


class PersonPageShape(PersonShape):
    """`show --json`: the person, with the timeline and mentions of their page."""

    paused: bool
    snooze_until: dt.date | None
    timeline: list[TimelineEntry]
    mentions: list[str]

    @classmethod
    def page(cls, person: Note, facts: Facts, graph: Graph) -> PersonPageShape:
        timeline = [
            TimelineEntry(
                date=(c := graph.conversation(id)).date,
                path=c.path,
                line=c.line,
                thread=graph.thread_root(id),
                channel=c.channel,
                summary=c.summary,
                topics=list(c.topics),
                planned=c.status == "planned",
            )
            for id in facts.timeline
        ]
        return cls(
            **PersonShape.of(person, facts, graph).model_dump(),
            paused=person.paused,
            snooze_until=person.snooze_until,
            timeline=timeline,
            mentions=list(facts.mentions),
        )


class AgendaShape(BaseModel):
    person: str
    path: str
    kind: Literal["owed", "reply", "reach_out", "birthday", "anniversary", "waiting"]
    due: dt.date
    days: int
    what: str
    promised_on: dt.date | None
    escalated: bool
    source: Source | None

    @classmethod
    def of(cls, item: AgendaItem) -> AgendaShape:
        return cls(
            person=item.name,
            path=item.person,
            kind=item.kind,
            due=item.due,
            days=item.days,
            what=item.what,
            promised_on=item.promised_on,
            escalated=item.escalated,
            source=Source(path=item.source[0], line=item.source[1]) if item.source else None,
        )


class ProblemShape(BaseModel):
    code: str
    severity: Literal["error", "warning"]
    path: str
    line: int | None
    message: str
    hint: str

    @classmethod
    def of(cls, problem: Problem) -> ProblemShape:
        return cls.model_validate(problem_json(problem))


def dump(shapes: BaseModel | Sequence[BaseModel]) -> object:
    """Plain JSON data: dates as `YYYY-MM-DD` strings."""
    if isinstance(shapes, Sequence):
        return [shape.model_dump(mode="json") for shape in shapes]
    return shapes.model_dump(mode="json")
