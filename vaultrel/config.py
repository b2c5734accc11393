"""`vaultrel.toml` (DESIGN §5.2): every key optional, unknown keys and bad values refused.

The settings are defined once, here: frozen dataclasses whose defaults are what a vault without
the file gets, each field's rule (`Check`) and purpose (`Doc`) declared next to it. pydantic
checks a file against these same classes, and is imported only then; the checked settings are
kept in `.vaultrel/config.json` under the digest of the file and of this module (which defines
the checks), so that a run finds a file it has checked before without loading pydantic (a
tenth of a second).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from vaultrel.adapters import state
from vaultrel.core.dailynames import DEFAULT_FORMAT
from vaultrel.core.model import Kind, Layout
from vaultrel.errors import Problem, UsageError

CONFIG_FILE = "vaultrel.toml"
CHECKED_FILE = "config.json"  # in the state folder: settings of the last file checked


@dataclass(frozen=True, slots=True)
class Check:
    """A setting's rule, as metadata on its field: `says` what a good value is (in the error
    and the docs); `tidy` returns the value as kept, or None for a bad one. pydantic applies it
    after the type check, through its schema hook, which alone loads pydantic."""

    says: str
    tidy: Callable[[Any], Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        def apply(value: Any) -> Any:
            kept = self.tidy(value)
            if kept is None:
                raise ValueError(f"must be {self.says}")
            return kept

        return core_schema.no_info_after_validator_function(apply, handler(source))


@dataclass(frozen=True, slots=True)
class Doc:
    """What a setting is for, as metadata on its field (the docs, `init`'s vaultrel.toml)."""

    text: str


def at_least(low: float) -> Check:
    return Check(f"{low} or more", lambda n: n if n >= low else None)


def between(low: int, high: int) -> Check:
    return Check(f"{low} to {high}", lambda n: n if low <= n <= high else None)


def _folder(value: str) -> str | None:
    value = value.strip().strip("/")
    bad = not value or value.startswith(".") or ".." in value.split("/")
    return None if bad else value


FOLDER = Check("a folder path inside the vault, not hidden", _folder)
OPTIONAL_FOLDER = Check(
    "a folder path inside the vault, not hidden, or empty for the vault's root",
    lambda value: "" if not value.strip().strip("/") else _folder(value),
)
PROPERTY = Check(
    "a plain property name (letters, digits, _ and -)",
    lambda name: name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name) else None,
)
TAG = Check(
    "a tag name without # or spaces", lambda tag: tag if re.fullmatch(r"[^\s#]+", tag) else None
)
FORBID_EXTRA = {"extra": "forbid"}  # pydantic's setting for the class: unknown keys are errors


@dataclass(frozen=True, slots=True)
class Folders:
    """folder → kind; paths relative to the vault root"""

    __pydantic_config__ = FORBID_EXTRA
    people: Annotated[str, FOLDER, Doc("person notes")] = "people"
    conversations: Annotated[str, FOLDER, Doc("conversation notes")] = "conversations"
    orgs: Annotated[str, FOLDER, Doc("organisation notes")] = "orgs"
    templates: Annotated[
        str, FOLDER, Doc("never indexed; `vaultrel new` takes templates from here")
    ] = "templates"
    ignore: Annotated[list[Annotated[str, FOLDER]], Doc("more folders vaultrel never reads")] = (
        field(default_factory=list)
    )


@dataclass(frozen=True, slots=True)
class Keys:
    """the front-matter properties vaultrel writes in person notes"""

    __pydantic_config__ = FORBID_EXTRA
    last_spoke: Annotated[str, PROPERTY, Doc("the property for the date you last spoke")] = (
        "last_spoke"
    )
    next_owed: Annotated[str, PROPERTY, Doc("the property for when your next promise is due")] = (
        "next_owed"
    )


@dataclass(frozen=True, slots=True)
class Links:
    """how vaultrel writes links"""

    __pydantic_config__ = FORBID_EXTRA
    style: Annotated[
        Literal["auto", "wikilink", "markdown"],
        Doc("the links vaultrel writes; auto follows .obsidian/app.json, else wikilink"),
    ] = "auto"


@dataclass(frozen=True, slots=True)
class Obligations:
    """promises, read from tasks"""

    __pydantic_config__ = FORBID_EXTRA
    waiting_tag: Annotated[str, TAG, Doc("a task with this tag is owed to you")] = "waiting"


def _tags(tags: list[str]) -> list[str] | None:
    return tags if tags and all(TAG.tidy(tag) for tag in tags) else None


TAGS = Check("a non-empty list of tag names without # or spaces", _tags)
HEADING = Check("a heading's text", lambda text: " ".join(text.split()) if text.strip() else None)


@dataclass(frozen=True, slots=True)
class Log:
    """conversations logged as list items in daily notes"""

    __pydantic_config__ = FORBID_EXTRA
    heading: Annotated[
        str, HEADING, Doc("list items under a heading with this name log conversations")
    ] = "Conversations"
    folder: Annotated[
        str,
        OPTIONAL_FOLDER,
        Doc("where `vaultrel log` puts daily notes when Obsidian's settings name no folder"),
    ] = ""
    tags: Annotated[
        list[str],
        TAGS,
        Doc("a list item in a daily note with one of these tags logs a conversation by it"),
    ] = field(
        default_factory=lambda: ["call", "video", "coffee", "meeting", "message", "email", "spoke"]
    )


@dataclass(frozen=True, slots=True)
class Points:
    """talking points: things to bring up next time"""

    __pydantic_config__ = FORBID_EXTRA
    tags: Annotated[
        list[str], TAGS, Doc("an open task with one of these tags is a talking point")
    ] = field(default_factory=lambda: ["ask", "tell"])


@dataclass(frozen=True, slots=True)
class Blocks:
    """the generated block in person notes"""

    __pydantic_config__ = FORBID_EXTRA
    max_items: Annotated[
        int, between(1, 10_000), Doc("most items per list; the rest are counted")
    ] = 50
    heading_level: Annotated[
        int, between(2, 6), Doc("the level of its heading (## is a section of its own)")
    ] = 2


@dataclass(frozen=True, slots=True)
class Watch:
    """`vaultrel watch`"""

    __pydantic_config__ = FORBID_EXTRA
    quiet_seconds: Annotated[
        float, at_least(0), Doc("seconds: do not write a note changed this recently")
    ] = 3
    debounce_ms: Annotated[
        int, at_least(0), Doc("milliseconds without a change before an update")
    ] = 200


@dataclass(frozen=True, slots=True)
class Config:
    __pydantic_config__ = FORBID_EXTRA
    folders: Folders = field(default_factory=Folders)
    keys: Keys = field(default_factory=Keys)
    links: Links = field(default_factory=Links)
    obligations: Obligations = field(default_factory=Obligations)
    log: Log = field(default_factory=Log)
    points: Points = field(default_factory=Points)
    blocks: Blocks = field(default_factory=Blocks)
    watch: Watch = field(default_factory=Watch)

    def layout(self, daily_format: str = DEFAULT_FORMAT) -> Layout:
        """What the core needs; `daily_format` names daily notes (Obsidian's settings)."""
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
            log_heading=self.log.heading,
            log_tags=tuple(self.log.tags),
            point_tags=tuple(self.points.tags),
            daily_format=daily_format,
        )


@dataclass(frozen=True, slots=True)
class Setting:
    """One key of `vaultrel.toml` as the docs show it, read from its definition above."""

    section: str
    key: str
    default: Any
    rule: str  # what a good value is; "" when any value of its type will do
    doc: str


def settings() -> Iterator[Setting]:
    """Every key, section by section, in the order defined."""
    defaults = Config()
    for section in dataclasses.fields(Config):
        values = getattr(defaults, section.name)
        hints = typing.get_type_hints(type(values), include_extras=True)
        for key in dataclasses.fields(values):
            docs = [m.text for m in hints[key.name].__metadata__ if isinstance(m, Doc)]
            rule = _rule(hints[key.name])
            yield Setting(section.name, key.name, getattr(values, key.name), rule, *docs)


def about(section: str) -> str:
    """What a section is for: its class's docstring."""
    return type(getattr(Config(), section)).__doc__ or ""


def _rule(hint: Any) -> str:
    if typing.get_origin(hint) is Annotated:
        inner, *metadata = typing.get_args(hint)
        checks = [m.says for m in metadata if isinstance(m, Check)]
        return checks[0] if checks else _rule(inner)
    if typing.get_origin(hint) is Literal:
        return "one of " + ", ".join(typing.get_args(hint))
    if typing.get_origin(hint) is list:
        return f"a list, each {_rule(typing.get_args(hint)[0])}"
    return ""


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
        raise UsageError(
            _problem(None, f"cannot read the configuration: {exc}", "fix the file")
        ) from None
    digest = _digest(text)
    checked = _checked(root, digest)
    if checked is None:
        checked = _check(text)
        _keep_checked(root, digest, checked)
    return checked


def _check(text: str) -> Config:
    """The settings in a `vaultrel.toml`'s text; raises UsageError (E_CONFIG) naming every
    bad key, each on its line."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise UsageError(_problem(line, f"not valid TOML: {exc}", "fix the TOML syntax")) from None
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Config).validate_python(data)
    except ValidationError as exc:
        problems = sorted((_bad_key(text, error) for error in exc.errors()), key=Problem.sort_key)
        raise UsageError(*problems) from None


def _bad_key(text: str, error: Any) -> Problem:
    """One of pydantic's errors as a problem on the line of its key."""
    key = ".".join(str(part) for part in error["loc"])
    line = _line_of(text, tuple(part for part in error["loc"] if isinstance(part, str)))
    if error["type"] == "unexpected_keyword_argument":  # a dataclass's word for an extra key
        return _problem(line, f"unknown key {key}", "remove it, or check its spelling")
    why = error["msg"].removeprefix("Value error, ")
    return _problem(line, f"bad value for {key}: {why}", "fix the value")


def _line_of(text: str, key: tuple[str, ...]) -> int | None:
    """The line setting `key` (section, name): under its [section] or dotted; for a key
    inside an inline table, the line of the table."""
    best, depth = None, 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if header := re.match(r"\s*\[+([^\]]+)\]", line):
            table = path = _dotted(header.group(1))
        elif assignment := re.match(r"\s*([^\s#=\[][^=]*?)\s*=", line):
            path = table + _dotted(assignment.group(1))
        else:
            continue
        shared = 0
        while shared < min(len(path), len(key)) and path[shared] == key[shared]:
            shared += 1
        if shared > depth:
            best, depth = number, shared
    return best


def _dotted(name: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in name.split("."))


def _digest(text: str) -> str:
    """What checked settings depend on: the file, and this module, which defines the checks."""
    definition = Path(__file__).read_bytes()
    return hashlib.sha256(definition + b"\0" + text.encode("utf-8")).hexdigest()


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


def _problem(line: int | None, message: str, hint: str) -> Problem:
    return Problem(CONFIG_FILE, line, "E_CONFIG", message, hint)
