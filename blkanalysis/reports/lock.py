"""One writer per output directory: an exclusive ``flock`` on ``<output>/.blk-report.lock``.

The lock belongs to the open file, so it dies with the process that holds it: a killed run never
leaves a stale lock. The file holds a line saying who holds it (pid, host, start time, command),
which the second run shows before exiting (:class:`~blkanalysis.errors.LockedError`, exit 3) or
while it waits (``wait=True``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from blkanalysis.errors import LockedError

LOCK_NAME = ".blk-report.lock"


def lock_path(output: Path) -> Path:
    return Path(output) / LOCK_NAME


def _holder_text() -> str:
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    cmd = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))
    return f"pid {os.getpid()} on {socket.gethostname()}, since {started}: {cmd}".strip()


def read_holder(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"


class OutputLock:
    """Context manager: hold the output directory's lock (or raise LockedError / wait)."""

    def __init__(
        self,
        output: Path,
        *,
        wait: bool = False,
        on_wait: Callable[[str], None] | None = None,
    ):
        self.path = lock_path(output)
        self.wait = wait
        self.on_wait = on_wait
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by children
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = read_holder(self.path)
                if not self.wait:
                    raise LockedError(self.path, holder) from None
                if self.on_wait is not None:
                    self.on_wait(holder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, (_holder_text() + "\n").encode("utf-8"), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
