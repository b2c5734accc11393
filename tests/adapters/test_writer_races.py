"""RELIABILITY §d.4, the deterministic races: an editor writes at the worst moment of a write.

Hooks on the I/O seam (`vaultrel.adapters.fs`) run the "editor" between two steps of the
recipe; every edit must end up in the note, or in a recovered file beside it with a warning.
"""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

from tests.conftest import MakeVault
from vaultrel.adapters import fs
from vaultrel.engine import index_vault

PERSON = "people/Ada Lovelace.md"
NAME = "Ada Lovelace.md"
VAULT = {
    PERSON: "---\ntype: person\n---\nAda.\n",
    "conversations/2026-01-05 call.md": '---\ndate: 2026-01-05\nwith: ["[[Ada Lovelace]]"]\n---\n',
}
EDIT = "a line typed at the worst moment\n"


def no_exchange(a: str, b: str, dir_fd: int) -> None:
    """A file system without `renameat2(RENAME_EXCHANGE)`: R8 is a plain rename."""
    raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))


def test_external_append_survives_update(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the read (R2) and the compare-and-swap (R7) the note grows: not replaced."""
    root = make_vault(VAULT)
    real = fs.create_temp

    def append_first(dir_fd: int, mode: int = 0o600) -> tuple[str, int]:
        with open(root / PERSON, "a") as editor:
            editor.write(EDIT)
        return real(dir_fd, mode)

    monkeypatch.setattr(fs, "create_temp", append_first)
    result = index_vault(root)
    assert [p.code for p in result.problems] == ["E_CHANGED"]
    assert (root / PERSON).read_text().endswith(EDIT)
    monkeypatch.setattr(fs, "create_temp", real)
    index_vault(root)
    text = (root / PERSON).read_text()
    assert EDIT in text and "last_spoke: 2026-01-05" in text


def test_late_write_on_orphan_recovered(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor holding the note open writes into it just after the rename (R8): the
    replaced inode changed, so its bytes are put back (R10) and the next run updates them."""
    root = make_vault(VAULT)
    monkeypatch.setattr(fs, "exchange", no_exchange)
    editor = os.open(root / PERSON, os.O_WRONLY | os.O_APPEND)
    real = fs.replace

    def replace_then_late_write(src: str, dst: str, dir_fd: int) -> None:
        real(src, dst, dir_fd)
        if dst == NAME:  # not the journal's files
            os.write(editor, EDIT.encode())  # into the old inode, now orphaned

    monkeypatch.setattr(fs, "replace", replace_then_late_write)
    try:
        result = index_vault(root)
    finally:
        os.close(editor)
    monkeypatch.setattr(fs, "replace", real)
    assert [p.code for p in result.problems] == ["W_EDITED_DURING_WRITE"]
    assert result.written == []
    assert (root / PERSON).read_text() == VAULT[PERSON] + EDIT
    index_vault(root)
    text = (root / PERSON).read_text()
    assert EDIT in text and "last_spoke: 2026-01-05" in text


def test_late_write_when_the_note_moved_on_is_kept_aside(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both sides moved: the orphan's bytes go to a recovered file, never a guessed merge."""
    root = make_vault(VAULT)
    monkeypatch.setattr(fs, "exchange", no_exchange)
    editor = os.open(root / PERSON, os.O_WRONLY | os.O_APPEND)
    real = fs.replace

    def replace_then_two_writers(src: str, dst: str, dir_fd: int) -> None:
        real(src, dst, dir_fd)
        if dst != NAME:
            return
        os.write(editor, EDIT.encode())
        (root / "other.tmp").write_text("---\ntype: person\n---\nrewritten by a sync tool\n")
        os.rename(root / "other.tmp", root / PERSON)

    monkeypatch.setattr(fs, "replace", replace_then_two_writers)
    try:
        result = index_vault(root)
    finally:
        os.close(editor)
    codes = [p.code for p in result.problems]
    assert codes == ["W_RECOVERED"]
    recovered = list((root / "people").glob("Ada Lovelace (vaultrel recovered *).md"))
    assert len(recovered) == 1
    assert recovered[0].read_text() == VAULT[PERSON] + EDIT
    assert "rewritten by a sync tool" in (root / PERSON).read_text()


def test_no_file_descriptor_outlives_a_write(make_vault: MakeVault) -> None:
    root = make_vault(VAULT)
    before = set(os.listdir("/proc/self/fd"))
    index_vault(root)
    assert set(os.listdir("/proc/self/fd")) <= before


def test_a_large_batch_deletes_every_version_it_replaced(make_vault: MakeVault) -> None:
    """The versions taken out of the notes of a batch large enough to delete them on several
    threads are all gone, and every note is written."""
    people = {f"people/P{i}.md": f"---\ntype: person\n---\nP{i}.\n" for i in range(40)}
    root = make_vault(people)
    before = set(os.listdir("/proc/self/fd"))
    result = index_vault(root)
    assert sorted(result.written) == sorted(people)
    assert not [path for path in root.rglob("*") if fs.is_temp(path.name)]
    assert all("vaultrel:begin" in (root / path).read_text() for path in people)
    assert set(os.listdir("/proc/self/fd")) <= before


def test_a_batch_interrupted_between_commits_leaves_no_replaced_version(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between two commits of a large batch: the versions the committed notes replaced
    are deleted all the same (only the staged temp files of the notes not committed stay, for
    the sweep)."""
    from vaultrel.adapters import writer

    people = {f"people/P{i}.md": f"---\ntype: person\n---\nP{i}.\n" for i in range(40)}
    root = make_vault(people)
    index_vault(root)
    for i, path in enumerate(people):  # every note needs its block again
        (root / path).write_text(f"---\ntype: person\ncadence: 1w\n---\nP{i} again.\n")
        os.utime(root / path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    real, commits = writer.Writer._commit, [0]

    def commit(self: writer.Writer, staged: Any) -> bool:
        commits[0] += 1
        if commits[0] == 30:
            raise KeyboardInterrupt
        return real(self, staged)

    monkeypatch.setattr(writer.Writer, "_commit", commit)
    with pytest.raises(KeyboardInterrupt):
        index_vault(root)
    left = [path for path in root.rglob("*") if fs.is_temp(path.name)]
    assert len(left) == 40 - 29  # the staged notes not committed: the sweep's
