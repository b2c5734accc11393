"""Hooks on the I/O seam (`vaultrel.adapters.fs`, RELIABILITY §d.1): a spy that records every
call, and a fault that strikes at the k-th call of the write phase (`Writer.write`)."""

from __future__ import annotations

import errno
import functools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from vaultrel.adapters import fs
from vaultrel.adapters.writer import Writer
from vaultrel.engine import index_vault

# Every function of the seam that touches the file system.
SEAM = (
    "open_dir",
    "lstat",
    "read_file",
    "open_held",
    "fstat",
    "read_held",
    "create_temp",
    "write_all",
    "fchmod",
    "fchown",
    "fsync",
    "syncfs",
    "replace",
    "exchange",
    "link",
    "unlink",
    "mkdir",
    "close",
)
ERRNOS = {
    errno.ENOSPC: "E_IO_NOSPACE",
    errno.EIO: "E_IO",
    errno.EACCES: "E_ACCESS",
    errno.EROFS: "E_ACCESS",
}
_DIR_FD_ARG = {"create_temp": 0, "replace": 2, "exchange": 2, "link": 2, "unlink": 1, "mkdir": 1}
BATCH = re.compile(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{6}")


@dataclass(frozen=True)
class Call:
    step: int  # position among the write phase's calls (-1: outside it)
    name: str
    where: str  # the folder a dir-fd call works in, or the name it is given
    arg: str  # the file name, for calls that take one


class SimulatedCrash(BaseException):
    """Not an OSError, not even an Exception: nothing in vaultrel may catch it."""


@dataclass
class Seam:
    """Records calls; `strike(step)` is called before the call at each write-phase step and
    may raise (after `close` really closed: a failed close still releases the descriptor).
    Flushes are recorded but not made unless `durable`: these tests are about what happens
    in which order, not about the disk, and an fsync costs milliseconds."""

    strike: Callable[[int, str], None] = lambda step, name: None
    calls: list[Call] = field(default_factory=list)
    folders: dict[int, str] = field(default_factory=dict)  # dir fd → folder name
    writing: int = 0
    steps: int = 0
    durable: bool = False

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(real)
        def call(*args: Any, **kwargs: Any) -> Any:
            step = -1
            if self.writing:
                step, self.steps = self.steps, self.steps + 1
            self.calls.append(Call(step, name, self._where(name, args), _arg(name, args)))
            if name == "close":
                real(*args, **kwargs)
                self.folders.pop(args[0], None)
            if step >= 0:
                try:
                    self.strike(step, name)
                except BaseException:
                    if name == "write_all":  # a short write, then the failure
                        os.write(args[0], bytes(args[1][: len(args[1]) // 2]))
                    raise
            if name == "close" or (name in ("fsync", "syncfs") and not self.durable):
                return None
            result = real(*args, **kwargs)
            if name == "open_dir":
                self.folders[result] = os.path.basename(str(args[0]).rstrip("/")) or "/"
            return result

        return call

    def _where(self, name: str, args: tuple[Any, ...]) -> str:
        dir_fd = _DIR_FD_ARG.get(name)
        if name in ("fsync", "syncfs", "close", "write_all", "fchmod", "fstat"):
            return self.folders.get(args[0], "file")
        if dir_fd is not None and len(args) > dir_fd:
            return self.folders.get(args[dir_fd], "?")
        return ""

    def phase(self, name: str) -> list[Call]:
        return [c for c in self.calls if c.step >= 0 and c.name == name]


def _arg(name: str, args: tuple[Any, ...]) -> str:
    if name in ("replace", "exchange", "link"):
        return str(args[1])
    if name in ("lstat", "open_held", "unlink", "mkdir", "open_dir", "read_file"):
        return os.path.basename(str(args[0]))
    return ""


@contextmanager
def installed(seam: Seam) -> Iterator[Seam]:
    """Route every seam function through `seam`, and mark `Writer.write` as the write phase."""
    real_write = Writer.write

    def write(self: Writer, writes: Any) -> None:
        seam.writing += 1
        try:
            real_write(self, writes)
        finally:
            seam.writing -= 1

    with pytest.MonkeyPatch.context() as patch:
        for name in SEAM:
            patch.setattr(fs, name, seam.wrap(name, getattr(fs, name)))
        patch.setattr(Writer, "write", write)
        yield seam


def fail_at(step: int, code: int) -> Callable[[int, str], None]:
    def strike(at: int, name: str) -> None:
        if at == step:
            raise OSError(code, os.strerror(code))

    return strike


def crash_at(step: int) -> Callable[[int, str], None]:
    def strike(at: int, name: str) -> None:
        if at == step:
            raise SimulatedCrash(f"crash before {name} (step {step})")

    return strike


def trace(template: Path, tmp: Path) -> Seam:
    """The seam calls of a fault-free first index of a copy of `template`."""
    root = copy_vault(template, tmp / "trace")
    with installed(Seam()) as seam:
        index_vault(root)
    return seam


def copy_vault(template: Path, to: Path) -> Path:
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(template, to, symlinks=True)
    return to


def temp_files(top: Path) -> list[Path]:
    return [
        Path(folder) / name
        for folder, dirs, files in os.walk(top)
        for name in files
        if name.startswith(fs.TEMP_PREFIX) and name.endswith(fs.TEMP_SUFFIX)
    ]


def notes(root: Path) -> dict[str, bytes]:
    """Every note's bytes, by vault-relative path (vaultrel's own folder left out)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.md"))
        if ".vaultrel" not in p.relative_to(root).parts
    }
