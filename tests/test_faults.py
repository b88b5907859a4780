"""Faults, end to end through the installed ``blk`` command: nothing is ever lost.

On two tiny fixture notebooks (tests/fixtures/faults/notebooks: ``ok`` and ``dies``, which
declare only ``lang``) with the fault scenario (tests/fixtures/faults/faults.yaml), each test
starts from a copy of one good build and then:

- kills a notebook's kernel mid-run (``dies`` sends itself SIGKILL when BLK_TEST_KILL_KERNEL=1):
  that report fails (exit 1), the other is built, the previous good report of ``dies`` is
  untouched and the index marks it failed, linking the previous report; the next run rebuilds it;
- fills the disk, four ways: a real "no space left on device" (a small tmpfs, mounted in a
  private mount namespace; skipped where ``unshare -m`` is not allowed), a file-size limit
  (``ulimit -f``: writes fail with "file too large"), a file where a scenario's directory must
  go, and an unwritable directory (chmod 0o500; skipped as root, where it stops nothing): a clear
  error, a non-zero exit, no traceback, and the previous reports untouched;
- starts a second run on the same output directory while the first holds it: exit 3 naming the
  holder; a third with ``--wait`` queues behind it; the first completes, nothing is damaged.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import e2e

pytestmark = pytest.mark.slow  # every test runs notebooks in real kernels

REPORT = [
    "report",
    "--scenario",
    e2e.FAULT_SCENARIO,
    "--notebooks",
    e2e.FAULT_NOTEBOOKS,
    "--jobs",
    "2",
]
SCENARIO = "faults"
FILES = [f"{SCENARIO}/{nb}.{ext}" for nb in ("dies", "ok") for ext in ("html", "ipynb")]


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory) -> Path:
    """The good build every test starts from (a copy of it)."""
    out = tmp_path_factory.mktemp("faults") / "reports"
    r = e2e.blk(*REPORT, "--output", out)
    assert r.returncode == 0, r.stdout + r.stderr
    for f in FILES:
        assert (out / f).is_file(), f
    return out


@pytest.fixture
def out(previous_build, tmp_path) -> Path:
    dst = tmp_path / "reports"
    shutil.copytree(previous_build, dst)
    return dst


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def check_consistent(out: Path) -> dict[str, Any]:
    """manifest.json describes what is on disk: every report it names is there, unchanged;
    no commit is half-done (journal) and no temporary file is left beside the reports."""
    m = manifest(out)
    for key, run in m["runs"].items():
        for kind in ("html", "ipynb", "failed_ipynb"):
            rel = run.get(kind)
            if rel:
                assert (out / rel).is_file(), f"{key}: {rel} is missing"
                digest = run.get(f"{kind}_sha256")
                if digest:
                    assert e2e.sha256(out / rel) == digest, f"{key}: {rel} is not what was built"
    assert (out / "index.html").is_file()
    journal = out / ".blk" / "journal"
    assert not journal.is_dir() or not any(journal.iterdir()), "a commit was left half-done"
    leftovers = [p.name for d in out.iterdir() if d.is_dir() for p in d.glob(".*.tmp")]
    assert leftovers == [], f"temporary files left beside the reports: {leftovers}"
    return m


def check_untouched(before: dict[str, str], out: Path, files=FILES) -> None:
    for f in files:
        assert (out / f).is_file(), f"{f} was lost"
        assert e2e.sha256(out / f) == before[f], f"{f} was changed"


# ---------------------------------------------------------------------------------------------
# a kernel killed mid-run


def test_a_dead_kernel_fails_its_report_and_keeps_the_previous_one(out):
    before = e2e.snapshot(out)
    r = e2e.blk(*REPORT, "--output", out, "--force", env={"BLK_TEST_KILL_KERNEL": "1"})
    shown = f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}"
    assert r.returncode == 1, shown
    assert "Traceback" not in r.stdout + r.stderr, shown
    assert f"FAILED  {SCENARIO}/dies: DeadKernelError" in r.stderr, shown
    assert "1 built, 0 unchanged, 1 failed" in r.stdout, shown

    m = check_consistent(out)
    ok, dies = m["runs"][f"{SCENARIO}/ok"], m["runs"][f"{SCENARIO}/dies"]
    assert (ok["status"], ok["action"]) == ("ok", "executed")  # the other report was built
    assert dies["status"] == "failed" and "Kernel died" in dies["error"]
    # the previous good report of the dead notebook: untouched, and still the one linked
    check_untouched(before, out, [f"{SCENARIO}/dies.html", f"{SCENARIO}/dies.ipynb"])
    assert dies["html"] == f"{SCENARIO}/dies.html"
    assert dies["html_sha256"] == before[f"{SCENARIO}/dies.html"]
    # the partial notebook, up to the kill
    failed = json.loads((out / SCENARIO / "dies.failed.ipynb").read_text(encoding="utf-8"))
    printed = "".join(
        "".join(o.get("text", "")) for c in failed["cells"] for o in c.get("outputs", [])
    )
    assert "before the kill" in printed and "after the kill" not in printed
    # the index marks it failed and links the previous report and the failed notebook
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="status failed">failed</span>') == 1
    assert index.count('<span class="status ok">ok</span>') == 1
    assert "DeadKernelError: Kernel died" in index
    assert f'<a href="{SCENARIO}/dies.html">previous report</a>' in index
    assert f'<a href="{SCENARIO}/dies.failed.ipynb">failed notebook</a>' in index
    assert f'<a href="{SCENARIO}/ok.html">report</a>' in index

    # a dead kernel is not cached: the next run (kernel left alone) rebuilds that report only
    again = e2e.blk(*REPORT, "--output", out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 built, 1 unchanged, 0 failed" in again.stdout
    assert not (out / SCENARIO / "dies.failed.ipynb").exists()
    m = check_consistent(out)
    assert {k: v["status"] for k, v in m["runs"].items()} == {
        f"{SCENARIO}/dies": "ok",
        f"{SCENARIO}/ok": "ok",
    }


# ---------------------------------------------------------------------------------------------
# a full disk


def _tmpfs_works(directory: Path) -> bool:
    """Can we mount a tmpfs on ``directory`` in a private mount namespace (gone with it)?"""
    if not (shutil.which("unshare") and shutil.which("mount")):
        return False
    directory.mkdir(exist_ok=True)
    script = 'mount -t tmpfs -o size=64k blk-test-probe "$1"'
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", str(directory)],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


_NO_SPACE = """set -e
mnt=$1; prev=$2; result=$3; size=$4; shift 4
mount -t tmpfs -o size=${size}k blk-test-full "$mnt"
cp -a "$prev/." "$mnt/"
set +e
"$@" --output "$mnt"
rc=$?
cp -a "$mnt/." "$result/"
exit $rc
"""


def _tmpfs_kib(directory: Path, spare_kib: int) -> int:
    """A tmpfs size (KiB) that holds ``directory`` with only ``spare_kib`` to spare."""
    pages = sum(-(-p.stat().st_size // 4096) for p in directory.rglob("*") if p.is_file())
    return pages * 4 + spare_kib


def disk_full_run(how: str, out: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """Run a build that cannot write its reports; return its result and the output dir."""
    argv = [str(e2e.BLK), *map(str, REPORT), "--force"]
    env = e2e.clean_env()
    if how == "no-space":
        mnt, result = tmp_path / "mnt", tmp_path / "result"
        if not _tmpfs_works(mnt):
            pytest.skip("needs `unshare -m` and `mount` (root with CAP_SYS_ADMIN) for a tmpfs")
        result.mkdir()
        # room for the previous build and a new manifest and index, not for a new report
        size = _tmpfs_kib(out, spare_kib=160)
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c", _NO_SPACE, "sh"]
        cmd += [str(mnt), str(out), str(result), str(size), *argv]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        return r, result
    if how == "file-size-limit":
        # writes past 100 KiB fail with EFBIG (Python ignores SIGXFSZ); a report is ~270 KiB
        cmd = ["sh", "-c", 'ulimit -f 100 && exec "$@"', "sh", *argv, "--output", str(out)]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        return r, out
    if how == "file-in-the-way":
        # a file where the Indonesian reports' directory must go; the English ones are cached
        (out / f"{SCENARIO}.id").write_text("not a directory\n")
        cmd = [str(e2e.BLK), *map(str, REPORT), "--lang", "en", "--lang", "id"]
        r = subprocess.run(
            [*cmd, "--output", str(out)], capture_output=True, text=True, env=env, timeout=300
        )
        return r, out
    if how == "read-only-dir":
        d = out / SCENARIO
        d.chmod(0o500)
        probe = d / ".probe"
        try:
            probe.write_text("")
        except PermissionError:
            pass
        else:
            probe.unlink()
            d.chmod(0o755)
            pytest.skip(
                "running as root: chmod 0o500 does not stop writes (the no-space, "
                "file-size-limit and file-in-the-way cases fill in)"
            )
        try:
            r = subprocess.run(
                [*argv, "--output", str(out)], capture_output=True, text=True, env=env, timeout=300
            )
        finally:
            d.chmod(0o755)
        return r, out
    raise AssertionError(how)


#: how the disk is "full", and what the error must say (one of, any case)
DISK_FULL = {
    "no-space": ("no space left on device", "disk is full", "disk full"),
    "file-size-limit": ("file too large",),
    "file-in-the-way": ("file exists", "not a directory", f"{SCENARIO}.id"),
    "read-only-dir": ("permission denied",),
}


@pytest.mark.parametrize("how", list(DISK_FULL))
def test_a_full_disk_is_a_clear_error_and_loses_nothing(how, out, tmp_path):
    before = e2e.snapshot(out)
    r, result = disk_full_run(how, out, tmp_path)
    shown = f"{how}: exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr[-3000:]}"
    # nothing lost: the previous reports are untouched and the manifest still describes them
    check_untouched(before, result)
    m = check_consistent(result)
    for f in FILES:
        kind = f.rsplit(".", 1)[1]
        assert m["runs"][f.rsplit(".", 1)[0]][kind] == f
    # the error: non-zero exit, saying what went wrong, without a traceback
    assert r.returncode != 0, shown
    assert any(words in r.stderr.lower() for words in DISK_FULL[how]), shown
    if how == "file-size-limit":
        # once the disk has room again, the next run builds everything
        again = e2e.blk(*REPORT, "--output", result, "--force")
        assert again.returncode == 0, again.stdout + again.stderr
        check_consistent(result)
    assert "Traceback" not in r.stderr + r.stdout, shown


# ---------------------------------------------------------------------------------------------
# two runs at once


def _wait_for_lock(out: Path, process: subprocess.Popen, timeout: float = 60) -> str:
    lock = out / ".blk-report.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first run ended before it was seen holding the lock"
        try:
            text = lock.read_text(encoding="utf-8")
        except OSError:
            text = ""
        if f"pid {process.pid} " in text:
            return text.strip()
        time.sleep(0.05)
    raise AssertionError("the first run never took the output directory's lock")


def _wait_for(predicate, what: str, *, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert process.poll() is None, f"the run ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def test_a_second_run_exits_3_and_a_waiting_one_queues(out, tmp_path):
    # the first run rebuilds both reports; "ok" waits for the gate file, so the first run holds
    # the lock until the test opens the gate
    gate = tmp_path / "gate"
    first = e2e.start_blk(*REPORT, "--output", out, "--force", env={"BLK_TEST_GATE": str(gate)})
    waiting = None
    waiting_err = tmp_path / "waiting.stderr"
    try:
        holder = _wait_for_lock(out, first)
        second = e2e.blk(*REPORT, "--output", out)
        shown = f"exit {second.returncode}\nstdout: {second.stdout}\nstderr: {second.stderr}"
        assert second.returncode == 3, shown
        assert "Traceback" not in second.stderr, shown
        assert "another report run is writing to" in second.stderr, shown
        assert f"pid {first.pid} " in second.stderr and "--wait" in second.stderr, shown
        assert holder.split(",")[0] in second.stderr  # "pid N on host, since ...": the holder
        # a run with --wait queues behind the first, saying so
        with waiting_err.open("w") as err:
            waiting = e2e.start_blk(*REPORT, "--output", out, "--wait", stderr=err)
        _wait_for(
            lambda: "waiting: another run" in waiting_err.read_text(),
            "the --wait run said it waits",
            process=waiting,
        )
        assert first.poll() is None  # still holding the lock
        gate.write_text("open")
        stdout, stderr = first.communicate(timeout=180)
        assert first.returncode == 0, stdout + stderr
        assert "2 built, 0 unchanged, 0 failed" in stdout
        w_out, _ = waiting.communicate(timeout=180)
        w_err = waiting_err.read_text()
        assert waiting.returncode == 0, w_out + w_err
        assert f"waiting: another run is writing to {out}" in w_err
        assert f"pid {first.pid} " in w_err
        assert "Traceback" not in w_err
        assert "2 unchanged" in w_out  # the first run's reports, as it left them
    finally:
        gate.write_text("open")
        for p in (first, waiting):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    m = check_consistent(out)
    assert {k: v["status"] for k, v in m["runs"].items()} == {
        f"{SCENARIO}/dies": "ok",
        f"{SCENARIO}/ok": "ok",
    }
    assert m["build"]["status"] == "ok"
    assert not (out / ".blk-report.lock").read_text().strip()  # released
