"""Bytes in, bytes out: replace the owned key lines and the generated block, nothing else.

Every other byte is kept: the BOM, each line's ending, the final newline or its absence.
"""

from __future__ import annotations

import datetime as dt

from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.scan import BEGIN_MARKER, block_hash, scan
from vaultrel.core.text import NoteText, line_ending, split_lines
from vaultrel.errors import note_error


def end_marker(content: str) -> str:
    return f"<!-- vaultrel:end hash={block_hash(content)} -->"


def splice(note: NoteText, owned: dict[str, dt.date | None] | None, block: str | None) -> NoteText:
    """The note with its owned keys set (None: leave keys alone; a None value: remove the key)
    and its block replaced, appended or removed (`block` None: no block)."""
    lines = split_lines(note.text)
    front = read_front_matter(lines)
    scanned = scan(lines, front.close_line + 1 if front else 0)
    if scanned.block is not None:
        begin, end = scanned.block.begin, scanned.block.end
        if block is None:
            _remove_block(lines, begin, end)
        else:
            eol = "\r" if lines[begin].endswith("\r") else ""
            lines[begin : end + 1] = [
                BEGIN_MARKER + eol,
                *(line + eol for line in block.split("\n")),
                end_marker(block) + eol,
            ]
    elif block is not None:
        if scanned.open_at_end:
            raise note_error(
                "E_OPEN_AT_END",
                f"note ends inside an open {_OPEN_NAMES[scanned.open_at_end]}",
                "close it at the end of the note, then run vaultrel again",
                len(lines),
            )
        _append_block(lines, block)
    if owned is not None:
        _set_keys(lines, owned)
    return NoteText("\n".join(lines), note.bom)


_OPEN_NAMES = {
    "fence": "code fence",
    "<!--": "HTML comment",
    "%%": "%% comment",
    "$$": "math block",
}


def _remove_block(lines: list[str], begin: int, end: int) -> None:
    start = begin - 1 if begin > 0 and not lines[begin - 1].strip() else begin
    del lines[start : end + 1]
    if start == len(lines) and start > 0:  # the block ended the note: keep the final newline
        lines.append("")


def _append_block(lines: list[str], block: str) -> None:
    eol = line_ending(lines, len(lines) - 1)  # that of the note's last line
    cr = eol[:-1]
    text_lines = [BEGIN_MARKER, *block.split("\n"), end_marker(block)]
    if lines == [""]:
        lines[:] = [line + cr for line in text_lines] + [""]
        return
    if lines[-1] != "":
        lines[-1] += cr  # the note did not end with a line break: add one
        lines.append("")
    lines[-1:] = [cr, *(line + cr for line in text_lines), ""]


def _set_keys(lines: list[str], owned: dict[str, dt.date | None]) -> None:
    front = read_front_matter(lines)
    wanted = {key: f"{key}: {value.isoformat()}" for key, value in owned.items() if value}
    if front is None:
        if wanted:
            cr = line_ending(lines, 0)[:-1]
            lines[0:0] = [f"---{cr}", *(line + cr for line in wanted.values()), f"---{cr}"]
        return
    spans = sorted(
        ((front.key_lines[key], key) for key in owned if key in front.key_lines), reverse=True
    )
    missing = [key for key in owned if key in wanted and key not in front.key_lines]
    close = front.close_line
    cr = "\r" if lines[close].endswith("\r") else ""
    lines[close:close] = [wanted[key] + cr for key in missing]
    for (first, last), key in spans:
        if key in wanted:
            line_cr = "\r" if lines[last].endswith("\r") else ""
            lines[first : last + 1] = [wanted[key] + line_cr]
        else:
            del lines[first : last + 1]
    removed_all = not wanted and spans
    if removed_all and read_front_matter(lines) is not None and _only_fences(lines):
        del lines[0:2]


def _only_fences(lines: list[str]) -> bool:
    return len(lines) >= 2 and lines[1].rstrip("\r") == "---"


def user_text(note: NoteText, owned_keys: tuple[str, ...]) -> str:
    """The note without the owned key lines and the block: all that vaultrel may never change.

    A front-matter left empty by removing the owned keys goes too, and so does one final line
    break (a block appended to a note without one adds it).
    """
    lines = split_lines(note.text)
    front = read_front_matter(lines)
    scanned = scan(lines, front.close_line + 1 if front else 0)
    drop: set[int] = set()
    if scanned.block is not None:
        begin = scanned.block.begin
        if begin > 0 and not lines[begin - 1].strip():
            begin -= 1
        drop.update(range(begin, scanned.block.end + 1))
    if front is not None:
        for key in owned_keys:
            if key in front.key_lines:
                first, last = front.key_lines[key]
                drop.update(range(first, last + 1))
        if all(index in drop for index in range(1, front.close_line)):
            drop.update((0, front.close_line))
    text = "\n".join(line for index, line in enumerate(lines) if index not in drop)
    return ("\ufeff" if note.bom else "") + text.removesuffix("\n").removesuffix("\r")
