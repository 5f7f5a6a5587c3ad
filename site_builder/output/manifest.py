"""The build's manifest: every file with its size, SHA-256, type and how long
caches may keep it, plus the next day the site changes by itself.

Deploys compare manifests to upload only what changed, in a safe order, and
CI reads ``next_change`` to schedule the build that makes a campaign open
or close on time.
"""

from __future__ import annotations

import json
import mimetypes
from datetime import date

from site_builder.output.staging import Written
from site_builder.plan import Page
from site_builder.plan.shelves import earliest

MANIFEST_NAME = ".manifest.json"
"""Inside ``output/``; a dot file, so it is never published as a page."""

_TYPES = {".svg": "image/svg+xml", ".webp": "image/webp", ".js": "text/javascript"}


def manifest_json(
    written: dict[str, Written], pages: list[Page], as_of: date, timezone: str
) -> str:
    changes = {page.output_path: page.changes_on for page in pages}
    next_change = earliest(changes.values())
    changes["sitemap.xml"] = next_change  # which pages are indexable changes too
    files = [
        {
            "path": path,
            "size": entry.size,
            "sha256": entry.sha256,
            "content_type": content_type(path),
            "immutable": path.startswith("assets/"),
            "changes_on": _day(changes.get(path)),
        }
        for path, entry in sorted(written.items())
    ]
    document = {
        "version": 1,
        "as_of": as_of.isoformat(),
        "timezone": timezone,
        "next_change": _day(next_change),
        "files": files,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def content_type(path: str) -> str:
    suffix = path[path.rfind(".") :]
    kind = (
        _TYPES.get(suffix)
        or mimetypes.guess_type(path)[0]
        or "application/octet-stream"
    )
    textual = kind.startswith("text/") or kind in ("image/svg+xml", "application/xml")
    return f"{kind}; charset=utf-8" if textual else kind


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
