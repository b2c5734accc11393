"""`vaultrel export vcard --version 4.0` and `--dir`: cards another parser reads, that import
into a fresh vault as the same people and export again byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import vobject

from tests.conftest import Invoke, MakeVault, snapshot

ADA = """---
aliases: [Countess, "Ada; the Enchantress"]
emails: ["ada@analytical-engines.example"]
phones: ["+44 20 7946 0018"]
birthday: --02-29
anniversary: 1835-07-08
org: "[[Analytical Engines]]"
socials: ["https://mastodon.example/@ada"]
---
"""
ZOE = "---\nbirthday: 1990-01-31\nemails: [zoë@exämple.org]\n---\n"
PEOPLE = {
    "people/Ada Lovelace.md": ADA,
    "people/Zoë Ångström-Ñúñez de la Peña y Hernández-Castellanos.md": ZOE,
    "orgs/Analytical Engines.md": "",
}
URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def export4(invoke: Invoke, root: Path) -> bytes:
    outcome = invoke("export", "vcard", "--version", "4.0", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout_bytes


def test_vcard4_reads_in_another_parser_and_round_trips_byte_for_byte(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    data = export4(invoke, make_vault(PEOPLE))
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")
    cards = list(vobject.readComponents(data.decode("utf-8")))  # an independent parser
    ada, zoe = cards
    assert [c.version.value for c in cards] == ["4.0", "4.0"]
    assert [c.kind.value for c in cards] == ["individual", "individual"]
    assert all(URN.fullmatch(c.uid.value) for c in cards)
    assert ada.fn.value == "Ada Lovelace" and ada.bday.value == "--0229"
    assert ada.anniversary.value == "18350708"
    assert ada.socialprofile.value == "https://mastodon.example/@ada"
    assert zoe.fn.value == "Zoë Ångström-Ñúñez de la Peña y Hernández-Castellanos"
    # into a fresh vault, and out again: the same bytes
    cards_file = tmp_path / "people.vcf"
    cards_file.write_bytes(data)
    fresh = tmp_path / "fresh"
    (fresh / "people").mkdir(parents=True)
    imported = invoke("import", "vcard", cards_file, "--vault", fresh)
    assert imported.exit_code == 0, imported.stderr
    assert "create 2" in imported.stdout
    assert export4(invoke, fresh) == data
    # UIDs are stable: the same on a second export
    assert export4(invoke, fresh) == data


def test_apple_x_socialprofile_is_read_as_socials(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    card = tmp_path / "apple.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
        b"X-SOCIALPROFILE;type=twitter;x-user=grace:http://twitter.com/grace\r\nEND:VCARD\r\n"
    )
    root = make_vault({"people/.keep": ""})
    assert invoke("import", "vcard", card, "--vault", root).exit_code == 0
    text = (root / "people/Grace Hopper.md").read_text()
    assert 'socials: ["http://twitter.com/grace"]' in text


def test_vdir_writes_one_card_per_person_and_only_what_changed(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = make_vault(PEOPLE)
    folder = tmp_path / "contacts"
    first = invoke("export", "vcard", "--version", "4.0", "--dir", folder, "--vault", root)
    assert first.exit_code == 0, first.stderr
    assert "2 cards: 2 written, 0 unchanged, 0 removed" in first.stdout
    files = sorted(folder.iterdir())
    assert [URN.fullmatch("urn:uuid:" + f.stem) is not None for f in files] == [True, True]
    for file in files:
        assert f"UID:urn:uuid:{file.stem}\r\n".encode() in file.read_bytes()
    # a file of the user's, and a card of a person who is gone
    (folder / "mine.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mine\r\nEND:VCARD\r\n")
    (folder / "notes.txt").write_text("keep me")
    stamps = {f.name: f.stat().st_mtime_ns for f in files}
    (root / "people/Zoë Ångström-Ñúñez de la Peña y Hernández-Castellanos.md").unlink()
    (root / "people/Ada Lovelace.md").write_text(ADA + "More text, same card.\n")
    again = invoke("export", "vcard", "--version", "4.0", "--dir", folder, "--vault", root)
    assert again.exit_code == 0, again.stderr
    assert "1 cards: 0 written, 1 unchanged, 1 removed" in again.stdout
    ada = next(f for f in files if b"FN:Ada Lovelace" in f.read_bytes())
    assert sorted(f.name for f in folder.iterdir()) == sorted([ada.name, "mine.vcf", "notes.txt"])
    assert ada.stat().st_mtime_ns == stamps[ada.name]  # unchanged: not rewritten


def test_vdir_in_the_vault_never_replaces_a_file_it_did_not_write(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(PEOPLE)
    folder = root / "cards"
    assert invoke("export", "vcard", "--dir", folder, "--vault", root).exit_code == 0
    victim = sorted(folder.iterdir())[0]
    victim.write_text("my own file")
    before = snapshot(root)
    refused = invoke("export", "vcard", "--dir", folder, "--vault", root)
    assert refused.exit_code == 2 and "is not an earlier vcard export" in refused.stderr
    assert snapshot(root) == before
