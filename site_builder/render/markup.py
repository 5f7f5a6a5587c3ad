"""Markdown from content, rendered and then sanitised.

Two walls: Python-Markdown's raw-HTML handling is switched off, so markup
typed into content shows as text; then nh3 keeps only a short list of tags
and attributes and the link schemes the site allows.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

from site_builder.render.plain_inline import PRIORITY, PlainInline

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


class MarkdownRenderer:
    def __init__(self, app_schemes: tuple[str, ...]) -> None:
        self.schemes = {"https", "mailto", "tel", *(s.lower() for s in app_schemes)}
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            url_schemes=self.schemes,
            link_rel="noopener noreferrer",
        )
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"])
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        # Only what docs/content.md promises editors is parsed: pictures would
        # bypass fingerprinting (nh3 drops them anyway), and reference-style
        # links and <autolinks> are not part of the format. Each pattern left
        # out is one scan less over every paragraph of every benefit.
        for name in (
            "image_link",
            "image_reference",
            "short_image_ref",
            "reference",
            "short_reference",
            "autolink",
            "automail",
        ):
            self._md.inlinePatterns.deregister(name)
        self._md.treeprocessors.register(PlainInline(self._md), "plain", PRIORITY)

    def render(self, text: str) -> Markup:
        self._md.reset()
        html = self._md.convert(text)
        return Markup(self.clean(html))

    def clean(self, html: str) -> str:
        return str(self._cleaner.clean(html))
