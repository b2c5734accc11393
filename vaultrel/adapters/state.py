"""The state folder `.vaultrel/` (DESIGN §2): vaultrel's lock, index, journal and site.

Everything in it is opened from the vault's descriptor, one component at a time, never through
a symbolic link (RELIABILITY R11, I4). git checks out a committed link as a link, so a linked
`.vaultrel` (or `.vaultrel/lock`, `.vaultrel/journal`, …) would otherwise make vaultrel truncate
another program's file, or copy personal data out of the vault. Such a state folder is refused,
as is one whose parts are of the wrong kind (a folder where the lock goes): vaultrel cannot run
there until it is removed (exit 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.errors import Problem, UsageError

STATE_DIR = ".vaultrel"


def open_state(root: Path, *names: str, create: bool = False) -> int:
    """A descriptor of the folder `.vaultrel/<names…>` of the vault at `root`, each folder
    opened from its parent's without following a link, and made when missing if `create`.
    Raises FileNotFoundError when one is missing (and not `create`), UsageError when one is a
    link or not a folder."""
    fd = fs.open_dir(os.path.realpath(root))
    rel = ""
    for name in (STATE_DIR, *names):
        rel = f"{rel}/{name}" if rel else name
        try:
            inner = _open_folder(fd, name, rel, create)
        finally:
            with contextlib.suppress(OSError):  # the descriptor is released even then
                fs.close(fd)
        fd = inner
    return fd


def _open_folder(dir_fd: int, name: str, rel: str, create: bool) -> int:
    try:
        return fs.open_dir(name, dir_fd)
    except FileNotFoundError:
        if not create:
            raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise refused(rel, fs.lstat(name, dir_fd), "folder") from None
        raise
    with contextlib.suppress(FileExistsError):  # another vaultrel made it meanwhile
        fs.mkdir(name, dir_fd)
    return _open_folder(dir_fd, name, rel, create=False)


def file_stat(dir_fd: int, name: str, rel: str) -> os.stat_result | None:
    """The state file `name` in the folder open at `dir_fd`: None when there is none, else its
    stat; UsageError when it is a link or not a regular file (`rel`: its path, for the message)."""
    try:
        st = fs.lstat(name, dir_fd)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise refused(rel, st, "file")
    return st


def has_file(root: Path, name: str) -> bool:
    """Whether `.vaultrel/<name>` exists as a regular file (a link anywhere: UsageError)."""
    try:
        fd = open_state(root)
    except FileNotFoundError:
        return False
    try:
        return file_stat(fd, name, f"{STATE_DIR}/{name}") is not None
    finally:
        fs.close(fd)


def read_file(root: Path, name: str) -> bytes | None:
    """The bytes of the state file `.vaultrel/<name>`, None when there is none."""
    try:
        fd = open_state(root)
    except FileNotFoundError:
        return None
    try:
        if file_stat(fd, name, f"{STATE_DIR}/{name}") is None:
            return None
        return fs.read_file(name, fd)[0]
    finally:
        fs.close(fd)


def replace_file(root: Path, name: str, data: bytes) -> None:
    """Replace the state file `.vaultrel/<name>` with `data`: a temp file renamed over it, so
    a reader never sees half of it (not flushed: a state file is a cache)."""
    fd = open_state(root, create=True)
    try:
        fs.replace_at(fd, name, data)
    finally:
        fs.close(fd)


def refused(rel: str, st: os.stat_result, wanted: str) -> UsageError:
    """The error for the state path `rel` found as `st` where vaultrel needs a `wanted`
    ("file" or "folder") of its own."""
    if stat.S_ISLNK(st.st_mode):
        code, what = "E_SYMLINK", "is a symbolic link; vaultrel never follows one to its own files"
        hint = f"remove the link {rel} (not what it points to); vaultrel makes a real {wanted}"
    else:
        kind = (
            "a folder"
            if stat.S_ISDIR(st.st_mode)
            else "a file"
            if stat.S_ISREG(st.st_mode)
            else "neither a file nor a folder"
        )
        code, what = "E_NOT_REGULAR", f"is {kind}, where vaultrel keeps a {wanted} of its own"
        hint = f"remove {rel} (or move it elsewhere); vaultrel makes a new {wanted}"
    return UsageError(Problem(rel, None, code, what, f"{hint}, then run this again"))
