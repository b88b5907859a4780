"""Which assumption drives each conclusion: global sensitivity and the range of readings.

For each headline output (:data:`HEADLINES`, one list: name, English label, unit and a function
of the sweep engine's results), two questions:

- **Continuous parameters** (declared ``float`` and sweepable in
  :mod:`blkanalysis.model.parameters`, over their plausible ranges, independent and uniform):
  how much of the output's variation each explains. Sobol first- and total-order indices with
  bootstrap confidence intervals from Saltelli sampling (:func:`sobol`), or Morris elementary
  effects as the cheap screening (:func:`morris`); one at a time for a tornado chart
  (:func:`tornado`). Every sample is evaluated by :func:`blkanalysis.model.sweeps.evaluate` at
  once: no Python loop runs per sample.
- **Discrete readings** (:func:`readings`): interpretation choices the sources leave open (the
  CPI convention, whether continued BLK count as new, which observed unit cost, the BLK
  Komunitas counts, what the added-trainees target is spread over) and, for every quantity two
  sources state differently, which source is read. :func:`readings_range` gives the full range
  of each output over the combinations of the readings it depends on, naming the readings at
  the low and the high end.

Every sweepable parameter is in the Sobol analysis (:data:`CONTINUOUS`), in the readings
(:data:`READING_PARAMETERS`) or excluded with its reason (:data:`EXCLUDED`); a test holds this.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.errors import Problem, ScenarioError
from blkanalysis.model.parameters import BY_NAME, PARAMETERS
from blkanalysis.model.scaling import trainees_per_blkk
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import Source, inputs_of, scenario_of
from blkanalysis.model.sweeps import SWEEPABLE, Preparer, check_samples, evaluate

Outputs = Mapping[str, np.ndarray]
Unit = Literal["idr", "multiple", "share", "count"]

# ---------------------------------------------------------------------------------------------
# the headline outputs


@dataclass(frozen=True)
class Headline:
    """One headline output: a function of the sweep's results (``sweeps.evaluate``) and of the
    model readings (``readings["trainees_spread"]``) that returns one value per point."""

    name: str
    label: str  # English; the reports' words are the catalogue's label "headline.<name>"
    unit: Unit
    compute: Callable[[Outputs, Mapping[str, Any]], np.ndarray]


def _last_per_blk_year(out: Outputs, _readings: Mapping[str, Any]) -> np.ndarray:
    cols = [  # in period order
        c
        for c in out
        if c.startswith("idr_per_blk_year_real_") and c != "idr_per_blk_year_real_continuing"
    ]
    return out[cols[-1]] if cols else _nan(out)


def _column(name: str) -> Callable[[Outputs, Mapping[str, Any]], np.ndarray]:
    def get(out: Outputs, _readings: Mapping[str, Any]) -> np.ndarray:
        return out[name] if name in out else _nan(out)

    return get


def _trainees_share(out: Outputs, _readings: Mapping[str, Any]) -> np.ndarray:
    if "implied_budget_real_trainees" not in out or "implied_budget_real_total" not in out:
        return _nan(out)
    with np.errstate(invalid="ignore", divide="ignore"):
        return out["implied_budget_real_trainees"] / out["implied_budget_real_total"]


def _trainees_per_blkk(out: Outputs, readings: Mapping[str, Any]) -> np.ndarray:
    return out.get(f"trainees_per_blkk_{readings.get('trainees_spread')}", _nan(out))


def _nan(out: Outputs) -> np.ndarray:
    n = len(next(iter(out.values()))) if out else 1
    return np.full(n, np.nan)


#: the headlines of the reports (02 budget intensity, 03 target scaling and the index's key
#: figures); extend here
HEADLINES: tuple[Headline, ...] = (
    Headline(
        "per_blk_year_last",
        "Real rupiah per BLK-year, latest BLK transformation budget",
        "idr",
        _last_per_blk_year,
    ),
    Headline(
        "per_blk_year_continuing",
        "Real rupiah per BLK-year, budget continuing earlier construction",
        "idr",
        _column("idr_per_blk_year_real_continuing"),
    ),
    Headline(
        "intensity_multiple",
        "Real multiple of rupiah per BLK-year, first to latest budget",
        "multiple",
        _column("intensity_multiple"),
    ),
    Headline(
        "implied_budget_total",
        "Implied budget of the multiplied targets (real)",
        "idr",
        _column("implied_budget_real_total"),
    ),
    Headline(
        "trainees_share",
        "Share of the implied budget that is trainees",
        "share",
        _trainees_share,
    ),
    Headline(
        "cost_per_trainee",
        "Real budget per trainee",
        "idr",
        _column("unit_cost_real_per_trainee"),
    ),
    Headline(
        "trainees_per_blkk",
        "Trainees per BLK Komunitas implied by the target",
        "count",
        _trainees_per_blkk,
    ),
)
BY_HEADLINE: dict[str, Headline] = {h.name: h for h in HEADLINES}

# ---------------------------------------------------------------------------------------------
# which parameter goes where

#: the continuous parameters (grid name -> parameter): Sobol, Morris and the tornado
CONTINUOUS: dict[str, str] = {
    p.sweep_as: p.name
    for p in PARAMETERS
    if p.continuous and p.sweep_as is not None and p.plausible is not None
}
#: discrete parameters read as readings (each value tried in combination with the others)
READING_PARAMETERS: tuple[str, ...] = (
    "price_point",
    "plan_prices",
    "carryover_units",
    "blkk_unit_cost_year",
    "trainee_cost_year",
    "blkk_reading",
)
#: parameters left out of both, with the reason
EXCLUDED: dict[str, str] = {
    "base_year": (
        "a choice of units, not an uncertainty: the year whose prices real rupiah are "
        "expressed in rescales every rupiah output together"
    ),
    "bases": "which budgets are compared is the question a report asks, not an assumption",
    "include_leads": "grade C leads are references only, never inputs of a headline",
    "target_year": "which year's statements are scaled is the question, not an assumption",
    "lang": "the report's language changes no number",
}


# ---------------------------------------------------------------------------------------------
# readings


@dataclass(frozen=True)
class Reading:
    """A discrete choice: a parameter's values, the model's reading of the added-trainees
    target, or which source to read for a quantity the sources state differently."""

    name: str
    kind: Literal["parameter", "model", "source"]
    values: tuple[Any, ...]
    base: Any
    #: for a source reading: the quantity (and its figures' ids are the values)
    quantity: str | None = None


#: the model reading of the added-trainees target: spread over the new units, or network-wide
TRAINEES_SPREAD = Reading("trainees_spread", "model", ("new_units", "stock"), "new_units")
#: more combinations of readings than this is refused (say which readings to fix)
MAX_READING_COMBINATIONS = 20_000


def readings(inputs: Source = None, scenario: Scenario | Mapping[str, Any] | None = None):
    """Every reading of the scenario's inputs: the parameter readings, the model reading, and
    one per quantity whose (non-lead) sources state different values."""
    inputs = inputs_of(inputs)
    sc = scenario_of(scenario)
    figs = inputs.figures_for(sc.include_leads)
    out: list[Reading] = []
    for name in READING_PARAMETERS:
        values = _parameter_values(name, figs, inputs)
        out.append(Reading(name, "parameter", values, getattr(sc, name)))
    out.append(TRAINEES_SPREAD)
    for quantity, grp in figs.groupby("quantity", sort=True):
        if grp["value"].nunique() < 2:
            continue
        grp = grp.sort_values(["preferred", "id"], ascending=[False, True])
        ids = tuple(grp.drop_duplicates("value")["id"])  # one figure per distinct value
        base = grp[grp["preferred"]]["id"]
        out.append(
            Reading(
                f"source:{quantity}",
                "source",
                ids,
                base.iloc[0] if len(base) else ids[0],
                quantity=str(quantity),
            )
        )
    return out


def _parameter_values(name: str, figs: pd.DataFrame, inputs: Inputs) -> tuple[Any, ...]:
    p = BY_NAME[name]
    if p.plausible is not None:
        return tuple(p.plausible)
    if p.kind == "choice":
        return tuple(p.choices)
    model = inputs.model
    per = model.unit_costs.per_blkk if name == "blkk_unit_cost_year" else None
    if name == "blkk_unit_cost_year" and per is not None:
        rows = figs[
            (figs["program"] == per.program)
            & (figs["measure"] == per.measure)
            & figs["preferred"]
            & (figs["unit"] == "IDR")
        ]
        return tuple(sorted(int(y) for y in rows["period_start"].unique()))
    if name == "trainee_cost_year":
        from blkanalysis.model.scaling import trainee_cost_rows

        rows = trainee_cost_rows(figs, Scenario(), inputs)
        return (None, *sorted({r["years"][0] for r in rows}))
    raise ValueError(f"no values declared for the reading {name!r}")


def _split(
    chosen: Mapping[str, Any], all_readings: Sequence[Reading]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Non-vectorised readings (``chosen``) by kind: scenario parameters, model readings, and
    the figure read for each quantity (source readings)."""
    by_name = {r.name: r for r in all_readings}
    params: dict[str, Any] = {}
    model: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    for name, value in chosen.items():
        r = by_name[name]
        if r.kind == "parameter":
            params[name] = value
        elif r.kind == "model":
            model[name] = value
        else:
            sources[str(r.quantity)] = value
    return params, model, sources


def _preferred_under(figures: pd.DataFrame, sources: Mapping[str, Any]) -> np.ndarray:
    """The figures' ``preferred`` flags when each quantity of ``sources`` is read from the
    figure named (quantity -> id): that figure preferred, the quantity's others not."""
    preferred = figures["preferred"].to_numpy(dtype=bool, copy=True)
    if sources:
        quantity = figures["quantity"].to_numpy(dtype=object)
        ids = figures["id"].to_numpy(dtype=object)
        for q, value in sources.items():
            rows = quantity == q
            preferred[rows] = ids[rows] == value
    return preferred


# ---------------------------------------------------------------------------------------------
# evaluating headlines


def outputs(
    samples: Mapping[str, Sequence[Any] | np.ndarray],
    inputs: Inputs,
    sc: Scenario,
    *,
    per_blkk: pd.DataFrame | None = None,
    check: bool = True,
) -> dict[str, np.ndarray]:
    """The sweep's results at the points of ``samples`` (grid names), with the trainees per BLK
    Komunitas of each reading of the added-trainees target (constant over the points; from
    ``per_blkk``, the :func:`~blkanalysis.model.scaling.trainees_per_blkk` table, if given).
    The table used is returned under ``_trainees_per_blkk_table``. ``check=False``: the points
    were validated already (:func:`~blkanalysis.model.sweeps.check_samples`)."""
    out: dict[str, Any] = dict(evaluate(samples, scenario=sc, figures=inputs, check=check))
    n = len(next(iter(samples.values()))) if samples else 1
    table = _trainees_per_blkk(inputs, sc) if per_blkk is None else per_blkk
    out["_trainees_per_blkk_table"] = table
    for spread, value in _per_blkk_values(table).items():
        out[f"trainees_per_blkk_{spread}"] = np.full(n, value)
    return out


def _per_blkk_rows(figures: pd.DataFrame, inputs: Inputs) -> np.ndarray:
    """The figures :func:`~blkanalysis.model.scaling.trainees_per_blkk` reads: those of the
    programmes its references (``trainees_per_blkk`` of the model) name."""
    model = inputs.model
    programs = set()
    for ref in model.trainees_per_blkk:
        role = model.target(ref.numerator_target) if ref.numerator_target is not None else None
        if role is not None:
            programs.update(m.program for m in role.measures)
        programs.update(q.program for q in (ref.numerator, ref.denominator) if q is not None)
    return figures["program"].isin(programs).to_numpy()


def _trainees_per_blkk(
    inputs: Inputs, sc: Scenario, preferred: np.ndarray | None = None
) -> pd.DataFrame:
    """:func:`~blkanalysis.model.scaling.trainees_per_blkk` of the figures it reads
    (:func:`_per_blkk_rows`; with these ``preferred`` flags of all the figures, if given)."""
    figures = inputs.figures
    rows = _per_blkk_rows(figures, inputs)
    mine = figures[rows]
    if preferred is not None:
        mine = mine.assign(preferred=preferred[rows])
    return trainees_per_blkk(inputs.replace(figures=mine), scenario=sc)


def _per_blkk_values(table: pd.DataFrame) -> dict[str, float]:
    """The trainees per BLK Komunitas implied by the target, by reading of its spread (NaN where
    the table has none), from a :func:`~blkanalysis.model.scaling.trainees_per_blkk` table."""
    values = {}
    for spread in TRAINEES_SPREAD.values:
        row = table[(table["spread_over"] == spread) & table["reference"].str.startswith("implied")]
        values[spread] = float(row["trainees_per_blkk"].iloc[0]) if len(row) else np.nan
    return values


def headline_values(out: Outputs, model_readings: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Each headline's values at the points of ``out``."""
    readings_ = {TRAINEES_SPREAD.name: TRAINEES_SPREAD.base, **model_readings}
    out = {k: v for k, v in out.items() if not k.startswith("_")}
    return {h.name: np.asarray(h.compute(out, readings_), dtype="float64") for h in HEADLINES}


def base_point(sc: Scenario) -> dict[str, float]:
    """The scenario's value of each continuous parameter (the multiplier: the largest of the
    scenario's, which the reports headline; a null envelope share: NaN, spread evenly)."""
    point = {}
    for grid_name, field in CONTINUOUS.items():
        value = getattr(sc, field)
        if BY_NAME[field].many:
            value = max(value)
        point[grid_name] = np.nan if value is None else float(value)
    return point


def problem_of() -> dict[str, Any]:
    """The SALib problem: the continuous parameters over their plausible ranges."""
    names = list(CONTINUOUS)
    bounds = [list(map(float, BY_NAME[CONTINUOUS[n]].plausible or ())) for n in names]
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def _samples(x: np.ndarray, names: Sequence[str]) -> dict[str, np.ndarray]:
    return {name: x[:, i] for i, name in enumerate(names)}


def _varies(y: np.ndarray) -> bool:
    """Whether an output varies beyond rounding (a ratio of two outputs scaled alike does
    not: its indices would be noise)."""
    if not np.all(np.isfinite(y)):
        return False
    scale = float(np.max(np.abs(y))) if y.size else 0.0
    return float(np.ptp(y)) > 1e-9 * scale


def _check_n(n: int, method: str) -> None:
    if method == "sobol" and (n < 2 or n & (n - 1)):
        raise ScenarioError(
            [Problem("--n", None, "n", f"Sobol sampling needs a power of 2 (e.g. 1024), got {n}")]
        )
    if n < 2:
        raise ScenarioError([Problem("--n", None, "n", f"give at least 2, got {n}")])


Model = Callable[[dict[str, np.ndarray]], Mapping[str, np.ndarray]]


def sobol_indices(
    problem: Mapping[str, Any],
    model: Model,
    *,
    n: int = 1024,
    seed: int = 0,
    num_resamples: int = 100,
) -> pd.DataFrame:
    """Sobol first- and total-order indices of each output of a vectorised ``model`` (sample
    arrays by parameter name -> output arrays by name), over ``problem`` (SALib's: names and
    uniform bounds): Saltelli sampling with ``n`` base samples (``n * (D + 2)`` points, one call
    of ``model``), 95% bootstrap confidence half-widths (:func:`sobol_estimates`: SALib's
    estimators, one set of resamples for every output). An output that does not vary (beyond
    rounding) has NaN indices. Rows: output x parameter, in the model's and problem's order."""
    from SALib.sample import sobol as sobol_sample

    _check_n(n, "sobol")
    x = sobol_sample.sample(dict(problem), n, calc_second_order=False, seed=seed)
    values = model(_samples(x, problem["names"]))
    counts = resample_counts(n, num_resamples, seed)
    rows = []
    for output, y in values.items():
        y = np.asarray(y, dtype="float64")
        res = sobol_estimates(y, problem["num_vars"], counts) if _varies(y) else None
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "headline": output,
                    "parameter": name,
                    **{
                        k: float(res[k][i]) if res else np.nan
                        for k in ("S1", "S1_conf", "ST", "ST_conf")
                    },
                    **_spread(y),
                }
            )
    columns = ["headline", "parameter", "S1", "S1_conf", "ST", "ST_conf", *SPREAD]
    return pd.DataFrame(rows, columns=columns)


#: the two-sided 95% normal quantile of the bootstrap intervals (SALib's conf_level 0.95)
Z95 = 1.959963984540054


def resample_counts(n: int, num_resamples: int, seed: int) -> np.ndarray:
    """Bootstrap resamples of ``n`` rows as counts: ``(num_resamples, n)``, how many times each
    row is drawn in each resample (rows drawn with replacement, seeded)."""
    rows = np.random.default_rng(seed).integers(n, size=(num_resamples, n))
    offsets = (np.arange(num_resamples) * n)[:, None]
    return (
        np.bincount((rows + offsets).ravel(), minlength=num_resamples * n)
        .reshape(num_resamples, n)
        .astype("float64")
    )


def sobol_estimates(y: np.ndarray, d: int, counts: np.ndarray) -> dict[str, np.ndarray]:
    """First- and total-order indices of ``y`` (outputs at a Saltelli design without second
    order: ``N * (d + 2)`` points) with 95% bootstrap half-widths over the resamples ``counts``
    (:func:`resample_counts`, shared by every output).

    The estimators are SALib's (``SALib.analyze.sobol``: Saltelli et al. 2010 for the first
    order, Jansen for the total order, each over the variance of the output standardised). A
    resample's means are its counts times the terms over ``N``: one matrix product per output
    for every parameter and resample, where SALib's ``analyze`` gathers each resample per
    parameter and index (and leaves seed 0 unseeded). A test holds the point estimates equal to
    SALib's."""
    y = (y - y.mean()) / y.std()
    step = d + 2
    a, b = y[0::step], y[step - 1 :: step]
    ab = np.stack([y[j + 1 :: step] for j in range(d)], axis=1)
    first = b[:, None] * (ab - a[:, None])
    total = 0.5 * (a[:, None] - ab) ** 2
    var = np.var(np.r_[a, b])
    n = len(a)
    terms = np.column_stack([a + b, a * a + b * b, first, total])
    means = counts @ terms  # (R, 2 + 2d): sums over each resample
    mean_r = means[:, 0] / (2 * n)
    var_r = means[:, 1] / (2 * n) - mean_r**2
    s1_r = means[:, 2 : 2 + d] / n / var_r[:, None]
    st_r = means[:, 2 + d :] / n / var_r[:, None]
    return {
        "S1": first.mean(axis=0) / var,
        "S1_conf": Z95 * s1_r.std(axis=0, ddof=1),
        "ST": total.mean(axis=0) / var,
        "ST_conf": Z95 * st_r.std(axis=0, ddof=1),
    }


#: the lowest and highest value an output took over the samples
SPREAD = ("output_min", "output_max")


def _spread(y: np.ndarray) -> dict[str, float]:
    finite = y[np.isfinite(y)]
    if not finite.size:
        return dict.fromkeys(SPREAD, np.nan)
    return {"output_min": float(finite.min()), "output_max": float(finite.max())}


def morris_indices(
    problem: Mapping[str, Any],
    model: Model,
    *,
    n: int = 100,
    seed: int = 0,
    num_levels: int = 4,
) -> pd.DataFrame:
    """Morris screening of each output of a vectorised ``model`` (``n`` trajectories, one call
    of ``model``): mean absolute elementary effect ``mu_star`` with its 95% interval, ``sigma``,
    and ``mu_star`` as a share of the output's largest (``mu_star_share``)."""
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    _check_n(n, "morris")
    x = morris_sample.sample(dict(problem), n, num_levels=num_levels, seed=seed)
    values = model(_samples(x, problem["names"]))
    rows = []
    for output, y in values.items():
        y = np.asarray(y, dtype="float64")
        res = (
            morris_analyze.analyze(dict(problem), x, y, num_levels=num_levels, seed=seed)
            if _varies(y)
            else None
        )
        top = float(np.max(res["mu_star"])) if res else np.nan
        for i, name in enumerate(problem["names"]):
            mu = float(res["mu_star"][i]) if res else np.nan
            rows.append(
                {
                    "headline": output,
                    "parameter": name,
                    "mu_star": mu,
                    "mu_star_conf": float(res["mu_star_conf"][i]) if res else np.nan,
                    "sigma": float(res["sigma"][i]) if res else np.nan,
                    "mu_star_share": mu / top if res and top > 0 else np.nan,
                    **_spread(y),
                }
            )
    columns = ["headline", "parameter", "mu_star", "mu_star_conf", "sigma", "mu_star_share"]
    columns += list(SPREAD)
    return pd.DataFrame(rows, columns=columns)


def headline_model(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> Model:
    """The headlines as a vectorised model of the continuous parameters (grid names), evaluated
    through the sweep engine in one call per sample."""
    inputs = inputs_of(figures)
    sc = scenario_of(scenario)

    def model(samples: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return headline_values(outputs(samples, inputs, sc), {})

    return model


def _by_parameter(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(parameter=df["parameter"].map(CONTINUOUS))


def sobol(
    figures: Source = None,
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    n: int = 1024,
    seed: int = 0,
    num_resamples: int = 100,
) -> pd.DataFrame:
    """Sobol indices of every headline over the continuous parameters (their plausible
    ranges): :func:`sobol_indices` of :func:`headline_model`; ``parameter`` names the
    declared parameter."""
    model = headline_model(figures, scenario=scenario)
    res = sobol_indices(problem_of(), model, n=n, seed=seed, num_resamples=num_resamples)
    return _by_parameter(res)


def morris(
    figures: Source = None,
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    n: int = 100,
    seed: int = 0,
    num_levels: int = 4,
) -> pd.DataFrame:
    """Morris screening of every headline: :func:`morris_indices` of :func:`headline_model`."""
    model = headline_model(figures, scenario=scenario)
    return _by_parameter(morris_indices(problem_of(), model, n=n, seed=seed, num_levels=num_levels))


def tornado(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """One at a time: each headline with each continuous parameter at the low and the high end
    of its plausible range, the others at the scenario's values (:func:`base_point`). Rows by
    headline, widest swing first."""
    inputs = inputs_of(figures)
    sc = scenario_of(scenario)
    base = base_point(sc)
    names = list(CONTINUOUS)
    # point 0: the base; then low and high of each parameter
    points = {name: [base[name]] for name in names}
    for name in names:
        lo, hi = BY_NAME[CONTINUOUS[name]].plausible or (np.nan, np.nan)
        for other in names:
            points[other] += [lo, hi] if other == name else [base[other], base[other]]
    values = headline_values(outputs(points, inputs, sc), {})
    rows = []
    for h in HEADLINES:
        y = values[h.name]
        for i, name in enumerate(names):
            lo, hi = BY_NAME[CONTINUOUS[name]].plausible or (np.nan, np.nan)
            y_lo, y_hi = float(y[1 + 2 * i]), float(y[2 + 2 * i])
            rows.append(
                {
                    "headline": h.name,
                    "parameter": CONTINUOUS[name],
                    "low": float(lo),
                    "high": float(hi),
                    "base": float(y[0]),
                    "output_low": y_lo,
                    "output_high": y_hi,
                    "swing": abs(y_hi - y_lo),
                }
            )
    out = pd.DataFrame(rows)
    order = {h.name: i for i, h in enumerate(HEADLINES)}
    out = out.assign(_h=out["headline"].map(order))
    out = out.sort_values(["_h", "swing", "parameter"], ascending=[True, False, True])
    return out.drop(columns="_h").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# the range over the readings


def for_many_runs(inputs: Inputs) -> Inputs:
    """The same inputs with the figures' text columns held as one block of Python strings.

    pandas 3 keeps each text column as a string array of its own, so every row filter copies
    some twenty arrays one by one; the model filters the figures table many times over the
    combinations of readings. As plain objects in one block, a filter is one copy (the values,
    and so every result, are the same)."""
    figures = inputs.figures
    text = [c for c in figures.columns if pd.api.types.is_string_dtype(figures[c].dtype)]
    text = [c for c in text if not isinstance(figures[c].dtype, pd.CategoricalDtype)]
    compact = figures.astype(dict.fromkeys(text, object)).copy()
    return inputs.replace(figures=compact)


def reading_combinations(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, list[Reading], list[Reading]]:
    """Every headline at every combination of the readings that move some headline.

    Returns (one row per combination: a column per reading, then one per headline; the
    readings combined; the readings that move no headline, left out). The continuous parameters
    stay at :func:`base_point`. The sweepable parameter readings and the model reading are
    evaluated together, vectorised; the other readings (a parameter the sweep cannot vary, a
    source) are combined only if changing one alone moves some headline.

    Each combination of those other readings is one evaluation of the sweep engine on what a
    :class:`~blkanalysis.model.sweeps.Preparer` read from the registry: the parts of that
    reading a combination shares with an earlier one (which figures are preferred among the
    rows a part reads, the scenario fields it reads) are not read again, nor is the trainees
    per BLK Komunitas table of the same preferred figures (:func:`_per_blkk_rows`)."""
    inputs = for_many_runs(inputs_of(figures))
    sc = scenario_of(scenario)
    every = readings(inputs, sc)
    fast = [r for r in every if r.kind == "parameter" and r.name in SWEEPABLE.values()]
    model = [r for r in every if r.kind == "model"]
    slow = [r for r in every if r not in fast and r not in model]
    fast_combos = list(itertools.product(*(r.values for r in fast)))
    base = base_point(sc)
    grid_of = {field: name for name, field in SWEEPABLE.items()}
    points = {k: [v] * len(fast_combos) for k, v in base.items()}
    for i, r in enumerate(fast):
        points[grid_of[r.name]] = [c[i] for c in fast_combos]
    check_samples(points, "readings")
    scenario_figures = inputs.figures_for(sc.include_leads)
    preparer = Preparer(scenario_figures, inputs)
    model_combos = [
        dict(zip((r.name for r in model), combo, strict=True))
        for combo in itertools.product(*(r.values for r in model))
    ]
    fast_columns = {
        r.name: [c[i] for c in fast_combos] * len(model_combos) for i, r in enumerate(fast)
    }
    n = len(fast_combos)
    per_blkk_rows = _per_blkk_rows(inputs.figures, inputs)
    per_blkk: dict[tuple[Any, ...], dict[str, float]] = {}

    def run(chosen: Mapping[str, Any]) -> dict[str, Any]:
        """The headlines at every fast and model combination, under the slow ``chosen``: a
        frame's columns (the fast readings, ``chosen``, the model readings, the headlines)."""
        params, _, sources = _split(chosen, every)
        s = sc.model_copy(update=params) if params else sc
        prepared = preparer(_preferred_under(scenario_figures, sources), s)
        out: dict[str, Any] = dict(
            evaluate(points, scenario=s, figures=inputs, check=False, prepared=prepared)
        )
        preferred = _preferred_under(inputs.figures, sources)
        key = (repr(s.target_year), preferred[per_blkk_rows].tobytes())
        if key not in per_blkk:
            per_blkk[key] = _per_blkk_values(_trainees_per_blkk(inputs, s, preferred))
        for spread, value in per_blkk[key].items():
            out[f"trainees_per_blkk_{spread}"] = np.full(n, value)
        columns: dict[str, Any] = dict(fast_columns)
        for name, v in chosen.items():
            columns[name] = [v] * (n * len(model_combos))
        for name in model_combos[0]:  # one combination at least (of no model reading: {})
            columns[name] = [m[name] for m in model_combos for _ in range(n)]
        values = [headline_values(out, m) for m in model_combos]
        for h in HEADLINES:
            columns[h.name] = np.concatenate([v[h.name] for v in values])
        return columns

    heads = [h.name for h in HEADLINES]

    def headlines(columns: Mapping[str, Any]) -> np.ndarray:
        return np.column_stack([columns[h] for h in heads])

    reference = headlines(run({}))
    moving_slow = []
    for r in slow:
        for v in r.values:
            if v == r.base:
                continue
            alt = headlines(run({r.name: v}))
            if not np.allclose(alt, reference, rtol=1e-12, equal_nan=True):
                moving_slow.append(r)
                break
    total = len(fast_combos) * int(np.prod([len(r.values) for r in [*model, *moving_slow]]))
    if total > MAX_READING_COMBINATIONS:
        raise ScenarioError(
            [
                Problem(
                    "readings",
                    None,
                    None,
                    f"{total:,} combinations of readings is more than the "
                    f"{MAX_READING_COMBINATIONS:,} allowed",
                )
            ]
        )
    runs = []
    for combo in itertools.product(*(r.values for r in moving_slow)):
        chosen = dict(zip((r.name for r in moving_slow), combo, strict=True))
        runs.append(run(chosen))
    fast_frame = pd.DataFrame(fast_combos, columns=[r.name for r in fast])
    frame = pd.DataFrame(
        {
            name: np.concatenate([r[name] for r in runs])
            if name in heads
            else _reading_column([v for r in runs for v in r[name]], fast_frame.get(name))
            for name in runs[0]
        }
    )
    combined = [*fast, *model, *moving_slow]
    names = [r.name for r in combined]
    codes = _reading_codes(frame, names)
    moving = [r for r in combined if any(_depends(codes, r.name, frame[h]) for h in heads)]
    still = [r for r in every if r not in moving]
    frame = frame[[r.name for r in moving] + heads]
    frame = frame.loc[~frame[[r.name for r in moving]].map(repr).duplicated()]
    frame = frame.reset_index(drop=True)
    base_readings = {r.name: r.base for r in every}
    at_base = _at(frame, moving, base_readings, sc)
    frame.attrs["reference"] = {h: float(at_base[h]) for h in heads}
    frame.attrs["base"] = base_readings
    return frame, moving, still


def _reading_column(values: list[Any], fast: pd.Series | None) -> pd.Series:
    """A reading's column over every combination, typed as pandas types the combinations'
    frames put together: each a vectorised reading's values (``fast``, typed over them) or one
    value of a reading (typed by that value alone; a None beside years makes it ``object``)."""
    pieces = [fast] if fast is not None else [pd.Series([v]) for v in _distinct(values)]
    return pd.Series(values, dtype=pd.concat(pieces).dtype)


def _distinct(values: list[Any]) -> list[Any]:
    return list({repr(v): v for v in values}.values())


def _at(frame: pd.DataFrame, moving: list[Reading], base: Mapping[str, Any], sc: Scenario):
    """The row of the scenario's own readings (a null carry-over is the most the sources
    allow: the headlines are those of the highest value tried)."""
    mask = np.ones(len(frame), dtype=bool)
    for r in moving:
        value = base[r.name]
        if value is None and r.name == "carryover_units":
            value = max(v for v in r.values if v is not None)
        mask &= frame[r.name].map(repr).to_numpy() == repr(value)
    if not mask.any():  # the scenario's reading is not among the values tried
        return frame.iloc[0] * np.nan
    return frame[mask].iloc[0]


def readings_range(
    figures: Source = None,
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    combinations: tuple[pd.DataFrame, list[Reading], list[Reading]] | None = None,
) -> pd.DataFrame:
    """The full range of each headline over the readings it depends on.

    One row per headline: ``base`` (the scenario's readings), ``low`` and ``high``,
    ``depends_on`` (the readings that move it: two combinations differing only in that reading
    give different values) and the values of those readings at the low and at the high end
    (``low_readings``, ``high_readings``: reading name -> value)."""
    frame, moving, _still = combinations or reading_combinations(figures, scenario=scenario)
    reference = frame.attrs["reference"]
    names = [r.name for r in moving]
    by_name = {r.name: r for r in moving}
    codes = _reading_codes(frame, names)
    rows = []
    for h in HEADLINES:
        y = frame[h.name]
        depends = [r for r in names if _depends(codes, r, y)]
        finite = y[np.isfinite(y)]
        if finite.empty:
            lo_row = hi_row = None
        else:
            lo_row, hi_row = frame.loc[finite.idxmin()], frame.loc[finite.idxmax()]
        rows.append(
            {
                "headline": h.name,
                "base": reference[h.name],
                "low": float(finite.min()) if len(finite) else np.nan,
                "high": float(finite.max()) if len(finite) else np.nan,
                "depends_on": depends,
                "low_readings": _chosen(lo_row, depends, by_name),
                "high_readings": _chosen(hi_row, depends, by_name),
            }
        )
    return pd.DataFrame(rows)


def _reading_codes(frame: pd.DataFrame, names: list[str]) -> dict[str, np.ndarray]:
    """Each reading column of ``frame`` as integer codes of its values' ``repr`` (None and NaN
    group like any value), for :func:`_depends`."""
    return {n: pd.factorize(frame[n].map(repr))[0] for n in names}


def _depends(codes: Mapping[str, np.ndarray], reading: str, values: pd.Series) -> bool:
    """Whether ``values`` (a headline column) moves with ``reading``: in some group of rows equal
    in every other reading (``codes``: :func:`_reading_codes`), its highest and lowest value
    (NaN left out) differ by more than rounding."""
    others = [n for n in codes if n != reading]
    if not others:
        spread = values
        return bool(np.nanmax(spread) - np.nanmin(spread) > 1e-12 * np.nanmax(np.abs(spread)))
    y = values.to_numpy(dtype="float64")
    group = np.zeros(len(y), dtype="int64")
    for n in others:  # the group of equal other readings, numbered 0.. (below the rows' count)
        _, group = np.unique(group * (int(codes[n].max()) + 1) + codes[n], return_inverse=True)
    order = np.argsort(group, kind="stable")
    sorted_groups = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    high = np.fmax.reduceat(y[order], starts)  # fmax and fmin leave NaN out, as groupby does
    low = np.fmin.reduceat(y[order], starts)
    span = np.abs(high - low)
    scale = np.nanmax(np.abs(y)) if (~np.isnan(y)).any() else 0.0
    return bool((span > 1e-12 * scale).any())


def _chosen(row: pd.Series | None, names: list[str], by_name: dict[str, Reading]) -> dict:
    """The readings of a row, each as its declared value (a year stays a year, None None)."""
    if row is None:
        return {}
    out = {}
    for name in names:
        v = _plain(row[name])
        out[name] = next((c for c in by_name[name].values if c == v), v)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


# ---------------------------------------------------------------------------------------------
# everything at once


@dataclass(frozen=True)
class Sensitivity:
    """The analysis of every headline: indices (Sobol or Morris), one-at-a-time swings and the
    range over the readings."""

    method: str
    n: int
    seed: int
    indices: pd.DataFrame
    tornado: pd.DataFrame
    ranges: pd.DataFrame
    readings: list[Reading]
    still: list[Reading]

    def table(self) -> pd.DataFrame:
        """One row per headline and continuous parameter: the indices, and the headline's range
        over the readings (repeated on each of its rows)."""
        ranges = self.ranges.assign(
            range_low=self.ranges["low"],
            range_high=self.ranges["high"],
            depends_on=self.ranges["depends_on"].map("; ".join),
            low_readings=self.ranges["low_readings"].map(_readings_text),
            high_readings=self.ranges["high_readings"].map(_readings_text),
        )[
            [
                "headline",
                "base",
                "range_low",
                "range_high",
                "depends_on",
                "low_readings",
                "high_readings",
            ]
        ]
        return self.indices.merge(ranges, on="headline", how="left", sort=False)

    def to_json(self) -> dict[str, Any]:
        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: _plain(v) for k, v in r.items()} for r in df.to_dict("records")]

        return {
            "method": self.method,
            "n": self.n,
            "seed": self.seed,
            "parameters": {
                CONTINUOUS[n]: list(BY_NAME[CONTINUOUS[n]].plausible or ()) for n in CONTINUOUS
            },
            "headlines": [{"name": h.name, "label": h.label, "unit": h.unit} for h in HEADLINES],
            "indices": records(self.indices),
            "tornado": records(self.tornado),
            "ranges": records(self.ranges),
            "readings": [
                {"name": r.name, "values": [_plain(v) for v in r.values], "base": r.base}
                for r in self.readings
            ],
            "readings_moving_no_headline": [r.name for r in self.still],
            "excluded": EXCLUDED,
        }


def _readings_text(chosen: Mapping[str, Any]) -> str:
    return "; ".join(f"{k}={'null' if v is None else v}" for k, v in chosen.items())


def analyse(
    figures: Source = None,
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    method: Literal["sobol", "morris"] = "sobol",
    n: int | None = None,
    seed: int = 0,
    combinations: tuple[pd.DataFrame, list[Reading], list[Reading]] | None = None,
) -> Sensitivity:
    """Sobol (or Morris) indices, the tornado and the readings range of every headline
    (``combinations``: :func:`reading_combinations` of the same inputs and scenario, if already
    computed)."""
    inputs = inputs_of(figures)
    sc = scenario_of(scenario)
    if method == "sobol":
        n = 1024 if n is None else n
        indices = sobol(inputs, scenario=sc, n=n, seed=seed)
    elif method == "morris":
        n = 100 if n is None else n
        indices = morris(inputs, scenario=sc, n=n, seed=seed)
    else:
        raise ScenarioError(
            [Problem("--method", None, "method", f"choose sobol or morris, got {method!r}")]
        )
    combos = combinations or reading_combinations(inputs, scenario=sc)
    return Sensitivity(
        method=method,
        n=n,
        seed=seed,
        indices=indices,
        tornado=tornado(inputs, scenario=sc),
        ranges=readings_range(combinations=combos),
        readings=combos[1],
        still=combos[2],
    )
