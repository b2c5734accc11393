"""`vaultrel import vcard` on real-world-shaped exports (Apple, Google, Android, vCard 4.0)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from tests.conftest import Invoke, MakeVault, snapshot

CARDS = Path(__file__).resolve().parent.parent / "fixtures" / "vcard"
FILES = [CARDS / name for name in ("apple.vcf", "google.vcf", "android.vcf", "v4.vcf")]
ADA = """---
type: person
aliases: [Countess]
emails: ["ada@analytical-engines.example"]
last_spoke: 2026-01-10
---
Ada runs the analytics team.
"""


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_import_creates_people_and_fills_only_missing_keys(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada Lovelace.md": ADA})
    outcome = invoke("import", "vcard", *FILES, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.splitlines() == [
        "add    phones, birthday, org to people/Ada Lovelace.md",
        "create people/Grace Hopper.md (emails, phones, birthday, org)",
        "create people/Alan Turing.md (emails)",
        "create people/Zoë Ångström.md (emails, phones, birthday)",
        "create people/Martí José.md (phones)",
        "create people/Katherine Johnson.md (aliases, emails, phones, birthday, org)",
        "6 people: create 5, update 1, 0 unchanged, 0 skipped",
    ]
    # the card's other email is a conflict: reported, the note keeps its own value
    assert "W_IMPORT_CONFLICT" in outcome.stderr and "Ada.L@Example.com" in outcome.stderr
    assert "card 2 has no name [W_VCARD_NO_NAME]" in outcome.stderr  # Apple's company card
    ada = (root / "people/Ada Lovelace.md").read_text()
    assert ada == ADA.replace(
        "last_spoke: 2026-01-10\n",
        'last_spoke: 2026-01-10\nphones: ["+44 20 7946 0018", "020 7946 0019"]\n'
        'birthday: "--12-10"\norg: "[[Analytical Engines Ltd]]"\n',
    )
    grace = root / "people/Grace Hopper.md"
    assert front(grace) == {
        "type": "person",
        "aliases": [],
        "cadence": None,
        "met": None,
        "emails": ["grace@navy.example", "grace.hopper@cobol.example"],
        "phones": ["(555) 010-2030", "+1 555 010 4000"],
        "birthday": dt.date(1906, 12, 9),
        "org": "[[US Navy]]",
    }
    assert grace.read_text().endswith(
        "\nAsk about the first compiler. She owes me the nanosecond wire story.\n"
    )
    katherine = front(root / "people/Katherine Johnson.md")
    assert katherine["aliases"] == ["Katherine G.", "KJ"] and katherine["birthday"] == "--08-26"
    assert katherine["phones"] == ["+1-555-555-0100"]
    for note in (root / "people").iterdir():
        assert "/9j/4AAQ" not in note.read_text()  # photos are skipped


def test_importing_the_same_files_twice_changes_nothing(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada Lovelace.md": ADA})
    assert invoke("import", "vcard", *FILES, "--vault", root).exit_code == 0
    before = snapshot(root)
    again = invoke("import", "vcard", *FILES, "--vault", root)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == "6 people: create 0, update 0, 6 unchanged, 0 skipped"
    assert snapshot(root) == before


def test_dry_run_writes_nothing(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada Lovelace.md": ADA})
    before = snapshot(root)
    outcome = invoke("import", "vcard", CARDS / "google.vcf", "--dry-run", "--vault", root)
    assert outcome.stdout.splitlines()[-1] == (
        "2 people: would create 2, would update 0, 0 unchanged, 0 skipped"
    )
    assert snapshot(root) == before


def test_a_card_matches_by_email_phone_or_alias_whatever_its_name(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "people/Ada.md": '---\nemails: ["ADA@analytical-engines.example"]\n---\n',
            "people/Grace.md": "---\nphones: ['+1 (555) 010 4000']\n---\n",
            "people/Kathy.md": "---\naliases: [katherine johnson]\n---\n",
        }
    )
    outcome = invoke("import", "vcard", *FILES, "--vault", root)
    assert "add    aliases, phones, birthday, org to people/Ada.md" in outcome.stdout
    assert "to people/Grace.md" in outcome.stdout and "to people/Kathy.md" in outcome.stdout
    assert not (root / "people/Ada Lovelace.md").exists()


def test_a_card_fitting_two_people_is_skipped(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {
            "people/Grace Hopper.md": "",
            "people/Amazing Grace.md": '---\nemails: ["grace@navy.example"]\n---\n',
        }
    )
    before = snapshot(root)
    outcome = invoke("import", "vcard", CARDS / "google.vcf", "--vault", root)
    assert "skip   Grace Hopper: fits people/Amazing Grace.md, people/Grace Hopper.md" in (
        outcome.stdout
    )
    assert {p for p in snapshot(root) if p in before} == set(before)
    assert snapshot(root)["people/Grace Hopper.md"] == b""


def test_a_bad_file_is_an_error(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> None:
    root = make_vault({"people/Ada.md": ""})
    bad = tmp_path / "bad.vcf"
    bad.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xff\r\nEND:VCARD\r\n")
    outcome = invoke("import", "vcard", bad, "--vault", root)
    assert outcome.exit_code == 1 and "[E_ENCODING]" in outcome.stderr


def test_a_card_with_a_byte_that_is_not_utf8_is_reported_and_the_others_imported(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    # An Android 2.1 export: quoted-printable names, a folded quoted-printable note, and one
    # card whose name and note were written in Latin-1
    root = make_vault({"people/Ada.md": ""})
    outcome = invoke("import", "vcard", CARDS / "android-latin1.vcf", "--vault", root)
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines() == [
        "create people/Jörg Müller.md (emails, phones)",
        "create people/Ngozi Okafor.md (emails, phones, birthday)",
        "2 people: create 2, update 0, 0 unchanged, 0 skipped",
    ]
    assert (
        "android-latin1.vcf:12: card 2 (Dupont Fran?ois) not imported: "
        "a byte that is not UTF-8 [E_ENCODING]" in outcome.stderr
    )
    jorg = (root / "people/Jörg Müller.md").read_text(encoding="utf-8")
    assert jorg.endswith("\nMet at the Straße café, talked about sailing.\n")


def test_a_truncated_file_imports_its_last_card_and_says_so(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault({"people/Ada.md": ""})
    cut = tmp_path / "cut.vcf"
    cut.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Two\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Three\r\nEMAIL:cy@example.org\r\n"
    )
    outcome = invoke("import", "vcard", cut, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "2 people: create 2" in outcome.stdout
    assert "cut.vcf:5: card 2 (Cy Three) has no END:VCARD" in outcome.stderr
    assert (root / "people/Cy Three.md").exists()


def test_a_file_with_lone_cr_line_endings_is_read(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault({"people/Ada.md": ""})
    old_mac = tmp_path / "old.vcf"
    old_mac.write_bytes(b"BEGIN:VCARD\rVERSION:3.0\rFN:Dee Four\rTEL:+1 555 0100\rEND:VCARD\r")
    outcome = invoke("import", "vcard", old_mac, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[0] == "create people/Dee Four.md (phones)"


def test_lines_outside_any_card_are_an_error_not_zero_people(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault({"people/Ada.md": ""})
    broken = tmp_path / "broken.vcf"
    broken.write_bytes(
        b"BEGN:VCARD\r\nVERSION:3.0\r\nFN:Eve Five\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fay Six\r\nEND:VCARD\r\n"
    )
    outcome = invoke("import", "vcard", broken, "--vault", root)
    assert outcome.exit_code == 1
    assert "broken.vcf:1: BEGN outside any card" in outcome.stderr
    assert "create people/Fay Six.md" in outcome.stdout
    empty = tmp_path / "empty.vcf"
    empty.write_bytes(b"\r\n")
    outcome = invoke("import", "vcard", empty, "--vault", root)
    assert outcome.exit_code == 1 and "no card in the file [E_VCARD]" in outcome.stderr


def test_names_ending_in_a_dot_are_imported_and_hidden_characters_refused(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault({"people/Ada.md": ""})
    cards = tmp_path / "cards.vcf"
    cards.write_bytes(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Doe Sr.\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\u200b\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\U0001f469\u200d\U0001f4bb Dev\r\nEND:VCARD\r\n".encode()
    )
    outcome = invoke("import", "vcard", cards, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.splitlines()[:3] == [
        "create people/John Doe Sr..md",
        "skip   Eve<U+200B>: the name contains U+200B, an invisible control, bidi or zero-width "
        "character",
        "create people/\U0001f469\u200d\U0001f4bb Dev.md",
    ]
    assert (root / "people/John Doe Sr..md").exists()


def test_an_imported_note_takes_the_vaults_crlf_line_endings(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada.md": "---\r\ntype: person\r\n---\r\nHi.\r\n"})
    outcome = invoke("import", "vcard", CARDS / "android-latin1.vcf", "--vault", root)
    assert "create people/Jörg Müller.md (emails, phones)" in outcome.stdout
    jorg = (root / "people/Jörg Müller.md").read_bytes()
    assert b"\r\nemails: " in jorg and b"\r\n\r\nMet at the Stra" in jorg
    assert jorg.count(b"\n") > 5 and jorg.count(b"\n") == jorg.count(b"\r\n")


def test_a_card_name_fills_the_template_as_data(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    template = "---\ntype: person\ntitle: {{title}}\nsee: [{{name}}]\n---\n# {{name}}\n"
    root = make_vault({"templates/person.md": template})
    cards = tmp_path / "cards.vcf"
    cards.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hopper\\, Grace\r\nEND:VCARD\r\n")
    assert invoke("import", "vcard", cards, "--vault", root).exit_code == 0
    data = front(root / "people/Hopper, Grace.md")
    assert (data["title"], data["see"]) == ("Hopper, Grace", ["Hopper, Grace"])
