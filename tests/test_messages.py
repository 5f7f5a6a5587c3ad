"""Literal theme messages are looked up, and read exactly as gettext reads them."""

from __future__ import annotations

from gettext import NullTranslations

import pytest
from jinja2 import DictLoader, Environment

from site_builder.render.messages import MessageCodeGenerator, MessageTable

TEMPLATES = {
    "plain.html": '{{ _("Valid") }}|{{ gettext("Partner") }}',
    "percent.html": '{{ _("100%% yours") }}',
    "values.html": '{{ _("Hello %(name)s", name=who) }}',
    "markup.html": '{{ _("Read <b>this</b>") }}',
    "plural.html": '{{ ngettext("%(num)s place", "%(num)s places", n) }}',
    "set.html": '{% set label = _("Valid") %}[{{ label }}]',
    "macro.html": (
        '{% macro m(x) %}{{ _("Partner") }}:{{ x }}{% endmacro %}{{ m(_("Valid")) }}'
    ),
    "shadow_set.html": '{% set _ = upper %}{{ _("Valid") }}',
    "shadow_param.html": (
        '{% macro m(_) %}{{ _("Valid") }}{% endmacro %}{{ m(upper) }}'
    ),
    "shadow_loop.html": '{% for _ in [upper] %}{{ _("Valid") }}{% endfor %}',
    "no_escape.html": (
        '{% autoescape false %}{{ _("Hello %(name)s", name=who) }}{% endautoescape %}'
    ),
    "variable.html": "{{ _(message) }}",
}


class Counting(NullTranslations):
    """Translates two words into Chinese and counts how often each was asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: dict[str, int] = {}

    def gettext(self, message: str) -> str:
        self.asked[message] = self.asked.get(message, 0) + 1
        return message.replace("Valid", "有效").replace("Partner", "合作方")

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def environment(fast: bool, translations: NullTranslations) -> Environment:
    env = Environment(
        loader=DictLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    if fast:
        env.code_generator_class = MessageCodeGenerator
        env.extend(messages=MessageTable(translations))
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations, newstyle=True
    )
    return env


VALUES = {"who": "<i>Ann</i>", "n": 2, "message": "Valid", "upper": str.upper}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_output_is_what_the_i18n_extension_gives(name: str) -> None:
    expected = environment(False, Counting()).get_template(name).render(VALUES)
    actual = environment(True, Counting()).get_template(name).render(VALUES)

    assert actual == expected


def test_the_examples_read_as_intended() -> None:
    env = environment(True, Counting())

    def render(name: str) -> str:
        return env.get_template(name).render(VALUES)

    assert render("plain.html") == "有效|合作方"
    assert render("percent.html") == "100% yours"
    assert render("values.html") == "Hello &lt;i&gt;Ann&lt;/i&gt;"
    assert render("shadow_set.html") == "VALID"  # str.upper, not the catalogue
    assert render("shadow_param.html") == "VALID"
    assert render("no_escape.html") == "Hello <i>Ann</i>"


def test_a_literal_message_is_translated_once_per_locale() -> None:
    translations = Counting()
    env = environment(True, translations)
    for _ in range(5):
        env.get_template("plain.html").render(VALUES)
        env.get_template("values.html").render(VALUES)

    assert translations.asked == {"Valid": 1, "Partner": 1, "Hello %(name)s": 1}


def test_calls_the_table_cannot_answer_still_reach_gettext() -> None:
    translations = Counting()
    env = environment(True, translations)
    for _ in range(3):
        env.get_template("variable.html").render(VALUES)
        env.get_template("shadow_set.html").render(VALUES)

    assert translations.asked == {"Valid": 3}
