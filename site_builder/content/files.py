"""Find the content files of a site and parse each into a Document."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from site_builder.content.yamlpos import Positions, parse
from site_builder.language import say
from site_builder.problems import Place, Problems, did_you_mean

log = logging.getLogger(__name__)


class Kind(Enum):
    SITE = "site"
    TIER = "tiers"
    BENEFIT = "benefits"
    SHELF = "shelves"


@dataclass(frozen=True)
class Document:
    """One parsed content file: its id, its data and where each value is."""

    kind: Kind
    id: str
    source: str
    data: Any
    positions: Positions
    digest: str = ""
    """SHA-256 of the file's text: what a later build compares to reuse work."""
    readable: bool = True
    """False when the YAML could not be parsed (already reported)."""


class DocumentCache:
    """Parsed files a long-running process keeps between builds.

    Every build still reads every file, which is cheap; only a file whose
    text differs from the kept one is parsed again, which is not. Files that
    had problems are never kept, so they are reported on every build until
    fixed.
    """

    def __init__(self) -> None:
        self._kept: dict[Path, Document] = {}

    def get(self, path: Path, digest: str) -> Document | None:
        kept = self._kept.get(path)
        return kept if kept is not None and kept.digest == digest else None

    def keep(self, path: Path, document: Document) -> None:
        self._kept[path] = document


def load_content(
    content_dir: Path, problems: Problems, cache: DocumentCache | None = None
) -> list[Document]:
    """Parse ``site.yaml`` and every file of each collection, in a stable order."""
    documents = [load_site_file(content_dir, problems, cache)]
    for kind in (Kind.TIER, Kind.BENEFIT, Kind.SHELF):
        for path in collection_paths(content_dir, kind):
            documents.append(_load(path, kind, problems, cache))
    warn_about_strays(content_dir, problems)
    return [doc for doc in documents if doc is not None]


KNOWN = ("site.yaml", "tiers", "benefits", "shelves", "images")


def warn_about_strays(content_dir: Path, problems: Problems) -> None:
    """Files the build would skip without a word: a misspelt folder
    (``benefit/``) or a file not ending in ``.yaml`` would otherwise drop
    content silently. Hidden files (``.gitkeep``) are left alone."""
    for entry in _visible(content_dir):
        if entry.name not in KNOWN:
            message = say(
                "'{name}' is not something the builder reads, so it is ignored",
                name=entry.name,
            )
            hint = did_you_mean(entry.name, KNOWN)
            problems.warn(Place(_display(entry)), "", message + hint)
    for kind in (Kind.TIER, Kind.BENEFIT, Kind.SHELF):
        for entry in _visible(content_dir / kind.value):
            if entry.suffix not in (".yaml", ".yml"):
                message = say(
                    "'{name}' is ignored: content files end in .yaml", name=entry.name
                )
                problems.warn(Place(_display(entry)), "", message)


def _visible(folder: Path) -> list[Path]:
    """What ``folder`` holds, hidden entries left out; nothing if no folder."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def load_site_file(
    content_dir: Path, problems: Problems, cache: DocumentCache | None = None
) -> Document | None:
    """Just ``site.yaml``, for commands that need the settings and no pages."""
    path = content_dir / "site.yaml"
    return _load(path, Kind.SITE, problems, cache)


def collection_paths(content_dir: Path, kind: Kind) -> list[Path]:
    """The YAML files of one collection, in the order they are loaded."""
    folder = content_dir / kind.value
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return [p for p in paths if p.is_file()]


def _load(
    path: Path,
    kind: Kind,
    problems: Problems,
    cache: DocumentCache | None,
) -> Document | None:
    source = _display(path)
    text = _read(path, source, problems)
    if text is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    kept = cache.get(path, digest) if cache else None
    if kept is not None:
        return kept

    log.debug("Read %s", source)
    before = len(problems.items)
    data, positions = parse(text, source, problems)
    clean = len(problems.items) == before
    readable = data is not None or clean
    document = Document(kind, path.stem, source, data, positions, digest, readable)
    if cache is not None and clean:
        cache.keep(path, document)
    return document


def _read(path: Path, source: str, problems: Problems) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.error(Place(source), "", say("file not found"))
    except UnicodeDecodeError as error:
        message = say("not UTF-8 text ({reason})", reason=error.reason)
        problems.error(Place(source), "", message)
    return None


def _display(path: Path) -> str:
    """Paths in messages open the right file from where the command ran:
    relative to the working folder when the file is below it, else whole."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()
