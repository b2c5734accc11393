"""The index store: `.vaultrel/index.sqlite`, a cache of each note's parse result by file stat.

A cache only: a missing, corrupt or outdated store is rebuilt silently, and deleting
`.vaultrel/` loses nothing. Notes are stored as plain tuples (marshal), never pickles, so a
store that arrives through a sync tool cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import marshal
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from vaultrel.adapters import state
from vaultrel.adapters.fs import StatKey
from vaultrel.adapters.state import STATE_DIR
from vaultrel.core.codec import decode_note, decode_problem, encode_note, encode_problem
from vaultrel.core.model import Note
from vaultrel.errors import Problem

SCHEMA_VERSION = 6
DB_NAME = "index.sqlite"


def fingerprint(*parts: object) -> str:
    """What the cached results depend on besides the notes: schema, Python, settings."""
    text = repr((SCHEMA_VERSION, sys.version_info[:2], *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


Summary = tuple[int, int, int, list[Problem]]  # notes, people, conversations, problems


def clean_meta(digest: str, summary: Summary) -> dict[str, bytes]:
    """The meta entries saying that a run left the vault (in the state `digest` names) up to
    date, with its summary: what answers the next run if nothing changed."""
    notes, people, conversations, problems = summary
    found = tuple((p.path, encode_problem(p)) for p in problems)
    return {
        "summary": marshal.dumps((notes, people, conversations, found)),
        "clean": digest.encode(),
    }


def clean_summary(meta: Mapping[str, bytes], digest: Callable[[], str]) -> Summary | None:
    """The summary of the last run, if it left the vault up to date and the vault is still in
    the state `digest()` names; else None (the digest, 8 ms at 11k notes, is not made when
    the store holds no summary)."""
    clean = meta.get("clean")
    if clean is None or clean != digest().encode():
        return None
    notes, people, conversations, found = marshal.loads(meta["summary"])
    return notes, people, conversations, [decode_problem(path, data) for path, data in found]


class Store:
    """Cached notes by vault path; `get` answers only when the file's stat is unchanged."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root
        self.path = root / STATE_DIR / DB_NAME
        self.fingerprint = fingerprint
        self._recorded: dict[str, StatKey] = {}
        self.meta: dict[str, bytes] = self._query_meta()

    def _query_meta(self) -> dict[str, bytes]:
        if not state.has_file(self.root, DB_NAME):  # a link on the way: UsageError
            return {}
        try:
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                meta = dict(db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError:
            return {}
        return meta if meta.get("fingerprint") == self.fingerprint.encode() else {}

    def recall(self, wanted: Mapping[str, StatKey]) -> dict[str, Note]:
        """The stored notes whose file stat is still the one in `wanted`, decoded as the
        rows stream by (a large vault's rows are never all held); the recorded stats of
        the others are kept for `recorded`."""
        found: dict[str, Note] = {}
        self._recorded = {}
        if not self.meta:
            return found
        try:
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                for path, size, mtime, ino, ctime, blob in db.execute("SELECT * FROM notes"):
                    key = (size, mtime, ino, ctime)
                    if wanted.get(path) == key:
                        with contextlib.suppress(ValueError, TypeError, EOFError, IndexError):
                            found[path] = decode_note(path, marshal.loads(blob))
                            continue
                    self._recorded[path] = key
        except sqlite3.DatabaseError:
            found, self._recorded = {}, {}
        return found

    def recorded(self, path: str) -> StatKey | None:
        """The stat a note not recalled had when it was last stored (None: unknown, or too
        recent to be trusted)."""
        key = self._recorded.get(path)
        return key if key is not None and key[0] >= 0 else None

    def recorded_size(self, path: str) -> int | None:
        """The size a note not recalled had when it was last stored (None: unknown)."""
        key = self.recorded(path)
        return key[0] if key else None

    def save(
        self,
        notes: Iterable[tuple[str, StatKey, Note]],
        meta: dict[str, bytes],
        keep: Iterable[str] = (),
    ) -> None:
        """Replace the store's content with these notes and meta entries; the rows of the
        paths in `keep` stay as they were."""
        kept = self._rows_of(set(keep))
        rows = itertools.chain(  # a generator: the blobs of a large vault are never all held
            ((path, *key, marshal.dumps(encode_note(note))) for path, key, note in notes),
            kept,
        )
        temp = DB_NAME + ".new"
        dir_fd = state.open_state(self.root, create=True)  # a link on the way: UsageError
        try:
            with contextlib.suppress(FileNotFoundError):  # never written through: a link too
                os.unlink(temp, dir_fd=dir_fd)
            self._write(self.path.with_name(temp), rows, meta)
            os.replace(temp, DB_NAME, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        finally:
            os.close(dir_fd)

    def _write(self, temp: Path, rows: Iterable[tuple[Any, ...]], meta: dict[str, bytes]) -> None:
        with contextlib.closing(sqlite3.connect(temp)) as db:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
            db.execute(
                "CREATE TABLE notes (path TEXT PRIMARY KEY, size INT, mtime_ns INT, ino INT,"
                " ctime_ns INT, note BLOB)"
            )
            db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)", rows)
            entries = {**meta, "fingerprint": self.fingerprint.encode()}
            db.executemany("INSERT INTO meta VALUES (?, ?)", entries.items())
            db.commit()

    def _rows_of(self, paths: set[str]) -> list[tuple[Any, ...]]:
        """The stored rows of these paths, as they are."""
        if not paths or not self.meta:
            return []
        try:
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                select = "SELECT * FROM notes WHERE path = ?"
                return [row for path in sorted(paths) for row in db.execute(select, (path,))]
        except sqlite3.DatabaseError:
            return []
