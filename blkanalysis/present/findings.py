"""Findings first: three to five plain sentences that open each report, each with its number
and a link to the table behind it.

Every function takes the scenario and the inputs (pure: it computes what it needs through the
model, in the scenario's language) and returns :class:`Finding` s. A finding also carries a
short ``value`` for the report index (its key figure), so the index and the report never say
different things. Where the scenario leaves a finding nothing to stand on, the finding says so
in words rather than being dropped silently.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.model import delivery, intensity, scaling
from blkanalysis.model.scenario import Scenario
from blkanalysis.present.cite import cite, count, ids_of, param
from blkanalysis.present.i18n import label, t
from blkanalysis.present.narrative import per_trainee_ids, total_ids
from blkanalysis.present.views import built_ids, cumulative_ids
from blkanalysis.text.numbers import format_idr, format_multiple, format_number, format_percent


@dataclass(frozen=True)
class Finding:
    """One finding: its sentence (Markdown, values escaped), the catalogue key of the section
    whose table it rests on (its heading; :func:`anchor` gives the link target), and an
    optional short key figure for the index (``kf_key`` -> value)."""

    text: str
    section: str
    kf_key: str | None = None
    value: str | None = None
    #: the registry figures behind ``value`` (what it links to where it is shown)
    ids: tuple[str, ...] = ()


def anchor(key: str) -> str:
    """The HTML id of the section opened by the catalogue heading ``key``."""
    return "sec-" + key.replace(".", "-").replace("_", "-")


def _e(value: object) -> str:
    return html.escape(str(value))


def _basis(value: object, lang: str) -> str:
    return label(str(value), lang)


def _basis_noun(value: object, lang: str) -> str:
    """The basis as a noun: "realised spending", "allocation", "estimated need", "target"."""
    return t(f"basis_noun.{value}", lang)


# --- 02 budget intensity --------------------------------------------------------------------


def intensity_findings(sc: Scenario, inputs: Inputs) -> list[Finding]:
    lang = sc.lang
    table = intensity.budget_intensity(inputs, scenario=sc)
    growth = intensity.intensity_growth(table)
    rows = intensity.intensity_rows(table, inputs)
    out: list[Finding] = []
    if len(rows) < 2:
        bases = ", ".join(label(b, lang) for b in sc.bases)
        out.append(  # the index still gets the figure: there is none to give
            Finding(
                t("finding.intensity.no_jump", lang, bases=bases),
                "intensity.per_blk",
                "kf.multiple_real",
                t("finding.baseline.absent", lang),
            )
        )
    else:
        first, last = rows.iloc[0], rows.iloc[-1]
        g = growth[(growth["from_id"] == first["id"]) & (growth["to_id"] == last["id"])]
        multiple = format_multiple(g.iloc[0]["multiple"], lang=lang) if len(g) else "–"
        jump = tuple(ids_of(first["id"], last["id"]))
        same = first["basis"] == last["basis"]
        out.append(
            Finding(
                t(
                    "finding.intensity.jump" if same else "finding.intensity.jump_unlike",
                    lang,
                    p1=first["period"],
                    b1=_basis_noun(first["basis"], lang),
                    per1=cite(format_idr(first["idr_per_unit_year"], lang=lang), first["id"]),
                    p3=last["period"],
                    b3=_basis_noun(last["basis"], lang),
                    per3=cite(
                        format_idr(last["idr_per_unit_year"], digits=1, lang=lang), last["id"]
                    ),
                    multiple=cite(multiple, jump),
                    base_year=sc.base_year,
                ),
                "intensity.per_blk",
                "kf.multiple_real",
                multiple
                if same
                else f"{multiple} ({_basis(last['basis'], lang)} / {_basis(first['basis'], lang)})",
                jump,
            )
        )
    for r in rows[rows["carryover_units"] > 0].to_dict("records"):
        out.append(
            Finding(
                t(
                    "finding.intensity.range",
                    lang,
                    p2=r["period"],
                    b2=_basis_noun(r["basis"], lang),
                    total2=cite(format_idr(r["total_idr"], lang=lang), r["id"]),
                    u2=cite(format_number(r["units"], lang=lang), r["id"]),
                    k=cite(format_number(r["carryover_units"], lang=lang), r["id"]),
                    low=cite(format_idr(r["idr_per_unit_low"], digits=1, lang=lang), r["id"]),
                    high=cite(format_idr(r["idr_per_unit_high"], digits=1, lang=lang), r["id"]),
                ),
                "intensity.per_blk",
            )
        )
    ctx = intensity_context_share(table, sc, inputs)
    if ctx is not None:
        out.append(ctx)
    f = _per_trainee_finding(intensity.per_trainee_split(table, inputs), sc)
    if f is not None:
        out.append(f)
    return out


def _per_trainee_finding(split: pd.DataFrame, sc: Scenario) -> Finding | None:
    lang = sc.lang
    own = split[~split["comparator"].astype(bool)]
    if own.empty:
        return None
    parted = own[own["capital_id"].notna()]
    others = split[split["comparator"].astype(bool) & (split["basis"] == "realised")]
    comparator = "".join(
        t(
            "finding.intensity.prakerja",
            lang,
            program=label(str(r["program"]), lang),
            per=cite(
                format_idr(r["idr_per_trainee_real"], digits=1, lang=lang), per_trainee_ids(r)
            ),
            period=r["period"],
        )
        for r in others.to_dict("records")
    )
    lo = own.loc[own["idr_per_trainee_real"].idxmin()]
    hi = own.loc[own["idr_per_trainee_real"].idxmax()]
    return Finding(
        t(
            "finding.intensity.per_trainee",
            lang,
            low=cite(
                format_idr(lo["idr_per_trainee_real"], digits=1, lang=lang), per_trainee_ids(lo)
            ),
            high=cite(
                format_idr(hi["idr_per_trainee_real"], digits=1, lang=lang), per_trainee_ids(hi)
            ),
            first=own["period"].min(),
            last=own["period"].max(),
            base_year=sc.base_year,
            split_years=", ".join(str(p) for p in parted["period"]) or "–",
            training=cite(
                format_idr(parted["idr_per_trainee_training_real"].mean(), digits=1, lang=lang),
                *(per_trainee_ids(r) + ids_of(r["capital_id"]) for r in parted.to_dict("records")),
            )
            if len(parted)
            else "–",
            comparator=comparator,
        ),
        "intensity.per_trainee",
    )


def intensity_context_share(table: pd.DataFrame, sc: Scenario, inputs: Inputs) -> Finding | None:
    """The busiest year of the last multi-year envelope as a share of Kemnaker's budget."""
    from blkanalysis.present.narrative import flagged

    lang = sc.lang
    by_year = intensity.budget_by_year(inputs, scenario=sc)
    figures = inputs.figures_for(sc.include_leads)
    b = intensity.busiest_year(table, by_year, figures, inputs)
    if b is None:
        return None
    last, peak, k = b["envelope"], b["peak"], b["budget"]
    share = format_percent(b["share"] * 100, digits=0, lang=lang)
    behind = tuple(ids_of(peak["id"], k["id"]))
    return Finding(
        t(
            "finding.intensity.context",
            lang,
            p3=last["period"],
            b3=_basis_noun(last["basis"], lang),
            year=int(peak["year"]),
            peak=cite(format_idr(peak["idr"], digits=1, lang=lang), peak["id"]),
            share=cite(share, behind),
            kemnaker=cite(format_idr(k["value"], lang=lang), k["id"]),
            kbasis=_basis(k["basis"], lang),
            units=cite(format_number(last["units"], lang=lang), last["id"]),
        )
        + flagged(k, lang),
        "intensity.context",
        "kf.peak_share",
        f"{int(peak['year'])}: {share}",
        behind,
    )


# --- 03 target scaling ------------------------------------------------------------------------


def scaling_findings(sc: Scenario, inputs: Inputs) -> list[Finding]:
    lang = sc.lang
    scaled = scaling.scale_targets(inputs, scenario=sc)
    budgets = scaling.implied_budget_table(scaled, inputs)
    out: list[Finding] = []
    m = max(sc.multipliers)
    row = budgets[budgets["multiplier"] == m]
    if not row.empty and np.isfinite(row.iloc[0]["total"]):
        b = row.iloc[0]
        parts = [c for c in scaling.total_parts(budgets) if c in budgets.columns]
        trainee_share = b["trainees"] / b["total"] if "trainees" in parts and b["total"] else 0.0
        at = scaled[scaled["multiplier"] == m].set_index("target")
        per_trainee = (
            at.loc["trainees", "unit_cost_real"] if "trainees" in at.index else float("nan")
        )
        total = format_idr(b["total"], digits=1, lang=lang)
        behind = tuple(total_ids(at.reset_index(), budgets))
        key = "finding.scaling.cost" if trainee_share > 0 else "finding.scaling.cost_no_trainees"
        out.append(
            Finding(
                t(
                    key,
                    lang,
                    year=sc.target_year,
                    m=param(format_number(m, digits=1, lang=lang)),
                    total=cite(total, behind),
                    base_year=sc.base_year,
                    share=cite(format_percent(trainee_share * 100, digits=0, lang=lang), behind),
                    per_trainee=cite(
                        format_idr(per_trainee, digits=1, lang=lang),
                        at.loc["trainees", "unit_cost_ids"] if "trainees" in at.index else None,
                    ),
                    setting=""
                    if sc.unit_cost_multiplier == 1
                    else t(
                        "finding.scaling.setting",
                        lang,
                        m=param(format_number(sc.unit_cost_multiplier, digits=2, lang=lang)),
                    ),
                ),
                "scaling.implied",
                "kf.implied_budget_max",
                f"×{format_number(m, digits=1, lang=lang)}: {total}",
                behind,
            )
        )
    per_blkk = scaling.trainees_per_blkk(inputs, scenario=sc)
    f = _trainees_finding(per_blkk, inputs, lang)
    if f is not None:
        out.append(f)
    # a target met by a stock: what is new since the target (the stock less what stood before)
    stocks = scaled[
        scaled["achieved_stock"].notna()
        & scaled["achieved"].notna()
        & (scaled["multiplier"] == min(sc.multipliers))
    ]
    for r in stocks.to_dict("records"):
        out.append(
            Finding(
                t(
                    "finding.scaling.stock_target",
                    lang,
                    what=label(r["target"], lang),
                    period=r["period"],
                    target=cite(format_number(r["base_value"], lang=lang), r["target_id"]),
                    stock=cite(
                        format_number(r["achieved_stock"], lang=lang), r["achieved_stock_id"]
                    ),
                    when=r["achieved_period"],
                    before=cite(
                        format_number(r["achieved_before"], lang=lang), r["achieved_before_id"]
                    ),
                    before_period=r["achieved_before_period"],
                    new=cite(
                        format_number(r["achieved"], lang=lang),
                        r["achieved_stock_id"],
                        r["achieved_before_id"],
                    ),
                ),
                "scaling.achievement",
            )
        )
    return out


def _trainees_finding(per_blkk: pd.DataFrame, inputs: Inputs, lang: str) -> Finding | None:
    by = per_blkk.set_index("reference")
    need = {"implied_by_targets", "implied_network_wide", "stated_capacity"}
    if not need <= set(by.index):
        return None
    new, wide, cap = (
        by.loc["implied_by_targets"],
        by.loc["implied_network_wide"],
        by.loc["stated_capacity"],
    )
    return Finding(
        t(
            "finding.scaling.trainees",
            lang,
            trainees=cite(format_number(wide["numerator"], lang=lang), wide["numerator_id"]),
            stock=cite(format_number(wide["denominator"], lang=lang), wide["denominator_id"]),
            wide=cite(format_number(wide["trainees_per_blkk"], lang=lang), wide),
            capacity=cite(format_number(cap["trainees_per_blkk"], lang=lang), cap),
            # the capacity's own period: a count "until the end of" it may not be yearly
            cap_period=inputs.figures.set_index("id").loc[cap["numerator_id"], "period"],
            units=cite(format_number(new["denominator"], lang=lang), new["denominator_id"]),
            new=cite(format_number(new["trainees_per_blkk"], lang=lang), new),
        ),
        "scaling.trainees",
        "kf.trainees_per_blkk_year",
        format_number(wide["trainees_per_blkk"], lang=lang),
        tuple(ids_of(wide)),
    )


# --- 01 overview ------------------------------------------------------------------------------


def overview_findings(sc: Scenario, inputs: Inputs) -> list[Finding]:
    from blkanalysis.data.summary import registry_summary

    lang = sc.lang
    s = registry_summary(inputs.figures)  # every figure, leads included, as the tables count
    leads = int(inputs.figures["lead"].sum())
    out = [
        Finding(
            t(
                "finding.overview.registry",
                lang,
                figures=count(format_number(s["figures"], lang=lang)),
                sources=count(format_number(s["sources"], lang=lang)),
                leads=count(format_number(leads, lang=lang)),
                conflicting=count(format_number(s["conflicting"], lang=lang)),
            ),
            "overview.conflicts",
            "kf.conflicts",
            format_number(s["conflicting"], lang=lang),
        )
    ]
    timeline = scaling.blkk_timeline(inputs, scenario=sc)
    tl = timeline.dropna(subset=["cumulative"])
    if not tl.empty:
        total = format_number(tl["cumulative"].iloc[-1], lang=lang)
        year = int(tl["year"].iloc[-1])
        behind = tuple(cumulative_ids(timeline, year))
        out.append(
            Finding(
                t(
                    "finding.overview.blkk",
                    lang,
                    total=cite(total, behind),
                    year=year,
                    first=int(tl["year"].iloc[0]),
                    reading=t(f"reading_noun.{sc.blkk_reading}", lang),
                    conflicts=count(int(timeline["conflict"].sum())),
                    years=count(len(tl)),
                ),
                "overview.timeline",
                "kf.blkk_total",
                f"{year}: {total}",
                behind,
            )
        )
    ach = scaling.target_achievement(inputs, scenario=sc)
    yearly = ach[ach["measure"] == "blkk_built"].dropna(subset=["achieved_share"])
    if not yearly.empty:
        worst = yearly.loc[yearly["achieved_share"].idxmin()]
        best = yearly.loc[yearly["achieved_share"].idxmax()]
        out.append(
            Finding(
                t(
                    "finding.overview.targets",
                    lang,
                    first=yearly["period"].iloc[0],
                    last=yearly["period"].iloc[-1],
                    low=cite(
                        format_percent(worst["achieved_share"] * 100, digits=0, lang=lang),
                        _achieved_ids(worst, timeline),
                    ),
                    high=cite(
                        format_percent(best["achieved_share"] * 100, digits=0, lang=lang),
                        _achieved_ids(best, timeline),
                    ),
                    worst=worst["period"],
                ),
                "overview.achievement",
            )
        )
    return out


def _achieved_ids(row: pd.Series, timeline: pd.DataFrame) -> list[str]:
    """The figures behind a year's share of its target built: the target, and the count built
    (stated, or derived from the cumulative counts)."""
    year = int(str(row["period"])[-4:])
    return ids_of(row["target_id"], row["achieved_id"], built_ids(timeline, year))


# --- 04 plan vs delivery -------------------------------------------------------------------


def delivery_findings(sc: Scenario, inputs: Inputs) -> list[Finding]:
    lang = sc.lang
    table = delivery.delivery_table(inputs)
    verdicts = delivery.many_times(table, inputs)
    out = []
    for v in verdicts.itertuples(index=False):
        multiple = format_multiple(float(v.multiple), lang=lang)
        behind = tuple(ids_of(v.delivered_ids, v.reference_ids))
        out.append(
            Finding(
                t(
                    f"finding.delivery.{v.reference_kind}",
                    lang,
                    what=label(v.key, lang),
                    year=v.year,
                    delivered=cite(format_number(v.delivered, lang=lang), v.delivered_ids),
                    reference=cite(format_number(v.reference, lang=lang), v.reference_ids),
                    ref_year=v.reference_year,
                    multiple=cite(multiple, behind),
                    verdict=t(
                        "finding.delivery.many" if v.many_times else "finding.delivery.not", lang
                    ),
                ),
                "delivery.table",
                f"delivery.key.{v.key}",
                multiple,
                behind,
            )
        )
    for key in inputs.model.budget_intensity.programs:  # the programmes whose money is tracked
        f = _money_finding(table, key, lang)
        if f is not None:
            out.append(f)
    return out


def _money_finding(table: pd.DataFrame, key: str, lang: str) -> Finding | None:
    """What the registry holds of a programme's money after it was announced (the delivery
    role ``key``): realised spending, allocations with no realisation, and progress remarks
    (which are not money)."""
    rows = table[table["key"] == key]
    if rows.empty:
        return None
    spent = rows[(rows["reported_unit"] == "IDR") & (rows["reported_basis"] == "realised")]
    unreported = rows[(rows["announced_unit"] == "IDR") & rows["reported"].isna()]
    remarks = rows[
        delivery.progress_remark(rows["reported_basis"], rows["reported_unit"])
        & rows["announced"].notna()
    ]
    parts = [
        t(
            "finding.delivery.spent",
            lang,
            what=label(key, lang),
            spent=", ".join(
                f"{r.reported_period}: {cite(format_idr(r.reported, lang=lang), r.achieved_id)}"
                for r in spent.itertuples(index=False)
            )
            or "–",
        )
    ]
    for r in unreported.itertuples(index=False):
        parts.append(
            t(
                "finding.delivery.unreported",
                lang,
                year=r.year,
                announced=cite(format_idr(r.announced, lang=lang), r.target_id),
                basis=_basis_noun(r.announced_basis, lang),
            )
        )
    for r in remarks.itertuples(index=False):
        parts.append(
            t(
                "finding.delivery.progress",
                lang,
                year=r.year,
                announced=cite(format_idr(r.announced, lang=lang), r.target_id),
                basis=_basis_noun(r.announced_basis, lang),
                period=r.reported_period,
                progress=cite(format_percent(r.reported, digits=0, lang=lang), r.achieved_id),
            )
        )
    return Finding(" ".join(parts), "delivery.table")


FINDINGS = {
    "overview": overview_findings,
    "intensity": intensity_findings,
    "scaling": scaling_findings,
    "delivery": delivery_findings,
}


def sensitivity_findings(sc: Scenario, inputs: Inputs) -> list[Finding]:
    """05 sensitivity: see :func:`blkanalysis.present.sensitivity.findings`."""
    from blkanalysis.present.sensitivity import findings

    return findings(sc, inputs)


FINDINGS["sensitivity"] = sensitivity_findings


def findings_for(name: str, sc: Scenario, inputs: Inputs) -> list[Finding]:
    """The findings of notebook ``name``: overview, intensity, scaling or delivery; in a
    scenario other than the baseline, what it changes (:func:`against_baseline`) first."""
    found = FINDINGS[name](sc, inputs)
    baseline = Scenario(lang=sc.lang)  # the declared defaults are the baseline's (tested)
    if sc.params() == baseline.params():
        return found
    return [against_baseline(found, FINDINGS[name](baseline, inputs), sc.lang), *found]


def against_baseline(found: list[Finding], base: list[Finding], lang: str) -> Finding:
    """What this scenario changes in a report's key figures, against the baseline's: each that
    moved (baseline -> here), or that none did."""
    here = {f.kf_key: f for f in found if f.kf_key}
    moved = [
        t(
            "finding.baseline.moved",
            lang,
            what=t(f.kf_key, lang),
            base=cite(f.value or "–", f.ids),
            here=cite(here[f.kf_key].value or "–", here[f.kf_key].ids)
            if f.kf_key in here and here[f.kf_key].value
            else t("finding.baseline.absent", lang),
        )
        for f in base
        if f.kf_key and (here[f.kf_key].value if f.kf_key in here else None) != f.value
    ]
    if not moved:
        return Finding(t("finding.baseline.same", lang), found[0].section if found else "")
    sections = [f.section for f in found if f.kf_key] or [f.section for f in found]
    return Finding(t("finding.baseline.changes", lang, moved="; ".join(moved)), sections[0])


__all__ = ["FINDINGS", "Finding", "anchor", "findings_for"]
