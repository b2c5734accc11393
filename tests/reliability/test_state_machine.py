"""RELIABILITY §d.5 `VaultStateMachine`: a user and vaultrel take turns on a small vault, and
vaultrel sometimes crashes mid-write. Whatever the order, no user text is ever lost (it is in
the note, or in the journal), a note holds at most one block, a run after a successful run
writes nothing (I5), and after a restart no temp file is left."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.reliability.report import record, scaled
from tests.reliability.seam import Seam, SimulatedCrash, crash_at, installed, temp_files
from vaultrel.adapters.journal import Journal
from vaultrel.engine import IndexResult, index_vault

ADA = "people/Ada.md"
CALL = "conversations/2026-05-02 call.md"
FIGURES = {"runs": 0, "steps": 0, "crashes": 0, "refusals": 0, "violations": 0}


class VaultStateMachine(RuleBasedStateMachine):
    @initialize()
    def make_vault(self) -> None:
        FIGURES["runs"] += 1
        self.root = Path(tempfile.mkdtemp(prefix="vaultrel-sm-"))
        (self.root / "people").mkdir()
        (self.root / "conversations").mkdir()
        (self.root / ADA).write_text("---\ncadence: 2w\n---\nAda.\n")
        (self.root / CALL).write_text('---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\n---\n- [ ] x\n')
        self.user_lines: list[str] = []
        self.counter = 0

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _line(self, kind: str) -> str:
        self.counter += 1
        FIGURES["steps"] += 1
        line = f"{kind} {self.counter}"
        self.user_lines.append(line)
        return line

    def _index(self, seam: Seam) -> IndexResult | None:
        with installed(seam), contextlib.suppress(SimulatedCrash):
            return index_vault(self.root)
        FIGURES["crashes"] += 1
        return None

    @rule()
    def user_edit_body(self) -> None:
        with open(self.root / ADA, "a") as note:
            note.write(f"{self._line('body')}\n")

    @rule()
    def user_edit_fm_nonowned(self) -> None:
        text = (self.root / ADA).read_text()
        if text.startswith("---\n"):
            (self.root / ADA).write_text(f"---\n{self._line('key')}: x\n" + text[4:])

    @rule()
    def user_edit_inside_block(self) -> None:
        text = (self.root / ADA).read_text()
        if "## Relationship\n" in text:
            line = self._line("typed in the block")
            text = text.replace("## Relationship\n", f"## Relationship\n{line}\n", 1)
            (self.root / ADA).write_text(text)

    @rule()
    def vaultrel_update(self) -> None:
        FIGURES["steps"] += 1
        result = self._index(Seam())
        assert result is not None
        FIGURES["refusals"] += any(p.code == "E_OWNED_EDITED" for p in result.problems)
        if not result.has_errors:
            again = self._index(Seam())
            assert again is not None and again.written == again.created == [], "I5"

    @rule(step=st.integers(0, 40))
    def crash_mid_write(self, step: int) -> None:
        FIGURES["steps"] += 1
        self._index(Seam(crash_at(step)))

    @rule()
    def recover(self) -> None:
        FIGURES["steps"] += 1
        old = time.time() - 3600
        for leftover in temp_files(self.root):
            os.utime(leftover, (old, old))
        self._index(Seam())
        assert temp_files(self.root) == [], "temp files survived a restart"

    @invariant()
    def user_text_is_never_lost(self) -> None:
        if not hasattr(self, "root"):
            return
        text = (self.root / ADA).read_text()
        journal = Journal(self.root)
        kept = text + "".join(journal.read(e).decode() for e in journal.entries(ADA))
        lost = [line for line in self.user_lines if line not in kept]
        FIGURES["violations"] += bool(lost)
        assert not lost, lost
        assert text.count("<!-- vaultrel:begin -->") <= 1


VaultStateMachine.TestCase.settings = settings(
    max_examples=scaled(20, 300),
    stateful_step_count=scaled(12, 30),
    deadline=None,
    derandomize=True,
)


class TestVaultStateMachine(VaultStateMachine.TestCase):  # type: ignore[misc,name-defined]
    @classmethod
    def tearDownClass(cls) -> None:
        record("state_machine", **FIGURES)
