"""The inputs of every analysis, loaded once: the figures registry, the CPI and the programme model.

:func:`load_inputs` reads a data directory (default :func:`blkanalysis.paths.data_dir`, which
``BLK_DATA_DIR`` overrides) into one frozen :class:`Inputs`. The analysis functions take it as
their first argument and pass it down, so the figures, CPI and model of one computation always
come from the same directory.

Each file kind is parsed and validated once per content: the cache is keyed by a stamp of the
files (path, ``mtime_ns``, size), so an unchanged directory is never re-read and an edited file is
re-read on the next call (a stale result is never served). The public loaders
:func:`~blkanalysis.data.registry.load_figures`, :func:`~blkanalysis.data.prices.load_cpi` and
:func:`~blkanalysis.data.programme.load_model` share this cache.

The cached tables are shared: treat ``Inputs.figures`` and ``Inputs.cpi`` as read-only (the
public loaders return copies).

Between processes: when ``BLK_INPUTS_CACHE`` names a directory (``blk report`` sets it for its
kernels), a parsed :class:`Inputs` is also kept there, keyed by the SHA-256 of every file it was
read from and of the code that parses them; another process reading the same contents loads it
instead of parsing again. Only successful parses are kept; an edited file changes the key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from blkanalysis import paths
from blkanalysis.data.programme import ProgrammeModel
from blkanalysis.errors import BlkDataError

T = TypeVar("T")
Stamp = tuple[tuple[str, int, int], ...]


@dataclasses.dataclass(frozen=True, eq=False)
class Inputs:
    """Everything an analysis reads from a data directory.

    ``figures``: every figure of the registry, grade C leads included (flagged in ``lead``);
    ``cpi``: the CPI series (:func:`~blkanalysis.data.prices.load_cpi`); ``model``: the programme
    model (``model.yaml`` of the directory, else the project's).
    """

    data_dir: Path
    figures: pd.DataFrame
    cpi: pd.DataFrame
    model: ProgrammeModel

    def figures_for(self, include_leads: bool) -> pd.DataFrame:
        """The figures a scenario uses: all of them, or without the leads. Read-only, as
        ``figures`` is: the table without the leads is made once per ``Inputs`` and shared."""
        df = self.figures
        if include_leads or "lead" not in df.columns:
            return df
        with _lock:
            kept = _without_leads.get(self)
        if kept is None or kept[0] is not df:
            kept = (df, df[~df["lead"]].reset_index(drop=True))
            with _lock:
                _without_leads[self] = kept
        return kept[1]

    def replace(self, **changes: Any) -> Inputs:
        """A copy with some fields replaced (e.g. ``figures=`` a filtered registry)."""
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        return f"Inputs(data_dir={str(self.data_dir)!r}, figures={len(self.figures)} rows)"


# ---------------------------------------------------------------------------------------------
# the stamp cache


def stamp(files: list[Path]) -> Stamp:
    """What identifies the content of ``files``: each existing one's path, mtime_ns and size."""
    out = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _source_files(sources: Path) -> list[Path]:
    if not sources.is_dir():
        return [sources]
    return sorted(p for p in sources.iterdir() if p.suffix in (".yaml", ".yml"))


_lock = threading.RLock()
#: Inputs -> (its figures, them without the leads), for :meth:`Inputs.figures_for`
_without_leads: weakref.WeakKeyDictionary[Inputs, tuple[pd.DataFrame, pd.DataFrame]] = (
    weakref.WeakKeyDictionary()
)
#: (kind, path) -> (stamp, value): only the latest content of each file set is kept
_cache: dict[tuple[str, str], tuple[Stamp, Any]] = {}


def _cached(kind: str, path: Path, files: list[Path], parse: Callable[[], T]) -> T:
    key = (kind, str(path))
    s = stamp(files)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == s:
            return hit[1]
    value = parse()  # errors are not cached: a broken file is reported again on the next call
    with _lock:
        _cache[key] = (s, value)
    return value


def clear_cache() -> None:
    """Forget every parsed file (the next load re-reads; for tests)."""
    with _lock:
        _cache.clear()


def cached_figures(sources: Path) -> pd.DataFrame:
    """Every figure (leads included) of a sources directory, parsed once per content."""
    from blkanalysis.data.registry import parse_figures

    sources = Path(sources).resolve()
    return _cached("figures", sources, _source_files(sources), lambda: parse_figures(sources))


def cached_cpi(path: Path) -> pd.DataFrame:
    """The CPI table of a cpi.yaml, parsed once per content."""
    from blkanalysis.data.prices import parse_cpi

    path = Path(path).resolve()
    return _cached("cpi", path, [path], lambda: parse_cpi(path))


def cached_model(path: Path) -> ProgrammeModel:
    """The programme model of a model.yaml, checked against the registry beside it, parsed once
    per content (of the model and of that registry)."""
    from blkanalysis.data.programme import parse_model

    path = Path(path).resolve()
    sources = paths.sources_dir(path.parent).resolve()

    def parse() -> ProgrammeModel:
        try:
            figures = cached_figures(sources)
        except BlkDataError:
            figures = None  # the registry's own problems are reported by its loader
        return parse_model(path, figures)

    return _cached("model", path, [path, *_source_files(sources)], parse)


def current_cpi() -> pd.DataFrame:
    """The CPI of the current data directory (``BLK_DATA_DIR`` read now), through the cache."""
    return cached_cpi(paths.cpi_file(paths.data_dir()))


# ---------------------------------------------------------------------------------------------


#: environment variable naming a directory for parsed inputs shared between processes
CACHE_ENV = paths.INPUTS_CACHE_ENV


def _disk_key(base: Path, files: list[Path]) -> str:
    """The files' contents and the code that parses them (shared with the data certificate)."""
    from blkanalysis.data.valid import content_key

    return content_key(files)


def _from_disk(directory: Path, base: Path, files: list[Path]) -> tuple[Path, Inputs | None]:
    prefix = hashlib.sha256(str(base).encode()).hexdigest()[:12]
    path = directory / f"inputs-{prefix}-{_disk_key(base, files)[:32]}.pickle"
    try:
        with open(path, "rb") as f:
            value = pickle.load(f)  # written by this function's caller, in our own directory
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return path, None
    return path, value if isinstance(value, Inputs) else None


def _to_disk(path: Path, inputs: Inputs) -> None:
    """Keep ``inputs`` at ``path`` (atomically), and drop older entries of the same directory."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".inputs-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(inputs, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prefix = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{prefix}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a cache that cannot be written is no cache: parse next time
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def load_inputs(data_dir: Path | str | None = None) -> Inputs:
    """The figures, CPI and programme model of a data directory (default: the current one).

    Validated; raises :class:`~blkanalysis.errors.BlkDataError` (or its
    :class:`~blkanalysis.errors.ModelError`) listing every problem. Unchanged files are not
    re-read: a second call returns the same object.
    """
    base = (Path(data_dir) if data_dir is not None else paths.data_dir()).resolve()
    sources = paths.sources_dir(base)
    cpi_path = paths.cpi_file(base)
    model_path = paths.model_file(base)
    if not model_path.is_file():  # a data directory of one's own may use the project's model
        model_path = paths.model_file(paths.project_root() / "data")
    model_path = model_path.resolve()
    model_sources = paths.sources_dir(model_path.parent)
    files = [*_source_files(sources), cpi_path, model_path, *_source_files(model_sources)]

    def parse() -> Inputs:
        disk = os.environ.get(CACHE_ENV)
        if disk:
            where, kept = _from_disk(Path(disk), base, files)
            if kept is not None:
                # the loaders of each file kind share it too, as if they had parsed it
                source_files = _source_files(sources.resolve())
                with _lock:
                    _cache[("figures", str(sources.resolve()))] = (
                        stamp(source_files),
                        kept.figures,
                    )
                    _cache[("cpi", str(cpi_path.resolve()))] = (stamp([cpi_path]), kept.cpi)
                    _cache[("model", str(model_path))] = (
                        stamp([model_path, *_source_files(model_sources.resolve())]),
                        kept.model,
                    )
                return kept
        inputs = Inputs(
            data_dir=base,
            figures=cached_figures(sources),
            cpi=cached_cpi(cpi_path),
            model=cached_model(model_path),
        )
        if disk:
            _to_disk(where, inputs)
        return inputs

    return _cached("inputs", base, files, parse)
