"""The index store: unchanged notes are recalled, not re-parsed; a bad store is rebuilt."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

import vaultrel.adapters.reader
import vaultrel.engine
from tests.conftest import MakeVault, snapshot
from vaultrel import index_vault
from vaultrel.adapters.state import STATE_DIR
from vaultrel.adapters.store import DB_NAME

FILES = {
    "people/Ada.md": "---\ncadence: 2w\n---\nAda.\n",
    "people/Grace.md": "Grace.\n",
    "conversations/2026-05-02 Ada.md": '---\nwith: ["[[Ada]]"]\n---\n- [ ] send [[Grace]] a note\n',
    "daily/2026-05-03.md": "Saw [[Grace]].\n",
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the engine parses, in order."""
    seen: list[str] = []
    real = vaultrel.engine.parse_note

    def counting(path: str, *args: object) -> object:
        seen.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(vaultrel.engine, "parse_note", counting)
    monkeypatch.setattr(vaultrel.adapters.reader, "parse_note", counting)
    return seen


def _age(root: Path) -> None:
    """Set every note's mtime well in the past, as after a quiet while."""
    for path in root.rglob("*.md"):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))


def test_unchanged_notes_are_not_parsed_again(make_vault: MakeVault, parses: list[str]) -> None:
    root = make_vault(FILES)
    index_vault(root)
    _age(root)
    index_vault(root)  # reads the aged notes once more and stores them
    parses.clear()
    daily = root / "daily/2026-05-03.md"
    daily.write_text("Saw [[Grace]] and [[Ada]].\n")
    os.utime(daily, ns=(1_700_000_100_000_000_000, 1_700_000_100_000_000_000))
    result = index_vault(root)
    assert parses[0] == "daily/2026-05-03.md"
    assert "daily/2026-05-03.md" not in parses[1:]
    assert set(parses[1:]) == set(result.written)  # the guard re-parses what it writes
    assert "people/Ada.md" in result.written  # Ada is now mentioned in the daily note


def test_nothing_changed_is_answered_without_parsing(
    make_vault: MakeVault, parses: list[str]
) -> None:
    root = make_vault(FILES)
    first = index_vault(root)
    _age(root)
    index_vault(root)
    parses.clear()
    again = index_vault(root)
    assert parses == []
    assert again.written == [] and again.created == []
    assert (again.notes, again.people, again.conversations) == (
        first.notes,
        first.people,
        first.conversations,
    )


def test_a_note_changed_as_it_was_listed_is_not_trusted_from_the_store(
    make_vault: MakeVault, parses: list[str]
) -> None:
    """A note whose mtime is as recent as the listing may change again within the same
    timestamp tick, unseen (engine.RACY_NS): it is stored unusable, so it is read again."""
    root = make_vault(FILES)
    index_vault(root)
    _age(root)
    daily = root / "daily/2026-05-03.md"
    soon = time.time_ns() + 1_000_000_000  # as recent as any listing in the next second
    os.utime(daily, ns=(soon, soon))
    index_vault(root)
    parses.clear()
    again = index_vault(root)
    assert parses == ["daily/2026-05-03.md"]
    assert again.written == []


@pytest.mark.parametrize("damage", ["garbage", "old-schema", "missing"])
def test_a_bad_store_is_rebuilt_silently(make_vault: MakeVault, damage: str) -> None:
    root = make_vault(FILES)
    index_vault(root)
    _age(root)
    expected = snapshot(root)
    db = root / STATE_DIR / DB_NAME
    if damage == "garbage":
        db.write_bytes(b"not a database" * 100)
    elif damage == "old-schema":
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE meta SET value = x'00' WHERE key = 'fingerprint'")
    else:
        db.unlink()
    result = index_vault(root)
    assert result.written == [] and not result.has_errors
    assert snapshot(root) == expected
    with sqlite3.connect(db) as connection:  # rebuilt and usable
        assert connection.execute("SELECT count(*) FROM notes").fetchone()[0] == len(FILES)


def test_results_are_the_same_with_and_without_the_store(make_vault: MakeVault) -> None:
    with_store = make_vault(FILES)
    index_vault(with_store)
    _age(with_store)
    (with_store / "people/Grace.md").write_text("Grace, who knows [[Ada]].\n")
    index_vault(with_store)
    fresh = with_store.parent / "fresh"
    fresh.mkdir()
    for rel, data in snapshot(with_store).items():
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        (fresh / rel).write_bytes(data)
    assert index_vault(fresh).written == []  # a cold run agrees with what the store produced
    assert snapshot(fresh) == snapshot(with_store)
