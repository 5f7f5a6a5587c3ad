"""The shortcut past Python-Markdown's inline pass changes speed, not HTML."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.render.markup import MarkdownRenderer
from site_builder.render.plain_inline import plain_pieces

# Pieces chosen to meet at every edge the shortcut decides on: the forms it
# builds itself, the characters that send a text the usual way, spaces next
# to stars (which Python-Markdown may read as literal stars), and the block
# syntax around paragraphs.
PIECES = [
    "礼遇",
    "a b",
    " ",
    "\u3000",
    "\xa0",
    "\t",
    "\n",
    "  \n",
    "\n\n",
    "**",
    "*",
    "_",
    "__",
    "***",
    " ** ",
    "**粗体**",
    "**a b**",
    "[",
    "]",
    "(",
    ")",
    "[链接](https://partner.example/a?b=1)",
    "[ l ](https://q.example)",
    "[l](mailto:care@bank.example)",
    "[l](qinghe://benefits/x)",
    "https://x.example/z",
    "<https://a.example>",
    "!",
    "&",
    "&amp;",
    "<",
    ">",
    "`",
    "\\",
    "'",
    '"',
    "- ",
    "1. ",
    "# ",
    "## ",
    "> ",
    "    ",
    "| a | **b** |\n|---|---|\n| [c](https://d.example) | x |\n",
]

with_shortcut = MarkdownRenderer(("qinghe",))
without_shortcut = MarkdownRenderer(("qinghe",))
without_shortcut._md.treeprocessors.deregister("plain")


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_same_html_as_python_markdown(text: str) -> None:
    assert with_shortcut.render(text) == without_shortcut.render(text)


@pytest.mark.parametrize(
    "text",
    [
        "只需 **注册** 并阅读[规则](https://bank.example/rules)即可。",
        "**a**b**c**",
        "[一](https://a.example) 与 [二](https://b.example)",
    ],
)
def test_plain_paragraphs_take_the_shortcut(text: str) -> None:
    assert plain_pieces(text) is not None
    assert with_shortcut.render(text) == without_shortcut.render(text)


@pytest.mark.parametrize(
    "text",
    [
        "a ** b ** c",  # stars with spaces around them stay stars
        "**b **",
        "*斜体*",
        "[a](javascript:alert(1))",
        "a  \nb",
        "a & b",
        "`code`",
    ],
)
def test_other_inline_syntax_goes_the_usual_way(text: str) -> None:
    assert plain_pieces(text) is None
    assert with_shortcut.render(text) == without_shortcut.render(text)
