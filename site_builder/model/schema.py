"""Check each document against its model and turn failures into problems."""

from __future__ import annotations

import inspect
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from site_builder.content import Document
from site_builder.content.yamlpos import Path, dotted
from site_builder.language import say
from site_builder.problems import (
    Problems,
    did_you_mean,
    quoted_choices,
    quoted_list,
)

M = TypeVar("M", bound=BaseModel)


def check_document(doc: Document, model: type[M], problems: Problems) -> M | None:
    """Validate one document; every failure is reported at its key or value."""
    if not doc.readable:
        return None  # its syntax error is all the editor needs to hear
    if not isinstance(doc.data, dict):
        examples = quoted_list(list(_keys(model))[:3])
        message = (
            say(
                "the file is empty; expected fields such as {examples}, one per line",
                examples=examples,
            )
            if doc.data is None
            else say(
                "the file holds {value}; expected fields such as {examples}, "
                "one per line",
                value=describe(doc.data),
                examples=examples,
            )
        )
        problems.error(doc.positions.value(()), "", message)
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as failure:
        for error in failure.errors():
            _report(doc, model, error, problems)
        return None


def _report(
    doc: Document, model: type[BaseModel], error: ErrorDetails, problems: Problems
) -> None:
    path: Path = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        place = doc.positions.key(path)
        message = _unknown_key(model, path)
    elif kind == "missing":
        place = doc.positions.key(path[:-1]) if path[:-1] else doc.positions.value(())
        message = say("this required field is missing")
    else:
        # A field's own parser may name the part of the value at fault.
        path = (*path, *(error.get("ctx") or {}).get("at", ()))
        place = doc.positions.value(path)
        message = _message(error)
    problems.error(place, dotted(path), message)


def _unknown_key(model: type[BaseModel], path: Path) -> str:
    key = str(path[-1])
    known = _keys(_model_at(model, path[:-1]))
    hint = did_you_mean(key, known)
    if not hint and known:
        hint = say("; expected one of {names}", names=quoted_list(known))
    return say("unknown key '{key}'", key=key) + hint


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    got = say(", got {value}", value=describe(value))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return say("expected a whole number") + got
    if kind in ("string_type", "str_type"):
        return say("expected text") + got
    if kind in ("tuple_type", "list_type"):
        return say("expected a list such as [a, b]") + got
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return say("expected a block of fields (key: value)") + got
    if kind == "literal_error":
        hint = did_you_mean(str(value), _literals(context))
        expected = quoted_choices(_literals(context))
        return say("expected one of {names}", names=expected) + got + hint
    if kind == "greater_than_equal":
        return say("must be {number} or more", number=context["ge"]) + got
    if kind == "less_than_equal":
        return say("must be {number} or less", number=context["le"]) + got
    if kind == "too_short":
        return say("must not be empty")
    return str(error["msg"])


def _literals(context: dict[str, Any]) -> list[str]:
    return [
        part.strip(" '")
        for part in str(context["expected"]).replace(" or ", ",").split(",")
    ]


def describe(value: object) -> str:
    """Name a YAML value the way an editor would see it."""
    if value is None:
        return say("nothing")
    if isinstance(value, bool):
        return say("'{value}' (a yes/no value)", value=str(value).lower())
    if isinstance(value, dict):
        return say("a block of fields")
    if isinstance(value, list):
        return say("a list")
    return f"'{value}'"


def _keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in path:
        if current is None or isinstance(part, int):
            continue
        field = _field(current, part)
        current = _model_in(field.annotation) if field else None
    return current


def _field(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _model_in(annotation: object) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
