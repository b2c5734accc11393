"""`vaultrel git setup` and the merge driver it installs (DESIGN §8).

Setup configures the repository holding the vault: a merge driver for `*.md` that merges the
user's text and takes vaultrel's regions whole from one side (see `regions`), hooks that run
`vaultrel index` after a merge or rebase (and, if asked, `vaultrel index --check` before a
commit), `.gitattributes` and `.gitignore` lines. Hooks and the driver name the interpreter
vaultrel runs in, since git does not see the user's virtual environment.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.linefile import with_lines
from vaultrel.adapters.writer import Writer
from vaultrel.config import load_config
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.model import Kind
from vaultrel.core.notes import kind_of
from vaultrel.core.text import NoteText, decode, split_lines
from vaultrel.errors import NoteError, Problem, UsageError
from vaultrel.interop.regions import join_regions, split_regions

DRIVER = "vaultrel"
ATTRIBUTES_LINE = f"*.md merge={DRIVER}"
HOOK_MARK = "# installed by `vaultrel git setup`"


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise UsageError(
            Problem(
                str(cwd),
                None,
                "E_GIT",
                f"git {' '.join(args)} failed: {done.stderr.strip() or done.returncode}",
                "run `vaultrel git setup` inside the git repository that holds the vault",
            )
        )
    return done.stdout.strip()


def setup(vault: Path, python: str, pre_commit: bool) -> list[str]:
    """Configure the repository holding `vault`; returns one line per thing done or kept."""
    vault = vault.resolve()
    _git(vault, "rev-parse", "--show-toplevel")
    command = f"{shlex.quote(python)} -m vaultrel"
    where = f"--vault {shlex.quote(str(vault))}"
    report = [_driver(vault, f"{command} git merge-driver {where} %O %A %B %L %P")]
    report += _vault_files(vault)
    hooks = Path(vault, _git(vault, "rev-parse", "--git-path", "hooks"))
    index = f"{command} index --quiet {where}"
    wanted = {"post-merge": index, "post-rewrite": index}
    if pre_commit:
        wanted["pre-commit"] = f"{command} index --check --quiet {where}"
    for name, line in wanted.items():
        report.append(_hook(hooks / name, line))
    return report


def _driver(vault: Path, command: str) -> str:
    key = f"merge.{DRIVER}.driver"
    current = subprocess.run(
        ["git", "config", "--get", key], cwd=vault, capture_output=True, text=True, check=False
    )
    if current.stdout.strip() == command:
        return f"kept    git config {key}"
    _git(vault, "config", f"merge.{DRIVER}.name", "vaultrel: notes merged, generated parts whole")
    _git(vault, "config", key, command)
    return f"set     git config {key}"


def _vault_files(vault: Path) -> list[str]:
    """`*.md merge=vaultrel` in `.gitattributes`, `.vaultrel/` and its temp files in
    `.gitignore`."""
    from vaultrel.create import gitignore_write

    writes = [w for w in (with_lines(vault, ".gitattributes", [ATTRIBUTES_LINE]),) if w]
    ignore = gitignore_write(vault)
    writes += [ignore] if ignore else []
    writer = Writer(vault)
    writer.write(writes)
    if writer.problems:
        raise NoteError(writer.problems[0])
    done = {w.path for w in writes}
    return [
        f"{'added to' if name in done else 'kept   '} {name}"
        for name in (".gitattributes", ".gitignore")
    ]


def _hook(path: Path, line: str) -> str:
    """Install a hook running `line`, unless a hook of the user's is there (then say what to
    add to it)."""
    text = f"#!/bin/sh\n{HOOK_MARK}\nexec {line}\n"
    if path.exists() and HOOK_MARK not in path.read_text(encoding="utf-8", errors="replace"):
        return f"kept    {path.name} hook (yours): add the line `{line}` to it"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return f"kept    {path.name} hook"
    path.parent.mkdir(parents=True, exist_ok=True)
    fs.replace_file(path, text.encode("utf-8"), chmod=0o755)
    return f"set     {path.name} hook: {line}"


def merge_driver(vault: Path, files: tuple[Path, Path, Path], marker_size: int, path: str) -> int:
    """Merge `(base, ours, theirs)` of the note at repository path `path` into `ours`, as git's
    merge driver: 0 when clean, 1 with conflicts (marked in `ours`). A note whose regions cannot
    be read is merged by git's own line merge."""
    base, ours, theirs = files
    texts = [file.read_bytes() for file in files]
    try:
        notes = [decode(data) for data in texts]
        keys = _owned_keys(vault.resolve(), Path(path), notes[1], notes[2])
        parts = [split_regions(note, keys) for note in notes]
    except NoteError:
        return _merge_file(ours, base, theirs, marker_size)
    with tempfile.TemporaryDirectory(prefix="vaultrel-merge-") as folder:
        stripped = []
        for name, (note, _) in zip(("base", "ours", "theirs"), parts, strict=True):
            stripped.append(Path(folder, name))
            stripped[-1].write_bytes(note.encode())
        code = _merge_file(stripped[1], stripped[0], stripped[2], marker_size)
        merged = stripped[1].read_bytes()
    try:
        result = join_regions(decode(merged), parts[1][1], parts[2][1]).encode()
    except NoteError:
        result = merged  # conflict markers where regions go: `vaultrel index` restores them
    ours.write_bytes(result)
    return code


def _owned_keys(vault: Path, path: Path, *sides: NoteText) -> tuple[str, ...] | None:
    """The owned key names when the note is a person note on either side, else None."""
    config = load_config(vault)
    layout = config.layout()
    rel = os.path.relpath(Path.cwd() / path, vault).replace(os.sep, "/")
    for note in sides:
        front = read_front_matter(split_lines(note.text))
        if kind_of(rel, front.data if front else {}, layout) is Kind.PERSON:
            return layout.owned_keys
    return None


def _merge_file(ours: Path, base: Path, theirs: Path, marker_size: int) -> int:
    """git's own three-way line merge into `ours`: 0 clean, 1 with conflicts."""
    done = subprocess.run(
        [
            "git",
            "merge-file",
            f"--marker-size={marker_size}",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            str(ours),
            str(base),
            str(theirs),
        ],
        capture_output=True,
        check=False,
    )
    if done.returncode < 0 or done.returncode > 127:
        raise OSError(done.stderr.decode("utf-8", "replace"))
    return min(done.returncode, 1)
