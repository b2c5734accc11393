"""`vaultrel.toml` (DESIGN §5.2): every key optional, unknown keys and bad values refused."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vaultrel.core.model import Kind, Layout
from vaultrel.errors import Problem, UsageError

CONFIG_FILE = "vaultrel.toml"
_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class _Section(BaseModel):
    # Validators are built on first use: a vault without vaultrel.toml never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Folders(_Section):
    people: str = "people"
    conversations: str = "conversations"
    orgs: str = "orgs"
    templates: str = "templates"
    ignore: list[str] = Field(default_factory=list)

    @field_validator("people", "conversations", "orgs", "templates")
    @classmethod
    def _relative(cls, value: str) -> str:
        value = value.strip().strip("/")
        if not value or ".." in value.split("/") or value.startswith("."):
            raise ValueError("must be a folder inside the vault, like 'people'")
        return value


class Keys(_Section):
    last_spoke: str = "last_spoke"
    next_owed: str = "next_owed"

    @field_validator("last_spoke", "next_owed")
    @classmethod
    def _plain_key(cls, value: str) -> str:
        if not _KEY_NAME.fullmatch(value):
            raise ValueError("must be a plain property name (letters, digits, _ and -)")
        return value


class Links(_Section):
    style: Literal["auto", "wikilink", "markdown"] = "auto"


class Obligations(_Section):
    waiting_tag: str = Field(default="waiting", min_length=1, pattern=r"^[^\s#]+$")


class Blocks(_Section):
    max_items: int = Field(default=50, ge=1, le=10_000)


class Watch(_Section):
    quiet_seconds: float = Field(default=3, ge=0)
    debounce_ms: int = Field(default=200, ge=0)


class Config(_Section):
    folders: Folders = Field(default_factory=lambda: Folders.model_construct())
    keys: Keys = Field(default_factory=lambda: Keys.model_construct())
    links: Links = Field(default_factory=lambda: Links.model_construct())
    obligations: Obligations = Field(default_factory=lambda: Obligations.model_construct())
    blocks: Blocks = Field(default_factory=lambda: Blocks.model_construct())
    watch: Watch = Field(default_factory=lambda: Watch.model_construct())

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
        )


def load_config(root: Path) -> Config:
    """The vault's configuration; defaults when there is no `vaultrel.toml`."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config.model_construct()
    except (OSError, UnicodeDecodeError) as exc:
        raise _config_error(None, f"cannot read the configuration: {exc}", "fix the file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise _config_error(line, f"not valid TOML: {exc}", "fix the TOML syntax") from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            message, hint = f"unknown key {key}", "remove it, or check its spelling"
        else:
            message, hint = f"bad value for {key}: {error['msg']}", "fix the value"
        raise _config_error(_line_of(text, str(error["loc"][-1])), message, hint) from None


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?\s*{re.escape(key)}\s*[\]=]", line):
            return number
    return None


def _config_error(line: int | None, message: str, hint: str) -> UsageError:
    return UsageError(Problem(CONFIG_FILE, line, "E_CONFIG", message, hint))
