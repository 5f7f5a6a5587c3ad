"""Pages an earlier build made from the same inputs, linked instead of rendered.

The preview rebuilds the whole site after every save, and for a programme of
thousands of benefits rendering is most of the wait. A benefit's page shows
its own file and what every page depends on: site.yaml, the tiers, the
shelves, the theme (templates, catalogues, static files), the pictures, the
day the site is built for and the builder itself. When none of these
changed, the page is byte for byte what the earlier build wrote, so its file
is kept in place (or hard-linked from that build's folder, when the build
writes a fresh one). Pages that show many benefits
(zones, shelves) declare no sources and are always rendered.

The planner declares each page's sources (``Page.sources``); a theme whose
benefit page showed other benefits would have to declare them there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from site_builder import __version__
from site_builder.assets import Assets
from site_builder.model import Site
from site_builder.output.staging import Written
from site_builder.plan import Page

EVERY_PAGE = ("site", "tiers", "shelves")
"""Content folders every page may depend on."""


@dataclass(frozen=True)
class Previous:
    """What an earlier build left, for the next one to reuse."""

    folder: Path
    inputs: Mapping[str, str] = field(default_factory=dict)
    """Output path -> digest of everything the page was made from."""
    written: Mapping[str, Written] = field(default_factory=dict)

    def reusable(self, path: str, inputs: str | None) -> Written | None:
        """What the earlier build wrote at ``path``, if made from ``inputs``."""
        if inputs is None or self.inputs.get(path) != inputs:
            return None
        return self.written.get(path)


def page_inputs(
    site: Site, pages: Iterable[Page], as_of: date, assets: Assets
) -> dict[str, str]:
    """Output path -> digest of its inputs, for every page that declares them."""
    common = _common(site, as_of, assets)
    inputs = {}
    for page in pages:
        if page.sources is None:
            continue
        own = [site.digests[source] for source in page.sources]
        inputs[page.output_path] = _digest([common, page.route, *own])
    return inputs


def _common(site: Site, as_of: date, assets: Assets) -> str:
    """What every page depends on, as one digest."""
    parts = [__version__, as_of.isoformat()]
    parts += [
        f"{folder}/{name}:{digest}"
        for (folder, name), digest in sorted(site.digests.items())
        if folder in EVERY_PAGE
    ]
    parts += [f"{name}:{a.path}" for name, a in sorted(assets.by_name.items())]
    parts.append(f"styles:{assets.styles.source}")
    parts += _theme_files(site.theme_dir)
    return _digest(parts)


def _theme_files(theme_dir: Path) -> list[str]:
    """Templates and catalogues; static files are among the assets already."""
    files = []
    for folder in ("templates", "locales"):
        for file in sorted((theme_dir / folder).rglob("*")):
            if file.is_file():
                digest = hashlib.sha256(file.read_bytes()).hexdigest()
                files.append(f"{file.relative_to(theme_dir).as_posix()}:{digest}")
    return files


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
