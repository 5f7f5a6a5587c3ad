"""Theme strings through gettext; dates and numbers through Babel."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from site_builder.i18n import Formats
from site_builder.i18n.catalogs import catalog_path
from tests.conftest import REPO, THEMES, Project

THEME = THEMES / "default"


KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def template_messages() -> set[str]:
    """Every string of the templates and of the page script's words."""
    found = [
        *extract_from_dir(
            str(THEME / "templates"),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "1"}},
            keywords=KEYWORDS,
        ),
        *extract_from_dir(
            str(REPO / "site_builder"),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ),
    ]
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


@pytest.mark.parametrize("locale", ["zh-CN", "zh-HK", "en"])
def test_each_catalogue_translates_every_string_of_the_templates(locale: str) -> None:
    with catalog_path(THEME, locale).open("rb") as file:
        catalog = read_po(file)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and all(m.string if isinstance(m.string, tuple) else (m.string,))
    }

    assert template_messages() - translated == set()
    assert "Sold out" in template_messages()
    assert len(template_messages()) > 30


def test_babel_config_finds_the_templates() -> None:
    assert "jinja2.ext.i18n" in (REPO / "babel.cfg").read_text(encoding="utf-8")


def test_plural_forms_follow_each_locale(mini: Project) -> None:
    mini.build()

    assert "1 place on offer" in mini.page("/en/benefits/bike/")
    assert "2,000 places on offer" in mini.page("/en/benefits/tissue/")
    assert "共 1 份" in mini.page("/zh-cn/benefits/bike/")
    assert "共 2,000 份" in mini.page("/zh-cn/benefits/tissue/")
    assert "See 1 benefit" in mini.page("/en/gold/")
    assert "See all 2 benefits" in mini.page("/en/basic/")


def test_an_edited_catalogue_is_used_without_a_compile_step(
    mini: Project, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    po = catalog_path(themes / "default", "en")
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgstr "Choose your zone"', 'msgstr "Pick your zone"'
        ),
        encoding="utf-8",
    )

    mini.build(themes_dir=themes)

    assert "Pick your zone" in mini.page("/en/")
    assert not list(themes.rglob("*.mo"))


def test_a_missing_catalogue_is_a_warning_and_english_remains(
    mini: Project, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    catalog_path(themes / "default", "zh-CN").unlink()

    result = mini.build(themes_dir=themes)

    assert [w.message for w in result.warnings] == [
        "no catalogue for 'zh-CN'; the theme's own texts stay in English"
    ]
    assert "Choose your zone" in mini.page("/zh-cn/")


def test_an_untranslated_theme_text_is_a_warning_naming_it(
    mini: Project, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    po = catalog_path(themes / "default", "zh-CN")
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "选择您的专区"' in text
    po.write_text(text.replace('msgstr "选择您的专区"', 'msgstr ""'), "utf-8")

    result = mini.build(themes_dir=themes)

    [warning] = result.warnings
    assert warning.place.path.endswith("zh_CN/LC_MESSAGES/messages.po")
    assert warning.message == (
        "1 theme text has no translation and shows as written: 'Choose your zone'"
    )
    assert "Choose your zone" in mini.page("/zh-cn/")


@pytest.mark.parametrize(
    ("locale", "start", "until", "expected"),
    [
        (
            "zh-CN",
            date(2022, 3, 22),
            date(2022, 3, 31),
            "2022年3月22日\u2009–\u200931日",
        ),
        ("en", date(2022, 3, 22), date(2022, 3, 31), "Mar 22\u2009–\u200931, 2022"),
        ("en", date(2022, 3, 22), date(2022, 4, 30), "Mar 22\u2009–\u2009Apr 30, 2022"),
        ("zh-HK", date(2022, 3, 22), date(2022, 3, 31), "2022年3月22日至31日"),
        ("en", date(2022, 3, 22), date(2022, 3, 22), "March 22, 2022"),
    ],
)
def test_date_ranges(locale: str, start: date, until: date, expected: str) -> None:
    assert Formats(locale).date_range(start, until) == expected


def test_numbers_are_grouped_per_locale() -> None:
    assert Formats("en").number(20000) == "20,000"
    assert Formats("zh-CN").number(1500) == "1,500"


def test_text_shown_in_the_default_locale_is_marked_with_its_language(
    mini: Project,
) -> None:
    bike = mini.content / "benefits" / "bike.yaml"
    text = bike.read_text(encoding="utf-8")
    assert "title: {zh-CN: 共享单车月卡, en: Bike-share pass}" in text
    body = "  en: |\n    Claim one **monthly pass** a month.\n"
    assert body in text
    text = text.replace(body, "").replace(
        "title: {zh-CN: 共享单车月卡, en: Bike-share pass}",
        "title: {zh-CN: 共享单车月卡}",
    )
    bike.write_text(text, encoding="utf-8")

    mini.build()

    english = mini.page("/en/benefits/bike/")
    chinese = mini.page("/zh-cn/benefits/bike/")
    assert '<h1><span lang="zh-CN">共享单车月卡</span></h1>' in english
    assert "<title>共享单车月卡 · " in english  # titles stay plain text
    assert "<h1>共享单车月卡</h1>" in chinese
    assert '<span lang="zh-CN">' not in chinese
    assert '<span lang="zh-CN">共享单车月卡</span>' in mini.page("/en/basic/")
    assert '<div class="prose" lang="zh-CN"><p>每月可领取一张' in english
    assert '<div class="prose"><p>每月可领取一张' in chinese
