"""What `vaultrel index` writes back (DESIGN §4, §4.1), through the CLI on real vaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeVault, snapshot

CALL = '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\nTalked launch.\n'
TALK = "conversations/2026-05-01 Talk.md"
DAILY = "daily/2026-05-03.md"


def _index(invoke: Invoke, root: Path, *args: str) -> dict[str, list[str]]:
    outcome = invoke("index", "--vault", root, "--json", *args)
    assert outcome.exit_code == 0, outcome.stderr
    summary = outcome.json()
    assert isinstance(summary, dict)
    return summary


def _second_run_writes_nothing(invoke: Invoke, root: Path) -> None:
    before = snapshot(root)
    summary = _index(invoke, root)
    assert summary["written"] == [] and summary["created"] == []
    assert snapshot(root) == before


# --------------------------------------------------------------------------------------------
# The block's heading (§4.1)
# --------------------------------------------------------------------------------------------


def test_the_block_heading_is_level_2_by_default(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": "# Ada\n\n## Notes\nLikes tea.\n"})
    _index(invoke, root)
    lines = (root / "people/Ada.md").read_text().splitlines()
    assert lines[lines.index("<!-- vaultrel:begin -->") + 1] == "## Relationship"


def test_heading_level_is_a_setting(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault(
        {"people/Ada.md": "# Ada\n", "vaultrel.toml": "[blocks]\nheading_level = 3\n"}
    )
    _index(invoke, root)
    lines = (root / "people/Ada.md").read_text().splitlines()
    assert lines[lines.index("<!-- vaultrel:begin -->") + 1] == "### Relationship"


@pytest.mark.parametrize("level", ["1", "7"])
def test_heading_level_out_of_range_is_refused(
    make_vault: MakeVault, invoke: Invoke, level: str
) -> None:
    root = make_vault({"vaultrel.toml": f"[blocks]\nheading_level = {level}\n"})
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 2
    assert "vaultrel.toml:2: bad value for blocks.heading_level" in outcome.stderr
