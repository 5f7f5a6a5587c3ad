"""The preview server over real HTTP and WebSocket, as a subprocess."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import websocket
from playwright.sync_api import Browser

from benchmarks.synthetic import generate
from tests.conftest import THEMES, Project
from tests.preview_process import Preview, free_port, preview

BIKE = "benefits/bike.yaml"


def reload_message(client: websocket.WebSocket) -> dict[str, object]:
    message: dict[str, object] = json.loads(client.recv())
    assert message["command"] == "reload"
    return message


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.content / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def strip_preview(page: str) -> str:
    """The page as built: without the bar, its files, livereload's script and
    the two policy additions the preview makes."""
    page = re.sub(r'<aside class="preview-bar".*?</aside>', "", page, flags=re.S)
    page = re.sub(
        r'<link rel="stylesheet" href="/__preview__/bar.css">'
        r'<script src="/__preview__/bar.js" defer></script>',
        "",
        page,
    )
    page = re.sub(
        r'<script type="text/javascript">\(function\(\)\{.*?</script>', "", page
    )
    page = re.sub(
        r"(script-src &#39;self&#39;)(?: &#39;sha256-[A-Za-z0-9+/=]+&#39;)+",
        r"\1",
        page,
    )
    return re.sub(r" ws://127\.0\.0\.1:\d+", "", page)


def test_pages_are_served_with_the_reload_script_under_their_policy(
    mini: Project,
) -> None:
    with preview(mini.content, "--as-of", "2022-03-25") as server:
        status, page = server.get("/en/benefits/bike/")

    assert status == 200
    assert "livereload.js" in page
    assert "data-preview-bar" in page
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert re.search(r"script-src &#39;self&#39; &#39;sha256-[^&]+&#39;;", policy[1])
    assert f"connect-src &#39;self&#39; ws://127.0.0.1:{server.port}" in policy[1]


def test_preview_shows_what_a_build_produces_for_the_same_day(mini: Project) -> None:
    mini.build(as_of=date(2022, 3, 25))

    with preview(mini.content, "--as-of", "2022-03-25") as server:
        served = {
            route: server.get(route)[1]
            for route in (
                "/en/basic/",
                "/zh-cn/benefits/tissue/",
                "/",
                "/en/gold/cars/",
            )
        }

    for route, page in served.items():
        assert strip_preview(page) == mini.page(route), route
    assert not (mini.output / "__preview__").exists()
    assert "preview-bar" not in mini.page("/en/basic/")


def test_an_edit_reloads_the_page_with_the_new_text(mini: Project) -> None:
    with (
        preview(mini.content, "--as-of", "2022-03-25") as server,
        server.browser_socket() as client,
    ):
        edit(mini, BIKE, "en: Bike-share pass", "en: Bike-share pass weekly")

        reload_message(client)
        _, page = server.get("/en/benefits/bike/")
        line = server.wait_for_line("Rebuilt ")

    assert "<h1>Bike-share pass weekly</h1>" in page
    assert re.fullmatch(
        r"Rebuilt 26 pages as of 2022-03-25 in \d+\.\d\d s with 0 "
        r"warnings \(content/benefits/bike\.yaml changed\)",
        line,
    )


def test_a_broken_file_shows_where_and_the_fix_brings_the_page_back(
    mini: Project,
) -> None:
    with (
        preview(mini.content, "--as-of", "2022-03-25") as server,
        server.browser_socket() as client,
    ):
        edit(mini, BIKE, "priority: 10", "priority: ten")
        reload_message(client)
        broken_status, broken = server.get("/en/benefits/bike/")
        other_status, _ = server.get("/zh-cn/")
        assert server.process.poll() is None

        edit(mini, BIKE, "priority: ten", "priority: 10")
        reload_message(client)
        fixed_status, fixed = server.get("/en/benefits/bike/")

    assert (broken_status, other_status) == (500, 500)
    assert (
        'content/benefits/bike.yaml:16:11</code> <code class="field">priority</code>'
        in broken
    )
    assert "expected a whole number, got &#39;ten&#39;" in broken
    assert fixed_status == 200 and "<h1>Bike-share pass</h1>" in fixed


def test_the_error_page_speaks_the_language_asked_for(mini: Project) -> None:
    edit(mini, BIKE, "priority: 10", "priority: ten")
    with preview(mini.content, "--as-of", "2022-03-25", "--lang", "zh-CN") as server:
        status, page = server.get("/en/benefits/bike/")

    assert status == 500
    assert "应填写整数，实际为 &#39;ten&#39;" in page


def test_a_broken_template_is_reported_with_its_file_and_line(
    mini: Project, tmp_path: object
) -> None:
    themes = mini.root / "themes"
    subprocess.run(["cp", "-r", str(THEMES), str(themes)], check=True)
    page = themes / "default" / "templates" / "shelf.html"
    text = page.read_text("utf-8")
    line = text[: text.index("{% if shelf.intro %}")].count("\n") + 1
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "site_builder",
        "serve",
        "--content",
        "content",
        "--themes",
        "themes",
        "--port",
        str(port),
        "--as-of",
        "2022-03-25",
    ]
    process = subprocess.Popen(
        command, cwd=mini.root, stderr=subprocess.PIPE, text=True
    )
    server = Preview(process, port)
    try:
        server.wait_for_line("Preview at ")
        with server.browser_socket() as client:
            page.write_text(text.replace("{% if shelf.intro %}", "{% if shelf.intro %"))
            reload_message(client)
            status, shown = server.get("/en/basic/green/")
    finally:
        server.stop()

    assert status == 500
    assert f"themes/default/templates/shelf.html:{line}:1</code>" in shown


def test_the_quota_stub_answers_and_its_scenario_switches(mini: Project) -> None:
    with preview(mini.content, "--as-of", "2022-03-25") as server:
        _, normal = server.get("/api/quota?ids=tissue,bike")
        status, state = server.post("/api/quota/scenario?name=soldout")
        _, soldout = server.get("/api/quota?ids=tissue")
        refused, _ = server.post("/api/quota/scenario?name=chaos")

    assert json.loads(normal)["quotas"]["tissue"] == {
        "remaining": 1200,
        "claimed": False,
    }
    assert (status, state["scenario"]) == (200, "soldout")
    assert json.loads(soldout)["quotas"]["tissue"]["remaining"] == 0
    assert refused == 400


def test_as_of_decides_which_campaign_shelves_show(mini: Project) -> None:
    with (
        preview(mini.content, "--as-of", "2022-03-25") as server,
        server.browser_socket() as client,
    ):
        _, inside = server.get("/en/basic/")
        status, state = server.post("/__preview__/as-of?date=2022-04-15")
        reload_message(client)
        _, after = server.get("/en/basic/")
        bad, _ = server.post("/__preview__/as-of?date=15/04/2022")

    assert 'id="shelf-spring"' in inside
    assert (status, state["as_of"]) == (200, "2022-04-15")
    assert 'id="shelf-spring"' not in after
    assert bad == 400


def test_a_burst_of_saves_makes_one_rebuild_and_the_last_state_wins(
    mini: Project,
) -> None:
    with (
        preview(mini.content, "--as-of", "2022-03-25") as server,
        server.browser_socket() as client,
    ):
        path = mini.content / BIKE
        original = path.read_text("utf-8")
        for n in range(1, 8):
            path.write_text(
                original.replace("en: Bike-share pass", f"en: Bike-share pass {n}"),
                "utf-8",
            )
        reload_message(client)
        _, page = server.get("/en/benefits/bike/")
        rebuilt = server.wait_for_line("Rebuilt ")
        server.stop()

    rebuilds = [line for line in server.log if "changed)" in line]
    assert rebuilds == [rebuilt]
    assert "<h1>Bike-share pass 7</h1>" in page


def test_atomic_saves_deletes_and_renames_are_followed(mini: Project) -> None:
    with (
        preview(mini.content, "--as-of", "2022-03-25") as server,
        server.browser_socket() as client,
    ):
        path = mini.content / BIKE
        temporary = path.with_name(".bike.yaml.swp")
        temporary.write_text(
            path.read_text("utf-8").replace(
                "en: Bike-share pass", "en: Saved atomically"
            ),
            "utf-8",
        )
        temporary.replace(path)  # how many editors save
        reload_message(client)
        _, saved = server.get("/en/benefits/bike/")

        (mini.content / "benefits" / "car-wash.yaml").rename(
            mini.content / "benefits" / "car-spa.yaml"
        )
        reload_message(client)
        old_status, _ = server.get("/en/benefits/car-wash/")
        new_status, _ = server.get("/en/benefits/car-spa/")

        (mini.content / "benefits" / "car-spa.yaml").unlink()
        reload_message(client)
        gone_status, _ = server.get("/en/benefits/car-spa/")

    assert "<h1>Saved atomically</h1>" in saved
    assert (old_status, new_status, gone_status) == (404, 200, 404)


def test_a_taken_port_is_named_with_the_way_out(mini: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "site_builder",
                "serve",
                "--content",
                "content",
                "--themes",
                str(THEMES),
                "--port",
                str(port),
            ],
            cwd=mini.root,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "--port" in result.stderr


@pytest.mark.parametrize(
    "signum",
    [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
    ids=["ctrl-c", "sigterm", "sighup"],
)
def test_ctrl_c_a_kill_or_a_closed_terminal_stop_the_server_cleanly(
    mini: Project, tmp_path: Path, signum: signal.Signals
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    with preview(mini.content, temp=temp) as server:
        [folder] = temp.glob("site-builder-preview-*")
        assert (folder / "site" / "en" / "index.html").is_file()
        server.process.send_signal(signum)
        code = server.process.wait(timeout=30)

    assert code == 0
    assert server.wait_for_line("Preview stopped")
    assert list(temp.iterdir()) == []


def test_a_killed_preview_s_folder_is_deleted_by_the_next_preview(
    mini: Project, tmp_path: Path
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    with preview(mini.content, temp=temp) as killed:
        [left] = temp.glob("site-builder-preview-*")
        killed.process.kill()
        killed.process.wait()
    stranger = temp / "site-builder-preview-unowned"
    stranger.mkdir()  # no owner.pid: not known to be a preview's, so kept

    with preview(mini.content, temp=temp):
        kept = sorted(temp.iterdir())

    assert left not in kept
    assert stranger in kept and len(kept) == 2


@pytest.mark.browser
def test_an_open_page_reloads_by_itself_after_an_edit(
    mini: Project, browser: Browser
) -> None:
    with preview(mini.content, "--as-of", "2022-03-25") as server:
        page = browser.new_page()
        violations: list[str] = []
        page.on(
            "console",
            lambda m: (
                violations.append(m.text)
                if "Content Security Policy" in m.text
                else None
            ),
        )
        page.goto(server.base + "/en/benefits/bike/")
        page.wait_for_function("() => window.LiveReload !== undefined")

        edit(mini, BIKE, "en: Bike-share pass", "en: Bike-share pass live")
        page.wait_for_function(
            "() => document.querySelector('h1')?.textContent.endsWith('live')"
        )

        assert violations == []
        page.close()


def test_a_half_written_save_recovers_with_the_next_one(mini: Project) -> None:
    with (
        preview(mini.content, "--as-of", "2022-03-25") as server,
        server.browser_socket() as client,
    ):
        path = mini.content / BIKE
        whole = path.read_text("utf-8").replace("en: Bike-share pass", "en: Whole")
        path.write_text(whole[: len(whole) // 2], "utf-8")  # the editor crashed
        reload_message(client)
        half_status, _ = server.get("/en/benefits/bike/")
        path.write_text(whole, "utf-8")
        reload_message(client)
        status, page = server.get("/en/benefits/bike/")

    assert half_status == 500
    assert status == 200 and "<h1>Whole</h1>" in page


def test_a_programme_rendered_by_workers_rebuilds_edit_after_edit(
    tmp_path: Path,
) -> None:
    # Above PARALLEL_FROM pages, rebuilds fork workers from the server. They
    # once inherited its SIGTERM handler, survived the pool's shutdown, and
    # the server waited for them forever.
    content = tmp_path / "content"
    generate(content, benefits=140, shelves=4)
    benefit = sorted((content / "benefits").glob("*.yaml"))[0]
    route = f"/en/benefits/{benefit.stem}/"
    english = re.search(r"^  en: (.+)$", benefit.read_text("utf-8"), re.M)
    assert english is not None
    title = english.group(1)

    with (
        preview(content, "--as-of", "2022-06-01") as server,
        server.browser_socket() as client,
    ):
        started = " ".join(server.log)  # read up to "Preview at"
        for version in ("v2", "v3"):
            text = benefit.read_text("utf-8")
            benefit.write_text(text.replace(title, f"{title} {version}", 1), "utf-8")
            title = f"{title} {version}"
            reload_message(client)
            status, page = server.get(route)
            assert status == 200
            assert f"<h1>{title}</h1>" in page

    assert re.search(r"Rebuilt [45]\d\d pages", started)
