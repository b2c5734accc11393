"""`vaultrel restore PATH [--list] [--json]`."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from tests.conftest import Invoke, MakeVault

PERSON = "people/Ada.md"
ORIGINAL = "---\ncadence: 2w\n---\nAda.\n"
VAULT = {
    PERSON: ORIGINAL,
    "conversations/2026-05-02 call.md": '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\n---\n',
}


def test_restore_brings_back_the_version_before_the_last_write(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(VAULT)
    assert invoke("index", "--vault", root).exit_code == 0
    written = (root / PERSON).read_bytes()
    assert written != ORIGINAL.encode()
    outcome = invoke("restore", PERSON, "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.startswith(f"Restored {PERSON} as it was before ")
    assert (root / PERSON).read_text() == ORIGINAL
    listed = invoke("restore", PERSON, "--list", "--json", "--vault", root)
    versions = json.loads(listed.stdout)
    assert [v["by"] for v in versions] == ["restore", "index"]
    assert [v["size"] for v in versions] == [len(written), len(ORIGINAL)]
    assert invoke("restore", str(root / PERSON), "--vault", root).exit_code == 0  # undo
    assert (root / PERSON).read_bytes() == written


def test_restore_keeps_an_edit_made_since(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    invoke("index", "--vault", root)
    with open(root / PERSON, "a") as note:
        note.write("typed after the index\n")
    edited = (root / PERSON).read_bytes()
    assert invoke("restore", PERSON, "--vault", root).exit_code == 0
    assert invoke("restore", PERSON, "--vault", root).exit_code == 0
    assert (root / PERSON).read_bytes() == edited


def test_restore_list_in_words(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    invoke("index", "--vault", root)
    outcome = invoke("restore", PERSON, "--list", "--vault", root)
    assert outcome.exit_code == 0
    (line,) = outcome.stdout.splitlines()
    assert line.endswith(f"{len(ORIGINAL)} bytes  {_sha8(ORIGINAL)}  index")
    assert (root / PERSON).read_bytes() != ORIGINAL.encode(), "--list changed the note"


def test_no_history(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    outcome = invoke("restore", PERSON, "--vault", root)
    assert outcome.exit_code == 1
    assert outcome.stderr == (
        f"vaultrel: {PERSON}: vaultrel has no earlier version of this note [E_NO_HISTORY] — "
        "`vaultrel restore --list PATH` lists its versions\n"
    )
    assert (root / PERSON).read_text() == ORIGINAL


def _sha8(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _three_versions(make_vault: MakeVault, invoke: Invoke) -> tuple[Path, list[bytes]]:
    """A person note written twice by `index`, a second apart: the original, the first
    write's and the second write's text (the current one)."""
    root = make_vault(VAULT)
    assert invoke("index", "--vault", root).exit_code == 0
    first = (root / PERSON).read_bytes()
    time.sleep(1.05)  # the journal lists times to the second
    (root / "conversations/2026-06-01 walk.md").write_text(
        '---\ndate: 2026-06-01\nwith: ["[[Ada]]"]\n---\n'
    )
    assert invoke("index", "--vault", root).exit_code == 0
    second = (root / PERSON).read_bytes()
    assert len({ORIGINAL.encode(), first, second}) == 3
    return root, [ORIGINAL.encode(), first, second]


def test_restore_any_version_by_number_or_time(make_vault: MakeVault, invoke: Invoke) -> None:
    root, (original, first, second) = _three_versions(make_vault, invoke)
    listed = invoke("restore", PERSON, "--list", "--vault", root)
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2"]
    assert lines[0].endswith(f"{len(first)} bytes  {hashlib.sha256(first).hexdigest()[:8]}  index")
    assert lines[1].endswith(f"{len(original)} bytes  {_sha8(ORIGINAL)}  index")
    versions = json.loads(invoke("restore", PERSON, "--list", "--json", "--vault", root).stdout)
    assert [v["version"] for v in versions] == [1, 2]

    outcome = invoke("restore", PERSON, "--version", "2", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert (root / PERSON).read_bytes() == original
    # the restore kept the second write's text: it is now version 1
    assert invoke("restore", PERSON, "--version", "1", "--vault", root).exit_code == 0
    assert (root / PERSON).read_bytes() == second

    # --at: the note as it was at that moment; a time --list shows picks that version
    second_write = versions[0]["time"]
    assert invoke("restore", PERSON, "--at", second_write, "--vault", root).exit_code == 0
    assert (root / PERSON).read_bytes() == first
    assert invoke("restore", PERSON, "--at", "2000-01-01", "--vault", root).exit_code == 0
    assert (root / PERSON).read_bytes() == original


def test_restore_refuses_a_version_not_kept(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(VAULT)
    invoke("index", "--vault", root)
    written = (root / PERSON).read_bytes()
    outcome = invoke("restore", PERSON, "--version", "5", "--vault", root)
    assert outcome.exit_code == 1
    assert outcome.stderr == (
        f"vaultrel: {PERSON}: there is no version 5, only 1-1 [E_NO_HISTORY] — "
        "`vaultrel restore --list PATH` lists its versions\n"
    )
    outcome = invoke("restore", PERSON, "--at", "2999-01-01T00:00Z", "--vault", root)
    assert outcome.exit_code == 1
    assert "has not written this note since 2999-01-01T00:00:00+00:00 [E_NO_HISTORY]" in (
        outcome.stderr
    )
    assert invoke("restore", PERSON, "--at", "last tuesday", "--vault", root).exit_code == 2
    assert (
        invoke("restore", PERSON, "--at", "2000-01-01", "--version", "1", "--vault", root).exit_code
        == 2
    )
    assert (root / PERSON).read_bytes() == written
