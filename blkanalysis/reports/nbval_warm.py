"""A pytest plugin: nbval's kernels are forked from a warm zygote (see :mod:`.zygote`).

``pytest -p blkanalysis.reports.nbval_warm --warm-kernels=MODULE,... --nbval ...`` (what
``check_reports`` runs; ``--warm-kernels=@package.module:NAME`` takes the list named there):
the first notebook checked starts a zygote in this pytest process that imports ipykernel and
the given modules (``module:function`` also calls the function); every notebook's kernel is
then a fresh fork of it instead of a new interpreter importing everything again. nbval's
comparison is unchanged: a warm kernel runs the notebook as a cold one does. Under
pytest-xdist each worker has its own zygote. ``--warm-socket=PATH`` forks them from a zygote
already running (a persistent pool's, :mod:`.pool`), shared by the workers: none is started
(a kernel the zygote cannot give starts cold, see ``zygote.attach``).
"""

from __future__ import annotations

from typing import Any

_state: dict[str, Any] = {"zygote": None, "modules": None, "socket": None}


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--warm-kernels",
        default=None,
        metavar="MODULES",
        help="fork nbval's kernels from a process that has imported these modules "
        "(comma-separated; module:function also calls it; @module:NAME reads the list there)",
    )
    parser.addoption(
        "--warm-socket",
        default=None,
        metavar="PATH",
        help="fork nbval's kernels from the running zygote at PATH (a persistent pool's) "
        "instead of starting one; a kernel it cannot give starts cold",
    )


def pytest_configure(config: Any) -> None:
    value = config.getoption("--warm-kernels")
    _state["socket"] = config.getoption("--warm-socket")
    if value is None and _state["socket"] is None:
        return
    if value is None:
        _state["modules"] = []
    elif value.startswith("@"):  # @module:NAME: the list that module names (one place for it)
        import importlib

        module, _, name = value[1:].partition(":")
        _state["modules"] = list(getattr(importlib.import_module(module), name))
    else:
        _state["modules"] = [m.strip() for m in value.split(",") if m.strip()]
    try:
        from nbval import kernel as nbval_kernel
    except ImportError:  # pragma: no cover - nbval not installed: nothing to warm
        return
    original = nbval_kernel.NbvalKernelspecManager.get_kernel_spec

    def get_kernel_spec(self: Any, kernel_name: str) -> Any:
        spec = original(self, kernel_name)
        if not _this_interpreter(spec.argv):
            return spec  # another interpreter's or language's kernel: as it is
        from blkanalysis.reports.zygote import Zygote, kernel_argv

        if _state["socket"] is not None:
            spec.argv = kernel_argv(_state["socket"])
            return spec
        if _state["zygote"] is None:
            _state["zygote"] = Zygote(_state["modules"])
        spec.argv = kernel_argv(_state["zygote"].path)
        return spec

    nbval_kernel.NbvalKernelspecManager.get_kernel_spec = get_kernel_spec


def _this_interpreter(argv: list[str]) -> bool:
    """The kernelspec starts ipykernel in this very interpreter (what a fork of it would be)."""
    import os
    import sys

    if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"]:
        return False
    # jupyter_client runs a kernelspec's bare "python" as this interpreter
    major, minor = sys.version_info[:2]
    bare = {"python", f"python{major}", f"python{major}.{minor}"}
    return argv[0] in bare or os.path.realpath(argv[0]) == os.path.realpath(sys.executable)


def pytest_unconfigure(config: Any) -> None:
    zygote = _state.get("zygote")
    if zygote is not None:
        _state["zygote"] = None
        zygote.close()
