"""Target scaling: what the 2022 targets imply when multiplied ("berkali lipat"), at what cost.

The targets, the observed unit costs and the achievements they are compared with are registry
quantities named below (keys, not numbers): every number comes from ``data/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.data.programme import ProgrammeModel, TargetRole
from blkanalysis.model.core import deflator_table, price_years, real_factor, safe_div
from blkanalysis.model.intensity import budget_figures, capital_in
from blkanalysis.model.memo import per_inputs
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import (
    Source,
    by_id,
    find,
    inputs_of,
    resolve,
    scenario_of,
    scenario_problem,
    source_columns,
)


def __getattr__(name: str) -> Any:
    if name == "TARGETS":  # the target roles of the current data directory's programme model
        return tuple(inputs_of(None).model.targets)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# the targets of a year, by role


def stated_target(figures: pd.DataFrame, role: TargetRole, year: int) -> pd.Series | None:
    """The preferred figure stating ``role`` for ``year``: its first measure the year states."""
    for m in role.measures:
        row = find(figures, m.key(year))
        if row is not None:
            return row
    return None


def target_years(figures: pd.DataFrame, model: ProgrammeModel) -> list[int]:
    """The years for which the registry states at least one target of the model."""
    keys = {(m.program, m.measure, m.basis) for role in model.targets for m in role.measures}
    pref = figures[figures["preferred"] & (figures["n_years"] == 1)]
    mask = [
        (str(p), m, str(b)) in keys
        for p, m, b in zip(pref["program"], pref["measure"], pref["basis"], strict=True)
    ]
    return sorted({int(y) for y in pref.loc[mask, "period_start"]})


def year_targets(
    figures: pd.DataFrame, sc: Scenario, model: ProgrammeModel
) -> tuple[list[tuple[TargetRole, pd.Series]], list[str]]:
    """The targets stated for ``sc.target_year`` (role, figure), and a note per role left out.

    A year with no target at all is a :class:`ScenarioError` naming ``target_year`` and the
    years that have some.
    """
    year = sc.target_year
    found, notes = [], []
    for role in model.targets:
        row = stated_target(figures, role, year)
        if row is None:
            measures = ", ".join(m.key(year) for m in role.measures)
            notes.append(f"{role.key}: no preferred figure states it for {year} ({measures})")
        else:
            found.append((role, row))
    if not found:
        years = target_years(figures, model)
        raise scenario_problem(
            "target_year",
            f"the registry states no target for {year}; "
            f"years with some: {', '.join(map(str, years)) or 'none'}",
        )
    return found, notes


def _achieved(figures: pd.DataFrame, role: TargetRole, year: int) -> pd.Series | None:
    """The registry figure a target is compared with (``role.achieved.measure``), or None."""
    a = role.achieved
    if a is None or a.measure is None:
        return None
    if a.pick == "same_year":
        return find(figures, a.measure.key(year))
    m = a.measure
    rows = figures[
        (figures["program"] == m.program)
        & (figures["measure"] == m.measure)
        & (figures["basis"] == m.basis)
        & figures["preferred"]
        & (figures["period_start"] > year)
    ]
    if rows.empty:
        return None
    return rows.sort_values(["period_start", "period_end", "id"]).iloc[0]


ACHIEVED_KEYS = (
    "achieved",
    "achieved_period",
    "achieved_as_of",
    "achieved_id",
    "achieved_stock",
    "achieved_stock_id",
    "achieved_before",
    "achieved_before_period",
    "achieved_before_id",
)


def achieved_against(figures: pd.DataFrame, role: TargetRole, year: int) -> dict[str, Any] | None:
    """What a target of ``year`` is met by, from the registry measure of ``role.achieved``.

    Rule: a target whose achieved side is a stock (``achieved.kind: stock``) is met only by what
    is new since the target: the stock counted after it (``achieved_stock``) less the stock
    counted at or before the target's year (``achieved_before``, chosen by ``achieved.since``).
    ``achieved`` is that difference (NaN when no earlier count is stated: what is new is then
    unknown) and ``achieved_id`` names both counts. A flow is met by the figure itself.
    None when the registry states nothing to compare with.
    """
    a = role.achieved
    stock = _achieved(figures, role, year)
    if a is None or a.measure is None or stock is None:
        return None
    out: dict[str, Any] = {
        "achieved": float(stock["value"]),
        "achieved_period": stock["period"],
        "achieved_as_of": stock["as_of"],
        "achieved_id": stock["id"],
        "achieved_stock": np.nan,
        "achieved_stock_id": None,
        "achieved_before": np.nan,
        "achieved_before_period": None,
        "achieved_before_id": None,
    }
    if a.kind != "stock":
        return out
    before = _latest(figures, a.measure, year) if a.since == "latest_until_target_year" else None
    out["achieved_stock"], out["achieved_stock_id"] = float(stock["value"]), stock["id"]
    if before is None:
        out["achieved"], out["achieved_id"] = np.nan, None
        return out
    out["achieved"] = float(stock["value"]) - float(before["value"])
    out["achieved_id"] = f"{stock['id']}, {before['id']}"
    out["achieved_before"] = float(before["value"])
    out["achieved_before_period"] = before["period"]
    out["achieved_before_id"] = before["id"]
    return out


# ---------------------------------------------------------------------------------------------
# BLK Komunitas built per year and cumulative

TIMELINE_COLUMNS = [
    "year",
    "built",
    "cumulative",
    "built_stated",
    "cumulative_stated",
    "built_derived",
    "cumulative_derived",
    "conflict",
    "target",
    "target_initial",
    "built_id",
    "cumulative_id",
    "target_id",
    "built_source",  # the ids the built count rests on (stated, or derived from), comma-joined
]


@per_inputs
def blkk_timeline(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """BLK Komunitas built each year and the running total, stated or derived.

    A year's count is taken as stated where a source states it, else derived from the other
    series (built = this year's total minus last year's; total = last year's plus built).
    Where a year's stated count and stated total disagree with the year before (2018: 75 new, or
    75 in all?), ``scenario.blkk_reading`` decides which to trust and ``conflict`` is True.
    """
    figures, sc, inputs = resolve(figures, scenario)
    tl_model = inputs.model.timeline
    pref = figures[(figures["program"] == tl_model.program) & figures["preferred"]]

    def series(measure: str) -> dict[int, pd.Series]:
        rows = pref[(pref["measure"] == measure) & (pref["n_years"] == 1)]
        return {int(r["period_start"]): r for _, r in rows.iterrows()}

    built, cum = series(tl_model.built), series(tl_model.cumulative)
    target, target_initial = series(tl_model.target), series(tl_model.target_initial)
    if not built and not cum:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    years = range(min([*built, *cum]), max([*built, *cum]) + 1)
    rows = []
    prev_cum: float | None = 0.0  # the programme starts from nothing in its first year
    prev_ids: list[str] = []  # the figures last year's total rests on
    for y in years:
        b = float(built[y]["value"]) if y in built else None
        c = float(cum[y]["value"]) if y in cum else None
        conflict = False
        b_derived = c_derived = False
        if b is not None and c is not None and prev_cum is not None and prev_cum + b != c:
            conflict = True
            if sc.blkk_reading == "built":
                c, c_derived = prev_cum + b, True
            else:
                b, b_derived = c - prev_cum, True
        elif b is None and c is not None and prev_cum is not None:
            b, b_derived = c - prev_cum, True
        elif c is None and b is not None and prev_cum is not None:
            c, c_derived = prev_cum + b, True
        # the figures each number rests on: stated, or the ones it was derived from
        built_ids = (
            [cum[y]["id"], *prev_ids] if b_derived else ([built[y]["id"]] if y in built else [])
        )
        cum_ids = [*prev_ids, built[y]["id"]] if c_derived else ([cum[y]["id"]] if y in cum else [])
        rows.append(
            {
                "year": y,
                "built": np.nan if b is None else b,
                "cumulative": np.nan if c is None else c,
                "built_stated": float(built[y]["value"]) if y in built else np.nan,
                "cumulative_stated": float(cum[y]["value"]) if y in cum else np.nan,
                "built_derived": b_derived,
                "cumulative_derived": c_derived,
                "conflict": conflict,
                "target": float(target[y]["value"]) if y in target else np.nan,
                "target_initial": float(target_initial[y]["value"])
                if y in target_initial
                else np.nan,
                "built_id": built[y]["id"] if y in built else None,
                "cumulative_id": cum[y]["id"] if y in cum else None,
                "target_id": target[y]["id"] if y in target else None,
                "built_source": ", ".join(built_ids) or None,
            }
        )
        prev_cum = c
        prev_ids = list(dict.fromkeys(cum_ids))
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


# ---------------------------------------------------------------------------------------------
# observed unit costs


def blkk_unit_cost(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> dict[str, Any]:
    """Observed cost per BLK Komunitas in ``sc.blkk_unit_cost_year``, nominal and real (by the
    model and CPI of ``inputs``)."""
    per = inputs.model.unit_costs.per_blkk
    rows = figures[
        (figures["program"] == per.program)
        & (figures["measure"] == per.measure)
        & figures["preferred"]
        & (figures["unit"] == "IDR")
    ]
    years = sorted(int(y) for y in rows["period_start"])
    match = rows[rows["period_start"] == sc.blkk_unit_cost_year]
    if match.empty:
        raise scenario_problem(
            "blkk_unit_cost_year",
            f"no observed cost per BLK Komunitas for {sc.blkk_unit_cost_year}; "
            f"years with one: {', '.join(map(str, years)) or 'none'}",
        )
    r = match.iloc[0]
    nominal = float(r["value"]) / float(r["units_covered"] if pd.notna(r["units_covered"]) else 1)
    d = float(
        deflator_table([int(r["period_start"])], [sc.base_year], sc.price_point, inputs.cpi)[0, 0]
    )
    return {
        "nominal": nominal,
        "real": real_unit_cost(nominal, d, sc.unit_cost_multiplier),
        "year": int(r["period_start"]),
        "ids": r["id"],
    }


def real_unit_cost(nominal: Any, factor: Any, unit_cost_multiplier: Any) -> Any:
    """A nominal unit cost in real terms (``factor``: its deflator) times the scenario's
    ``unit_cost_multiplier``; scalars or numpy arrays (the sweep's grid)."""
    return nominal * factor * unit_cost_multiplier


def implied_budget(base_value: Any, multiplier: Any, unit_cost_real: Any) -> Any:
    """The budget a target multiplied by ``multiplier`` implies at a real unit cost."""
    return base_value * multiplier * unit_cost_real


def trainee_cost_rows(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> list[dict[str, Any]]:
    """The budgets that name the trainees they pay for (``unit_costs.per_trainee`` of the model),
    each with its years and nominal rupiah per trainee; only ``sc.trainee_cost_year`` if set."""
    per = inputs.model.unit_costs.per_trainee
    budgets = budget_figures(figures, sc)
    budgets = budgets[
        (budgets["program"] == per.program)
        & (budgets["measure"] == per.measure)
        & budgets["trainees_figure"].notna()
    ]
    rows = []
    for _, r in budgets.sort_values(["period_start", "period_end", "id"]).iterrows():
        t = by_id(figures, r["trainees_figure"])
        trainees = float(t["value"]) if t is not None else np.nan
        # training alone where the period states the capital the budget includes (building
        # BLK Komunitas, priced on its own line): construction is never counted twice
        cap = capital_in(figures, r, inputs)
        spent_on_training = float(r["value"]) - (float(cap["value"]) if cap is not None else 0.0)
        nominal = safe_div(spent_on_training, trainees)
        if not np.isfinite(nominal):
            continue
        years = list(range(int(r["period_start"]), int(r["period_end"]) + 1))
        priced = price_years(
            r["period_start"], r["period_end"], r["basis"], r["published"], sc.plan_prices
        )
        # the figures it rests on: the budget, the trainees it counts and the capital taken out
        ids = ", ".join(
            [r["id"], str(r["trainees_figure"]), *([cap["id"]] if cap is not None else [])]
        )
        rows.append({"years": years, "priced": priced, "nominal": nominal, "id": ids})
    if sc.trainee_cost_year is not None:
        all_years = sorted({r["years"][0] for r in rows})
        rows = [r for r in rows if r["years"][0] == sc.trainee_cost_year]
        if not rows:
            raise scenario_problem(
                "trainee_cost_year",
                f"no observed cost per trainee for {sc.trainee_cost_year}; "
                f"years with one: {', '.join(map(str, all_years)) or 'none'}",
            )
    return rows


def real_per_trainee(rows: list[dict[str, Any]], d: Any, first_share: Any) -> Any:
    """Mean real rupiah per trainee of ``rows`` (:func:`trainee_cost_rows`); ``d(year)`` gives a
    year's deflator (a scalar, or an array over a sweep's grid), ``first_share`` spreads a
    multi-year budget as :func:`~blkanalysis.model.core.real_factor` does. NaN without rows."""
    if not rows:
        return np.asarray(np.nan)
    parts = [
        r["nominal"] * real_factor(np.stack([d(y) for y in r["priced"]]), first_share) for r in rows
    ]
    return sum(parts) / len(parts)


def trainee_unit_cost(figures: pd.DataFrame, sc: Scenario, inputs: Inputs) -> dict[str, Any]:
    """Observed vocational budget per trainee (real), for one year or the mean of all years."""
    rows = trainee_cost_rows(figures, sc, inputs)
    if not rows:
        return {"nominal": np.nan, "real": np.nan, "year": None, "ids": ""}
    years = sorted({y for r in rows for y in r["years"]})
    table = deflator_table(years, [sc.base_year], sc.price_point, inputs.cpi)[:, 0]
    real = real_per_trainee(
        rows, lambda y: np.asarray(table[years.index(y)]), sc.envelope_first_year_share
    )
    return {
        "nominal": float(np.mean([r["nominal"] for r in rows])),
        "real": float(real_unit_cost(real, 1.0, sc.unit_cost_multiplier)),
        "year": rows[0]["years"][0] if len(rows) == 1 else None,
        "ids": ", ".join(r["id"] for r in rows),
    }


# ---------------------------------------------------------------------------------------------

SCALE_COLUMNS = [
    "target",
    "target_id",
    "quantity",
    "unit",
    "period",
    "base_value",
    "multiplier",
    "implied_value",
    "unit_cost_nominal",
    "unit_cost_real",
    "unit_cost_year",
    "unit_cost_ids",
    "implied_budget_real",
    "blkk_stock_before",
    "implied_blkk_stock",
    "blkk_stock",
    "blkk_stock_id",
    "share_of_blkk_stock",
    "trainees_per_blkk",
    *ACHIEVED_KEYS,
    "achieved_share",
    "gap",
    "base_year",
    "price_point",
    "publisher",
    "published",
    "url",
    "reliability",
]


@per_inputs
def scale_targets(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Each target stated for ``scenario.target_year`` multiplied by each of
    ``scenario.multipliers`` (the targets and their roles: ``data/model.yaml``).

    Per target and multiplier: the implied units, the implied budget at the observed unit cost
    (real, ``base_year`` prices, times ``unit_cost_multiplier``), the BLK Komunitas stock it
    implies, incubators as a share of all BLK Komunitas, trainees per BLK Komunitas, and the gap
    to what was later reported achieved (``gap`` = implied - achieved; positive is a shortfall).
    A target the year does not state is left out; ``.attrs["notes"]`` says which.

    ``figures``: an :class:`~blkanalysis.data.inputs.Inputs` (figures, CPI and model of one data
    directory), a figures table (CPI and model then from the current data directory's
    :func:`~blkanalysis.data.inputs.load_inputs`) or None (``load_inputs()``).
    """
    figures, sc, inputs = resolve(figures, scenario)
    model = inputs.model
    found, notes = year_targets(figures, sc, model)
    timeline = blkk_timeline(inputs, scenario=sc)
    tl = timeline.set_index("year")
    costs = {
        "per_blkk": blkk_unit_cost(figures, sc, inputs),
        "per_trainee": trainee_unit_cost(figures, sc, inputs),
    }
    rows = []
    for role, t in found:
        year = int(t["period_end"])
        stock = float(tl.loc[year, "cumulative"]) if year in tl.index else np.nan
        before = float(tl.loc[year - 1, "cumulative"]) if year - 1 in tl.index else np.nan
        ach: dict[str, Any] = dict.fromkeys(ACHIEVED_KEYS)
        ach.update(achieved=np.nan, achieved_as_of=pd.NaT, achieved_stock=np.nan)
        ach["achieved_before"] = np.nan
        if role.achieved is not None and role.achieved.timeline and year in tl.index:
            ach["achieved"] = float(tl.loc[year, role.achieved.timeline])
            ach["achieved_period"] = str(year)
            ach["achieved_id"] = tl.loc[year, "built_source"]
        a = achieved_against(figures, role, year)
        if a is not None:
            ach.update(a)
        achieved = ach["achieved"]
        per_blkk = find(figures, role.per_blkk.key(year)) if role.per_blkk else None
        cost = costs.get(role.cost or "")
        for m in sc.multipliers:
            implied = float(t["value"]) * m
            rows.append(
                {
                    "target": role.key,
                    "target_id": t["id"],
                    "quantity": t["quantity"],
                    "unit": str(t["unit"]),
                    "period": t["period"],
                    "base_value": float(t["value"]),
                    "multiplier": float(m),
                    "implied_value": implied,
                    "unit_cost_nominal": cost["nominal"] if cost else np.nan,
                    "unit_cost_real": cost["real"] if cost else np.nan,
                    "unit_cost_year": cost["year"] if cost else None,
                    "unit_cost_ids": cost["ids"] if cost else None,
                    "implied_budget_real": implied_budget(float(t["value"]), m, cost["real"])
                    if cost
                    else np.nan,
                    "blkk_stock_before": before if role.builds_blkk else np.nan,
                    "implied_blkk_stock": before + implied if role.builds_blkk else np.nan,
                    "blkk_stock": stock,
                    "blkk_stock_id": tl.loc[year, "cumulative_id"] if year in tl.index else None,
                    "share_of_blkk_stock": safe_div(implied, stock)
                    if role.share_of_blkk_stock
                    else np.nan,
                    "trainees_per_blkk": safe_div(implied, float(per_blkk["value"]) * m)
                    if per_blkk is not None
                    else np.nan,
                    **ach,
                    "achieved_share": safe_div(achieved, implied),
                    "gap": implied - achieved,
                    "base_year": sc.base_year,
                    "price_point": sc.price_point,
                    **{k: v for k, v in source_columns(t).items() if k != "source_id"},
                }
            )
    out = pd.DataFrame(rows, columns=SCALE_COLUMNS)
    out.attrs["notes"] = notes
    return out


def budget_total(parts: list[Any]) -> Any:
    """The total of implied budgets counted in totals: a part with no unit cost (NaN) adds
    nothing; NaN only when no part could be costed. Scalars or arrays (the sweep's grid)."""
    stacked = np.stack(np.broadcast_arrays(*(np.asarray(p, dtype="float64") for p in parts)))
    total = np.where(np.isnan(stacked), 0.0, stacked).sum(axis=0)
    return np.where(np.isnan(stacked).all(axis=0), np.nan, total)


def implied_budget_table(scaled: pd.DataFrame, inputs: Inputs | None = None) -> pd.DataFrame:
    """Implied budgets by multiplier (rows) and target (columns), with a total.

    Rule: the total is the sum of the columns shown before it (:func:`total_parts`). A target
    the model leaves out of totals (``in_total: false``: it restates another target's spending)
    is shown apart, after the total (:func:`outside_total`). The targets' order and which count
    come from the model of ``inputs`` (None: the current data directory's ``load_inputs()``).
    """
    roles = inputs_of(inputs).model.targets
    costed = scaled[scaled["implied_budget_real"].notna()]
    table = costed.pivot_table(
        index="multiplier", columns="target", values="implied_budget_real", aggfunc="sum"
    )
    counted = [r.key for r in roles if r.in_total and r.key in table.columns]
    apart = [r.key for r in roles if not r.in_total and r.key in table.columns]
    out = table[counted].copy()
    out["total"] = table[counted].sum(axis=1, min_count=1)  # NaN only when nothing is costed
    for key in apart:
        out[key] = table[key]
    out.columns.name = None
    table = out
    return table.reset_index()


def total_parts(table: pd.DataFrame) -> list[str]:
    """The columns of an :func:`implied_budget_table` that its total adds up: those before it."""
    cols = list(table.columns)
    if "total" not in cols:
        return []
    return [c for c in cols[: cols.index("total")] if c != "multiplier"]


def outside_total(table: pd.DataFrame) -> list[str]:
    """The columns of an :func:`implied_budget_table` shown apart, after the total (not in it)."""
    cols = list(table.columns)
    return cols[cols.index("total") + 1 :] if "total" in cols else []


# ---------------------------------------------------------------------------------------------

ACHIEVEMENT_COLUMNS = [
    "measure",
    "period",
    "target",
    "achieved",
    "achieved_derived",
    "achieved_share",
    "gap",
    "target_id",
    "achieved_id",
    "achieved_stock",
    "achieved_stock_id",
    "achieved_before",
    "achieved_before_id",
]


@per_inputs
def target_achievement(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Each stated target against what was later reported achieved (stated or derived);
    ``figures``: as for :func:`scale_targets`."""
    figures, sc, inputs = resolve(figures, scenario)
    tl = blkk_timeline(inputs, scenario=sc)
    rows = []
    for _, r in tl[tl["target"].notna()].iterrows():
        rows.append(
            {
                "measure": "blkk_built",
                "period": str(int(r["year"])),
                "target": r["target"],
                "achieved": r["built"],
                "achieved_derived": bool(r["built_derived"]),
                "achieved_share": safe_div(r["built"], r["target"]),
                "gap": r["target"] - r["built"],
                "target_id": r["target_id"],
                "achieved_id": r["built_source"],
            }
        )
    found, _ = year_targets(figures, sc, inputs.model)
    for role, t in found:
        a = achieved_against(figures, role, int(t["period_end"]))
        if a is None:
            continue
        rows.append(
            {
                "measure": role.key,
                "period": f"{t['period']} -> {a['achieved_period']}",
                "target": float(t["value"]),
                "achieved": a["achieved"],
                "achieved_derived": pd.notna(a["achieved_before"]),
                "achieved_share": safe_div(a["achieved"], float(t["value"])),
                "gap": float(t["value"]) - a["achieved"],
                "target_id": t["id"],
                "achieved_id": a["achieved_id"],
                "achieved_stock": a["achieved_stock"],
                "achieved_stock_id": a["achieved_stock_id"],
                "achieved_before": a["achieved_before"],
                "achieved_before_id": a["achieved_before_id"],
            }
        )
    return pd.DataFrame(rows, columns=ACHIEVEMENT_COLUMNS)


TRAINEES_PER_BLKK_COLUMNS = [
    "reference",
    "trainees_per_blkk",
    "per_year",
    "spread_over",
    "compare_with",
    "ratio",
    "numerator",
    "denominator",
    "numerator_id",
    "denominator_id",
    "reliability",
    "lead",
]


@per_inputs
def trainees_per_blkk(
    figures: Source = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Trainees per BLK Komunitas: implied by the targets, against earlier statements.

    The references are the model's (``data/model.yaml``, ``trainees_per_blkk``):
    ``implied_by_targets``: the trainees target of ``scenario.target_year`` over the BLK Komunitas
    construction agreements of the same year. ``stated_capacity``: the latest stated training
    capacity up to that year over the BLK Komunitas standing at the end of its year.
    ``stated``: the per-BLK Komunitas yearly target stated earlier (a grade C lead, flagged).
    Leads are shown here as references only, never used as inputs. Each row says whether it is
    a yearly figure (``per_year``) and what the trainees are spread over (``spread_over``: new
    units or all standing); ``ratio`` against its ``compare_with`` reference is set only like
    for like (:func:`like_for_like`): where the registry cannot say which reading applies
    (``implied_by_targets``: all from the new units; ``implied_network_wide``: network-wide),
    both are rows, and only the like one is set against the capacity.

    ``figures``: a figures table (used as given, leads or not; the model then from the current
    data directory's ``load_inputs()``), an ``Inputs`` (all its figures, leads included) or None
    (``load_inputs()``).
    """
    inputs = inputs_of(figures)
    figs = inputs.figures
    sc = scenario_of(scenario)
    model = inputs.model
    rows = []
    for ref in model.trainees_per_blkk:
        if ref.numerator_target is not None:
            role = model.target(ref.numerator_target)
            num = stated_target(figs, role, sc.target_year) if role is not None else None
        elif ref.year == "target_year":
            num = find(figs, ref.numerator.key(sc.target_year))
        else:
            num = _latest(figs, ref.numerator, sc.target_year)
        if num is None:
            continue
        if ref.denominator is None:
            rows.append(
                {
                    "reference": ref.key,
                    "trainees_per_blkk": float(num["value"]),
                    "per_year": ref.per_year,
                    "spread_over": None,
                    "compare_with": None,
                    "ratio": np.nan,
                    "numerator": float(num["value"]),
                    "denominator": 1.0,
                    "numerator_id": num["id"],
                    "denominator_id": None,
                    "reliability": str(num["reliability"]),
                    "lead": bool(num["lead"]),
                }
            )
            continue
        den = find(figs, ref.denominator.key(int(num["period_end"])))
        if den is not None:
            rows.append(_ratio_row(ref.key, num, den, per_year=ref.per_year))
    by_key = {r["reference"]: r for r in rows}
    for ref in model.trainees_per_blkk:
        row = by_key.get(ref.key)
        if row is None:
            continue
        row["spread_over"], row["compare_with"] = ref.spread_over, ref.compare_with
        other = by_key.get(ref.compare_with or "")
        row["ratio"] = np.nan
        if other is not None:
            # like for like only: a non-yearly figure is never divided by a yearly one
            other = {**other, "spread_over": _spread(model, ref.compare_with)}
            if comparable(row, other):
                row["ratio"] = like_for_like(row, other)
    return pd.DataFrame(rows, columns=TRAINEES_PER_BLKK_COLUMNS)


def _spread(model: ProgrammeModel, key: str | None) -> str | None:
    return next((r.spread_over for r in model.trainees_per_blkk if r.key == key), None)


class NotLikeForLike(ValueError):
    """A ratio asked of two figures that are not alike (a yearly and a non-yearly figure, or
    trainees spread over new units against trainees spread over all the units standing)."""


def comparable(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two trainees-per-BLK Komunitas references are like for like: both yearly or both
    not, and spread over the same units (new units, or all standing)."""
    return bool(a["per_year"]) == bool(b["per_year"]) and a.get("spread_over") == b.get(
        "spread_over"
    )


def like_for_like(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """Rule: a comparison divides like by like. ``a``'s trainees per BLK Komunitas over
    ``b``'s; :class:`NotLikeForLike` unless :func:`comparable`."""
    if not comparable(a, b):
        raise NotLikeForLike(
            f"{a['reference']} (per_year {bool(a['per_year'])}, {a.get('spread_over')}) is not "
            f"like {b['reference']} (per_year {bool(b['per_year'])}, {b.get('spread_over')})"
        )
    return safe_div(float(a["trainees_per_blkk"]), float(b["trainees_per_blkk"]))


def _latest(figures: pd.DataFrame, q: Any, year: int) -> pd.Series | None:
    """The preferred one-year figure of ``q`` (program/measure/basis) latest up to ``year``."""
    rows = figures[
        (figures["program"] == q.program)
        & (figures["measure"] == q.measure)
        & (figures["basis"] == q.basis)
        & figures["preferred"]
        & (figures["n_years"] == 1)
        & (figures["period_end"] <= year)
    ]
    if rows.empty:
        return None
    return rows.sort_values(["period_end", "id"]).iloc[-1]


def _ratio_row(name: str, num: pd.Series, den: pd.Series, *, per_year: bool) -> dict[str, Any]:
    grades = sorted({str(num["reliability"]), str(den["reliability"])})
    return {
        "reference": name,
        "trainees_per_blkk": safe_div(float(num["value"]), float(den["value"])),
        "per_year": per_year,
        "spread_over": None,
        "compare_with": None,
        "ratio": np.nan,
        "numerator": float(num["value"]),
        "denominator": float(den["value"]),
        "numerator_id": num["id"],
        "denominator_id": den["id"],
        "reliability": "/".join(grades),
        "lead": bool(num["lead"]) or bool(den["lead"]),
    }


def other_reading(scenario: Scenario) -> Scenario:
    """The scenario with the other BLK Komunitas reading (to show what the choice changes)."""
    other = "cumulative" if scenario.blkk_reading == "built" else "built"
    return scenario.model_copy(update={"blkk_reading": other})


def timeline_publishers(figures: pd.DataFrame, timeline: pd.DataFrame) -> list[str]:
    """Publishers of the figures behind a timeline (for its chart's source note)."""
    ids = set(timeline["built_id"].dropna()) | set(timeline["cumulative_id"].dropna())
    ids |= set(timeline["target_id"].dropna())
    return sorted(set(figures.loc[figures["id"].isin(ids), "publisher"]))


def scaled_publishers(figures: pd.DataFrame, scaled: pd.DataFrame) -> list[str]:
    """Publishers of the targets and of the unit costs behind a scaling table (source notes)."""
    ids = set(scaled["target_id"].dropna())
    for v in scaled["unit_cost_ids"].dropna():
        ids.update(part.strip() for part in str(v).split(","))
    return sorted(set(figures.loc[figures["id"].isin(ids), "publisher"]))
