"""Plan a build: every notebook x every scenario, with every parameter checked before any kernel.

Checks, all reported together as one :class:`~blkanalysis.errors.ScenarioError`:

- scenario names (they become directory names) and duplicates;
- the injected ``validate(spec)`` (the domain's model: types, ranges, ...), whose problems are kept;
- on its own: a parameter name no notebook declares in its ``parameters`` cell (papermill only
  warns; we refuse, listing the valid names), a value whose kind does not match the notebook's
  default (text where the default is a number, e.g. a quoted number; a fraction where it is a
  whole number; ...), and values that cannot be written into a notebook.

Each notebook receives only the resolved parameters it declares, plus ``scenario_name`` (the
scenario's name) when it declares that name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from blkanalysis.errors import Problem, ScenarioError
from blkanalysis.reports.spec import (
    SCENARIO_NAME_PARAMETER,
    NotebookInfo,
    NotebookParam,
    PlannedRun,
    ScenarioSpec,
    Validator,
)

_SCENARIO_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_NUMBER_TEXT_RE = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")

_UNKNOWN = "unknown parameter"

_KIND_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "str": "text",
    "list": "a list",
    "dict": "a mapping",
    "none": "null",
}


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fits(value: Any, kind: str) -> bool:
    return {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "str": isinstance(value, str),
        "list": isinstance(value, (list, tuple)),
        "dict": isinstance(value, dict),
        "none": value is None,
    }.get(kind, True)


def _kind_problem(value: Any, param: NotebookParam, notebook: str) -> str | None:
    """Why ``value`` does not fit the notebook's declaration, or None when it fits."""
    kinds = param.kinds
    if not kinds or any(_fits(value, k) for k in kinds):
        return None
    wanted = " or ".join(_KIND_WORDS.get(k, k) for k in kinds if k != "none")
    if "none" in kinds:
        wanted += " (or null)"
    declared = f"{param.annotation} = {param.source}" if param.annotation else param.source
    why = (
        f"{notebook} declares {param.name}: {declared}"
        if param.annotation
        else (f"{notebook}'s default is {declared}")
    )
    if isinstance(value, str) and ({"int", "float"} & set(kinds)):
        number = float(value) if _NUMBER_TEXT_RE.match(value) else None
        if number is not None and "float" not in kinds and number.is_integer():
            return (
                f"expected {wanted} ({why}), got the text {value!r}: a number in quotes is "
                f"text; write it in digits without quotes ({int(number)})"
            )
        if number is not None and "float" in kinds:
            return (
                f"expected {wanted} ({why}), got the text {value!r}: a number in quotes is "
                f"text; write it without quotes ({value.strip()})"
            )
        return f"expected {wanted} ({why}), got the text {_describe(value)}"
    if isinstance(value, float) and "int" in kinds and value.is_integer():
        return (
            f"expected {wanted} ({why}), got {_describe(value)}; write it in digits, without "
            f"a fraction or exponent ({int(value)})"
        )
    return f"expected {wanted} ({why}), got {_describe(value)}"


def _injectable_problem(value: Any, path: str = "") -> str | None:
    """None if papermill can write ``value`` into a notebook faithfully (JSON-like values)."""
    if value is None or isinstance(value, (bool, int, str)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path or 'value'} is {value}, not a number"
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            p = _injectable_problem(v, f"{path}[{i}]")
            if p:
                return p
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return f"{path or 'mapping'} has a key {k!r} that is not text"
            p = _injectable_problem(v, f"{path}[{k!r}]")
            if p:
                return p
        return None
    return (
        f"{path or 'value'} is a {type(value).__name__} ({_describe(value)}), which cannot be "
        "passed to a notebook: use text, numbers, true/false, lists or mappings"
    )


def declared_names(notebooks: Sequence[NotebookInfo]) -> list[str]:
    """Every parameter name some notebook declares (the valid names), sorted."""
    names: set[str] = set()
    for nb in notebooks:
        names.update(nb.parameters)
    return sorted(names)


def check_scenario_names(scenarios: Sequence[ScenarioSpec]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, ScenarioSpec] = {}
    for spec in scenarios:
        if not isinstance(spec.name, str) or not _SCENARIO_NAME_RE.match(spec.name):
            problems.append(
                Problem(
                    spec.where,
                    None,
                    None,
                    f"scenario name {spec.name!r} cannot name a report directory: use letters, "
                    "digits, '.', '_' or '-' (at most 100, not starting with '.' or '-')",
                )
            )
        elif spec.name in seen:
            problems.append(
                Problem(
                    spec.where,
                    None,
                    None,
                    f"scenario name {spec.name!r} is used twice (also by {seen[spec.name].where})",
                )
            )
        else:
            seen[spec.name] = spec
    return problems


def check_parameters(
    spec: ScenarioSpec,
    values: Mapping[str, Any],
    notebooks: Sequence[NotebookInfo],
    *,
    unknown: bool,
) -> list[Problem]:
    """The runner's own checks of one scenario's values against the notebooks' declarations."""
    problems: list[Problem] = []
    valid = declared_names(notebooks)
    for name, value in values.items():
        if not isinstance(name, str):
            problems.append(Problem(spec.where, "parameters", str(name), "a name must be text"))
            continue
        declaring = [nb for nb in notebooks if name in nb.parameters]
        if not declaring:
            if unknown:
                shown = ", ".join(valid) if valid else "(none: no notebook has a parameters cell)"
                problems.append(
                    Problem(
                        spec.where,
                        "parameters",
                        name,
                        f"{_UNKNOWN}: no notebook declares it. Valid names: {shown}",
                    )
                )
            continue
        seen_msgs: set[str] = set()
        for nb in declaring:
            msg = _kind_problem(value, nb.parameters[name], nb.name)
            if msg and msg not in seen_msgs:
                seen_msgs.add(msg)
                problems.append(Problem(spec.where, "parameters", name, msg))
        if not seen_msgs:
            msg = _injectable_problem(value)
            if msg:
                problems.append(Problem(spec.where, "parameters", name, msg))
    return problems


def plan_runs(
    notebooks: Sequence[NotebookInfo],
    scenarios: Sequence[ScenarioSpec],
    validate: Validator | None = None,
) -> list[PlannedRun]:
    """Validate everything and return the runs (scenario-major order). Raise ScenarioError."""
    problems = check_scenario_names(scenarios)
    resolved_by_name: dict[str, Mapping[str, Any]] = {}
    for spec in scenarios:
        raw = dict(spec.parameters or {})
        # the values as written: unknown names, and text where a number is expected
        own = check_parameters(spec, raw, notebooks, unknown=True)
        resolved: Mapping[str, Any] | None = raw
        domain: list[Problem] = []
        if validate is not None:
            try:
                resolved = validate(spec)
            except ScenarioError as exc:
                domain, resolved = list(exc.problems), None
            except (ValueError, TypeError) as exc:  # a validator that raises plain errors
                domain, resolved = [Problem(spec.where, "parameters", None, str(exc))], None
            if resolved is not None and not isinstance(resolved, Mapping):
                domain, resolved = (
                    [Problem(spec.where, None, None, "validator returned no mapping")],
                    None,
                )
        # an unknown name: the runner's message (it lists the notebooks' names) is shown;
        # any other key the domain's validator explains: the domain's message is shown
        unknown = {p.field for p in own if p.message.startswith(_UNKNOWN)}
        explained = {_root_name(p.field) for p in domain if p.field}
        problems.extend(p for p in own if p.field in unknown or p.field not in explained)
        problems.extend(p for p in domain if not p.field or _root_name(p.field) not in unknown)
        if resolved is None:
            continue
        if validate is not None:
            # the resolved values too (a validator might fill in values of another kind)
            extra = {k: v for k, v in resolved.items() if k not in raw or raw[k] is not v}
            problems.extend(check_parameters(spec, extra, notebooks, unknown=False))
        resolved_by_name[spec.name] = dict(resolved)
    if problems:
        raise ScenarioError(_dedupe(problems))

    runs: list[PlannedRun] = []
    for spec in scenarios:
        resolved = resolved_by_name[spec.name]
        for nb in notebooks:
            injected: dict[str, Any] = {}
            for name in nb.parameters:
                if name in resolved:
                    injected[name] = resolved[name]
                elif name == SCENARIO_NAME_PARAMETER:
                    injected[name] = spec.name
            runs.append(PlannedRun(spec, nb, injected, resolved))
    return runs


def _root_name(field: str) -> str:
    """``multipliers`` for ``multipliers[0]`` or ``multipliers.0``."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str | None, str | None, str]] = set()
    for p in problems:
        k = (p.file, p.record, p.field, p.message)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out
