"""Markdown rendered ahead, on the core that loading leaves idle.

Loading, checking and planning the content run in one process, so on a
two-core machine one core waits for a second or more before the page
workers start; and Markdown is the largest single cost of rendering. A
process forked at the start of the build reads the benefit files on its
own, renders their Markdown until the build is ready to render pages, and
hands over what it has done. The workers then find those bodies already
rendered.

What it hands over is keyed by the Markdown source and made by the same
renderer with the same link schemes, so a body that changed in between,
or was never valid, is simply rendered again later: the output cannot
depend on how far the helper got.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from site_builder.content.files import Kind, collection_paths, load_site_file
from site_builder.content.yamlpos import parse
from site_builder.model.documents import MARKDOWN_FIELDS
from site_builder.problems import Problems
from site_builder.render.markup import MarkdownRenderer
from site_builder.render.pool import as_child_process
from site_builder.render.templates import Renderer

log = logging.getLogger(__name__)

AHEAD_FROM = 100
"""Below this many benefit files, forking costs more than it saves."""

HANDOVER_SECONDS = 2.0
"""How long the build waits for the helper to hand over once asked."""

Rendered = dict[str, str]
"""Markdown source -> sanitised HTML."""


class MarkdownAhead:
    """A helper process rendering benefit Markdown while the build loads."""

    def __init__(self, content_dir: Path) -> None:
        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_render_ahead,
            args=(content_dir, self._stop, sender),
            name="markdown-ahead",
            daemon=True,
        )
        self._process.start()
        sender.close()

    def finish(self, renderer: MarkdownRenderer) -> Rendered:
        """Stop the helper and take what it rendered with ``renderer``'s settings."""
        self._stop.set()
        schemes, rendered = None, {}
        try:
            # It stops between two texts; one that takes Python-Markdown
            # unusually long is not worth waiting for.
            if self._results.poll(HANDOVER_SECONDS):
                schemes, rendered = self._results.recv()
        except (EOFError, OSError):
            pass
        self.close()
        if schemes != renderer.schemes:
            return {}
        log.debug("%d Markdown texts were rendered ahead", len(rendered))
        return dict(rendered)

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._results.close()


@dataclass(frozen=True)
class Handover:
    """What the build holds while it loads: a helper, or nothing to wait for."""

    helper: MarkdownAhead | None

    def hand_over(self, renderer: Renderer) -> None:
        """Give ``renderer`` what the helper rendered; it stops here."""
        if self.helper is not None:
            renderer.adopt_markdown(self.helper.finish(renderer.markdown))


@contextmanager
def markdown_ahead(
    content_dir: Path, workers: int | None, reusing: bool = False
) -> Iterator[Handover]:
    """Render Markdown on another core for as long as the ``with`` body runs.

    Only for a programme large enough to repay the fork, built on more than
    one core, and not when most pages will be kept from an earlier build.
    The helper is stopped when the body ends, however it ends.
    """
    helper = None if reusing else start_ahead(content_dir, workers)
    try:
        yield Handover(helper)
    finally:
        if helper is not None:
            helper.close()


def start_ahead(content_dir: Path, workers: int | None) -> MarkdownAhead | None:
    """A helper for a large programme built on several cores, else None."""
    if workers == 1:
        return None
    benefits = collection_paths(content_dir, Kind.BENEFIT)
    return MarkdownAhead(content_dir) if len(benefits) >= AHEAD_FROM else None


def render_ahead(
    content_dir: Path, should_stop: Callable[[], bool]
) -> tuple[set[str], Rendered]:
    """Render benefits' Markdown in file order until told to stop.

    Returns the link schemes used and what was rendered. Nothing here is
    validated: a file that does not parse is skipped, and a text that fails
    to render is left for the build, which reports it properly.
    """
    renderer = MarkdownRenderer(_app_schemes(content_dir))
    rendered: Rendered = {}
    for source in _markdown_texts(content_dir):
        if should_stop():
            break
        if source in rendered:
            continue
        try:
            rendered[source] = str(renderer.render(source))
        except Exception:  # the build renders it again, and reports it
            continue
    return renderer.schemes, rendered


def _render_ahead(content_dir: Path, stop: Event, sender: Connection) -> None:
    as_child_process()
    sender.send(render_ahead(content_dir, stop.is_set))
    sender.close()


def _app_schemes(content_dir: Path) -> tuple[str, ...]:
    document = load_site_file(content_dir, Problems())
    data = document.data if document else None
    schemes = data.get("app_schemes") if isinstance(data, dict) else None
    if isinstance(schemes, list) and all(isinstance(s, str) for s in schemes):
        return tuple(schemes)
    return ()


def _markdown_texts(content_dir: Path) -> Iterator[str]:
    """Every Markdown text of every benefit file, in any locale, in file order."""
    for path in collection_paths(content_dir, Kind.BENEFIT):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        data, _ = parse(text, path.name, Problems())
        for field in MARKDOWN_FIELDS:
            yield from _strings(_dig(data, field))


def _dig(data: Any, field: tuple[str, ...]) -> Any:
    for key in field:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from (text for text in value.values() if isinstance(text, str))
