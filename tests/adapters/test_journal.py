"""The pre-image journal (RELIABILITY R5, I7): what a write keeps, and retention."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from tests.conftest import MakeVault
from vaultrel.adapters import fs
from vaultrel.adapters.journal import MANIFEST, PACK, Journal, PreImage
from vaultrel.engine import index_vault

PERSON = "people/Ada.md"
VAULT = {
    PERSON: "---\ncadence: 2w\n---\nAda.\n",
    "conversations/2026-05-02 call.md": '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\n---\n',
}


def image(root: Path, path: str, data: bytes) -> PreImage:
    return PreImage(path, data, fs.Signature.of(os.lstat(root / path)))


def test_an_index_journals_every_note_it_replaces(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    index_vault(root)
    entries = Journal(root).entries()
    assert [e.path for e in entries] == [PERSON]  # the conversation's block would be empty
    assert Journal(root).read(entries[0]) == VAULT[PERSON].encode()
    assert entries[0].command == "index"
    index_vault(root)
    assert len(Journal(root).entries()) == 1, "a run that writes nothing journals nothing"


def test_identical_pre_images_are_kept_once(make_vault: MakeVault) -> None:
    root = make_vault({"a.md": "same\n", "b.md": "same\n", "c.md": "other\n"})
    journal = Journal(root)
    journal.record([image(root, p, (root / p).read_bytes()) for p in ("a.md", "b.md", "c.md")])
    (batch,) = journal.path.iterdir()
    assert sorted(p.name for p in batch.iterdir()) == [MANIFEST, PACK]
    assert (batch / PACK).read_bytes() == b"same\nother\n"
    assert {e.path: journal.read(e) for e in journal.entries()} == {
        "a.md": b"same\n",
        "b.md": b"same\n",
        "c.md": b"other\n",
    }


def test_a_damaged_pre_image_is_not_restored(make_vault: MakeVault) -> None:
    root = make_vault({"a.md": "text\n"})
    journal = Journal(root)
    journal.record([image(root, "a.md", b"text\n")])
    (entry,) = journal.entries("a.md")
    (journal.path / entry.batch / PACK).write_bytes(b"tampered\n")
    try:
        journal.read(entry)
    except ValueError as exc:
        assert "damaged" in str(exc)
    else:
        raise AssertionError("a pre-image that does not match its hash was returned")


def _batch_named(journal: Journal, when: dt.datetime, size: int, finished: bool = True) -> str:
    name = f"{when.strftime('%Y%m%dT%H%M%S.%fZ')}-abcdef"
    folder = journal.path / name
    folder.mkdir(parents=True)
    (folder / PACK).write_bytes(b"x" * size)
    if finished:
        (folder / MANIFEST).write_text('{"time": "", "command": "index", "entries": []}')
    return name


def test_retention_drops_the_oldest_first(make_vault: MakeVault) -> None:
    root = make_vault({"a.md": "text\n"})
    journal = Journal(root, keep_days=30, keep_bytes=3000)
    now = dt.datetime.now(dt.UTC)
    too_old = _batch_named(journal, now - dt.timedelta(days=31), 10)
    oldest = _batch_named(journal, now - dt.timedelta(days=3), 1000)
    middle = _batch_named(journal, now - dt.timedelta(days=2), 1000)
    newest = _batch_named(journal, now - dt.timedelta(days=1), 1000)
    interrupted = _batch_named(journal, now - dt.timedelta(hours=1), 10, finished=False)
    journal.prune()
    kept = set(os.listdir(journal.path))
    assert kept == {middle, newest}, (too_old, oldest, interrupted)


def test_the_batch_just_written_is_kept_even_over_the_cap(make_vault: MakeVault) -> None:
    root = make_vault({"a.md": "x" * 5000})
    journal = Journal(root, keep_bytes=100)
    journal.record([image(root, "a.md", b"x" * 5000)])
    assert len(journal.entries("a.md")) == 1


def test_a_batch_being_recorded_without_the_lock_is_not_pruned(make_vault: MakeVault) -> None:
    """`mv` journals without the vault's lock, so a running watch may prune meanwhile: an
    unfinished batch of the last minute may still be recorded, and stays."""
    root = make_vault({"a.md": "text\n"})
    journal = Journal(root)
    now = dt.datetime.now(dt.UTC)
    recording = _batch_named(journal, now, 10, finished=False)
    journal.prune()
    assert set(os.listdir(journal.path)) == {recording}


def test_an_old_temp_file_in_a_batch_being_recorded_is_swept(make_vault: MakeVault) -> None:
    """A write killed while it journaled leaves a temp file in its unfinished batch; the next
    run sweeps it once it is old (R11), even while the batch is young enough to be kept."""
    root = make_vault({"a.md": "text\n"})
    journal = Journal(root)
    recording = _batch_named(journal, dt.datetime.now(dt.UTC), 10, finished=False)
    old, young = (journal.path / recording / f".vaultrel-{n}.tmp" for n in ("0ld", "y0ung"))
    for temp in (old, young):
        temp.write_bytes(b"a copy of a note")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    journal.prune()
    assert set(os.listdir(journal.path)) == {recording}
    assert not old.exists() and young.exists()  # a young one may be a write in progress
