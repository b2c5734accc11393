"""`vaultrel import monica`: a Monica 4.x JSON export into person and conversation notes.

The fixture follows the format Monica itself writes (repository monicahq/monica, 4.x):
the envelope `version: "1.0-preview.1"`, `export_date`, `exported_by` and `account` in
app/Services/Account/Settings/JsonExportAccount.php; each record's `uuid`, `created_at`,
`updated_at`, `properties` and `data` in app/ExportResources/ExportResource.php; each
collection's `{count, type, values}` in app/ExportResources/CountResourceCollection.php and
MapUuidResourceCollection.php (a contact's activities as uuids); the account's collections
and `instance` types in app/ExportResources/Account/Account.php; a contact's properties and
collections in app/ExportResources/Contact/Contact.php, with Call.php, ContactField.php,
ContactFieldType.php, Debt.php, Gift.php, LifeEvent.php, Note.php, Reminder.php, Task.php;
special dates in app/ExportResources/Instance/SpecialDate.php; relationships in
app/ExportResources/Relationship/Relationship.php; the user's `me_contact` in
app/ExportResources/User/User.php.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Invoke, MakeVault, snapshot

EXPORT = Path(__file__).parent.parent / "fixtures" / "monica" / "account-export.json"
ALAN = '---\nemails: ["alan@bletchley.example"]\n---\nAlan, in the vault already.\n'


def vault(make_vault: MakeVault) -> Path:
    return make_vault({"people/Alan Turing.md": ALAN, "vaultrel.toml": ""})


def people(invoke: Invoke, root: Path) -> dict[str, dict[str, Any]]:
    outcome = invoke("people", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    found = outcome.json()
    assert isinstance(found, list)
    return {person["name"]: person for person in found}


def test_every_contact_becomes_a_person_with_conversations_and_owed_items(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = vault(make_vault)
    outcome = invoke("import", "monica", EXPORT, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "3 people: create 2, update 1, 0 unchanged, 0 skipped" in outcome.stdout
    assert "3 conversations: create 3, 0 already there" in outcome.stdout
    for counted in ("2 activities", "1 calls", "1 own contact skipped", "2 relationships",
                    "3 reminders", "1 gifts", "1 debts", "1 life events", "2 tasks",
                    "1 addresses", "1 pets", "1 photos not imported"):  # fmt: skip
        assert counted in outcome.stdout
    found = people(invoke, root)
    assert sorted(found) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]  # not Sam, the user
    ada, grace, alan = found["Ada Lovelace"], found["Grace Hopper"], found["Alan Turing"]
    assert (ada["aliases"], ada["birthday"], ada["met"], ada["cadence"]) == (
        ["Countess"],
        "1815-12-10",
        "2024-03-14",
        "30d",
    )
    assert (grace["birthday"], grace["met"], grace["cadence"]) == ("--12-09", "2019", "90d")
    assert (ada["conversations"], grace["conversations"], alan["conversations"]) == (3, 1, 1)
    assert ada["last_spoke"] == "2026-05-02" and alan["last_spoke"] == "2026-04-10"
    owed = {(o["what"], o["due"]) for o in ada["owed"]}
    assert owed == {
        ("Send Ada the engine deck", "2026-06-01"),  # a one-time reminder: due on its date
        # a yearly one: due on the next date after the export (2026-05-20), rule in the text
        ("Wish Ada a happy birthday (repeats every year from 2020-12-10)", "2026-12-10"),
    }
    assert [(o["what"], o["due"]) for o in grace["owed"]] == [
        ("Check in with Grace (repeats every 2 months from 2026-01-15)", "2026-07-15")
    ]
    call = (root / "conversations/2026-04-28 Call with Ada Lovelace.md").read_text()
    assert 'channel: "call"' in call and "She wants the deck." in call
    dinner = (root / "conversations/2026-05-02 Dinner at Rules.md").read_text()
    assert 'with: ["[[Ada Lovelace]]", "[[Grace Hopper]]"]' in dinner  # Sam, the user, is not


def test_what_has_no_key_is_readable_markdown_in_the_note(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = vault(make_vault)
    assert invoke("import", "monica", EXPORT, "--vault", root).exit_code == 0
    ada = (root / "people/Ada Lovelace.md").read_text()
    for text in (
        "## From Monica",
        "Mathematician; writes the notes on the engine.",
        "Works as Analyst at Analytical Engines",
        "Ask about the **Difference Engine**.",
        "- Find the Menabrea paper (open) — the Italian original",
        "- Return her umbrella (done 2026-01-03)",
        "- Slide rule (idea, 35) — the brass one · https://example.com/slide-rule",
        "- I owe Ada Lovelace 20 GBP (inprogress)",
        "- 1843-09-01 · published book or paper: Published the Notes — Note G included",
        "- friend: Grace Hopper",
    ):
        assert text in ada
    grace = (root / "people/Grace Hopper.md").read_text()
    assert "- Twitter: amazinggrace" in grace and "1 Navy Way" in grace
    # an existing person gains only what it lacks: the alias and the Monica section
    alan = (root / "people/Alan Turing.md").read_text()
    assert alan.startswith('---\nemails: ["alan@bletchley.example"]\naliases: ["Prof"]\n---\n')
    assert "Alan, in the vault already.\n\n## From Monica\n" in alan and "Porgy" in alan


def test_importing_twice_changes_nothing_and_dry_run_writes_nothing(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = vault(make_vault)
    before = snapshot(root)
    dry = invoke("import", "monica", EXPORT, "--dry-run", "--vault", root)
    assert dry.exit_code == 0 and "would create people/Ada Lovelace.md" in dry.stdout
    assert snapshot(root) == before
    assert invoke("import", "monica", EXPORT, "--vault", root).exit_code == 0
    after = snapshot(root)
    again = invoke("import", "monica", EXPORT, "--vault", root)
    assert again.exit_code == 0, again.stderr
    assert "3 people: create 0, update 0, 3 unchanged, 0 skipped" in again.stdout
    assert "3 conversations: create 0, 3 already there" in again.stdout
    assert snapshot(root) == after


def test_a_file_that_is_not_a_monica_export_is_refused(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    before = snapshot(root)
    for name, text in (("a.json", "{not json"), ("b.json", json.dumps({"version": "2"}))):
        (tmp_path / name).write_text(text)
        outcome = invoke("import", "monica", tmp_path / name, "--vault", root)
        assert outcome.exit_code == 2 and "[E_MONICA]" in outcome.stderr
    assert snapshot(root) == before


def test_a_contact_fitting_two_people_goes_to_neither(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    """Ada's card fits two notes (hers by name, Grace's, which holds Ada's email by mistake):
    it is skipped. Grace's card still goes to Grace's note, which must not then be taken for
    Ada's: neither note gains Ada's Monica text, nor is linked from Ada's conversations."""
    root = make_vault(
        {
            "people/Ada Lovelace.md": "Ada by name.\n",
            "people/Grace Hopper.md": '---\nemails: ["ada@analytical-engines.example"]\n---\n',
            "vaultrel.toml": "",
        }
    )
    outcome = invoke("import", "monica", EXPORT, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "1 skipped" in outcome.stdout
    assert "## From Monica" not in (root / "people/Ada Lovelace.md").read_text()
    grace = (root / "people/Grace Hopper.md").read_text()
    assert "Send Ada the engine deck" not in grace  # Ada's reminder, not Grace's
    assert "- friend: Ada Lovelace" in grace  # Grace's own Monica text is there
    # Ada's call, with nobody else, is not pinned on Grace
    assert "1 conversations with nobody imported skipped" in outcome.stdout
    assert "2 conversations: create 2, 0 already there" in outcome.stdout
