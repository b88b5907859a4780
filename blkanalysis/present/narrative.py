"""Narrative text produced from the analysis tables: numbers in prose are computed, never typed.

Each function takes the tables a notebook already has and returns Markdown in the scenario's
language (from the catalogue), with every number formatted by :mod:`blkanalysis.text.numbers` and
every value taken from data escaped.
"""

from __future__ import annotations

import html

import pandas as pd
from babel.dates import format_date
from babel.lists import format_list

from blkanalysis.data.inputs import Inputs
from blkanalysis.data.registry import wording_recorded
from blkanalysis.model.intensity import busiest_year, intensity_rows
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
        figures=format_number(summary["figures"], lang=lang),
        sources=format_number(summary["sources"], lang=lang),
        grades=grades,
        quantities=format_number(summary["quantities"], lang=lang),
        corroborated=format_number(summary["corroborated"], lang=lang),
        conflicting=format_number(summary["conflicting"], lang=lang),
        leads=format_number(leads, lang=lang),
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
            total=format_number(tl["cumulative"].iloc[-1], lang=lang),
            derived=int(timeline["built_derived"].sum()),
            closest=format_number(gaps.min(), lang=lang) if len(gaps) else "–",  # units short
            widest=format_number(gaps.max(), lang=lang) if len(gaps) else "–",
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
                built=format_number(r["built"], lang=lang),
                cumulative=format_number(r["cumulative"], lang=lang),
                other_built=format_number(o.loc[y, "built"], lang=lang),
                other_cumulative=format_number(o.loc[y, "cumulative"], lang=lang),
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
        same = first["basis"] == last["basis"]
        b1, b3 = (t(f"basis_noun.{b}", lang) for b in (first["basis"], last["basis"]))
        out.append(
            t(
                "intensity.headline",
                lang,
                stated1=t(
                    f"intensity.stated.{first['basis']}",
                    lang,
                    p=first["period"],
                    total=_as_stated(first, inputs, lang),
                    u=format_number(first["units"], lang=lang),
                ),
                per1=format_idr(first["idr_per_unit"], lang=lang),
                p1=first["period"],
                stated3=t(
                    f"intensity.stated.{last['basis']}",
                    lang,
                    p=last["period"],
                    total=_as_stated(last, inputs, lang),
                    u=format_number(last["units"], lang=lang),
                ),
                per3=format_idr(last["idr_per_unit"], digits=1, lang=lang),
                peryear3=format_idr(last["idr_per_unit_year"], digits=1, lang=lang),
                multiple=format_multiple(nominal, lang=lang),
                multiple_real=format_multiple(g0["multiple"], lang=lang),
                base_year=sc.base_year,
                caveat=t(
                    "intensity.caveat.same" if same else "intensity.caveat.mixed",
                    lang,
                    b1=b1,
                    b3=b3,
                    cagr=format_percent(g0["cagr"] * 100, digits=0, lang=lang),
                ),
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
                total2=format_idr(r["total_idr"], lang=lang),
                u2=format_number(r["units"], lang=lang),
                k=format_number(r["carryover_units"], lang=lang),
                p1=prev.iloc[-1]["period"] if len(prev) else _continued_period(r),
                low=format_idr(r["idr_per_unit_low"], digits=1, lang=lang),
                high=format_idr(r["idr_per_unit_high"], digits=1, lang=lang),
                share=format_percent(sc.carryover_cost_share * 100, digits=0, lang=lang),
                point=format_idr(r["idr_per_unit"], digits=1, lang=lang),
            )
        )
    return out


def _continued_period(row: pd.Series) -> str:
    """The period of the budget whose construction a budget continues (its ``continues`` link
    names that quantity, period last), when the scenario leaves that budget out."""
    link = row.get("continues")
    return str(link).rsplit("/", 1)[-1] if isinstance(link, str) and link else "–"


def _as_stated(row: pd.Series, inputs: Inputs | None, lang: str) -> str:
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
        return format_idr(row["total_idr"], lang=lang)
    return _e(found.iloc[0]["as_stated"])


def intensity_context(
    intensity: pd.DataFrame,
    by_year: pd.DataFrame,
    figures: pd.DataFrame,
    sc: Scenario,
    inputs: Inputs | None = None,
) -> str | None:
    """The busiest year of the last multi-year envelope against Kemnaker's budget that year."""
    lang = sc.lang
    b = busiest_year(intensity, by_year, figures, inputs_of(inputs))
    if b is None:
        return None
    last, peak, k = b["envelope"], b["peak"], b["budget"]
    return t(
        "intensity.context_text",
        lang,
        p3=last["period"],
        peak=format_idr(peak["idr"], digits=1, lang=lang) + f" ({int(peak['year'])})",
        kemnaker=format_idr(k["value"], lang=lang),
        kbasis=_e(label(str(k["basis"]), lang)) + ", " + _e(k["publisher"]),
        share=format_percent(b["share"] * 100, digits=0, lang=lang),
        u3=format_number(last["units"], lang=lang),
    ) + flagged(k, lang)


def flagged(figure: pd.Series, lang: str) -> str:
    """The registry's flag of a figure used in a sentence, in words (" ..."), or ""."""
    flag = figure.get("flag")
    if not isinstance(flag, str):
        return ""
    return " " + t(
        "flag.used",
        lang,
        publisher=_e(figure["publisher"]),
        period=_e(figure["period"]),
        flag=flag_text(flag, lang),
    )


def flag_text(flag: str, lang: str) -> str:
    """What a registry flag means, in the reader's words."""
    return {"parts_do_not_add_up": t("flag.parts_do_not_add_up", lang)}.get(flag, _e(flag))


def per_trainee_text(split: pd.DataFrame, sc: Scenario) -> str | None:
    """Cost per trainee in words: Kemnaker's all in, training alone where a year allows, and
    the comparators beside it with the caution that their designs differ (paragraphs). None
    when the scenario counts no budget that names its trainees."""
    lang = sc.lang
    own = split[~split["comparator"].astype(bool)]
    out = []
    if not own.empty:
        lo = own.loc[own["idr_per_trainee_real"].idxmin()]
        hi = own.loc[own["idr_per_trainee_real"].idxmax()]
        out.append(
            t(
                "intensity.per_trainee_text",
                lang,
                low=format_idr(lo["idr_per_trainee_real"], digits=1, lang=lang),
                low_year=lo["period"],
                high=format_idr(hi["idr_per_trainee_real"], digits=1, lang=lang),
                high_year=hi["period"],
                base_year=sc.base_year,
            )
        )
        for r in own[own["capital_id"].notna()].to_dict("records"):
            out.append(
                t(
                    "intensity.per_trainee_split",
                    lang,
                    period=r["period"],
                    total=format_idr(r["total_idr"], digits=1, lang=lang),
                    capital=format_idr(r["capital_idr"], digits=1, lang=lang),
                    all_in=format_idr(r["idr_per_trainee_real"], digits=1, lang=lang),
                    training=format_idr(r["idr_per_trainee_training_real"], digits=1, lang=lang),
                )
            )
        if own["capital_id"].isna().any():
            years = format_list(
                [str(p) for p in own.loc[own["capital_id"].isna(), "period"]],
                locale=LOCALES[lang],
            )
            out.append(t("intensity.per_trainee_unsplit", lang, years=years))
    for r in split[split["comparator"].astype(bool)].to_dict("records"):
        out.append(
            t(
                "intensity.per_trainee_comparator",
                lang,
                program=label(str(r["program"]), lang),
                period=r["period"],
                basis=t(f"basis_noun.{r['basis']}", lang),
                total=format_idr(r["total_idr"], digits=1, lang=lang),
                trainees=format_count(r["trainees"], lang=lang),
                per=format_idr(r["idr_per_trainee_real"], digits=1, lang=lang),
                grade=r["reliability"],
            )
        )
    if (split["comparator"].astype(bool)).any():
        out.append(t("intensity.per_trainee_caution", lang))
    return "\n\n".join(out) or None


def scaling_text(scaled: pd.DataFrame, table: pd.DataFrame, sc: Scenario) -> str | None:
    """What the largest multiplier implies: units, trainees, incubators and budget."""
    lang = sc.lang
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
        m=format_number(m, digits=2, lang=lang),
        units=format_number(at.loc["blkk_agreements", "implied_value"], lang=lang),
        trainees=format_count(at.loc["trainees", "implied_value"], lang=lang),
        budget=format_idr(total, digits=1, lang=lang),
        base_year=sc.base_year,
        blkk_cost=format_idr(at.loc["blkk_agreements", "unit_cost_real"], lang=lang),
        trainee_cost=format_idr(at.loc["trainees", "unit_cost_real"], lang=lang),
        incubators=format_number(inc["implied_value"], lang=lang),
        share=format_percent(inc["share_of_blkk_stock"] * 100, digits=1, lang=lang),
        stock=format_number(inc["blkk_stock"], lang=lang),
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
        trainees=format_number(new["numerator"], lang=lang),
        agreements=format_number(new["denominator"], lang=lang),
        stock=format_number(network["denominator"], lang=lang),
        low=format_number(min(values), lang=lang),
        high=format_number(max(values), lang=lang),
        per_new=format_number(new["trainees_per_blkk"], lang=lang),
        new_compared=_compared(new, capacity, lang),
        per_stock=format_number(network["trainees_per_blkk"], lang=lang),
        stock_compared=_compared(network, capacity, lang),
        capacity=format_number(capacity, lang=lang),
        stated=format_number(stated, lang=lang) if stated == stated else "–",
    )


def _compared(row: pd.Series, capacity: float, lang: str) -> str:
    """A reading against the stated capacity: its like-for-like ratio, or why there is none."""
    if row["ratio"] == row["ratio"]:
        return t(
            "scaling.trainees_ratio",
            lang,
            ratio=format_multiple(row["ratio"], lang=lang),
            capacity=format_number(capacity, lang=lang),
        )
    key = "scaling.trainees_not_yearly" if not row["per_year"] else "scaling.trainees_unlike"
    return t(key, lang)


def achievement_text(scaled: pd.DataFrame, sc: Scenario) -> str | None:
    """The target compared with a stock (incubators, a share of all BLK Komunitas): met only by
    what is new since the target (the stock counted after it less the one counted by then)."""
    lang = sc.lang
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
        "target": format_number(r["base_value"], lang=lang),
        "stock": format_number(r["achieved_stock"], lang=lang),
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
        before=format_number(r["achieved_before"], lang=lang),
        before_period=r["achieved_before_period"],
        achieved=format_number(r["achieved"], lang=lang),
        m=format_number(m, digits=2, lang=lang),
        gap=format_number(max(r["gap"], 0), lang=lang),
    )
