"""The sensitivity analysis for a reader: one sentence per headline, the range table, a tornado
chart per headline and the Sobol indices with their intervals (notebook 05).

Everything shown comes from :func:`blkanalysis.model.sensitivity.analyse`; words from the
catalogue (``sensitivity.*``), numbers by :mod:`blkanalysis.text.numbers`.
"""

from __future__ import annotations

import html
import json
import math
import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from blkanalysis.model.sensitivity import BY_HEADLINE, HEADLINES, Z95, Sensitivity, analyse
from blkanalysis.present.cite import cite, ids_of, model, param
from blkanalysis.present.i18n import label, param_label, param_value, t
from blkanalysis.present.plotting import PALETTE, apply_style, finish, idr_formatter, new_figure
from blkanalysis.text.numbers import format_idr, format_multiple, format_number, format_percent

#: a first-order index at least this large is named beside the largest
SECOND_DRIVER = 0.1


def _e(value: object) -> str:
    return html.escape(str(value))


def value_text(name: str, value: float, lang: str) -> str:
    """A headline's value in its unit, in the reader's convention."""
    if value is None or value != value:
        return "–"
    unit = BY_HEADLINE[name].unit
    if unit == "idr":
        return format_idr(value, digits=1, lang=lang)
    if unit == "multiple":
        return format_multiple(value, lang=lang)
    if unit == "share":
        return format_percent(value * 100, digits=0, lang=lang)
    return format_number(value, lang=lang)


def confidence_text(lang: str) -> str:
    """The confidence level of the Sobol indices' bootstrap intervals, as a percentage (from the
    model's normal quantile :data:`~blkanalysis.model.sensitivity.Z95`): a choice of method."""
    level = math.erf(Z95 / math.sqrt(2)) * 100
    return model(format_percent(level, digits=0, lang=lang))


def headline_label(name: str, lang: str) -> str:
    return label(f"headline.{name}", lang)


def reading_text(name: str, value: Any, figures: pd.DataFrame, lang: str) -> str:
    """A reading for a reader: a parameter and its value, the trainees' reading, or whose
    figure is read for a quantity the sources state differently."""
    if name.startswith("source:"):
        row = figures[figures["id"] == value]
        if row.empty:
            return _e(value)
        r = row.iloc[0]
        return t(
            "sensitivity.source_reading",
            lang,
            publisher=_e(r["publisher"]),
            as_stated=cite(str(r["as_stated"]), r["id"]),
            what=_e(label(str(r["program"]), lang)),
            period=_e(r["period"]),
        )
    if name == "trainees_spread":
        return t(f"sensitivity.spread.{value}", lang)
    return f"{_e(param_label(name, lang))}: {param(param_value(name, value, lang))}"


def readings_text(chosen: Mapping[str, Any], figures: pd.DataFrame, lang: str) -> str:
    return "; ".join(reading_text(k, v, figures, lang) for k, v in chosen.items())


def behind(inputs: Any, scenario: Any) -> dict[str, list[str]]:
    """Per headline, the registry figures its value rests on (what its numbers link to): the
    budgets of the intensity headlines, the targets and unit costs of the implied budget, the
    counts of trainees per BLK Komunitas."""
    from blkanalysis.model.intensity import budget_intensity, intensity_rows
    from blkanalysis.model.scaling import implied_budget_table, scale_targets, trainees_per_blkk
    from blkanalysis.present.narrative import total_ids

    intensity = intensity_rows(budget_intensity(inputs, scenario=scenario), inputs)
    scaled = scale_targets(inputs, scenario=scenario)
    per_blkk = trainees_per_blkk(inputs, scenario=scenario)
    implied = per_blkk[per_blkk["reference"].str.startswith("implied")]
    total = total_ids(scaled, implied_budget_table(scaled, inputs))
    budgets = list(intensity["id"])
    return {
        "per_blk_year_last": budgets[-1:],
        "per_blk_year_continuing": list(intensity.loc[intensity["carryover_units"] > 0, "id"]),
        "intensity_multiple": ids_of(budgets[:1], budgets[-1:]) if len(budgets) > 1 else [],
        "implied_budget_total": total,
        "trainees_share": total,
        "cost_per_trainee": ids_of(
            list(scaled.loc[scaled["target"] == "trainees", "unit_cost_ids"])
        ),
        "trainees_per_blkk": ids_of(*implied.to_dict("records")),
    }


def _sources_read(chosen: Mapping[str, Any]) -> list[str]:
    """The figures a combination of readings reads (its source readings)."""
    return [v for k, v in chosen.items() if k.startswith("source:")]


def sentences(
    result: Sensitivity,
    figures: pd.DataFrame,
    lang: str,
    figure_ids: Mapping[str, list[str]] | None = None,
) -> list[str]:
    """One sentence per headline: which continuous parameter explains most of its variation
    (first-order Sobol index, or Morris' largest effect) and the range the readings give.
    ``figure_ids`` (:func:`behind`): per headline, the figures its numbers link to."""
    ranges = result.ranges.set_index("headline")
    ids = figure_ids or {}
    out = []
    for h in HEADLINES:
        r = ranges.loc[h.name]
        here = ids.get(h.name, [])
        first = _drivers(result, h.name, lang)
        low, high = value_text(h.name, r["low"], lang), value_text(h.name, r["high"], lang)
        # the headline carries its figures' marks once; the ends of the readings' range link
        # to the figure a reading chose, else to the headline's first figure
        if r["depends_on"] and low == high:  # it moves, but not at the precision shown
            second = t("sensitivity.readings_same", lang, value=cite(low, here[:1]))
        elif r["depends_on"]:
            second = t(
                "sensitivity.readings_move",
                lang,
                low=cite(low, (_sources_read(r["low_readings"]) or here)[:1]),
                low_readings=readings_text(r["low_readings"], figures, lang),
                high=cite(high, (_sources_read(r["high_readings"]) or here)[:1]),
                high_readings=readings_text(r["high_readings"], figures, lang),
            )
        else:
            second = t("sensitivity.readings_none", lang)
        out.append(
            t(
                "sensitivity.sentence",
                lang,
                headline=_e(headline_label(h.name, lang)),
                base=cite(value_text(h.name, r["base"], lang), here),
                drivers=first,
                readings=second,
            )
        )
    return out


def _drivers(result: Sensitivity, name: str, lang: str) -> str:
    """What moves a headline over the plausible ranges of the parameters: the ends of that
    range and the shares of its variance are the model's, over ranges we chose (not linked)."""
    idx = result.indices[result.indices["headline"] == name]
    col = "S1" if result.method == "sobol" else "mu_star_share"
    idx = idx[idx[col].notna()].sort_values([col, "parameter"], ascending=[False, True])
    if idx.empty or idx[col].iloc[0] <= 0:
        return t("sensitivity.no_driver", lang)
    top = idx.iloc[0]
    spread = {
        "low": model(value_text(name, top["output_min"], lang)),
        "high": model(value_text(name, top["output_max"], lang)),
    }
    if spread["low"] == spread["high"]:  # it varies, but not at the precision shown
        return t("sensitivity.driver_flat", lang, value=spread["low"])
    if result.method == "morris":
        return t(
            "sensitivity.morris_driver",
            lang,
            parameter="*" + _e(param_label(top["parameter"], lang)) + "*",
            **spread,
        )
    words = {
        "parameter": "*" + _e(param_label(top["parameter"], lang)) + "*",
        "share": model(format_percent(top["S1"] * 100, digits=0, lang=lang)),
        **spread,
    }
    text = t("sensitivity.driver", lang, **words)
    if len(idx) > 1 and idx[col].iloc[1] >= SECOND_DRIVER:
        nxt = idx.iloc[1]
        text += t(
            "sensitivity.driver_second",
            lang,
            parameter="*" + _e(param_label(nxt["parameter"], lang)) + "*",
            share=model(format_percent(nxt["S1"] * 100, digits=0, lang=lang)),
        )
    interaction = 1 - float(idx["S1"].clip(lower=0).sum())
    if interaction >= SECOND_DRIVER:
        text += t(
            "sensitivity.interactions",
            lang,
            share=model(format_percent(interaction * 100, digits=0, lang=lang)),
        )
    return text


def ranges_table(result: Sensitivity, figures: pd.DataFrame, lang: str):
    """The range of each headline over the readings (a notebook table: frame, column kinds)."""
    rows = []
    for r in result.ranges.to_dict("records"):
        rows.append(
            {
                "headline_label": headline_label(r["headline"], lang),
                "range_base": value_text(r["headline"], r["base"], lang),
                "range_low": value_text(r["headline"], r["low"], lang),
                "range_high": value_text(r["headline"], r["high"], lang),
                "range_depends_on": "; ".join(
                    reading_label(n, figures, lang) for n in r["depends_on"]
                )
                or "–",
            }
        )
    df = pd.DataFrame(
        rows,
        columns=["headline_label", "range_base", "range_low", "range_high", "range_depends_on"],
    )
    return df, dict.fromkeys(df.columns, "text")


def reading_label(name: str, figures: pd.DataFrame, lang: str) -> str:
    """What a reading chooses (not its value)."""
    if name.startswith("source:"):
        quantity = name.removeprefix("source:")
        row = figures[figures["quantity"] == quantity]
        what = label(str(row.iloc[0]["program"]), lang) if len(row) else quantity
        period = row.iloc[0]["period"] if len(row) else ""
        return t("sensitivity.source_label", lang, what=_e(what), period=_e(period))
    if name == "trainees_spread":
        return t("sensitivity.spread.label", lang)
    return _e(param_label(name, lang))


def source_text(figures: pd.DataFrame, lang: str) -> str:
    return t(
        "chart.source_registry", lang, n=len(figures), sources=figures["source_id"].nunique()
    ) + (" " + t("chart.cpi", lang))


def _axis_format(ax: Any, name: str, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter

    unit = BY_HEADLINE[name].unit
    if unit == "idr":
        ax.xaxis.set_major_formatter(idr_formatter(lang))
    elif unit == "share":
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _p: format_percent(v * 100, digits=0, lang=lang))
        )
    elif unit == "multiple":
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_multiple(v, lang=lang)))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v, lang=lang)))


def chart_tornado(
    result: Sensitivity, name: str, figures: pd.DataFrame, lang: str
) -> Figure | None:
    """One headline, one at a time: each continuous parameter from the low to the high end of
    its plausible range (the others at the scenario's values), and the range over the readings;
    widest first. None when nothing moves it."""
    torn = result.tornado[(result.tornado["headline"] == name) & (result.tornado["swing"] > 0)]
    rng = result.ranges.set_index("headline").loc[name]
    bars = [
        (
            t(
                "sensitivity.tornado.parameter",
                lang,
                parameter=param_label(r["parameter"], lang),
                low=format_number(r["low"], digits=2, lang=lang),
                high=format_number(r["high"], digits=2, lang=lang),
            ),
            r["output_low"],
            r["output_high"],
            False,
        )
        for r in torn.to_dict("records")
    ]
    if rng["depends_on"] and rng["high"] > rng["low"]:
        bars.append((t("sensitivity.tornado.readings", lang), rng["low"], rng["high"], True))
    if not bars:
        return None
    bars.sort(key=lambda b: abs(b[2] - b[1]))  # widest on top (drawn last)
    base = float(torn["base"].iloc[0]) if len(torn) else float(rng["base"])
    fig, ax = new_figure((8.0, 1.6 + 0.55 * len(bars)))
    for i, (_text, lo, hi, readings) in enumerate(bars):
        if readings:
            ax.barh(i, hi - lo, left=lo, color="white", edgecolor=PALETTE[2], hatch="//")
            continue
        ax.barh(i, lo - base, left=base, color=PALETTE[0])
        ax.barh(i, hi - base, left=base, color=PALETTE[1])
    ax.axvline(base, color="#333333", linewidth=1)
    ax.set_yticks(range(len(bars)), [b[0] for b in bars])
    _axis_format(ax, name, lang)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    handles = [
        Patch(color=PALETTE[0], label=t("sensitivity.tornado.low", lang)),
        Patch(color=PALETTE[1], label=t("sensitivity.tornado.high", lang)),
    ]
    if any(b[3] for b in bars):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=PALETTE[2],
                hatch="//",
                label=t("sensitivity.tornado.readings", lang),
            )
        )
    ax.legend(handles=handles, loc="best", fontsize=8)
    ax.set_xlabel(t("sensitivity.tornado.x", lang, base=value_text(name, base, lang)))
    return finish(fig, headline_label(name, lang), source_text(figures, lang))


def chart_sobol(result: Sensitivity, figures: pd.DataFrame, lang: str) -> Figure | None:
    """First- and total-order Sobol indices of each headline a continuous parameter moves, with
    their 95% intervals (one panel per headline). None for Morris or when no index is known."""
    if result.method != "sobol":
        return None
    idx = result.indices.dropna(subset=["S1", "ST"])
    names = [h.name for h in HEADLINES if h.name in set(idx["headline"])]
    if not names:
        return None
    params = list(dict.fromkeys(result.indices["parameter"]))
    apply_style()
    fig = Figure(figsize=(8.0, 1.2 + 1.5 * len(names)), dpi=100)
    axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
    y = np.arange(len(params))
    for ax, name in zip(axes, names, strict=True):
        d = idx[idx["headline"] == name].set_index("parameter").reindex(params)
        ax.barh(
            y - 0.2,
            d["S1"].clip(lower=0),
            0.4,
            xerr=d["S1_conf"],
            color=PALETTE[0],
            capsize=3,
            label=t("sensitivity.sobol.first", lang),
        )
        ax.barh(
            y + 0.2,
            d["ST"].clip(lower=0),
            0.4,
            xerr=d["ST_conf"],
            color="white",
            edgecolor=PALETTE[0],
            capsize=3,
            label=t("sensitivity.sobol.total", lang),
        )
        ax.set_yticks(y, [param_label(p, lang) for p in params], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(headline_label(name, lang), fontsize=9, loc="left")
        ax.set_xlim(0, 1.1)
    from matplotlib.ticker import FuncFormatter

    axes[-1].xaxis.set_major_formatter(
        FuncFormatter(lambda v, _p: format_percent(v * 100, digits=0, lang=lang))
    )
    axes[-1].set_xlabel(t("sensitivity.sobol.x", lang))
    axes[0].legend(loc="lower right", fontsize=8)
    note = (
        source_text(figures, lang)
        + " "
        + t("sensitivity.sobol.note", lang, n=format_number(result.n, lang=lang))
    )
    return finish(fig, t("sensitivity.sobol.title", lang), note)


#: the headlines whose sentences open report 05 as its findings (the first also gives the
#: report index its key figure: the implied budget's range over the readings)
FINDING_HEADLINES = (
    "implied_budget_total",
    "trainees_per_blkk",
    "trainees_share",
    "cost_per_trainee",
)

_RESULTS: weakref.WeakKeyDictionary[Any, dict[str, Sensitivity]] = weakref.WeakKeyDictionary()


def analysis(inputs: Any, scenario: Any) -> Sensitivity:
    """:func:`blkanalysis.model.sensitivity.analyse` of the inputs and scenario (its defaults:
    Sobol, N = 1024, seed 0), computed once per inputs and scenario: the findings and the
    report's sections show the same result, in every language (the language is not a
    parameter of the analysis)."""
    params = {k: v for k, v in scenario.params().items() if k != "lang"}
    key = json.dumps(params, sort_keys=True, default=str)
    cached = _RESULTS.setdefault(inputs, {})
    if key not in cached:
        cached[key] = analyse(inputs, scenario=scenario)
    return cached[key]


def findings(sc: Any, inputs: Any) -> list[Any]:
    """Report 05's findings: the sentences of :data:`FINDING_HEADLINES`, each resting on the
    range table."""
    from blkanalysis.present.findings import Finding

    result = analysis(inputs, sc)
    figures = inputs.figures_for(sc.include_leads)
    ids = behind(inputs, sc)
    said = dict(
        zip((h.name for h in HEADLINES), sentences(result, figures, sc.lang, ids), strict=True)
    )
    ranges = result.ranges.set_index("headline")
    out = []
    for name in FINDING_HEADLINES:
        kf_key = value = None
        if name == "implied_budget_total":
            row = ranges.loc[name]
            lo = value_text(name, row["low"], sc.lang)
            hi = value_text(name, row["high"], sc.lang)
            kf_key, value = "sensitivity.kf.total_range", lo if lo == hi else f"{lo} – {hi}"
        out.append(Finding(said[name], "sensitivity.ranges", kf_key, value, tuple(ids[name])))
    return out
