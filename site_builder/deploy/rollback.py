"""Make an earlier release live again, without rebuilding, in the same order."""

from __future__ import annotations

import logging

from site_builder.deploy.plan import (
    LIVE,
    OBJECTS,
    RELEASES,
    DeployError,
    Live,
    Release,
    urls,
)
from site_builder.deploy.targets import Target

log = logging.getLogger(__name__)


def releases(target: Target) -> list[Release]:
    """The releases still kept on the target, newest first."""
    live = Live.read(target)
    found = []
    for release_id in live.history:
        data = target.get(RELEASES + release_id + ".json")
        if data:
            found.append(Release.from_json(data))
    return found


def rollback(target: Target, release_id: str | None) -> list[str]:
    """Restore ``release_id`` (default: the one before the live one); return
    the URLs whose content changed."""
    live = Live.read(target)
    chosen = release_id or (live.history[1] if len(live.history) > 1 else None)
    if chosen is None or chosen not in live.history:
        kept = ", ".join(live.history) or "none"
        raise DeployError(
            f"release {chosen or '(previous)'} is not kept on the "
            f"target; releases kept: {kept}"
        )
    data = target.get(RELEASES + chosen + ".json")
    if data is None:
        raise DeployError(f"the record of release {chosen} is missing")
    release = Release.from_json(data)
    listing = target.listing()
    missing = [
        p for p, f in release.files.items() if f.immutable and listing.get(p) != f.md5
    ]
    if missing:
        raise DeployError(
            f"release {chosen} cannot be restored: {len(missing)} "
            f"assets are gone, such as {missing[0]}"
        )

    target.put(
        LIVE,
        Live(live.live, chosen, live.history).to_json(),
        "application/json",
        "private, no-store",
    )
    changed, restored = [], 0
    for path, file in sorted(release.files.items()):
        if not file.immutable and listing.get(path) != file.md5:
            target.copy(OBJECTS + file.sha256, path, file.content_type, file.cache)
            changed.extend(urls(path))
            restored += 1
    history = [chosen] + [r for r in live.history if r != chosen]
    target.put(
        LIVE,
        Live(chosen, None, history).to_json(),
        "application/json",
        "private, no-store",
    )
    log.info(
        "Release %s is live again on %s (%d pages restored)",
        chosen,
        target.description,
        restored,
    )
    return changed
