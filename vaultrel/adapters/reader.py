"""Reading notes from disk and parsing them, on every core when there are many."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vaultrel.adapters import fs
from vaultrel.adapters.cores import map_on_cores
from vaultrel.core.codec import decode_note, encode_note
from vaultrel.core.model import Layout, Note
from vaultrel.core.notes import kind_of, parse_note
from vaultrel.core.text import NoteText, decode
from vaultrel.errors import NoteError, note_error

PARALLEL_FROM = 1500  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class ReadNote:
    """One note as read: its parse result and stat, and its text when read in this process (a
    worker's reads send no text back); the SHA-256 of its bytes when asked for (a racy signature
    is checked by it, RELIABILITY R2). A note that could not be decoded carries its problem and
    the stat of the bytes that were read; one that could not be read at all has no stat."""

    path: str
    note: Note
    text: NoteText | None
    stat: fs.Signature | None
    digest: str | None = None


def read_bytes(root: Path, path: str) -> tuple[bytes, os.stat_result]:
    """A note's bytes and stat, never following a link out of the vault (R0, B35, B37)."""
    try:
        return fs.read_file(os.path.join(root, path))  # not a Path: 2 us a note
    except IsADirectoryError:
        raise note_error("E_NOT_REGULAR", "not a regular file", "remove or rename it") from None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise note_error("E_IO", f"cannot read: {exc.strerror}", "check the file") from None
    try:
        target = (root / path).resolve(strict=True)
    except (OSError, RuntimeError):
        raise note_error("E_SYMLINK_LOOP", "symbolic link loop", "remove the link") from None
    if not target.is_relative_to(root):
        raise note_error(
            "E_SYMLINK_OUTSIDE",
            "note is a link to a file outside the vault",
            "move the file into the vault",
        )
    return fs.read_file(str(target))


def read_note(root: Path, path: str, layout: Layout, hash_from: int = 0) -> ReadNote:
    """Read and parse one note; its bytes are hashed if its mtime is `hash_from` or later."""
    stat = None
    try:
        data, st = read_bytes(root, path)
        stat = fs.Signature.of(st)
        text = decode(data)
    except NoteError as exc:
        # the problem travels with the note (and so into the store): it is reported by every
        # run until the file changes, never only by the run that read it
        problem = exc.problem.at(path)
        unreadable = Note(path, kind_of(path, {}, layout), problems=(problem,), writable=False)
        return ReadNote(path, unreadable, None, stat)
    digest = hashlib.sha256(data).hexdigest() if st.st_mtime_ns >= hash_from else None
    return ReadNote(path, parse_note(path, text, layout), text, stat, digest)


def read_notes(
    root: Path,
    paths: list[str],
    layout: Layout,
    progress: Callable[[int], None],
    hash_from: int = 0,
) -> Iterator[ReadNote]:
    """Read and parse `paths`, on every core when there are many; `progress` is told how many
    are done. Notes read by a worker come without their text (it is re-read to write)."""
    return map_on_cores(
        paths,
        lambda path: read_note(root, path, layout, hash_from),
        lambda path: _pack(read_note(root, path, layout, hash_from)),
        _unpack,
        PARALLEL_FROM,
        progress,
    )


def _pack(read: ReadNote) -> tuple[Any, ...]:
    return (
        read.path,
        encode_note(read.note),
        None,  # the text stays behind: the parent reads it again only to write the note
        tuple(read.stat) if read.stat else None,
        read.digest,
    )


def _unpack(item: tuple[Any, ...]) -> ReadNote:
    path, note, text, stat, digest = item
    return ReadNote(
        path,
        decode_note(path, note),
        NoteText(*text) if text else None,
        fs.Signature(*stat) if stat else None,
        digest,
    )
