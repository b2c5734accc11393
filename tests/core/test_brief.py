"""The brief's pure parts: a last conversation's notes, and threads."""

from __future__ import annotations

import datetime as dt

from vaultrel.config import Config
from vaultrel.core.brief import conversation_notes, threads
from vaultrel.core.notes import parse_note
from vaultrel.core.values import TimelineEntry

LAYOUT = Config().layout()


def _notes(path: str, text: str, line: int | None = None) -> tuple[str, ...]:
    return conversation_notes(text, parse_note(path, text.encode(), LAYOUT), line)


def test_a_crlf_conversation_note_without_front_matter() -> None:
    text = "\r\n".join(["", "Board.", "  ", "- three slides", "", "- due the 24th"]) + "\r\n"
    assert _notes("conversations/2026-11-10 Ada.md", text) == (
        "Board.",
        "- three slides",
        "- due the 24th",
    )


def test_a_logged_line_keeps_only_what_is_nested_under_it() -> None:
    text = (
        "## Conversations\n"
        "- #call [[Ada]] about the deck\n"
        "    - she liked it\n"
        "        - mostly the charts\n"
        "- #coffee [[Grace]]\n"
        "    - spring course\n"
    )
    assert _notes("2026-11-20.md", text, 2) == ("- she liked it", "- mostly the charts")
    assert _notes("2026-11-20.md", text, 5) == ("- spring course",)
    assert _notes("2026-11-20.md", text, 9) == ()  # the line is gone: nothing to show


def test_a_conversation_alone_in_its_thread_is_no_thread() -> None:
    def entry(path: str, thread: str) -> TimelineEntry:
        return TimelineEntry(dt.date(2026, 1, 1), path, None, thread, None, None, (), False)

    timeline = [entry("c.md", "a.md"), entry("x.md", "x.md"), entry("b.md", "a.md")]
    assert threads(timeline) == (("b.md", "c.md"),)
