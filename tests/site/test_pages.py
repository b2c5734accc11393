"""The pages as a reader sees them, built through the CLI: headings, the chart's months,
birthdays, and where a mention leads. Pages are parsed as HTML, never matched as markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import Invoke, MakeVault
from vaultrel.site.pages import page_file

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
VOID = {"meta", "link", "input", "br", "hr", "img"}
TODAY = "2026-05-20"
ADA = "people/Ada Lovelace.md"
COFFEE = "conversations/2026-04-10 coffee.md"
DAILY = "daily/2026-05-05.md"
VAULT: dict[str, str | bytes] = {
    ADA: (
        "---\ncadence: 2w\nbirthday: 1815-12-10\n---\n#  ada   LOVELACE \n\nLikes tea.\n\n"
        "# Ada Lovelace\n\n## Family\n"
    ),
    "people/Alan.md": "---\nbirthday: --12-10\n---\n## Alan\n\nMaths.\n",
    "people/Zoë.md": "---\nbirthday: 2000-02-29\n---\nIntro.\n\n# Zoë\n",
    COFFEE: (
        '---\ndate: 2026-04-10\nwith: ["[[Ada Lovelace]]"]\n---\n# 2026-04-10 Coffee\n\n'
        "Intro.\n\n# Agenda\n\n## Details\n\n###### Deep\n"
    ),
    "conversations/2025-11-03 call.md": '---\ndate: 2025-11-03\nwith: ["[[Ada Lovelace]]"]\n---\n',
    DAILY: "Saw [[Ada Lovelace]] at the library.\n",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    within: tuple[str, ...]  # the names of the elements around it, outermost first
    parts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # an element is known by its classes and id; a section also by its heading's id
        self.names = [*self.attrs.get("class", "").split(), self.attrs.get("id", "")]

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Elements(HTMLParser):
    """Every element in document order, with its text and what it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        within = tuple(name for e in self.open for name in e.names if name)
        element = Element(tag, {k: v or "" for k, v in attrs}, within)
        if tag in HEADINGS and self.open and self.open[-1].tag == "section":
            self.open[-1].names.append(element.attrs.get("id", ""))
        self.all.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.open):
            while self.open.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.parts.append(data)

    def find(self, *tags: str, within: str = "", outside: str = "", css: str = "") -> list[Element]:
        return [
            e
            for e in self.all
            if e.tag in tags
            and (not within or within in e.within)
            and (not outside or outside not in e.within)
            and (not css or css in e.attrs.get("class", "").split())
        ]


def built(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> Path:
    root, out = make_vault(VAULT), tmp_path / "site"
    outcome = invoke("site", "--vault", root, "-o", out, "--today", TODAY)
    assert outcome.exit_code == 0, outcome.stderr
    return out


def parsed(out: Path, path: str) -> Elements:
    parser = Elements()
    parser.feed((out / "notes" / page_file(path)).read_text(encoding="utf-8"))
    return parser


def headings(page: Elements, within: str = "", outside: str = "") -> list[tuple[str, str]]:
    return [(e.tag, e.text.strip()) for e in page.find(*HEADINGS, within=within, outside=outside)]


def test_a_leading_title_heading_is_not_shown_twice(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    out = built(make_vault, invoke, tmp_path)
    # only the first heading, compared without case or spacing; a later one stays
    ada = parsed(out, ADA)
    own = headings(ada, within="note", outside="timeline")
    assert [text for _, text in own] == ["Notes", "Ada Lovelace", "Family"]
    assert [text for tag, text in headings(ada) if tag == "h1"] == ["Ada Lovelace"]
    coffee = parsed(out, COFFEE)
    assert [text for _, text in headings(coffee)][:2] == ["2026-04-10 coffee", "Agenda"]
    # a heading that is not level 1, or not the first, is the note's own
    assert headings(parsed(out, "people/Alan.md"), within="note") == [
        ("h2", "Notes"),
        ("h4", "Alan"),
    ]
    assert headings(parsed(out, "people/Zoë.md"), within="note") == [("h2", "Notes"), ("h3", "Zoë")]


def test_note_headings_nest_under_the_page_headings(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    out = built(make_vault, invoke, tmp_path)
    ada = parsed(out, ADA)
    # the timeline is a section under an h2: a conversation's `#` is an h3 there, never past h6
    assert ("h2", "Timeline") in headings(ada)
    assert headings(ada, within="timeline") == [("h3", "Agenda"), ("h4", "Details"), ("h6", "Deep")]
    own = headings(ada, within="note", outside="timeline")
    assert own == [("h2", "Notes"), ("h3", "Ada Lovelace"), ("h4", "Family")]
    # on its own page, under the page's h1
    assert headings(parsed(out, COFFEE)) == [
        ("h1", "2026-04-10 coffee"),
        ("h2", "Agenda"),
        ("h3", "Details"),
        ("h6", "Deep"),
    ]


def test_the_chart_names_its_months(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> None:
    ada = parsed(built(make_vault, invoke, tmp_path), ADA)
    months = [e.text for e in ada.find("text", within="chart", css="month")]
    assert months == ["Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May"]
    assert [e.text for e in ada.find("text", within="chart", css="year")] == ["2025", "2026"]
    titles = [e.text for e in ada.find("title", within="chart")]
    assert titles[0] == "Conversations per month, Nov 2025 to May 2026"
    assert "Apr 2026: 1 conversation" in titles and "Nov 2025: 1 conversation" in titles


def test_birthdays_read_as_day_and_month(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    out = built(make_vault, invoke, tmp_path)
    shown = {}
    for path in (ADA, "people/Alan.md", "people/Zoë.md"):
        (time,) = [e for e in parsed(out, path).find("time", within="lede")]
        shown[path] = (time.attrs["datetime"], time.text)
    assert shown == {
        ADA: ("1815-12-10", "10 Dec 1815"),
        "people/Alan.md": ("12-10", "10 Dec"),
        "people/Zoë.md": ("2000-02-29", "29 Feb 2000"),
    }
    lede = parsed(out, "people/Alan.md").find("p", css="lede")[0].text
    assert lede == "birthday 10 Dec"


def test_a_plain_note_that_mentions_a_person_has_a_page(
    make_vault: MakeVault, invoke: Invoke, tmp_path: Path
) -> None:
    out = built(make_vault, invoke, tmp_path)
    (mention,) = parsed(out, ADA).find("a", within="mentions")
    assert mention.attrs["href"] == page_file(DAILY)
    daily = parsed(out, DAILY)
    assert headings(daily)[0] == ("h1", "2026-05-05")
    assert "Saw Ada Lovelace at the library." in [e.text for e in daily.find("p")]
    (ada,) = [e for e in daily.find("a") if e.text == "Ada Lovelace" and "note" in e.within]
    assert ada.attrs["href"] == page_file(ADA)
