"""blkanalysis.reports.check: how `blk report --check` calls nbval (the runs themselves are
tested in test_reports_cli.py and test_reports_zygote.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from blkanalysis.errors import ReportError
from blkanalysis.reports import check


@pytest.mark.parametrize(
    ("jobs", "notebooks", "cores", "expected"),
    [
        (None, 40, 2, 1),  # the API's default: one worker
        ("auto", 1, 2, 1),
        ("auto", 5, 2, 1),  # a second worker's start-up costs more than it saves
        ("auto", 7, 2, 1),
        ("auto", 8, 2, 2),
        ("auto", 40, 2, 2),  # never more than the cores
        ("auto", 40, 8, 8),
        ("auto", 12, 8, 3),
        (3, 2, 2, 2),  # what was asked, at most one per notebook
        (3, 40, 2, 3),
        (1, 40, 8, 1),
    ],
)
def test_worker_count(jobs, notebooks, cores, expected):
    assert check.worker_count(jobs, notebooks, cores) == expected


def test_workers_sharing_a_running_zygote_pay_from_fewer_notebooks(tmp_path, monkeypatch):
    monkeypatch.setattr(check.os, "cpu_count", lambda: 2)
    assert check.worker_count("auto", 5, 2, per_worker=check.NOTEBOOKS_PER_SHARING_WORKER) == 2
    assert check.worker_count("auto", 3, 2, per_worker=check.NOTEBOOKS_PER_SHARING_WORKER) == 1
    out = _built(tmp_path, {"baseline": 5})
    assert _workers(check.check_command(out, jobs="auto")) == 1
    assert _workers(check.check_command(out, jobs="auto", kernel_socket="/run/z.sock")) == 2


def _built(tmp_path: Path, names: dict[str, int]) -> Path:
    out = tmp_path / "reports"
    for scenario, count in names.items():
        (out / scenario).mkdir(parents=True)
        for i in range(count):
            (out / scenario / f"{i:02d}_nb.ipynb").write_text("{}")
    (out / "baseline" / "09_nb.failed.ipynb").write_text("{}")
    (out / ".blk").mkdir()
    (out / ".blk" / "x.ipynb").write_text("{}")
    return out


def _workers(cmd: list[str]) -> int:
    return int(cmd[cmd.index("-n") + 1]) if "-n" in cmd else 1


def test_the_command_checks_the_executed_notebooks_on_as_many_workers_as_pay(tmp_path, monkeypatch):
    monkeypatch.setattr(check.os, "cpu_count", lambda: 2)
    out = _built(tmp_path, {"baseline": 5, "baseline.id": 5})
    few = check.check_command(out, jobs="auto", scenarios=["baseline"])
    assert _workers(few) == 1
    assert [Path(a).name for a in few if a.endswith(".ipynb")] == [
        f"{i:02d}_nb.ipynb" for i in range(5)
    ]  # failed runs and the build's own files are not checked
    every = check.check_command(out, jobs="auto")
    assert len([a for a in every if a.endswith(".ipynb")]) == 10
    assert _workers(every) == 2  # ten notebooks, two cores
    assert _workers(check.check_command(out, jobs=2, scenarios=["baseline"])) == 2


def test_nothing_to_check_is_an_error_that_says_what_to_run(tmp_path):
    out = _built(tmp_path, {"baseline": 1})
    with pytest.raises(ReportError, match="no executed notebooks of whatif-x"):
        check.check_command(out, scenarios=["whatif-x"])
    with pytest.raises(ReportError, match="run `blk report` first"):
        check.check_command(tmp_path / "empty")


def test_kernels_from_a_running_zygote_or_from_one_of_the_checks_own(tmp_path):
    out = _built(tmp_path, {"baseline": 2})
    own = check.check_command(out, kernel_preload=["pandas", "m:prepare"])
    assert "--warm-kernels=pandas,m:prepare" in own and "blkanalysis.reports.nbval_warm" in own
    shared = check.check_command(out, kernel_preload=["pandas"], kernel_socket="/run/z.sock")
    assert "--warm-socket=/run/z.sock" in shared
    assert not any(a.startswith("--warm-kernels") for a in shared)
    cold = check.check_command(out)
    assert "blkanalysis.reports.nbval_warm" not in cold
