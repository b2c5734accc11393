"""The domain's values: notes as read, and the settings the core needs from the config."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Literal

from vaultrel.core.cadence import Cadence
from vaultrel.core.markers import marker_hash
from vaultrel.errors import Problem


@dataclass(frozen=True, slots=True)
class Link:
    """A link as written: its target path (no heading, no display text), 1-based line, the
    front-matter key it was written under (None in the body), and whether it names a part of
    the note (`#heading`, `#^block`). Target and key strings are interned: a large vault names
    the same few thousand people hundreds of thousands of times."""

    target: str
    line: int
    key: str | None = None
    part: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """vaultrel's generated block: 0-based lines of its markers, the hash its end marker
    gives, and the digest of its LF-joined content (and whether that content is blank)."""

    begin: int
    end: int
    hash: str | None
    digest: bytes
    blank: bool

    @property
    def edited(self) -> bool:
        if self.hash is None:
            return not self.blank
        return marker_hash(self.digest) != self.hash


@dataclass(frozen=True, slots=True)
class Regions:
    """Where a note's owned regions are (0-based line indices into its LF-split lines)."""

    front_close: int | None  # the closing --- of the front-matter, None without one
    key_spans: tuple[tuple[str, int, int], ...]  # each owned key present: key, first, last
    block: Block | None
    open_at_end: str | None  # the note ends inside a fence or comment (see core.scan)


class Kind(enum.StrEnum):
    PERSON = "person"
    CONVERSATION = "conversation"
    ORG = "org"
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class Layout:
    """What the core needs from the configuration (`vaultrel.config`, where the defaults are)."""

    folders: tuple[tuple[str, Kind], ...]
    last_spoke_key: str
    next_owed_key: str
    waiting_tag: str
    max_items: int
    heading_level: int
    log_heading: str
    log_tags: tuple[str, ...]
    point_tags: tuple[str, ...]
    daily_format: str  # Obsidian's daily-note file names (moment.js tokens)

    @property
    def owned_keys(self) -> tuple[str, str]:
        return (self.last_spoke_key, self.next_owed_key)


@dataclass(frozen=True, slots=True)
class Task:
    """A task line: 1-based line, status symbol, display text, due date, #waiting or not, and
    the Tasks plugin's created date (`➕ YYYY-MM-DD`), and the talking-point tag (`ask`,
    `tell`) that makes it a talking point instead of a promise."""

    line: int
    status: str
    what: str
    due: dt.date | None
    waiting: bool
    created: dt.date | None = None
    point: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status not in "xX-"


@dataclass(frozen=True, slots=True)
class Logged:
    """A conversation logged as a list item of a dated note (DESIGN §2.6). Its people are the
    links on `line`; its notes are the lines after it up to `last` (nested items)."""

    line: int
    last: int
    date: dt.date
    time: str | None
    channel: str | None
    summary: str | None


def title_of(path: str) -> str:
    """A note's title, as Obsidian shows it and links to it: its file name without `.md`."""
    return path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass(frozen=True, slots=True)
class Note:
    """Everything the core reads from one note. Line numbers are 1-based."""

    path: str
    kind: Kind
    links: tuple[Link, ...] = ()
    tasks: tuple[Task, ...] = ()
    date: dt.date | None = None
    time: str | None = None
    # conversations
    channel: str | None = None
    summary: str | None = None
    topics: tuple[str, ...] = ()
    awaiting: str | None = None
    status: str | None = None
    # people
    aliases: tuple[str, ...] = ()
    cadence: Cadence | None = None
    met: str | None = None  # as written: YYYY-MM-DD, YYYY-MM or YYYY
    paused: bool = False
    snooze_until: dt.date | None = None
    birthday: str | None = None
    anniversary: str | None = None
    # the owned regions as they are now: where they are, and the owned keys' lines
    logged: tuple[Logged, ...] = ()  # dated plain notes only
    regions: Regions | None = None
    owned: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()
    writable: bool = True

    @property
    def title(self) -> str:
        return title_of(self.path)

    @property
    def met_on(self) -> dt.date | None:
        """The cadence baseline: `met`, or the first day of its month or year."""
        if self.met is None:
            return None
        year, month, day = (*map(int, self.met.split("-")), 1, 1)[:3]
        return dt.date(year, month, day)

    @property
    def block(self) -> Block | None:
        return self.regions.block if self.regions else None

    @property
    def counts(self) -> bool:
        """A conversation that counts: dated and neither planned nor cancelled."""
        return (
            self.kind is Kind.CONVERSATION
            and self.date is not None
            and self.status not in ("planned", "cancelled")
        )


Direction = Literal["i_owe", "they_owe"]
ObligationKind = Literal["task", "reply"]  # a task line, or a reply owed


@dataclass(frozen=True, slots=True)
class Obligation:
    """Something owed between me and one person, from a task line or a reply debt."""

    what: str
    due: dt.date | None
    kind: ObligationKind
    person: str
    direction: Direction
    promised_on: dt.date | None
    path: str
    line: int | None

    def sort_key(self) -> tuple[dt.date, str, str, int]:
        return (self.due or dt.date.max, self.person, self.path, self.line or 0)


@dataclass(frozen=True, slots=True)
class Point:
    """A talking point (DESIGN §2.7): an open task tagged `#ask` or `#tell`, owed to a person
    like an obligation but not one."""

    what: str
    person: str
    tag: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Facts:
    """One person's derived facts. Conversations and mentions are vault paths, newest first."""

    person: str
    last_spoke: dt.date | None
    last_conversation: str | None
    reach_out_by: dt.date | None
    next_owed: dt.date | None
    next_owed_what: str | None
    next_owed_source: tuple[str, int | None] | None
    owed: tuple[Obligation, ...]
    they_owe: tuple[Obligation, ...]
    timeline: tuple[str, ...]  # conversation ids (Graph.conversation)
    mentions: tuple[str, ...]
    points: tuple[Point, ...] = ()
    last_id: str | None = None  # the last conversation's id (a logged line's is not its path)
