"""Render pages on every core.

Python-Markdown and Jinja are pure Python, so one process renders on one
core. Large sites are split across worker processes forked from the build:
each inherits the planned pages and the renderer (nothing is pickled on the
way in), writes its files straight into the stage, and sends back only what
it wrote and any template problems. Every page is one file, so the output
does not depend on how the work was split.

Workers take runs of neighbouring pages as they become free. Neighbours
share cached fragments (a locale's shelves show the same cards), so a run
renders each card once; taking runs on demand keeps both cores busy to the
end even when pages cost unevenly or one core is slowed by the machine.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from site_builder.output import Stage
from site_builder.output.staging import Written
from site_builder.plan import Page
from site_builder.problems import ContentError, Place, Problem, Problems
from site_builder.render.reuse import Previous
from site_builder.render.templates import Renderer

log = logging.getLogger(__name__)

PARALLEL_FROM = 400
"""Below this many pages, starting workers costs more than it saves."""

RUNS_PER_WORKER = 32
"""How many runs each worker takes on average: enough to even out the end."""


@dataclass
class Share:
    """What one worker did: files and bytes written, problems met."""

    written: dict[str, Written] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reused: int = 0


@dataclass(frozen=True)
class Reuse:
    """An earlier build, and what each page is made from now."""

    previous: Previous
    inputs: Mapping[str, str]

    def link(self, page: Page, stage: Stage) -> bool:
        """Link the page from the earlier build if made from the same inputs."""
        path = page.output_path
        written = self.previous.reusable(path, self.inputs.get(path))
        if written is None:
            return False
        return stage.link(self.previous.folder / path, path, written)


@dataclass(frozen=True)
class _Job:
    renderer: Renderer
    pages: list[Page]
    stage: Stage
    workers: int
    reuse: Reuse | None = None


_job: _Job | None = None
"""Set in each worker by ``_adopt``; the build process never sets it."""


def render_all(
    renderer: Renderer,
    pages: list[Page],
    stage: Stage,
    workers: int | None = None,
    reuse: Reuse | None = None,
) -> None:
    """Render ``pages`` into ``stage``; raise ContentError on template errors.

    With ``reuse``, pages made from the same inputs as in the earlier build
    are linked from it instead of rendered.
    """
    started = time.perf_counter()
    count = workers or default_workers(len(pages))
    job = _Job(renderer, pages, stage, count, reuse)
    whole = range(len(pages))
    shares = [_render_run(job, whole)] if count == 1 else _in_workers(job)
    _collect(shares, stage)
    reused = sum(share.reused for share in shares)
    log.info(
        "Rendered %d pages in %.2f s (%d worker%s)%s",
        len(pages) - reused,
        time.perf_counter() - started,
        count,
        "" if count == 1 else "s",
        f"; {reused} unchanged pages kept from the last build" if reuse else "",
    )


def default_workers(pages: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return 1 if pages < PARALLEL_FROM else max(1, min(cores, 8))


def _in_workers(job: _Job) -> list[Share]:
    # Objects the workers inherit are never collected there: keeping the
    # collector off them saves its scans and the copy-on-write page faults.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        runs = _runs(len(job.pages), job.workers)
        with context.Pool(job.workers, initializer=_adopt, initargs=(job,)) as pool:
            return list(pool.imap_unordered(_render_adopted, runs))
    finally:
        gc.unfreeze()


def _adopt(job: _Job) -> None:
    global _job
    _job = job
    as_child_process()


def as_child_process() -> None:
    """Signal handling for a process forked by the build.

    A fork inherits the parent's Python signal handlers: under the preview
    server that is "stop the server loop", which would keep a worker alive
    through the SIGTERM that ends it, and the build would wait for it
    forever. Children die on SIGTERM and leave Ctrl-C and a closed terminal
    (SIGHUP) to the parent, which stops them.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _runs(pages: int, workers: int) -> list[range]:
    size = max(1, -(-pages // (workers * RUNS_PER_WORKER)))
    return [range(start, min(start + size, pages)) for start in range(0, pages, size)]


def _render_adopted(run: range) -> Share:
    assert _job is not None, "worker started without a job"
    return _render_run(_job, run)


def _render_run(job: _Job, run: range) -> Share:
    """Render the pages at the positions in ``run``."""
    share = Share()
    writer = Stage(job.stage.folder, job.stage.in_place)
    for page in job.pages[run.start : run.stop]:
        if job.reuse is not None and job.reuse.link(page, writer):
            share.reused += 1
            continue
        try:
            html = job.renderer.render(page)
        except ContentError as error:
            share.problems.extend(error.problems.errors)
            continue
        writer.write(page.output_path, html.encode("utf-8"))
        log.debug("Rendered %s", page.route)
    share.written = writer.written
    return share


def _collect(shares: list[Share], stage: Stage) -> None:
    by_place: dict[Place, Problem] = {}
    for share in shares:
        stage.written.update(share.written)
        for problem in share.problems:
            by_place.setdefault(problem.place, problem)
    if by_place:
        # One broken template line fails many pages: report it once.
        raise ContentError(Problems(sorted(by_place.values(), key=Problem.sort_key)))
