"""The typed shape of each content file."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from site_builder.model.fields import Colour, Day, Text, TierRule


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently drop a field."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )


class Window(Strict):
    """Calendar days in the site's time zone; both ends included."""

    start: Day | None = Field(default=None, alias="from")
    until: Day | None = None


class QuotaApi(Strict):
    """Where pages fetch live remaining quotas, and how patiently."""

    url: StrictStr
    timeout_ms: StrictInt = Field(default=4000, ge=100, le=60000)
    credentials: Literal["include", "same-origin", "omit"] = "include"
    """``include`` sends the app's session cookie, even to another origin."""
    refresh_seconds: StrictInt = Field(default=60, ge=0)
    """Refetch at most this often when the webview comes back to the page."""
    low_stock: StrictInt = Field(default=10, ge=1)
    """Below this many left, a benefit reads "only N left"."""


class DeploySettings(Strict):
    """Where and how ``site-builder deploy`` publishes; flags override."""

    to: StrictStr | None = None
    endpoint_url: StrictStr | None = None
    region: StrictStr | None = None
    retain: StrictInt = Field(default=3, ge=1)
    max_deletes: StrictInt | None = Field(default=None, ge=0)
    cloudfront_distribution: StrictStr | None = None
    cdn_hook: StrictStr | None = None


class SiteConfig(Strict):
    title: Text
    description: Text | None = None
    base_url: StrictStr
    locales: tuple[StrictStr, ...] = Field(min_length=1)
    timezone: StrictStr
    theme: StrictStr = "default"
    app_schemes: tuple[StrictStr, ...] = ()
    lines: dict[StrictStr, Text] = Field(default_factory=dict)
    quota_api: QuotaApi | None = None
    deploy: DeploySettings | None = None


class TierStyle(Strict):
    accent: Colour
    hero: StrictStr


class Tier(Strict):
    name: Text
    rank: StrictInt = Field(ge=1)
    audience: Text
    tagline: Text
    style: TierStyle
    shelves: tuple[StrictStr, ...] = ()


class Quota(Strict):
    total: StrictInt = Field(ge=0)


class Redeem(Strict):
    url: StrictStr
    label: Text | None = None
    steps: Text | None = None


MARKDOWN_FIELDS = (("body",), ("redeem", "steps"))
"""Where a benefit file holds Markdown, as paths of keys."""


class Benefit(Strict):
    title: Text
    summary: Text
    body: Text
    partner: Text
    lines: tuple[StrictStr, ...] = ()
    tiers: TierRule
    valid: Window
    quota: Quota | None = None
    redeem: Redeem
    priority: StrictInt = 0
    image: StrictStr | None = None


class Select(Strict):
    lines: tuple[StrictStr, ...] = ()
    tiers: tuple[StrictStr, ...] = ()
    ids: tuple[StrictStr, ...] = ()


class Shelf(Strict):
    title: Text
    intro: Text | None = None
    select: Select = Select()
    pinned: tuple[StrictStr, ...] = ()
    sort: Literal["priority", "ending", "newest"] = "priority"
    limit: StrictInt | None = Field(default=None, ge=1)
    window: Window | None = None
