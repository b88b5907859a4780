"""Turn pydantic validation errors into :class:`Problem` records a person can act on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from blkanalysis.data.yamlio import BadDate, ExponentFloat
from blkanalysis.errors import Problem

#: plain-words descriptions of the patterns the models use
PATTERN_WORDS = {
    r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$": "lowercase letters and digits joined by - _ or . "
    "(e.g. blk-transformation-budget-2021-detik)",
    r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$": "snake_case words (e.g. units_built)",
    r"^https?://\S+$": "an http:// or https:// address without spaces",
    r"^\d{4}=100$": "a base such as 2018=100",
}


def _describe(value: Any) -> str:
    if isinstance(value, BadDate):
        return f"{value.text!r} ({value.reason})"
    if isinstance(value, ExponentFloat):
        return value.written
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def whole_number_hint(value: float) -> str:
    """How to write a whole number that arrived as a float (``2.02e3``, ``2020.0``)."""
    return f"write it in digits, without a fraction or exponent ({int(value)})"


def hint_for(err: dict[str, Any]) -> str:
    """A message for one pydantic error that says what is wrong and what is expected."""
    etype = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if etype == "missing":
        return "required key is missing"
    if etype == "extra_forbidden":
        return "unknown key"
    if isinstance(value, BadDate):
        return f"{value.text!r} is not a real date ({value.reason}); write YYYY-MM-DD"
    if etype in ("int_type", "int_from_float", "int_parsing"):
        if isinstance(value, str):
            return (
                f"expected a whole number, got the text {_describe(value)}; write the digits "
                "without quotes or separators (2030000000000)"
            )
        if isinstance(value, float) and value.is_integer():
            return f"expected a whole number, got {_describe(value)}; {whole_number_hint(value)}"
        return f"expected a whole number, got {_describe(value)}"
    if etype in ("float_type", "float_parsing"):
        if isinstance(value, str):
            return (
                f"expected a number, got the text {_describe(value)}; a number in quotes is "
                "text: write it without quotes (1.5, 2.03e12 or 2030000000000)"
            )
        return f"expected a number, got {_describe(value)}"
    if etype in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_describe(value)}"
    if etype in ("string_type",):
        return f"expected text, got {_describe(value)}"
    if etype in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"expected a real date written YYYY-MM-DD (unquoted), got {_describe(value)}"
    if etype == "literal_error":
        return f"got {_describe(value)}; expected one of {ctx.get('expected', '?')}"
    if etype in ("list_type",):
        return f"expected a list, got {_describe(value)}"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys to values, got {_describe(value)}"
    if etype == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        return (
            f"got {_describe(value)}; expected {PATTERN_WORDS.get(pattern, 'to match ' + pattern)}"
        )
    if etype == "too_short" and isinstance(value, list):
        return "the list is empty; give at least one entry"
    if etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"got {_describe(value)}; {err['msg'].lower()}"
    if etype == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg']} (got {_describe(value)})"


def problems_from(
    exc: ValidationError,
    *,
    file: str,
    record: Callable[[tuple[Any, ...]], tuple[str | None, tuple[Any, ...]]],
    allowed: Callable[[str | None, tuple[Any, ...]], Sequence[str]] | None = None,
) -> list[Problem]:
    """Map each error of ``exc`` to a Problem.

    ``record(loc)`` returns (record name, the rest of the location) so the caller can say
    "figure 'x'" instead of "figures.3". ``allowed(record, parent_loc)`` lists the keys allowed
    where an unknown key was found, for the message.
    """
    problems: list[Problem] = []
    seen: set[Problem] = set()
    for err in exc.errors():
        loc = tuple(err["loc"])
        rec, rest = record(loc)
        message = hint_for(err)
        if err["type"] == "extra_forbidden" and allowed is not None:
            keys = allowed(rec, rest[:-1])
            if keys:
                message += "; allowed keys are: " + ", ".join(keys)
        field = ".".join(str(p) for p in rest) or None
        problem = Problem(file, rec, field, message)
        if problem not in seen:
            seen.add(problem)
            problems.append(problem)
    return problems


def json_schema_of(model: Any, title: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file's pydantic model, for documentation: the
    loader's models are the checks, so the schema cannot drift from them."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema
