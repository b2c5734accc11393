"""Safe writes (RELIABILITY §a.3): temp file beside the note, fsync, compare-and-swap, atomic
rename (an exchange that is itself a compare-and-swap, where the file system has one),
directory fsync. Refuses symlinks, hard links, read-only files and unsafe paths.

Batches follow R11's order: the pre-images of the notes to replace are journaled, every temp file
is written and flushed, then each note is checked and renamed, then each touched folder is
flushed once.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal, PreImage
from vaultrel.adapters.state import STATE_DIR
from vaultrel.core.filenames import is_portable, recovered_name
from vaultrel.errors import NoteError, Problem, note_error, warning

RESERVED_DIRS = frozenset({".obsidian", ".git", ".trash", STATE_DIR})
_UMASK = os.umask(0o022)
os.umask(_UMASK)
# From this many notes on, one syncfs of the vault's file system replaces an fsync per temp
# file (0.6 ms each here): a first index writes thousands of notes.
FLUSH_ONCE_FROM = 16
# From this many notes on, the old versions a batch replaced are deleted on DROP_THREADS
# threads: a first index of 4,000 notes spent 0.35 s waiting on them one at a time.
DROP_THREADS_FROM, DROP_THREADS = 16, 4


@dataclass(frozen=True, slots=True)
class Write:
    """New bytes for a vault-relative path; `expected` is the signature read (None: create)
    and `before` the bytes read under it, journaled before the note is replaced (R5)."""

    path: str
    data: bytes
    expected: fs.Signature | None
    before: bytes | None = None


def check_path(path: str) -> list[str]:
    """The path's components, or NoteError for anything unsafe or unportable (R0)."""
    if not path or path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path) or "://" in path:
        raise _path_error("E_PATH_ABSOLUTE", "absolute paths are refused", path)
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise _path_error("E_PATH_INVALID", "path has an empty, . or .. part", path)
        if "\x00" in part or "\\" in part or ":" in part or len(part.encode()) > 255:
            raise _path_error("E_PATH_INVALID", "path has a NUL, \\ or :, or a part too long", path)
        if not is_portable(part):
            raise _path_error("E_PATH_INVALID", f"{part!r} is not a portable file name", path)
    if parts[0] in RESERVED_DIRS:
        raise _path_error("E_PATH_RESERVED", f"vaultrel never writes under {parts[0]}/", path)
    return parts


def _path_error(code: str, message: str, path: str) -> NoteError:
    return note_error(code, message, "use a plain path inside the vault", path=path)


# Up to this many notes per batch (watch's batches), each note's old inode is held open
# from staging to after the rename, to catch a write into it that the rename orphaned (R10).
HOLD_UP_TO = 256
# Where the file system has no exchange, the rename replaces (R8 without the swap-out check).
NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})
SETTLE_TRIES, SETTLE_S = 10, 0.02  # an orphan written after the rename must hold still this long


@dataclass
class _Staged:
    write: Write
    dir_fd: int
    name: str
    temp: str
    held: int | None  # the replaced inode, open (R10)
    inode: int  # the temp file's, which becomes the note's
    exchanged: bool = False  # R8 was an exchange, not a rename
    swapped: bool = False  # meanwhile, the temp name holds what was at the note


@dataclass
class Writer:
    """Writes notes under one vault root; reports each failure as a Problem and goes on.
    With a `journal`, a batch whose pre-images cannot be kept writes nothing."""

    root: Path
    journal: Journal | None = None
    written: dict[str, fs.Signature] = field(default_factory=dict)  # path → its new stat
    problems: list[Problem] = field(default_factory=list)
    _replaced: list[tuple[str, int]] = field(default_factory=list)  # temp names to delete

    def write(self, writes: Sequence[Write]) -> None:
        """Write every note (R6-R9, batched as R11 says), reporting each failure."""
        one_flush = len(writes) >= FLUSH_ONCE_FROM and fs.can_syncfs()
        if not self._journal(writes, flush=not one_flush):
            return
        with self._dirs() as dirs:
            hold = len(writes) <= HOLD_UP_TO
            staged = [s for w in writes if (s := self._stage(w, dirs, not one_flush, hold))]
            if staged and one_flush and not self._flush(staged):
                return
            try:
                touched = {s.dir_fd for s in staged if self._commit(s)}
            finally:  # an interrupted batch leaves no replaced version behind either
                self._drop_replaced()
            for dir_fd in touched:
                try:
                    fs.fsync(dir_fd)
                except OSError as exc:
                    self.problems.append(_os_problem(".", exc, "E_IO_DURABILITY"))

    def _drop_replaced(self) -> None:
        """Delete the versions the batch's exchanges took out of the notes (each journaled),
        once all are committed. Each delete frees the old file's blocks and waits on the file
        system (about 0.1 ms), without the GIL: many are made on several threads at once."""
        replaced, self._replaced = self._replaced, []

        def drop(item: tuple[str, int]) -> None:
            with suppress(OSError):  # else swept later: it is the journaled version
                fs.unlink(*item)

        if len(replaced) < DROP_THREADS_FROM:
            for item in replaced:
                drop(item)
            return
        from concurrent.futures import ThreadPoolExecutor  # here: it costs every run 4 ms

        with ThreadPoolExecutor(DROP_THREADS) as pool:
            for _ in pool.map(drop, replaced):
                pass

    def remove(self, write: Write) -> None:
        """Delete the note at `write.path` (its `data` unused), kept in the journal first, if
        it still holds what was read (`expected`): `restore` brings it back (`mv`)."""
        if not self._journal([write], flush=True):
            return
        with self._dirs() as dirs:
            try:
                parts = check_path(write.path)
                dir_fd = self._open_parent(parts, dirs, create=False)
                self._check_target(write, parts[-1], dir_fd)
                fs.unlink(parts[-1], dir_fd)
                fs.fsync(dir_fd)
            except NoteError as exc:
                self.problems.append(exc.problem.at(write.path))
            except OSError as exc:
                self.problems.append(_os_problem(write.path, exc))

    def _journal(self, writes: Sequence[Write], flush: bool) -> bool:
        images = [
            PreImage(w.path, w.before, w.expected)
            for w in writes
            if w.expected is not None and w.before is not None
        ]
        if self.journal is None or not images:
            return True
        try:
            self.journal.record(images, flush)
            return True
        except OSError as exc:
            doing = "not written: could not keep its current version in the journal"
            self.problems += (_os_problem(w.path, exc, doing=doing) for w in writes)
            return False

    def _flush(self, staged: list[_Staged]) -> bool:
        """One file-system flush for all temp files; on failure none of them is used (no
        retry: after a failed flush the data may be lost whatever a retry says)."""
        try:
            fs.syncfs(staged[0].dir_fd)
            return True
        except OSError as exc:
            for item in staged:
                self.problems.append(_os_problem(item.write.path, exc))
                with suppress(OSError):
                    fs.unlink(item.temp, item.dir_fd)
            return False

    @contextmanager
    def _dirs(self) -> Iterator[dict[str, int]]:
        opened: dict[str, int] = {}
        try:
            yield opened
        finally:
            for fd in opened.values():
                with suppress(OSError):  # a folder's descriptor is released even then
                    fs.close(fd)

    def _open_parent(self, parts: list[str], dirs: dict[str, int], create: bool) -> int:
        key = ""
        if key not in dirs:
            dirs[key] = fs.open_dir(os.path.realpath(self.root))
        fd = dirs[key]
        for part in parts[:-1]:
            key = f"{key}/{part}"
            if key not in dirs:
                try:
                    dirs[key] = fs.open_dir(part, fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    fs.mkdir(part, fd)
                    dirs[key] = fs.open_dir(part, fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(part, fd):
                        raise note_error(
                            "E_SYMLINK",
                            f"folder {key[1:]} is a symbolic link; vaultrel does not write "
                            "through links",
                            "move the folder itself into the vault",
                        ) from None
                    raise
            fd = dirs[key]
        return fd

    def _stage(self, write: Write, dirs: dict[str, int], flush: bool, hold: bool) -> _Staged | None:
        temp: str | None = None
        held: int | None = None
        dir_fd = -1
        try:
            parts = check_path(write.path)
            dir_fd = self._open_parent(parts, dirs, create=write.expected is None)
            mode = self._check_target(write, parts[-1], dir_fd)
            if hold and write.expected is not None:
                held = fs.open_held(parts[-1], dir_fd)
                if fs.Signature.of(fs.fstat(held)) != write.expected:
                    raise changed_error()
            temp, fd = fs.create_temp(dir_fd)
            try:
                fs.write_all(fd, write.data)
                fs.fchmod(fd, mode)
                if flush:
                    fs.fsync(fd)
                inode = fs.fstat(fd).st_ino
            finally:
                fs.close(fd)
            return _Staged(write, dir_fd, parts[-1], temp, held, inode)
        except NoteError as exc:
            self.problems.append(exc.problem.at(write.path))
        except OSError as exc:
            self.problems.append(_os_problem(write.path, exc))
        if temp is not None:
            with suppress(OSError):
                fs.unlink(temp, dir_fd)
        if held is not None:
            fs.close(held)
        return None

    def _check_target(self, write: Write, name: str, dir_fd: int) -> int:
        """The mode the new file gets; refuses targets vaultrel must not replace (a.4)."""
        try:
            st = fs.lstat(name, dir_fd)
        except FileNotFoundError:
            if write.expected is not None:
                raise note_error(
                    "E_CHANGED", "note was deleted while vaultrel worked", "run vaultrel again"
                ) from None
            return 0o666 & ~_UMASK
        if write.expected is None:
            raise note_error(
                "E_EXISTS",
                "a file appeared where vaultrel was creating a note",
                "run vaultrel again",
            )
        if stat.S_ISLNK(st.st_mode):
            raise note_error(
                "E_SYMLINK",
                "note is a symbolic link; vaultrel does not write through links",
                "replace the link with the note itself",
            )
        if not stat.S_ISREG(st.st_mode):
            raise note_error("E_NOT_REGULAR", "not a regular file", "remove or rename it")
        if st.st_nlink > 1:
            raise note_error(
                "E_HARDLINK",
                "note has other hard links, which a write would split",
                "copy the note so it has a single link",
            )
        if not st.st_mode & stat.S_IWUSR:
            raise note_error(
                "E_READONLY",
                "note is read-only; vaultrel leaves it alone",
                "make it writable (chmod u+w) if vaultrel should update it",
            )
        if st.st_uid != os.geteuid():
            raise note_error(
                "E_OWNER", "note belongs to another user", "run vaultrel as the note's owner"
            )
        if fs.Signature.of(st) != write.expected:
            raise changed_error()
        return stat.S_IMODE(st.st_mode)

    def _commit(self, staged: _Staged) -> bool:
        try:
            committed = self._replace(staged)
            if committed and staged.held is not None:
                return self._verify(staged, staged.held)
            return committed
        except OSError as exc:  # R10 could not look at the replaced inode; the note is new
            doing = "written, but not checked for an edit made during the write"
            self.problems.append(_os_problem(staged.write.path, exc, "E_IO", doing))
            return True
        finally:
            if staged.held is not None:
                with suppress(OSError):  # the descriptor is released even when close fails
                    fs.close(staged.held)

    def _verify(self, staged: _Staged, held: int) -> bool:
        """R10: whether the replaced inode stayed as read. An editor that kept it open may
        have written into it after the read: then its bytes are put back (the note is read
        and updated again next time), or, if the note has moved on since, or the orphan is
        still changing or shrank, saved beside it. Never a guessed merge."""
        write = staged.write
        assert write.expected is not None
        orphan = fs.fstat(held)
        if orphan.st_nlink and not staged.exchanged:  # renamed away just before the rename
            return self._unresurrect(staged)
        expected = write.expected
        if (orphan.st_size, orphan.st_mtime_ns) == (expected.size, expected.mtime_ns) and (
            write.before is None or fs.read_held(held) == write.before  # same size, same tick
        ):
            return True
        late, settled = _settled(held)
        ours = self.written.pop(write.path, None)
        put_back = Writer(self.root, self.journal)
        # an orphan still changing, or smaller than it was (an editor's O_TRUNC before its
        # write), is never put back over the note: it is kept beside it
        if settled and len(late) >= expected.size and ours is not None and ours.ino == staged.inode:
            put_back.write([Write(write.path, late, ours, write.data)])
        if write.path in put_back.written:
            self.problems.append(
                warning(
                    write.path,
                    None,
                    "W_EDITED_DURING_WRITE",
                    "the note was edited while vaultrel wrote it; the edit was kept",
                    "nothing to do: vaultrel updates the note on its next run",
                )
            )
        else:
            self._recover(write.path, late)
        return False

    def _unresurrect(self, staged: _Staged) -> bool:
        """The note was renamed away (or linked) between the final check and the rename, which
        then made it anew: remove what the rename made, if it is still ours."""
        if fs.lstat(staged.name, staged.dir_fd).st_ino == staged.inode:
            fs.unlink(staged.name, staged.dir_fd)
            self.written.pop(staged.write.path, None)
        self.problems.append(_gone_error().problem.at(staged.write.path))
        return False

    def _recover(self, path: str, data: bytes) -> None:
        folder, _, name = path.rpartition("/")
        sidecar = _recovered_name(name)
        side = Writer(self.root, self.journal)
        side.write([Write(f"{folder}/{sidecar}" if folder else sidecar, data, None)])
        self.problems += side.problems
        self.problems.append(
            warning(
                path,
                None,
                "W_RECOVERED",
                f"an edit made while vaultrel wrote this note was saved as {sidecar}",
                "merge it into the note by hand, then delete that file",
            )
        )

    def _replace(self, staged: _Staged) -> bool:
        write = staged.write
        try:
            if write.expected is None:
                fs.link(staged.temp, staged.name, staged.dir_fd)
                fs.unlink(staged.temp, staged.dir_fd)
            else:
                current = fs.Signature.of(fs.lstat(staged.name, staged.dir_fd))
                if current != write.expected:
                    raise changed_error()
                self._swap(staged)
        except (NoteError, OSError) as exc:
            if not staged.swapped:  # else the temp name holds a user's version
                with suppress(OSError):
                    fs.unlink(staged.temp, staged.dir_fd)
            if isinstance(exc, NoteError):
                self.problems.append(exc.problem.at(write.path))
            elif isinstance(exc, FileExistsError):
                self.problems.append(
                    note_error(
                        "E_EXISTS",
                        "a file appeared where vaultrel was creating a note",
                        "run vaultrel again",
                    ).problem.at(write.path)
                )
            else:
                self.problems.append(_os_problem(write.path, exc))
            return False
        try:
            self.written[write.path] = fs.Signature.of(fs.lstat(staged.name, staged.dir_fd))
        except OSError as exc:
            self.problems.append(_os_problem(write.path, exc, "E_IO"))
        return True

    def _swap(self, staged: _Staged) -> None:
        """R8 as a true compare-and-swap where the file system can (Linux): exchange the temp
        file with the note, then look at what came out. If it is not the version read (a
        rename-save, a truncation or a write that landed after R7), it goes back, untouched,
        unless a newer save by rename has replaced our file since (`_swap_back`).
        A note deleted or renamed away meanwhile is not made anew. Elsewhere, a rename."""
        try:
            fs.exchange(staged.temp, staged.name, staged.dir_fd)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise _gone_error() from None
            if exc.errno not in NO_EXCHANGE:
                raise
            fs.replace(staged.temp, staged.name, staged.dir_fd)
            return
        staged.exchanged = staged.swapped = True
        expected = staged.write.expected
        assert expected is not None
        try:
            out, st = fs.read_file(staged.temp, staged.dir_fd)
            # all but the ctime, which the exchange itself changed
            same = fs.Signature.of(st)[:4] == expected[:4]
            kept = same and staged.write.before in (None, out)
        except OSError:  # cannot tell: theirs goes back
            self._swap_back(staged)
            raise
        if kept:
            staged.swapped = False
            self._replaced.append((staged.temp, staged.dir_fd))
            return
        self._swap_back(staged)
        raise changed_error()

    def _swap_back(self, staged: _Staged) -> None:
        """Put what the exchange took out of the note back in and drop our version, unless
        the note was saved by rename since: that newest save stays. Whatever would be lost
        (a write into our file while it was at the note, a version the exchange took out
        that is now neither in the note nor the one read) is kept beside the note."""
        try:
            at_note = fs.lstat(staged.name, staged.dir_fd).st_ino
        except OSError:
            at_note = None
        if at_note != staged.inode:  # swapping now would put an older version over it
            self._drop_or_keep(staged, staged.write.before)
            return
        try:
            fs.exchange(staged.temp, staged.name, staged.dir_fd)
            ours = fs.lstat(staged.temp, staged.dir_fd).st_ino == staged.inode
        except OSError:
            ours = False
        if ours:  # an editor may have written into our file while it was at the note
            self._drop_or_keep(staged, staged.write.data)
        else:
            self._keep_beside(staged)

    def _drop_or_keep(self, staged: _Staged, known: bytes | None) -> None:
        """Delete the temp name if it holds the `known` bytes or the note's, else keep it."""
        try:
            out, _ = fs.read_file(staged.temp, staged.dir_fd)
            drop = out == known or out == _bytes_or_none(staged.name, staged.dir_fd)
        except OSError:  # cannot tell: kept
            drop = False
        if not drop:
            self._keep_beside(staged)
            return
        staged.swapped = False
        with suppress(OSError):
            fs.unlink(staged.temp, staged.dir_fd)

    def _keep_beside(self, staged: _Staged) -> None:
        sidecar = _recovered_name(staged.name)
        fs.link(staged.temp, sidecar, staged.dir_fd)
        staged.swapped = False
        fs.unlink(staged.temp, staged.dir_fd)
        self.problems.append(
            warning(
                staged.write.path,
                None,
                "W_RECOVERED",
                f"a version saved while vaultrel wrote this note was kept as {sidecar}",
                "merge it into the note by hand, then delete that file",
            )
        )


def _settled(held: int) -> tuple[bytes, bool]:
    """The bytes of the file open at `held` once it holds still (R10), and whether it did."""
    before = fs.fstat(held)
    for _ in range(SETTLE_TRIES):
        time.sleep(SETTLE_S)
        now = fs.fstat(held)
        if (now.st_size, now.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
            data = fs.read_held(held)
            return data, len(data) == now.st_size
        before = now
    return fs.read_held(held), False


def _bytes_or_none(name: str, dir_fd: int) -> bytes | None:
    try:
        return fs.read_file(name, dir_fd)[0]
    except OSError:  # gone, or not a file
        return None


def _recovered_name(name: str) -> str:
    """Where a version that cannot go into the note is kept, beside it."""
    return recovered_name(name, dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ"))


def _gone_error() -> NoteError:
    return note_error(
        "E_CHANGED",
        "note was deleted or renamed while vaultrel wrote it; it was left so",
        "run vaultrel again",
    )


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(fs.lstat(name, dir_fd).st_mode)
    except OSError:
        return False


def changed_error() -> NoteError:
    """The note is no longer what vaultrel read (R7)."""
    return note_error("E_CHANGED", "note changed while vaultrel worked", "run vaultrel again")


def _os_problem(
    path: str, exc: OSError, code: str | None = None, doing: str = "could not write"
) -> Problem:
    if code is None:
        code = {
            errno.ENOSPC: "E_IO_NOSPACE",
            errno.EDQUOT: "E_IO_NOSPACE",
            errno.EACCES: "E_ACCESS",
            errno.EPERM: "E_ACCESS",
            errno.EROFS: "E_ACCESS",
            errno.ELOOP: "E_SYMLINK",
            errno.ENOTDIR: "E_PATH_INVALID",
        }.get(exc.errno or 0, "E_IO")
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    hints = {
        "E_IO_NOSPACE": "free some disk space and run vaultrel again",
        "E_ACCESS": "check the folder's permissions",
        "E_SYMLINK": "vaultrel does not write through symbolic links",
    }
    return Problem(
        path,
        None,
        code,
        f"{doing}: {reason}",
        hints.get(code, "the note was left as it was; run vaultrel again"),
    )
