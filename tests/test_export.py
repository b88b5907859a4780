"""The registry export (`blk export`): CSV tables and a Frictionless data package that validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate

from blkanalysis import load_figures
from blkanalysis.data.export import FIGURES, export_registry, registry_tables
from blkanalysis.data.prices import load_cpi
from blkanalysis.downloads import plain
from blkanalysis.errors import BlkDataError
from tests.conftest import GOOD_REGISTRY, materialise_bad_case

TABLES = ["figures", "sources", "cpi", "cpi_sources"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export_registry(out)
    return out


def test_the_export_is_a_valid_frictionless_data_package(exported):
    report = validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == TABLES
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        ["datapackage.json", *(f"{t}.csv" for t in TABLES)]
    )
    figures = package["resources"][0]["schema"]
    assert figures["primaryKey"] == "id"
    assert {f["name"] for f in figures["fields"]} == set(FIGURES)
    assert all(f.get("description") for f in figures["fields"])


def test_the_tables_read_back_as_the_registry(exported):
    every = load_figures(include_leads=True)
    tables = registry_tables()
    for name in TABLES:
        back = pd.read_csv(exported / f"{name}.csv", keep_default_na=False, na_values=[""])
        want = plain(tables[name])
        assert list(back.columns) == list(want.columns), name
        assert len(back) == len(want), name
        for col in want.columns:
            for got, expected in zip(back[col], want[col], strict=True):
                if expected is None:
                    assert pd.isna(got), (name, col)
                elif isinstance(expected, bool):
                    assert bool(got) == expected, (name, col)
                else:
                    assert got == expected or str(got) == str(expected), (name, col, got)
    figures = pd.read_csv(exported / "figures.csv")
    assert len(figures) == len(every) and set(figures["id"]) == set(every["id"])
    assert figures["value"].tolist() == every["value"].tolist()  # the same order, exact values
    unrecorded = ~figures["wording_recorded"]
    assert unrecorded.sum() == every["quote"].isna().sum() > 0
    assert figures.loc[unrecorded, "quote"].isna().all()
    sources = pd.read_csv(exported / "sources.csv")
    assert set(sources["source_id"]) == set(every["source_id"])
    assert sources["figures"].sum() == len(every)
    cpi = pd.read_csv(exported / "cpi.csv")
    assert cpi["inflation"].dropna().tolist() == load_cpi()["inflation"].dropna().tolist()


def test_the_export_is_byte_identical_on_a_rerun(exported, tmp_path):
    export_registry(tmp_path)
    for name in [*(f"{t}.csv" for t in TABLES), "datapackage.json"]:
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name


def test_the_package_catches_an_edited_file_and_a_broken_reference(exported, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(exported, copy)
    figures = copy / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",Ida Fauziyah,", ",Ida,", 1))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid  # its size and SHA-256 no longer match
    assert {"hash-count", "byte-count"} & {row[0] for row in report.flatten(["type"])}
    # without the checksums, a figure naming a source that is not there is still refused
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert validate(str(copy / "datapackage.json")).valid
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace(",detik-2022-08-22-blk-transformation,", ",nosuch,", 1))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_a_registry_of_sources_alone_exports_figures_and_sources(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(GOOD_REGISTRY, data)  # sources/ only, no cpi.yaml
    written = export_registry(tmp_path / "out", data)
    assert [p.name for p in written] == ["figures.csv", "sources.csv", "datapackage.json"]
    assert len(pd.read_csv(tmp_path / "out" / "figures.csv")) == 3
    assert validate(str(tmp_path / "out" / "datapackage.json")).valid


def test_a_bad_registry_is_refused_with_every_problem(tmp_path):
    data = materialise_bad_case("quote-only-the-figure", tmp_path)
    with pytest.raises(BlkDataError, match="only the figure"):
        export_registry(tmp_path / "out", data)
    assert not (tmp_path / "out").exists()
