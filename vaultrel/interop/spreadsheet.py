"""The people and what is owed as CSV (pure): RFC 4180 (CRLF, quoting), UTF-8.

One row per person, or with `obligations` one row per obligation; lists are joined with `; `
and an empty cell means none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from vaultrel.core.model import Facts, Note, Obligation
from vaultrel.interop.contacts import Contact

PEOPLE_COLUMNS = (
    "name",
    "path",
    "aliases",
    "org",
    "emails",
    "phones",
    "birthday",
    "anniversary",
    "met",
    "cadence",
    "last_spoke",
    "next_owed",
    "next_owed_what",
    "reach_out_by",
    "i_owe",
    "they_owe",
)
OBLIGATION_COLUMNS = ("person", "direction", "kind", "what", "due", "promised_on", "path", "line")
EXCEL_BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only when it starts with one


def people_csv(people: Iterable[tuple[Note, Contact, Facts]], excel: bool = False) -> bytes:
    """A header row, then one row per `(note, contact, facts)`, in the order given."""
    rows = [
        (
            note.title,
            note.path,
            _joined(note.aliases),
            _joined(contact.org),
            _joined(contact.emails),
            _joined(contact.phones),
            note.birthday,
            note.anniversary,
            note.met,
            str(note.cadence) if note.cadence else None,
            facts.last_spoke,
            facts.next_owed,
            facts.next_owed_what,
            facts.reach_out_by,
            len(facts.owed),
            len(facts.they_owe),
        )
        for note, contact, facts in people
    ]
    return _csv(PEOPLE_COLUMNS, rows, excel)


def obligations_csv(obligations: Iterable[tuple[str, Obligation]], excel: bool = False) -> bytes:
    """A header row, then one row per `(person's name, obligation)`, sorted by due date (undated
    last), then person, path and line."""
    ordered = sorted(obligations, key=lambda item: (item[1].sort_key(), item[0]))
    rows = [
        (name, o.direction, o.kind, o.what, o.due, o.promised_on, o.path, o.line)
        for name, o in ordered
    ]
    return _csv(OBLIGATION_COLUMNS, rows, excel)


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv(header: tuple[str, ...], rows: Sequence[Sequence[object]], excel: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ((EXCEL_BOM if excel else "") + out.getvalue()).encode("utf-8")
