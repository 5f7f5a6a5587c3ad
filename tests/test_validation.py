"""Every kind of content mistake is reported at its file, line, column and field."""

from __future__ import annotations

import contextlib

import pytest

from site_builder.build import BuildOptions, load_site
from site_builder.problems import ContentError, Problems
from tests.conftest import THEMES, Project

BENEFIT = """\
title: {zh-CN: 共享单车月卡, en: Bike-share pass}
summary: {zh-CN: 每月免费骑行。, en: Ride free all month.}
body: {zh-CN: 正文, en: Body}
partner: 青桔单车
lines: [green]
tiers: {from: basic}
valid: {from: 2022-01-01, until: 2022-12-31}
redeem:
  url: testbank://benefits/bike
"""


def problems(project: Project) -> tuple[list[str], list[str]]:
    """(errors, warnings) as the command line prints them."""
    found = Problems()
    options = BuildOptions(project.content, project.output, THEMES)
    with contextlib.suppress(ContentError):
        load_site(options, found)
    return [str(p) for p in found.errors], [str(p) for p in found.warnings]


def with_line(line_no: int, new: str) -> str:
    lines = BENEFIT.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


def test_the_fixture_programme_is_valid(mini: Project) -> None:
    assert problems(mini) == ([], [])


def test_unknown_key_suggests_the_known_one(mini: Project) -> None:
    mini.write("benefits/bike.yaml", BENEFIT + "titel: typo\n")

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:10:1: titel: unknown key 'titel'; "
        "did you mean 'title'?"
    ]


def test_unknown_nested_key_lists_what_is_allowed(mini: Project) -> None:
    mini.write("benefits/bike.yaml", BENEFIT + "  button: go\n")

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:10:3: redeem.button: unknown key 'button'; "
        "expected one of 'url', 'label', 'steps'"
    ]


def test_missing_field_points_at_the_block_that_lacks_it(mini: Project) -> None:
    mini.write(
        "benefits/bike.yaml",
        BENEFIT.replace("  url: testbank://benefits/bike\n", "  label: Go\n"),
    )

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:8:1: redeem.url: this required field is missing"
    ]


def test_wrong_type_says_what_was_expected(mini: Project) -> None:
    mini.write("benefits/bike.yaml", BENEFIT + "priority: high\n")

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:10:11: priority: expected a whole number, "
        "got 'high'"
    ]


def test_impossible_date_is_reported_at_its_value(mini: Project) -> None:
    mini.write(
        "benefits/bike.yaml",
        with_line(7, "valid: {from: 2022-02-30, until: 2022-12-31}"),
    )

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:7:15: valid.from: expected a date written "
        "YYYY-MM-DD, such as 2022-03-22; got '2022-02-30'"
    ]


def test_until_before_from_is_an_error(mini: Project) -> None:
    mini.write(
        "benefits/bike.yaml",
        with_line(7, "valid: {from: 2022-12-31, until: 2022-01-01}"),
    )

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:7:34: valid.until: 'until' (2022-01-01) is "
        "before 'from' (2022-12-31); the window would never open"
    ]


def test_unknown_tier_line_and_benefit_ids_suggest_the_closest(mini: Project) -> None:
    mini.write("benefits/bike.yaml", with_line(6, "tiers: {from: basc}"))
    mini.write(
        "shelves/green.yaml",
        "title: G\nselect: {lines: [gren], ids: [bike, tisue]}\npinned: [bike, bike]\n",
    )

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:6:15: tiers.from: unknown tier 'basc'; "
        "did you mean 'basic'?",
        "content/shelves/green.yaml:2:18: select.lines[0]: unknown line 'gren'; "
        "did you mean 'green'?",
        "content/shelves/green.yaml:2:37: select.ids[1]: unknown benefit 'tisue'; "
        "did you mean 'tissue'?",
        "content/shelves/green.yaml:3:16: pinned[1]: benefit 'bike' is listed twice",
    ]


def test_duplicate_rank_and_bad_colour(mini: Project) -> None:
    gold = (mini.content / "tiers/gold.yaml").read_text(encoding="utf-8")
    gold = gold.replace("rank: 2", "rank: 1").replace('"#6b3fa0"', "purple")
    mini.write("tiers/gold.yaml", gold)

    errors, _ = problems(mini)

    assert errors == [
        "content/tiers/gold.yaml:6:11: style.accent: expected a colour written "
        "'#RRGGBB' in quotes, such as \"#1f6f4a\"; got 'purple'",
    ]
    gold = gold.replace("purple", '"#6b3fa0"')
    mini.write("tiers/gold.yaml", gold)
    errors, _ = problems(mini)
    assert errors == [
        "content/tiers/gold.yaml:2:7: rank: rank 1 is also the rank of tier "
        "'basic'; each tier needs its own rank"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Bike_Pass",
            "the file name 'Bike_Pass' is not a valid benefit id; use "
            "lowercase letters, digits and hyphens, such as 'bike-pass'",
        ),
        ("assets", "'assets' is reserved for the site's own pages; rename the file"),
        (
            "benefits",
            "'benefits' is reserved for the site's own pages; rename the file",
        ),
    ],
)
def test_ids_must_be_slugs_and_not_reserved(
    mini: Project, name: str, message: str
) -> None:
    mini.write(f"benefits/{name}.yaml", BENEFIT)

    errors, _ = problems(mini)

    assert errors == [f"content/benefits/{name}.yaml:1:1: id: {message}"]


def test_duplicate_ids_across_extensions(mini: Project) -> None:
    mini.write("benefits/bike.yml", BENEFIT)

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yml:1:1: id: another file in benefits/ already has "
        "the id 'bike'; ids must be unique"
    ]


def test_unknown_locale_in_text(mini: Project) -> None:
    mini.write("benefits/bike.yaml", with_line(1, "title: {zh-CN: 月卡, en-US: Pass}"))

    errors, warnings = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:1:20: title.en-US: unknown locale 'en-US'; this "
        "site's locales are 'zh-CN', 'en'; did you mean 'en'?"
    ]
    assert warnings == [
        "content/benefits/bike.yaml:1:8: warning: title: no 'en' translation; "
        "showing the 'zh-CN' text"
    ]


def test_text_missing_in_the_default_locale_is_an_error(mini: Project) -> None:
    mini.write("benefits/bike.yaml", with_line(2, "summary: {en: Ride free.}"))

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:2:10: summary: text in the default locale "
        "'zh-CN' is missing"
    ]


@pytest.mark.parametrize(
    ("line", "column"),
    [('summary: ""', 10), ("summary: {zh-CN: '  ', en: Ride free.}", 11)],
)
def test_blank_text_in_the_default_locale_is_missing_text(
    mini: Project, line: str, column: int
) -> None:
    mini.write("benefits/bike.yaml", with_line(2, line))

    errors, warnings = problems(mini)

    assert errors == [
        f"content/benefits/bike.yaml:2:{column}: summary: text in the default "
        "locale 'zh-CN' is missing"
    ]
    assert warnings == []


def test_a_locale_text_that_is_not_text_is_reported_at_that_locale(
    mini: Project,
) -> None:
    mini.write(
        "benefits/bike.yaml",
        with_line(1, "title:\n  zh-CN: 月卡\n  en: [Bike, pass]"),
    )

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:3:7: title.en: the text for 'en' must be plain text"
    ]


def test_a_locale_listed_twice_is_reported_at_the_second(mini: Project) -> None:
    site = (mini.content / "site.yaml").read_text(encoding="utf-8")
    mini.write(
        "site.yaml", site.replace("locales: [zh-CN, en]", "locales: [zh-CN, en, en]")
    )

    errors, _ = problems(mini)

    assert "content/site.yaml:4:22: locales[2]: locale 'en' is listed twice" in errors


def test_unknown_site_locale(mini: Project) -> None:
    site = (mini.content / "site.yaml").read_text(encoding="utf-8")
    mini.write(
        "site.yaml", site.replace("locales: [zh-CN, en]", "locales: [zh-CN, xx-QQ]")
    )

    errors, _ = problems(mini)

    assert "content/site.yaml:4:18: locales[1]: 'xx-QQ' is not a known locale" in errors


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "http://partner.example/x", "data:text/html,x"]
)
def test_redeem_links_accept_https_and_app_schemes_only(
    mini: Project, url: str
) -> None:
    mini.write("benefits/bike.yaml", BENEFIT.replace("testbank://benefits/bike", url))

    errors, _ = problems(mini)

    assert errors == [
        f"content/benefits/bike.yaml:9:8: redeem.url: redeem links must start with "
        f"https: or testbank:; got '{url}'"
    ]


def test_missing_image_suggests_a_near_name(mini: Project) -> None:
    mini.write("benefits/bike.yaml", BENEFIT + "image: images/crad.svg\n")

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:10:8: image: image 'images/crad.svg' not found "
        "in content/; did you mean 'card.svg'?"
    ]


def test_svg_with_script_is_refused(mini: Project) -> None:
    mini.write(
        "images/evil.svg",
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    )
    mini.write("benefits/bike.yaml", BENEFIT + "image: images/evil.svg\n")

    errors, _ = problems(mini)

    assert errors == [
        "content/benefits/bike.yaml:10:8: image: SVG image 'images/evil.svg' contains "
        "a script, an event handler or a link to another site, which is not allowed"
    ]


def test_every_problem_in_every_file_is_reported_together(mini: Project) -> None:
    mini.write("benefits/bike.yaml", BENEFIT + "titel: x\npriority: x\n")
    mini.write("shelves/green.yaml", "title: G\nsort: best\nselect: {lines: [green]}\n")
    mini.write("tiers/basic.yaml", "name: [not, text]\n")

    errors, _ = problems(mini)

    assert [e.split(": ")[0] for e in errors] == [
        "content/benefits/bike.yaml:10:1",
        "content/benefits/bike.yaml:11:11",
        "content/shelves/green.yaml:2:7",
        "content/tiers/basic.yaml:1:1",
        "content/tiers/basic.yaml:1:1",
        "content/tiers/basic.yaml:1:1",
        "content/tiers/basic.yaml:1:1",
        "content/tiers/basic.yaml:1:7",
    ]
    assert "expected one of 'priority', 'ending' or 'newest', got 'best'" in errors[2]


def test_empty_file_says_what_belongs_in_it(mini: Project) -> None:
    mini.write("shelves/green.yaml", "# nothing yet\n")

    errors, _ = problems(mini)

    assert errors == [
        "content/shelves/green.yaml:1:1: the file is empty; expected fields such as "
        "'title', 'intro', 'select', one per line"
    ]


def test_a_syntax_error_is_the_only_problem_its_file_reports(mini: Project) -> None:
    mini.write("benefits/bike.yaml", BENEFIT.replace("共享单车月卡", '"共享单车月卡'))

    errors, _ = problems(mini)

    assert len(errors) == 1
    assert errors[0].startswith("content/benefits/bike.yaml:")
    assert "YAML syntax error" in errors[0]


def test_a_misspelt_folder_or_file_is_a_warning_not_silence(mini: Project) -> None:
    mini.write("benefit/extra.yaml", BENEFIT)
    mini.write("benefits/extra.YML.txt", BENEFIT)
    mini.write(".gitkeep", "")

    errors, warnings = problems(mini)

    assert errors == []
    assert warnings == [
        "content/benefit:1:1: warning: 'benefit' is not something the builder "
        "reads, so it is ignored; did you mean 'benefits'?",
        "content/benefits/extra.YML.txt:1:1: warning: 'extra.YML.txt' is ignored: "
        "content files end in .yaml",
    ]
