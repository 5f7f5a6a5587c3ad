"""A built site and the quota stub behind one real HTTP server, as in preview."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from site_builder.quota import QuotaStub
from site_builder.quota.stub import Environ, StartResponse


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


class SiteWithStub:
    """Serves ``folder`` and mounts ``stub`` at its path, like a CDN would."""

    def __init__(self, folder: Path, stub: QuotaStub) -> None:
        self.folder = folder
        self.stub = stub

    def __call__(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "/")
        if path == self.stub.path or path.startswith(self.stub.path + "/"):
            return self.stub(environ, start_response)
        file = self.folder / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file() or ".." in Path(path).parts:
            file, status = self.folder / "404.html", "404 Not Found"
        else:
            status = "200 OK"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json", "xml")):
            kind += "; charset=utf-8"
        body = file.read_bytes()
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-cache"),
            ],
        )
        return [body]


@contextmanager
def serving(folder: Path, stub: QuotaStub) -> Iterator[str]:
    """Yield the base URL of a server on a free port; stop it afterwards."""
    server = make_server(
        "127.0.0.1",
        0,
        SiteWithStub(folder, stub),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
