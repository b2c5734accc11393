"""RELIABILITY R2, racy signatures: on file systems whose timestamps are coarse (HFS+ and ext2/3
store whole seconds, FAT 2 s), two saves of the same size within one tick share a stat
signature. A note whose signature is racy is compared by its bytes, never skipped.

The default suite fakes the coarse file system through the I/O seam (`vaultrel.adapters.fs`):
every mtime and ctime reads as one whole second, and the clock stands half a second later, so
every save lands in the same tick, deterministically. A real ext2 image with 1-second
timestamps is used too where the tests may mount one (root on Linux).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeVault
from tests.reliability.report import FULL, record, scaled
from tests.test_watch import conversation, key, person, wait_for, watching
from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal
from vaultrel.config import load_config
from vaultrel.engine import index_vault
from vaultrel.session import Session

PERSON = "people/Ada Lovelace.md"
CALL = "conversations/2026-01-05 call.md"
TASK = "- [ ] send the deck 📅 2026-02-01\n"


def _coarse(st: os.stat_result, second: int) -> os.stat_result:
    """`st` with every timestamp at `second` (whole seconds, as ext2 stores them)."""
    _, (fields, extra) = st.__reduce__()  # type: ignore[misc]
    ns = second * 1_000_000_000
    extra = {**extra, "st_atime": float(second), "st_mtime": float(second)}
    extra |= {"st_ctime": float(second), "st_atime_ns": ns, "st_mtime_ns": ns, "st_ctime_ns": ns}
    return os.stat_result((*fields[:7], second, second, second), extra)


@contextmanager
def one_tick() -> Iterator[None]:
    """A coarse file system on which the whole test happens within one timestamp tick."""
    second = int(time.time()) - 1
    real = {name: getattr(fs, name) for name in ("lstat", "fstat", "read_file")}

    def read_file(*args: Any, **kwargs: Any) -> tuple[bytes, os.stat_result]:
        data, st = real["read_file"](*args, **kwargs)
        return data, _coarse(st, second)

    def stat_of(name: str) -> Any:
        return lambda *args, **kwargs: _coarse(real[name](*args, **kwargs), second)

    with pytest.MonkeyPatch.context() as patch:
        for name in ("lstat", "fstat"):
            patch.setattr(fs, name, stat_of(name))
        patch.setattr(fs, "read_file", read_file)
        patch.setattr(fs, "now_ns", lambda: second * 1_000_000_000 + 500_000_000, raising=False)
        yield


def save_in_place(path: Path, old: str, new: str) -> None:
    """An editor's save of the same size over the same inode (a ticked box, a digit)."""
    assert len(old.encode()) == len(new.encode())
    text = path.read_text()
    assert old in text
    with open(path, "r+") as editor:
        editor.write(text.replace(old, new, 1))


def signature(path: Path) -> fs.Signature:
    return fs.Signature.of(fs.lstat(str(path)))


def test_index_reads_again_a_note_saved_within_the_tick(make_vault: MakeVault) -> None:
    """The store recalls a note by its signature only when it is not racy."""
    root = make_vault(
        {PERSON: person(), CALL: conversation("2026-01-05", "Ada Lovelace", body=TASK)}
    )
    with one_tick():
        index_vault(root)
        assert key(root, PERSON, "next_owed") == "2026-02-01"
        before = signature(root / CALL)
        save_in_place(root / CALL, "- [ ]", "- [x]")
        assert signature(root / CALL) == before  # the coarse file system cannot tell
        index_vault(root)
        assert key(root, PERSON, "next_owed") is None


def test_watch_reads_a_second_same_size_save_within_the_tick(make_vault: MakeVault) -> None:
    """`watch` reads a save, then a second save of the same size comes in the same tick: it
    compares the racy note's bytes, sees the edit and writes it back with the note's block;
    the journal keeps the bytes that were on disk, not the text read for the first save."""
    root = make_vault({PERSON: person(), CALL: conversation("2026-01-05", "Ada Lovelace")})
    note = root / PERSON
    with one_tick(), watching(root, quiet=0.2):
        assert key(root, PERSON, "last_spoke") == "2026-01-05"
        with open(note, "a") as editor:
            editor.write("A first save.\n")
        time.sleep(0.5)  # read, and quiet again
        before = signature(note)
        save_in_place(note, "A first save.", "A later save.")
        assert signature(note) == before  # the coarse file system cannot tell
        time.sleep(0.3)  # the save's batch runs (it used to read nothing)
        (root / "conversations/2026-03-01 lunch.md").write_text(
            conversation("2026-03-01", "Ada Lovelace")
        )
        wait_for(lambda: key(root, PERSON, "last_spoke") == "2026-03-01")
    assert "A later save." in note.read_text()
    journal = Journal(root)
    newest = journal.read(journal.entries(PERSON)[0]).decode()
    assert "A later save." in newest


def test_no_edit_lost_on_coarse_timestamps(make_vault: MakeVault) -> None:
    """Figures: a note is saved (vaultrel reads it), then saved again with the same size in
    the same tick, then a change makes vaultrel write that note again (what `watch` does)."""
    root = make_vault({PERSON: person(), CALL: conversation("2026-01-05", "Ada Lovelace")})
    edits = scaled(40, 1000)
    lost_from_note = lost_everywhere = rewrites = 0
    with one_tick():
        indexer = Session(root, load_config(root))
        indexer.start()
        for n in range(edits):
            with open(root / PERSON, "a") as editor:  # a first save, read by vaultrel
                editor.write(f"line {n}\n")
            indexer.update([PERSON])
            edit = f"Ada edit {n:09d}."  # the second save: as long as the line it replaces
            slot = next(line for line in (root / PERSON).read_text().split("\n") if "Ada " in line)
            save_in_place(root / PERSON, slot, edit)
            body = "x" * (n % 2 + 1)  # the conversation's size changes: it is always seen
            day = f"2026-01-{n % 28 + 1:02d}"
            (root / CALL).write_text(conversation(day, "Ada Lovelace", body=body))
            result = indexer.update([PERSON, CALL])
            rewrites += PERSON in result.written
            text = (root / PERSON).read_text()
            if edit not in text:
                lost_from_note += 1
                journal = Journal(root)
                kept = [journal.read(e).decode() for e in journal.entries(PERSON)]
                kept += [p.read_text() for p in (root / "people").glob("* (vaultrel recovered *")]
                lost_everywhere += not any(edit in k for k in kept)
    record(
        "coarse_timestamps",
        edits=edits,
        lost_from_note=lost_from_note,
        lost_everywhere=lost_everywhere,
        rewrites=rewrites,
    )
    assert rewrites == edits
    assert lost_from_note == 0


# a real file system with 1-second timestamps ----------------------------------------------


@pytest.fixture
def ext2(tmp_path: Path) -> Iterator[Path]:
    """A mounted ext2 image with 128-byte inodes: its timestamps are whole seconds."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a loop device needs root on Linux")
    if shutil.which("mke2fs") is None:
        pytest.skip("mke2fs (e2fsprogs) is not installed")
    image, mount = tmp_path / "ext2.img", tmp_path / "mnt"
    with open(image, "wb") as file:
        file.truncate(16 << 20)
    mount.mkdir()
    made = subprocess.run(
        ["mke2fs", "-q", "-F", "-t", "ext2", "-I", "128", str(image)], capture_output=True
    )
    mounted = (
        made.returncode == 0
        and (
            subprocess.run(["mount", "-o", "loop", str(image), str(mount)], capture_output=True)
        ).returncode
        == 0
    )
    if not mounted:
        pytest.skip("could not make and mount an ext2 loop image here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_real_one_second_file_system(ext2: Path) -> None:
    """On ext2 (whole-second timestamps): a box ticked in the same second as the note was
    saved and listed is seen by the next index. Tried until the save lands in that second."""
    for attempt in range(5):
        root = ext2 / f"vault{attempt}"
        time.sleep(1 - time.time() % 1 + 0.01)  # start at the beginning of a second
        for path, text in {
            PERSON: person(),
            CALL: conversation("2026-01-05", "Ada Lovelace", body=TASK),
        }.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        time.sleep(0.1)  # listed more than a fine file system's tick after the save
        index_vault(root)
        before = os.stat(root / CALL)
        save_in_place(root / CALL, "- [ ]", "- [x]")
        if fs.Signature.of(os.stat(root / CALL)) == fs.Signature.of(before):
            break
    else:
        pytest.skip("the machine was too slow to save within one second")
    assert before.st_mtime_ns % 1_000_000_000 == 0  # a coarse file system indeed
    index_vault(root)
    assert key(root, PERSON, "next_owed") is None


@pytest.mark.skipif(not FULL, reason="long profile only (VAULTREL_STRESS=full)")
def test_watch_on_a_real_one_second_file_system(ext2: Path) -> None:
    """Figures, reported, not gated: boxes ticked in place in bursts (same size, many in the
    same second) while `watch` writes the note again after each burst, as its conversation
    changes."""
    root = ext2 / "vault"
    edits = 300
    slots = "".join(f"- [ ] todo {n:04d}\n" for n in range(edits))
    for path, text in {
        PERSON: person() + slots,
        CALL: conversation("2026-01-05", "Ada Lovelace"),
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    with watching(root, quiet=0.05, debounce_ms=5) as session:
        for n in range(edits):
            slot = f"- [ ] todo {n:04d}".encode()
            offset = (root / PERSON).read_bytes().index(slot)  # the block comes after
            fd = os.open(root / PERSON, os.O_WRONLY)
            try:
                os.pwrite(fd, b"- [x]", offset)  # as an editor ticks a box
            finally:
                os.close(fd)
            time.sleep(0.01)
            if n % 5 == 4:  # after a burst, the conversation changes: the note is written again
                body = "x" * (n // 5 % 3 + 1)
                day = f"2026-01-{n // 5 % 28 + 1:02d}"
                (root / CALL).write_text(conversation(day, "Ada Lovelace", body=body))
                time.sleep(0.15)
        time.sleep(1.5)
        rewrites = session.wrote(PERSON)
    note = (root / PERSON).read_text()
    journal = Journal(root)
    kept = [journal.read(e).decode() for e in journal.entries(PERSON)]
    kept += [p.read_text() for p in (root / "people").glob("* (vaultrel recovered *")]
    ticked = [f"- [x] todo {n:04d}" for n in range(edits)]
    lost_from_note = sum(t not in note for t in ticked)
    lost_everywhere = sum(t not in note and not any(t in k for k in kept) for t in ticked)
    record(
        "coarse_timestamps_ext2_watch",
        edits=edits,
        lost_from_note=lost_from_note,
        lost_everywhere=lost_everywhere,
        rewrites=rewrites,
    )
    assert note.count("<!-- vaultrel:begin -->") == 1
