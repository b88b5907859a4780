"""Warm kernels: a process that has imported the heavy modules once forks a fresh kernel per run.

Starting a kernel the usual way (``python -m ipykernel_launcher``) costs a new interpreter that
imports ipykernel and then, in the notebook's first cells, pandas, matplotlib and the analysis
library: seconds per report, every report. Here one process per build, the *zygote*, imports
ipykernel and the modules it is told to preload (the caller's list: the runner knows no
analysis), runs the caller's preload hooks (e.g. parse the data once), and then forks one child
per kernel request. Each child becomes a kernel with its own connection file, working
directory, environment and log: a fresh process for every report (no state passes from one
report to another), whose imports are already done.

Protocol (a Unix socket in a private directory): the kernel manager sends one JSON line
``{"connection_file", "cwd", "env", "log"}``; the zygote answers ``{"pid": N}`` (or
``{"error": "..."}``) and keeps the connection open until the kernel exits, then sends
``{"exit": code}`` and closes it. So the manager can poll and wait for its kernel (which is the
zygote's child, not its own) without racing for a reused pid.

The zygote exits when its standard input closes (the build ended or died, even by SIGKILL),
killing the kernels still running.

Run as ``python -m blkanalysis.reports.zygote SOCKET [MODULE ...]``: a MODULE is imported; a
MODULE ending in ``:name`` also has ``name()`` called (after every import).

A *persistent* zygote (``--pool IDLE LOCK``, started by :mod:`.pool`, which outlives one build)
does not watch its standard input: it ends after IDLE seconds without a request or a child,
once it can take LOCK exclusively (every build using it holds LOCK shared), removing its
socket first. It also answers ``{"call": "module:function", "arg": <base64 pickle>, "cwd",
"env"}``: a forked child with that directory and environment returns ``{"result": <base64
pickle>}`` of ``function(arg)`` (a report's run, papermill and nbconvert preloaded), then the
zygote sends ``{"exit": code}``; ``{"info": true}`` (its pid) and ``{"stop": true}``.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import gc
import importlib
import json
import os
import pickle
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: the zygote's own first path entry (its working directory, as ``python -m`` sets it)
_PATH0 = sys.path[0] if sys.path else None

#: the matplotlib backend ipykernel selects when none is set; set before any preload imports
#: matplotlib, as a kernel started the usual way would see it
_INLINE = "module://matplotlib_inline.backend_inline"


# ---------------------------------------------------------------------------------------------
# the zygote process


#: what a kernel imports as it starts (``IPKernelApp.initialize``: the shell, its history and
#: magics, the debugger, debugpy): imported here, they cost a fork nothing; 0.20 s of CPU per
#: kernel otherwise, half of it debugpy
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.history",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "faulthandler",
    "pdb",
    "sqlite3",
)


def _preload(modules: Sequence[str]) -> None:
    os.environ.setdefault("MPLBACKEND", _INLINE)
    # debugpy (imported with the kernel) warns on import that frozen modules may hide
    # breakpoints: four lines in every zygote log, about debugging no report does (a kernel's
    # environment is the one its request gives, without this)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import ipykernel.kernelapp  # noqa: F401 - the kernel itself

    for name in KERNEL_MODULES:
        with contextlib.suppress(ImportError):  # a kernel then imports what it needs itself
            importlib.import_module(name)

    hooks = []
    for spec in modules:
        name, _, hook = spec.partition(":")
        try:
            module = importlib.import_module(name)
        except Exception:  # a kernel then imports it itself, and reports its error
            traceback.print_exc()
            continue
        if hook:
            hooks.append(getattr(module, hook, None))
    for hook in hooks:
        if callable(hook):
            try:
                hook()
            except Exception:  # e.g. bad data: each kernel meets the problem itself
                traceback.print_exc()
    freeze_heap()


def freeze_heap() -> None:
    """Move every object alive now out of the garbage collector's reach (``gc.freeze``), in a
    process that forks (this zygote, the runner's fork server): the preloaded modules and parsed
    inputs are never garbage, yet each full collection in a forked kernel or run walked them all
    (about 0.1 s a time in a kernel, once or twice per report), and touching them copied the
    pages the fork shared."""
    gc.collect()
    gc.freeze()


def _become_kernel(request: dict[str, Any], keep: set[int]) -> None:
    """In the forked child: turn into an ipykernel for ``request``. Never returns."""
    code = 1
    try:
        _die_with_parent(request["_parent"])
        os.setsid()  # its own process group, as jupyter_client starts kernels
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        for fd in keep:
            with contextlib.suppress(OSError):
                os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        log = request.get("log")
        out = os.open(log or os.devnull, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
        os.close(null)
        cwd = request.get("cwd") or os.getcwd()
        os.chdir(cwd)
        env = request.get("env")
        if isinstance(env, dict):
            os.environ.clear()
            os.environ.update({str(k): str(v) for k, v in env.items()})
        os.environ.setdefault("MPLBACKEND", _INLINE)
        tempfile.tempdir = None  # found again from this environment (TMPDIR), as a new process
        # what `python -m ipykernel_launcher -f FILE` run in cwd does, in this warm interpreter:
        # the script's directory first on the path (the launcher takes it off, and the kernel
        # puts the working directory back), the launcher found on the path and run as __main__
        if sys.path and sys.path[0] == _PATH0:
            sys.path[0] = cwd
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
        import runpy

        runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _die_with_parent(parent: int) -> None:
    """In a forked child: be killed when the zygote dies (even by SIGKILL; Linux), so a run and
    its kernel never outlive the process that answers for them."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # it died before the call
        os._exit(1)


def _become_call(conn: socket.socket, request: dict[str, Any], keep: set[int]) -> None:
    """In the forked child: run ``request["call"]`` in the request's directory and environment,
    send its result (pickled) over ``conn``. Never returns."""
    code = 1
    try:
        _die_with_parent(request["_parent"])
        os.setsid()  # its own process group: the zygote kills it (and only it) if need be
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        for fd in keep - {conn.fileno()}:
            with contextlib.suppress(OSError):
                os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.chdir(request.get("cwd") or os.getcwd())
        env = request.get("env")
        if isinstance(env, dict):
            os.environ.clear()
            os.environ.update({str(k): str(v) for k, v in env.items()})
        tempfile.tempdir = None
        module, _, name = str(request["call"]).partition(":")
        function = getattr(importlib.import_module(module), name)
        result = function(pickle.loads(base64.b64decode(request["arg"])))
        reply = {"result": base64.b64encode(pickle.dumps(result)).decode("ascii")}
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        reply = {"error": f"exited with {code}"}
    except BaseException as exc:
        traceback.print_exc()
        reply = {"error": f"{type(exc).__name__}: {exc}"}
    try:
        conn.setblocking(True)
        conn.sendall(json.dumps(reply).encode() + b"\n")
    except BaseException:
        code = code or 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def threading_count() -> int:
    import threading

    return threading.active_count()


def _kill_group(pid: int) -> None:
    """SIGKILL a kernel and its process group (it called setsid: pgid == pid)."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            return
        except OSError:
            continue


def _may_end(path: str, lock: str | None, inode: int) -> bool:
    """A persistent zygote's idle end: no build holds ``lock`` (shared); then take it (kept until
    exit, so a build waits for the socket to go and starts a new zygote) and remove the socket,
    if it is still ours."""
    if lock is not None:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False  # a build is using us (or about to)
    with contextlib.suppress(OSError):
        if os.stat(path).st_ino == inode:
            os.unlink(path)
    return True


def serve(
    path: str,
    modules: Sequence[str],
    *,
    idle: float | None = None,
    lock: str | None = None,
) -> None:
    """Listen on ``path``, preload ``modules``, fork a kernel per request until stdin closes
    (or, persistent with ``idle``: until ``idle`` seconds without work, see :func:`_may_end`)."""
    persistent = idle is not None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if persistent:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # a dead zygote's socket: our starter holds the start lock
    listener.bind(path)  # before the preload: clients queue while we import
    listener.listen(64)
    inode = os.stat(path).st_ino
    t_start = time.monotonic()
    _preload(modules)
    print(  # to the log: how long the preload took
        f"ready in {time.monotonic() - t_start:.2f} s, pid {os.getpid()}, "
        f"{threading_count()} thread(s)",
        flush=True,
    )

    rfd, wfd = os.pipe()
    os.set_blocking(wfd, False)
    os.set_blocking(rfd, False)
    signal.set_wakeup_fd(wfd)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wake-up fd is written
    stop = {"term": False}

    def on_term(*_: Any) -> None:
        stop["term"] = True

    signal.signal(signal.SIGTERM, on_term)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(rfd, selectors.EVENT_READ, "signal")
    if not persistent:
        sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
    children: dict[int, socket.socket] = {}
    pending: dict[socket.socket, bytes] = {}
    last_active = time.monotonic()

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = children.pop(pid, None)
            if conn is not None:
                code = os.waitstatus_to_exitcode(status)
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
                with contextlib.suppress(Exception):
                    sel.unregister(conn)
                conn.close()

    def answer(conn: socket.socket, reply: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            conn.sendall(json.dumps(reply).encode() + b"\n")
        conn.close()

    def spawn(conn: socket.socket, line: bytes) -> None:
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not an object")
            if persistent and request.get("info"):
                return answer(conn, {"pid": os.getpid(), "children": len(children)})
            if persistent and request.get("stop"):
                stop["term"] = True
                return answer(conn, {"pid": os.getpid()})
            call = persistent and "call" in request and "arg" in request
            if not call and "connection_file" not in request:
                raise ValueError("no connection_file")
        except ValueError as exc:
            return answer(conn, {"error": f"bad request: {exc}"})
        keep = {listener.fileno(), rfd, wfd, conn.fileno()}
        if not persistent:
            keep.add(sys.stdin.fileno())
        keep |= {c.fileno() for c in children.values()}
        keep |= {c.fileno() for c in pending}
        keep.add(sel.fileno())
        request["_parent"] = os.getpid()
        pid = os.fork()
        if pid == 0:
            if call:
                _become_call(conn, request, keep)
            _become_kernel(request, keep)
        children[pid] = conn
        if not call:
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        sel.register(conn, selectors.EVENT_READ, "child")

    try:
        while not stop["term"]:
            timeout = 5.0
            if persistent:
                if children or pending:
                    last_active = time.monotonic()
                else:
                    left = last_active + float(idle or 0) - time.monotonic()
                    if left <= 0:
                        if _may_end(path, lock, inode):
                            print("idle: exiting", flush=True)
                            break
                        last_active = time.monotonic()  # in use: look again later
                        left = float(idle or 0)
                    timeout = max(0.05, min(timeout, left))
            for key, _ in sel.select(timeout=timeout):
                what = key.data
                if what == "accept":
                    conn, _ = listener.accept()
                    last_active = time.monotonic()
                    pending[conn] = b""
                    sel.register(conn, selectors.EVENT_READ, "request")
                elif what == "request":
                    conn = key.fileobj  # type: ignore[assignment]
                    data = conn.recv(1 << 16)
                    sel.unregister(conn)
                    buf = pending.pop(conn, b"") + data
                    if not data:
                        conn.close()
                    elif b"\n" in buf:
                        spawn(conn, buf.split(b"\n", 1)[0])
                    else:
                        pending[conn] = buf
                        sel.register(conn, selectors.EVENT_READ, "request")
                elif what == "child":
                    # the manager closed its connection before its kernel ended: it is gone
                    # (killed, or done with the kernel), so the kernel goes too
                    conn = key.fileobj  # type: ignore[assignment]
                    try:
                        gone = not conn.recv(1024)
                    except OSError:
                        gone = True
                    if gone:
                        sel.unregister(conn)
                        for pid, c in children.items():
                            if c is conn:
                                _kill_group(pid)
                elif what == "signal":
                    with contextlib.suppress(OSError):
                        while os.read(rfd, 512):
                            pass
                    reap()
                elif what == "stdin" and not os.read(sys.stdin.fileno(), 512):
                    stop["term"] = True
            reap()
    finally:
        for pid in list(children):
            _kill_group(pid)
        deadline = time.monotonic() + 5
        while children and time.monotonic() < deadline:
            reap()
            time.sleep(0.01)
        listener.close()
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == inode:  # not a successor's
                os.unlink(path)


# ---------------------------------------------------------------------------------------------
# the build's side: start and stop the zygote


class Zygote:
    """A running zygote, started by the build; ``close()`` (or the build's death) ends it."""

    def __init__(self, modules: Sequence[str] = (), *, log: Path | None = None):
        self.dir = tempfile.mkdtemp(prefix="blk-z-")  # short: unix socket paths are limited
        self.path = os.path.join(self.dir, "z.sock")
        stream = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "blkanalysis.reports.zygote", self.path, *modules],
                stdin=subprocess.PIPE,
                stdout=stream,
                stderr=stream,
                start_new_session=True,  # Ctrl-C goes to the build, which ends us by closing stdin
            )
        finally:
            if log:
                stream.close()  # type: ignore[union-attr]

    def close(self) -> None:
        import shutil

        if self.process.stdin:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# the kernel manager's side: a Popen-like handle on a kernel forked by the zygote


class ZygoteError(OSError):
    """The zygote could not be reached or could not fork a kernel."""


class ForkedKernel:
    """The few ``subprocess.Popen`` methods jupyter_client's provisioner uses, for a kernel the
    zygote forked (its exit status comes over the request's connection)."""

    stdin = stdout = stderr = None

    def __init__(self, path: str, request: dict[str, Any], timeout: float = 120):
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._buf = b""
        self.returncode: int | None = None
        try:
            self._connect(path, min(timeout, 30))
            self._sock.settimeout(timeout)
            self._sock.sendall(json.dumps(request).encode() + b"\n")
            reply = self._read_line()
        except (OSError, ValueError) as exc:
            self._sock.close()
            raise ZygoteError(f"no kernel from the zygote: {exc}") from None
        if reply is None or "pid" not in reply:
            self._sock.close()
            raise ZygoteError(f"no kernel from the zygote: {reply}")
        self.pid: int = int(reply["pid"])

    def _connect(self, path: str, patience: float) -> None:
        """Connect, waiting for a zygote that has just been started to bind its socket."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self._sock.connect(path)
                return
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _read_line(self) -> dict[str, Any] | None:
        while b"\n" not in self._buf:
            data = self._sock.recv(4096)
            if not data:
                return None
            self._buf += data
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def _collect(self, timeout: float | None) -> None:
        if self.returncode is not None:
            return
        try:
            self._sock.settimeout(timeout)
            reply = self._read_line()
        except (TimeoutError, BlockingIOError):
            return
        except (OSError, ValueError):
            reply = None
        # the zygote closed without a status: it is gone, and so are its kernels
        self.returncode = int(reply["exit"]) if reply and "exit" in reply else -signal.SIGKILL
        self._sock.close()

    def poll(self) -> int | None:
        self._collect(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._collect(timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def kernel_argv(path: str) -> list[str]:
    """A kernelspec ``argv`` whose kernel is forked by the zygote at ``path`` (see attach)."""
    return [
        sys.executable,
        "-m",
        "blkanalysis.reports.zygote",
        "--attach",
        path,
        "{connection_file}",
    ]


def attach(path: str, connection_file: str) -> int:
    """Stand in for a kernel started by a kernelspec (nbval, JupyterLab): ask the zygote for a
    kernel with this process's directory and environment, forward SIGINT and SIGTERM to it,
    and exit with its status. If this process is killed, the zygote kills the kernel."""
    request = {
        "connection_file": os.path.abspath(connection_file),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "log": None,
    }
    try:
        kernel = ForkedKernel(path, request)
    except ZygoteError as exc:
        print(f"{exc}: starting a cold kernel", file=sys.stderr)
        os.execv(
            sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]
        )
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _: kernel.send_signal(signum))
    while True:
        try:
            code = kernel.wait(timeout=None)
            break
        except InterruptedError:  # pragma: no cover - retried by Python itself
            continue
    return code if code >= 0 else 128 - code


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 3 and args[0] == "--attach":
        sys.exit(attach(args[1], args[2]))
    if len(args) >= 4 and args[0] == "--pool":
        serve(args[3], args[4:], idle=float(args[1]), lock=args[2] or None)
        return
    if not args or args[0].startswith("-"):
        print(
            "usage: python -m blkanalysis.reports.zygote SOCKET [MODULE[:hook] ...]\n"
            "       python -m blkanalysis.reports.zygote --pool IDLE LOCK SOCKET [MODULE ...]\n"
            "       python -m blkanalysis.reports.zygote --attach SOCKET CONNECTION_FILE"
        )
        sys.exit(2)
    serve(args[0], args[1:])


if __name__ == "__main__":
    main()
