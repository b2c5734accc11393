"""The pre-image journal (RELIABILITY R5, I7): before vaultrel replaces a note, the bytes it
read are kept in `.vaultrel/journal/`, for `vaultrel restore`. Retention is bounded.

Each batch of writes gets a folder `<utc>-<random>/` holding `pre-images` (the distinct
pre-images, one after another: one file, so a first index of thousands of notes costs one
write) and `manifest.json` (path, SHA-256, size, offset and mtime of each, the time, the
command and vaultrel's version). Both are written by temp file, fsync and rename, the manifest
last: a folder without one is what an interrupted batch left, in which no note was
replaced yet, and pruning removes it once a minute old (the holder of the vault's lock
prunes between batches; `mv` journals without the lock, so a batch of the last minute may
still be being recorded). Restoring checks the pre-image against its hash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters import fs, state
from vaultrel.adapters.state import STATE_DIR
from vaultrel.adapters.vault import sweep_temps

JOURNAL_DIR = "journal"
MANIFEST = "manifest.json"
PACK = "pre-images"
KEEP_DAYS = 30
KEEP_BYTES = 200 * 1024 * 1024
PRUNE_EVERY_S = 3600  # a long-running watcher prunes at most this often
RECORDING_S = 60  # an unfinished batch younger than this may still be being recorded
_STAMP = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True, slots=True)
class PreImage:
    """The bytes of a note as read, with the signature they were read under."""

    path: str
    data: bytes
    signature: fs.Signature


@dataclass(frozen=True, slots=True)
class Entry:
    """One kept pre-image, as the manifest lists it."""

    batch: str
    path: str
    sha256: str
    size: int
    mtime_ns: int
    time: str  # UTC, ISO 8601
    command: str
    offset: int = 0  # in the batch's pre-images file


@dataclass
class Journal:
    """The journal of one vault; `command` names the writer in each manifest."""

    root: Path
    command: str = "index"
    keep_days: float = KEEP_DAYS
    keep_bytes: int = KEEP_BYTES
    pruned_at: float | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.root / STATE_DIR / JOURNAL_DIR

    def record(self, images: Sequence[PreImage], flush: bool = True) -> None:
        """Keep `images` as one batch. Raises OSError when they cannot all be kept: then no
        note may be replaced. Without `flush`, the caller flushes the file system before
        replacing any note (one syncfs for a large batch, R11)."""
        now = dt.datetime.now(dt.UTC)
        batch = f"{now.strftime(_STAMP)}-{os.urandom(3).hex()}"
        try:
            self._record(batch, now, images, flush)
        except BaseException:
            shutil.rmtree(self.path / batch, ignore_errors=True)
            raise
        if self.pruned_at is None or time.monotonic() - self.pruned_at > PRUNE_EVERY_S:
            self.prune(keep=batch)

    def _record(
        self, batch: str, now: dt.datetime, images: Sequence[PreImage], flush: bool
    ) -> None:
        with self._folder(batch) as (journal_fd, batch_fd):
            entries, offsets, pack = [], {}, []
            size = 0
            for image in images:
                digest = hashlib.sha256(image.data).hexdigest()
                if digest not in offsets:
                    offsets[digest] = size
                    pack.append(image.data)
                    size += len(image.data)
                entry = Entry(
                    batch,
                    image.path,
                    digest,
                    len(image.data),
                    image.signature.mtime_ns,
                    now.isoformat(timespec="seconds"),
                    self.command,
                    offsets[digest],
                )
                entries.append(entry)
            fs.replace_at(batch_fd, PACK, b"".join(pack), flush=flush)
            _write_manifest(batch_fd, entries, now, self.command, flush)
            if flush:
                fs.fsync(batch_fd)
                fs.fsync(journal_fd)

    @contextlib.contextmanager
    def _folder(self, batch: str) -> Iterator[tuple[int, int]]:
        """Open (making them as needed, never following a link) .vaultrel/journal/<batch>/."""
        opened = [state.open_state(self.root, JOURNAL_DIR, create=True)]  # a link: UsageError
        try:
            fs.mkdir(batch, opened[0])
            opened.append(fs.open_dir(batch, opened[0]))
            yield opened[0], opened[1]
        finally:
            for fd in opened:
                with contextlib.suppress(OSError):  # the descriptor is released even then
                    fs.close(fd)

    # restore ------------------------------------------------------------------------------

    def entries(self, path: str | None = None) -> list[Entry]:
        """The kept pre-images (of `path` only, if given), newest first."""
        found = []
        for batch in self._batches():
            try:
                manifest = json.loads((self.path / batch / MANIFEST).read_bytes())
                for item in manifest["entries"]:
                    if path is None or item["path"] == path:
                        found.append(
                            Entry(
                                batch,
                                str(item["path"]),
                                str(item["sha256"]),
                                int(item["size"]),
                                int(item["mtime_ns"]),
                                str(manifest["time"]),
                                str(manifest["command"]),
                                int(item["offset"]),
                            )
                        )
            except (OSError, ValueError, KeyError, TypeError):
                continue  # an interrupted batch, or one damaged by hand: nothing to restore
        return sorted(found, key=lambda e: e.batch, reverse=True)

    def read(self, entry: Entry) -> bytes:
        """The pre-image's bytes; ValueError if they no longer match their hash."""
        data, _ = fs.read_file(str(self.path / entry.batch / PACK))
        data = data[entry.offset : entry.offset + entry.size]
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise ValueError(f"the journal's copy of {entry.path} in {entry.batch} is damaged")
        return data

    # retention ----------------------------------------------------------------------------

    def prune(self, keep: str | None = None) -> None:
        """Remove batches older than `keep_days`, then the oldest while the journal holds more
        than `keep_bytes`, and interrupted batches; the batch `keep` always stays."""
        self.pruned_at = time.monotonic()
        now = dt.datetime.now(dt.UTC)
        total = 0
        for batch in sorted(self._batches(), reverse=True):
            if batch == keep:
                total += _size(self.path / batch)
                continue
            age = (now - _batch_time(batch)).total_seconds()
            finished = (self.path / batch / MANIFEST).is_file()
            size = _size(self.path / batch)
            interrupted = not finished and age > RECORDING_S
            if interrupted or age > self.keep_days * 86400 or total + size > self.keep_bytes:
                shutil.rmtree(self.path / batch, ignore_errors=True)
            elif not finished:  # maybe being recorded: `mv` journals without the lock
                _sweep_temps(self.path / batch)  # but a temp file this old is a kill's leftover
                continue
            else:
                total += size

    def _batches(self) -> list[str]:
        """The batch folders (a link among them is never followed: not a batch)."""
        try:
            fd = state.open_state(self.root, JOURNAL_DIR)  # a link on the way: UsageError
        except OSError:
            return []
        try:
            with os.scandir(fd) as entries:
                return [
                    e.name for e in entries if e.is_dir(follow_symlinks=False) and _is_batch(e.name)
                ]
        finally:
            fs.close(fd)


def _sweep_temps(batch: Path) -> None:
    """The temp files a killed write left in a batch still being recorded: only ours, only old
    ones (R11), as the sweep of the vault's own folders does."""
    with contextlib.suppress(OSError):
        names = [name for name in os.listdir(batch) if fs.is_temp(name)]
        sweep_temps(batch, names)


def _is_batch(name: str) -> bool:
    try:
        _batch_time(name)
    except ValueError:
        return False
    return True


def _batch_time(name: str) -> dt.datetime:
    return dt.datetime.strptime(name.split("-", 1)[0], _STAMP).replace(tzinfo=dt.UTC)


def _size(folder: Path) -> int:
    with contextlib.suppress(OSError):
        return sum(entry.stat(follow_symlinks=False).st_size for entry in os.scandir(folder))
    return 0


def _write_manifest(
    dir_fd: int, entries: list[Entry], now: dt.datetime, command: str, flush: bool
) -> None:
    from vaultrel.version import __version__

    manifest = {
        "time": now.isoformat(timespec="seconds"),
        "command": command,
        "vaultrel": __version__,
        "entries": [
            {
                "path": e.path,
                "sha256": e.sha256,
                "size": e.size,
                "offset": e.offset,
                "mtime_ns": e.mtime_ns,
            }
            for e in entries
        ],
    }
    fs.replace_at(dir_fd, MANIFEST, json.dumps(manifest, indent=1).encode(), flush=flush)
