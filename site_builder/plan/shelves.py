"""Shelf rules: which benefits a shelf shows to a tier on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import Enum

from site_builder.model import Site
from site_builder.model.documents import Benefit, Shelf, Window
from site_builder.model.site import in_window


class Status(Enum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


def benefit_status(benefit: Benefit, day: date) -> Status:
    window = benefit.valid
    if window.start is not None and day < window.start:
        return Status.UPCOMING
    if window.until is not None and day > window.until:
        return Status.ENDED
    return Status.ACTIVE


def shelf_status(shelf: Shelf, day: date) -> Status:
    window = shelf.window
    if window is None or in_window(window, day):
        return Status.ACTIVE
    if window.start is not None and day < window.start:
        return Status.UPCOMING
    return Status.ENDED


def next_change(window: Window | None, day: date) -> date | None:
    """The first day after ``day`` on which being inside ``window`` flips."""
    if window is None:
        return None
    if window.start is not None and day < window.start:
        return window.start
    if window.until is not None and day <= window.until:
        return window.until + timedelta(days=1)
    return None


def earliest(days: Iterable[date | None]) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def selected(site: Site, shelf: Shelf) -> list[str]:
    """Every benefit the shelf's rules take, whatever the day or tier."""
    picks = _Selection(shelf)
    return [
        benefit_id
        for benefit_id, benefit in site.benefits.items()
        if picks.takes(benefit_id, benefit.lines, site.eligible[benefit_id])
    ]


def shelf_order(site: Site, shelf: Shelf, day: date, taken: list[str]) -> list[str]:
    """Of the benefits the shelf ``taken`` (see ``selected``), those valid on
    ``day``, for any tier: pinned first, then in the shelf's sort order."""
    usable = {
        benefit_id
        for benefit_id in taken
        if benefit_status(site.benefits[benefit_id], day) is Status.ACTIVE
    }
    pinned = [b for b in dict.fromkeys(shelf.pinned) if b in usable]
    rest = sorted(usable - set(pinned), key=lambda b: _sort_key(site, shelf, b))
    return pinned + rest


def shelf_items(site: Site, shelf: Shelf, tier_id: str, order: list[str]) -> list[str]:
    """The part of a shelf's order that ``tier_id`` may use, up to its limit."""
    items = [b for b in order if tier_id in site.eligible[b]]
    return items[: shelf.limit] if shelf.limit else items


class _Selection:
    """A shelf's rules as sets, built once and asked about every benefit."""

    def __init__(self, shelf: Shelf) -> None:
        self.named = {*shelf.select.ids, *shelf.pinned}
        self.lines = set(shelf.select.lines)
        self.tiers = set(shelf.select.tiers)

    def takes(
        self, benefit_id: str, lines: tuple[str, ...], tiers: tuple[str, ...]
    ) -> bool:
        if benefit_id in self.named:
            return True
        if not (self.lines or self.tiers):
            return False
        on_line = not self.lines or not self.lines.isdisjoint(lines)
        for_tier = not self.tiers or not self.tiers.isdisjoint(tiers)
        return on_line and for_tier


def _sort_key(site: Site, shelf: Shelf, benefit_id: str) -> tuple[int, str]:
    """Ties are broken by id, so the order is the same in every build."""
    window = site.benefits[benefit_id].valid
    if shelf.sort == "ending":
        until = window.until or date.max
        return until.toordinal(), benefit_id
    if shelf.sort == "newest":
        start = window.start or date.min
        return -start.toordinal(), benefit_id
    return -site.benefits[benefit_id].priority, benefit_id
