"""The build's manifest: what each file is, and when the site next changes."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from tests.conftest import Project


def manifest(project: Project) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        (project.output / ".manifest.json").read_text("utf-8")
    )
    return loaded


def test_every_published_file_is_listed_with_its_hash_size_and_type(
    mini: Project,
) -> None:
    mini.build(as_of=date(2022, 3, 25))
    files = {f["path"]: f for f in manifest(mini)["files"]}  # type: ignore[attr-defined]

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
    changes = {f["path"]: f["changes_on"] for f in data["files"]}  # type: ignore[attr-defined]

    # The campaign (22-31 March) and the tissue benefit close on 1 April.
    assert changes["en/basic/spring/index.html"] == "2022-04-01"
    assert changes["en/basic/index.html"] == "2022-04-01"
    assert changes["en/benefits/tissue/index.html"] == "2022-04-01"
    # The bike pass runs to the end of 2022; car wash never ends.
    assert changes["en/benefits/bike/index.html"] == "2023-01-01"
    assert changes["en/benefits/car-wash/index.html"] is None
    assert changes["en/gold/cars/index.html"] is None
    assert changes["en/index.html"] is None
    assert changes["sitemap.xml"] == "2022-04-01"
    assert data["next_change"] == "2022-04-01"


def test_before_a_window_opens_the_opening_day_is_the_change(mini: Project) -> None:
    mini.build(as_of=date(2022, 3, 1))

    changes = {f["path"]: f["changes_on"] for f in manifest(mini)["files"]}  # type: ignore[attr-defined]
    assert changes["en/benefits/tissue/index.html"] == "2022-03-22"
    assert manifest(mini)["next_change"] == "2022-03-22"
