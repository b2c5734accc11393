"""Merging notes around vaultrel's regions (pure), for the git merge driver (DESIGN §8).

Git merging two generated blocks line by line would break their hashes, and two branches that
each ran `vaultrel index` change the same owned key lines. So each version is split into the
user's text and vaultrel's regions; the user's texts are merged as usual, and one side's regions
(ours, else theirs) are put back whole. The post-merge `vaultrel index` then makes them right
for the merged note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultrel.core.frontmatter import as_date
from vaultrel.core.scan import block_content
from vaultrel.core.splice import locate, splice
from vaultrel.core.text import NoteText, split_lines
from vaultrel.errors import note_error


@dataclass(frozen=True, slots=True)
class Owned:
    """A note's owned key values (None: not a person note) and block content (None: none)."""

    keys: dict[str, dt.date | None] | None
    block: str | None


def split_regions(note: NoteText, owned_keys: tuple[str, ...] | None) -> tuple[NoteText, Owned]:
    """The note without its owned keys (`owned_keys` None: a note whose keys are not vaultrel's)
    and with its block removed, or emptied where the user moved it away from the end; and what
    was taken out. Raises NoteError for a note vaultrel could not write, or whose block was
    edited by hand (its text must reach the user, not be replaced)."""
    lines = split_lines(note.text)
    regions = locate(lines, owned_keys or ())
    block = regions.block
    if block is not None and block.edited:
        raise note_error("E_OWNED_EDITED", "generated block edited by hand", "merge it by hand")
    keys = None
    if owned_keys is not None:
        keys = {
            key: as_date(lines[first].split(":", 1)[1].strip())
            for key, first, _ in regions.key_spans
        }
    at_end = block is not None and all(not line.strip("\r") for line in lines[block.end + 1 :])
    stripped = splice(
        note,
        dict.fromkeys(owned_keys) if owned_keys else None,
        None if block is None or at_end else "",
        regions,
    )
    content = block_content(lines, block.begin, block.end) if block is not None else None
    return stripped, Owned(keys, content)


def join_regions(merged: NoteText, ours: Owned, theirs: Owned) -> NoteText:
    """The merged user text with ours' regions put back (theirs' where ours has none)."""
    keys = ours.keys if ours.keys else theirs.keys
    block = ours.block if ours.block is not None else theirs.block
    return splice(merged, keys or None, block)
