"""Preview latency: from saving a benefit to the browser showing the change.

Usage::

    python benchmarks/preview_latency.py [--benefits N] [--edits N]

Starts ``site-builder serve`` as editors do, connects a livereload client
over WebSocket, then edits one benefit's title again and again. For each
save it times the reload message and the moment the page, fetched over
HTTP, shows the new title. ``--benefits 0`` (the default) uses the sample
programme in content/; any other number a synthetic programme of that
size (see synthetic.py). Prints every edit and the medians.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benefits", type=int, default=0)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="site-builder-latency-") as workdir:
        root = Path(workdir)
        benefit, as_of = _programme(root / "content", args.benefits)
        return _measure(root, benefit, as_of, args.edits)


def _programme(content: Path, benefits: int) -> tuple[str, str]:
    """Write the programme; return the benefit to edit and the day to show."""
    if benefits == 0:
        shutil.copytree(REPO / "content", content)
        return "eco-tissue", "2022-03-25"
    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import generate

    generate(content, benefits=benefits)
    first = sorted((content / "benefits").glob("*.yaml"))[0].stem
    return first, "2022-06-01"


def _measure(root: Path, benefit: str, as_of: str, edits: int) -> int:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "site_builder",
            "serve",
            "--content",
            "content",
            "--themes",
            str(REPO / "themes"),
            "--port",
            str(port),
            "--as-of",
            as_of,
        ],
        cwd=root,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(server, "Preview at ")
        client = _livereload(port)
        file = root / "content" / "benefits" / f"{benefit}.yaml"
        original = file.read_text("utf-8")
        reloads, shown = [], []
        for n in range(1, edits + 1):
            marker = f"latency probe {n}"
            started = time.perf_counter()
            file.write_text(_retitled(original, marker), "utf-8")
            message = json.loads(client.recv())
            assert message["command"] == "reload", message
            reloads.append(time.perf_counter() - started)
            page = _fetch(f"http://127.0.0.1:{port}/en/benefits/{benefit}/")
            if marker not in page:
                server.send_signal(signal.SIGINT)
                server.wait()
                assert server.stderr is not None
                print(server.stderr.read())
                raise AssertionError(f"edit {n} not shown")
            shown.append(time.perf_counter() - started)
            print(
                f"edit {n:2}: reload sent after {reloads[-1]:.2f} s, "
                f"page shows it after {shown[-1]:.2f} s"
            )
        client.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    print(
        f"\nmedian over {edits} edits: reload {statistics.median(reloads):.2f} s, "
        f"page shows the change {statistics.median(shown):.2f} s"
    )
    return 0


def _retitled(yaml_text: str, marker: str) -> str:
    lines = yaml_text.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("en:"):
            lines[index] = f"{line.split('en:')[0]}en: {marker}"
            break
    return "\n".join(lines) + "\n"


def _wait_for(server: subprocess.Popen[str], fragment: str) -> None:
    assert server.stderr is not None
    for line in server.stderr:
        if fragment in line:
            return
    raise RuntimeError(f"the preview stopped before saying {fragment!r}")


def _livereload(port: int) -> websocket.WebSocket:
    client = websocket.create_connection(
        f"ws://127.0.0.1:{port}/livereload", timeout=120
    )
    client.send(json.dumps({"command": "hello"}))
    client.recv()
    client.send(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    return client


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return str(response.read().decode("utf-8"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    sys.exit(main())
