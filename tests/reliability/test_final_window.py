"""RELIABILITY R7-R10, the final window: an editor acts between the last compare-and-swap check
(R7) and the rename (R8). A hook on the I/O seam runs the editor exactly there, every time.

On Linux R8 exchanges the temp file with the note (`renameat2(RENAME_EXCHANGE)`) and looks at
what came out, so every case ends with the user's text in the note or beside it, and a note
deleted or renamed away stays so. Where there is no exchange (other systems, some file
systems) R8 is a rename; the figures show what that fallback can and cannot catch.
"""

from __future__ import annotations

import errno
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeVault
from tests.reliability.report import FULL, record
from tests.test_watch import conversation, watching
from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal
from vaultrel.engine import index_vault

PERSON = "people/Ada Lovelace.md"
NAME = "Ada Lovelace.md"
VAULT = {
    PERSON: "---\ntype: person\n---\nAda.\n",
    "conversations/2026-01-05 call.md": '---\ndate: 2026-01-05\nwith: ["[[Ada Lovelace]]"]\n---\n',
}
SAVED = "---\ntype: person\n---\nAda, as the editor saved her, with a new line.\n"
RESAVED = "---\ntype: person\n---\nAda, saved again by rename.\n"
APPENDED = "A line appended right after the exchange.\n"


class Editor:
    """What the user's editor does in the window (`now`), right after R8 (`after_rename`) and
    once vaultrel is done (`later`); `saved` is the user's newest whole save, `also` what else
    the user wrote (each must end up in the note or beside it)."""

    saved, also = SAVED, ()

    def __init__(self, root: Path) -> None:
        self.note = root / PERSON
        self.fd: int | None = None

    def now(self) -> None: ...

    def after_rename(self) -> None: ...

    def later(self) -> None: ...

    def truncate(self) -> None:  # an editor's open(O_TRUNC), before its write
        self.fd = os.open(self.note, os.O_WRONLY | os.O_TRUNC)

    def write(self) -> None:
        assert self.fd is not None
        os.write(self.fd, SAVED.encode())
        os.close(self.fd)


class TruncateThenWriteLater(Editor):
    now, later = Editor.truncate, Editor.write


class TruncateThenWriteAtOnce(Editor):
    now, after_rename = Editor.truncate, Editor.write


class RenameSave(Editor):
    def now(self) -> None:
        (self.note.parent / ".Ada.swp").write_text(SAVED)
        os.rename(self.note.parent / ".Ada.swp", self.note)


class WriteThenAppend(Editor):
    """In place in the window, then an append to the path, which the exchange has just given
    vaultrel's file."""

    also = (APPENDED,)

    def now(self) -> None:
        self.note.write_text(SAVED)

    def after_rename(self) -> None:
        with open(self.note, "a") as editor:
            editor.write(APPENDED)


class WriteThenRenameSave(Editor):
    """In place in the window, then a save by rename right after the exchange."""

    saved, also = RESAVED, (SAVED,)

    def now(self) -> None:
        self.note.write_text(SAVED)

    def after_rename(self) -> None:
        (self.note.parent / ".Ada.swp").write_text(RESAVED)
        os.rename(self.note.parent / ".Ada.swp", self.note)


class Delete(Editor):
    def now(self) -> None:
        self.note.unlink()


class RenameAway(Editor):
    def now(self) -> None:
        self.note.rename(self.note.with_name("Ada King.md"))


CASES: dict[str, type[Editor]] = {
    "truncate_then_write_later": TruncateThenWriteLater,
    "truncate_then_write_at_once": TruncateThenWriteAtOnce,
    "rename_save": RenameSave,
    "write_then_append": WriteThenAppend,
    "write_then_rename_save": WriteThenRenameSave,
    "delete": Delete,
    "rename_away": RenameAway,
}


def in_window(editor: Editor, real: Callable[..., None]) -> Callable[..., None]:
    """R8 for the note (not the journal's files), with the editor acting just before it."""

    def rename(src: str, dst: str, dir_fd: int) -> None:
        if dst != NAME:
            return real(src, dst, dir_fd)
        editor.now()
        editor.now = lambda: None  # type: ignore[method-assign]
        real(src, dst, dir_fd)
        editor.after_rename()
        editor.after_rename = lambda: None  # type: ignore[method-assign]
        return None

    return rename


def no_exchange(*args: Any) -> None:
    raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))


def outcome(root: Path, case: str, editor: Editor) -> str:
    """kept (the user's newest save in the note, anything else the user wrote in the note or
    beside it; or the note gone as the user left it), beside (the newest save only in a
    recovered file), emptied, resurrected or lost."""
    note = root / PERSON
    if case in ("delete", "rename_away"):
        return "resurrected" if note.exists() else "kept"
    text = note.read_text()
    if not text:
        return "emptied"
    beside = [p.read_text() for p in root.glob("people/Ada Lovelace (vaultrel recovered *).md")]
    if not all(any(t in f for f in (text, *beside)) for t in (editor.saved, *editor.also)):
        return "lost"
    return "kept" if editor.saved in text else "beside"


def run_case(root: Path, case: str, exchange: bool) -> tuple[str, list[str]]:
    editor = CASES[case](root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fs, "replace", in_window(editor, fs.replace))
        patch.setattr(fs, "exchange", in_window(editor, fs.exchange) if exchange else no_exchange)
        result = index_vault(root)
    editor.later()
    return outcome(root, case, editor), [p.code for p in result.problems]


def can_exchange(folder: Path) -> bool:
    (folder / "a").write_text("a")
    (folder / "b").write_text("b")
    fd = os.open(folder, os.O_RDONLY)
    try:
        fs.exchange("a", "b", fd)
    except OSError:
        return False
    finally:
        os.close(fd)
    return (folder / "a").read_text() == "b"


@pytest.mark.parametrize("mode", ["exchange", "rename"])
def test_saves_in_the_final_window(make_vault: MakeVault, tmp_path: Path, mode: str) -> None:
    if mode == "exchange" and not can_exchange(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here (Linux with glibc 2.28+ only)")
    outcomes, codes = {}, {}
    for case in CASES:
        root = make_vault(VAULT)
        outcomes[case], codes[case] = run_case(root, case, mode == "exchange")
        (root.parent / f"{case}-{mode}").mkdir()
        root.rename(root.parent / f"{case}-{mode}" / "vault")  # make_vault's next vault
    counts = Counter(outcomes.values())
    record(
        f"final_window_{mode}",
        cases=len(CASES),
        **{k: counts[k] for k in ("kept", "beside", "lost", "emptied", "resurrected")},
        **{case: result for case, result in outcomes.items()},
    )
    assert counts["emptied"] == 0, outcomes  # never 0 bytes over the note
    assert outcomes["rename_away"] == "kept" and outcomes["truncate_then_write_at_once"] == "kept"
    if mode == "exchange":
        assert set(outcomes.values()) == {"kept"}, outcomes
        # a write that would be lost is kept beside the note and said so
        assert all(
            sorted(c) == (["E_CHANGED", "W_RECOVERED"] if CASES[case].also else ["E_CHANGED"])
            for case, c in codes.items()
        ), codes


@pytest.mark.skipif(not FULL, reason="long profile only (VAULTREL_STRESS=full)")
@pytest.mark.parametrize("style", ["truncate_write", "rename_save"])
def test_editor_saves_race_the_watcher(make_vault: MakeVault, style: str) -> None:
    """Figures, reported, not gated: an editor saves the whole note every 2-40 ms (read it, add
    a line, save by truncate-and-write or by rename) with a quiet period of 0, while `watch`
    keeps rewriting the note's block as its conversation changes. A line counts as
    lost everywhere if it is in neither the note, a recovered file, nor the journal."""
    call = "conversations/2026-01-05 call.md"
    root = make_vault({PERSON: VAULT[PERSON], call: conversation("2026-01-05", "Ada Lovelace")})
    note, saves = root / PERSON, 1000
    stop, pauses = threading.Event(), random.Random(7)

    def conversations() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            body = "x" * (n % 3 + 1)
            (root / call).write_text(conversation("2026-01-05", "Ada Lovelace", body=body))
            time.sleep(0.02)

    with watching(root, quiet=0, debounce_ms=5) as session:
        changer = threading.Thread(target=conversations)
        changer.start()
        try:
            for n in range(saves):
                text = note.read_text() + f"line {n}\n"
                if style == "truncate_write":
                    with open(note, "w") as editor:
                        editor.write(text)
                else:
                    (root / "people/.Ada.swp").write_text(text)
                    os.rename(root / "people/.Ada.swp", note)
                time.sleep(pauses.uniform(0.002, 0.04))  # sometimes long enough to be written
        finally:
            stop.set()
            changer.join()
        time.sleep(1.0)
        rewrites = session.wrote(PERSON)
    text = note.read_text()
    journal = Journal(root)
    kept = [journal.read(e).decode() for e in journal.entries(PERSON)]
    recovered = list((root / "people").glob("Ada Lovelace (vaultrel recovered *).md"))
    kept += [p.read_text() for p in recovered]
    lines = [f"line {n}\n" for n in range(saves)]
    lost_from_note = sum(line not in text for line in lines)
    lost_everywhere = sum(line not in text and not any(line in k for k in kept) for line in lines)
    record(
        f"final_window_race_{style}",
        saves=saves,
        lost_from_note=lost_from_note,
        lost_everywhere=lost_everywhere,
        sidecars=len(recovered),
        rewrites=rewrites,
    )
    assert text.count("<!-- vaultrel:begin -->") <= 1
