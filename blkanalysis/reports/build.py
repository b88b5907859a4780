"""The build: plan -> validate -> decide what changed -> execute in a process pool -> commit.

Order of events in :func:`build_reports`:

1. read the notebooks and plan every notebook x scenario (a notebook whose metadata says
   ``report.per_scenario: false``: once per language); validate every parameter (the
   injected validator plus the runner's own checks). Bad input raises before anything is
   written (no directory, no lock file) and before any kernel starts.
2. take the output directory's lock (or raise LockedError / wait); finish any commit a killed
   run left half-done; delete its temporary files.
3. compute each run's cache key (file hashes only: no heavy import, no kernel) and skip the
   runs whose key and files match the manifest, unless ``force``. (Before all this, a caller
   that passes a ``fingerprint`` can have a no-change rerun confirmed from file stamps alone:
   :func:`.fresh.rerun`.)
4. execute the rest in a pool of ``jobs`` worker processes (one fresh kernel per run); as each
   finishes, the parent commits its files atomically and rewrites manifest.json and index.html,
   so both always describe what is on disk.

A failing notebook does not stop the others. Its partial executed notebook (with the error) is
written to ``<scenario>/<notebook>.failed.ipynb``; the previous good ``.html``/``.ipynb`` pair,
if any, is left untouched (the index links it as the previous report). A later success
removes the ``.failed.ipynb``. A failure raised by the notebook's own code is cached like a
report (unchanged inputs would fail the same way: it stays failed, exit 1, without re-running
until something changes or ``force``); a kernel that died or timed out is retried every build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from blkanalysis import atomic
from blkanalysis.errors import ReportError, ReportWriteError
from blkanalysis.reports import cache, changes, fresh
from blkanalysis.reports import manifest as mf
from blkanalysis.reports.index import render_indexes
from blkanalysis.reports.labels import LabelsFor, labels_for
from blkanalysis.reports.lock import OutputLock
from blkanalysis.reports.notebooks import read_notebooks
from blkanalysis.reports.plan import language_of, plan_runs
from blkanalysis.reports.progress import NullProgress, Progress
from blkanalysis.reports.spec import BuildResult, PlannedRun, RunRecord, ScenarioSpec, Validator

WORK_DIR = ".blk"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _rel(output: Path, p: Path) -> str:
    return p.relative_to(output).as_posix()


def shown_path(path: Path, root: Path | None) -> str:
    """How the manifest and the index name a notebook or scenario file: its path relative to
    ``root`` (the project) when it lies there, else its name; never where the project is
    checked out, so the same project gives the same pages wherever it is."""
    p = Path(path).resolve()
    if root is not None:
        try:
            return p.relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return p.name


def _paths(output: Path, run: PlannedRun) -> dict[str, Path]:
    d = output / run.scenario.name
    n = run.notebook.name
    return {
        "html": d / f"{n}.html",
        "ipynb": d / f"{n}.ipynb",
        "failed": d / f"{n}.failed.ipynb",
        "log": output / WORK_DIR / "logs" / run.scenario.name / f"{n}.log",
    }


def worker_count(jobs: int | None, runs: int, cores: int | None = None) -> int:
    """How many runs go at once: ``jobs`` if given; by default one more than the machine's
    cores, or every run at once when there are at most twice as many runs as cores.

    A run does not keep a core busy all the time: it waits on its kernel's start, on the
    kernel's messages and on the export's writes. One run more than the cores fills those waits
    (on two cores, a full build of 40 reports: 30.3 s at three at once against 36.5 s at two,
    medians of seven paired builds; four and six were slower than three: benchmarks/README.md);
    more than that, the runs only contend for the cores and memory. Three runs on two cores take
    about 1.5 runs' time all at once against 2 in turns, hence all of a few at once."""
    if runs <= 0:
        return 1
    if jobs:
        return max(1, min(jobs, runs))
    cores = max(1, cores or os.cpu_count() or 1)
    return runs if runs <= 2 * cores else cores + 1


def _is_fresh(output: Path, entry: dict[str, Any] | None, key: str) -> bool:
    """The run's result is on disk, made from exactly these inputs, and untouched: a good
    report, or the failed notebook of a failure in the notebook's own code."""
    if not entry or entry.get("cache_key") != key:
        return False
    kinds = ("html", "ipynb") if entry.get("status") == "ok" else ("failed_ipynb",)
    files = [(entry.get(kind), entry.get(f"{kind}_sha256")) for kind in kinds]
    files += list((entry.get("downloads") or {}).items())  # a good report's downloads
    for rel, digest in files:
        if not rel or not digest:
            return False
        try:
            if cache.sha256_file(output / rel) != digest:
                return False
        except OSError:
            return False
    return True


def _record(key: str, entry: dict[str, Any]) -> RunRecord:
    return RunRecord(
        key=key,
        scenario=entry["scenario"],
        notebook=entry["notebook"],
        status=entry.get("status", "failed"),
        action=entry.get("action", "kept"),
        error=entry.get("error"),
        duration_s=float(entry.get("duration_s") or 0.0),
        html=entry.get("html"),
        ipynb=entry.get("ipynb"),
        failed_ipynb=entry.get("failed_ipynb"),
        key_figures=dict(entry.get("key_figures") or {}),
        warnings=list(entry.get("warnings") or []),
    )


def _save(
    output: Path, manifest: dict[str, Any], title: str, labels: LabelsFor | None = None
) -> None:
    mf.save(output, manifest)
    for name, page in render_indexes(manifest, title, labels).items():
        atomic.write_if_changed(output / name, page)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while building (so cleanup runs), main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt("terminated")

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _mp_context() -> Any:
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # imported once by the fork server: workers start with papermill, nbconvert and a
        # compiled report template already loaded
        ctx.set_forkserver_preload(["blkanalysis.reports._preload"])
        return ctx
    return mp.get_context("spawn")  # pragma: no cover - not Linux


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Keep workers from re-running the caller's script (``__main__``) when they start.

    multiprocessing runs the main script again in each new worker (as ``__mp_main__``) so the
    worker can find functions defined there; ours live in this package, and a script calling
    :func:`build_reports` without an ``if __name__ == "__main__":`` guard would otherwise start
    a build in every worker.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _terminate(pool: Any) -> None:
    """Stop the workers now: each kills its kernel on SIGTERM."""
    processes = list(getattr(pool, "_processes", {}).values())
    for p in processes:
        with contextlib.suppress(Exception):
            p.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(Exception):
            p.join(timeout=10)


def _execute(
    jobs: list[Any],
    workers: int,
    kernel_preload: Sequence[str] | None = None,
    zygote_log: Path | None = None,
    pool: tuple[str, Any] | None = None,
) -> Iterator[tuple[Any, Any]]:
    """Yield ``(job, outcome)`` as runs finish, from a pool of ``workers`` processes; with
    ``kernel_preload`` (not None), their kernels are forked from a zygote that imported those
    modules (warm kernels, see :mod:`.zygote`). With ``pool`` (its key and
    :class:`~.pool.PoolOptions`), the runs go to the persistent pool of that key (found or
    started, see :mod:`.pool`); what it cannot run goes the way above, said in ``zygote_log``."""
    if zygote_log is not None:
        zygote_log.parent.mkdir(parents=True, exist_ok=True)
    if kernel_preload is not None and pool is not None:
        jobs = yield from _in_pool(jobs, workers, kernel_preload, zygote_log, *pool)
        if not jobs:
            return
    zygote = None
    if kernel_preload is not None:
        from blkanalysis.reports.zygote import Zygote

        zygote = Zygote(kernel_preload, log=zygote_log)  # imports while the pool starts
    try:
        yield from _pooled(jobs, workers, zygote.path if zygote else None)
    finally:
        if zygote is not None:
            zygote.close()


def _note(log: Path | None, text: str) -> None:
    """A line in the build's zygote log (and the runner's logger)."""
    import logging

    logging.getLogger("blkanalysis.reports").info(text)
    if log is not None:
        with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as f:
            f.write(f"{_now()} {text}\n")


def _in_pool(
    jobs: list[Any],
    workers: int,
    kernel_preload: Sequence[str],
    log: Path | None,
    key: str,
    options: Any,
) -> Iterator[tuple[Any, Any]]:
    """Run ``jobs`` in the persistent pool; returns (as the generator's value) the jobs it
    could not run (all of them if it cannot be reached), for the build's own zygote."""
    from blkanalysis.reports import pool as pools

    try:
        handle = pools.connect(key, kernel_preload, options)
    except (OSError, ValueError) as exc:
        _note(log, f"persistent pool unavailable ({exc}): this build starts its own zygote")
        return jobs
    how = "started" if handle.started else "found"
    _note(log, f"persistent pool {how}: {handle.path} (its log: {handle.log})")
    left: list[Any] = []
    try:
        for job, outcome in pools.run_jobs(handle, jobs, workers):
            if isinstance(outcome, pools.PoolError):
                left.append(job)
                _note(log, f"persistent pool failed on {job.key} ({outcome})")
                continue
            if isinstance(outcome, BaseException):
                from blkanalysis.reports.jobs import Outcome, error_summary

                outcome = Outcome(key=job.key, status="failed", error=error_summary(outcome))
            yield job, outcome
    finally:
        handle.close()
    if left:
        _note(log, f"{len(left)} run(s) left to this build's own zygote")
    return left


def _pooled(jobs: list[Any], workers: int, zygote: str | None) -> Iterator[tuple[Any, Any]]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from blkanalysis.reports import execute

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_mp_context(),
        initializer=execute.init_worker,
        initargs=(os.getpid(), zygote),
    )
    try:
        with _main_module_hidden():  # workers start during the submits
            futures = {pool.submit(execute.run_job, job): job for job in jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                outcome = fut.result()
            except BrokenProcessPool as exc:
                outcome = execute.Outcome(
                    key=job.key, status="failed", error=f"the worker process died ({exc})"
                )
            except Exception as exc:
                outcome = execute.Outcome(
                    key=job.key, status="failed", error=execute.error_summary(exc)
                )
            yield job, outcome
    except BaseException:
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def build_reports(
    notebooks: Sequence[Path],
    scenarios: Sequence[ScenarioSpec],
    output: Path,
    *,
    validate: Validator | None = None,
    inputs: Sequence[Path] = (),
    code: Sequence[Path] = (),
    packages: Sequence[str] = (),
    jobs: int | None = None,
    force: bool = False,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    timeout: float | None = None,
    title: str = "Reports",
    labels: LabelsFor | None = None,
    root: Path | None = None,
    warm: bool = True,
    kernel_preload: Sequence[str] = (),
    fingerprint: fresh.Fingerprint | None = None,
    pool: Any = None,
) -> BuildResult:
    """Run every notebook with every scenario; write the reports, index and manifest.

    Parameters
    ----------
    notebooks, scenarios
        What to run: each notebook once per scenario.
    output
        The output directory: ``<output>/<scenario>/<notebook>.html`` (and ``.ipynb``),
        ``index.html``, ``manifest.json``; its ``.blk/`` holds the build's own files (logs,
        journal, caches).
    validate
        ``validate(spec) -> resolved parameters``, raising ScenarioError (the domain's model).
        Without it, the parameters as written are used (after the runner's own checks).
    inputs
        Data files or directories the notebooks read: their contents are part of each report's
        cache key (all of them, or those matching a notebook's ``metadata.report.inputs``).
    code
        Source directories (the analysis library) that are part of every report's cache key.
    packages
        Distribution names whose installed versions are part of every cache key.
    jobs
        Runs at once (default: :func:`worker_count`). Each run has its own fresh kernel.
    force
        Rebuild every report even if its inputs are unchanged.
    wait
        Wait for another run's lock on ``output`` instead of raising LockedError.
    progress
        A :class:`~.progress.Progress` (default: silent).
    timeout
        Seconds one cell may run before the run fails (default: no limit).
    root
        The project's directory: the manifest and the index name notebook and scenario files
        by their path relative to it (files elsewhere, or all without ``root``, by their name).
    warm
        Fork each run's kernel from a process that has already imported ipykernel and the
        ``kernel_preload`` modules (a fresh process per run all the same); False: start each
        kernel from scratch (``python -m ipykernel_launcher``).
    kernel_preload
        Modules the warm kernels import before forking (``module`` or ``module:function``, the
        function then called once, e.g. to parse the data the notebooks read). The reports do
        not depend on it: a warm kernel's report is the same as a cold one's.
    fingerprint
        Stamps of everything this build depends on (:func:`.fresh.fingerprint`): a build that
        ends well records it, so that :func:`.fresh.rerun` can confirm the next no-change
        rerun without validating or hashing anything.
    pool
        With ``warm``: a :class:`~.pool.PoolOptions` to run in a persistent pool that outlives
        this build (found, or started for the next builds: see :mod:`.pool`); None (the
        default), this build's own zygote and workers, ended with it.

    Raises ScenarioError / ReportError (bad input: nothing written) and LockedError. A failing
    notebook does not raise: see ``BuildResult.failed`` and ``BuildResult.exit_code``.
    """
    t0 = time.perf_counter()
    output = Path(output).absolute()
    if not notebooks:
        raise ReportError("no notebooks to run")
    if not scenarios:
        raise ReportError("no scenarios to run")
    infos = read_notebooks([Path(p) for p in notebooks])
    runs = plan_runs(infos, scenarios, validate)
    env = cache.environment(code, packages, exclude=[output])
    input_hashes = cache.hash_tree([Path(p) for p in inputs], exclude=[output])
    keyed = [(run, cache.run_key(run, env, input_hashes)) for run in runs]
    progress = progress or NullProgress()

    output.mkdir(parents=True, exist_ok=True)
    with OutputLock(output, wait=wait, on_wait=on_wait), _sigterm_as_interrupt():
        fresh.forget(output)  # from now on, the output may change
        atomic.recover(output)
        atomic.remove_temporaries(output)
        # the runs' scratch files of earlier versions (a run now writes none)
        shutil.rmtree(output / WORK_DIR / "tmp", ignore_errors=True)

        manifest = mf.load(output)
        previous = changes.snapshot(manifest)  # before this build changes anything
        old_runs: dict[str, Any] = manifest["runs"]
        planned = {run.key for run, _ in keyed}
        # the notebooks run once per language, and the languages this build runs them in
        shared = {
            (run.notebook.name, language_of(run.resolved))
            for run, _ in keyed
            if not run.notebook.per_scenario
        }
        for k in list(old_runs):
            entry = old_runs[k]
            if k in planned:
                continue
            scenario = manifest["scenarios"].get(entry.get("scenario")) or {}
            resolved = scenario.get("parameters") or entry.get("parameters") or {}
            if (entry.get("notebook"), language_of(resolved)) in shared:
                del old_runs[k]  # run once per language: the other scenarios' copies go
                continue
            entry["action"] = "kept"
            for kind in ("html", "ipynb", "failed_ipynb"):
                rel = entry.get(kind)
                if rel and not (output / rel).is_file():
                    entry[kind] = None  # gone: the index must not link it
                    entry[f"{kind}_sha256"] = None
            if not any(entry.get(f) for f in ("html", "ipynb", "failed_ipynb")):
                del old_runs[k]  # its files are gone: forget it
        manifest["environment"] = env
        manifest["inputs"] = input_hashes
        for nb in infos:
            manifest["notebooks"][nb.name] = {
                "path": shown_path(nb.path, root),
                "title": nb.title,
                "sha256": nb.sha256,
                "parameters": {p.name: p.source for p in nb.parameters.values()},
                "inputs": list(nb.inputs) if nb.inputs is not None else None,
                "per_scenario": nb.per_scenario,
            }
        resolved_of = {r.scenario.name: r.resolved for r, _ in keyed}
        for spec in scenarios:
            resolved = resolved_of.get(spec.name, dict(spec.parameters or {}))
            manifest["scenarios"][spec.name] = {
                "source": shown_path(spec.source, root) if spec.source is not None else None,
                "header": dict(spec.header or {}),
                "parameters": dict(resolved),
            }
        workers = max(1, jobs or os.cpu_count() or 1)
        manifest["build"] = {
            "started": _now(),
            "status": "running",
            "pid": os.getpid(),
            "jobs": workers,
            "force": force,
            "order": {
                "scenarios": [s.name for s in scenarios],
                "notebooks": [nb.name for nb in infos],
            },
        }

        records: dict[str, RunRecord] = {}
        to_run: list[tuple[PlannedRun, str]] = []
        for run, key in keyed:
            entry = old_runs.get(run.key)
            if not force and _is_fresh(output, entry, key):
                assert entry is not None
                entry["action"] = "cached"
                records[run.key] = _record(run.key, entry)
            else:
                to_run.append((run, key))

        progress.start(len(keyed), len(to_run))
        interrupted = True
        write_error: OSError | None = None
        try:
            for run, _ in keyed:
                if run.key in records:
                    progress.advance(records[run.key])
            _save(output, manifest, title, labels)
            if to_run:
                # longest first (by the last known duration), so the pool ends together
                to_run.sort(
                    key=lambda rk: -float((old_runs.get(rk[0].key) or {}).get("duration_s") or 1e9)
                )
                by_key = {run.key: (run, key) for run, key in to_run}
                job_list = [
                    _job(output, run, key, env, input_hashes, timeout, labels)
                    for run, key in to_run
                ]
                pool_of = None
                if warm and pool is not None:
                    from blkanalysis.reports.pool import pool_key

                    pool_of = (pool_key(env, kernel_preload), pool)
                at_once = worker_count(jobs, len(job_list))
                manifest["build"]["jobs"] = at_once  # what ran at once, not the cores
                executed = _execute(
                    job_list,
                    at_once,
                    kernel_preload if warm else None,
                    output / WORK_DIR / "logs" / "zygote.log",
                    pool_of,
                )
                with contextlib.closing(executed):
                    for job, outcome in executed:
                        run, key = by_key[job.key]
                        read = sorted(cache.files_for(input_hashes, run.notebook.inputs))
                        try:
                            entry = _commit(output, run, key, outcome, old_runs.get(run.key), read)
                        except OSError as exc:  # disk full, file size limit, a file in the way
                            write_error = exc
                            raise ReportWriteError(output, run.key, exc) from None
                        old_runs[run.key] = entry
                        records[run.key] = _record(run.key, entry)
                        _save(output, manifest, title, labels)
                        progress.advance(records[run.key])
            interrupted = False
        finally:
            if interrupted:
                atomic.recover(output)  # finish a commit cut short by the interruption
            failed = sum(1 for r in records.values() if r.status == "failed")
            manifest["build"].update(
                {
                    "finished": _now(),
                    "duration_s": round(time.perf_counter() - t0, 3),
                    "status": (
                        "write-error"
                        if write_error is not None
                        else "interrupted"
                        if interrupted
                        else ("failed" if failed else "ok")
                    ),
                    **({"error": str(write_error)} if write_error is not None else {}),
                    "counts": {
                        "total": len(keyed),
                        "executed": sum(1 for r in records.values() if r.action == "executed"),
                        "cached": sum(1 for r in records.values() if r.action == "cached"),
                        "failed": failed,
                    },
                }
            )
            if previous is not None:
                changed = changes.between(previous, manifest)
                if any(changed["inputs"].values()) or changed["key_figures"]:
                    manifest["changes"] = changed  # else: the last changes stay listed
            try:
                _save(output, manifest, title, labels)
            except OSError:
                if write_error is None:  # the index or manifest could not be written: say so
                    raise
                # the disk is still full: the previous index and manifest stay as they were
            finally:
                progress.stop()
        if fingerprint is not None and not failed:
            fresh.record(output, fingerprint, [run.key for run, _ in keyed])
    return BuildResult(
        output=output,
        runs=[records[run.key] for run, _ in keyed if run.key in records],
        duration_s=time.perf_counter() - t0,
    )


def _job(
    output: Path,
    run: PlannedRun,
    key: str,
    env: dict[str, Any],
    input_hashes: dict[str, str],
    timeout: float | None,
    labels: LabelsFor | None = None,
) -> Any:
    from blkanalysis.reports.jobs import Job, context_for

    lang = run.resolved.get("lang") if isinstance(run.resolved.get("lang"), str) else None
    words = labels_for(labels, lang)
    context = context_for(
        scenario=run.scenario.name,
        header=dict(run.scenario.header or {}),
        scenario_file=run.scenario.source.name if run.scenario.source is not None else None,
        notebook=run.notebook.name,
        # the page's title in the report's language, as the index names the notebook
        title=words.get(f"notebook.{run.notebook.name}") or run.notebook.title,
        notebook_sha256=run.notebook.sha256,
        parameters=run.parameters,
        inputs=cache.files_for(input_hashes, run.notebook.inputs),
        environment=env,
        language=lang,
        labels=words,
        shows=run.notebook.shows,
    )
    return Job(
        key=run.key,
        notebook_path=str(run.notebook.path),
        parameters=dict(run.parameters),
        context=context,
        log_path=str(_paths(output, run)["log"]),
        timeout=timeout,
    )


def _commit(
    output: Path,
    run: PlannedRun,
    key: str,
    outcome: Any,
    previous: dict[str, Any] | None,
    input_labels: list[str],
) -> dict[str, Any]:
    """Write one run's files (atomically) and return its manifest entry."""
    p = _paths(output, run)
    entry: dict[str, Any] = {
        "scenario": run.scenario.name,
        "notebook": run.notebook.name,
        "status": outcome.status,
        "action": "executed",
        "error": outcome.error,
        "cache_key": None,
        "parameters": dict(run.parameters),
        "inputs": input_labels,
        "html": None,
        "ipynb": None,
        "failed_ipynb": None,
        "html_sha256": None,
        "ipynb_sha256": None,
        "key_figures": outcome.key_figures,
        "key_figure_ids": outcome.key_figure_ids,
        "sources": outcome.sources,
        "figures": list(getattr(outcome, "figures", None) or []),
        "warnings": outcome.warnings,
        "duration_s": round(outcome.duration_s, 3),
        "timings": {k: round(v, 3) for k, v in (outcome.timings or {}).items()},
        "built": _now(),
        "log": _rel(output, p["log"]),
    }
    journal = f"{run.scenario.name}__{run.notebook.name}"
    if outcome.status == "ok" and outcome.html is not None and outcome.ipynb is not None:
        d = p["html"].parent
        files = dict(getattr(outcome, "downloads", None) or {})
        stale = [
            f
            for f in [
                *sorted((d / f"{run.notebook.name}.data").glob("*.csv")),
                d / f"{run.notebook.name}.xlsx",
            ]
            if f.is_file() and f.relative_to(d).as_posix() not in files
        ]
        atomic.commit(
            output,
            [(p["ipynb"], outcome.ipynb), (p["html"], outcome.html)]
            + [(d / rel, data) for rel, data in sorted(files.items())],
            delete=[p["failed"], *stale],
            name=journal,
        )
        entry.update(
            {
                "cache_key": key,
                "html": _rel(output, p["html"]),
                "ipynb": _rel(output, p["ipynb"]),
                "html_sha256": cache.sha256_bytes(outcome.html),
                "ipynb_sha256": cache.sha256_bytes(outcome.ipynb),
                "downloads": {
                    _rel(output, d / rel): cache.sha256_bytes(data)
                    for rel, data in sorted(files.items())
                },
            }
        )
    else:
        if outcome.ipynb is not None:
            atomic.atomic_write(p["failed"], outcome.ipynb)
            entry["failed_ipynb"] = _rel(output, p["failed"])
            entry["failed_ipynb_sha256"] = cache.sha256_bytes(outcome.ipynb)
            if getattr(outcome, "deterministic", False):
                entry["cache_key"] = key  # the same inputs would fail the same way
        # the previous good report stays where it is, untouched; the index links it
        entry["downloads"] = {
            rel: digest
            for rel, digest in ((previous or {}).get("downloads") or {}).items()
            if (output / rel).is_file()
        }
        for kind in ("html", "ipynb"):
            if p[kind].exists():
                entry[kind] = _rel(output, p[kind])
                if previous and previous.get(kind) == entry[kind]:
                    entry[f"{kind}_sha256"] = previous.get(f"{kind}_sha256")
    return entry
