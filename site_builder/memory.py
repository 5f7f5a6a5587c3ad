"""What a long-running process keeps from one build to the next.

The preview server rebuilds after every save. What the last build left
makes the next one faster without changing what it produces: the parsed
content files (only changed files are parsed again) and the pages (benefit
pages made from the same inputs are kept where they are, not rendered; see
``render/reuse.py``), so after a first good build the preview rewrites
only changed pages in the folder it serves (``output.updated``). When a
build fails halfway, the next starts a fresh folder, and the preview
deletes the replaced one in the background instead of making the editor
wait. A command-line build starts with no memory and always does
everything.
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
    """The last successful build's pages and what each was made from; None
    while a build runs, and after one that failed."""
    discard: Callable[[Path], None] = shutil.rmtree
    """Removes the output folder a build replaced."""
