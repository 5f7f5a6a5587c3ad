"""The URL contract. App deep links depend on these paths: change with care.

Routes are site-relative and start with ``/``; ``base_url`` may add a
folder in front when the site is published below the host's root.
"""

from __future__ import annotations


def locale_slug(locale: str) -> str:
    """``zh-CN`` -> ``zh-cn``: URLs are lowercase."""
    return locale.lower()


def chooser() -> str:
    return "/"


def entry(locale: str) -> str:
    return f"/{locale_slug(locale)}/"


def zone(locale: str, tier: str) -> str:
    return f"/{locale_slug(locale)}/{tier}/"


def shelf(locale: str, tier: str, shelf_id: str) -> str:
    return f"/{locale_slug(locale)}/{tier}/{shelf_id}/"


def benefit(locale: str, benefit_id: str) -> str:
    return f"/{locale_slug(locale)}/benefits/{benefit_id}/"


def not_found(locale: str | None = None) -> str:
    return f"/{locale_slug(locale)}/404.html" if locale else "/404.html"


def output_path(route: str) -> str:
    """The file that serves a route: folders get ``index.html``."""
    relative = route.lstrip("/")
    return f"{relative}index.html" if route.endswith("/") else relative
