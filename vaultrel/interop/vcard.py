"""vCard ↔ contacts, through vobject: read vCard 2.1, 3.0 and 4.0; write vCard 3.0 (4.0 is
written by `vcard4`).

Apple, Google and Android exports differ in folding, `item1.` groups, `TYPE=` parameters and
year-less birthdays; vobject unfolds and decodes them, and this module maps what it finds.
Photos, sounds and keys are never read.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import vobject

from vaultrel.core.filenames import visible
from vaultrel.errors import Problem, warning
from vaultrel.interop.contacts import Contact, birthday_of
from vaultrel.interop.vcard4 import is_uri

# Apple writes a birthday without a year as 1604-MM-DD with this parameter.
OMIT_YEAR = "X-APPLE-OMIT-YEAR"
_UNSAFE_LINK = re.compile(r"[\[\]|#^\n\r]")
SKIPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})  # binary, never imported
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "vaultrel:person")


def read_vcards(text: str, source: str) -> tuple[list[Contact], list[Problem]]:
    """The contacts of a vCard file's text; a card that cannot be read (a line vobject cannot
    parse, a byte that is not UTF-8: `text` keeps such bytes as surrogates) or has no name is
    reported and skipped, and the other cards are read.

    vobject parses each content line and decodes parameters, groups and quoted-printable; the
    values are decoded here, since vobject keeps only the first item of a text value with an
    unescaped comma (`FN:Hopper, Grace`, `NICKNAME:KJ,Kat`).
    """
    cards, problems = _cards(text, source)
    contacts: list[Contact] = []
    for card in cards:
        name = _shown(_name(card.lines))
        what = f"card {card.number}" + (f" ({name})" if name else "")
        if card.broken is not None:
            line, reason = card.broken
            code = "E_ENCODING" if reason == _NOT_UTF8_REASON else "E_VCARD"
            problems.append(Problem(source, line, code, f"{what} not imported: {reason}", _FIX))
            continue
        if not card.ended:
            problems.append(
                warning(
                    source,
                    card.start,
                    "W_VCARD_TRUNCATED",
                    f"{what} has no END:VCARD: the file may be cut short",
                    "imported as far as it goes; check the card, or export the file again",
                )
            )
        contact, skipped = _contact(card.lines)
        if contact is None:
            problems.append(
                warning(source, card.start, "W_VCARD_NO_NAME", f"{what} has no name", "skipped")
            )
            continue
        contacts.append(contact)
        problems += [
            warning(source, card.start, "W_VCARD_SKIPPED", f"{name}: {why}", "not imported")
            for why in skipped
        ]
    if not cards and not problems:
        problems.append(
            Problem(source, None, "E_VCARD", "no card in the file", "check it is a vCard export")
        )
    return contacts, problems


Lines = dict[str, list[Any]]  # property name (upper case) → its content lines
_FIX = "fix that line, or export the card again; the other cards are imported"
_NOT_UTF8 = re.compile(r"[\udc80-\udcff]")  # bytes that were not UTF-8, kept by surrogateescape
_NOT_UTF8_REASON = "a byte that is not UTF-8"


@dataclass
class _Card:
    number: int
    start: int  # the line of its BEGIN:VCARD
    lines: Lines = field(default_factory=dict)
    broken: tuple[int, str] | None = None  # the first line that could not be read, and why
    ended: bool = False


def _cards(text: str, source: str) -> tuple[list[_Card], list[Problem]]:
    """The cards of a vCard file, each with what went wrong in it; lines outside any card
    (a `BEGIN:VCARD` missing or misspelt) are reported once per run of them."""
    cards: list[_Card] = []
    problems: list[Problem] = []
    card: _Card | None = None
    stray = False
    for line, number in _logical_lines(text):
        content = _parse(line, number)
        if _NOT_UTF8.search(line) and card is not None:  # kept, for the card's name
            card.broken = card.broken or (number, _NOT_UTF8_REASON)
        if isinstance(content, str):
            if card is not None:
                card.broken = card.broken or (number, content)
            elif not stray:
                stray = True
                code = "E_ENCODING" if content == _NOT_UTF8_REASON else "E_VCARD"
                problems.append(Problem(source, number, code, f"{content}, outside any card", _FIX))
            continue
        name = content.name.upper()
        if name == "BEGIN" and str(content.value).strip().upper() == "VCARD":
            card = _Card(len(cards) + 1, number)
            cards.append(card)
            stray = False
        elif name == "END" and card is not None:
            card.ended = True
            card = None
        elif card is not None:
            if name not in SKIPPED:
                card.lines.setdefault(name, []).append(content)
        elif not stray:
            stray = True
            message = f"{name} outside any card (is BEGIN:VCARD missing or misspelt?)"
            problems.append(Problem(source, number, "E_VCARD", message, _FIX))
    return cards, problems


def _parse(line: str, number: int) -> Any:
    """The content line, or why it cannot be read."""
    try:
        return vobject.base.textLineToContentLine(line, number)
    except UnicodeDecodeError:  # a quoted-printable value not in its charset
        return _NOT_UTF8_REASON
    except vobject.base.VObjectError:
        return "not a vCard line"


def _logical_lines(text: str) -> Iterator[tuple[str, int]]:
    """Unfolded content lines with the number of their first line. Lines end in CRLF, LF or
    a lone CR (old Mac exports); a line starting with a space or tab continues the previous
    one (folding), as does the line after a quoted-printable value ending in `=` (vCard 2.1;
    vobject's decoder reads the `=` and line break as a soft break)."""
    current, start, quoted = "", 0, False
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        if current and quoted:
            current += "\n" + line
        elif current and line[:1] in (" ", "\t"):
            current += line[1:]
        else:
            if current.strip():
                yield current, start
            current, start = line, number
        quoted = current.endswith("=") and "quoted-printable" in current.lower()
    if current.strip():
        yield current, start


def _shown(name: str) -> str:
    """A name for a message: bytes that were not UTF-8 shown as `?`, invisible characters by
    their code points."""
    return visible(_NOT_UTF8.sub("?", name), mark=True)


def _contact(card: Lines) -> tuple[Contact | None, list[str]]:
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
    anniversaries = [_birthday(line) for line in card.get("ANNIVERSARY", [])]
    # RFC 9554's SOCIALPROFILE, and Apple's X-SOCIALPROFILE before it: the URLs
    socials = [
        url
        for name in ("SOCIALPROFILE", "X-SOCIALPROFILE")
        for value in _values(card, name)
        if is_uri(url := _unescape(value).strip())
    ]
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
            anniversary=next((a for a in anniversaries if a), None),
            socials=_unique(socials),
        ),
        skipped,
    )


def _name(card: Lines) -> str:
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


def _values(card: Lines, name: str) -> list[str]:
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
