"""``blk report --check``: re-run the executed notebooks of a build with nbval.

nbval executes each notebook again in a fresh kernel (from the running interpreter's
environment; forked from a warm process with ``kernel_preload``, and several at once with
pytest-xdist) and compares every output with the one saved by the build: strict mode by default
(text, HTML and SVG outputs must match; PNG/JPEG are skipped), with an optional sanitize file of
regex replacements for outputs that legitimately vary. ``strict=False`` uses ``--nbval-lax``
(only cells marked ``# NBVAL_CHECK_OUTPUT`` are compared: the notebooks must still run without
an error). Failed runs (``*.failed.ipynb``) are not checked. ``scenarios`` (report directory
names) checks only the notebooks in those scenarios' directories.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from blkanalysis.errors import ReportError

#: with ``jobs="auto"``, a second nbval worker is worth it from this many notebooks per worker
#: when each worker starts its own warm kernel process (about 7 s of start-up): measured on two
#: cores, 5 notebooks took 18.0 s in one worker and 17.6 s in two (with 1.7 times the CPU), 8
#: notebooks 24.0 s and 19.4 s
NOTEBOOKS_PER_WORKER = 4
#: ... and when the workers share a running one (``kernel_socket``: a worker's start is then
#: pytest's, about 2 s): 5 notebooks took 12.7 s in one worker and 10.4 s in two, 10 notebooks
#: 23.5 s and 18.8 s
NOTEBOOKS_PER_SHARING_WORKER = 2


def worker_count(
    jobs: int | Literal["auto"] | None,
    notebooks: int,
    cores: int | None = None,
    *,
    per_worker: int = NOTEBOOKS_PER_WORKER,
) -> int:
    """How many nbval workers check ``notebooks`` notebooks: ``jobs`` (at most one per
    notebook); ``"auto"``: one per ``per_worker`` notebooks, at most one per core; None: one."""
    if notebooks <= 1 or jobs is None:
        return 1
    if jobs == "auto":
        cores = max(1, cores or os.cpu_count() or 1)
        return max(1, min(cores, notebooks // max(1, per_worker)))
    return max(1, min(int(jobs), notebooks))


def executed_notebooks(output: Path, scenarios: Sequence[str] | None = None) -> list[Path]:
    """The executed notebooks of a build (of the ``scenarios`` named only, if given)."""
    output = Path(output)
    return sorted(
        p
        for p in output.glob("*/*.ipynb")
        if not p.name.endswith(".failed.ipynb")
        and not p.parent.name.startswith(".")
        and (scenarios is None or p.parent.name in scenarios)
    )


def check_command(
    output: Path,
    *,
    strict: bool = True,
    sanitize: Path | None = None,
    extra_args: Sequence[str] = (),
    kernel_preload: Sequence[str] | None = None,
    jobs: int | Literal["auto"] | None = None,
    scenarios: Sequence[str] | None = None,
    kernel_socket: str | None = None,
) -> list[str]:
    notebooks = executed_notebooks(output, scenarios)
    if not notebooks:
        if scenarios is not None:
            raise ReportError(
                f"no executed notebooks of {', '.join(scenarios)} in {output}: build them "
                "first with `blk report` and the same -s/-p/--lang options"
            )
        raise ReportError(f"no executed notebooks in {output}: run `blk report` first")
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-q",
        f"--rootdir={Path(output).absolute()}",
        "--nbval" if strict else "--nbval-lax",
        "--nbval-current-env",
    ]
    if sanitize is not None:
        cmd += ["--nbval-sanitize-with", str(sanitize)]
    if kernel_preload is not None or kernel_socket is not None:
        cmd += ["-p", "blkanalysis.reports.nbval_warm"]
    if kernel_socket is not None:
        cmd.append(f"--warm-socket={kernel_socket}")
    elif kernel_preload is not None:
        cmd.append(f"--warm-kernels={','.join(kernel_preload)}")
    per_worker = NOTEBOOKS_PER_WORKER if kernel_socket is None else NOTEBOOKS_PER_SHARING_WORKER
    workers = worker_count(jobs, len(notebooks), per_worker=per_worker)
    if workers > 1 and importlib.util.find_spec("xdist") is not None:
        cmd += ["-n", str(workers), "--dist", "loadfile"]
    return [*cmd, *extra_args, *(str(p) for p in notebooks)]


def check_reports(
    output: Path,
    *,
    strict: bool = True,
    sanitize: Path | None = None,
    extra_args: Sequence[str] = (),
    capture: bool = False,
    kernel_preload: Sequence[str] | None = None,
    jobs: int | Literal["auto"] | None = None,
    scenarios: Sequence[str] | None = None,
    kernel_socket: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run nbval over ``output``'s executed notebooks. ``returncode`` 0 means all passed.

    ``kernel_preload`` (not None): the kernels are forked from a process that has imported
    these modules (warm kernels, :mod:`.nbval_warm`). ``jobs``: nbval workers checking
    notebooks in parallel (with pytest-xdist installed; default one; ``"auto"``: see
    :func:`worker_count`). ``scenarios``: only these report directories (scenario names; e.g.
    ``baseline`` and ``baseline.id``). ``kernel_socket``: the kernels are forked from the
    running zygote there (a persistent pool's) instead, by every worker."""
    cmd = check_command(
        output,
        strict=strict,
        sanitize=sanitize,
        extra_args=extra_args,
        kernel_preload=kernel_preload,
        jobs=jobs,
        scenarios=scenarios,
        kernel_socket=kernel_socket,
    )
    return subprocess.run(cmd, check=False, text=True, capture_output=capture)
