"""Reading what one person's brief needs beyond their derived facts: the text of their last
conversation, and the dates of the notes that mention them (only those since they last spoke).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from vaultrel.adapters.reader import read_note
from vaultrel.core.brief import Brief, Mention, last_conversation, last_entry
from vaultrel.core.model import Layout
from vaultrel.core.values import Person


def read_brief(root: Path, layout: Layout, person: Person, today: dt.date) -> Brief:
    """The person's brief on `today`, reading their last conversation's note and the notes
    that mention them since they last spoke."""
    entry = last_entry(person)
    last = None
    if entry is not None:
        read = read_note(root, entry.path, layout)
        last = last_conversation(entry, read.text.text if read.text else None, read.note)
    return Brief.of(person, today, last, _mentions_since(root, layout, person))


def _mentions_since(root: Path, layout: Layout, person: Person) -> Iterator[Mention]:
    """The mentioning notes dated after last spoke. The mentions are newest first with the
    undated last, so reading stops at the first that is undated or not newer."""
    for path in person.mentions:
        date = read_note(root, path, layout).note.date
        if date is None or (person.last_spoke is not None and date <= person.last_spoke):
            return
        yield Mention(path, date)
