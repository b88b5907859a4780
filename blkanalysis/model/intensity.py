"""Budget intensity: rupiah per BLK, per BLK-year and per trainee, nominal and real.

Every budget figure (basis realised, allocated or estimated_need) that covers a number of BLK
(``units_covered``) or names the trainees it pays for (``trainees_figure``) becomes one row.
Ambiguities are ranges: a budget that ``continues`` an earlier one's BLK has a low bound (every
BLK counted as a full unit) and a high bound (the continued BLK needed nothing more), with a point
estimate from the scenario's ``carryover_cost_share``. Comparisons across bases carry a column
saying so.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.data.registry import BUDGET_BASES
from blkanalysis.model.core import (
    cagr,
    deflator_table,
    effective_units,
    price_years,
    real_factor,
    safe_div,
    spread_weights,
)
from blkanalysis.model.memo import per_inputs
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import (
    Source,
    by_id,
    find,
    inputs_of,
    resolve,
    scenario_problem,
    source_columns,
)

INTENSITY_COLUMNS = [
    "id",
    "program",
    "measure",
    "basis",
    "period",
    "period_start",
    "period_end",
    "n_years",
    "total_idr",
    "units",
    "carryover_max",
    "carryover_units",
    "effective_units",
    "trainees",
    "trainees_figure",
    "idr_per_unit",
    "idr_per_unit_low",
    "idr_per_unit_high",
    "idr_per_unit_year",
    "idr_per_unit_year_low",
    "idr_per_unit_year_high",
    "idr_per_unit_year_peak",
    "idr_per_trainee",
    "real_factor",
    "total_idr_real",
    "idr_per_unit_real",
    "idr_per_unit_real_low",
    "idr_per_unit_real_high",
    "idr_per_unit_year_real",
    "idr_per_unit_year_real_low",
    "idr_per_unit_year_real_high",
    "idr_per_trainee_real",
    "base_year",
    "price_point",
    "continues",
    "as_stated",
    "source_id",
    "publisher",
    "published",
    "url",
    "reliability",
]


def budget_figures(figures: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The preferred budget figures the scenario counts, that cover BLK or trainees."""
    is_budget = (
        (figures["unit"] == "IDR")
        & figures["basis"].isin([b for b in BUDGET_BASES if b in scenario.bases])
        & figures["preferred"]
    )
    covers = figures["units_covered"].notna() | figures["trainees_figure"].notna()
    return figures[is_budget & covers]


def carryover(figures: pd.DataFrame, row: pd.Series, scenario: Scenario) -> tuple[int, int]:
    """(most BLK that can be carried over, BLK assumed carried over) for one budget row."""
    if not isinstance(row["continues"], str):
        return 0, 0
    earlier = find(figures, row["continues"])
    if earlier is None or pd.isna(earlier["units_covered"]):
        # the registry does not say how many BLK the earlier budget covered: no carry-over
        return 0, 0
    most = int(min(int(earlier["units_covered"]), int(row["units_covered"])))
    k = most if scenario.carryover_units is None else scenario.carryover_units
    if k > most:
        raise scenario_problem(
            "carryover_units",
            f"{k} exceeds the {most} BLK that {row['id']} can continue from {row['continues']} "
            f"(set it to at most {most}, or null for the most)",
        )
    return most, k


@per_inputs
def budget_intensity(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Rupiah per BLK, per BLK-year and per trainee for every budget figure, nominal and real.

    Real terms are in ``scenario.base_year`` prices at ``scenario.price_point``; a multi-year
    envelope is spread over its years by ``scenario.envelope_first_year_share`` (even if null)
    before deflating. Returns a new DataFrame (columns :data:`INTENSITY_COLUMNS`), one row per
    budget figure, ordered by programme and period.

    ``figures``: an :class:`~blkanalysis.data.inputs.Inputs` (figures, CPI and model of one data
    directory), a figures table (CPI and model then from the current data directory's
    :func:`~blkanalysis.data.inputs.load_inputs`) or None (``load_inputs()``).
    """
    figures, sc, inputs = resolve(figures, scenario)
    budgets = budget_figures(figures, sc)
    rows = []
    for _, r in budgets.iterrows():
        years = list(range(int(r["period_start"]), int(r["period_end"]) + 1))
        priced = price_years(
            r["period_start"], r["period_end"], r["basis"], r["published"], sc.plan_prices
        )
        d = deflator_table(priced, [sc.base_year], sc.price_point, inputs.cpi)[:, 0]
        factor = float(real_factor(d, sc.envelope_first_year_share))
        weights = spread_weights(len(years), sc.envelope_first_year_share)
        total = float(r["value"])
        units = float(r["units_covered"]) if pd.notna(r["units_covered"]) else np.nan
        most, k = carryover(figures, r, sc) if pd.notna(units) else (0, 0)
        eff = effective_units(units, k, sc.carryover_cost_share)
        per_unit = safe_div(total, eff)
        low = safe_div(total, units)
        high = safe_div(total, units - k)
        n = len(years)
        trainees = np.nan
        if isinstance(r["trainees_figure"], str):
            t = by_id(figures, r["trainees_figure"])
            if t is not None:
                trainees = float(t["value"])
        per_trainee = safe_div(total, trainees)
        rows.append(
            {
                "id": r["id"],
                "program": r["program"],
                "measure": r["measure"],
                "basis": r["basis"],
                "period": r["period"],
                "period_start": int(r["period_start"]),
                "period_end": int(r["period_end"]),
                "n_years": n,
                "total_idr": total,
                "units": units,
                "carryover_max": most,
                "carryover_units": k,
                "effective_units": eff,
                "trainees": trainees,
                "trainees_figure": r["trainees_figure"],
                "idr_per_unit": per_unit,
                "idr_per_unit_low": low,
                "idr_per_unit_high": high,
                "idr_per_unit_year": per_unit / n,
                "idr_per_unit_year_low": low / n,
                "idr_per_unit_year_high": high / n,
                "idr_per_unit_year_peak": per_unit * float(weights.max()),
                "idr_per_trainee": per_trainee,
                "real_factor": factor,
                "total_idr_real": total * factor,
                "idr_per_unit_real": per_unit * factor,
                "idr_per_unit_real_low": low * factor,
                "idr_per_unit_real_high": high * factor,
                "idr_per_unit_year_real": per_unit * factor / n,
                "idr_per_unit_year_real_low": low * factor / n,
                "idr_per_unit_year_real_high": high * factor / n,
                "idr_per_trainee_real": per_trainee * factor,
                "base_year": sc.base_year,
                "price_point": sc.price_point,
                "continues": r["continues"],
                "as_stated": r["as_stated"],
                **source_columns(r),
            }
        )
    out = pd.DataFrame(rows, columns=INTENSITY_COLUMNS)
    out = out.astype({"units": "float64", "trainees": "float64", "effective_units": "float64"})
    order = out["program"].astype(str)
    out = out.assign(_p=order).sort_values(["_p", "period_start", "period_end", "id"])
    return out.drop(columns="_p").reset_index(drop=True)


@per_inputs
def budget_by_year(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Each budget figure spread over its years: nominal and real rupiah, and per BLK
    (``figures``: as for :func:`budget_intensity`)."""
    _, sc, inputs = resolve(figures, scenario)
    intensity = budget_intensity(inputs, scenario=sc)
    rows = []
    for _, r in intensity.iterrows():
        years = list(range(int(r["period_start"]), int(r["period_end"]) + 1))
        weights = spread_weights(len(years), sc.envelope_first_year_share)
        priced = price_years(
            r["period_start"], r["period_end"], r["basis"], r["published"], sc.plan_prices
        )
        d = deflator_table(priced, [sc.base_year], sc.price_point, inputs.cpi)[:, 0]
        for year, w, f in zip(years, weights, d, strict=True):
            nominal = r["total_idr"] * w
            rows.append(
                {
                    "id": r["id"],
                    "program": r["program"],
                    "basis": r["basis"],
                    "period": r["period"],
                    "year": year,
                    "weight": float(w),
                    "idr": nominal,
                    "idr_real": nominal * f,
                    "idr_per_unit": safe_div(nominal, r["effective_units"]),
                    "idr_per_unit_real": safe_div(nominal * f, r["effective_units"]),
                    "base_year": sc.base_year,
                }
            )
    return pd.DataFrame(rows)


GROWTH_COLUMNS = [
    "program",
    "from_id",
    "to_id",
    "from_period",
    "to_period",
    "from_basis",
    "to_basis",
    "mixed_basis",
    "comparison",
    "metric",
    "from_value",
    "to_value",
    "multiple",
    "multiple_low",
    "multiple_high",
    "years_between",
    "cagr",
    "cagr_low",
    "cagr_high",
]


def intensity_growth(
    intensity: pd.DataFrame | Inputs | None = None,
    *,
    scenario: Scenario | Mapping[str, Any] | None = None,
    metric: str = "idr_per_unit_year_real",
) -> pd.DataFrame:
    """Growth of per-BLK intensity between periods: multiples and compound annual growth.

    Within each programme's ``budget`` rows that cover BLK, every consecutive pair of periods and
    the first-to-last pair. ``years_between`` runs between the periods' midpoints (2021 to
    2023-2024 is 2.5 years). Bounds combine the rows' ranges (low: low over high). A pair of
    different bases is flagged in ``mixed_basis`` and described in ``comparison``.
    """
    if intensity is None or isinstance(intensity, Inputs):
        intensity = budget_intensity(intensity, scenario=scenario)
    rows = []
    data = intensity[(intensity["measure"] == "budget") & intensity["units"].notna()]
    for program, grp in data.groupby(data["program"].astype(str), sort=True):
        grp = grp.sort_values(["period_start", "period_end", "id"])
        recs = list(grp.to_dict("records"))
        pairs = list(itertools.pairwise(recs))
        if len(recs) > 2:
            pairs.append((recs[0], recs[-1]))
        for a, b in pairs:
            mid_a = (a["period_start"] + a["period_end"]) / 2
            mid_b = (b["period_start"] + b["period_end"]) / 2
            span = mid_b - mid_a
            multiple = safe_div(b[metric], a[metric])
            m_low = safe_div(b.get(f"{metric}_low", b[metric]), a.get(f"{metric}_high", a[metric]))
            m_high = safe_div(b.get(f"{metric}_high", b[metric]), a.get(f"{metric}_low", a[metric]))
            rows.append(
                {
                    "program": program,
                    "from_id": a["id"],
                    "to_id": b["id"],
                    "from_period": a["period"],
                    "to_period": b["period"],
                    "from_basis": a["basis"],
                    "to_basis": b["basis"],
                    "mixed_basis": a["basis"] != b["basis"],
                    "comparison": f"{a['basis']} -> {b['basis']}",
                    "metric": metric,
                    "from_value": a[metric],
                    "to_value": b[metric],
                    "multiple": multiple,
                    "multiple_low": m_low,
                    "multiple_high": m_high,
                    "years_between": span,
                    "cagr": cagr(multiple, span),
                    "cagr_low": cagr(m_low, span),
                    "cagr_high": cagr(m_high, span),
                }
            )
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


def context_figures(
    figures: pd.DataFrame, by_year: pd.DataFrame, inputs: Inputs | None = None
) -> pd.DataFrame:
    """The Kemnaker budget figures for the years a budget is spread over (for comparisons); the
    model of ``inputs`` names them (None: the current data directory's ``load_inputs()``)."""
    ctx = inputs_of(inputs).model.budget_intensity.context
    years = set(by_year["year"]) if not by_year.empty else set()
    return figures[
        (figures["program"] == ctx.program)
        & (figures["measure"] == ctx.measure)
        & figures["preferred"]
        & (figures["n_years"] == 1)
        & figures["period_start"].isin(years)
    ]


def busiest_year(
    table: pd.DataFrame,
    by_year: pd.DataFrame,
    figures: pd.DataFrame,
    inputs: Inputs | None = None,
) -> dict[str, Any] | None:
    """The busiest year of the last multi-year envelope set against Kemnaker's budget that
    year: ``{"envelope": row of table, "peak": row of by_year, "budget": the Kemnaker figure,
    "share": peak rupiah / that budget}``; None when there is no such envelope or no budget
    of that year (the model's ``budget_intensity.context``)."""
    rows = intensity_rows(table, inputs)
    rows = rows[rows["n_years"] > 1]
    if rows.empty:
        return None
    last = rows.iloc[-1]
    years = by_year[by_year["id"] == last["id"]]
    if years.empty:
        return None
    peak = years.loc[years["idr"].idxmax()]
    kem = context_figures(figures, by_year, inputs)
    kem = kem[kem["period_start"] == peak["year"]]
    if kem.empty:
        return None
    k = kem.iloc[0]
    return {"envelope": last, "peak": peak, "budget": k, "share": peak["idr"] / k["value"]}


def intensity_rows(table: pd.DataFrame, inputs: Inputs | None = None) -> pd.DataFrame:
    """The rows of an intensity table that enter the comparison: budgets covering BLK of the
    programmes the model names (``budget_intensity.programs`` in ``data/model.yaml``); the model
    of ``inputs`` (None: the current data directory's ``load_inputs()``)."""
    programs = inputs_of(inputs).model.budget_intensity.programs
    return table[table["program"].astype(str).isin(programs) & table["units"].notna()]


def capital_in(
    figures: pd.DataFrame, budget: pd.Series, inputs: Inputs | None = None
) -> pd.Series | None:
    """The capital budget (``unit_costs.capital_in_training`` of the model: building BLK
    Komunitas) that a per-trainee budget includes: same period and basis, preferred, covering
    more than one unit (a programme budget, not an aid per unit). None where none is stated."""
    cap = inputs_of(inputs).model.unit_costs.capital_in_training
    if cap is None:
        return None
    # on the columns' arrays: no filtered copy of the registry for one row
    at = np.flatnonzero(
        (figures["program"].to_numpy() == cap.program)
        & (figures["measure"].to_numpy() == cap.measure)
        & (figures["basis"].to_numpy() == budget["basis"])
        & (figures["period_start"].to_numpy() == budget["period_start"])
        & (figures["period_end"].to_numpy() == budget["period_end"])
        & figures["preferred"].to_numpy(dtype=bool)
        & (figures["unit"].to_numpy() == "IDR")
    )
    if not len(at):
        return None
    ids = figures["id"].to_numpy()[at]
    return figures.iloc[int(at[min(range(len(at)), key=lambda i: ids[i])])]  # the first id


PER_TRAINEE_COLUMNS = [
    "program",
    "id",
    "period",
    "basis",
    "total_idr",
    "capital_idr",
    "capital_id",
    "trainees",
    "trainees_figure",
    "idr_per_trainee",  # all in: the whole budget over the trainees
    "idr_per_trainee_training",  # training alone: less the capital the budget includes
    "idr_per_trainee_real",
    "idr_per_trainee_training_real",
    "comparator",  # another programme, set beside, never mixed in
    "publisher",
    "reliability",
]


def per_trainee_split(table: pd.DataFrame, inputs: Inputs | None = None) -> pd.DataFrame:
    """Cost per trainee, training apart from capital: each per-trainee budget of the model
    (``unit_costs.per_trainee``) all in and, where the same period states the capital it
    includes (``capital_in_training``), training alone; then the comparators' budgets per
    participant (``unit_costs.comparators``), flagged ``comparator``; empty when the table has
    no per-trainee budget of the model (comparators alone are not shown). ``table``: a
    :func:`budget_intensity` table (its real factors are reused)."""
    inputs = inputs_of(inputs)
    uc = inputs.model.unit_costs
    figures = inputs.figures
    out = []
    groups = [(uc.per_trainee, False)] + [(c, True) for c in uc.comparators]
    for pm, comparator in groups:
        rows = table[
            (table["program"].astype(str) == pm.program)
            & table["trainees"].notna()
            & (table["trainees"] > 0)
        ]
        for r in rows.sort_values(["period_start", "period_end", "id"]).to_dict("records"):
            fig = by_id(figures, r["id"])
            cap = None if comparator or fig is None else capital_in(figures, fig, inputs)
            capital = float(cap["value"]) if cap is not None else np.nan
            training = (r["total_idr"] - capital) / r["trainees"] if cap is not None else np.nan
            factor = r["real_factor"]
            out.append(
                {
                    "program": r["program"],
                    "id": r["id"],
                    "period": r["period"],
                    "basis": r["basis"],
                    "total_idr": r["total_idr"],
                    "capital_idr": capital,
                    "capital_id": None if cap is None else cap["id"],
                    "trainees": r["trainees"],
                    "trainees_figure": r["trainees_figure"],
                    "idr_per_trainee": r["idr_per_trainee"],
                    "idr_per_trainee_training": training,
                    "idr_per_trainee_real": r["idr_per_trainee_real"],
                    "idr_per_trainee_training_real": training * factor,
                    "comparator": comparator,
                    "publisher": r["publisher"],
                    "reliability": r["reliability"],
                }
            )
    if not any(not r["comparator"] for r in out):
        out = []  # a comparator is set beside Kemnaker's cost: without it, nothing to show
    split = pd.DataFrame(out, columns=PER_TRAINEE_COLUMNS)
    if "base_year" in table.columns and len(table):
        split.attrs["base_year"] = int(table["base_year"].iloc[0])
    return split
