"""`vaultrel mv OLD NEW`: rename a note and rewrite every link to it (core.rename decides).

Takes no lock (DESIGN §5): each note goes through the writer's full recipe, so a running
`watch` sees the changes as user edits. Refusals (OLD unknown, NEW taken or not a safe name, a
link NEW would capture, a link that cannot be rewritten) write nothing and exit 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.journal import Journal
from vaultrel.adapters.reader import read_bytes
from vaultrel.adapters.writer import Write, Writer, check_path
from vaultrel.config import Config
from vaultrel.core.lookup import find_person
from vaultrel.core.model import Kind, Note
from vaultrel.core.people import why_not_creatable
from vaultrel.core.rename import Edit, Rename
from vaultrel.core.resolve import fold
from vaultrel.core.splice import user_text
from vaultrel.core.text import decode
from vaultrel.errors import NoteError, Problem, UsageError


@dataclass
class Moved:
    """What `move_note` did (or would do): the rename, each line changed, each note written."""

    old: str
    new: str
    edits: list[Edit] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Vault:
    notes: list[Note]  # every note on disk, as parsed
    files: list[str]  # every other file a link may lead to (attachments)
    taken: list[str]  # every path a new note's name may clash with


def _read_vault(root: Path, config: Config) -> _Vault:
    """The vault as it is now. The one place `mv` reads it."""
    from vaultrel.engine import read_vault

    reading = read_vault(root, config)
    listing = reading.listing
    notes = [reading.graph.notes[path] for path in listing.notes if path in reading.graph.notes]
    return _Vault(
        notes, list(listing.attachments), [*listing.notes, *listing.attachments, *listing.artifacts]
    )


def move_note(root: Path, config: Config, old: str, new: str, dry_run: bool = False) -> Moved:
    vault = _read_vault(root, config)
    old_path = _old_path(old, vault.notes)
    new_path = _new_path(new, old_path)
    wanted = fold(new_path)
    clash = [path for path in vault.taken if fold(path) == wanted and path != old_path]
    if clash or (fold(old_path) != wanted and (root / new_path).exists()):
        raise _refused(new, "E_EXISTS", f"{clash[0] if clash else new_path} exists", "")
    if new_path == old_path:
        raise _refused(new, "E_EXISTS", "the note already has this name", "")
    rename = Rename(
        [n.path for n in vault.notes] + vault.files, _aliases(vault.notes), old_path, new_path
    )
    captures = rename.captures(vault.notes)
    if captures:
        raise UsageError(*captures)
    moved = Moved(old_path, new_path)
    writes: dict[str, Write] = {}
    for path in rename.sources(vault.notes):
        try:
            data, st = read_bytes(root, path)
            text, edits = rename.rewrite(path, decode(data), config.layout())
        except NoteError as exc:
            raise UsageError(exc.problem.at(path)) from None
        moved.edits += edits
        new_bytes = text.encode()
        if new_bytes != data or path == old_path:  # a link that reads the same is not rewritten
            writes[path] = Write(path, new_bytes, fs.Signature.of(st), data)
    if not dry_run:
        _write(root, moved, writes, config.layout().owned_keys)
    return moved


def _write(root: Path, moved: Moved, writes: dict[str, Write], owned_keys: tuple[str, ...]) -> None:
    """NEW first, then the links, OLD removed last. At every step each link leads to a note
    (OLD or NEW, the same text), so a crash, or a `watch` running meanwhile, never leaves a
    link to a missing note — which `watch` would answer by creating a note for the old name.
    A crash leaves both notes: `check` reports the duplicate, `restore` and the list printed
    tell what was done. Renaming first would leave the old links dangling; rewriting first,
    links to a NEW that does not exist yet."""
    writer = Writer(root, Journal(root, "mv"))
    old = writes.pop(moved.old)
    writer.write([Write(moved.new, old.data, None)])
    if writer.problems:
        raise NoteError(*writer.problems)
    moved.written.append(moved.new)
    writer.write(list(writes.values()))
    moved.written += [path for path in writes if path in writer.written]
    if writer.problems:  # some links still lead to OLD: it stays
        moved.problems += writer.problems
        moved.problems.append(_kept(moved.old))
        return
    writer.remove(_still(root, old, owned_keys))
    moved.problems += writer.problems


def _still(root: Path, old: Write, owned_keys: tuple[str, ...]) -> Write:
    """The removal of OLD as it is now: a running `watch` may have renewed its owned regions
    since it was read (its links went away); any other change is the user's, and keeps it."""
    try:
        data, st = read_bytes(root, old.path)
        before = old.before or b""
        if data != before and user_text(decode(data), owned_keys) == user_text(
            decode(before), owned_keys
        ):
            return Write(old.path, b"", fs.Signature.of(st), data)
    except NoteError:
        pass  # the removal says what is wrong
    return old


def _old_path(given: str, notes: list[Note]) -> str:
    """A vault-relative path (`.md` optional) of a note, else a person's name as `show`
    matches it."""
    paths = {note.path for note in notes}
    for path in (given, given + ".md"):
        if path.strip("/") in paths:
            return path.strip("/")
    match = find_person(given, [n for n in notes if n.kind is Kind.PERSON], prefixes=False)
    if len(match.people) == 1:
        return match.people[0].path
    if match.people:
        listed = ", ".join(person.path for person in match.people)
        raise _refused(
            given, "E_PERSON_AMBIGUOUS", f"fits several notes: {listed}", "give the path"
        )
    raise _refused(
        given,
        "E_NOTE_NOT_FOUND",
        "no note has this path or name",
        "give the note's path in the vault",
    )


def _new_path(given: str, old: str) -> str:
    """A vault-relative path, or a bare name (the folder of OLD); `.md` optional."""
    path = given.strip().removesuffix(".md")
    if "/" not in path:
        folder = old.rpartition("/")[0]
        path = f"{folder}/{path}" if folder else path
    name = path.rpartition("/")[2]
    reason = why_not_creatable(name)
    if reason:
        raise _refused(given, "E_NAME_INVALID", f"cannot be a note's name: {reason}", "")
    try:
        check_path(path + ".md")
    except NoteError as exc:
        raise UsageError(exc.problem.at(given)) from None
    return path + ".md"


def _aliases(notes: list[Note]) -> dict[str, tuple[str, ...]]:
    return {note.path: note.aliases for note in notes if note.aliases}


def _kept(old: str) -> Problem:
    return Problem(
        old,
        None,
        "E_MV_INCOMPLETE",
        "kept: some links to it could not be rewritten (above)",
        "rewrite those links by hand, then delete this note",
    )


def _refused(subject: str, code: str, message: str, hint: str) -> UsageError:
    return UsageError(Problem(subject, None, code, message, hint or "choose another name"))
