"""Plan a build: every notebook x every scenario, with every parameter checked before any kernel.

Checks, all reported together as one :class:`~blkanalysis.errors.ScenarioError`:

- scenario names (they become directory names) and duplicates;
- on its own, only what a runner can know: a parameter name no notebook declares in its
  ``parameters`` cell (papermill only warns; we refuse, listing the valid names), and values
  that cannot be written into a notebook;
- the values themselves (types, ranges, ...) by the injected ``validate(spec)`` (the domain's
  model), once: its problems are reported as they are. The runner has no type system of its own
  (the notebooks' annotations are not checked a second time), so a bad value is one problem.

Each notebook receives only the resolved parameters it declares, plus ``scenario_name`` (the
scenario's name) when it declares that name.

A notebook whose metadata says ``report.per_scenario: false`` does not depend on the scenario:
it runs once per language (the scenarios' resolved ``lang`` parameter; one group when there is
none), with the parameters of that language's first scenario (the scenarios' order puts the
baseline first).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from blkanalysis.errors import Problem, ScenarioError
from blkanalysis.reports.spec import (
    SCENARIO_NAME_PARAMETER,
    NotebookInfo,
    PlannedRun,
    ScenarioSpec,
    Validator,
)

_SCENARIO_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_UNKNOWN = "unknown parameter"


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
    """The runner's own checks of one scenario's values: names some notebook declares
    (``unknown``: report the others) and values papermill can write."""
    problems: list[Problem] = []
    valid = declared_names(notebooks)
    for name, value in values.items():
        if not isinstance(name, str):
            problems.append(Problem(spec.where, "parameters", str(name), "a name must be text"))
            continue
        if name not in valid:
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
    valid = set(declared_names(notebooks))
    resolved_by_name: dict[str, Mapping[str, Any]] = {}
    for spec in scenarios:
        raw = dict(spec.parameters or {})
        # names no notebook declares: the runner says so (listing the valid names), and the
        # validator sees only the others (one problem per unknown name, not two)
        own = check_parameters(spec, raw, notebooks, unknown=True)
        problems.extend(p for p in own if p.message.startswith(_UNKNOWN))
        known = {k: v for k, v in raw.items() if k in valid}
        resolved: Mapping[str, Any] | None = known
        if validate is not None:
            checked = spec if len(known) == len(raw) else replace(spec, parameters=known)
            try:
                resolved = validate(checked)
            except ScenarioError as exc:
                problems.extend(exc.problems)
                continue
            except (ValueError, TypeError) as exc:  # a validator that raises plain errors
                problems.append(Problem(spec.where, "parameters", None, str(exc)))
                continue
            if not isinstance(resolved, Mapping):
                problems.append(Problem(spec.where, None, None, "validator returned no mapping"))
                continue
        # what papermill will write: the resolved values must be writable
        problems.extend(check_parameters(spec, resolved, notebooks, unknown=False))
        resolved_by_name[spec.name] = dict(resolved)
    if problems:
        raise ScenarioError(_dedupe(problems))

    runs: list[PlannedRun] = []
    first = shared_scenarios(scenarios, resolved_by_name)
    for spec in scenarios:
        resolved = resolved_by_name[spec.name]
        for nb in notebooks:
            if not nb.per_scenario and spec.name not in first:
                continue  # runs once per language, with that language's first scenario
            injected: dict[str, Any] = {}
            for name in nb.parameters:
                if name in resolved:
                    injected[name] = resolved[name]
                elif name == SCENARIO_NAME_PARAMETER:
                    injected[name] = spec.name
            runs.append(PlannedRun(spec, nb, injected, resolved))
    return runs


def language_of(resolved: Mapping[str, Any]) -> str | None:
    """A run's language: its resolved ``lang`` parameter, if it is text."""
    lang = resolved.get("lang")
    return lang if isinstance(lang, str) else None


def shared_scenarios(
    scenarios: Sequence[ScenarioSpec], resolved: Mapping[str, Mapping[str, Any]]
) -> set[str]:
    """The scenarios that run the notebooks not run per scenario: the first of each language."""
    out: dict[str | None, str] = {}
    for spec in scenarios:
        out.setdefault(language_of(resolved.get(spec.name, {})), spec.name)
    return set(out.values())


def _dedupe(problems: list[Problem]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str | None, str | None, str]] = set()
    for p in problems:
        k = (p.file, p.record, p.field, p.message)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out
