"""`site-builder serve` as a real subprocess on a free port, for tests."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import websocket

from tests.conftest import THEMES


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Preview:
    """A running preview server, its log lines and a livereload client."""

    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, fragment: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.log.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r}; saw {self.log}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=20) as response:
                return int(response.status), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def post(self, path: str) -> tuple[int, dict[str, object]]:
        request = urllib.request.Request(self.base + path, data=b"", method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    @contextmanager
    def browser_socket(self) -> Iterator[websocket.WebSocket]:
        """A livereload client: registered once it has said hello and info."""
        client = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/livereload", timeout=20
        )
        try:
            client.send(
                json.dumps(
                    {
                        "command": "hello",
                        "protocols": ["http://livereload.com/protocols/official-7"],
                    }
                )
            )
            assert json.loads(client.recv())["command"] == "hello"
            client.send(
                json.dumps(
                    {"command": "info", "plugins": {}, "url": self.base + "/en/"}
                )
            )
            yield client
        finally:
            client.close()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            unread = []
            while not self.lines.empty():
                unread.append(self.lines.get())
            raise AssertionError(
                f"Ctrl-C did not stop the preview: {self.log + unread}"
            ) from None


@contextmanager
def preview(content: Path, *args: str, temp: Path | None = None) -> Iterator[Preview]:
    """``temp``: the folder the preview keeps its builds in (TMPDIR)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "site_builder",
        "serve",
        "--content",
        content.name,  # run beside it, as an editor would
        "--themes",
        str(THEMES),
        "--port",
        str(port),
        *args,
    ]
    process = subprocess.Popen(
        command,
        cwd=content.parent,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)} if temp else None,
    )
    server = Preview(process, port)
    try:
        server.wait_for_line("Preview at ")
        yield server
    finally:
        server.stop()
