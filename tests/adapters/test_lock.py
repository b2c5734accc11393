"""The writer lock `.vaultrel/lock` through the CLI: a broken lock state is one clear error."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeVault, snapshot


def _folder(root: Path) -> None:
    (root / ".vaultrel/lock").mkdir(parents=True)


def _fifo(root: Path) -> None:
    (root / ".vaultrel").mkdir()
    os.mkfifo(root / ".vaultrel/lock")


def _link(root: Path) -> None:
    (root / ".vaultrel").mkdir()
    os.symlink("elsewhere", root / ".vaultrel/lock")


def _state_file(root: Path) -> None:
    (root / ".vaultrel").write_text("not a folder\n")


# how the state is broken → the path named, the code, what the message says it is
BROKEN: dict[str, tuple[Callable[[Path], None], str, str, str]] = {
    "lock is a folder": (_folder, ".vaultrel/lock", "E_NOT_REGULAR", "is a folder"),
    "lock is a FIFO": (_fifo, ".vaultrel/lock", "E_NOT_REGULAR", "is neither a file nor"),
    "lock is a link": (_link, ".vaultrel/lock", "E_SYMLINK", "is a symbolic link"),
    ".vaultrel is a file": (_state_file, ".vaultrel", "E_NOT_REGULAR", "is a file"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_lock_state_is_one_line_naming_what_to_remove(
    case: str, make_vault: MakeVault, invoke: Invoke
) -> None:
    breaks, path, code, what = BROKEN[case]
    root = make_vault(
        {
            "people/Ada.md": "---\ncadence: 2w\n---\n",
            "conversations/2026-05-01 call.md": "---\ndate: 2026-05-01\nwith: ['[[Ada]]']\n---\n",
        }
    )
    breaks(root)
    before = snapshot(root)
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"vaultrel: {path}: {what}")
    assert f"[{code}] — remove {path}" in outcome.stderr or f"remove the link {path}" in (
        outcome.stderr
    )
    assert outcome.stderr.count("\n") == 1
    assert snapshot(root) == before  # no note written
    assert os.path.lexists(root / path)  # what is there is left for the user to remove
