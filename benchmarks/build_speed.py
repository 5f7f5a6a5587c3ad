"""Build-speed benchmark: one cold build of a production-sized programme.

Usage::

    python benchmarks/build_speed.py [--benefits N] [--shelves N] [--runs N]
                                     [--keep DIR] [--as-of DATE]

Generates a synthetic programme (``benchmarks/synthetic.py``), then runs
``python -m site_builder build`` on it, each time cold (a fresh interpreter
and an empty output folder), exactly as CI and editors run it: interpreter
start-up, imports, loading, checking, rendering and writing are all part
of the figure. The build is repeated (``--runs``, default 3) because a
shared virtual machine's disk and CPU vary from one minute to the next;
the verdict uses the median run. Prints pages built, wall time, pages per
second and peak memory against the targets.

It is a report, not a test: it exits 0 whether or not the targets are
met, and 1 only when the build itself fails.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_PAGES_PER_SECOND = 1000.0
TARGET_PEAK_MIB = 500.0
LOCALES = ("zh-CN", "zh-HK", "en")
BUILT = re.compile(
    r"Built (?P<pages>\d+) pages in (?P<locales>\d+) locales .*"
    r"with (?P<warnings>\d+) warnings?"
)


@dataclass(frozen=True)
class Measurement:
    """What one build cost, as the table reports it."""

    pages: int
    """*.html files in the output: what was really written."""
    reported_pages: int | None
    """What the build's last log line says, when it says it."""
    locales: int
    warnings: int | None
    seconds: float
    peak_mib: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.keep is not None:
        return _run(args, args.keep.resolve())
    with tempfile.TemporaryDirectory(prefix="site-builder-bench-") as workdir:
        return _run(args, Path(workdir))


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = programme_arguments(
        "Time one cold build of a synthetic benefits programme.",
        runs_help="cold builds to time (default 3)",
        keep_help="generate and build in DIR (content/, output-N/) and keep it, "
        "instead of a temporary folder",
    )
    return parser.parse_args(argv)


def programme_arguments(
    description: str, runs_help: str, keep_help: str
) -> argparse.ArgumentParser:
    """The options every build benchmark takes: the programme's size, the
    number of runs, the day to build for and a folder to keep."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--benefits", type=positive, default=2000)
    parser.add_argument("--shelves", type=positive, default=40)
    parser.add_argument("--runs", type=positive, default=3, help=runs_help)
    parser.add_argument("--keep", type=Path, metavar="DIR", help=keep_help)
    parser.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=date(2022, 6, 1),
        metavar="DATE",
        help="the day to build the site for (default: 2022-06-01, the day the "
        "synthetic windows are arranged around)",
    )
    return parser


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1; got {value}")
    return number


def _run(args: argparse.Namespace, workdir: Path) -> int:
    content = workdir / "content"
    try:
        generation = generate_timed(content, args.benefits, args.shelves)
    except FileExistsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"Generated {args.benefits} benefits, {args.shelves} shelves, "
        f"{len(LOCALES)} locales in {generation:.2f} s -> {content}/"
    )
    timings: list[float] = []
    for run in range(1, args.runs + 1):
        # A fresh folder per run, none deleted until the end: on ext4 without
        # a journal, files created within minutes of deleting thousands skip
        # past every freed inode, which would time the last run's clean-up.
        output = workdir / f"output-{run}"
        build, seconds = _build(content, output, args.as_of)
        if build.returncode != 0:
            print(f"Build failed (exit {build.returncode}):", file=sys.stderr)
            print(build.stderr, file=sys.stderr, end="")
            return 1
        timings.append(seconds)
        print(f"run {run}: {seconds:.2f} s")
    median = statistics.median(timings)
    _report(_measure(build.stderr, output, median), generation, args.as_of)
    print(
        f"{'best run':<30}{min(timings):>10.2f} s"
        f"  ({_measure(build.stderr, output, min(timings)).pages_per_second:.0f}"
        " pages per second)"
    )
    return 0


def generate_timed(content: Path, benefits: int, shelves: int) -> float:
    """Seconds taken to write the programme; kept out of the build's time."""
    sys.path.insert(0, str(REPO))  # so `python benchmarks/build_speed.py` works
    from benchmarks.synthetic import generate

    started = time.perf_counter()
    generate(content, benefits=benefits, shelves=shelves, locales=LOCALES)
    return time.perf_counter() - started


def _build(
    content: Path, output: Path, as_of: date
) -> tuple[subprocess.CompletedProcess[str], float]:
    """One cold build in a fresh interpreter, and its wall time in seconds."""
    command = [
        sys.executable,
        "-m",
        "site_builder",
        "build",
        "--content",
        str(content),
        "--output",
        str(output),
        "--themes",
        str(REPO / "themes"),
        "--as-of",
        as_of.isoformat(),
    ]
    started = time.perf_counter()
    build = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    return build, time.perf_counter() - started


def _measure(stderr: str, output: Path, seconds: float) -> Measurement:
    summary = build_summary(stderr)
    return Measurement(
        pages=sum(1 for _ in output.rglob("*.html")),
        reported_pages=int(summary["pages"]) if summary else None,
        locales=int(summary["locales"]) if summary else len(LOCALES),
        warnings=int(summary["warnings"]) if summary else None,
        seconds=seconds,
        peak_mib=_peak_child_mib(),
    )


def build_summary(stderr: str) -> dict[str, str] | None:
    """The figures in the build's last line, "Built N pages in L locales ..."."""
    lines = stderr.strip().splitlines()
    found = BUILT.search(lines[-1]) if lines else None
    return found.groupdict() if found else None


def _peak_child_mib() -> float:
    """Peak resident memory of the build.

    RUSAGE_CHILDREN's ru_maxrss is the largest maximum resident set size of
    any single terminated, waited-for descendant: the build process or one
    of its worker processes, whichever peaked highest. It is not their sum.
    The benchmark starts no other child process, so nothing else counts.
    """
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _report(result: Measurement, generation: float, as_of: date) -> None:
    reported = (
        f"  (build reports {result.reported_pages}, {result.warnings} warnings)"
        if result.reported_pages is not None
        else "  (no 'Built N pages' line in the build's log)"
    )
    speed_ok = result.pages_per_second >= TARGET_PAGES_PER_SECOND
    memory_ok = result.peak_mib < TARGET_PEAK_MIB
    rows = [
        ("generation (not timed below)", f"{generation:.2f} s", ""),
        (f"pages built (as of {as_of})", f"{result.pages}", reported),
        ("locales", f"{result.locales}", ""),
        ("wall time (median run)", f"{result.seconds:.2f} s", ""),
        (
            "pages per second",
            f"{result.pages_per_second:.0f}",
            f"  target >= {TARGET_PAGES_PER_SECOND:.0f}   {_verdict(speed_ok)}",
        ),
        (
            "peak memory",
            f"{result.peak_mib:.0f} MiB",
            f"  target < {TARGET_PEAK_MIB:.0f} MiB   {_verdict(memory_ok)}",
        ),
    ]
    print()
    for label, value, note in rows:
        print(f"{label:<30}{value:>12}{note}")


def _verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


if __name__ == "__main__":
    sys.exit(main())
