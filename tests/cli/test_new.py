"""`vaultrel new` and `vaultrel init` through the CLI."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import yaml

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


def test_names_ending_in_a_dot_are_created(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"notes/x.md": ""})
    outcome = invoke("new", "person", "Martin Luther King Jr.", "--vault", root)
    assert (outcome.exit_code, outcome.stdout) == (0, "people/Martin Luther King Jr..md\n")
    assert "# Martin Luther King Jr.\n" in (root / "people/Martin Luther King Jr..md").read_text()
    args = ("--with", "John Doe Sr.", "--date", "2026-05-02", "--vault", root)
    outcome = invoke("new", "conversation", *args)
    assert outcome.exit_code == 0, outcome.stderr
    assert invoke("index", "--vault", root).exit_code == 0
    john = (root / "people/John Doe Sr..md").read_text()
    assert "# John Doe Sr.\n" in john and "last_spoke: 2026-05-02" in john
    # a folder or a name ending in a dot before `.md` is still refused
    bad = invoke("new", "person", "Con", "--vault", root)
    assert bad.exit_code == 2 and "[E_NAME_INVALID]" in bad.stderr


def test_names_with_invisible_characters_are_refused(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": ""})
    before = snapshot(root)
    for name in ("Ada\u200b", "\u202eevil", "Ada\u200dLovelace", "Grace\u200f", "Tab\tName"):
        outcome = invoke("new", "person", name, "--vault", root)
        assert outcome.exit_code == 2 and "[E_NAME_INVALID]" in outcome.stderr, name
        assert "invisible" in outcome.stderr and "\u202e" not in outcome.stderr
        outcome = invoke("new", "conversation", "--with", name, "--vault", root)
        assert outcome.exit_code == 2 and "[E_NAME_INVALID]" in outcome.stderr, name
    outcome = invoke(
        "new", "conversation", "--with", "Ada", "--title", "Chat\u2066", "--vault", root
    )
    assert outcome.exit_code == 2 and "[E_NAME_INVALID]" in outcome.stderr
    assert snapshot(root) == before
    # emoji joined by U+200D are one emoji, not a hidden character
    for name in ("👩‍💻 Dev", "👨‍👩‍👧‍👦 Family"):
        assert invoke("new", "person", name, "--vault", root).exit_code == 0, name
        assert (root / f"people/{name}.md").exists()


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_template_values_are_data_in_the_front_matter(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    template = (
        "---\ntype: person\ntitle: {{title}}\naliases: [{{name}}]\n"
        "quoted: \"{{name}}\"\nsingle: '{{name}}'\n---\n# {{name}}\n"
    )
    root = make_vault({"people/Ada.md": "", "templates/person.md": template})
    for name in ("Hopper, Grace", "Yes", "1984", "- Dash", "It's Ann", "% Tom", "Ann {x}"):
        outcome = invoke("new", "person", "--vault", root, "--", name)
        assert outcome.exit_code == 0, (name, outcome.stderr)
        data = front_matter(root / f"people/{name}.md")
        assert (data["title"], data["aliases"], data["quoted"], data["single"]) == (
            name, [name], name, name,
        ), name  # fmt: skip
        assert f"\n# {name}\n" in (root / f"people/{name}.md").read_text()
    for number, channel in enumerate(("tea: later", "call #work", "[call]", "---", "{x}", "no")):
        title = f"Chat {number}"
        args = ("--with", "Ada", "--channel", channel, "--title", title, "--vault", root)
        outcome = invoke("new", "conversation", *args)
        assert outcome.exit_code == 0, (channel, outcome.stderr)
        data = front_matter(root / f"conversations/{title}.md")
        assert data["channel"] == channel and data["with"] == ["[[Ada]]"], channel
    before = snapshot(root)
    for channel in ("call\n---\nstatus: planned", "call\rx", "call\u2028x", "a\u202eb"):
        args = ("--with", "Ada", "--channel", channel, "--title", "Broken", "--vault", root)
        outcome = invoke("new", "conversation", *args)
        assert outcome.exit_code == 2 and "[E_VALUE_INVALID]" in outcome.stderr, channel
    assert snapshot(root) == before


def test_new_notes_take_the_vaults_crlf_line_endings(make_vault: MakeVault, invoke: Invoke) -> None:
    crlf_person = "---\r\ntype: person\r\n---\r\nKept in CRLF.\r\n"
    root = make_vault({"people/Ada.md": crlf_person, "people/Grace.md": crlf_person})
    assert invoke("new", "person", "Alan Turing", "--vault", root).exit_code == 0
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    args = ("--with", "Ada", "--with", "Kay", "--date", future, "--vault", root)
    assert invoke("new", "conversation", *args).exit_code == 0
    assert invoke("index", "--vault", root).exit_code == 0  # creates Kay beside the talk
    created = ["people/Alan Turing.md", f"conversations/{future} Ada.md", "people/Kay.md"]
    for path in created:
        data = (root / path).read_bytes()
        assert data.count(b"\n") > 3 and data.count(b"\n") == data.count(b"\r\n"), path
    assert b"\r\nstatus: planned\r\n---\r\n" in (root / created[1]).read_bytes()
    assert invoke("index", "--check", "--vault", root).exit_code == 0


def test_a_crlf_template_gives_crlf_notes(make_vault: MakeVault, invoke: Invoke) -> None:
    template = "---\r\ntype: person\r\nmet: {{date}}\r\n---\r\n# {{name}}\r\n"
    root = make_vault({"templates/person.md": template, "notes/lf.md": "LF\nnote\n"})
    assert invoke("new", "person", "Ada", "--date", "2026-05-02", "--vault", root).exit_code == 0
    assert (root / "people/Ada.md").read_bytes() == template.replace(
        "{{date}}", "2026-05-02"
    ).replace("{{name}}", "Ada").encode()


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
