"""Give every asset a content hash in its name and an SRI integrity value,
and gather the theme's styles for the pages' own ``<style>`` element.

A fingerprinted file never changes under its name, so the CDN and browsers
may keep it for a year, and a page can pin it with ``integrity``.

Styles are the exception: a style sheet in its own file blocks the first
paint until a second round trip brings it, and on a phone's network that
costs more than the 2 KiB the styles add to each page once compressed. So
every page carries them, and the Content-Security-Policy allows exactly
that text by its hash (``PageStyles.source``).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import rcssmin
import rjsmin

from site_builder.model import Site


@dataclass(frozen=True)
class Asset:
    path: str
    """Output path, such as ``assets/app.3f2a9c1e.css``."""
    data: bytes
    integrity: str


@dataclass(frozen=True)
class PageStyles:
    """The CSS every page carries in its ``<style>`` element."""

    text: str

    def __post_init__(self) -> None:
        # Content cannot reach the styles (accents are validated colours),
        # but a theme's CSS could still end the element early.
        if "</style" in self.text.lower():
            raise ValueError("the theme's CSS must not contain '</style'")

    @property
    def source(self) -> str:
        """The CSP source that allows this text, and only it."""
        digest = hashlib.sha256(self.text.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class Assets:
    """Assets by the name templates and content use for them, and the
    styles pages carry inline."""

    by_name: dict[str, Asset] = field(default_factory=dict)
    styles: PageStyles = PageStyles("")

    def add(self, name: str, data: bytes, folder: str = "assets") -> Asset:
        asset = fingerprint(name, data, folder)
        self.by_name[name] = asset
        return asset

    def __getitem__(self, name: str) -> Asset:
        return self.by_name[name]


def fingerprint(name: str, data: bytes, folder: str) -> Asset:
    pure = PurePosixPath(name)
    digest = hashlib.sha256(data).hexdigest()[:8]
    path = f"{folder}/{pure.stem}.{digest}{pure.suffix}"
    sri = base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")
    return Asset(path, data, f"sha384-{sri}")


def collect_assets(site: Site) -> Assets:
    """The theme's static files and every image, fingerprinted; the theme's
    style sheets and the zones' accents, as the pages' inline styles."""
    assets = Assets()
    static = site.theme_dir / "static"
    sheets = []
    for file in sorted(static.rglob("*")) if static.is_dir() else []:
        if file.suffix == ".css":
            sheets.append(minified(file).decode("utf-8"))
        elif file.is_file():
            assets.add(file.relative_to(static).as_posix(), minified(file))
    assets.styles = PageStyles("\n".join([*sheets, zone_styles(site)]))
    for ref in sorted(_image_refs(site)):
        data = (site.content_dir / ref).read_bytes()
        assets.add(ref, data, folder="assets/images")
    return assets


def minified(file: Path) -> bytes:
    """Scripts and styles travel to phones on slow networks: strip comments
    and spaces; the theme keeps its readable source."""
    if file.suffix == ".js":
        return str(rjsmin.jsmin(file.read_text(encoding="utf-8"))).encode("utf-8")
    if file.suffix == ".css":
        return str(rcssmin.cssmin(file.read_text(encoding="utf-8"))).encode("utf-8")
    return file.read_bytes()


def zone_styles(site: Site) -> str:
    """Accent colours by zone: the CSP forbids ``style`` attributes."""
    rules = [
        f".zone-{tier_id}{{--accent:{tier.style.accent}}}"
        for tier_id, tier in site.tiers.items()
    ]
    return "".join(rules)


def _image_refs(site: Site) -> set[str]:
    refs = {tier.style.hero for tier in site.tiers.values()}
    refs |= {b.image for b in site.benefits.values() if b.image is not None}
    return {PurePosixPath(ref).as_posix() for ref in refs}
