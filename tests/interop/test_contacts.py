"""Planning an import: matching, filling missing keys, conflicts (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from vaultrel.interop.contacts import Contact, Known, birthday_of, plan_import, yaml_value


def plan(
    contacts: list[Contact], people: list[Known]
) -> list[tuple[str, str, dict[str, tuple[str, ...]]]]:
    return [(p.action, p.path, p.add) for p in plan_import(contacts, people, "people", set())]


def test_two_cards_of_one_new_person_make_one_note() -> None:
    cards = [
        Contact("Ada", emails=("ada@x.org",)),
        Contact("Ada Lovelace", emails=("ADA@x.org",), phones=("+44 1",)),
    ]
    assert plan(cards, []) == [
        ("create", "people/Ada.md", {"emails": ("ada@x.org",), "phones": ("+44 1",)})
    ]


def test_a_card_never_changes_a_value_and_reports_the_difference() -> None:
    known = [
        Known("people/Ada.md", "Ada", {"Birthday": dt.date(1815, 12, 10), "emails": "a@x.org"})
    ]
    planned = plan_import(
        [Contact("Ada", emails=("b@x.org",), birthday="1815-12-11")], known, "people", set()
    )
    assert [(p.action, p.add) for p in planned] == [("same", {})]
    assert [(c.key, c.card, c.note) for c in planned[0].conflicts] == [
        ("emails", "b@x.org", "a@x.org"),
        ("birthday", "1815-12-11", "1815-12-10"),
    ]


def test_a_year_less_birthday_agrees_with_the_full_date() -> None:
    known = [Known("people/Ada.md", "Ada", {"birthday": dt.date(1815, 12, 10)})]
    planned = plan_import([Contact("ada", birthday="--12-10")], known, "people", set())
    assert planned[0].conflicts == []


def test_phones_match_whatever_their_punctuation() -> None:
    known = [Known("people/Grace.md", "Grace", {"phones": ["+1 (555) 010-4000"]})]
    cards = [Contact("G. Hopper", phones=("+1 555 010 4000",), emails=("g@navy.mil",))]
    assert plan(cards, known) == [("update", "people/Grace.md", {"emails": ("g@navy.mil",)})]


def test_unsafe_and_taken_names_are_skipped() -> None:
    planned = plan_import([Contact("AC/DC"), Contact("Ada")], [], "people", {"people/ada.md"})
    assert [(p.action, p.reason[:14]) for p in planned] == [
        ("skip", "only a bare na"),
        ("skip", "people/Ada.md "),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1815-12-10", "1815-12-10"),
        ("18151210", "1815-12-10"),
        ("--1210", "--12-10"),
        ("--12-10", "--12-10"),
        ("1815-12-10T00:00:00Z", "1815-12-10"),
        ("1815-02-30", None),
        ("soon", None),
    ],
)
def test_birthday_forms(text: str, expected: str | None) -> None:
    assert birthday_of(text) == expected


def test_yaml_values() -> None:
    assert yaml_value("emails", ("a@x.org", 'q"uote')) == '["a@x.org", "q\\"uote"]'
    assert yaml_value("birthday", ("1815-12-10",)) == "1815-12-10"
    assert yaml_value("birthday", ("--12-10",)) == '"--12-10"'
    assert yaml_value("org", ("Acme",)) == '"[[Acme]]"'
    assert yaml_value("org", ("Acme", "Zoë")) == '["[[Acme]]", "[[Zoë]]"]'
