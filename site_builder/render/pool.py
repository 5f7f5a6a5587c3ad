"""Render pages on every core.

Python-Markdown and Jinja are pure Python, so one process renders on one
core. Large sites are split across worker processes forked from the build:
each inherits the planned pages and the renderer (nothing is pickled on the
way in), writes its share of files straight into the stage, and sends back
only counts and any template problems. Every page is one file, so the
output does not depend on how the work was split.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass, field

from site_builder.output import Stage
from site_builder.output.staging import Written
from site_builder.plan import Page
from site_builder.problems import ContentError, Place, Problem, Problems
from site_builder.render.templates import Renderer

log = logging.getLogger(__name__)

PARALLEL_FROM = 400
"""Below this many pages, starting workers costs more than it saves."""


@dataclass
class Share:
    """What one worker did: files and bytes written, problems met."""

    written: dict[str, Written] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    renderer: Renderer
    pages: list[Page]
    stage: Stage
    workers: int


_job: _Job | None = None
"""Set in each worker by ``_adopt``; the build process never sets it."""


def render_all(
    renderer: Renderer, pages: list[Page], stage: Stage, workers: int | None = None
) -> None:
    """Render ``pages`` into ``stage``; raise ContentError on template errors."""
    started = time.perf_counter()
    count = workers or default_workers(len(pages))
    job = _Job(renderer, pages, stage, count)
    shares = [_render_share(job, 0)] if count == 1 else _in_workers(job)
    _collect(shares, stage)
    elapsed = time.perf_counter() - started
    log.info(
        "Rendered %d pages in %.2f s (%d worker%s)",
        len(pages),
        elapsed,
        count,
        "" if count == 1 else "s",
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
        with context.Pool(job.workers, initializer=_adopt, initargs=(job,)) as pool:
            return pool.map(_render_adopted, range(job.workers))
    finally:
        gc.unfreeze()


def _adopt(job: _Job) -> None:
    global _job
    _job = job


def _render_adopted(index: int) -> Share:
    assert _job is not None, "worker started without a job"
    return _render_share(_job, index)


def _render_share(job: _Job, index: int) -> Share:
    """Render every ``workers``-th page, starting at ``index``."""
    share = Share()
    writer = Stage(job.stage.folder)
    for page in job.pages[index :: job.workers]:
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
