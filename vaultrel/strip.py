"""`vaultrel strip`: the inverse of `index`. Every owned key and generated block goes, and the
notes hold exactly the bytes the user wrote, except that a front-matter vaultrel created stays
as `---`/`---` (the text cannot tell it from one the user wrote, DESIGN §4 point 1).

Only what `index` writes is removed: owned keys in person notes, blocks in person,
conversation and org notes. A block edited by hand is refused, never removed: it holds the
user's text. Each write is journaled, so `vaultrel restore` undoes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.lock import VaultLock
from vaultrel.adapters.reader import read_bytes
from vaultrel.adapters.vault import list_vault
from vaultrel.adapters.writer import Write, Writer
from vaultrel.config import Config
from vaultrel.core.model import Kind, Layout
from vaultrel.core.notes import parse_note
from vaultrel.core.splice import splice
from vaultrel.core.text import decode
from vaultrel.errors import NoteError, Problem

_WRITTEN_BY_INDEX = (Kind.PERSON, Kind.CONVERSATION, Kind.ORG)


@dataclass
class Stripped:
    """The notes stripped (or that would be, in a dry run) and the notes refused."""

    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def strip_vault(root: Path, config: Config, dry_run: bool = False) -> Stripped:
    """Remove the owned regions from every note. Takes the vault's lock (E_LOCKED while
    `watch` or `index` runs), except in a dry run."""
    if dry_run:
        return _strip(root, config, dry_run)
    with VaultLock(root, "strip").held():
        return _strip(root, config, dry_run)


def _strip(root: Path, config: Config, dry_run: bool) -> Stripped:
    layout = config.layout()
    result = Stripped()
    writes: list[Write] = []
    for path in list_vault(root, config).notes:
        try:
            write = _write_for(root, path, layout)
        except NoteError as exc:
            result.problems.append(exc.problem.at(path))
            continue
        if write is not None:
            writes.append(write)
    if dry_run:
        result.notes = [write.path for write in writes]
        return result
    writer = Writer(root, Journal(root, "strip"))
    writer.write(writes)
    result.notes = [write.path for write in writes if write.path in writer.written]
    result.problems += writer.problems
    return result


def _write_for(root: Path, path: str, layout: Layout) -> Write | None:
    """The write that removes the note's owned regions; None when it has none (or is not a
    note `index` writes). NoteError when they cannot be removed safely."""
    data, st = read_bytes(root, path)
    text = decode(data)
    note = parse_note(path, text, layout)
    if note.kind not in _WRITTEN_BY_INDEX or note.regions is None:
        return None
    regions = note.regions
    keys = regions.key_spans if note.kind is Kind.PERSON else ()
    if regions.block is None and not keys:
        return None
    if regions.block is not None and regions.block.edited:
        raise NoteError(next(p for p in note.problems if p.code == "E_OWNED_EDITED"))
    owned: dict[str, dt.date | None] = {key: None for key, _, _ in keys}
    new = splice(text, owned, None, regions).encode()
    return Write(path, new, fs.Signature.of(st), data) if new != data else None
