"""What the report kernels load before they fork (see :mod:`blkanalysis.reports.zygote`).

``blk report`` hands the runner :data:`PRELOAD`: the warm kernel process imports the heavy
libraries and every module of the analysis layers once, then calls :func:`prepare`, which parses
and validates the data directory's inputs once. Each report's kernel is forked from it: its
``load_inputs()`` finds them parsed (the cache checks the files' stamps on every call, so an
edit made meanwhile is read again, never served stale).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: the layers the notebooks use (the CLI and the report runner are not needed in a kernel)
LAYERS = ("blkanalysis.text", "blkanalysis.data", "blkanalysis.model", "blkanalysis.present")

#: modules of those layers no report uses, left to the kernel that imports one: reading
#: documents and finding figures in them (``blk extract``, ``blk add``), whose import compiles
#: some two hundred regular expressions (0.3 s before the warm process could fork a kernel)
NOT_PRELOADED = ("blkanalysis.text.documents", "blkanalysis.text.extract")

#: ``0`` (or ``off``, ``no``, ``false``): each ``blk report`` starts and ends its own warm
#: kernels, no persistent pool (the tests set it)
POOL_ENV = "BLK_REPORT_POOL"
#: seconds an unused pool stays up (default 600)
POOL_IDLE_ENV = "BLK_REPORT_POOL_IDLE"
#: the directory of the pools' sockets (default: a private one under $XDG_RUNTIME_DIR or /tmp)
POOL_DIR_ENV = "BLK_REPORT_POOL_DIR"

PRELOAD = ("pandas", "matplotlib.pyplot", "seaborn", "mistune", "blkanalysis.cli.kernels:prepare")


def import_layers() -> list[str]:
    """Import every module of the analysis layers but :data:`NOT_PRELOADED`; the names of those
    that failed."""
    failed = []
    for layer in LAYERS:
        package = importlib.import_module(layer)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{layer}."):
            if info.name in NOT_PRELOADED:
                continue
            try:
                importlib.import_module(info.name)
            except Exception:  # a kernel importing it meets the same error, and shows it
                failed.append(info.name)
    return failed


def prepare() -> None:
    """Import the analysis layers, parse the current data directory's inputs once and compute
    the baseline's model results the reports use (kept per inputs, see
    :mod:`blkanalysis.model.memo`): every report's findings set its scenario against the
    baseline, and the baseline's reports show them."""
    from blkanalysis.data.inputs import load_inputs

    import_layers()
    inputs = load_inputs()
    # a kernel computes what is not kept itself, and meets any error there
    with contextlib.suppress(Exception):
        warm_baseline(inputs)


def warm_baseline(inputs: Any) -> None:
    """Keep the baseline's model results of ``inputs`` (both readings of the BLK Komunitas
    counts: report 01 shows the other one)."""
    from blkanalysis.model import intensity, memo, scaling
    from blkanalysis.model.scenario import Scenario

    baseline = Scenario()
    functions = [
        intensity.budget_intensity,
        intensity.budget_by_year,
        scaling.blkk_timeline,
        scaling.scale_targets,
        scaling.target_achievement,
        scaling.trainees_per_blkk,
    ]
    memo.warm(inputs, functions, [baseline])
    memo.warm(inputs, [scaling.blkk_timeline], [scaling.other_reading(baseline)])


def pool_options() -> Any:
    """The persistent pool ``blk report`` uses (see :mod:`blkanalysis.reports.pool`), from the
    environment; None when :data:`POOL_ENV` turns it off."""
    from blkanalysis.reports.pool import IDLE_S, PoolOptions

    if os.environ.get(POOL_ENV, "").strip().lower() in ("0", "off", "no", "false"):
        return None
    try:
        idle = float(os.environ.get(POOL_IDLE_ENV) or IDLE_S)
    except ValueError:
        idle = IDLE_S
    directory = os.environ.get(POOL_DIR_ENV)
    return PoolOptions(directory=Path(directory) if directory else None, idle=max(idle, 1.0))


@contextlib.contextmanager
def pooled_kernels(output: Path) -> Iterator[str | None]:
    """Within: the socket of the persistent pool ``blk report`` uses for ``output`` in this
    directory and environment (found, or started for the next build), held so it stays up;
    None when :data:`POOL_ENV` turns pools off or the pool cannot be reached (the caller then
    starts its own warm kernels). ``blk report --check`` and ``blk notebooks`` fork their
    kernels from it, as a build does."""
    options = pool_options()
    if options is None:
        yield None
        return
    from blkanalysis.cli.report import runner_code
    from blkanalysis.reports import cache
    from blkanalysis.reports import pool as pools

    env = cache.environment(**runner_code(), exclude=[Path(output)])  # as a build's
    try:
        handle = pools.connect(pools.pool_key(env, PRELOAD), PRELOAD, options)
    except (OSError, ValueError):
        yield None
        return
    try:
        yield str(handle.path)
    finally:
        handle.close()
