"""Generate a realistic, deterministic Obsidian vault for vaultrel's benchmarks.

    python benchmarks/generate_vault.py OUT_DIR --people N --conversations M [--seed S] [--daily D]

The vault holds person notes (``people/``, a few archived under ``people/archive/``, some of
them sharing a file name with an active person), conversation notes (``conversations/``,
2019-2026; a third of the conversations are logged instead as list items of daily notes, under
``## Conversations`` or with a channel tag), org notes (``orgs/``), daily notes (``daily/``),
a few project notes, an Obsidian
config folder and a templates folder. The text exercises what DESIGN.md §2-§3 describe: links in
front-matter and body, links through aliases and in another case, participants with no note,
task lines with both due-date forms, ``#waiting`` tasks, ticked tasks, and fake links and tasks
inside fenced and inline code.

Everything comes from one seeded ``random.Random``: the same arguments give the same bytes.
With ``--people 1000 --conversations 10000`` the vault is about 6 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

START = dt.date(2019, 1, 1)
END = dt.date(2026, 12, 31)
SPAN_DAYS = (END - START).days + 1

FIRST_NAMES = (
    "Ada", "Alan", "Alice", "Amara", "Amelia", "Andrew", "Anna", "Arjun", "Aroha", "Ben",
    "Björn", "Carlos", "Charlotte", "Chen", "Chloé", "Chris", "Daniel", "David", "Deepa",
    "Diego", "Elena", "Eli", "Elizabeth", "Emma", "Erik", "Fatima", "Felix", "Fiona", "Gabriel",
    "Grace", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ingrid", "Isaac", "Isabel", "Jack",
    "Jacob", "James", "Jana", "Javier", "Jennifer", "John", "Jonathan", "José", "Julia", "Kai",
    "Katherine", "Kenji", "Kwame", "Lars", "Laura", "Leila", "Leo", "Liam", "Lina", "Lucas",
    "Lucy", "Maya", "Margaret", "Maria", "Marta", "Matthew", "Mei", "Michael", "Mohammed",
    "Nadia", "Naomi", "Nathan", "Nicholas", "Nina", "Noah", "Olga", "Oliver", "Omar", "Priya",
    "Rafael", "Rachel", "Rebecca", "Richard", "Robert", "Rosa", "Ruth", "Sam", "Samantha",
    "Samuel", "Sara", "Sean", "Sofia", "Søren", "Stephen", "Susan", "Tariq", "Thomas", "Tom",
    "Uma", "Valentina", "Victor", "William", "Xin", "Yara", "Yusuf", "Zoë", "Zainab", "Aisha",
    "Bea", "Cyrus", "Dara", "Elif", "Femi", "Goran", "Hugo", "Ines", "Joon", "Kofi", "Lea",
    "Malik", "Nils", "Orla", "Pablo", "Quinn", "Ravi", "Simone", "Teodor", "Ula", "Wanjiru",
)  # fmt: skip

LAST_NAMES = (
    "Adams", "Ahmed", "Andersen", "Baker", "Banerjee", "Becker", "Brown", "Castillo", "Chen",
    "Clarke", "Costa", "Davies", "Dubois", "Evans", "Fernández", "Fischer", "Fontaine", "García",
    "Goldberg", "González", "Green", "Gupta", "Hall", "Hansen", "Haddad", "Hernández", "Hill",
    "Hopper", "Hughes", "Ito", "Jackson", "Jensen", "Johnson", "Jones", "Kamau", "Kapoor",
    "Kelly", "Khan", "Kim", "King", "Kowalski", "Kumar", "Larsen", "Lee", "Lewis", "Li",
    "Lopez", "Lovelace", "Martin", "Martínez", "Mensah", "Meyer", "Miller", "Moore", "Morales",
    "Müller", "Murphy", "Nakamura", "Nguyen", "Nielsen", "Novak", "O'Brien", "O'Connor",
    "Okafor", "Olsen", "Park", "Patel", "Pereira", "Petrov", "Quinn", "Ramírez", "Reddy",
    "Reyes", "Roberts", "Robinson", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Scott",
    "Shah", "Silva", "Singh", "Smith", "Sokolova", "Suzuki", "Tanaka", "Taylor", "Thomas",
    "Thompson", "Torres", "Van der Berg", "Walker", "Wang", "Watanabe", "Weber", "White",
    "Williams", "Wilson", "Wójcik", "Wright", "Wu", "Yamamoto", "Yang", "Young", "Zhang",
    "Ziegler", "Abara", "Bianchi", "Cruz", "Diallo", "Eriksson", "Farouk", "Gallo", "Horvat",
    "Ivanova", "Jovanović", "Kaur", "Lindqvist", "Moreau", "Nowak", "Osei", "Popescu",
)  # fmt: skip

NICKNAMES = {
    "Robert": "Bob", "William": "Bill", "Margaret": "Peggy", "Elizabeth": "Liz",
    "Katherine": "Kate", "Samuel": "Sam", "Samantha": "Sam", "Jennifer": "Jen",
    "Nicholas": "Nick", "Matthew": "Matt", "Jonathan": "Jon", "Daniel": "Dan",
    "Richard": "Rich", "Thomas": "Tom", "Michael": "Mike", "Andrew": "Andy", "Susan": "Sue",
    "Rebecca": "Becky", "Stephen": "Steve", "Alexander": "Alex", "Gabriel": "Gabe",
}  # fmt: skip

ORG_HEADS = (
    "Acme", "Blue Harbor", "Cedar", "Northwind", "Orbit", "Granite", "Lumen", "Maple", "Nimbus",
    "Pioneer", "Quarry", "Redwood", "Silverline", "Tidal", "Umbra", "Vertex", "Willow", "Zephyr",
    "Atlas", "Beacon", "Cobalt", "Driftwood", "Ember", "Foxglove", "Helix", "Juniper", "Kestrel",
)  # fmt: skip
ORG_TAILS = (
    "Robotics", "Labs", "Capital", "Health", "Studio", "Foods", "Logistics", "Analytics",
    "Partners", "Energy", "Software", "Media", "Bank", "Foundation", "University", "Games",
)  # fmt: skip

TOPICS = (
    "hiring", "q3 launch", "pricing", "fundraising", "roadmap", "onboarding", "board prep",
    "offsite", "sourdough", "storm chasing", "mentoring", "career change", "book club",
    "open source", "conference talk", "intro", "partnership", "budget", "security review",
    "design review", "holiday plans", "marathon training", "relocation", "sabbatical",
    "podcast", "research", "grant", "apartment hunt", "side project", "catch up",
)  # fmt: skip
LOG_TAGS = ("call", "video", "coffee", "meeting", "message", "email", "spoke")
CHANNELS = ("call", "video", "coffee", "email", "message", "meeting", "lunch", "walk")
CADENCES = ("2w", "30d", "1m", "quarterly")
THINGS = (
    "the deck", "the contract", "intro email", "meeting notes", "the draft", "feedback",
    "the invoice", "book recommendation", "slides", "the spreadsheet", "photos", "the recipe",
    "references", "the proposal", "a thank-you note", "the job description", "the demo link",
)  # fmt: skip
PLACES = (
    "the conference", "a friend's wedding", "the climbing gym", "a meetup", "the school gate",
    "an offsite", "the airport", "a dinner party", "the coworking space", "a hackathon",
)  # fmt: skip
FACTS = (
    "Prefers mornings.", "Has two kids.", "Training for a marathon.", "Vegetarian.",
    "Big on sci-fi novels.", "Moved here from abroad last year.", "Plays the cello.",
    "Allergic to cats.", "Into bouldering.", "Writes a newsletter.", "Learning Japanese.",
)  # fmt: skip
PROJECTS = (
    "Q3 report", "Hiring plan", "Reading list", "Garden redesign", "Conference talk",
    "Newsletter", "House move", "Side project", "Budget 2025", "Team offsite",
)  # fmt: skip
PARAGRAPHS = (
    "We talked mostly about {topic}; {p} has strong opinions on it.",
    "{p} mentioned that {q} is looking at {topic} too, worth connecting them.",
    "Long chat about {topic}. {p} thinks we should wait until next quarter.",
    "{p} brought up {topic} again. I should read up before next time.",
    "Good energy. {p} is happier since the move, and {q} says hi.",
    "Quick one: {topic} is blocked on legal, {q} is on it.",
    "Caught up on {topic} and families. {p} recommended a podcast by {q}.",
    "{p} asked about {topic}; I said I would think about it.",
)  # fmt: skip


@dataclass
class Person:
    """A generated person; ``folder`` is ``people`` or ``people/archive``."""

    name: str
    folder: str
    aliases: list[str] = field(default_factory=list)
    link: str = ""  # how other notes link to this person (bare name, or path when shadowed)


@dataclass
class Stats:
    """Counts of what was written, for the summary line."""

    notes: int = 0
    bytes: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def iso(day: dt.date) -> str:
    return day.isoformat()


def yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar; generated strings hold no quote or backslash."""
    return f'"{text}"'


class VaultWriter:
    """Writes notes under a root and counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.stats = Stats()
        self._dirs: set[str] = set()
        self._written: set[str] = set()

    def write(self, rel: str, text: str, *, kind: str, crlf: bool = False) -> None:
        if rel in self._written:
            raise ValueError(f"generated two notes at {rel}")
        self._written.add(rel)
        path = self.root / rel
        parent = str(path.parent)
        if parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        data = (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
        path.write_bytes(data)
        if rel.endswith(".md"):
            self.stats.notes += 1
            self.stats.kinds[kind] = self.stats.kinds.get(kind, 0) + 1
        self.stats.bytes += len(data)


class VaultGenerator:
    """Builds the vault's notes from one seeded random generator."""

    def __init__(self, rng: random.Random, people: int, conversations: int, daily: int) -> None:
        self.rng = rng
        self.n_people = people
        self.n_conversations = conversations
        self.n_daily = daily
        self.people: list[Person] = []
        self.orgs: list[str] = []
        self.missing: list[str] = []  # participant names that have no note
        self.alias_claims: dict[str, int] = {}
        self._cum_weights: list[float] = []

    # -- people -----------------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        used: set[str] = set()
        names: list[str] = []
        while len(names) < self.n_people + max(3, self.n_people // 50):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name in used or rng.random() < 0.03:
                name = self._with_initial(name)
            if name not in used:
                used.add(name)
                names.append(name)
        # The tail of the list names people who are spoken with but have no note.
        self.missing = names[self.n_people :]
        names = names[: self.n_people]
        n_shadowed = self.n_people // 100  # archived namesakes of active people
        n_archived = self.n_people // 50
        for i, name in enumerate(names):
            folder = "people/archive" if i < n_archived else "people"
            self.people.append(Person(name=name, folder=folder))
        active = [p for p in self.people if p.folder == "people"]
        for j in range(n_shadowed):
            # Replace an archived person's name with an active person's: two notes, one name.
            self.people[j].name = active[(j * 7) % len(active)].name
        shadowed = {self.people[j].name for j in range(n_shadowed)}
        for p in self.people:
            clash = p.folder != "people" and p.name in shadowed
            p.link = f"{p.folder}/{p.name}" if clash else p.name
            p.aliases = self._aliases(p.name)
            for alias in p.aliases:
                self.alias_claims[alias] = self.alias_claims.get(alias, 0) + 1
        # A few people are spoken with much more than others (Zipf-like).
        order = list(range(len(self.people)))
        rng.shuffle(order)
        weights = [0.0] * len(self.people)
        for rank, idx in enumerate(order, start=1):
            weights[idx] = 1.0 / rank**0.7
        total = 0.0
        for w in weights:
            total += w
            self._cum_weights.append(total)

    def _with_initial(self, name: str) -> str:
        first, last = name.split(" ", 1)
        return f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"

    def _aliases(self, name: str) -> list[str]:
        rng = self.rng
        first = name.split(" ", 1)[0]
        last = name.rsplit(" ", 1)[-1]
        aliases: list[str] = []
        if first in NICKNAMES and rng.random() < 0.5:
            aliases.append(NICKNAMES[first])  # nicknames are often shared
        if rng.random() < 0.15:
            aliases.append(f"{first} {last[0]}.")
        if rng.random() < 0.03:
            aliases.append(first)  # a bare first name: usually shared
        return aliases

    def pick_people(self, k: int) -> list[Person]:
        chosen: list[Person] = []
        while len(chosen) < k:
            p = self.rng.choices(self.people, cum_weights=self._cum_weights, k=1)[0]
            if p not in chosen:
                chosen.append(p)
        return chosen

    def person_link(self, p: Person, *, participant: bool = False) -> str:
        """Link text for a person: usually the name, sometimes an alias or another case."""
        rng = self.rng
        roll = rng.random()
        unique = [a for a in p.aliases if self.alias_claims[a] == 1]
        if participant and roll < 0.01:
            return rng.choice(self.missing)
        if roll < 0.03:
            # Mostly an alias only this person claims; now and then a shared one (ambiguous).
            pool = unique if unique and rng.random() < 0.9 else p.aliases
            return rng.choice(pool) if pool else p.link
        if roll < 0.045 and p.link == p.name:
            return p.name.lower()
        return p.link

    def body_link(self, p: Person) -> str:
        rng = self.rng
        target = self.person_link(p)
        roll = rng.random()
        if roll < 0.08:
            return f"[[{target}|{p.name.split(' ')[0]}]]"
        if roll < 0.10:
            return f"[[{target}#Notes]]"
        if roll < 0.12 and target == p.name:
            dest = f"../{p.folder}/{p.name}.md".replace(" ", "%20")
            return f"[{p.name}]({dest})"
        return f"[[{target}]]"

    def render_person(self, p: Person) -> str:
        rng = self.rng
        fm: list[str] = []
        if p.aliases:
            if rng.random() < 0.5:
                fm.append("aliases: [" + ", ".join(yaml_quote(a) for a in p.aliases) + "]")
            else:
                fm.append("aliases:")
                fm.extend(f"  - {a}" for a in p.aliases)
        if rng.random() < 0.75:
            fm.append(f"cadence: {rng.choice(CADENCES)}")
        if rng.random() < 0.7:
            fm.append(f"met: {iso(self.random_day())}")
        if self.orgs and rng.random() < 0.6:
            fm.append(f"org: {yaml_quote('[[' + rng.choice(self.orgs) + ']]')}")
        if rng.random() < 0.3:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            year = f"{rng.randint(1955, 2000)}" if rng.random() < 0.8 else "-"
            fm.append(f"birthday: {year}-{month:02d}-{day:02d}")
        if rng.random() < 0.2:
            fm.append(f"emails: [{p.name.split(' ')[0].lower()}@example.com]")
        if rng.random() < 0.3:
            fm.append("tags: [person]")
        body = [f"Met at {rng.choice(PLACES)}. {rng.choice(FACTS)}"]
        if rng.random() < 0.4:
            body += ["", "## Notes", f"- interested in {rng.choice(TOPICS)}"]
        if rng.random() < 0.15:
            due = self.random_day() + dt.timedelta(days=rng.randint(1, 60))
            body += ["", f"- [ ] send {rng.choice(THINGS)} 📅 {iso(due)}"]
        return note(fm, body)

    # -- orgs and projects ----------------------------------------------------------------

    def make_orgs(self) -> None:
        count = max(1, self.n_people // 20)
        seen: set[str] = set()
        while len(self.orgs) < count:
            name = f"{self.rng.choice(ORG_HEADS)} {self.rng.choice(ORG_TAILS)}"
            if name in seen:
                name = f"{name} {len(self.orgs)}"
            seen.add(name)
            self.orgs.append(name)

    def render_org(self, name: str) -> str:
        rng = self.rng
        fm = [f"industry: {rng.choice(ORG_TAILS).lower()}", "tags: [org]"]
        members = self.pick_people(rng.randint(1, 3))
        body = [
            f"{name} works on {rng.choice(TOPICS)}.",
            "",
            "Contacts: " + ", ".join(self.body_link(p) for p in members),
        ]
        return note(fm, body)

    def render_project(self, name: str) -> str:
        rng = self.rng
        p, q = self.pick_people(2)
        body = [
            f"Working doc for {name.lower()}.",
            "",
            f"- [ ] ask {self.body_link(p)} for input 📅 {iso(self.random_day())}",
            f"- [ ] draft outline [due:: {iso(self.random_day())}]",
            f"- [x] kickoff with {self.body_link(q)}",
        ]
        return note([f"status: {rng.choice(['active', 'done', 'someday'])}"], body)

    # -- conversations --------------------------------------------------------------------

    def conversation_titles(self) -> list[tuple[dt.date, str]]:
        days = sorted(self.random_day() for _ in range(self.n_conversations))
        return [(d, f"{iso(d)} {self.rng.choice(TOPICS)} {i}") for i, d in enumerate(days, 1)]

    def render_conversation(self, day: dt.date, title: str, last_with: dict[str, str]) -> str:
        rng = self.rng
        k = rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
        parts = self.pick_people(k)
        links = [self.person_link(p, participant=True) for p in parts]
        fm: list[str] = []
        if rng.random() < 0.9:
            fm.append(f"date: {self._date_value(day)}")
        if k == 1 and rng.random() < 0.3:
            fm.append(f"with: {yaml_quote('[[' + links[0] + ']]')}")
        elif rng.random() < 0.5:
            fm.append("with: [" + ", ".join(yaml_quote(f"[[{t}]]") for t in links) + "]")
        else:
            fm.append("with:")
            fm.extend(f"  - {yaml_quote('[[' + t + ']]')}" for t in links)
        fm.append(f"channel: {rng.choice(CHANNELS)}")
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        fm.append("topics: [" + ", ".join(topics) + "]")
        if rng.random() < 0.4:
            fm.append(f"summary: {yaml_quote(self._summary(parts[0], topics[0]))}")
        previous = last_with.get(parts[0].link)
        if previous and rng.random() < 0.3:
            fm.append(f"follows: {yaml_quote('[[' + previous + ']]')}")
        roll = rng.random()
        if roll < 0.10:
            fm.append("awaiting: me")
        elif roll < 0.18:
            fm.append("awaiting: them")
        roll = rng.random()
        if roll < 0.01:
            fm.append("status: planned")
        elif roll < 0.013:
            fm.append("status: cancelled")
        for p in parts:
            last_with[p.link] = title
        return note(fm, self._conversation_body(day, parts))

    def _date_value(self, day: dt.date) -> str:
        roll = self.rng.random()
        if roll < 0.03:
            return f"{iso(day)} {self.rng.randint(8, 20):02d}:{self.rng.choice(('00', '30'))}"
        if roll < 0.05:
            return f"{iso(day)}T{self.rng.randint(8, 20):02d}:15:00"
        return iso(day)

    def _summary(self, p: Person, topic: str) -> str:
        first = p.name.split(" ")[0]
        return self.rng.choice(
            (
                f"{first} wants to restart {topic}",
                f"Caught up on {topic}; next step is on me",
                f"{topic.capitalize()} - agreed to follow up in two weeks",
            )
        )

    def _conversation_body(self, day: dt.date, parts: list[Person]) -> list[str]:
        """Paragraphs and lists, separated by blank lines as an editor would leave them."""
        rng = self.rng
        target = rng.randint(4, 15)
        lines: list[str] = []
        makers = (
            (self._paragraph, "text", 34),
            (self._task_owed, "list", 20),
            (self._task_waiting, "list", 8),
            (self._task_done, "list", 10),
            (self._code_fence, "text", 4),
            (self._inline_code, "text", 4),
            (self._misc_task, "list", 6),
            (self._sub_list, "list", 6),
            (self._callout, "text", 2),
        )
        weights = [m[2] for m in makers]
        previous = ""
        while len(lines) < target:
            make, kind, _ = rng.choices(makers, weights=weights)[0]
            block = make(day, parts)
            if lines and (kind == "text" or previous != kind):
                lines.append("")
            lines.extend(block)
            previous = kind
        return lines

    def _due(self, day: dt.date) -> str:
        due = iso(day + dt.timedelta(days=self.rng.randint(1, 45)))
        return f"📅 {due}" if self.rng.random() < 0.6 else f"[due:: {due}]"

    def _paragraph(self, day: dt.date, parts: list[Person]) -> list[str]:
        rng = self.rng
        sentences = []
        for _ in range(rng.choices((1, 2, 3), weights=(45, 40, 15))[0]):
            template = rng.choice(PARAGRAPHS)
            mention = self.body_link(self.pick_people(1)[0]) if "{q}" in template else ""
            first = parts[0].name.split(" ")[0]
            sentences.append(template.format(topic=rng.choice(TOPICS), p=first, q=mention))
        return [" ".join(sentences)]

    def _task_owed(self, day: dt.date, parts: list[Person]) -> list[str]:
        rng = self.rng
        thing = rng.choice(THINGS)
        roll = rng.random()
        if roll < 0.25 and len(parts) > 1:
            return [f"- [ ] send {thing} to {self.body_link(rng.choice(parts))} {self._due(day)}"]
        if roll < 0.35:
            return [f"- [ ] send [[{rng.choice(PROJECTS)}]] {self._due(day)}"]
        if roll < 0.45:
            return [f"- [ ] send {thing}"]  # undated
        return [f"- [ ] send {thing} {self._due(day)}"]

    def _task_waiting(self, day: dt.date, parts: list[Person]) -> list[str]:
        rng = self.rng
        thing = rng.choice(THINGS)
        if rng.random() < 0.5:
            return [
                f"- [ ] {parts[0].name.split(' ')[0]} to send {thing} #waiting {self._due(day)}"
            ]
        return [f"- [ ] waiting on {thing} #waiting"]

    def _task_done(self, day: dt.date, parts: list[Person]) -> list[str]:
        rng = self.rng
        done = iso(day + dt.timedelta(days=rng.randint(0, 10)))
        mark = rng.choice(("x", "x", "x", "X", "-"))
        return [f"- [{mark}] shared {rng.choice(THINGS)} ✅ {done}"]

    def _misc_task(self, day: dt.date, parts: list[Person]) -> list[str]:
        rng = self.rng
        thing = rng.choice(THINGS)
        return [
            rng.choice(
                (
                    f"* [ ] review {thing} ⏳ {iso(day + dt.timedelta(days=3))}",
                    f"1. [/] drafting {thing} (due:: {iso(day + dt.timedelta(days=9))})",
                    f"- [ ] remember {thing} for {self.body_link(self.pick_people(1)[0])}",
                    f"+ [?] maybe send {thing} due:: {iso(day + dt.timedelta(days=5))}",
                )
            )
        ]

    def _sub_list(self, day: dt.date, parts: list[Person]) -> list[str]:
        rng = self.rng
        return [
            f"- next steps on {rng.choice(TOPICS)}",
            f"    - [ ] book a follow-up {self._due(day)}",
        ]

    def _callout(self, day: dt.date, parts: list[Person]) -> list[str]:
        other = self.pick_people(1)[0]
        return [
            "> [!todo] Follow-ups",
            f"> - [ ] introduce {self.body_link(other)} to {parts[0].name} {self._due(day)}",
        ]

    def _code_fence(self, day: dt.date, parts: list[Person]) -> list[str]:
        fake = self.rng.choice(self.people).name
        return [
            "```text",
            f"- [ ] not a task [[{fake}]] 📅 {iso(day)}",
            "[[Not A Link]]",
            "```",
        ]

    def _inline_code(self, day: dt.date, parts: list[Person]) -> list[str]:
        fake = self.rng.choice(self.people).name
        return [f"Obsidian links look like `[[{fake}]]`, and tasks like `- [ ] x`."]

    # -- daily notes ----------------------------------------------------------------------

    def daily_days(self) -> list[dt.date]:
        span = max(SPAN_DAYS, self.n_daily)
        first = END - dt.timedelta(days=span - 1)
        offsets = sorted(self.rng.sample(range(span), self.n_daily))
        return [first + dt.timedelta(days=o) for o in offsets]

    def logged_line(self, day: dt.date) -> tuple[bool, list[str]]:
        """A conversation logged in a daily note: whether it goes under the Conversations
        heading (else it carries a channel tag), and its lines (the item, nested notes)."""
        rng = self.rng
        parts = self.pick_people(rng.choice((1, 1, 1, 2)))
        links = " and ".join(self.body_link(p) for p in parts)
        time = f"{rng.randrange(8, 20):02d}:{rng.choice(('00', '15', '30', '45'))} "
        time = time if rng.random() < 0.3 else ""
        under_heading = rng.random() < 0.5
        tag = "" if under_heading else f"#{rng.choice(LOG_TAGS)} "
        lines = [f"- {time}{tag}with {links} about {rng.choice(TOPICS)}"]
        if rng.random() < 0.4:
            lines.append(f"  - {rng.choice(TOPICS).capitalize()} came up as well.")
        if rng.random() < 0.3:
            lines.append(f"  - [ ] send the notes on {rng.choice(TOPICS)} {self._due(day)}")
        if rng.random() < 0.1:
            lines.append(f"  - [ ] #waiting {self.body_link(parts[0])} sends the figures")
        if rng.random() < 0.1:
            lines.append(f"  - [ ] #ask about {rng.choice(TOPICS)}")
        return under_heading, lines

    def render_daily(self, day: dt.date, logged: Sequence[tuple[bool, list[str]]] = ()) -> str:
        rng = self.rng
        fm = [f"date: {iso(day)}", "tags: [daily]"] if rng.random() < 0.3 else []
        p, q = self.pick_people(2)
        body = [
            f"Ran into {self.body_link(p)} at {rng.choice(PLACES)}.",
            "",
            f"- [ ] text {self.body_link(q)} about {rng.choice(TOPICS)} {self._due(day)}",
            "- [ ] buy groceries",
        ]
        if rng.random() < 0.3:
            body.append(f"- [x] call {self.body_link(p)}")
        body += [line for heading, lines in logged if not heading for line in lines]
        if rng.random() < 0.3:
            body += ["", f"Reading [[{rng.choice(PROJECTS)}]] notes."]
        if any(heading for heading, _ in logged):
            body += ["", "## Conversations", ""]
            body += [line for heading, lines in logged if heading for line in lines]
        return note(fm, body)

    def random_day(self) -> dt.date:
        return START + dt.timedelta(days=self.rng.randrange(SPAN_DAYS))


def note(front_matter: Sequence[str], body: Sequence[str]) -> str:
    """A note's text: front-matter block (if any), then the body, ending with a line break."""
    head = "---\n" + "".join(line + "\n" for line in front_matter) + "---\n" if front_matter else ""
    return head + "".join(line + "\n" for line in body)


PERSON_TEMPLATE = """---
aliases: []
cadence: 30d
---
Met at {{date}}.

## Notes
"""

CONVERSATION_TEMPLATE = """---
date: "{{date}}"
with: []
channel: "{{channel}}"
topics: []
---
Talked with [[{{name}}]] about

- [ ] follow up with [[{{name}}]]
"""


def generate(root: Path, people: int, conversations: int, daily: int, seed: int) -> Stats:
    """Write the vault under ``root`` (which must be absent or empty) and return its counts."""
    rng = random.Random(seed)
    gen = VaultGenerator(rng, people, conversations, daily)
    out = VaultWriter(root)
    gen.make_orgs()
    gen.make_people()
    out.write(".obsidian/app.json", json.dumps({"useMarkdownLinks": False}) + "\n", kind="config")
    out.write("templates/person.md", PERSON_TEMPLATE, kind="template")
    out.write("templates/conversation.md", CONVERSATION_TEMPLATE, kind="template")
    for p in gen.people:
        out.write(f"{p.folder}/{p.name}.md", gen.render_person(p), kind="person")
    for org in gen.orgs:
        out.write(f"orgs/{org}.md", gen.render_org(org), kind="org")
    for project in PROJECTS[: max(3, min(len(PROJECTS), people // 100))]:
        out.write(f"projects/{project}.md", gen.render_project(project), kind="project")
    last_with: dict[str, str] = {}
    logged: dict[dt.date, list[tuple[bool, list[str]]]] = {}
    for number, (day, title) in enumerate(gen.conversation_titles()):
        if number % 3 == 2:  # a third are logged as a line of the day's daily note
            logged.setdefault(day, []).append(gen.logged_line(day))
            continue
        text = gen.render_conversation(day, title, last_with)
        # A few notes come from a Windows editor.
        crlf = rng.random() < 0.005
        out.write(f"conversations/{title}.md", text, kind="conversation", crlf=crlf)
    for day in sorted(set(gen.daily_days()) | logged.keys()):
        text = gen.render_daily(day, logged.get(day, ()))
        out.write(f"daily/{iso(day)}.md", text, kind="daily")
    return out.stats


def default_daily(conversations: int) -> int:
    return conversations // 20


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to create (absent or empty)")
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--conversations", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--daily", type=int, default=None, help="daily notes (default: conversations / 20)"
    )
    args = parser.parse_args(argv)
    if args.people < 3 or args.conversations < 0:
        parser.error("need --people >= 3 and --conversations >= 0")
    if args.daily is None:
        args.daily = default_daily(args.conversations)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root: Path = args.out_dir
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        print(f"generate_vault: {root} exists and is not an empty folder", file=sys.stderr)
        return 2
    started = time.perf_counter()
    stats = generate(root, args.people, args.conversations, args.daily, args.seed)
    seconds = time.perf_counter() - started
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(stats.kinds.items()))
    print(
        f"generated {stats.notes} notes ({kinds}), {stats.bytes} bytes "
        f"({stats.bytes / 1e6:.2f} MB) in {seconds:.2f} s -> {os.fspath(root)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
