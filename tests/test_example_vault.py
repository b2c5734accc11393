"""The committed example vault is up to date with what vaultrel generates."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Invoke, snapshot

EXAMPLE = Path(__file__).resolve().parent.parent / "example-vault"


def test_example_vault_is_indexed(tmp_path: Path, invoke: Invoke) -> None:
    vault = tmp_path / "example-vault"
    shutil.copytree(EXAMPLE, vault)
    before = snapshot(vault)
    outcome = invoke("index", "--check", "--vault", vault, "--json")
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.json()["written"] == [] and outcome.json()["created"] == []  # type: ignore[index]
    assert snapshot(vault) == before


def test_example_vault_tells_its_story(tmp_path: Path, invoke: Invoke) -> None:
    """A few facts the demo vault was written to show (see its README)."""
    text = (EXAMPLE / "people" / "Zoë Ruiz.md").read_text(encoding="utf-8")
    assert "last_spoke: 2026-10-22\nnext_owed: 2026-10-22\n" in text  # an unanswered message
    hedy = (EXAMPLE / "people" / "Hedy Lamarr.md").read_text(encoding="utf-8")
    assert "next_owed" not in hedy  # paused, and nothing dated is owed
    assert (EXAMPLE / "people" / "Margaret Hamilton.md").exists()  # created for a participant
    mary = (EXAMPLE / "people" / "Mary Somerville.md").read_text(encoding="utf-8")
    assert "last_spoke: 2026-10-05\n" in mary  # her only conversation is a logged line
    assert "- **Last spoke:** 2026-10-05 · video · [[2026-10-05]]" in mary
    assert "**Next time**\n- ask · ask how the grant application went\n" in mary
