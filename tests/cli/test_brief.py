"""`vaultrel brief NAME` and `Vault.brief`: one screen before you meet someone, on real vaults."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import vaultrel
from tests.conftest import Invoke, MakeVault

REPO = Path(__file__).resolve().parent.parent.parent
TODAY = "2026-11-20"

BRIEF_FIELDS = {
    "person",
    "today",
    "points",
    "owed",
    "they_owe",
    "last_conversation",
    "threads",
    "mentions_since",
    "dates",
    "reach_out_by",
    "days_to_reach_out",
}


def brief(invoke: Invoke, root: Path, name: str, today: str = TODAY) -> dict[str, Any]:
    outcome = invoke("brief", name, "--json", "--today", today, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert isinstance(data, dict)
    return data


def example(tmp_path: Path) -> Path:
    root = tmp_path / "example-vault"
    shutil.copytree(REPO / "example-vault", root)
    return root


def test_the_json_has_the_brief_fields_and_is_the_api_value(tmp_path: Path, invoke: Invoke) -> None:
    root = example(tmp_path)
    vault = vaultrel.open_vault(root)
    for person in vault.people():
        data = brief(invoke, root, person.path.removesuffix(".md"))
        assert set(data) == BRIEF_FIELDS
        value = vault.brief(person.path.removesuffix(".md"), today=dt.date.fromisoformat(TODAY))
        assert isinstance(value, vaultrel.Brief)
        assert data == value.to_json()
        assert data["person"] == person.to_json()
    ada = brief(invoke, root, "ada")
    assert set(ada["last_conversation"]) == {"path", "date", "channel", "summary", "notes"}
    assert ada["dates"] == [{"kind": "birthday", "date": "2026-12-10", "days": 20}]
    assert (ada["reach_out_by"], ada["days_to_reach_out"]) == ("2026-12-04", 14)


def test_talking_points_come_first_then_what_each_side_owes_and_for_how_long(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\n- [ ] #ask how was Lisbon\n",
            "conversations/2026-11-08 Ada.md": (
                "---\nwith: ['[[Ada]]']\n---\n"
                "- [ ] send the deck 📅 2026-11-17\n"
                "- [ ] #waiting the syllabus 📅 2026-11-23\n"
            ),
        }
    )
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root)
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Ada  people/Ada.md"
    headings = [line for line in lines if line and not line.startswith(" ")][1:]
    assert headings[:4] == [
        "last spoke 2026-11-08 (12 days ago)",
        "Talking points",
        "You owe",
        "They owe",
    ]
    assert "  ask · how was Lisbon" in lines
    assert "  send the deck · 3 days overdue · promised 12 days ago" in lines
    assert "  the syllabus · due in 3 days · promised 12 days ago" in lines
    assert "\x1b[" not in shown.stdout  # colour only on a terminal
    many = "".join(f"- [ ] #tell news {n}\n" for n in range(7))
    (root / "people/Ada.md").write_text(f"---\ncadence: 2w\n---\n{many}")
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root)
    assert "  tell · news 4\n  … and 2 more\n" in shown.stdout  # one screen: five of each
    assert "news 5" not in shown.stdout


def test_a_logged_line_brings_its_nested_items(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": "Ada.\n",
            "daily/2026-11-18.md": (
                "Rain.\n\n## Conversations\n\n"
                "- #coffee [[Ada]] at the bakery: sourdough\n"
                "\t- Grace teaches again in spring.\n\n"
                "\t- [ ] send the deck\n"
                "- lunch alone\n"
            ),
        }
    )
    last = brief(invoke, root, "ada")["last_conversation"]
    assert last == {
        "path": "daily/2026-11-18.md",
        "date": "2026-11-18",
        "channel": "coffee",
        "summary": "Ada at the bakery: sourdough",
        "notes": ["- Grace teaches again in spring.", "- [ ] send the deck"],
    }
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root).stdout
    assert "Last conversation  2026-11-18 (2 days ago) · coffee · 2026-11-18\n" in shown
    assert "  - Grace teaches again in spring.\n  - [ ] send the deck\n" in shown


def test_a_conversation_note_brings_its_first_five_lines_outside_the_block(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    note = "conversations/2026-11-10 Ada.md"
    root = make_vault(
        {
            "people/Ada.md": "Ada.\n",
            "conversations/2026-11-01 Ada.md": "---\nwith: ['[[Ada]]']\n---\nFirst.\n",
            note: (
                "---\nwith: ['[[Ada]]']\nfollows: '[[2026-11-01 Ada]]'\nsummary: the deck\n---\n"
                "# Call\n\none\n\n  two  \nthree\nfour\nfive\n"
            ),
        }
    )
    assert invoke("index", "--vault", root).exit_code == 0
    # the user moved the generated block (it shows the thread) to the top of the text
    text = (root / note).read_text()
    begin = text.index("\n<!-- vaultrel:begin")
    block = text[begin + 1 :]
    assert "2026-11-01 Ada" in block
    body = text[:begin].rstrip("\n") + "\n"
    split = body.index("# Call")
    (root / note).write_text(body[:split] + block + body[split:])
    last = brief(invoke, root, "ada")["last_conversation"]
    assert last["summary"] == "the deck"
    assert last["notes"] == ["# Call", "one", "two", "three", "four"]


def test_threads_are_newest_first_each_oldest_first(make_vault: MakeVault, invoke: Invoke) -> None:
    def talk(follows: str | None = None) -> str:
        after = f"follows: '[[{follows} Ada]]'\n" if follows else ""
        return f"---\nwith: ['[[Ada]]']\n{after}---\n"

    root = make_vault(
        {
            "people/Ada.md": "Ada.\n",
            "c/2026-01-01 Ada.md": talk(),
            "c/2026-02-01 Ada.md": talk("2026-01-01"),
            "c/2026-03-01 Ada.md": talk(),
            "c/2026-04-01 Ada.md": talk("2026-03-01"),
            "c/2026-05-01 Ada.md": talk("2026-04-01"),
            "c/2026-06-01 Ada.md": talk(),
            "vaultrel.toml": "[folders]\nconversations = 'c'\n",
        }
    )
    assert brief(invoke, root, "ada")["threads"] == [
        ["c/2026-03-01 Ada.md", "c/2026-04-01 Ada.md", "c/2026-05-01 Ada.md"],
        ["c/2026-01-01 Ada.md", "c/2026-02-01 Ada.md"],
    ]
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root).stdout
    assert "Threads\n  2026-03-01 Ada → 2026-04-01 Ada → 2026-05-01 Ada\n" in shown


def test_mentions_since_last_spoke_leave_out_older_and_undated_notes(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "Ada.\n",
            "conversations/2026-11-10 Ada.md": "---\nwith: ['[[Ada]]']\n---\n",
            "2026-11-09.md": "Saw [[Ada]] at the station.\n",  # before: not since
            "2026-11-10.md": "[[Ada]] again.\n",  # the day we spoke: not after
            "2026-11-12.md": "[[Ada]] wrote a post.\n",
            "notes/Lisbon.md": "---\ndate: 2026-11-15\n---\n[[Ada]] knows a place.\n",
            "notes/Reading list.md": "Ask [[Ada]] for one.\n",  # undated
        }
    )
    assert brief(invoke, root, "ada")["mentions_since"] == [
        {"path": "notes/Lisbon.md", "date": "2026-11-15"},
        {"path": "2026-11-12.md", "date": "2026-11-12"},
    ]
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root).stdout
    assert "Mentioned since you last spoke\n  2026-11-15 · Lisbon\n  2026-11-12\n" in shown


def test_birthdays_and_anniversaries_within_30_days(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\nbirthday: --12-20\nanniversary: 2020-11-19\n---\n",
            "people/Leap.md": "---\nbirthday: 2000-02-29\n---\n",
        }
    )
    ada = brief(invoke, root, "ada")
    # last year's anniversary is past: the next is a year off, beyond 30 days
    assert ada["dates"] == [{"kind": "birthday", "date": "2026-12-20", "days": 30}]
    # the day itself counts; 31 days ahead does not
    assert brief(invoke, root, "ada", "2026-11-19")["dates"] == [
        {"kind": "anniversary", "date": "2026-11-19", "days": 0}
    ]
    # 29 February falls on 28 February in a year without one
    assert brief(invoke, root, "leap", "2027-02-10")["dates"] == [
        {"kind": "birthday", "date": "2027-02-28", "days": 18}
    ]
    assert brief(invoke, root, "leap", "2028-02-10")["dates"][0]["date"] == "2028-02-29"
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root).stdout
    assert "Coming up\n  birthday 2026-12-20 (in 30 days)\n" in shown


def test_days_to_reach_out_are_negative_when_overdue(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\n",
            "conversations/2026-10-30 Ada.md": "---\nwith: ['[[Ada]]']\n---\n",
            "people/Paused.md": "---\ncadence: 2w\npaused: true\nmet: 2026-01-01\n---\n",
        }
    )
    ada = brief(invoke, root, "ada")
    assert (ada["reach_out_by"], ada["days_to_reach_out"]) == ("2026-11-13", -7)
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root).stdout
    assert shown.endswith("Reach out by  2026-11-13 (7 days overdue) · every 2w\n")
    paused = brief(invoke, root, "paused")
    assert (paused["reach_out_by"], paused["days_to_reach_out"]) == (None, None)
    assert invoke("brief", "paused", "--vault", root).stdout.endswith("Reach out by  paused\n")


def test_a_name_fitting_nobody_or_several_exits_2(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": "Ada.\n", "people/Alan.md": "Alan.\n"})
    nobody = invoke("brief", "grace", "--vault", root)
    assert (nobody.exit_code, nobody.stdout) == (2, "")
    assert "[E_PERSON_NOT_FOUND]" in nobody.stderr
    several = invoke("brief", "a", "--json", "--vault", root)
    assert (several.exit_code, several.stdout) == (2, "")
    assert "Ada (people/Ada.md), Alan (people/Alan.md) [E_PERSON_AMBIGUOUS]" in several.stderr


def test_a_conversation_logged_from_the_terminal_is_in_the_next_brief(
    tmp_path: Path, invoke: Invoke
) -> None:
    root = example(tmp_path)
    logged = invoke(
        "log", "ada", "tea: the board deck went well", "--channel", "call",
        "--ask", "how the board took the metrics slides", "--date", "2026-11-24",
        "--vault", root,
    )  # fmt: skip
    assert logged.exit_code == 0, logged.stderr
    data = brief(invoke, root, "ada", "2026-11-25")
    assert data["last_conversation"] == {
        "path": "daily/2026-11-24.md",  # the folder of .obsidian/daily-notes.json
        "date": "2026-11-24",
        "channel": "call",
        "summary": "Ada Lovelace: tea: the board deck went well",
        "notes": ["- [ ] #ask how the board took the metrics slides"],
    }
    assert [p["what"] for p in data["points"]] == ["how the board took the metrics slides"]
    assert data["days_to_reach_out"] == 13  # the cadence counts from the new conversation
    shown = invoke("brief", "ada", "--today", "2026-11-25", "--vault", root).stdout
    assert shown.index("Talking points\n  ask · how the board took the metrics slides") < (
        shown.index("Last conversation  2026-11-24 (yesterday) · call · 2026-11-24")
    )


def test_a_recalled_vault_gives_the_brief_a_read_one_gives(tmp_path: Path) -> None:
    root = example(tmp_path)
    vaultrel.index(root)
    for note in root.rglob("*.md"):  # well in the past, so that the snapshot is kept
        os.utime(note, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    read = vaultrel.open_vault(root)
    recalled = vaultrel.open_vault(root)
    assert "reading" not in vars(recalled)  # answered from the snapshot
    day = dt.date.fromisoformat(TODAY)
    for name in ("ada", "grace", "émile", "zoe"):
        assert recalled.brief(name, today=day) == read.brief(name, today=day)


@pytest.mark.parametrize("met", ["2024", "2024-05", "2024-05-17"])
def test_the_screen_says_when_you_met_as_written(
    make_vault: MakeVault, invoke: Invoke, met: str
) -> None:
    root = make_vault({"people/Ada.md": f"---\nmet: {met}\ncadence: 1y\n---\n"})
    shown = invoke("brief", "ada", "--today", TODAY, "--vault", root)
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines()[1] == f"last spoke never · met {met}"
