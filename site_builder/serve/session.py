"""One preview session: the latest build, or the problems that stopped it.

Every rebuild goes through the same ``build()`` as the command line, into a
private folder, so what the editor sees is what a build produces.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from site_builder.build import BuildOptions, BuildResult, build
from site_builder.memory import Memory
from site_builder.problems import ContentError, Problem
from site_builder.quota import QuotaStub, quota_totals

log = logging.getLogger(__name__)

PREFIX = "site-builder-preview-"
OWNER = "owner.pid"
"""Each preview folder names the process that made it, so a later preview
can delete the folders of previews that were killed before cleaning up."""


@dataclass
class Outcome:
    """What the last rebuild left: a result, or the problems that stopped it."""

    result: BuildResult | None = None
    problems: list[Problem] = field(default_factory=list)
    reason: str = "start"


class Session:
    def __init__(self, options: BuildOptions) -> None:
        sweep_orphans()
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.folder / OWNER).write_text(str(os.getpid()), "ascii")
        # Each rebuild keeps what it can of the last and never waits for the
        # old folder to be deleted: the editor is waiting for the new one.
        memory = Memory(discard=self._discard)
        self.options = replace(options, output_dir=self.folder / "site", memory=memory)
        self.outcome = Outcome()
        self.stub = QuotaStub({}, path=self._quota_path())
        self._lock = threading.Lock()
        self._discarded = 0

    @property
    def site_dir(self) -> Path:
        return self.options.output_dir

    @property
    def theme_dir(self) -> Path:
        """The theme of the last good build; the default one before any."""
        site = self.outcome.result.site if self.outcome.result else None
        return site.theme_dir if site else self.options.themes_dir / "default"

    def rebuild(self, reason: str, as_of: date | None = None) -> Outcome:
        """Build now; a failure is kept for the browser, never raised."""
        with self._lock:
            if as_of is not None:
                self.options = replace(self.options, as_of=as_of)
            started = time.perf_counter()
            try:
                result = build(self.options)
            except ContentError as error:
                problems = error.problems.errors or error.problems.warnings
                self.outcome = Outcome(None, problems, reason)
                self._log_failure(problems, reason)
                return self.outcome
            self.outcome = Outcome(result, [], reason)
            self._refresh_stub(result)
            log.info(
                "Rebuilt %d pages as of %s in %.2f s with %d warning%s (%s)",
                result.pages,
                result.as_of,
                time.perf_counter() - started,
                len(result.warnings),
                "" if len(result.warnings) == 1 else "s",
                reason,
            )
            return self.outcome

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _discard(self, old: Path) -> None:
        """Move a replaced site aside and delete it in the background."""
        self._discarded += 1
        trash = self.folder / f"discarded-{self._discarded}"
        old.rename(trash)
        threading.Thread(
            target=shutil.rmtree,
            args=(trash,),
            kwargs={"ignore_errors": True},
            name="discard",
            daemon=True,
        ).start()

    def _log_failure(self, problems: list[Problem], reason: str) -> None:
        log.warning(
            "Build failed (%s): %d problem%s; the browser shows them",
            reason,
            len(problems),
            "" if len(problems) == 1 else "s",
        )
        for problem in problems:
            log.warning("  %s", problem)

    def _refresh_stub(self, result: BuildResult) -> None:
        site = result.site
        if site is None:
            return
        self.stub.totals = quota_totals(site)
        api = site.config.quota_api
        self.stub.path = self._quota_path(api.url if api else None)

    def _quota_path(self, url: str | None = None) -> str:
        """The stub answers where pages look for the API, if that is on the
        preview's own host; an https:// API stays the real one."""
        if url and url.startswith("/"):
            return url.rstrip("/")
        return "/api/quota"


def sweep_orphans() -> None:
    """Delete the folders of earlier previews whose process no longer runs."""
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        if _owner_gone(folder / OWNER):
            shutil.rmtree(folder, ignore_errors=True)
            log.debug("Deleted %s, left by a preview that was killed", folder)


def _owner_gone(owner: Path) -> bool:
    try:
        pid = int(owner.read_text("ascii"))
    except (OSError, ValueError):
        return False  # not ours to judge: made by an older version, or racing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False
