"""Plan a deploy: compare the build with what the target holds.

Nothing here changes the target. The plan says what is uploaded and why,
what is kept, what is deleted, and which URLs a CDN must forget.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder.deploy.targets import Target, md5
from site_builder.output.manifest import MANIFEST_NAME

STATE = "_site"
LIVE = f"{STATE}/live.json"
RELEASES = f"{STATE}/releases/"
OBJECTS = f"{STATE}/objects/"
"""Page bodies by SHA-256, kept for rollback: a page's path holds only one
release's version, its object keeps every retained one."""

IMMUTABLE = "public, max-age=31536000, immutable"
PAGE_SECONDS = 300


class DeployError(Exception):
    """A deploy that must not go ahead; the target is untouched."""


@dataclass(frozen=True)
class File:
    path: str
    sha256: str
    md5: str
    size: int
    content_type: str
    cache: str
    immutable: bool


@dataclass
class Release:
    id: str
    time: str
    build: str
    commit: str | None
    files: dict[str, File]

    def to_json(self) -> str:
        files = {
            p: {k: v for k, v in vars(f).items() if k != "path"}
            for p, f in sorted(self.files.items())
        }
        record = {
            "id": self.id,
            "time": self.time,
            "build": self.build,
            "commit": self.commit,
            "files": files,
        }
        return json.dumps(record, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: bytes) -> Release:
        record = json.loads(text)
        files = {p: File(path=p, **f) for p, f in record["files"].items()}
        return cls(
            record["id"], record["time"], record["build"], record["commit"], files
        )


@dataclass
class Live:
    """``_site/live.json``: which release is live, which is being deployed,
    and the releases kept, newest first."""

    live: str | None = None
    pending: str | None = None
    history: list[str] = field(default_factory=list)

    def to_json(self) -> bytes:
        return (json.dumps(vars(self), indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def read(cls, target: Target) -> Live:
        data = target.get(LIVE)
        return cls(**json.loads(data)) if data else cls()


@dataclass(frozen=True)
class Upload:
    path: str
    reason: str
    """"new" or "changed"."""


@dataclass
class Plan:
    release: Release
    live: Live
    retained: list[str]
    objects: list[File] = field(default_factory=list)
    assets: list[Upload] = field(default_factory=list)
    pages: list[Upload] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    invalidate: list[str] = field(default_factory=list)

    @property
    def uploads(self) -> list[Upload]:
        return self.assets + self.pages

    def summary(self) -> dict[str, object]:
        return {
            "release": self.release.id,
            "live_before": self.live.live,
            "upload": [{"path": u.path, "reason": u.reason} for u in self.uploads],
            "keep": len(self.keep),
            "delete": self.delete,
            "invalidate": self.invalidate,
            "bytes": sum(self.release.files[u.path].size for u in self.uploads),
        }


def local_release(output: Path, now: datetime, commit: str | None) -> Release:
    """The build in ``output`` as a release, with each file's headers."""
    manifest = json.loads((output / MANIFEST_NAME).read_text("utf-8"))
    zone = ZoneInfo(manifest["timezone"])
    files = {}
    for entry in manifest["files"]:
        data = (output / entry["path"]).read_bytes()
        cache = (
            IMMUTABLE
            if entry["immutable"]
            else page_cache(entry["changes_on"], now, zone)
        )
        files[entry["path"]] = File(
            entry["path"],
            entry["sha256"],
            md5(data),
            entry["size"],
            entry["content_type"],
            cache,
            entry["immutable"],
        )
    build = hashlib.sha256(
        "".join(f"{p}:{f.sha256}\n" for p, f in sorted(files.items())).encode()
    ).hexdigest()
    return Release(
        build[:12], now.astimezone(ZoneInfo("UTC")).isoformat(), build, commit, files
    )


def page_cache(changes_on: str | None, now: datetime, zone: ZoneInfo) -> str:
    """Short and revalidated; never past the moment the page changes."""
    seconds = PAGE_SECONDS
    if changes_on:
        moment = datetime.combine(date.fromisoformat(changes_on), time(), zone)
        seconds = max(0, min(seconds, int((moment - now).total_seconds())))
    return f"public, max-age={seconds}, must-revalidate"


def make_plan(release: Release, target: Target, retain: int) -> Plan:
    listing = target.listing()
    live = Live.read(target)
    history = [r for r in live.history if r != release.id]
    plan = Plan(release, live, [release.id, *history[: max(0, retain - 1)]])
    for path, file in sorted(release.files.items()):
        stored = listing.get(path)
        if stored == file.md5:
            plan.keep.append(path)
            continue
        upload = Upload(path, "changed" if stored else "new")
        (plan.assets if file.immutable else plan.pages).append(upload)
        if not file.immutable and stored:
            plan.invalidate.extend(urls(path))
    plan.objects = [
        f for f in _unique_pages(release) if OBJECTS + f.sha256 not in listing
    ]
    plan.delete = _unneeded(plan, target, listing)
    plan.invalidate.extend(
        u for p in plan.delete if not p.startswith(STATE) for u in urls(p)
    )
    return plan


def _unique_pages(release: Release) -> list[File]:
    by_hash = {f.sha256: f for f in release.files.values() if not f.immutable}
    return [by_hash[h] for h in sorted(by_hash)]


def _unneeded(plan: Plan, target: Target, listing: dict[str, str]) -> list[str]:
    """Files no retained release needs, and records of releases let go."""
    needed = {LIVE} | {RELEASES + r + ".json" for r in plan.retained}
    for release_id in plan.retained:
        release = (
            plan.release if release_id == plan.release.id else _read(target, release_id)
        )
        if release is None:
            continue
        needed |= set(release.files)
        needed |= {
            OBJECTS + f.sha256 for f in release.files.values() if not f.immutable
        }
    return sorted(set(listing) - needed)


def _read(target: Target, release_id: str) -> Release | None:
    data = target.get(RELEASES + release_id + ".json")
    return Release.from_json(data) if data else None


def urls(path: str) -> list[str]:
    """The URLs that serve a file: a folder's index is also its folder."""
    found = [f"/{path}"]
    if path == "index.html" or path.endswith("/index.html"):
        found.append("/" + path.removesuffix("index.html"))
    return found
