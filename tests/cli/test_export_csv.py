"""`vaultrel export csv`: RFC 4180 files that a strict reader, a grammar check and (where it is
installed) LibreOffice read back as the people and obligations of the vault."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeVault, snapshot

ADA = """---
aliases: [Countess, "Ada, the Enchantress"]
emails: ["ada@analytical-engines.example", "ada.l@example.com"]
phones: ["+44 20 7946 0018"]
birthday: --02-29
anniversary: 1835-07-08
met: 2024-03
org: "[[Analytical Engines]]"
cadence: 30d
---
- [ ] lend the "Notes" ➕ 2026-04-01
"""
TALK = """---
date: 2026-05-02
with: ["[[Ada Lovelace]]", "[[Zoë Ångström]]"]
---
- [ ] send [[Ada Lovelace]] the deck, then call 📅 2026-05-09
- [ ] #waiting Ada sends the budget
  line two is not part of it
"""
# RFC 4180's grammar: fields separated by commas, records ended by CRLF, a quoted field
# doubling its quotes and free to hold commas and line breaks.
FIELD = r'(?:[^",\r\n]*|"(?:[^"]|"")*")'
RFC4180 = re.compile(rf"(?:{FIELD}(?:,{FIELD})*\r\n)+")


def vault(make_vault: MakeVault) -> Path:
    return make_vault(
        {
            "people/Ada Lovelace.md": ADA,
            "people/Zoë Ångström.md": "",
            "conversations/2026-05-02 Ada.md": TALK,
            "orgs/Analytical Engines.md": "",
        }
    )


def rows(data: bytes) -> list[list[str]]:
    """The records of a CSV file, read strictly, after checking it against the grammar."""
    text = data.decode("utf-8")
    assert RFC4180.fullmatch(text), text
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def test_people_csv_reads_back_as_the_people(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    root = vault(make_vault)
    out = tmp_path / "people.csv"
    outcome = invoke("export", "csv", "-o", out, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    header, ada, zoe = rows(out.read_bytes())
    assert header[:3] == ["name", "path", "aliases"] and len(header) == 16
    assert dict(zip(header, ada, strict=True)) == {
        "name": "Ada Lovelace",
        "path": "people/Ada Lovelace.md",
        "aliases": "Countess; Ada, the Enchantress",
        "org": "Analytical Engines",
        "emails": "ada@analytical-engines.example; ada.l@example.com",
        "phones": "+44 20 7946 0018",
        "birthday": "--02-29",
        "anniversary": "1835-07-08",
        "met": "2024-03",
        "cadence": "30d",
        "last_spoke": "2026-05-02",
        "next_owed": "2026-05-09",
        "next_owed_what": "send Ada Lovelace the deck, then call",
        "reach_out_by": "2026-06-01",
        "i_owe": "2",
        "they_owe": "1",
    }
    assert zoe[:2] == ["Zoë Ångström", "people/Zoë Ångström.md"]
    assert zoe[2:6] == ["", "", "", ""] and zoe[-2:] == ["0", "1"]
    # standard output gives the same bytes
    assert invoke("export", "csv", "--vault", root).stdout_bytes == out.read_bytes()


def test_obligations_csv_has_one_row_each_sorted_by_due_date(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    outcome = invoke("export", "csv", "--obligations", "--vault", vault(make_vault))
    assert outcome.exit_code == 0, outcome.stderr
    header, *found = rows(outcome.stdout_bytes)
    assert header == ["person", "direction", "kind", "what", "due", "promised_on", "path", "line"]
    talk = "conversations/2026-05-02 Ada.md"
    assert found == [
        ["Ada Lovelace", "i_owe", "task", "send Ada Lovelace the deck, then call", "2026-05-09",
         "2026-05-02", talk, "5"],
        ["Ada Lovelace", "they_owe", "task", "Ada sends the budget", "", "2026-05-02", talk, "6"],
        ["Ada Lovelace", "i_owe", "task", 'lend the "Notes"', "", "2026-04-01",
         "people/Ada Lovelace.md", "11"],
        ["Zoë Ångström", "they_owe", "task", "Ada sends the budget", "", "2026-05-02", talk, "6"],
    ]  # fmt: skip


def test_excel_flag_adds_the_bom_and_nothing_else(make_vault: MakeVault, invoke: Invoke) -> None:
    root = vault(make_vault)
    plain = invoke("export", "csv", "--vault", root).stdout_bytes
    excel = invoke("export", "csv", "--excel", "--vault", root).stdout_bytes
    assert excel == b"\xef\xbb\xbf" + plain


def test_csv_output_in_the_vault_replaces_only_an_earlier_csv_export(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = vault(make_vault)
    (root / "data.csv").write_text("a,b\r\n1,2\r\n")
    before = snapshot(root)
    refused = invoke("export", "csv", "-o", root / "data.csv", "--vault", root)
    assert refused.exit_code == 2 and "is not an earlier csv export" in refused.stderr
    note = invoke("export", "csv", "-o", root / "people/x.md", "--vault", root)
    assert note.exit_code == 2 and snapshot(root) == before
    for args in (["--excel"], ["--obligations"], []):
        done = invoke("export", "csv", *args, "-o", root / "people.csv", "--vault", root)
        assert done.exit_code == 0, done.stderr


@pytest.mark.slow
def test_libreoffice_reads_the_csv_as_the_same_cells(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "people.csv"
    assert (
        invoke("export", "csv", "--excel", "-o", out, "--vault", vault(make_vault)).exit_code == 0
    )
    converted = tmp_path / "converted"
    # read as UTF-8 (76) with commas (44) and double quotes (34), written back the same way;
    # every cell as text, so that "+44 …" and dates stay as they are
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--infilter=CSV:44,34,76,1,,0,false,false,false,false,false,-1",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
         "--outdir", str(converted), str(out)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    back = (converted / "people.csv").read_bytes().removeprefix(b"\xef\xbb\xbf")
    original = out.read_bytes().removeprefix(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(back.decode(), newline=""), strict=True)) == rows(original)
