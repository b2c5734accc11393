"""Note templates: the vault's templates folder first, then vaultrel's bundled ones.

Templates are filled by plain substitution of a few placeholders, in one pass: note text is
data, never template code (RELIABILITY B56). A value substituted into the front-matter is
written as YAML data (quoted when it would otherwise end the value, start a list, a comment or
another line), so no value can change the front-matter's shape.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import yaml

from vaultrel.adapters.reader import read_bytes
from vaultrel.core.model import Layout, Note
from vaultrel.core.notes import parse_note
from vaultrel.core.text import NoteText
from vaultrel.errors import NoteError, Problem

PLACEHOLDER = re.compile(r"\{\{(name|date|title|with|channel)\}\}")
YAML_TEXT = frozenset({"with", "date"})  # already YAML: a flow list of quoted links, ISO date
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}]*")  # safe unquoted, even in a list
SAMPLED = 20  # notes read to learn the vault's line ending


def load_template(kind: str, root: Path, folders: list[str]) -> str:
    """The text of `<kind>.md` from the vault's templates folders, else the bundled one; its
    line endings as the file has them."""
    for folder in folders:
        candidate = root / folder / f"{kind}.md"
        if candidate.is_file() and not candidate.is_symlink():
            return candidate.read_bytes().decode("utf-8-sig")
    return (resources.files("vaultrel") / "templates" / f"{kind}.md").read_text(encoding="utf-8")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace `{{name}}`-style placeholders with `values` (missing ones become empty), in
    LF text; in the front-matter each value is YAML data (see `_yaml`). Callers check that
    values are one line of visible text."""
    lines = template.replace("\r\n", "\n").split("\n")
    end = _front_matter_end(lines)
    for index, line in enumerate(lines):
        if index < end:
            lines[index] = PLACEHOLDER.sub(lambda m: _yaml(m, values), line)
        else:
            lines[index] = PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), line)
    return "\n".join(lines)


def refuse_unreadable(path: str, text: bytes | NoteText, layout: Layout) -> Note:
    """The note a filled template made, parsed; NoteError when it has an error (broken
    front-matter or markers): a vault's own template may be broken, and a note vaultrel
    creates must read back as it meant it."""
    note = parse_note(path, text, layout)
    broken = [problem for problem in note.problems if problem.code.startswith("E")]
    if broken:
        problem = broken[0]
        message = f"the filled template is not a readable note: {problem.message}"
        raise NoteError(Problem(path, problem.line, problem.code, message, "fix the template"))
    return note


def _front_matter_end(lines: list[str]) -> int:
    """The index of the line closing the front-matter, 0 when there is none."""
    if lines[0].rstrip() != "---":
        return 0
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)


def _yaml(match: re.Match[str], values: dict[str, str]) -> str:
    """A value as YAML at the placeholder's place: escaped inside quotes the template wrote,
    plain when YAML reads it back as the same text, else a double-quoted string."""
    key, value = match.group(1), values.get(match.group(1), "")
    if key in YAML_TEXT or not value:
        return value
    text, start, end = match.string, match.start(), match.end()
    quote = text[start - 1 : start] if start > 0 and text[end : end + 1] == text[start - 1] else ""
    if quote == '"':
        return json.dumps(value, ensure_ascii=False)[1:-1]
    if quote == "'":
        return value.replace("'", "''")
    if _reads_back(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _reads_back(value: str) -> bool:
    if not _PLAIN.fullmatch(value) or value != value.strip() or ": " in value or " #" in value:
        return False
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def line_ending(root: Path, template: str, notes: Iterable[str]) -> str:
    """The line ending of a note created in this vault: CRLF when the template has CRLF line
    endings (a vault kept in CRLF, as git's autocrlf does on Windows, has its templates so
    too); else that of most of the first `SAMPLED` readable `notes` (for a participant, the
    notes linking it; else notes beside the new one, then any), LF when none is known."""
    if _crlf(template.encode()):
        return "\r\n"
    votes = 0
    for path in itertools.islice(notes, SAMPLED):
        try:
            data, _ = read_bytes(root, path)
        except NoteError:
            continue
        votes += 1 if _crlf(data) else -1 if b"\n" in data else 0
    return "\r\n" if votes > 0 else "\n"


def beside(notes: Iterable[str], folder: str) -> list[str]:
    """The notes in `folder` first, then the others: those whose line endings a note created
    in `folder` follows."""
    return sorted(notes, key=lambda path: (not path.startswith(f"{folder}/"), path))


def with_line_ending(text: str, ending: str) -> str:
    """LF text with every line break as `ending`."""
    return text if ending == "\n" else text.replace("\n", ending)


def _crlf(data: bytes) -> bool:
    """Most of the line breaks are CRLF."""
    crlf = data.count(b"\r\n")
    return crlf > 0 and crlf * 2 >= data.count(b"\n")
