"""Markdown in content: the promised features work, everything else is inert."""

from __future__ import annotations

import pytest

from site_builder.render.markup import MarkdownRenderer

render = MarkdownRenderer(("qinghe",)).render


def test_promised_features_render() -> None:
    html = render(
        "## 礼遇\n\n**粗体** *斜体*\n\n- 一\n- 二\n\n1. 甲\n2. 乙\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )

    assert "<h2>礼遇</h2>" in html
    assert "<strong>粗体</strong> <em>斜体</em>" in html
    assert "<ul>\n<li>一</li>" in html and "<ol>\n<li>甲</li>" in html
    assert "<td>1</td>" in html


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://partner.example/a", True),
        ("qinghe://benefits/x", True),
        ("mailto:care@bank.example", True),
        ("tel:95528", True),
        ("http://partner.example/a", False),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
    ],
)
def test_links_keep_only_allowed_schemes(url: str, kept: bool) -> None:
    html = render(f"[go]({url})")

    assert (f'href="{url}"' in html) is kept
    assert 'rel="noopener noreferrer"' in html


def test_features_outside_the_format_stay_text() -> None:
    html = render(
        "![pic](https://evil.example/x.png) [a][1] <https://x.example>\n\n"
        "[1]: https://x.example\n"
    )

    assert "<img" not in html
    assert "<a" not in html
    assert "&lt;https://x.example&gt;" in html
