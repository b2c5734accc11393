"""Every command's --help explains its options and shows an example."""

from __future__ import annotations

import click
import pytest

from tests.conftest import Invoke
from vaultrel.cli import cli

COMMANDS = [
    ["people"],
    ["agenda"],
    ["show"],
    ["check"],
    ["new"],
    ["new", "person"],
    ["new", "conversation"],
    ["init"],
    ["service"],
    ["service", "install"],
    ["service", "status"],
    ["service", "remove"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_examples_and_explains_every_option(command: list[str], invoke: Invoke) -> None:
    outcome = invoke(*command, "--help")
    assert outcome.exit_code == 0
    assert "Examples:" in outcome.stdout
    assert f"vaultrel {' '.join(command)}" in outcome.stdout.split("Examples:")[1]
    group: click.Command = cli
    for name in command:
        assert isinstance(group, click.Group)
        group = group.commands[name]
    for param in group.params:
        if isinstance(param, click.Option):
            assert param.help, f"{command} {param.opts} has no help"
