"""``blk report --check``: re-run the executed notebooks of a build with nbval.

nbval executes each notebook again in a fresh kernel (from the running interpreter's
environment) and compares every output with the one saved by the build: strict mode by default
(text, HTML and SVG outputs must match; PNG/JPEG are skipped), with an optional sanitize file of
regex replacements for outputs that legitimately vary. ``strict=False`` uses ``--nbval-lax``
(only cells marked ``# NBVAL_CHECK_OUTPUT`` are compared: the notebooks must still run without
an error). Failed runs (``*.failed.ipynb``) are not checked.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from blkanalysis.errors import ReportError


def executed_notebooks(output: Path) -> list[Path]:
    output = Path(output)
    return sorted(
        p
        for p in output.glob("*/*.ipynb")
        if not p.name.endswith(".failed.ipynb") and not p.parent.name.startswith(".")
    )


def check_command(
    output: Path,
    *,
    strict: bool = True,
    sanitize: Path | None = None,
    extra_args: Sequence[str] = (),
) -> list[str]:
    notebooks = executed_notebooks(output)
    if not notebooks:
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
    return [*cmd, *extra_args, *(str(p) for p in notebooks)]


def check_reports(
    output: Path,
    *,
    strict: bool = True,
    sanitize: Path | None = None,
    extra_args: Sequence[str] = (),
    capture: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run nbval over ``output``'s executed notebooks. ``returncode`` 0 means all passed."""
    cmd = check_command(output, strict=strict, sanitize=sanitize, extra_args=extra_args)
    return subprocess.run(cmd, check=False, text=True, capture_output=capture)
