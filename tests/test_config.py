"""`vaultrel.toml`: settings defined once, every bad key reported on its line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeVault
from vaultrel.config import (
    Blocks,
    Config,
    Folders,
    Keys,
    Links,
    Obligations,
    Watch,
    load_config,
    settings,
)
from vaultrel.create import init_vault
from vaultrel.errors import UsageError

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def test_empty_sections_and_no_file_give_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "vaultrel.toml").write_text("".join(f"[{f.name}]\n" for f in fields(Config)))
    assert load_config(tmp_path) == load_config(tmp_path / "none") == Config()


def test_init_writes_every_key_at_its_default(tmp_path: Path) -> None:
    init_vault(tmp_path)
    text = (tmp_path / "vaultrel.toml").read_text()
    uncommented = re.sub(r"^# (?=\[|\w+ = )", "", text, flags=re.MULTILINE)
    written = tomllib.loads(uncommented)
    assert [(s, k) for s, keys in written.items() for k in keys] == [
        (setting.section, setting.key) for setting in settings()
    ]
    (tmp_path / "vaultrel.toml").write_text(uncommented)
    assert load_config(tmp_path) == Config()


def test_the_configuration_reference_is_the_definition() -> None:
    """docs/configuration.md lists every key with its default and rule, as defined."""
    rows = [
        f"| `{s.section}.{s.key}` | `{json.dumps(s.default)}` | {s.rule or 'any'} | {s.doc} |"
        for s in settings()
    ]
    documented = [
        line for line in DOCS.read_text(encoding="utf-8").splitlines() if line[:3] == "| `"
    ]
    assert documented == rows, "docs/configuration.md should have:\n" + "\n".join(rows)


def test_three_bad_keys_are_all_reported_each_on_its_line(
    make_vault: MakeVault, invoke: Invoke
) -> None:
    root = make_vault(
        {
            "vaultrel.toml": "[folders]\npeople = 'people'\npeeple = 'x'\n\n"
            "[links]\nstyle = 'fancy'\n[blocks]\nmax_items = 5\nheading_level = 9\n",
        }
    )
    outcome = invoke("index", "--vault", root)
    assert outcome.exit_code == 2
    assert outcome.stderr.splitlines() == [
        "vaultrel: vaultrel.toml:3: unknown key folders.peeple [E_CONFIG] "
        "— remove it, or check its spelling",
        "vaultrel: vaultrel.toml:6: bad value for links.style: Input should be 'auto', "
        "'wikilink' or 'markdown' [E_CONFIG] — fix the value",
        "vaultrel: vaultrel.toml:9: bad value for blocks.heading_level: must be 2 to 6 "
        "[E_CONFIG] — fix the value",
    ]


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ("[folders]\npeople = '../out'\n", 2, "folders.people: must be a folder path"),
        ("[folders]\nignore = ['ok', '.git']\n", 2, "folders.ignore.1: must be a folder path"),
        ("[keys]\nlast_spoke = 'last spoke'\n", 2, "keys.last_spoke: must be a plain property"),
        ("[obligations]\nwaiting_tag = '#waiting'\n", 2, "obligations.waiting_tag: must be a tag"),
        ("[blocks]\nmax_items = 0\n", 2, "blocks.max_items: must be 1 to 10000"),
        ("[watch]\nquiet_seconds = -1\n", 2, "watch.quiet_seconds: must be 0 or more"),
        ("blocks.heading_level = 1\n", 1, "blocks.heading_level: must be 2 to 6"),
        ("blocks = { heading_level = 1 }\n", 1, "blocks.heading_level: must be 2 to 6"),
        ("# settings\n[colour]\nred = 1\n", 2, "unknown key colour"),
    ],
)
def test_each_rule_is_applied(tmp_path: Path, toml: str, line: int, message: str) -> None:
    (tmp_path / "vaultrel.toml").write_text(toml)
    with pytest.raises(UsageError) as caught:
        load_config(tmp_path)
    assert [p.line for p in caught.value.problems] == [line]
    assert message in caught.value.problem.message


def test_every_key_is_read(tmp_path: Path) -> None:
    (tmp_path / "vaultrel.toml").write_text(
        '[folders]\npeople = " contacts/ "\nconversations = "log"\norgs = "companies"\n'
        'templates = "tpl"\nignore = ["archive"]\n'
        '[keys]\nlast_spoke = "spoke"\nnext_owed = "owed"\n'
        '[links]\nstyle = "markdown"\n'
        '[obligations]\nwaiting_tag = "blocked"\n'
        "[blocks]\nmax_items = 7\n"
        "[watch]\nquiet_seconds = 0.5\ndebounce_ms = 50\n"
    )
    assert load_config(tmp_path) == Config(
        folders=Folders("contacts", "log", "companies", "tpl", ["archive"]),
        keys=Keys("spoke", "owed"),
        links=Links("markdown"),
        obligations=Obligations("blocked"),
        blocks=Blocks(7),
        watch=Watch(0.5, 50),
    )


EVERY_KEY = (
    '[folders]\npeople = " contacts/ "\nignore = ["archive"]\n'
    '[keys]\nnext_owed = "owed"\n[links]\nstyle = "markdown"\n'
    "[blocks]\nmax_items = 7\n[watch]\nquiet_seconds = 0.5\n"
)


def test_checked_settings_are_kept_and_used_again(tmp_path: Path) -> None:
    (tmp_path / "vaultrel.toml").write_text(EVERY_KEY)
    checked = load_config(tmp_path)
    assert (tmp_path / ".vaultrel" / "config.json").is_file()
    script = (
        "import sys\nfrom pathlib import Path\nfrom vaultrel.config import load_config\n"
        f"print(repr(load_config(Path({str(tmp_path)!r}))))\n"
        "print(any(m.split('.')[0] == 'pydantic' for m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [repr(checked), "False"]  # same settings, no pydantic


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    (tmp_path / "vaultrel.toml").write_text(EVERY_KEY)
    load_config(tmp_path)
    (tmp_path / "vaultrel.toml").write_text(EVERY_KEY + "colour = true\n")
    with pytest.raises(UsageError) as caught:
        load_config(tmp_path)
    assert caught.value.problem.message == "unknown key watch.colour"


@pytest.mark.parametrize(
    "damage", ["garbage", "not an object", "wrong section", "section left out", "missing"]
)
def test_damaged_kept_settings_are_checked_again(tmp_path: Path, damage: str) -> None:
    (tmp_path / "vaultrel.toml").write_text(EVERY_KEY)
    checked = load_config(tmp_path)
    kept = tmp_path / ".vaultrel" / "config.json"
    data = json.loads(kept.read_text())
    if damage == "garbage":
        kept.write_bytes(b"\x00{not json")
    elif damage == "not an object":
        kept.write_text("[1, 2]")
    elif damage == "wrong section":
        wrong = json.loads(kept.read_text())
        wrong["settings"]["folders"] = {"people": "x", "colour": "red"}
        kept.write_text(json.dumps(wrong))
    elif damage == "section left out":
        partial = json.loads(kept.read_text())
        del partial["settings"]["folders"]
        kept.write_text(json.dumps(partial))
    else:
        kept.unlink()
    assert load_config(tmp_path) == checked
    assert json.loads(kept.read_text()) == data  # kept again, as checked
