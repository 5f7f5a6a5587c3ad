"""The ``site-builder`` command: build, check, serve and deploy.

Exit codes: 0 success, 1 content errors (each printed as
``path:line:col: field: message``), 2 usage errors.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from site_builder import __version__, logs
from site_builder.build import (
    BuildOptions,
    build,
    load_site,
    prepare_theme,
    stop_on_problems,
)
from site_builder.content.files import load_site_file
from site_builder.deploy import DeployOptions, deploy
from site_builder.deploy.cdn import CdnError
from site_builder.deploy.plan import DeployError, Live
from site_builder.deploy.rollback import releases, rollback
from site_builder.deploy.run import plan_json, tell_cdn
from site_builder.deploy.targets import open_target
from site_builder.language import say, say_plural, use_language
from site_builder.model import Completeness
from site_builder.model.documents import DeploySettings, SiteConfig
from site_builder.model.schema import check_document
from site_builder.output.staging import OutputRefused
from site_builder.problems import ContentError, Problems

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _common(function: F) -> F:
    options = [
        click.option(
            "--content",
            "content_dir",
            type=click.Path(path_type=Path),
            default=Path("content"),
            show_default=True,
            help="Folder holding site.yaml, tiers/, benefits/, shelves/.",
        ),
        click.option(
            "--themes",
            "themes_dir",
            type=click.Path(path_type=Path),
            default=Path("themes"),
            show_default=True,
            help="Folder holding the themes.",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Fail when there are warnings, such as missing translations.",
        ),
        click.option(
            "-v", "--verbose", is_flag=True, help="Log every file, and show tracebacks."
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="Log warnings and errors only."
        ),
        click.option(
            "--lang",
            metavar="LANG",
            expose_value=False,
            callback=_use_language,
            help="Language of problem reports: en or zh-CN. Default: "
            "SITE_BUILDER_LANG, else the system's (LANG).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="site-builder")
def cli() -> None:
    """Build the customer-benefits portal from the YAML under content/."""
    use_language(None)


def _use_language(context: click.Context, parameter: object, value: str | None) -> None:
    if value is not None:
        use_language(value)


@cli.command("build")
@_common
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder the site is written to; replaced whole on success.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Build the site as it will look on this day (YYYY-MM-DD).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes rendering pages. Default: one per core for large sites; "
    "1 keeps the whole build on one core.",
)
def build_command(
    content_dir: Path,
    themes_dir: Path,
    output_dir: Path,
    as_of: datetime | None,
    workers: int | None,
    strict: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Turn content/ into a complete static site in output/."""
    logs.configure(verbose, quiet)
    day = as_of.date() if as_of else None
    options = BuildOptions(content_dir, output_dir, themes_dir, day, strict, workers)
    consequence = say("{folder}/ was left as it was", folder=output_dir)
    with _reporting(verbose, consequence):
        result = build(options)
    warnings = len(result.warnings)
    log.info(
        "Built %d pages in %d locales as of %s with %d warning%s in %.2f s -> %s/",
        result.pages,
        result.locales,
        result.as_of,
        warnings,
        "" if warnings == 1 else "s",
        result.seconds,
        result.output_dir,
    )


@cli.command("check")
@_common
def check_command(
    content_dir: Path, themes_dir: Path, strict: bool, verbose: bool, quiet: bool
) -> None:
    """Validate content, templates and translations; write nothing."""
    logs.configure(verbose, quiet)
    options = BuildOptions(content_dir=content_dir, themes_dir=themes_dir)
    problems = Problems()
    with _reporting(verbose, say("nothing was written")):
        site, completeness = load_site(options, problems)
        renderer = prepare_theme(site, problems)
        stop_on_problems(problems, strict)
    _report_translations(site.locales, completeness, renderer.catalogs.untranslated)
    warnings = len(problems.warnings)
    log.info(
        "%s",
        say_plural(
            "Content is valid, with {count} warning",
            "Content is valid, with {count} warnings",
            warnings,
        ),
    )


@cli.command("serve")
@_common
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 to preview on a phone.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open a browser tab.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Preview the site as it will look on this day (YYYY-MM-DD).",
)
def serve_command(
    content_dir: Path,
    themes_dir: Path,
    strict: bool,
    verbose: bool,
    quiet: bool,
    host: str,
    port: int,
    open_browser: bool,
    as_of: datetime | None,
) -> None:
    """Preview with live reload and a local quota API; never stops on a typo."""
    # Imported here: builds in CI should not load the web server (0.05 s).
    from site_builder.serve import PreviewOptions, serve
    from site_builder.serve.server import PortInUse

    logs.configure(verbose, quiet)
    if not verbose:
        # One line per rebuild from the preview, not the build's milestones.
        logging.getLogger("site_builder").setLevel(logging.WARNING)
        logging.getLogger("site_builder.serve").setLevel(logging.INFO)
    build_options = BuildOptions(
        content_dir, Path("unused"), themes_dir, as_of.date() if as_of else None, strict
    )
    try:
        serve(PreviewOptions(build_options, host, port, open_browser))
    except PortInUse as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


@cli.command("deploy")
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The build to publish.",
)
@click.option(
    "--to",
    "to",
    required=False,
    help="s3://bucket/prefix or file:///folder (or deploy.to in site.yaml).",
)
@click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Where site.yaml's deploy settings are read from.",
)
@click.option("--endpoint-url", help="S3 endpoint for MinIO or a Chinese cloud.")
@click.option("--region", help="S3 region.")
@click.option(
    "--retain",
    type=click.IntRange(1),
    default=None,
    help="Releases to keep for rollback and cached pages (default 3).",
)
@click.option(
    "--max-deletes",
    type=click.IntRange(0),
    default=None,
    help="Abort when the deploy would delete more files than this.",
)
@click.option("--dry-run", is_flag=True, help="Print the plan; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option("--list", "list_releases", is_flag=True, help="List kept releases.")
@click.option(
    "--rollback",
    "rollback_to",
    is_flag=False,
    flag_value="",
    default=None,
    help="Make RELEASE (default: the previous) live again.",
)
@click.option("--cloudfront-distribution", "cloudfront", help="Invalidate here.")
@click.option("--cdn-hook", help="Command that gets the changed paths on stdin.")
@click.option("-v", "--verbose", is_flag=True, help="List every file in the plan.")
def deploy_command(
    output_dir: Path,
    to: str | None,
    content_dir: Path,
    endpoint_url: str | None,
    region: str | None,
    retain: int | None,
    max_deletes: int | None,
    dry_run: bool,
    as_json: bool,
    list_releases: bool,
    rollback_to: str | None,
    cloudfront: str | None,
    cdn_hook: str | None,
    verbose: bool,
) -> None:
    """Publish output/ to object storage or a folder, and tell the CDN."""
    logs.configure(verbose, quiet=as_json)
    with _reporting(verbose, "nothing was published"):
        settings = deploy_settings(content_dir)
    destination = to or settings.to
    if not destination:
        raise click.UsageError(
            "say where to deploy: --to s3://bucket/prefix, or deploy.to in site.yaml"
        )
    options = DeployOptions(
        output_dir,
        destination,
        endpoint_url or settings.endpoint_url,
        region or settings.region,
        retain or settings.retain,
        max_deletes if max_deletes is not None else settings.max_deletes,
        dry_run,
        cloudfront or settings.cloudfront_distribution,
        cdn_hook or settings.cdn_hook,
    )
    try:
        if list_releases:
            _print_releases(options)
        elif rollback_to is not None:
            target = open_target(options.to, options.endpoint_url, options.region)
            tell_cdn(options, rollback(target, rollback_to or None))
        else:
            plan = deploy(options)
            if as_json:
                click.echo(plan_json(plan))
    except (DeployError, CdnError) as error:
        click.echo(f"Failed: {error}", err=True)
        sys.exit(1)


def _print_releases(options: DeployOptions) -> None:
    target = open_target(options.to, options.endpoint_url, options.region)
    live = Live.read(target)
    for release in releases(target):
        mark = "live" if release.id == live.live else "    "
        click.echo(
            f"{mark} {release.id}  {release.time}  {len(release.files)} files"
            f"  commit {release.commit or '-'}"
        )


def deploy_settings(content_dir: Path) -> DeploySettings:
    """The ``deploy`` block of site.yaml, checked like any content; defaults
    when there is no site.yaml or no block."""
    if not (content_dir / "site.yaml").is_file():
        return DeploySettings()
    problems = Problems()
    document = load_site_file(content_dir, problems)
    config = check_document(document, SiteConfig, problems) if document else None
    if problems.errors:
        raise ContentError(problems)
    return config.deploy if config and config.deploy else DeploySettings()


def _report_translations(
    locales: tuple[str, ...], content: Completeness, theme: dict[str, list[str]]
) -> None:
    log.info("%s", say("Translation completeness:"))
    for locale in locales:
        missing = theme.get(locale, [])
        texts = say(
            "content {percent:5.1f}% ({present} of {total} texts)",
            percent=content.percent(locale),
            present=content.present[locale],
            total=content.total[locale],
        )
        words = (
            say("complete")
            if not missing
            else say("{count} untranslated", count=len(missing))
        )
        log.info("  %-6s %s   %s", locale, texts, say("theme: {state}", state=words))
        for text in missing:
            log.info("           %s", say("untranslated: {text}", text=repr(text)))


class _reporting:
    """Print content errors for people and exit 1, a refused output folder
    and exit 2, a file the system would not read or write and exit 1;
    tracebacks only if asked."""

    def __init__(self, verbose: bool, consequence: str) -> None:
        self.verbose = verbose
        self.consequence = consequence

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: object, error: BaseException | None, tb: object
    ) -> Literal[False]:
        if not isinstance(error, ContentError | OutputRefused | OSError):
            return False
        if self.verbose:
            log.exception("Traceback", exc_info=error)
        if isinstance(error, ContentError):
            # Warnings too: an editor fixing errors should see them all at once.
            for problem in [*error.problems.errors, *error.problems.warnings]:
                click.echo(str(problem), err=True)
        failed = say(
            "Failed: {summary}; {consequence}.",
            summary=error,
            consequence=self.consequence,
        )
        click.echo(failed, err=True)
        sys.exit(2 if isinstance(error, OutputRefused) else 1)


def main() -> None:
    cli(prog_name="site-builder")
