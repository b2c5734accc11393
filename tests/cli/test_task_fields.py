"""Tasks plugin fields on obligations: the created date is the promised-on date of a task
outside a dated note, and ids and dependencies are never part of its text."""

from __future__ import annotations

from typing import Any

from tests.conftest import Invoke, MakeVault


def owed(invoke: Invoke, make_vault: MakeVault) -> list[dict[str, Any]]:
    root = make_vault(
        {
            "people/Ada Lovelace.md": "- [ ] lend the book ➕ 2026-03-01 🆔 abc123\n",
            "projects/Launch.md": (
                "- [ ] send [[Ada Lovelace]] the deck ⛔ abc123,def-4 ➕ 2026-03-02 📅 2026-05-09\n"
                "- [ ] call [[Ada Lovelace]]\n"
            ),
            "conversations/2026-04-01 Ada.md": (
                '---\nwith: ["[[Ada Lovelace]]"]\n---\n- [ ] write up the notes ➕ 2026-03-03\n'
            ),
        }
    )
    outcome = invoke("show", "Ada", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    person = outcome.json()
    assert isinstance(person, dict)
    found: list[dict[str, Any]] = person["owed"]
    return found


def test_created_date_is_promised_on_outside_a_dated_note(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    found = {o["what"]: (o["promised_on"], o["source"]["path"]) for o in owed(invoke, make_vault)}
    assert found == {
        "lend the book": ("2026-03-01", "people/Ada Lovelace.md"),
        "send Ada Lovelace the deck": ("2026-03-02", "projects/Launch.md"),
        "call Ada Lovelace": (None, "projects/Launch.md"),
        # a conversation's own date wins over the line's created date
        "write up the notes": ("2026-04-01", "conversations/2026-04-01 Ada.md"),
    }
