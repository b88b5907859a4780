"""One writer per output directory: the second run is told who holds it, or waits."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest

from blkanalysis.errors import LockedError
from blkanalysis.reports import OutputLock, build_reports
from blkanalysis.reports.lock import lock_path
from tests.fixtures.reports import support as s

HOLD = (
    "import sys, time\n"
    "from blkanalysis.reports.lock import OutputLock\n"
    "with OutputLock(sys.argv[1]):\n"
    "    print('locked', flush=True)\n"
    "    time.sleep(60)\n"
)


def hold_in_child(output):
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(output)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    return child


def test_second_holder_is_refused_with_the_holder_named(tmp_path):
    with OutputLock(tmp_path), pytest.raises(LockedError) as err:
        OutputLock(tmp_path).acquire()
    assert err.value.exit_code == 3
    assert f"pid {__import__('os').getpid()}" in err.value.holder
    assert str(tmp_path) in str(err.value)
    OutputLock(tmp_path).acquire()  # released on exit


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    child = hold_in_child(tmp_path)
    try:
        with pytest.raises(LockedError) as err:
            OutputLock(tmp_path).acquire()
        assert f"pid {child.pid}" in err.value.holder
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert lock_path(tmp_path).exists()  # the file stays; the lock died with the process
    with OutputLock(tmp_path):
        pass


def test_wait_queues_behind_the_holder(tmp_path):
    first = OutputLock(tmp_path)
    first.acquire()
    seen: list[str] = []
    got = threading.Event()

    def second():
        with OutputLock(tmp_path, wait=True, on_wait=seen.append):
            got.set()

    t = threading.Thread(target=second)
    t.start()
    time.sleep(0.3)
    assert not got.is_set() and seen and "pid" in seen[0]
    first.release()
    t.join(5)
    assert got.is_set()


def test_build_refuses_a_locked_output_before_running_anything(tmp_path):
    out = tmp_path / "reports"
    with OutputLock(out), pytest.raises(LockedError):
        build_reports([s.GOOD], [s.spec("alpha")], out, validate=s.validate)
    assert sorted(p.name for p in out.iterdir()) == [".blk-report.lock"]
