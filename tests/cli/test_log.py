"""`vaultrel log NAME… [TEXT]`: a conversation logged as a line in the daily note."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, snapshot

PEOPLE = {
    "people/Ada Lovelace.md": "---\naliases: [Ada]\ncadence: 2w\n---\nMathematician.\n",
    "people/Grace Hopper.md": "COBOL.\n",
    "people/Katherine Johnson.md": "NASA.\n",
}


def _vault(make_vault: MakeVault, files: dict[str, str] | None = None) -> Path:
    return make_vault({**PEOPLE, **(files or {})})


def _daily(root: Path, settings: dict[str, str]) -> None:
    (root / ".obsidian").mkdir(exist_ok=True)
    (root / ".obsidian" / "daily-notes.json").write_text(json.dumps(settings))


def _person(invoke: Invoke, root: Path, name: str) -> dict[str, Any]:
    assert invoke("index", "--vault", root).exit_code == 0
    people = invoke("people", "--vault", root, "--json").json()
    assert isinstance(people, list)
    return next(p for p in people if p["name"] == name)


def test_owe_friday_is_due_the_friday_after_the_logs_date(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    outcome = invoke(
        "log", "ada", "coffee: Lisbon", "--owe", "send the deck friday",
        "--date", "2026-11-18", "--vault", root,
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == (
        "created 2026-11-18.md\n"
        "logged in 2026-11-18.md:\n"
        "  - [[Ada Lovelace]]: coffee: Lisbon\n"
        "  \t- [ ] send the deck 📅 2026-11-20\n"
    )
    assert (root / "2026-11-18.md").read_text() == (
        "## Conversations\n- [[Ada Lovelace]]: coffee: Lisbon\n"
        "\t- [ ] send the deck 📅 2026-11-20\n"
    )


def test_after_index_people_show_last_spoke_and_what_is_owed(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    outcome = invoke(
        "log", "Ada", "Grace", "lunch", "--channel", "call", "--date", "2026-11-20",
        "--owe", "send the deck by next week", "--waiting", "the syllabus in 2 weeks",
        "--ask", "whether the course has room", "--vault", root,
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    for name in ("Ada Lovelace", "Grace Hopper"):
        person = _person(invoke, root, name)
        assert person["last_spoke"] == "2026-11-20"
        assert person["last_conversation"] == "2026-11-20.md"
        assert [(o["what"], o["due"]) for o in person["owed"]] == [("send the deck", "2026-11-23")]
        assert [(o["what"], o["due"]) for o in person["they_owe"]] == [
            ("the syllabus", "2026-12-04")
        ]
        assert [p["what"] for p in person["points"]] == ["whether the course has room"]
    katherine = _person(invoke, root, "Katherine Johnson")
    assert katherine["last_spoke"] is None
    show = invoke("show", "Ada", "--vault", root)
    assert "2026-11-20 · call · 2026-11-20 · Ada Lovelace and Grace Hopper: lunch" in show.stdout


@pytest.mark.parametrize(
    ("settings", "path"),
    [
        ({"folder": "daily", "format": "YYYY/MM/YYYY-MM-DD"}, "daily/2026/11/2026-11-20.md"),
        ({"folder": "journal", "format": "DD.MM.YYYY"}, "journal/20.11.2026.md"),
        ({"format": "dddd, MMMM Do YYYY"}, "logs/Friday, November 20th 2026.md"),
    ],
)
def test_the_daily_note_obsidians_settings_name(
    make_vault: MakeVault, invoke: Invoke, settings: dict[str, str], path: str
) -> None:
    root = _vault(make_vault, {"vaultrel.toml": '[log]\nfolder = "logs"\n'})
    _daily(root, {**settings, "template": "Templates/Daily"})
    template = "# {{date:dddd D MMMM}}\n{{title}} · {{date}}\n\n## Notes\n"
    (root / "Templates").mkdir()
    (root / "Templates" / "Daily.md").write_text(template)
    outcome = invoke("log", "Ada", "tea", "--date", "2026-11-20", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.startswith(f"created {path} from Templates/Daily.md\n")
    title = path.rpartition("/")[2].removesuffix(".md")
    assert (root / path).read_text() == (
        f"# Friday 20 November\n{title} · 2026-11-20\n\n## Notes\n\n"
        "## Conversations\n- [[Ada Lovelace]]: tea\n"
    )
    assert _person(invoke, root, "Ada Lovelace")["last_spoke"] == "2026-11-20"


def test_a_missing_template_writes_nothing(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    _daily(root, {"template": "Templates/Nope"})
    before = snapshot(root)
    outcome = invoke("log", "Ada", "--vault", root)
    assert outcome.exit_code == 2
    assert "[E_LOG_TEMPLATE]" in outcome.stderr
    assert snapshot(root) == before


def test_the_line_goes_at_the_end_of_the_conversations_section(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    day = "# Friday\n\n## Conversations\n- [[Grace Hopper]] #call\n\n## Tasks\n- [ ] water\n"
    root = _vault(make_vault, {"2026-11-20.md": day})
    outcome = invoke("log", "Kath", "--date", "2026-11-20", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == "logged in 2026-11-20.md:\n  - [[Katherine Johnson]]\n"
    assert (root / "2026-11-20.md").read_text() == (
        "# Friday\n\n## Conversations\n- [[Grace Hopper]] #call\n- [[Katherine Johnson]]\n"
        "\n## Tasks\n- [ ] water\n"
    )


def test_the_heading_is_added_when_the_note_has_none(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(
        make_vault,
        {"vaultrel.toml": '[log]\nheading = "Talks"\n', "2026-11-20.md": "Rain all day."},
    )
    outcome = invoke("log", "Ada", "--date", "2026-11-20", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "2026-11-20.md").read_text() == (
        "Rain all day.\n\n## Talks\n- [[Ada Lovelace]]"  # still no final line break
    )


def test_a_crlf_daily_note_stays_crlf(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault, {"2026-11-20.md": "# Day\r\n\r\n## Conversations\r\n"})
    outcome = invoke(
        "log", "Ada", "x", "--owe", "call back", "--date", "2026-11-20", "--vault", root
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / "2026-11-20.md").read_bytes() == (
        b"# Day\r\n\r\n## Conversations\r\n- [[Ada Lovelace]]: x\r\n\t- [ ] call back\r\n"
    )


def test_the_daily_note_is_journaled(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault, {"2026-11-20.md": "Rain.\n"})
    assert invoke("log", "Ada", "--date", "2026-11-20", "--vault", root).exit_code == 0
    listed = invoke("restore", "2026-11-20.md", "--list", "--vault", root)
    assert listed.exit_code == 0
    assert " log" in listed.stdout
    assert invoke("restore", "2026-11-20.md", "--vault", root).exit_code == 0
    assert (root / "2026-11-20.md").read_text() == "Rain.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Lovlace", "tea"], "Lovlace: no person has this name, alias or prefix; did you mean "
         "Ada Lovelace? [E_PERSON_NOT_FOUND]"),
        (["Zed"], "Zed: no person has this name, alias or prefix [E_PERSON_NOT_FOUND]"),
        (["Ada", "Nobody", "tea"], "Nobody: no person has this name"),
        (["Ada", "--channel", "lunch"], "'lunch' is not a channel tag"),
        (["Ada", "--owe", "friday"], "'friday' says when but not what [E_VALUE_INVALID]"),
        (["Alan Turing", "a/b", "tea", "--new"], "a/b: cannot be a person note's name"),
    ],
)  # fmt: skip
def test_refusals_exit_2_and_write_nothing(
    make_vault: MakeVault, invoke: Invoke, args: list[str], message: str
) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    outcome = invoke("log", *args, "--vault", root)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert snapshot(root) == before


def test_a_name_fitting_several_people_lists_them(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault, {"people/Ada King.md": "x\n"})
    before = snapshot(root)
    outcome = invoke("log", "ad", "--vault", root)
    assert outcome.exit_code == 2
    assert "Ada King (people/Ada King.md), Ada Lovelace (people/Ada Lovelace.md)" in outcome.stderr
    assert snapshot(root) == before


def test_new_creates_the_person_from_the_template(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    outcome = invoke(
        "log", "Ada", "Alan Turing", "chess", "--new", "--date", "2026-11-20", "--vault", root
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[:2] == [
        "created people/Alan Turing.md",
        "created 2026-11-20.md",
    ]
    assert (root / "people" / "Alan Turing.md").is_file()
    assert "- [[Ada Lovelace]] and [[Alan Turing]]: chess" in (root / "2026-11-20.md").read_text()
    assert _person(invoke, root, "Alan Turing")["last_spoke"] == "2026-11-20"


def test_dry_run_writes_nothing(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    outcome = invoke(
        "log", "Alan Turing", "--new", "--dry-run", "--date", "2026-11-20", "--vault", root
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == (
        "would create people/Alan Turing.md\nwould create 2026-11-20.md\n"
        "would log in 2026-11-20.md:\n  - [[Alan Turing]]\n"
    )
    assert snapshot(root) == before


def test_markdown_link_style(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault, {"vaultrel.toml": '[links]\nstyle = "markdown"\n'})
    assert invoke("log", "Ada", "--date", "2026-11-20", "--vault", root).exit_code == 0
    assert (root / "2026-11-20.md").read_text() == (
        "## Conversations\n- [Ada Lovelace](Ada%20Lovelace.md)\n"
    )
    assert _person(invoke, root, "Ada Lovelace")["last_spoke"] == "2026-11-20"


def test_new_creates_nobody_when_the_daily_note_is_refused(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    _daily(root, {"template": "Templates/Nope"})
    before = snapshot(root)
    outcome = invoke("log", "Alan Turing", "--new", "--vault", root)
    assert outcome.exit_code == 2
    assert "[E_LOG_TEMPLATE]" in outcome.stderr
    assert snapshot(root) == before


def test_a_person_named_twice_is_linked_once(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    outcome = invoke("log", "Ada", "ada lovelace", "Zed", "Zed", "tea", "--new", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[0] == "created people/Zed.md"
    assert "  - [[Ada Lovelace]] and [[Zed]]: tea" in outcome.stdout.splitlines()


def test_a_daily_format_vaultrel_cannot_read_is_said(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    _daily(root, {"format": "gggg-[W]ww"})
    outcome = invoke("log", "Ada", "--date", "2026-11-20", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "[W_DAILY_FORMAT]" in outcome.stderr
    assert (root / "2026-11-20.md").is_file()


def test_a_new_name_with_an_invisible_character_is_shown_by_code_point(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    args = ("log", "Zero\u200bWidth", "tea", "--new", "--date", "2026-11-20", "--vault", root)
    outcome = invoke(*args)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("vaultrel: Zero<U+200B>Width: cannot be a person note's name")
    assert "\u200b" not in outcome.stderr and snapshot(root) == before
