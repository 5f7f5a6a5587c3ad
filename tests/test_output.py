"""Output is atomic, deterministic and built without the network."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import shutil
import signal
import socket
import threading
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from site_builder.output.staging import exchange
from site_builder.problems import ContentError
from site_builder.render.pool import as_child_process
from tests.conftest import THEMES, Project
from tests.html_tools import html_files, parse_page


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_failed_build_leaves_the_previous_output_exactly_as_it_was(
    mini: Project,
) -> None:
    mini.build()
    before = tree_digest(mini.output)
    mini.write("benefits/bike.yaml", "title: [broken\n")

    with pytest.raises(ContentError):
        mini.build()

    assert tree_digest(mini.output) == before
    leftovers = [p.name for p in mini.root.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_a_failing_template_leaves_the_previous_output_too(mini: Project) -> None:
    mini.build()
    before = tree_digest(mini.output)
    themes = mini.root / "themes"
    shutil.copytree(THEMES, themes)
    page = themes / "default" / "templates" / "benefit.html"
    text = page.read_text("utf-8")
    line = text[: text.index("{{ benefit.partner | t_html }}")].count("\n") + 1
    page.write_text(
        text.replace("{{ benefit.partner | t_html }}", "{{ benefit.no_such_field }}")
    )

    with pytest.raises(ContentError) as failure:
        mini.build(themes_dir=themes)

    [problem] = failure.value.problems.errors
    assert problem.place.path.endswith("themes/default/templates/benefit.html")
    assert problem.place.line == line
    assert "no_such_field" in problem.message
    assert tree_digest(mini.output) == before


def test_files_of_an_earlier_build_are_gone_after_a_successful_one(
    mini: Project,
) -> None:
    mini.build()
    stale = mini.output / "zh-cn" / "benefits" / "car-wash" / "index.html"
    assert stale.is_file()
    (mini.content / "benefits" / "car-wash.yaml").unlink()

    mini.build()

    assert not stale.exists()
    assert (mini.output / "zh-cn" / "benefits" / "bike" / "index.html").is_file()


def test_two_builds_of_the_same_content_are_byte_identical(
    sample: Project, tmp_path: Path
) -> None:
    sample.build(as_of=date(2022, 3, 25))
    first = tree_digest(sample.output)
    sample.output = tmp_path / "second"
    sample.build(as_of=date(2022, 3, 25))

    assert tree_digest(sample.output) == first


def test_the_number_of_workers_does_not_change_the_output(
    sample: Project, tmp_path: Path
) -> None:
    sample.build(workers=1)
    serial = tree_digest(sample.output)
    sample.output = tmp_path / "parallel"
    sample.build(workers=2)

    assert tree_digest(sample.output) == serial


def test_a_template_error_in_a_worker_is_reported_once(
    sample: Project, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    card = themes / "default" / "templates" / "card.html"
    card.write_text(card.read_text("utf-8").replace("benefit.summary", "benefit.nope"))

    with pytest.raises(ContentError) as failure:
        sample.build(themes_dir=themes, workers=2)

    [problem] = failure.value.problems.errors
    assert problem.place.path.endswith("themes/default/templates/card.html")
    assert "has no attribute 'nope'" in problem.message
    assert not sample.output.exists()


def test_the_build_opens_no_network_connection(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network is off during builds")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a))

    result = sample.build()

    assert attempts == []
    assert result.pages > 100


def test_no_page_refers_to_a_third_party_host(sample: Project) -> None:
    sample.build()
    own = urlsplit("https://benefits.qinghe-bank.example/").netloc
    foreign = []
    for file in html_files(sample.output):
        for url in parse_page(file).urls():
            parts = urlsplit(url)
            outside = parts.scheme in ("http", "https") and parts.netloc != own
            if outside and not _is_redeem_partner(file, url):
                foreign.append(f"{file}: {url}")
        text = file.read_text("utf-8")
        [styles] = re.findall(r"<style>(.*?)</style>", text, re.S)
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", styles), file
    assert foreign == []


def _is_redeem_partner(file: Path, url: str) -> bool:
    """Content may link out (a partner's redeem page); the theme may not."""
    text = file.read_text(encoding="utf-8")
    return f'href="{url}" data-redeem=' in text or f'href="{url}" rel=' in text


def test_the_quota_api_origin_and_only_it_joins_connect_src(mini: Project) -> None:
    site = (mini.content / "site.yaml").read_text("utf-8")
    mini.write(
        "site.yaml",
        site.replace("url: /api/quota", "url: https://api.test-bank.example/quota/v1"),
    )

    mini.build()

    [policy] = parse_page(mini.output / "en" / "index.html").find(
        "meta", **{"http-equiv": "Content-Security-Policy"}
    )
    directives = dict(
        part.strip().split(" ", 1) for part in policy.attrs["content"].split(";")
    )
    assert directives["connect-src"] == "'self' https://api.test-bank.example"
    assert directives["script-src"] == "'self'"
    page = mini.page("/en/benefits/tissue/")
    assert 'data-quota-url="https://api.test-bank.example/quota/v1"' in page
    assert 'data-quota="tissue"' in page and 'aria-live="polite"' in page


def _wait_as_a_worker(ready: Any) -> None:
    as_child_process()
    ready.set()
    threading.Event().wait(30)  # a worker idle in the pool's queue


def test_a_forked_worker_dies_on_sigterm_whatever_its_parent_does_with_it() -> None:
    # The preview server handles SIGTERM by stopping its loop. Workers that
    # inherited that survived the pool's shutdown, and the server waited for
    # them forever.
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    worker = context.Process(target=_wait_as_a_worker, args=(ready,))
    try:
        worker.start()
        assert ready.wait(10)
        os.kill(worker.pid or 0, signal.SIGTERM)
        worker.join(10)

        assert worker.exitcode == -signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker.is_alive():
            worker.kill()


def test_output_is_replaced_in_one_step(tmp_path: Path) -> None:
    new, current = tmp_path / "new", tmp_path / "output"
    new.mkdir()
    current.mkdir()
    (new / "page.html").write_text("new", encoding="utf-8")
    (current / "page.html").write_text("old", encoding="utf-8")

    swapped = exchange(new, current)

    assert swapped  # Linux on ext4 and tmpfs: never a moment without output/
    assert (current / "page.html").read_text(encoding="utf-8") == "new"
    assert (new / "page.html").read_text(encoding="utf-8") == "old"
