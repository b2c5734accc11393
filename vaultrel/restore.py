"""`vaultrel restore`: bring back a version of a note from before one of vaultrel's writes (the
last one, unless another is picked).

The versions come from the pre-image journal (RELIABILITY R5, I7). Restoring is itself a safe
write through the writer, and the version it replaces is journaled too: restoring again undoes
a restore.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.journal import Entry, Journal
from vaultrel.adapters.lock import VaultLock
from vaultrel.adapters.reader import read_bytes
from vaultrel.adapters.writer import Write, Writer, check_path
from vaultrel.errors import NoteError, Problem, UsageError


@dataclass(frozen=True, slots=True)
class Restored:
    """What `restore_note` did: the entry it brought back, or None when the note already
    held those bytes; `problems` when the write failed."""

    path: str
    entry: Entry
    written: bool
    problems: tuple[Problem, ...] = ()


def note_path(root: Path, given: str) -> str:
    """The vault-relative path of a note named on the command line: vault-relative, or an
    absolute path inside the vault. UsageError (exit 2) for anything else (B34)."""
    path = given
    if os.path.isabs(given) and not re.match(r"[A-Za-z]:|\\\\", given):
        absolute = Path(os.path.abspath(given))
        if not absolute.is_relative_to(root):
            raise _usage(given, "E_PATH_ABSOLUTE", "path is outside the vault")
        path = absolute.relative_to(root).as_posix()
    try:
        check_path(path)
    except NoteError as exc:
        raise UsageError(exc.problem.at(given)) from None
    return path


def history(root: Path, path: str) -> list[Entry]:
    """The journaled versions of the note at `path`, newest first."""
    return Journal(root).entries(path)


def pick(entries: list[Entry], version: int = 1, at: dt.datetime | None = None) -> Entry:
    """The version numbered `version` (1: the newest, as `--list` numbers them), or, given
    `at`, the note as it was at that moment: the version kept by the first write at or after
    it. NoteError when there is no such version."""
    if not entries:
        raise _refused("", "E_NO_HISTORY", "vaultrel has no earlier version of this note")
    if at is not None:
        since = [e for e in entries if dt.datetime.fromisoformat(e.time) >= at]
        if not since:
            when = at.isoformat(timespec="seconds")
            raise _refused("", "E_NO_HISTORY", f"vaultrel has not written this note since {when}")
        return since[-1]
    if not 1 <= version <= len(entries):
        raise _refused("", "E_NO_HISTORY", f"there is no version {version}, only 1-{len(entries)}")
    return entries[version - 1]


def restore_note(
    root: Path, path: str, version: int = 1, at: dt.datetime | None = None
) -> Restored:
    """Put back a journaled version of `path` (see `pick`; the newest by default), journaling
    the one it replaces. Takes the vault's lock (E_LOCKED while another vaultrel writes)."""
    try:
        entry = pick(history(root, path), version, at)
    except NoteError as exc:
        raise NoteError(exc.problem.at(path)) from None
    try:
        data = Journal(root).read(entry)
    except (OSError, ValueError) as exc:
        raise _refused(path, "E_JOURNAL", f"its journaled version cannot be read: {exc}") from None
    with VaultLock(root, "restore").held():
        write = _write_for(root, path, data)
        if write is None:
            return Restored(path, entry, written=False)
        writer = Writer(root, Journal(root, "restore"))
        writer.write([write])
        return Restored(path, entry, path in writer.written, tuple(writer.problems))


def _write_for(root: Path, path: str, data: bytes) -> Write | None:
    """The write that puts `data` at `path` (a create if the note is gone); None if the note
    already holds exactly `data`."""
    try:
        current, st = read_bytes(root, path)
    except NoteError as exc:
        if not (root / path).exists() and not os.path.islink(root / path):
            return Write(path, data, None)
        raise UsageError(exc.problem.at(path)) from None
    if current == data:
        return None
    return Write(path, data, fs.Signature.of(st), current)


def _usage(path: str, code: str, message: str) -> UsageError:
    return UsageError(Problem(path, None, code, message, "give the note's path in the vault"))


def _refused(path: str, code: str, message: str) -> NoteError:
    return NoteError(
        Problem(path, None, code, message, "`vaultrel restore --list PATH` lists its versions")
    )
