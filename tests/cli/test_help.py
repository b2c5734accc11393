"""Every command's --help explains its options and shows an example."""

from __future__ import annotations

import click
import pytest

from tests.conftest import Invoke
from vaultrel.cli import cli


def _walk(group: click.Group, path: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and subcommand of the registry, groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append([*path, name])
        if isinstance(command, click.Group):
            found += _walk(command, (*path, name))
    return found


COMMANDS = _walk(cli)


def test_the_registry_is_walked() -> None:
    names = {" ".join(command) for command in COMMANDS}
    assert {"index", "people", "show", "new person", "service status", "export csv"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_examples_and_explains_every_option(command: list[str], invoke: Invoke) -> None:
    outcome = invoke(*command, "--help")
    assert outcome.exit_code == 0
    group: click.Command = cli
    for name in command:
        assert isinstance(group, click.Group)
        group = group.commands[name]
    if not group.hidden:  # a hidden command is run by another program (git), not typed
        assert "Examples:" in outcome.stdout
        assert f"vaultrel {' '.join(command)}" in outcome.stdout.split("Examples:")[1]
    for param in group.params:
        if isinstance(param, click.Option):
            assert param.help, f"{command} {param.opts} has no help"


def _leaf_commands(group: click.Group, path: list[str]) -> list[list[str]]:
    leaves: list[list[str]] = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        if isinstance(command, click.Group):
            leaves += _leaf_commands(command, [*path, name])
        else:
            leaves.append([*path, name])
    return leaves


def test_every_command_states_its_examples_and_exit_codes(invoke: Invoke) -> None:
    leaves = _leaf_commands(cli, [])
    assert ["index"] in leaves and ["export", "csv"] in leaves
    lacking = []
    for command in leaves:
        outcome = invoke(*command, "--help")
        if "Examples:" not in outcome.stdout or "Exit codes:" not in outcome.stdout:
            lacking.append(" ".join(command))
    assert not lacking, f"--help without examples or exit codes: {', '.join(lacking)}"
