"""Obsidian's link resolution (LINKS.md "Resolving"), plus vaultrel's alias fallback.

A pure function of the set of file paths and the aliases of notes. Names compare after NFC
normalisation and `str.lower()`, as Obsidian's `toLowerCase()` does.
"""

from __future__ import annotations

import posixpath
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a link leads. `path` is None when unresolved; `outside` when it climbs out of the
    vault; `candidates` lists the tie when ambiguous; `via_alias` when only an alias matched."""

    path: str | None
    ambiguous: tuple[str, ...] = ()
    via_alias: bool = False
    outside: bool = False

    @property
    def is_note(self) -> bool:
        return self.path is not None and self.path.lower().endswith(".md")


UNRESOLVED = Resolution(None)


class Resolver:
    """Resolves link targets written in a note to vault paths, as Obsidian does."""

    def __init__(self, paths: Iterable[str], aliases: dict[str, tuple[str, ...]]) -> None:
        self._by_name: dict[str, list[str]] = defaultdict(list)
        for path in paths:
            self._by_name[fold(posixpath.basename(path))].append(path)
        self._by_alias: dict[str, set[str]] = defaultdict(set)
        for path, names in aliases.items():
            for alias in names:
                self._by_alias[fold(alias)].add(path)
        self._cache: dict[tuple[str, str], Resolution] = {}
        self._texts: dict[tuple[str, str], dict[str, str]] = {}
        self._keys: dict[str, tuple[str, str]] = {}

    def name_keys(self, target: str) -> tuple[str, str]:
        """The file names a link target may be resolved by (folded): `[[Ada]]` looks up
        `ada.md`, `[[Ada.png]]` looks up `ada.png`, then `ada.png.md`. Cached: the same
        targets are written in many notes."""
        keys = self._keys.get(target)
        if keys is None:
            name = fold(target.rsplit("/", 1)[-1].strip())
            keys = self._keys[target] = (name, name + ".md")
        return keys

    def add(self, path: str) -> None:
        """A file came (a note without aliases: notes with aliases mean a new Resolver)."""
        self._by_name[fold(posixpath.basename(path))].append(path)
        self._cache.clear()
        self._texts.clear()

    def remove(self, path: str) -> None:
        names = self._by_name[fold(posixpath.basename(path))]
        names.remove(path)
        self._cache.clear()
        self._texts.clear()

    def shares_name(self, path: str) -> bool:
        """Whether another file has this path's name (in any case or Unicode form)."""
        return any(other != path for other in self._by_name.get(fold(posixpath.basename(path)), ()))

    def resolve(self, target: str, source: str) -> Resolution:
        """Resolve `target` written in the note at vault path `source`."""
        if not target.strip():
            return Resolution(source)  # [[#Heading]]: the note itself
        folder = source.rpartition("/")[0]
        key = (target, folder)
        found = self._cache.get(key)
        if found is None:
            found = self._resolve(target, folder)
            if found.path is None and not found.outside:
                found = self._by_alias_fallback(target) or found
            self._cache[key] = found
        return found

    def _resolve(self, target: str, folder: str) -> Resolution:
        target = unicodedata.normalize("NFC", target).strip()
        if not target:
            return UNRESOLVED
        name = target.rsplit("/", 1)[-1]
        candidates = self._by_name.get(fold(name), []) if "." in name else []
        if not candidates:
            candidates = self._by_name.get(fold(name + ".md"), [])
            target += ".md"
        if not candidates:
            return _outside_or_unresolved(target, folder)
        if "/" not in target and len(candidates) == 1:
            return Resolution(candidates[0])
        if target.startswith(("./", "../")):
            joined = posixpath.normpath(posixpath.join(folder, target))
            if joined == ".." or joined.startswith("../"):
                return Resolution(None, outside=True)
            exact = [path for path in candidates if fold(path) == fold(joined)]
            if exact:
                return Resolution(exact[0])
            target = joined
        absolute = target.startswith("/")
        target = target.lstrip("/")
        wanted = fold(target)
        exact = [path for path in candidates if fold(path) == wanted]
        if exact:
            return Resolution(min(exact))
        if absolute:
            return UNRESOLVED
        matching = [path for path in candidates if fold(path).endswith(wanted)]
        if not matching:
            return UNRESOLVED
        prefix = fold(folder)

        def rank(path: str) -> tuple[int, int]:
            return (0 if fold(path).startswith(prefix) else 1, len(path))

        matching.sort(key=lambda path: (*rank(path), path))
        best = rank(matching[0])
        tied = tuple(path for path in matching if rank(path) == best)
        return Resolution(matching[0], ambiguous=tied if len(tied) > 1 else ())

    def _by_alias_fallback(self, target: str) -> Resolution | None:
        if "/" in target:
            return None
        owners = self._by_alias.get(fold(target.strip()))
        if owners and len(owners) == 1:
            return Resolution(next(iter(owners)), via_alias=True)
        if owners:
            return Resolution(None, ambiguous=tuple(sorted(owners)), via_alias=True)
        return None

    def link_text(self, path: str, source: str, style: str = "shortest") -> str:
        """How Obsidian writes a link to `path` from `source` (`fileToLinktext`), without
        brackets: the bare name when it resolves to exactly this note, else the path."""
        folder = source.rpartition("/")[0]
        texts = self._texts.get((folder, style))  # a few folders, many paths
        if texts is None:
            texts = self._texts[folder, style] = {}
        text = texts.get(path)
        if text is None:
            stem = path.removesuffix(".md")
            if style == "absolute":
                text = stem
            elif style == "relative":
                text = posixpath.relpath(stem, folder or ".")
            else:
                name = stem.rpartition("/")[2]
                resolved = self._resolve(name, folder)
                unique = resolved.path == path and not resolved.ambiguous
                text = sys.intern(name) if unique else stem  # names: shared with link targets
            texts[path] = text
        return text


def _outside_or_unresolved(target: str, folder: str) -> Resolution:
    if target.startswith("../") or "/../" in target or target.startswith("/.."):
        joined = posixpath.normpath(posixpath.join(folder, target))
        if joined == ".." or joined.startswith("../"):
            return Resolution(None, outside=True)
    return UNRESOLVED


def markdown_destination(link_text: str) -> str:
    """A link path as a Markdown link destination: percent-encoded, with `.md`."""
    return quote(link_text + ".md")
