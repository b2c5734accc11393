"""Bytes in, bytes out: replace the owned key lines and the generated block, nothing else.

Every other byte is kept: the BOM, each line's ending, the final newline or its absence.
"""

from __future__ import annotations

import datetime as dt

from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.markers import BEGIN_MARKER, end_marker
from vaultrel.core.model import Regions
from vaultrel.core.scan import scan
from vaultrel.core.text import NoteText, line_ending, split_lines
from vaultrel.errors import note_error


def locate(lines: list[str], owned_keys: tuple[str, ...]) -> Regions:
    """Find the owned regions by parsing the note (raises NoteError if it cannot be parsed)."""
    front = read_front_matter(lines)
    scanned = scan(lines, front.close_line + 1 if front else 0)
    spans = tuple(
        (key, *front.key_lines[key]) for key in owned_keys if front and key in front.key_lines
    )
    return Regions(front.close_line if front else None, spans, scanned.block, scanned.open_at_end)


def splice(
    note: NoteText,
    owned: dict[str, dt.date | None] | None,
    block: str | None,
    regions: Regions | None = None,
) -> NoteText:
    """The note with its owned keys set (None: leave keys alone; a None value: remove the key)
    and its block replaced, appended or removed (`block` None: no block). `regions` are the
    note's as parsed; they are found again when not given."""
    lines = split_lines(note.text)
    if regions is None:
        regions = locate(lines, tuple(owned or ()))  # no keys to set: none to find
    if regions.block is not None:
        begin, end = regions.block.begin, regions.block.end
        if block is None:
            _remove_block(lines, begin, end)
        else:
            eol = "\r" if lines[begin].endswith("\r") else ""
            end_eol = "\r" if lines[end].endswith("\r") else ""
            lines[begin : end + 1] = [
                BEGIN_MARKER + eol,
                *(line + eol for line in block.split("\n")),
                end_marker(block) + end_eol,
            ]
    elif block is not None:
        if regions.open_at_end:
            raise note_error(
                "E_OPEN_AT_END",
                f"note ends inside an open {_OPEN_NAMES[regions.open_at_end]}",
                "close it at the end of the note, then run vaultrel again",
                len(lines),
            )
        _append_block(lines, block)
    if owned is not None:
        _set_keys(lines, owned, regions)
    return NoteText("\n".join(lines), note.bom)


_OPEN_NAMES = {
    "fence": "code fence",
    "<!--": "HTML comment",
    "%%": "%% comment",
    "$$": "math block",
}


def _remove_block(lines: list[str], begin: int, end: int) -> None:
    """Remove the block with the blank line before it; a block ending the note without a line
    break also takes the line break before it, which was added with it (see `_append_block`)."""
    start = begin - 1 if begin > 0 and _blank(lines[begin - 1]) else begin
    added_cr = lines[begin].endswith("\r")
    del lines[start : end + 1]
    if start == len(lines) and start > 0 and added_cr:  # the LF went with the block's lines
        lines[-1] = lines[-1].removesuffix("\r")


def _append_block(lines: list[str], block: str) -> None:
    """Append the block after one blank line. A note without a final line break gets one
    before the blank line, and the block then ends without one: the note keeps the absence of
    its final newline, and removing the block gives back its exact bytes (DESIGN §4, 2)."""
    cr = line_ending(lines, len(lines) - 1)[:-1]  # that of the note's last line
    text_lines = [line + cr for line in (BEGIN_MARKER, *block.split("\n"), end_marker(block))]
    if lines == [""]:
        lines[:] = [*text_lines, ""]
    elif lines[-1] == "":
        lines[-1:] = [cr, *text_lines, ""]
    else:
        lines[-1] += cr
        lines += [cr, *text_lines]
        lines[-1] = lines[-1].removesuffix("\r")


def _set_keys(lines: list[str], owned: dict[str, dt.date | None], regions: Regions) -> None:
    """Set the owned keys, line by line (the block, if edited, lies below the front-matter)."""
    wanted = {key: f"{key}: {value.isoformat()}" for key, value in owned.items() if value}
    close = regions.front_close
    if close is None:
        if wanted:
            cr = line_ending(lines, 0)[:-1]
            lines[0:0] = [f"---{cr}", *(line + cr for line in wanted.values()), f"---{cr}"]
        return
    present = {key for key, _, _ in regions.key_spans}
    cr = "\r" if lines[close].endswith("\r") else ""
    lines[close:close] = [wanted[key] + cr for key in wanted if key not in present]
    # A front-matter left without keys stays: the text cannot tell whether vaultrel or the
    # user wrote it, and two copies of a vault must give the same bytes (DESIGN §4, 1).
    for key, first, last in sorted(regions.key_spans, key=lambda span: -span[1]):
        if key in wanted:
            line_cr = "\r" if lines[last].endswith("\r") else ""
            lines[first : last + 1] = [wanted[key] + line_cr]
        else:
            del lines[first : last + 1]


def user_text(note: NoteText, owned_keys: tuple[str, ...], regions: Regions | None = None) -> str:
    """The note without the owned key lines and the block: all that vaultrel may never change.

    A front-matter holding only owned keys goes too (vaultrel creates one where there was none),
    and so does one final line break (a block ending a note takes the one before it).
    """
    lines = split_lines(note.text)
    if regions is None:
        regions = locate(lines, owned_keys)
    drop: set[int] = set()
    if regions.block is not None:
        begin = regions.block.begin
        if begin > 0 and _blank(lines[begin - 1]):
            begin -= 1
        drop.update(range(begin, regions.block.end + 1))
    if regions.front_close is not None:
        for _, first, last in regions.key_spans:
            drop.update(range(first, last + 1))
        if all(index in drop for index in range(1, regions.front_close)):
            drop.update((0, regions.front_close))
    text = "\n".join(line for index, line in enumerate(lines) if index not in drop)
    return ("\ufeff" if note.bom else "") + text.removesuffix("\n").removesuffix("\r")


def _blank(line: str) -> bool:
    """A blank line as CommonMark has it: spaces and tabs only (not NBSP or U+3000)."""
    return not line.strip(" \t\r")
