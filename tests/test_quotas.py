"""Live quotas on static pages, in real headless Chromium against the stub."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Route

from site_builder.build import load_site
from site_builder.problems import Problems
from site_builder.quota import QuotaStub, quota_totals
from tests.browser import CHROMIUM, FLAGS
from tests.conftest import MINI, REPO, SAMPLE, Project
from tests.portal_server import serving

BUILT_ON = date(2022, 3, 25)
CAMPAIGN_DAY = "2022-03-25T10:00:00+08:00"
ARTIFACTS = REPO / "test-artifacts"
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__violations.push(e.violatedDirective));
window.__shifts = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts += entry.value;
}).observe({type: 'layout-shift', buffered: true});
"""
WORDS = {
    "zh-cn": {
        "remaining": "剩余 {} 份",
        "low": "仅剩 {} 份",
        "low-one": "仅剩 {} 份",
        "soldout": "已抢光",
        "claimed": "您已领取",
        "ended": "已结束",
        "upcoming": "尚未开始",
    },
    "en": {
        "remaining": "{} places left",
        "low": "Only {} places left",
        "low-one": "Only {} place left",
        "soldout": "Sold out",
        "claimed": "You have claimed this",
        "ended": "This benefit has ended",
        "upcoming": "Not started yet",
    },
}


@dataclass
class Portal:
    base: str
    stub: QuotaStub
    output: Path
    totals: dict[str, int] = field(default_factory=dict)


def build_portal(root: Path, refresh_seconds: int) -> Project:
    project = Project(root, SAMPLE)
    site_yaml = project.content / "site.yaml"
    text = site_yaml.read_text("utf-8").replace(
        "refresh_seconds: 60", f"refresh_seconds: {refresh_seconds}"
    )
    site_yaml.write_text(text, "utf-8")
    project.build(as_of=BUILT_ON)
    return project


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    project = build_portal(tmp_path_factory.mktemp("portal"), refresh_seconds=60)
    site, _ = load_site(project.options(), Problems())
    totals = quota_totals(site)
    # No HTTP caching of answers: each test sees what the stub says right now.
    stub = QuotaStub(totals, slow_seconds=6.0, cache_seconds=0)
    with serving(project.output, stub) as base:
        yield Portal(base, stub, project.output, totals)


@pytest.fixture
def stub(portal: Portal) -> Iterator[QuotaStub]:
    portal.stub.switch("normal")
    yield portal.stub
    portal.stub.switch("normal")


@dataclass
class Visit:
    page: Page
    api_calls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def slots(self) -> list[dict[str, str]]:
        found: list[dict[str, str]] = self.page.eval_on_selector_all(
            "[data-quota]",
            "els => els.map(e => ({id: e.dataset.quota, text: e.textContent, "
            "state: e.dataset.state || '', html: e.innerHTML, "
            "refreshing: e.classList.contains('refreshing') ? 'yes' : ''}))",
        )
        return found

    def ended(self, outcome: str) -> None:
        """Wait until the script says the request was "updated" or "failed"."""
        self.page.wait_for_function(
            f"() => document.body.dataset.quotas === '{outcome}'", timeout=10_000
        )

    def settled(self) -> None:
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('[data-quota]')]"
            ".every(e => e.dataset.state)"
        )


def visit(
    browser: Browser,
    url: str,
    clock: str = CAMPAIGN_DAY,
    before: str = "",
    **context: object,
) -> Visit:
    """Open ``url`` in a fresh context; ``before`` runs ahead of the page's
    own scripts."""
    page = browser.new_context(**context).new_page()  # type: ignore[arg-type]
    page.clock.set_fixed_time(clock)
    page.add_init_script(WATCH + before)
    seen = Visit(page)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def record(request: Request) -> None:
        if "/api/quota" in request.url:
            seen.api_calls.append(request.url)

    page.on("request", record)
    page.goto(url)
    return seen


def printed_texts(browser: Browser, url: str) -> list[str]:
    """The quota slots' texts as built, read with scripts off."""
    printed = visit(browser, url, java_script_enabled=False)
    texts = [slot["text"] for slot in printed.slots()]
    printed.page.context.close()
    return texts


def test_the_script_is_small_and_loaded_with_defer_and_integrity(
    portal: Portal,
) -> None:
    [shipped] = (portal.output / "assets").glob("app.*.js")
    page = (portal.output / "en" / "index.html").read_text("utf-8")

    assert len(gzip.compress(shipped.read_bytes(), 9)) < 2048
    assert b"/*" not in shipped.read_bytes()  # minified from the theme's source
    assert '<script src="/assets/app.' in page
    assert 'integrity="sha384-' in page.split("<script", 1)[1].split(">", 1)[0]
    assert " defer>" in page


@pytest.mark.parametrize("locale", ["zh-cn", "en"])
@pytest.mark.parametrize("scenario", ["normal", "low", "soldout", "claimed"])
def test_each_state_reads_right_in_each_locale(
    portal: Portal, stub: QuotaStub, browser: Browser, locale: str, scenario: str
) -> None:
    stub.switch(scenario)
    seen = visit(browser, f"{portal.base}/{locale}/hui/warm-heart/")
    seen.settled()

    slots = seen.slots()
    answers = stub.answer(sorted({s["id"] for s in slots}), scenario)
    words = WORDS[locale]
    for slot in slots:
        answer = answers[slot["id"]]
        assert isinstance(answer, dict)
        left = answer["remaining"]
        if scenario == "soldout":
            expected = words["soldout"]
        elif scenario == "claimed":
            expected = words["claimed"]
        elif left < 10:
            expected = words["low-one" if left == 1 else "low"].format(left)
        else:
            expected = words["remaining"].format(f"{left:,}")
        assert slot["text"] == expected
    if scenario == "low" and locale == "en":
        texts = {s["text"] for s in slots}
        assert "Only 1 place left" in texts and "Only 2 places left" in texts
    disabled = seen.page.locator("[data-redeem][aria-disabled=true]").count()
    assert disabled == 0  # shelf pages carry no redeem buttons
    assert len(seen.api_calls) == 1
    assert seen.errors == []
    seen.page.context.close()


@pytest.mark.parametrize("scenario", ["soldout", "claimed"])
def test_sold_out_and_claimed_disable_the_redeem_button(
    portal: Portal, stub: QuotaStub, browser: Browser, scenario: str
) -> None:
    stub.switch(scenario)
    seen = visit(browser, f"{portal.base}/zh-cn/benefits/eco-tissue/")
    seen.settled()

    button = seen.page.locator("[data-redeem]")
    assert button.get_attribute("aria-disabled") == "true"
    assert button.get_attribute("href") is None
    seen.page.context.close()


def test_one_request_per_page_whatever_the_number_of_slots(
    portal: Portal, stub: QuotaStub, browser: Browser
) -> None:
    seen = visit(browser, f"{portal.base}/zh-cn/xiang/")
    seen.settled()

    ids = [s["id"] for s in seen.slots()]
    assert len(ids) > len(set(ids)) > 3  # the same benefit on several shelves
    assert len(seen.api_calls) == 1
    asked = seen.api_calls[0].split("ids=", 1)[1].split(",")
    assert sorted(asked) == sorted(set(ids))
    seen.page.context.close()


@pytest.mark.parametrize("scenario", ["slow", "error", "malformed", "hostile"])
def test_a_bad_api_leaves_the_printed_text(
    portal: Portal, stub: QuotaStub, browser: Browser, scenario: str
) -> None:
    expected = printed_texts(browser, f"{portal.base}/en/hui/warm-heart/")
    stub.switch(scenario)

    seen = visit(browser, f"{portal.base}/en/hui/warm-heart/")
    outcome = "updated" if scenario == "hostile" else "failed"
    seen.ended(outcome)

    slots = seen.slots()
    assert [s["text"] for s in slots] == expected
    assert all("<" not in s["html"] for s in slots)
    assert seen.page.evaluate("window.pwned") is None
    assert seen.page.evaluate("window.__violations") == []
    assert seen.errors == []
    seen.page.context.close()


# What Chromium 92 and iOS 15.3 webviews lack of what the script could use.
OLDER_WEBVIEW = """
delete AbortSignal.timeout;
delete Object.hasOwn;
"""


@pytest.mark.parametrize(
    ("scenario", "outcome"), [("low", "updated"), ("slow", "failed")]
)
def test_older_webviews_fill_quotas_and_give_up_on_a_slow_api(
    portal: Portal, stub: QuotaStub, browser: Browser, scenario: str, outcome: str
) -> None:
    expected = printed_texts(browser, f"{portal.base}/en/hui/warm-heart/")
    stub.switch(scenario)

    seen = visit(browser, f"{portal.base}/en/hui/warm-heart/", before=OLDER_WEBVIEW)
    seen.ended(outcome)

    assert seen.page.evaluate("typeof AbortSignal.timeout") == "undefined"
    texts = [s["text"] for s in seen.slots()]
    if scenario == "slow":
        assert texts == expected
    else:
        assert "Only 1 place left" in texts and texts != expected
    assert seen.errors == []
    seen.page.context.close()


@pytest.mark.parametrize(
    ("clock", "state"),
    [
        ("2022-03-31T20:00:00+00:00", "ended"),  # 1 April in Shanghai
        ("2022-03-31T15:00:00+00:00", "remaining"),  # 31 March, 23:00 there
        ("2022-03-21T12:00:00+08:00", "upcoming"),
    ],
)
def test_the_device_clock_decides_whether_a_cached_page_is_still_open(
    portal: Portal, stub: QuotaStub, browser: Browser, clock: str, state: str
) -> None:
    seen = visit(
        browser,
        f"{portal.base}/en/benefits/eco-tissue/",
        clock=clock,
        timezone_id="Europe/London",
    )
    seen.settled()

    [slot] = seen.slots()
    assert slot["state"] == state
    if state != "remaining":
        assert slot["text"] == WORDS["en"][state]
        button = seen.page.locator("[data-redeem]")
        assert button.get_attribute("aria-disabled") == "true"
    seen.page.context.close()


def hide_and_show(page: Page) -> None:
    page.evaluate(
        """() => {
        for (const state of ['hidden', 'visible']) {
          Object.defineProperty(document, 'visibilityState',
                                {value: state, configurable: true});
          document.dispatchEvent(new Event('visibilitychange'));
        }
      }"""
    )


def test_coming_back_refreshes_at_most_once_per_interval(
    portal: Portal, stub: QuotaStub, browser: Browser
) -> None:
    seen = visit(browser, f"{portal.base}/zh-cn/benefits/eco-tissue/")
    seen.page.wait_for_function("() => document.body.dataset.quotas === 'updated'")

    hide_and_show(seen.page)  # within the 60 s interval: no request
    assert len(seen.api_calls) == 1
    stub.switch("soldout")
    seen.page.clock.set_fixed_time("2022-03-25T10:01:01+08:00")
    with seen.page.expect_response(lambda r: "/api/quota" in r.url):
        hide_and_show(seen.page)
    seen.page.wait_for_function(
        "() => document.querySelector('[data-quota]')?.dataset.state === 'soldout'"
    )

    assert len(seen.api_calls) == 2
    seen.page.context.close()


@pytest.fixture(scope="module")
def bfcache_browser(playwright: Playwright) -> Iterator[Browser]:
    """Playwright turns the back-forward cache off by default; the app's
    webview has it on."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=FLAGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield browser
    browser.close()


OPEN_BENEFIT = """\
title: {{zh-CN: 长期权益{n}, en: Lasting benefit {n}}}
summary: 长期有效。
body: 长期有效。
partner: 合作方
lines: [green]
tiers: {{from: basic}}
valid: {{from: 2022-01-01}}
quota: {{total: {total}}}
redeem: {{url: "testbank://benefits/open-{n}"}}
"""


@pytest.fixture(scope="module")
def quick_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """Benefits with no end date, built for today and seen on the real clock
    (Playwright's fake clock hides the navigation timing the script reads),
    refreshing whenever the customer comes back."""
    project = Project(tmp_path_factory.mktemp("quick"), MINI)
    site_yaml = project.content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text("utf-8") + "  refresh_seconds: 0\n", "utf-8"
    )
    for n, total in ((1, 400), (2, 900)):
        project.write(f"benefits/open-{n}.yaml", OPEN_BENEFIT.format(n=n, total=total))
    project.build(as_of=None)
    stub = QuotaStub({"open-1": 400, "open-2": 900}, slow_seconds=6.0, cache_seconds=0)
    with serving(project.output, stub) as base:
        yield Portal(base, stub, project.output)


@pytest.mark.parametrize("cached", [True, False], ids=["bfcache", "reload"])
def test_back_navigation_shows_the_last_values_at_once_then_refreshes(
    quick_portal: Portal,
    browser: Browser,
    bfcache_browser: Browser,
    cached: bool,
) -> None:
    stub = quick_portal.stub
    stub.switch("normal")
    page = (bfcache_browser if cached else browser).new_context().new_page()
    calls: list[str] = []
    page.on("request", lambda r: calls.append(r.url) if "/api/" in r.url else None)
    page.goto(f"{quick_portal.base}/en/benefits/open-1/")
    page.wait_for_function("() => document.body.dataset.quotas === 'updated'")
    before = page.locator("[data-quota]").inner_text()
    page.evaluate("() => { window.stayedInMemory = true; }")
    page.goto(f"{quick_portal.base}/en/benefits/open-2/")
    page.wait_for_function("() => document.body.dataset.quotas === 'updated'")
    stub.switch("slow")

    page.go_back(wait_until="commit")
    page.wait_for_function(
        "() => document.querySelector('[data-quota]')?.classList.contains('refreshing')"
    )

    assert page.locator("[data-quota]").inner_text() == before == "240 places left"
    if cached:  # the very same document, frozen and thawed
        assert page.evaluate("() => window.stayedInMemory") is True
    else:  # loaded again, from the HTTP cache
        kind = page.evaluate("() => performance.getEntriesByType('navigation')[0].type")
        assert kind == "back_forward"
    page.wait_for_function(
        "() => document.body.dataset.quotas === 'failed'", timeout=10_000
    )
    assert page.locator("[data-quota]").inner_text() == before  # kept on timeout
    assert "refreshing" not in (
        page.locator("[data-quota]").get_attribute("class") or ""
    )
    assert len(calls) == 3
    stub.switch("normal")
    page.context.close()


def test_an_older_answer_cannot_land_after_a_newer_one(
    portal: Portal, stub: QuotaStub, browser: Browser
) -> None:
    """Coming back while a request is under way sends no second request, so
    answers can never arrive out of order."""
    held: list[Route] = []
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(CAMPAIGN_DAY)
    page.route("**/api/quota*", lambda route: held.append(route))
    with page.expect_request(lambda request: "/api/quota" in request.url):
        page.goto(f"{portal.base}/en/benefits/eco-tissue/")
    page.clock.set_fixed_time("2022-03-25T10:05:00+08:00")  # interval passed

    hide_and_show(page)  # while the first request is still held
    # A refresh would have marked the slot at once, in the same event.
    assert page.evaluate("() => document.querySelectorAll('.refreshing').length") == 0
    assert len(held) == 1
    body = {"quotas": {"eco-tissue": {"remaining": 900, "claimed": False}}}
    held[0].fulfill(status=200, content_type="application/json", body=json.dumps(body))
    page.wait_for_function("() => document.body.dataset.quotas === 'updated'")
    assert page.locator("[data-quota]").inner_text() == "900 places left"

    hide_and_show(page)  # now idle: this one is sent
    page.wait_for_function("() => document.querySelectorAll('.refreshing').length")
    assert len(held) == 2
    context.close()


def test_tier_hint_sends_the_customer_to_the_zone_and_is_remembered(
    portal: Portal, stub: QuotaStub, browser: Browser
) -> None:
    page = browser.new_context().new_page()
    page.clock.set_fixed_time(CAMPAIGN_DAY)

    page.goto(f"{portal.base}/zh-cn/?tier=xiang")
    page.wait_for_url(f"{portal.base}/zh-cn/xiang/")
    page.goto(f"{portal.base}/zh-cn/benefits/eco-tissue/")

    link = page.locator("[data-my-zone]")
    assert link.get_attribute("href") == "/zh-cn/xiang/"
    assert "pending" not in (link.get_attribute("class") or "")
    assert link.inner_text() == "我的专区"
    page.goto(f"{portal.base}/zh-cn/")  # no hint: every zone, no redirect
    assert page.url == f"{portal.base}/zh-cn/"
    assert page.locator(".zone-card").count() == 4
    page.context.close()


@pytest.mark.parametrize("hint", ["evil", "../xiang", "XIANG", ""])
def test_an_invalid_tier_hint_is_ignored(
    portal: Portal, browser: Browser, hint: str
) -> None:
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{portal.base}/zh-cn/?tier={hint}")
    page.wait_for_load_state("load")

    assert page.url == f"{portal.base}/zh-cn/?tier={hint}"
    assert page.evaluate("() => localStorage.getItem('portal:tier')") is None
    assert "pending" in (page.locator("[data-my-zone]").get_attribute("class") or "")
    assert errors == []
    page.context.close()


def test_the_app_can_set_the_tier_through_the_documented_hook(
    portal: Portal, browser: Browser
) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{portal.base}/en/benefits/eco-tissue/")

    assert page.evaluate("() => window.benefitsPortal.setTier('nope')") is False
    assert page.evaluate("() => window.benefitsPortal.setTier('pin')") is True
    assert page.locator("[data-my-zone]").get_attribute("href") == "/en/pin/"
    assert page.evaluate("() => localStorage.getItem('portal:tier')") == "pin"
    page.context.close()


@pytest.mark.parametrize("locale", ["zh-cn", "en"])
def test_live_values_move_nothing_on_the_page(
    portal: Portal, stub: QuotaStub, browser: Browser, locale: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2
    )
    page = context.new_page()
    page.clock.set_fixed_time(CAMPAIGN_DAY)
    page.goto(f"{portal.base}/{locale}/?tier=hui")  # also reveals "my zone"
    page.wait_for_url(f"{portal.base}/{locale}/hui/")
    stub.switch("low")
    page.add_init_script(WATCH)
    page.reload()
    page.wait_for_function("() => document.body.dataset.quotas === 'updated'")

    assert page.evaluate("() => window.__shifts") == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"quotas-zone-{locale}.png", full_page=True)
    context.close()
