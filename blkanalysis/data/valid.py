"""A data directory found valid once is not validated again while its files are the same.

``blk report`` checks the whole data directory before any kernel starts, and every scenario's
``base_year`` against the CPI series: both parse every file, and the second imports pandas. A
what-if changes a parameter, not the data, so each one repeated the same work (about a second
as a command). Here a validation that found nothing wrong leaves a *certificate* in the shared
inputs cache (``BLK_INPUTS_CACHE``, which ``blk report`` sets), keyed by the SHA-256 of every
file the inputs are read from and of the code that validates them (the ``data`` and ``text``
modules, the Python and the validating packages' versions). The next command with the same
files finds it and reads the facts it needs (the CPI series' years) from it, parsing nothing.

An edited, added or removed file, or other code, is another key: validated again. Nothing is
certified that was not validated, and without the cache directory nothing is kept. This module
imports nothing heavy, by design.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from blkanalysis import paths

#: packages whose behaviour the validation depends on
_PACKAGES = ("pydantic", "pydantic_core", "PyYAML", "pandas", "numpy", "Babel")
_CODE: str | None = None


def code_digest() -> str:
    """What parsing and validating the inputs depends on besides the files: the ``data`` and
    ``text`` modules, ``errors`` and ``paths``, the Python and the packages' versions."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256(platform.python_version().encode())
        for name in _PACKAGES:
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
            h.update(f"\0{name} {version}".encode())
        for sub in ("data", "text"):
            for f in sorted((paths.PACKAGE_DIR / sub).glob("*.py")):
                h.update(f.name.encode() + b"\0" + f.read_bytes())
        for name in ("errors.py", "paths.py"):
            h.update(name.encode() + b"\0" + (paths.PACKAGE_DIR / name).read_bytes())
        _CODE = h.hexdigest()
    return _CODE


def input_files(data_dir: Path | None = None) -> tuple[Path, list[Path]]:
    """The data directory (resolved) and every file its inputs are read from: the sources, the
    CPI file, the programme model (the project's, if the directory has none) and the sources
    the model is checked against (as :func:`blkanalysis.data.inputs.load_inputs` reads them)."""

    def yaml_files(d: Path) -> list[Path]:
        if not d.is_dir():
            return [d]
        return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml"))

    base = (Path(data_dir) if data_dir is not None else paths.data_dir()).resolve()
    model = paths.model_file(base)
    if not model.is_file():
        model = paths.model_file(paths.project_root() / "data")
    model = model.resolve()
    files = [
        *yaml_files(paths.sources_dir(base)),
        paths.cpi_file(base),
        model,
        *yaml_files(paths.sources_dir(model.parent)),
    ]
    return base, sorted(set(files))


def content_key(files: list[Path]) -> str:
    """SHA-256 of the code (:func:`code_digest`) and of every file's path and contents: the key
    of a parsed form of ``files`` (:mod:`blkanalysis.data.inputs`) and of their certificate."""
    h = hashlib.sha256(code_digest().encode())
    for f in sorted(set(files)):
        try:
            h.update(str(f).encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            h.update(str(f).encode() + b"\0missing")
    return h.hexdigest()


def _where(data_dir: Path | None) -> Path | None:
    cache = os.environ.get(paths.INPUTS_CACHE_ENV)
    if not cache:
        return None
    base, files = input_files(data_dir)
    prefix = hashlib.sha256(str(base).encode()).hexdigest()[:12]
    return Path(cache) / f"valid-{prefix}-{content_key(files)[:32]}.json"


#: (cache directory, data directory) -> (the files' stamps, the facts found): hashing the files
#: again only when a stamp (path, size, mtime_ns) changed, as the inputs cache does
_seen: dict[tuple[str, str], tuple[tuple[Any, ...], dict[str, Any] | None]] = {}


def _stamp(files: list[Path]) -> tuple[Any, ...]:
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            out.append((str(f), None))
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


def certified(data_dir: Path | None = None) -> dict[str, Any] | None:
    """The facts certified with the data directory as its files are now, or None (never
    validated in this form, or no cache directory)."""
    cache = os.environ.get(paths.INPUTS_CACHE_ENV)
    if not cache:
        return None
    base, files = input_files(data_dir)
    memo = (cache, str(base))
    stamp = _stamp(files)
    seen = _seen.get(memo)
    if seen is not None and seen[0] == stamp:
        return seen[1]
    where = _where(data_dir)
    facts = None
    if where is not None:
        with contextlib.suppress(OSError, ValueError):
            facts = json.loads(where.read_text(encoding="utf-8"))
    facts = facts if isinstance(facts, dict) else None
    _seen[memo] = (stamp, facts)
    return facts


def certify(data_dir: Path | None, facts: dict[str, Any]) -> None:
    """Record that the data directory, as its files are now, validated without a problem, with
    ``facts`` about it (JSON). Call only after a validation that found nothing wrong."""
    cache = os.environ.get(paths.INPUTS_CACHE_ENV)
    where = _where(data_dir)
    if cache is None or where is None:
        return
    base, files = input_files(data_dir)
    _seen[(cache, str(base))] = (_stamp(files), dict(facts))
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where.parent, prefix=".valid-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(facts, f, sort_keys=True)
        os.replace(tmp, where)
        prefix = where.name.rsplit("-", 1)[0]
        for old in where.parent.glob(f"{prefix}-*.json"):
            if old != where:
                old.unlink(missing_ok=True)
    except OSError:  # a certificate that cannot be written: validate again next time
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
