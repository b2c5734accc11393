"""`vaultrel people` and `vaultrel show` through the CLI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, snapshot

VAULT: dict[str, str | bytes] = {
    "people/Ada Lovelace.md": "---\naliases: [Ada]\ncadence: 2w\n---\n- [ ] lend [[Alan]] a book\n",
    "people/Alan.md": "---\nbirthday: --06-23\n---\n",
    "people/Zoë Ruiz.md": "---\ncadence: 30d\nmet: 2026-01-10\n---\n",
    "conversations/2026-04-10 coffee.md": (
        '---\ndate: 2026-04-10\nwith: ["[[Ada Lovelace]]", "[[Alan]]"]\nchannel: coffee\n---\n'
        "Sourdough.\n\n- [ ] #waiting [[Alan]] sends the paper 📅 2026-04-20\n"
    ),
    "conversations/2026-05-02 call.md": (
        '---\ndate: 2026-05-02\nwith: ["[[Ada Lovelace]]"]\nchannel: call\n'
        'follows: "[[2026-04-10 coffee]]"\n---\nThe launch.\n\n- [ ] send the deck 📅 2026-05-09\n'
    ),
    "daily/2026-05-05.md": "Saw [[Zoë Ruiz]] in passing.\n",
}


def people_json(invoke: Invoke, root: Path, *args: str) -> list[dict[str, Any]]:
    outcome = invoke("people", "--vault", root, "--json", *args)
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert isinstance(data, list)
    return data


def test_people_json_shape(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    before = snapshot(root)
    ada, alan, zoe = people_json(invoke, root)
    assert snapshot(root) == before  # a query writes no note
    assert ada == {
        "name": "Ada Lovelace",
        "path": "people/Ada Lovelace.md",
        "aliases": ["Ada"],
        "cadence": "2w",
        "last_spoke": "2026-05-02",
        "last_conversation": "conversations/2026-05-02 call.md",
        "next_owed": "2026-05-09",
        "next_owed_what": "send the deck",
        "reach_out_by": "2026-05-16",
        "owed": [
            {
                "what": "send the deck",
                "due": "2026-05-09",
                "kind": "task",
                "person": "Ada Lovelace",
                "direction": "i_owe",
                "promised_on": "2026-05-02",
                "source": {"path": "conversations/2026-05-02 call.md", "line": 9},
            },
            {
                "what": "lend Alan a book",
                "due": None,
                "kind": "task",
                "person": "Ada Lovelace",
                "direction": "i_owe",
                "promised_on": None,
                "source": {"path": "people/Ada Lovelace.md", "line": 5},
            },
        ],
        "they_owe": [],
        "points": [],
        "conversations": 2,
        "birthday": None,
        "anniversary": None,
        "met": None,
    }
    assert [o["what"] for o in alan["they_owe"]] == ["Alan sends the paper"]
    assert (alan["last_spoke"], alan["next_owed"], alan["conversations"]) == ("2026-04-10", None, 1)
    assert (zoe["last_spoke"], zoe["reach_out_by"], zoe["next_owed_what"]) == (
        None,
        "2026-02-09",
        "reach out",
    )


def test_people_sorts(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    names = lambda *args: [p["name"] for p in people_json(invoke, root, *args)]  # noqa: E731
    assert names() == ["Ada Lovelace", "Alan", "Zoë Ruiz"]
    table = invoke("people", "--vault", root, "--sort", "due", "--today", "2026-05-08").stdout
    rows = [line.split("  ")[0] for line in table.splitlines()[1:]]
    assert rows == ["Zoë Ruiz", "Ada Lovelace", "Alan"]  # 02-09, 05-09, nothing owed
    table = invoke("people", "--vault", root, "--sort", "last", "--today", "2026-05-08").stdout
    rows = [line.split("  ")[0] for line in table.splitlines()[1:]]
    assert rows == ["Zoë Ruiz", "Alan", "Ada Lovelace"]  # never, 04-10, 05-02


def test_people_table_has_relative_dates(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    outcome = invoke("people", "--vault", root, "--today", "2026-05-08")
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    header, ada, _, zoe = lines
    starts = [header.index(column) for column in ("last spoke", "next owed", "reach out by")]
    for line in lines[1:]:  # every row has a value (or —) in these columns, aligned
        assert all(line[start - 2 : start] == "  " and line[start] != " " for start in starts)
    assert ada[header.index("I owe")] == "2" and ada.endswith("2")
    assert "2026-05-02 (6 days ago)" in ada and "2026-05-09 (tomorrow) · send the deck" in ada
    assert "2026-05-16 (in 8 days)" in ada
    assert "never" in zoe and "2026-02-09 (88 days ago) · reach out" in zoe


def test_people_respects_no_color_even_when_forced(make_vault: MakeVault, monkeypatch: Any) -> None:
    from click.testing import CliRunner

    from vaultrel.cli import cli, output

    root = make_vault(VAULT)
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    args = ["people", "--vault", str(root), "--today", "2026-05-08"]
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in CliRunner().invoke(cli, args, color=True).stdout  # a terminal: colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in CliRunner().invoke(cli, args, color=True).stdout


def test_people_in_an_empty_vault(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"notes/x.md": "hello\n"})
    assert invoke("people", "--vault", root, "--json").json() == []
    assert "No people yet" in invoke("people", "--vault", root).stdout


def test_show_by_name_alias_prefix_and_without_accents(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(VAULT)
    for query in ("Ada Lovelace", "ada", "ADA LOV", "people/Ada Lovelace"):
        outcome = invoke("show", query, "--vault", root, "--json")
        assert outcome.exit_code == 0, (query, outcome.stderr)
        assert outcome.json()["path"] == "people/Ada Lovelace.md"  # type: ignore[index]
    for query in ("zoe", "Zoe R", "zoë"):
        assert invoke("show", query, "--vault", root, "--json").json()["name"] == "Zoë Ruiz"  # type: ignore[index]


def test_show_ambiguous_and_unknown_names(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    ambiguous = invoke("show", "a", "--vault", root)
    assert ambiguous.exit_code == 2
    assert "[E_PERSON_AMBIGUOUS]" in ambiguous.stderr
    assert "Ada Lovelace (people/Ada Lovelace.md)" in ambiguous.stderr
    assert "Alan (people/Alan.md)" in ambiguous.stderr
    assert "Zoë" not in ambiguous.stderr
    unknown = invoke("show", "Grace", "--vault", root)
    assert unknown.exit_code == 2 and "[E_PERSON_NOT_FOUND]" in unknown.stderr


def test_show_json_has_timeline_threads_and_mentions(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    ada = invoke("show", "ada", "--vault", root, "--json").json()
    assert isinstance(ada, dict)
    assert [(t["date"], t["thread"], t["channel"]) for t in ada["timeline"]] == [
        ("2026-05-02", "conversations/2026-04-10 coffee.md", "call"),
        ("2026-04-10", "conversations/2026-04-10 coffee.md", "coffee"),
    ]
    assert ada["timeline"][0]["summary"] == "The launch."
    zoe = invoke("show", "zoe", "--vault", root, "--json").json()
    assert isinstance(zoe, dict)
    assert zoe["mentions"] == ["daily/2026-05-05.md"] and zoe["met"] == "2026-01-10"


def test_show_page_in_the_terminal(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    outcome = invoke("show", "ada", "--vault", root, "--today", "2026-05-08")
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0] == "Ada Lovelace  people/Ada Lovelace.md"
    assert lines[1] == "  aliases Ada · every 2w"
    assert "Last spoke    2026-05-02 (6 days ago) · call · 2026-05-02 call" in lines
    assert "Next owed     2026-05-09 (tomorrow) · send the deck" in lines
    timeline = lines[lines.index("Timeline") + 1 :]
    assert timeline == [
        "  2026-05-02 · call · 2026-05-02 call · The launch.",
        "    2026-04-10 · coffee · 2026-04-10 coffee · Sourdough.",
    ]
    owed = lines[lines.index("I owe") + 1]
    assert owed == (
        "  2026-05-09 (tomorrow) · send the deck · conversations/2026-05-02 call.md:9"
        " · promised 2026-05-02"
    )


def test_show_reads_tasks_plugin_and_dataview_fields(make_vault: MakeVault, invoke: Invoke) -> None:
    body = (
        "- [ ] send `📅 2026-01-01` to the printer\n"
        "- [ ] file the claim 🆔 abc123 ⛔ def456 🔁 every week when done ⏫ ➕ 2026-04-01\n"
        "- [ ] book [room:: B2] the (floor:: 3) room [due:: 2026-06-06T10:00]\n"
        "- [ ] #waiting/bob Bob sends the slides 📅 2026-05-20\n"
    )
    root = make_vault({"people/Ada.md": "---\ncadence: 2w\n---\n" + body})
    outcome = invoke("show", "Ada", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    page = outcome.json()
    assert isinstance(page, dict)
    owed = [(o["what"], o["due"], o["source"]["line"]) for o in page["owed"]]
    assert owed == [
        ("book the room", "2026-06-06", 6),
        ("send `📅 2026-01-01` to the printer", None, 4),
        ("file the claim", None, 5),
    ]
    assert [(o["what"], o["due"]) for o in page["they_owe"]] == [
        ("Bob sends the slides", "2026-05-20")
    ]


@pytest.mark.parametrize("command", [["people"], ["import", "monica", "MONICA"]])
def test_a_reader_that_went_away_is_no_internal_error(
    make_vault: MakeVault, command: list[str]
) -> None:
    """`vaultrel … | head`: once the reader has closed the pipe, vaultrel stops quietly."""
    import subprocess
    import sys

    monica = Path(__file__).parents[1] / "fixtures" / "monica" / "account-export.json"
    root = make_vault({"people/Ada.md": "---\ncadence: 2w\n---\n"})
    args = [str(monica) if arg == "MONICA" else arg for arg in command]
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    done = subprocess.run(
        [sys.executable, "-m", "vaultrel", *args, "--vault", str(root)],
        stdout=write, stderr=subprocess.PIPE, text=True, timeout=60,
    )  # fmt: skip
    os.close(write)
    assert (done.returncode, done.stderr) == (0, "")
    if command[0] == "import":  # the import was written before its report was cut short
        assert (root / "people" / "Ada Lovelace.md").read_text().count("ada@") >= 1
