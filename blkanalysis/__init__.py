"""blkanalysis: policy analysis of Indonesia's vocational training centres (BLK, BLK Komunitas).

The public API; see the README for a tour.
"""

from .errors import (
    BlkAnalysisError,
    BlkDataError,
    CPIRangeError,
    LockedError,
    NumberParseError,
    Problem,
    ReportError,
    ScenarioError,
)
from .extract import ExtractedFigure, extract_figures
from .numbers import (
    format_count,
    format_idr,
    format_number,
    format_percent,
    parse_idr,
    parse_number,
    parse_stated,
)
from .prices import deflator, load_cpi, to_real
from .registry import load_figures, validate_registry

__version__ = "0.1.0"


def explore(scenario=None):
    """Open the interactive what-if explorer in JupyterLab (see :mod:`blkanalysis.explorer`)."""
    from .explorer import explore as _explore

    return _explore(scenario)


__all__ = [
    "BlkAnalysisError",
    "BlkDataError",
    "CPIRangeError",
    "ExtractedFigure",
    "LockedError",
    "NumberParseError",
    "Problem",
    "ReportError",
    "ScenarioError",
    "__version__",
    "deflator",
    "explore",
    "extract_figures",
    "format_count",
    "format_idr",
    "format_number",
    "format_percent",
    "load_cpi",
    "load_figures",
    "parse_idr",
    "parse_number",
    "parse_stated",
    "to_real",
    "validate_registry",
]
