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
from pathlib import Path
from typing import Any

from vaultrel.adapters import state
from vaultrel.errors import VaultrelError

NAME = "people"


_HEAD = 8  # bytes: the length of the marshalled head that follows, little-endian


def load(root: Path, key: str) -> tuple[Any, list[memoryview]] | None:
    """What `save` stored under `key`: the value, and the blobs as views of the file read (not
    copied, nor decoded: a query decodes only those it uses). None when nothing is stored,
    under another key, or unreadable."""
    with contextlib.suppress(OSError, VaultrelError, ValueError, TypeError, EOFError):
        data = state.read_file(root, NAME)
        if data is not None:
            view = memoryview(data)
            end = _HEAD + int.from_bytes(view[:_HEAD], "little")
            stored_key, value, sizes = marshal.loads(view[_HEAD:end])
            if stored_key == key:
                blobs = []
                for size in sizes:
                    blobs.append(view[end : end + size])
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
            head = marshal.dumps((key, value, [len(blob) for blob in blobs]))
            data = b"".join([len(head).to_bytes(_HEAD, "little"), head, *blobs])
            state.replace_file(root, NAME, data)
