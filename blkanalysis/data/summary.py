"""Summaries of the registry: what is known, from whom, how reliable, where sources disagree."""

from __future__ import annotations

import pandas as pd

from blkanalysis.data.registry import load_figures


def _figures(figures: pd.DataFrame | None) -> pd.DataFrame:
    return load_figures() if figures is None else figures


def figures_by_program(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count of figures per programme and basis (a programme x basis table with totals)."""
    df = _figures(figures)
    table = pd.crosstab(df["program"], df["basis"], margins=True, margins_name="total")
    table = table.loc[:, (table != 0).any(axis=0)]
    table.index.name = "program"
    table.columns.name = None
    return table.reset_index()


def sources_table(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per source document: publisher, date, address, grade and how many figures."""
    df = _figures(figures)
    grouped = (
        df.groupby("source_id", sort=True, observed=True)
        .agg(
            publisher=("publisher", "first"),
            published=("published", "first"),
            published_note=("published_note", "first"),
            reliability=("reliability", "first"),
            url=("url", "first"),
            figures=("id", "count"),
        )
        .reset_index()
    )
    grouped["published"] = grouped["published"].dt.strftime("%Y-%m-%d")
    return grouped.sort_values(["published", "source_id"], na_position="last").reset_index(
        drop=True
    )


def conflicts(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quantities stated by more than one source whose values differ, with the preferred one."""
    df = _figures(figures)
    multi = df.groupby("quantity", observed=True)["id"].transform("count") > 1
    sub = df[multi]
    differing = sub.groupby("quantity", observed=True)["value"].transform("nunique") > 1
    out = sub[differing][
        [
            "quantity",
            "id",
            "value",
            "unit",
            "as_stated",
            "publisher",
            "published",
            "reliability",
            "preferred",
            "notes",
        ]
    ].copy()
    out["published"] = out["published"].dt.strftime("%Y-%m-%d")
    return out.sort_values(["quantity", "preferred", "id"], ascending=[True, False, True])


def registry_summary(figures: pd.DataFrame | None = None) -> dict[str, object]:
    """Key counts: figures, sources, grades, quantities with several sources, conflicts."""
    df = _figures(figures)
    return {
        "figures": len(df),
        "sources": df["source_id"].nunique(),
        "by_reliability": {
            str(k): int(v)
            for k, v in df.drop_duplicates("source_id")["reliability"].value_counts().items()
            if v
        },
        "quantities": df["quantity"].nunique(),
        "corroborated": int((df.groupby("quantity", observed=True)["id"].count() > 1).sum()),
        "conflicting": int(conflicts(df)["quantity"].nunique()),
        "leads_excluded": not bool(df["lead"].any()),
    }
