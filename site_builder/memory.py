"""What a long-running process keeps from one build to the next.

The preview server rebuilds after every save. Three things from the last
build make the next one faster without changing what it produces: the
parsed content files (only changed files are parsed again), the pages
(benefit pages made from the same inputs are linked, not rendered; see
``render/reuse.py``), and the replaced output folder, which the preview
deletes in the background instead of making the editor wait for it.
A command-line build starts with no memory and always does everything.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.content.files import DocumentCache
from site_builder.render.reuse import Previous


@dataclass
class Memory:
    documents: DocumentCache = field(default_factory=DocumentCache)
    pages: Previous | None = None
    """The last successful build's pages and what each was made from."""
    discard: Callable[[Path], None] = shutil.rmtree
    """Removes the output folder a build replaced."""
