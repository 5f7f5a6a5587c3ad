"""The validated site: configuration, tiers, benefits and shelves together."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder.model.documents import Benefit, Shelf, SiteConfig, Tier, Window
from site_builder.model.fields import Text


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    tiers: dict[str, Tier]
    benefits: dict[str, Benefit]
    shelves: dict[str, Shelf]
    content_dir: Path
    theme_dir: Path
    eligible: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Benefit id -> ids of the tiers that may use it, lowest rank first."""
    digests: dict[tuple[str, str], str] = field(default_factory=dict)
    """(folder, id) -> digest of the file it was read from; ("site", "site")."""

    @property
    def locales(self) -> tuple[str, ...]:
        return self.config.locales

    @property
    def default_locale(self) -> str:
        return self.config.locales[0]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.config.timezone)

    def text(self, value: Text | None, locale: str) -> str:
        return value.get(locale, self.default_locale) if value else ""


def tiers_by_rank(tiers: dict[str, Tier]) -> dict[str, Tier]:
    return dict(sorted(tiers.items(), key=lambda item: (item[1].rank, item[0])))


def resolve_eligibility(
    tiers: dict[str, Tier], benefits: dict[str, Benefit]
) -> dict[str, tuple[str, ...]]:
    """Turn each benefit's tier rule into the tiers it covers, by rank."""
    ordered = list(tiers_by_rank(tiers))
    eligible: dict[str, tuple[str, ...]] = {}
    for benefit_id, benefit in benefits.items():
        rule = benefit.tiers
        if rule.lowest is not None:
            floor = tiers[rule.lowest].rank
            chosen = [t for t in ordered if tiers[t].rank >= floor]
        else:
            chosen = [t for t in ordered if t in rule.listed]
        eligible[benefit_id] = tuple(chosen)
    return eligible


def in_window(window: Window | None, day: date) -> bool:
    if window is None:
        return True
    after_start = window.start is None or window.start <= day
    before_end = window.until is None or day <= window.until
    return after_start and before_end
