"""blkanalysis.cli.kernels: what the warm process behind the report kernels loads before it forks
them (the rest of that process: tests/test_reports_zygote.py, tests/test_memo.py)."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat

from blkanalysis.cli import kernels

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _imported_by(notebook: Path) -> set[str]:
    """The blkanalysis modules a notebook's code cells import (``from blkanalysis.x import y``
    counts ``blkanalysis.x.y`` where that is a module)."""
    names: set[str] = set()
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names if a.name.startswith("blkanalysis"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("blkanalysis"):
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # ``name``'s parent is a module: ``name`` is one of its attributes
        return False


def _preloaded() -> set[str]:
    """The modules a fresh interpreter holds after ``import_layers()`` (and the failures)."""
    code = (
        "import json, sys\n"
        "from blkanalysis.cli.kernels import import_layers\n"
        "failed = import_layers()\n"
        "print(json.dumps({'failed': failed, 'modules': sorted(sys.modules)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts["failed"] == []
    return set(facts["modules"])


def test_the_kernels_find_every_module_the_notebooks_import_loaded_but_not_the_extraction():
    assert NOTEBOOKS
    loaded = _preloaded()
    wanted = set().union(*(_imported_by(nb) for nb in NOTEBOOKS))
    assert "blkanalysis.present.notebook" in wanted  # the parse found the notebooks' imports
    # every name that is a module must be loaded (one imported from a module may be an attribute)
    modules = {m for m in wanted if _is_module(m)}
    assert "blkanalysis.present.notebook" in modules
    assert modules - loaded == set()
    # what no report uses is left out; a kernel importing it still can
    for name in kernels.NOT_PRELOADED:
        assert name not in loaded
        assert name.rpartition(".")[0] in loaded  # its layer is
