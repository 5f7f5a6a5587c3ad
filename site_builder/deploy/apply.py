"""Carry out a plan in the one order that keeps the target consistent.

1. page bodies into ``_site/objects/`` (no customer sees them);
2. new fingerprinted assets;
3. the release record, and ``live.json`` saying the release is pending;
4. pages, which may now refer to the new assets;
5. ``live.json`` saying the release is live;
6. deletions, only of what no retained release needs;
7. CDN invalidation of exactly the paths whose content changed.

A deploy stopped anywhere leaves every page referring only to files that
exist, and ``live.json`` naming the live release (and the pending one).
Running it again uploads only what is still missing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from site_builder.deploy.plan import LIVE, OBJECTS, RELEASES, Live, Plan, Release
from site_builder.deploy.targets import Target

log = logging.getLogger(__name__)

Step = Callable[[], None]


def apply(plan: Plan, target: Target, output: Path, step: Step) -> None:
    """``step`` is called after every change to the target (progress, tests)."""
    started = time.perf_counter()
    release = plan.release

    for file in plan.objects:
        target.put(
            OBJECTS + file.sha256,
            (output / file.path).read_bytes(),
            file.content_type,
            "private, no-store",
        )
        step()
    for upload in plan.assets:
        _put(target, output, release, upload.path)
        step()
    target.put(
        RELEASES + release.id + ".json",
        release.to_json().encode(),
        "application/json",
        "private, no-store",
    )
    step()
    pending = Live(plan.live.live, release.id, plan.live.history)
    target.put(LIVE, pending.to_json(), "application/json", "private, no-store")
    step()
    for upload in plan.pages:
        _put(target, output, release, upload.path)
        step()
    done = Live(release.id, None, plan.retained)
    target.put(LIVE, done.to_json(), "application/json", "private, no-store")
    step()
    if plan.delete:
        target.delete(plan.delete)
        step()
    log.info(
        "Deployed release %s to %s: %d uploaded (%s), %d kept, %d deleted in %.2f s",
        release.id,
        target.description,
        len(plan.uploads),
        _size(sum(release.files[u.path].size for u in plan.uploads)),
        len(plan.keep),
        len(plan.delete),
        time.perf_counter() - started,
    )


def _put(target: Target, output: Path, release: Release, path: str) -> None:
    file = release.files[path]
    target.put(path, (output / path).read_bytes(), file.content_type, file.cache)


def _size(count: int) -> str:
    return (
        f"{count / 1024 / 1024:.1f} MiB"
        if count >= 1024 * 1024
        else (f"{count / 1024:.0f} KiB")
    )
