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
from site_builder.problems import Place, Problems

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


def load_content(content_dir: Path, problems: Problems) -> list[Document]:
    """Parse ``site.yaml`` and every file of each collection, in a stable order."""
    documents = [load_site_file(content_dir, problems)]
    for kind in (Kind.TIER, Kind.BENEFIT, Kind.SHELF):
        for path in collection_paths(content_dir, kind):
            documents.append(_load(content_dir, path, kind, problems))
    return [doc for doc in documents if doc is not None]


def load_site_file(content_dir: Path, problems: Problems) -> Document | None:
    """Just ``site.yaml``, for commands that need the settings and no pages."""
    return _load(content_dir, content_dir / "site.yaml", Kind.SITE, problems)


def collection_paths(content_dir: Path, kind: Kind) -> list[Path]:
    """The YAML files of one collection, in the order they are loaded."""
    folder = content_dir / kind.value
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return [p for p in paths if p.is_file()]


def _load(root: Path, path: Path, kind: Kind, problems: Problems) -> Document | None:
    source = _display(root, path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.error(Place(source), "", say("file not found"))
        return None
    except UnicodeDecodeError as error:
        message = say("not UTF-8 text ({reason})", reason=error.reason)
        problems.error(Place(source), "", message)
        return None
    log.debug("Read %s", source)
    data, positions = parse(text, source, problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(kind, path.stem, source, data, positions, digest)


def _display(root: Path, path: Path) -> str:
    """Paths in messages are relative to the folder holding ``content/``."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()
