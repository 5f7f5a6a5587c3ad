"""The words the page script shows, per locale, from the gettext catalogues.

The script picks a plural form with the browser's ``Intl.PluralRules``, so
the build hands it one string per CLDR plural category of the locale
("one" and "other" in English, only "other" in Chinese).
"""

from __future__ import annotations

import json

from babel import Locale
from babel.support import NullTranslations


def script_words(translations: NullTranslations, locale: str) -> str:
    """JSON for the page's ``data-words`` attribute."""
    samples = plural_samples(locale).items()
    ngettext, gettext = translations.ngettext, translations.gettext
    words = {
        "remaining": {
            category: ngettext("%(num)s place left", "%(num)s places left", n)
            for category, n in samples
        },
        "low": {
            category: ngettext("Only %(num)s place left", "Only %(num)s places left", n)
            for category, n in samples
        },
        "soldout": gettext("Sold out"),
        "claimed": gettext("You have claimed this"),
        "upcoming": gettext("Not started yet"),
        "ended": gettext("This benefit has ended"),
    }
    return json.dumps(words, ensure_ascii=False, sort_keys=True)


def plural_samples(locale: str) -> dict[str, int]:
    """One whole number for each plural category the locale uses."""
    rule = Locale.parse(locale, sep="-").plural_form
    samples: dict[str, int] = {}
    for number in range(0, 1000):
        samples.setdefault(rule(number), number)
        if len(samples) == len(rule.tags | {"other"}):
            break
    # Some languages use "other" only for fractions; the script still needs
    # a form to fall back on.
    samples.setdefault("other", samples.get("many", 0))
    return dict(sorted(samples.items()))
