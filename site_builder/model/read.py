"""Turn parsed documents into a validated Site, collecting every problem."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from site_builder.content import Document, Kind
from site_builder.language import say
from site_builder.model.checks import RESERVED_IDS, Checker, check_texts, id_noun
from site_builder.model.documents import Benefit, Shelf, SiteConfig, Tier
from site_builder.model.fields import SLUG
from site_builder.model.schema import check_document
from site_builder.model.site import Site, resolve_eligibility, tiers_by_rank
from site_builder.problems import Place, Problems

M = TypeVar("M", bound=BaseModel)

_MODELS: dict[Kind, type[BaseModel]] = {
    Kind.SITE: SiteConfig,
    Kind.TIER: Tier,
    Kind.BENEFIT: Benefit,
    Kind.SHELF: Shelf,
}


@dataclass
class Completeness:
    """How many translatable texts each locale has, out of how many."""

    present: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def percent(self, locale: str) -> float:
        total = self.total[locale]
        return 100.0 * self.present[locale] / total if total else 100.0


def read_site(
    documents: list[Document], content_dir: Path, themes_dir: Path, problems: Problems
) -> tuple[Site | None, Completeness]:
    """Validate every document, then check them against each other."""
    models = _validate_all(documents, problems)
    completeness = Completeness()
    config = models.get(("site", "site"))
    if not isinstance(config, SiteConfig):
        return None, completeness

    by_key = {(doc.kind.value, doc.id): doc for doc in documents}
    for key, model in models.items():
        for locale, present in check_texts(
            by_key[key], model, config.locales, problems
        ):
            completeness.total[locale] += 1
            completeness.present[locale] += present

    tiers = _collection(models, Kind.TIER, Tier)
    benefits = _collection(models, Kind.BENEFIT, Benefit)
    shelves = _collection(models, Kind.SHELF, Shelf)
    checker = Checker(config, tiers, benefits, shelves, by_key, content_dir, problems)
    checker.run()
    theme_dir = _theme_dir(themes_dir, config, by_key["site", "site"], problems)
    if problems.errors:
        return None, completeness
    site = Site(
        config=config,
        tiers=tiers_by_rank(tiers),
        benefits=dict(sorted(benefits.items())),
        shelves=dict(sorted(shelves.items())),
        content_dir=content_dir,
        theme_dir=theme_dir,
        eligible=resolve_eligibility(tiers, benefits),
        digests={key: doc.digest for key, doc in by_key.items()},
    )
    return site, completeness


def _validate_all(
    documents: list[Document], problems: Problems
) -> dict[tuple[str, str], BaseModel]:
    models: dict[tuple[str, str], BaseModel] = {}
    seen: set[tuple[str, str]] = set()
    for doc in documents:
        key = (doc.kind.value, doc.id)
        if doc.kind is not Kind.SITE and not _check_id(doc, problems):
            continue
        if key in seen:
            problems.error(
                Place(doc.source),
                "id",
                say(
                    "another file in {folder}/ already has the id '{id}'; "
                    "ids must be unique",
                    folder=doc.kind.value,
                    id=doc.id,
                ),
            )
            continue
        seen.add(key)
        model = check_document(doc, _MODELS[doc.kind], problems)
        if model is not None:
            models[key] = model
    return models


def _check_id(doc: Document, problems: Problems) -> bool:
    noun = {Kind.TIER: "tier", Kind.BENEFIT: "benefit", Kind.SHELF: "shelf"}[doc.kind]
    if not SLUG.match(doc.id):
        words = re.split(r"[^a-z0-9]+", doc.id.lower())
        suggestion = "-".join(w for w in words if w) or "bike-pass"
        problems.error(
            Place(doc.source),
            "id",
            say(
                "the file name '{id}' is not a valid {noun} id; use lowercase "
                "letters, digits and hyphens, such as '{suggestion}'",
                id=doc.id,
                noun=id_noun(noun),
                suggestion=suggestion,
            ),
        )
        return False
    if doc.id in RESERVED_IDS:
        problems.error(
            Place(doc.source),
            "id",
            say(
                "'{id}' is reserved for the site's own pages; rename the file",
                id=doc.id,
            ),
        )
        return False
    return True


def _collection(
    models: dict[tuple[str, str], BaseModel], kind: Kind, model: type[M]
) -> dict[str, M]:
    return {
        key[1]: value
        for key, value in models.items()
        if key[0] == kind.value and isinstance(value, model)
    }


def _theme_dir(
    themes_dir: Path, config: SiteConfig, doc: Document, problems: Problems
) -> Path:
    theme_dir = themes_dir / config.theme
    if not (theme_dir / "templates").is_dir():
        available = (
            sorted(p.name for p in themes_dir.iterdir()) if themes_dir.is_dir() else []
        )
        problems.error(
            doc.positions.value(("theme",)),
            "theme",
            say(
                "theme '{theme}' not found in {folder}",
                theme=config.theme,
                folder=themes_dir,
            )
            + (
                say("; available: {names}", names=", ".join(available))
                if available
                else ""
            ),
        )
    return theme_dir
