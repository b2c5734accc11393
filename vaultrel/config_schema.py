"""The pydantic schema of `vaultrel.toml`: each key's type, range and rule (DESIGN §5.2).

Imported only to check a vault's file; the defaults here are `vaultrel.config`'s."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vaultrel import config

_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    heading_level: int = Field(default=2, ge=2, le=6)


class Watch(_Section):
    quiet_seconds: float = Field(default=3, ge=0)
    debounce_ms: int = Field(default=200, ge=0)


class Config(_Section):
    folders: Folders = Folders()
    keys: Keys = Keys()
    links: Links = Links()
    obligations: Obligations = Obligations()
    blocks: Blocks = Blocks()
    watch: Watch = Watch()


def validate(data: dict[str, Any]) -> config.Config:
    """The settings `data` (a parsed `vaultrel.toml`) holds; raises pydantic's ValidationError,
    whose first error names the bad key."""
    return config.settings_from(Config.model_validate(data).model_dump())
