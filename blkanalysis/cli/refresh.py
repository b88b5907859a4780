"""Re-execute the committed notebooks in place with their baseline parameters (``make notebooks``).

Each report notebook's ``parameters`` cell is first rewritten from the declarations
(:func:`blkanalysis.model.parameters.parameters_cell`): the cell is generated, never edited by hand.

After a change to the data or the library, the notebooks' committed outputs (which nbval
compares) must be refreshed. Each notebook is executed in a fresh kernel of this interpreter;
run-specific metadata (timestamps, durations) is removed so the files only change when outputs
do; the file is replaced atomically, and only if the run succeeded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from blkanalysis import paths
from blkanalysis.atomic import atomic_write
from blkanalysis.errors import ReportError


def notebook_paths(directory: Path | None = None) -> list[Path]:
    """The report notebooks: ``notebooks/NN_*.ipynb`` in order (the explorer is not one)."""
    d = directory if directory is not None else paths.notebooks_dir()
    return sorted(p for p in d.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def parameters_cell_index(nb) -> int | None:
    """The index of the notebook's cell tagged ``parameters`` (None if it has none)."""
    for i, cell in enumerate(nb.cells):
        if "parameters" in (cell.get("metadata", {}).get("tags") or []):
            return i
    return None


def write_parameters_cell(nb) -> bool:
    """Set the notebook's parameters cell to the generated one; True if it changed."""
    from blkanalysis.model.parameters import parameters_cell

    i = parameters_cell_index(nb)
    if i is None:
        raise ReportError("the notebook has no cell tagged 'parameters'")
    source = parameters_cell()
    if nb.cells[i].source == source:
        return False
    nb.cells[i].source = source
    return True


def refresh(
    notebooks: Sequence[Path] | None = None,
    *,
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[Path]:
    """Execute each notebook with its own defaults and write the outputs back into it (each in
    a fresh kernel, forked from a process that has done the imports and parsed the data)."""
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from blkanalysis.cli.kernels import PRELOAD, pooled_kernels
    from blkanalysis.reports.execute import execute_in_place, warm_kernels

    done: list[Path] = []
    todo = list(notebooks or notebook_paths())
    with (
        pooled_kernels(paths.reports_dir()) as socket,
        warm_kernels(PRELOAD, socket=socket),
    ):
        for path in todo:
            progress(f"executing {path.name}")
            source = nbformat.read(path, as_version=4)
            write_parameters_cell(source)
            try:
                nb = execute_in_place(path, source=source)
            except PapermillExecutionError as exc:
                raise ReportError(
                    f"{path.name} failed in cell {exc.cell_index}: {exc.ename}: "
                    f"{exc.evalue}; the committed notebook was left unchanged"
                ) from None
            atomic_write(path, nbformat.writes(nb) + "\n")
            done.append(path)
    return done
