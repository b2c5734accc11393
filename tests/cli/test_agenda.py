"""`vaultrel agenda` through the CLI: every kind of item, relative to --today."""

from __future__ import annotations

from typing import Any

from tests.conftest import Invoke, MakeVault


def person(cadence: str = "", **keys: str) -> str:
    lines = [f"cadence: {cadence}"] if cadence else []
    lines += [f"{key}: {value}" for key, value in keys.items()]
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n"


def talk(date: str, who: str, body: str = "", **keys: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in keys.items())
    return f'---\ndate: {date}\nwith: ["[[{who}]]"]\n{extra}---\n{body}'


def items(invoke: Invoke, root: Any, today: str, *args: str) -> list[dict[str, Any]]:
    outcome = invoke("agenda", "--vault", root, "--today", today, "--json", *args)
    assert outcome.exit_code == 0, outcome.stderr
    data = outcome.json()
    assert isinstance(data, list)
    return data


def test_overdue_and_due_soon_tasks_with_source_and_days(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    body = "- [ ] send the deck 📅 2026-05-09\n- [ ] book the room 📅 2026-05-20\n"
    root = make_vault(
        {"people/Ada.md": person(), "conversations/c.md": talk("2026-05-02", "Ada", body)}
    )
    expected = [
        {
            "person": "Ada",
            "path": "people/Ada.md",
            "kind": "owed",
            "due": "2026-05-09",
            "days": -3,
            "what": "send the deck",
            "promised_on": "2026-05-02",
            "escalated": False,
            "source": {"path": "conversations/c.md", "line": 5},
        },
        {
            "person": "Ada",
            "path": "people/Ada.md",
            "kind": "owed",
            "due": "2026-05-20",
            "days": 8,
            "what": "book the room",
            "promised_on": "2026-05-02",
            "escalated": False,
            "source": {"path": "conversations/c.md", "line": 6},
        },
    ]
    assert items(invoke, root, "2026-05-12") == expected[:1]  # 8 days out: past the default 7
    assert items(invoke, root, "2026-05-12", "--days", "8") == expected


def test_reply_debt_until_a_later_conversation(make_vault: MakeVault, invoke: Invoke) -> None:
    files: dict[str, str | bytes] = {
        "people/Zoë.md": person(),
        "conversations/a.md": talk("2026-10-22", "Zoë", awaiting="me"),
    }
    root = make_vault(files)
    found = items(invoke, root, "2026-10-25")
    assert [(i["kind"], i["what"], i["days"], i["source"]) for i in found] == [
        ("reply", "reply", -3, {"path": "conversations/a.md", "line": None})
    ]
    make_vault({"conversations/b.md": talk("2026-10-24", "Zoë")})
    assert items(invoke, root, "2026-10-25") == []


def test_reach_out_from_met_when_never_spoken(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Émile.md": person("1m", met="2026-01-31")})
    found = items(invoke, root, "2026-02-27")
    # Jan 31 + 1 month clamps to Feb 28; no conversation, so no source
    assert [(i["kind"], i["due"], i["days"], i["source"]) for i in found] == [
        ("reach_out", "2026-02-28", 1, None)
    ]
    assert found[0]["what"] == "reach out (every 1m)"
    assert items(invoke, root, "2026-02-20") == []  # 8 days away


def test_reach_out_counts_from_the_last_conversation(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": person("2w", met="2025-01-01"),
            "conversations/c.md": talk("2026-05-02", "Ada"),
        }
    )
    found = items(invoke, root, "2026-05-14")
    assert [(i["kind"], i["due"], i["source"]) for i in found] == [
        ("reach_out", "2026-05-16", {"path": "conversations/c.md", "line": None})
    ]


def test_snooze_delays_and_pause_stops_reach_outs(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Snoozed.md": person("1w", met="2026-01-01", snooze_until="2026-03-01"),
            "people/Paused.md": person("1w", met="2026-01-01", paused="true"),
        }
    )
    assert items(invoke, root, "2026-02-01") == []
    found = items(invoke, root, "2026-02-25")
    assert [(i["person"], i["due"]) for i in found] == [("Snoozed", "2026-03-01")]


def test_birthdays_across_the_year_end(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Ada.md": person(birthday="--01-02"),
            "people/Alan.md": person(birthday="1990-12-30"),
            "people/Leap.md": person(birthday="--02-29"),
        }
    )
    found = items(invoke, root, "2026-12-28")
    assert [(i["person"], i["kind"], i["due"], i["days"], i["what"]) for i in found] == [
        ("Alan", "birthday", "2026-12-30", 2, "birthday (turns 36)"),
        ("Ada", "birthday", "2027-01-02", 5, "birthday"),
    ]
    assert found[0]["source"] == {"path": "people/Alan.md", "line": None}
    # a birthday that has passed this year is next year's, out of range
    assert items(invoke, root, "2027-01-03") == []
    assert [i["due"] for i in items(invoke, root, "2027-02-25")] == ["2027-02-28"]
    assert [i["due"] for i in items(invoke, root, "2028-02-25")] == ["2028-02-29"]


def test_promise_escalation_by_cadence_or_30_days(make_vault: MakeVault, invoke: Invoke) -> None:
    body = "- [ ] send the deck 📅 2026-05-20\n"
    root = make_vault(
        {
            "people/Ada.md": person("2w"),
            "people/Bob.md": person(),
            "conversations/a.md": talk("2026-05-01", "Ada", body),
            "conversations/b.md": talk("2026-05-01", "Bob", body),
        }
    )

    def escalated(today: str) -> list[tuple[str, bool]]:
        found = items(invoke, root, today)
        return [(i["person"], i["escalated"]) for i in found if i["kind"] == "owed"]

    assert escalated("2026-05-15") == [("Ada", False), ("Bob", False)]
    assert escalated("2026-05-16") == [("Ada", True), ("Bob", False)]  # two weeks are over
    assert escalated("2026-06-01") == [("Ada", True), ("Bob", True)]  # and 30 days
    text = invoke("agenda", "--vault", root, "--today", "2026-05-16").stdout
    ada = next(line for line in text.splitlines() if "send the deck" in line and "Ada" in line)
    assert ada.startswith("!") and "promised 15 days ago" in ada
    assert text.splitlines()[1] == ada  # escalated items come first
    assert "!" not in next(line for line in text.splitlines() if "Bob" in line)


def test_waiting_items_only_when_overdue(make_vault: MakeVault, invoke: Invoke) -> None:
    body = "- [ ] #waiting Grace sends the budget [due:: 2026-05-20]\n"
    root = make_vault(
        {"people/Grace.md": person(), "conversations/c.md": talk("2026-05-02", "Grace", body)}
    )
    assert items(invoke, root, "2026-05-19") == []
    assert items(invoke, root, "2026-05-20") == []
    found = items(invoke, root, "2026-05-21")
    assert [(i["kind"], i["what"], i["days"], i["source"]) for i in found] == [
        ("waiting", "Grace sends the budget", -1, {"path": "conversations/c.md", "line": 5})
    ]


def test_waiting_items_say_when_they_were_promised_as_show_does(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    body = "- [ ] #waiting Grace sends the budget [due:: 2026-05-20]\n"
    root = make_vault(
        {"people/Grace.md": person(), "conversations/c.md": talk("2026-05-02", "Grace", body)}
    )
    [item] = items(invoke, root, "2026-05-21")
    shown = invoke("show", "Grace", "--vault", root, "--json").json()
    assert isinstance(shown, dict)
    assert item["promised_on"] == shown["they_owe"][0]["promised_on"] == "2026-05-02"
    assert item["escalated"] is False  # escalation is for what I owe


def test_terminal_table_shows_relative_dates_and_no_colour_in_pipes(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada.md": person("10d", met="2026-05-01")})
    outcome = invoke("agenda", "--vault", root, "--today", "2026-05-08")
    assert outcome.exit_code == 0
    assert "2026-05-11 (in 3 days)" in outcome.stdout and "reach out" in outcome.stdout
    assert "\x1b[" not in outcome.stdout
    empty = invoke("agenda", "--vault", root, "--today", "2026-05-01", "--days", "2")
    assert empty.stdout.strip() == "Nothing due by 2026-05-03."


def test_bad_today_is_a_usage_error(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": person()})
    assert invoke("agenda", "--vault", root, "--today", "2026-02-30").exit_code == 2


def test_a_note_that_cannot_be_read_makes_exit_1(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": "---\ncadence: 2w\ncadence: 3w\n---\n"})
    outcome = invoke("agenda", "--vault", root, "--today", "2026-05-08", "--json")
    assert outcome.exit_code == 1
    assert outcome.json() == []
    assert "[E_FM_DUPKEY]" in outcome.stderr


LONG = "send the signed lease, the deposit receipt and the inventory list to the agency"
NAME = "Maximiliana Wolkenstein-Rodeneck"


def test_terminal_table_fits_the_terminal_and_pipes_get_it_whole(
    make_vault: MakeVault, invoke: Invoke, monkeypatch: Any
) -> None:
    from vaultrel.cli import output

    body = f"- [ ] {LONG} 📅 2026-05-09\n- [ ] call 📅 2026-05-10\n"
    root = make_vault(
        {f"people/{NAME}.md": person(), "conversations/c.md": talk("2026-05-02", NAME, body)}
    )
    piped = invoke("agenda", "--vault", root, "--today", "2026-05-08").stdout
    assert f"  {NAME}  owe   {LONG}  conversations/c.md:5\n" in piped and "…" not in piped
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    lines = invoke("agenda", "--vault", root, "--today", "2026-05-08").stdout.splitlines()
    assert lines == [  # `what` gives way first, down to 20 characters, then the name
        "  due                     person                    kind  what                  where",
        "  2026-05-09 (tomorrow)   Maximiliana Wolkenstein…  owe   send the signed lea…  "
        "conversations/c.md:5",
        "  2026-05-10 (in 2 days)  Maximiliana Wolkenstein…  owe   call                  "
        "conversations/c.md:6",
    ]
    assert max(map(len, lines)) == 100
    monkeypatch.setenv("COLUMNS", "40")  # no narrower than 12 for a name: the rest wraps
    narrow = invoke("agenda", "--vault", root, "--today", "2026-05-08").stdout.splitlines()
    assert narrow[1] == (
        "  2026-05-09 (tomorrow)   Maximiliana…  owe   send the signed lea…  conversations/c.md:5"
    )


def test_a_cut_coloured_cell_keeps_its_colour_codes_whole(
    make_vault: MakeVault, monkeypatch: Any
) -> None:
    import click
    from click.testing import CliRunner

    from vaultrel.cli import cli, output

    body = f"- [ ] {LONG} 📅 2026-05-07\n"
    root = make_vault(
        {f"people/{NAME}.md": person(), "conversations/c.md": talk("2026-05-02", NAME, body)}
    )
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    args = ["people", "--vault", str(root), "--today", "2026-05-08"]
    row = CliRunner().invoke(cli, args, color=True).stdout.splitlines()[1]
    assert "\x1b[31m2026-05-07 (yesterday) · send…\x1b[0m" in row  # red: overdue
    assert click.unstyle(row).startswith("Maximiliana…  2026-05-02 (6 days ago)  ")


def test_a_pipe_gets_its_columns_aligned_when_a_note_holds_terminal_codes(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """Codes written in a note are stripped on the way into a pipe: the columns are measured
    without them."""
    conversation = (
        '---\ndate: 2026-05-01\nwith: ["[[Ada]]"]\n---\n'
        "- [ ] call \x1b[1mbold\x1b[0m 📅 2026-05-02\n"
        "- [ ] send the lease 📅 2026-05-03\n"
    )
    root = make_vault({"people/Ada.md": person(), "conversations/c.md": conversation})
    outcome = invoke("agenda", "--vault", root, "--today", "2026-05-08")
    rows = [line for line in outcome.stdout.splitlines() if "conversations/c.md" in line]
    assert len(rows) == 2 and "\x1b" not in outcome.stdout
    assert rows[0].index("conversations/") == rows[1].index("conversations/")
