"""Downloads: CSV and xlsx that hold values (not formatting) and are byte-identical on a rerun."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import numpy as np
import pandas as pd
import pytest

from blkanalysis import downloads


@pytest.fixture
def table() -> pd.DataFrame:
    """A small table with every kind of column a report shows."""
    return pd.DataFrame(
        {
            "id": ["blk-a", "blk-b", "blk-c"],
            "program": pd.Categorical(["blk_komunitas", "training", "blk_komunitas"]),
            "total_idr": [2_038_260_308_771.0, 20_906_135_371.0, np.nan],  # whole: integers
            "share": [0.2065, np.nan, 1 / 3],
            "units": pd.array([13, pd.NA, 3], dtype="Int64"),
            "preferred": [True, False, True],
            "published": pd.to_datetime(["2022-08-22", None, "2019-01-08"]),
            "quote": ['kata "Rp 2,03 triliun", lalu', None, "Perjanjian Kerja Bersama\nbaris dua"],
        }
    )


def test_csv_holds_plain_values(table):
    text = downloads.csv_bytes(table).decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "id,program,total_idr,share,units,preferred,published,quote"
    assert lines[1].startswith("blk-a,blk_komunitas,2038260308771,0.2065,13,true,2022-08-22,")
    assert '"kata ""Rp 2,03 triliun"", lalu"' in lines[1]  # quoted only where needed
    assert lines[2] == "blk-b,training,20906135371,,,false,,"  # missing values are empty
    assert "0.3333333333333333" in text  # the shortest text of the number, not rounded
    assert text.endswith("\n") and "\r" not in text


def test_csv_reads_back_with_pandas_as_the_same_values(table):
    back = pd.read_csv(io.BytesIO(downloads.csv_bytes(table)), keep_default_na=True)
    assert back["id"].tolist() == table["id"].tolist()
    assert back["total_idr"].tolist()[:2] == table["total_idr"].tolist()[:2]
    assert np.isnan(back["total_idr"].iloc[2])
    np.testing.assert_array_equal(back["share"].to_numpy(), table["share"].to_numpy())
    assert back["preferred"].tolist() == [True, False, True]
    assert back["quote"].iloc[2] == "Perjanjian Kerja Bersama\nbaris dua"


def test_csv_is_utf8_without_a_byte_order_mark():
    data = downloads.csv_bytes(pd.DataFrame({"kota": ["Pangkajene dan Kepulauan – Sulsel"]}))
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "–".encode() in data


def test_xlsx_has_a_sheet_per_table_in_order_and_reads_back_equal(table):
    sources = pd.DataFrame({"source_id": ["detik-2022-08-22"], "url": ["https://detik.com/x"]})
    data = downloads.xlsx_bytes({"intensity": table, "sources": sources})
    back = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(back) == ["intensity", "sources"]
    shown = back["intensity"]
    assert list(shown.columns) == list(table.columns)
    expected = downloads.plain(table)
    for col in table.columns:
        for got, want in zip(shown[col], expected[col], strict=True):
            if want is None:
                assert pd.isna(got), col
            else:
                assert got == want, col
    assert back["sources"].equals(sources)


def _archive_times(data: bytes) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.date_time for i in z.infolist()}


def test_xlsx_is_byte_identical_whatever_the_clock_says(table, monkeypatch):
    sheets = {"intensity": table}
    first = downloads.xlsx_bytes(sheets)
    real_time, real_localtime = time.time, time.localtime
    later = real_time() + 400 * 86400  # the clock of a build 400 days later
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda t=None: real_localtime(later))
    assert downloads.xlsx_bytes(sheets) == first
    assert _archive_times(first) == {downloads.FIXED_TIME.timetuple()[:6]}
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        core = z.read("docProps/core.xml").decode()
    stamp = downloads.FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert core.count(stamp) == 2  # created and modified


def test_write_functions_write_the_same_bytes(table, tmp_path):
    csv = downloads.write_csv(tmp_path / "t.csv", table)
    xlsx = downloads.write_xlsx(tmp_path / "t.xlsx", {"t": table})
    assert csv.read_bytes() == downloads.csv_bytes(table)
    assert xlsx.read_bytes() == downloads.xlsx_bytes({"t": table})


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["a" * 32], "1 to 31 characters"),
        (["sources/2022"], "none of"),
        (["Sources", "sources"], "used twice"),
        ([], "at least one sheet"),
    ],
)
def test_sheet_names_excel_refuses_are_refused(names, message):
    with pytest.raises(ValueError, match=message):
        downloads.xlsx_bytes({n: pd.DataFrame({"a": [1]}) for n in names})


def test_table_schema_types_match_what_is_written(table):
    schema = downloads.table_schema(table, {"id": "the figure"}, required=("id",), primary_key="id")
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types == {
        "id": "string",
        "program": "string",
        "total_idr": "integer",
        "share": "number",
        "units": "integer",
        "preferred": "boolean",
        "published": "date",
        "quote": "string",
    }
    first = schema["fields"][0]
    assert first["description"] == "the figure" and first["constraints"] == {"required": True}
    assert schema["primaryKey"] == "id" and schema["missingValues"] == [""]


def test_plain_turns_dates_and_numpy_values_into_python_values():
    df = pd.DataFrame(
        {"d": [dt.date(2022, 8, 22)], "n": [np.int64(5)], "f": [np.float64(2.5)], "b": [np.True_]}
    )
    row = downloads.plain(df).iloc[0].tolist()
    assert row == ["2022-08-22", 5, 2.5, True]
    assert [type(v) for v in row] == [str, int, float, bool]


def test_plain_columns_are_the_columns_of_plain(table):
    columns = downloads.plain_columns(table)
    frame = downloads.plain(table)
    assert list(columns) == list(frame.columns)
    for name, values in columns.items():
        assert values == frame[name].tolist()
        assert [type(v) for v in values] == [type(v) for v in frame[name].tolist()]


def test_the_written_rows_are_the_rows_of_plain(table):
    """CSV and xlsx write the rows of plain without building its frame (none without columns,
    as plain has none)."""
    for df in (table, table.iloc[:0], table[[]], table.set_index("id")):
        names, rows = downloads._plain_rows(df)
        frame = downloads.plain(df)
        assert names == list(frame.columns)
        expected = list(frame.itertuples(index=False, name=None))
        assert rows == expected
        assert [[type(v) for v in r] for r in rows] == [[type(v) for v in r] for r in expected]


def test_the_handed_over_table_holds_the_rows_of_plain(table, monkeypatch):
    import IPython.display

    from blkanalysis import handoff

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw: shown.append(data))
    handoff.table("intensity", table)
    data = shown[0][handoff.TABLE_MIME]
    frame = downloads.plain(table)
    assert data["name"] == "intensity"
    assert data["columns"] == list(frame.columns)
    assert data["rows"] == [list(r) for r in frame.itertuples(index=False, name=None)]
    handoff.table("empty", table.iloc[0:0])
    assert shown[1][handoff.TABLE_MIME]["rows"] == []
