"""The index run: read → parse → resolve → derive → render → splice → write.

`index_vault` is the library's entry point; `vaultrel index` calls it, and `vaultrel watch`
will call it for each batch of changed notes.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from vaultrel.adapters import fs
from vaultrel.adapters.templates import fill, load_template
from vaultrel.adapters.vault import list_vault, template_folders
from vaultrel.adapters.writer import Write, Writer, check_path
from vaultrel.config import Config, load_config
from vaultrel.core.derive import derive
from vaultrel.core.graph import Graph, build_graph
from vaultrel.core.model import Kind, Layout, Note
from vaultrel.core.notes import kind_of, parse_note
from vaultrel.core.render import Renderer, owned_line
from vaultrel.core.resolve import fold
from vaultrel.core.scan import block_hash
from vaultrel.core.splice import splice, user_text
from vaultrel.core.text import NoteText, decode
from vaultrel.errors import NoteError, Problem, note_error, warning

Mode = Literal["write", "dry_run", "check"]
Progress = Callable[[int, int], None]
_UNSAFE_NAME = set('/\\:*?"<>|')


@dataclass
class IndexResult:
    """What an index run saw and did (DESIGN §5.1 "Index summary")."""

    notes: int = 0
    people: int = 0
    conversations: int = 0
    written: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


@dataclass
class _Source:
    text: NoteText
    signature: fs.Signature | None  # None for a note this run creates


def index_vault(
    root: Path,
    config: Config | None = None,
    mode: Mode = "write",
    progress: Progress | None = None,
) -> IndexResult:
    """Index the vault at `root` and write back (or, in dry_run/check, only say what would be)."""
    started = time.perf_counter()
    config = config or load_config(root)
    run = _Run(root, config, progress)
    result = run.execute(mode)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


class _Run:
    def __init__(self, root: Path, config: Config, progress: Progress | None) -> None:
        self.root = root
        self.config = config
        self.layout = config.layout()
        self.progress = progress or (lambda done, total: None)
        self.sources: dict[str, _Source] = {}
        self.notes: dict[str, Note] = {}
        self.problems: list[Problem] = []

    def execute(self, mode: Mode) -> IndexResult:
        listing = list_vault(self.root, self.config)
        self.problems += listing.problems
        total = len(listing.notes)
        for done, path in enumerate(listing.notes, 1):
            self._read(path)
            if done % 500 == 0:
                self.progress(done, total)
        graph = build_graph(self.notes.values(), listing.attachments)
        created = self._create_missing_people(graph, listing.attachments + listing.artifacts)
        if created:
            graph = build_graph(self.notes.values(), listing.attachments)
        self.problems += graph.problems
        writes = self._render(graph)
        result = IndexResult(
            notes=len(self.notes) - len(created),
            people=sum(1 for n in self.notes.values() if n.kind is Kind.PERSON),
            conversations=sum(1 for n in self.notes.values() if n.kind is Kind.CONVERSATION),
        )
        result.created = sorted(w.path for w in writes if w.expected is None)
        changed = sorted(w.path for w in writes if w.expected is not None)
        if mode == "write" and writes:
            writer = Writer(self.root)
            writer.write(writes)
            self.problems += writer.problems
            succeeded = set(writer.written)
            result.created = [p for p in result.created if p in succeeded]
            changed = [p for p in changed if p in succeeded]
        result.written = changed
        result.unchanged = result.notes - len(changed)
        result.problems = sorted(set(self.problems))
        return result

    def _read(self, path: str) -> None:
        try:
            data, st = _read_note(self.root, path)
            text = decode(data)
        except NoteError as exc:
            self.problems.append(exc.problem.at(path))
            self.notes[path] = Note(path, kind_of(path, {}, self.layout), writable=False)
            return
        note = parse_note(path, text, self.layout)
        self.sources[path] = _Source(text, fs.Signature.of(st))
        self.notes[path] = note
        self.problems += note.problems

    def _create_missing_people(self, graph: Graph, others: list[str]) -> list[str]:
        """Person notes for participants who have none (DESIGN §4), from the person template."""
        taken = {fold(path) for path in [*self.notes, *others]}
        by_name: dict[str, tuple[str, list[tuple[str, int]]]] = {}
        for target, refs in sorted(graph.missing.items(), key=lambda item: min(item[1])):
            name = unicodedata.normalize("NFC", target.strip()).removesuffix(".md")
            by_name.setdefault(fold(name), (name, []))[1].extend(refs)
        created = []
        template: str | None = None
        for name, refs in by_name.values():
            path = f"{self.config.folders.people}/{name}.md"
            reason = _why_not_creatable(name, path, taken)
            if reason:
                source, line = min(refs)
                self.problems.append(
                    warning(
                        source,
                        line,
                        "W_PERSON_NOT_CREATED",
                        f"participant [[{name}]] has no note and will not be created: {reason}",
                        "create the person note yourself, or fix the link",
                    )
                )
                continue
            if template is None:
                template = load_template(
                    "person", self.root, template_folders(self.root, self.config)
                )
            dates = [d for s, _ in refs if (d := self.notes[s].date) is not None]
            text = fill(
                template,
                {"name": name, "title": name, "date": min(dates).isoformat() if dates else ""},
            )
            note_text = NoteText(text, False)
            self.sources[path] = _Source(note_text, None)
            note = parse_note(path, note_text, self.layout)
            self.notes[path] = note if note.kind is Kind.PERSON else replace(note, kind=Kind.PERSON)
            taken.add(fold(path))
            created.append(path)
        return created

    def _render(self, graph: Graph) -> list[Write]:
        facts = derive(graph)
        markdown_links, path_style = _link_style(self.root, self.config)
        renderer = Renderer(graph, facts, self.layout, markdown_links, path_style)
        writes = []
        for path in sorted(self.notes):
            note = self.notes[path]
            if note.kind is Kind.PLAIN or path not in self.sources:
                continue
            block = renderer.block(note)
            owned = renderer.owned_values(note) if note.kind is Kind.PERSON else None
            source = self.sources[path]
            if source.signature is not None and _up_to_date(note, block, owned):
                continue
            if not note.writable:
                continue
            try:
                new = splice(source.text, owned, block)
                _guard(path, source.text, new, self.layout)
            except NoteError as exc:
                self.problems.append(exc.problem.at(path))
                continue
            data = new.encode()
            if source.signature is None or data != source.text.encode():
                writes.append(Write(path, data, source.signature))
        return writes


def _read_note(root: Path, path: str) -> tuple[bytes, os.stat_result]:
    full = root / path
    try:
        return fs.read_file(str(full))
    except IsADirectoryError:
        raise note_error("E_NOT_REGULAR", "not a regular file", "remove or rename it") from None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise note_error("E_IO", f"cannot read: {exc.strerror}", "check the file") from None
    try:
        target = full.resolve(strict=True)
    except (OSError, RuntimeError):
        raise note_error("E_SYMLINK_LOOP", "symbolic link loop", "remove the link") from None
    if not target.is_relative_to(root):
        raise note_error(
            "E_SYMLINK_OUTSIDE",
            "note is a link to a file outside the vault",
            "move the file into the vault",
        )
    return fs.read_file(str(target))


def _why_not_creatable(name: str, path: str, taken: set[str]) -> str | None:
    if not name or name.startswith(".") or "/" in name or ".." in name:
        return "only a bare name can become a note"
    if _UNSAFE_NAME.intersection(name) or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return 'the name contains one of / \\ : * ? " < > | or a control character'
    if len(name.encode("utf-8")) > 200:
        return "the name is longer than 200 bytes"
    if fold(path) in taken:
        return "a file with that name, in another case or Unicode form, exists"
    try:
        check_path(path)
    except NoteError as exc:
        return exc.problem.message
    return None


def _up_to_date(note: Note, block: str | None, owned: dict[str, dt.date | None] | None) -> bool:
    if note.block is None:
        if block is not None:
            return False
    elif block is None or note.block.content != block or note.block.hash != block_hash(block):
        return False
    if owned is None:
        return True
    wanted = {key: owned_line(key, value) for key, value in owned.items() if value}
    return dict(note.owned) == wanted


def _guard(path: str, old: NoteText, new: NoteText, layout: Layout) -> None:
    """R4: the new text changes nothing outside the owned regions and parses cleanly."""
    keys = layout.owned_keys
    reparsed = parse_note(path, new, layout)
    if user_text(old, keys) != user_text(new, keys) or any(
        problem.code.startswith(("E_MARKER", "E_OWNED", "E_FM")) for problem in reparsed.problems
    ):
        raise note_error(
            "E_INTERNAL_GUARD",
            "vaultrel's own output failed its safety check; nothing was written",
            "please report this with the note's text",
        )


def _link_style(root: Path, config: Config) -> tuple[bool, str]:
    """Markdown links or wikilinks, and Obsidian's path style, from the config and app.json."""
    try:
        app = json.loads((root / ".obsidian" / "app.json").read_text("utf-8"))
        if not isinstance(app, dict):
            app = {}
    except (OSError, ValueError):
        app = {}
    style = config.links.style
    markdown = app.get("useMarkdownLinks") is True if style == "auto" else style == "markdown"
    path_style = app.get("newLinkFormat", "shortest")
    return markdown, path_style if path_style in (
        "shortest",
        "relative",
        "absolute",
    ) else "shortest"
