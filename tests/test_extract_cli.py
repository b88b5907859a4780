"""`blk extract`, run through the installed entry point."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from blkanalysis.data.registry import ID_PATTERN, UNITS
from tests.fixtures import blkfork

BLK = Path(sys.executable).with_name("blk")
ARTICLE = Path(__file__).parent / "fixtures" / "extract" / "raker-komisi-ix.txt"


def blk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return blkfork.run(
        args, env=os.environ, cwd=os.getcwd(), input=stdin, encoding="utf-8", timeout=120
    )


def test_help_lists_extract():
    r = blk("--help")
    assert r.returncode == 0
    assert "extract" in r.stdout
    r = blk("extract", "--help")
    assert r.returncode == 0
    for word in ("FILE|-", "--format", "table", "json", "yaml", "--unitless"):
        assert word in r.stdout


def test_table_lists_every_figure():
    r = blk("extract", str(ARTICLE))
    assert r.returncode == 0, r.stderr
    assert "19 figures in" in r.stdout
    for stated in ("Rp 2.038.260.308.771", "13 Balai Latihan Kerja", "empat hal", "12,5 %"):
        assert stated in r.stdout
    assert "Rp2.038.260.308.771" in r.stdout  # the value, written out in full
    assert r.stderr == ""


def test_json_has_every_field_and_exact_offsets():
    r = blk("extract", str(ARTICLE), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(rows) == 19
    assert set(rows[0]) >= {"start", "end", "as_stated", "value", "unit", "context"}
    for row in rows:
        assert text[row["start"] : row["end"]] == row["as_stated"]
        assert row["unit"] in UNITS
    assert rows[3]["value"] == 2_038_260_308_771 and rows[3]["unit"] == "IDR"


def test_yaml_stubs_parse_in_registry_format():
    r = blk("extract", str(ARTICLE), "--format", "yaml")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# Figure stubs found by `blk extract`")
    stubs = yaml.safe_load(r.stdout)["figures"]
    assert len(stubs) == 19
    for stub in stubs:
        assert re.match(ID_PATTERN, stub["id"])
        assert stub["program"] == "TODO" and stub["basis"] == "TODO"
        assert stub["unit"] in UNITS
        assert stub["as_stated"] in stub["quote"]


def test_reads_standard_input():
    r = blk("extract", "-", "--format", "json", stdin="Dana Rp 5 miliar untuk 10 BLK.\n")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["as_stated"], x["value"], x["unit"]) for x in rows] == [
        ("Rp 5 miliar", 5_000_000_000, "IDR"),
        ("10 BLK", 10, "BLK"),
    ]
    r = blk("extract", "-", stdin="Dana Rp 5 miliar.")
    assert "in standard input" in r.stdout


def test_no_figures_is_not_an_error():
    r = blk("extract", "-", "--format", "yaml", stdin="Rapat digelar Rabu (4/10/2023).")
    assert r.returncode == 0
    assert yaml.safe_load(r.stdout) == {"figures": []}


def test_unitless_option():
    text = "Kemnaker menyebut ada 500 dalam daftar tunggu sejak 2020."
    r = blk("extract", "-", "--format", "json", stdin=text)
    assert json.loads(r.stdout) == []
    r = blk("extract", "-", "--format", "json", "--unitless", stdin=text)
    rows = json.loads(r.stdout)
    assert [(x["as_stated"], x["unit"]) for x in rows] == [("500", None)]


def test_missing_file_exits_2_without_traceback(tmp_path):
    missing = tmp_path / "nope.txt"
    r = blk("extract", str(missing))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "nope.txt" in r.stderr and "no such file" in r.stderr
    assert r.stdout == ""


def test_directory_and_bad_encoding_exit_2(tmp_path):
    r = blk("extract", str(tmp_path))
    assert r.returncode == 2 and "directory" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Dana Rp 5 miliar untuk Jos\xe9.".encode("latin-1"))
    r = blk("extract", str(bad))
    assert r.returncode == 2 and "latin1.txt" in r.stderr and "Traceback" not in r.stderr
    r = blk("extract", str(bad), "--encoding", "cp1252", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)[0]["as_stated"] == "Rp 5 miliar"


def test_bad_format_is_a_usage_error():
    r = blk("extract", str(ARTICLE), "--format", "csv")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


# ---------------------------------------------------------------------------------------------
# saved web pages and PDFs (fixtures written for the tests), `blk add` and `blk validate --drafts`

DOCS = Path(__file__).parent / "fixtures" / "extract" / "documents"


def test_extract_reads_a_saved_page_without_its_related_links():
    r = blk("extract", str(DOCS / "berita-blk-komunitas.html"), "--format", "json")
    assert r.returncode == 0, r.stderr
    stated = [x["as_stated"] for x in json.loads(r.stdout)]
    assert stated[:3] == ["120 BLK Komunitas", "120 BLK Komunitas", "Rp 1 miliar"]
    assert len(stated) == 7 and not any("900" in s or "Triliun" in s for s in stated)
    r = blk("extract", str(DOCS / "berita-blk-komunitas.html"), "--format", "yaml")
    source = yaml.safe_load(r.stdout)["source"]
    assert (source["publisher"], source["title"]) == (
        "Warta Kerja",
        "Kemnaker Resmikan 120 BLK Komunitas di Jawa Tengah",
    )


def test_extract_reads_a_pdf_with_pages():
    pdf = str(DOCS / "laporan-dua-halaman.pdf")
    r = blk("extract", pdf, "--format", "json")
    assert [x["page"] for x in json.loads(r.stdout)] == [1, 1, 1, 2, 2, 2]
    r = blk("extract", pdf)
    assert r.returncode == 0 and "page" in r.stdout and "6 figures in" in r.stdout
    r = blk("extract", pdf, "--format", "yaml")
    assert yaml.safe_load(r.stdout)["figures"][-1]["notes"] == "page 2 of the PDF"


def test_extract_refuses_encrypted_and_scanned_pdfs():
    for name, says in (("terkunci.pdf", "encrypted"), ("pindaian.pdf", "no text layer")):
        r = blk("extract", str(DOCS / name))
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert name in r.stderr and says in r.stderr and r.stdout == ""


def test_add_then_validate_drafts(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent.parent / "data", data)
    r = blk("validate", str(data), "--drafts")
    assert r.returncode == 0 and "no drafts" in r.stdout
    r = blk(
        "add",
        str(DOCS / "laporan-dua-halaman.pdf"),
        "--url",
        "https://kemnaker.go.id/lk.pdf",
        "--data",
        str(data),
    )
    assert r.returncode == 0, r.stderr
    assert "draft written" in r.stdout and "6 figures" in r.stdout
    (draft,) = (data / "drafts").iterdir()
    assert draft.name.startswith("kemnaker-undated-")
    r = blk("validate", str(data), "--drafts")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "field 'reliability': still TODO" in r.stderr and "in 1 draft" in r.stderr
    assert blk("validate", str(data)).returncode == 0  # drafts are not the registry
    r = blk(
        "add",
        str(DOCS / "laporan-dua-halaman.pdf"),
        "--url",
        "https://kemnaker.go.id/lk.pdf",
        "--data",
        str(data),
    )
    assert r.returncode == 2 and "already exists" in r.stderr and "Traceback" not in r.stderr
    r = blk("add", str(DOCS / "terkunci.pdf"), "--data", str(data))
    assert r.returncode == 2 and "encrypted" in r.stderr
