"""Progress of a deploy: a bar on a terminal, a few plain lines in CI."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

log = logging.getLogger(__name__)


class Progress:
    """Called after every change to the target."""

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.terminal = stream.isatty()
        self.reported = 0

    def __call__(self) -> None:
        self.done += 1
        share = min(100, self.done * 100 // self.total)
        if self.terminal:
            filled = share // 4
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (25 - filled)}] {share:3d}% "
                f"{self.done}/{self.total}"
            )
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif share >= self.reported + 25:
            self.reported = share - share % 25
            log.info(
                "Deploying: %d%% (%d of %d changes)",
                self.reported,
                self.done,
                self.total,
            )
