"""Bytes ↔ text for notes: strict UTF-8, the BOM kept aside, lines split on LF only."""

from __future__ import annotations

from dataclasses import dataclass

from vaultrel.errors import note_error

BOM = b"\xef\xbb\xbf"
MAX_NOTE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NoteText:
    """A note's text without its BOM; `encode()` gives back the exact bytes."""

    text: str
    bom: bool

    def encode(self) -> bytes:
        data = self.text.encode("utf-8")
        return BOM + data if self.bom else data


def decode(data: bytes) -> NoteText:
    """Decode a note's bytes, refusing anything that is not plain UTF-8 text."""
    if len(data) > MAX_NOTE_BYTES:
        raise note_error("E_TOO_LARGE", "note is larger than 10 MiB", "split the note")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise note_error(
            "E_ENCODING", "note is UTF-16, which is not supported", "re-save the note as UTF-8"
        )
    if b"\x00" in data:
        raise note_error("E_BINARY", "note contains NUL bytes", "this is not a text note")
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM) if bom else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise note_error(
            "E_ENCODING",
            f"invalid UTF-8 at byte {offset} ({exc.reason})",
            "re-save the note as UTF-8",
            line=line,
        ) from None
    return NoteText(text, bom)


def split_lines(text: str) -> list[str]:
    """Lines split on LF only, each keeping a trailing CR; `"\\n".join` gives the text back.

    A text ending in a line break yields a last, empty element.
    """
    return text.split("\n")


def line_ending(lines: list[str], near: int | None = None) -> str:
    """The line ending to use for a new line: that of the neighbouring line, else the majority."""
    if near is not None:
        for index in (near, near - 1, near + 1):
            if 0 <= index < len(lines) - 1:
                return "\r\n" if lines[index].endswith("\r") else "\n"
    crlf = sum(1 for line in lines[:-1] if line.endswith("\r"))
    return "\r\n" if crlf * 2 > len(lines) - 1 and crlf else "\n"
