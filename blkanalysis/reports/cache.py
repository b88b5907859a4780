"""Cache keys: a report is rebuilt only when something it is made from has changed.

A run's key is the SHA-256 of (canonical JSON):

- the environment: the runner's version and own files (code + templates), the Python version,
  the versions of the packages that matter, and the library's source files (``code``);
- the notebook file's bytes;
- the scenario's name and header (both are printed in the report) and the injected parameters;
- the contents of the data files (``inputs``) the notebook depends on: every file under the
  input directories, or only those matching the notebook's ``metadata.report.inputs`` globs.

Computing all this reads a few hundred small files and no heavy module: a no-change rerun is
decided in milliseconds, without starting a kernel.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from blkanalysis.reports.spec import RUNNER_VERSION, PlannedRun

RUNNER_DIR = Path(__file__).resolve().parent

#: packages the runner itself depends on for its output
RUNNER_PACKAGES = (
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "mistune",
    "pygments",
    "jinja2",
)

_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", ".pytest_cache", ".ruff_cache"}


def _json_default(obj: Any) -> Any:
    if isinstance(obj, Path):
        return obj.as_posix()
    if isinstance(obj, (dt.date, dt.datetime, dt.time)):
        return obj.isoformat()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    if isinstance(obj, Mapping):
        return dict(obj)
    return repr(obj)


def canonical_json(obj: Any) -> str:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def walk_files(root: Path, exclude: frozenset[Path] = frozenset()) -> Iterable[Path]:
    """Every file under ``root`` (or ``root`` itself), in name order; hidden files, caches,
    compiled files and the ``exclude`` directories skipped."""
    for path, _entry in walk_entries(root, exclude):
        yield Path(path)


def walk_entries(
    root: Path, exclude: frozenset[Path] = frozenset()
) -> Iterator[tuple[str, os.DirEntry[str] | None]]:
    """:func:`walk_files` as ``(path, entry)``: the directory entry that listed the file (its
    ``stat()`` is one system call, or none), None for ``root`` itself."""
    root = Path(root)
    if root.is_file():
        yield str(root), None
        return
    if not root.is_dir() or (exclude and root.resolve() in exclude):
        return
    yield from _entries(str(root), exclude)


def _entries(
    directory: str, exclude: frozenset[Path]
) -> Iterator[tuple[str, os.DirEntry[str] | None]]:
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
            continue
        if entry.is_dir():
            if not (exclude and Path(entry.path).resolve() in exclude):
                yield from _entries(entry.path, exclude)
        elif entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
            yield entry.path, entry


def hash_tree(roots: Sequence[Path], *, exclude: Sequence[Path] = ()) -> dict[str, str]:
    """``{label: sha256}`` for every file under ``roots``; a label is ``<root name>/<relpath>``.

    Hidden files, ``__pycache__``, compiled files and the ``exclude`` directories (the output
    directory, should it lie inside an input) are skipped.
    """
    skip = frozenset(Path(e).resolve() for e in exclude)
    out: dict[str, str] = {}
    for root in roots:
        root = Path(root)
        base = root.parent  # labels start with the directory's name (or are the file's)
        for f in walk_files(root, skip):
            label = f.relative_to(base).as_posix()
            out[label] = sha256_file(f)
    return dict(sorted(out.items()))


def files_for(inputs: Mapping[str, str], patterns: Sequence[str] | None) -> dict[str, str]:
    """The input files a notebook depends on: all, or those matching its patterns.

    A pattern is matched against the path relative to its input directory (``cpi.yaml``,
    ``sources/*.yaml``; ``*`` also crosses ``/``) and against the full label.
    """
    if patterns is None:
        return dict(inputs)
    out = {}
    for label, digest in inputs.items():
        rel = label.split("/", 1)[1] if "/" in label else label
        if any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(label, p) for p in patterns):
            out[label] = digest
    return out


def package_versions(names: Iterable[str]) -> dict[str, str]:
    from importlib import metadata  # here: a no-change rerun confirmed from stamps needs none

    out = {}
    for name in sorted(set(names), key=str.lower):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def environment(
    code: Sequence[Path] = (), packages: Iterable[str] = (), *, exclude: Sequence[Path] = ()
) -> dict[str, Any]:
    """Everything outside the notebook, scenario and data that shapes a report."""
    runner_files = hash_tree([RUNNER_DIR])
    code_files = hash_tree([Path(c) for c in code], exclude=exclude)
    return {
        "runner": RUNNER_VERSION,
        "runner_sha256": sha256_bytes(canonical_json(runner_files).encode()),
        "code_sha256": sha256_bytes(canonical_json(code_files).encode()),
        "python": platform.python_version(),
        "packages": package_versions([*RUNNER_PACKAGES, *packages]),
    }


def run_key(run: PlannedRun, env: Mapping[str, Any], inputs: Mapping[str, str]) -> str:
    """The cache key of one run (hex SHA-256)."""
    return sha256_bytes(
        canonical_json(
            {
                "environment": env,
                "notebook": run.notebook.sha256,
                "scenario": run.scenario.name,
                "header": dict(run.scenario.header or {}),
                "parameters": dict(run.parameters),
                "inputs": files_for(inputs, run.notebook.inputs),
            }
        ).encode()
    )
