"""A Monica 4.x JSON export (format `1.0-preview.1`) as contacts and conversations (pure).

The export is `{"version", "export_date", "exported_by": user uuid, "account": {"data": [...],
"properties": {...}, "instance": {...}}}`; every collection is `{"count", "type", "values"}`,
and every record `{"uuid", "created_at", "updated_at", "properties": {...}, "data": [...]}`.
Contacts become people (their own contact, the user's, is skipped); activities and calls
become conversations; reminders become tasks; everything else a contact has (notes, gifts,
debts, life events, relationships, tasks, addresses, pets, messages, other contact fields)
becomes readable Markdown under `## From Monica` in the person's note. Photos, documents and
avatars are counted, not imported.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from vaultrel.core.filenames import hidden_characters
from vaultrel.interop.contacts import Contact

FORMAT = "1.0-preview.1"
HEADING = "## From Monica"
_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_UNSAFE_TITLE = re.compile(r'[\\/:*?"<>|#^\[\]]')
_COUNTED = {  # collection type → what the summary calls it
    "note": "notes",
    "reminder": "reminders",
    "task": "tasks",
    "gift": "gifts",
    "debt": "debts",
    "life_event": "life events",
    "address": "addresses",
    "pet": "pets",
    "conversation": "messages",
}
_STEPS = {"week": (7, 0), "month": (0, 1), "year": (0, 12)}  # days, months per step


class MonicaError(ValueError):
    """The file is not a Monica JSON export this reader knows."""


@dataclass(frozen=True, slots=True)
class Talk:
    """An activity or a call: a conversation with the contacts (by uuid) who took part."""

    uuid: str
    date: dt.date
    title: str
    channel: str
    people: tuple[str, ...]
    text: str


@dataclass
class Export:
    exported: dt.date
    contacts: list[tuple[str, Contact]] = field(default_factory=list)  # (uuid, contact)
    talks: list[Talk] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # what was read, by kind


def read_export(text: str) -> Export:
    """The contacts and conversations of a Monica JSON export. Raises MonicaError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MonicaError(f"not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("account"), dict):
        raise MonicaError("no account: not a Monica JSON export")
    if data.get("version") != FORMAT:
        raise MonicaError(f"format {data.get('version')!r}, not {FORMAT!r}")
    exported = _date(data.get("export_date"))
    if exported is None:
        raise MonicaError("no export_date")
    account = data["account"]
    instance = account.get("instance") or {}
    return _Reader(account, instance, str(data.get("exported_by") or ""), exported).read()


class _Reader:
    def __init__(self, account: dict[str, Any], instance: dict[str, Any], by: str, on: dt.date):
        self.export = Export(on)
        self.collections = _collections(account)
        self.field_types = _by_uuid(instance.get("contact_field_types"))
        self.activity_types = _by_uuid(instance.get("activity_types"))
        self.life_event_types = _by_uuid(instance.get("life_event_types"))
        users = self.collections.get("user", [])
        mine = [_props(u).get("me_contact") for u in users if u.get("uuid") == by or not by]
        self.me = {str(uuid) for uuid in mine if uuid}
        self.contacts = [c for c in self.collections.get("contact", []) if isinstance(c, dict)]
        self.names = {str(c.get("uuid")): _name(_props(c)) for c in self.contacts}

    def read(self) -> Export:
        for contact in self.contacts:
            uuid = str(contact.get("uuid"))
            if uuid in self.me:
                self.export.counts["own contact skipped"] += 1
                continue
            person = self._contact(uuid, contact)
            if person is not None:
                self.export.contacts.append((uuid, person))
        self._activities()
        return self.export

    def _contact(self, uuid: str, contact: dict[str, Any]) -> Contact | None:
        props = _props(contact)
        name = self.names[uuid]
        if not name:
            self.export.counts["contacts without a name skipped"] += 1
            return None
        self.export.counts["contacts"] += 1
        items = _collections(contact)
        fields = self._fields(items.get("contact_field", []))
        birthday, born = _special(props.get("birthdate"))
        met, first_met = _special(props.get("first_met_date"), partial=True)
        frequency = props.get("stay_in_touch_frequency")
        sections = [
            ("", _about(props, born, first_met)),
            ("Notes", [_text(_props(n).get("body")) for n in items.get("note", [])]),
            ("Reminders", [self._reminder(r) for r in items.get("reminder", [])]),
            ("Tasks", [_task(t) for t in items.get("task", [])]),
            ("Gifts", [self._gift(g) for g in items.get("gift", [])]),
            ("Debts", [_debt(d, name) for d in items.get("debt", [])]),
            ("Life events", [self._life_event(e) for e in items.get("life_event", [])]),
            ("Relationships", self._relationships(uuid)),
            ("Contact details", fields["other"]),
            ("Addresses", [_record(a) for a in items.get("address", [])]),
            ("Pets", [_record(p) for p in items.get("pet", [])]),
            ("Messages", [_record(m) for m in items.get("conversation", [])]),
        ]
        for kind, label in _COUNTED.items():
            self.export.counts[label] += len(items.get(kind, []))
        for kind in ("photo", "document"):
            self.export.counts[f"{kind}s not imported"] += len(items.get(kind, []))
        for call in items.get("call", []):
            self._call(uuid, name, call)
        return Contact(
            name=name,
            aliases=tuple(n for n in [_line(props.get("nickname"))] if n),
            emails=tuple(fields["email"]),
            phones=tuple(fields["phone"]),
            birthday=birthday,
            met=met,
            cadence=f"{frequency}d" if isinstance(frequency, int) and frequency > 0 else None,
            note=_markdown(sections),
        )

    def _fields(self, values: list[Any]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {"email": [], "phone": [], "other": []}
        for item in values:
            props = _props(item)
            value = _line(props.get("data"))
            if not value:
                continue
            kind = _props(self.field_types.get(str(props.get("type")), {}))
            protocol = str(kind.get("protocol") or "")
            if kind.get("type") in ("email", "phone"):
                found[str(kind["type"])].append(value.removeprefix(protocol))
            else:
                found["other"].append(f"{_line(kind.get('name')) or 'Field'}: {value}")
            self.export.counts["contact fields"] += 1
        return found

    def _reminder(self, reminder: dict[str, Any]) -> str:
        """An open task due on the reminder's date, or its next one after the export date."""
        props = _props(reminder)
        title = _line(props.get("title")) or "Monica reminder"
        start = _date(props.get("initial_date"))
        if start is None:
            return f"Reminder without a date: {title}"
        if props.get("inactive"):
            return f"Inactive reminder: {title} ({start.isoformat()})"
        kind, every = str(props.get("frequency_type") or "one_time"), props.get("frequency_number")
        if kind not in _STEPS or not isinstance(every, int) or every < 1:
            return f"[ ] {title} 📅 {start.isoformat()}"
        unit = kind if every == 1 else f"{every} {kind}s"
        due = _next(start, kind, every, self.export.exported)
        return f"[ ] {title} (repeats every {unit} from {start.isoformat()}) 📅 {due.isoformat()}"

    def _gift(self, gift: dict[str, Any]) -> str:
        props = _props(gift)
        about = [_line(props.get("status")) or "gift", _line(props.get("amount"))]
        parts = [_line(props.get("name")) or "(no name)", f"({', '.join(a for a in about if a)})"]
        if recipient := self.names.get(str(props.get("recipient"))):
            parts.append(f"for {recipient}")
        if date := _date(props.get("date")):
            parts.append(f"on {date.isoformat()}")
        text = " ".join(parts)
        more = [m for m in (_line(props.get("comment")), _line(props.get("url"))) if m]
        return text + (" — " + " · ".join(more) if more else "")

    def _life_event(self, event: dict[str, Any]) -> str:
        props = _props(event)
        kind = _props(self.life_event_types.get(str(props.get("type")), {}))
        label = _line(kind.get("name")) or _line(kind.get("translation_key")) or "life event"
        date = _date(props.get("happened_at"))
        name = _line(props.get("name"))
        text = f"{date.isoformat() + ' · ' if date else ''}{label.replace('_', ' ')}"
        text += f": {name}" if name else ""
        note = _line(props.get("note"))
        return text + (f" — {note}" if note else "")

    def _relationships(self, uuid: str) -> list[str]:
        """`X is the <type> of Y` listed in Y's note."""
        found = []
        for item in self.collections.get("relationship", []):
            props = _props(item)
            if str(props.get("of_contact")) != uuid:
                continue
            other = str(props.get("contact_is"))
            who = "me" if other in self.me else self.names.get(other) or "someone not exported"
            found.append(f"{_line(props.get('type')) or 'related'}: {who}")
            self.export.counts["relationships"] += 1
        return found

    def _call(self, uuid: str, name: str, call: dict[str, Any]) -> None:
        props = _props(call)
        date = _date(props.get("called_at"))
        self.export.counts["calls"] += 1
        if date is None:
            self.export.counts["calls without a date skipped"] += 1
            return
        who = f"{name} called me." if props.get("contact_called") else f"I called {name}."
        text = "\n\n".join(t for t in (_text(props.get("content")), who) if t)
        title = f"{date.isoformat()} Call with {name}"
        talk_uuid = str(call.get("uuid") or f"{uuid}-{date.isoformat()}")
        self.export.talks.append(Talk(talk_uuid, date, title, "call", (uuid,), text))

    def _activities(self) -> None:
        """Activities are the account's; a contact lists the uuids of those it took part in."""
        people: dict[str, list[str]] = {}
        for contact in self.contacts:
            uuid = str(contact.get("uuid"))
            for activity in _collections(contact).get("activity", []):
                if uuid not in self.me:
                    people.setdefault(str(activity), []).append(uuid)
        for activity in self.collections.get("activity", []):
            props = _props(activity)
            uuid = str(activity.get("uuid"))
            self.export.counts["activities"] += 1
            date = _date(props.get("happened_at"))
            if date is None or not people.get(uuid):
                self.export.counts["activities without a date or a contact skipped"] += 1
                continue
            kind = _props(self.activity_types.get(str(props.get("type")), {}))
            channel = _line(kind.get("name")) or _line(kind.get("translation_key")) or "activity"
            summary = _line(props.get("summary")) or channel.replace("_", " ")
            title = f"{date.isoformat()} {summary}"
            text = _text(props.get("description"))
            self.export.talks.append(
                Talk(uuid, date, title, channel.replace("_", " "), tuple(people[uuid]), text)
            )


def safe_title(title: str) -> str:
    """A conversation title that can be a file name: characters Obsidian refuses in a link or
    a file name become spaces, runs of spaces one, and it is cut at 120 characters."""
    title = " ".join(_UNSAFE_TITLE.sub(" ", title).split())[:120].strip(" .")
    return title if not hidden_characters(title) else re.sub(r"[^\w .,'()&+-]", "", title)


def _collections(record: Any) -> dict[str, list[Any]]:
    """A record's collections by type (`data` may be a list of them, or keyed)."""
    data = record.get("data") if isinstance(record, dict) else None
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    found: dict[str, list[Any]] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("values"), list):
            found.setdefault(str(item.get("type")), []).extend(item["values"])
    return found


def _by_uuid(items: Any) -> dict[str, dict[str, Any]]:
    values = items.get("values") if isinstance(items, dict) else items
    if not isinstance(values, list):
        return {}
    return {str(i.get("uuid")): i for i in values if isinstance(i, dict)}


def _props(record: Any) -> dict[str, Any]:
    props = record.get("properties") if isinstance(record, dict) else None
    return props if isinstance(props, dict) else {}


def _name(props: dict[str, Any]) -> str:
    parts = (props.get(k) for k in ("first_name", "middle_name", "last_name"))
    return " ".join(" ".join(str(p) for p in parts if isinstance(p, str) and p.strip()).split())


def _line(value: Any) -> str | None:
    """A value as one line of text (None when empty)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _text(value: Any) -> str:
    return str(value).replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def _date(value: Any) -> dt.date | None:
    """The date a Monica date or date-time starts with (`2024-03-14T00:00:00.000000Z`)."""
    match = _DATE.match(value) if isinstance(value, str) else None
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _special(value: Any, partial: bool = False) -> tuple[str | None, str | None]:
    """A special date as a key's value (`YYYY-MM-DD`; `--MM-DD` when the year is unknown, or
    with `partial` `YYYY` when only the age is known), else as a sentence for the note."""
    props = value if isinstance(value, dict) else {}
    date = _date(props.get("date"))
    if date is None:
        return None, None
    if props.get("is_year_unknown"):
        written = f"--{date:%m-%d}"
        return (None, written) if partial else (written, None)
    if props.get("is_age_based"):
        return (str(date.year), None) if partial else (None, f"around {date.year}")
    return date.isoformat(), None


def _about(props: dict[str, Any], born: str | None, first_met: str | None) -> list[str]:
    found = [_text(props.get("description"))]
    job, company = _line(props.get("job")), _line(props.get("company"))
    if job or company:
        found.append(
            "Works" + (f" as {job}" if job else "") + (f" at {company}" if company else "")
        )
    if food := _line(props.get("food_preferences")):
        found.append(f"Food preferences: {food}")
    if born:
        found.append(f"Born {born}")
    if first_met:
        found.append(f"First met on {first_met} (year unknown)")
    if tags := props.get("tags"):
        found.append("Tags: " + ", ".join(str(t) for t in tags))
    return [f for f in found if f]


def _task(task: dict[str, Any]) -> str:
    props = _props(task)
    title = _line(props.get("title")) or "(no title)"
    done = _date(props.get("completed_at"))
    state = f"done {done.isoformat()}" if done else "done" if props.get("completed") else "open"
    more = _line(props.get("description"))
    return f"{title} ({state})" + (f" — {more}" if more else "")


def _debt(debt: dict[str, Any], name: str) -> str:
    props = _props(debt)
    amount = " ".join(str(p) for p in (props.get("amount"), props.get("currency")) if p)
    who = f"I owe {name}" if props.get("in_debt") else f"{name} owes me"
    status = _line(props.get("status"))
    return f"{who} {amount}".strip() + (f" ({status})" if status else "")


def _record(record: Any) -> str:
    """A record this reader has no form for, as its non-empty properties."""
    props = _props(record)
    shown = [f"{key}: {text}" for key in props if (text := _line(props[key])) is not None]
    return "; ".join(shown) or "(empty)"


def _markdown(sections: list[tuple[str, list[str]]]) -> str:
    """The `## From Monica` section of a person's note ('' when there is nothing to say)."""
    blocks = []
    for title, items in sections:
        items = [i for i in items if i]
        if not items:
            continue
        if not title:
            blocks += items
        elif title == "Notes":
            blocks += [f"### {title}", *items]
        else:
            lines = [f"- {i}" if i.startswith("[ ]") else f"- {_one_line(i)}" for i in items]
            blocks.append(f"### {title}\n\n" + "\n".join(lines))
    return "\n\n".join([HEADING, *blocks]) if blocks else ""


def _one_line(text: str) -> str:
    """A list item's text: no line break, and no checkbox that would make it a task."""
    text = " ".join(text.split())
    return "\\" + text if text.startswith("[") else text


def _next(start: dt.date, kind: str, every: int, after: dt.date) -> dt.date:
    """The first occurrence of a recurring reminder after `after` (the start if later)."""
    days, months = _STEPS[kind]
    step, due = 0, start
    while due <= after:
        step += every
        if days:
            due = start + dt.timedelta(days=days * step)
        else:
            total = start.month - 1 + months * step
            year, month = start.year + total // 12, total % 12 + 1
            due = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return due
