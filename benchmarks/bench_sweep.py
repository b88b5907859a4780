"""Benchmark: the vectorised sweep against a plain Python loop over the same grid.

Run by hand: ``.venv/bin/python benchmarks/bench_sweep.py``. Both compute the same headline
numbers (checked equal) for every combination; results go in benchmarks/README.md.
"""

from __future__ import annotations

import itertools
import platform
import time

import numpy as np

from blkanalysis.data.registry import load_figures
from blkanalysis.model.core import cagr, deflator_table, effective_units, real_factor
from blkanalysis.model.intensity import budget_figures, carryover
from blkanalysis.model.scaling import blkk_unit_cost
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.sweeps import sweep


def grid(n_mult: int) -> dict[str, list]:
    return {
        "multiplier": list(np.linspace(0.5, 10, n_mult)),
        "base_year": list(range(2016, 2026)),
        "price_point": ["december", "midyear"],
        "envelope_first_year_share": [None, 0.2, 0.4, 0.6, 0.8],
        "carryover_units": [None, 0, 1, 2, 3],
        "carryover_cost_share": list(np.linspace(0, 1, 10)),
        "unit_cost_multiplier": list(np.linspace(0.5, 2, 20)),
    }


def loop(g: dict[str, list], figures) -> list[tuple[float, float, float]]:
    """The naive way: one pass of scalar Python per combination (same formulas, same data)."""
    sc = Scenario()
    budgets = budget_figures(figures, sc)
    budgets = budgets[(budgets["program"] == "blk_transformation")].sort_values("period_start")
    rows = []
    for _, r in budgets.iterrows():
        years = list(range(int(r["period_start"]), int(r["period_end"]) + 1))
        most, _ = carryover(figures, r, sc)
        rows.append((float(r["value"]), float(r["units_covered"]), years, most))
    cost = blkk_unit_cost(figures, sc)
    agreements = float(
        figures[figures["quantity"] == "blk_komunitas/construction_agreements/count/2022"][
            "value"
        ].iloc[0]
    )
    all_years = sorted({y for *_, ys, _ in rows for y in ys} | {cost["year"]})
    d = {pp: deflator_table(all_years, g["base_year"], pp) for pp in g["price_point"]}
    out = []
    for m, b, pp, share, k_req, cs, ucm in itertools.product(*g.values()):
        bj = g["base_year"].index(b)
        per = []
        for total, units, years, most in rows:
            dr = np.array([d[pp][all_years.index(y), bj] for y in years])
            f = float(real_factor(dr, share))
            k = (most if k_req is None else k_req) if most else 0
            per.append(total * f / effective_units(units, k, cs) / len(years))
        multiple = per[-1] / per[0]
        budget = agreements * m * cost["nominal"] * d[pp][all_years.index(cost["year"]), bj] * ucm
        out.append((per[-1], float(cagr(multiple, 2.5)), budget))
    return out


def main() -> None:
    figures = load_figures()
    g = grid(2)  # 2 x 10 x 2 x 5 x 5 x 10 x 20 = 200,000 combinations
    n = int(np.prod([len(v) for v in g.values()]))
    t0 = time.perf_counter()
    vec = sweep(g, figures=figures)
    t_vec = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = loop(g, figures)
    t_loop = time.perf_counter() - t0
    got = np.array(naive)
    assert np.allclose(got[:, 0], vec["idr_per_blk_year_real_2023_2024"])
    assert np.allclose(got[:, 1], vec["intensity_cagr"])
    assert np.allclose(got[:, 2], vec["implied_budget_real_blkk_agreements"])
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(f"grid of {n:,} combinations (results checked equal)")
    print(f"  vectorised sweep: {t_vec:8.3f} s")
    print(f"  plain Python loop: {t_loop:8.3f} s")
    print(f"  ratio loop / vectorised: {t_loop / t_vec:,.0f}x")
    big = grid(10)  # 1,000,000 combinations
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        df = sweep(big, figures=figures)
        times.append(time.perf_counter() - t0)
    print(f"grid of {len(df):,} combinations: vectorised sweep best of 3: {min(times):.3f} s")


if __name__ == "__main__":
    main()
