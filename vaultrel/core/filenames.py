"""Portable file names: what a vault synced to Windows or macOS can hold (RELIABILITY B41)."""

from __future__ import annotations

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in "123456789")]
)


def is_portable(name: str) -> bool:
    """No trailing space or dot, and not a Windows device name (`CON`, `aux.md`, `com1.txt`)."""
    return not name.endswith((" ", ".")) and name.split(".")[0].lower() not in _WINDOWS_RESERVED


RECOVERED = " (vaultrel recovered "  # in the name of a file keeping an edit made during a write


def recovered_name(name: str, stamp: str) -> str:
    """The name of the file beside the note `name` that keeps an edit made while vaultrel
    wrote it (RELIABILITY R10); like a sync-conflict copy, it is never read as a note."""
    return f"{name.removesuffix('.md')}{RECOVERED}{stamp}).md"


def recovered_from(name: str) -> str | None:
    """The name of the note a recovered file was kept beside; None for any other name."""
    stem, found, rest = name.partition(RECOVERED)
    return f"{stem}.md" if found and rest.endswith(").md") else None
