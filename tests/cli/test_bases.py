"""`vaultrel bases` and `vaultrel init`: the Obsidian Bases view of the people."""

from __future__ import annotations

import click
import pytest
import yaml

from tests.conftest import Invoke, MakeVault
from vaultrel.cli import cli


def test_bases_creates_people_base_once(make_vault: MakeVault, invoke: Invoke) -> None:
    root = make_vault({"vaultrel.toml": '[keys]\nnext_owed = "owe_next"\n'})
    assert invoke("bases", "--vault", root).stdout == "created People.base\n"
    base = yaml.safe_load((root / "People.base").read_text())
    people, overdue = base["views"]
    assert base["filters"]["and"][0] == {"or": ['type == "person"', 'file.inFolder("people")']}
    assert base["filters"]["and"][1] == {"not": ['file.inFolder("templates")']}
    assert people["type"] == "table" and people["order"][:3] == [
        "file.name",
        "last_spoke",
        "owe_next",
    ]
    assert people["sort"][0] == {"property": "owe_next", "direction": "ASC"}
    assert overdue["name"] == "Overdue" and overdue["filters"] == {"and": ["owe_next < today()"]}
    (root / "People.base").write_text("mine\n")
    assert invoke("bases", "--vault", root).stdout == "kept    People.base\n"
    assert (root / "People.base").read_text() == "mine\n"


def test_init_creates_the_base(tmp_path: object, invoke: Invoke, make_vault: MakeVault) -> None:
    root = make_vault({})
    assert "created People.base" in invoke("init", root).stdout
    assert "kept    People.base" in invoke("init", root).stdout


def test_the_pre_commit_framework_hook_runs_index_check() -> None:
    from pathlib import Path

    hooks = yaml.safe_load((Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "vaultrel-check" and hooks[0]["pass_filenames"] is False
    assert hooks[0]["entry"].split()[:3] == ["vaultrel", "index", "--check"]


COMMANDS = [
    ["import"],
    ["import", "vcard"],
    ["export"],
    ["export", "vcard"],
    ["export", "ics"],
    ["bases"],
    ["git"],
    ["git", "setup"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_examples_and_explains_every_option(command: list[str], invoke: Invoke) -> None:
    outcome = invoke(*command, "--help")
    assert outcome.exit_code == 0 and "Examples:" in outcome.stdout
    assert f"vaultrel {' '.join(command)}" in outcome.stdout.split("Examples:")[1]
    group: click.Command = cli
    for name in command:
        assert isinstance(group, click.Group)
        group = group.commands[name]
    assert all(p.help for p in group.params if isinstance(p, click.Option))
