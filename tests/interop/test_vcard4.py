"""The vCard 4.0 writer against RFC 6350's own examples, and the reader on RFC 6350's example
card (§8)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultrel.interop.contacts import Contact
from vaultrel.interop.vcard import read_vcards
from vaultrel.interop.vcard4 import card, date, escape, fold

# RFC 6350 §8, the author's own card, as the RFC prints it (CRLF line ends)
RFC_CARD = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:Simon Perreault",
        "N:Perreault;Simon;;;ing. jr,M.Sc.",
        "BDAY:--0203",
        "ANNIVERSARY:20090808T1430-0500",
        "GENDER:M",
        "LANG;PREF=1:fr",
        "LANG;PREF=2:en",
        "ORG;TYPE=work:Viagenie",
        "ADR;TYPE=work:;Suite D2-630;2875 Laurier;",
        " Quebec;QC;G1V 2M2;Canada",
        'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102',
        'TEL;VALUE=uri;TYPE="work,cell,voice,video,text":tel:+1-418-262-6501',
        "EMAIL;TYPE=work:simon.perreault@viagenie.ca",
        "GEO;TYPE=work:geo:46.772673,-71.282945",
        "KEY;TYPE=work;VALUE=uri:",
        " http://www.viagenie.ca/simon.perreault/simon.asc",
        "TZ:-0500",
        "URL;TYPE=home:http://nomis80.org",
        "END:VCARD",
        "",
    ]
)


def test_the_rfc_example_card_reads_as_its_person() -> None:
    [contact], problems = read_vcards(RFC_CARD, "rfc6350.vcf")
    assert problems == []
    assert contact.name == "Simon Perreault"
    assert (contact.birthday, contact.anniversary) == ("--02-03", "2009-08-08")
    assert contact.emails == ("simon.perreault@viagenie.ca",)
    assert contact.phones == ("+1-418-656-9254;ext=102", "+1-418-262-6501")
    assert contact.org == ("Viagenie",)


def test_values_are_written_as_the_rfc_examples_show_them() -> None:
    assert escape("Mr. John Q. Public, Esq.") == "Mr. John Q. Public\\, Esq."  # §6.2.1
    assert escape("a;b\\c\nd") == "a\\;b\\\\c\\nd"  # §3.4
    assert (date("1996-04-15"), date("--04-15")) == ("19960415", "--0415")  # §6.2.5
    written = card(
        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",  # §6.7.6
        Contact(
            "John Q. Public",
            aliases=("Robbie",),  # §6.2.3
            emails=("jqpublic@xyz.example.com",),
            birthday="--04-15",
            anniversary="1996-04-15",  # §6.2.6
            socials=("https://example.com/@jqpublic", "not a url"),
        ),
    )
    assert written == (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//vaultrel//EN\r\n"
        "UID:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\nKIND:individual\r\n"
        "FN:John Q. Public\r\nN:Public;John Q.;;;\r\nNICKNAME:Robbie\r\n"
        "EMAIL:jqpublic@xyz.example.com\r\nBDAY:--0415\r\nANNIVERSARY:19960415\r\n"
        "SOCIALPROFILE:https://example.com/@jqpublic\r\nEND:VCARD\r\n"
    )


def test_a_long_line_folds_as_rfc_6350_shows() -> None:
    # §3.2: "NOTE:This is a long description that exists on a long line." folded with a
    # leading space on each continuation; here past 75 octets
    line = "NOTE:" + "This is a long description that exists on a long line. " * 3
    folded = fold(line)
    assert folded.endswith("\r\n") and "\r\n " in folded
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == line


@given(st.text(min_size=1, max_size=400).filter(lambda t: "\r" not in t and "\n" not in t))
def test_folding_keeps_lines_short_and_characters_whole(text: str) -> None:
    folded = fold("FN:" + text).encode("utf-8")
    physical = folded.split(b"\r\n")[:-1]
    for part in physical:
        assert len(part) <= 75
        part.decode("utf-8")  # no character is split across lines
    assert all(part.startswith(b" ") for part in physical[1:])
    assert b"".join([physical[0], *(p[1:] for p in physical[1:])]).decode() == "FN:" + text
