"""The programme model: which registry quantities play which role (``data/model.yaml``).

The analysis names no registry key, year or programme code in code: the model file states, by
role, which quantities are the targets scaled (program/measure/basis, no period), how each is
costed, what it is compared with, which figures are the unit costs, which measures make the BLK
Komunitas timeline, which programmes' budgets enter budget intensity and the references for
trainees per BLK Komunitas. The scenario's ``target_year`` picks the statements scaled.

The file is read by the strict YAML reader and validated by the pydantic models below; every
problem (unknown key, unknown programme, a measure no source states) is reported at once, naming
the file and the key, as a :class:`~blkanalysis.errors.ModelError`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from blkanalysis import paths
from blkanalysis.data.registry import BASES, MEASURE_PATTERN, PROGRAMS
from blkanalysis.data.validation import json_schema_of, problems_from
from blkanalysis.data.yamlio import read_yaml
from blkanalysis.errors import ModelError, Problem

if TYPE_CHECKING:
    import pandas as pd

Program = Literal[PROGRAMS]  # type: ignore[valid-type]
Basis = Literal[BASES]  # type: ignore[valid-type]
Measure = Annotated[str, Field(pattern=MEASURE_PATTERN, max_length=60)]
Key = Annotated[str, Field(pattern=MEASURE_PATTERN, max_length=60)]
Kind = Literal["flow", "stock"]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class QuantityRef(_Strict):
    """A registry quantity without its period: the year comes from the scenario."""

    program: Program
    measure: Measure
    basis: Basis

    def key(self, year: int | str) -> str:
        return f"{self.program}/{self.measure}/{self.basis}/{year}"


class ProgramMeasure(_Strict):
    """A programme's measure, on any basis."""

    program: Program
    measure: Measure


class Achieved(_Strict):
    """What a target is compared with: a registry measure, or the BLK Komunitas timeline."""

    measure: QuantityRef | None = Field(
        None, description="a registry measure (e.g. a count); give this or timeline"
    )
    timeline: Literal["built"] | None = Field(
        None, description="built: the BLK Komunitas built in the target year (the timeline)"
    )
    kind: Kind = Field(description="flow (in the year) or stock (standing)")
    pick: Literal["first_after", "same_year"] = Field(
        "first_after",
        description="for a registry measure: the first year stated after the target year, or "
        "the target year itself",
    )
    since: Literal["latest_until_target_year"] | None = Field(
        None,
        description="for a stock (kind: stock) of a registry measure: the count of the same "
        "measure it is net of, so that only what is new since the target counts "
        "(latest_until_target_year: the latest count stated at or before the target year)",
    )

    @model_validator(mode="after")
    def _one(self) -> Achieved:
        if (self.measure is None) == (self.timeline is None):
            raise ValueError("give exactly one of measure or timeline")
        if self.kind == "stock" and self.measure is not None and self.since is None:
            raise ValueError(
                "a stock meets a target only by what is new since it: give since "
                "(latest_until_target_year)"
            )
        if self.since is not None and (self.kind != "stock" or self.measure is None):
            raise ValueError("since applies only to a stock of a registry measure")
        return self


class TargetRole(_Strict):
    """A target the analysis scales: the measures that can state it, its cost, its comparison."""

    key: Key = Field(description="short stable name used in tables and translations")
    measures: Annotated[list[QuantityRef], Field(min_length=1)] = Field(
        description="measures that state the target, in order of preference"
    )
    kind: Kind = Field(description="flow (in the year) or stock (standing)")
    cost: Literal["per_blkk", "per_trainee"] | None = Field(
        description="the unit cost that prices it, or null (not costed)"
    )
    builds_blkk: bool = Field(False, description="it adds BLK Komunitas to the stock")
    in_total: bool = Field(True, description="false when it restates another target's spending")
    achieved: Achieved | None = None
    share_of_blkk_stock: bool = Field(
        False, description="show it as a share of the BLK Komunitas standing that year"
    )
    per_blkk: QuantityRef | None = Field(
        None, description="show it per unit of this quantity of the same year (scaled alike)"
    )


class UnitCosts(_Strict):
    """The figures that serve as observed unit costs."""

    per_blkk: ProgramMeasure = Field(description="rupiah per BLK Komunitas (per unit covered)")
    per_trainee: ProgramMeasure = Field(
        description="budgets that name the trainees they pay for (trainees_figure)"
    )
    capital_in_training: ProgramMeasure | None = Field(
        None,
        description=(
            "a budget of the same period and basis that the per-trainee budgets include "
            "(building BLK Komunitas): taken out, it leaves the cost of training alone"
        ),
    )
    comparators: list[ProgramMeasure] = Field(
        default_factory=list,
        description=(
            "budgets of other programmes that name their participants: set beside the cost per "
            "trainee, never mixed into it"
        ),
    )


class Timeline(_Strict):
    """The measures that make the BLK Komunitas timeline."""

    program: Program
    built: Measure = Field(description="built in the year (flow)")
    cumulative: Measure = Field(description="standing at the year's end (stock)")
    target: Measure = Field(description="yearly build target (flow)")
    target_initial: Measure = Field(description="the year's first-announced build target")


class Intensity(_Strict):
    """Budget intensity: the programmes compared, and the budget they are set against."""

    programs: Annotated[list[Program], Field(min_length=1)]
    context: ProgramMeasure


class TraineesReference(_Strict):
    """A reference for trainees per BLK Komunitas: numerator over denominator (or stated)."""

    key: Key
    numerator: QuantityRef | None = None
    numerator_target: Key | None = Field(
        None, description="the key of a target: the measure that states it that year"
    )
    denominator: QuantityRef | None = Field(None, description="null: the numerator is per unit")
    year: Literal["target_year", "latest_until_target_year"]
    per_year: bool = Field(description="true: trainees a year; false: over the whole period")
    spread_over: Literal["new_units", "stock"] | None = Field(
        None,
        description="what the trainees are spread over: the units built new (new_units) or all "
        "the units standing (stock); null: stated per unit",
    )
    compare_with: Key | None = Field(
        None,
        description="the key of the reference this one is set against; the ratio is shown only "
        "like for like (the same per_year and spread_over), else the two are shown side by side",
    )

    @model_validator(mode="after")
    def _one(self) -> TraineesReference:
        if (self.numerator is None) == (self.numerator_target is None):
            raise ValueError("give exactly one of numerator or numerator_target")
        return self


class DeliveryRole(_Strict):
    """An announced quantity (target, allocation, estimated need) set beside what was later
    reported: every year some source announces it gives a row (or only the latest year)."""

    key: Key = Field(description="short stable name used in tables and translations")
    announced: Annotated[list[QuantityRef], Field(min_length=1)] = Field(
        description="measures that announce it, in order of preference (first stated that year)"
    )
    compared: list[QuantityRef] = Field(
        default_factory=list,
        description="registry measures reported later, each compared (one row per measure)",
    )
    timeline: Literal["built"] | None = Field(
        None, description="built: compare with the BLK Komunitas built in the year (timeline)"
    )
    kind: Kind = Field(description="flow (in the year) or stock (standing)")
    pick: Literal["same_year", "after", "overlapping", "latest"] = Field(
        description="which reported figures: the announced year's, every one stated after it, "
        "those whose period lies within the announced period, or the latest stated"
    )
    years: Literal["all", "latest"] = Field(
        "all", description="every announced year, or only the latest"
    )
    unpaired: bool = Field(
        False, description="also show the years reported without an announcement (same_year)"
    )
    include_leads: bool = Field(
        False, description="also show grade C leads reported later (flagged, never in a verdict)"
    )
    share_of: Literal["announced", "reported"] = Field(
        "announced",
        description="the ratio: reported over announced, or announced over reported (how much "
        "of a reported capacity an announced target uses)",
    )
    many_times: bool = Field(
        False,
        description="test the claim that delivery would grow 'berkali lipat' (many times): the "
        "latest delivery against its announcement, or else against the year before",
    )

    @model_validator(mode="after")
    def _something(self) -> DeliveryRole:
        if not self.compared and self.timeline is None:
            raise ValueError("give compared measures or a timeline")
        return self


class ProgrammeModel(_Strict):
    """The programme model (``data/model.yaml``)."""

    targets: Annotated[list[TargetRole], Field(min_length=1)]
    unit_costs: UnitCosts
    timeline: Timeline
    budget_intensity: Intensity
    trainees_per_blkk: list[TraineesReference]
    delivery: list[DeliveryRole] = Field(
        default_factory=list,
        description="announced quantities beside what was later reported (plan vs delivery)",
    )

    def target(self, key: str) -> TargetRole | None:
        return next((t for t in self.targets if t.key == key), None)


# ---------------------------------------------------------------------------------------------


def _record(raw: Any):
    def name(loc: tuple[Any, ...]) -> tuple[str | None, tuple[Any, ...]]:
        listed = ("targets", "trainees_per_blkk", "delivery")
        if len(loc) >= 2 and loc[0] in listed and isinstance(loc[1], int):
            key = None
            with contextlib.suppress(KeyError, IndexError, TypeError, AttributeError):
                key = raw[loc[0]][loc[1]].get("key")
            label = str(key) if isinstance(key, str) and key else f"{loc[0]}[{loc[1]}]"
            return label, loc
        return None, loc

    return name


def _refs(model: ProgrammeModel) -> list[tuple[str | None, str, str, str]]:
    """(record, key path, program, measure) of every measure the model names."""
    out: list[tuple[str | None, str, str, str]] = []
    for i, t in enumerate(model.targets):
        for j, m in enumerate(t.measures):
            out.append((t.key, f"targets.{i}.measures.{j}", m.program, m.measure))
        if t.achieved is not None and t.achieved.measure is not None:
            m = t.achieved.measure
            out.append((t.key, f"targets.{i}.achieved.measure", m.program, m.measure))
        if t.per_blkk is not None:
            out.append((t.key, f"targets.{i}.per_blkk", t.per_blkk.program, t.per_blkk.measure))
    for name in ("per_blkk", "per_trainee", "capital_in_training"):
        pm = getattr(model.unit_costs, name)
        if pm is not None:
            out.append((None, f"unit_costs.{name}", pm.program, pm.measure))
    for i, pm in enumerate(model.unit_costs.comparators):
        out.append((None, f"unit_costs.comparators.{i}", pm.program, pm.measure))
    tl = model.timeline
    for name in ("built", "cumulative", "target", "target_initial"):
        out.append((None, f"timeline.{name}", tl.program, getattr(tl, name)))
    ctx = model.budget_intensity.context
    out.append((None, "budget_intensity.context", ctx.program, ctx.measure))
    for i, r in enumerate(model.trainees_per_blkk):
        for side in ("numerator", "denominator"):
            q = getattr(r, side)
            if q is not None:
                out.append((r.key, f"trainees_per_blkk.{i}.{side}", q.program, q.measure))
    for i, d in enumerate(model.delivery):
        for side in ("announced", "compared"):
            for j, q in enumerate(getattr(d, side)):
                out.append((d.key, f"delivery.{i}.{side}.{j}", q.program, q.measure))
    return out


def check_model(
    model: ProgrammeModel, measures: set[tuple[str, str]], display: str
) -> list[Problem]:
    """Problems of a valid model against the registry: measures no source states, bad links."""
    problems: list[Problem] = []
    for record, where, program, measure in _refs(model):
        if (program, measure) not in measures:
            known = sorted(m for p, m in measures if p == program)
            problems.append(
                Problem(
                    display,
                    record,
                    where,
                    f"no source states the measure {measure!r} of {program}; "
                    f"its measures are: {', '.join(known) or 'none'}",
                )
            )
    keys = [t.key for t in model.targets]
    for k in {k for k in keys if keys.count(k) > 1}:
        problems.append(Problem(display, k, "key", f"the target key {k!r} is used twice"))
    dkeys = [d.key for d in model.delivery]
    for k in {k for k in dkeys if dkeys.count(k) > 1}:
        problems.append(Problem(display, k, "key", f"the delivery key {k!r} is used twice"))
    refs = [r.key for r in model.trainees_per_blkk]
    for i, r in enumerate(model.trainees_per_blkk):
        if r.compare_with is not None and r.compare_with not in refs:
            problems.append(
                Problem(
                    display,
                    r.key,
                    f"trainees_per_blkk.{i}.compare_with",
                    f"no reference has the key {r.compare_with!r}; references: {', '.join(refs)}",
                )
            )
        if r.numerator_target is not None and r.numerator_target not in keys:
            problems.append(
                Problem(
                    display,
                    r.key,
                    f"trainees_per_blkk.{i}.numerator_target",
                    f"no target has the key {r.numerator_target!r}; targets: {', '.join(keys)}",
                )
            )
    return problems


def read_model(
    path: Path, display: str | None = None
) -> tuple[ProgrammeModel | None, list[Problem]]:
    """The model file validated on its own (no registry check), and its problems."""
    display = display or _display(path)
    if not path.is_file():
        return None, [Problem(display, None, None, "no such file; the programme model is needed")]
    raw, problems = read_yaml(path, display=display)
    if problems:
        return None, problems
    if not isinstance(raw, dict):
        return None, [Problem(display, None, None, "expected a mapping: " + _keys())]
    try:
        return ProgrammeModel.model_validate(raw), []
    except ValidationError as exc:
        return None, problems_from(exc, file=display, record=_record(raw), allowed=_allowed)


def _allowed(record: str | None, parent: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = ProgrammeModel
    for part in parent:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        sub = _model_of(field.annotation)
        if sub is None:
            return []
        model = sub
    return list(model.model_fields)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _keys() -> str:
    return ", ".join(ProgrammeModel.model_fields)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.project_root().resolve()))
    except ValueError:
        return str(path)


def validate_model(path: Path | str | None = None) -> list[Problem]:
    """Every problem of the model file (empty list when clean), for ``blk validate``."""
    try:
        load_model(path)
    except ModelError as exc:
        return exc.problems
    return []


def load_model(path: Path | str | None = None) -> ProgrammeModel:
    """The programme model (default ``model.yaml`` of the data directory, else the project's),
    checked against the registry beside it; raises :class:`ModelError` listing every problem.

    A data directory of one's own (``BLK_DATA_DIR``, ``--data``) may hold its own model.yaml;
    without one, the project's model applies.
    """
    from blkanalysis.data.inputs import cached_model

    p = Path(path) if path is not None else paths.model_file()
    if path is None and not p.is_file():
        p = paths.model_file(paths.project_root() / "data")
    return cached_model(p.resolve())


def parse_model(path: Path, figures: pd.DataFrame | None) -> ProgrammeModel:
    """Read a model file and check it against ``figures`` (the registry beside it; None when
    that registry has problems of its own, reported by its loader). No cache."""
    model, problems = read_model(path)
    if model is None:
        raise ModelError(problems)
    if figures is not None:
        measures = set(zip(figures["program"].astype(str), figures["measure"], strict=True))
        problems = check_model(model, measures, _display(path))
        if problems:
            raise ModelError(problems)
    return model


def json_schema() -> dict[str, Any]:
    """JSON Schema of the model file (documentation; the loader's models are the checks)."""
    return json_schema_of(ProgrammeModel, "blkanalysis programme model")
