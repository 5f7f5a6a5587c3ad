"""The build's manifest: what each file is, and when the site next changes."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from tests.conftest import Project


def manifest(project: Project) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (project.output / ".manifest.json").read_text("utf-8")
    )
    return loaded


def changes(project: Project) -> dict[str, str | None]:
    return {f["path"]: f["changes_on"] for f in manifest(project)["files"]}


def test_every_published_file_is_listed_with_its_hash_size_and_type(
    mini: Project,
) -> None:
    mini.build(as_of=date(2022, 3, 25))
    files = {f["path"]: f for f in manifest(mini)["files"]}

    on_disk = {
        p.relative_to(mini.output).as_posix()
        for p in mini.output.rglob("*")
        if p.is_file() and p.name != ".manifest.json"
    }
    assert set(files) == on_disk
    for path, entry in files.items():
        data = (mini.output / path).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert files["en/index.html"]["content_type"] == "text/html; charset=utf-8"
    css = next(f for p, f in files.items() if p.startswith("assets/app."))
    assert css["immutable"] is True
    assert files["sitemap.xml"]["immutable"] is False


def test_pages_know_the_day_their_content_changes(mini: Project) -> None:
    mini.build(as_of=date(2022, 3, 25))
    data = manifest(mini)
    changed_on = changes(mini)

    # The campaign (22-31 March) and the tissue benefit close on 1 April.
    assert changed_on["en/basic/spring/index.html"] == "2022-04-01"
    assert changed_on["en/basic/index.html"] == "2022-04-01"
    assert changed_on["en/benefits/tissue/index.html"] == "2022-04-01"
    # The bike pass runs to the end of 2022; car wash never ends.
    assert changed_on["en/benefits/bike/index.html"] == "2023-01-01"
    assert changed_on["en/benefits/car-wash/index.html"] is None
    assert changed_on["en/gold/cars/index.html"] is None
    assert changed_on["en/index.html"] is None
    assert changed_on["sitemap.xml"] == "2022-04-01"
    assert data["next_change"] == "2022-04-01"


def test_before_a_window_opens_the_opening_day_is_the_change(mini: Project) -> None:
    mini.build(as_of=date(2022, 3, 1))

    assert changes(mini)["en/benefits/tissue/index.html"] == "2022-03-22"
    assert manifest(mini)["next_change"] == "2022-03-22"
