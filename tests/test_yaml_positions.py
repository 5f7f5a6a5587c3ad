"""YAML is parsed with the position of every key and value."""

from __future__ import annotations

from datetime import date

import pytest

from site_builder.content.yamlpos import dotted, parse
from site_builder.language import use_language
from site_builder.problems import Place, Problems

TEXT = """\
title: Bike
valid:
  from: 2022-03-22
  until: 2022-13-01
select:
  ids: [a, b,
        c]
"""


def test_values_and_keys_have_their_own_positions() -> None:
    problems = Problems()
    data, positions = parse(TEXT, "content/x.yaml", problems)

    assert data["valid"]["from"] == date(2022, 3, 22)
    assert positions.value(("valid", "from")) == Place("content/x.yaml", 3, 9)
    assert positions.key(("valid", "until")) == Place("content/x.yaml", 4, 3)
    assert positions.value(("select", "ids", 2)) == Place("content/x.yaml", 7, 9)
    assert not problems.items


def test_an_impossible_date_stays_text_for_the_model_to_explain() -> None:
    data, _ = parse(TEXT, "content/x.yaml", Problems())

    assert data["valid"]["until"] == "2022-13-01"


def test_a_missing_path_falls_back_to_its_nearest_ancestor() -> None:
    _, positions = parse(TEXT, "content/x.yaml", Problems())

    assert positions.value(("valid", "nope", 3)) == Place("content/x.yaml", 3, 3)


def test_duplicate_keys_are_reported_where_the_second_one_stands() -> None:
    problems = Problems()
    parse("title: a\nsummary: b\ntitle: c\n", "content/x.yaml", problems)

    assert [str(p) for p in problems.errors] == [
        "content/x.yaml:3:1: title: key 'title' appears twice in the same block; "
        "keep one"
    ]


def test_syntax_errors_name_line_and_column() -> None:
    problems = Problems()
    data, _ = parse("title: a\n  summary: [b\n", "content/x.yaml", problems)

    assert data is None
    [error] = problems.errors
    assert error.place.path == "content/x.yaml"
    assert error.place.line == 2
    assert error.message.startswith("YAML syntax error")


@pytest.mark.parametrize(
    ("text", "place", "advice"),
    [
        ("title: a: b\n", "1:9", "a value holding ': ' needs quotes around it"),
        ('title: "x\n', "2:1", "a quote is opened and never closed"),
        ("tiers: [a, b\nbody: x\n", "2:5", "a list in [ ] needs commas"),
        ("title: {a: 1\n", "2:1", "a block in { } needs commas"),
        ("title: *x\n", "1:8", "a value starting with '*' needs quotes"),
        ("title: @x\n", "1:8", "a value starting with '@', '`' or '%'"),
        ("title: x\n\tbody: y\n", "2:1", "indent with spaces, not tabs"),
        ("title: x\nbody\nx: 1\n", "3:1", "each line needs a key, a colon"),
        ("a:\n  - b\n c: d\n", "3:2", "this line does not line up"),
        ("a: [\n", "2:1", "a value is missing, such as after '['"),
    ],
)
def test_common_syntax_errors_come_with_advice(
    text: str, place: str, advice: str
) -> None:
    problems = Problems()
    parse(text, "content/x.yaml", problems)

    [error] = problems.errors
    assert str(error).startswith(f"content/x.yaml:{place}: YAML syntax error: {advice}")
    assert error.message.endswith(")")  # libyaml's own words follow, in brackets


def test_syntax_advice_reads_in_chinese() -> None:
    use_language("zh-CN")
    problems = Problems()
    parse('title: "x\n', "content/x.yaml", problems)

    assert problems.errors[0].message == (
        "YAML 格式错误：引号没有闭合"
        "（while scanning a quoted scalar; found unexpected end of stream）"
    )


def test_dotted_paths_read_like_the_file() -> None:
    assert dotted(("select", "ids", 2)) == "select.ids[2]"
    assert dotted(("title", "en")) == "title.en"
    assert dotted(()) == ""


def test_aliases_that_unfold_into_billions_of_values_are_refused() -> None:
    # a is 10 values, b is 10 a's, ... j is 10^10 values.
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    problems = Problems()

    data, _ = parse("\n".join(lines) + "\n", "content/shelves/bomb.yaml", problems)

    assert data is None
    [problem] = problems.errors
    assert str(problem).startswith(
        "content/shelves/bomb.yaml:1:1: this file unfolds into more than 100,000"
    )
