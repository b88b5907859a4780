"""Warm kernels (blkanalysis.reports.zygote): every report still gets a fresh process of its own,
forked from one that has done the imports, and its report is the one a cold kernel makes."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import nbformat
import pytest

from blkanalysis.reports import build_reports
from blkanalysis.reports.zygote import ForkedKernel, Zygote, ZygoteError
from tests.fixtures.reports import support as s

pytestmark = pytest.mark.slow

WARM = s.HERE / "warm"
STATE = WARM / "state.ipynb"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def _printed(path: Path) -> dict[str, str]:
    nb = nbformat.read(path, as_version=4)
    text = "".join(
        out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def _state_build(tmp_path: Path, monkeypatch, **kw):
    # the zygote imports the fixture's module from the build's directory, as the kernels do
    monkeypatch.chdir(WARM)
    specs = [s.spec(name, label=name) for name in ("one", "two", "three")]
    out = tmp_path / "reports"
    result = build_reports([STATE], specs, out, validate=s.validate, inputs=[s.DATA], jobs=1, **kw)
    assert result.exit_code == 0, [r.error for r in result.runs]
    return {name: _printed(out / name / "state.ipynb") for name in ("one", "two", "three")}


def test_each_report_gets_a_fresh_kernel_forked_from_the_warm_process(tmp_path, monkeypatch):
    seen = _state_build(tmp_path, monkeypatch, kernel_preload=["warmstate:prepare"])
    for name, printed in seen.items():
        # prepared by the kernel's parent (the zygote ran the hook, then forked it) ...
        assert printed["warm"] == "True"
        # ... and no report sees what another report's kernel did to the module
        assert printed["seen"] == repr([name])
    # one worker ran the three reports in turn: three processes all the same
    assert len({printed["pid"] for printed in seen.values()}) == 3


def test_without_warm_each_kernel_starts_cold(tmp_path, monkeypatch):
    seen = _state_build(tmp_path, monkeypatch, warm=False, kernel_preload=["warmstate:prepare"])
    for name, printed in seen.items():
        assert printed["warm"] == "False"
        assert printed["seen"] == repr([name])


def test_a_warm_report_is_byte_identical_to_a_cold_one(tmp_path):
    """Same notebooks (a chart shown through pyplot's inline backend, a failing notebook), warm
    with pyplot preloaded and cold: the same files, byte for byte."""
    data = s.copy_data(tmp_path)
    specs = [s.spec("alpha", scale=2.0, label="alpha"), s.spec("beta", scale=3.0, count=4)]
    files = {}
    for mode, kw in {
        "warm": {"kernel_preload": ["matplotlib.pyplot"]},
        "cold": {"warm": False},
    }.items():
        out = tmp_path / mode
        result = build_reports(
            [s.GOOD, s.BROKEN], specs, out, validate=s.validate, inputs=[data], jobs=2, **kw
        )
        assert result.exit_code == 1  # BROKEN fails, in its own code, both ways
        files[mode] = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.glob("*/*"))
            if p.suffix in (".html", ".ipynb")
        }
    assert sorted(files["warm"]) == [
        "alpha/broken.failed.ipynb",
        "alpha/good.html",
        "alpha/good.ipynb",
        "beta/broken.failed.ipynb",
        "beta/good.html",
        "beta/good.ipynb",
    ]
    assert b"image/png" in files["warm"]["alpha/good.ipynb"]  # the chart was shown
    assert files["warm"] == files["cold"]


def test_the_zygote_forks_kernels_and_kills_them_when_the_build_ends(tmp_path):
    zygote = Zygote([], log=tmp_path / "zygote.log")
    try:
        request = {
            "connection_file": str(tmp_path / "kernel.json"),
            "cwd": str(tmp_path),
            "env": dict(os.environ),
            "log": str(tmp_path / "kernel.log"),
        }
        kernel = ForkedKernel(zygote.path, request)
        assert kernel.pid != zygote.process.pid
        assert kernel.poll() is None and _alive(kernel.pid)
        # the kernel writes its connection file, as a kernel started by jupyter_client does
        deadline = time.monotonic() + 60
        while not (tmp_path / "kernel.json").exists():
            assert time.monotonic() < deadline, (tmp_path / "kernel.log").read_text()
            time.sleep(0.05)
        second = ForkedKernel(
            zygote.path, {**request, "connection_file": str(tmp_path / "k2.json")}
        )
        second.send_signal(signal.SIGKILL)
        assert second.wait(timeout=15) == -signal.SIGKILL  # its exit status, through the zygote
    finally:
        zygote.close()  # what the build does when it ends (its death closes the same pipe)
    assert kernel.wait(timeout=15) is not None
    assert not _alive(kernel.pid)
    assert zygote.process.returncode is not None
    assert not Path(zygote.dir).exists()


def test_no_zygote_is_an_error_the_manager_can_fall_back_from(tmp_path):
    with pytest.raises(ZygoteError, match="no kernel from the zygote"):
        ForkedKernel(str(tmp_path / "none.sock"), {"connection_file": "x"}, timeout=0.5)
