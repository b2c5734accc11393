"""Portable file names: what a vault synced to Windows or macOS can hold (RELIABILITY B41)."""

from __future__ import annotations

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in "123456789")]
)


def is_portable(name: str) -> bool:
    """No trailing space or dot, and not a Windows device name (`CON`, `aux.md`, `com1.txt`)."""
    return not name.endswith((" ", ".")) and name.split(".")[0].lower() not in _WINDOWS_RESERVED
