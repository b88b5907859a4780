"""Benchmark: the vectorised sweep against a plain Python loop over the same grid.

Run by hand: ``.venv/bin/python benchmarks/bench_sweep.py``. Both compute the same headline
numbers (checked equal) for every combination; results go in benchmarks/README.md.

The loop is the honest naive version: plain Python floats per combination (no numpy call
inside it), over the same precomputed inputs (deflators as nested dicts of floats, the budget
rows and the unit cost read once), the same formulas as :mod:`blkanalysis.model.core`. Numpy
arrays of one element per combination would be far slower and flatter the speed-up.
"""

from __future__ import annotations

import itertools
import math
import platform
import time

import numpy as np

from blkanalysis.data.inputs import load_inputs
from blkanalysis.model.core import deflator_table
from blkanalysis.model.intensity import budget_figures, carryover
from blkanalysis.model.scaling import blkk_unit_cost, year_targets
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.sweeps import sweep


def grid(n_mult: int) -> dict[str, list]:
    return {
        "multiplier": [float(x) for x in np.linspace(0.5, 10, n_mult)],
        "base_year": list(range(2016, 2026)),
        "price_point": ["december", "midyear"],
        "envelope_first_year_share": [None, 0.2, 0.4, 0.6, 0.8],
        "carryover_units": [None, 0, 1, 2, 3],
        "carryover_cost_share": [float(x) for x in np.linspace(0, 1, 10)],
        "unit_cost_multiplier": [float(x) for x in np.linspace(0.5, 2, 20)],
    }


def prepare(g: dict[str, list], inputs) -> dict:
    """Everything the loop reads, once, as plain Python values."""
    sc = Scenario()
    figures = inputs.figures_for(sc.include_leads)
    budgets = budget_figures(figures, sc)
    programs = inputs.model.budget_intensity.programs
    budgets = budgets[budgets["program"].isin(programs) & budgets["units_covered"].notna()]
    budgets = budgets.sort_values(["period_start", "period_end", "id"])
    rows = []
    for _, r in budgets.iterrows():
        years = list(range(int(r["period_start"]), int(r["period_end"]) + 1))
        most, _ = carryover(figures, r, sc.model_copy(update={"carryover_units": None}))
        rows.append((float(r["value"]), float(r["units_covered"]), years, int(most)))
    first, last = budgets.iloc[0], budgets.iloc[-1]
    span = float(
        (last["period_start"] + last["period_end"]) / 2
        - (first["period_start"] + first["period_end"]) / 2
    )
    cost = blkk_unit_cost(figures, sc, inputs)
    found, _ = year_targets(figures, sc, inputs.model)
    blkk_targets = [(r.key, float(t["value"])) for r, t in found if r.cost == "per_blkk"]
    years = sorted({y for *_, ys, _ in rows for y in ys} | {cost["year"]})
    deflators = {}  # price point -> year -> base year -> float
    for pp in g["price_point"]:
        table = deflator_table(years, g["base_year"], pp, inputs.cpi)
        deflators[pp] = {
            y: {b: float(table[i, j]) for j, b in enumerate(g["base_year"])}
            for i, y in enumerate(years)
        }
    return {
        "rows": rows,
        "span": span,
        "cost_nominal": float(cost["nominal"]),
        "cost_year": cost["year"],
        "targets": blkk_targets,
        "d": deflators,
    }


def loop(g: dict[str, list], p: dict) -> list[tuple[float, ...]]:
    """The naive way: plain Python floats, one combination after another."""
    rows, d, span = p["rows"], p["d"], p["span"]
    cost_nominal, cost_year, targets = p["cost_nominal"], p["cost_year"], p["targets"]
    out = []
    for m, b, pp, share, k_req, cs, ucm in itertools.product(*g.values()):
        dp = d[pp]
        per = []
        for total, units, years, most in rows:
            ds = [dp[y][b] for y in years]
            if len(ds) == 1:
                f = ds[0]
            elif share is None:
                f = sum(ds) / len(ds)
            else:
                f = share * ds[0] + (1.0 - share) * sum(ds[1:]) / (len(ds) - 1)
            k = (most if k_req is None else k_req) if most else 0
            per.append(total * f / (units - k + k * cs) / len(years))
        multiple = per[-1] / per[0] if per[0] else math.nan
        growth = multiple ** (1.0 / span) - 1.0 if multiple > 0 and span > 0 else math.nan
        unit_cost = cost_nominal * dp[cost_year][b] * ucm
        out.append((per[0], per[-1], growth, *(v * m * unit_cost for _, v in targets)))
    return out


def main() -> None:
    inputs = load_inputs()
    g = grid(2)  # 2 x 10 x 2 x 5 x 5 x 10 x 20 = 200,000 combinations
    n = int(np.prod([len(v) for v in g.values()]))
    t0 = time.perf_counter()
    vec = sweep(g, figures=inputs)
    t_vec = time.perf_counter() - t0
    t0 = time.perf_counter()
    p = prepare(g, inputs)
    naive = loop(g, p)
    t_loop = time.perf_counter() - t0
    got = np.array(naive)
    per_year = [c for c in vec.columns if c.startswith("idr_per_blk_year_real_")]
    expected = [
        per_year[0],
        per_year[-1],
        "intensity_cagr",
        *(f"implied_budget_real_{key}" for key, _ in p["targets"]),
    ]
    for i, col in enumerate(expected):
        assert np.allclose(got[:, i], vec[col], equal_nan=True), col
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(f"grid of {n:,} combinations (results checked equal: {', '.join(expected)})")
    print(f"  vectorised sweep: {t_vec:8.3f} s")
    print(f"  plain-float Python loop: {t_loop:8.3f} s")
    print(f"  ratio loop / vectorised: {t_loop / t_vec:,.1f}x")
    big = grid(10)  # 1,000,000 combinations
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        df = sweep(big, figures=inputs)
        times.append(time.perf_counter() - t0)
    print(f"grid of {len(df):,} combinations: vectorised sweep best of 3: {min(times):.3f} s")


if __name__ == "__main__":
    main()
