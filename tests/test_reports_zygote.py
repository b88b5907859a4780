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
    log = (tmp_path / "zygote.log").read_text()
    assert "ready in" in log and "Debugger warning" not in log  # no noise about debugging


def test_no_zygote_is_an_error_the_manager_can_fall_back_from(tmp_path):
    with pytest.raises(ZygoteError, match="no kernel from the zygote"):
        ForkedKernel(str(tmp_path / "none.sock"), {"connection_file": "x"}, timeout=0.5)


def test_a_kernelspec_can_borrow_a_warm_kernel_and_loses_it_with_its_stand_in(tmp_path):
    """kernel_argv: what nbval (or any jupyter_client user) starts; the stand-in process asks the
    zygote for the kernel, and the kernel dies with it, even by SIGKILL."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import KernelManager

    from blkanalysis.reports.zygote import kernel_argv

    zygote = Zygote([], log=tmp_path / "zygote.log")
    km = KernelManager()
    km._kernel_spec = KernelSpec(argv=kernel_argv(zygote.path), language="python", display_name="w")
    try:
        km.start_kernel(cwd=str(tmp_path))
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        found = {}
        kc.execute_interactive(
            "import os; print(os.getppid(), os.getcwd())",
            output_hook=lambda m: found.update(m["content"]) if m["msg_type"] == "stream" else None,
            timeout=60,
        )
        parent, cwd = found["text"].split()
        assert int(parent) == zygote.process.pid  # forked by the zygote, not started afresh
        assert cwd == str(tmp_path)
        kc.stop_channels()
        stand_in = km.provisioner.process
        kernel = int(parent) and _kernel_pid_of(zygote.process.pid)
        stand_in.kill()  # no chance to pass anything on
        stand_in.wait()
        deadline = time.monotonic() + 15
        while _alive(kernel) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(kernel)
    finally:
        km.cleanup_resources()
        zygote.close()


def _kernel_pid_of(zygote_pid: int) -> int:
    children = Path(f"/proc/{zygote_pid}/task/{zygote_pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def test_check_reports_runs_nbval_on_warm_kernels(tmp_path, monkeypatch):
    """nbval compares a warm build's outputs strictly: with the same preload its kernels print
    the same ("warm: True"); cold kernels print "warm: False" and the check fails."""
    from blkanalysis.reports import check_reports

    seen = _state_build(tmp_path, monkeypatch, kernel_preload=["warmstate:prepare"])
    assert {p["warm"] for p in seen.values()} == {"True"}
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(WARM), os.environ.get("PYTHONPATH", "")]))
    sanitize = tmp_path / "sanitize.cfg"
    sanitize.write_text("[pid]\nregex: pid: \\d+\nreplace: pid: N\n")
    out = tmp_path / "reports"
    warm = check_reports(out, sanitize=sanitize, kernel_preload=["warmstate:prepare"], capture=True)
    assert warm.returncode == 0, warm.stdout[-3000:]
    cold = check_reports(out, sanitize=sanitize, capture=True)
    assert cold.returncode == 1, cold.stdout[-3000:]
    assert "warm: False" in cold.stdout
    # a zygote already running (a persistent pool's): every worker forks from it, none starts
    running = Zygote(["warmstate:prepare"])
    try:
        shared = check_reports(
            out, sanitize=sanitize, capture=True, jobs=2, kernel_socket=running.path
        )
    finally:
        running.close()
    assert shared.returncode == 0, shared.stdout[-3000:]


def test_a_forked_kernel_finds_the_kernels_own_imports_done(tmp_path):
    """What a kernel imports as it starts (``IPKernelApp.initialize``: the shell, its history,
    the debugger, debugpy) the zygote has imported, so a kernel's start costs a fork of it,
    not those imports: after the zygote's preload, starting a kernel imports no module of
    IPython, ipykernel, debugpy or pydevd."""
    import subprocess
    import sys

    out = tmp_path / "imported.txt"
    code = (
        "import os, sys, tempfile\n"
        "from blkanalysis.reports import zygote\n"
        "zygote._preload([])\n"
        "from jupyter_client.connect import write_connection_file\n"
        "connection = tempfile.mktemp(suffix='.json', dir=sys.argv[2])\n"
        "write_connection_file(connection)\n"
        "before = set(sys.modules)\n"
        "from ipykernel.kernelapp import IPKernelApp\n"
        "IPKernelApp.instance().initialize(['-f', connection])\n"
        "open(sys.argv[1], 'w').write('\\n'.join(sorted(set(sys.modules) - before)))\n"
        "os._exit(0)\n"  # the kernel's streams replace stdout: the answer is in the file
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(out), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    heavy = ("IPython", "ipykernel", "debugpy", "pydevd", "_pydev", "sqlite3", "pdb")
    imported = out.read_text().split()
    assert [m for m in imported if m.startswith(heavy)] == [], imported


def test_the_preloaded_heap_is_out_of_the_collectors_reach(tmp_path):
    """The zygote's preload (ipykernel, the modules it is given) is never garbage: once it is
    done, the collector tracks (and a kernel's full collection walks) only what is made after
    it, not the tens of thousands of objects preloaded."""
    import subprocess
    import sys

    code = (
        "import gc\n"
        "from blkanalysis.reports import zygote\n"
        "zygote._preload(['pandas'])\n"
        "print(len(gc.get_objects()), gc.get_freeze_count())\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    tracked, frozen = map(int, r.stdout.split())
    assert tracked < 1_000 and frozen > 50_000, (tracked, frozen)
