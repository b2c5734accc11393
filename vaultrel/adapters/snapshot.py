"""`.vaultrel/people`: the people of the vault as last read, with their derived facts, kept so
that the read-only commands answer an unchanged vault without resolving it again.

A cache only, keyed by the state of the vault it was read from (every note's stat, the other
files, the settings, vaultrel's version): any change, or a file that cannot be decoded, and the
vault is read again. Stored with marshal as plain tuples, never pickles, so a file that arrives
through a sync tool cannot run code.
"""

from __future__ import annotations

import contextlib
import marshal
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vaultrel.adapters import state
from vaultrel.errors import VaultrelError

NAME = "people"


_HEAD = 8  # bytes: the length of the marshalled head that follows, little-endian


class Damaged(ValueError):
    """A blob of the snapshot that is not what was saved (a disk's or a sync tool's doing)."""


@dataclass(frozen=True, slots=True)
class Blob:
    """One blob of the snapshot, a view of the file read (not copied), checked and decoded
    only when a query uses it."""

    data: memoryview
    crc: int

    def value(self) -> Any:
        """The marshalled value; Damaged when the bytes are not those saved."""
        if zlib.crc32(self.data) != self.crc:
            raise Damaged("a blob of the snapshot changed since it was saved")
        try:
            return marshal.loads(self.data)
        except (ValueError, EOFError, TypeError) as exc:
            raise Damaged(str(exc)) from exc


def load(root: Path, key: str) -> tuple[Any, list[Blob]] | None:
    """What `save` stored under `key`: the value, and the blobs. None when nothing is stored,
    under another key, or unreadable."""
    with contextlib.suppress(OSError, VaultrelError, ValueError, TypeError, EOFError):
        data = state.read_file(root, NAME)
        if data is not None:
            view = memoryview(data)
            end = _HEAD + int.from_bytes(view[:_HEAD], "little")
            stored_key, value, sizes = marshal.loads(view[_HEAD:end])
            if stored_key == key:
                blobs = []
                for size, crc in sizes:
                    blobs.append(Blob(view[end : end + size], crc))
                    end += size
                if end != len(view):
                    raise ValueError("truncated")
                return value, blobs
    return None


def save(root: Path, key: str, value: Any, blobs: list[bytes]) -> None:
    """Keep `value` and `blobs` under `key`, only in a vault whose state folder exists (one
    vaultrel has indexed or read before); failures are ignored: the next read reads the
    notes."""
    from vaultrel.adapters.store import DB_NAME  # not on the path of a query that loads

    with contextlib.suppress(OSError, VaultrelError, ValueError):
        if state.has_file(root, DB_NAME):
            sizes = [(len(blob), zlib.crc32(blob)) for blob in blobs]
            head = marshal.dumps((key, value, sizes))
            data = b"".join([len(head).to_bytes(_HEAD, "little"), head, *blobs])
            state.replace_file(root, NAME, data)
