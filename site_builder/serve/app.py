"""The preview's web application: the built site, the quota stub, the bar.

HTML responses get three changes that builds never contain: the preview
bar, and a policy that also allows livereload's inline script (by its hash)
and its WebSocket. Everything else is served exactly as built.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import mimetypes
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import escape

from site_builder.quota import SCENARIOS
from site_builder.quota.stub import Environ, StartResponse
from site_builder.serve.session import Session

PREVIEW = "/__preview__"
HERE = Path(__file__).resolve().parent
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
_BODY = re.compile(r"(<body[^>]*>)")
_INLINE = re.compile(rb"<script[^>]*>(.*?)</script>", re.DOTALL)


class PreviewApp:
    """WSGI application; ``on_rebuilt`` tells open pages to reload."""

    def __init__(self, session: Session, on_rebuilt: Callable[[], None]) -> None:
        self.session = session
        self.on_rebuilt = on_rebuilt
        self.script_hashes: list[str] = []
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True),
        )

    def allow_inline(self, script: bytes) -> None:
        """Let exactly this injected script run, by its hash, and nothing else."""
        found = _INLINE.search(script)
        if found:
            digest = hashlib.sha256(found.group(1)).digest()
            self.script_hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")

    def __call__(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "/")
        stub = self.session.stub
        if path == stub.path or path.startswith(stub.path + "/"):
            return stub(environ, start_response)
        if path.startswith(PREVIEW + "/"):
            return self._preview(path[len(PREVIEW) :], environ, start_response)
        return self._page(path, environ, start_response)

    def _page(
        self, path: str, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        file = _resolve(self.session.site_dir, path)
        wants_page = path.endswith(("/", ".html")) or file is None
        if self.session.outcome.result is None and wants_page:
            return self._send(
                start_response,
                "500 Internal Server Error",
                "text/html",
                self._error_page(environ),
            )
        if file is None:
            file = self.session.site_dir / "404.html"
            status = "404 Not Found"
        else:
            status = "200 OK"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body = file.read_bytes() if file.is_file() else b""
        if kind == "text/html":
            body = self._decorate(body.decode("utf-8"), environ).encode("utf-8")
        return self._send(start_response, status, kind, body)

    def _decorate(self, html: str, environ: Environ) -> str:
        socket = f"ws://{environ.get('HTTP_HOST', 'localhost')}"
        html = _CSP.sub(
            lambda m: m.group(1) + self._policy(m.group(2), socket) + m.group(3),
            html,
            count=1,
        )
        html = html.replace("</head>", self._head() + "</head>", 1)
        bar = self.templates.get_template("bar.html").render(state=self.state())
        return _BODY.sub(lambda m: m.group(1) + bar, html, count=1)

    def _policy(self, attribute: str, socket: str) -> str:
        policy = html.unescape(attribute)
        hashes = " ".join(self.script_hashes)
        policy = policy.replace("script-src 'self'", f"script-src 'self' {hashes}")
        policy = policy.replace("connect-src 'self'", f"connect-src 'self' {socket}")
        return str(escape(policy))

    def _head(self) -> str:
        return (
            f'<link rel="stylesheet" href="{PREVIEW}/bar.css">'
            f'<script src="{PREVIEW}/bar.js" defer></script>'
        )

    def _error_page(self, environ: Environ) -> bytes:
        outcome = self.session.outcome
        html = self.templates.get_template("error.html").render(
            problems=outcome.problems, reason=outcome.reason, state=self.state()
        )
        return self._decorate(html, environ).encode("utf-8")

    def state(self) -> dict[str, object]:
        outcome = self.session.outcome
        site = outcome.result.site if outcome.result else None
        return {
            "ok": outcome.result is not None,
            "as_of": str(outcome.result.as_of) if outcome.result else None,
            "problems": [str(p) for p in outcome.problems],
            "scenario": self.session.stub.scenario,
            "scenarios": list(SCENARIOS),
            "tiers": list(site.tiers) if site else [],
            "quota_path": self.session.stub.path,
        }

    def _preview(
        self, name: str, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        if name in ("/bar.js", "/bar.css", "/theme.css"):
            return self._asset(name, start_response)
        if name == "/as-of" and environ.get("REQUEST_METHOD") == "POST":
            return self._set_date(environ, start_response)
        if name == "/state":
            return self._send(
                start_response,
                "200 OK",
                "application/json",
                json.dumps(self.state()).encode(),
            )
        return self._send(start_response, "404 Not Found", "text/plain", b"not found")

    def _asset(self, name: str, start_response: StartResponse) -> Iterable[bytes]:
        if name == "/theme.css":
            file = self.session.theme_dir / "static" / "app.css"
        else:
            file = HERE / "static" / name.lstrip("/")
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return self._send(start_response, "200 OK", kind, file.read_bytes())

    def _set_date(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        text = parse_qs(environ.get("QUERY_STRING", "")).get("date", [""])[0]
        try:
            day = date.fromisoformat(text)
        except ValueError:
            message = json.dumps({"error": f"expected a date YYYY-MM-DD, got {text!r}"})
            return self._send(
                start_response, "400 Bad Request", "application/json", message.encode()
            )
        self.session.rebuild(f"preview as of {day}", as_of=day)
        self.on_rebuilt()
        return self._send(
            start_response,
            "200 OK",
            "application/json",
            json.dumps(self.state()).encode(),
        )

    def _send(
        self, start_response: StartResponse, status: str, kind: str, body: bytes
    ) -> Iterable[bytes]:
        if kind.startswith("text/") or kind == "application/json":
            kind += "; charset=utf-8"
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]


def _resolve(folder: Path, path: str) -> Path | None:
    """The built file for a URL path, or None; never outside ``folder``."""
    relative = path.lstrip("/")
    target = (folder / relative).resolve()
    if path.endswith("/"):
        target = target / "index.html"
    root = folder.resolve()
    if root not in target.parents and target != root:
        return None
    return target if target.is_file() else None
