"""Read built pages the way a browser would: elements and their attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class ParsedPage(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    inline_scripts: int = 0
    _in_script: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values))
        if tag == "script" and "src" not in values:
            self.inline_scripts += 1

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def urls(self) -> list[str]:
        """Every address the page refers to: links, sources, forms."""
        found = []
        for element in self.elements:
            for name in ("href", "src", "action", "poster", "data"):
                if name in element.attrs:
                    found.append(element.attrs[name])
        return found


def parse_page(path: Path) -> ParsedPage:
    page = ParsedPage()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def route_of(output: Path, file: Path) -> str:
    relative = file.relative_to(output).as_posix()
    return "/" + relative.removesuffix("index.html")
