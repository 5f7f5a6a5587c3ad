"""The build, start to finish: content in, a complete site out."""

from __future__ import annotations

import logging
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from site_builder.assets import Assets, collect_assets
from site_builder.content import load_content
from site_builder.i18n import load_catalogs
from site_builder.memory import Memory
from site_builder.model import Completeness, Site, read_site
from site_builder.output import Stage, robots_txt, sitemap_xml, staged, updated
from site_builder.output.manifest import MANIFEST_NAME, manifest_json
from site_builder.output.staging import check_replaceable
from site_builder.plan import Page, plan_pages
from site_builder.plan.shelves import earliest
from site_builder.problems import ContentError, Problem, Problems
from site_builder.render import Renderer
from site_builder.render.ahead import markdown_ahead
from site_builder.render.pool import Reuse, render_all
from site_builder.render.reuse import Previous, page_inputs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    themes_dir: Path = Path("themes")
    as_of: date | None = None
    """Build the site as it looks on this day; default: today in the site's zone."""
    strict: bool = False
    workers: int | None = None
    """Processes that render pages; default: one per core for large sites."""
    memory: Memory | None = None
    """What the last build of a long-running process (the preview) left."""


@dataclass(frozen=True)
class BuildResult:
    as_of: date
    pages: int
    locales: int
    files: int
    bytes: int
    seconds: float
    output_dir: Path
    warnings: list[Problem] = field(default_factory=list)
    site: Site | None = None
    """The validated site the pages were built from."""


def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    problems = Problems()

    # Markdown starts on the idle core while this one loads and checks.
    memory = options.memory
    reusing = memory is not None and memory.pages is not None
    with markdown_ahead(options.content_dir, options.workers, reusing) as ahead:
        # Load and validate everything first: invalid content writes nothing.
        site, _ = load_site(options, problems)
        as_of = options.as_of or today_in(site)
        renderer = prepare_theme(site, problems)
        stop_on_problems(problems, options.strict)

        # Decide which pages exist on the day the site is built for.
        pages = plan_pages(site, as_of)
        log.info(
            "Planned %d pages as of %s (%s)", len(pages), as_of, site.config.timezone
        )
        ahead.hand_over(renderer)

    # Render into a fresh folder and swap it in only when it is complete
    # (the preview rewrites changed pages where they are: see output_stage).
    inputs = page_inputs(site, pages, as_of, renderer.assets)
    earlier = memory.pages if memory else None
    reuse = Reuse(earlier, inputs) if earlier else None
    with output_stage(options, earlier) as stage:
        write_assets(stage, renderer.assets)
        render_all(renderer, pages, stage, options.workers, reuse)
        write_indexes(stage, renderer, pages)
        write_manifest(stage, pages, as_of, site.config.timezone)
    log.info(
        "Wrote %d files (%s) to %s",
        stage.files,
        _size(stage.total_bytes),
        options.output_dir,
    )
    if memory is not None:
        memory.pages = Previous(options.output_dir.absolute(), inputs, stage.written)

    return BuildResult(
        as_of,
        len(pages),
        len(site.locales),
        stage.files,
        stage.total_bytes,
        time.perf_counter() - started,
        options.output_dir,
        problems.warnings,
        site,
    )


def output_stage(
    options: BuildOptions, earlier: Previous | None
) -> AbstractContextManager[Stage]:
    """Where the build writes: a fresh folder swapped in whole; for the
    preview, after a first good build, the folder it serves (see staging)."""
    check_replaceable(options.output_dir, MANIFEST_NAME)
    memory = options.memory
    if memory is None:
        return staged(options.output_dir)
    # Until this build succeeds, the folder cannot be trusted to hold the
    # pages ``earlier`` describes.
    memory.pages = None
    if earlier is not None and earlier.folder == options.output_dir.absolute():
        return updated(options.output_dir, earlier.written)
    return staged(options.output_dir, memory.discard)


def load_site(options: BuildOptions, problems: Problems) -> tuple[Site, Completeness]:
    """Read and check all content; raise ContentError listing every error."""
    started = time.perf_counter()
    cache = options.memory.documents if options.memory else None
    documents = load_content(options.content_dir, problems, cache)
    site, completeness = read_site(
        documents, options.content_dir, options.themes_dir, problems
    )
    if site is None or problems.errors:
        raise ContentError(problems)
    log.info(
        "Loaded %d content files in %.2f s: %d tiers, %d benefits, %d shelves, "
        "%d locales",
        len(documents),
        time.perf_counter() - started,
        len(site.tiers),
        len(site.benefits),
        len(site.shelves),
        len(site.locales),
    )
    return site, completeness


def prepare_theme(site: Site, problems: Problems) -> Renderer:
    """Compile the catalogues, fingerprint the assets and check the templates."""
    catalogs = load_catalogs(site.theme_dir, site.locales, problems)
    renderer = Renderer(site, collect_assets(site), catalogs)
    renderer.check_templates(problems)
    return renderer


def stop_on_problems(problems: Problems, strict: bool) -> None:
    """Raise on errors (and on warnings when strict); else log the warnings."""
    if problems.errors or (strict and problems.warnings):
        raise ContentError(problems, strict=strict)
    for warning in problems.warnings:
        log.warning("%s", warning)


def today_in(site: Site, now: datetime | None = None) -> date:
    """Today in the site's time zone, which is not the build machine's."""
    moment = now or datetime.now(site.zone)
    return moment.astimezone(site.zone).date()


def write_assets(stage: Stage, assets: Assets) -> None:
    for asset in sorted(assets.by_name.values(), key=lambda a: a.path):
        stage.write(asset.path, asset.data)


def write_manifest(stage: Stage, pages: list[Page], as_of: date, timezone: str) -> None:
    text = manifest_json(dict(stage.written), pages, as_of, timezone)
    stage.write(MANIFEST_NAME, text.encode("utf-8"))
    next_change = earliest(page.changes_on for page in pages)
    if next_change is not None:
        log.info(
            "The site next changes by itself on %s: build again that day", next_change
        )


def write_indexes(stage: Stage, renderer: Renderer, pages: list[Page]) -> None:
    sitemap = sitemap_xml(pages, renderer.absolute_url, renderer.site.default_locale)
    stage.write("sitemap.xml", sitemap.encode("utf-8"))
    robots = robots_txt(renderer.absolute_url("/sitemap.xml"))
    stage.write("robots.txt", robots.encode("utf-8"))


def _size(count: int) -> str:
    return (
        f"{count / 1024 / 1024:.1f} MiB"
        if count >= 1024 * 1024
        else (f"{count / 1024:.0f} KiB")
    )
