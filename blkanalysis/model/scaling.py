"""Target scaling: what the 2022 targets imply when multiplied ("berkali lipat"), at what cost.

The targets, the observed unit costs and the achievements they are compared with are registry
quantities named below (keys, not numbers): every number comes from ``data/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.model.core import deflator_table, safe_div
from blkanalysis.model.intensity import budget_intensity
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import find, require, resolve, scenario_problem, source_columns

PROGRAM = "blk_komunitas"
BUILT = "units_built"
CUMULATIVE = "units_cumulative"
TARGET = "units_target"
TARGET_INITIAL = "units_target_initial"
AID_PER_UNIT = "aid_per_unit"
AGREEMENTS_2022 = "blk_komunitas/construction_agreements/count/2022"
CAPACITY_2022 = "blk_komunitas/training_capacity/capacity/2022"
TRAINEES_PER_UNIT_TARGET = "blk_komunitas/trainees_per_unit_target/target/2019"


@dataclass(frozen=True)
class TargetSpec:
    """A target the analysis scales, what it costs per unit, and what it is checked against."""

    key: str  # short stable name used in tables and translations
    quantity: str  # registry quantity of the target
    cost: str | None  # "blkk" (cost per BLK Komunitas), "trainee" (cost per trainee) or None
    achieved: str | None  # "blkk_built" (from the timeline) or a registry quantity, or None
    builds_blkk: bool = False
    in_total: bool = True  # False when the target restates another's spending


TARGETS: tuple[TargetSpec, ...] = (
    TargetSpec(
        "incubators", "incubators/incubators/target/2022", None, "incubators/incubators/count/2023"
    ),
    TargetSpec("trainees", "training/added_output_target/target/2022", "trainee", None),
    TargetSpec("blkk_agreements", AGREEMENTS_2022, "blkk", "blkk_built", builds_blkk=True),
    # the yearly build target describes the same 2022 construction as the agreements: costed,
    # but left out of totals so the building is not counted twice
    TargetSpec(
        "blkk_yearly",
        "blk_komunitas/units_target/target/2022",
        "blkk",
        "blkk_built",
        builds_blkk=True,
        in_total=False,
    ),
)


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


def blkk_timeline(
    figures: pd.DataFrame | None = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """BLK Komunitas built each year and the running total, stated or derived.

    A year's count is taken as stated where a source states it, else derived from the other
    series (built = this year's total minus last year's; total = last year's plus built).
    Where a year's stated count and stated total disagree with the year before (2018: 75 new, or
    75 in all?), ``scenario.blkk_reading`` decides which to trust and ``conflict`` is True.
    """
    figures, sc = resolve(figures, scenario)
    pref = figures[(figures["program"] == PROGRAM) & figures["preferred"]]

    def series(measure: str) -> dict[int, pd.Series]:
        rows = pref[(pref["measure"] == measure) & (pref["n_years"] == 1)]
        return {int(r["period_start"]): r for _, r in rows.iterrows()}

    built, cum = series(BUILT), series(CUMULATIVE)
    target, target_initial = series(TARGET), series(TARGET_INITIAL)
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


def blkk_unit_cost(figures: pd.DataFrame, sc: Scenario) -> dict[str, Any]:
    """Observed cost per BLK Komunitas in ``sc.blkk_unit_cost_year``, nominal and real."""
    rows = figures[
        (figures["program"] == PROGRAM)
        & (figures["measure"] == AID_PER_UNIT)
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
    factor = float(deflator_table([int(r["period_start"])], [sc.base_year], sc.price_point)[0, 0])
    return {
        "nominal": nominal,
        "real": nominal * factor * sc.unit_cost_multiplier,
        "year": int(r["period_start"]),
        "ids": r["id"],
    }


def trainee_unit_cost(figures: pd.DataFrame, sc: Scenario) -> dict[str, Any]:
    """Observed vocational budget per trainee (real), for one year or the mean of all years."""
    intensity = budget_intensity(figures, scenario=sc)
    per = intensity[intensity["idr_per_trainee"].notna()]
    years = sorted(int(y) for y in per["period_start"])
    if sc.trainee_cost_year is not None:
        per = per[per["period_start"] == sc.trainee_cost_year]
        if per.empty:
            raise scenario_problem(
                "trainee_cost_year",
                f"no observed cost per trainee for {sc.trainee_cost_year}; "
                f"years with one: {', '.join(map(str, years)) or 'none'}",
            )
    if per.empty:
        return {"nominal": np.nan, "real": np.nan, "year": None, "ids": ""}
    return {
        "nominal": float(per["idr_per_trainee"].mean()),
        "real": float(per["idr_per_trainee_real"].mean()) * sc.unit_cost_multiplier,
        "year": int(per["period_start"].iloc[0]) if len(per) == 1 else None,
        "ids": ", ".join(per["id"]),
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
    "share_of_blkk_stock",
    "trainees_per_blkk",
    "achieved",
    "achieved_period",
    "achieved_as_of",
    "achieved_id",
    "achieved_share",
    "gap",
    "base_year",
    "price_point",
    "publisher",
    "published",
    "url",
    "reliability",
]


def scale_targets(
    figures: pd.DataFrame | None = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Each 2022 target multiplied by each of ``scenario.multipliers``.

    Per target and multiplier: the implied units, the implied budget at the observed unit cost
    (real, ``base_year`` prices, times ``unit_cost_multiplier``), the BLK Komunitas stock it
    implies, incubators as a share of all BLK Komunitas, trainees per BLK Komunitas, and the gap
    to what was later reported achieved (``gap`` = implied - achieved; positive is a shortfall).
    """
    figures, sc = resolve(figures, scenario)
    timeline = blkk_timeline(figures, scenario=sc)
    tl = timeline.set_index("year")
    blkk_cost = blkk_unit_cost(figures, sc)
    trainee_cost = trainee_unit_cost(figures, sc)
    agreements = require(figures, AGREEMENTS_2022, "scale_targets (trainees per BLK Komunitas)")
    rows = []
    for spec in TARGETS:
        t = require(figures, spec.quantity, f"scale_targets ({spec.key})")
        year = int(t["period_end"])
        stock = float(tl.loc[year, "cumulative"]) if year in tl.index else np.nan
        before = float(tl.loc[year - 1, "cumulative"]) if year - 1 in tl.index else np.nan
        achieved, achieved_period, achieved_id, as_of = np.nan, None, None, pd.NaT
        if spec.achieved == "blkk_built" and year in tl.index:
            achieved = float(tl.loc[year, "built"])
            achieved_period = str(year)
            achieved_id = tl.loc[year, "built_source"]
        elif spec.achieved:
            a = find(figures, spec.achieved)
            if a is not None:
                achieved, achieved_period, achieved_id = float(a["value"]), a["period"], a["id"]
                as_of = a["as_of"]
        cost = {"blkk": blkk_cost, "trainee": trainee_cost}.get(spec.cost or "")
        for m in sc.multipliers:
            implied = float(t["value"]) * m
            implied_budget = implied * cost["real"] if cost else np.nan
            rows.append(
                {
                    "target": spec.key,
                    "target_id": t["id"],
                    "quantity": spec.quantity,
                    "unit": str(t["unit"]),
                    "period": t["period"],
                    "base_value": float(t["value"]),
                    "multiplier": float(m),
                    "implied_value": implied,
                    "unit_cost_nominal": cost["nominal"] if cost else np.nan,
                    "unit_cost_real": cost["real"] if cost else np.nan,
                    "unit_cost_year": cost["year"] if cost else None,
                    "unit_cost_ids": cost["ids"] if cost else None,
                    "implied_budget_real": implied_budget,
                    "blkk_stock_before": before if spec.builds_blkk else np.nan,
                    "implied_blkk_stock": before + implied if spec.builds_blkk else np.nan,
                    "blkk_stock": stock,
                    "share_of_blkk_stock": safe_div(implied, stock)
                    if spec.key == "incubators"
                    else np.nan,
                    "trainees_per_blkk": safe_div(implied, float(agreements["value"]) * m)
                    if spec.key == "trainees"
                    else np.nan,
                    "achieved": achieved,
                    "achieved_period": achieved_period,
                    "achieved_as_of": as_of,
                    "achieved_id": achieved_id,
                    "achieved_share": safe_div(achieved, implied),
                    "gap": implied - achieved,
                    "base_year": sc.base_year,
                    "price_point": sc.price_point,
                    **{k: v for k, v in source_columns(t).items() if k != "source_id"},
                }
            )
    return pd.DataFrame(rows, columns=SCALE_COLUMNS)


def implied_budget_table(scaled: pd.DataFrame) -> pd.DataFrame:
    """Implied budgets by multiplier (rows) and target (columns), with a total."""
    costed = scaled[scaled["implied_budget_real"].notna()]
    table = costed.pivot_table(
        index="multiplier", columns="target", values="implied_budget_real", aggfunc="sum"
    )
    counted = [spec.key for spec in TARGETS if spec.in_total and spec.key in table.columns]
    table = table[[spec.key for spec in TARGETS if spec.key in table.columns]]
    table["total"] = table[counted].sum(axis=1)
    table.columns.name = None
    return table.reset_index()


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
]


def target_achievement(
    figures: pd.DataFrame | None = None, *, scenario: Scenario | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Each stated target against what was later reported achieved (stated or derived)."""
    figures, sc = resolve(figures, scenario)
    tl = blkk_timeline(figures, scenario=sc)
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
    for spec in TARGETS:
        if spec.achieved and spec.achieved != "blkk_built":
            t, a = find(figures, spec.quantity), find(figures, spec.achieved)
            if t is None or a is None:
                continue
            rows.append(
                {
                    "measure": spec.key,
                    "period": f"{t['period']} -> {a['period']}",
                    "target": float(t["value"]),
                    "achieved": float(a["value"]),
                    "achieved_derived": False,
                    "achieved_share": safe_div(float(a["value"]), float(t["value"])),
                    "gap": float(t["value"]) - float(a["value"]),
                    "target_id": t["id"],
                    "achieved_id": a["id"],
                }
            )
    return pd.DataFrame(rows, columns=ACHIEVEMENT_COLUMNS)


TRAINEES_PER_BLKK_COLUMNS = [
    "reference",
    "trainees_per_blkk",
    "per_year",
    "numerator",
    "denominator",
    "numerator_id",
    "denominator_id",
    "reliability",
    "lead",
]


def trainees_per_blkk(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Trainees per BLK Komunitas: implied by the targets, against earlier statements.

    ``implied_by_targets``: the added-trainees target over the BLK Komunitas construction
    agreements of the same year. ``stated_capacity``: the stated training capacity over the BLK
    Komunitas standing at the end of that year. ``stated``: the per-BLK Komunitas yearly target
    stated earlier (a grade C lead, flagged).
    Leads are shown here as references only, never used as inputs.
    """
    figs = load_all_for_reference() if figures is None else figures
    rows = []
    trainees = find(figs, "training/added_output_target/target/2022")
    agreements = find(figs, AGREEMENTS_2022)
    if trainees is not None and agreements is not None:
        rows.append(_ratio_row("implied_by_targets", trainees, agreements, per_year=False))
    capacity = find(figs, CAPACITY_2022)
    stock = find(figs, "blk_komunitas/units_cumulative/count/2022")
    if capacity is not None and stock is not None:
        rows.append(_ratio_row("stated_capacity", capacity, stock, per_year=True))
    stated = find(figs, TRAINEES_PER_UNIT_TARGET)
    if stated is not None:
        rows.append(
            {
                "reference": "stated",
                "trainees_per_blkk": float(stated["value"]),
                "per_year": True,
                "numerator": float(stated["value"]),
                "denominator": 1.0,
                "numerator_id": stated["id"],
                "denominator_id": None,
                "reliability": str(stated["reliability"]),
                "lead": bool(stated["lead"]),
            }
        )
    return pd.DataFrame(rows, columns=TRAINEES_PER_BLKK_COLUMNS)


def _ratio_row(name: str, num: pd.Series, den: pd.Series, *, per_year: bool) -> dict[str, Any]:
    grades = sorted({str(num["reliability"]), str(den["reliability"])})
    return {
        "reference": name,
        "trainees_per_blkk": safe_div(float(num["value"]), float(den["value"])),
        "per_year": per_year,
        "numerator": float(num["value"]),
        "denominator": float(den["value"]),
        "numerator_id": num["id"],
        "denominator_id": den["id"],
        "reliability": "/".join(grades),
        "lead": bool(num["lead"]) or bool(den["lead"]),
    }


def load_all_for_reference() -> pd.DataFrame:
    from blkanalysis.data.registry import load_figures

    return load_figures(include_leads=True)


def other_reading(scenario: Scenario) -> Scenario:
    """The scenario with the other BLK Komunitas reading (to show what the choice changes)."""
    other = "cumulative" if scenario.blkk_reading == "built" else "built"
    return scenario.model_copy(update={"blkk_reading": other})


def timeline_publishers(figures: pd.DataFrame, timeline: pd.DataFrame) -> list[str]:
    """Publishers of the figures behind a timeline (for its chart's source note)."""
    ids = set(timeline["built_id"].dropna()) | set(timeline["cumulative_id"].dropna())
    ids |= set(timeline["target_id"].dropna())
    return sorted(set(figures.loc[figures["id"].isin(ids), "publisher"]))


def key_figures(scaled: pd.DataFrame, budgets: pd.DataFrame, per_blkk: pd.DataFrame) -> dict:
    """Headline numbers for the report index (catalogue keys -> formatted values)."""
    from blkanalysis.text.numbers import format_idr, format_multiplier, format_number

    out = {}
    if not budgets.empty:
        last = budgets.iloc[-1]
        out["kf.implied_budget_max"] = (
            f"{format_multiplier(last['multiplier'])}: {format_idr(last['total'])}"
        )
    p = per_blkk.set_index("reference")
    if "implied_by_targets" in p.index:
        out["kf.trainees_per_blkk"] = format_number(
            p.loc["implied_by_targets", "trainees_per_blkk"]
        )
    return out


def scaled_publishers(figures: pd.DataFrame, scaled: pd.DataFrame) -> list[str]:
    """Publishers of the targets and of the unit costs behind a scaling table (source notes)."""
    ids = set(scaled["target_id"].dropna())
    for v in scaled["unit_cost_ids"].dropna():
        ids.update(part.strip() for part in str(v).split(","))
    return sorted(set(figures.loc[figures["id"].isin(ids), "publisher"]))
