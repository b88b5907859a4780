"""Scenarios: the analysis parameters, validated strictly (pydantic), read from YAML files.

A scenario file in ``scenarios/`` has a header saying who wrote it, why, and from which sources,
then the parameters::

    title: Targets tripled
    author: blkanalysis maintainers
    rationale: >-
      ...
    references: [incubators-target-2022-kompas, ...]   # figure ids or addresses
    parameters:
      multipliers: [3]
      ...

Parameters not given take the baseline defaults (:class:`Scenario` defaults equal
``scenarios/baseline.yaml``; a test holds them equal). Every problem found is reported at once,
naming the file and the key, as a :class:`~blkanalysis.errors.ScenarioError`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)

from blkanalysis import paths
from blkanalysis.data.validation import problems_from
from blkanalysis.data.yamlio import DuplicateKey, Refused, parse_yaml, read_yaml, refusal
from blkanalysis.errors import Problem, ScenarioError
from blkanalysis.model.parameters import BY_NAME as PARAMETERS_BY_NAME
from blkanalysis.model.parameters import PARAMETERS, Parameter

Lang = Literal["en", "id"]

DEFAULT_MULTIPLIERS = tuple(PARAMETERS_BY_NAME["multipliers"].default)


class HeaderTranslation(BaseModel):
    """A scenario's title and rationale in another language."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    title: Annotated[str, Field(min_length=1, max_length=200)]
    rationale: Annotated[str, Field(min_length=1)]


class ScenarioHeader(BaseModel):
    """Who wrote the scenario, why, and from which sources."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    title: Annotated[str, Field(min_length=1, max_length=200)]
    author: Annotated[str, Field(min_length=1, max_length=200)]
    rationale: Annotated[str, Field(min_length=1)]
    references: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="registry figure ids or addresses the scenario rests on"
    )
    translations: dict[Lang, HeaderTranslation] = Field(
        default_factory=dict,
        description="the title and rationale in other report languages (e.g. id)",
    )


class _ScenarioBase(BaseModel):
    """The behaviour of :class:`Scenario`; its fields come from the declarations."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, validate_default=True)

    # --- checks: the declared bounds, repeats and checks, with the declared messages -------

    @field_validator("*")
    @classmethod
    def _declared(cls, v: Any, info: ValidationInfo) -> Any:
        declared = PARAMETERS_BY_NAME.get(info.field_name or "")
        message = declared.problem(v) if declared is not None else None
        if message:
            raise ValueError(message)
        return v

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def parameter_names(cls) -> list[str]:
        return list(cls.model_fields)

    @classmethod
    def from_params(
        cls, params: Mapping[str, Any] | None = None, *, source: str | Path = "parameters"
    ) -> Scenario:
        """Validate a parameter mapping; raise :class:`ScenarioError` listing every problem."""
        params = dict(params or {})
        try:
            return cls.model_validate(params)
        except ValidationError as exc:
            raise ScenarioError(
                problems_from(
                    exc,
                    file=str(source),
                    record=lambda loc: ("parameters", loc),
                    allowed=lambda rec, parent: cls.parameter_names() if not parent else [],
                )
            ) from None

    @classmethod
    def from_namespace(cls, namespace: Mapping[str, Any], *, source: str = "notebook") -> Scenario:
        """Validate the parameters found in a namespace (a notebook's ``globals()``)."""
        return cls.from_params(
            {k: namespace[k] for k in cls.parameter_names() if k in namespace}, source=source
        )

    @classmethod
    def from_yaml(cls, path: Path | str) -> Scenario:
        """The parameters of a scenario file (its header is checked, then left out: read it with
        :func:`load_scenario_file`, whose :class:`ScenarioFile` keeps it on ``.header``)."""
        return load_scenario_file(Path(path)).scenario

    def params(self) -> dict[str, Any]:
        """The parameters as plain JSON-ready values."""
        return self.model_dump(mode="json")

    def digest(self) -> str:
        """A short, stable hash of the parameters."""
        blob = json.dumps(self.params(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:10]


def _field(p: Parameter) -> tuple[Any, Any]:
    """A declaration as a pydantic field (type with its list length, default, description)."""
    tp = p.python_type()
    if p.many:
        inner = Annotated[tp, Field(min_length=p.min_items, max_length=p.max_items)]
        default = p.default

        def factory() -> list[Any]:
            return list(default)

        return (inner, Field(default_factory=factory, description=p.help))
    return (tp, Field(p.default, description=p.help))


#: The analysis parameters (one field per declaration in :mod:`blkanalysis.model.parameters`).
#: Defaults are the baseline (``scenarios/baseline.yaml``).
Scenario = create_model(
    "Scenario",
    __base__=_ScenarioBase,
    __module__=__name__,
    __doc__="The analysis parameters. Defaults are the baseline (``scenarios/baseline.yaml``).",
    **{p.name: _field(p) for p in PARAMETERS},
)


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario read from a file: its name (the file stem), header and parameters."""

    name: str
    path: Path | None
    header: ScenarioHeader | None
    scenario: Scenario
    raw_params: dict[str, Any] = field(default_factory=dict)


_FILE_KEYS = ("title", "author", "rationale", "references", "translations", "parameters")


def load_scenario_file(path: Path) -> ScenarioFile:
    """Read and validate one scenario file, reporting every problem with file and key."""
    display = _display(path)
    raw, problems = read_yaml(path, display=display)
    if problems:
        raise ScenarioError(problems)
    if not isinstance(raw, dict):
        raise ScenarioError(
            [Problem(display, None, None, "expected a mapping: title, author, ... parameters")]
        )
    problems = []
    header_raw = {k: v for k, v in raw.items() if k != "parameters"}
    header = None
    unknown = [k for k in header_raw if k not in _FILE_KEYS]
    for k in unknown:
        problems.append(
            Problem(
                display,
                None,
                str(k),
                "unknown key; a scenario file has: " + ", ".join(_FILE_KEYS),
            )
        )
    try:
        header = ScenarioHeader.model_validate(
            {k: v for k, v in header_raw.items() if k in _FILE_KEYS}
        )
    except ValidationError as exc:
        problems.extend(
            problems_from(
                exc,
                file=display,
                record=lambda loc: ("header", loc),
                allowed=lambda rec, parent: [],
            )
        )
    params = raw.get("parameters")
    scenario = None
    if params is None:
        params = {}
    if not isinstance(params, dict):
        problems.append(
            Problem(display, "parameters", None, "expected a mapping of parameter names to values")
        )
        params = {}
    try:
        scenario = Scenario.from_params(params, source=display)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    assert scenario is not None
    return ScenarioFile(
        name=path.stem, path=path, header=header, scenario=scenario, raw_params=dict(params)
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.project_root().resolve()))
    except ValueError:
        return str(path)


def scenario_files(directory: Path | None = None) -> list[Path]:
    d = directory if directory is not None else paths.scenarios_dir()
    return sorted(p for p in d.glob("*.yaml") if p.is_file())


def load_scenarios(directory: Path | None = None) -> list[ScenarioFile]:
    """Every scenario file in ``scenarios/`` (all problems of all files reported together)."""
    out, problems = [], []
    for p in scenario_files(directory):
        try:
            out.append(load_scenario_file(p))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return out


def parse_cli_value(value: str, *, where: str = "-p", name: str | None = None) -> Any:
    """A value typed on the command line, read as YAML (``3``, ``[1, 2]``, ``null``, ``midyear``).

    Read by the one strict YAML reader: numbers in exponent form (``2.03e12``, ``[1e3]``) are
    numbers at any depth; text that is not valid YAML (``[1, 2``) is kept as text, for the
    checks to name; an anchor, an alias or a repeated key is refused (:class:`ScenarioError`
    naming ``where`` and ``name``), before anything is expanded.
    """
    if not value.strip():
        return None
    try:
        return parse_yaml(value)
    except (Refused, DuplicateKey) as exc:
        message = refusal(exc)
        if isinstance(exc, Refused):
            if "\n" not in value.strip():
                message = exc.message  # one line: "line 1" says nothing
            if "alias" in message or "anchor" in message:
                message += " (to mean text starting with & or *, quote it: '*text')"
        raise ScenarioError([Problem(where, None, name, message)]) from None
    except yaml.YAMLError:
        return value


def parse_cli_values(values: Mapping[str, Any], *, where: str = "-p") -> dict[str, Any]:
    """:func:`parse_cli_value` of every text value; all refusals reported together."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for k, v in values.items():
        try:
            out[k] = parse_cli_value(v, where=where, name=k) if isinstance(v, str) else v
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return out
