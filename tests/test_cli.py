"""The `blk` command, run through its installed entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import GOOD_REGISTRY, bad_registry_cases, materialise_bad_case
from tests.fixtures import blkfork

BLK = Path(sys.executable).with_name("blk")


def blk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return blkfork.run(args, env=os.environ, cwd=cwd or os.getcwd(), timeout=120)


def test_entry_point_and_module_agree():
    a = blk("--help")
    b = subprocess.run(
        [sys.executable, "-m", "blkanalysis", "--help"], capture_output=True, text=True, check=False
    )
    assert a.returncode == b.returncode == 0
    assert "figures" in a.stdout and "validate" in a.stdout


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["--help"], None),
        (["validate", str(GOOD_REGISTRY)], None),
        (["validate", "/no/such/registry"], None),
        (["scenarios"], None),
        (["extract", "-", "--format", "json"], "Anggaran Rp 2,03 triliun untuk 13 BLK.\n"),
        (["frobnicate"], None),
    ],
)
def test_a_forked_command_is_the_real_command(args, stdin, tmp_path):
    """The tests' fork server (tests/fixtures/blkfork.py) gives what a new ``blk`` process
    gives: exit code, standard output and error, with the caller's environment and directory."""
    env = {**os.environ, "BLK_TEST_PROBE": "1"}
    real = subprocess.run(
        [str(BLK), *args], capture_output=True, text=True, input=stdin, env=env, cwd=tmp_path
    )
    forked = blkfork.run(args, env=env, cwd=tmp_path, input=stdin, timeout=120)
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        real.returncode,
        real.stdout,
        real.stderr,
    )


def test_a_forked_command_that_outlives_its_timeout_is_killed(tmp_path):
    """A hang guard holds: the command is killed and the caller gets TimeoutExpired (reading
    a named pipe nobody writes to waits for ever)."""
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)
    with pytest.raises(subprocess.TimeoutExpired):
        blkfork.run(["extract", str(fifo)], env=os.environ, cwd=tmp_path, timeout=2)


def test_validate_clean_registry_exits_0():
    r = blk("validate", str(GOOD_REGISTRY))
    assert r.returncode == 0, r.stderr
    assert "registry OK" in r.stdout


def test_validate_shipped_registry_exits_0():
    r = blk("validate")
    assert r.returncode == 0, r.stderr


# every malformed registry of the corpus through `blk validate` (exit 2, no traceback, the
# file, record and field named): tests/test_bad_inputs.py, beside `blk report --data`


def test_validate_prints_every_problem(tmp_path):
    src = next((GOOD_REGISTRY / "sources").glob("*.yaml"))
    d = tmp_path / "sources"
    d.mkdir()
    text = src.read_text().replace("basis: realised", "basis: planned")
    text = text.replace("reliability: A", "reliability: Z")
    (d / src.name).write_text(text)
    r = blk("validate", str(tmp_path))
    assert r.returncode == 2
    assert "'basis'" in r.stderr and "'reliability'" in r.stderr
    assert "2 problems found" in r.stderr


def test_figures_formats():
    r = blk("figures", "--data", str(GOOD_REGISTRY), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {row["id"] for row in rows} == {
        "blk-transformation-budget-2021-detik",
        "blk-transformation-budget-2022-detik",
        "blk-transformation-need-2023-2024-detik",
    }
    r = blk("figures", "--data", str(GOOD_REGISTRY), "--format", "csv", "--basis", "realised")
    assert r.returncode == 0
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("id,program,measure,basis")
    assert len(lines) == 2 and "20906135371" in lines[1]
    r = blk("figures", "--data", str(GOOD_REGISTRY))
    assert r.returncode == 0 and "3 figures" in r.stdout


def test_figures_unknown_filter_exits_2():
    r = blk("figures", "--program", "nope")
    assert r.returncode == 2
    assert "blk_transformation" in r.stderr
    assert "Traceback" not in r.stderr


def test_figures_bad_registry_exits_2(tmp_path):
    d = materialise_bad_case(bad_registry_cases()[0], tmp_path)
    r = blk("figures", "--data", str(d))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_unknown_command_exits_2():
    r = blk("frobnicate")
    assert r.returncode == 2


def test_sweep_writes_csv(tmp_path):
    out = tmp_path / "sweep.csv"
    r = blk(
        "sweep", "--grid", "multiplier=1,2,3", "--grid", "base_year=2020,2022", "--out", str(out)
    )
    assert r.returncode == 0, r.stderr
    lines = out.read_text().splitlines()
    assert lines[0].startswith("multiplier,base_year,")
    assert len(lines) == 1 + 3 * 2
    r = blk("sweep", "--grid", "multiplier=1")
    assert r.returncode == 0 and r.stdout.startswith("multiplier,")


@pytest.mark.parametrize(
    "grid", ["multiplier=-1", "colour=red", "base_year=2030", "multiplier", "multiplier=abc"]
)
def test_sweep_bad_grid_exits_2(grid, tmp_path):
    out = tmp_path / "sweep.csv"
    r = blk("sweep", "--grid", grid, "--out", str(out))
    assert r.returncode == 2, r.stdout
    assert "--grid" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_scenarios_expected_summary_and_schema(tmp_path):
    r = blk("scenarios")
    assert r.returncode == 0 and "trainee-cost-2020" in r.stdout
    r = blk("expected")
    assert r.returncode == 0, r.stderr
    assert "match their expected results" in r.stdout
    r = blk("summary")
    assert r.returncode == 0 and "figures from" in r.stdout and "Conflicts" in r.stdout
    r = blk("schema", "--out", str(tmp_path))
    assert r.returncode == 0
    schema = json.loads((tmp_path / "source.schema.json").read_text())
    assert "figures" in schema["properties"]
    model = json.loads((tmp_path / "model.schema.json").read_text())
    assert "targets" in model["properties"]


# ---------------------------------------------------------------------------------------------
# a reader that goes away (`blk figures | head -n 1`) stops the command quietly


@pytest.mark.parametrize(
    "args",
    [
        ("figures",),
        ("figures", "--all", "--include-leads"),
        ("figures", "--format", "csv"),
        ("figures", "--format", "json"),
        ("summary",),
        ("extract", "{article}"),
        ("extract", "{article}", "--format", "yaml"),
    ],
    ids=lambda a: " ".join(a),
)
def test_closed_pipe_stops_quietly(args, tmp_path):
    article = tmp_path / "artikel.txt"
    article.write_text("Anggaran Rp 2,03 triliun untuk 13 BLK.\n" * 50, encoding="utf-8")
    argv = [str(BLK), *(a.format(article=article) for a in args)]
    # the reader is gone before the command writes anything: its first write meets EPIPE
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert err.decode() == "", err.decode()
    assert proc.returncode == 141  # as `cat` killed by SIGPIPE reports it in a shell


# --- downloads: blk figures --format xlsx and blk export -------------------------------------


def test_figures_xlsx_is_byte_identical_on_a_rerun_and_holds_the_csv_values(tmp_path):
    import io

    import pandas as pd

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    r = blk("figures", "--all", "--format", "xlsx", "--out", str(a))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"wrote {a} (")
    assert blk("figures", "--all", "--format", "xlsx", "--out", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    sheets = pd.read_excel(a, sheet_name=None)
    assert list(sheets) == ["figures", "sources"]
    csv = blk("figures", "--all", "--format", "csv")
    assert csv.returncode == 0
    from_csv = pd.read_csv(io.StringIO(csv.stdout))
    pd.testing.assert_frame_equal(sheets["figures"], from_csv, check_dtype=False)
    # the sources sheet: one row per source of the figures listed, with how many each gives
    assert sheets["sources"]["figures"].sum() == len(from_csv)
    assert set(sheets["sources"]["publisher"]) == set(from_csv["publisher"])
    assert sheets["sources"]["source_id"].is_unique


def test_figures_csv_and_json_can_go_to_a_file(tmp_path):
    out = tmp_path / "f.csv"
    r = blk("figures", "--data", str(GOOD_REGISTRY), "--format", "csv", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert (
        out.read_text(encoding="utf-8")
        == blk("figures", "--data", str(GOOD_REGISTRY), "--format", "csv").stdout
    )


def test_downloads_refuse_a_missing_or_wrong_destination(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    for args, message in [
        (["figures", "--format", "xlsx"], "give its file with --out"),
        (["figures", "--format", "xlsx", "--out", str(tmp_path)], "is a directory"),
        (["export", str(a_file)], "is a file"),
    ]:
        r = blk(*args)
        assert r.returncode == 2 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr + r.stdout
    assert a_file.read_text() == "mine\n" and sorted(tmp_path.iterdir()) == [a_file]


def test_export_writes_the_registry_tables_and_their_data_package(tmp_path):
    from frictionless import validate

    r = blk("export", str(tmp_path / "registry"))
    assert r.returncode == 0, r.stderr
    names = ["figures.csv", "sources.csv", "cpi.csv", "cpi_sources.csv", "datapackage.json"]
    assert r.stdout.split() == [w for n in names for w in ("wrote", str(tmp_path / "registry" / n))]
    assert validate(str(tmp_path / "registry" / "datapackage.json")).valid


def test_export_of_a_bad_registry_exits_2_naming_the_problem(tmp_path):
    d = materialise_bad_case("quote-without-as-stated", tmp_path)
    r = blk("export", str(tmp_path / "out"), "--data", str(d))
    assert r.returncode == 2 and "does not contain as_stated" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "out").exists()


def test_sensitivity_writes_csv_and_json_deterministically(tmp_path):
    """Two processes, one seed: the CSV and the JSON hold the same indices (the library's
    determinism is tested in test_sensitivity; here, that of the command and its two formats)."""
    args = ("sensitivity", "--method", "morris", "--n", "10", "--seed", "3")
    r = blk(*args, "--out", str(tmp_path / "s.csv"))
    assert r.returncode == 0, r.stderr
    csv = pd.read_csv(tmp_path / "s.csv")
    assert list(csv.columns[:3]) == ["headline", "parameter", "mu_star"]
    assert {"range_low", "range_high", "low_readings", "high_readings"} <= set(csv.columns)
    r = blk(*args, "--out", str(tmp_path / "s.json"))
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "s.json").read_text())
    assert data["method"] == "morris" and data["n"] == 10 and data["seed"] == 3
    assert "base_year" in data["excluded"]
    assert any(r["name"].startswith("source:blk_transformation") for r in data["readings"])
    indices = pd.DataFrame(data["indices"])
    merged = csv.merge(indices, on=["headline", "parameter"], suffixes=("", "_json"))
    assert len(merged) == len(csv) == len(indices)
    for col in ("mu_star", "sigma", "output_min", "output_max"):
        pd.testing.assert_series_equal(
            merged[col], merged[f"{col}_json"], check_names=False, rtol=1e-9
        )


def test_sensitivity_on_a_registry_without_conflicting_sources(tmp_path):
    """A registry without the second and third sources of the BLK transformation budgets: no
    source reading of them is left."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data", data)
    for name in (
        "liputan6-2022-09-13-founding-article.yaml",
        "viva-2022-08-22-revitalisasi-blk.yaml",
    ):
        (data / "sources" / name).unlink()
    out = tmp_path / "s.json"
    r = subprocess.run(
        [str(BLK), "sensitivity", "--method", "morris", "--n", "4", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**__import__("os").environ, "BLK_DATA_DIR": str(data)},
    )
    assert r.returncode == 0, r.stderr
    names = [x["name"] for x in json.loads(out.read_text())["readings"]]
    assert "trainees_spread" in names
    assert not any(n.startswith("source:blk_transformation") for n in names)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--n", "1000"), "power of 2"),
        (("--out", "s.txt"), ".csv or a .json"),
        (("--method", "bogus"), "--method"),
        (("--scenario", "missing.yaml"), "missing.yaml"),
    ],
)
def test_sensitivity_bad_input_exits_2(args, message, tmp_path):
    r = blk("sensitivity", *args, cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert message in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []
