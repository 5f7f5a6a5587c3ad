"""Where a site is published: S3-compatible storage, or a plain folder.

A target stores files under relative paths and can list what it holds with
each file's MD5, so a deploy can tell what is already there without
downloading anything (S3 reports a single-part object's MD5 as its ETag).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit


class Target(Protocol):
    @property
    def description(self) -> str: ...

    def listing(self) -> dict[str, str]:
        """Every stored path with its content's MD5 (hex)."""

    def put(self, path: str, data: bytes, content_type: str, cache: str) -> None: ...

    def copy(self, source: str, path: str, content_type: str, cache: str) -> None: ...

    def get(self, path: str) -> bytes | None: ...

    def delete(self, paths: list[str]) -> None: ...


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def open_target(url: str, endpoint_url: str | None, region: str | None) -> Target:
    parts = urlsplit(url)
    if parts.scheme == "s3":
        return S3Target(parts.netloc, parts.path.strip("/"), endpoint_url, region)
    if parts.scheme == "file":
        return FolderTarget(Path(parts.path))
    raise ValueError(f"expected s3://bucket/prefix or file:///folder, got {url!r}")


@dataclass
class FolderTarget:
    """A folder served by nginx or synced by rsync. Files are written next to
    their final name and renamed into place, so none is ever half-written."""

    root: Path

    @property
    def description(self) -> str:
        return f"file://{self.root}"

    def listing(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.root.is_dir():
            return found
        for folder, _, names in os.walk(self.root):
            for name in names:
                if name.startswith(".deploy-"):
                    continue
                path = Path(folder) / name
                found[path.relative_to(self.root).as_posix()] = md5(path.read_bytes())
        return found

    def put(self, path: str, data: bytes, content_type: str, cache: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".deploy-{target.name}")
        partial.write_bytes(data)
        partial.replace(target)

    def copy(self, source: str, path: str, content_type: str, cache: str) -> None:
        self.put(path, (self.root / source).read_bytes(), content_type, cache)

    def get(self, path: str) -> bytes | None:
        file = self.root / path
        return file.read_bytes() if file.is_file() else None

    def delete(self, paths: list[str]) -> None:
        for path in paths:
            (self.root / path).unlink(missing_ok=True)
        self._prune()

    def _prune(self) -> None:
        """Remove folders left empty, deepest first."""
        for folder, _, _ in sorted(os.walk(self.root), reverse=True):
            path = Path(folder)
            if path != self.root and not any(path.iterdir()):
                path.rmdir()


class S3Target:
    """An S3 bucket (AWS, MinIO, or a Chinese cloud's S3 mode). Credentials
    come from the standard AWS chain and are never printed."""

    def __init__(
        self, bucket: str, prefix: str, endpoint_url: str | None, region: str | None
    ) -> None:
        import boto3

        self.bucket = bucket
        self.prefix = f"{prefix}/" if prefix else ""
        self.client: Any = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region
        )
        self.description = f"s3://{bucket}/{prefix}"

    def listing(self) -> dict[str, str]:
        found: dict[str, str] = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                found[item["Key"][len(self.prefix) :]] = item["ETag"].strip('"')
        return found

    def put(self, path: str, data: bytes, content_type: str, cache: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self.prefix + path,
            Body=data,
            ContentType=content_type,
            CacheControl=cache,
        )

    def copy(self, source: str, path: str, content_type: str, cache: str) -> None:
        self.client.copy_object(
            Bucket=self.bucket,
            Key=self.prefix + path,
            CopySource={"Bucket": self.bucket, "Key": self.prefix + source},
            ContentType=content_type,
            CacheControl=cache,
            MetadataDirective="REPLACE",
        )

    def get(self, path: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + path)
        except self.client.exceptions.NoSuchKey:
            return None
        body: bytes = answer["Body"].read()
        return body

    def delete(self, paths: list[str]) -> None:
        for start in range(0, len(paths), 1000):  # the service's batch limit
            batch = [{"Key": self.prefix + p} for p in paths[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})
