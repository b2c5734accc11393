"""Line files of the vault's root that vaultrel adds to but never owns (`.gitignore`,
`.gitattributes`): a line is appended unless the file has it already."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.writer import Write


def _same(line: str) -> str:
    return line


def with_lines(
    root: Path, name: str, lines: Sequence[str], key: Callable[[str], str] = _same
) -> Write | None:
    """The file `name` of the vault at `root` with those of `lines` it lacks appended, one per
    line (after a line break its last line lacks); None when it has them all. Two lines are
    the same when `key` makes them equal."""
    try:
        data, st = fs.read_file(str(root / name))
    except FileNotFoundError:
        return Write(name, "".join(f"{line}\n" for line in lines).encode(), None)
    has = {key(line) for line in data.decode("utf-8", "replace").splitlines()}
    missing = [line for line in lines if key(line) not in has]
    if not missing:
        return None
    separator = b"" if not data or data.endswith(b"\n") else b"\n"
    added = "".join(f"{line}\n" for line in missing).encode()
    return Write(name, data + separator + added, fs.Signature.of(st))
