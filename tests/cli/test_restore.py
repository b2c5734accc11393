"""`vaultrel restore PATH [--list] [--json]`."""

from __future__ import annotations

import json

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
