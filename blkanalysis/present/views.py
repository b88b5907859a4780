"""Table views for the notebooks: which columns a reader sees, and how each is formatted.

Each view returns ``(frame, columns)`` for
:meth:`blkanalysis.present.notebook.Notebook.table`, where ``columns`` maps a column to its
kind (``idr``, ``count``, ``share``, ``multiple``, ``label``...). :func:`as_stated` and
:func:`quote` give a registry figure's "As stated" and "Quote" cells: the source's own words,
or, where they were not recorded, the value marked "wording not recorded".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from blkanalysis.data.registry import wording_recorded
from blkanalysis.present.cite import ids_of
from blkanalysis.present.i18n import t
from blkanalysis.text.numbers import format_idr, format_number, format_percent, parse_idr

View = tuple[pd.DataFrame, dict[str, str]]


def value_text(value: Any, unit: str, lang: str = "id") -> str:
    """A registry value in the reader's notation: rupiah short where that is exact
    ("Rp5,5 triliun", "IDR 5.5 trillion"), else in full ("Rp232.446.978.935"); percents;
    counts."""
    v = float(value)
    if unit == "IDR":
        exact = parse_idr(format_idr(v)) == v  # the Indonesian short form reads back exactly
        return format_idr(v, lang=lang) if exact else format_idr(v, short=False, lang=lang)
    if unit == "percent":
        return format_percent(v, digits=2, lang=lang)
    return format_number(v, digits=0 if v.is_integer() else 2, lang=lang)


def as_stated(row: Any, lang: str = "en") -> str:
    """What a table shows under "As stated" for a registry figure (a mapping or a row with
    ``as_stated``, ``quote``, ``value`` and ``unit``): the source's own words when its sentence
    was recorded; otherwise the registry's value in the library's notation, marked "wording
    not recorded" (``as_stated`` may then be a reconstruction, so it is not shown)."""
    if wording_recorded(_get(row, "quote")):
        return str(_get(row, "as_stated"))
    shown = value_text(_get(row, "value"), str(_get(row, "unit")), lang)
    return t("sources.as_recorded", lang, value=shown)


def quote(row: Any, lang: str = "en") -> str:
    """What a table shows under "Quote": the source's sentence, or "wording not recorded"."""
    q = _get(row, "quote")
    return str(q) if wording_recorded(q) else t("sources.no_quote", lang)


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict | pd.Series) else getattr(row, name)


def by_program(table: pd.DataFrame) -> View:
    cols = {"program": "label", **{c: "count" for c in table.columns if c != "program"}}
    return table, cols


def built_ids(timeline: pd.DataFrame, year: int) -> list[str]:
    """The figures behind a year's BLK Komunitas built in the timeline: the stated count, or
    (derived) the cumulative counts it is the difference of."""
    tl = timeline.set_index("year")
    if year not in tl.index:
        return []
    r = tl.loc[year]
    if not r["built_derived"]:
        return ids_of(r["built_id"])
    return ids_of(r["cumulative_id"], cumulative_ids(timeline, year - 1))


def cumulative_ids(timeline: pd.DataFrame, year: int) -> list[str]:
    """The figures behind a year's cumulative count in the timeline: the stated count, or
    (derived) the counts built in every year up to it."""
    tl = timeline.set_index("year")
    if year not in tl.index:
        return []
    if not tl.loc[year, "cumulative_derived"]:
        return ids_of(tl.loc[year, "cumulative_id"])
    return ids_of(*(built_ids(timeline, int(y)) for y in tl.index if y <= year))


def timeline(tl: pd.DataFrame) -> View:
    """The timeline; each year's counts carry the figures they rest on (stated, or those they
    are derived from: ``built_ids``, ``cumulative_ids``)."""
    years = [int(y) for y in tl["year"]]
    df = tl.rename(columns={"target": "target_value"}).assign(
        built_ids=[", ".join(built_ids(tl, y)) for y in years],
        cumulative_ids=[", ".join(cumulative_ids(tl, y)) for y in years],
    )
    return df, {
        "year": "text",
        "built": "count",
        "cumulative": "count",
        "built_derived": "bool",
        "conflict": "bool",
        "target_value": "count",
        "target_initial": "count",
    }


def conflicts(df: pd.DataFrame, lang: str = "en") -> View:
    """Quantities whose sources disagree (:func:`blkanalysis.data.summary.conflicts`); a figure
    whose source's wording was not recorded shows its value, marked so (:func:`as_stated`)."""
    df = df.assign(as_stated=[as_stated(r, lang) for r in df.to_dict("records")])
    df = df.rename(columns={"notes": "registry_notes"})  # the registry's own words (English)
    return df, {
        "quantity": "text",
        "id": "text",
        "as_stated": "text",
        "publisher": "text",
        "published": "text",
        "reliability": "text",
        "preferred": "bool",
        "registry_notes": "text",
    }


def sources_by_grade(df: pd.DataFrame) -> View:
    return df.sort_values(["reliability", "published", "source_id"]), {
        "source_id": "text",
        "publisher": "text",
        "published": "text",
        "reliability": "text",
        "figures": "count",
    }


def achievement(df: pd.DataFrame) -> View:
    df = df.rename(columns={"target": "target_value"})
    return df, {
        "measure": "label",
        "period": "text",
        "target_value": "count",
        "achieved_stock": "count",
        "achieved_stock_id": "text",
        "achieved_before": "count",
        "achieved_before_id": "text",
        "achieved": "count",
        "achieved_id": "text",
        "achieved_derived": "bool",
        "achieved_share": "share",
        "gap": "count",
    }


def intensity(df: pd.DataFrame) -> View:
    rows = df[df["units"].notna()]
    return rows, {
        "program": "label",
        "period": "text",
        "basis": "label",
        "total_idr": "idr",
        "units": "count",
        "idr_per_unit": "idr",
        "idr_per_unit_low": "idr",
        "idr_per_unit_high": "idr",
        "idr_per_unit_year": "idr",
        "idr_per_unit_year_real": "idr",
        "idr_per_unit_year_peak": "idr",
    }


def growth(df: pd.DataFrame) -> View:
    """Multiples between periods; a growth rate a year only between budgets of one basis (a
    plan set against money spent is not a trend)."""
    df = df.copy()
    df.loc[df["mixed_basis"].astype(bool), "cagr"] = float("nan")
    return df, {
        "program": "label",
        "from_period": "text",
        "to_period": "text",
        "comparison": "basis_pair",
        "mixed_basis": "bool",
        "multiple": "multiple",
        "multiple_low": "multiple",
        "multiple_high": "multiple",
        "years_between": "years",
        "cagr": "share",
    }


def by_year(df: pd.DataFrame) -> View:
    return df, {
        "program": "label",
        "period": "text",
        "year": "text",
        "weight": "parameter_share",  # the scenario's spread of an envelope over its years
        "idr": "idr",
        "idr_real": "idr",
        "idr_per_unit": "idr",
        "idr_per_unit_real": "idr",
    }


def per_trainee(split: pd.DataFrame) -> View:
    """Cost per trainee, all in and training alone, with the comparators below
    (:func:`blkanalysis.model.intensity.per_trainee_split`)."""
    rows = split.rename(columns={"trainees": "trainees_count"})
    return rows, {
        "program": "label",
        "period": "text",
        "basis": "label",
        "total_idr": "idr",
        "capital_idr": "idr",
        "trainees_count": "count",
        "idr_per_trainee": "idr",
        "idr_per_trainee_training": "idr",
        "idr_per_trainee_real": "idr",
        "idr_per_trainee_training_real": "idr",
    }


def targets(scaled: pd.DataFrame) -> View:
    first = scaled.drop_duplicates("target").rename(columns={"target": "target_label"})
    return first, {
        "target_label": "label",
        "period": "text",
        "base_value": "count",
        "unit": "label",
        "achieved_stock": "count",
        "achieved_before": "count",
        "achieved": "count",
        "achieved_period": "text",
        "publisher": "text",
        "reliability": "text",
    }


def scaled(df: pd.DataFrame) -> View:
    df = df.rename(columns={"target": "target_label"})
    return df, {
        "target_label": "label",
        "multiplier": "parameter",
        "implied_value": "count",
        "unit_cost_real": "idr",
        "implied_budget_real": "idr",
        "implied_blkk_stock": "count",
        "share_of_blkk_stock": "share",
        "gap": "count",
    }


def implied_budgets(table: pd.DataFrame) -> View:
    """The total, the parts it adds up before it, and the columns not in it after it (headed
    "... (not in the total)")."""
    from blkanalysis.model.scaling import outside_total, total_parts

    apart = outside_total(table)
    df = table.copy()
    # one scale (trillions, two decimals) for every amount, and the total the sum of the parts
    # as shown: a reader adding the row gets the total printed beside it
    money = [c for c in df.columns if c != "multiplier"]
    df[money] = (df[money] / 1e12).round(2) * 1e12
    if "total" in df.columns:
        df["total"] = df[total_parts(table)].sum(axis=1, min_count=1)
    df = df.rename(columns={c: f"{c}{OUTSIDE_TOTAL}" for c in apart})
    return df, {c: ("parameter" if c == "multiplier" else "idr_trillion") for c in df.columns}


#: suffix of a column shown apart from a total (its header says it is not in the total)
OUTSIDE_TOTAL = ".outside_total"


def trainees_per_blkk(df: pd.DataFrame) -> View:
    return df, {
        "reference": "label",
        "trainees_per_blkk": "whole",
        "per_year": "bool",
        "spread_over": "label",
        "compare_with": "label",
        "ratio": "multiple",
        "numerator_id": "text",
        "denominator_id": "text",
        "reliability": "text",
        "lead": "bool",
    }
