"""Re-execute the committed notebooks in place with their baseline parameters (``make notebooks``).

After a change to the data or the library, the notebooks' committed outputs (which nbval
compares) must be refreshed. Each notebook is executed in a fresh kernel of this interpreter;
run-specific metadata (timestamps, durations) is removed so the files only change when outputs
do; the file is replaced atomically, and only if the run succeeded.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from blkanalysis import paths
from blkanalysis.atomic import atomic_write
from blkanalysis.errors import ReportError


def notebook_paths(directory: Path | None = None) -> list[Path]:
    """The report notebooks: ``notebooks/NN_*.ipynb`` in order (the explorer is not one)."""
    d = directory if directory is not None else paths.notebooks_dir()
    return sorted(p for p in d.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def refresh(
    notebooks: Sequence[Path] | None = None,
    *,
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[Path]:
    """Execute each notebook with its own defaults and write the outputs back into it."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from blkanalysis.reports.execute import execute_in_place

    done: list[Path] = []
    for path in notebooks or notebook_paths():
        progress(f"executing {path.name}")
        with tempfile.TemporaryDirectory(prefix="blk-refresh-") as tmp:
            try:
                nb = execute_in_place(path, Path(tmp))
            except PapermillExecutionError as exc:
                raise ReportError(
                    f"{path.name} failed in cell {exc.cell_index}: {exc.ename}: {exc.evalue}; "
                    "the committed notebook was left unchanged"
                ) from None
        atomic_write(path, nbformat.writes(nb) + "\n")
        done.append(path)
    return done
