"""`vaultrel.toml`: the settings, and the pydantic schema that checks the file, agree."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from pydantic import BaseModel

from vaultrel import config_schema
from vaultrel.config import Blocks, Config, Folders, Keys, Links, Obligations, Watch, load_config
from vaultrel.errors import UsageError


def test_the_schema_has_the_keys_of_the_settings_and_their_defaults(tmp_path: Path) -> None:
    for section in fields(Config):
        schema = config_schema.Config.model_fields[section.name].annotation
        assert isinstance(schema, type) and issubclass(schema, BaseModel)
        assert list(schema.model_fields) == [
            f.name for f in fields(getattr(Config(), section.name))
        ]
    (tmp_path / "vaultrel.toml").write_text("".join(f"[{f.name}]\n" for f in fields(Config)))
    assert load_config(tmp_path) == load_config(tmp_path / "none") == Config()


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
