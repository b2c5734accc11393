"""vCard 4.0 (RFC 6350) for contacts (pure): a small strict writer, since vobject writes 3.0.

Text values escape `\\`, `,`, `;` and line breaks (§3.4); content lines end in CRLF and are
folded before 75 octets, never inside a UTF-8 sequence (§3.2). Dates use the basic format
(`18151210`, `--1210` without the year, §4.3.1). The person key `socials` holds profile URLs,
written as RFC 9554 SOCIALPROFILE lines; a value that is not a URI is not written (RFC 9554
wants a service name with a text value, and the key has none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vaultrel.interop.contacts import Contact

PRODID = "-//vaultrel//EN"
LINE_OCTETS = 75
_URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+")


def write_vcards4(contacts: Iterable[tuple[str, Contact]]) -> str:
    """vCard 4.0 text (CRLF, folded) for `(uid, contact)` pairs, in the order given."""
    return "".join(card(uid, contact) for uid, contact in contacts)


def card(uid: str, contact: Contact) -> str:
    """One vCard 4.0 for a person: `uid` is a URN (`urn:uuid:…`)."""
    given, _, family = contact.name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"PRODID:{escape(PRODID)}",
        f"UID:{uid}",
        "KIND:individual",
        f"FN:{escape(contact.name)}",
        f"N:{escape(family)};{escape(given)};;;",
        *(f"NICKNAME:{escape(alias)}" for alias in contact.aliases),
        *(f"EMAIL:{escape(email)}" for email in contact.emails),
        *(f"TEL:{escape(phone)}" for phone in contact.phones),
        *([f"BDAY:{date(contact.birthday)}"] if contact.birthday else []),
        *([f"ANNIVERSARY:{date(contact.anniversary)}"] if contact.anniversary else []),
        *(f"ORG:{escape(org)}" for org in contact.org),
        *(f"SOCIALPROFILE:{url}" for url in contact.socials if is_uri(url)),
        "END:VCARD",
    ]
    return "".join(fold(line) for line in lines)


def escape(text: str) -> str:
    """A TEXT value (or one component of a structured one) as RFC 6350 §3.4 writes it."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def date(written: str) -> str:
    """`1815-12-10` → `18151210`, `--12-10` → `--1210` (RFC 6350 §4.3.1, basic format)."""
    return written.replace("-", "") if written[0].isdigit() else "--" + written[2:].replace("-", "")


def fold(line: str) -> str:
    """A content line and its CRLF, folded so that no physical line exceeds 75 octets; a
    continuation starts with one space, and a character is never split."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts) + "\r\n"


def is_uri(text: str) -> bool:
    """Whether `text` is a URI (a scheme, a colon, no spaces): `https://…`, `xmpp:…`."""
    return _URI.fullmatch(text) is not None
