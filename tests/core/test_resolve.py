"""Resolving link targets (LINKS.md "Resolving a link target T from the note at path S").

One table row per behaviour, each with its vault written out: the paths in the vault, the
aliases notes claim, the note the link is written in, the target as written, and where LINKS.md
says it leads. The `rule` column names the LINKS.md step the row is about ("R4" = step 4).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import Invoke, MakeVault, Outcome
from vaultrel.config import Config
from vaultrel.core.links import markdown_target
from vaultrel.core.notes import parse_note
from vaultrel.core.resolve import Resolution, Resolver, markdown_destination

NFD_CAFE = "Cafe\u0301"  # "Café" as macOS stores it: e + combining acute
NFC_CAFE = "Caf\u00e9"


@dataclass(frozen=True)
class Case:
    rule: str
    id: str
    vault: tuple[str, ...]
    source: str
    target: str
    path: str | None
    ambiguous: tuple[str, ...] = ()
    via_alias: bool = False
    outside: bool = False
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)


ADA_LOVELACE = "people/Ada Lovelace.md"
CONVO = "conversations/2026-05-02 Ada.md"

CASES: list[Case] = [
    # 1. An empty target is the note itself (no edge is made from it).
    Case("R1", "empty-target-is-the-note-itself", ("notes/A.md", "B.md"), "notes/A.md", "",
         "notes/A.md"),
    # 2. Candidates are the files whose *file name* matches the last segment of T.
    Case("R2", "case-insensitive-name", (ADA_LOVELACE, CONVO), CONVO, "ada LOVELACE",
         ADA_LOVELACE),
    Case("R2", "case-insensitive-extension", (ADA_LOVELACE,), CONVO, "ADA LOVELACE.MD",
         ADA_LOVELACE),
    Case("R2", "nfc-link-to-nfd-file", (f"people/{NFD_CAFE}.md",), CONVO, NFC_CAFE,
         f"people/{NFD_CAFE}.md"),
    Case("R2", "nfd-link-to-nfc-file", (f"people/{NFC_CAFE}.md",), CONVO, NFD_CAFE,
         f"people/{NFC_CAFE}.md"),
    Case("R2", "nfd-folder-in-path", (f"{NFC_CAFE}/Menu.md", "other/Menu.md"), "x.md",
         f"{NFD_CAFE}/Menu", f"{NFC_CAFE}/Menu.md"),
    Case("R2", "lower-not-casefold-sharp-s-vs-ss", ("notes/Straße.md",), "x.md", "STRASSE", None),
    Case("R2", "lower-not-casefold-ss-vs-sharp-s", ("notes/Strasse.md",), "x.md", "Straße", None),
    Case("R2", "lower-keeps-sharp-s", ("notes/Straße.md",), "x.md", "STRAßE", "notes/Straße.md"),
    Case("R2", "capital-sharp-s-lowers-to-sharp-s", ("notes/Straße.md",), "x.md", "STRAẞE",
         "notes/Straße.md"),
    Case("R2", "dotted-name-reaches-md", ("notes/v1.2.md",), "x.md", "v1.2", "notes/v1.2.md"),
    Case("R2", "dotted-name-as-written-first", ("notes/v1.2", "notes/v1.2.md"), "x.md", "v1.2",
         "notes/v1.2"),
    Case("R2", "dotted-person-name", ("people/Dr. Who.md",), CONVO, "Dr. Who",
         "people/Dr. Who.md"),
    Case("R2", "attachment-by-full-name", ("attachments/photo.png", "notes/x.md"), "notes/x.md",
         "photo.png", "attachments/photo.png"),
    Case("R2", "attachment-needs-its-extension", ("attachments/photo.png",), "notes/x.md",
         "photo", None),
    Case("R2", "x-md-same-as-x", (ADA_LOVELACE, CONVO), CONVO, "Ada Lovelace.md", ADA_LOVELACE),
    Case("R2", "x-md-same-as-x-with-folder", (ADA_LOVELACE, "archive/people/Ada Lovelace.md"),
         CONVO, "people/Ada Lovelace.md", ADA_LOVELACE),
    Case("R2", "name-must-equal-not-end-with", ("MyNote.md",), "x.md", "Note", None),
    Case("R2", "no-candidate-unresolved", (ADA_LOVELACE,), CONVO, "Grace Hopper", None),
    # 3. No folder part and exactly one candidate: that one, wherever it is.
    Case("R3", "bare-unique-name", (ADA_LOVELACE, CONVO), CONVO, "Ada Lovelace", ADA_LOVELACE),
    Case("R3", "bare-unique-name-deep", ("people/team/deep/Ada.md",), "x.md", "Ada",
         "people/team/deep/Ada.md"),
    # 4. Relative links: joined to S's folder; exact path wins, else fall through.
    Case("R4", "dot-slash-same-folder", ("Ada.md", "notes/Ada.md"), "notes/x.md", "./Ada",
         "notes/Ada.md"),
    Case("R4", "dot-slash-from-root", ("Ada.md", "people/Ada.md"), "x.md", "./Ada", "Ada.md"),
    Case("R4", "dot-dot-beats-source-folder", ("people/Ada.md", "people/team/Ada.md"),
         "people/team/x.md", "../Ada", "people/Ada.md"),
    Case("R4", "dot-dot-into-sibling", ("people/Ada.md", "conversations/Ada.md"),
         "conversations/x.md", "../people/Ada", "people/Ada.md"),
    Case("R4", "dot-slash-dot-dot", ("people/Ada.md", "archive/people/Ada.md"),
         "conversations/x.md", "./../people/Ada", "people/Ada.md"),
    Case("R4", "fall-through-uses-joined-path", ("archive/people/Sam.md", "other/Sam.md"),
         "conversations/x.md", "../people/Sam", "archive/people/Sam.md"),
    Case("R4", "fall-through-can-end-unresolved", ("people/Sam.md",), "conversations/x.md",
         "./Sam", None),
    Case("R4", "climbs-out-of-vault", ("etc/passwd.md", "passwd.md"), "conversations/x.md",
         "../../etc/passwd", None, outside=True),
    Case("R4", "climbs-out-no-candidate", ("people/Ada.md",), "conversations/x.md",
         "../../etc/passwd", None, outside=True),
    Case("R4", "climbs-out-from-root", ("Ada.md",), "x.md", "../Ada", None, outside=True),
    # 5. A leading "/" is dropped; an exact path wins; with "/" nothing else is tried.
    Case("R5", "leading-slash-exact", ("people/Ada.md", "archive/people/Ada.md"),
         "archive/x.md", "/people/Ada", "people/Ada.md"),
    Case("R5", "leading-slash-root-note", ("Ada.md", "people/Ada.md"), "people/x.md", "/Ada",
         "Ada.md"),
    Case("R5", "leading-slash-stops-even-if-unique", ("people/Ada.md",), "x.md", "/Ada", None),
    Case("R5", "leading-slash-stops-before-suffix", ("people/Ada.md",), "x.md", "/ople/Ada",
         None),
    Case("R5", "leading-slash-with-extension", ("people/Ada.md", "x/people/Ada.md"), "x.md",
         "/people/Ada.md", "people/Ada.md"),
    Case("R5", "exact-path-beats-source-folder", ("people/Ada.md", "archive/people/Ada.md"),
         "archive/x.md", "people/Ada", "people/Ada.md"),
    Case("R5", "exact-path-case-insensitive", ("people/Ada.md", "archive/people/Ada.md"),
         "archive/x.md", "PEOPLE/ada", "people/Ada.md"),
    Case("R5", "bare-name-is-exact-path-of-root-note", ("people/Ada.md", "Ada.md"),
         "people/x.md", "Ada", "Ada.md"),
    # 6. Path suffix (no "/" boundary), source folder first, shorter first, then alphabetical.
    Case("R6", "suffix-without-boundary", ("myfolder/Note.md",), "x.md", "folder/Note",
         "myfolder/Note.md"),
    Case("R6", "suffix-without-boundary-case", ("myfolder/Note.md", "zz/Note.md"), "x.md",
         "FOLDER/note", "myfolder/Note.md"),
    Case("R6", "suffix-not-matching", ("people/Ada.md",), "x.md", "folks/Ada", None),
    Case("R6", "source-folder-first", ("people/team/Ada.md", "x/Ada.md"), "people/Bob.md",
         "Ada", "people/team/Ada.md"),
    Case("R6", "source-folder-plain-prefix-quirk", ("people-archive/Ada.md", "x/Ada.md"),
         "people/a.md", "Ada", "people-archive/Ada.md"),
    Case("R6", "source-folder-first-with-folder-part",
         ("notes/work/people/Ada.md", "people-x/people/Ada.md", "a/people/Ada.md"),
         "notes/today.md", "people/Ada", "notes/work/people/Ada.md"),
    Case("R6", "shorter-path-first", ("a/b/Ada.md", "c/Ada.md"), "notes/x.md", "Ada",
         "c/Ada.md"),
    Case("R6", "shorter-first-within-source-folder",
         ("people/a/b/Ada.md", "people/c/Ada.md", "z/Ada.md"), "people/x.md", "Ada",
         "people/c/Ada.md"),
    Case("R6", "same-length-other-group-is-no-tie", ("people/Ada.md", "archiv/Ada.md"),
         "people/x.md", "Ada", "people/Ada.md"),
    Case("R6", "alphabetical-tie-break", ("b/Ada.md", "a/Ada.md"), "notes/x.md", "Ada",
         "a/Ada.md", ambiguous=("a/Ada.md", "b/Ada.md")),
    Case("R6", "tie-lists-only-the-tied", ("b/Ada.md", "longer/Ada.md", "a/Ada.md"),
         "notes/x.md", "Ada", "a/Ada.md", ambiguous=("a/Ada.md", "b/Ada.md")),
    Case("R6", "tie-inside-source-folder", ("people/b/Ada.md", "people/a/Ada.md", "z/Ada.md"),
         "people/x.md", "Ada", "people/a/Ada.md",
         ambiguous=("people/a/Ada.md", "people/b/Ada.md")),
    Case("R6", "tie-with-folder-part", ("work/people/Ada.md", "home/people/Ada.md"),
         "notes/x.md", "people/Ada", "home/people/Ada.md",
         ambiguous=("home/people/Ada.md", "work/people/Ada.md")),
    Case("R6", "tie-case-differs", ("b/ada.md", "a/ADA.md"), "notes/x.md", "Ada", "a/ADA.md",
         ambiguous=("a/ADA.md", "b/ada.md")),
    Case("R6", "root-source-every-candidate-qualifies", ("a/b/Ada.md", "zz/Ada.md"), "x.md",
         "Ada", "zz/Ada.md"),
    Case("R6", "root-source-tie", ("b/Ada.md", "a/Ada.md"), "x.md", "Ada", "a/Ada.md",
         ambiguous=("a/Ada.md", "b/Ada.md")),
    Case("R6", "note-beside-the-source-wins", ("people/Ada.md", "notes/Ada.md"),
         "notes/x.md", "Ada", "notes/Ada.md"),
    # 7. Aliases (vaultrel): only when otherwise unresolved, only for exactly one claimant.
    Case("R7", "alias-fallback", (ADA_LOVELACE, CONVO), CONVO, "Ada", ADA_LOVELACE,
         via_alias=True, aliases={ADA_LOVELACE: ("Ada", "Countess")}),
    Case("R7", "alias-case-insensitive", (ADA_LOVELACE, CONVO), CONVO, "countess", ADA_LOVELACE,
         via_alias=True, aliases={ADA_LOVELACE: ("Ada", "Countess")}),
    Case("R7", "alias-nfc", ("people/Zoë Smith.md",), CONVO, "Zoe\u0308", "people/Zoë Smith.md",
         via_alias=True, aliases={"people/Zoë Smith.md": ("Zo\u00eb",)}),
    Case("R7", "one-note-claiming-twice-is-one-claimant", (ADA_LOVELACE,), CONVO, "Ada",
         ADA_LOVELACE, via_alias=True, aliases={ADA_LOVELACE: ("Ada", "ada")}),
    Case("R7", "real-name-beats-alias", (ADA_LOVELACE, "notes/Ada.md"), CONVO, "Ada",
         "notes/Ada.md", aliases={ADA_LOVELACE: ("Ada",)}),
    Case("R7", "ambiguous-real-name-beats-alias", (ADA_LOVELACE, "a/Ada.md", "b/Ada.md"), CONVO,
         "Ada", "a/Ada.md", ambiguous=("a/Ada.md", "b/Ada.md"),
         aliases={ADA_LOVELACE: ("Ada",)}),
    Case("R7", "two-claimants-unresolved", (ADA_LOVELACE, "people/Ada Byron.md"), CONVO, "Ada",
         None, ambiguous=("people/Ada Byron.md", ADA_LOVELACE), via_alias=True,
         aliases={ADA_LOVELACE: ("Ada",), "people/Ada Byron.md": ("Ada",)}),
    Case("R7", "alias-is-a-name-not-a-path", (ADA_LOVELACE,), CONVO, "people/Ada", None,
         aliases={ADA_LOVELACE: ("Ada",)}),
    # 8. Otherwise unresolved.
    Case("R8", "unresolved-bare", (ADA_LOVELACE,), CONVO, "Nobody", None),
    Case("R8", "unresolved-path", (ADA_LOVELACE,), CONVO, "people/Nobody", None),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.id}" for c in CASES])
def test_resolve(case: Case) -> None:
    resolver = Resolver(case.vault, case.aliases)
    expected = Resolution(case.path, case.ambiguous, case.via_alias, case.outside)
    assert resolver.resolve(case.target, case.source) == expected


@pytest.mark.parametrize(
    "case", [c for c in CASES if len(c.vault) > 1 and c.target], ids=lambda c: c.id
)
def test_resolution_does_not_depend_on_the_order_paths_are_given(case: Case) -> None:
    """A pure function of the *set* of paths (LINKS.md "Ambiguity and renames"); Obsidian's
    load-order tie-break is replaced by an alphabetical one."""
    expected = Resolution(case.path, case.ambiguous, case.via_alias, case.outside)
    for order in itertools.permutations(case.vault):
        assert Resolver(order, case.aliases).resolve(case.target, case.source) == expected


@pytest.mark.parametrize(
    ("path", "is_note"),
    [("attachments/photo.png", False), ("people/Ada.md", True), ("notes/v1.2.md", True)],
)
def test_an_attachment_is_not_a_note(path: str, is_note: bool) -> None:
    """R8: a target with an extension other than .md that resolves is an attachment: no edge."""
    assert Resolution(path).is_note is is_note


# --- Generated links: Obsidian's fileToLinktext --------------------------------------------


@dataclass(frozen=True)
class TextCase:
    id: str
    vault: tuple[str, ...]
    path: str
    source: str
    style: str
    expected: str


TEXT_CASES: list[TextCase] = [
    TextCase("unique-name-is-bare", (ADA_LOVELACE, CONVO), ADA_LOVELACE, CONVO, "shortest",
             "Ada Lovelace"),
    TextCase("name-that-wins-by-length-is-bare", ("people/Ada.md", "clients/Ada.md", CONVO),
             "people/Ada.md", CONVO, "shortest", "Ada"),
    TextCase("name-that-loses-by-length-is-path", ("people/Ada.md", "clients/Ada.md", CONVO),
             "clients/Ada.md", CONVO, "shortest", "clients/Ada"),
    TextCase("name-that-wins-by-source-folder-is-bare",
             ("people/Ada.md", "clients/Ada.md", "clients/x.md"), "clients/Ada.md",
             "clients/x.md", "shortest", "Ada"),
    TextCase("case-only-clash-counts", ("people/Ada.md", "notes/ada.md", CONVO),
             "people/Ada.md", CONVO, "shortest", "people/Ada"),
    TextCase("tie-first-is-path", ("a/Ada.md", "b/Ada.md", "x.md"), "a/Ada.md", "x.md",
             "shortest", "a/Ada"),
    TextCase("tie-second-is-path", ("a/Ada.md", "b/Ada.md", "x.md"), "b/Ada.md", "x.md",
             "shortest", "b/Ada"),
    TextCase("attachment-keeps-extension", ("attachments/photo.png", "notes/x.md"),
             "attachments/photo.png", "notes/x.md", "shortest", "photo.png"),
    TextCase("absolute-always-path", (ADA_LOVELACE, CONVO), ADA_LOVELACE, CONVO, "absolute",
             "people/Ada Lovelace"),
    TextCase("relative-sibling-folder", (ADA_LOVELACE, CONVO), ADA_LOVELACE, CONVO, "relative",
             "../people/Ada Lovelace"),
    TextCase("relative-from-root", (ADA_LOVELACE, "x.md"), ADA_LOVELACE, "x.md", "relative",
             "people/Ada Lovelace"),
    TextCase("relative-two-up", (ADA_LOVELACE, "conversations/2026/c.md"), ADA_LOVELACE,
             "conversations/2026/c.md", "relative", "../../people/Ada Lovelace"),
]  # fmt: skip


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_link_text(case: TextCase) -> None:
    resolver = Resolver(case.vault, {})
    assert resolver.link_text(case.path, case.source, case.style) == case.expected


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_link_text_resolves_back_to_the_note(case: TextCase) -> None:
    """Whatever link text is written, it leads back to the note, unambiguously."""
    resolver = Resolver(case.vault, {})
    text = resolver.link_text(case.path, case.source, case.style)
    assert resolver.resolve(text, case.source) == Resolution(case.path)


@pytest.mark.parametrize(
    ("link_text", "destination"),
    [
        ("people/Ada Lovelace", "people/Ada%20Lovelace.md"),
        ("Three laws of motion", "Three%20laws%20of%20motion.md"),
        ("Notes (2026)", "Notes%20%282026%29.md"),
        (NFC_CAFE, "Caf%C3%A9.md"),
    ],
)
def test_markdown_destination_is_percent_encoded_and_found_back(
    link_text: str, destination: str
) -> None:
    assert markdown_destination(link_text) == destination
    assert markdown_target(destination) == link_text + ".md"
    note = parse_note("notes/x.md", f"[shown]({destination})\n".encode(), Config().layout())
    assert [(link.target, link.line) for link in note.links] == [(link_text + ".md", 1)]


# --- Aliases as read from notes (LINKS.md step 7: key `aliases`, any case) ------------------


@pytest.mark.parametrize(
    ("front_matter", "aliases"),
    [
        ("aliases: [Ada, Countess]", ("Ada", "Countess")),
        ("aliases:\n  - Ada\n  - Countess", ("Ada", "Countess")),
        ("aliases: Ada", ("Ada",)),
        ("Aliases: [Ada]", ("Ada",)),
        ("ALIASES: Ada", ("Ada",)),
    ],
    ids=["flow-list", "block-list", "plain-string", "capitalised-key", "upper-case-key"],
)
def test_alias_key_any_case_and_plain_string(front_matter: str, aliases: tuple[str, ...]) -> None:
    note = parse_note(ADA_LOVELACE, f"---\n{front_matter}\n---\n".encode(), Config().layout())
    assert note.aliases == aliases


# --- End to end through `vaultrel index` ----------------------------------------------------


def _summary(outcome: Outcome) -> dict[str, Any]:
    summary = outcome.json()
    assert isinstance(summary, dict)
    return summary


def _problems(outcome: Outcome, code: str) -> list[dict[str, Any]]:
    return [p for p in _summary(outcome)["problems"] if p["code"] == code]


def test_ambiguous_link_is_reported_and_resolved_alphabetically(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/team-b/Ada.md": "---\ntype: person\n---\nB.\n",
            "people/team-a/Ada.md": "---\ntype: person\n---\nA.\n",
            "notes/2026-05-05.md": "# Tuesday\n\nAsk [[Ada]] about the deck.\n",
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    [problem] = _problems(outcome, "W_LINK_AMBIGUOUS")
    assert (problem["path"], problem["line"], problem["severity"]) == (
        "notes/2026-05-05.md",
        3,
        "warning",
    )
    assert "people/team-a/Ada.md" in problem["message"]
    assert "people/team-b/Ada.md" in problem["message"]
    assert "[[people/team-a/Ada]]" in problem["hint"]
    team_a = (root / "people/team-a/Ada.md").read_text()
    team_b = (root / "people/team-b/Ada.md").read_text()
    assert "**Mentioned in**\n- [[2026-05-05]]\n" in team_a
    assert "2026-05-05" not in team_b


def test_tie_broken_by_source_folder_is_not_ambiguous(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "people/Ada.md": "Person.\n",
            "archiv/Ada.md": "Same length, other folder.\n",
            "people/Grace.md": "Knows [[Ada]].\n",
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert _problems(outcome, "W_LINK_AMBIGUOUS") == []
    assert "**Mentioned in**\n- [[Grace]]\n" in (root / "people/Ada.md").read_text()


def test_link_out_of_the_vault_is_reported_and_creates_no_person(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    convo = '---\ndate: 2026-05-02\nwith: ["[[../../etc/passwd]]"]\n---\nHi.\n'
    root = make_vault({"conversations/2026-05-02 x.md": convo})
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert _summary(outcome)["created"] == []
    [problem] = _problems(outcome, "W_LINK_OUTSIDE")
    assert (problem["path"], problem["line"]) == ("conversations/2026-05-02 x.md", 3)
    assert not (root / "people").exists()


@pytest.mark.parametrize(
    "alias_line", ["aliases: [Ada]", "Aliases: [Ada]", "aliases: Ada"], ids=["list", "key", "str"]
)
def test_participant_through_an_alias(
    make_vault: MakeVault, invoke: Invoke, alias_line: str
) -> None:
    convo = '---\ndate: 2026-05-02\nwith: ["[[Ada]]"]\nchannel: call\n---\nHi.\n'
    root = make_vault(
        {
            ADA_LOVELACE: f"---\n{alias_line}\n---\nAda.\n",
            CONVO: convo,
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert _summary(outcome)["created"] == []
    [problem] = _problems(outcome, "W_LINK_ALIAS")
    assert (problem["path"], problem["line"]) == (CONVO, 3)
    assert "[[Ada Lovelace|Ada]]" in problem["hint"]
    assert "last_spoke: 2026-05-02" in (root / ADA_LOVELACE).read_text()


def test_alias_claimed_by_two_notes_is_unresolved_and_reported(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            ADA_LOVELACE: "---\naliases: [Ada]\n---\n",
            "people/Ada Byron.md": "---\naliases: [Ada]\n---\n",
            "notes/2026-05-05.md": "Ask [[Ada]].\n",
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    [problem] = _problems(outcome, "W_ALIAS_AMBIGUOUS")
    assert (problem["path"], problem["line"]) == ("notes/2026-05-05.md", 1)
    assert "people/Ada Byron.md" in problem["message"]
    assert ADA_LOVELACE in problem["message"]
    assert "2026-05-05" not in (root / ADA_LOVELACE).read_text()
    assert "2026-05-05" not in (root / "people/Ada Byron.md").read_text()


def test_alias_of_an_org_note_resolves(make_vault: MakeVault, invoke: Invoke) -> None:
    """LINKS.md step 7: "when exactly one note claims the alias" — any note, not only people."""
    root = make_vault(
        {
            "orgs/Acme Corporation.md": "---\naliases: [Acme]\n---\nA firm.\n",
            "people/Ada.md": '---\norg: "[[Acme]]"\n---\nAda.\n',
        }
    )
    outcome = invoke("index", "--vault", root, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    [problem] = _problems(outcome, "W_LINK_ALIAS")
    assert (problem["path"], problem["line"]) == ("people/Ada.md", 2)
    assert "**People**\n- [[Ada]]" in (root / "orgs/Acme Corporation.md").read_text()
