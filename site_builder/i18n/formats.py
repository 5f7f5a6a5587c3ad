"""Dates, date ranges and numbers, written the way each locale writes them."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal


class Formats:
    """Babel formatting bound to one locale.

    Benefit windows are calendar days in the site's time zone, so they are
    formatted as dates, never as instants: no time zone shift can move them.
    """

    def __init__(self, locale: str) -> None:
        self.locale = Locale.parse(locale, sep="-")
        self._ranges: dict[tuple[dt.date, dt.date], str] = {}

    def date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)

    def date_range(self, start: dt.date, until: dt.date) -> str:
        """Windows repeat across thousands of cards: format each one once."""
        key = (start, until)
        if key not in self._ranges:
            self._ranges[key] = (
                self.date(start)
                if start == until
                else format_interval(start, until, "yMMMd", locale=self.locale)
            )
        return self._ranges[key]

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)
