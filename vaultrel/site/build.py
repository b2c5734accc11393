"""Building the site folder: read the notes' text, render the pages, write the ones that differ.

The folder is the site's own: it is never inside the vault's note folders (a dot-folder such as
`.vaultrel/site/` is fine: no note lives there and `vaultrel watch` ignores it), and a folder
that holds other files than a previous site's is refused rather than mixed into.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import markdown_it

from vaultrel.adapters import fs, state
from vaultrel.adapters.cores import map_on_cores
from vaultrel.adapters.reader import read_bytes
from vaultrel.adapters.state import STATE_DIR
from vaultrel.core.frontmatter import find_front_matter
from vaultrel.core.graph import Graph
from vaultrel.core.model import Note
from vaultrel.core.text import NoteText, decode, split_lines
from vaultrel.engine import Reading, without_cyclic_gc
from vaultrel.errors import NoteError, Problem, UsageError
from vaultrel.site import markup
from vaultrel.site.markup import Context, render
from vaultrel.site.pages import (
    NOTES,
    Site,
    has_page,
    index_page,
    note_page,
    page_file,
    page_finder,
)

MARKER = ".vaultrel-site"  # says the folder is a site vaultrel made, which it may rewrite
CACHE = ".rendered.json"  # the notes as last rendered, so that a build renders only what changed
ASSETS = ("style.css", "site.js")
SITE_DIR = "site"  # the default site folder, in the state folder
# path → (SHA-256 of the note's text, its HTML, the page each link target looked up led to)
Cache = dict[str, tuple[str, str, dict[str, str | None]]]
PARALLEL_FROM = 1000  # pages: below this, forking workers costs more than it saves


@dataclass
class Built:
    """What a build did: pages written (paths in the site folder), unchanged, removed."""

    folder: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def default_folder(root: Path) -> Path:
    """`.vaultrel/site/`, made if missing; UsageError when a link is on the way to it."""
    fs.close(state.open_state(root, SITE_DIR, create=True))
    return root / STATE_DIR / SITE_DIR


def build_site(vault: Reading, folder: Path, today: dt.date) -> Built:
    """Write the site of the vault as read into `folder`; only changed files."""
    with without_cyclic_gc():  # rendering makes millions of short-lived tokens
        return _build(vault, folder, today)


def _build(vault: Reading, folder: Path, today: dt.date) -> Built:
    graph = vault.graph
    check_folder(vault.root, folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NOTES).mkdir(exist_ok=True)
    rendered = _bodies(vault.root, graph, vault.texts, _load_cache(folder))
    bodies = {path: body for path, (_, body, _) in rendered.items()}
    site = Site(vault.root.name, graph, vault.facts, bodies, today)
    built = Built(folder)
    _write_if_changed(folder / MARKER, b"")
    files = {
        name: resources.files(__package__).joinpath("static", name).read_bytes() for name in ASSETS
    }
    files["index.html"] = index_page(site).encode("utf-8")
    for name, data in files.items():
        _count(built, name, _write_if_changed(folder / name, data))

    existing = {f"{NOTES}/{entry.name}" for entry in os.scandir(folder / NOTES)}

    def write_page(path: str) -> tuple[str, bool]:
        name, text = note_page(site, path)
        return name, _write_if_changed(folder / name, text.encode("utf-8"), name in existing)

    paths = sorted(bodies)  # the notes that have a page: their bodies were just rendered
    for name, written in map_on_cores(paths, write_page, write_page, tuple, PARALLEL_FROM):
        _count(built, name, written)
    built.written.sort()
    _write_if_changed(folder / CACHE, _cache_bytes(rendered))
    built.removed = _remove_stale(folder, {f"{NOTES}/{page_file(path)}" for path in paths})
    return built


def _count(built: Built, name: str, written: bool) -> None:
    if written:
        built.written.append(name)
    else:
        built.unchanged += 1


def check_folder(root: Path, folder: Path) -> None:
    """Refuse a folder among the vault's notes, or one holding files of another kind."""
    root, target = root.resolve(), folder.resolve()
    if target == root or (
        target.is_relative_to(root)
        and not any(part.startswith(".") for part in target.relative_to(root).parts)
    ):
        raise _refused(str(folder), "is inside the vault's notes", "use a folder outside the vault")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise _refused(
            str(folder), "holds files that are not a vaultrel site", "choose an empty folder"
        )
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for entry in entries:  # pages written and stale ones removed wherever a link leads
            if entry.is_symlink():
                wanted = "folder" if entry.is_dir() else "file"
                raise state.refused(str(folder / entry.name), fs.lstat(entry.path), wanted)


def _refused(path: str, what: str, hint: str) -> UsageError:
    return UsageError(Problem(path, None, "E_SITE_FOLDER", f"site folder {what}", hint))


def _bodies(root: Path, graph: Graph, texts: Mapping[str, NoteText], cache: Cache) -> Cache:
    """Every page's note text as HTML (a person page shows many of them), rendered again only
    when the text, or a page one of its links leads to, changed since `cache`. `texts`: the
    notes the indexer read and kept, not read again."""
    finder = page_finder(graph)

    def body(path: str) -> tuple[str, tuple[str, str, dict[str, str | None]]]:
        text = note_text(root, graph.notes[path], texts.get(path))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        before = cache.get(path)
        if (
            before
            and before[0] == digest
            and all(finder(target, path) == page for target, page in before[2].items())
        ):
            return path, before
        context = Context(path, finder, page_file(path).removesuffix(".html"))
        return path, (digest, render(text, context), context.pages)

    paths = [path for path in sorted(graph.notes) if has_page(graph, path)]
    return dict(map_on_cores(paths, body, body, tuple, PARALLEL_FROM))


def _load_cache(folder: Path) -> Cache:
    """The notes rendered by the last build, if it rendered them the way this one would."""
    try:
        data = json.loads((folder / CACHE).read_bytes())
        if data["renderer"] == _renderer():
            return {path: (d, h, p) for path, (d, h, p) in data["notes"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return {}


def _cache_bytes(bodies: Cache) -> bytes:
    notes = {path: list(entry) for path, entry in sorted(bodies.items())}
    return json.dumps({"renderer": _renderer(), "notes": notes}, ensure_ascii=False).encode()


def _renderer() -> str:
    """What rendering depends on besides the notes: this code and markdown-it-py's."""
    source = Path(markup.__file__).read_bytes()
    return f"{hashlib.sha256(source).hexdigest()[:16]} markdown-it-py {markdown_it.__version__}"


def note_text(root: Path, note: Note, read: NoteText | None = None) -> str:
    """The note's text as the user wrote it: no front-matter, no generated block. Empty when
    it cannot be read (the problem is reported by the indexer) or does not exist yet. `read`:
    the text the note was parsed from, when it is at hand."""
    try:
        if read is None:
            read = decode(read_bytes(root, note.path)[0])
        lines = split_lines(read.text)
        block = note.block
        if block is not None:
            lines = lines[: block.begin] + lines[block.end + 1 :]
        start = find_front_matter(lines)
    except NoteError:
        return ""
    return "\n".join(lines[start + 1 if start is not None else 0 :])


def _write_if_changed(path: Path, data: bytes, exists: bool = True) -> bool:
    """Write `data` unless the file already holds exactly it; whether it was written.
    `exists=False` says the file is known to be absent: nothing to compare or replace."""
    if not exists:
        _create(path, data)
        return True
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    fs.replace_file(path, data)  # a server never sends half a page
    return True


def _create(path: Path, data: bytes) -> None:
    """Write a new file in three system calls (`Path.write_bytes` makes six): a site is
    thousands of them."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _remove_stale(folder: Path, keep: set[str]) -> list[str]:
    """Pages of notes that are gone (only the site's own page files are ever removed)."""
    fd = fs.open_dir(str(folder / NOTES))  # never through a link
    try:
        with os.scandir(fd) as entries:
            stale = sorted(
                entry.name
                for entry in entries
                if entry.name.endswith(".html") and f"{NOTES}/{entry.name}" not in keep
            )
        for name in stale:
            fs.unlink(name, fd)
    finally:
        fs.close(fd)
    return [f"{NOTES}/{name}" for name in stale]
