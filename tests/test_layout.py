"""Pages read well in a 360 px webview, in real Chromium, with scripts off."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Route

from tests.conftest import REPO, SAMPLE, Project

ARTIFACTS = REPO / "test-artifacts"
ROUTES = {
    "entry": "/{}/",
    "zone": "/{}/xiang/",
    "campaign-shelf": "/{}/hui/warm-heart/",
    "benefit": "/{}/benefits/oriental-pearl-tower/",
    "not-found": "/{}/404.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("layout"), SAMPLE)
    project.build(as_of=date(2022, 3, 25))
    return project.output


@pytest.mark.parametrize("locale", ["zh-cn", "zh-hk", "en"])
@pytest.mark.parametrize("kind", sorted(ROUTES))
def test_page_fits_a_360px_webview_without_scripts(
    site: Path, browser: Browser, serve: Callable[..., str], locale: str, kind: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        java_script_enabled=False,
        device_scale_factor=2,
    )
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    response = page.goto(serve(site, ROUTES[kind].format(locale)))
    page.wait_for_load_state("load")

    assert response is not None and response.ok
    assert failed == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{kind} in {locale} is {width}px wide"
    assert page.locator("h1").first.is_visible()
    font_size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main p, main li'))"
        ".fontSize)"
    )
    assert font_size >= 13
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{kind}-{locale}.png", full_page=True)
    context.close()


def test_a_page_is_styled_from_its_first_response_alone(
    site: Path, browser: Browser, serve: Callable[..., str]
) -> None:
    """One round trip: with every request but the page itself refused, the
    zone still shows its accent, under the policy, with nothing blocked."""
    page = browser.new_page()
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.__violations.push(e.violatedDirective));"
    )
    asked: list[str] = []

    def only_the_document(route: Route) -> None:
        if route.request.resource_type == "document":
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_document)
    page.goto(serve(site, "/zh-cn/xiang/"))
    page.wait_for_load_state("load")

    shown = page.evaluate(
        "getComputedStyle(document.querySelector('.masthead')).backgroundColor"
    )
    tier = yaml.safe_load((SAMPLE / "tiers" / "xiang.yaml").read_text("utf-8"))
    red, green, blue = bytes.fromhex(tier["style"]["accent"].lstrip("#"))

    assert shown == f"rgb({red}, {green}, {blue})"
    assert page.evaluate("window.__violations") == []
    assert asked and not [url for url in asked if url.endswith(".css")]
    page.close()


def test_every_page_arrives_in_the_first_round_trip(site: Path) -> None:
    """A server's first flight is ten TCP segments, about 14 KiB: a page that
    fits, compressed, needs no second round trip before it can paint."""
    sizes = {
        file.relative_to(site).as_posix(): len(gzip.compress(file.read_bytes(), 6))
        for file in site.rglob("*.html")
    }

    assert len(sizes) > 100
    too_big = {path: size for path, size in sizes.items() if size > 14 * 1024}
    assert too_big == {}
