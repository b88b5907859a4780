"""A data directory certified valid (:mod:`blkanalysis.data.valid`): the certificate holds
exactly while the files (and the code) are those that were validated, and ``blk report`` never
takes a broken directory for a certified one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blkanalysis import paths
from blkanalysis.data import valid
from tests.fixtures import e2e

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data(tmp_path, monkeypatch):
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    monkeypatch.setenv(paths.DATA_ENV, str(d))
    monkeypatch.setenv(paths.INPUTS_CACHE_ENV, str(tmp_path / "cache"))
    valid._seen.clear()
    return d


def test_nothing_is_kept_without_a_cache_directory(data, monkeypatch):
    monkeypatch.delenv(paths.INPUTS_CACHE_ENV)
    valid.certify(None, {"cpi_range": [2018, 2024]})
    assert valid.certified() is None
    assert not (data.parent / "cache").exists()  # not in the directory it named before either
    assert not list(data.rglob("valid-*"))


def test_a_certificate_holds_while_the_files_are_the_same(data):
    assert valid.certified() is None
    valid.certify(None, {"cpi_range": [2018, 2024]})
    assert valid.certified() == {"cpi_range": [2018, 2024]}
    valid._seen.clear()  # another process: found by the files' hashes
    assert valid.certified() == {"cpi_range": [2018, 2024]}

    source = sorted((data / "sources").glob("*.yaml"))[0]
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\n", encoding="utf-8")
    assert valid.certified() is None  # edited: validate again
    source.write_text(text, encoding="utf-8")
    assert valid.certified() == {"cpi_range": [2018, 2024]}  # the same bytes again

    extra = data / "sources" / "zz-new-2024-01-01.yaml"
    extra.write_text(text, encoding="utf-8")
    assert valid.certified() is None  # a file added
    extra.unlink()
    (data / "cpi.yaml").unlink()
    assert valid.certified() is None  # a file removed


def test_other_code_is_another_certificate(data, monkeypatch):
    valid.certify(None, {"cpi_range": [2018, 2024]})
    monkeypatch.setattr(valid, "_CODE", "another version of the validating code")
    valid._seen.clear()
    assert valid.certified() is None


def test_a_certified_directory_gives_its_cpi_years_without_pandas(data, tmp_path):
    """cpi_range reads a certificate instead of parsing the CPI (with pandas)."""
    code = (
        "import sys\n"
        "from blkanalysis.data import valid\n"
        "from blkanalysis.model.parameters import cpi_range\n"
        "valid.certify(None, {'cpi_range': [1999, 2001]})\n"
        "print(cpi_range(), 'pandas' in sys.modules)\n"
    )
    env = e2e.clean_env({paths.DATA_ENV: str(data), paths.INPUTS_CACHE_ENV: str(tmp_path / "c")})
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["(1999,", "2001)", "False"]


@pytest.mark.slow
def test_blk_report_certifies_good_data_and_refuses_it_broken(tmp_path):
    """Through the entry point: a build leaves a certificate with the CPI's years; the same
    files broken are refused (exit 2, the problem named), and mended are certified again."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "reports"
    args = ["report", "--data", data, "-s", e2e.BROWSER_SCENARIO, "--output", out]
    args += ["--notebooks", ROOT / "notebooks" / "04_plan_vs_delivery.ipynb"]
    first = e2e.blk(*args)
    assert first.returncode == 0, first.stdout + first.stderr
    (certificate,) = (out / ".blk" / "inputs").glob("valid-*.json")
    years = json.loads(certificate.read_text())["cpi_range"]
    cpi = (data / "cpi.yaml").read_text(encoding="utf-8")
    assert str(years[0]) in cpi and str(years[1]) in cpi

    (data / "cpi.yaml").write_text(cpi.replace("inflation:", "inflasi:", 1), encoding="utf-8")
    broken = e2e.blk(*args)
    assert broken.returncode == 2, broken.stdout + broken.stderr
    assert "cpi.yaml" in broken.stderr and "Traceback" not in broken.stderr

    (data / "cpi.yaml").write_text(cpi, encoding="utf-8")
    mended = e2e.blk(*args, "--force")
    assert mended.returncode == 0, mended.stdout + mended.stderr
