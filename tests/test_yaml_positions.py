"""YAML is parsed with the position of every key and value."""

from __future__ import annotations

from datetime import date

from site_builder.content.yamlpos import dotted, parse
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


def test_dotted_paths_read_like_the_file() -> None:
    assert dotted(("select", "ids", 2)) == "select.ids[2]"
    assert dotted(("title", "en")) == "title.en"
    assert dotted(()) == ""
