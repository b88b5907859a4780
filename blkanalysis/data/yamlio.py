"""Strict YAML reading: the one way blkanalysis reads YAML (registry, CPI, scenarios, and the
``-p`` / ``--grid`` values typed on the command line).

PyYAML is permissive in ways that hide mistakes in hand-written data: a repeated key silently
keeps the last value, and an impossible date such as ``2022-02-30`` aborts the whole file with a
bare ``ValueError``. This loader reports both as problems that name the file and the line.

It also refuses what hand-written data has no use for and what could make reading it hang:

- anchors and aliases (``&name`` / ``*name``): refused at the first one, before anything is
  expanded, so an alias bomb ("billion laughs") costs nothing;
- nesting deeper than :data:`MAX_DEPTH` (and files larger than :data:`MAX_BYTES`).

Numbers follow the YAML 1.2 core schema at any depth: ``1e3``, ``2e+3`` and ``2.03e12`` are
numbers (YAML 1.1, which PyYAML implements, reads an exponent without a dot or without a sign
as text). Whole numbers without a dot or an exponent stay integers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.resolver import Resolver

from blkanalysis.errors import Problem

try:  # the C parser is much faster; fall back to pure Python where libyaml is missing
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

MAX_BYTES = 2_000_000  # a registry or scenario file larger than this is a mistake
MAX_DEPTH = 50  # nesting deeper than this (a registry file needs about 5 levels) is a mistake

#: a number in exponent form, YAML 1.2 core schema (``1e3``, ``2e+3``, ``1.5e3``, ``.5e-2``);
#: the other numbers (``12``, ``1.5``, ``.inf``) YAML 1.1 already reads as numbers
EXPONENT_NUMBER = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$")


@dataclass(frozen=True)
class BadDate:
    """A YAML timestamp that is not a real date (kept so validation can name it)."""

    text: str
    reason: str

    def __repr__(self) -> str:
        return self.text


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key = key
        self.line = line


class Refused(Exception):
    """YAML that is well formed but refused (an anchor, an alias, too deep), at a line."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        self.column = column
        self.message = message


_WRITE_IT_OUT = "anchors and aliases (&name, *name) are not allowed here: write the value out"


class _StrictLoader(Composer, _Parser, SafeConstructor, Resolver):  # type: ignore[misc]
    """libyaml's parser (events), PyYAML's composer (nodes) with the refusals, safe constructors.

    The composer is PyYAML's Python one, not libyaml's, so that :meth:`compose_node` can refuse
    an anchor or alias event and excessive depth before anything is built or expanded.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, AliasEvent):
            raise Refused(line, column, f"alias *{event.anchor}: {_WRITE_IT_OUT}")
        if getattr(event, "anchor", None) is not None:
            raise Refused(line, column, f"anchor &{event.anchor}: {_WRITE_IT_OUT}")
        if isinstance(event, CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                raise Refused(
                    line,
                    column,
                    f"nested more than {MAX_DEPTH} levels deep; is it the right file?",
                )
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        return BadDate(str(node.value), str(exc))


class ExponentFloat(float):
    """A number written in exponent form, with the text as written (``2.09e10``).

    Only :func:`read_yaml` with ``mark_exponents=True`` makes these, for data whose numbers
    must be written out in digits (the registry's figure values)."""

    written: str

    def __new__(cls, value: float, written: str) -> ExponentFloat:
        self = super().__new__(cls, value)
        self.written = written
        return self


class _MarkingLoader(_StrictLoader):
    """The strict loader that keeps the text of numbers written in exponent form."""


def _construct_marked_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = SafeConstructor.construct_yaml_float(loader, node)
    if EXPONENT_NUMBER.match(str(node.value)):
        return ExponentFloat(value, str(node.value))
    return value


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", EXPONENT_NUMBER, list("-+.0123456789")
)
_MarkingLoader.add_constructor("tag:yaml.org,2002:float", _construct_marked_float)


def parse_yaml(text: str, *, mark_exponents: bool = False) -> Any:
    """Parse YAML text strictly. Raises :class:`Refused`, :class:`DuplicateKey` or
    ``yaml.YAMLError``; never expands an alias."""
    loader = (_MarkingLoader if mark_exponents else _StrictLoader)(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def refusal(exc: Refused | DuplicateKey) -> str:
    """The message for a refusal of :func:`parse_yaml` (it names the line)."""
    if isinstance(exc, DuplicateKey):
        return f"key {exc.key!r} repeated on line {exc.line}; each key may appear once"
    return f"line {exc.line}: {exc.message}"


def read_yaml(
    path: Path, *, display: str | None = None, mark_exponents: bool = False
) -> tuple[Any, list[Problem]]:
    """Read one YAML file strictly. Returns (data, problems); data is None when unreadable.

    ``mark_exponents``: numbers written in exponent form arrive as :class:`ExponentFloat`."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}")]
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(
                name,
                None,
                None,
                f"the file is {len(raw):,} bytes; files over {MAX_BYTES:,} bytes are refused "
                "(is it the right file?)",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(name, None, None, f"not UTF-8 text (byte {exc.start}); save it as UTF-8 YAML")
        ]
    if "\x00" in text:
        return None, [Problem(name, None, None, "binary data (NUL bytes); expected YAML text")]
    try:
        data = parse_yaml(text, mark_exponents=mark_exponents)
    except Refused as exc:
        return None, [Problem(name, None, None, refusal(exc))]
    except DuplicateKey as exc:
        return None, [
            Problem(
                name, None, exc.key, f"key repeated on line {exc.line}; each key may appear once"
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(name, None, None, f"invalid YAML{where}: {problem}")]
    if data is None:
        return None, [Problem(name, None, None, "the file is empty")]
    return data, []


def is_real_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
