"""Field types shared by the content documents.

Each type validates itself and, when the value is wrong, says in plain
words what was expected, because marketing editors read these messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, PlainValidator
from pydantic_core import PydanticCustomError, core_schema

from site_builder.language import say

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


class _SelfParsing:
    """A field type that pydantic validates with the type's own ``parse``."""

    @classmethod
    def parse(cls, value: object) -> Any:
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(cls.parse)


class Text(_SelfParsing):
    """Translatable text: one string for every locale, or one per locale."""

    __slots__ = ("common", "values")

    def __init__(self, values: Mapping[str, str], common: str | None = None) -> None:
        self.values = dict(values)
        self.common = common

    def get(self, locale: str, fallback: str) -> str:
        """The text in ``locale``, else in the ``fallback`` locale."""
        if self.common is not None:
            return self.common
        return (
            self.values[locale] if self.has(locale) else self.values.get(fallback, "")
        )

    def has(self, locale: str) -> bool:
        """True when there is text for ``locale``; blank text does not count."""
        text = self.common if self.common is not None else self.values.get(locale)
        return bool(text and text.strip())

    def __repr__(self) -> str:
        return f"Text({self.common!r})" if self.common else f"Text({self.values!r})"

    @classmethod
    def parse(cls, value: object) -> Text:
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls({}, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return cls({}, str(value))
        if isinstance(value, dict) and value:
            return cls(_text_map(value))
        raise PydanticCustomError(
            "text",
            say(
                "expected text, or one text per locale such as 'zh-CN: ...' and "
                "'en: ...' on separate lines"
            ),
        )


def _text_map(value: dict[Any, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for locale, text in value.items():
        if not isinstance(text, str | int | float) or isinstance(text, bool):
            message = say("the text for '{locale}' must be plain text", locale=locale)
            # "at" places the problem at that locale's value (see schema.py).
            raise PydanticCustomError("text", message, {"at": (str(locale),)})
        texts[str(locale)] = str(text)
    return texts


def _parse_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError(
        "date",
        say(
            "expected a date written YYYY-MM-DD, such as 2022-03-22; got '{value}'",
            value=value,
        ),
    )


def _parse_colour(value: object) -> str:
    if isinstance(value, str) and _COLOUR.match(value):
        return value.lower()
    raise PydanticCustomError(
        "colour",
        say(
            "expected a colour written '#RRGGBB' in quotes, such as \"#1f6f4a\"; "
            "got '{value}'",
            value=value,
        ),
    )


Day = Annotated[date, PlainValidator(_parse_date)]
Colour = Annotated[str, PlainValidator(_parse_colour)]


class TierRule(_SelfParsing):
    """Who may use a benefit: listed tiers, or a tier and every higher rank."""

    __slots__ = ("listed", "lowest")

    def __init__(self, listed: tuple[str, ...] = (), lowest: str | None = None):
        self.listed = listed
        self.lowest = lowest

    def __repr__(self) -> str:
        return f"TierRule(listed={self.listed!r}, lowest={self.lowest!r})"

    @classmethod
    def parse(cls, value: object) -> TierRule:
        if isinstance(value, TierRule):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return cls(listed=tuple(value))
        if isinstance(value, dict) and set(value) == {"from"}:
            floor = value["from"]
            if isinstance(floor, str):
                return cls(lowest=floor)
        raise PydanticCustomError(
            "tiers",
            say(
                "expected a list of tier ids such as [xiang, pin], or "
                "'from: yue' for a tier and every tier above it"
            ),
        )
