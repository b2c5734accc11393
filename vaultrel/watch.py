"""`vaultrel watch` (DESIGN §6): index once, then follow the vault's changes as they happen.

File events only say where to look: each batch re-reads those paths, and the content decides
(vaultrel's own writes are recognised by their hash, not by timing). Events are debounced and
coalesced; a note someone else changed is written only once it has been quiet for the quiet
period (RELIABILITY R1), while the notes it affects are written at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters.events import STRUCTURE, Change, FileEvents
from vaultrel.adapters.lock import VaultLock
from vaultrel.adapters.vault import is_listed
from vaultrel.config import CONFIG_FILE, Config, load_config
from vaultrel.errors import Problem, UsageError
from vaultrel.session import Session, Update

DELETE_GRACE_S = 2.0  # a note deleted and re-created within this is an edit (sync tools do it)
MAX_WAIT_S = 2.0  # a batch runs at the latest this long after its first event
GIT_BUSY = ("MERGE_HEAD", "rebase-merge", "rebase-apply", "index.lock")

Log = Callable[[str], None]


@dataclass
class _Batch:
    """Paths seen in events since the last update, and whether to list the whole vault."""

    paths: set[str] = field(default_factory=set)
    relist: bool = False
    first_at: float | None = None
    last_at: float = 0.0

    def add(self, now: float) -> None:
        self.first_at = self.first_at if self.first_at is not None else now
        self.last_at = now


class Watcher:
    """Keeps one vault's notes up to date until `stop` is set."""

    def __init__(
        self,
        root: Path,
        config: Config,
        log: Log,
        debounce_s: float | None = None,
        poll: bool = False,
        report: Callable[[list[Problem]], None] = lambda problems: None,
        on_update: Callable[[Update], None] = lambda update: None,
    ) -> None:
        self.root = root
        self.config = config
        self.log = log
        self.report = report
        self.debounce_given = debounce_s is not None  # on the command line: kept on reload
        self.on_update = on_update
        self.debounce_s = config.watch.debounce_ms / 1000 if debounce_s is None else debounce_s
        self.reload_requested = threading.Event()
        self.quiet_s = config.watch.quiet_seconds
        self.poll = poll
        self.files = FileEvents(root, poll, log)
        self.batch = _Batch()
        self.user_changed_at: dict[str, float] = {}  # note → when someone else last changed it
        self.deleted_at: dict[str, float] = {}  # note → when an event said it was deleted
        self.session: Session | None = None
        self.pending: frozenset[str] = frozenset()  # notes the last update held back
        self.skipped: frozenset[str] = frozenset()  # folders the vault's listing skips
        self.updates = 0  # batches that wrote something

    def run(self, stop: threading.Event, ready: Callable[[Update], None] | None = None) -> None:
        """Take the lock, index, then watch until `stop` is set; the store is saved on the way
        out. `ready` is called with the first index's result once events are being watched."""
        with VaultLock(self.root, "watch").held() as lock:
            if lock.taken_over:
                self.log(f"took over a stale lock left by {lock.taken_over.describe()}")
            self.files.start()
            try:
                first = self._index()
                if ready:
                    ready(first)
                self._loop(stop)
            finally:
                self.files.stop()
                if self.session is not None:
                    self.session.close()

    def _index(self) -> Update:
        """Index the whole vault in a new session, and say so in one line: the vault, its notes
        and people, the quiet period."""
        self.session = Session(self.root, self.config)
        first = self.session.start()
        self.skipped = first.skipped
        self.report(list(first.problems))
        self.log(
            f"indexed {first.notes} notes: wrote {len(first.written)}, "
            f"created {len(first.created)} in {first.seconds:.2f}s; watching "
            f"{self.root}: {first.notes} notes, {first.people} people, quiet period "
            f"{self.quiet_s:g}s (Ctrl-C to stop; SIGHUP re-reads vaultrel.toml)"
        )
        return first

    def request_reload(self) -> None:
        """Re-read `vaultrel.toml` before the next update (the SIGHUP handler: safe in one)."""
        self.reload_requested.set()

    def reload(self) -> None:
        """Re-read `vaultrel.toml`: new settings index the vault again under them; a bad file
        is reported and the settings in use are kept."""
        self.reload_requested.clear()
        config, problems = reload_config(self.root, self.config)
        if problems:
            self.report(problems)
            self.log(f"{CONFIG_FILE} not reloaded: keeping the settings in use")
            return
        if config == self.config:
            self.log(f"{CONFIG_FILE} re-read: no change")
            return
        self.config = config
        self.quiet_s = config.watch.quiet_seconds
        if not self.debounce_given:
            self.debounce_s = config.watch.debounce_ms / 1000
        if self.session is not None:
            self.session.close()
        self.log(f"{CONFIG_FILE} re-read: indexing again with the new settings")
        self._index()

    # the loop ----------------------------------------------------------------------------

    def _loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if self.reload_requested.is_set():
                self.reload()
            if not self.files.alive():  # its thread died (an event queue overflow…)
                self.log("file events stopped; watching again and reading the vault anew")
                self.files.start()
                self.batch.relist = True
                self.batch.add(time.monotonic())
            changes = self.files.next(timeout=self._wait())
            if changes is not None:
                self._take(changes)
                continue
            if self._due() and not self._git_busy():
                self._update()

    def _wait(self) -> float:
        """Seconds to wait for an event before looking again."""
        now = time.monotonic()
        return max(0.01, min(self._next_due(), now + 0.5) - now)

    def _due(self) -> bool:
        return self._next_due() <= time.monotonic()

    def _next_due(self) -> float:
        """When the next update is due (monotonic): the batch's debounce, a deletion's grace,
        or the end of a held note's quiet period; infinity when nothing waits."""
        due = [math.inf]
        if self.batch.first_at is not None:
            due.append(min(self.batch.last_at + self.debounce_s, self.batch.first_at + MAX_WAIT_S))
        due += (at + DELETE_GRACE_S for at in self.deleted_at.values())
        due += map(self._quiet_until, self.pending)
        return min(due)

    def _take(self, changes: list[Change]) -> None:
        """Add an event's paths to the batch; a folder that came, went or moved means listing
        the vault again."""
        now = time.monotonic()
        for change in changes:
            kind, path = change.kind, change.path
            if not is_listed(path, self.skipped):
                continue
            if change.folder:
                if kind in STRUCTURE:
                    self.batch.relist = True
                    self.batch.add(now)
            elif path.endswith(".md"):
                if kind == "deleted":
                    self.deleted_at[path] = now
                    self.batch.paths.discard(path)
                else:
                    self.deleted_at.pop(path, None)
                    self.batch.paths.add(path)
                    self.batch.add(now)
            elif kind in STRUCTURE:  # another file (a link target) came or went
                self.batch.paths.add(path)
                self.batch.add(now)

    def _git_busy(self) -> bool:
        """A merge, rebase or other git command in progress: wait (RELIABILITY R1)."""
        git = self.root / ".git"
        return git.is_dir() and any((git / name).exists() for name in GIT_BUSY)

    def _waiting(self, path: str) -> bool:
        """Someone else changed it within the quiet period, or it may be deleted only for a
        moment."""
        return self._quiet_until(path) > time.monotonic()

    def _quiet_until(self, path: str) -> float:
        until = self.user_changed_at.get(path, -math.inf) + self.quiet_s
        if path in self.deleted_at:  # until its deletion is taken as one
            until = max(until, self.deleted_at[path] + DELETE_GRACE_S)
        return until

    def _update(self) -> None:
        assert self.session is not None
        now = time.monotonic()
        batch, self.batch = self.batch, _Batch()
        gone = {p for p, at in self.deleted_at.items() if now - at >= DELETE_GRACE_S}
        for path in gone:
            del self.deleted_at[path]
        # held: what someone else changed in this batch, and what is still waiting
        result = self.session.update(
            batch.paths | gone, relist=batch.relist, hold=self._waiting, hold_changed=True
        )
        self.pending, self.skipped = result.pending, result.skipped
        for path in result.changed:
            self.user_changed_at[path] = now
        self.report([p for p in result.problems if p.code != "E_CHANGED"])
        if result.written or result.created:
            self.updates += 1
        if result.changed or result.written or result.created:
            self.log(_describe(result))
        self.on_update(result)


def reload_config(root: Path, old: Config) -> tuple[Config, list[Problem]]:
    """The vault's settings read again: the new ones, or the old ones and what is wrong."""
    try:
        return load_config(root), []
    except UsageError as exc:
        return old, list(exc.problems)


def _describe(result: Update) -> str:
    parts = []
    if result.changed:
        parts.append(f"changed {_some(result.changed)}")
    if result.written or result.created:
        parts.append(f"wrote {_some([*result.created, *result.written])}")
    else:
        parts.append("wrote nothing")
    if result.deferred:
        parts.append(f"{len(result.deferred)} waiting for quiet")
    return f"{time.strftime('%H:%M:%S')} " + " · ".join(parts) + f" · {result.seconds:.2f}s"


def _some(paths: Sequence[str], shown: int = 3) -> str:
    more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    return ", ".join(paths[:shown]) + more
