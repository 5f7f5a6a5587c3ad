"""Compile the theme's ``.po`` catalogues in memory, at build time.

Translators edit ``themes/<theme>/locales/<ll_CC>/LC_MESSAGES/messages.po``;
there is no separate compile step to forget.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from site_builder.language import say, say_plural
from site_builder.problems import Place, Problems, quoted_list

log = logging.getLogger(__name__)

DOMAIN = "messages"


@dataclass
class Catalogs:
    """One compiled translation per site locale, plus what each lacks."""

    translations: dict[str, NullTranslations] = field(default_factory=dict)
    untranslated: dict[str, list[str]] = field(default_factory=dict)


def catalog_path(theme_dir: Path, locale: str) -> Path:
    """``zh-CN`` -> ``locales/zh_CN/LC_MESSAGES/messages.po``."""
    folder = locale.replace("-", "_")
    return theme_dir / "locales" / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalogs(
    theme_dir: Path, locales: tuple[str, ...], problems: Problems
) -> Catalogs:
    catalogs = Catalogs()
    for locale in locales:
        path = catalog_path(theme_dir, locale)
        catalog = _read(path, locale, problems)
        if catalog is None:
            # Every theme text then shows as written in the templates.
            catalogs.translations[locale] = NullTranslations()
            catalogs.untranslated[locale] = _template_texts(theme_dir)
            continue
        catalogs.translations[locale] = _compile(catalog)
        missing = _untranslated(catalog)
        catalogs.untranslated[locale] = missing
        if missing:
            message = say_plural(
                "{count} theme text has no translation and shows as written: {texts}",
                "{count} theme texts have no translation and show as written: {texts}",
                len(missing),
                texts=quoted_list(missing),
            )
            problems.warn(Place(path.as_posix()), "", message)
        log.debug("Compiled %s (%d messages)", path, len(catalog))
    return catalogs


def _read(path: Path, locale: str, problems: Problems) -> Catalog | None:
    source = path.as_posix()
    if not path.is_file():
        problems.warn(
            Place(source),
            "",
            say(
                "no catalogue for '{locale}'; the theme's own texts stay in English",
                locale=locale,
            ),
        )
        return None
    try:
        with path.open("rb") as file:
            return read_po(file, locale=locale.replace("-", "_"), abort_invalid=True)
    except (PoFileError, ValueError) as error:
        message = say("cannot read catalogue: {error}", error=error)
        problems.error(Place(source), "", message)
        return None


def _compile(catalog: Catalog) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _template_texts(theme_dir: Path) -> list[str]:
    """The theme's texts, from the template for translators if it has one."""
    template = theme_dir / "locales" / f"{DOMAIN}.pot"
    if not template.is_file():
        return []
    with template.open("rb") as file:
        return _untranslated(read_po(file))


def _untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if message.fuzzy or not all(strings):
            text = message.id[0] if isinstance(message.id, tuple) else message.id
            missing.append(str(text))
    return missing
