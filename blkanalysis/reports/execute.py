"""Run one notebook with one scenario, in a worker process: papermill, then the HTML export.

Each run gets a fresh kernel, started from the running interpreter (``sys.executable -m
ipykernel_launcher``) whatever kernel the notebook's metadata names, so a venv's notebooks run
in that venv. Kernels talk over IPC sockets in a private temporary directory (no TCP ports to
race for); their stdout/stderr and papermill's log go to ``<output>/.blk/logs/<scenario>/
<notebook>.log``.

The worker returns bytes (the HTML and the executed notebook) to the parent, which alone writes
into the output directory (atomically, under the lock). A worker never writes a report.

The saved notebook is made deterministic: papermill's timestamps and durations and nbclient's
timing metadata are removed, and cells papermill adds (injected parameters, error banner) get
fixed ids instead of random ones.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from itertools import count
from pathlib import Path
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from blkanalysis import handoff as figures
from blkanalysis.reports import export
from blkanalysis.reports.jobs import Job, Outcome, context_for, error_summary

__all__ = ["Job", "Outcome", "context_for", "error_summary"]  # here before jobs.py: kept

log = logging.getLogger("blkanalysis.reports")

_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_KERNELS: list[Any] = []  # the Popen objects of the kernels this worker started
_IPC_DIR: str | None = None
_IPC_COUNTER = count(1)
_KERNEL_LOG: str | None = None
#: the socket of the build's zygote (warm kernels), set in each worker by init_worker
_ZYGOTE: str | None = None
#: the notebook the last run in this process executed, as far as it got (see :func:`_engine`)
_LAST_NOTEBOOK: Any = None


def _ipc_dir() -> str:
    global _IPC_DIR
    if _IPC_DIR is None or not os.path.isdir(_IPC_DIR):
        from multiprocessing.util import Finalize

        _IPC_DIR = tempfile.mkdtemp(prefix="blk-k-")  # short: unix socket paths are limited
        # removed at exit, in the main process (atexit) and in pool workers alike
        Finalize(
            None, shutil.rmtree, args=(_IPC_DIR,), kwargs={"ignore_errors": True}, exitpriority=0
        )
    return _IPC_DIR


def _forked_kernel_type() -> type:
    from blkanalysis.reports.zygote import ForkedKernel

    return ForkedKernel


class ZygoteProvisioner(LocalProvisioner):  # type: ignore[misc]
    """Launch the kernel by asking the build's zygote to fork one (see :mod:`.zygote`);
    everything else (signals, polling, shutdown) is the local provisioner's, on a Popen-like
    handle. Falls back to a cold start if the zygote cannot be reached."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        import asyncio

        from blkanalysis.reports.zygote import ForkedKernel, ZygoteError

        request = {
            "connection_file": self.parent.connection_file,
            "cwd": str(kwargs.get("cwd") or os.getcwd()),
            "env": dict(kwargs.get("env") or os.environ),
            "log": _KERNEL_LOG,
        }
        assert _ZYGOTE is not None
        try:
            self.process = await asyncio.to_thread(ForkedKernel, _ZYGOTE, request)
        except ZygoteError as exc:
            log.warning("warm kernel unavailable, starting a cold one: %s", exc)
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.process.pid
        self.pgid = self.process.pid  # the kernel calls setsid()
        self.cwd = request["cwd"]
        return self.connection_info

    async def wait(self) -> int | None:
        """As the local provisioner's, polling every 0.01 s instead of 0.1 s (a poll is one
        non-blocking read of the zygote's connection): a report does not wait for nothing
        after its kernel is killed."""
        import asyncio

        if not isinstance(self.process, _forked_kernel_type()):
            return await super().wait()
        while await self.poll() is None:
            await asyncio.sleep(0.01)
        ret = self.process.wait()
        self.process = None
        return ret


class RunnerKernelClient(AsyncKernelClient):  # type: ignore[misc]
    """jupyter_client's client, ready sooner: once the kernel has answered ``kernel_info`` and
    IOPub is connected, the start-up messages still queued are drained until IOPub has been
    quiet for 0.02 s, not 0.2 s (a fixed wait in every report's start). nbclient records only the
    messages that answer each cell's request, so nothing of a report depends on this drain.

    Its sockets retry a connection every :attr:`RECONNECT_MS` milliseconds, not ZeroMQ's 100: the
    client connects as soon as the kernel is forked, mostly before the kernel has bound its
    sockets (about 0.04 s later), and each report's start then waited for ZeroMQ's next try.
    """

    #: milliseconds between a socket's attempts to connect (``zmq.RECONNECT_IVL``); the kernel's
    #: sockets are local (IPC), so a try costs next to nothing
    RECONNECT_MS = 10

    def _context_default(self) -> Any:
        import zmq

        context = super()._context_default()
        context.setsockopt(zmq.RECONNECT_IVL, self.RECONNECT_MS)  # for the sockets it makes
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        from queue import Empty

        from jupyter_core.utils import ensure_async

        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected (the reply's status messages come through)
                        await ensure_async(self.iopub_channel.get_msg(timeout=0.2))
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:
            try:
                await ensure_async(self.iopub_channel.get_msg(timeout=0.02))
            except Empty:
                break


class RunnerKernelManager(AsyncKernelManager):
    """A kernel manager that always starts ``sys.executable``'s ipykernel over IPC sockets
    (forked from the build's zygote, when there is one: a warm kernel)."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.client_factory = RunnerKernelClient
        self.transport = "ipc"
        self.ip = os.path.join(_ipc_dir(), f"k{next(_IPC_COUNTER)}")

    @property
    def kernel_spec(self) -> KernelSpec:  # type: ignore[override]
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} (report)",
            language="python",
        )

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None and _ZYGOTE is not None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = ZygoteProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        # after the kill, is the kernel gone? asked every 0.01 s, not 0.1 s (each report's end)
        await super()._async_wait(pollinterval=min(pollinterval, 0.01))

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if _ZYGOTE is not None and isinstance(self.provisioner, ZygoteProvisioner):
            await super()._async_launch_kernel(kernel_cmd, **kw)
            _KERNELS.append(self.provisioner.process)
            return
        if _KERNEL_LOG:
            stream = open(_KERNEL_LOG, "ab")  # noqa: SIM115 - closed with the kernel process
            kw["stdout"] = stream
            kw["stderr"] = stream
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        finally:
            if _KERNEL_LOG:
                stream.close()  # the child has its own copy
        process = getattr(self.provisioner, "process", None)
        if process is not None:
            _KERNELS.append(process)


# ---------------------------------------------------------------------------------------------
# worker process setup


def _kill_kernels() -> None:
    """Kill (with their process groups) the kernels we started that are still running."""
    for process in list(_KERNELS):
        try:
            if process.poll() is not None:  # exited and reaped: its pid may be someone else's
                continue
        except Exception:  # pragma: no cover - interrupted mid-wait
            pass
        for kill in (os.killpg, os.kill):  # kernels run in their own session (pgid == pid)
            try:
                kill(process.pid, signal.SIGKILL)
                break
            except OSError:
                continue
        with contextlib.suppress(Exception):
            process.wait(timeout=5)
    _KERNELS.clear()


def _on_term(signum: int, frame: Any) -> None:
    _kill_kernels()
    if _IPC_DIR:
        shutil.rmtree(_IPC_DIR, ignore_errors=True)
    os._exit(128 + signum)


def _watch_parent(parent_pid: int) -> None:
    """Exit (killing our kernel) as soon as the build's process dies, even by SIGKILL.

    Workers are forked by multiprocessing's fork server, not by the build's process, and keep
    the fork server alive themselves, so neither a parent-death signal nor an orphaned pipe
    would tell them: a thread waits on a pidfd of the build's process instead (or polls).
    """

    def wait() -> None:
        try:
            fd = os.pidfd_open(parent_pid)
        except ProcessLookupError:
            fd = -1  # already gone
        except (AttributeError, OSError):  # pragma: no cover - no pidfd: poll
            fd = None
        if fd is None:  # pragma: no cover
            while True:
                time.sleep(0.5)
                try:
                    os.kill(parent_pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        elif fd >= 0:
            select.select([fd], [], [])
        _on_term(signal.SIGTERM, None)

    threading.Thread(target=wait, name="blk-parent-watch", daemon=True).start()


def init_worker(parent_pid: int, zygote: str | None = None) -> None:
    """Pool initializer: die with the build, kill our kernel on SIGTERM, ignore Ctrl-C; start
    kernels from the build's ``zygote`` (its socket), if any."""
    global _ZYGOTE
    _ZYGOTE = zygote
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it sends SIGTERM
    signal.signal(signal.SIGTERM, _on_term)
    _watch_parent(parent_pid)
    for name in ("papermill", "traitlets", "nbconvert", "nbclient"):
        logging.getLogger(name).setLevel(logging.ERROR)


def run_pooled(args: tuple[Job, str]) -> Outcome:
    """:func:`run_job` in a child of a persistent pool (see :mod:`.pool`), whose kernel is
    forked by that pool (its socket); the child's directory and environment are the build's."""
    global _ZYGOTE, _IPC_DIR
    job, zygote = args
    _ZYGOTE = zygote
    signal.signal(signal.SIGTERM, _on_term)
    for name in ("papermill", "traitlets", "nbconvert", "nbclient"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        return run_job(job)
    finally:
        _kill_kernels()
        if _IPC_DIR:
            shutil.rmtree(_IPC_DIR, ignore_errors=True)
            _IPC_DIR = None


@contextlib.contextmanager
def warm_kernels(
    preload: Sequence[str], log: Path | None = None, *, socket: str | None = None
) -> Iterator[None]:
    """Within: the kernels this process starts (``execute_source``) are forked from a zygote
    that imported ``preload`` (see :mod:`.zygote`), or from the running one at ``socket`` (a
    persistent pool's, see :mod:`.pool`)."""
    global _ZYGOTE
    from blkanalysis.reports.zygote import Zygote

    zygote = Zygote(preload, log=log) if socket is None else None
    previous, _ZYGOTE = _ZYGOTE, (zygote.path if zygote is not None else socket)
    try:
        yield
    finally:
        _ZYGOTE = previous
        if zygote is not None:
            zygote.close()


def warm_up() -> None:
    """Import the heavy modules and compile the report template (forkserver and pool preload):
    export a small notebook with the usual kinds of output (code highlighted, a table, an
    image, a stream, an error) and its downloads, so what the export loads on first use is
    loaded once, not in every worker."""
    import base64

    import nbformat
    import papermill  # noqa: F401
    from nbformat import v4

    _engine()
    png = base64.b64encode(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a3e6a8b50000000049454e44ae426082"
        )
    ).decode()
    cell = v4.new_code_cell("import math\nprint(math.pi)  # warm-up", execution_count=1)
    cell.outputs = [
        v4.new_output("stream", name="stdout", text="3.14\n"),
        v4.new_output(
            "execute_result",
            {"text/plain": "t", "text/html": "<table><tr><td>1</td></tr></table>"},
            execution_count=1,
        ),
        v4.new_output("display_data", {"image/png": png, "text/plain": "<Figure>"}),
        v4.new_output("error", ename="E", evalue="e", traceback=["E: e"]),
    ]
    nb = v4.new_notebook(
        cells=[v4.new_markdown_cell("# warm-up\n\n| a | b |\n| - | - |\n| 1 | *x* |"), cell]
    )
    nbformat.validate(nb)
    nbformat.writes(nb)
    ctx = {"scenario": "-", "notebook": "-", "notebook_file": "-", "notebook_sha256": "-"}
    export.export_html(nb, ctx, [])
    with contextlib.suppress(Exception):  # needs the downloads' libraries; a worker loads them
        export.download_files("warm-up", [("t", ["a", "b"], [[1, "x"], [2.5, None]])])


# ---------------------------------------------------------------------------------------------
# one run

_ENGINE = "blkanalysis-runner"
_ENGINE_READY = False


def _engine() -> str:
    """Papermill's nbclient engine, writing no file: papermill's own engine saves the notebook
    at every cell's start and end and papermill again when the run ends, each a full
    serialisation of the notebook (tens of milliseconds with charts). The executed notebook is
    returned, and a run that failed leaves what it got to in :func:`last_notebook`."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    global _ENGINE_READY
    if _ENGINE_READY:
        return _ENGINE

    class Manager(NotebookExecutionManager):  # type: ignore[misc]
        def save(self, **kwargs: Any) -> None:
            self.last_save_time = self.now()

    class Engine(NBClientEngine):  # type: ignore[misc]
        @classmethod
        def execute_notebook(
            cls,
            nb: Any,
            kernel_name: str,
            output_path: str | None = None,
            progress_bar: bool = True,
            log_output: bool = False,
            autosave_cell_every: int = 30,
            **kwargs: Any,
        ) -> Any:
            global _LAST_NOTEBOOK
            nb_man = Manager(
                nb,
                output_path=None,
                progress_bar=progress_bar,
                log_output=log_output,
                autosave_cell_every=autosave_cell_every,
            )
            _LAST_NOTEBOOK = nb_man.nb
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(_ENGINE, Engine)
    _no_write_without_a_path()
    _ENGINE_READY = True
    return _ENGINE


def _no_write_without_a_path() -> None:
    """Papermill serialises the executed notebook when its run ends even with no output path,
    for its handler of None to drop the text: skip the serialisation (about 60 ms with charts)
    when there is no path; a path is written as papermill does."""
    import papermill.execute as pm_execute

    write = pm_execute.write_ipynb
    if getattr(write, "_blk_no_path", False):
        return

    def write_ipynb(nb: Any, path: Any) -> None:
        if path is not None:
            write(nb, path)

    write_ipynb._blk_no_path = True  # type: ignore[attr-defined]
    pm_execute.write_ipynb = write_ipynb


def _fixed_ids(nb: Any, source_ids: set[str]) -> None:
    used: set[str] = set()
    for i, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if cid in source_ids and cid not in used:
            used.add(cid)
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags:
            base = "injected-parameters"
        elif "papermill-error-cell-tag" in tags:
            base = "papermill-error"
        else:
            base = "cell"
        new, n = base, 1
        while new in used or new in source_ids:
            n += 1
            new = f"{base}-{n}" if base != "cell" else f"cell-{i}-{n}"
        cell["id"] = new
        used.add(new)


def make_deterministic(nb: Any, source_ids: set[str], name: str) -> Any:
    """Remove run-specific metadata (timestamps, durations, temp paths); fix new cell ids."""
    pm = nb.metadata.get("papermill")
    if isinstance(pm, dict):
        for k in ("start_time", "end_time", "duration"):
            pm.pop(k, None)
        pm["input_path"] = f"{name}.ipynb"
        pm["output_path"] = f"{name}.ipynb"
    for cell in nb.cells:
        md = cell.get("metadata", {})
        md.pop("execution", None)
        cpm = md.get("papermill")
        if isinstance(cpm, dict):
            for k in ("start_time", "end_time", "duration"):
                cpm.pop(k, None)
    _fixed_ids(nb, source_ids)
    return nb


def _read_source(path: Path) -> tuple[Any, set[str]]:
    """The notebook at ``path`` to run, and its cells' ids."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    ids = set()
    for i, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if not cid or cid in ids:  # nbformat < 4.5 files: give stable ids, not random ones
            cid = f"cell-{i}"
            cell["id"] = cid
        ids.add(cid)
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    return nb, ids


def execute_source(
    source: Any,
    path: Path,
    parameters: dict[str, Any] | None = None,
    *,
    timeout: float | None = None,
) -> Any:
    """Run one notebook (``source``, read from ``path``) in a fresh kernel of this interpreter,
    in ``path``'s folder, writing no file: the runner's one way to execute a notebook, for
    reports and for refreshing the committed notebooks alike. Returns the executed notebook;
    raises papermill's errors (a failing cell, a dead kernel, a timeout), after which
    :func:`last_notebook` holds the notebook as far as it ran (papermill's error cells
    included). ``source``'s saved outputs and execution counts are cleared first: papermill
    clears them as the run starts, and without them its copy of the notebook (a JSON round
    trip) is not one of every chart."""
    global _LAST_NOTEBOOK
    _LAST_NOTEBOOK = None
    import papermill

    for cell in source.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None

    try:
        return papermill.execute_notebook(
            source,
            None,  # no file: the notebook is returned (see _engine)
            parameters=dict(parameters or {}),
            kernel_name="python3",  # selects papermill's Python translator only
            language="python",
            engine_name=_engine(),
            progress_bar=False,
            log_output=False,
            cwd=str(path.parent),
            start_timeout=120,
            execution_timeout=timeout,
            kernel_manager_class=RunnerKernelManager,
            record_timing=False,
            # every output is in by then (the last cell went idle, then kernel_info answered):
            # the kernel is killed, not asked to shut down and waited for
            shutdown_kernel="immediate",
        )
    finally:
        _kill_kernels()  # normally already shut down by nbclient: make sure


def last_notebook() -> Any:
    """The notebook of this process's last :func:`execute_source`, as far as it ran (None if
    it failed before its kernel was asked for)."""
    return _LAST_NOTEBOOK


def execute_in_place(path: Path, *, source: Any = None) -> Any:
    """Execute the notebook at ``path`` (or ``source``, an edited copy of it) with its own
    defaults; the executed notebook, made deterministic (no timestamps, stable cell ids, no
    papermill metadata), ready to write back to ``path``. Raises papermill's
    ``PapermillExecutionError`` for a failing cell."""
    if source is None:
        source, source_ids = _read_source(path)
    else:
        source_ids = {c.get("id") for c in source.cells if c.get("id")}
    nb = execute_source(source, path)
    nb = make_deterministic(nb, source_ids, path.stem)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
    return nb


def _phases(nb: Any, t0: float, t1: float) -> dict[str, float]:
    """Where the execution's time went, from papermill's cell timestamps (before they are
    removed): ``start`` until the first cell ran (papermill, the kernel's start), ``cells``
    (the notebook's own cells, from the first one's start to the last one's end) and ``stop``
    (the kernel's shutdown); empty if unknown."""
    import datetime as dt

    try:
        stamps = [
            (cell.metadata.papermill.get("start_time"), cell.metadata.papermill.get("end_time"))
            for cell in nb.cells
            if cell.get("cell_type") == "code"
        ]
        first = dt.datetime.fromisoformat(next(s for s, _ in stamps if s))
        last = dt.datetime.fromisoformat([e for _, e in stamps if e][-1])
    except (AttributeError, StopIteration, IndexError, TypeError, ValueError):
        return {}
    now = dt.datetime.now(dt.UTC)
    wall_t1 = now - dt.timedelta(seconds=time.perf_counter() - t1)
    wall_t0 = wall_t1 - dt.timedelta(seconds=t1 - t0)
    return {
        "start": (first - wall_t0).total_seconds(),
        "cells": (last - first).total_seconds(),
        "stop": (wall_t1 - last).total_seconds(),
    }


def run_job(job: Job) -> Outcome:
    """Execute and export one run; never raises for a notebook's own failure."""
    global _KERNEL_LOG
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    path = Path(job.notebook_path)
    name = path.stem
    Path(job.log_path).parent.mkdir(parents=True, exist_ok=True)
    Path(job.log_path).write_bytes(b"")
    _KERNEL_LOG = job.log_path
    handler = logging.FileHandler(job.log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    pm_log = logging.getLogger("papermill")
    pm_log.addHandler(handler)
    pm_log.setLevel(logging.INFO)
    pm_log.propagate = False
    outcome = Outcome(key=job.key, status="ok")
    nb: Any = None
    try:
        source, source_ids = _read_source(path)
        try:
            nb = execute_source(source, path, job.parameters, timeout=job.timeout)
        except PapermillExecutionError as exc:
            outcome.status, outcome.error = "failed", error_summary(exc)
            outcome.deterministic = True
        except Exception as exc:  # kernel died, timeout, kernel would not start, ...
            outcome.status, outcome.error = "failed", error_summary(exc)
            log.debug("run %s failed", job.key, exc_info=True)
        t1 = time.perf_counter()
        if nb is None:  # a failure: the notebook as far as it ran (with papermill's error)
            nb = last_notebook() or source
        phases = _phases(nb, t0, t1)
        nb = make_deterministic(nb, source_ids, name)
        outcome.key_figures, outcome.sources = figures.collect(nb)
        outcome.figures = figures.collect_figures(nb)
        outcome.key_figure_ids = figures.collect_key_figure_ids(nb)
        outcome.ipynb = nbformat.writes(nb).encode("utf-8") + b"\n"
        if outcome.status == "ok":
            try:
                outcome.downloads = export.download_files(name, figures.collect_tables(nb))
                context = {**job.context, "downloads": sorted(outcome.downloads)}
                html, blocked = export.export_html(
                    nb, context, outcome.sources, notebook_dir=path.parent
                )
                outcome.html = html.encode("utf-8")
                outcome.warnings = [f"blocked: {b}" for b in blocked]
            except Exception as exc:
                outcome.status = "failed"
                outcome.error = f"HTML export failed: {error_summary(exc)}"
                log.debug("export of %s failed", job.key, exc_info=True)
        outcome.timings = {"execute": t1 - t0, "export": time.perf_counter() - t1, **phases}
    finally:
        _KERNEL_LOG = None
        pm_log.removeHandler(handler)
        handler.close()
    outcome.duration_s = time.perf_counter() - t0
    return outcome
