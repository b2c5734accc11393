"""vCard ↔ contacts, through vobject: read vCard 2.1, 3.0 and 4.0; write vCard 3.0.

Apple, Google and Android exports differ in folding, `item1.` groups, `TYPE=` parameters and
year-less birthdays; vobject unfolds and decodes them, and this module maps what it finds.
Photos, sounds and keys are never read.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterable
from typing import Any

import vobject

from vaultrel.errors import Problem, warning
from vaultrel.interop.contacts import Contact, birthday_of

# Apple writes a birthday without a year as 1604-MM-DD with this parameter.
OMIT_YEAR = "X-APPLE-OMIT-YEAR"
_UNSAFE_LINK = re.compile(r"[\[\]|#^\n\r]")
SKIPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})  # binary, never imported
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "vaultrel:person")


def read_vcards(text: str, source: str) -> tuple[list[Contact], list[Problem]]:
    """The contacts of a vCard file's text; cards without a name are reported and skipped.

    vobject unfolds the lines and decodes parameters, groups and quoted-printable; the values
    are decoded here, since vobject keeps only the first item of a text value with an
    unescaped comma (`FN:Hopper, Grace`, `NICKNAME:KJ,Kat`).
    """
    try:
        cards = _cards(text)
    except vobject.base.VObjectError as exc:
        message = f"not a readable vCard file: {exc}"
        return [], [Problem(source, exc.lineNumber, "E_VCARD", message, "check the file")]
    contacts: list[Contact] = []
    problems: list[Problem] = []
    for number, card in enumerate(cards, 1):
        contact, skipped = _contact(card)
        if contact is None:
            problems.append(
                warning(source, None, "W_VCARD_NO_NAME", f"card {number} has no name", "skipped")
            )
            continue
        contacts.append(contact)
        problems += [
            warning(source, None, "W_VCARD_SKIPPED", f"{contact.name}: {what}", "not imported")
            for what in skipped
        ]
    return contacts, problems


Card = dict[str, list[Any]]  # property name (upper case) → its content lines


def _cards(text: str) -> list[Card]:
    cards: list[Card] = []
    card: Card | None = None
    for line, number in vobject.base.getLogicalLines(io.StringIO(text), allowQP=True):
        content = vobject.base.textLineToContentLine(line, number)
        name = content.name.upper()
        if name == "BEGIN" and str(content.value).upper() == "VCARD":
            card = {}
        elif name == "END" and card is not None:
            cards.append(card)
            card = None
        elif card is not None and name not in SKIPPED:
            card.setdefault(name, []).append(content)
    return cards


def _contact(card: Card) -> tuple[Contact | None, list[str]]:
    name = _name(card)
    if not name:
        return None, []
    skipped: list[str] = []
    orgs = []
    for value in _values(card, "ORG"):
        org = _unescape(_split(value, ";")[0]).strip()
        if org and _UNSAFE_LINK.search(org):
            skipped.append(f"organisation {org!r} cannot be a link")
        elif org:
            orgs.append(org)
    birthdays = [_birthday(line) for line in card.get("BDAY", [])]
    return (
        Contact(
            name=name,
            aliases=_unique(
                _unescape(item).strip()
                for v in _values(card, "NICKNAME")
                for item in _split(v, ",")
            ),
            emails=_unique(
                _unescape(v).strip().removeprefix("mailto:") for v in _values(card, "EMAIL")
            ),
            phones=_unique(_unescape(v).strip().removeprefix("tel:") for v in _values(card, "TEL")),
            birthday=next((b for b in birthdays if b), None),
            org=_unique(orgs),
            note="\n\n".join(n for v in _values(card, "NOTE") if (n := _unescape(v).strip())),
        ),
        skipped,
    )


def _name(card: Card) -> str:
    """FN, else the given and family names of N, with spaces collapsed."""
    full = next((n for v in _values(card, "FN") if (n := _unescape(v).strip())), "")
    if not full:
        for value in _values(card, "N"):
            parts = [_unescape(part) for part in _split(value, ";")]
            full = " ".join(p for p in (parts[1:2] + parts[:1]) if p.strip())
            if full.strip():
                break
    return " ".join(full.split())


def _birthday(line: Any) -> str | None:
    text = str(line.value).strip()
    if line.params.get(OMIT_YEAR):
        text = "--" + text[4:]
    return birthday_of(text)


def _values(card: Card, name: str) -> list[str]:
    return [str(line.value) for line in card.get(name, [])]


def _split(value: str, separator: str) -> list[str]:
    """`value` split at each `separator` not escaped by a backslash (escapes kept)."""
    parts = [""]
    escaped = False
    for char in value:
        if char == separator and not escaped:
            parts.append("")
            continue
        parts[-1] += char
        escaped = char == "\\" and not escaped
    return parts


def _unescape(value: str) -> str:
    """vCard text escapes: `\\n` is a line break, `\\,` `\\;` `\\\\` the character."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return tuple(seen.values())


def person_uid(path: str) -> str:
    """A stable UID for the person note at `path`: the same on every export and machine."""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, path)}"


def write_vcards(contacts: Iterable[tuple[str, Contact]]) -> str:
    """vCard 3.0 text (CRLF, folded) for `(uid, contact)` pairs, in the order given."""
    return "".join(_card(uid, contact).serialize() for uid, contact in contacts)


def _card(uid: str, contact: Contact) -> Any:
    card = vobject.vCard()
    card.add("prodid").value = "-//vaultrel//EN"
    card.add("uid").value = uid
    card.add("fn").value = contact.name
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for alias in contact.aliases:
        card.add("nickname").value = alias
    for email in contact.emails:
        card.add("email").value = email
    for phone in contact.phones:
        card.add("tel").value = phone
    if contact.birthday:
        bday = card.add("bday")
        if contact.birthday.startswith("--"):
            bday.value = "1604" + contact.birthday[1:]
            bday.params[OMIT_YEAR] = ["1604"]
        else:
            bday.value = contact.birthday
    for org in contact.org:
        card.add("org").value = [org]
    return card
