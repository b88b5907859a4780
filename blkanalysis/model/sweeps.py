"""Parameter sweeps: every combination of parameter values, computed at once with numpy.

``sweep({"multiplier": [1, 2, 3], "base_year": [2020, 2022], ...})`` returns one row per
combination (in the order of ``itertools.product`` over the grid) with the headline results:
rupiah per BLK-year of each BLK-transformation budget (real), the intensity multiple and its
compound growth, and the implied budgets of the scaled targets. The grid is broadcast over numpy
axes: no Python loop runs per combination, so a million combinations take about a second.

The formulas are those of :mod:`blkanalysis.model.core`, shared with :func:`budget_intensity` and
:func:`scale_targets`; the tests check that a sweep row equals those functions' results for the
same scenario.

What the formulas read from the registry (the budgets, unit costs and targets of a scenario) is
read once per evaluation by :func:`prepare`, in parts that each see only the registry rows and
scenario fields they declare; a :class:`Preparer` reads it for many variants of which figures
are preferred (the range over the readings), each distinct part once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.data.programme import TargetRole
from blkanalysis.errors import Problem, ScenarioError
from blkanalysis.model.core import (
    cagr,
    deflator_table,
    effective_units,
    price_years,
    real_factor,
    safe_div,
)
from blkanalysis.model.intensity import budget_figures, carryover
from blkanalysis.model.parameters import BY_NAME, sweepable
from blkanalysis.model.scaling import (
    blkk_unit_cost,
    budget_total,
    implied_budget,
    real_per_trainee,
    real_unit_cost,
    trainee_cost_rows,
    year_targets,
)
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import Source, resolve, scenario_of

#: parameters a sweep can vary (grid name -> the Scenario field it sets), as declared in
#: blkanalysis/parameters.py (``sweep_as``)
SWEEPABLE: dict[str, str] = sweepable()
MAX_COMBINATIONS = 50_000_000


def _check_grid(grid: Mapping[str, Sequence[Any]], source: str) -> dict[str, list[Any]]:
    problems: list[Problem] = []
    clean: dict[str, list[Any]] = {}
    for name, values in grid.items():
        if name not in SWEEPABLE:
            problems.append(
                Problem(
                    source,
                    "grid",
                    name,
                    "not a sweepable parameter; choose from " + ", ".join(SWEEPABLE),
                )
            )
            continue
        vals = list(values) if not isinstance(values, str | bytes) else [values]
        if not vals:
            problems.append(Problem(source, "grid", name, "give at least one value"))
            continue
        field = SWEEPABLE[name]
        for value in {repr(v): v for v in vals}.values():  # each distinct value once
            params = {field: [value] if BY_NAME[field].many else value}
            try:
                Scenario.from_params(params, source=source)
            except ScenarioError as exc:
                for p in exc.problems:
                    problems.append(Problem(source, "grid", name, p.message))
        clean[name] = vals
    if problems:
        raise ScenarioError(problems)
    total = int(np.prod([len(v) for v in clean.values()])) if clean else 1
    if total > MAX_COMBINATIONS:
        raise ScenarioError(
            [
                Problem(
                    source,
                    "grid",
                    None,
                    f"{total:,} combinations is more than the {MAX_COMBINATIONS:,} allowed",
                )
            ]
        )
    return clean


def sweep(
    grid: Mapping[str, Sequence[Any]],
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    figures: Source = None,
    source: str = "grid",
) -> pd.DataFrame:
    """Evaluate every combination of ``grid`` values (other parameters from ``scenario``).

    ``figures``: an ``Inputs``, a figures table (CPI and model then from the current data
    directory's ``load_inputs()``) or None (``load_inputs()``)."""
    figures, sc, inputs = resolve(figures, scenario)
    grid = _check_grid(grid, source)
    names = list(grid)
    shape = tuple(len(grid[n]) for n in names)
    ndim = len(names)

    def axis(name: str) -> np.ndarray:
        """The parameter's values as an array along its own axis."""
        vals = grid[name]
        arr = np.asarray([np.nan if v is None else v for v in vals])
        return arr.reshape([len(vals) if i == names.index(name) else 1 for i in range(ndim)])

    values = {name: axis(name) for name in names if name not in ("base_year", "price_point")}
    base_values = list(grid.get("base_year", [sc.base_year]))
    pp_values = list(grid.get("price_point", [sc.price_point]))
    b_idx = _index_axis(names, "base_year", base_values) if "base_year" in grid else 0
    p_idx = _index_axis(names, "price_point", pp_values) if "price_point" in grid else 0
    prepared = prepare(figures, sc, inputs)
    out = _evaluate(prepared, sc, values, base_values, pp_values, b_idx, p_idx, source)

    n = int(np.prod(shape)) if shape else 1
    frame: dict[str, Any] = {}
    for name in names:
        vals = grid[name]
        idx = np.broadcast_to(
            np.arange(len(vals)).reshape(
                [len(vals) if i == names.index(name) else 1 for i in range(ndim)]
            ),
            shape,
        ).ravel()
        column = np.asarray([np.nan if v is None else v for v in vals], dtype=object)
        with contextlib.suppress(TypeError, ValueError):
            column = column.astype("float64") if name != "price_point" else column.astype(str)
        frame[name] = column[idx]
    for col, arr in out.items():
        frame[col] = (
            np.broadcast_to(np.asarray(arr, dtype="float64"), shape).ravel()
            if shape
            else np.full(n, float(arr))
        )
    result = pd.DataFrame(frame)
    result.attrs["base_scenario"] = sc.params()
    return result


# ---------------------------------------------------------------------------------------------
# what the sweep reads from the registry: prepared once per figures and scenario


@dataclass(frozen=True)
class BudgetLine:
    """One BLK-transformation budget as the sweep reads it (a row of :func:`budget_figures`)."""

    column: str  # its output column, idr_per_blk_year_real_<period>
    id: str
    value: float
    units: float
    priced: tuple[int, ...]  # the years whose prices it is in (:func:`price_years`)
    most: int  # the most BLK it can carry over (:func:`carryover`; 0: none)
    period_start: Any
    period_end: Any


@dataclass(frozen=True)
class Prepared:
    """Everything :func:`evaluate` reads from the registry under a scenario, as plain values:
    the budgets compared, the observed unit costs, the targets. ``deflators(years, base_years,
    price_point)`` is :func:`~blkanalysis.model.core.deflator_table` of the inputs' CPI. Read
    only: a :class:`Preparer` hands the same parts to many evaluations."""

    budgets: tuple[BudgetLine, ...]
    unit_cost: Mapping[str, Any]  # per BLK Komunitas: nominal, year
    trainee_rows: list[dict[str, Any]]  # :func:`trainee_cost_rows`
    targets: tuple[tuple[TargetRole, float], ...]  # costed targets of the year: role, value
    deflators: Callable[[list[int], list[int], Any], np.ndarray]

    def years(self) -> list[int]:
        """Every year whose deflator the evaluation needs."""
        needed = {y for b in self.budgets for y in b.priced}
        needed.add(self.unit_cost["year"])
        needed.update(y for r in self.trainee_rows for y in r["priced"])
        return sorted(needed)


def _budget_lines(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> tuple[BudgetLine, ...]:
    budgets = budget_figures(figures, sc)
    programs = inputs.model.budget_intensity.programs
    budgets = budgets[budgets["program"].isin(programs) & budgets["units_covered"].notna()]
    budgets = budgets.sort_values(["period_start", "period_end", "id"])
    most_of = sc.model_copy(update={"carryover_units": None})
    lines = []
    for _, r in budgets.iterrows():
        most, _ = carryover(figures, r, most_of)
        priced = price_years(
            r["period_start"], r["period_end"], r["basis"], r["published"], sc.plan_prices
        )
        lines.append(
            BudgetLine(
                column=f"idr_per_blk_year_real_{str(r['period']).replace('-', '_')}",
                id=r["id"],
                value=float(r["value"]),
                units=float(r["units_covered"]),
                priced=tuple(priced),
                most=most,
                period_start=r["period_start"],
                period_end=r["period_end"],
            )
        )
    return tuple(lines)


def _budget_rows(figures: pd.DataFrame, inputs: Inputs) -> np.ndarray:
    """The budgets' programmes, and the quantities their budgets continue."""
    mine = figures["program"].isin(inputs.model.budget_intensity.programs)
    continued = figures["quantity"].isin(set(figures.loc[mine, "continues"].dropna()))
    return (mine | continued).to_numpy()


def _unit_cost(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> dict[str, Any]:
    cost = blkk_unit_cost(figures, sc.model_copy(update={"unit_cost_multiplier": 1.0}), inputs)
    return {"nominal": cost["nominal"], "year": cost["year"]}


def _unit_cost_rows(figures: pd.DataFrame, inputs: Inputs) -> np.ndarray:
    return (figures["program"] == inputs.model.unit_costs.per_blkk.program).to_numpy()


def _trainee_rows(figures: pd.DataFrame, inputs: Inputs) -> np.ndarray:
    """The per-trainee budgets' programme, the capital they include and their trainees."""
    uc = inputs.model.unit_costs
    programs = {uc.per_trainee.program}
    if uc.capital_in_training is not None:
        programs.add(uc.capital_in_training.program)
    mine = figures["program"].isin(programs)
    trainees = figures["id"].isin(set(figures.loc[mine, "trainees_figure"].dropna()))
    return (mine | trainees).to_numpy()


def _targets(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> tuple[Any, ...]:
    found, _ = year_targets(figures, sc, inputs.model)
    return tuple((role, float(t["value"])) for role, t in found if role.cost is not None)


def _target_rows(figures: pd.DataFrame, inputs: Inputs) -> np.ndarray:
    programs = {m.program for role in inputs.model.targets for m in role.measures}
    return figures["program"].isin(programs).to_numpy()


@dataclass(frozen=True)
class _Part:
    """A part of the preparation: ``compute`` sees only the registry rows ``rows`` selects (by
    anything but ``preferred``) and only the scenario ``fields`` named (the others at their
    defaults), so its result depends on nothing else: what lets :class:`Preparer` reuse it. A
    test holds each part the same on the whole registry and scenario."""

    name: str
    fields: tuple[str, ...]
    rows: Callable[[pd.DataFrame, Inputs], np.ndarray]
    compute: Callable[[pd.DataFrame, Scenario, Inputs], Any]


_PARTS = (
    _Part("budgets", ("bases", "plan_prices"), _budget_rows, _budget_lines),
    _Part(
        "unit_cost",
        ("blkk_unit_cost_year", "base_year", "price_point"),
        _unit_cost_rows,
        _unit_cost,
    ),
    _Part(
        "trainee_rows",
        ("bases", "plan_prices", "trainee_cost_year"),
        _trainee_rows,
        trainee_cost_rows,
    ),
    _Part("targets", ("target_year",), _target_rows, _targets),
)
_DEFAULT = Scenario()


def _part_scenario(sc: Scenario, fields: tuple[str, ...]) -> Scenario:
    return _DEFAULT.model_copy(update={f: getattr(sc, f) for f in fields})


def prepare(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> Prepared:
    """What :func:`evaluate` reads from ``figures`` (the scenario's) under ``sc``."""
    parts = {
        p.name: p.compute(figures[p.rows(figures, inputs)], _part_scenario(sc, p.fields), inputs)
        for p in _PARTS
    }
    return Prepared(**parts, deflators=partial(deflator_table, cpi=inputs.cpi))


class Preparer:
    """:func:`prepare` for many variants of one figures table (the scenario's) that differ only
    in which figures are preferred, and of one scenario: each part of the preparation is
    computed once per distinct preferred flags of the rows it reads and values of the scenario
    fields it reads, and each deflator table once (what the range over the readings needs: a
    few hundred variants, most sharing most parts). The results are those of :func:`prepare`.
    """

    def __init__(self, figures: pd.DataFrame, inputs: Inputs) -> None:
        self._figures = figures
        self._inputs = inputs
        self._rows = {p.name: p.rows(figures, inputs) for p in _PARTS}
        self._parts: dict[tuple[Any, ...], Any] = {}
        self._tables: dict[tuple[Any, ...], np.ndarray] = {}

    def __call__(self, preferred: np.ndarray, sc: Scenario) -> Prepared:
        """The preparation of the figures with these ``preferred`` flags, under ``sc``."""
        parts = {}
        for p in _PARTS:
            rows = self._rows[p.name]
            values = tuple(getattr(sc, f) for f in p.fields)
            key = (p.name, repr(values), preferred[rows].tobytes())
            if key not in self._parts:
                figures = self._figures[rows].assign(preferred=preferred[rows])
                self._parts[key] = p.compute(figures, _part_scenario(sc, p.fields), self._inputs)
            parts[p.name] = self._parts[key]
        return Prepared(**parts, deflators=self._deflators)

    def _deflators(self, years: list[int], base_years: list[int], price_point: Any) -> np.ndarray:
        key = (tuple(years), tuple(base_years), price_point)
        if key not in self._tables:
            self._tables[key] = deflator_table(years, base_years, price_point, self._inputs.cpi)
        return self._tables[key]


def _evaluate(
    prepared: Prepared,
    sc: Scenario,
    values: Mapping[str, np.ndarray],
    base_values: list[Any],
    pp_values: list[Any],
    b_idx: Any,
    p_idx: Any,
    source: str,
) -> dict[str, Any]:
    """The sweep's results for parameter values that broadcast together (a grid's axes, or
    aligned 1-D samples): ``values`` by grid name (NaN for null; a parameter absent takes the
    scenario's value), base years and price points as indexes (``b_idx``, ``p_idx``) into
    ``base_values`` and ``pp_values``; the registry's figures as ``prepared``."""

    def value(name: str, default: Any) -> np.ndarray:
        v = values.get(name)
        return np.asarray(default if v is None else v, dtype="float64")

    multiplier = value("multiplier", sc.multipliers[0])
    carry_share = value("carryover_cost_share", sc.carryover_cost_share)
    ucm = value("unit_cost_multiplier", sc.unit_cost_multiplier)
    share = value(
        "envelope_first_year_share",
        np.nan if sc.envelope_first_year_share is None else sc.envelope_first_year_share,
    )
    carry_req = value(
        "carryover_units", np.nan if sc.carryover_units is None else sc.carryover_units
    )

    budgets = prepared.budgets
    cost = prepared.unit_cost
    trainee_rows = prepared.trainee_rows
    years = prepared.years()
    # D[p, y, b]
    table = np.stack([prepared.deflators(years, base_values, pp) for pp in pp_values])

    def d(year: int) -> np.ndarray:
        return table[p_idx, years.index(year), b_idx]

    out: dict[str, np.ndarray] = {}
    per_year_cols: list[str] = []
    continuing: list[str] = []  # budgets some of whose BLK continue earlier construction
    for r in budgets:
        yrs = r.priced
        d_rows = np.stack([np.broadcast_to(d(y), np.broadcast(d(y), share).shape) for y in yrs])
        factor = real_factor(d_rows, share)
        units = r.units
        most = r.most
        k = np.where(np.isnan(carry_req), most, carry_req) if most else np.zeros_like(carry_req)
        if most and np.nanmax(np.atleast_1d(carry_req), initial=0) > most:
            raise ScenarioError(
                [
                    Problem(
                        source,
                        "grid",
                        "carryover_units",
                        f"values above {most} exceed the BLK that {r.id} can continue",
                    )
                ]
            )
        eff = effective_units(units, k, carry_share)
        col = r.column
        out[col] = r.value * factor / eff / len(yrs)
        per_year_cols.append(col)
        if most:
            continuing.append(col)
    if len(per_year_cols) >= 2:
        first, last = budgets[0], budgets[-1]
        span = (last.period_start + last.period_end) / 2 - (
            first.period_start + first.period_end
        ) / 2
        out["intensity_multiple"] = safe_div(out[per_year_cols[-1]], out[per_year_cols[0]])
        out["intensity_cagr"] = cagr(out["intensity_multiple"], span)
    if continuing:  # the latest of them, under its own name (what the carry-over moves)
        out["idr_per_blk_year_real_continuing"] = out[continuing[-1]]

    # the unit costs and implied budgets of scale_targets, over the grid's axes
    blkk_cost_real = real_unit_cost(cost["nominal"], d(cost["year"]), ucm)
    trainee_cost_real = real_unit_cost(real_per_trainee(trainee_rows, d, share), 1.0, ucm)
    unit_costs = {"per_blkk": blkk_cost_real, "per_trainee": trainee_cost_real}
    for key, arr in unit_costs.items():
        out[f"unit_cost_real_{key}"] = arr
    totals = []
    for role, target in prepared.targets:
        col = f"implied_budget_real_{role.key}"
        out[col] = implied_budget(target, multiplier, unit_costs[role.cost])
        if role.in_total:
            totals.append(col)
    if totals:
        # like implied_budget_table: a target with no observed unit cost (NaN) adds nothing;
        # the total is NaN only when no target could be costed
        out["implied_budget_real_total"] = budget_total([out[c] for c in totals])

    return out


def evaluate(
    samples: Mapping[str, Sequence[Any] | np.ndarray],
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    figures: Source = None,
    source: str = "samples",
    check: bool = True,
    prepared: Prepared | None = None,
) -> dict[str, np.ndarray]:
    """The sweep's results at given points, not over a grid: ``samples`` maps grid names to
    equally long sequences, row ``i`` being one point (other parameters from ``scenario``).
    ``check=False`` skips validating the points (a caller evaluating the same points many
    times, having checked them once with :func:`check_samples`). ``prepared``: what
    :func:`prepare` (or a :class:`Preparer`) read from the scenario's figures, if already done
    (``figures`` then gives only the inputs).

    Returns each result as a 1-D array over the points (the same formulas as :func:`sweep`, with
    no Python loop per point: what a sampling-based sensitivity analysis needs)."""
    if prepared is None:
        figures, sc, inputs = resolve(figures, scenario)
    else:
        sc = scenario_of(scenario)
    lengths = {len(v) for v in samples.values()}
    if len(lengths) > 1:
        raise ScenarioError(
            [
                Problem(
                    source, "samples", None, f"every parameter needs as many values; got {lengths}"
                )
            ]
        )
    n = lengths.pop() if lengths else 1
    arrays = {name: np.asarray(vals) for name, vals in samples.items()}
    if check:
        _check_points(arrays, source)
    values: dict[str, np.ndarray] = {}
    base_values, pp_values = [sc.base_year], [sc.price_point]
    b_idx: Any = 0
    p_idx: Any = 0
    for name, arr in arrays.items():
        if name == "base_year":
            uniq, b_idx = np.unique(arr.astype("int64"), return_inverse=True)
            base_values = [int(v) for v in uniq]
        elif name == "price_point":
            uniq, p_idx = np.unique(arr.astype(str), return_inverse=True)
            pp_values = [str(v) for v in uniq]
        else:
            values[name] = np.asarray(
                [np.nan if v is None else v for v in arr] if arr.dtype == object else arr,
                dtype="float64",
            )
    if prepared is None:
        prepared = prepare(figures, sc, inputs)
    out = _evaluate(prepared, sc, values, base_values, pp_values, b_idx, p_idx, source)
    return {col: np.broadcast_to(np.asarray(a, dtype="float64"), (n,)) for col, a in out.items()}


#: above this many distinct values, a sample is checked by its extremes (bounds are intervals)
_DISTINCT_CHECKED = 64


def check_samples(samples: Mapping[str, Sequence[Any] | np.ndarray], source: str) -> None:
    """Validate sampled points as :func:`evaluate` does (a :class:`ScenarioError` if bad)."""
    _check_points({name: np.asarray(vals) for name, vals in samples.items()}, source)


def _check_points(arrays: Mapping[str, np.ndarray], source: str) -> None:
    """Check sampled values as a grid's would be: each distinct value of a discrete parameter,
    or the lowest and highest of a continuous one (its bounds being an interval)."""
    grid: dict[str, list[Any]] = {}
    for name, arr in arrays.items():
        distinct = list(dict.fromkeys(arr.tolist()))
        if len(distinct) > _DISTINCT_CHECKED:
            finite = arr[np.isfinite(arr.astype("float64"))]
            distinct = [float(finite.min()), float(finite.max())] if finite.size else [None]
        whole = name in SWEEPABLE and BY_NAME[SWEEPABLE[name]].kind == "int"
        grid[name] = [_point_value(v, whole) for v in distinct]
    _check_grid(grid, source)


def _point_value(v: Any, whole: bool) -> Any:
    """A sampled value as a grid would hold it: NaN is null; a whole float of an integer
    parameter (a numpy column of years) is that integer."""
    if isinstance(v, float) and v != v:
        return None
    if whole and isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _index_axis(names: list[str], name: str, values: list[Any]) -> np.ndarray:
    ndim = len(names)
    return np.arange(len(values)).reshape(
        [len(values) if i == names.index(name) else 1 for i in range(ndim)]
    )


def parse_grid(items: Sequence[str]) -> dict[str, list[Any]]:
    """``name=v1,v2,...`` strings from the command line into a grid (values read as YAML, by
    the strict reader: ``1e1`` is a number; an anchor or alias is refused)."""
    from blkanalysis.model.scenario import parse_cli_value

    grid: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for item in items:
        if "=" not in item:
            problems.append(
                Problem("--grid", None, item, "expected name=v1,v2,... (e.g. multiplier=1,2,3)")
            )
            continue
        name, _, values = item.partition("=")
        parsed = []
        for v in values.split(","):
            v = v.strip()
            if not v:
                continue
            try:
                parsed.append(parse_cli_value(v, where="--grid", name=name.strip()))
            except ScenarioError as exc:
                problems.extend(exc.problems)
        grid.setdefault(name.strip(), []).extend(parsed)
    if problems:
        raise ScenarioError(problems)
    return grid


#: unit-cost multipliers the sensitivity chart spans (half to double the observed costs)
SENSITIVITY_UNIT_COSTS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def sensitivity(
    scenario: Scenario | Mapping[str, Any] | None = None, figures: Source = None
) -> pd.DataFrame:
    """The implied budgets over the scenario's multipliers x unit-cost multipliers (a sweep)."""
    _, sc, inputs = resolve(figures, scenario)
    costs = sorted({*SENSITIVITY_UNIT_COSTS, sc.unit_cost_multiplier})
    return sweep(
        {"multiplier": sc.multipliers, "unit_cost_multiplier": costs},
        scenario=sc,
        figures=inputs,
    )
