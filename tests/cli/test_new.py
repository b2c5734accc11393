"""`vaultrel new` and `vaultrel init` through the CLI."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from tests.conftest import Invoke, MakeVault, snapshot
from vaultrel.config import load_config


def test_new_person_from_the_bundled_template(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"notes/x.md": ""})
    outcome = invoke("new", "person", "Grace Hopper", "--date", "2026-05-02", "--vault", root)
    assert (outcome.exit_code, outcome.stdout) == (0, "people/Grace Hopper.md\n")
    text = (root / "people/Grace Hopper.md").read_text()
    assert text.startswith("---\ntype: person\n") and "met: 2026-05-02\n" in text
    assert "# Grace Hopper\n" in text


def test_new_person_prefers_the_vault_template_and_fills_it_as_data(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    template = "---\ntags: [person]\n---\nName: {{name}} {{ cycler.__init__ }} {{title}}\n"
    root = make_vault({"templates/person.md": template})
    name = "Ada {{date}}"
    assert invoke("new", "person", name, "--vault", root).exit_code == 0
    text = (root / f"people/{name}.md").read_text()
    # the name's own braces are text, not placeholders to fill again
    assert text == f"---\ntags: [person]\n---\nName: {name} {{{{ cycler.__init__ }}}} {name}\n"


def test_new_person_refuses_to_overwrite_or_duplicate(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {"people/Ada.md": "mine\n", "people/Grace Hopper.md": "---\naliases: [Amazing]\n---\n"}
    )
    before = snapshot(root)
    exists = invoke("new", "person", "ada", "--vault", root)
    assert exists.exit_code == 2 and "[E_EXISTS]" in exists.stderr
    alias = invoke("new", "person", "amazing", "--vault", root)
    assert alias.exit_code == 2 and "people/Grace Hopper.md" in alias.stderr
    bad = invoke("new", "person", "a/b", "--vault", root)
    assert bad.exit_code == 2 and "[E_NAME_INVALID]" in bad.stderr
    assert snapshot(root) == before


def test_new_person_refuses_a_file_in_another_case(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/ada.md": "mine\n"})  # not a person: no name match
    root.joinpath("people/ada.md").write_text("---\ntype: org\n---\n")
    outcome = invoke("new", "person", "Ada", "--vault", root)
    assert outcome.exit_code == 1 and "[E_EXISTS]" in outcome.stderr
    assert not (root / "people/Ada.md").exists()


def test_new_conversation_links_people_and_counts_at_once(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {"people/Ada Lovelace.md": "---\naliases: [Ada]\n---\n", "people/Grace.md": ""}
    )
    outcome = invoke(
        "new", "conversation", "--with", "ada", "--with", "Alan Turing", "--channel", "call",
        "--vault", root,
    )  # fmt: skip
    today = dt.date.today().isoformat()
    path = f"conversations/{today} Ada Lovelace.md"
    assert (outcome.exit_code, outcome.stdout) == (0, f"{path}\n"), outcome.stderr
    text = (root / path).read_text()
    assert f"date: {today}\n" in text and "channel: call\n" in text
    assert 'with: ["[[Ada Lovelace]]", "[[Alan Turing]]"]\n' in text
    assert "status" not in text
    people = invoke("people", "--vault", root, "--json").json()
    assert isinstance(people, list)
    assert {p["name"]: p["last_spoke"] for p in people} == {
        "Ada Lovelace": today,
        "Alan Turing": today,  # index creates the note; the queries count it already
        "Grace": None,
    }


def test_new_conversation_with_date_title_and_a_planned_future(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada.md": ""})
    past = invoke(
        "new", "conversation", "--with", "Ada", "--date", "2026-01-05", "--title", "Lunch",
        "--vault", root,
    )  # fmt: skip
    assert past.stdout == "conversations/Lunch.md\n"
    assert "date: 2026-01-05\n" in (root / "conversations/Lunch.md").read_text()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    planned = invoke("new", "conversation", "--with", "Ada", "--date", future, "--vault", root)
    text = (root / f"conversations/{future} Ada.md").read_text()
    assert planned.exit_code == 0 and "\nstatus: planned\n---\n" in text
    ada = invoke("show", "Ada", "--vault", root, "--json").json()
    assert isinstance(ada, dict) and ada["last_spoke"] == "2026-01-05"
    again = invoke("new", "conversation", "--with", "Ada", "--date", future, "--vault", root)
    assert again.exit_code == 1 and "[E_EXISTS]" in again.stderr


def test_new_conversation_needs_a_participant(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": ""})
    assert invoke("new", "conversation", "--vault", root).exit_code == 2


def test_init_creates_a_vault_and_never_overwrites(tmp_path: Path, invoke: Invoke) -> None:
    root = tmp_path / "notes"
    outcome = invoke("init", root)
    assert outcome.exit_code == 0
    for folder in ("people", "conversations", "orgs", "templates"):
        assert (root / folder).is_dir()
    for kind in ("person", "conversation", "org"):
        assert (root / f"templates/{kind}.md").read_text().startswith("---\ntype: ")
    assert (root / ".gitignore").read_text() == ".vaultrel/\n.vaultrel-*.tmp\n"
    settings = tomllib.loads((root / "vaultrel.toml").read_text())
    assert settings["folders"]["templates"] == "templates"
    assert load_config(root).folders.people == "people"
    (root / "templates/person.md").write_text("my template\n")
    before = snapshot(root)
    again = invoke("init", root)
    assert again.exit_code == 0 and "created" not in again.stdout
    assert snapshot(root) == before
    assert invoke("new", "person", "Ada", "--vault", root).exit_code == 0
    assert (root / "people/Ada.md").read_text() == "my template\n"


def test_init_adds_to_an_existing_gitignore(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({".gitignore": "*.tmp", "vaultrel.toml": '[folders]\npeople = "contacts"\n'})
    outcome = invoke("init", "--vault", root)
    assert outcome.exit_code == 0
    assert (root / ".gitignore").read_text() == "*.tmp\n.vaultrel/\n.vaultrel-*.tmp\n"
    assert (root / "contacts").is_dir() and not (root / "people").exists()
    assert "kept    vaultrel.toml" in outcome.stdout


def test_init_ignores_crash_leftovers_in_a_gitignore_that_ignores_the_state_folder(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """A temp file left by a killed write holds a full copy of a note (RELIABILITY R11)."""
    root = make_vault({".gitignore": "/.vaultrel/\n"})
    assert invoke("init", "--vault", root).exit_code == 0
    assert (root / ".gitignore").read_text() == "/.vaultrel/\n.vaultrel-*.tmp\n"
    before = snapshot(root)
    assert invoke("init", "--vault", root).exit_code == 0
    assert snapshot(root) == before
