"""`vaultrel import vcard|monica`: create person notes from contacts and fill the keys they lack.

Runs under the vault's lock (unless it only plans), reads the people as they are now, plans
with `contacts.plan_import`, and writes through the safe writer: a created note never replaces
a file, an updated one is replaced only if it has not changed since it was read. A contact's
text (`Contact.note`) is the body of a created note; an existing note gains it once, at its end,
unless the note already holds its first line (a heading such as `## From Monica`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vaultrel.adapters import fs
from vaultrel.adapters.lock import VaultLock
from vaultrel.adapters.reader import read_bytes
from vaultrel.adapters.templates import (
    beside,
    fill,
    line_ending,
    load_template,
    refuse_unreadable,
    with_line_ending,
)
from vaultrel.adapters.vault import template_folders
from vaultrel.adapters.writer import Write, Writer
from vaultrel.config import Config
from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.resolve import fold
from vaultrel.core.text import BOM, NoteText, decode, split_lines
from vaultrel.errors import NoteError, Problem, UsageError, warning
from vaultrel.interop.contacts import Contact, Known, Planned, plan_import, yaml_value
from vaultrel.interop.monica import Export, MonicaError, read_export, safe_title
from vaultrel.interop.properties import add_properties
from vaultrel.interop.vcard import read_vcards


@dataclass
class ImportResult:
    plans: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # other notes created (conversations)
    existing: list[str] = field(default_factory=list)  # other notes already there

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


def read_files(files: list[Path]) -> tuple[list[Contact], list[Problem]]:
    """The contacts of every vCard file, in order, and what could not be read."""
    contacts: list[Contact] = []
    problems: list[Problem] = []
    for file in files:
        data = file.read_bytes()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Outlook and some Windows tools
            text = data.decode("utf-16", "surrogateescape")
        else:  # a byte that is not UTF-8 spoils only its card: read_vcards reports it
            text = data.removeprefix(BOM).decode("utf-8", "surrogateescape")
        found, trouble = read_vcards(text, str(file))
        contacts += found
        problems += trouble
    return contacts, problems


def import_vcards(root: Path, config: Config, files: list[Path], dry_run: bool) -> ImportResult:
    """Import the contacts of `files` into the vault (or, with `dry_run`, only plan it)."""
    contacts, problems = read_files(files)
    result = import_contacts(root, config, contacts, dry_run)
    result.problems[:0] = problems
    return result


# Given the plans and the folded paths taken, the other notes to create: (path, LF text).
MoreNotes = Callable[[list[Planned], set[str]], list[tuple[str, str]]]


def import_contacts(
    root: Path,
    config: Config,
    contacts: list[Contact],
    dry_run: bool,
    more: MoreNotes | None = None,
    append: bool = False,
) -> ImportResult:
    """Import `contacts` into the vault (or, with `dry_run`, only plan it), and the notes
    `more` gives once the people are planned. With `append`, an existing person's note also
    gains the contact's text (once)."""
    result = ImportResult()
    lock = contextlib.nullcontext() if dry_run else VaultLock(root, "import").held()
    with lock:
        known, texts, taken, notes = _people(root, config, result.problems)
        result.plans = plan_import(contacts, known, config.folders.people, taken)
        for contact in contacts if append else []:
            plan = plan_of(contact, result.plans)
            if plan is not None and plan.action != "create" and contact.note:
                plan.note = plan.note or contact.note
        for plan in result.plans:
            _append_once(plan, texts)
        template = load_template("person", root, template_folders(root, config))
        ending = line_ending(root, template, beside(notes, config.folders.people))
        writes = []
        for path, text in more(result.plans, taken) if more else []:
            if fold(path) in taken:
                result.existing.append(path)
                continue
            taken.add(fold(path))
            folder = path.rsplit("/", 1)[0]
            writes.append(
                Write(
                    path,
                    with_line_ending(text, line_ending(root, text, beside(notes, folder))).encode(),
                    None,
                )
            )
            result.created.append(path)
        for plan in result.plans:
            result.problems += _conflicts(plan)
            try:
                write = _write(config, plan, texts, template, ending)
            except NoteError as exc:
                result.problems.append(exc.problem.at(plan.path))
                plan.action = "skip"
                plan.reason = exc.problem.message
                continue
            if write is not None:
                writes.append(write)
        if not dry_run and writes:
            writer = Writer(root)
            writer.write(writes)
            result.problems += writer.problems
    return result


def _people(
    root: Path, config: Config, problems: list[Problem]
) -> tuple[list[Known], dict[str, tuple[NoteText, fs.Signature]], set[str], list[str]]:
    """The person notes on disk with their front-matter, texts and stats; the folded paths of
    every file (a new note must not take one, in any case or Unicode form); the notes."""
    from vaultrel.engine import read_vault

    vault = read_vault(root, config)
    listing = vault.listing
    taken = {fold(path) for path in (*listing.notes, *listing.attachments, *listing.artifacts)}
    known: list[Known] = []
    texts: dict[str, tuple[NoteText, fs.Signature]] = {}
    for person in vault.graph.people():
        if person.path not in vault.on_disk:
            continue  # a participant `vaultrel index` would create: no note yet
        try:
            data, st = read_bytes(root, person.path)
            text = decode(data)
            front = read_front_matter(split_lines(text.text))
        except NoteError as exc:
            problems.append(exc.problem.at(person.path))
            continue
        known.append(Known(person.path, person.title, front.data if front else {}))
        texts[person.path] = (text, fs.Signature.of(st))
    return known, texts, taken, list(listing.notes)


def _write(
    config: Config,
    plan: Planned,
    texts: dict[str, tuple[NoteText, fs.Signature]],
    template: str,
    ending: str,
) -> Write | None:
    values = {key: yaml_value(key, plan.add[key]) for key in plan.add}
    if plan.action == "update":
        text, signature = texts[plan.path]
        text = add_properties(text, values) if values else text
        if plan.note:
            cr = "\r\n" if text.text.endswith("\r\n") else "\n"
            end = text.text.rstrip("\r\n")
            added = plan.note.strip().replace("\n", cr)
            text = NoteText(f"{end}{cr}{cr}{added}{cr}" if end else added + cr, text.bom)
        return Write(plan.path, text.encode(), signature)
    if plan.action != "create":
        return None
    body = fill(template, {"name": plan.name, "title": plan.name, "date": ""})
    if plan.note:
        body = body.rstrip("\n") + "\n\n" + plan.note.replace("\r\n", "\n").strip() + "\n"
    text = add_properties(NoteText(with_line_ending(body, ending), False), values)
    refuse_unreadable(plan.path, text, config.layout())
    return Write(plan.path, text.encode(), None)


def plan_of(contact: Contact, plans: list[Planned]) -> Planned | None:
    """The plan of the person note a contact went to (None if it was skipped)."""
    return next((p for p in plans if p.goes_to(contact)), None)


def _append_once(plan: Planned, texts: dict[str, tuple[NoteText, fs.Signature]]) -> None:
    """An existing note gains the contact's text only if it does not hold its first line."""
    if plan.action not in ("same", "update"):
        return
    if not plan.note or plan.path not in texts:
        plan.note = ""
        return
    first = plan.note.strip().split("\n", 1)[0].strip()
    lines = {line.strip() for line in texts[plan.path][0].text.splitlines()}
    if first in lines:
        plan.note = ""
    else:
        plan.action = "update"


def _conflicts(plan: Planned) -> list[Problem]:
    return [
        warning(
            plan.path,
            None,
            "W_IMPORT_CONFLICT",
            f"{c.key}: the card has {c.card}, the note {c.note}",
            "the note is not changed; edit it by hand if the card is right",
        )
        for c in plan.conflicts
    ]


def import_monica(
    root: Path, config: Config, file: Path, dry_run: bool
) -> tuple[ImportResult, Export]:
    """Import a Monica JSON export: its contacts as people (an existing person gains the
    `## From Monica` text once), its activities and calls as conversation notes. Raises
    UsageError when the file is not such an export."""
    try:
        export = read_export(file.read_bytes().decode("utf-8-sig"))
    except (MonicaError, UnicodeDecodeError) as exc:
        hint = "export the account again from Monica 4 (Settings → Export → JSON)"
        raise UsageError(Problem(str(file), None, "E_MONICA", str(exc), hint)) from None
    contacts = dict(export.contacts)

    def conversations(plans: list[Planned], taken: set[str]) -> list[tuple[str, str]]:
        notes: list[tuple[str, str]] = []
        seen: set[str] = set()
        for talk in export.talks:
            names = [
                p.name for u in talk.people if (p := plan_of(contacts[u], plans)) if u in contacts
            ]
            if not names:
                export.counts["conversations with nobody imported skipped"] += 1
                continue
            title = safe_title(talk.title)
            path = f"{config.folders.conversations}/{title}.md"
            number = 1
            while fold(path) in seen:
                number += 1
                path = f"{config.folders.conversations}/{title} ({number}).md"
            seen.add(fold(path))
            links = json.dumps([f"[[{name}]]" for name in names], ensure_ascii=False)
            front = f"---\ntype: conversation\ndate: {talk.date.isoformat()}\nwith: {links}\n"
            front += f"channel: {json.dumps(talk.channel, ensure_ascii=False)}\n---\n"
            body = f"# {title}\n" + (f"\n{talk.text}\n" if talk.text else "")
            notes.append((path, front + body))
        return notes

    people = [contact for _, contact in export.contacts]
    return import_contacts(root, config, people, dry_run, conversations, append=True), export
