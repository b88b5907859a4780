"""Cache keys: what changes a report's key, and what does not."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from blkanalysis.reports import cache, plan_runs
from blkanalysis.reports.notebooks import read_notebooks
from tests.fixtures.reports import support as s


def keys(notebooks, specs, *, inputs=(), code=(), packages=()):
    runs = plan_runs(read_notebooks(notebooks), specs, s.validate)
    env = cache.environment(code, packages)
    hashes = cache.hash_tree(list(inputs))
    return {r.key: cache.run_key(r, env, hashes) for r in runs}


def test_same_inputs_same_key(tmp_path):
    data = s.copy_data(tmp_path)
    a = keys([s.GOOD, s.SLOW], [s.spec("alpha", scale=2.0)], inputs=[data])
    b = keys([s.GOOD, s.SLOW], [s.spec("alpha", scale=2.0)], inputs=[data])
    assert a == b


def test_parameters_header_and_name_change_the_key():
    base = keys([s.GOOD], [s.spec("alpha", scale=2.0)])["alpha/good"]
    assert keys([s.GOOD], [s.spec("alpha", scale=2.5)])["alpha/good"] != base
    other_header = s.spec("alpha", header={"title": "Another title"}, scale=2.0)
    assert keys([s.GOOD], [other_header])["alpha/good"] != base
    renamed = keys([s.GOOD], [s.spec("gamma", scale=2.0)])["gamma/good"]
    assert renamed != base  # the name is injected (scenario_name) and printed


def test_a_parameter_the_notebook_does_not_take_leaves_its_key(tmp_path):
    a = keys([s.GOOD, s.SLOW], [s.spec("alpha", seconds=1.0)])
    b = keys([s.GOOD, s.SLOW], [s.spec("alpha", seconds=2.0)])
    assert a["alpha/good"] == b["alpha/good"]  # good has no `seconds`
    assert a["alpha/slow"] != b["alpha/slow"]


def test_notebook_source_changes_the_key(tmp_path):
    nb = tmp_path / "good.ipynb"
    shutil.copy(s.GOOD, nb)
    before = keys([nb], [s.spec("alpha")])
    nb.write_text(nb.read_text().replace("The end.", "The very end."))
    assert keys([nb], [s.spec("alpha")]) != before


def test_a_data_file_changes_only_the_reports_that_depend_on_it(tmp_path):
    data = s.copy_data(tmp_path)
    nbs = [s.GOOD, s.BROKEN, s.SLOW]  # good reads a.yaml, broken b.yaml, slow everything
    before = keys(nbs, [s.spec("alpha")], inputs=[data])
    (data / "b.yaml").write_text("value: 3\n")
    after = keys(nbs, [s.spec("alpha")], inputs=[data])
    assert after["alpha/good"] == before["alpha/good"]
    assert after["alpha/broken"] != before["alpha/broken"]
    assert after["alpha/slow"] != before["alpha/slow"]
    (data / "new.yaml").write_text("x: 1\n")
    later = keys(nbs, [s.spec("alpha")], inputs=[data])
    assert later["alpha/good"] == before["alpha/good"]
    assert later["alpha/slow"] != after["alpha/slow"]


def test_library_source_and_package_versions_change_every_key(tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "mod.py").write_text("X = 1\n")
    (lib / "__pycache__").mkdir()
    (lib / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"ignored")
    before = keys([s.GOOD], [s.spec("alpha")], code=[lib], packages=["pydantic"])
    (lib / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"still ignored")
    assert keys([s.GOOD], [s.spec("alpha")], code=[lib], packages=["pydantic"]) == before
    (lib / "mod.py").write_text("X = 2\n")
    assert keys([s.GOOD], [s.spec("alpha")], code=[lib], packages=["pydantic"]) != before

    real = cache.package_versions
    monkeypatch.setattr(
        cache, "package_versions", lambda names: {**real(names), "pydantic": "0.0-other"}
    )
    assert keys([s.GOOD], [s.spec("alpha")], code=[lib], packages=["pydantic"]) != before


def test_files_for_matches_relative_globs():
    inputs = {"data/cpi.yaml": "1", "data/sources/a.yaml": "2", "data/README.md": "3"}
    assert cache.files_for(inputs, None) == inputs
    assert cache.files_for(inputs, ["cpi.yaml"]) == {"data/cpi.yaml": "1"}
    assert cache.files_for(inputs, ["sources/*.yaml", "cpi.yaml"]) == {
        "data/cpi.yaml": "1",
        "data/sources/a.yaml": "2",
    }


def test_computing_keys_is_fast_and_imports_nothing_heavy():
    import subprocess
    import sys

    code = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from tests.fixtures.reports import support as s\n"
        "from blkanalysis import paths\n"
        "from blkanalysis.reports import cache, plan_runs\n"
        "from blkanalysis.reports.notebooks import read_notebooks\n"
        "nbs = read_notebooks([s.GOOD, s.SLOW])\n"
        "runs = plan_runs(nbs, [s.spec('a'), s.spec('b')], s.validate)\n"
        "env = cache.environment([paths.PACKAGE_DIR], ['pandas', 'numpy'])\n"
        "h = cache.hash_tree([paths.data_dir()])\n"
        "[cache.run_key(r, env, h) for r in runs]\n"
        "heavy = [m for m in ('papermill', 'nbconvert', 'nbclient', 'jupyter_client')"
        " if m in sys.modules]\n"
        "print(heavy, time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout.split()
    assert out[0] == "[]", out
    assert float(out[-1]) < 3.0  # mostly importing pandas (blkanalysis/__init__) and pydantic


def test_hash_tree_labels_and_skips_hidden(tmp_path):
    d = tmp_path / "data"
    (d / "sub").mkdir(parents=True)
    (d / "a.yaml").write_text("a")
    (d / "sub" / "b.yaml").write_text("b")
    (d / ".hidden").write_text("h")
    t0 = time.perf_counter()
    h = cache.hash_tree([d])
    assert time.perf_counter() - t0 < 1
    assert list(h) == ["data/a.yaml", "data/sub/b.yaml"]
    assert list(cache.hash_tree([d], exclude=[d / "sub"])) == ["data/a.yaml"]
