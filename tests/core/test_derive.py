"""Derived facts (DESIGN §2.3-§2.5): last spoke, reach out by, next owed, what each side owes.

Tiny vaults are written inline as `{path: text}`; every expected value is worked out by hand
from DESIGN, never copied from vaultrel's output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable
from dataclasses import replace

import pytest

from tests.conftest import Invoke, MakeVault
from vaultrel.config import Config
from vaultrel.core.derive import derive
from vaultrel.core.graph import build_graph
from vaultrel.core.model import Direction, Facts, Note, Obligation
from vaultrel.core.notes import parse_note

LAYOUT = Config().layout()
ADA = "people/Ada Lovelace.md"
GRACE = "people/Grace Hopper.md"
LINUS = "people/Linus.md"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def person(*keys: str, body: str = "") -> str:
    """A person note with the given front-matter lines (or none) and body."""
    front = "---\n" + "".join(f"{key}\n" for key in keys) + "---\n" if keys else ""
    return front + body


def convo(date: str | None, *people: str, keys: Iterable[str] = (), body: str = "") -> str:
    """A conversation note: `date:` (unless None), `with:` the people, more keys, a body."""
    lines = ["---"]
    if date is not None:
        lines.append(f"date: {date}")
    lines.append("with: [" + ", ".join(f'"[[{name}]]"' for name in people) + "]")
    lines += [*keys, "---"]
    return "\n".join(lines) + "\n" + body


def parse(files: dict[str, str]) -> list[Note]:
    return [parse_note(path, text.encode(), LAYOUT) for path, text in files.items()]


def facts_of(files: dict[str, str]) -> dict[str, Facts]:
    return derive(build_graph(parse(files)))


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the only line of `text` that contains `fragment`."""
    found = [n for n, line in enumerate(text.split("\n"), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def task(
    what: str,
    due: str | None,
    who: str,
    path: str,
    line: int,
    promised_on: str | None,
    direction: Direction = "i_owe",
) -> Obligation:
    return Obligation(
        what,
        day(due) if due else None,
        "task",
        who,
        direction,
        day(promised_on) if promised_on else None,
        path,
        line,
    )


def reply(who: str, path: str, date: str, direction: Direction = "i_owe") -> Obligation:
    """A reply debt: due on, and promised on, the conversation's date. DESIGN gives it no line."""
    return Obligation("reply", day(date), "reply", who, direction, day(date), path, None)


def norm(items: Iterable[Obligation]) -> list[Obligation]:
    """Obligations with the (unspecified) line of reply debts blanked out."""
    return [replace(o, line=None) if o.kind == "reply" else o for o in items]


def next_owed(facts: Facts) -> tuple[dt.date | None, str | None, tuple[str, int | None] | None]:
    return facts.next_owed, facts.next_owed_what, facts.next_owed_source


# --- participants and mentions (§2.3) ----------------------------------------------------------


def test_participants_are_spoken_with_and_people_linked_in_the_body_are_mentioned() -> None:
    call = "conversations/2026-05-02 Ada.md"
    body = "Ada told me about [[Grace Hopper]]'s compiler.\nSee [[Ada Lovelace]]'s notes.\n"
    facts = facts_of(
        {
            ADA: person("cadence: 30d"),
            GRACE: person("cadence: 2w"),
            call: convo("2026-05-02", "Ada Lovelace", keys=["channel: call"], body=body),
        }
    )
    ada, grace = facts[ADA], facts[GRACE]
    assert (ada.last_spoke, ada.last_conversation) == (day("2026-05-02"), call)
    assert ada.timeline == (call,)
    assert ada.mentions == ()
    assert ada.reach_out_by == day("2026-06-01")
    assert next_owed(ada) == (day("2026-06-01"), "reach out", None)
    assert (grace.last_spoke, grace.last_conversation, grace.timeline) == (None, None, ())
    assert grace.mentions == (call,)
    assert (grace.reach_out_by, grace.next_owed) == (None, None)


def test_mentions_are_ordered_by_the_mentioning_notes_date_newest_first_then_by_path() -> None:
    files = {
        ADA: person(),
        GRACE: person(),
        "conversations/2026-05-01 Ada.md": convo(
            "2026-05-01", "Ada Lovelace", body="Talked about [[Grace Hopper]].\n"
        ),
        "projects/Launch.md": "---\ndate: 2026-05-05\n---\nReviewers: [[Grace Hopper]]\n",
        "daily/2026-05-05.md": "Lunch with [[Grace Hopper|Grace]].\n",
        "daily/2026-04-01.md": "Read about [[people/Grace Hopper]].\n",
    }
    assert facts_of(files)[GRACE].mentions == (
        "daily/2026-05-05.md",
        "projects/Launch.md",
        "conversations/2026-05-01 Ada.md",
        "daily/2026-04-01.md",
    )


def test_the_timeline_lists_counting_conversations_newest_first() -> None:
    files = {
        ADA: person(),
        "conversations/2026-03-01 Ada.md": convo("2026-03-01", "Ada Lovelace"),
        "conversations/2026-05-02 Ada.md": convo("2026-05-02", "Ada Lovelace"),
        "conversations/2026-04-10 Ada and Grace.md": convo(
            "2026-04-10", "Grace Hopper", "Ada Lovelace"
        ),
    }
    assert facts_of(files)[ADA].timeline == (
        "conversations/2026-05-02 Ada.md",
        "conversations/2026-04-10 Ada and Grace.md",
        "conversations/2026-03-01 Ada.md",
    )


# --- what counts as a conversation (§2.3) ------------------------------------------------------


def test_planned_and_cancelled_conversations_do_not_count_but_their_open_tasks_do() -> None:
    held = "conversations/2026-05-01 Ada.md"
    planned = "conversations/2026-05-10 Ada.md"
    cancelled = "conversations/2026-05-08 Ada.md"
    planned_text = convo(
        "2026-05-10",
        "Ada Lovelace",
        keys=["status: planned", "awaiting: me"],
        body="- [ ] bring the slides 📅 2026-05-09\n",
    )
    cancelled_text = convo(
        "2026-05-08",
        "Ada Lovelace",
        keys=["status: cancelled", "awaiting: them"],
        body="- [ ] book a room 📅 2026-05-07\n- [ ] confirm the caterer #waiting\n",
    )
    ada = facts_of(
        {
            ADA: person(),
            held: convo("2026-05-01", "Ada Lovelace"),
            planned: planned_text,
            cancelled: cancelled_text,
        }
    )[ADA]
    assert (ada.last_spoke, ada.last_conversation) == (day("2026-05-01"), held)
    room = line_of(cancelled_text, "book a room")
    assert norm(ada.owed) == [
        task("book a room", "2026-05-07", ADA, cancelled, room, "2026-05-08"),
        task(
            "bring the slides",
            "2026-05-09",
            ADA,
            planned,
            line_of(planned_text, "bring the slides"),
            "2026-05-10",
        ),
    ]
    assert norm(ada.they_owe) == [
        task(
            "confirm the caterer",
            None,
            ADA,
            cancelled,
            line_of(cancelled_text, "caterer"),
            "2026-05-08",
            "they_owe",
        )
    ]
    assert next_owed(ada) == (day("2026-05-07"), "book a room", (cancelled, room))


@pytest.mark.parametrize("status", ["planned", "cancelled"])
def test_a_conversation_that_does_not_count_never_sets_last_spoke(status: str) -> None:
    ada = facts_of(
        {
            ADA: person("cadence: 2w", "met: 2026-01-01"),
            "conversations/2026-05-02 Ada.md": convo(
                "2026-05-02", "Ada Lovelace", keys=[f"status: {status}"]
            ),
        }
    )[ADA]
    assert (ada.last_spoke, ada.last_conversation) == (None, None)
    assert ada.reach_out_by == day("2026-01-15")  # from `met`, not from the planned date
    assert next_owed(ada) == (day("2026-01-15"), "reach out", None)


def test_the_date_comes_from_a_leading_date_in_the_file_name_when_date_is_missing() -> None:
    path = "conversations/2026-04-03 coffee with Ada.md"
    notes = parse({ADA: person(), path: convo(None, "Ada Lovelace", keys=["channel: coffee"])})
    assert notes[1].date == day("2026-04-03")
    assert [p.code for p in notes[1].problems] == []
    ada = derive(build_graph(notes))[ADA]
    assert (ada.last_spoke, ada.last_conversation) == (day("2026-04-03"), path)


def test_the_date_field_wins_over_the_file_name() -> None:
    path = "conversations/2026-04-03 coffee with Ada.md"
    ada = facts_of({ADA: person(), path: convo("2026-04-05", "Ada Lovelace")})[ADA]
    assert ada.last_spoke == day("2026-04-05")


@pytest.mark.parametrize(
    "path", ["conversations/Coffee with Ada.md", "conversations/Coffee 2026-04-03 Ada.md"]
)
def test_a_conversation_with_neither_date_is_reported_and_does_not_count(path: str) -> None:
    notes = parse(
        {
            ADA: person("cadence: 2w"),
            path: convo(None, "Ada Lovelace", keys=["awaiting: me"]),
        }
    )
    assert notes[0].problems == ()
    assert notes[1].date is None
    assert [(p.code, p.path, p.severity) for p in notes[1].problems] == [
        ("W_CONVERSATION_NO_DATE", path, "warning")
    ]
    ada = derive(build_graph(notes))[ADA]
    assert (ada.last_spoke, ada.last_conversation) == (None, None)
    assert (ada.reach_out_by, ada.next_owed) == (None, None)
    assert ada.owed == ()  # `awaiting: me` on a conversation that does not count: no debt


# --- participant links (§2.3, §3) --------------------------------------------------------------


@pytest.mark.parametrize(
    "with_value",
    [
        '["[[Ada]]"]',
        '"[[Ada]]"',
        '["[[ada]]"]',
        '["[[Ada|the Countess]]"]',
        '["[[ada lovelace]]"]',
        '["[[ADA LOVELACE]]"]',
        '["[[people/ada lovelace]]"]',
        '["[[Ada Lovelace#Notes]]"]',
    ],
)
def test_a_participant_link_resolves_through_an_alias_and_ignores_case(with_value: str) -> None:
    call = "conversations/2026-05-02 call.md"
    facts = facts_of(
        {
            ADA: person("aliases: [Ada, Countess of Lovelace]"),
            GRACE: person(),
            call: f"---\ndate: 2026-05-02\nwith: {with_value}\n---\nNotes.\n",
        }
    )
    assert (facts[ADA].last_spoke, facts[ADA].last_conversation) == (day("2026-05-02"), call)
    assert facts[ADA].mentions == ()
    assert facts[GRACE].last_spoke is None


@pytest.mark.parametrize("alias_line", ["aliases: Ada", "aliases:\n  - Ada", "Aliases: [Ada]"])
def test_an_alias_may_be_a_plain_string_or_a_list_under_a_key_in_any_case(
    alias_line: str,
) -> None:
    ada = facts_of(
        {
            ADA: person(alias_line),
            "conversations/2026-05-02 call.md": convo("2026-05-02", "Ada"),
        }
    )[ADA]
    assert ada.last_spoke == day("2026-05-02")


def test_an_alias_claimed_by_two_people_resolves_to_neither() -> None:
    facts = facts_of(
        {
            ADA: person("aliases: [Ada]"),
            "people/Ada Yonath.md": person("aliases: [Ada]"),
            "conversations/2026-05-02 call.md": convo("2026-05-02", "Ada"),
        }
    )
    assert facts[ADA].last_spoke is None
    assert facts["people/Ada Yonath.md"].last_spoke is None


def test_an_alias_is_only_a_fallback_for_a_link_that_is_otherwise_unresolved() -> None:
    facts = facts_of(
        {
            ADA: person("aliases: [Ada]"),
            "people/Ada.md": person(),
            "conversations/2026-05-02 call.md": convo("2026-05-02", "Ada"),
        }
    )
    assert facts["people/Ada.md"].last_spoke == day("2026-05-02")
    assert facts[ADA].last_spoke is None


def test_a_participant_listed_twice_is_one_participant() -> None:
    call = "conversations/2026-05-02 call.md"
    ada = facts_of(
        {
            ADA: person("aliases: [Ada]"),
            call: convo("2026-05-02", "Ada Lovelace", "Ada", keys=["awaiting: me"]),
        }
    )[ADA]
    assert ada.timeline == (call,)
    assert norm(ada.owed) == [reply(ADA, call, "2026-05-02")]


# --- reply debts (§2.4) ------------------------------------------------------------------------

FIRST = "conversations/first.md"
SECOND = "conversations/second.md"


@pytest.mark.parametrize(
    ("first", "second", "keys", "settled"),
    [
        ("2026-05-02", "2026-05-05", [], True),
        ("2026-05-02", "2026-04-20", [], False),  # earlier
        ("2026-05-02", "2026-05-05", ["status: cancelled"], False),
        ("2026-05-02", "2026-05-05", ["status: planned"], False),
        ("2026-05-02 09:30", "2026-05-02 14:00", [], True),  # same day, later time
        ("2026-05-02 14:00", "2026-05-02 09:30", [], False),  # same day, earlier time
        ("2026-05-02 09:30", "2026-05-02 09:30", [], False),  # same time
        ("2026-05-02", "2026-05-02", [], False),  # same day, no times
        ("2026-05-02 09:30", "2026-05-02", [], False),  # only one gives a time
        ("2026-05-02", "2026-05-02 14:00", [], False),
        ("2026-05-02 9:30", "2026-05-02 10:15", [], True),  # 9:30 is before 10:15
        ("2026-05-02 09:30:00", "2026-05-02 14:00", [], True),  # a YAML timestamp and a string
        ("2026-05-02 14:00", "2026-05-02 09:30:00", [], False),
        ("2026-05-02", "2026-05-05", ["status: done"], True),
    ],
)
def test_a_reply_debt_is_settled_only_by_a_later_counting_conversation(
    first: str, second: str, keys: list[str], settled: bool
) -> None:
    ada = facts_of(
        {
            ADA: person(),
            FIRST: convo(first, "Ada Lovelace", keys=["awaiting: me"]),
            SECOND: convo(second, "Ada Lovelace", keys=keys),
        }
    )[ADA]
    assert ada.they_owe == ()
    if settled:
        assert ada.owed == ()
        assert next_owed(ada) == (None, None, None)
    else:
        assert norm(ada.owed) == [reply(ADA, FIRST, "2026-05-02")]
        assert (ada.next_owed, ada.next_owed_what) == (day("2026-05-02"), "reply")
        assert ada.next_owed_source is not None and ada.next_owed_source[0] == FIRST


def test_a_later_conversation_that_only_mentions_the_person_does_not_settle_the_reply() -> None:
    ada = facts_of(
        {
            ADA: person(),
            GRACE: person(),
            FIRST: convo("2026-05-02", "Ada Lovelace", keys=["awaiting: me"]),
            SECOND: convo(
                "2026-05-05", "Grace Hopper", body="Grace asked after [[Ada Lovelace]].\n"
            ),
        }
    )[ADA]
    assert norm(ada.owed) == [reply(ADA, FIRST, "2026-05-02")]
    assert ada.mentions == (SECOND,)


def test_a_reply_is_owed_to_each_participant_and_settled_for_each_separately() -> None:
    facts = facts_of(
        {
            ADA: person(),
            GRACE: person(),
            FIRST: convo("2026-05-02", "Ada Lovelace", "Grace Hopper", keys=["awaiting: me"]),
            SECOND: convo("2026-05-05", "Ada Lovelace"),
        }
    )
    assert facts[ADA].owed == ()
    assert norm(facts[GRACE].owed) == [reply(GRACE, FIRST, "2026-05-02")]
    assert (facts[GRACE].next_owed, facts[GRACE].next_owed_what) == (day("2026-05-02"), "reply")


def test_awaiting_them_is_a_reply_they_owe_me_and_never_sets_next_owed() -> None:
    ada = facts_of(
        {
            ADA: person(),
            FIRST: convo("2026-05-02", "Ada Lovelace", keys=["awaiting: them"]),
        }
    )[ADA]
    assert ada.owed == ()
    assert norm(ada.they_owe) == [reply(ADA, FIRST, "2026-05-02", "they_owe")]
    assert next_owed(ada) == (None, None, None)


def test_awaiting_them_is_settled_by_a_later_conversation_too() -> None:
    ada = facts_of(
        {
            ADA: person(),
            FIRST: convo("2026-05-02", "Ada Lovelace", keys=["awaiting: them"]),
            SECOND: convo("2026-05-03", "Ada Lovelace"),
        }
    )[ADA]
    assert ada.they_owe == ()


# --- task obligations (§2.4) -------------------------------------------------------------------


def test_a_waiting_task_is_owed_to_me_and_never_sets_next_owed() -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo(
        "2026-05-02",
        "Ada Lovelace",
        body=(
            "- [ ] Ada sends the contract 📅 2026-05-04 #waiting\n"
            "- [ ] send the deck 📅 2026-05-09\n"
        ),
    )
    ada = facts_of({ADA: person(), call: text})[ADA]
    deck = line_of(text, "send the deck")
    assert ada.they_owe == (
        task(
            "Ada sends the contract",
            "2026-05-04",
            ADA,
            call,
            line_of(text, "contract"),
            "2026-05-02",
            "they_owe",
        ),
    )
    assert ada.owed == (task("send the deck", "2026-05-09", ADA, call, deck, "2026-05-02"),)
    assert next_owed(ada) == (day("2026-05-09"), "send the deck", (call, deck))


MEETING = "conversations/2026-05-02 Ada and Grace.md"
MEETING_TEXT = convo(
    "2026-05-02",
    "Ada Lovelace",
    "Grace Hopper",
    body=(
        "- [ ] send the deck 📅 2026-05-09\n"
        "- [ ] intro [[Grace Hopper]] to the board 📅 2026-05-06\n"
        "- [ ] share [[Q3 report]]\n"
        "- [ ] ask [[Linus]] for the numbers\n"
        "- [ ] ask [[Nobody Known]] about it\n"
    ),
)
ADA_TEXT = person("cadence: 1y", body="# Ada\n- [ ] lend [[Grace Hopper]] the book\n")
DAILY = "daily/2026-05-05.md"
DAILY_TEXT = (
    "- [ ] email [[Ada Lovelace]] 📅 2026-05-07\n- [ ] buy milk\n- [ ] read [[Q3 report]]\n"
)
LAUNCH = "projects/Launch.md"
LAUNCH_TEXT = (
    "---\ndate: 2026-04-01\n---\n- [ ] ask [[Grace Hopper]] and [[Ada Lovelace]] to review\n"
)
IDEAS = "projects/Ideas.md"
IDEAS_TEXT = "Some ideas.\n\n- [ ] show [[Linus]] the prototype\n"
ACME = "orgs/Acme.md"
ACME_TEXT = "---\ntype: org\n---\n- [ ] invoice [[Ada Lovelace]] 📅 2026-06-01\n"
OWNERS = {
    ADA: ADA_TEXT,
    GRACE: person(),
    LINUS: person(),
    "Q3 report.md": "Numbers.\n",
    MEETING: MEETING_TEXT,
    DAILY: DAILY_TEXT,
    LAUNCH: LAUNCH_TEXT,
    IDEAS: IDEAS_TEXT,
    ACME: ACME_TEXT,
}


def test_who_a_task_is_owed_to_depends_on_where_it_is_written() -> None:
    facts = facts_of(OWNERS)
    deck = line_of(MEETING_TEXT, "send the deck")
    intro = line_of(MEETING_TEXT, "intro")
    share = line_of(MEETING_TEXT, "share")
    nobody = line_of(MEETING_TEXT, "Nobody")
    review = line_of(LAUNCH_TEXT, "review")
    email = line_of(DAILY_TEXT, "email")
    assert list(facts[ADA].owed) == [
        task("email Ada Lovelace", "2026-05-07", ADA, DAILY, email, "2026-05-05"),
        task("send the deck", "2026-05-09", ADA, MEETING, deck, "2026-05-02"),
        task("invoice Ada Lovelace", "2026-06-01", ADA, ACME, 4, None),
        task("share Q3 report", None, ADA, MEETING, share, "2026-05-02"),
        task("ask Nobody Known about it", None, ADA, MEETING, nobody, "2026-05-02"),
        task("lend Grace Hopper the book", None, ADA, ADA, 5, None),
        task(
            "ask Grace Hopper and Ada Lovelace to review", None, ADA, LAUNCH, review, "2026-04-01"
        ),
    ]
    assert next_owed(facts[ADA]) == (day("2026-05-07"), "email Ada Lovelace", (DAILY, email))
    assert list(facts[GRACE].owed) == [
        task("intro Grace Hopper to the board", "2026-05-06", GRACE, MEETING, intro, "2026-05-02"),
        task("send the deck", "2026-05-09", GRACE, MEETING, deck, "2026-05-02"),
        task("share Q3 report", None, GRACE, MEETING, share, "2026-05-02"),
        task("ask Nobody Known about it", None, GRACE, MEETING, nobody, "2026-05-02"),
        task(
            "ask Grace Hopper and Ada Lovelace to review",
            None,
            GRACE,
            LAUNCH,
            review,
            "2026-04-01",
        ),
    ]
    assert next_owed(facts[GRACE]) == (
        day("2026-05-06"),
        "intro Grace Hopper to the board",
        (MEETING, intro),
    )
    assert list(facts[LINUS].owed) == [
        task(
            "ask Linus for the numbers",
            None,
            LINUS,
            MEETING,
            line_of(MEETING_TEXT, "Linus"),
            "2026-05-02",
        ),
        task("show Linus the prototype", None, LINUS, IDEAS, 3, None),
    ]
    assert next_owed(facts[LINUS]) == (None, None, None)
    for facts_of_one in facts.values():
        assert all("milk" not in o.what and o.what != "read Q3 report" for o in facts_of_one.owed)


def test_a_task_in_a_persons_own_note_is_owed_to_them_either_way() -> None:
    text = "# Ada\n- [ ] Ada returns my book 📅 2026-05-01 #waiting\n- [ ] call [[Grace Hopper]]\n"
    facts = facts_of({ADA: text, GRACE: person()})
    ada = facts[ADA]
    assert ada.they_owe == (
        task("Ada returns my book", "2026-05-01", ADA, ADA, 2, None, "they_owe"),
    )
    assert ada.owed == (task("call Grace Hopper", None, ADA, ADA, 3, None),)
    assert ada.next_owed is None
    assert facts[GRACE].owed == ()
    assert facts[GRACE].mentions == (ADA,)


def test_a_conversation_with_crlf_line_endings_reads_the_same() -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo(
        "2026-05-02 09:30",
        "Ada Lovelace",
        keys=["awaiting: me"],
        body="- [ ] send the deck 📅 2026-05-09\n- [ ] Ada signs #waiting\n",
    ).replace("\n", "\r\n")
    ada = facts_of({ADA: person(), call: text})[ADA]
    assert ada.last_spoke == day("2026-05-02")
    assert norm(ada.owed) == [
        reply(ADA, call, "2026-05-02"),
        task("send the deck", "2026-05-09", ADA, call, 6, "2026-05-02"),
    ]
    assert ada.they_owe == (task("Ada signs", None, ADA, call, 7, "2026-05-02", "they_owe"),)


def test_a_task_linking_an_unresolved_participant_is_owed_to_that_participant_only() -> None:
    """ "People" are links to person notes *and unresolved participant links" (§2.4)."""
    call = "conversations/2026-05-02 Ada and Bob.md"
    text = convo(
        "2026-05-02",
        "Ada Lovelace",
        "Bob Newman",
        body="- [ ] send [[Bob Newman]] the invite 📅 2026-05-04\n- [ ] book the venue\n",
    )
    ada = facts_of({ADA: person(), call: text})[ADA]
    assert ada.owed == (
        task("book the venue", None, ADA, call, line_of(text, "venue"), "2026-05-02"),
    )
    assert ada.next_owed is None


def test_done_and_cancelled_tasks_are_closed_every_other_status_is_open() -> None:
    call = "conversations/2026-05-02 Ada.md"
    body = (
        "- [x] a 📅 2026-05-03\n- [X] b 📅 2026-05-03\n- [-] c 📅 2026-05-03\n"
        "- [ ] d 📅 2026-05-10\n- [/] e 📅 2026-05-11\n- [>] f\n- [?] g\n- [!] h\n"
        "- [x] i #waiting\n"
    )
    ada = facts_of({ADA: person(), call: convo("2026-05-02", "Ada Lovelace", body=body)})[ADA]
    assert [o.what for o in ada.owed] == ["d", "e", "f", "g", "h"]
    assert ada.they_owe == ()
    assert (ada.next_owed, ada.next_owed_what) == (day("2026-05-10"), "d")


@pytest.mark.parametrize(
    "field",
    [
        "📅 2026-05-09",
        "📅\ufe0f 2026-05-09",
        "📆 2026-05-09",
        "📆\ufe0f 2026-05-09",
        "🗓 2026-05-09",
        "🗓\ufe0f 2026-05-09",
        "[due:: 2026-05-09]",
        "(due:: 2026-05-09)",
        "due:: 2026-05-09",
        "⏳ 2026-05-03 📅 2026-05-09",
        "🛫 2026-05-03 [due:: 2026-05-09] 📅 2026-05-20",
    ],
)
def test_every_due_date_form_sets_next_owed(field: str) -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo("2026-05-02", "Ada Lovelace", body=f"- [ ] send the deck {field}\n")
    ada = facts_of({ADA: person(), call: text})[ADA]
    assert ada.owed == (task("send the deck", "2026-05-09", ADA, call, 5, "2026-05-02"),)
    assert next_owed(ada) == (day("2026-05-09"), "send the deck", (call, 5))


@pytest.mark.parametrize("field", ["⏳ 2026-05-09", "⌛ 2026-05-09", "🛫 2026-05-09"])
def test_scheduled_and_start_dates_do_not_set_next_owed(field: str) -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo("2026-05-02", "Ada Lovelace", body=f"- [ ] send the deck {field}\n")
    ada = facts_of({ADA: person(), call: text})[ADA]
    assert ada.owed == (task("send the deck", None, ADA, call, 5, "2026-05-02"),)
    assert ada.next_owed is None


def test_an_impossible_due_date_is_reported_on_its_line_and_the_obligation_is_undated() -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo("2026-05-02", "Ada Lovelace", body="Notes.\n- [ ] pay back 📅 2026-02-30\n")
    notes = parse({ADA: person(), call: text})
    assert [(p.code, p.path, p.line) for p in notes[1].problems] == [
        ("W_DATE_INVALID", call, line_of(text, "pay back"))
    ]
    ada = derive(build_graph(notes))[ADA]
    assert ada.owed == (task("pay back", None, ADA, call, 6, "2026-05-02"),)
    assert ada.next_owed is None


def test_task_lines_in_code_comments_and_the_generated_block_never_count() -> None:
    content = "**Thread**\n- [ ] generated task 📅 2026-05-03"
    digest = hashlib.sha256(content.encode()).hexdigest()[:8]
    body = (
        "Notes from the call.\n"
        "\n"
        "    - [ ] indented code task 📅 2026-05-03\n"
        "\n"
        "```\n- [ ] fenced task 📅 2026-05-03\n```\n"
        "~~~markdown\n- [ ] tilde fenced task 📅 2026-05-03\n~~~\n"
        "<!--\n- [ ] commented task 📅 2026-05-03\n-->\n"
        "%%\n- [ ] obsidian comment task 📅 2026-05-03\n%%\n"
        "`- [ ] inline code task 📅 2026-05-03`\n"
        "\n"
        "> - [ ] quoted task\n"
        "\n"
        "> [!todo] Follow-ups\n> - [ ] callout task\n"
        "\n"
        "- [ ] real task 📅 2026-05-09\n"
        "\n"
        "<!-- vaultrel:begin -->\n" + content + f"\n<!-- vaultrel:end hash={digest} -->\n"
    )
    call = "conversations/2026-05-02 Ada.md"
    notes = parse({ADA: person(), call: convo("2026-05-02", "Ada Lovelace", body=body)})
    assert notes[1].problems == ()
    ada = derive(build_graph(notes))[ADA]
    assert [o.what for o in ada.owed] == ["real task", "quoted task", "callout task"]
    assert (ada.next_owed, ada.next_owed_what) == (day("2026-05-09"), "real task")


# --- reach out by (§2.5) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "expected"), [("2026-01-31", "2026-02-28"), ("2028-01-31", "2028-02-29")]
)
def test_the_cadence_runs_from_met_before_any_conversation(met: str, expected: str) -> None:
    ada = facts_of({ADA: person("cadence: 1m", f"met: {met}")})[ADA]
    assert (ada.last_spoke, ada.last_conversation) == (None, None)
    assert ada.reach_out_by == day(expected)
    assert next_owed(ada) == (day(expected), "reach out", None)


def test_the_cadence_runs_from_last_spoke_once_there_is_a_conversation() -> None:
    ada = facts_of(
        {
            ADA: person("cadence: 1m", "met: 2026-01-01"),
            "conversations/2026-03-31 Ada.md": convo("2026-03-31", "Ada Lovelace"),
            "conversations/2026-02-10 Ada.md": convo("2026-02-10", "Ada Lovelace"),
        }
    )[ADA]
    assert ada.last_spoke == day("2026-03-31")
    assert ada.reach_out_by == day("2026-04-30")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([], "2026-05-16"),
        (["snooze_until: 2026-06-01"], "2026-06-01"),  # later than reach out: wins
        (["snooze_until: 2026-05-10"], "2026-05-16"),  # earlier: no effect
        (["snooze_until: 2026-05-16"], "2026-05-16"),
        (["paused: false"], "2026-05-16"),
        (["paused: true"], None),
        (["paused: true", "snooze_until: 2026-06-01"], None),
    ],
)
def test_snooze_until_delays_reach_out_and_paused_stops_it(
    keys: list[str], expected: str | None
) -> None:
    ada = facts_of(
        {
            ADA: person("cadence: 2w", *keys),
            "conversations/2026-05-02 Ada.md": convo("2026-05-02", "Ada Lovelace"),
        }
    )[ADA]
    want = day(expected) if expected else None
    assert ada.reach_out_by == want
    assert next_owed(ada) == ((want, "reach out", None) if want else (None, None, None))


@pytest.mark.parametrize(
    "keys",
    [
        ["met: 2026-01-01"],  # no cadence
        ["cadence: 2w"],  # neither met nor a conversation
        ["cadence: 2w", "snooze_until: 2026-06-01"],
        ["cadence: often", "met: 2026-01-01"],  # not a cadence
    ],
)
def test_no_reach_out_without_a_cadence_and_a_date_to_count_from(keys: list[str]) -> None:
    ada = facts_of({ADA: person(*keys)})[ADA]
    assert (ada.reach_out_by, ada.next_owed) == (None, None)


def test_paused_still_lets_a_dated_obligation_set_next_owed() -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo("2026-05-02", "Ada Lovelace", body="- [ ] send the deck 📅 2026-05-09\n")
    ada = facts_of({ADA: person("cadence: 1d", "paused: true"), call: text})[ADA]
    assert ada.reach_out_by is None
    assert next_owed(ada) == (day("2026-05-09"), "send the deck", (call, 5))


# --- next owed (§2.5) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "awaiting", "due", "expected", "what"),
    [
        ("10d", False, "2026-05-20", "2026-05-12", "reach out"),
        ("2w", False, "2026-05-09", "2026-05-09", "send the deck"),
        ("2w", True, "2026-05-09", "2026-05-02", "reply"),
        ("1d", True, "2026-05-09", "2026-05-02", "reply"),
        ("1d", False, "2026-05-09", "2026-05-03", "reach out"),
    ],
)
def test_next_owed_is_the_earliest_of_tasks_replies_and_reach_out(
    cadence: str, awaiting: bool, due: str, expected: str, what: str
) -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo(
        "2026-05-02",
        "Ada Lovelace",
        keys=["awaiting: me"] if awaiting else [],
        body=f"- [ ] send the deck 📅 {due}\n- [ ] Ada signs 📅 2026-04-01 #waiting\n",
    )
    ada = facts_of({ADA: person(f"cadence: {cadence}"), call: text})[ADA]
    assert (ada.next_owed, ada.next_owed_what) == (day(expected), what)
    source = {"reach out": None, "send the deck": (call, line_of(text, "send the deck"))}
    if what in source:
        assert ada.next_owed_source == source[what]
    else:
        assert ada.next_owed_source is not None and ada.next_owed_source[0] == call


def test_undated_obligations_are_listed_but_do_not_set_next_owed() -> None:
    call = "conversations/2026-05-02 Ada.md"
    text = convo(
        "2026-05-02",
        "Ada Lovelace",
        body="- [ ] send the deck\n- [ ] Ada signs 📅 2026-05-03 #waiting\n",
    )
    ada = facts_of({ADA: person(), call: text})[ADA]
    assert ada.owed == (task("send the deck", None, ADA, call, 5, "2026-05-02"),)
    assert next_owed(ada) == (None, None, None)


# --- purity (§2.5: "None of these depends on … the order files are read in") ------------------


def test_facts_do_not_depend_on_the_order_notes_are_given_in() -> None:
    files = {
        **OWNERS,
        "people/Sam.md": person("aliases: [Sammy]", "cadence: monthly", "met: 2026-01-31"),
        "work/Sam.md": person("type: person"),
        FIRST: convo("2026-05-02 09:30", "Ada Lovelace", "Sammy", keys=["awaiting: me"]),
        SECOND: convo("2026-05-02 14:00", "Sam", keys=["awaiting: them", "status: planned"]),
        "conversations/2026-05-03 Grace.md": convo(
            "2026-05-03", "grace hopper", body="Met [[Linus]] and [[Sam]].\n"
        ),
        "conversations/Undated.md": convo(None, "Linus"),
    }
    notes = parse(files)
    expected = derive(build_graph(sorted(notes, key=lambda note: note.path)))
    orders = [list(reversed(notes))]
    rng = random.Random(20260502)
    for _ in range(6):
        shuffled = list(notes)
        rng.shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        facts = derive(build_graph(order))
        assert facts == expected
        assert list(facts) == list(expected)


# --- the CLI writes the facts into the person note (§4, §4.1) ----------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_index_writes_last_spoke_and_a_dated_promise_as_next_owed(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 30d\n---\nAda is great.\n",
            "conversations/2026-05-02 Ada.md": (
                '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\n'
                "Talked about the launch.\n- [ ] send the deck 📅 2026-05-09\n"
            ),
        }
    )
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    ada = (root / "people/Ada.md").read_text(encoding="utf-8")
    assert ada.startswith(
        "---\ncadence: 30d\nlast_spoke: 2026-05-02\nnext_owed: 2026-05-09\n---\nAda is great.\n"
    )
    lines = _lines(ada)
    assert "- **Last spoke:** 2026-05-02 · call · [[2026-05-02 Ada]]" in lines
    assert "- **Next owed:** 2026-05-09 · send the deck · [[2026-05-02 Ada]]" in lines
    assert "- **Reach out by:** 2026-06-01 (every 30d)" in lines
    assert "- 2026-05-09 · send the deck · [[2026-05-02 Ada]] (promised 2026-05-02)" in lines


def test_index_writes_an_unanswered_message_as_a_reply_owed(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\nemails: [ada@example.org]\n---\n",
            "conversations/2026-05-02 Ada.md": (
                '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: email\nawaiting: me\n---\nHi.\n'
            ),
            "conversations/2026-05-20 Ada.md": (
                '---\ndate: 2026-05-20\nwith: ["[[Ada]]"]\nstatus: planned\n---\nAgenda.\n'
            ),
            "daily/2026-05-06.md": (
                "Thought about [[Ada]].\n- [ ] Ada sends notes 📅 2026-04-30 #waiting\n"
            ),
        }
    )
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    ada = (root / "people/Ada.md").read_text(encoding="utf-8")
    assert ada.startswith(
        "---\nemails: [ada@example.org]\nlast_spoke: 2026-05-02\nnext_owed: 2026-05-02\n---\n"
    )
    lines = _lines(ada)
    assert "- **Last spoke:** 2026-05-02 · email · [[2026-05-02 Ada]]" in lines
    assert "- **Next owed:** 2026-05-02 · reply · [[2026-05-02 Ada]]" in lines


def test_index_writes_reach_out_as_next_owed_and_no_last_spoke_before_any_conversation(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 1m\nmet: 2026-01-31\n---\n",
            "conversations/2026-02-10 Ada.md": (
                '---\ndate: 2026-02-10\nwith: ["[[Ada]]"]\nstatus: cancelled\n---\n'
            ),
        }
    )
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    ada = (root / "people/Ada.md").read_text(encoding="utf-8")
    assert ada.startswith("---\ncadence: 1m\nmet: 2026-01-31\nnext_owed: 2026-02-28\n---\n")
    assert "last_spoke:" not in ada
    assert "- **Next owed:** 2026-02-28 · reach out" in _lines(ada)


def test_a_watched_graph_keeps_nothing_of_a_removed_conversation() -> None:
    """The conversation made from a note is kept with the note for the next asks, and let go
    with it when the note is removed: a `watch` running for days does not grow with the notes
    it saw come and go."""
    from vaultrel.core.graph import update_graph

    notes = parse({"people/Ada.md": person(), "conversations/c.md": convo("2026-05-01", "Ada")})
    graph = build_graph(notes)
    assert graph.conversation("conversations/c.md").date == day("2026-05-01")
    update_graph(graph, {"conversations/c.md": None})
    assert "conversations/c.md" not in graph._of_notes
