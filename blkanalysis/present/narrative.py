"""Narrative text produced from the analysis tables: numbers in prose are computed, never typed.

Each function takes the tables a notebook already has and returns Markdown in the scenario's
language (from the catalogue), with every number formatted by :mod:`blkanalysis.text.numbers` and
every value taken from data escaped.
"""

from __future__ import annotations

import html

import pandas as pd
from babel.dates import format_date

from blkanalysis.data.inputs import Inputs
from blkanalysis.data.registry import wording_recorded
from blkanalysis.model.intensity import intensity_rows
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import inputs_of
from blkanalysis.present.i18n import label, param_value, t
from blkanalysis.text.numbers import (
    format_count,
    format_idr,
    format_multiple,
    format_number,
    format_percent,
)

#: Babel locales for dates written in prose
LOCALES = {"en": "en", "id": "id_ID"}


def _e(value: object) -> str:
    return html.escape(str(value))


def overview_summary(figures: pd.DataFrame, all_figures: pd.DataFrame, lang: str) -> str:
    """What the registry holds: figures, sources, grades, agreements and conflicts, leads."""
    from blkanalysis.data.summary import registry_summary

    summary = registry_summary(figures)
    leads = int(all_figures["lead"].sum())
    grades = ", ".join(f"{k} {v}" for k, v in summary["by_reliability"].items())
    return t(
        "overview.summary",
        lang,
        figures=format_number(summary["figures"]),
        sources=format_number(summary["sources"]),
        grades=grades,
        quantities=format_number(summary["quantities"]),
        corroborated=format_number(summary["corroborated"]),
        conflicting=format_number(summary["conflicting"]),
        leads=format_number(leads),
    )


def timeline_text(timeline: pd.DataFrame, other: pd.DataFrame, sc: Scenario) -> list[str]:
    """The timeline in words, and one paragraph per year where the sources disagree."""
    lang = sc.lang
    tl = timeline.dropna(subset=["cumulative"])
    if tl.empty:
        return []
    with_target = timeline.dropna(subset=["target", "built"])
    gaps = (with_target["target"] - with_target["built"]).abs()
    out = [
        t(
            "overview.timeline_text",
            lang,
            first=int(tl["year"].iloc[0]),
            last=int(tl["year"].iloc[-1]),
            total=format_number(tl["cumulative"].iloc[-1]),
            derived=int(timeline["built_derived"].sum()),
            closest=format_number(gaps.min()) if len(gaps) else "–",
            widest=format_number(gaps.max()) if len(gaps) else "–",
        )
    ]
    o = other.set_index("year")
    for r in timeline[timeline["conflict"]].to_dict("records"):
        y = r["year"]
        out.append(
            t(
                "overview.timeline_conflict",
                lang,
                year=y,
                reading=param_value("blkk_reading", sc.blkk_reading, lang),
                built=format_number(r["built"]),
                cumulative=format_number(r["cumulative"]),
                other_built=format_number(o.loc[y, "built"]),
                other_cumulative=format_number(o.loc[y, "cumulative"]),
            )
        )
    return out


def intensity_headline(
    intensity: pd.DataFrame, growth: pd.DataFrame, sc: Scenario, inputs: Inputs | None = None
) -> list[str]:
    """The jump from the first to the last BLK-transformation budget, and the 2022 range."""
    lang = sc.lang
    rows = intensity_rows(intensity, inputs)
    if len(rows) < 2:
        bases = ", ".join(label(b, lang) for b in sc.bases)
        return [t("intensity.only_one", lang, bases=bases)]
    first, last = rows.iloc[0], rows.iloc[-1]
    g = growth[(growth["from_id"] == first["id"]) & (growth["to_id"] == last["id"])]
    nominal = last["idr_per_unit_year"] / first["idr_per_unit_year"]
    out = []
    if not g.empty:
        g0 = g.iloc[0]
        out.append(
            t(
                "intensity.headline",
                lang,
                p1=first["period"],
                total1=_as_stated(first, inputs),
                u1=format_number(first["units"]),
                per1=format_idr(first["idr_per_unit"]),
                p3=last["period"],
                total3=_as_stated(last, inputs),
                u3=format_number(last["units"]),
                per3=format_idr(last["idr_per_unit"], digits=1),
                peryear3=format_idr(last["idr_per_unit_year"], digits=1),
                multiple=format_multiple(nominal),
                multiple_real=format_multiple(g0["multiple"]),
                cagr=format_percent(g0["cagr"] * 100, digits=0),
                base_year=sc.base_year,
                basis1=label(str(first["basis"]), lang),
                basis3=label(str(last["basis"]), lang),
            )
        )
    carried = rows[rows["carryover_units"] > 0]
    for r in carried.to_dict("records"):
        prev = rows[rows["period_end"] < r["period_start"]]
        out.append(
            t(
                "intensity.range",
                lang,
                p2=r["period"],
                total2=format_idr(r["total_idr"]),
                u2=format_number(r["units"]),
                k=format_number(r["carryover_units"]),
                p1=prev.iloc[-1]["period"] if len(prev) else "–",
                low=format_idr(r["idr_per_unit_low"], digits=1),
                high=format_idr(r["idr_per_unit_high"], digits=1),
                share=format_percent(sc.carryover_cost_share * 100, digits=0),
                point=format_idr(r["idr_per_unit"], digits=1),
            )
        )
    return out


def _as_stated(row: pd.Series, inputs: Inputs | None) -> str:
    """A registry figure's own amount, as its source wrote it (``as_stated``; escaped), rather
    than re-rounded; the formatted value where the figure is not found or its source's wording
    was not recorded (``as_stated`` may then be a reconstruction)."""
    figures = inputs_of(inputs).figures
    found = figures[figures["id"] == row["id"]]
    if (
        found.empty
        or not isinstance(found.iloc[0]["as_stated"], str)
        or not wording_recorded(found.iloc[0]["quote"])
    ):
        return format_idr(row["total_idr"])
    return _e(found.iloc[0]["as_stated"])


def intensity_context(
    intensity: pd.DataFrame,
    by_year: pd.DataFrame,
    figures: pd.DataFrame,
    sc: Scenario,
    inputs: Inputs | None = None,
) -> str | None:
    """The busiest year of the last multi-year envelope against Kemnaker's budget that year."""
    inputs = inputs_of(inputs)
    rows = intensity_rows(intensity, inputs)
    rows = rows[rows["n_years"] > 1]
    if rows.empty:
        return None
    last = rows.iloc[-1]
    years = by_year[by_year["id"] == last["id"]]
    peak = years.loc[years["idr"].idxmax()]
    ctx = inputs.model.budget_intensity.context
    kem = figures[
        (figures["program"] == ctx.program)
        & (figures["measure"] == ctx.measure)
        & figures["preferred"]
        & (figures["period_start"] == peak["year"])
        & (figures["n_years"] == 1)
    ]
    if kem.empty:
        return None
    k = kem.iloc[0]
    return t(
        "intensity.context_text",
        sc.lang,
        p3=last["period"],
        peak=format_idr(peak["idr"], digits=1) + f" ({int(peak['year'])})",
        kemnaker=format_idr(k["value"]),
        kbasis=_e(label(str(k["basis"]), sc.lang)) + ", " + _e(k["publisher"]),
        share=format_percent(peak["idr"] / k["value"] * 100, digits=0),
        u3=format_number(last["units"]),
    ) + flagged(k, sc.lang)


def flagged(figure: pd.Series, lang: str) -> str:
    """The registry's flag of a figure used in a sentence, in words (" ..."), or ""."""
    flag = figure.get("flag")
    if not isinstance(flag, str):
        return ""
    return " " + t("flag.used", lang, id=_e(figure["id"]), flag=flag_text(flag, lang))


def flag_text(flag: str, lang: str) -> str:
    """What a registry flag means, in the reader's words."""
    return {"parts_do_not_add_up": t("flag.parts_do_not_add_up", lang)}.get(flag, _e(flag))


def per_trainee_text(intensity: pd.DataFrame, sc: Scenario) -> str | None:
    per = intensity[intensity["idr_per_trainee_real"].notna()]
    if per.empty:
        return None
    lo = per.loc[per["idr_per_trainee_real"].idxmin()]
    hi = per.loc[per["idr_per_trainee_real"].idxmax()]
    return t(
        "intensity.per_trainee_text",
        sc.lang,
        low=format_idr(lo["idr_per_trainee_real"]),
        low_year=lo["period"],
        high=format_idr(hi["idr_per_trainee_real"]),
        high_year=hi["period"],
        base_year=sc.base_year,
    )


def scaling_text(scaled: pd.DataFrame, table: pd.DataFrame, sc: Scenario) -> str | None:
    """What the largest multiplier implies: units, trainees, incubators and budget."""
    m = max(sc.multipliers)
    at = scaled[scaled["multiplier"] == m].set_index("target")
    total = table.set_index("multiplier").loc[m, "total"]
    if "blkk_agreements" not in at.index or "trainees" not in at.index:
        return None  # the target year does not state both (see the notes of the scaled table)
    shares = at[at["share_of_blkk_stock"].notna()]
    if shares.empty:
        return None
    inc = shares.iloc[0]
    return t(
        "scaling.budget_text",
        sc.lang,
        m=format_number(m, digits=2),
        units=format_number(at.loc["blkk_agreements", "implied_value"]),
        trainees=format_count(at.loc["trainees", "implied_value"]),
        budget=format_idr(total, digits=1),
        base_year=sc.base_year,
        blkk_cost=format_idr(at.loc["blkk_agreements", "unit_cost_real"]),
        trainee_cost=format_idr(at.loc["trainees", "unit_cost_real"]),
        incubators=format_number(inc["implied_value"]),
        share=format_percent(inc["share_of_blkk_stock"] * 100, digits=1),
        stock=format_number(inc["blkk_stock"]),
        year=inc["period"],
    )


def outside_total_text(table: pd.DataFrame, lang: str) -> list[str]:
    """Why the implied budgets' total leaves out the columns shown after it (none: no text)."""
    from blkanalysis.model.scaling import outside_total

    apart = outside_total(table)
    if not apart:
        return []
    columns = ", ".join(f"*{_e(label(c, lang))}*" for c in apart)
    return [t("scaling.outside_total", lang, columns=columns)]


def trainees_text(per_blkk: pd.DataFrame, lang: str) -> str | None:
    """Trainees per BLK Komunitas under both readings of the added-trainees target, set against
    the stated capacity like for like only (the model's ``ratio``: never a non-yearly figure over
    a yearly one)."""
    p = per_blkk.set_index("reference")
    if not {"implied_by_targets", "implied_network_wide", "stated_capacity"} <= set(p.index):
        return None
    new, network = p.loc["implied_by_targets"], p.loc["implied_network_wide"]
    capacity = p.loc["stated_capacity", "trainees_per_blkk"]
    stated = p.loc["stated", "trainees_per_blkk"] if "stated" in p.index else float("nan")
    values = [new["trainees_per_blkk"], network["trainees_per_blkk"]]
    return t(
        "scaling.trainees_text",
        lang,
        trainees=format_number(new["numerator"]),
        agreements=format_number(new["denominator"]),
        stock=format_number(network["denominator"]),
        low=format_number(min(values)),
        high=format_number(max(values)),
        per_new=format_number(new["trainees_per_blkk"]),
        new_compared=_compared(new, capacity, lang),
        per_stock=format_number(network["trainees_per_blkk"]),
        stock_compared=_compared(network, capacity, lang),
        capacity=format_number(capacity),
        stated=format_number(stated) if stated == stated else "–",
    )


def _compared(row: pd.Series, capacity: float, lang: str) -> str:
    """A reading against the stated capacity: its like-for-like ratio, or why there is none."""
    if row["ratio"] == row["ratio"]:
        return t(
            "scaling.trainees_ratio",
            lang,
            ratio=format_multiple(row["ratio"]),
            capacity=format_number(capacity),
        )
    key = "scaling.trainees_not_yearly" if not row["per_year"] else "scaling.trainees_unlike"
    return t(key, lang)


def achievement_text(scaled: pd.DataFrame, sc: Scenario) -> str | None:
    """The target compared with a stock (incubators, a share of all BLK Komunitas): met only by
    what is new since the target (the stock counted after it less the one counted by then)."""
    inc = scaled[scaled["share_of_blkk_stock"].notna()]
    if inc.empty or inc["achieved_stock"].isna().all():
        return None
    m = max(sc.multipliers)
    r = inc[inc["multiplier"] == m].iloc[0]
    when = r["achieved_as_of"]
    when = (
        format_date(pd.Timestamp(when).date(), "MMMM y", locale=LOCALES[sc.lang])
        if pd.notna(when)
        else r["achieved_period"]
    )
    common = {
        "period": r["period"],
        "when": when,
        "target": format_number(r["base_value"]),
        "stock": format_number(r["achieved_stock"]),
    }
    if pd.isna(r["achieved"]):
        return t("scaling.achievement_unknown", sc.lang, **common)
    new, target = round(float(r["achieved"])), round(float(r["base_value"]))
    verdict = "met" if new == target else ("exceeded" if new > target else "short")
    return t(
        "scaling.achievement_text",
        sc.lang,
        **common,
        verdict=t(f"verdict.{verdict}", sc.lang),
        before=format_number(r["achieved_before"]),
        before_period=r["achieved_before_period"],
        achieved=format_number(r["achieved"]),
        m=format_number(m, digits=2),
        gap=format_number(max(r["gap"], 0)),
    )
