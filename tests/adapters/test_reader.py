"""Reading and parsing notes: the parallel path gives exactly what the sequential one does."""

from __future__ import annotations

import pytest

import vaultrel.adapters.cores as cores
import vaultrel.adapters.reader as reader
import vaultrel.engine
from tests.conftest import MakeVault, snapshot
from vaultrel import index_vault
from vaultrel.config import Config

FILES = {
    "people/Ada.md": "---\ncadence: 2w\naliases: [Countess]\n---\nAda. - [ ] lend a book\n",
    "people/Grace.md": "\ufeffGrace.\r\n- [ ] send [[Ada]] the paper 📅 2026-06-01\r\n",
    "conversations/2026-05-02 Ada.md": '---\nwith: ["[[Countess]]"]\nawaiting: me\n---\nHi.\n',
    "conversations/bad.md": "---\ndate: 2026-05-03\ndate: 2026-05-04\n---\n",
    "daily/2026-05-03.md": b"\xff\xfe not text",
}


def test_parallel_reading_matches_sequential(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(FILES)
    paths = sorted(p for p in snapshot(root))
    sequential = list(reader.read_notes(root, paths, Config().layout(), lambda done: None))
    monkeypatch.setattr(reader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cores, "CHUNK", 2)
    done: list[int] = []
    parallel = list(reader.read_notes(root, paths, Config().layout(), done.append))

    def without_text(reads: list[reader.ReadNote]) -> list[tuple[object, ...]]:
        return sorted((r.path, r.note, r.stat) for r in reads)  # type: ignore[misc]

    assert without_text(parallel) == without_text(sequential)
    assert done[-1] == len(paths)


def test_index_with_parallel_reading_and_checking_writes_the_same_bytes(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    one = make_vault(FILES)
    index_vault(one)
    monkeypatch.setattr(reader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(vaultrel.engine, "GUARD_PARALLEL_FROM", 1)
    two = tmp_path_factory.mktemp("two")
    for rel, data in FILES.items():
        (two / rel).parent.mkdir(parents=True, exist_ok=True)
        (two / rel).write_bytes(data if isinstance(data, bytes) else data.encode())
    index_vault(two)
    assert snapshot(two) == snapshot(one)
