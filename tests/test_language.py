"""Problem reports in the editor's language: Chinese for most editors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from site_builder.language import (
    available,
    catalogue_path,
    say,
    say_plural,
    use_language,
)
from site_builder.problems import ContentError
from tests.conftest import REPO, THEMES, Project

KEYWORDS = {"say": None, "say_plural": (1, 2)}


def run(project: Project, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "site_builder", *args, "--themes", str(THEMES)]
    environment = {k: v for k, v in os.environ.items() if k != "SITE_BUILDER_LANG"}
    environment.update(env)
    return subprocess.run(
        command,
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )


def test_lang_zh_cn_reports_problems_and_the_outcome_in_chinese(
    mini: Project,
) -> None:
    mini.write("benefits/bike.yaml", "titel: x\n")

    result = run(mini, "build", "--lang", "zh-CN")

    lines = result.stderr.splitlines()
    assert result.returncode == 1
    unknown = "未知的字段 'titel'；是不是要写 'title'？"
    assert f"content/benefits/bike.yaml:1:1: titel: {unknown}" in lines
    assert "content/benefits/bike.yaml:1:1: valid: 缺少这个必填字段" in lines
    assert lines[-1] == "失败：8 个错误；output/ 保持原样，未作改动。"


def test_a_chinese_system_gets_chinese_reports_without_asking(mini: Project) -> None:
    mini.write("benefits/bike.yaml", "titel: x\n")

    chinese = run(mini, "check", LANG="zh_CN.UTF-8")
    plain = run(mini, "check", LANG="C.UTF-8", LC_ALL="", LANGUAGE="")

    assert chinese.stderr.splitlines()[-1] == "失败：8 个错误；未写入任何文件。"
    assert plain.stderr.splitlines()[-1] == "Failed: 8 errors; nothing was written."


def test_check_reports_warnings_and_completeness_in_chinese(mini: Project) -> None:
    bike = (mini.content / "benefits" / "bike.yaml").read_text(encoding="utf-8")
    mini.write("benefits/bike.yaml", bike.replace(", en: Bike-share pass", ""))

    result = run(mini, "check", "--lang", "zh-CN")

    assert result.returncode == 0, result.stderr
    assert (
        "content/benefits/bike.yaml:1:8: 警告：title: 没有 'en' 的翻译；"
        "将显示 'zh-CN' 的文字" in result.stderr.splitlines()
    )
    assert "翻译完成度：" in result.stderr
    assert "  en     内容  96.4%（28 条文字中已有 27 条）   主题：完整" in result.stderr
    assert result.stderr.strip().endswith("内容有效，有 1 条警告")


def test_a_cross_check_reads_in_chinese_at_the_same_place(mini: Project) -> None:
    use_language("zh-CN")
    bike = (mini.content / "benefits" / "bike.yaml").read_text(encoding="utf-8")
    mini.write(
        "benefits/bike.yaml", bike.replace("from: 2022-01-01", "from: 2023-01-01")
    )

    with pytest.raises(ContentError) as failure:
        mini.build(as_of=date(2022, 3, 25))

    [problem] = failure.value.problems.errors
    assert str(problem) == (
        "content/benefits/bike.yaml:11:34: valid.until: 'until'（2022-12-31）早于 "
        "'from'（2023-01-01）；这个时间段永远不会开始"
    )
    assert str(failure.value) == "1 个错误"


@pytest.mark.parametrize(
    ("asked", "chosen"),
    [
        ("zh-CN", "zh-CN"),
        ("zh_CN.UTF-8", "zh-CN"),
        ("zh-HK", "zh-CN"),  # no Traditional catalogue yet: the nearest one
        ("en", "en"),
        ("C.UTF-8", "en"),
        ("fr_FR", "en"),
    ],
)
def test_the_language_asked_for_picks_a_catalogue(asked: str, chosen: str) -> None:
    assert use_language(asked) == chosen


def test_english_is_the_text_in_the_code() -> None:
    use_language("en")

    assert say("unknown key '{key}'", key="titel") == "unknown key 'titel'"
    assert say_plural("{count} error", "{count} errors", 2) == "2 errors"


def code_messages() -> dict[str | tuple[str, ...], str]:
    """Every message the code says, with the file and line saying it."""
    found = extract_from_dir(
        str(REPO / "site_builder"), method_map=[("**.py", "python")], keywords=KEYWORDS
    )
    return {message: f"{name}:{line}" for name, line, message, _, _ in found}


def fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)[^}]*\}", text))


@pytest.mark.parametrize("language", available())
def test_every_message_is_translated_with_the_same_placeholders(
    language: str,
) -> None:
    with catalogue_path(language).open("rb") as file:
        catalog = read_po(file)
    translated = {m.id: m.string for m in catalog if m.id}

    for message, where in code_messages().items():
        assert message in translated, f"{where}: no {language} translation"
        singular = message[0] if isinstance(message, tuple) else message
        string = translated[message]
        texts = tuple(string) if isinstance(string, tuple | list) else (string,)
        assert all(texts), f"{where}: empty {language} translation"
        for text in (singular, *texts):
            assert fields(str(text)) == fields(singular), f"{where}: {text}"
            str(text).format(**dict.fromkeys(fields(singular), 1))  # braces pair up


def test_the_template_for_translators_lists_every_message() -> None:
    with (REPO / "site_builder" / "locales" / "site_builder.pot").open("rb") as file:
        template = {m.id for m in read_po(file) if m.id}

    assert template == set(code_messages())
