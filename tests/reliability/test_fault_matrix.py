"""RELIABILITY §d.2–§d.3: a fault at every step of a write, and a crash at every step.

A fault-free first index is traced through the I/O seam; then, for every step k of its write
phase (journal, temp files, flushes, compare-and-swap, renames, folder flushes), a fresh copy
of the vault is indexed with ENOSPC, EIO, EACCES or EROFS raised at step k (a write fails after
a short write), and with a simulated crash at step k. After each:

- every note holds its old bytes or its complete new version, never anything else;
- a note left old is reported with the code for the errno, and the message names the errno;
- no temp file is left (a failed unlink's temp is swept by a later run);
- whenever a note shows its new version, the journal holds its old bytes (R5 before R8);
- the next fault-free run makes every note exactly what a fault-free first run makes.

Two vaults: a few notes (an fsync per temp file) and a batch large enough for one syncfs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeVault
from tests.reliability.report import FULL, record
from tests.reliability.seam import (
    BATCH,
    ERRNOS,
    Call,
    Seam,
    SimulatedCrash,
    copy_vault,
    crash_at,
    fail_at,
    installed,
    notes,
    temp_files,
    trace,
)
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.writer import FLUSH_ONCE_FROM
from vaultrel.engine import IndexResult, index_vault


def conversation(day: str, *names: str) -> str:
    links = ", ".join(f'"[[{name}]]"' for name in names)
    return f"---\ndate: {day}\nwith: [{links}]\n---\n- [ ] send the deck 📅 2026-06-01\n"


SMALL = {
    "people/Ada.md": "---\ncadence: 2w\n---\nAda.\n",
    "people/Grace.md": "---\ntype: person\n---\nGrace.\n",
    "conversations/2026-05-02 call.md": conversation("2026-05-02", "Ada", "Grace", "Bob"),
}
LARGE = {
    **{f"people/P{i:02d}.md": f"Person {i}.\n" for i in range(FLUSH_ONCE_FROM + 2)},
    "conversations/2026-05-02 all.md": conversation(
        "2026-05-02", *(f"P{i:02d}" for i in range(FLUSH_ONCE_FROM + 2)), "Newcomer"
    ),
}


class Matrix:
    """One vault: its template, its old and new notes, and what the runs found."""

    def __init__(self, template: Path, tmp: Path) -> None:
        self.template = template
        self.tmp = tmp
        self.old = notes(template)
        clean = copy_vault(template, tmp / "clean")
        index_vault(clean)
        self.new = notes(clean)
        self.seam = trace(template, tmp)
        self.modified = 0
        self.leaks = 0
        self.swept = 0

    @property
    def steps(self) -> int:
        return self.seam.steps

    def sites(self) -> list[int]:
        """Every step in the long profile; in CI, every step of a small batch, and the first
        and last call of each function at each folder in a large one."""
        if FULL or self.steps < 200:
            return list(range(self.steps))
        first: dict[tuple[str, str], int] = {}
        last: dict[tuple[str, str], int] = {}
        for call in self.seam.calls:
            if call.step >= 0:
                where = "journal" if BATCH.fullmatch(call.where) else call.where
                first.setdefault((call.name, where), call.step)
                last[(call.name, where)] = call.step
        return sorted({*first.values(), *last.values()})

    def run(self, strike: Seam) -> tuple[Path, IndexResult | None, list[Path]]:
        root = copy_vault(self.template, self.tmp / "run")
        result = None
        with installed(strike), contextlib.suppress(SimulatedCrash):
            result = index_vault(root)
        return root, result, temp_files(root)

    def check_states(self, root: Path, context: str) -> dict[str, str]:
        """Each note old or new (I2), and journaled whenever new; returns path → state."""
        states = {}
        journal = Journal(root)
        for path, data in notes(root).items():
            if data == self.new.get(path) and data != self.old.get(path):
                states[path] = "new"
                if path in self.old:
                    kept = {e.sha256 for e in journal.entries(path)}
                    assert _sha(self.old[path]) in kept, f"{path} new but not journaled {context}"
            elif data == self.old.get(path):
                states[path] = "old"
            else:
                self.modified += 1
                raise AssertionError(f"{path} is neither old nor new {context}:\n{data!r}")
        for path in self.old:
            assert path in states, f"{path} disappeared {context}"
        return states

    def recover(self, root: Path, leaks: list[Path], context: str) -> None:
        """The next start: stray temps older than the sweep age go; the vault ends as new."""
        for leak in leaks:
            os.utime(leak, (time.time() - 3600, time.time() - 3600))
        with installed(Seam()):
            index_vault(root)
        assert notes(root) == self.new, f"the next run did not finish the work {context}"
        left = temp_files(root)
        assert not left, f"temp files survived the next run {context}: {left}"
        self.swept += len(leaks)


def errnos_for(site: int) -> list[int]:
    """Every errno at every site in the long profile; in CI, the errnos take turns."""
    codes = list(ERRNOS)
    return codes if FULL else [codes[site % len(codes)]]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(params=["small", "large"])
def matrix(request: pytest.FixtureRequest, make_vault: MakeVault, tmp_path: Path) -> Matrix:
    template = make_vault(SMALL if request.param == "small" else LARGE)
    return Matrix(template, tmp_path)


def test_io_error_matrix(matrix: Matrix) -> None:
    problems_seen = 0
    faults = 0
    for n, step in enumerate(matrix.sites()):
        call = next(c for c in matrix.seam.calls if c.step == step)
        for code in errnos_for(n):
            expected = ERRNOS[code]
            faults += 1
            context = f"({os.strerror(code)} at step {step}: {call.name} {call.where}/{call.arg})"
            root, result, leaks = matrix.run(Seam(fail_at(step, code)))
            assert result is not None
            states = matrix.check_states(root, context)
            reported = {p.path: p for p in result.problems if p.severity == "error"}
            for path, state in states.items():
                if state == "old" and matrix.new.get(path) != matrix.old.get(path):
                    problem = reported.get(path)
                    assert problem is not None, f"{path} not written, not reported {context}"
                    assert problem.code == expected, f"{problem} {context}"
                    assert os.strerror(code) in problem.message, f"{problem} {context}"
                    problems_seen += 1
            for path in matrix.new.keys() - matrix.old.keys():
                assert states.get(path, "old") != "old" or path in reported, context
            if leaks:
                assert call.name == "unlink", f"temp files left {context}: {leaks}"
                matrix.leaks += len(leaks)
            matrix.recover(root, leaks, context)
    record(
        f"fault_matrix_{'large' if len(matrix.old) > 10 else 'small'}",
        steps=matrix.steps,
        sites=len(matrix.sites()),
        errnos=len(ERRNOS),
        faults=faults,
        problems=problems_seen,
        originals_modified=matrix.modified,
        temp_leaks_after_failed_unlink=matrix.leaks,
        swept=matrix.swept,
    )


def test_crash_at_every_step(matrix: Matrix) -> None:
    """A crash (no cleanup code of vaultrel's may swallow it) at each step; then a restart."""
    news = 0
    for step in matrix.sites():
        root, _, leaks = matrix.run(Seam(crash_at(step)))
        context = f"(crash at step {step})"
        news += sum(state == "new" for state in matrix.check_states(root, context).values())
        matrix.recover(root, leaks, context)
    record(
        f"crash_sim_{'large' if len(matrix.old) > 10 else 'small'}",
        crash_points=len(matrix.sites()),
        notes_new_at_crash=news,
        violations=matrix.modified,
        temps_swept=matrix.swept,
    )


def test_batch_order_is_r11s(matrix: Matrix) -> None:
    """Journal every pre-image; write and flush every temp file; then per note the final
    check and the rename; then flush each touched folder once (RELIABILITY R11, §d.2)."""
    calls = [call for call in matrix.seam.calls if call.step >= 0]
    index = {id(call): i for i, call in enumerate(calls)}

    def at(name: str, test: Callable[[Call], bool] | None = None) -> list[int]:
        return [index[id(c)] for c in calls if c.name == name and (test is None or test(c))]

    def commit_of_note(call: Call) -> bool:
        return call.arg.endswith(".md") and not BATCH.fullmatch(call.where)

    manifest = at("replace", lambda c: c.arg == "manifest.json")
    note_temps = at("create_temp", lambda c: not BATCH.fullmatch(c.where))
    renames = sorted(at("replace", commit_of_note) + at("exchange", commit_of_note))
    commits = sorted(renames + at("link"))
    folder_flushes = at("fsync", lambda c: c.where in ("people", "conversations"))
    changed = [path for path, data in matrix.new.items() if data != matrix.old.get(path)]
    assert len(manifest) == 1 and manifest[0] < min(note_temps), "journal after a temp file"
    assert len(commits) == len(note_temps) == len(changed)
    if len(note_temps) >= FLUSH_ONCE_FROM:  # one syncfs flushes the journal and every temp
        syncs = at("syncfs")
        assert len(syncs) == 1 and max(note_temps) < syncs[0] < min(commits)
    else:
        journal_flushed = at("fsync", lambda c: c.where == "journal")
        assert len(journal_flushed) == 1 and journal_flushed[0] < min(note_temps)
        file_flushes = at("fsync", lambda c: c.where == "file")
        assert len(file_flushes) >= len(note_temps)
        assert max(file_flushes) < min(commits), "a rename before every temp file was flushed"
    for commit in renames:
        check = calls[commit - 1]
        assert (check.name, check.arg) == ("lstat", calls[commit].arg), "no final check"
    assert folder_flushes and min(folder_flushes) > max(commits)
    assert len(folder_flushes) == len(set(folder_flushes)) <= 2  # once per touched folder
