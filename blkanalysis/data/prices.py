"""Prices: Indonesia's CPI inflation (``data/cpi.yaml``) and conversion to real terms.

BPS rebased the CPI twice (2012=100, 2018=100, 2022=100), so index levels from different bases
cannot be divided. We chain the December year-on-year rates into one price level
(December 2013 = 100) and deflate with it.

Two price points are offered. ``"december"`` uses the December level of each year (what BPS
reports). ``"midyear"`` approximates the price level in the middle of a year as the geometric mean
of the December levels on either side; it suits yearly budget flows better, at the cost of one
year at the start of the series. Annual-average CPI was not found in the sources.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from blkanalysis import paths
from blkanalysis.data.registry import check_date
from blkanalysis.data.validation import json_schema_of, problems_from
from blkanalysis.data.yamlio import read_yaml
from blkanalysis.errors import BlkDataError, CPIRangeError, Problem

PricePoint = Literal["december", "midyear"]
RATE_TOLERANCE_PP = 0.02  # percentage points allowed between a rate and its reported levels


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class IndexLevel(_Strict):
    level: Annotated[float, Field(gt=0)]
    base: Annotated[str, Field(pattern=r"^\d{4}=100$")]
    note: str | None = None


class CPISource(_Strict):
    publisher: Annotated[str, Field(min_length=1)]
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None
    published: Annotated[Any, Field(json_schema_extra={"type": "string", "format": "date"})]
    reliability: Literal["A", "B", "C"]
    quote: str | None = None

    _published = field_validator("published", mode="before")(
        classmethod(lambda cls, v: check_date(v))
    )


class CPIYear(_Strict):
    year: Annotated[int, Field(ge=1945, le=2100)]
    inflation: Annotated[float, Field(gt=-50, lt=100)]
    as_stated: str | None = None
    december_index: list[IndexLevel] = []
    sources: Annotated[list[CPISource], Field(min_length=1)]
    notes: str | None = None

    @field_validator("inflation", mode="before")
    @classmethod
    def _number(cls, v: Any) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"expected a number in percent (2.61), got {v!r}")
        return float(v)


class CPISeries(_Strict):
    name: str
    publisher: str
    unit: Literal["percent"]
    notes: str | None = None


class CPIFile(_Strict):
    series: CPISeries
    years: Annotated[list[CPIYear], Field(min_length=1)]


def _record(raw: Any):
    def name(loc: tuple[Any, ...]) -> tuple[str | None, tuple[Any, ...]]:
        if len(loc) >= 2 and loc[0] == "years" and isinstance(loc[1], int):
            year = None
            try:
                year = raw["years"][loc[1]].get("year")
            except (KeyError, IndexError, TypeError, AttributeError):
                year = None
            return (f"year {year}" if isinstance(year, int) else f"years[{loc[1]}]"), loc[2:]
        if loc and loc[0] == "series":
            return "series", loc[1:]
        return None, loc

    return name


def _allowed(record: str | None, parent: tuple[Any, ...]) -> list[str]:
    if record is None:
        return list(CPIFile.model_fields)
    if record == "series":
        return list(CPISeries.model_fields)
    if parent and parent[0] == "sources":
        return list(CPISource.model_fields)
    if parent and parent[0] == "december_index":
        return list(IndexLevel.model_fields)
    return list(CPIYear.model_fields)


def _read(path: Path) -> tuple[CPIFile | None, list[Problem]]:
    display = str(path)
    with contextlib.suppress(ValueError):
        display = str(path.resolve().relative_to(paths.project_root().resolve()))
    raw, problems = read_yaml(path, display=display)
    if problems:
        return None, problems
    if not isinstance(raw, dict):
        return None, [Problem(display, None, None, "expected a mapping with 'series' and 'years'")]
    try:
        model = CPIFile.model_validate(raw)
    except ValidationError as exc:
        return None, problems_from(exc, file=display, record=_record(raw), allowed=_allowed)
    out: list[Problem] = []
    years = [y.year for y in model.years]
    if years != list(range(years[0], years[0] + len(years))):
        out.append(
            Problem(
                display,
                None,
                "years",
                f"years must be consecutive and in order, got {years}; fill the gap or reorder",
            )
        )
    prev: CPIYear | None = None
    for y in model.years:
        if prev is not None and prev.year == y.year - 1:
            for cur in y.december_index:
                for old in prev.december_index:
                    if old.base == cur.base:
                        implied = (cur.level / old.level - 1) * 100
                        if abs(implied - y.inflation) > RATE_TOLERANCE_PP:
                            out.append(
                                Problem(
                                    display,
                                    f"year {y.year}",
                                    "inflation",
                                    f"{y.inflation} % disagrees with the December levels "
                                    f"{old.level} -> {cur.level} (base {cur.base}), which imply "
                                    f"{implied:.2f} %",
                                )
                            )
        prev = y
    return model, out


def validate_cpi(path: Path | str | None = None) -> list[Problem]:
    """Every problem in the CPI file (empty when clean)."""
    _, problems = _read(paths.cpi_file(Path(path) if path is not None else None))
    return problems


def validate_data(
    data_dir: Path | str | None = None, *, cpi_required: bool = True
) -> list[Problem]:
    """Every problem in a data directory: its registry and (if present or required) cpi.yaml."""
    from blkanalysis.data.registry import validate_registry

    base = Path(data_dir) if data_dir is not None else None
    problems = validate_registry(base)
    cpi_path = paths.cpi_file(base)
    if cpi_required or cpi_path.exists():
        problems = [*problems, *validate_cpi(cpi_path)]
    model_path = paths.model_file(base)
    if cpi_required or model_path.exists():
        from blkanalysis.data.programme import validate_model

        problems = [*problems, *validate_model(model_path)]
    return problems


def load_cpi(path: Path | str | None = None) -> pd.DataFrame:
    """The CPI series: one row per year with the inflation rate and the chained price level.

    Columns: ``year``, ``inflation`` (percent, December y-o-y), ``level`` (December price level,
    chained, December of the year before the first rate = 100), ``midyear_level`` (geometric mean
    of this and the previous December level), ``sources`` (publishers) and ``urls``. The first row
    is the chain's base year, with no rate.
    """
    from blkanalysis.data.inputs import cached_cpi

    return cached_cpi(paths.cpi_file(Path(path) if path is not None else None)).copy()


def parse_cpi(path: Path) -> pd.DataFrame:
    """Read and validate a CPI file (no cache): the table :func:`load_cpi` returns."""
    model, problems = _read(path)
    if problems or model is None:
        raise BlkDataError(problems)
    first = model.years[0].year - 1
    years = [first] + [y.year for y in model.years]
    rates = [math.nan] + [y.inflation for y in model.years]
    levels = 100.0 * np.cumprod([1.0] + [1 + y.inflation / 100 for y in model.years])
    mid = [math.nan] + [math.sqrt(levels[i] * levels[i + 1]) for i in range(len(levels) - 1)]
    return pd.DataFrame(
        {
            "year": np.array(years, dtype="int64"),
            "inflation": np.array(rates, dtype="float64"),
            "level": levels,
            "midyear_level": np.array(mid, dtype="float64"),
            "sources": [""] + ["; ".join(s.publisher for s in y.sources) for y in model.years],
            "urls": [""] + [" ".join(s.url or "" for s in y.sources).strip() for y in model.years],
        }
    )


def price_levels(
    cpi: pd.DataFrame | None = None, price_point: PricePoint = "december"
) -> pd.Series:
    """Price level by year (index: year) for the chosen price point, without gaps."""
    cpi = load_cpi() if cpi is None else cpi
    col = {"december": "level", "midyear": "midyear_level"}[price_point]
    # the first row is the chain's base (December before the first rate): not a year of the
    # series itself, so it is not offered as a price year
    levels, years = cpi[col].to_numpy(), cpi["year"]
    keep = ~(pd.isna(cpi["inflation"].to_numpy()) | pd.isna(levels))
    return pd.Series(
        levels[keep],
        index=pd.Index(years.to_numpy()[keep], dtype=years.dtype, name="year"),
        name=f"{price_point}_price_level",
    )


def cpi_years(cpi: pd.DataFrame | None = None, price_point: PricePoint = "december") -> range:
    s = price_levels(cpi, price_point)
    return range(int(s.index.min()), int(s.index.max()) + 1)


def deflator(
    years: Sequence[int] | np.ndarray | pd.Series | int,
    base_year: int = 2022,
    *,
    cpi: pd.DataFrame | None = None,
    price_point: PricePoint = "december",
) -> np.ndarray:
    """Factor turning nominal rupiah of ``years`` into rupiah of ``base_year`` prices."""
    levels = price_levels(cpi, price_point)
    arr = np.atleast_1d(np.asarray(years, dtype="float64"))
    # a year is usable only if it is a whole number with a price level (NaN is not a year)
    missing = sorted({y for y in [*arr.tolist(), float(base_year)] if y not in levels.index})
    if missing:
        shown = [int(y) if y == y and y.is_integer() else y for y in missing]
        raise CPIRangeError(
            shown, int(levels.index.min()), int(levels.index.max()), paths.cpi_file()
        )
    # every year has a level (checked above): its position in the series
    at = levels.index.get_indexer(arr.astype("int64"))
    return levels.loc[base_year] / levels.to_numpy()[at]


def to_real(
    data: pd.DataFrame | pd.Series,
    years: Sequence[int] | pd.Series | str | None = None,
    base_year: int = 2022,
    *,
    value_cols: Sequence[str] | None = None,
    cpi: pd.DataFrame | None = None,
    price_point: PricePoint = "december",
    suffix: str = "_real",
) -> pd.DataFrame | pd.Series:
    """Deflate nominal rupiah to ``base_year`` prices with the chained CPI.

    - A Series: ``years`` gives each value's year (a sequence aligned with it); by default the
      Series index is taken as the years. Returns a new Series of real values.
    - A DataFrame: ``years`` names the year column (default ``"year"``); ``value_cols`` the
      rupiah columns to deflate (default: ``["value"]``). Returns a new DataFrame with a
      ``<col>_real`` column per value column and ``price_base_year``.

    Years outside the CPI series raise :class:`~blkanalysis.errors.CPIRangeError`.
    """
    if isinstance(data, pd.Series):
        yrs = data.index.to_numpy() if years is None else np.asarray(years)
        if len(yrs) != len(data):
            raise ValueError(f"{len(yrs)} years given for {len(data)} values")
        factor = deflator(yrs, base_year, cpi=cpi, price_point=price_point)
        out = data.astype("float64") * factor
        out.name = f"{data.name}{suffix}" if data.name is not None else None
        return out
    year_col = years if isinstance(years, str) else "year"
    if year_col not in data.columns:
        raise KeyError(f"no year column {year_col!r} in the frame; pass years='<column name>'")
    cols = list(value_cols) if value_cols is not None else ["value"]
    factor = deflator(data[year_col].to_numpy(), base_year, cpi=cpi, price_point=price_point)
    out = data.copy()
    for col in cols:
        out[f"{col}{suffix}"] = out[col].astype("float64") * factor
    out["price_base_year"] = base_year
    return out


def cpi_json_schema() -> dict[str, Any]:
    return json_schema_of(CPIFile, "blkanalysis cpi.yaml")


def cpi_records(path: Path | str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CPI file as written, for export: (years, sources).

    ``years``: ``year``, ``as_stated`` and ``notes`` of each year; ``sources``: one row per
    report of a year's release (``year``, ``publisher``, ``url``, ``published``, ``reliability``,
    ``quote``; ``quote`` null where it was not recorded). Raises
    :class:`~blkanalysis.errors.BlkDataError` listing every problem of a bad file.
    """
    model, problems = _read(paths.cpi_file(Path(path) if path is not None else None))
    if problems or model is None:
        raise BlkDataError(problems)
    years = pd.DataFrame(
        [{"year": y.year, "as_stated": y.as_stated, "notes": y.notes} for y in model.years],
        columns=["year", "as_stated", "notes"],
    )
    sources = pd.DataFrame(
        [
            {
                "year": y.year,
                "publisher": s.publisher,
                "url": s.url,
                "published": s.published,
                "reliability": s.reliability,
                "quote": s.quote,
            }
            for y in model.years
            for s in y.sources
        ],
        columns=["year", "publisher", "url", "published", "reliability", "quote"],
    )
    sources["published"] = pd.to_datetime(sources["published"]).astype("datetime64[s]")
    return years, sources
