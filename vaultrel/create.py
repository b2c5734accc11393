"""Notes and vaults the user asks for: `new person`, `new conversation`, `init`.

New notes come from the templates (the vault's first, then the bundled ones), filled by plain
substitution; they are written through the safe writer, which never replaces an existing file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.linefile import with_lines
from vaultrel.adapters.state import STATE_DIR
from vaultrel.adapters.templates import (
    beside,
    fill,
    line_ending,
    load_template,
    refuse_unreadable,
    with_line_ending,
)
from vaultrel.adapters.vault import list_vault, template_folders
from vaultrel.adapters.writer import Write, Writer
from vaultrel.config import CONFIG_FILE, Config, about, load_config, settings
from vaultrel.core.filenames import hidden_characters, visible
from vaultrel.core.lookup import find_person
from vaultrel.core.model import Note
from vaultrel.core.people import why_not_creatable
from vaultrel.core.resolve import fold
from vaultrel.errors import NoteError, Problem, UsageError
from vaultrel.interop.bases import BASE_FILE, people_base

TEMPLATES = ("person", "conversation", "org")
# vaultrel's state (the index holds personal data) and the temp files a killed write leaves
# (each a full copy of a note): never committed
GITIGNORE_LINES = (f"{STATE_DIR}/", f"{fs.TEMP_PREFIX}*{fs.TEMP_SUFFIX}")


@dataclass(frozen=True, slots=True)
class NewConversation:
    path: str
    participants: tuple[str, ...]  # the links written in `with:`, as linked
    planned: bool


def new_person(root: Path, config: Config, name: str, date: dt.date) -> str:
    """Create `<people>/<name>.md` from the person template; returns its path."""
    name = name.strip()
    check_name(name, "person")
    from vaultrel.engine import read_vault

    vault = read_vault(root, config)
    on_disk = [p for p in vault.graph.people() if p.path in vault.on_disk]
    same = find_person(name, on_disk, prefixes=False)
    if same.people and same.how == "name or alias":
        taken = ", ".join(p.path for p in same.people)
        raise _usage(name, "E_EXISTS", f"already a person: {taken}", "use a different name")
    path = f"{config.folders.people}/{name}.md"
    values = {"name": name, "title": name, "date": date.isoformat()}
    template = _template("person", root, config)
    ending = line_ending(root, template, beside(vault.on_disk, config.folders.people))
    _create(root, config, path, with_line_ending(fill(template, values), ending))
    return path


def new_conversation(
    root: Path,
    config: Config,
    names: list[str],
    date: dt.date,
    today: dt.date,
    channel: str | None = None,
    title: str | None = None,
) -> NewConversation:
    """Create `<conversations>/<title>.md` with `names` as participants: a name or alias
    of a person links that person; any other name links a person `vaultrel index` creates.
    A conversation dated after `today` is marked `status: planned` (it does not count yet)."""
    from vaultrel.engine import read_vault

    vault = read_vault(root, config)
    graph = vault.graph
    title = (title or f"{date.isoformat()} {_display(names[0], graph.people())}").strip()
    check_name(title, "conversation")
    if channel and (hidden := hidden_characters(channel)):
        message = f"--channel contains {', '.join(hidden)}: a line break or invisible character"
        raise _usage(channel, "E_VALUE_INVALID", message, "give the channel as one line of text")
    path = f"{config.folders.conversations}/{title}.md"
    links = []
    for name in names:
        person = _person(name, graph.people())
        if person is None:
            check_name(name.strip(), "person")
            links.append(f"[[{name.strip()}]]")
            continue
        text = graph.resolver.link_text(person.path, path)
        links.append(f"[[{text}]]" if text == person.title else f"[[{text}|{person.title}]]")
    values = {
        "title": title,
        "name": title,
        "date": date.isoformat(),
        "with": "[" + ", ".join(json.dumps(link, ensure_ascii=False) for link in links) + "]",
        "channel": channel or "",
    }
    template = _template("conversation", root, config)
    text = fill(template, values)
    planned = date > today
    if planned:
        text = _with_property(text, "status: planned")
    ending = line_ending(root, template, beside(vault.on_disk, config.folders.conversations))
    _create(root, config, path, with_line_ending(text, ending))
    return NewConversation(path, tuple(links), planned)


def init_vault(root: Path) -> tuple[list[str], list[str]]:
    """Folders, a commented `vaultrel.toml`, the templates, the `People.base` view and
    `.vaultrel/` in `.gitignore`; nothing that exists is replaced. Returns what was created
    and what was kept."""
    root.mkdir(parents=True, exist_ok=True)
    config = load_config(root)
    folders = config.folders
    created: list[str] = []
    kept: list[str] = []
    for folder in (folders.people, folders.conversations, folders.orgs, folders.templates):
        (created if not (root / folder).exists() else kept).append(f"{folder}/")
        (root / folder).mkdir(parents=True, exist_ok=True)
    writes = [Write(CONFIG_FILE, _config_text().encode(), None)]
    writes += [
        Write(f"{folders.templates}/{kind}.md", _bundled(kind).encode(), None) for kind in TEMPLATES
    ]
    writes.append(Write(BASE_FILE, people_base(config).encode(), None))
    for write in writes:
        (kept if os.path.lexists(root / write.path) else created).append(write.path)
    gitignore = gitignore_write(root)
    if gitignore is None:
        kept.append(".gitignore")
    else:
        created.append(".gitignore")
    writer = Writer(root)
    writer.write(
        [w for w in writes if w.path in created] + ([gitignore] if gitignore is not None else [])
    )
    if writer.problems:
        raise NoteError(writer.problems[0])
    return created, kept


def create_base(root: Path, config: Config) -> bool:
    """Create `People.base` at the vault root; False when a file of that name exists."""
    if os.path.lexists(root / BASE_FILE):
        return False
    writer = Writer(root)
    writer.write([Write(BASE_FILE, people_base(config).encode(), None)])
    if writer.problems:
        raise NoteError(writer.problems[0])
    return True


def gitignore_write(root: Path) -> Write | None:
    """`.gitignore` with the lines of GITIGNORE_LINES it lacks added, or None when it has them
    (`.vaultrel/` also as `.vaultrel` or `/.vaultrel/`)."""
    return with_lines(root, ".gitignore", GITIGNORE_LINES, key=lambda line: line.strip().strip("/"))


def _config_text() -> str:
    """The `vaultrel.toml` `init` writes: every key at its default, each with what it is for;
    the folders `init` creates are set, the rest is left commented out."""
    lines = ["# vaultrel settings. Every key is optional; the values shown are the defaults."]
    section = ""
    for setting in settings():
        mark = "" if setting.section == "folders" else "# "
        if setting.section != section:
            section = setting.section
            lines += ["", _commented(f"{mark}[{section}]", about(section))]
        assignment = f"{mark}{setting.key} = {json.dumps(setting.default)}"
        lines.append(_commented(assignment, "; ".join(filter(None, (setting.doc, setting.rule)))))
    return "\n".join(lines) + "\n"


def _commented(line: str, comment: str) -> str:
    return f"{line:<25} # {comment}"


def _bundled(kind: str) -> str:
    return (resources.files("vaultrel") / "templates" / f"{kind}.md").read_text(encoding="utf-8")


def _template(kind: str, root: Path, config: Config) -> str:
    return load_template(kind, root, template_folders(root, config))


def _person(name: str, people: list[Note]) -> Note | None:
    """The person `name` names exactly (name or alias, any case, accents optional)."""
    match = find_person(name, people, prefixes=False)
    if len(match.people) > 1:
        listed = ", ".join(p.path for p in match.people)
        raise _usage(name, "E_PERSON_AMBIGUOUS", f"fits several people: {listed}", "use the path")
    return match.people[0] if match.people else None


def _display(name: str, people: list[Note]) -> str:
    person = _person(name, people)
    return person.title if person else name.strip()


def check_name(name: str, what: str) -> None:
    """Refuse a name that cannot be a note's (UsageError E_NAME_INVALID, the name shown with
    its invisible characters by code point)."""
    reason = why_not_creatable(name)
    if reason:
        raise _usage(name, "E_NAME_INVALID", f"cannot be a {what} note's name: {reason}", "")


def _create(root: Path, config: Config, path: str, text: str) -> None:
    """Write a new note; refuse when a note of that name exists in any case or Unicode form,
    or when the filled template would not be readable."""
    existing = list_vault(root, config)
    wanted = fold(path)
    for other in (*existing.notes, *existing.attachments, *existing.artifacts):
        if fold(other) == wanted:
            raise NoteError(
                Problem(other, None, "E_EXISTS", "a note with this name exists", "not replaced")
            )
    refuse_unreadable(path, text.encode(), config.layout())
    writer = Writer(root)
    writer.write([Write(path, text.encode(), None)])
    if writer.problems:
        raise NoteError(writer.problems[0])


def _with_property(text: str, line: str) -> str:
    """`line` added as the last front-matter property (a note without front-matter gets one)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1:
            return f"{text[: end + 1]}{line}\n{text[end + 1 :]}"
    return f"---\n{line}\n---\n{text}"


def _usage(subject: str, code: str, message: str, hint: str) -> UsageError:
    shown = visible(subject, mark=True)  # an invisible character shown by its code point
    return UsageError(Problem(shown, None, code, message, hint or "choose another name"))
