"""Renaming a note and rewriting the links to it, as Obsidian does on rename (`vaultrel mv`).

Pure: given every note path (and other file) with the aliases, OLD and NEW, the resolver is
used both ways. A link is rewritten when it resolved to OLD (then to the shortest link text
that resolves to NEW, as Obsidian writes it), or when it sits in the moved note and its target
would change with the note's folder. A link in another note whose target would change because
NEW appears (one that already names NEW's name) is a capture: the rename is refused.

Only the target is rewritten: a wikilink keeps its `#heading`/`^block` and `|shown text` and
stays a wikilink; a Markdown link keeps its text, `#part` and title, and stays Markdown
(relative stays relative, the path percent-encoded); front-matter links are edited in their
line, quoting kept. Code, comments, math and vaultrel's blocks are masked: never edited.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from vaultrel.core.frontmatter import read_front_matter
from vaultrel.core.links import TITLE, link_spans, markdown_target, wikilink_target
from vaultrel.core.model import Layout, Note
from vaultrel.core.notes import parse_note
from vaultrel.core.resolve import Resolver
from vaultrel.core.scan import scan
from vaultrel.core.text import NoteText, split_lines
from vaultrel.errors import NoteError, Problem


@dataclass(frozen=True, slots=True)
class Edit:
    """One line changed: the note (its path before the move), 1-based line, before and after."""

    path: str
    line: int
    before: str
    after: str


class Rename:
    """Moving the note `old` to `new` in a vault holding `paths` (notes and other files)."""

    def __init__(
        self, paths: Iterable[str], aliases: Mapping[str, tuple[str, ...]], old: str, new: str
    ) -> None:
        paths = list(paths)
        self.old, self.new = old, new
        self.before = Resolver(paths, dict(aliases))
        self.after = Resolver(
            [self.moved(path) for path in paths],
            {self.moved(path): names for path, names in aliases.items()},
        )

    def moved(self, path: str) -> str:
        return self.new if path == self.old else path

    def _targets(self, target: str, source: str) -> tuple[str | None, str | None, bool]:
        """Where a link leads now and after the move (in the moved vault's paths), and
        whether it resolved through an alias."""
        now = self.before.resolve(target, source)
        wanted = self.moved(now.path) if now.path is not None else None
        return wanted, self.after.resolve(target, self.moved(source)).path, now.via_alias

    def captures(self, notes: Iterable[Note]) -> list[Problem]:
        """The links in other notes that would lead elsewhere once NEW exists."""
        found = []
        for note in notes:
            if note.path == self.old:
                continue
            for link in note.links:
                wanted, after, _ = self._targets(link.target, note.path)
                if self.before.resolve(link.target, note.path).path != self.old and after != wanted:
                    now = wanted or "nothing (unresolved)"
                    found.append(
                        Problem(
                            note.path,
                            link.line,
                            "E_MV_CAPTURE",
                            f'the link "{link.target}" leads to {now}, and would lead to {after}',
                            "choose another name, or change that link first",
                        )
                    )
        return found

    def sources(self, notes: Iterable[Note]) -> list[str]:
        """The notes with a link to rewrite: those linking to OLD, and OLD itself."""
        return sorted(
            note.path
            for note in notes
            if note.path == self.old
            or any(self.before.resolve(k.target, note.path).path == self.old for k in note.links)
        )

    def rewrite(self, path: str, note: NoteText, layout: Layout) -> tuple[NoteText, list[Edit]]:
        """The note's text with its links rewritten, and each line changed. NoteError when a
        rewritten link would not lead where it must (the whole rename is then refused)."""
        lines = split_lines(note.text)
        front = read_front_matter(lines)
        start = front.close_line + 1 if front else 0
        masked = scan(lines, start).masked
        edits = []
        for index, line in enumerate(lines):
            if front and 0 < index < front.close_line:
                spans = [span for span in link_spans(line) if span[2]]
            elif index >= start:
                spans = list(link_spans(masked[index]))
            else:
                continue
            new_line = line
            for begin, end, wiki in reversed(spans):  # from the right: spans stay valid
                written = line[begin:end]
                replaced = (self._wikilink if wiki else self._markdown)(written, path)
                if replaced and index < start and line[:begin].count("'") % 2:
                    replaced = replaced.replace("'", "''")  # in a single-quoted YAML string
                if replaced is not None and replaced != written:
                    new_line = new_line[:begin] + replaced + new_line[end:]
            if new_line != line:
                lines[index] = new_line
                edits.append(Edit(path, index + 1, line.rstrip("\r"), new_line.rstrip("\r")))
        text = NoteText("\n".join(lines), note.bom)
        self._verify(path, note, text, layout)
        return text, edits

    def _wikilink(self, inner: str, source: str) -> str | None:
        target = wikilink_target(inner)
        if not target:  # [[#Heading]]: this note, whatever its name
            return None
        wanted, after, via_alias = self._targets(target, source)
        if not self._rewrites(source, wanted, after, via_alias) or wanted is None:
            return None
        cut = min((i for i in (inner.find("#"), inner.find("|")) if i >= 0), default=len(inner))
        if inner[cut : cut + 1] == "|" and inner[:cut].endswith("\\"):
            cut -= 1  # `[[target\|shown]]` in a table
        return self._link_text(wanted, source) + inner[cut:]

    def _markdown(self, destination: str, source: str) -> str | None:
        target = markdown_target(destination)
        if not target:
            return None
        wanted, after, via_alias = self._targets(target, source)
        if not self._rewrites(source, wanted, after, via_alias) or wanted is None:
            return None
        angle = destination.startswith("<")
        inner = destination[1:-1] if angle else destination
        title = None if angle else TITLE.search(inner)
        rest = title.group() if title else ""
        inner = inner[: len(inner) - len(rest)]
        part = inner[inner.find("#") :] if "#" in inner else ""
        path = self._markdown_path(wanted, source, target)
        encoded = path if angle else quote(path, safe="/")
        return ("<" if angle else "") + encoded + part + rest + (">" if angle else "")

    def _rewrites(self, source: str, wanted: str | None, after: str | None, alias: bool) -> bool:
        """A link to OLD is written anew (but one through an alias that still leads there
        stays as the user wrote it); in the moved note, so is one whose target would change."""
        if wanted == self.new:
            return not (alias and after == self.new)
        return source == self.old and wanted is not None and after != wanted

    def _link_text(self, wanted: str, source: str) -> str:
        """Obsidian's shortest link text for `wanted` from the moved source: the bare name if
        it leads there alone, else the path (which always does)."""
        return self.after.link_text(wanted, self.moved(source))

    def _markdown_path(self, wanted: str, source: str, written: str) -> str:
        """A relative destination stays relative, a path stays a path; else the shortest."""
        folder = self.moved(source).rpartition("/")[0]
        note = wanted.lower().endswith(".md")
        suffix = ".md" if note and written.lower().endswith(".md") else ""  # as written
        stem = wanted.removesuffix(".md") if note else wanted
        if written.startswith(("./", "../")):
            relative = posixpath.relpath(stem, folder or ".") + suffix
            return relative if relative.startswith("../") else "./" + relative
        if "/" in written:
            return ("/" if written.startswith("/") else "") + stem + suffix
        return self._link_text(wanted, source) + suffix

    def _verify(self, path: str, old: NoteText, new: NoteText, layout: Layout) -> None:
        """Every link of the rewritten note leads where it must: each one that led somewhere
        leads to the same note, OLD now being NEW; this is the resolver used the other way."""
        if new == old:
            return
        source = self.moved(path)
        before = parse_note(path, old, layout)
        after = parse_note(source, new, layout)
        wanted: Counter[tuple[int, str | None]] = Counter(
            (link.line, self.moved(found))
            for link in before.links
            if (found := self.before.resolve(link.target, path).path) is not None
        )
        got = Counter(
            (link.line, self.after.resolve(link.target, source).path) for link in after.links
        )
        errors = {(p.line, p.code) for p in after.problems if p.severity == "error"}
        broken = sorted(line for line, _ in wanted - got) + sorted(
            line or 0 for line, _ in errors - {(p.line, p.code) for p in before.problems}
        )
        if broken:
            raise NoteError(
                Problem(
                    path,
                    broken[0] or None,
                    "E_MV_REWRITE",
                    "a rewritten link would not lead to the renamed note",
                    "rename the note in Obsidian, or fix the link by hand",
                )
            )
