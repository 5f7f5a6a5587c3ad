"""Shelf rules: which benefits a shelf shows to a tier on a given day."""

from __future__ import annotations

from datetime import date
from enum import Enum

from site_builder.model import Site
from site_builder.model.documents import Benefit, Shelf
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


def shelf_order(site: Site, shelf: Shelf, day: date) -> list[str]:
    """Every benefit the shelf selects that is valid on ``day``, for any tier:
    pinned first, then in the shelf's sort order."""
    usable = {
        benefit_id
        for benefit_id, benefit in site.benefits.items()
        if _selected(site, shelf, benefit_id)
        and benefit_status(benefit, day) is Status.ACTIVE
    }
    pinned = [b for b in dict.fromkeys(shelf.pinned) if b in usable]
    rest = sorted(usable - set(pinned), key=lambda b: _sort_key(site, shelf, b))
    return pinned + rest


def shelf_items(site: Site, shelf: Shelf, tier_id: str, order: list[str]) -> list[str]:
    """The part of a shelf's order that ``tier_id`` may use, up to its limit."""
    items = [b for b in order if tier_id in site.eligible[b]]
    return items[: shelf.limit] if shelf.limit else items


def _selected(site: Site, shelf: Shelf, benefit_id: str) -> bool:
    select = shelf.select
    if benefit_id in select.ids or benefit_id in shelf.pinned:
        return True
    if not (select.lines or select.tiers):
        return False
    benefit = site.benefits[benefit_id]
    on_line = not select.lines or bool(set(select.lines) & set(benefit.lines))
    for_tier = not select.tiers or bool(
        set(select.tiers) & set(site.eligible[benefit_id])
    )
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
