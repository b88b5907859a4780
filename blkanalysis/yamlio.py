"""Strict YAML reading shared by the registry, the CPI file and scenarios.

PyYAML is permissive in ways that hide mistakes in hand-written data: a repeated key silently
keeps the last value, and an impossible date such as ``2022-02-30`` aborts the whole file with a
bare ``ValueError``. This loader reports both as problems that name the file and the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:  # the C loader is much faster; fall back to pure Python where libyaml is missing
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader

MAX_BYTES = 2_000_000  # a registry or scenario file larger than this is a mistake


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


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    pass


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


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_yaml(path: Path, *, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Read one YAML file strictly. Returns (data, problems); data is None when unreadable."""
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
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
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
