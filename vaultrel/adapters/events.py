"""File events (watchdog) as vault-relative changes: what `vaultrel watch` is told to look at.

Events only say where to look; watch re-reads those paths. When the system refuses more
watches (inotify ENOSPC/EMFILE) the vault is polled instead, and said so once (DESIGN §6).
"""

from __future__ import annotations

import errno
import os
import queue
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

STRUCTURE = frozenset({"created", "deleted", "moved"})
_CHANGES = STRUCTURE | {"modified", "closed"}  # not "opened" or "closed_no_write": reads


@dataclass(frozen=True, slots=True)
class Change:
    """One path an event names: `kind` is created, deleted, moved (both ends of a move),
    modified or closed; `folder` when the path is a folder."""

    kind: str
    path: str  # vault-relative, with `/`
    folder: bool


class _Queue(FileSystemEventHandler):
    """Hands every file event to the watching thread."""

    def __init__(self, events: queue.Queue[FileSystemEvent]) -> None:
        self.events = events

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.events.put(event)


class FileEvents:
    """The events under one folder, recursively, until `stop`."""

    def __init__(self, root: Path, poll: bool, log: Callable[[str], None]) -> None:
        self.root = root
        self.poll = poll
        self.log = log
        self.events: queue.Queue[FileSystemEvent] = queue.Queue()
        self.observer: BaseObserver | None = None

    def start(self) -> None:
        handler = _Queue(self.events)
        if not self.poll:
            observer = Observer()
            try:
                observer.schedule(handler, str(self.root), recursive=True)
                observer.start()
                self.observer = observer
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise
                self.log(
                    "the system refused more file watches; polling instead (raise "
                    "fs.inotify.max_user_watches with sysctl to watch without polling)"
                )
        observer = PollingObserver(timeout=1)
        observer.schedule(handler, str(self.root), recursive=True)
        observer.start()
        self.observer = observer

    def alive(self) -> bool:
        """False when the event source died (an event queue overflow, a watch error)."""
        return self.observer is not None and self.observer.is_alive()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()

    def next(self, timeout: float) -> list[Change] | None:
        """The changes of the next event (none for an event that changes nothing), or None
        when no event came within `timeout` seconds."""
        try:
            event = self.events.get(timeout=timeout)
        except queue.Empty:
            return None
        kind = event.event_type
        if kind not in _CHANGES:
            return []
        raw = [event.src_path, *([event.dest_path] if kind == "moved" else [])]
        paths = (self._relative(path) for path in raw)
        return [Change(kind, path, event.is_directory) for path in paths if path is not None]

    def _relative(self, raw: bytes | str) -> str | None:
        text = os.fsdecode(raw)
        try:
            path = Path(text).relative_to(self.root).as_posix()
        except ValueError:
            return None
        return None if path in ("", ".") else path
