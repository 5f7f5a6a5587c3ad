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
    orders = {
        shelf_id: shelf_order(site, shelf, day)
        for shelf_id, shelf in site.shelves.items()
    }
    return {
        tier_id: [
            ShelfView(
                shelf_id,
                site.shelves[shelf_id],
                tuple(
                    shelf_items(site, site.shelves[shelf_id], tier_id, orders[shelf_id])
                ),
                shelf_status(site.shelves[shelf_id], day),
            )
            for shelf_id in tier.shelves
        ]
        for tier_id, tier in site.tiers.items()
    }


def _locale_pages(
    site: Site, locale: str, day: date, views: dict[str, list[ShelfView]]
) -> list[Page]:
    def page(
        route: Callable[[str], str],
        template: str,
        context: Mapping[str, object],
        indexable: bool = True,
    ) -> Page:
        return Page(
            route(locale),
            template,
            locale,
            context,
            _everywhere(site, route),
            indexable,
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
    )
    shelves = [
        page(
            partial(routes.shelf, tier=tier_id, shelf_id=view.id),
            "shelf.html",
            {"tier_id": tier_id, "tier": tier, "view": view},
            indexable=view.status is Status.ACTIVE,
        )
        for view in views
    ]
    return [zone, *shelves]


def _everywhere(site: Site, route: Callable[[str], str]) -> dict[str, str]:
    return {locale: route(locale) for locale in site.locales}
