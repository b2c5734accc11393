"""`vaultrel index` through the CLI on real temporary vaults."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import Invoke, MakeVault, snapshot

ADA = "---\ncadence: 2w\n---\nAda is great.\n"
CALL = '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\nTalked launch.\n'


def test_first_run_writes_keys_and_block_then_second_run_writes_nothing(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada.md": ADA, "conversations/2026-05-02 Ada.md": CALL})
    first = invoke("index", "--vault", root, "--json")
    assert first.exit_code == 0, first.stderr
    assert first.json()["written"] == ["people/Ada.md"]
    ada = (root / "people/Ada.md").read_text()
    assert ada.startswith("---\ncadence: 2w\nlast_spoke: 2026-05-02\nnext_owed: 2026-05-16\n---\n")
    assert "- **Last spoke:** 2026-05-02 · call · [[2026-05-02 Ada]]" in ada
    before = snapshot(root)
    second = invoke("index", "--vault", root, "--json")
    assert second.exit_code == 0
    assert second.json()["written"] == [] and second.json()["created"] == []
    assert snapshot(root) == before


def test_a_vault_without_people_or_conversations_is_never_written(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "docs/index.md": "# Docs\n\nSee [[install]] and [[usage]].\n- [ ] write more\n",
            "docs/install.md": "---\ntitle: Install\n---\nRun it.\n",
            "usage.md": "Use [[index]].\n",
        }
    )
    before = snapshot(root)
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0
    assert snapshot(root) == before
    assert not (root / ".vaultrel").exists()


def test_check_exits_1_when_anything_would_change_and_writes_nothing(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada.md": ADA, "conversations/2026-05-02 Ada.md": CALL})
    before = snapshot(root)
    outcome = invoke("index", "--check", "--vault", root)
    assert outcome.exit_code == 1
    assert "update people/Ada.md" in outcome.stdout
    assert snapshot(root) == before
    assert invoke("index", "--vault", root).exit_code == 0
    assert invoke("index", "--check", "--vault", root).exit_code == 0


def test_dry_run_lists_creations_and_writes_nothing(make_vault: MakeVault, invoke: Invoke) -> None:
    convo = '---\ndate: 2026-05-02\nwith: ["[[Grace Hopper]]"]\n---\nHi.\n'
    root = make_vault({"conversations/2026-05-02 Grace.md": convo})
    before = snapshot(root)
    outcome = invoke("index", "--dry-run", "--json", "--vault", root)
    assert outcome.exit_code == 0
    assert outcome.json()["created"] == ["people/Grace Hopper.md"]
    assert snapshot(root) == before


def test_missing_participant_gets_a_person_note_from_the_template(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    convo = '---\ndate: 2026-05-02\nwith: ["[[Grace Hopper]]"]\n---\nHi.\n'
    root = make_vault({"conversations/2026-05-02 Grace.md": convo})
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    grace = (root / "people/Grace Hopper.md").read_text()
    assert "# Grace Hopper" in grace
    assert "met: 2026-05-02" in grace
    assert "last_spoke: 2026-05-02" in grace
    assert invoke("index", "--check", "--vault", root).exit_code == 0


def test_a_broken_person_template_is_reported_not_silently_skipped(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """The vault's own person template can be broken: the note a participant needs is then
    not written, and the index says why (file, line, fix) and exits 1."""
    convo = '---\ndate: 2026-05-02\nwith: ["[[Grace Hopper]]"]\n---\nHi.\n'
    root = make_vault(
        {
            "conversations/2026-05-02 Grace.md": convo,
            "templates/person.md": "---\ntype: person\ntype: person\n---\n# {{name}}\n",
        }
    )
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 1
    assert (
        "vaultrel: people/Grace Hopper.md:3: the filled template is not a readable note: "
        'duplicate front-matter key "type" [E_FM_DUPKEY] — fix the template'
    ) in outcome.stderr
    assert not (root / "people/Grace Hopper.md").exists()


def test_bad_note_is_reported_in_one_line_and_the_rest_is_processed(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    broken = "---\ncadence: 2w\ncadence: 3w\n---\nBody\n"
    root = make_vault(
        {
            "people/Bad.md": broken,
            "people/Ada.md": ADA,
            "conversations/2026-05-02 Ada.md": CALL,
        }
    )
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        'vaultrel: people/Bad.md:3: duplicate front-matter key "cadence" [E_FM_DUPKEY] '
        "— keep one of the two lines",
    ]
    assert (root / "people/Bad.md").read_text() == broken
    assert "last_spoke: 2026-05-02" in (root / "people/Ada.md").read_text()


def test_missing_vault_is_a_usage_error(tmp_path: Path, invoke: Invoke) -> None:
    outcome = invoke("index", "--vault", tmp_path / "nope")
    assert outcome.exit_code == 2
    assert "[E_VAULT_INVALID]" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_bad_config_names_the_key(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"vaultrel.toml": "[folders]\npeeple = 'x'\n"})
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 2
    assert outcome.stderr.strip() == (
        "vaultrel: vaultrel.toml:2: unknown key folders.peeple [E_CONFIG] "
        "— remove it, or check its spelling"
    )


def test_warnings_are_capped_unless_asked_for(make_vault: MakeVault, invoke: Invoke) -> None:
    notes: dict[str, str | bytes] = {
        f"people/P{i}.md": "---\naliases: [Sam]\n---\n" for i in range(2)
    }
    notes.update({f"daily/2026-01-{i:02}.md": "Saw [[Sam]].\n" for i in range(1, 26)})
    root = make_vault(notes)
    capped = invoke("index", "--vault", root)
    lines = capped.stderr.splitlines()
    assert len(lines) == 21
    assert all("[W_ALIAS_AMBIGUOUS]" in line for line in lines[:20])
    assert lines[20] == (
        "vaultrel: … and 5 more warnings (--all-warnings or --json lists them all)"
    )
    everything = invoke("index", "--vault", root, "--all-warnings")
    assert len(everything.stderr.splitlines()) == 25
    assert capped.exit_code == everything.exit_code == 0


def test_participants_with_odd_names(make_vault: MakeVault, invoke: Invoke) -> None:
    """A name ending in a dot gets a note; a link to a heading or block, or a name with an
    invisible character, never creates one and is reported in one line with the fix."""
    convo = (
        "---\ndate: 2026-05-02\n"
        'with: ["[[Martin Luther King Jr.]]", "[[C# Fan]]", "[[Dee#^b1]]", "[[Bob\u200b]]"]\n'
        "---\nHi.\n"
    )
    root = make_vault({"conversations/2026-05-02 Talk.md": convo})
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    people = sorted(p.name for p in (root / "people").iterdir())
    assert people == ["Martin Luther King Jr..md"]
    lines = [line for line in outcome.stderr.splitlines() if "W_PERSON_NOT_CREATED" in line]
    assert len(lines) == 3
    text = "\n".join(lines)
    assert "participant [[C#…]] links a heading or block" in text
    assert "link [[C]] to create it" in text and "participant [[Dee#…]]" in text
    assert "[[Bob<U+200B>]] has no note and will not be created: the name contains U+200B" in text


def test_a_participant_note_takes_the_line_endings_of_the_note_linking_it(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    convo = '---\r\ndate: 2026-05-02\r\nwith: ["[[Grace Hopper]]"]\r\n---\r\nHi.\r\n'
    root = make_vault({"conversations/2026-05-02 Grace.md": convo, "notes/lf.md": "a\nb\n"})
    assert invoke("index", "--vault", root).exit_code == 0
    grace = (root / "people/Grace Hopper.md").read_bytes()
    assert b"\r\nlast_spoke: 2026-05-02\r\n" in grace
    assert grace.count(b"\n") > 5 and grace.count(b"\n") == grace.count(b"\r\n")
    assert invoke("index", "--check", "--vault", root).exit_code == 0


def test_a_participant_name_fills_the_template_as_data(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    template = "---\ntype: person\ntitle: {{title}}\naliases: [{{name}}]\n---\n# {{name}}\n"
    convo = '---\ndate: 2026-05-02\nwith: ["[[Hopper, Grace]]", "[[Yes]]"]\n---\nHi.\n'
    root = make_vault({"templates/person.md": template, "conversations/talk.md": convo})
    assert invoke("index", "--vault", root).exit_code == 0
    for name in ("Hopper, Grace", "Yes"):
        text = (root / f"people/{name}.md").read_text()
        data = yaml.safe_load(text.split("---\n")[1])
        assert (data["title"], data["aliases"]) == (name, [name])


def test_a_vault_with_no_notes_gets_a_hint(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"photo.png": b"\x89PNG"})
    hint = (
        f"vaultrel: no notes found under {root}: is this your vault? "
        "Run `vaultrel init` to start one\n"
    )
    outcome = invoke("index", "--vault", root)
    assert (outcome.exit_code, outcome.stderr) == (0, hint)
    for query in (["people"], ["agenda"], ["check"], ["people", "--json"]):
        assert invoke(*query, "--vault", root).stderr == hint, query
    make_vault({"notes/first.md": "Hello.\n"})
    assert invoke("index", "--vault", root).stderr == ""


def test_summary_counts_are_singular_or_plural(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": ADA, "daily/d.md": "- [ ] pay 📅 2026-02-30\n"})
    one = invoke("index", "--vault", root, "--dry-run").stdout.splitlines()[-1]
    assert one.startswith(
        "2 notes (1 person, 0 conversations): would write 1, would create 0, 1 unchanged; "
        "0 errors, 1 warning in "
    )
    make_vault({"conversations/2026-05-02 Ada.md": CALL, "people/Bob.md": "---\na: 1\na: 2\n---\n"})
    two = invoke("index", "--vault", root, "--dry-run").stdout.splitlines()[-1]
    assert two.startswith("4 notes (2 people, 1 conversation): ")
    assert "; 1 error, 1 warning in " in two
    assert invoke("check", "--vault", root).stdout.splitlines()[-1] == "2 problems (1 error)"


def test_one_warning_past_the_cap_is_one_warning(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"daily/d.md": "- [ ] pay 📅 2026-02-30\n" * 21})
    lines = invoke("index", "--vault", root).stderr.splitlines()
    assert lines[-1] == "vaultrel: … and 1 more warning (--all-warnings or --json lists them all)"


@pytest.mark.parametrize("settled", [True, False], ids=["settled", "just-written"])
def test_a_person_renamed_outside_obsidian_is_reported_not_recreated(
    make_vault: MakeVault, invoke: Invoke, settled: bool
) -> None:
    """A plain `mv` between two runs leaves the links naming the old name: the person has a
    note (DESIGN §6: a renamed person keeps their history), so none is created under the old
    name; one line says what happened and how to fix it, on every run until it is fixed."""
    root = make_vault(
        {
            "people/Ada.md": ADA,
            "conversations/2026-05-02 Ada.md": CALL,
            "conversations/2026-05-09 Ada.md": CALL.replace("05-02", "05-09"),
        }
    )
    assert invoke("index", "--vault", root).exit_code == 0
    if settled:  # else the `mv` follows the run that wrote the note, within its timestamp tick
        old = time.time() - 3600  # the next run stores every note as settled (RELIABILITY R2)
        for path in root.rglob("*.md"):
            os.utime(path, (old, old))
        assert invoke("index", "--vault", root).exit_code == 0
    os.rename(root / "people/Ada.md", root / "people/Ada Lovelace.md")
    for command, exit_code in (("index", 0), ("index", 0), ("check", 1)):
        outcome = invoke(command, "--vault", root)
        assert outcome.exit_code == exit_code, outcome.stderr
        assert (
            "vaultrel: people/Ada.md: was renamed to people/Ada Lovelace.md outside Obsidian: "
            "links still name [[Ada]] [W_RENAMED_OUTSIDE] — move it back, then rename it with "
            "Obsidian (which rewrites the links) or with `vaultrel mv`"
        ) in (outcome.stdout if command == "check" else outcome.stderr).splitlines()
        assert not (root / "people/Ada.md").exists()
    os.rename(root / "people/Ada Lovelace.md", root / "people/Ada.md")
    outcome = invoke("index", "--vault", root)
    assert (outcome.exit_code, outcome.stderr) == (0, "")
