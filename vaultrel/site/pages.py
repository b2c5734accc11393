"""The site's pages as HTML strings, from the resolved vault, its facts and the rendered notes.

Pure: nothing here reads the disk or the clock (`today` is a parameter). Every text from the
vault goes through `html.escape`, note bodies arrive already rendered by `markup.render`.
Every note page lives in `notes/`, so a link between two notes is the same from any page.
A note's own headings are moved down to nest under the headings of the page it is shown on.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from vaultrel.core.graph import Graph, newest_first
from vaultrel.core.model import Facts, Kind, Note, Obligation, title_of
from vaultrel.site.charts import Drift, drift_chart, per_month, standing_bar, timeline_chart
from vaultrel.site.markup import PageOf, nested, slug

NOTES = "notes"
DUE_SOON_DAYS = 14
OPEN_ENTRIES = 3  # the newest conversations of a timeline are shown unfolded
TOP_DRIFTING = 12
# No network, no inline code: only the site's own style sheet and script may load.
POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class Site:
    """What the pages are made of. `bodies`: note path → its rendered text (HTML)."""

    name: str
    graph: Graph
    facts: Mapping[str, Facts]
    bodies: Mapping[str, str]
    today: dt.date


def has_page(graph: Graph, path: str) -> bool:
    """People and conversations have pages, and so has any other note that links to a person:
    its page is where the person page's "Mentioned in" leads."""
    note = graph.notes.get(path)
    if note is None:
        return False
    return note.kind in (Kind.PERSON, Kind.CONVERSATION) or bool(_people_named(graph, path))


def _people_named(graph: Graph, path: str) -> list[str]:
    """The people a note links to, in the order it first names them."""
    return list(
        dict.fromkeys(
            edge.target
            for edge in graph.outgoing.get(path, ())
            if (target := graph.notes.get(edge.target)) and target.kind is Kind.PERSON
        )
    )


@functools.cache
def page_file(path: str) -> str:
    """A note's page, inside `notes/`: readable, and unique even where titles collide."""
    title = title_of(path)
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]
    return f"{slug(title) or 'note'}-{digest}.html"


def page_finder(graph: Graph) -> PageOf:
    """How a note's links find pages: resolved exactly as the vault's links are."""

    def page_of(target: str, source: str) -> str | None:
        path = graph.resolver.resolve(target, source).path
        return page_file(path) if path is not None and has_page(graph, path) else None

    return page_of


def note_page(site: Site, path: str) -> tuple[str, str]:
    """A note's page: (its path inside the site folder, its HTML)."""
    note = site.graph.notes[path]
    pages = {Kind.PERSON: person_page, Kind.CONVERSATION: conversation_page}
    return f"{NOTES}/{page_file(path)}", pages.get(note.kind, plain_page)(site, note)


def document(title: str, body: str, root: str = "../") -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{root}style.css">\n'
        f'<script src="{root}site.js" defer></script>\n'
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


# The index


def index_page(site: Site) -> str:
    people = site.graph.people()
    rows = sorted(people, key=lambda p: (_next_owed(site, p) or dt.date.max, p.title.lower()))
    body = [
        f'<header><p class="crumbs">{escape(site.name)}</p><h1>People</h1>',
        f'<p class="lede">{len(people)} people · {_count_conversations(site)} conversations · '
        f"as of {site.today.isoformat()}</p></header>",
        _overview(site, people),
        '<section><h2 id="everyone">Everyone</h2>',
        '<p class="search" hidden><label>Find <input type="search" id="find" '
        'placeholder="name or alias" autocomplete="off"></label></p>',
        '<div class="scroll"><table id="people"><thead><tr>',
        '<th data-sort="name">Name</th><th data-sort="last">Last spoke</th>',
        '<th data-sort="next" aria-sort="ascending">Next owed</th>',
        '<th data-sort="owe" class="num">I owe</th><th data-sort="they" class="num">They owe</th>',
        "</tr></thead><tbody>",
        *(_person_row(site, person) for person in rows),
        "</tbody></table></div></section>",
    ]
    return document("People", "\n".join(body), root="")


def _count_conversations(site: Site) -> int:
    return sum(1 for note in site.graph.notes.values() if note.kind is Kind.CONVERSATION)


def _next_owed(site: Site, person: Note) -> dt.date | None:
    return site.facts[person.path].next_owed


def _person_row(site: Site, person: Note) -> str:
    facts = site.facts[person.path]
    last, next_owed = facts.last_spoke, facts.next_owed
    names = " ".join([person.title, *person.aliases]).lower()
    what = f" · {escape(facts.next_owed_what)}" if facts.next_owed_what else ""
    late = ' class="late"' if next_owed and next_owed < site.today else ""
    return (
        f'<tr data-names="{escape(names)}" data-name="{escape(person.title.lower())}" '
        f'data-last="{_iso(last)}" data-next="{_iso(next_owed)}" data-owe="{len(facts.owed)}" '
        f'data-they="{len(facts.they_owe)}">'
        f'<td><a href="{NOTES}/{page_file(person.path)}">{escape(person.title)}</a></td>'
        f"<td>{_date(last, 'never')}</td><td{late}>{_date(next_owed)}{what}</td>"
        f'<td class="num">{len(facts.owed) or ""}</td>'
        f'<td class="num">{len(facts.they_owe) or ""}</td></tr>'
    )


def _overview(site: Site, people: list[Note]) -> str:
    """Who is drifting: everyone by standing, then the people longest past reach out by."""
    standing: dict[str, list[Note]] = {"drifting": [], "soon": [], "fine": [], "none": []}
    for person in people:
        standing[_standing(site.facts[person.path].reach_out_by, site.today)].append(person)
    segments = [
        ("drifting", "past reach out by", len(standing["drifting"])),
        ("soon", f"reach out within {DUE_SOON_DAYS} days", len(standing["soon"])),
        ("fine", "on track", len(standing["fine"])),
        ("none", "no cadence", len(standing["none"])),
    ]
    legend = "".join(
        f'<li><span class="swatch {css}"></span>{count} {escape(label)}</li>'
        for css, label, count in segments
    )
    drifting = sorted(
        (
            Drift(p.title, f"{NOTES}/{page_file(p.path)}", (site.today - due).days)
            for p in standing["drifting"]
            if (due := site.facts[p.path].reach_out_by) is not None
        ),
        key=lambda d: (-d.days, d.name.lower()),
    )
    parts = [
        '<section class="overview"><h2 id="drifting">Who is drifting</h2>',
        f'<figure>{standing_bar(segments)}<ul class="legend">{legend}</ul></figure>',
    ]
    if drifting:
        more = len(drifting) - TOP_DRIFTING
        parts.append(
            f"<figure>{drift_chart(drifting[:TOP_DRIFTING])}<figcaption>Longest past their "
            "reach-out date" + (f", and {more} more" if more > 0 else "") + "</figcaption></figure>"
        )
    else:
        parts.append('<p class="quiet">Nobody is past their reach-out date.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _standing(reach_out_by: dt.date | None, today: dt.date) -> str:
    if reach_out_by is None:
        return "none"
    if reach_out_by < today:
        return "drifting"
    return "soon" if (reach_out_by - today).days <= DUE_SOON_DAYS else "fine"


# A person


def person_page(site: Site, person: Note) -> str:
    facts = site.facts[person.path]
    body = [
        '<nav class="crumbs"><a href="../index.html">People</a></nav>',
        f"<header><h1>{escape(person.title)}</h1>{_about(site, person)}</header>",
        _summary(site, person, facts),
        _chart(site, person, facts),
        _obligations("I owe", "owe", facts.owed, site),
        _obligations("They owe", "they", facts.they_owe, site),
        _points(site, facts),
    ]
    if text := site.bodies.get(person.path, "").strip():
        body.append(f'<section class="note"><h2 id="note">Notes</h2>{nested(text, 2)}</section>')
    body.append(_timeline(site, facts))
    body.append(_mentions(site, facts))
    return document(person.title, "\n".join(part for part in body if part))


def _about(site: Site, person: Note) -> str:
    orgs = [edge.target for edge in site.graph.outgoing.get(person.path, ()) if edge.key == "org"]
    about = [f"also {escape(', '.join(person.aliases))}"] if person.aliases else []
    about += [f"every {person.cadence}"] if person.cadence else []
    about += [escape(title_of(org)) for org in dict.fromkeys(orgs)]
    about += [f'met <time datetime="{person.met}">{person.met}</time>'] if person.met else []
    about += [f"birthday {_yearly(person.birthday)}"] if person.birthday else []
    about += [f"anniversary {_yearly(person.anniversary)}"] if person.anniversary else []
    about += ["paused"] if person.paused else []
    if person.snooze_until:
        about.append(f"snoozed until {person.snooze_until.isoformat()}")
    return f'<p class="lede">{" · ".join(about)}</p>' if about else ""


def _summary(site: Site, person: Note, facts: Facts) -> str:
    last = _date(facts.last_spoke, "never")
    if facts.last_id:
        conversation = site.graph.conversation(facts.last_id)
        via = [escape(conversation.channel)] if conversation.channel else []
        last += "".join(f" · {part}" for part in [*via, _link(site, conversation.path)])
    next_owed = _date(facts.next_owed, "nothing")
    if facts.next_owed_what:
        next_owed += f" · {escape(facts.next_owed_what)}"
    if facts.next_owed_source:
        next_owed += f" · {_link(site, facts.next_owed_source[0])}"
    late = ' class="late"' if facts.next_owed and facts.next_owed < site.today else ""
    reach = _date(facts.reach_out_by)
    if facts.reach_out_by and person.cadence:
        reach += f" (every {person.cadence})"
    return (
        '<dl class="facts">'
        f"<div><dt>Last spoke</dt><dd>{last}</dd></div>"
        f"<div{late}><dt>Next owed</dt><dd>{next_owed}</dd></div>"
        f"<div><dt>Reach out by</dt><dd>{reach}</dd></div></dl>"
    )


def _chart(site: Site, person: Note, facts: Facts) -> str:
    dates = [c.date for id in facts.timeline if (c := site.graph.conversation(id)).counts]
    months = per_month((d for d in dates if d is not None), site.today)
    if not months:
        return '<p class="quiet">No conversations yet.</p>'
    count = len(dates)
    caption = f"{count} conversation{'s' if count != 1 else ''} since {months[0][0]:%B %Y}"
    if person.cadence:
        caption += f"; the dashed line is the cadence, every {person.cadence}"
    return (
        f'<figure class="timeline-chart">{timeline_chart(months, person.cadence)}'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _obligations(title: str, anchor: str, items: tuple[Obligation, ...], site: Site) -> str:
    if not items:
        return ""
    rows = []
    for item in items:
        late = ' class="late"' if item.due and item.due < site.today else ""
        promised = f" · promised {item.promised_on.isoformat()}" if item.promised_on else ""
        rows.append(
            f"<li{late}>{_date(item.due, 'no date')} · {escape(item.what)} · "
            f"{_link(site, item.path)}{promised}</li>"
        )
    return (
        f'<section><h2 id="{anchor}">{title}</h2><ul class="items">{"".join(rows)}</ul></section>'
    )


def _points(site: Site, facts: Facts) -> str:
    """Talking points: what to bring up next time."""
    if not facts.points:
        return ""
    rows = [
        f"<li>{escape(p.tag)} · {escape(p.what)} · {_link(site, p.path)}</li>" for p in facts.points
    ]
    return f'<section><h2 id="next">Next time</h2><ul class="items">{"".join(rows)}</ul></section>'


def _timeline(site: Site, facts: Facts) -> str:
    """Newest first; a thread's other conversations follow its newest, indented."""
    if not facts.timeline:
        return ""
    threads: dict[str, list[str]] = {}
    for path in facts.timeline:
        threads.setdefault(site.graph.thread_root(path), []).append(path)
    shown = 0
    groups = []
    for paths in threads.values():
        entries = []
        for path in paths:
            entries.append(_entry(site, path, unfolded=shown < OPEN_ENTRIES))
            shown += 1
        css = "thread" if len(paths) > 1 else "single"
        groups.append(f'<li class="{css}"><ol>{"".join(entries)}</ol></li>')
    return (
        '<section><h2 id="timeline">Timeline</h2>'
        f'<ol class="timeline">{"".join(groups)}</ol></section>'
    )


def _entry(site: Site, id: str, unfolded: bool) -> str:
    note = site.graph.conversation(id)
    about = note.summary or ", ".join(note.topics)
    head = [_date(note.date), *(["planned"] if note.status == "planned" else [])]
    head += [escape(note.channel)] if note.channel else []
    head.append(_link(site, note.path))
    summary = " · ".join(head) + (f'<span class="about">{escape(about)}</span>' if about else "")
    logged = note.line is not None  # a line of a dated note: its note is not about it alone
    text = ("" if logged else site.bodies.get(id, "").strip()) or '<p class="quiet">No notes.</p>'
    return (
        f"<li><details{' open' if unfolded else ''}><summary>{summary}</summary>"
        f'<div class="note">{nested(text, 2)}</div></details></li>'
    )


def _mentions(site: Site, facts: Facts) -> str:
    if not facts.mentions:
        return ""
    rows = []
    for path in facts.mentions:
        note = site.graph.notes[path]
        date = f"{note.date.isoformat()} · " if note.date else ""
        rows.append(f"<li>{date}{_link(site, path)}</li>")
    return f'<section><h2 id="mentions">Mentioned in</h2><ul>{"".join(rows)}</ul></section>'


# A conversation


def conversation_page(site: Site, note: Note) -> str:
    graph = site.graph
    head = [_date(note.date) + (f" {escape(note.time)}" if note.time else "")]
    head += [escape(note.channel)] if note.channel else []
    head += [escape(note.status)] if note.status else []
    if note.awaiting in ("me", "them"):
        head.append("I owe a reply" if note.awaiting == "me" else "awaiting their reply")
    people = [_link(site, p) for p in graph.participants.get(note.path, ())]
    body = [
        '<nav class="crumbs"><a href="../index.html">People</a></nav>',
        f'<header><h1>{escape(note.title)}</h1><p class="lede">{" · ".join(head)}</p></header>',
        '<dl class="facts">',
        f"<div><dt>With</dt><dd>{', '.join(people) or 'nobody named'}</dd></div>",
    ]
    if note.summary:
        body.append(f"<div><dt>Summary</dt><dd>{escape(note.summary)}</dd></div>")
    if note.topics:
        body.append(f"<div><dt>Topics</dt><dd>{escape(', '.join(note.topics))}</dd></div>")
    if previous := graph.previous.get(note.path):
        body.append(f"<div><dt>Follows</dt><dd>{_dated_link(site, previous)}</dd></div>")
    if following := graph.next.get(note.path):
        links = ", ".join(_dated_link(site, p) for p in following)
        body.append(f"<div><dt>Followed by</dt><dd>{links}</dd></div>")
    body.append("</dl>")
    body.append(_text_and_backlinks(site, note))
    return document(note.title, "\n".join(body))


# Any other note that mentions a person


def plain_page(site: Site, note: Note) -> str:
    links = ", ".join(_link(site, p) for p in _people_named(site.graph, note.path))
    lede = f'<p class="lede">{_date(note.date)}</p>' if note.date else ""
    body = [
        '<nav class="crumbs"><a href="../index.html">People</a></nav>',
        f"<header><h1>{escape(note.title)}</h1>{lede}</header>",
        f'<dl class="facts"><div><dt>Mentions</dt><dd>{links}</dd></div></dl>',
        _text_and_backlinks(site, note),
    ]
    return document(note.title, "\n".join(body))


def _text_and_backlinks(site: Site, note: Note) -> str:
    """The note's text under the page's title, then the notes that link to it."""
    parts = []
    if text := site.bodies.get(note.path, "").strip():
        parts.append(f'<section class="note">{nested(text, 1)}</section>')
    graph = site.graph
    sources = newest_first(
        {edge.source for edge in graph.backlinks.get(note.path, ())}, graph.notes
    )
    if sources:
        items = "".join(f"<li>{_dated_link(site, p)}</li>" for p in sources)
        parts.append(f'<section><h2 id="linked">Linked from</h2><ul>{items}</ul></section>')
    return "\n".join(parts)


# Small pieces


def _link(site: Site, path: str) -> str:
    """A link to the note's page from another note page, or its title when it has none."""
    if has_page(site.graph, path):
        return f'<a href="{page_file(path)}">{escape(title_of(path))}</a>'
    return f'<span class="nopage">{escape(title_of(path))}</span>'


def _dated_link(site: Site, path: str) -> str:
    date = site.graph.notes[path].date
    return (f"{date.isoformat()} · " if date else "") + _link(site, path)


def _date(date: dt.date | None, none: str = "—") -> str:
    if date is None:
        return f'<span class="quiet">{none}</span>'
    return f'<time datetime="{date.isoformat()}">{date.isoformat()}</time>'


def _yearly(written: str) -> str:
    """A birthday or anniversary: `1815-12-10` as "10 Dec 1815", `--12-10` (no year) as
    "10 Dec"."""
    if written.startswith("--"):
        day = dt.date(2000, int(written[2:4]), int(written[5:7]))  # a leap year: 29 Feb
        return f'<time datetime="{day:%m-%d}">{day.day} {day:%b}</time>'
    day = dt.date.fromisoformat(written)
    return f'<time datetime="{day.isoformat()}">{day.day} {day:%b} {day.year}</time>'


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""
