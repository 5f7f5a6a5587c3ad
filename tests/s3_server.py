"""A real S3 HTTP server (moto_server) in its own process, for deploy tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest


@dataclass
class S3:
    endpoint: str
    log: Path

    def client(self, service: str = "s3") -> Any:
        make: Any = boto3.client  # the service is chosen at run time
        return make(service, endpoint_url=self.endpoint, region_name="us-east-1")

    def bucket(self) -> str:
        name = f"site-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name


@pytest.fixture(scope="session")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3]:
    """Fails, never skips, when moto_server cannot start: CI must run these."""
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        os.environ.setdefault(name, value)
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    executable = shutil.which("moto_server") or str(
        Path(__import__("sys").executable).with_name("moto_server")
    )
    with log.open("w") as sink:
        process = subprocess.Popen(
            [executable, "-H", "127.0.0.1", "-p", "0"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        yield S3(_wait_for_address(log, process), log)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_address(log: Path, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Running on (http://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise RuntimeError(f"moto_server stopped: {log.read_text()}")
        time.sleep(0.05)  # polling the log for the address, not waiting on a race
    raise RuntimeError("moto_server did not start within 60 s")
