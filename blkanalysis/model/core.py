"""Formulas shared by the table functions and the vectorised sweep.

Every function here works on numpy scalars or arrays that broadcast, so the same code computes one
scenario (``budget_intensity``, ``scale_targets``) and a million (``sweep``): the two cannot drift.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.data.prices import PricePoint, deflator


def spread_weights(n_years: int, first_share: float | None) -> np.ndarray:
    """How a multi-year envelope is spread over its years.

    ``first_share`` None spreads evenly; otherwise the first year takes ``first_share`` and the
    other years share the rest evenly. A one-year budget is all in its year.
    """
    if n_years < 1:
        raise ValueError("an envelope covers at least one year")
    if n_years == 1:
        return np.ones(1)
    if first_share is None or first_share != first_share:  # None or NaN: even
        return np.full(n_years, 1.0 / n_years)
    rest = (1.0 - first_share) / (n_years - 1)
    return np.array([first_share] + [rest] * (n_years - 1))


def deflator_table(
    years: list[int],
    base_years: list[int],
    price_point: PricePoint,
    cpi: pd.DataFrame,
) -> np.ndarray:
    """Matrix D[i, j]: factor from nominal rupiah of years[i] to prices of base_years[j], by the
    CPI series ``cpi`` (``Inputs.cpi``)."""
    out = np.empty((len(years), len(base_years)))
    for j, b in enumerate(base_years):
        out[:, j] = deflator(years, b, cpi=cpi, price_point=price_point)
    return out


#: bases that state a plan rather than money spent
PLAN_BASES = ("allocated", "estimated_need")


def price_years(
    period_start: int, period_end: int, basis: Any, published: Any, plan_prices: str
) -> list[int]:
    """The years whose prices a budget's rupiah are in, one per year of its period.

    Money spent is in the prices of the years it was spent. A plan (``PLAN_BASES``) is in the
    prices of the year it was stated when ``plan_prices`` is ``"statement"``: a need estimated
    in 2022 for 2023-2024 is a sum of 2022 rupiah, and deflating it with the inflation of the
    later years would treat an unspent plan as spending. Undated plans, and ``"period"``, keep
    the period's years.
    """
    years = list(range(int(period_start), int(period_end) + 1))
    if plan_prices != "statement" or str(basis) not in PLAN_BASES:
        return years
    if published is None or pd.isna(published):
        return years
    stated = int(pd.Timestamp(published).year)
    return [min(stated, y) for y in years]


def real_factor(d_rows: np.ndarray, first_share: np.ndarray | float | None) -> np.ndarray | float:
    """Real-terms factor of an envelope: sum over its years of weight x deflator.

    ``d_rows``: deflators of the envelope's years, shape (n_years, ...) broadcasting with
    ``first_share`` (NaN or None meaning even).
    """
    n = d_rows.shape[0]
    if n == 1:
        return d_rows[0]
    even = d_rows.mean(axis=0)
    if first_share is None:
        return even
    share = np.asarray(first_share, dtype="float64")
    weighted = share * d_rows[0] + (1.0 - share) * d_rows[1:].mean(axis=0)
    return np.where(np.isnan(share), even, weighted)


def effective_units(units, carry, carry_share):
    """BLK counted as full units when ``carry`` of them continue earlier construction and each
    still needs ``carry_share`` of a full BLK's cost."""
    return units - carry + carry * carry_share


def safe_div(a, b):
    """a / b with NaN where b is zero (no warnings)."""
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=(b != 0))
    return out if out.shape else float(out)


def cagr(multiple, years):
    """Compound annual growth rate of a multiple over a span of years."""
    multiple = np.asarray(multiple, dtype="float64")
    years = np.asarray(years, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where((multiple > 0) & (years > 0), multiple ** (1.0 / years) - 1.0, np.nan)
    return out if out.shape else float(out)
