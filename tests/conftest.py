"""Shared fixtures: small content programmes, builds, and a served site."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, BuildResult, build
from site_builder.language import use_language

pytest_plugins = ["tests.browser", "tests.s3_server"]

REPO = Path(__file__).resolve().parent.parent
THEMES = REPO / "themes"
SAMPLE = REPO / "content"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini" / "content"

# Problem reports follow the reader's language; tests read English unless
# they ask for another, whatever the machine's LANG (commands they start too).
os.environ["SITE_BUILDER_LANG"] = "en"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    use_language("en")
    yield
    use_language("en")


class Project:
    """A throw-away copy of a content programme that a test may edit."""

    def __init__(self, root: Path, source: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        shutil.copytree(source, self.content)

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def options(
        self, as_of: date | None = date(2022, 3, 25), **more: object
    ) -> BuildOptions:
        settings: dict[str, object] = {
            "content_dir": self.content,
            "output_dir": self.output,
            "themes_dir": THEMES,
            "as_of": as_of,
        }
        settings.update(more)
        return BuildOptions(**settings)  # type: ignore[arg-type]

    def build(
        self, as_of: date | None = date(2022, 3, 25), **more: object
    ) -> BuildResult:
        return build(self.options(as_of, **more))

    def page(self, route: str) -> str:
        relative = route.lstrip("/")
        if route.endswith("/"):
            relative += "index.html"
        return (self.output / relative).read_text(encoding="utf-8")


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The small fixture programme: 2 tiers, 3 benefits, 3 shelves, 2 locales.

    Tests run in the project's folder, as editors do, so problems name
    files as ``content/...``."""
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path, MINI)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A copy of the sample programme in content/, run from its folder."""
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path, SAMPLE)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def serve() -> Iterator[partial[str]]:
    """Serve a folder over real HTTP on a free port; yields url(folder, path)."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path, path: str = "/") -> str:
        handler = partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{path}"

    yield partial(start)
    for server in servers:
        server.shutdown()
        server.server_close()
