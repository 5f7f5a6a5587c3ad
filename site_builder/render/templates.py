"""Jinja environments for the theme, with the site's filters and helpers."""

from __future__ import annotations

import traceback
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from site_builder.assets import Assets
from site_builder.i18n import Catalogs, Formats
from site_builder.language import say
from site_builder.model import Site
from site_builder.model.fields import Text
from site_builder.plan import Page, Status, routes
from site_builder.problems import ContentError, Place, Problem, Problems
from site_builder.render.markup import MarkdownRenderer
from site_builder.render.messages import MessageCodeGenerator, MessageTable
from site_builder.render.words import script_words


class Renderer:
    """Renders planned pages to HTML text, one Jinja environment per locale."""

    def __init__(self, site: Site, assets: Assets, catalogs: Catalogs) -> None:
        self.site = site
        self.assets = assets
        self.catalogs = catalogs
        self.markdown = MarkdownRenderer(site.config.app_schemes)
        self._compiled = _SharedBytecode()
        self._html: dict[tuple[str, str], Markup] = {}
        self.names = language_names(site.locales)
        self.environments = {
            locale: self._environment(locale, catalogs) for locale in site.locales
        }

    def render(self, page: Page) -> str:
        locale = page.locale or self.site.default_locale
        try:
            template = self.environments[locale].get_template(page.template)
            return template.render(page=page, links=self.links(page), **page.context)
        except TemplateError as error:
            problems = Problems()
            problems.extend([template_problem(error, self.site.theme_dir, page.route)])
            raise ContentError(problems) from error

    def links(self, page: Page) -> PageLinks:
        """The page's canonical and language links, worked out in Python:
        thousands of pages make each call from a template count."""
        alternates = [
            Alternate(
                locale, self.names[locale], self.url(route), self.absolute_url(route)
            )
            for locale, route in page.alternates.items()
        ]
        default = page.alternates.get(self.site.default_locale)
        return PageLinks(
            canonical=self.absolute_url(page.route),
            alternates=alternates,
            x_default=self.absolute_url(default) if default else None,
        )

    def check_templates(self, problems: Problems) -> None:
        """Compile every template once, so a syntax error names its file and line."""
        env = self.environments[self.site.default_locale]
        for name in env.list_templates(extensions=["html", "xml", "txt"]):
            try:
                env.get_template(name)
            except TemplateSyntaxError as error:
                place = Place(
                    _display(error.filename or name, self.site.theme_dir),
                    error.lineno or 1,
                )
                message = error.message or say("syntax error")
                problems.error(place, "template", message)

    def _environment(self, locale: str, catalogs: Catalogs) -> Environment:
        env = ThemeEnvironment(
            loader=FileSystemLoader(self.site.theme_dir / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=self._compiled,
            # Each build makes its own environments: nothing changes under them.
            auto_reload=False,
        )
        env.install_gettext_translations(  # type: ignore[attr-defined]
            catalogs.translations[locale], newstyle=True
        )
        env.extend(messages=MessageTable(catalogs.translations[locale]))
        formats = Formats(locale)
        env.filters.update(
            t=lambda text: self.site.text(text, locale),
            t_html=lambda text: self._marked(text, locale),
            lang_of=lambda text: self._lang_of(text, locale),
            markdown=lambda text: self._markdown(text, locale),
            date=formats.date,
            date_range=formats.date_range,
            number=formats.number,
        )
        env.globals.update(
            site=self.site,
            config=self.site.config,
            locale=locale,
            routes=routes,
            Status=Status,
            url=self.url,
            image_url=self.image_url,
            csp=self.content_security_policy(),
            language_name=self.names.__getitem__,
            home=self.url(routes.entry(locale)),
            zone_url={t: self.url(routes.zone(locale, t)) for t in self.site.tiers},
            styles=Markup(self.assets.styles.text),
            script=(
                self.url(self.assets["app.js"].path),
                self.assets["app.js"].integrity,
            ),
            words=script_words(catalogs.translations[locale], locale),
            quota=self.site.config.quota_api,
        )
        env.globals["card"] = partial(self._card, env, locale)
        return env

    def _card(
        self, env: Environment, locale: str, benefit_id: str, heading: str = "h3"
    ) -> Markup:
        """A benefit's card is the same on every shelf of a locale: render it once."""
        key = (f"card:{locale}:{heading}", benefit_id)
        if key not in self._html:
            html = env.get_template("card.html").render(
                benefit_id=benefit_id,
                benefit=self.site.benefits[benefit_id],
                heading=heading,
            )
            self._html[key] = Markup(html)
        return self._html[key]

    def adopt_markdown(self, rendered: dict[str, str]) -> None:
        """Take Markdown rendered elsewhere with this renderer's settings."""
        for source, html in rendered.items():
            self._html[("markdown", source)] = Markup(html)

    def _lang_of(self, text: Text | None, locale: str) -> Markup:
        """`` lang="zh-CN"`` for an element whose text falls back to the
        default locale, so a screen reader reads it in the right voice."""
        default = self.site.default_locale
        if text is None or locale == default or text.has(locale):
            return Markup("")
        return Markup(' lang="{}"').format(default)

    def _marked(self, text: Text | None, locale: str) -> Markup:
        """The text in ``locale`` as HTML; in a span marked with its language
        when it falls back to the default locale's."""
        shown = self.site.text(text, locale)
        lang = self._lang_of(text, locale)
        return (
            Markup("<span{}>{}</span>").format(lang, shown) if lang else escape(shown)
        )

    def _markdown(self, text: Text | None, locale: str) -> Markup:
        source = self.site.text(text, locale)
        key = ("markdown", source)
        if key not in self._html:
            self._html[key] = self.markdown.render(source)
        return self._html[key]

    def url(self, route: str) -> str:
        """Site-relative path, below the folder of ``base_url`` if it has one."""
        base_path = urlsplit(self.site.config.base_url).path.rstrip("/")
        return f"{base_path}/{route.lstrip('/')}"

    def absolute_url(self, route: str) -> str:
        return self.site.config.base_url.rstrip("/") + "/" + route.lstrip("/")

    def image_url(self, ref: str) -> str:
        return self.url(self.assets[ref].path)

    def content_security_policy(self) -> str:
        connect = ["'self'"]
        api = self.site.config.quota_api
        if api is not None and api.url.startswith("https://"):
            parts = urlsplit(api.url)
            connect.append(f"{parts.scheme}://{parts.netloc}")
        return "; ".join(
            [
                "default-src 'none'",
                "script-src 'self'",
                f"style-src 'self' {self.assets.styles.source}",
                "img-src 'self'",
                "font-src 'self'",
                f"connect-src {' '.join(connect)}",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )


class ThemeEnvironment(Environment):
    """A Jinja environment tuned for rendering thousands of pages.

    Literal messages compile into table lookups (see ``messages.py``). Each
    template's globals are a plain dict copied when it loads, not a view
    chained onto the environment's: Jinja lists a template's globals for
    every page it renders and for every ``{% from %}`` import, and walking
    a chain of mappings there cost more than many pages' own expressions.
    All globals are set before the first template loads, as Jinja asks.
    """

    code_generator_class = MessageCodeGenerator

    def make_globals(
        self, d: MutableMapping[str, Any] | None
    ) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@dataclass(frozen=True)
class Alternate:
    locale: str
    name: str
    """The locale's name in its own language."""
    href: str
    absolute: str


@dataclass(frozen=True)
class PageLinks:
    canonical: str
    alternates: list[Alternate]
    x_default: str | None


class _SharedBytecode(BytecodeCache):
    """Compile each template once for all locales' environments."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def language_names(locales: tuple[str, ...]) -> dict[str, str]:
    """Each locale's name in its own language: 简体中文, 繁體中文, English.

    Locales that share a language are told apart by script, else by region.
    """
    parsed = {code: Locale.parse(code, sep="-") for code in locales}
    names = {}
    for code, locale in parsed.items():
        name = str(locale.get_language_name(locale) or code)
        twins = [o for o in parsed.values() if o.language == locale.language]
        if len(twins) > 1:
            scripts = {o.script for o in twins}
            if len(scripts) == len(twins) and locale.script:
                plain = Locale(locale.language, script=locale.script)
                name = f"{plain.get_script_name(plain)}{name}"
            else:
                name = f"{name} ({locale.get_territory_name(locale)})"
        names[code] = name
    return names


def template_problem(error: TemplateError, theme_dir: Path, route: str) -> Problem:
    """Place a rendering failure at the template line that raised it."""
    place = Place(str(theme_dir / "templates"))
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            place = Place(_display(filename, theme_dir), line)
    message = say("{error} (while rendering {route})", error=error, route=route)
    return Problem(place, "template", message)


def _display(filename: str, theme_dir: Path) -> str:
    base = theme_dir.absolute().parent.parent
    try:
        return Path(filename).absolute().relative_to(base).as_posix()
    except ValueError:
        return filename
