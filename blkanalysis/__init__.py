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
    "ExtractedFigure": "text.extract",
    "extract_figures": "text.extract",
    "format_count": "text.numbers",
    "format_idr": "text.numbers",
    "format_number": "text.numbers",
    "format_percent": "text.numbers",
    "parse_idr": "text.numbers",
    "parse_number": "text.numbers",
    "parse_stated": "text.numbers",
    "deflator": "data.prices",
    "load_cpi": "data.prices",
    "to_real": "data.prices",
    "load_figures": "data.registry",
    "Inputs": "data.inputs",
    "load_inputs": "data.inputs",
    "validate_registry": "data.registry",
    "Scenario": "model.scenario",
    "budget_intensity": "model.intensity",
    "intensity_growth": "model.intensity",
    "scale_targets": "model.scaling",
    "sweep": "model.sweeps",
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
    """Open the what-if explorer in JupyterLab (see :mod:`blkanalysis.present.explorer`)."""
    from blkanalysis.present.explorer import explore as _explore

    return _explore(scenario)


if TYPE_CHECKING:  # for type checkers and IDEs
    from blkanalysis.data.inputs import Inputs, load_inputs  # noqa: F401
    from blkanalysis.data.prices import deflator, load_cpi, to_real  # noqa: F401
    from blkanalysis.data.registry import load_figures, validate_registry  # noqa: F401
    from blkanalysis.errors import (  # noqa: F401
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
    from blkanalysis.model.intensity import budget_intensity, intensity_growth  # noqa: F401
    from blkanalysis.model.scaling import scale_targets  # noqa: F401
    from blkanalysis.model.scenario import Scenario  # noqa: F401
    from blkanalysis.model.sweeps import sweep  # noqa: F401
    from blkanalysis.text.extract import ExtractedFigure, extract_figures  # noqa: F401
    from blkanalysis.text.numbers import (  # noqa: F401
        format_count,
        format_idr,
        format_number,
        format_percent,
        parse_idr,
        parse_number,
        parse_stated,
    )
