"""The registry as tables anyone can reuse: ``blk export DIR``.

Writes, from a data directory (default the project's ``data/``):

- ``figures.csv``: every figure, grade C leads included, one row each (``source_id`` names its
  source);
- ``sources.csv``: every source document, one row each;
- ``cpi.csv``: the CPI series by year (the rate as reported and the chained price levels);
- ``cpi_sources.csv``: the news reports of each year's BPS release (these two only when the
  data directory has a ``cpi.yaml``);
- ``datapackage.json``: a Frictionless Data Package describing the four tables (a Table Schema
  each, with types, descriptions, keys, and each file's size and SHA-256), so that a reader can
  check the files (``frictionless validate datapackage.json``) and load them with their types.

The files are CSV in UTF-8 with plain column names and unformatted numbers
(:mod:`blkanalysis.downloads`), the same bytes on every run from the same data.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from blkanalysis import paths
from blkanalysis.atomic import atomic_write
from blkanalysis.data.prices import cpi_records, load_cpi
from blkanalysis.data.registry import load_figures, wording_recorded
from blkanalysis.downloads import csv_bytes, table_schema

FIGURES: dict[str, str] = {
    "id": "the figure's identifier, unique and stable",
    "source_id": "the source document (sources.csv)",
    "quantity": "program/measure/basis/period: figures with the same key state the same quantity",
    "program": "the programme the figure is about",
    "measure": "what is measured",
    "basis": "realised, allocated, estimated_need, target, count or capacity",
    "value": "the figure's value, in its unit (rupiah for IDR)",
    "unit": "IDR (rupiah), percent, or what is counted",
    "period": "the year, or the years of a multi-year envelope (2023-2024)",
    "period_start": "the period's first year",
    "period_end": "the period's last year",
    "units_covered": "for a rupiah figure: the number of BLK it covers",
    "as_stated": (
        "the figure as the quote writes it; where wording_recorded is false, the value in "
        "Indonesian notation, which may not be the source's own writing"
    ),
    "quote": "the source's own sentence holding the figure; empty where it was not recorded",
    "wording_recorded": "whether the source's own wording (quote) was recorded",
    "speaker": "who stated the figure (empty: the outlet itself)",
    "speaker_role": "the speaker's office at the time",
    "event": "the event where it was stated",
    "event_date": "the event's date",
    "as_of": "for a stock counted at a point in time: the date of the count",
    "trainees_figure": "id of the figure giving the trainees a budget pays for",
    "continues": "quantity key of an earlier budget whose BLK this one continues building",
    "preferred": "whether the analysis uses this figure for its quantity",
    "notes": "why the figure is (not) preferred, what it covers, what is uncertain",
    "flag": "a known problem a reader must see wherever the figure is used",
}
SOURCES: dict[str, str] = {
    "source_id": "the source document's identifier (its file name in data/sources)",
    "publisher": "the outlet or publisher",
    "title": "the document's title",
    "url": "the document's address",
    "published": "publication date",
    "published_note": "what is known of the date when it is not shown",
    "language": "id (Indonesian) or en",
    "reliability": (
        "A: major national outlet quoting a named official; B: smaller outlet, press-release "
        "reprint or government clipping; C: blog or undated document, a lead only"
    ),
    "lead": "grade C: a lead, left out of the analysis by default",
    "figures": "how many figures of figures.csv come from this source",
    "notes": "notes on the source",
}
CPI: dict[str, str] = {
    "year": "calendar year",
    "inflation": "CPI inflation, December year-on-year, percent (empty for the chain's base)",
    "as_stated": "the rate as the report of the release writes it",
    "december_level": "December price level, chained from the rates (the base year = 100)",
    "midyear_level": "mid-year price level: geometric mean of this and the previous December",
    "notes": "notes on the year",
}
CPI_SOURCES: dict[str, str] = {
    "year": "the year whose rate the report gives (cpi.csv)",
    "publisher": "the outlet",
    "url": "the report's address",
    "published": "publication date",
    "reliability": "A, B or C, as for sources.csv",
    "quote": "the report's sentence giving the rate; empty where it was not recorded",
}


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures of :func:`~blkanalysis.data.registry.load_figures` as exported."""
    df = figures.copy()
    df["wording_recorded"] = df["quote"].map(wording_recorded).astype(bool)
    for col in ("program", "basis", "unit"):
        df[col] = df[col].astype(str)
    return df[list(FIGURES)].reset_index(drop=True)


def sources_table(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per source document of ``figures``, with how many figures it gives."""
    counts = figures.groupby("source_id").size()
    first = figures.drop_duplicates("source_id").set_index("source_id")
    df = pd.DataFrame(
        {
            "source_id": first.index,
            "publisher": first["publisher"].to_numpy(),
            "title": first["title"].to_numpy(),
            "url": first["url"].to_numpy(),
            "published": first["published"].to_numpy(),
            "published_note": first["published_note"].to_numpy(),
            "language": first["language"].to_numpy(),
            "reliability": first["reliability"].astype(str).to_numpy(),
            "lead": first["lead"].to_numpy(),
            "figures": counts.reindex(first.index).to_numpy(),
            "notes": first["source_notes"].to_numpy(),
        }
    )
    return df.sort_values("source_id", kind="mergesort").reset_index(drop=True)


def cpi_tables(cpi_path: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cpi, cpi_sources) as exported."""
    series = load_cpi(cpi_path)
    years, reports = cpi_records(cpi_path)
    cpi = series[["year", "inflation", "level", "midyear_level"]].rename(
        columns={"level": "december_level"}
    )
    cpi = cpi.merge(years, on="year", how="left")[list(CPI)]
    return cpi.reset_index(drop=True), reports[list(CPI_SOURCES)].reset_index(drop=True)


def registry_tables(data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """The tables of an export, by name: figures, sources, cpi, cpi_sources. A directory of
    one's own without a ``cpi.yaml`` (a registry may be sources alone) gives no CPI tables."""
    base = Path(data_dir) if data_dir is not None else None
    figures = load_figures(base, include_leads=True)
    tables = {"figures": figures_table(figures), "sources": sources_table(figures)}
    cpi_path = paths.cpi_file(base)
    if base is None or cpi_path.exists():
        tables["cpi"], tables["cpi_sources"] = cpi_tables(cpi_path)
    return tables


def _schemas(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, Any]]:
    schemas = {
        "figures": table_schema(
            tables["figures"],
            FIGURES,
            required=("id", "source_id", "quantity", "value", "unit", "as_stated"),
            primary_key="id",
            foreign_keys=[
                {
                    "fields": "source_id",
                    "reference": {"resource": "sources", "fields": "source_id"},
                },
                {"fields": "trainees_figure", "reference": {"resource": "", "fields": "id"}},
            ],
        ),
        "sources": table_schema(
            tables["sources"],
            SOURCES,
            required=("source_id", "publisher", "reliability"),
            primary_key="source_id",
        ),
    }
    if "cpi" in tables:
        schemas["cpi"] = table_schema(tables["cpi"], CPI, required=("year",), primary_key="year")
        schemas["cpi_sources"] = table_schema(
            tables["cpi_sources"],
            CPI_SOURCES,
            required=("year", "publisher"),
            foreign_keys=[{"fields": "year", "reference": {"resource": "cpi", "fields": "year"}}],
        )
    return schemas


def export_registry(out_dir: Path | str, data_dir: Path | str | None = None) -> list[Path]:
    """Write the registry's tables as CSV and their ``datapackage.json`` into ``out_dir``
    (created if needed; other files there are left alone). Returns the files written.
    Each file is replaced atomically, the descriptor last: its sizes and SHA-256 sums tell a
    reader whether the tables beside it are the ones it describes.
    Raises :class:`~blkanalysis.errors.BlkDataError` (every problem) on a bad registry."""
    out = Path(out_dir)
    tables = registry_tables(data_dir)
    schemas = _schemas(tables)
    resources = []
    written = []
    for name, df in tables.items():
        data = csv_bytes(df)
        path = out / f"{name}.csv"
        atomic_write(path, data)
        written.append(path)
        resources.append(
            {
                "name": name,
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "schema": schemas[name],
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "blkanalysis-registry",
        "title": "blkanalysis figures registry: BLK and BLK Komunitas figures with their sources",
        "description": (
            "Published figures on Indonesia's vocational training centres (BLK) and community "
            "training centres (BLK Komunitas), each with its source (publisher, address, date, "
            "speaker, quote, reliability grade), and the CPI inflation the analysis uses. "
            "Written by `blk export` from the blkanalysis registry (data/sources/*.yaml)."
        ),
        "resources": resources,
    }
    descriptor = out / "datapackage.json"
    atomic_write(descriptor, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    written.append(descriptor)
    return written
