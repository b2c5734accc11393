"""`vaultrel.toml`: the settings, and the pydantic schema that checks the file, agree."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from pydantic import BaseModel

from vaultrel import config_schema
from vaultrel.config import Blocks, Config, Folders, Keys, Links, Obligations, Watch, load_config


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
