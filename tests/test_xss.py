"""Hostile content comes out inert, in the HTML and in a real browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Dialog

from tests.conftest import Project
from tests.html_tools import html_files, parse_page

HOSTILE = """\
title:
  zh-CN: '<script>window.pwned = "title"</script>月卡'
  en: '<img src=x onerror="window.pwned = 1">Pass'
summary: '"><svg onload="window.pwned = 2">'
body:
  zh-CN: |
    <script>window.pwned = 3</script>

    [点我](javascript:window.pwned=4) <iframe src="https://evil.example/"></iframe>

    <a href="#" onclick="window.pwned = 5">x</a> <form action="https://evil.example/">
    <input name=pin></form>
  en: |
    [click](javascript:window.pwned=6) ![x](https://evil.example/x.png)

    <details open ontoggle="window.pwned = 7">x</details>
partner: '{{ 7 * 7 }}<b>bold</b>'
lines: [green]
tiers: {from: basic}
valid: {from: 2022-01-01, until: 2022-12-31}
redeem:
  url: testbank://benefits/bike?x="><script>window.pwned=8</script>
  steps: '<style>body{display:none}</style>[go](JaVaScRiPt:window.pwned=9)'
"""

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def hostile(mini: Project) -> Project:
    mini.write("benefits/bike.yaml", HOSTILE)
    mini.build()
    return mini


def test_hostile_text_is_escaped_and_markdown_sanitised(hostile: Project) -> None:
    for file in html_files(hostile.output):
        page = parse_page(file)
        assert page.inline_scripts == 0, file
        assert not page.find("iframe") and not page.find("form"), file
        assert not page.find("input"), file
        # One style element, the theme's, in the head; none from content.
        text = file.read_text("utf-8")
        assert text.count("<style") == 1, file
        assert text.index("<style>") < text.index("</head>"), file
        assert not page.find("svg") and not page.find("details"), file
        handlers = [a for e in page.elements for a in e.attrs if a.startswith("on")]
        assert handlers == [], file
        for url in page.urls():
            assert not url.lower().lstrip().startswith("javascript:"), file
            assert "evil.example" not in url, file
    text = hostile.page("/en/benefits/bike/")
    assert "{{ 7 * 7 }}&lt;b&gt;bold&lt;/b&gt;" in text
    assert "&lt;img src=x onerror=" in text


@pytest.mark.parametrize(
    "route",
    [
        "/zh-cn/benefits/bike/",
        "/en/benefits/bike/",
        "/en/basic/green/",
        "/zh-cn/basic/",
    ],
)
def test_no_script_runs_and_no_policy_is_violated_in_chromium(
    hostile: Project, browser: Browser, serve: Callable[..., str], route: str
) -> None:
    page = browser.new_page()
    page.add_init_script(WATCH)
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)

    page.goto(serve(hostile.output, route))
    for link in page.locator("main a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = !d.open)")

    assert page.evaluate("window.pwned") is None
    assert page.evaluate("window.__violations") == []
    assert errors == [] and dialogs == []
    assert page.locator("h1").inner_text() != ""
    page.close()


def test_the_violation_watch_does_see_violations(
    hostile: Project, browser: Browser, serve: Callable[..., str]
) -> None:
    """Control for the test above: a blocked image must be caught."""
    page = browser.new_page()
    page.add_init_script(WATCH)
    page.goto(serve(hostile.output, "/en/"))

    page.evaluate(
        "document.body.append("
        "Object.assign(new Image(), {src: 'http://127.0.0.9/x.png'}))"
    )
    page.wait_for_function("window.__violations.length > 0")

    assert page.evaluate("window.__violations") == ["img-src http://127.0.0.9/x.png"]
    page.close()
