"""The runner's data types: what goes in (scenarios, notebooks), what is planned, what comes out.

Everything here is plain data (dataclasses), cheap to import and picklable, so the planning and
cache decisions never need papermill, nbconvert or a kernel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

#: bump when the runner's output for the same inputs changes (invalidates every cached report)
RUNNER_VERSION = "1"

#: the parameter a notebook may declare to receive the scenario's name
SCENARIO_NAME_PARAMETER = "scenario_name"

Status = Literal["ok", "failed"]
Action = Literal["executed", "cached", "kept"]


@dataclass(frozen=True)
class ScenarioSpec:
    """One scenario to run every notebook with.

    ``name`` becomes the report directory (``<output>/<name>/``): letters, digits, ``._-``.
    ``parameters`` are the values as written (a scenario file's ``parameters:`` mapping or the
    ``-p`` overrides); the injected ``validate`` callable turns them into resolved parameters.
    ``header`` is shown in the index and at the top of each report: ``title``, ``author``,
    ``rationale``, ``references`` (all optional). ``source`` is the scenario file, if any.
    """

    name: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    header: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None

    @property
    def where(self) -> str:
        """How problems name this scenario: its file, or ``<name>`` when it has none."""
        return str(self.source) if self.source is not None else f"<scenario {self.name}>"


#: the injected validator: resolved parameters, or raise ScenarioError
Validator = Callable[[ScenarioSpec], Mapping[str, Any]]


@dataclass(frozen=True)
class NotebookParam:
    """One name assigned in a notebook's ``parameters``-tagged cell."""

    name: str
    source: str  # the default as written, e.g. ``1.0`` or ``"base"``
    default: Any = None  # the literal value, when the default is a literal
    #: the kinds of value it takes (int float bool str list dict none), from its annotation
    #: (``float | None``) or else its literal default (which then also admits None); () = any
    kinds: tuple[str, ...] = ()
    annotation: str | None = None


@dataclass(frozen=True)
class NotebookInfo:
    """What the runner needs to know about a notebook, read without executing it."""

    path: Path
    name: str  # the file stem: reports are <output>/<scenario>/<name>.html
    title: str
    sha256: str
    parameters: Mapping[str, NotebookParam]
    #: data dependencies declared in metadata ``report.inputs`` (globs), or None for "all"
    inputs: tuple[str, ...] | None = None
    #: what the notebook shows itself (metadata ``report.shows``): "parameters" and/or
    #: "sources"; the report's header and footer then leave out their own table or list
    shows: tuple[str, ...] = ()
    #: metadata ``report.per_scenario`` (default true); false: the notebook's output does not
    #: depend on the scenario, so it runs once per language (with the first scenario of that
    #: language, normally the baseline) and the index links it once
    per_scenario: bool = True


@dataclass(frozen=True)
class PlannedRun:
    """One notebook x scenario, with its resolved, injectable parameters."""

    scenario: ScenarioSpec
    notebook: NotebookInfo
    parameters: Mapping[str, Any]  # exactly what papermill injects, in the notebook's order
    resolved: Mapping[str, Any]  # the scenario's resolved parameters (for the index)

    @property
    def key(self) -> str:
        return f"{self.scenario.name}/{self.notebook.name}"


@dataclass
class RunRecord:
    """The outcome of one run, as the index, the manifest and the caller see it."""

    key: str
    scenario: str
    notebook: str
    status: Status
    action: Action  # executed now, cached (inputs unchanged), kept (not part of this build)
    error: str | None = None
    duration_s: float = 0.0
    html: str | None = None  # paths relative to the output directory
    ipynb: str | None = None
    failed_ipynb: str | None = None
    key_figures: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class BuildResult:
    """What :func:`build_reports` did."""

    output: Path
    runs: list[RunRecord]
    duration_s: float

    @property
    def failed(self) -> list[RunRecord]:
        return [r for r in self.runs if r.status == "failed"]

    @property
    def executed(self) -> list[RunRecord]:
        return [r for r in self.runs if r.action == "executed"]

    @property
    def cached(self) -> list[RunRecord]:
        return [r for r in self.runs if r.action == "cached"]

    @property
    def exit_code(self) -> int:
        """0 when every report is good, 1 when one failed (the CLI's exit code)."""
        return 1 if self.failed else 0

    @property
    def index(self) -> Path:
        return self.output / "index.html"

    @property
    def manifest(self) -> Path:
        return self.output / "manifest.json"
