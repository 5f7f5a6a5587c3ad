"""Pages read well in a 360 px webview, in real Chromium, with scripts off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser

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


def test_stylesheets_load_under_their_integrity_pins(
    site: Path, browser: Browser, serve: Callable[..., str]
) -> None:
    page = browser.new_page()
    page.goto(serve(site, "/zh-cn/xiang/"))

    shown = page.evaluate(
        "getComputedStyle(document.querySelector('.masthead')).backgroundColor"
    )
    tier = yaml.safe_load((SAMPLE / "tiers" / "xiang.yaml").read_text("utf-8"))
    red, green, blue = bytes.fromhex(tier["style"]["accent"].lstrip("#"))

    assert shown == f"rgb({red}, {green}, {blue})"
    page.close()
