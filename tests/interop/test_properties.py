"""Adding properties line by line: every other byte kept (pure)."""

from __future__ import annotations

import pytest

from vaultrel.core.text import NoteText
from vaultrel.errors import NoteError
from vaultrel.interop.properties import add_properties


def test_crlf_bom_comments_and_order_are_kept() -> None:
    note = NoteText(
        "---\r\n# mine\r\ntype: person  # a comment\r\naliases: []\r\n---\r\nbody", True
    )
    new = add_properties(note, {"aliases": '["Ada"]', "emails": '["a@x.org"]'})
    assert new.bom and new.text == (
        '---\r\n# mine\r\ntype: person  # a comment\r\naliases: ["Ada"]\r\n'
        'emails: ["a@x.org"]\r\n---\r\nbody'
    )


def test_a_note_without_front_matter_gets_one() -> None:
    new = add_properties(NoteText("Just text.\n", False), {"phones": '["+1"]'})
    assert new.text == '---\nphones: ["+1"]\n---\nJust text.\n'


@pytest.mark.parametrize("line", ["aliases: [Ada]", "aliases: [] # none", "aliases:\n  - Ada"])
def test_a_value_or_a_comment_is_never_replaced(line: str) -> None:
    with pytest.raises(NoteError) as caught:
        add_properties(NoteText(f"---\n{line}\n---\n", False), {"aliases": '["Bo"]'})
    assert caught.value.problem.code == "E_IMPORT_KEY"
