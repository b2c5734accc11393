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


def load(root: Path, key: str) -> Any | None:
    """What `save` stored under `key`, or None (nothing stored, another key, unreadable)."""
    with contextlib.suppress(OSError, VaultrelError, ValueError, TypeError, EOFError):
        data = state.read_file(root, NAME)
        if data is not None:
            stored_key, value = marshal.loads(data)
            if stored_key == key:
                return value
    return None


def save(root: Path, key: str, value: Any) -> None:
    """Keep `value` under `key`, only in a vault whose state folder exists (one vaultrel has
    indexed or read before); failures are ignored: the next read reads the notes."""
    from vaultrel.adapters.store import DB_NAME  # not on the path of a query that loads

    with contextlib.suppress(OSError, VaultrelError, ValueError):
        if state.has_file(root, DB_NAME):
            state.replace_file(root, NAME, marshal.dumps((key, value)))
