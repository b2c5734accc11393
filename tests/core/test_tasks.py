"""Task lines (DESIGN §2.4): status, due date, the waiting tag, and the text shown for them."""

from __future__ import annotations

import datetime as dt

import pytest

from vaultrel.core.model import Task
from vaultrel.core.tasks import parse_task


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def parsed(line: str, number: int = 1, tag: str = "waiting") -> Task:
    task, problems = parse_task(line, number, tag)
    assert task is not None, line
    assert problems == [], problems
    return task


def test_the_text_drops_checkbox_tags_dates_and_link_brackets() -> None:
    task, problems = parse_task(
        "- [ ] send [[Q3 report|the report]] 📅 2026-05-01 #waiting", 7, "waiting"
    )
    assert problems == []
    assert task == Task(7, " ", "send the report", day("2026-05-01"), True)


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("- [ ] send the deck", "send the deck"),
        ("- [ ] call [[Ada Lovelace]] about the deck", "call Ada Lovelace about the deck"),
        ("- [ ] ask [[Ada Lovelace|Ada]] and [[Grace Hopper]]", "ask Ada and Grace Hopper"),
        ("- [ ] send [the deck](Launch%20deck.md) to Ada", "send the deck to Ada"),
        ("- [ ] ask [John](John%20Smith%20(Acme).md) (today)", "ask John (today)"),
        ('- [ ] ask [Ada L](Ada Lovelace.md "her") now', "ask Ada L now"),
        ("- [ ] ask about the #budget numbers", "ask about the numbers"),
        ("- [ ] ask about #project/launch budget", "ask about budget"),
        ("- [ ] pay the invoice [due:: 2026-05-01]", "pay the invoice"),
        ("- [ ] pay (due:: 2026-05-01) the invoice", "pay the invoice"),
        ("- [ ] pay the invoice due:: 2026-05-01", "pay the invoice"),
        ("- [ ] pay the invoice ⏳ 2026-04-28 🛫 2026-04-20 📅 2026-05-01", "pay the invoice"),
        ("- [x] pay the invoice ✅ 2026-05-02", "pay the invoice"),
        ("  * [/]   draft the   essay  ", "draft the essay"),
        ("- [ ] file it 🆔 abc123 then", "file it then"),
        ("- [ ] file it ⛔ abc123,def-4 then", "file it then"),
        ("- [ ] water 🔁 every week", "water"),
        ("- [ ] water 🔁 every week when done #home", "water"),
        ("- [ ] water 🔁 every 2 weeks on Monday ⏫ 📅 2026-05-01", "water"),
        ("- [ ] a ⏫ b 🔼 c 🔽 d 🔺 e ⏬ f", "a b c d e f"),
        ("- [ ] a ➕ 2026-04-01 b ⏳ 2026-04-02 c 🛫 2026-04-03 d", "a b c d"),
        ("- [x] a ✅ 2026-05-02 b", "a b"),
        ("- [-] a ❌ 2026-05-02 b", "a b"),
        ("- [ ] pay [amount:: 20 EUR] the (where:: bank) invoice", "pay the invoice"),
        ("- [ ] meet [due:: 2026-06-06T10:00]", "meet"),
        ("- [ ] meet due:: 2026-06-06T10:00 at ten", "meet at ten"),
        ("- [ ] run `📅 2026-05-01` and `#waiting`", "run `📅 2026-05-01` and `#waiting`"),
        ("- [ ] run`x  y`now #tag", "run`x  y`now"),
    ],
)
def test_what_is_the_task_text_without_its_fields(line: str, what: str) -> None:
    assert parsed(line).what == what


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] task",
        "* [ ] task",
        "+ [ ] task",
        "1. [ ] task",
        "    - [ ] task",
        "\t- [ ] task",
        "> - [ ] task",
        "> > * [ ] task",
    ],
)
def test_every_list_marker_indent_and_quote_depth_makes_a_task(line: str) -> None:
    task = parsed(line, 3)
    assert (task.line, task.status, task.what, task.due, task.waiting) == (
        3,
        " ",
        "task",
        None,
        False,
    )


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        ("x", False),
        ("X", False),
        ("-", False),
        (" ", True),
        ("/", True),
        (">", True),
        ("?", True),
        ("!", True),
    ],
)
def test_done_and_cancelled_are_closed_every_other_status_is_open(
    status: str, is_open: bool
) -> None:
    task = parsed(f"- [{status}] something")
    assert task.status == status
    assert task.is_open is is_open


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] pay 📅 2026-05-01",
        "- [ ] pay 📅\ufe0f 2026-05-01",
        "- [ ] pay 📆 2026-05-01",
        "- [ ] pay 📆\ufe0f 2026-05-01",
        "- [ ] pay 🗓 2026-05-01",
        "- [ ] pay 🗓\ufe0f 2026-05-01",
        "- [ ] pay [due:: 2026-05-01]",
        "- [ ] pay (due:: 2026-05-01)",
        "- [ ] pay due:: 2026-05-01",
        "- [ ] 📅 2026-05-01 pay",
        "- [ ] pay ⏳ 2026-04-20 📅 2026-05-01",
        "- [ ] pay 🛫 2026-04-20 [due:: 2026-05-01]",
    ],
)
def test_every_due_date_form_is_read(line: str) -> None:
    task = parsed(line)
    assert task.due == day("2026-05-01")
    assert task.what == "pay"


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("- [ ] meet [due:: 2026-05-01T10:00]", "2026-05-01"),
        ("- [ ] meet (due:: 2026-05-01T10:00:30)", "2026-05-01"),
        ("- [ ] meet due:: 2026-05-01T10:00", "2026-05-01"),
        ("- [ ] type `📅 2026-04-01` then 📅 2026-05-01", "2026-05-01"),
        ("- [ ] type ``[due:: 2026-04-01]`` due:: 2026-05-01", "2026-05-01"),
    ],
)
def test_a_dataview_date_time_is_due_on_its_date_and_code_spans_hold_no_date(
    line: str, due: str
) -> None:
    assert parsed(line).due == day(due)


@pytest.mark.parametrize(
    "line",
    ["- [ ] write `📅 2026-02-30` in the docs", "- [ ] quote `due:: 2026-05-01`"],
)
def test_a_date_in_a_code_span_is_not_a_due_date(line: str) -> None:
    assert parsed(line).due is None


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("- [ ] a [due:: 2026-05-03] then 📅 2026-05-01", "2026-05-03"),
        ("- [ ] a 📅 2026-05-01 then due:: 2026-05-03", "2026-05-01"),
        ("- [ ] a (due:: 2026-06-30) 🗓 2026-05-01", "2026-06-30"),
        ("- [ ] a 📆 2026-07-04 📅 2026-05-01", "2026-07-04"),
    ],
)
def test_the_first_due_date_on_the_line_wins(line: str, due: str) -> None:
    assert parsed(line).due == day(due)


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] pay ⏳ 2026-05-01",
        "- [ ] pay ⌛ 2026-05-01",
        "- [ ] pay 🛫 2026-05-01",
        "- [ ] pay [scheduled:: 2026-05-01]",
        "- [ ] pay [start:: 2026-05-01]",
        "- [ ] pay overdue:: 2026-05-01",
        "- [x] pay ✅ 2026-05-01",
    ],
)
def test_scheduled_and_start_dates_are_not_due_dates(line: str) -> None:
    assert parsed(line).due is None


def test_an_impossible_due_date_is_reported_and_the_task_is_undated() -> None:
    task, problems = parse_task("- [ ] pay the rent 📅 2026-02-30", 12, "waiting")
    assert task is not None
    assert (task.what, task.due) == ("pay the rent", None)
    assert [(p.code, p.line, p.severity) for p in problems] == [("W_DATE_INVALID", 12, "warning")]


def test_an_impossible_first_due_date_is_not_replaced_by_a_later_one() -> None:
    task, problems = parse_task("- [ ] pay [due:: 2026-02-30] 📅 2026-03-02", 4, "waiting")
    assert task is not None
    assert task.due is None
    assert [p.code for p in problems] == ["W_DATE_INVALID"]


@pytest.mark.parametrize(
    ("line", "tag", "waiting"),
    [
        ("- [ ] contract #waiting", "waiting", True),
        ("- [ ] #waiting contract", "waiting", True),
        ("- [ ] contract #Waiting", "waiting", True),
        ("- [ ] contract", "waiting", False),
        ("- [ ] contract #waitingroom", "waiting", False),
        ("- [ ] contract #waiting-list", "waiting", False),
        ("- [ ] contract about waiting", "waiting", False),
        ("- [ ] contract #blocked", "blocked", True),
        ("- [ ] contract #waiting", "blocked", False),
        ("- [ ] contract #waiting/bob", "waiting", True),
        ("- [ ] contract #Waiting/Bob/later", "waiting", True),
        ("- [ ] contract #waitingroom/bob", "waiting", False),
        ("- [ ] contract `#waiting`", "waiting", False),
        ("- [ ] contract #people/blocked", "people/blocked", True),
    ],
)
def test_the_waiting_tag_is_a_whole_tag_and_configurable(
    line: str, tag: str, waiting: bool
) -> None:
    task = parsed(line, tag=tag)
    assert task.waiting is waiting
    if "`" not in line:
        assert task.what == ("contract about waiting" if "about" in line else "contract")
