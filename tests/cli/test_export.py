"""`vaultrel export vcard|ics`: files that other parsers read, with stable UIDs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import icalendar
import ics
import pytest
import vobject
from vcard.vcard_validator import VCard

from tests.conftest import Invoke, MakeVault, snapshot

ADA = """---
type: person
aliases: [Countess, "Ada, the Enchantress"]
emails: ["ada@analytical-engines.example", "ada.l@example.com"]
phones: ["+44 20 7946 0018"]
birthday: --02-29
org: "[[Analytical Engines]]"
cadence: 30d
---
"""
GRACE = (
    "---\nbirthday: 1906-12-09\norg: ['[[US Navy]]', '[[orgs/Remington Rand|Remington]]']\n---\n"
)
TALK = """---
date: 2026-05-02
with: ["[[Ada Lovelace]]"]
---
- [ ] send the deck 📅 2026-05-09
- [ ] send the deck 📅 2026-05-20
- [ ] an undated promise
- [ ] #waiting Ada sends the budget 📅 2026-05-10
"""


def vault(make_vault: MakeVault) -> Path:
    return make_vault(
        {
            "people/Ada Lovelace.md": ADA,
            "people/Grace Hopper.md": GRACE,
            "people/Zoë Ångström.md": "",
            "conversations/2026-05-02 Ada.md": TALK,
            "orgs/Analytical Engines.md": "",
        }
    )


def test_vcards_parse_with_two_libraries_and_keep_their_uids(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    out = tmp_path / "people.vcf"
    assert invoke("export", "vcard", "-o", out, "--vault", root).exit_code == 0
    data = out.read_bytes()
    assert data.count(b"BEGIN:VCARD") == 3 and b"\r\n" in data
    assert invoke("export", "vcard", "--vault", root).stdout.encode() == data.replace(b"\r", b"")
    cards = list(vobject.readComponents(data.decode()))
    assert [c.fn.value for c in cards] == ["Ada Lovelace", "Grace Hopper", "Zoë Ångström"]
    ada = cards[0]
    assert [e.value for e in ada.contents["email"]] == [
        "ada@analytical-engines.example",
        "ada.l@example.com",
    ]
    assert ada.bday.value == "1604-02-29" and ada.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
    # an independent, strict validator of vCard 3.0 (RFC 2426) reads every card; it knows
    # no extension parameters, so Apple's year-less birthday marker is taken off first
    text = data.decode().replace(";X-APPLE-OMIT-YEAR=1604", "")
    for card in text.split("END:VCARD\r\n")[:-1]:
        parsed = VCard(card + "END:VCARD\r\n")
        names = [prop.name for prop in parsed.properties]
        assert {"FN", "N", "UID"} <= set(names)
    # the same people, exported again later, keep their UIDs
    (root / "people/Grace Hopper.md").write_text(GRACE + "More text.\n")
    again = invoke("export", "vcard", "--vault", root).stdout
    uids = [c.uid.value for c in cards]
    assert [c.uid.value for c in vobject.readComponents(again)] == uids
    assert len(set(uids)) == 3


def test_exported_vcards_import_into_an_empty_vault_as_the_same_people(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    out = tmp_path / "people.vcf"
    invoke("export", "vcard", "-o", out, "--vault", root)
    other = tmp_path / "other"
    other.mkdir()
    assert invoke("import", "vcard", out, "--vault", other).exit_code == 0
    invoke("export", "vcard", "-o", tmp_path / "again.vcf", "--vault", other)
    assert (tmp_path / "again.vcf").read_bytes() == out.read_bytes()
    # and importing them back into the vault they came from changes nothing
    before = snapshot(root)
    outcome = invoke("import", "vcard", out, "--vault", root)
    assert outcome.stdout.endswith("create 0, update 0, 3 unchanged, 0 skipped\n")
    assert outcome.stderr == "" and snapshot(root) == before


def events_of(data: bytes) -> list[tuple[str, dt.date, str]]:
    calendar = icalendar.Calendar.from_ical(data)
    found = [
        (str(e["summary"]), e.decoded("dtstart"), str(e["uid"])) for e in calendar.walk("VEVENT")
    ]
    return sorted(found, key=lambda event: (event[1], event[0]))


def test_ics_parses_with_two_libraries_and_uids_survive_a_moved_date(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    out = tmp_path / "owed.ics"
    assert invoke("export", "ics", "-o", out, "--vault", root).exit_code == 0
    events = events_of(out.read_bytes())
    assert [(summary, date) for summary, date, _ in events] == [
        ("Grace Hopper's birthday", dt.date(1906, 12, 9)),
        ("Ada Lovelace's birthday", dt.date(2000, 2, 29)),
        ("Ada Lovelace: send the deck", dt.date(2026, 5, 9)),
        ("Ada Lovelace: send the deck", dt.date(2026, 5, 20)),
        ("Reach out to Ada Lovelace", dt.date(2026, 6, 1)),
    ]
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    rules = {str(e["summary"]): e["rrule"] for e in calendar.walk("VEVENT") if "rrule" in e}
    assert rules["Ada Lovelace's birthday"]["BYMONTHDAY"] == [-1]  # 29 February: month's end
    assert rules["Grace Hopper's birthday"]["BYMONTHDAY"] == [9]
    # an independent parser reads the same events
    parsed = ics.Calendar(out.read_text())
    assert sorted(e.uid for e in parsed.events) == sorted(uid for _, _, uid in events)
    assert {e.name for e in parsed.events} == {summary for summary, _, _ in events}
    # vobject, a third parser, agrees on the dates
    feed = vobject.readOne(out.read_text())
    assert sorted(e.dtstart.value for e in feed.vevent_list) == sorted(d for _, d, _ in events)
    # a moved due date keeps its UID; a second export gives the same UIDs
    talk = root / "conversations/2026-05-02 Ada.md"
    talk.write_text(talk.read_text().replace("2026-05-20", "2026-05-27"))
    moved = events_of(invoke("export", "ics", "--vault", root).stdout.encode())
    assert [uid for _, _, uid in moved] == [uid for _, _, uid in events]
    assert moved[3][1] == dt.date(2026, 5, 27)


def test_exports_write_nothing_into_the_vault(make_vault: MakeVault, invoke: Invoke) -> None:
    root = vault(make_vault)
    before = snapshot(root)
    assert invoke("export", "ics", "--vault", root).exit_code == 0
    assert invoke("export", "vcard", "--vault", root).exit_code == 0
    assert snapshot(root) == before


@pytest.mark.parametrize("kind", ["vcard", "ics"])
def test_an_export_never_replaces_a_note_or_a_file_of_the_vault_it_did_not_write(
    kind: str, make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    (root / "attachments").mkdir()
    (root / "attachments/list.vcf").write_text("my own list\n")
    (root / "attachments/plan.ics").write_text("my own plan\n")
    before = snapshot(root)
    targets = {
        "people/Ada Lovelace.md": "is a note",  # an existing note
        "people/New.md": "would be a note",  # a new one
        "attachments/list.vcf": f"is not an earlier {kind} export",
        "attachments/plan.ics": f"is not an earlier {kind} export",
        "attachments": f"is not an earlier {kind} export",
    }
    for target, what in targets.items():
        outcome = invoke("export", kind, "-o", root / target, "--vault", root)
        assert outcome.exit_code == 2, target
        assert outcome.stderr.startswith(f"vaultrel: {target}: {what}"), outcome.stderr
        assert outcome.stderr.count("\n") == 1
    os.symlink(root / "people/Ada Lovelace.md", tmp_path / "link.md")  # a link out, into it
    assert invoke("export", kind, "-o", tmp_path / "link.md", "--vault", root).exit_code == 2
    assert snapshot(root) == before


@pytest.mark.parametrize("kind", ["vcard", "ics"])
def test_an_export_replaces_an_earlier_one_in_the_vault_and_any_file_outside(
    kind: str, make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    inside = root / f"exports/people.{kind}"
    inside.parent.mkdir()
    assert invoke("export", kind, "-o", inside, "--vault", root).exit_code == 0
    first = inside.read_bytes()
    assert invoke("export", kind, "-o", inside, "--vault", root).exit_code == 0
    assert inside.read_bytes()[:15] == first[:15]
    outside = tmp_path / "anything.txt"
    outside.write_text("the user chose to replace this\n")
    assert invoke("export", kind, "-o", outside, "--vault", root).exit_code == 0
    assert outside.read_bytes()[:15] == first[:15]


@pytest.mark.parametrize("kind", ["vcard", "ics", "csv"])
def test_an_export_into_a_missing_folder_is_one_line_not_an_internal_error(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path, kind: str
) -> None:
    root = make_vault({"people/Ada.md": "---\nemails: ada@example.org\n---\n"})
    output = tmp_path / "no such folder" / f"export.{kind}"
    outcome = invoke("export", kind, "-o", output, "--vault", root)
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        f"vaultrel: {output}: cannot write the export: No such file or directory [E_IO] — "
        "check that its folder exists and can be written to\n"
    )
    assert not output.parent.exists()
