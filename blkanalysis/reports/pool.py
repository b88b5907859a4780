"""A warm pool that outlives one build: the next build finds it and starts no heavy process.

Each build used to start its own zygote (pandas, matplotlib, the analysis library, the data
parsed: see :mod:`.zygote`) and its own fork server for the workers (papermill, nbconvert, the
report template: see ``_preload``): seconds before the first report, every command. Here the
first build that needs kernels starts a *persistent* zygote that preloads both, detached (its
own session, standard streams to a log file, no inherited descriptors); later builds connect
to it. Per report it forks a child that runs the report (:func:`~.execute.run_job`: papermill,
then the export) in the build's directory and environment, and that child's kernel is forked
from the pool too: a fresh process and a fresh kernel for every report, as before.

- **Keyed**: the socket's name is a hash of the runner's and the library's code (the build's
  cache environment), the Python executable, the preload list, the working directory and the
  environment variables that shape what the preload does. A build never uses a pool of another
  key; a pool nobody uses ends after ``idle`` seconds (default 600).
- **Private and race-safe**: sockets live in a per-user directory of mode 0700
  (``$XDG_RUNTIME_DIR/blk-pool`` or ``<tempdir>/blk-pool-<uid>``); a build holds the key's use
  lock shared while it uses the pool, and starts a pool under the key's start lock, so two
  builds starting at once end with one pool; a dead pool's socket is removed before a new one
  binds. A pool ends only when it can take the use lock exclusively.
- **Never a failed build**: when the pool cannot be reached, or dies under a run, the build
  says so in its log and runs what is left the old way (its own zygote and worker pool).

Data edits need no new key: the kernels' data cache compares the files' stamps on every load.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: default seconds a pool nobody uses stays up
IDLE_S = 600.0

#: environment variables whose values shape the preload (imports, configuration, locale,
#: temporary files): part of the key, by prefix
KEY_ENV_PREFIXES = (
    "PYTHON",
    "MPL",
    "JUPYTER",
    "IPYTHON",
    "LANG",
    "LC_",
    "TZ",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "TMPDIR",
    "PATH",
)

#: what the runner's own side preloads (papermill, nbconvert, the report template)
RUNNER_PRELOAD = "blkanalysis.reports._preload"


class PoolError(OSError):
    """The pool could not be found, started or used."""


@dataclass(frozen=True)
class PoolOptions:
    """Where the pools' sockets live (None: the default private directory) and how long an
    unused pool stays up."""

    directory: Path | None = None
    idle: float = IDLE_S


def runtime_dir(base: Path | None = None) -> Path:
    """The private directory (mode 0700, ours) of the pools' sockets, locks and logs."""
    if base is None:
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        if xdg and os.path.isdir(xdg) and os.access(xdg, os.W_OK):
            base = Path(xdg) / "blk-pool"
        else:
            base = Path(tempfile.gettempdir()) / f"blk-pool-{os.getuid()}"
    base = Path(base)
    with contextlib.suppress(FileExistsError):
        base.mkdir(mode=0o700, parents=True)
    st = os.lstat(base)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise PoolError(f"{base} is not a directory of ours")
    if stat.S_IMODE(st.st_mode) & 0o077:
        raise PoolError(f"{base} is open to other users (mode {stat.S_IMODE(st.st_mode):o})")
    return base


def pool_key(environment: Mapping[str, Any], preload: Sequence[str]) -> str:
    """The key of the pool a build may use (hex, short: socket paths are limited)."""
    env = {k: v for k, v in os.environ.items() if k.startswith(KEY_ENV_PREFIXES)}
    facts = {
        "environment": dict(environment),  # runner and library code, Python, package versions
        "executable": sys.executable,
        "preload": list(preload),
        "cwd": os.getcwd(),
        "env": env,
    }
    text = json.dumps(facts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _lock(path: Path, how: int) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, how)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _connectable(path: Path) -> bool:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        s.close()


class Pool:
    """A build's handle on the pool of its key: found or started by :func:`connect`; holds the
    key's use lock (shared) until :meth:`close`."""

    def __init__(self, path: Path, log: Path, use_fd: int, started: bool):
        self.path = path
        self.log = log
        self.started = started
        self._use_fd = use_fd
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._aborted = False

    def abort(self) -> None:
        """End the runs still going (the pool kills the run, and its kernel, of a closed
        connection) and take no more."""
        with self._lock:
            self._aborted = True
            socks, self._open = list(self._open), set()
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Stop using the pool (it stays up for the next build): any run still going is ended."""
        self.abort()
        if self._use_fd >= 0:
            os.close(self._use_fd)
            self._use_fd = -1

    def request(self, request: Mapping[str, Any], timeout: float | None = 30) -> dict[str, Any]:
        """One request and its first answer (info, stop)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(self.path))
            sock.sendall(json.dumps(dict(request)).encode() + b"\n")
            return _read_line(sock, b"")[0] or {}

    def call(self, function: str, arg: Any) -> Any:
        """``function(arg)`` (``module:name``) in a fresh child of the pool, in this process's
        directory and environment; raises PoolError if the pool fails, RuntimeError if the child
        died or raised."""
        request = {
            "call": function,
            "arg": base64.b64encode(pickle.dumps(arg)).decode("ascii"),
            "cwd": os.getcwd(),
            "env": dict(os.environ),
        }
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with self._lock:
            if self._aborted:
                sock.close()
                raise PoolError("the build stopped using the pool")
            self._open.add(sock)
        try:
            try:
                sock.connect(str(self.path))
                sock.sendall(json.dumps(request).encode() + b"\n")
            except OSError as exc:
                raise PoolError(f"the pool at {self.path} did not take the run: {exc}") from None
            buf = b""
            result: dict[str, Any] | None = None
            while True:
                try:
                    reply, buf = _read_line(sock, buf)
                except (OSError, ValueError) as exc:
                    raise PoolError(f"lost the pool at {self.path}: {exc}") from None
                if reply is None:  # closed without an exit status: the pool itself went
                    if result is not None:
                        break
                    raise PoolError(f"the pool at {self.path} closed the run's connection")
                if "exit" in reply:
                    break
                result = reply
        finally:
            with self._lock:
                self._open.discard(sock)
            sock.close()
        if result is None or "result" not in result:
            why = (result or {}).get("error") or f"exit status {reply and reply.get('exit')}"
            raise RuntimeError(f"the run's process died ({why})")
        return pickle.loads(base64.b64decode(result["result"]))


def _read_line(sock: socket.socket, buf: bytes) -> tuple[dict[str, Any] | None, bytes]:
    while b"\n" not in buf:
        data = sock.recv(1 << 20)
        if not data:
            return None, buf
        buf += data
    line, buf = buf.split(b"\n", 1)
    return json.loads(line), buf


def connect(
    key: str,
    preload: Sequence[str],
    options: PoolOptions | None = None,
    *,
    start: bool = True,
) -> Pool:
    """The pool of ``key``: found running, or started (detached) with ``preload`` and the
    runner's own preload; raises PoolError if neither works."""
    options = options or PoolOptions()
    base = runtime_dir(options.directory)
    path = base / f"{key}.sock"
    log = base / f"{key}.log"
    use_fd = _lock(base / f"{key}.use", fcntl.LOCK_SH)  # the pool cannot end while we hold it
    try:
        if _connectable(path):
            return Pool(path, log, use_fd, started=False)
        if not start:
            raise PoolError(f"no pool at {path}")
        start_fd = _lock(base / f"{key}.start", fcntl.LOCK_EX)
        try:
            if _connectable(path):  # another build started it meanwhile
                return Pool(path, log, use_fd, started=False)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # a dead pool's socket
            _tidy(base, key)
            _spawn(path, log, base / f"{key}.use", [*preload, RUNNER_PRELOAD], options.idle)
            return Pool(path, log, use_fd, started=True)
        finally:
            os.close(start_fd)
    except BaseException:
        os.close(use_fd)
        raise


def _tidy(base: Path, keep: str, age: float = 86400.0) -> None:
    """Forget the files (log, locks) of the pools of other keys gone for a day: each change of
    the code makes a new key."""
    now = time.time()
    for log in base.glob("*.log"):
        key = log.stem
        if key == keep or (base / f"{key}.sock").exists():
            continue
        try:
            if now - log.stat().st_mtime < age:
                continue
        except OSError:
            continue
        for suffix in (".log", ".use", ".start"):
            with contextlib.suppress(OSError):
                (base / f"{key}{suffix}").unlink()


def _spawn(path: Path, log: Path, lock: Path, modules: Sequence[str], idle: float) -> None:
    """Start the pool detached and wait until its socket takes connections."""
    with open(log, "ab") as stream:
        stream.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting\n".encode())
        stream.flush()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "blkanalysis.reports.zygote",
                "--pool",
                str(idle),
                str(lock),
                str(path),
                *modules,
            ],
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=stream,
            close_fds=True,
            start_new_session=True,  # not ours: Ctrl-C and a harness's group kill spare it
        )
    deadline = time.monotonic() + 60
    while not _connectable(path):
        if process.poll() is not None:
            raise PoolError(f"the pool exited at start (status {process.returncode}): see {log}")
        if time.monotonic() > deadline:
            with contextlib.suppress(OSError):
                process.kill()
            raise PoolError(f"the pool did not open {path} within 60 s: see {log}")
        time.sleep(0.01)
    # not waited for: it outlives this process (init reaps it)
    process.returncode = 0  # keep Popen.__del__ from warning about a running child


def running(options: PoolOptions | None = None) -> list[Path]:
    """The sockets of the pools that take connections now."""
    base = runtime_dir((options or PoolOptions()).directory)
    return sorted(p for p in base.glob("*.sock") if _connectable(p))


def stop(path: Path, timeout: float = 10) -> int | None:
    """Ask the pool at ``path`` to end (it kills what it is running); its pid, or None."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(path))
            sock.sendall(b'{"stop": true}\n')
            reply, _ = _read_line(sock, b"")
    except (OSError, ValueError):
        return None
    return int(reply["pid"]) if reply and "pid" in reply else None


def run_jobs(pool: Pool, jobs: Sequence[Any], workers: int) -> Iterator[tuple[Any, Any]]:
    """Yield ``(job, outcome)`` as each job finishes in the pool (``workers`` at a time, longest
    first as given); the outcome is a PoolError for a job the pool failed to run."""
    import queue
    from concurrent.futures import ThreadPoolExecutor

    done: queue.Queue[tuple[Any, Any]] = queue.Queue()

    def one(job: Any) -> None:
        try:
            outcome: Any = pool.call(
                "blkanalysis.reports.execute:run_pooled", (job, str(pool.path))
            )
        except BaseException as exc:
            outcome = exc
        done.put((job, outcome))

    executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="blk-pool")
    try:
        for job in jobs:
            executor.submit(one, job)
        for _ in jobs:
            yield done.get()
    finally:
        pool.abort()  # ends the runs still going (an interrupted build)
        executor.shutdown(wait=True, cancel_futures=True)
