"""Where things are. Every path the package uses is derived here, from the package's own location.

In a source checkout (editable install) the project root holds ``data/``, ``scenarios/``,
``notebooks/`` and ``reports/``. In a non-editable install the first three ship inside the package
(``blkanalysis/_shipped/``) and reports go to ``./reports`` unless an output directory is given.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_SHIPPED = PACKAGE_DIR / "_shipped"


def _checkout_root() -> Path | None:
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "data" / "sources").is_dir():
        return root
    return None


def project_root() -> Path:
    """The source checkout's root, or the shipped copy inside the installed package."""
    root = _checkout_root()
    return root if root is not None else _SHIPPED


#: environment variable naming another data directory (a registry of one's own, or a test
#: fixture); notebooks and report kernels inherit it, so a whole report build can use it
DATA_ENV = "BLK_DATA_DIR"
#: a directory where parsed inputs are kept between processes (see blkanalysis.data.inputs)
INPUTS_CACHE_ENV = "BLK_INPUTS_CACHE"


def data_dir() -> Path:
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).resolve()
    return project_root() / "data"


def sources_dir(base: Path | None = None) -> Path:
    """The directory holding the source YAML files, given a data dir (or a sources dir)."""
    base = Path(base) if base is not None else data_dir()
    return base / "sources" if (base / "sources").is_dir() else base


def cpi_file(base: Path | None = None) -> Path:
    base = Path(base) if base is not None else data_dir()
    return base if base.suffix in (".yaml", ".yml") else base / "cpi.yaml"


def model_file(base: Path | None = None) -> Path:
    """The programme model (``model.yaml``) of a data directory."""
    base = Path(base) if base is not None else data_dir()
    return base if base.suffix in (".yaml", ".yml") else base / "model.yaml"


def scenarios_dir() -> Path:
    return project_root() / "scenarios"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def reports_dir() -> Path:
    root = _checkout_root()
    return (root / "reports") if root is not None else Path.cwd() / "reports"


def schema_dir() -> Path:
    return data_dir() / "schema"
