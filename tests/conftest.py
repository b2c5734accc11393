"""Shared fixtures: tiny vaults written inline, and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from vaultrel.cli import cli, register_commands

register_commands()

settings.register_profile("ci", max_examples=500, derandomize=True, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci")

MakeVault = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """Write `{relative path: text or bytes}` under a fresh vault folder and return its root."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8"))
        return root

    return make


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""  # stdout as written, for byte-exact exports

    def json(self) -> object:
        return json.loads(self.stdout)


Invoke = Callable[..., Outcome]


@pytest.fixture
def invoke() -> Invoke:
    """Run `vaultrel ARGS…` in-process; returns exit code, stdout and stderr separately."""

    def run(*args: str | Path) -> Outcome:
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return run


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (outside .vaultrel/) by relative path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultrel" not in p.relative_to(root).parts
    }
