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
from blkanalysis.present.cite import cite, count, ids_of, param
from blkanalysis.present.i18n import label, param_value, t
from blkanalysis.present.views import built_ids, cumulative_ids
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
    every = registry_summary(all_figures)
    leads = int(all_figures["lead"].sum())
    grades = ", ".join(f"{k} {count(v)}" for k, v in summary["by_reliability"].items())
    return t(  # counts of the registry's own records: no source states them
        "overview.summary",
        lang,
        figures=count(format_number(summary["figures"], lang=lang)),
        sources=count(format_number(summary["sources"], lang=lang)),
        grades=grades,
        quantities=count(format_number(summary["quantities"], lang=lang)),
        corroborated=count(format_number(summary["corroborated"], lang=lang)),
        conflicting=count(format_number(summary["conflicting"], lang=lang)),
        leads=count(format_number(leads, lang=lang)),
        all_figures=count(format_number(every["figures"], lang=lang)),
        all_sources=count(format_number(every["sources"], lang=lang)),
        all_conflicting=count(format_number(every["conflicting"], lang=lang)),
    )


def timeline_text(timeline: pd.DataFrame, other: pd.DataFrame, sc: Scenario) -> list[str]:
    """The timeline in words, and one paragraph per year where the sources disagree."""
    lang = sc.lang
    tl = timeline.dropna(subset=["cumulative"])
    if tl.empty:
        return []
    with_target = timeline.dropna(subset=["target", "built"])
    gaps = (with_target["target"] - with_target["built"]).abs()

    def gap(at: int) -> str:  # units short of the target, linked to the target and the count
        r = with_target.loc[at]
        ids = ids_of(r["target_id"], built_ids(timeline, int(r["year"])))
        return cite(format_number(gaps.loc[at], lang=lang), ids)

    last = int(tl["year"].iloc[-1])
    out = [
        t(
            "overview.timeline_text",
            lang,
            first=int(tl["year"].iloc[0]),
            last=last,
            total=cite(
                format_number(tl["cumulative"].iloc[-1], lang=lang), cumulative_ids(timeline, last)
            ),
            derived=count(int(timeline["built_derived"].sum())),
            closest=gap(gaps.idxmin()) if len(gaps) else "–",
            widest=gap(gaps.idxmax()) if len(gaps) else "–",
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
                built=cite(format_number(r["built"], lang=lang), built_ids(timeline, y)),
                cumulative=cite(
                    format_number(r["cumulative"], lang=lang), cumulative_ids(timeline, y)
                ),
                other_built=cite(format_number(o.loc[y, "built"], lang=lang), built_ids(other, y)),
                other_cumulative=cite(
                    format_number(o.loc[y, "cumulative"], lang=lang), cumulative_ids(other, y)
                ),
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
                    total=cite(_as_stated(first, inputs, lang), first["id"]),
                    u=cite(format_number(first["units"], lang=lang), first["id"]),
                ),
                per1=cite(format_idr(first["idr_per_unit"], lang=lang), first["id"]),
                p1=first["period"],
                stated3=t(
                    f"intensity.stated.{last['basis']}",
                    lang,
                    p=last["period"],
                    total=cite(_as_stated(last, inputs, lang), last["id"]),
                    u=cite(format_number(last["units"], lang=lang), last["id"]),
                ),
                per3=cite(format_idr(last["idr_per_unit"], digits=1, lang=lang), last["id"]),
                peryear3=cite(
                    format_idr(last["idr_per_unit_year"], digits=1, lang=lang), last["id"]
                ),
                multiple=cite(format_multiple(nominal, lang=lang), first["id"], last["id"]),
                multiple_real=cite(format_multiple(g0["multiple"], lang=lang), g0),
                base_year=sc.base_year,
                caveat=t(
                    "intensity.caveat.same" if same else "intensity.caveat.mixed",
                    lang,
                    b1=b1,
                    b3=b3,
                    cagr=cite(format_percent(g0["cagr"] * 100, digits=0, lang=lang), g0),
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
                total2=cite(format_idr(r["total_idr"], lang=lang), r["id"]),
                u2=cite(format_number(r["units"], lang=lang), r["id"]),
                k=cite(format_number(r["carryover_units"], lang=lang), r["id"]),
                p1=prev.iloc[-1]["period"] if len(prev) else _continued_period(r),
                low=cite(format_idr(r["idr_per_unit_low"], digits=1, lang=lang), r["id"]),
                high=cite(format_idr(r["idr_per_unit_high"], digits=1, lang=lang), r["id"]),
                share=param(format_percent(sc.carryover_cost_share * 100, digits=0, lang=lang)),
                point=cite(format_idr(r["idr_per_unit"], digits=1, lang=lang), r["id"]),
            )
        )
    return out


def _continued_period(row: pd.Series) -> str:
    """The period of the budget whose construction a budget continues (its ``continues`` link
    names that quantity, period last), when the scenario leaves that budget out."""
    link = row.get("continues")
    return str(link).rsplit("/", 1)[-1] if isinstance(link, str) and link else "–"


def _as_stated(row: pd.Series, inputs: Inputs | None, lang: str) -> str:
    """A registry figure's own amount, as its source wrote it (``as_stated``; not escaped), rather
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
    return str(found.iloc[0]["as_stated"])


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
        peak=cite(format_idr(peak["idr"], digits=1, lang=lang), peak["id"])
        + f" ({int(peak['year'])})",
        kemnaker=cite(format_idr(k["value"], lang=lang), k["id"]),
        kbasis=_e(label(str(k["basis"]), lang)) + ", " + _e(k["publisher"]),
        share=cite(format_percent(b["share"] * 100, digits=0, lang=lang), peak["id"], k["id"]),
        u3=cite(format_number(last["units"], lang=lang), last["id"]),
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
                low=cite(
                    format_idr(lo["idr_per_trainee_real"], digits=1, lang=lang), per_trainee_ids(lo)
                ),
                low_year=lo["period"],
                high=cite(
                    format_idr(hi["idr_per_trainee_real"], digits=1, lang=lang), per_trainee_ids(hi)
                ),
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
                    total=cite(format_idr(r["total_idr"], digits=1, lang=lang), r["id"]),
                    capital=cite(
                        format_idr(r["capital_idr"], digits=1, lang=lang), r["capital_id"]
                    ),
                    all_in=cite(
                        format_idr(r["idr_per_trainee_real"], digits=1, lang=lang),
                        per_trainee_ids(r),
                    ),
                    training=cite(
                        format_idr(r["idr_per_trainee_training_real"], digits=1, lang=lang),
                        per_trainee_ids(r),
                        r["capital_id"],
                    ),
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
                total=cite(format_idr(r["total_idr"], digits=1, lang=lang), r["id"]),
                trainees=cite(format_count(r["trainees"], lang=lang), trainee_ids(r)),
                per=cite(
                    format_idr(r["idr_per_trainee_real"], digits=1, lang=lang), per_trainee_ids(r)
                ),
                grade=r["reliability"],
            )
        )
    if (split["comparator"].astype(bool)).any():
        out.append(t("intensity.per_trainee_caution", lang))
    return "\n\n".join(out) or None


def trainee_ids(row: object) -> list[str]:
    """The figure counting a budget's trainees (its own figure if the budget states them)."""
    r = dict(row)  # type: ignore[call-overload]
    return ids_of(r.get("trainees_figure")) or ids_of(r.get("id"))


def per_trainee_ids(row: object) -> list[str]:
    """The figures behind a cost per trainee: the budget and the trainees it counts."""
    return ids_of(dict(row).get("id"), trainee_ids(row))  # type: ignore[call-overload]


def total_ids(scaled: pd.DataFrame, budgets: pd.DataFrame) -> list[str]:
    """The figures behind the implied budgets' total: the targets counted in it (not those
    shown apart from it) that could be costed, and their unit costs."""
    from blkanalysis.model.scaling import total_parts

    counted = scaled[
        scaled["target"].isin(total_parts(budgets)) & scaled["implied_budget_real"].notna()
    ]
    return ids_of(list(counted["target_id"]), list(counted["unit_cost_ids"]))


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
    agreements, trainees = at.loc["blkk_agreements"], at.loc["trainees"]
    return t(
        "scaling.budget_text",
        sc.lang,
        m=param(format_number(m, digits=2, lang=lang)),
        units=cite(format_number(agreements["implied_value"], lang=lang), agreements["target_id"]),
        trainees=cite(format_count(trainees["implied_value"], lang=lang), trainees["target_id"]),
        budget=cite(format_idr(total, digits=1, lang=lang), total_ids(at.reset_index(), table)),
        base_year=sc.base_year,
        blkk_cost=cite(
            format_idr(agreements["unit_cost_real"], lang=lang), agreements["unit_cost_ids"]
        ),
        trainee_cost=cite(
            format_idr(trainees["unit_cost_real"], lang=lang), trainees["unit_cost_ids"]
        ),
        incubators=cite(format_number(inc["implied_value"], lang=lang), inc["target_id"]),
        share=cite(
            format_percent(inc["share_of_blkk_stock"] * 100, digits=1, lang=lang),
            inc["target_id"],
            inc["blkk_stock_id"],
        ),
        stock=cite(format_number(inc["blkk_stock"], lang=lang), inc["blkk_stock_id"]),
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
    cap = p.loc["stated_capacity"]
    low, high = (new, network) if values[0] <= values[1] else (network, new)
    return t(
        "scaling.trainees_text",
        lang,
        trainees=cite(format_number(new["numerator"], lang=lang), new["numerator_id"]),
        agreements=cite(format_number(new["denominator"], lang=lang), new["denominator_id"]),
        stock=cite(format_number(network["denominator"], lang=lang), network["denominator_id"]),
        low=cite(format_number(min(values), lang=lang), low),
        high=cite(format_number(max(values), lang=lang), high),
        per_new=cite(format_number(new["trainees_per_blkk"], lang=lang), new),
        new_compared=_compared(new, cap, lang),
        per_stock=cite(format_number(network["trainees_per_blkk"], lang=lang), network),
        stock_compared=_compared(network, cap, lang),
        capacity=cite(format_number(capacity, lang=lang), cap),
        stated=cite(format_number(stated, lang=lang), p.loc["stated"]) if stated == stated else "–",
    )


def _compared(row: pd.Series, capacity: pd.Series, lang: str) -> str:
    """A reading against the stated capacity (its row): its like-for-like ratio, or why there
    is none."""
    if row["ratio"] == row["ratio"]:
        return t(
            "scaling.trainees_ratio",
            lang,
            ratio=cite(format_multiple(row["ratio"], lang=lang), row, capacity),
            capacity=cite(format_number(capacity["trainees_per_blkk"], lang=lang), capacity),
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
        "target": cite(format_number(r["base_value"], lang=lang), r["target_id"]),
        "stock": cite(format_number(r["achieved_stock"], lang=lang), r["achieved_stock_id"]),
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
        before=cite(format_number(r["achieved_before"], lang=lang), r["achieved_before_id"]),
        before_period=r["achieved_before_period"],
        achieved=cite(
            format_number(r["achieved"], lang=lang),
            r["achieved_stock_id"],
            r["achieved_before_id"],
        ),
        m=param(format_number(m, digits=2, lang=lang)),
        gap=cite(
            format_number(max(r["gap"], 0), lang=lang),
            r["target_id"],
            r["achieved_stock_id"],
            r["achieved_before_id"],
        ),
    )
