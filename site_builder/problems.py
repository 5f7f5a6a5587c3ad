"""Problems found in content, reported to people as ``path:line:col: field: message``.

Every stage that reads content collects problems instead of raising on the
first one, so an editor sees everything that needs fixing in one go.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from site_builder.language import say, say_plural


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Place:
    """A position in a source file; line and column count from 1."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    place: Place
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        label = say("warning: ") if self.severity is Severity.WARNING else ""
        where = f"{self.field}: " if self.field else ""
        return f"{self.place}: {label}{where}{self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.place.path, self.place.line, self.place.column, self.field)


@dataclass
class Problems:
    """A growing list of problems, errors and warnings together."""

    items: list[Problem] = field(default_factory=list)

    def error(self, place: Place, field_path: str, message: str) -> None:
        self.items.append(Problem(place, field_path, message))

    def warn(self, place: Place, field_path: str, message: str) -> None:
        self.items.append(Problem(place, field_path, message, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return self.sorted(Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self.sorted(Severity.WARNING)

    def sorted(self, severity: Severity) -> list[Problem]:
        chosen = {p for p in self.items if p.severity is severity}
        return sorted(chosen, key=Problem.sort_key)


class ContentError(Exception):
    """Content is invalid; ``problems`` says where and why."""

    def __init__(self, problems: Problems, strict: bool = False) -> None:
        self.problems = problems
        self.strict = strict
        errors, warnings = len(problems.errors), len(problems.warnings)
        if errors:
            summary = say_plural("{count} error", "{count} errors", errors)
        else:
            summary = say_plural(
                "{count} warning in strict mode",
                "{count} warnings in strict mode",
                warnings,
            )
        super().__init__(summary)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the likeliest choice, or ""."""
    options = sorted(choices)
    lowered = word.lower()
    same_case = [c for c in options if c.lower() == lowered]
    prefixed = [c for c in options if lowered.startswith(c.lower() + "-")]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    for found in (same_case, prefixed, close):
        if found:
            return say("; did you mean '{name}'?", name=found[0])
    return ""


def quoted_list(names: Iterable[str]) -> str:
    return say(", ").join(f"'{name}'" for name in names)


def quoted_choices(names: Iterable[str]) -> str:
    """``'a', 'b' or 'c'``: the choices an editor can pick one of."""
    quoted = [f"'{name}'" for name in names]
    if len(quoted) < 2:
        return "".join(quoted)
    first = say(", ").join(quoted[:-1])
    return say("{first} or {last}", first=first, last=quoted[-1])
