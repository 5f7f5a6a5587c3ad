"""``sitemap.xml`` with hreflang alternates, and ``robots.txt`` pointing at it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.sax.saxutils import quoteattr

from site_builder.plan import Page

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap_xml(
    pages: Iterable[Page], absolute: Callable[[str], str], default_locale: str
) -> str:
    """One ``<url>`` per indexable localized page, each listing its siblings
    and, as ``x-default``, the default locale's, as the pages themselves do."""
    lines = [_HEAD]
    for page in pages:
        if not page.indexable or page.locale is None:
            continue
        lines.append(f"  <url>\n    <loc>{_escape(absolute(page.route))}</loc>\n")
        links = list(page.alternates.items())
        if default_locale in page.alternates:
            links.append(("x-default", page.alternates[default_locale]))
        for locale, route in links:
            lines.append(
                '    <xhtml:link rel="alternate" '
                f"hreflang={quoteattr(locale)} href={quoteattr(absolute(route))}/>\n"
            )
        lines.append("  </url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")
