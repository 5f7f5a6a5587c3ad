"""Tell the CDN which URLs changed: CloudFront, or any CDN through a hook."""

from __future__ import annotations

import logging
import subprocess
import time
from typing import Any

log = logging.getLogger(__name__)

BATCH = 1000
"""Paths per CloudFront invalidation; never a blanket /*."""


class CdnError(Exception):
    """The release is live, but the CDN could not be told what changed."""

    def __init__(self, reason: str, paths: list[str]) -> None:
        super().__init__(
            f"{reason}; the new release is live, but the CDN may serve the "
            f"old copies of these {len(paths)} paths until they expire or you "
            "invalidate them yourself:\n" + "\n".join(paths)
        )
        self.paths = paths


def invalidate_cloudfront(
    distribution: str,
    paths: list[str],
    endpoint_url: str | None = None,
    client: Any = None,
) -> list[str]:
    """Create one invalidation per batch of paths; return their ids."""
    if not paths:
        return []
    from botocore.exceptions import BotoCoreError, ClientError  # only for deploys

    if client is None:
        import boto3

        client = boto3.client("cloudfront", endpoint_url=endpoint_url)
    try:
        ids = _invalidate(client, distribution, paths)
    except (BotoCoreError, ClientError) as error:
        raise CdnError(
            f"CloudFront refused the invalidation ({error})", paths
        ) from error
    log.info("Asked CloudFront %s to forget %d paths", distribution, len(paths))
    return ids


def _invalidate(client: Any, distribution: str, paths: list[str]) -> list[str]:
    ids = []
    for start in range(0, len(paths), BATCH):
        batch = sorted(paths)[start : start + BATCH]
        answer = client.create_invalidation(
            DistributionId=distribution,
            InvalidationBatch={
                "Paths": {"Quantity": len(batch), "Items": batch},
                "CallerReference": f"site-builder-{time.time_ns()}-{start}",
            },
        )
        ids.append(answer["Invalidation"]["Id"])
    return ids


def run_hook(command: str, paths: list[str]) -> None:
    """Run the operator's command with the changed paths on standard input,
    one per line, for CDNs other than CloudFront."""
    if not paths:
        return
    done = subprocess.run(
        command, shell=True, input="".join(p + "\n" for p in paths), text=True
    )
    if done.returncode != 0:
        raise CdnError(f"the CDN hook exited with {done.returncode}", paths)
    log.info("CDN hook told of %d paths", len(paths))
