"""Parameter sweeps: every combination of parameter values, computed at once with numpy.

``sweep({"multiplier": [1, 2, 3], "base_year": [2020, 2022], ...})`` returns one row per
combination (in the order of ``itertools.product`` over the grid) with the headline results:
rupiah per BLK-year of each BLK-transformation budget (real), the intensity multiple and its
compound growth, and the implied budgets of the scaled targets. The grid is broadcast over numpy
axes: no Python loop runs per combination, so a million combinations take about a second.

The formulas are those of :mod:`blkanalysis.model.core`, shared with :func:`budget_intensity` and
:func:`scale_targets`; the tests check that a sweep row equals those functions' results for the
same scenario.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

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
from blkanalysis.model.select import Source, resolve

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
    out = _evaluate(figures, sc, inputs, values, base_values, pp_values, b_idx, p_idx, source)

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


def _evaluate(
    figures: pd.DataFrame,
    sc: Scenario,
    inputs: Any,
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
    ``base_values`` and ``pp_values``."""

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

    budgets = budget_figures(figures, sc)
    programs = inputs.model.budget_intensity.programs
    budgets = budgets[budgets["program"].isin(programs) & budgets["units_covered"].notna()]
    budgets = budgets.sort_values(["period_start", "period_end", "id"])
    years_needed: set[int] = set()

    def priced(r: pd.Series) -> list[int]:
        return price_years(
            r["period_start"], r["period_end"], r["basis"], r["published"], sc.plan_prices
        )

    for _, r in budgets.iterrows():
        years_needed.update(priced(r))
    cost = blkk_unit_cost(figures, sc.model_copy(update={"unit_cost_multiplier": 1.0}), inputs)
    years_needed.add(cost["year"])
    trainee_rows = trainee_cost_rows(figures, sc, inputs)
    years_needed.update(y for r in trainee_rows for y in r["priced"])
    years = sorted(years_needed)
    # D[p, y, b]
    table = np.stack([deflator_table(years, base_values, pp, inputs.cpi) for pp in pp_values])

    def d(year: int) -> np.ndarray:
        return table[p_idx, years.index(year), b_idx]

    out: dict[str, np.ndarray] = {}
    per_year_cols: list[str] = []
    continuing: list[str] = []  # budgets some of whose BLK continue earlier construction
    for _, r in budgets.iterrows():
        yrs = priced(r)
        d_rows = np.stack([np.broadcast_to(d(y), np.broadcast(d(y), share).shape) for y in yrs])
        factor = real_factor(d_rows, share)
        units = float(r["units_covered"])
        most, _ = carryover(figures, r, sc.model_copy(update={"carryover_units": None}))
        k = np.where(np.isnan(carry_req), most, carry_req) if most else np.zeros_like(carry_req)
        if most and np.nanmax(np.atleast_1d(carry_req), initial=0) > most:
            raise ScenarioError(
                [
                    Problem(
                        source,
                        "grid",
                        "carryover_units",
                        f"values above {most} exceed the BLK that {r['id']} can continue",
                    )
                ]
            )
        eff = effective_units(units, k, carry_share)
        col = f"idr_per_blk_year_real_{str(r['period']).replace('-', '_')}"
        out[col] = float(r["value"]) * factor / eff / len(yrs)
        per_year_cols.append(col)
        if most:
            continuing.append(col)
    if len(per_year_cols) >= 2:
        first, last = budgets.iloc[0], budgets.iloc[-1]
        span = (last["period_start"] + last["period_end"]) / 2 - (
            first["period_start"] + first["period_end"]
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
    found, _ = year_targets(figures, sc, inputs.model)
    for role, t in found:
        if role.cost is None:
            continue
        col = f"implied_budget_real_{role.key}"
        out[col] = implied_budget(float(t["value"]), multiplier, unit_costs[role.cost])
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
) -> dict[str, np.ndarray]:
    """The sweep's results at given points, not over a grid: ``samples`` maps grid names to
    equally long sequences, row ``i`` being one point (other parameters from ``scenario``).
    ``check=False`` skips validating the points (a caller evaluating the same points many
    times, having checked them once with :func:`check_samples`).

    Returns each result as a 1-D array over the points (the same formulas as :func:`sweep`, with
    no Python loop per point: what a sampling-based sensitivity analysis needs)."""
    figures, sc, inputs = resolve(figures, scenario)
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
    out = _evaluate(figures, sc, inputs, values, base_values, pp_values, b_idx, p_idx, source)
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
