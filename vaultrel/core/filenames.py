"""Portable file names: what a vault synced to Windows or macOS can hold (RELIABILITY B41), and
the invisible characters a created note's name must not hold (DESIGN §4)."""

from __future__ import annotations

import unicodedata

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in "123456789")]
)
# Control and format characters (bidi controls, zero-width spaces and joiners, soft hyphen…)
# and the line and paragraph separators: they hide in a name, or reorder how it shows.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ZWJ = "\u200d"
_BLACK_FLAG = "\U0001f3f4"  # starts a subdivision flag: 🏴 + tag letters + U+E007F
_TAGS = range(0xE0020, 0xE0080)


def is_portable(name: str) -> bool:
    """No trailing space or dot, and not a Windows device name (`CON`, `aux.md`, `com1.txt`)."""
    return not name.endswith((" ", ".")) and name.split(".")[0].lower() not in _WINDOWS_RESERVED


def hidden_characters(name: str) -> list[str]:
    """The invisible characters of `name` (categories Cc, Cf, Zl, Zp), as `U+XXXX`; a zero-width
    joiner between two emoji (`👩‍💻`) and the tags of a subdivision flag belong to the emoji
    and are not counted."""
    return list(dict.fromkeys(f"U+{ord(name[i]):04X}" for i in _hidden(name)))


def visible(name: str, mark: bool = False) -> str:
    """`name` without its invisible characters: what a reader sees; with `mark`, each is
    shown as `<U+XXXX>` instead (for messages: a bidi control would reorder the terminal)."""
    hidden = set(_hidden(name))
    return "".join(
        (f"<U+{ord(c):04X}>" if mark else "") if i in hidden else c for i, c in enumerate(name)
    )


def _hidden(name: str) -> list[int]:
    return [
        index
        for index, char in enumerate(name)
        if unicodedata.category(char) in _INVISIBLE and not _in_emoji(name, index)
    ]


def _in_emoji(name: str, index: int) -> bool:
    char = name[index]
    if char == _ZWJ:
        before = name[:index].rstrip("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
        after = name[index + 1 : index + 2]
        return bool(before and after) and _is_emoji(before[-1]) and _is_emoji(after)
    if ord(char) in _TAGS:
        head = name[:index].rstrip("".join(map(chr, _TAGS)))
        return head.endswith(_BLACK_FLAG)
    return False


def _is_emoji(char: str) -> bool:
    """Pictographs and symbols (category So): every emoji a ZWJ sequence joins is one."""
    return unicodedata.category(char) == "So"


RECOVERED = " (vaultrel recovered "  # in the name of a file keeping an edit made during a write


def recovered_name(name: str, stamp: str) -> str:
    """The name of the file beside the note `name` that keeps an edit made while vaultrel
    wrote it (RELIABILITY R10); like a sync-conflict copy, it is never read as a note."""
    return f"{name.removesuffix('.md')}{RECOVERED}{stamp}).md"


def recovered_from(name: str) -> str | None:
    """The name of the note a recovered file was kept beside; None for any other name."""
    stem, found, rest = name.partition(RECOVERED)
    return f"{stem}.md" if found and rest.endswith(").md") else None
