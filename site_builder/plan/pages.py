"""Plan every page of the site for one day, before anything is rendered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from site_builder.model import Site
from site_builder.model.documents import Shelf
from site_builder.plan import routes
from site_builder.plan.shelves import (
    Status,
    benefit_status,
    earliest,
    next_change,
    selected,
    shelf_items,
    shelf_order,
    shelf_status,
)

ZONE_PREVIEW = 4
"""How many benefits a zone shows of each shelf before "see all"."""


@dataclass(frozen=True)
class ShelfView:
    id: str
    shelf: Shelf
    items: tuple[str, ...]
    status: Status
    changes_on: date | None = None
    """The next day the shelf's list can change for this tier."""

    @property
    def preview(self) -> tuple[str, ...]:
        return self.items[:ZONE_PREVIEW]


@dataclass(frozen=True)
class Page:
    route: str
    template: str
    locale: str | None
    context: Mapping[str, object] = field(default_factory=dict)
    alternates: Mapping[str, str] = field(default_factory=dict)
    """Locale -> route of the same page in that locale (hreflang)."""
    indexable: bool = True
    changes_on: date | None = None
    """The next day this page's content changes by itself (a window opens or
    closes), so caches can keep it no longer than that."""
    sources: tuple[tuple[str, str], ...] | None = None
    """The content files (folder, id) this page shows, besides what every page
    depends on (site.yaml, tiers, shelves, theme, pictures, the day); None
    when it shows many, so it is never reused from an earlier build."""

    @property
    def output_path(self) -> str:
        return routes.output_path(self.route)


def plan_pages(site: Site, day: date) -> list[Page]:
    """Every page, for every locale, as the site looks on ``day``."""
    pages = [
        Page(
            routes.chooser(), "chooser.html", None, {}, _everywhere(site, routes.entry)
        ),
        Page(
            routes.not_found(),
            "404.html",
            None,
            {},
            _everywhere(site, routes.not_found),
            indexable=False,
        ),
    ]
    views = shelf_views(site, day)
    for locale in site.locales:
        pages += _locale_pages(site, locale, day, views)
    return pages


def shelf_views(site: Site, day: date) -> dict[str, list[ShelfView]]:
    """Each tier's shelves as they look on ``day``; the same in every locale."""
    taken = {
        shelf_id: selected(site, shelf) for shelf_id, shelf in site.shelves.items()
    }
    orders = {
        shelf_id: shelf_order(site, shelf, day, taken[shelf_id])
        for shelf_id, shelf in site.shelves.items()
    }
    return {
        tier_id: [
            _view(site, shelf_id, tier_id, day, orders[shelf_id], taken[shelf_id])
            for shelf_id in tier.shelves
        ]
        for tier_id, tier in site.tiers.items()
    }


def _view(
    site: Site,
    shelf_id: str,
    tier_id: str,
    day: date,
    order: list[str],
    taken: list[str],
) -> ShelfView:
    shelf = site.shelves[shelf_id]
    # The list changes when the shelf's window or any of its benefits' does.
    moments = [next_change(shelf.window, day)] + [
        next_change(site.benefits[b].valid, day)
        for b in taken
        if tier_id in site.eligible[b]
    ]
    return ShelfView(
        shelf_id,
        shelf,
        tuple(shelf_items(site, shelf, tier_id, order)),
        shelf_status(shelf, day),
        earliest(moments),
    )


def _locale_pages(
    site: Site, locale: str, day: date, views: dict[str, list[ShelfView]]
) -> list[Page]:
    def page(
        route: Callable[[str], str],
        template: str,
        context: Mapping[str, object],
        indexable: bool = True,
        changes_on: date | None = None,
        sources: tuple[tuple[str, str], ...] | None = None,
    ) -> Page:
        return Page(
            route(locale),
            template,
            locale,
            context,
            _everywhere(site, route),
            indexable,
            changes_on,
            sources,
        )

    pages = [
        page(routes.entry, "entry.html", {}),
        page(routes.not_found, "404.html", {}, indexable=False),
    ]
    for tier_id in site.tiers:
        pages += _zone_pages(site, tier_id, views[tier_id], page)
    for benefit_id, benefit in site.benefits.items():
        status = benefit_status(benefit, day)
        pages.append(
            page(
                partial(routes.benefit, benefit_id=benefit_id),
                "benefit.html",
                {"benefit_id": benefit_id, "benefit": benefit, "status": status},
                indexable=status is Status.ACTIVE,
                changes_on=next_change(benefit.valid, day),
                sources=(("benefits", benefit_id),),
            )
        )
    return pages


PageMaker = Callable[..., Page]


def _zone_pages(
    site: Site, tier_id: str, views: list[ShelfView], page: PageMaker
) -> list[Page]:
    tier = site.tiers[tier_id]
    shown = [v for v in views if v.status is Status.ACTIVE and v.items]
    zone = page(
        partial(routes.zone, tier=tier_id),
        "zone.html",
        {"tier_id": tier_id, "tier": tier, "shelves": shown},
        changes_on=earliest(v.changes_on for v in views),
    )
    shelves = [
        page(
            partial(routes.shelf, tier=tier_id, shelf_id=view.id),
            "shelf.html",
            {"tier_id": tier_id, "tier": tier, "view": view},
            indexable=view.status is Status.ACTIVE,
            changes_on=view.changes_on,
        )
        for view in views
    ]
    return [zone, *shelves]


def _everywhere(site: Site, route: Callable[[str], str]) -> dict[str, str]:
    return {locale: route(locale) for locale in site.locales}
