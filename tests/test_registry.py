"""The registry loader: strict validation with errors naming file, record and field."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from blkanalysis import BlkAnalysisError, BlkDataError, load_figures, validate_registry
from blkanalysis.data.registry import COLUMNS, parse_period, quantity_key
from tests.conftest import BAD_REGISTRY, GOOD_REGISTRY, bad_registry_cases, materialise_bad_case


def test_good_fixture_loads_with_typed_columns():
    df = load_figures(GOOD_REGISTRY)
    assert list(df.columns) == COLUMNS
    assert len(df) == 3
    row = df.set_index("id").loc["blk-transformation-need-2023-2024-detik"]
    assert row["value"] == 2_038_260_308_771
    assert row["period"] == "2023-2024"
    assert (row["period_start"], row["period_end"], row["n_years"]) == (2023, 2024, 2)
    assert row["units_covered"] == 13
    assert row["speaker"] == "Ida Fauziyah"  # the source's only speaker
    assert row["event"] == "Rapat Kerja Komisi IX DPR RI"
    assert row["published"] == pd.Timestamp("2022-08-22")
    assert row["reliability"] == "A"
    assert row["source_id"] == "detik-2022-08-22-blk-transformation"
    assert str(df["units_covered"].dtype) == "Int64"
    assert str(df["published"].dtype).startswith("datetime64")
    assert isinstance(df["basis"].dtype, pd.CategoricalDtype)


def test_load_returns_new_frames_each_time():
    a = load_figures(GOOD_REGISTRY)
    a.loc[0, "value"] = -1
    b = load_figures(GOOD_REGISTRY)
    assert (b["value"] > 0).all()


@pytest.mark.parametrize("case", bad_registry_cases())
def test_bad_registry_is_rejected_naming_file_record_and_field(case, tmp_path):
    d = materialise_bad_case(case, tmp_path)
    expect = yaml.safe_load((BAD_REGISTRY / case / "expect.yaml").read_text())
    if (d / "model.yaml").exists():  # a bad programme model beside a good registry
        from blkanalysis.data.programme import load_model
        from blkanalysis.errors import ModelError

        with pytest.raises(ModelError) as info:
            load_model(d / "model.yaml")
    else:
        with pytest.raises(BlkDataError) as info:
            load_figures(d)
    err = info.value
    assert isinstance(err, BlkAnalysisError)
    matching = [
        p
        for p in err.problems
        if p.file.endswith(expect["file"])
        and p.record == expect["record"]
        and p.field == expect["field"]
        and expect["message"] in p.message
    ]
    assert matching, f"expected {expect}, got:\n{err}"
    text = str(err)
    assert expect["file"] in text
    if expect["record"]:
        assert repr(expect["record"]) in text
    if expect["field"]:
        assert repr(expect["field"]) in text


def test_bad_corpus_is_large_enough():
    assert len(bad_registry_cases()) >= 20


def test_every_problem_is_reported_not_only_the_first(good_registry):
    path = next((good_registry / "sources").glob("*.yaml"))
    text = path.read_text()
    text = text.replace("basis: realised", "basis: planned").replace("unit: IDR", "unit: Rp", 1)
    text = text.replace("reliability: A", "reliability: Z")
    path.write_text(text)
    problems = validate_registry(good_registry)
    fields = {(p.record, p.field) for p in problems}
    assert ("blk-transformation-budget-2021-detik", "basis") in fields
    assert ("blk-transformation-budget-2021-detik", "unit") in fields
    assert ("source", "reliability") in fields


def test_missing_directory_is_a_data_error(tmp_path):
    with pytest.raises(BlkDataError, match="no such directory"):
        load_figures(tmp_path / "nope")


def test_empty_directory_is_a_data_error(tmp_path):
    with pytest.raises(BlkDataError, match="no source files"):
        load_figures(tmp_path)


@pytest.mark.parametrize(
    ("period", "expected"),
    [(2021, (2021, 2021)), ("2023-2024", (2023, 2024)), ("2022", (2022, 2022))],
)
def test_parse_period(period, expected):
    assert parse_period(period) == expected


@pytest.mark.parametrize(
    "period", ["2023/2024", "2024-2023", "2023-2023", 2022.0, True, "22", 3000]
)
def test_parse_period_rejects(period):
    with pytest.raises(ValueError):
        parse_period(period)


def test_quantity_key_normalises_period():
    assert quantity_key("a", "b", "c", 2022) == quantity_key("a", "b", "c", "2022") == "a/b/c/2022"


def test_as_stated_precision_bounds(good_registry):
    """A value at the edge of the stated precision is accepted; just outside it is not."""
    path = next((good_registry / "sources").glob("*.yaml"))
    base = path.read_text()
    ok = (
        base.replace('"Rp 2.038.260.308.771"', '"Rp 2,03 triliun"')
        .replace("sebesar Rp 2.038.260.308.771", "sebesar Rp 2,03 triliun")  # in the quote
        .replace("value: 2038260308771", "value: 2025000000000")
    )
    path.write_text(ok)
    assert validate_registry(good_registry) == []
    path.write_text(ok.replace("value: 2025000000000", "value: 2035000000000"))
    problems = validate_registry(good_registry)
    assert [p.field for p in problems] == ["as_stated"]


def test_schema_files_are_up_to_date():
    """The committed JSON Schemas are generated from the loader's models (`blk schema`)."""
    import json

    from blkanalysis import paths
    from blkanalysis.data.prices import cpi_json_schema
    from blkanalysis.data.programme import json_schema as model_json_schema
    from blkanalysis.data.registry import json_schema

    for name, schema in (
        ("source", json_schema()),
        ("cpi", cpi_json_schema()),
        ("model", model_json_schema()),
    ):
        committed = json.loads((paths.schema_dir() / f"{name}.schema.json").read_text())
        assert committed == schema, f"run `blk schema` to refresh data/schema/{name}.schema.json"


def _figure_2021(good_registry):
    path = next((good_registry / "sources").glob("*.yaml"))
    return path, path.read_text()


QUOTE_2021 = '    quote: "sejak 2021 dengan anggaran Rp 20.906.135.371 untuk 3 BLK"'


def test_a_quote_folded_over_lines_still_contains_its_as_stated(good_registry):
    path, text = _figure_2021(good_registry)
    folded = "    quote: >-\n      sejak 2021 dengan anggaran Rp\n      20.906.135.371 untuk 3 BLK"
    assert QUOTE_2021 in text
    path.write_text(text.replace(QUOTE_2021, folded))
    assert validate_registry(good_registry) == []


def test_a_quote_differing_from_as_stated_only_in_spacing_is_only_the_figure(good_registry):
    path, text = _figure_2021(good_registry)
    path.write_text(text.replace(QUOTE_2021, '    quote: " Rp  20.906.135.371 "'))
    problems = validate_registry(good_registry)
    assert [(p.record, p.field) for p in problems] == [
        ("blk-transformation-budget-2021-detik", "quote")
    ]
    assert "only the figure" in problems[0].message and "quote: null" in problems[0].message


def test_a_null_quote_with_notes_loads_as_missing(good_registry):
    path, text = _figure_2021(good_registry)
    path.write_text(
        text.replace(QUOTE_2021, "    quote: null\n    notes: Only the value was recorded.")
    )
    assert validate_registry(good_registry) == []
    row = load_figures(good_registry).set_index("id").loc["blk-transformation-budget-2021-detik"]
    assert pd.isna(row["quote"]) and row["as_stated"] == "Rp 20.906.135.371"
