"""YAML that remembers where every key and value came from.

PyYAML's composer gives each node a start mark; we keep those marks in a
table keyed by the path to the value, so a later stage can say "line 7,
column 3" about ``valid.until`` without knowing anything about YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from site_builder.language import say
from site_builder.problems import Place, Problems

Key = str | int
Path = tuple[Key, ...]

_TEXT = "tag:yaml.org,2002:str"
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Positions:
    """Where each value (and each mapping key) of one document starts."""

    source: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path) -> Place:
        """The place of the value at ``path``, or of its nearest ancestor."""
        return self._nearest(path, self.values)

    def key(self, path: Path) -> Place:
        """The place of the key naming ``path``, falling back to its value."""
        if path in self.keys:
            line, column = self.keys[path]
            return Place(self.source, line, column)
        return self._nearest(path, self.values)

    def _nearest(self, path: Path, table: dict[Path, tuple[int, int]]) -> Place:
        for end in range(len(path), -1, -1):
            found = table.get(path[:end])
            if found is not None:
                return Place(self.source, *found)
        return Place(self.source)


def parse(text: str, source: str, problems: Problems) -> tuple[Any, Positions]:
    """Parse one YAML document; syntax errors go to ``problems``."""
    positions = Positions(source)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        problems.error(_mark_place(source, error), "", _syntax_message(error))
        return None, positions
    if node is None:
        return None, positions
    try:
        return _Builder(positions, problems).build(node, ()), positions
    except _TooLarge:
        limit = format(MAX_VALUES, ",")
        message = say(
            "this file unfolds into more than {count} values: its aliases "
            "(*name) repeat anchors (&name) too often",
            count=limit,
        )
        problems.error(Place(source, 1, 1), "", message)
        return None, positions


MAX_VALUES = 100_000
"""Far beyond any benefit or shelf; stops a file whose aliases nest into
billions of values (a "billion laughs") before it takes the memory."""


class _TooLarge(Exception):
    pass


class _Builder:
    def __init__(self, positions: Positions, problems: Problems) -> None:
        self.positions = positions
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()
        self.values = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge
        self.positions.values[path] = _start(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(self._scalar(key_node))
            key_path = (*path, key)
            if key in result:
                self.problems.error(
                    self._place(key_node),
                    _dotted(key_path),
                    say(
                        "key '{key}' appears twice in the same block; keep one",
                        key=key,
                    ),
                )
                continue
            self.positions.keys[key_path] = _start(key_node)
            result[key] = self.build(value_node, key_path)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _TEXT:
            return node.value  # most values: no constructor needed
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            # A value that looks like a date but is not one (2022-13-01)
            # stays text, so the model can say what was expected.
            return str(node.value)

    def _place(self, node: yaml.Node) -> Place:
        return Place(self.positions.source, *_start(node))


def _start(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _mark_place(source: str, error: yaml.MarkedYAMLError) -> Place:
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Place(source)
    return Place(source, mark.line + 1, mark.column + 1)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """libyaml's words, led by what an editor can do about them."""
    details = "; ".join(part for part in (error.context, error.problem) if part)
    advice = _advice(f"{error.context or ''} {error.problem or ''}")
    if advice is None:
        return say("YAML syntax error: {details}", details=details)
    return say(
        "YAML syntax error: {advice} ({details})", advice=advice, details=details
    )


def _advice(words: str) -> str | None:
    """Plain advice for the syntax errors editors make most, or None."""
    if "tab" in words or "\t" in words:
        return say("indent with spaces, not tabs")
    if "mapping values are not allowed" in words:
        return say(
            "a value holding ': ' needs quotes around it, or this line is "
            "indented deeper than the one above"
        )
    if "quoted scalar" in words:
        return say("a quote is opened and never closed")
    if "',' or ']'" in words:
        return say("a list in [ ] needs commas between items and a closing ']'")
    if "',' or '}'" in words:
        return say("a block in {{ }} needs commas between fields and a closing '}}'")
    if "undefined alias" in words:
        return say("a value starting with '*' needs quotes around it")
    if "cannot start any token" in words:
        return say("a value starting with '@', '`' or '%' needs quotes around it")
    if "expected ':'" in words:
        return say("each line needs a key, a colon and a space before its value")
    if "expected node content" in words:
        return say("a value is missing, such as after '[', '{{' or '-'")
    if "expected '-' indicator" in words or "expected key" in words:
        return say("this line does not line up with the lines above it")
    return None


def dotted(path: Path) -> str:
    """``('select', 'ids', 2)`` -> ``select.ids[2]``."""
    return _dotted(path)


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
