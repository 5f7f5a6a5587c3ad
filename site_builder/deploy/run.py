"""``site-builder deploy``: plan, then apply, then tell the CDN."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from site_builder.deploy.apply import apply
from site_builder.deploy.cdn import invalidate_cloudfront, run_hook
from site_builder.deploy.plan import DeployError, Plan, local_release, make_plan
from site_builder.deploy.progress import Progress
from site_builder.deploy.targets import open_target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeployOptions:
    output_dir: Path
    to: str
    endpoint_url: str | None = None
    region: str | None = None
    retain: int = 3
    max_deletes: int | None = None
    dry_run: bool = False
    cloudfront: str | None = None
    cdn_hook: str | None = None
    now: datetime | None = None
    """When the deploy happens; pages' cache lifetimes are counted from it."""


def deploy(options: DeployOptions, step: Callable[[], None] | None = None) -> Plan:
    """Plan the deploy and, unless it is a dry run, apply it."""
    if not (options.output_dir / ".manifest.json").is_file():
        raise DeployError(
            f"{options.output_dir}/ holds no build; run 'site-builder build' first"
        )
    target = open_target(options.to, options.endpoint_url, options.region)
    now = options.now or datetime.now(UTC)
    release = local_release(options.output_dir, now, _git_commit())
    plan = make_plan(release, target, options.retain)
    _describe(plan, target.description)
    if options.max_deletes is not None and len(plan.delete) > options.max_deletes:
        raise DeployError(
            f"the deploy would delete {len(plan.delete)} files, more than "
            f"--max-deletes {options.max_deletes}; nothing was changed"
        )
    if options.dry_run:
        log.info("Dry run: nothing was changed")
        return plan
    changes = len(plan.objects) + len(plan.uploads) + 3 + (1 if plan.delete else 0)
    apply(plan, target, options.output_dir, step or Progress(changes))
    tell_cdn(options, plan.invalidate)
    return plan


def tell_cdn(options: DeployOptions, paths: list[str]) -> None:
    if options.cloudfront:
        invalidate_cloudfront(options.cloudfront, paths, options.endpoint_url)
    if options.cdn_hook:
        run_hook(options.cdn_hook, paths)


def plan_json(plan: Plan) -> str:
    return json.dumps(plan.summary(), indent=1, sort_keys=True)


def _describe(plan: Plan, where: str) -> None:
    new = sum(1 for u in plan.uploads if u.reason == "new")
    log.info(
        "Plan for %s (release %s, live now %s): upload %d (%d new, %d changed), "
        "keep %d, delete %d",
        where,
        plan.release.id,
        plan.live.live or "nothing",
        len(plan.uploads),
        new,
        len(plan.uploads) - new,
        len(plan.keep),
        len(plan.delete),
    )
    for upload in plan.uploads:
        log.debug("  upload %s (%s)", upload.path, upload.reason)
    for path in plan.delete:
        log.debug("  delete %s", path)


def _git_commit() -> str | None:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None
