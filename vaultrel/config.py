"""`vaultrel.toml` (DESIGN §5.2): every key optional, unknown keys and bad values refused.

The settings are frozen dataclasses whose defaults are what a vault without the file gets. A
file is checked by `vaultrel.config_schema` (pydantic), imported only then; the checked settings
are kept in `.vaultrel/config.json` under the digest of the file and of the schema, so that a
run finds a file it has checked before without loading pydantic (a tenth of a second).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from vaultrel.adapters import state
from vaultrel.core.model import Kind, Layout
from vaultrel.errors import Problem, UsageError

CONFIG_FILE = "vaultrel.toml"
CHECKED_FILE = "config.json"  # in the state folder: settings of the last file checked


@dataclass(frozen=True, slots=True)
class Folders:
    people: str = "people"
    conversations: str = "conversations"
    orgs: str = "orgs"
    templates: str = "templates"
    ignore: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Keys:
    last_spoke: str = "last_spoke"
    next_owed: str = "next_owed"


@dataclass(frozen=True, slots=True)
class Links:
    style: Literal["auto", "wikilink", "markdown"] = "auto"


@dataclass(frozen=True, slots=True)
class Obligations:
    waiting_tag: str = "waiting"


@dataclass(frozen=True, slots=True)
class Blocks:
    max_items: int = 50
    heading_level: int = 2  # a section of its own in Obsidian's outline, never a title


@dataclass(frozen=True, slots=True)
class Watch:
    quiet_seconds: float = 3
    debounce_ms: int = 200


@dataclass(frozen=True, slots=True)
class Config:
    folders: Folders = field(default_factory=Folders)
    keys: Keys = field(default_factory=Keys)
    links: Links = field(default_factory=Links)
    obligations: Obligations = field(default_factory=Obligations)
    blocks: Blocks = field(default_factory=Blocks)
    watch: Watch = field(default_factory=Watch)

    def layout(self) -> Layout:
        return Layout(
            folders=(
                (self.folders.people, Kind.PERSON),
                (self.folders.conversations, Kind.CONVERSATION),
                (self.folders.orgs, Kind.ORG),
            ),
            last_spoke_key=self.keys.last_spoke,
            next_owed_key=self.keys.next_owed,
            waiting_tag=self.obligations.waiting_tag,
            max_items=self.blocks.max_items,
            heading_level=self.blocks.heading_level,
        )


def settings_from(sections: Mapping[str, Mapping[str, Any]]) -> Config:
    """Settings from checked values, every section given; raises KeyError for a section
    left out and TypeError for a key no section has."""
    defaults = Config()
    return Config(
        **{
            section.name: type(getattr(defaults, section.name))(**sections[section.name])
            for section in dataclasses.fields(Config)
        }
    )


def load_config(root: Path) -> Config:
    """The vault's configuration; defaults when there is no `vaultrel.toml`."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise _config_error(None, f"cannot read the configuration: {exc}", "fix the file") from None
    digest = _digest(text)
    checked = _checked(root, digest)
    if checked is None:
        checked = _check(text)
        _keep_checked(root, digest, checked)
    return checked


def _check(text: str) -> Config:
    """The settings in a `vaultrel.toml`'s text; raises UsageError (E_CONFIG)."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise _config_error(line, f"not valid TOML: {exc}", "fix the TOML syntax") from None
    from pydantic import ValidationError

    from vaultrel.config_schema import validate

    try:
        return validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            message, hint = f"unknown key {key}", "remove it, or check its spelling"
        else:
            message, hint = f"bad value for {key}: {error['msg']}", "fix the value"
        raise _config_error(_line_of(text, str(error["loc"][-1])), message, hint) from None


def _digest(text: str) -> str:
    """What checked settings depend on: the file, and the schema that checked it."""
    schema = Path(__file__).with_name("config_schema.py").read_bytes()
    return hashlib.sha256(schema + b"\0" + text.encode("utf-8")).hexdigest()


def _checked(root: Path, digest: str) -> Config | None:
    """The settings kept for a file with this digest, if any (anything odd: None)."""
    try:
        kept = json.loads(state.read_file(root, CHECKED_FILE) or b"null")
        if kept["digest"] != digest:
            return None
        return settings_from(kept["settings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep_checked(root: Path, digest: str, config: Config) -> None:
    """Keep checked settings for the next run; a cache only, so failing to is no error."""
    kept = {"digest": digest, "settings": dataclasses.asdict(config)}
    with contextlib.suppress(OSError):
        state.replace_file(root, CHECKED_FILE, json.dumps(kept).encode())


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?\s*{re.escape(key)}\s*[\]=]", line):
            return number
    return None


def _config_error(line: int | None, message: str, hint: str) -> UsageError:
    return UsageError(Problem(CONFIG_FILE, line, "E_CONFIG", message, hint))
