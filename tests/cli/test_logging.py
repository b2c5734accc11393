"""Conversations logged as lines of dated notes, a note's date, and talking points, through the
CLI on real vaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, snapshot

PEOPLE: dict[str, str | bytes] = {
    "people/Ada.md": "---\ncadence: 2w\n---\nAda.\n",
    "people/Grace.md": "Grace.\n",
}


def person(invoke: Invoke, root: Path, name: str) -> dict[str, Any]:
    outcome = invoke("show", name, "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert isinstance(data, dict)
    return data


def index(invoke: Invoke, root: Path) -> dict[str, Any]:
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert isinstance(data, dict)
    return data


def codes(summary: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    return [(p["code"], p["path"], p["line"]) for p in summary["problems"]]


def test_a_line_under_the_heading_with_two_people(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "2026-11-20.md": (
                "# Friday\n\n## Conversations\n\n"
                "- 14:30 lunch with [[Ada]] and [[Grace]] about [[Sourdough]] #food\n"
                "### later\n- tea with [[Grace]]\n\n## Other\n- [[Ada]] was there too\n"
            ),
        }
    )
    before = (root / "2026-11-20.md").read_bytes()
    index(invoke, root)
    assert (root / "2026-11-20.md").read_bytes() == before  # a dated note is never written
    ada, grace = person(invoke, root, "Ada"), person(invoke, root, "Grace")
    assert (ada["last_spoke"], ada["last_conversation"], ada["conversations"]) == (
        "2026-11-20",
        "2026-11-20.md",
        1,
    )
    assert ada["reach_out_by"] == "2026-12-04"
    # a sub-heading stays in the section; top-level items only
    assert [(e["line"], e["summary"], e["channel"]) for e in grace["timeline"]] == [
        (5, "14:30 lunch with Ada and Grace about Sourdough", None),
        (7, "tea with Grace", None),
    ]
    block = (root / "people/Ada.md").read_text()
    assert "- **Last spoke:** 2026-11-20 · [[2026-11-20]]" in block
    assert "- 2026-11-20 · [[2026-11-20]] · 14:30 lunch with Ada and Grace about Sourdough" in block
    assert "**Mentioned in**" not in block  # a participant there, not mentioned


def test_a_tagged_line_outside_any_heading_and_a_mere_mention(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "journal/2026-11-18 notes.md": "- quick #call/work with [[Grace]] re the launch\n",
            "2026-11-19.md": "Saw [[Ada]] at the station.\n- [[Ada]] looked well\n",
        }
    )
    index(invoke, root)
    grace, ada = person(invoke, root, "Grace"), person(invoke, root, "Ada")
    assert grace["last_spoke"] == "2026-11-18"
    assert [(e["channel"], e["summary"]) for e in grace["timeline"]] == [
        ("call", "quick with Grace re the launch")
    ]
    assert (
        "- **Last spoke:** 2026-11-18 · call · [[2026-11-18 notes]]"
        in (root / "people/Grace.md").read_text()
    )
    assert (ada["last_spoke"], ada["timeline"], ada["mentions"]) == (None, [], ["2026-11-19.md"])


def test_nested_tasks_are_owed_to_the_line_people_or_every_participant(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "2026-11-20.md": (
                "## Conversations\n"
                "- coffee with [[Ada]] and [[Grace]]\n"
                "  - she moved to Lisbon\n"
                "  - [ ] send [[Ada]] the deck 📅 2026-11-27\n"
                "  - [ ] book the next one\n"
                "  - [ ] intro to their CTO #waiting\n"
                "- [ ] plan the offsite\n"
            ),
        }
    )
    ada, grace = person(invoke, root, "Ada"), person(invoke, root, "Grace")
    owed = [(o["what"], o["promised_on"], o["source"]["line"]) for o in ada["owed"]]
    assert owed == [
        ("send Ada the deck", "2026-11-20", 4),
        ("book the next one", "2026-11-20", 5),
    ]
    assert [o["what"] for o in grace["owed"]] == ["book the next one"]
    assert [o["what"] for o in grace["they_owe"]] == ["intro to their CTO"]
    assert [o["what"] for o in ada["they_owe"]] == ["intro to their CTO"]
    assert (ada["next_owed"], ada["next_owed_what"]) == ("2026-11-27", "send Ada the deck")
    # an open task under the heading is a plan, not a conversation
    assert [e["line"] for e in ada["timeline"]] == [2]


def test_an_unresolved_link_on_a_log_line_creates_no_note(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({**PEOPLE, "2026-11-20.md": "- #coffee with [[Nobody Yet]]\n"})
    summary = index(invoke, root)
    assert not (root / "people/Nobody Yet.md").exists()
    assert summary["created"] == []
    problem = next(p for p in summary["problems"] if p["code"] == "W_LOG_UNRESOLVED")
    assert (problem["path"], problem["line"]) == ("2026-11-20.md", 1)
    assert 'vaultrel new person "Nobody Yet"' in problem["hint"]


def test_a_log_line_without_a_person_is_told_with_the_fix(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "projects/Launch.md": "Launch.\n",
            "2026-11-20.md": (
                "## Conversations\n- with the plumber\n- about [[Launch]]\n- #video standup\n"
            ),
        }
    )
    summary = index(invoke, root)
    assert [c for c in codes(summary) if c[0] == "W_LOG_NO_PERSON"] == [
        ("W_LOG_NO_PERSON", "2026-11-20.md", 2),
        ("W_LOG_NO_PERSON", "2026-11-20.md", 3),
        ("W_LOG_NO_PERSON", "2026-11-20.md", 4),
    ]
    assert person(invoke, root, "Ada")["timeline"] == []


@pytest.mark.parametrize(
    ("settings", "path"),
    [
        ({"folder": "journal", "format": "YYYY/MM/YYYY-MM-DD"}, "journal/2026/11/2026-11-20.md"),
        ({"folder": "daily", "format": "DD.MM.YYYY"}, "daily/20.11.2026.md"),
        ({"format": "dddd, MMMM Do YYYY"}, "Friday, November 20th 2026.md"),
        ({"format": "[Log] YY-M-D"}, "Log 26-11-20.md"),
    ],
)
def test_daily_note_names_from_obsidian_settings(
    make_vault: MakeVault, invoke: Invoke, settings: dict[str, str], path: str
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            ".obsidian/daily-notes.json": json.dumps(settings),
            path: "- #call with [[Ada]]\n  - [ ] send the notes\n",
            "Misc/notes.md": "- [[Grace]] #coffee\n",  # no date: logs nothing
        }
    )
    ada = person(invoke, root, "Ada")
    assert (ada["last_spoke"], ada["last_conversation"]) == ("2026-11-20", path)
    assert ada["owed"][0]["promised_on"] == "2026-11-20"
    assert person(invoke, root, "Grace")["last_spoke"] is None


def test_a_daily_note_format_vaultrel_cannot_read_is_said(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            ".obsidian/daily-notes.json": '{"format": "gggg-[W]ww"}',
            "2026-11-20.md": "- #call with [[Ada]]\n",
        }
    )
    summary = index(invoke, root)
    assert ("W_DAILY_FORMAT", ".obsidian/daily-notes.json", None) in codes(summary)
    assert person(invoke, root, "Ada")["last_spoke"] == "2026-11-20"  # the default still dates


def test_a_logged_conversation_settles_a_reply_i_owe(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "conversations/2026-11-10 email.md": (
                '---\ndate: 2026-11-10\nwith: ["[[Ada]]"]\nawaiting: me\n---\nHer question.\n'
            ),
        }
    )
    assert [o["kind"] for o in person(invoke, root, "Ada")["owed"]] == ["reply"]
    (root / "2026-11-12.md").write_text("- #message answered [[Ada]]\n")
    ada = person(invoke, root, "Ada")
    assert ada["owed"] == []
    assert (ada["last_spoke"], ada["last_conversation"]) == ("2026-11-12", "2026-11-12.md")
    assert ada["timeline"][0]["channel"] == "message"


def test_a_ticked_tagged_task_is_logged_on_its_done_date(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "2026-11-01.md": (
                "- [x] #call [[Ada]] about the lease ✅ 2026-11-03\n"
                "- [x] thank [[Grace]]\n"
                "- [ ] #call [[Grace]] next week\n"
            ),
        }
    )
    assert person(invoke, root, "Ada")["last_spoke"] == "2026-11-03"
    grace = person(invoke, root, "Grace")
    assert grace["last_spoke"] is None  # no channel tag; an open task is a plan
    assert [o["what"] for o in grace["owed"]] == ["Grace next week"]


def test_talking_points_are_listed_and_ticking_closes_them(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "people/Ada.md": "---\ncadence: 2w\n---\n- [ ] how was Lisbon? #ask\n",
            "2026-11-20.md": "- [ ] #tell [[Ada]] and [[Grace]] the news 📅 2026-11-21\n",
        }
    )
    index(invoke, root)
    ada = person(invoke, root, "Ada")
    assert ada["points"] == [
        {
            "what": "Ada and Grace the news",
            "person": "Ada",
            "tag": "tell",
            "source": {"path": "2026-11-20.md", "line": 1},
        },
        {
            "what": "how was Lisbon?",
            "person": "Ada",
            "tag": "ask",
            "source": {"path": "people/Ada.md", "line": 4},
        },
    ]
    # never an obligation: its due date sets no next owed
    assert (ada["owed"], ada["next_owed"], ada["next_owed_what"]) == ([], None, None)
    text = (root / "people/Ada.md").read_text()
    assert "**Next time**\n- tell · Ada and Grace the news · [[2026-11-20]]\n" in text
    assert "- ask · how was Lisbon?\n" in text
    shown = invoke("show", "Grace", "--vault", root)
    assert "Next time" in shown.stdout and "tell · Ada and Grace the news" in shown.stdout
    people = invoke("people", "--vault", root, "--json").json()
    assert isinstance(people, list)
    assert [len(p["points"]) for p in people] == [2, 1]
    (root / "2026-11-20.md").write_text("- [x] #tell [[Ada]] and [[Grace]] the news\n")
    index(invoke, root)
    assert [p["tag"] for p in person(invoke, root, "Ada")["points"]] == ["ask"]
    assert person(invoke, root, "Grace")["points"] == []
    assert "**Next time**" not in (root / "people/Grace.md").read_text()


def test_configured_heading_and_tags(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "vaultrel.toml": (
                '[log]\nheading = "Met"\ntags = ["lunch"]\n[points]\ntags = ["topic"]\n'
            ),
            "2026-11-20.md": (
                "# Met\n- [[Ada]]\n# Else\n- #lunch [[Grace]]\n- #call [[Ada]]\n"
                "- [ ] #topic [[Grace]] holidays\n- [ ] #ask [[Grace]] the date\n"
            ),
        }
    )
    ada, grace = person(invoke, root, "Ada"), person(invoke, root, "Grace")
    assert [e["line"] for e in ada["timeline"]] == [2]
    assert [(e["line"], e["channel"]) for e in grace["timeline"]] == [(4, "lunch")]
    assert [p["what"] for p in grace["points"]] == ["Grace holidays"]
    assert [o["what"] for o in grace["owed"]] == ["Grace the date"]


def test_the_site_person_page_shows_logged_lines_and_points(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "2026-11-20.md": "- #coffee with [[Ada]]: Lisbon\n- [ ] #ask [[Ada]] about the move\n",
        }
    )
    out = tmp_path / "site"
    outcome = invoke("site", "--vault", root, "-o", out)
    assert outcome.exit_code == 0, outcome.stderr
    page = next((out / "notes").glob("ada-*.html")).read_text()
    assert "Next time" in page and "about the move" in page
    assert "coffee" in page and "with Ada: Lisbon" in page


def test_dated_notes_are_never_written(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            **PEOPLE,
            "2026-11-20.md": "## Conversations\n- [[Ada]]\n  - [ ] x\n- [ ] #ask [[Grace]] y\n",
            "daily/2026-11-21.md": "- #call [[Nobody]]\n",
        }
    )
    dated = {p: b for p, b in snapshot(root).items() if not p.startswith("people/")}
    index(invoke, root)
    index(invoke, root)
    assert {p: b for p, b in snapshot(root).items() if p in dated} == dated
