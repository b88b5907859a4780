"""A no-change rerun confirmed from stamps (:mod:`blkanalysis.reports.fresh`): on the fixture
notebooks in real kernels, and through ``blk report``'s entry point.

The confirmation must say "unchanged" only when the full build would, and leave the output
directory as the full build's no-change rerun leaves it (the manifest says every report was
"cached"; the index is not rewritten)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from blkanalysis.atomic import JOURNAL_DIR
from blkanalysis.cli.main import app
from blkanalysis.reports import OutputLock, build_reports, fresh
from tests.fixtures.reports import support as s

pytestmark = pytest.mark.slow

OLD_NS = 1_600_000_000 * 10**9  # an old mtime: files stamped long before the fingerprint


def _age(root: Path) -> None:
    """Make every file under ``root`` old, so a fingerprint of it is not racy."""
    for p in [root, *root.rglob("*")]:
        os.utime(p, ns=(OLD_NS, OLD_NS))


def _fp(roots, **options) -> fresh.Fingerprint:
    return fresh.fingerprint(roots, {"test": True, **options})


def _build(out, data, fp, specs=None, nbs=None, **kw):
    specs = specs or [s.spec("alpha", scale=2.0, seconds=0.1)]
    return build_reports(
        nbs or [s.GOOD, s.SLOW],
        specs,
        out,
        validate=s.validate,
        inputs=[data],
        fingerprint=fp,
        **kw,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A build that recorded its fingerprint; tests copy the output before touching it."""
    tmp = tmp_path_factory.mktemp("fresh")
    data = s.copy_data(tmp)
    _age(data)
    out = tmp / "reports"
    fp = _fp([data])
    assert not fp.racy
    result = _build(out, data, fp)
    assert result.exit_code == 0 and len(result.executed) == 2
    return out, data, fp


def _copy(built, tmp_path) -> Path:
    import shutil

    out, _, _ = built
    dst = tmp_path / "reports"
    shutil.copytree(out, dst, symlinks=True, copy_function=shutil.copy2)  # stamps kept
    return dst


# ---------------------------------------------------------------------------------------------
# the fingerprint


def test_the_fingerprint_sees_edits_new_and_removed_files_and_options(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.yaml").write_text("value: 1\n")
    _age(d)
    base = _fp([d])
    assert base == _fp([d]) and not base.racy
    assert _fp([d], lang="id").digest != base.digest

    (d / "a.yaml").write_text("value: 2\n")  # same size, new mtime
    os.utime(d / "a.yaml", ns=(OLD_NS + 1, OLD_NS + 1))
    assert _fp([d]).digest != base.digest

    (d / "a.yaml").write_text("value: 1\n")
    _age(d)
    assert _fp([d]).digest == base.digest
    (d / "b.yaml").write_text("x: 1\n")
    _age(d)
    assert _fp([d]).digest != base.digest
    (d / "b.yaml").unlink()
    assert _fp([d]).digest == base.digest
    # hidden files and caches are not inputs
    (d / ".hidden").write_text("x")
    (d / "__pycache__").mkdir()
    (d / "__pycache__" / "m.pyc").write_bytes(b"x")
    assert _fp([d]).digest == base.digest
    # a missing root is part of the fingerprint (it may appear)
    assert _fp([d, tmp_path / "nope"]).digest != base.digest


def test_a_file_written_just_now_makes_the_fingerprint_racy(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text("value: 1\n")
    assert _fp([f]).racy  # it could change again within its mtime's granularity, unseen
    _age(tmp_path)
    assert not _fp([f]).racy


# ---------------------------------------------------------------------------------------------
# record and rerun


def test_a_rerun_with_nothing_changed_is_confirmed_and_recorded_like_a_cached_build(
    built, tmp_path
):
    out = _copy(built, tmp_path)
    _, data, fp = built
    index = (out / "index.html").read_bytes()
    files = {
        p: p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }

    result = fresh.rerun(out, fp, jobs=3)
    assert result is not None and result.exit_code == 0
    assert result.executed == [] and len(result.cached) == 2
    assert sorted(r.key for r in result.runs) == ["alpha/good", "alpha/slow"]
    assert (out / "index.html").read_bytes() == index
    changed = [p for p, t in files.items() if p.stat().st_mtime_ns != t]
    assert changed == [out / "manifest.json"]  # nothing else is written (work files aside)
    confirmed = json.loads((out / "manifest.json").read_text())

    # the full build's no-change rerun writes the same manifest, times and pid aside
    full = _build(out, data, fp)
    assert full.executed == [] and len(full.cached) == 2
    rebuilt = json.loads((out / "manifest.json").read_text())
    for m in (confirmed, rebuilt):
        for k in ("started", "finished", "duration_s", "pid"):
            m["build"].pop(k)
    confirmed["build"]["jobs"] = rebuilt["build"]["jobs"]  # jobs=3 above
    assert confirmed == rebuilt
    assert (out / "index.html").read_bytes() == index
    # and it is confirmed again afterwards (the record follows the manifest it rewrote)
    assert fresh.rerun(out, fp) is not None
    assert fresh.rerun(out, fp) is not None


@pytest.mark.parametrize(
    "change",
    ["edit_report", "delete_report", "add_file", "edit_manifest", "other_fingerprint"],
)
def test_anything_changed_falls_back_to_the_full_build(built, tmp_path, change):
    out = _copy(built, tmp_path)
    _, data, fp = built
    report = out / "alpha" / "good.html"
    if change == "edit_report":
        report.write_bytes(report.read_bytes().replace(b"</body>", b"<!-- x --></body>"))
    elif change == "delete_report":
        report.unlink()
    elif change == "add_file":
        (out / "alpha" / "notes.txt").write_text("mine")
    elif change == "edit_manifest":
        m = out / "manifest.json"
        m.write_text(m.read_text().replace('"status": "ok"', '"status": "failed"', 1))
    elif change == "other_fingerprint":
        fp = _fp([data], lang="id")
    manifest = (out / "manifest.json").read_bytes()
    assert fresh.rerun(out, fp) is None
    assert (out / "manifest.json").read_bytes() == manifest  # nothing written


def test_a_held_lock_or_a_half_done_commit_falls_back(built, tmp_path):
    out = _copy(built, tmp_path)
    _, _, fp = built
    with OutputLock(out):  # another run is writing: the full build waits or exits 3
        assert fresh.rerun(out, fp) is None
    journal = out / JOURNAL_DIR
    journal.mkdir(parents=True, exist_ok=True)
    (journal / "alpha__good.json").write_text("{}")
    assert fresh.rerun(out, fp) is None  # the full build finishes the commit first
    (journal / "alpha__good.json").unlink()
    assert fresh.rerun(out, fp) is not None


def test_a_build_forgets_the_record_and_only_a_good_one_writes_it(built, tmp_path):
    out = _copy(built, tmp_path)
    _, data, fp = built
    assert fresh.rerun(out, fp) is not None
    other = _fp([data], lang="id")
    # a build with a failing report (another fingerprint) records nothing and forgets the old
    failing = _build(out, data, other, specs=[s.spec("alpha", scale=2.0)], nbs=[s.BROKEN])
    assert failing.exit_code == 1
    assert not (out / fresh.RECORD).exists()
    assert fresh.rerun(out, fp) is None and fresh.rerun(out, other) is None
    # a racy fingerprint is not recorded either
    racy = fresh.Fingerprint(fp.digest, racy=True)
    assert _build(out, data, racy).exit_code == 0
    assert fresh.rerun(out, fp) is None
    assert _build(out, data, fp).exit_code == 0
    assert fresh.rerun(out, fp) is not None


# ---------------------------------------------------------------------------------------------
# blk report


runner = CliRunner()


@pytest.fixture
def fake_scenarios(monkeypatch):
    monkeypatch.setitem(sys.modules, "blkanalysis.cli.specs", s.fake_scenario_module())


def _report_args(tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the fixture scenarios (aged: not racy) and the ``blk report`` arguments that
    build them with the good notebook into ``tmp_path/reports``."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    for f in sorted(s.SCENARIOS.glob("*.yaml")):
        (scenarios / f.name).write_bytes(f.read_bytes())
    _age(scenarios)
    out = tmp_path / "reports"
    args = ["report", "--notebooks", str(s.GOOD), "--scenarios-dir", str(scenarios), "-o", str(out)]
    return scenarios, args


def test_a_confirmed_rerun_imports_no_data_library(fake_scenarios, tmp_path):
    """The command that finds nothing changed imports no pandas, numpy, pydantic or nbformat
    (the modules that made up most of its time: a CLI library that coerces options through
    pydantic would bring them back)."""
    import subprocess

    _, args = _report_args(tmp_path)
    assert runner.invoke(app, args, catch_exceptions=False).exit_code == 0
    code = (
        "import sys\n"
        "from blkanalysis.cli.main import main\n"
        "sys.argv = ['blk', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "heavy = ('pandas', 'numpy', 'pydantic', 'nbformat', 'matplotlib', 'yaml')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert " report(s): 0 built, " in r.stdout  # confirmed from the stamps
    assert r.stdout.splitlines()[-1] == "[]", r.stdout


def test_blk_report_confirms_a_no_change_rerun_without_building(
    fake_scenarios, tmp_path, monkeypatch
):
    """The second command never reaches the build (no validation, no hashing, no kernel); an
    edited scenario file, another -p or another language does."""
    import blkanalysis.cli.report as report_cli

    scenarios, args = _report_args(tmp_path)

    first = runner.invoke(app, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert " built, 0 unchanged, 0 failed" in first.output
    total = int(first.output.split(" report(s): ")[0].split()[-1])

    calls = []
    real_build = report_cli._build
    monkeypatch.setattr(
        report_cli, "_build", lambda *a, **kw: calls.append(kw) or real_build(*a, **kw)
    )
    again = runner.invoke(app, args, catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert f"{total} report(s): 0 built, {total} unchanged, 0 failed" in again.output
    assert calls == []

    forced = runner.invoke(app, [*args, "--force"], catch_exceptions=False)
    assert forced.exit_code == 0 and len(calls) == 1
    assert calls[-1]["fingerprint"] is None  # --force rebuilds everything, whatever the stamps

    runner.invoke(app, args, catch_exceptions=False)  # records the stamps again
    assert len(calls) == 2
    assert runner.invoke(app, args, catch_exceptions=False).exit_code == 0
    assert len(calls) == 2

    first_file = sorted(scenarios.glob("*.yaml"))[0]
    time.sleep(0.01)
    first_file.write_text(first_file.read_text() + "\n# edited\n")
    edited = runner.invoke(app, args, catch_exceptions=False)
    assert edited.exit_code == 0, edited.output
    assert len(calls) == 3  # the full build decided (the edit is a comment: nothing rebuilt)
