"""Checks across documents: references, windows, locales, links and images."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel

from site_builder.content import Document
from site_builder.content.yamlpos import Path as KeyPath
from site_builder.content.yamlpos import dotted
from site_builder.language import say
from site_builder.model.documents import Benefit, Shelf, SiteConfig, Tier, Window
from site_builder.model.fields import SLUG, Text
from site_builder.problems import Problems, did_you_mean, quoted_list

RESERVED_IDS = frozenset({"benefits", "assets"})
IMAGE_TYPES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".webp"})
_SVG_DANGER = re.compile(
    r"<script|<foreignobject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*"
    r"[\"']\s*(?:https?:)?//",
    re.IGNORECASE,
)


@dataclass
class Checker:
    """Runs every cross-document check and reports through ``problems``."""

    config: SiteConfig
    tiers: dict[str, Tier]
    benefits: dict[str, Benefit]
    shelves: dict[str, Shelf]
    documents: dict[tuple[str, str], Document]
    content_dir: Path
    problems: Problems

    def __post_init__(self) -> None:
        self._present: dict[str, set[str]] = {}
        self._svg_verdicts: dict[Path, bool] = {}
        for kind, doc_id in self.documents:
            self._present.setdefault(kind, set()).add(doc_id)

    def unsafe_svg(self, file: Path) -> bool:
        """Many benefits share a picture: read each one once per check."""
        if file not in self._svg_verdicts:
            text = file.read_text(encoding="utf-8", errors="replace")
            self._svg_verdicts[file] = bool(_SVG_DANGER.search(text))
        return self._svg_verdicts[file]

    def present(self, kind: str) -> set[str]:
        """Ids of every file of a kind, valid or not: a reference to a file
        with its own errors is not reported a second time as unknown."""
        return self._present.get(kind, set())

    def run(self) -> None:
        self.check_site()
        for tier_id, tier in self.tiers.items():
            self.check_tier(tier_id, tier)
        for benefit_id, benefit in self.benefits.items():
            self.check_benefit(benefit_id, benefit)
        for shelf_id, shelf in self.shelves.items():
            self.check_shelf(shelf_id, shelf)

    def check_site(self) -> None:
        doc = self.documents["site", "site"]
        for index, code in enumerate(self.config.locales):
            if not _is_locale(code):
                message = say("'{code}' is not a known locale", code=code)
                self.error(doc, ("locales", index), message)
        for index, code in repeats(self.config.locales):
            message = say("locale '{code}' is listed twice", code=code)
            self.error(doc, ("locales", index), message)
        try:
            ZoneInfo(self.config.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            self.error(
                doc,
                ("timezone",),
                say(
                    "unknown time zone '{zone}'; expected a name such as "
                    "'Asia/Shanghai'",
                    zone=self.config.timezone,
                ),
            )
        self.check_base_url(doc)
        self.check_schemes(doc)
        self.check_ids(doc, ("lines",), list(self.config.lines), "line")
        if self.config.quota_api:
            url = self.config.quota_api.url
            if not (url.startswith("https://") or url.startswith("/")):
                self.error(
                    doc,
                    ("quota_api", "url"),
                    say(
                        "expected an https:// address or a path starting with "
                        "'/'; got '{url}'",
                        url=url,
                    ),
                )

    def check_base_url(self, doc: Document) -> None:
        parts = urlsplit(self.config.base_url)
        if parts.scheme != "https" or not parts.netloc:
            self.error(
                doc,
                ("base_url",),
                say(
                    "expected the https:// address the site is published under, "
                    "such as 'https://benefits.example.com/'; got '{url}'",
                    url=self.config.base_url,
                ),
            )

    def check_schemes(self, doc: Document) -> None:
        for index, scheme in enumerate(self.config.app_schemes):
            lowered = scheme.lower()
            if not re.fullmatch(r"[a-z][a-z0-9+.-]*", lowered) or lowered in (
                "javascript",
                "data",
                "vbscript",
                "http",
                "file",
                "blob",
            ):
                self.error(
                    doc,
                    ("app_schemes", index),
                    say(
                        "'{scheme}' cannot be an app scheme; expected the name of "
                        "the bank app's own scheme, such as 'qinghe'",
                        scheme=scheme,
                    ),
                )

    def check_tier(self, tier_id: str, tier: Tier) -> None:
        doc = self.documents["tiers", tier_id]
        for other_id, other in self.tiers.items():
            if other_id < tier_id and other.rank == tier.rank:
                self.error(
                    doc,
                    ("rank",),
                    say(
                        "rank {rank} is also the rank of tier '{other}'; "
                        "each tier needs its own rank",
                        rank=tier.rank,
                        other=other_id,
                    ),
                )
        self.check_refs(
            doc, ("shelves",), tier.shelves, self.present("shelves"), "shelf"
        )
        self.check_image(doc, ("style", "hero"), tier.style.hero)

    def check_benefit(self, benefit_id: str, benefit: Benefit) -> None:
        doc = self.documents["benefits", benefit_id]
        self.check_refs(doc, ("lines",), benefit.lines, self.config.lines, "line")
        rule = benefit.tiers
        if rule.lowest is not None:
            self.check_ref(
                doc, ("tiers", "from"), rule.lowest, self.present("tiers"), "tier"
            )
        elif not rule.listed:
            self.error(doc, ("tiers",), say("list at least one tier"))
        self.check_refs(doc, ("tiers",), rule.listed, self.present("tiers"), "tier")
        self.check_window(doc, ("valid",), benefit.valid)
        self.check_link(doc, ("redeem", "url"), benefit.redeem.url)
        if benefit.image is not None:
            self.check_image(doc, ("image",), benefit.image)

    def check_shelf(self, shelf_id: str, shelf: Shelf) -> None:
        doc = self.documents["shelves", shelf_id]
        select = shelf.select
        self.check_refs(
            doc, ("select", "lines"), select.lines, self.config.lines, "line"
        )
        tiers, benefits = self.present("tiers"), self.present("benefits")
        self.check_refs(doc, ("select", "tiers"), select.tiers, tiers, "tier")
        self.check_refs(doc, ("select", "ids"), select.ids, benefits, "benefit")
        self.check_refs(doc, ("pinned",), shelf.pinned, benefits, "benefit")
        if not (select.lines or select.tiers or select.ids or shelf.pinned):
            self.error(
                doc,
                ("select",),
                say(
                    "the shelf selects nothing; give 'select' lines, tiers or "
                    "ids, or 'pinned' benefits"
                ),
            )
        if shelf.window is not None:
            self.check_window(doc, ("window",), shelf.window)

    def check_refs(
        self,
        doc: Document,
        path: KeyPath,
        ids: tuple[str, ...],
        known: Collection[str],
        noun: str,
    ) -> None:
        for index, ref in repeats(ids):
            message = say("{noun} '{id}' is listed twice", noun=id_noun(noun), id=ref)
            self.error(doc, (*path, index), message)
        for index, ref in enumerate(ids):
            self.check_ref(doc, (*path, index), ref, known, noun)

    def check_ref(
        self, doc: Document, path: KeyPath, ref: str, known: Collection[str], noun: str
    ) -> None:
        names = list(known)
        if ref not in names:
            hint = did_you_mean(ref, names)
            if not hint and names:
                known_ids = quoted_list(sorted(names)[:8])
                hint = say(
                    "; known {noun} ids: {ids}", noun=id_noun(noun), ids=known_ids
                )
            message = say("unknown {noun} '{id}'", noun=id_noun(noun), id=ref)
            self.error(doc, path, message + hint)

    def check_ids(
        self, doc: Document, path: KeyPath, ids: list[str], noun: str
    ) -> None:
        for ref in ids:
            if not SLUG.match(ref):
                self.error(
                    doc,
                    (*path, ref),
                    say(
                        "'{id}' is not a valid {noun} id; "
                        "use lowercase letters, digits and hyphens",
                        id=ref,
                        noun=id_noun(noun),
                    ),
                )

    def check_window(self, doc: Document, path: KeyPath, window: Window) -> None:
        if window.start and window.until and window.until < window.start:
            self.error(
                doc,
                (*path, "until"),
                say(
                    "'until' ({until}) is before 'from' ({start}); "
                    "the window would never open",
                    until=window.until,
                    start=window.start,
                ),
            )

    def check_link(self, doc: Document, path: KeyPath, url: str) -> None:
        scheme = urlsplit(url.strip()).scheme.lower()
        allowed = ["https", *(s.lower() for s in self.config.app_schemes)]
        if scheme not in allowed or not url.strip().partition(":")[2].strip("/"):
            self.error(
                doc,
                path,
                say(
                    "redeem links must start with {schemes}; got '{url}'",
                    schemes=say(" or ").join(a + ":" for a in allowed),
                    url=url,
                ),
            )

    def check_image(self, doc: Document, path: KeyPath, ref: str) -> None:
        relative = PurePosixPath(ref)
        if relative.is_absolute() or ".." in relative.parts:
            self.error(
                doc,
                path,
                say(
                    "'{path}' must be a path inside content/, such as "
                    "'images/bike.svg'",
                    path=ref,
                ),
            )
            return
        if relative.suffix.lower() not in IMAGE_TYPES:
            self.error(
                doc,
                path,
                say(
                    "'{path}' is not a picture; expected one of {types}",
                    path=ref,
                    types=", ".join(sorted(IMAGE_TYPES)),
                ),
            )
            return
        file = self.content_dir / relative
        if not file.is_file():
            self.error(
                doc,
                path,
                say(
                    "image '{path}' not found in {folder}/",
                    path=ref,
                    folder=self.content_dir.name,
                )
                + _nearby(file),
            )
            return
        if file.suffix.lower() == ".svg" and self.unsafe_svg(file):
            self.error(
                doc,
                path,
                say(
                    "SVG image '{path}' contains a script, an event handler or "
                    "a link to another site, which is not allowed",
                    path=ref,
                ),
            )

    def error(self, doc: Document, path: KeyPath, message: str) -> None:
        self.problems.error(doc.positions.value(path), dotted(path), message)


def repeats(items: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Each item that already came earlier in ``items``, with its position."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            yield index, item
        seen.add(item)


def id_noun(noun: str) -> str:
    """The kind of id a message is about, in the reader's language."""
    names = {
        "tier": say("tier"),
        "benefit": say("benefit"),
        "shelf": say("shelf"),
        "line": say("line"),
    }
    return names.get(noun, noun)


def _nearby(file: Path) -> str:
    if not file.parent.is_dir():
        return ""
    return did_you_mean(file.name, [p.name for p in file.parent.iterdir()])


def _is_locale(code: str) -> bool:
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def check_texts(
    doc: Document, model: BaseModel, locales: tuple[str, ...], problems: Problems
) -> Iterator[tuple[str, bool]]:
    """Report unknown and missing locales; yield (locale, present) per text."""
    default = locales[0]
    for path, text in _texts(model, ()):
        for locale in text.values:
            if locale not in locales:
                problems.error(
                    doc.positions.key((*path, locale)),
                    dotted((*path, locale)),
                    say(
                        "unknown locale '{locale}'; this site's locales are {locales}",
                        locale=locale,
                        locales=quoted_list(locales),
                    )
                    + did_you_mean(locale, locales),
                )
        for locale in locales:
            present = text.has(locale)
            yield locale, present
            if present or (locale != default and not text.has(default)):
                continue  # a missing default is reported once, as an error
            # The locale's own key if written, else the text as a whole.
            place = doc.positions.key((*path, locale))
            if locale == default:
                problems.error(
                    place,
                    dotted(path),
                    say(
                        "text in the default locale '{locale}' is missing",
                        locale=default,
                    ),
                )
            else:
                problems.warn(
                    place,
                    dotted(path),
                    say(
                        "no '{locale}' translation; showing the '{default}' text",
                        locale=locale,
                        default=default,
                    ),
                )


def _texts(model: BaseModel, path: KeyPath) -> Iterator[tuple[KeyPath, Text]]:
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = (*path, field.alias or name)
        if isinstance(value, Text):
            yield key, value
        elif isinstance(value, BaseModel):
            yield from _texts(value, key)
        elif isinstance(value, dict):
            for item_key, item in value.items():
                if isinstance(item, Text):
                    yield (*key, item_key), item
