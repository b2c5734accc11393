"""`vaultrel log`'s pure parts: due phrases, the logged line, where it goes in a daily note."""

from __future__ import annotations

import datetime as dt

import pytest

from vaultrel.core.dailynames import daily_path, date_from_name, fill_daily_template
from vaultrel.core.logline import due_phrase, insert_log, logged_line, nested_items
from vaultrel.errors import UsageError

FRIDAY = dt.date(2026, 11, 20)
WEDNESDAY = dt.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "day", "what", "due"),
    [
        ("send the deck today", FRIDAY, "send the deck", "2026-11-20"),
        ("send the deck tomorrow", FRIDAY, "send the deck", "2026-11-21"),
        ("send the deck friday", WEDNESDAY, "send the deck", "2026-11-20"),
        ("send the deck friday", FRIDAY, "send the deck", "2026-11-27"),  # a week later
        ("send the deck Monday", FRIDAY, "send the deck", "2026-11-23"),
        ("send the deck thursday", FRIDAY, "send the deck", "2026-11-26"),
        ("send the deck next week", FRIDAY, "send the deck", "2026-11-23"),
        ("send the deck next week", dt.date(2026, 11, 23), "send the deck", "2026-11-30"),
        ("send the deck in 3 days", FRIDAY, "send the deck", "2026-11-23"),
        ("send the deck in 1 day", FRIDAY, "send the deck", "2026-11-21"),
        ("send the deck in 2 weeks", FRIDAY, "send the deck", "2026-12-04"),
        ("send the deck in 1 month", dt.date(2026, 1, 31), "send the deck", "2026-02-28"),
        ("send the deck in 3 months", FRIDAY, "send the deck", "2027-02-20"),
        ("send the deck 2026-12-24", FRIDAY, "send the deck", "2026-12-24"),
        ("send the deck by friday", WEDNESDAY, "send the deck", "2026-11-20"),
        ("send the deck on Friday.", WEDNESDAY, "send the deck", "2026-11-20"),
        ("send the deck due in 2 days", FRIDAY, "send the deck", "2026-11-22"),
        ("send the deck by 2026-12-01", FRIDAY, "send the deck", "2026-12-01"),
        ("friday", WEDNESDAY, "", "2026-11-20"),
        # no phrase ending the text: nothing removed
        ("send the friday deck", FRIDAY, "send the friday deck", None),
        ("call back fridays", FRIDAY, "call back fridays", None),
        ("ship in days", FRIDAY, "ship in days", None),
        ("send the deck 📅 2026-12-01", FRIDAY, "send the deck 📅 2026-12-01", None),
    ],
)
def test_due_phrase(text: str, day: dt.date, what: str, due: str | None) -> None:
    found, date = due_phrase(text, day)
    assert (found, date.isoformat() if date else None) == (what, due)


def test_an_impossible_date_is_refused() -> None:
    with pytest.raises(ValueError):
        due_phrase("send it 2026-02-30", FRIDAY)


def test_nested_items_resolve_due_phrases_against_the_log_date() -> None:
    items = nested_items(
        WEDNESDAY, owe=["send the deck friday"], waiting=["the syllabus"], ask=["COBOL?"]
    )
    assert items == [
        "- [ ] send the deck 📅 2026-11-20",
        "- [ ] #waiting the syllabus",
        "- [ ] #ask COBOL?",
    ]


@pytest.mark.parametrize(
    ("owe", "waiting", "ask"),
    [(["friday"], [], []), ([], ["by tomorrow"], []), ([], [], [" "]), (["a\nb"], [], [])],
)
def test_nested_items_refuse_text_without_what(
    owe: list[str], waiting: list[str], ask: list[str]
) -> None:
    with pytest.raises(UsageError) as caught:
        nested_items(FRIDAY, owe, waiting, ask)
    assert caught.value.problem.code == "E_VALUE_INVALID"


@pytest.mark.parametrize(
    ("links", "text", "channel", "line"),
    [
        (["[[Ada Lovelace]]"], "", None, "- [[Ada Lovelace]]"),
        (["[[Ada Lovelace]]"], "coffee: Lisbon", None, "- [[Ada Lovelace]]: coffee: Lisbon"),
        (["[[A]]", "[[B]]"], "lunch", "call", "- #call [[A]] and [[B]]: lunch"),
        (["[[A]]", "[[B]]", "[[C]]"], "", "#coffee", "- #coffee [[A]], [[B]] and [[C]]"),
    ],
)
def test_logged_line(links: list[str], text: str, channel: str | None, line: str) -> None:
    assert logged_line(links, text, channel, ("call", "coffee")) == line


def test_a_channel_the_log_does_not_read_is_refused() -> None:
    with pytest.raises(UsageError):
        logged_line(["[[A]]"], "", "lunch", ("call",))


LINES = ["- [[Ada]]: tea", "\t- [ ] send it"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "## Conversations\n- [[Ada]]: tea\n\t- [ ] send it\n"),
        (
            "# Friday\n\nRain.\n",
            "# Friday\n\nRain.\n\n## Conversations\n- [[Ada]]: tea\n\t- [ ] send it\n",
        ),
        (  # no final line break: still none
            "Rain.",
            "Rain.\n\n## Conversations\n- [[Ada]]: tea\n\t- [ ] send it",
        ),
        (  # at the end of the section, before the next heading of its level
            "## Conversations\n- [[Grace]]\n  - a note\n\n## Later\n- x\n",
            "## Conversations\n- [[Grace]]\n  - a note\n- [[Ada]]: tea\n\t- [ ] send it\n"
            "\n## Later\n- x\n",
        ),
        (  # sub-headings belong to the section
            "# Day\n## conversations\n### Work\n- [[Grace]]\n# Next\n",
            "# Day\n## conversations\n### Work\n- [[Grace]]\n- [[Ada]]: tea\n\t- [ ] send it\n"
            "# Next\n",
        ),
        (  # an empty section: under its heading
            "## Conversations\n\n## Tasks\n",
            "## Conversations\n- [[Ada]]: tea\n\t- [ ] send it\n\n## Tasks\n",
        ),
        (  # after a paragraph, a blank line first
            "## Conversations\nBusy day.\n",
            "## Conversations\nBusy day.\n\n- [[Ada]]: tea\n\t- [ ] send it\n",
        ),
        (  # a heading in code is no heading
            "```\n## Conversations\n```\n",
            "```\n## Conversations\n```\n\n## Conversations\n- [[Ada]]: tea\n\t- [ ] send it\n",
        ),
        (  # CRLF stays CRLF
            "# Day\r\n\r\n## Conversations\r\n- [[Grace]]\r\n",
            "# Day\r\n\r\n## Conversations\r\n- [[Grace]]\r\n- [[Ada]]: tea\r\n\t- [ ] send it\r\n",
        ),
        (  # front-matter alone
            "---\ntags: [daily]\n---\n",
            "---\ntags: [daily]\n---\n\n## Conversations\n- [[Ada]]: tea\n\t- [ ] send it\n",
        ),
    ],
)
def test_insert_log(before: str, after: str) -> None:
    assert insert_log(before, LINES, "Conversations") == after


def test_a_note_ending_in_an_open_fence_is_refused() -> None:
    from vaultrel.errors import NoteError

    with pytest.raises(NoteError) as caught:
        insert_log("```\ncode\n", LINES, "Conversations")
    assert caught.value.problem.code == "E_OPEN_AT_END"


@pytest.mark.parametrize(
    ("folder", "fmt", "path"),
    [
        ("", "YYYY-MM-DD", "2026-11-20.md"),
        ("daily", "YYYY/MM/YYYY-MM-DD", "daily/2026/11/2026-11-20.md"),
        ("/journal/", "DD.MM.YYYY", "journal/20.11.2026.md"),
        ("", "dddd, MMMM Do YYYY", "Friday, November 20th 2026.md"),
        ("", "YY-M-D ddd [log]", "26-11-20 Fri log.md"),
    ],
)
def test_daily_path_is_read_back_as_the_date(folder: str, fmt: str, path: str) -> None:
    assert daily_path(folder, fmt, FRIDAY) == path
    assert date_from_name(path, fmt) == FRIDAY


def test_fill_daily_template() -> None:
    template = "# {{title}}\n{{date}} {{time}} {{ date:dddd Do }} {{time:h:mm A}} {{name}}\n"
    when = dt.datetime(2026, 11, 20, 14, 5)
    assert fill_daily_template(template, when, "20.11.2026") == (
        "# 20.11.2026\n2026-11-20 14:05 Friday 20th 2:05 PM {{name}}\n"
    )
