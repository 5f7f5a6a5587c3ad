"""The sample programme in content/, built end to end."""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from site_builder.build import load_site, today_in
from site_builder.problems import Problems
from tests.conftest import SAMPLE, Project
from tests.html_tools import html_files, parse_page, route_of

SITE = yaml.safe_load((SAMPLE / "site.yaml").read_text(encoding="utf-8"))
LOCALES: list[str] = SITE["locales"]
TIERS = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in sorted((SAMPLE / "tiers").glob("*.yaml"))
}
BENEFITS = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in sorted((SAMPLE / "benefits").glob("*.yaml"))
}
CAMPAIGN = "warm-heart"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("sample"), SAMPLE)
    project.build(as_of=date(2022, 3, 25))
    return project


def expected_routes() -> set[str]:
    routes = {"/", "/404.html"}
    for locale in LOCALES:
        slug = locale.lower()
        routes |= {f"/{slug}/", f"/{slug}/404.html"}
        for tier_id, tier in TIERS.items():
            routes.add(f"/{slug}/{tier_id}/")
            routes |= {f"/{slug}/{tier_id}/{shelf}/" for shelf in tier["shelves"]}
        routes |= {f"/{slug}/benefits/{b}/" for b in BENEFITS}
    return routes


def test_the_sample_programme_has_the_promised_scale() -> None:
    assert sorted(TIERS) == ["hui", "pin", "xiang", "yue"]
    assert [TIERS[t]["rank"] for t in ("hui", "yue", "xiang", "pin")] == [1, 2, 3, 4]
    assert len(BENEFITS) >= 20
    assert len(list((SAMPLE / "shelves").glob("*.yaml"))) >= 6
    assert LOCALES == ["zh-CN", "zh-HK", "en"]


def test_every_page_of_the_url_contract_is_built(built: Project) -> None:
    routes = {route_of(built.output, f) for f in html_files(built.output)}

    assert routes == expected_routes()
    assert (built.output / "sitemap.xml").is_file()


def test_every_internal_link_and_source_resolves(built: Project) -> None:
    broken = []
    for file in html_files(built.output):
        for url in parse_page(file).urls():
            parts = urlsplit(url)
            if parts.scheme or url.startswith("#"):
                continue
            target = built.output / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{route_of(built.output, file)} -> {url}")
    assert broken == []


def test_pages_declare_language_alternates_and_a_strict_policy(built: Project) -> None:
    for file in html_files(built.output):
        route = route_of(built.output, file)
        page = parse_page(file)
        [html] = page.find("html")
        slug = route.split("/")[1]
        locale = next((loc for loc in LOCALES if loc.lower() == slug), LOCALES[0])
        assert html.attrs["lang"] == locale, route
        [policy] = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert "script-src 'self'" in policy.attrs["content"]
        assert "default-src 'none'" in policy.attrs["content"]
        assert page.inline_scripts == 0, route
        handlers = [a for e in page.elements for a in e.attrs if a.startswith("on")]
        assert handlers == [], route
        hreflangs = {e.attrs["hreflang"] for e in page.find("link", rel="alternate")}
        assert hreflangs == {*LOCALES, "x-default"}, route


def inline_styles(page: Path) -> str:
    [styles] = re.findall(r"<style>(.*?)</style>", page.read_text("utf-8"), re.S)
    return str(styles)


def test_styles_travel_in_the_page_allowed_by_their_hash(built: Project) -> None:
    file = built.output / "en" / "index.html"
    page = parse_page(file)
    styles = inline_styles(file)
    digest = base64.b64encode(hashlib.sha256(styles.encode("utf-8")).digest())
    [policy] = page.find("meta", **{"http-equiv": "Content-Security-Policy"})

    assert page.find("link", rel="stylesheet") == []
    assert f"style-src 'self' 'sha256-{digest.decode()}';" in policy.attrs["content"]
    assert ".masthead" in styles and "/*" not in styles  # minified theme CSS
    [script] = page.find("script")
    assert script.attrs["src"].startswith("/assets/app.")
    assert script.attrs["integrity"].startswith("sha384-")
    assert not list((built.output / "assets").glob("*.css"))


def test_zones_are_themed_by_their_tier(built: Project) -> None:
    for tier_id, tier in TIERS.items():
        accent = tier["style"]["accent"].lower()
        file = built.output / "zh-cn" / tier_id / "index.html"
        assert f".zone-{tier_id}{{--accent:{accent}}}" in inline_styles(file)
        page = parse_page(file)
        [body] = page.find("body")
        assert body.attrs["class"] == f"zone-{tier_id}"
        hero = page.find("img", **{"class": "hero-image"})
        assert hero and hero[0].attrs["src"].startswith("/assets/images/")


def zone_shelves(project: Project, locale: str, tier: str) -> list[str]:
    page = parse_page(project.output / locale / tier / "index.html")
    return [e.attrs["id"] for e in page.find("h2") if "id" in e.attrs]


def test_campaign_shelf_is_shown_only_inside_its_window(sample: Project) -> None:
    sample.build(as_of=date(2022, 3, 25))
    inside = {t: zone_shelves(sample, "zh-cn", t) for t in TIERS}
    sample.build(as_of=date(2022, 4, 15))
    after = {t: zone_shelves(sample, "zh-cn", t) for t in TIERS}

    for tier in TIERS:
        assert f"shelf-{CAMPAIGN}" in inside[tier]
        assert f"shelf-{CAMPAIGN}" not in after[tier]
    ended = sample.page(f"/en/hui/{CAMPAIGN}/")
    assert "This campaign has ended." in ended
    assert '<meta name="robots" content="noindex">' in ended


def test_benefit_outside_its_window_leaves_shelves_but_keeps_its_page(
    sample: Project,
) -> None:
    ended_id = next(
        b
        for b, data in BENEFITS.items()
        if data["valid"].get("until")
        and data["valid"]["until"] < date(2022, 4, 15)
        and data["valid"]["from"] <= date(2022, 3, 25)
    )
    sample.build(as_of=date(2022, 4, 15))

    link = f'href="/en/benefits/{ended_id}/"'
    for file in html_files(sample.output / "en"):
        if "/benefits/" not in file.as_posix():
            assert link not in file.read_text("utf-8"), file
    page = sample.page(f"/en/benefits/{ended_id}/")
    assert "This benefit ended on" in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'aria-disabled="true"' in page


def test_sitemap_lists_indexable_pages_with_hreflang_alternates(built: Project) -> None:
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    tree = ET.parse(built.output / "sitemap.xml")
    urls = tree.getroot().findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) or "" for u in urls]

    assert SITE["base_url"] + "zh-cn/hui/" in locs
    assert not any(loc.endswith("404.html") for loc in locs)
    for url in urls:
        links = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert set(links) == {*LOCALES, "x-default"}
        assert links["x-default"] == links["zh-CN"]
    for loc in locs:
        page = parse_page(built.output / urlsplit(loc).path.lstrip("/") / "index.html")
        assert not page.find("meta", name="robots")


def test_date_ranges_read_naturally_in_each_locale(built: Project) -> None:
    shelf = f"/{{}}/hui/{CAMPAIGN}/"
    assert "2022年3月22日\u2009–\u200931日" in built.page(shelf.format("zh-cn"))
    assert "Mar 22\u2009–\u200931, 2022" in built.page(shelf.format("en"))


def test_every_locale_is_fully_translated(built: Project) -> None:
    zh_hk = built.page("/zh-hk/xiang/")
    en = built.page("/en/xiang/")
    assert TIERS["xiang"]["name"]["zh-HK"] in zh_hk
    assert TIERS["xiang"]["name"]["en"] in en
    assert "选择您的专区" in built.page("/zh-cn/")
    assert "選擇您的專區" in built.page("/zh-hk/")
    assert "Choose your zone" in built.page("/en/")


def test_root_offers_every_locale(built: Project) -> None:
    page = parse_page(built.output / "index.html")
    targets = {e.attrs["href"] for e in page.find("a") if e.attrs.get("hreflang")}
    assert targets == {f"/{loc.lower()}/" for loc in LOCALES}


def test_default_day_is_today_in_the_sites_time_zone(built: Project) -> None:
    site, _ = load_site(built.options(), Problems())
    evening_in_london = datetime(2022, 3, 31, 20, 0, tzinfo=UTC)

    assert today_in(site, evening_in_london) == date(2022, 4, 1)
