"""`vaultrel strip`: the inverse of `index`, journaled, refusing hand-edited blocks."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Invoke, MakeVault, snapshot
from vaultrel.adapters.lock import VaultLock

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "example-vault"

PERSON = "---\naliases: [Ada]\ncadence: 2w\n---\nMet at the conference.\n"
NO_FRONT = "Grace wrote COBOL.\n"
TALK = '---\nwith: ["[[Ada Lovelace]]", "[[Grace Hopper]]"]\ndate: 2026-05-02\n---\nTalked.\n'


def _vault(make_vault: MakeVault) -> Path:
    return make_vault(
        {
            "people/Ada Lovelace.md": PERSON,
            "people/Grace Hopper.md": NO_FRONT,
            "conversations/2026-05-02 talk.md": TALK,
            "daily/2026-05-03.md": "Saw [[Ada Lovelace]] after [[2026-05-02 talk]].\n",
        }
    )


def test_strip_gives_back_the_user_bytes_and_index_puts_everything_back(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    written = snapshot(root)
    assert invoke("index", "--vault", root).exit_code == 0
    indexed = snapshot(root)
    assert indexed != written

    outcome = invoke("strip", "--vault", root)
    assert outcome.exit_code == 0, outcome.stderr
    assert "stripped people/Ada Lovelace.md" in outcome.stdout
    stripped = snapshot(root)
    # a front-matter vaultrel created stays, emptied; every other byte is the user's
    expected = {**written, "people/Grace Hopper.md": ("---\n---\n" + NO_FRONT).encode()}
    expected["people/Margaret Hamilton.md"] = stripped.get("people/Margaret Hamilton.md", b"")
    assert stripped == {k: v for k, v in expected.items() if k in stripped}
    assert set(stripped) == set(indexed)  # created person notes stay
    assert b"vaultrel:begin" not in b"".join(stripped.values())

    assert invoke("index", "--vault", root).exit_code == 0
    assert snapshot(root) == indexed


def test_strip_dry_run_lists_and_writes_nothing(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    invoke("index", "--vault", root)
    before = snapshot(root)
    outcome = invoke("strip", "--dry-run", "--vault", root)
    assert outcome.exit_code == 0
    assert "would strip people/Ada Lovelace.md" in outcome.stdout
    assert "would strip conversations/2026-05-02 talk.md" in outcome.stdout
    assert snapshot(root) == before


def test_strip_on_a_vault_never_indexed_writes_nothing(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = _vault(make_vault)
    before = snapshot(root)
    outcome = invoke("strip", "--vault", root)
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    assert snapshot(root) == before
    assert not (root / ".vaultrel" / "journal").exists() or not any(
        (root / ".vaultrel" / "journal").iterdir()
    )


def test_strip_refuses_a_hand_edited_block(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    invoke("index", "--vault", root)
    ada = root / "people" / "Ada Lovelace.md"
    edited = ada.read_bytes().replace(b"**Last spoke:**", b"**Last spoke (mine):**")
    ada.write_bytes(edited)
    outcome = invoke("strip", "--vault", root)
    assert outcome.exit_code == 1
    assert "people/Ada Lovelace.md" in outcome.stderr and "[E_OWNED_EDITED]" in outcome.stderr
    assert ada.read_bytes() == edited  # fail closed: not even the owned keys went
    assert b"vaultrel:begin" not in (root / "conversations/2026-05-02 talk.md").read_bytes()


def test_strip_is_undone_by_restore(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    invoke("index", "--vault", root)
    indexed = (root / "people" / "Ada Lovelace.md").read_bytes()
    invoke("strip", "--vault", root)
    assert invoke("restore", "people/Ada Lovelace.md", "--vault", root).exit_code == 0
    assert (root / "people" / "Ada Lovelace.md").read_bytes() == indexed


def test_strip_takes_the_lock(make_vault: MakeVault, invoke: Invoke) -> None:
    root = _vault(make_vault)
    invoke("index", "--vault", root)
    before = snapshot(root)
    with VaultLock(root, "watch").held():
        outcome = invoke("strip", "--vault", root)
    assert outcome.exit_code == 2 and "[E_LOCKED]" in outcome.stderr
    assert snapshot(root) == before


def test_example_vault_strip_then_index_is_byte_identical(tmp_path: Path, invoke: Invoke) -> None:
    vault = tmp_path / "example-vault"
    shutil.copytree(EXAMPLE, vault)
    original = snapshot(vault)
    outcome = invoke("strip", "--vault", vault)
    assert outcome.exit_code == 0, outcome.stderr
    assert b"vaultrel:begin" not in b"".join(snapshot(vault).values())
    assert invoke("index", "--vault", vault).exit_code == 0
    assert snapshot(vault) == original
