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


# --------------------------------------------------------------------------------------------
# Removing a block gives back the note's exact bytes (§4 point 2)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False], ids=["final-newline", "no-final-newline"])
def test_a_block_that_becomes_empty_leaves_the_exact_bytes(
    make_vault: MakeVault, invoke: Invoke, eol: str, final: bool
) -> None:
    talk = eol.join(["---", "date: 2026-05-01", "---", "We talked."]) + (eol if final else "")
    root = make_vault({TALK: talk.encode(), DAILY: "Went over [[2026-05-01 Talk]].\n"})
    assert _index(invoke, root)["written"] == [TALK]  # the backlink gives it a block
    written = (root / TALK).read_bytes()
    assert written.endswith(b"-->" + (eol.encode() if final else b""))
    assert eol == "\n" or written.count(b"\n") == written.count(b"\r\n")
    (root / DAILY).write_text("Nothing here.\n")
    assert _index(invoke, root)["written"] == [TALK]
    assert (root / TALK).read_bytes() == talk.encode()
    _second_run_writes_nothing(invoke, root)


# --------------------------------------------------------------------------------------------
# A front-matter is never removed (§4 point 1)
# --------------------------------------------------------------------------------------------


def test_a_front_matter_left_without_keys_stays(make_vault: MakeVault, invoke: Invoke) -> None:
    ada = "---\nlast_spoke: 2026-05-02\nnext_owed: 2026-05-09\n---\nAda.\n"
    root = make_vault({"people/Ada.md": ada})
    _index(invoke, root)
    assert (root / "people/Ada.md").read_text().startswith("---\n---\nAda.\n\n<!-- vaultrel")
    _second_run_writes_nothing(invoke, root)


def test_a_front_matter_vaultrel_created_stays_when_emptied(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault({"people/Ada.md": "Ada.\n", "conversations/2026-05-02 Ada.md": CALL})
    _index(invoke, root)
    assert (root / "people/Ada.md").read_text().startswith("---\nlast_spoke: 2026-05-02\n---\n")
    (root / "conversations/2026-05-02 Ada.md").unlink()
    _index(invoke, root)
    assert (root / "people/Ada.md").read_text().startswith("---\n---\nAda.\n\n<!-- vaultrel")
    _second_run_writes_nothing(invoke, root)


def test_an_empty_front_matter_stays(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"people/Ada.md": "---\r\n---\r\nAda.\r\n"})
    _index(invoke, root)
    assert (root / "people/Ada.md").read_bytes().startswith(b"---\r\n---\r\nAda.\r\n\r\n<!--")
    _second_run_writes_nothing(invoke, root)


# --------------------------------------------------------------------------------------------
# `type:` as a list (§2.1)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "declared", ["type: [person]", "type:\n  - person", "type:\n- Person", "type: [person, friend]"]
)
def test_type_as_a_list_names_the_kind(
    make_vault: MakeVault, invoke: Invoke, declared: str
) -> None:
    root = make_vault(
        {"notes/Ada.md": f"---\n{declared}\n---\nAda.\n", "conversations/2026-05-02 Ada.md": CALL}
    )
    assert _index(invoke, root)["written"] == ["notes/Ada.md"]
    assert "last_spoke: 2026-05-02" in (root / "notes/Ada.md").read_text()
    assert not (root / "people/Ada.md").exists()
    _second_run_writes_nothing(invoke, root)


@pytest.mark.parametrize("declared", ["type: [person, org]", "type:\n  - org\n  - Person"])
def test_type_naming_two_kinds_is_reported_and_the_note_is_plain(
    make_vault: MakeVault, invoke: Invoke, declared: str
) -> None:
    ada = f"---\ntitle: Ada\n{declared}\n---\nAda.\n"
    root = make_vault({"people/Ada.md": ada, "conversations/2026-05-02 Ada.md": CALL})
    before = snapshot(root)
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 0
    assert (
        "vaultrel: people/Ada.md:3: type names several kinds of note (org, person) "
        "[W_TYPE_AMBIGUOUS] — keep one; until then it is a plain note"
    ) in outcome.stderr.splitlines()
    assert "participant [[Ada]] is not a person note" in outcome.stderr
    assert snapshot(root) == before
