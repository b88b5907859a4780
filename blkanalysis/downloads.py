"""Tables as downloads: CSV files (UTF-8) and one ``.xlsx`` workbook, byte-identical on a rerun.

Generic: it knows tables, not BLK. A download holds values, not their formatting: numbers
unformatted (a whole number without ``.0``), dates as ``YYYY-MM-DD``, missing values as empty
cells, plain column names. The same bytes come out of the same tables every time: the workbook's
created and modified times and every zip entry's time are fixed (:data:`FIXED_TIME`), so a
scheduled build that changes nothing changes no download.

API::

    from blkanalysis import downloads

    downloads.write_csv(path, df)                           # one table, UTF-8, "\\n" line ends
    downloads.write_xlsx(path, {"intensity": df, "sources": sources})  # a sheet per table, in order
    downloads.csv_bytes(df), downloads.xlsx_bytes(sheets)   # the same, as bytes
    downloads.table_schema(df, descriptions)                # a Frictionless Table Schema of df
    downloads.plain(df)                                     # the values a download holds

Sheet names are the mapping's keys (at most 31 characters, none of ``[]:*?/\\``, unique
ignoring case, as Excel requires); a bad name is a :class:`ValueError`, a caller's mistake.
Files are written atomically (:func:`blkanalysis.atomic.atomic_write`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.atomic import atomic_write

#: the time written into every workbook (document properties and zip entries): the zip format's
#: earliest, so that it cannot be taken for the time of a build
FIXED_TIME = dt.datetime(1980, 1, 1, 0, 0, 0)
CREATOR = "blkanalysis"
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = set("[]:*?/\\")


# --- values -----------------------------------------------------------------------------------


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _whole(series: pd.Series) -> bool:
    """A float column whose values are all whole numbers (written, and typed, as integers)."""
    if series.dtype == np.float64:  # the common case, on the array
        array = series.to_numpy()
        array = array[~np.isnan(array)]
        return bool(len(array)) and bool((array == np.round(array)).all())
    values = series.dropna()
    return bool(len(values)) and bool((values == values.round()).all())


def _cell(v: Any) -> Any:
    """One value as a download holds it: int, float, bool, text, or None (empty)."""
    if _is_missing(v):
        return None
    if isinstance(v, bool):
        return v
    if hasattr(v, "item") and not isinstance(v, str | bytes):  # numpy scalars
        v = v.item()
    if isinstance(v, pd.Timestamp | dt.datetime):
        if v.time() == dt.time(0, 0):
            return v.strftime("%Y-%m-%d")
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool | int | str):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    return str(v)


def plain_columns(df: pd.DataFrame) -> dict[str, list[Any]]:
    """The values a download holds, column by column (name -> values, as :func:`plain`), without
    building a frame of them."""
    out = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_float_dtype(s) and _whole(s):
            values = [None if _is_missing(v) else int(v) for v in s]
        else:
            values = [_cell(v) for v in s]
        out[str(col)] = values
    return out


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """The values a download holds, as a frame of Python objects (None for missing): whole-number
    float columns as integers, dates as ``YYYY-MM-DD`` text, categories as their text."""
    out = {
        name: pd.Series(values, dtype=object, index=df.index)
        for name, values in plain_columns(df).items()
    }
    return pd.DataFrame(out, columns=[str(c) for c in df.columns]).reset_index(drop=True)


def _plain_rows(df: pd.DataFrame) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The column names and rows of :func:`plain`, without building its frame (none without
    columns, as there)."""
    names = [str(c) for c in df.columns]
    columns = plain_columns(df)
    return names, list(zip(*(columns[n] for n in names), strict=True))


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)  # the shortest text that reads back as the same number
    return str(v)


# --- CSV --------------------------------------------------------------------------------------


def csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as CSV: UTF-8 without a byte-order mark, a header row of the column names, ``\\n``
    line ends, fields quoted only where they need it, missing values empty."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names, rows = _plain_rows(df)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return buf.getvalue().encode("utf-8")


def write_csv(path: Path | str, df: pd.DataFrame) -> Path:
    """Write ``df`` as CSV (:func:`csv_bytes`) to ``path``, atomically. Returns the path."""
    path = Path(path)
    atomic_write(path, csv_bytes(df))
    return path


# --- xlsx -------------------------------------------------------------------------------------


def check_sheet_names(names: list[str]) -> None:
    """Refuse names Excel would refuse (empty, too long, forbidden characters, repeated)."""
    seen: set[str] = set()
    for name in names:
        if not name or len(name) > SHEET_NAME_MAX:
            raise ValueError(f"sheet name {name!r}: 1 to {SHEET_NAME_MAX} characters")
        bad = sorted(set(name) & _SHEET_FORBIDDEN)
        if bad or name.startswith("'") or name.endswith("'"):
            raise ValueError(f"sheet name {name!r}: none of []:*?/\\ and no ' at either end")
        if name.lower() in seen:
            raise ValueError(f"sheet name {name!r} is used twice (Excel ignores case)")
        seen.add(name.lower())


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook: a sheet per table, in the mapping's order, each with a header row of the
    column names (frozen) and the values of :func:`plain`. The same tables give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    names = list(sheets)
    if not names:
        raise ValueError("a workbook needs at least one sheet")
    check_sheet_names(names)
    wb = Workbook(write_only=True)  # rows streamed to the sheet, no cell objects kept
    for name, df in sheets.items():
        ws = wb.create_sheet(title=name)
        ws.freeze_panes = "A2"
        names, rows = _plain_rows(df)
        ws.append(names)
        for row in rows:
            ws.append(list(row))
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with _FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # openpyxl's save without its "modified = now"
    return raw.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries are all dated :data:`FIXED_TIME` (``writestr`` with a name
    would date them with the clock, ``write`` with the file's time), with the same permissions."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """A file (openpyxl's streamed sheets) stored like ``writestr``: not with its mtime."""
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes())


def write_xlsx(path: Path | str, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Write the workbook of :func:`xlsx_bytes` to ``path``, atomically. Returns the path."""
    path = Path(path)
    atomic_write(path, xlsx_bytes(sheets))
    return path


# --- Frictionless Table Schema ------------------------------------------------------------------


def field_type(series: pd.Series) -> str:
    """The Table Schema type of a column as :func:`plain` writes it."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "integer" if _whole(series) else "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    values = [v for v in series if not _is_missing(v)]
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    return "string"


def table_schema(
    df: pd.DataFrame,
    descriptions: Mapping[str, str] | None = None,
    *,
    required: tuple[str, ...] = (),
    primary_key: str | list[str] | None = None,
    foreign_keys: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A Frictionless Table Schema for ``df`` as written by :func:`write_csv`: one field per
    column with its type and description, ``required`` columns, keys, and empty text as missing."""
    descriptions = descriptions or {}
    fields = []
    for col in df.columns:
        f: dict[str, Any] = {"name": str(col), "type": field_type(df[col])}
        if f["type"] == "boolean":
            f["trueValues"], f["falseValues"] = ["true"], ["false"]
        if col in descriptions:
            f["description"] = descriptions[col]
        if col in required:
            f["constraints"] = {"required": True}
        fields.append(f)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if primary_key is not None:
        schema["primaryKey"] = primary_key
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema
