"""The persistent pool (blkanalysis.reports.pool): found by the next build, keyed, private,
race-safe, ending when idle, never a failed build; its reports are those of cold kernels.

The rest of the suite's builds share the session's pools (conftest.py); here each test has a
private socket directory and a short idle time, and kills every pool it started."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from pathlib import Path

import pytest

from blkanalysis.reports import build_reports, cache
from blkanalysis.reports import pool as pools
from tests.fixtures.pools import pids_of, stop_all, wait
from tests.fixtures.reports import support as s
from tests.test_reports_zygote import STATE, WARM, _printed

pytestmark = pytest.mark.slow


@pytest.fixture
def pool_dir():
    """A private socket directory (short: socket paths are limited); every pool started in it
    is stopped, then killed, at the end."""
    d = Path(tempfile.mkdtemp(prefix="blkp-"))
    os.chmod(d, 0o700)
    try:
        yield d
    finally:
        stop_all(d)
        shutil.rmtree(d, ignore_errors=True)


def _log(out: Path) -> str:
    path = out / ".blk" / "logs" / "zygote.log"
    return path.read_text() if path.is_file() else ""


def test_the_next_build_uses_the_same_pool_and_every_report_is_a_fresh_kernel(
    pool_dir, tmp_path, monkeypatch
):
    monkeypatch.chdir(WARM)  # the pool imports the fixture's module from here, as kernels do
    options = pools.PoolOptions(pool_dir, idle=120)
    specs = [s.spec(name, label=name) for name in ("one", "two", "three")]
    seen = []
    for n in range(2):
        out = tmp_path / f"r{n}"
        result = build_reports(
            [STATE], specs, out, validate=s.validate, inputs=[s.DATA], jobs=2,
            kernel_preload=["warmstate:prepare"], pool=options,
        )  # fmt: skip
        assert result.exit_code == 0, [r.error for r in result.runs]
        names = ("one", "two", "three")
        seen.append({name: _printed(out / name / "state.ipynb") for name in names})
        assert ("persistent pool started" if n == 0 else "persistent pool found") in _log(out)
        assert "own zygote" not in _log(out)
    # one pool, named by the build's key, for both builds
    key = pools.pool_key(cache.environment(), ["warmstate:prepare"])
    assert [p.name for p in pool_dir.glob("*.sock")] == [f"{key}.sock"]
    assert len(pids_of(pool_dir)) == 1
    pid = pools.connect(key, [], options, start=False)
    try:
        assert pid.request({"info": True})["pid"] == pids_of(pool_dir)[0]
    finally:
        pid.close()
    for build in seen:
        for name, printed in build.items():
            assert printed["warm"] == "True"  # forked by the pool, which ran the hook
            assert printed["seen"] == repr([name])  # and no report sees another's state
    assert len({p["pid"] for build in seen for p in build.values()}) == 6
    assert stat.S_IMODE(os.stat(pool_dir).st_mode) == 0o700


def test_a_pooled_report_is_byte_identical_to_a_cold_one(pool_dir, tmp_path):
    """As tests/test_reports_zygote.py does for a build's own zygote: a chart through pyplot's
    inline backend and a failing notebook, built twice in the pool and once cold."""
    data = s.copy_data(tmp_path)
    specs = [s.spec("alpha", scale=2.0, label="alpha"), s.spec("beta", scale=3.0, count=4)]
    options = pools.PoolOptions(pool_dir, idle=120)
    files = {}
    for mode, kw in {
        "pool": {"kernel_preload": ["matplotlib.pyplot"], "pool": options},
        "pool-again": {"kernel_preload": ["matplotlib.pyplot"], "pool": options},
        "cold": {"warm": False},
    }.items():
        out = tmp_path / mode
        result = build_reports(
            [s.GOOD, s.BROKEN], specs, out, validate=s.validate, inputs=[data], jobs=2, **kw
        )
        assert result.exit_code == 1  # BROKEN fails, in its own code, every way
        if mode != "cold":
            assert "persistent pool" in _log(out) and "own zygote" not in _log(out)
        files[mode] = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.glob("*/*"))
            if p.suffix in (".html", ".ipynb")
        }
    assert len(files["pool"]) == 6
    assert b"image/png" in files["pool"]["alpha/good.ipynb"]
    assert files["pool"] == files["cold"]
    assert files["pool-again"] == files["cold"]


def test_the_key_follows_the_code_the_python_and_the_preload(tmp_path):
    env = cache.environment([s.DATA])
    key = pools.pool_key(env, ["a"])
    assert pools.pool_key(dict(env), ["a"]) == key
    assert pools.pool_key({**env, "code_sha256": "0" * 64}, ["a"]) != key
    assert pools.pool_key({**env, "python": "3.99.0"}, ["a"]) != key
    assert pools.pool_key(env, ["a", "b"]) != key
    changed = s.copy_data(tmp_path)
    (changed / "extra.txt").write_text("new code")
    assert pools.pool_key(cache.environment([changed]), ["a"]) != key


def test_builds_starting_at_once_share_one_pool_which_ends_when_idle(pool_dir):
    options = pools.PoolOptions(pool_dir, idle=1.0)
    handles: list[pools.Pool] = []

    def start() -> None:
        handles.append(pools.connect("race", [], options))

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(handles) == 3
    assert sum(h.started for h in handles) == 1
    assert len(pids_of(pool_dir)) == 1
    # in use (the builds hold the use lock): it stays past its idle time
    time.sleep(2.5)
    assert pools.running(options) == [pool_dir / "race.sock"]
    for h in handles:
        h.close()
    assert wait(lambda: not pids_of(pool_dir), 30)  # idle: it ends, and removes its socket
    assert not (pool_dir / "race.sock").exists()


def test_a_dead_pools_socket_is_replaced(pool_dir):
    options = pools.PoolOptions(pool_dir, idle=60)
    first = pools.connect("dead", [], options)
    first.close()
    [pid] = pids_of(pool_dir)
    os.kill(pid, signal.SIGKILL)
    assert wait(lambda: not pids_of(pool_dir), 10)
    assert (pool_dir / "dead.sock").exists()  # left behind
    second = pools.connect("dead", [], options)
    try:
        assert second.started
        assert second.request({"info": True})["pid"] != pid
    finally:
        second.close()


def test_without_a_usable_pool_the_build_runs_its_own_zygote(tmp_path):
    """A socket directory open to others is refused: the build says so and builds anyway."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    out = tmp_path / "out"
    result = build_reports(
        [s.GOOD], [s.spec("alpha", label="alpha")], out, validate=s.validate, inputs=[s.DATA],
        jobs=1, kernel_preload=[], pool=pools.PoolOptions(shared, idle=5),
    )  # fmt: skip
    assert result.exit_code == 0, [r.error for r in result.runs]
    assert "persistent pool unavailable" in _log(out)
    assert "open to other users" in _log(out)
    assert not pids_of(shared)


def test_a_pool_that_dies_under_a_run_leaves_it_to_the_builds_own_zygote(pool_dir, tmp_path):
    """The pool is killed while a report runs in it: its run and kernel die with it, and the
    build runs the report again the old way; exit 0."""
    marker = tmp_path / "running"
    options = pools.PoolOptions(pool_dir, idle=60)
    killed: list[int] = []

    def kill_the_pool() -> None:
        if wait(marker.exists, 120):
            for pid in pids_of(pool_dir):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    killer = threading.Thread(target=kill_the_pool)
    killer.start()
    out = tmp_path / "out"
    try:
        result = build_reports(
            [s.SLOW], [s.spec("alpha", seconds=2.0, marker=str(marker))], out,
            validate=s.validate, inputs=[s.DATA], jobs=1, kernel_preload=[], pool=options,
        )  # fmt: skip
    finally:
        killer.join(150)
    assert killed
    assert result.exit_code == 0, [r.error for r in result.runs]
    log = _log(out)
    assert "persistent pool failed on" in log and "left to this build's own zygote" in log
    assert "slept 2.0 s" in (out / "alpha" / "slow.ipynb").read_text()
    assert wait(lambda: not pids_of(pool_dir), 10)


def test_starting_a_pool_forgets_the_files_of_pools_gone_for_a_day(pool_dir):
    old = time.time() - 2 * 86400
    for name in ("gone.log", "gone.use", "gone.start", "recent.log", "recent.use"):
        (pool_dir / name).write_text("")
    os.utime(pool_dir / "gone.log", (old, old))
    handle = pools.connect("new", [], pools.PoolOptions(pool_dir, idle=60))
    handle.close()
    names = sorted(p.name for p in pool_dir.iterdir())
    assert not [n for n in names if n.startswith("gone.")]
    assert "recent.log" in names and "recent.use" in names and "new.sock" in names


def _cli_build(out: Path, env: dict[str, str]):
    from tests.fixtures import e2e

    notebook = e2e.FAULT_NOTEBOOKS / "ok.ipynb"
    args = ["report", "--scenario", e2e.FAULT_SCENARIO, "--notebooks", notebook, "-o", out]
    return e2e.blk(*args, env=env)


def test_the_commands_use_the_pool_of_their_directory_and_with_the_pool_off_start_none(
    pool_dir, tmp_path, monkeypatch
):
    """Through the commands: a build starts the pool of BLK_REPORT_POOL_DIR, the next finds
    it, and `blk report --check` (and `blk notebooks`, by the same function) fork their
    kernels from it; with BLK_REPORT_POOL=0 a build runs its own zygote, leaves nothing up
    and makes the same report."""
    from blkanalysis.cli.kernels import pooled_kernels
    from tests.fixtures import e2e

    monkeypatch.chdir(e2e.ROOT)  # where e2e.blk runs the commands: the same pool key
    monkeypatch.setenv("BLK_REPORT_POOL_DIR", str(pool_dir))
    monkeypatch.setenv("BLK_REPORT_POOL_IDLE", "60")
    monkeypatch.setenv("BLK_REPORT_POOL", "1")
    first = _cli_build(tmp_path / "a", {})
    assert first.returncode == 0, first.stdout + first.stderr
    assert "persistent pool started" in _log(tmp_path / "a")
    (sock,) = pool_dir.glob("*.sock")
    again = _cli_build(tmp_path / "b", {})
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"persistent pool found: {sock}" in _log(tmp_path / "b")
    with pooled_kernels(tmp_path / "b") as socket:
        assert socket == str(sock)
    check = e2e.blk("report", "--check", "-o", tmp_path / "b")
    assert check.returncode == 0, check.stdout + check.stderr
    assert list(pool_dir.glob("*.sock")) == [sock] and len(pids_of(pool_dir)) == 1
    stop_all(pool_dir)

    monkeypatch.setenv("BLK_REPORT_POOL", "0")
    cold = _cli_build(tmp_path / "c", {})
    assert cold.returncode == 0, cold.stdout + cold.stderr
    assert "persistent pool" not in _log(tmp_path / "c")
    with pooled_kernels(tmp_path / "c") as socket:
        assert socket is None
    assert not list(pool_dir.glob("*.sock")) and not pids_of(pool_dir)
    assert (tmp_path / "c" / "faults" / "ok.html").read_bytes() == (
        tmp_path / "a" / "faults" / "ok.html"
    ).read_bytes()


def test_the_sessions_builds_share_its_pools(tmp_path):
    """The suite's own builds use the session's pools (conftest.py), not the user's default
    directory, unless BLK_TEST_POOL=0 runs them cold."""
    session = os.environ.get("BLK_REPORT_POOL_DIR")
    if os.environ.get("BLK_TEST_POOL", "1").strip() == "0":
        assert os.environ["BLK_REPORT_POOL"] == "0"
        return
    assert os.environ["BLK_REPORT_POOL"] == "1" and session
    r = _cli_build(tmp_path / "out", {})
    assert r.returncode == 0, r.stdout + r.stderr
    log = _log(tmp_path / "out")
    assert f"persistent pool started: {session}/" in log or f"found: {session}/" in log, log
