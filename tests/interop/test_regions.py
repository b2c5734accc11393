"""Splitting a note into the user's text and vaultrel's regions, and joining them (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from vaultrel.core.splice import splice
from vaultrel.core.text import NoteText
from vaultrel.errors import NoteError
from vaultrel.interop.regions import Owned, join_regions, split_regions

KEYS = ("last_spoke", "next_owed")


def indexed(text: str, block: str = "## Relationship\n- one") -> NoteText:
    return splice(
        NoteText(text, False), {"last_spoke": dt.date(2026, 1, 10), "next_owed": None}, block
    )


def test_split_then_join_gives_the_note_back() -> None:
    note = indexed("---\ntype: person\n---\nBody.\n")
    user, owned = split_regions(note, KEYS)
    assert user.text == "---\ntype: person\n---\nBody.\n"
    assert owned == Owned({"last_spoke": dt.date(2026, 1, 10)}, "## Relationship\n- one")
    assert join_regions(user, owned, Owned(None, None)) == note


def test_a_block_the_user_moved_stays_where_it_is() -> None:
    block = splice(NoteText("", False), None, "- one").text
    moved = NoteText(f"Top.\n{block}Bottom.\n", False)
    user, owned = split_regions(moved, KEYS)
    assert user.text.startswith("Top.\n<!-- vaultrel:begin -->") and user.text.endswith("Bottom.\n")
    assert join_regions(user, owned, owned) == moved


def test_a_conversation_keeps_its_own_keys() -> None:
    note = NoteText("---\nlast_spoke: 2020-01-01\n---\nx\n", False)
    assert split_regions(note, None)[0] == note


def test_a_block_edited_by_hand_is_not_taken_apart() -> None:
    note = indexed("Body.\n")
    edited = NoteText(note.text.replace("- one", "- one, and my own line"), False)
    with pytest.raises(NoteError):
        split_regions(edited, KEYS)
