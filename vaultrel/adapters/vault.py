"""Finding the vault root (DESIGN §2) and listing its notes, attachments and sync leftovers."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.fs import Signature, is_temp
from vaultrel.config import CONFIG_FILE, Config
from vaultrel.core.dailynames import DEFAULT_FORMAT, name_pattern
from vaultrel.core.filenames import RECOVERED
from vaultrel.errors import Problem, UsageError, warning

_ARTIFACT = re.compile(
    r".*\.sync-conflict-.*|.* \((?i:conflicted copy) .*|.* \(Case Conflict.*|.*~|\.#.*|~\$.*|4913"
    rf"|.*{re.escape(RECOVERED)}.*"
)


def is_artifact(name: str) -> bool:
    """Sync-conflict copies, editor leftovers and vaultrel's own recovered copies: never
    notes (DESIGN §2, RELIABILITY R10)."""
    # Every name _ARTIFACT matches is 4913 or passes this first test, which costs a third of
    # the regex (and every file of the vault is tested): keep the two in step.
    if "~" in name or " (" in name or ".sync-conflict-" in name or name[:2] == ".#":
        return bool(_ARTIFACT.fullmatch(name))
    return name == "4913"


def find_root(vault: str | None, cwd: Path) -> Path:
    """`--vault` / `VAULTREL_VAULT`, else the nearest marked ancestor, else the working folder."""
    if vault is None:
        vault = os.environ.get("VAULTREL_VAULT") or None
    if vault is not None:
        root = Path(vault).expanduser()
    else:
        root = next(
            (
                p
                for p in (cwd, *cwd.parents)
                if (p / ".obsidian").is_dir() or (p / CONFIG_FILE).is_file()
            ),
            cwd,
        )
    if not root.is_dir():
        raise _invalid(str(root), "is not a folder")
    resolved = root.resolve()
    marked = (resolved / ".obsidian").is_dir() or (resolved / CONFIG_FILE).is_file()
    if resolved == Path(resolved.anchor) or (resolved == Path.home().resolve() and not marked):
        raise _invalid(str(root), "is the file-system root or your home folder, not a vault")
    return resolved


def _invalid(path: str, what: str) -> UsageError:
    return UsageError(
        Problem(
            path, None, "E_VAULT_INVALID", f"vault {what}", "point --vault at your vault's folder"
        )
    )


def template_folders(root: Path, config: Config) -> list[str]:
    """The configured templates folder, and Obsidian's (from `.obsidian/templates.json`)."""
    folders = [config.folders.templates]
    try:
        obsidian = json.loads((root / ".obsidian" / "templates.json").read_text("utf-8"))
        folder = str(obsidian.get("folder", "")).strip().strip("/")
        if folder and folder not in folders:
            folders.append(folder)
    except (OSError, ValueError, AttributeError):
        pass
    return folders


DAILY_SETTINGS = ".obsidian/daily-notes.json"


def daily_note_format(root: Path) -> tuple[str, list[Problem]]:
    """The file-name format of Obsidian's daily notes (`.obsidian/daily-notes.json`), and a
    warning when it is one vaultrel cannot read (the default format is used then)."""
    where = DAILY_SETTINGS
    fmt = str(_daily_settings(root).get("format") or "").strip() or DEFAULT_FORMAT
    try:
        name_pattern(fmt)
    except ValueError as exc:
        problem = warning(
            where,
            None,
            "W_DAILY_FORMAT",
            f"daily-note format {fmt!r}: {exc}",
            f"use those tokens; until then daily notes are dated by {DEFAULT_FORMAT}",
        )
        return DEFAULT_FORMAT, [problem]
    return fmt, []


def daily_note_settings(root: Path) -> tuple[str, str]:
    """The folder and the template (a vault path without `.md`, "" for none) that Obsidian's
    daily-note settings name (`.obsidian/daily-notes.json`); "" each when unset."""
    settings = _daily_settings(root)
    folder = str(settings.get("folder") or "").strip().strip("/")
    template = str(settings.get("template") or "").strip().strip("/")
    return folder, template.removesuffix(".md")


def _daily_settings(root: Path) -> dict[str, object]:
    """Obsidian's daily-note settings as written; {} when there are none or they cannot be
    read (Obsidian's defaults apply then)."""
    try:
        settings = json.loads((root / DAILY_SETTINGS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return settings if isinstance(settings, dict) else {}


@dataclass
class Listing:
    """Vault-relative paths: notes (`*.md`), other files (link targets), and leftovers."""

    notes: list[str] = field(default_factory=list)
    stats: dict[str, Signature] = field(default_factory=dict)  # of notes, links not followed
    attachments: list[str] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: frozenset[str] = frozenset()  # folders holding no notes (ignored, templates)
    temps: list[str] = field(default_factory=list)  # vaultrel's temp files (R6), if any left
    taken_ns: int = 0  # when the listing began: a stat taken after it is racy within a tick


def is_listed(path: str, skipped: frozenset[str]) -> bool:
    """Whether `list_vault` would list this vault-relative path (as a note or another file):
    no dot-file or dot-folder on the way, not in a skipped folder, not a leftover."""
    parts = path.split("/")
    if any(part.startswith(".") or not part for part in parts) or is_artifact(parts[-1]):
        return False
    return not any("/".join(parts[:depth]) in skipped for depth in range(1, len(parts)))


def _links_to_folder(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=dir_fd).st_mode)
    except OSError:  # a link loop, or dangling: reading it as a note reports it
        return False


_ROOT_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC  # the root may be reached by a link


def list_vault(root: Path, config: Config) -> Listing:
    """Walk the vault without following directory links, skipping dot-folders and ignored ones.
    The files of the templates folders are listed as other files: never notes, yet link
    targets, as in Obsidian (`![[People.base]]` kept in `Templates/`)."""
    ignored = frozenset(f.strip("/") for f in config.folders.ignore)
    templates = frozenset(f.strip("/") for f in template_folders(root, config))
    listing = Listing(skipped=ignored | templates, taken_ns=fs.now_ns())
    stack = [("", False)]
    while stack:
        folder, in_templates = stack.pop()
        try:  # a folder is opened as the folder it was listed as, never through a link
            dir_fd = fs.open_dir(str(root / folder)) if folder else os.open(root, _ROOT_FLAGS)
        except OSError as exc:
            listing.problems.append(_unreadable(folder, exc))
            continue
        try:
            _list_folder(listing, folder, dir_fd, in_templates, stack, ignored, templates)
        finally:
            os.close(dir_fd)
    listing.notes.sort()
    listing.attachments.sort()
    listing.artifacts.sort()
    return listing


def _unreadable(folder: str, exc: OSError) -> Problem:
    return warning(
        folder or ".",
        None,
        "W_UNREADABLE_FOLDER",
        f"cannot list folder: {exc.strerror}",
        "check its permissions",
    )


def _list_folder(
    listing: Listing,
    folder: str,
    dir_fd: int,
    in_templates: bool,
    stack: list[tuple[str, bool]],
    ignored: frozenset[str],
    templates: frozenset[str],
) -> None:
    """Add the entries of one folder (open at `dir_fd`) to `listing`, its folders to `stack`.
    Every entry is stat'ed relative to the folder (one system call, no path to walk): its
    type, and each note's signature."""
    notes, stats, lstat = listing.notes, listing.stats, fs.lstat  # every file: hot
    prefix = f"{folder}/" if folder else ""
    listed: dict[str, int] | None = None  # the types the folder's listing gives, if needed
    try:
        names = os.listdir(dir_fd)
    except OSError as exc:
        listing.problems.append(_unreadable(folder, exc))
        return
    for name in names:
        path = prefix + name
        if name[0] == ".":
            if is_temp(name):
                listing.temps.append(path)
            continue
        st: os.stat_result | None
        try:
            st = lstat(name, dir_fd)  # through the seam: tests fake coarse mtimes
            kind = stat.S_IFMT(st.st_mode)
        except OSError:  # gone already, or a folder that can be listed but not searched (r--)
            if listed is None:
                listed = _listed_types(dir_fd)
            st, kind = None, listed.get(name, stat.S_IFREG)
        if kind == stat.S_IFDIR:
            if path not in ignored:
                stack.append((path, in_templates or path in templates))
            listing.folders.append(path)
        elif kind == stat.S_IFLNK and _links_to_folder(name, dir_fd):
            listing.problems.append(
                warning(
                    path,
                    None,
                    "W_SYMLINK_DIR",
                    "folder is a symbolic link; vaultrel does not follow it",
                    "move the folder into the vault",
                )
            )
        elif is_artifact(name):
            listing.artifacts.append(path)
        elif name.endswith(".md") and not in_templates:
            notes.append(path)
            if st is not None:  # else reading it says why
                stats[path] = Signature.of(st)
        else:
            listing.attachments.append(path)


def _listed_types(dir_fd: int) -> dict[str, int]:
    """Each entry's type as the folder's listing gives it (no stat), by name."""
    types = {}
    with contextlib.suppress(OSError), os.scandir(dir_fd) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    types[entry.name] = stat.S_IFDIR
                elif entry.is_symlink():
                    types[entry.name] = stat.S_IFLNK
    return types


def sweep_temps(root: Path, temps: list[str], older_than_s: float = 600) -> None:
    """Remove temp files a killed vaultrel left behind (R11); only ours, only old ones (a
    younger one may belong to a write in progress)."""
    cutoff = time.time() - older_than_s
    for path in temps:
        with contextlib.suppress(OSError):
            if os.lstat(root / path).st_mtime < cutoff:
                os.unlink(root / path)
