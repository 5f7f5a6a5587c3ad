"""``site-builder serve``: build, serve, watch, rebuild, reload.

Built on livereload. Its watcher polls every 0.8 s and it drops a reload
that comes within 3 s of the previous one, so a fast editor would see a
stale page. Here the watcher polls every 0.2 s and only records changes;
a rebuild starts once the files have been quiet for a moment (a burst of
saves makes one rebuild, and the last state wins), and the reload is sent
straight to the browsers when it is done.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop

from site_builder.build import BuildOptions
from site_builder.serve.app import PreviewApp
from site_builder.serve.session import Session

log = logging.getLogger(__name__)

POLL_MS = 200
QUIET_SECONDS = 0.15
"""How long files must stay unchanged before a rebuild starts."""


class PortInUse(Exception):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"port {port} on {host} is already in use; choose another with "
            f"--port, for example --port {port + 1}"
        )


@dataclass(frozen=True)
class PreviewOptions:
    build: BuildOptions = field(default_factory=BuildOptions)
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False


class _SnapshotWatcher(Watcher):  # type: ignore[misc]
    """Polls the watched folders five times a second and reports every file
    added, changed or removed since the last poll.

    livereload's own watcher stops at the first changed file and shares its
    records between folders, so a second folder looks "removed" on every
    poll; this one keeps one snapshot of all of them.
    """

    def __init__(self, on_change: Any) -> None:
        super().__init__()
        self.on_change = on_change
        self.roots: list[str] = []
        self.snapshot: dict[str, tuple[int, int]] = {}

    def watch(
        self, path: str, func: Any = None, delay: Any = 0, ignore: Any = None
    ) -> None:
        super().watch(path, func, delay, ignore)
        self.roots.append(path)
        self.snapshot = self.take()

    def start(self, callback: Any) -> bool:
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True

    def examine(self) -> tuple[str | None, Any]:
        # livereload queues a marker to reload pages 2 s after it starts, for
        # its own restarts; here it would be a reload with nothing new.
        self._changes.clear()
        now = self.take()
        changed = {
            p
            for p in now.keys() | self.snapshot.keys()
            if now.get(p) != self.snapshot.get(p)
        }
        self.snapshot = now
        if changed:
            self.on_change(sorted(changed))
        return None, None  # reloads are sent once the rebuild is done

    def take(self) -> dict[str, tuple[int, int]]:
        files: dict[str, tuple[int, int]] = {}
        for root in self.roots:
            for folder, _, names in os.walk(root):
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        info = os.stat(path)
                    except FileNotFoundError:  # removed while we looked
                        continue
                    files[path] = (info.st_mtime_ns, info.st_size)
        return files


class _Server(Server):  # type: ignore[misc]
    def __init__(self, app: PreviewApp, watcher: _SnapshotWatcher) -> None:
        super().__init__(app=app, watcher=watcher)
        self.preview = app

    def get_web_handlers(self, script: bytes) -> Any:
        self.preview.allow_inline(script)
        return super().get_web_handlers(script)

    def _setup_logging(self) -> None:
        """Our own log lines only: livereload's are for its developers, and
        tornado's access log would report every missing favicon."""
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)


class _Rebuilder:
    """Collects changes and rebuilds once they have settled."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changed: set[str] = set()
        self.last_change = 0.0
        self.scheduled = False

    def on_change(self, paths: list[str]) -> None:
        self.changed.update(paths)
        self.last_change = time.monotonic()
        if not self.scheduled:
            self.scheduled = True
            ioloop.IOLoop.current().call_later(QUIET_SECONDS, self.settle)

    def settle(self) -> None:
        quiet_for = time.monotonic() - self.last_change
        if quiet_for < QUIET_SECONDS:
            ioloop.IOLoop.current().call_later(QUIET_SECONDS - quiet_for, self.settle)
            return
        self.scheduled = False
        changed, self.changed = sorted(self.changed), set()
        reason = (
            f"{changed[0]} changed"
            if len(changed) == 1
            else (f"{len(changed)} files changed")
        )
        self.session.rebuild(reason)
        reload_browsers()


def reload_browsers() -> None:
    # Straight to the browsers: livereload's own path would drop a reload
    # within 3 s of the previous one.
    LiveReloadHandler.reload_waiters(path="/")


def serve(options: PreviewOptions) -> None:
    """Serve until Ctrl-C; raise PortInUse when the port is taken."""
    _check_port(options.host, options.port)
    session = Session(options.build)
    session.rebuild("start")
    rebuilder = _Rebuilder(session)
    watcher = _SnapshotWatcher(rebuilder.on_change)
    server = _Server(PreviewApp(session, on_rebuilt=reload_browsers), watcher)
    for folder in (options.build.content_dir, options.build.themes_dir):
        server.watch(str(folder), delay="forever")
    _stop_on_signals()
    url = f"http://{options.host}:{options.port}/"
    # Said once the loop runs, so the address answers when people read it.
    ioloop.IOLoop.current().add_callback(
        log.info,
        "Preview at %s (watching %s and %s; Ctrl-C to stop)",
        url,
        options.build.content_dir,
        options.build.themes_dir,
    )
    try:
        server.serve(
            port=options.port,
            host=options.host,
            debug=False,
            open_url_delay=0.5 if options.open_browser else None,
        )
    finally:
        session.close()
        log.info("Preview stopped")


def _stop_on_signals() -> None:
    """Ctrl-C, SIGTERM and SIGHUP (the terminal closed) stop the loop between
    two callbacks, so the preview's folder is deleted on the way out.

    Left to Python, Ctrl-C raises KeyboardInterrupt wherever the loop happens
    to be, and livereload swallows it in the bare ``except:`` around sending
    reloads; asking the loop to stop cannot be lost that way. A Ctrl-C that
    the parent chose to ignore stays ignored.
    """
    loop = ioloop.IOLoop.current()

    def stop(signum: int, frame: object) -> None:
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, stop)


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUse(host, port) from error
