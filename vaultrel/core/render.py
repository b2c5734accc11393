"""Rendering: the generated blocks (DESIGN §4.1) and the owned key lines, from derived facts."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping

from vaultrel.core.graph import Graph, newest_first
from vaultrel.core.model import Facts, Kind, Layout, Note, Obligation, Point, title_of
from vaultrel.core.resolve import markdown_destination

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Generated text: no control or bidi characters, nothing that opens a comment or math."""
    text = unicodedata.normalize("NFC", text)
    if _UNSAFE.search(text):
        text = _UNSAFE.sub("", text)
    return text.replace("<!--", "\\<!--").replace("%%", "\\%\\%").replace("$$", "\\$\\$")


class Renderer:
    """Renders blocks for the notes of one resolved vault."""

    def __init__(
        self,
        graph: Graph,
        facts: Mapping[str, Facts],
        layout: Layout,
        markdown_links: bool = False,
        path_style: str = "shortest",
    ) -> None:
        self.graph = graph
        self.facts = facts
        self.layout = layout
        self.markdown_links = markdown_links
        self.path_style = path_style
        self.sanitized: list[str] = []  # notes whose block lost control or bidi characters
        self._removed_unsafe = False

    def link(self, path: str, source: str) -> str:
        """A link to `path` written in the note at `source`, the way Obsidian writes it."""
        text = self.graph.resolver.link_text(path, source, self.path_style)
        name = title_of(path)
        if self.markdown_links:
            return f"[{self._clean(name)}]({markdown_destination(text)})"
        return f"[[{text}]]" if text == name else f"[[{text}|{self._clean(name)}]]"

    def owned_values(self, note: Note) -> dict[str, dt.date | None]:
        facts = self.facts[note.path]
        return {
            self.layout.last_spoke_key: facts.last_spoke,
            self.layout.next_owed_key: facts.next_owed,
        }

    def _clean(self, text: str) -> str:
        if _UNSAFE.search(text):
            self._removed_unsafe = True
        return clean(text)

    def block(self, note: Note) -> str | None:
        """The block's content lines (LF-joined), or None when the note should have none."""
        self._removed_unsafe = False
        if note.kind is Kind.PERSON:
            lines = self._person(note)
        elif note.kind is Kind.CONVERSATION:
            lines = self._conversation(note)
        elif note.kind is Kind.ORG:
            lines = self._org(note)
        else:
            return None
        if self._removed_unsafe:
            self.sanitized.append(note.path)
        return "\n".join(lines) if lines else None

    def _capped(self, items: list[str], indent: str = "") -> list[str]:
        cap = self.layout.max_items
        if len(items) <= cap:
            return items
        return [*items[:cap], f"{indent}- … and {len(items) - cap} more"]

    def _section(self, title: str, items: list[str]) -> list[str]:
        return ["", f"**{title}**", *self._capped(items)] if items else []

    def _person(self, note: Note) -> list[str]:
        facts = self.facts[note.path]
        src = note.path
        lines = ["#" * self.layout.heading_level + " Relationship"]
        if facts.last_spoke and facts.last_id:
            conversation = self.graph.conversation(facts.last_id)
            lines.append(
                "- **Last spoke:** "
                + _join(
                    str(facts.last_spoke), conversation.channel, self.link(conversation.path, src)
                )
            )
        else:
            lines.append("- **Last spoke:** never")
        if facts.next_owed:
            where = facts.next_owed_source
            lines.append(
                "- **Next owed:** "
                + _join(
                    str(facts.next_owed),
                    self._clean(facts.next_owed_what or ""),
                    self.link(where[0], src) if where and where[0] != src else None,
                )
            )
        else:
            lines.append("- **Next owed:** nothing")
        if facts.reach_out_by and note.cadence:
            lines.append(f"- **Reach out by:** {facts.reach_out_by} (every {note.cadence})")
        lines += self._section("I owe", [self._obligation(o, src) for o in facts.owed])
        lines += self._section("They owe", [self._obligation(o, src) for o in facts.they_owe])
        lines += self._section("Next time", [self._point(p, src) for p in facts.points])
        lines += self._section("Timeline", self._timeline(facts.timeline, src))
        lines += self._section("Mentioned in", [f"- {self.link(p, src)}" for p in facts.mentions])
        return lines

    def _obligation(self, item: Obligation, src: str) -> str:
        text = _join(
            str(item.due) if item.due else "no date",
            self._clean(item.what),
            self.link(item.path, src) if item.path != src else None,
        )
        if item.promised_on and item.kind == "task":
            text += f" (promised {item.promised_on})"
        return f"- {text}"

    def _point(self, point: Point, src: str) -> str:
        where = self.link(point.path, src) if point.path != src else None
        return "- " + _join(point.tag, self._clean(point.what), where)

    def _timeline(self, paths: tuple[str, ...], src: str) -> list[str]:
        """Newest first, each thread's conversations together under its newest one."""
        threads: dict[str, list[str]] = defaultdict(list)
        for path in paths:
            threads[self.graph.thread_root(path)].append(path)
        lines: list[str] = []
        for path in paths:
            group = threads.pop(self.graph.thread_root(path), None)
            if group is None:
                continue
            lines.append("- " + self._conversation_line(group[0], src))
            lines += ["  - " + self._conversation_line(p, src) for p in group[1:]]
        return lines

    def _conversation_line(self, id: str, src: str) -> str:
        conversation = self.graph.conversation(id)
        about = conversation.summary or ", ".join(conversation.topics) or None
        planned = "planned" if conversation.status == "planned" else None
        return _join(
            str(conversation.date),
            planned,
            conversation.channel,
            self.link(conversation.path, src),
            self._clean(about) if about else None,
        )

    def _conversation(self, note: Note) -> list[str]:
        src = note.path
        lines: list[str] = []
        previous = self.graph.previous.get(src)
        following = self.graph.next.get(src, [])
        if previous or following:
            lines.append("**Thread**")
            if previous:
                lines.append("- **Previous:** " + self._dated_link(previous, src))
            lines += ["- **Next:** " + self._dated_link(p, src) for p in following]
        shown = set(following)
        sources = newest_first(
            {e.source for e in self.graph.backlinks.get(src, ()) if e.source not in shown},
            self.graph.notes,
        )
        if sources:
            if lines:
                lines.append("")
            lines.append("**Linked from**")
            lines += self._capped([f"- {self._dated_link(p, src)}" for p in sources])
        return lines

    def _dated_link(self, path: str, src: str) -> str:
        date = self.graph.notes[path].date
        return _join(str(date) if date else None, self.link(path, src))

    def _org(self, note: Note) -> list[str]:
        members = sorted(
            self.graph.members.get(note.path, []),
            key=lambda p: (self.graph.notes[p].title.lower(), p),
        )
        if not members:
            return []
        rows = []
        for path in members:
            facts = self.facts[path]
            rows.append(
                "- "
                + _join(
                    self.link(path, note.path),
                    f"last spoke {facts.last_spoke}" if facts.last_spoke else "never spoken",
                    f"next owed {facts.next_owed} ({self._clean(facts.next_owed_what or '')})"
                    if facts.next_owed
                    else None,
                )
            )
        return ["**People**", *self._capped(rows)]


def _join(*parts: str | None) -> str:
    return " · ".join([part for part in parts if part])


def owned_line(key: str, value: dt.date) -> str:
    return f"{key}: {value.isoformat()}"
