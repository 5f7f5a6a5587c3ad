"""The builder's own messages, in the language of the person reading them.

Problems in content are read by marketing editors, in the preview and in CI
logs, and most of them read Chinese first. Messages are written in English
in the code, marked with ``say()`` (or ``say_plural()``), and translated
through ``site_builder/locales/<ll_CC>/LC_MESSAGES/site_builder.po``, which
is compiled in memory like the theme's catalogues: there is no compile step.

The language comes from ``--lang``, else ``SITE_BUILDER_LANG``, else the
usual ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``; a language without its own
catalogue falls back to another region of the same language (zh-HK reads
the zh-CN messages), then to English. The choice is per process: workers
forked from the build inherit it.
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "site_builder"
LOCALES = Path(__file__).resolve().parent / "locales"
ENVIRONMENT = ("SITE_BUILDER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: NullTranslations = NullTranslations()


def say(message: str, **values: object) -> str:
    """``message`` in the chosen language, with ``{name}`` filled from ``values``.

    Messages are ``str.format`` templates: write a literal brace twice.
    """
    return _current.gettext(message).format(**values)


def say_plural(singular: str, plural: str, count: int, **values: object) -> str:
    """Like ``say``, choosing the form for ``count`` (also given as ``{count}``)."""
    return _current.ngettext(singular, plural, count).format(count=count, **values)


def use_language(code: str | None) -> str:
    """Speak ``code`` (``zh-CN``, ``zh_CN.UTF-8``), or the environment's
    language when None; return the catalogue chosen, ``en`` for none."""
    global _current
    wanted = code or _from_environment()
    folder = _catalogue_for(wanted) if wanted else None
    _current = _load(folder) if folder else NullTranslations()
    return folder.replace("_", "-") if folder else "en"


def available() -> list[str]:
    """The languages with a catalogue, besides English: ``['zh-CN']``."""
    return sorted(p.name.replace("_", "-") for p in _folders())


def catalogue_path(language: str) -> Path:
    return LOCALES / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def _from_environment() -> str | None:
    for name in ENVIRONMENT:
        value = os.environ.get(name, "").split(":")[0].strip()
        if value:
            return value
    return None


def _catalogue_for(code: str) -> str | None:
    """``zh_CN.UTF-8`` -> ``zh_CN``; ``zh-HK`` -> ``zh_CN`` when only that exists."""
    tag = code.split(".")[0].split("@")[0].replace("-", "_")
    language = tag.split("_")[0].lower()
    folders = sorted(p.name for p in _folders())
    for folder in folders:
        if folder.lower() == tag.lower():
            return folder
    for folder in folders:
        if folder.split("_")[0].lower() == language:
            return folder
    return None


def _folders() -> list[Path]:
    if not LOCALES.is_dir():
        return []
    return [p for p in LOCALES.iterdir() if catalogue_path(p.name).is_file()]


@cache
def _load(folder: str) -> Translations:
    with catalogue_path(folder).open("rb") as file:
        catalog = read_po(file, locale=folder)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
