"""The I/O seam: every read, stat, temp write, fsync and rename of a note goes through here,
so tests can inject faults (ENOSPC, EIO, a concurrent edit) at any step."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

TEMP_PREFIX = ".vaultrel-"
TEMP_SUFFIX = ".tmp"


def is_temp(name: str) -> bool:
    """Whether `name` is one of vaultrel's temp files (R6), which a killed write may leave."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class Signature(NamedTuple):
    """What must not change between reading a note and replacing it (RELIABILITY R7). A
    named tuple: a vault's listing makes one per note, and it is made twice as fast."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Signature:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


StatKey = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def stat_key(sig: Signature) -> StatKey:
    return (sig.size, sig.mtime_ns, sig.ino, sig.ctime_ns)


# Timestamp granularity (RELIABILITY R2, racy signatures). A file system proves itself fine by
# storing an mtime that is not a whole second (ext4, APFS, NTFS, tmpfs: ns; exFAT: 10 ms); its
# timestamps then tick with the kernel's clock, a few ms: FINE_NS keeps well above that. Any
# other (HFS+ and ext2/3 store whole seconds, FAT 2 s, network mounts what their server
# stores, or a file system not seen yet) gets COARSE_NS, FAT's 2 s: a wrong guess of "coarse"
# only hashes a few recently changed notes more; a wrong "fine" would lose edits.
FINE_NS = 50_000_000
COARSE_NS = 2_000_000_000
_SECOND_NS = 1_000_000_000


@dataclass
class Ticks:
    """The timestamp granularity of each file system (by st_dev), learnt from the mtimes
    seen: a signature is racy while its mtime is within a tick of when it was taken."""

    fine: set[int] = field(default_factory=set)  # devices seen storing sub-second mtimes

    def learn(self, signatures: Iterable[Signature]) -> None:
        fine = self.fine
        for sig in signatures:
            if sig.mtime_ns % _SECOND_NS and sig.dev not in fine:
                fine.add(sig.dev)

    def racy(self, sig: Signature, taken_ns: int) -> bool:
        """Whether `sig`, taken at `taken_ns` (or later), cannot tell a later save of the same
        size apart: then only the note's bytes (their SHA-256) can say it did not change."""
        return sig.mtime_ns > taken_ns - (FINE_NS if sig.dev in self.fine else COARSE_NS)


def now_ns() -> int:
    """The wall clock, which file timestamps are compared with (racy signatures)."""
    return time.time_ns()


def open_dir(name: str, dir_fd: int | None = None) -> int:
    return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)


def lstat(name: str, dir_fd: int | None = None) -> os.stat_result:
    return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)


def read_file(name: str, dir_fd: int | None = None) -> tuple[bytes, os.stat_result]:
    """Read a regular file without following a symlink or blocking on a FIFO."""
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(name)
        chunks = []
        while chunk := os.read(fd, max(st.st_size + 1, 65536)):
            chunks.append(chunk)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def open_held(name: str, dir_fd: int) -> int:
    """Open a note to hold its inode across a replace (R2, R10)."""
    return os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)


def fstat(fd: int) -> os.stat_result:
    return os.fstat(fd)


def read_held(fd: int) -> bytes:
    """Everything in the file open at `fd`, from its start."""
    chunks, offset = [], 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def create_temp(dir_fd: int, mode: int = 0o600) -> tuple[str, int]:
    """A new `.vaultrel-<random>.tmp` beside the target, made with `mode` (less the umask),
    never following links."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    name = f"{TEMP_PREFIX}{os.urandom(8).hex()}{TEMP_SUFFIX}"
    return name, os.open(name, flags, mode, dir_fd=dir_fd)


def replace_at(dir_fd: int, name: str, data: bytes, flush: bool = False, mode: int = 0o600) -> None:
    """Replace the file `name` in the folder open at `dir_fd` with `data`, whole: a temp file
    beside it (fsynced when `flush`) renamed over it, so that no reader ever sees half of it;
    the temp file is removed when anything fails. The one "atomic write" of vaultrel's own
    files (notes go through the writer's full recipe)."""
    temp, fd = create_temp(dir_fd, mode)
    try:
        try:
            write_all(fd, data)
            if flush:
                fsync(fd)
        finally:
            close(fd)
        replace(temp, name, dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            unlink(temp, dir_fd)
        raise


def replace_file(path: Path, data: bytes, chmod: int | None = None) -> None:
    """`replace_at` for a file named by path (an export, a git hook, a service unit, a site
    page): made as a plain write makes it (0666 less the umask), or given mode `chmod`."""
    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        replace_at(dir_fd, path.name, data, mode=0o666)
        if chmod is not None:
            os.chmod(path.name, chmod, dir_fd=dir_fd, follow_symlinks=False)
    finally:
        close(dir_fd)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fchmod(fd: int, mode: int) -> None:
    os.fchmod(fd, mode)


def fchown(fd: int, uid: int, gid: int) -> None:
    os.fchown(fd, uid, gid)


def fsync(fd: int) -> None:
    os.fsync(fd)


@functools.cache
def _libc_syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only when writing many notes: keeps start-up light

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[[int], int] = libc.syncfs
        return function
    except (OSError, AttributeError):
        return None


def can_syncfs() -> bool:
    return _libc_syncfs() is not None


def syncfs(fd: int) -> None:
    """Flush every file of the file system holding `fd` (Linux `syncfs(2)`)."""
    function = _libc_syncfs()
    assert function is not None
    if function(fd) != 0:
        import ctypes

        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))


def replace(src: str, dst: str, dir_fd: int) -> None:
    os.replace(src, dst, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


_RENAME_EXCHANGE = 2  # linux/fs.h


@functools.cache
def _libc_renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or not glibc
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes.append(ctypes.c_uint)
    return function


def exchange(a: str, b: str, dir_fd: int) -> None:
    """Swap the files named `a` and `b` in the folder `dir_fd`, atomically (Linux
    `renameat2(RENAME_EXCHANGE)`): a compare-and-swap, as what was at `b` is still there to
    look at. OSError ENOSYS where there is no such call; EINVAL where the file system has
    none; ENOENT when either name is gone."""
    function = _libc_renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), b)
    if function(dir_fd, os.fsencode(a), dir_fd, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        import ctypes

        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error), b)


def link(src: str, dst: str, dir_fd: int) -> None:
    """Create `dst` as a new name for `src`; fails if `dst` exists (never clobbers)."""
    os.link(src, dst, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)


def unlink(name: str, dir_fd: int) -> None:
    os.unlink(name, dir_fd=dir_fd)


def mkdir(name: str, dir_fd: int) -> None:
    os.mkdir(name, 0o777, dir_fd=dir_fd)


def close(fd: int) -> None:
    os.close(fd)
