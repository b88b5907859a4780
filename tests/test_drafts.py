"""Draft sources (blkanalysis.data.drafts): written from a document under drafts/ of a data
directory, named by the registry's convention, checked with every TODO named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from blkanalysis import paths
from blkanalysis.data.drafts import (
    DraftError,
    draft_name,
    publisher_of,
    validate_drafts,
    write_draft,
)
from blkanalysis.data.registry import FILE_PATTERN, UNITS, validate_registry

DOCS = Path(__file__).parent / "fixtures" / "extract" / "documents"
PAGE = DOCS / "berita-blk-komunitas.html"
PDF = DOCS / "laporan-dua-halaman.pdf"
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_draft_of_a_saved_page(data_copy):
    url = "https://www.wartakerja.id/ekonomi/2023/10/04/kemnaker-resmikan-120-blk-komunitas"
    path, n = write_draft(PAGE, url=url, data_dir=data_copy)
    assert path.parent == data_copy / "drafts"
    assert path.name == "wartakerja-2023-10-04-kemnaker-resmikan-120-blk-komunitas-di.yaml"
    assert FILE_PATTERN.match(path.name)
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = draft["source"]
    assert (source["publisher"], source["url"], str(source["published"])) == (
        "Warta Kerja",
        url,
        "2023-10-04",
    )
    assert source["reliability"] == source["speakers"] == source["events"] == "TODO"
    assert source["notes"] == "author: Siti Rahmawati"
    assert len(draft["figures"]) == n == 7
    for fig in draft["figures"]:
        assert fig["program"] == fig["basis"] == fig["measure"] == fig["period"] == "TODO"
        assert fig["as_stated"] in fig["quote"]  # the quote is the source's own sentence
        assert fig["unit"] in UNITS
    # a draft is not part of the registry
    assert validate_registry(data_copy) == []


def test_draft_of_a_pdf_notes_each_page(data_copy):
    path, _ = write_draft(PDF, url="https://example.org/laporan.pdf", data_dir=data_copy)
    assert path.name.startswith("example-undated-")
    figs = yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]
    assert [f["notes"] for f in figs] == ["page 1 of the PDF"] * 3 + ["page 2 of the PDF"] * 3
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["source"]["published_note"] == "TODO"


def test_validate_drafts_names_every_todo(data_copy):
    path, n = write_draft(PAGE, url=None, data_dir=data_copy)
    files, problems = validate_drafts(data_copy)
    assert files == [path]
    where = {(p.record, p.field) for p in problems}
    assert {("source", "reliability"), ("source", "speakers"), ("source", "events")} <= where
    ids = [f["id"] for f in yaml.safe_load(path.read_text(encoding="utf-8"))["figures"]]
    for fid in ids:
        for field in ("program", "measure", "basis", "period"):
            assert (fid, field) in where
    assert all("still TODO" in p.message for p in problems)
    assert len(problems) == 3 + 4 * n  # each TODO once, not again as a schema error


def test_a_finished_draft_validates(data_copy):
    path, _ = write_draft(PAGE, url=None, data_dir=data_copy)
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    draft["source"].update(reliability="B", speakers=[], events=[])
    fig = draft["figures"][1]
    fig.update(program="blk_komunitas", measure="units_opened", basis="count", period=2023)
    draft["figures"] = [fig]
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert validate_drafts(data_copy) == ([path], [])
    fig["value"] = 121  # the registry's own checks run on drafts too
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (problem,) = validate_drafts(data_copy)[1]
    assert problem.field == "as_stated" and "stands for values" in problem.message


def test_no_overwrite_and_no_writing_into_the_package(data_copy):
    write_draft(PAGE, url=None, data_dir=data_copy)
    with pytest.raises(DraftError, match="already exists"):
        write_draft(PAGE, url=None, data_dir=data_copy)
    with pytest.raises(DraftError, match="installed with the package; pass --data"):
        write_draft(PAGE, url=None, data_dir=paths.PACKAGE_DIR / "_shipped" / "data")
    with pytest.raises(DraftError, match="not an http"):
        write_draft(PAGE, url="kompas.com/x", data_dir=data_copy)


def test_no_drafts(data_copy):
    assert validate_drafts(data_copy) == ([], [])


@pytest.mark.parametrize(
    ("url", "site", "expected"),
    [
        ("https://money.kompas.com/read/2022/09/13/x", None, "kompas"),
        ("https://www.liputan6.com/bisnis/read/1", None, "liputan6"),
        ("https://kemnaker.go.id/news/detail/x", None, "kemnaker"),
        (None, "Warta Kerja", "warta-kerja"),
        (None, None, None),
    ],
)
def test_publisher_of(url, site, expected):
    assert publisher_of(url, site) == expected


def test_draft_name_follows_the_registry_convention():
    assert draft_name("kompas", "2022-09-13", "Kemnaker Targetkan 100 Inkubator", "x") == (
        "kompas-2022-09-13-kemnaker-targetkan-100-inkubator.yaml"
    )
    assert draft_name(None, None, None, "laporan_kinerja") == "unknown-undated-laporan-kinerja.yaml"
