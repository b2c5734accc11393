"""Add front-matter properties line by line (pure): what `vaultrel import` may do to a note.

A key the front-matter lacks gets a `key: value` line just before the closing `---`; a key
present with an empty value on a line of its own (`aliases: []`, `emails:`) gets its value on
that line. Nothing else changes, and the result is checked by parsing it again (RELIABILITY R4).
"""

from __future__ import annotations

from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.text import NoteText, line_ending, split_lines
from vaultrel.errors import note_error

EMPTY_VALUES = ("", "[]", '""', "''", "~", "null")


def empty_value(line: str) -> bool:
    """Whether a one-line `key: value` holds no value (and no comment to keep)."""
    return line.split(":", 1)[1].strip() in EMPTY_VALUES


def add_properties(note: NoteText, values: dict[str, str]) -> NoteText:
    """`note` with `key: value` for each of `values` (value texts are YAML). Raises NoteError
    when a key holds a value, or an empty value over several lines."""
    lines = split_lines(note.text)
    front = read_front_matter(lines)
    if front is None:
        cr = line_ending(lines, 0)[:-1]
        new = ["---", *(f"{key}: {value}" for key, value in values.items()), "---"]
        lines[0:0] = [line + cr for line in new]
    else:
        present = {key.lower(): key for key in front.data}
        cr = "\r" if lines[front.close_line].endswith("\r") else ""
        added = []
        for key, value in values.items():
            if key not in present:
                added.append(f"{key}: {value}{cr}")
                continue
            first, last = front.key_lines[present[key]]
            if first != last or not empty_value(lines[first].rstrip("\r")):
                raise note_error(
                    "E_IMPORT_KEY",
                    f'"{present[key]}" already has a value',
                    "not changed; edit it by hand",
                    first + 1,
                )
            line_cr = "\r" if lines[first].endswith("\r") else ""
            lines[first] = f"{present[key]}: {value}{line_cr}"
        lines[front.close_line : front.close_line] = added
    result = NoteText("\n".join(lines), note.bom)
    _check(note, result, values)
    return result


def _check(before: NoteText, after: NoteText, values: dict[str, str]) -> None:
    """Every other property and the body are unchanged; each new key reads as intended."""
    old = read_front_matter(split_lines(before.text))
    new_lines = split_lines(after.text)
    new = read_front_matter(new_lines)
    assert new is not None
    old_data = dict(old.data) if old else {}
    expected = {**old_data}
    for key, value in values.items():
        existing = next((k for k in old_data if k.lower() == key), key)
        parsed = read_front_matter(["---", f"{key}: {value}", "---"])
        assert parsed is not None
        expected[existing] = parsed.data[key]
    old_body = split_lines(before.text)[old.close_line + 1 :] if old else split_lines(before.text)
    if new.data != expected or new_lines[new.close_line + 1 :] != old_body:
        raise note_error(
            "E_INTERNAL_GUARD",
            "adding properties would change more than them",
            "not written; please report this note's front-matter",
        )
