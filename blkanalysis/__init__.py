"""blkanalysis: policy analysis of Indonesia's vocational training centres (BLK, BLK Komunitas).

The public API (see the README for a tour). Names are imported on first use, so ``import
blkanalysis`` (and every ``blk`` command) stays fast: pandas and friends load only when needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "BlkAnalysisError": "errors",
    "BlkDataError": "errors",
    "CPIRangeError": "errors",
    "LockedError": "errors",
    "ModelError": "errors",
    "NumberParseError": "errors",
    "Problem": "errors",
    "ReportError": "errors",
    "ScenarioError": "errors",
    "ExtractedFigure": "extract",
    "extract_figures": "extract",
    "format_count": "numbers",
    "format_idr": "numbers",
    "format_number": "numbers",
    "format_percent": "numbers",
    "parse_idr": "numbers",
    "parse_number": "numbers",
    "parse_stated": "numbers",
    "deflator": "prices",
    "load_cpi": "prices",
    "to_real": "prices",
    "load_figures": "registry",
    "validate_registry": "registry",
    "Scenario": "scenario",
    "budget_intensity": "intensity",
    "intensity_growth": "intensity",
    "scale_targets": "scaling",
    "sweep": "sweeps",
}

__all__ = sorted([*_EXPORTS, "__version__", "explore"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'blkanalysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


def explore(scenario: Any = None) -> Any:
    """Open the interactive what-if explorer in JupyterLab (see :mod:`blkanalysis.explorer`)."""
    from .explorer import explore as _explore

    return _explore(scenario)


if TYPE_CHECKING:  # for type checkers and IDEs
    from .errors import (  # noqa: F401
        BlkAnalysisError,
        BlkDataError,
        CPIRangeError,
        LockedError,
        ModelError,
        NumberParseError,
        Problem,
        ReportError,
        ScenarioError,
    )
    from .extract import ExtractedFigure, extract_figures  # noqa: F401
    from .intensity import budget_intensity, intensity_growth  # noqa: F401
    from .numbers import (  # noqa: F401
        format_count,
        format_idr,
        format_number,
        format_percent,
        parse_idr,
        parse_number,
        parse_stated,
    )
    from .prices import deflator, load_cpi, to_real  # noqa: F401
    from .registry import load_figures, validate_registry  # noqa: F401
    from .scaling import scale_targets  # noqa: F401
    from .scenario import Scenario  # noqa: F401
    from .sweeps import sweep  # noqa: F401
