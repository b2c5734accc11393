"""One writer per vault (DESIGN §6, RELIABILITY R11): the lock `.vaultrel/lock`.

The file names its holder (pid, host, command, start time) for the message a second writer
prints. The holder also keeps an advisory `flock` on it, which the kernel drops when the process
dies however it dies, so a lock left by a killed process is stale exactly when nobody holds the
flock: it is taken over without guessing from pids.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from vaultrel.adapters import state
from vaultrel.adapters.state import STATE_DIR
from vaultrel.errors import Problem, UsageError

LOCK_NAME = "lock"


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    host: str
    command: str
    since: str

    def describe(self) -> str:
        return f"`vaultrel {self.command}` (pid {self.pid} on {self.host}, since {self.since})"


@dataclass
class VaultLock:
    """The vault's writer lock, held from `acquire` to `release`."""

    root: Path
    command: str
    fd: int | None = None
    dir_fd: int | None = None  # .vaultrel/, opened without following a link
    made_dir: bool = False  # .vaultrel/ did not exist: removed again if left empty
    taken_over: Holder | None = None  # the holder of a stale lock this one replaced

    @property
    def path(self) -> Path:
        return self.root / STATE_DIR / LOCK_NAME

    def acquire(self) -> None:
        """Take the lock, or raise UsageError (E_LOCKED) naming the process that holds it, or
        (a link, a folder or a FIFO where the lock or `.vaultrel/` goes) the path to remove."""
        try:
            self.dir_fd = state.open_state(self.root)
        except FileNotFoundError:
            self.made_dir = True
            self.dir_fd = state.open_state(self.root, create=True)
        try:
            self.fd = self._open()
        except BaseException:
            os.close(self.dir_fd)
            self.dir_fd = None
            raise
        self.taken_over = _read_holder(self.fd)
        holder = Holder(
            os.getpid(),
            os.uname().nodename,  # the host name, without importing socket
            self.command,
            dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        )
        os.ftruncate(self.fd, 0)
        os.write(self.fd, json.dumps(asdict(holder)).encode())

    def _open(self) -> int:
        """The lock file, open and flocked (O_NONBLOCK: a FIFO put there never blocks)."""
        assert self.dir_fd is not None
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        rel = f"{STATE_DIR}/{LOCK_NAME}"
        while True:
            state.file_stat(self.dir_fd, LOCK_NAME, rel)  # a link or a folder: say so
            fd = os.open(LOCK_NAME, flags, 0o644, dir_fd=self.dir_fd)
            try:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode):
                    raise state.refused(rel, st, "file")
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                raise _locked(holder) from None
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, self.dir_fd):
                return fd
            os.close(fd)  # the previous holder removed the file as we opened it: again

    def release(self) -> None:
        if self.fd is None or self.dir_fd is None:
            return
        with contextlib.suppress(OSError):  # while still holding the flock, so nobody locks
            os.unlink(LOCK_NAME, dir_fd=self.dir_fd)  # a removed file
        os.close(self.fd)
        os.close(self.dir_fd)
        self.fd = self.dir_fd = None
        if self.made_dir:
            with contextlib.suppress(OSError):  # rmdir never follows a link
                self.path.parent.rmdir()  # a vault vaultrel never wrote to keeps no trace

    @contextlib.contextmanager
    def held(self) -> Iterator[VaultLock]:
        self.acquire()
        try:
            yield self
        finally:
            self.release()


def _same_file(fd: int, dir_fd: int) -> bool:
    try:
        return (
            os.fstat(fd).st_ino == os.stat(LOCK_NAME, dir_fd=dir_fd, follow_symlinks=False).st_ino
        )
    except FileNotFoundError:
        return False


def _read_holder(fd: int) -> Holder | None:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"null")
        return Holder(int(data["pid"]), str(data["host"]), str(data["command"]), str(data["since"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _locked(holder: Holder | None) -> UsageError:
    who = holder.describe() if holder else "another vaultrel process"
    stop = f"kill {holder.pid}" if holder else "stop it"
    return UsageError(
        Problem(
            f"{STATE_DIR}/{LOCK_NAME}",
            None,
            "E_LOCKED",
            f"another vaultrel is writing this vault: {who}",
            f"stop it first (Ctrl-C in its terminal, or {stop}), then run this again",
        )
    )
