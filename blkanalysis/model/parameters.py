"""The scenario parameters, each declared once.

Every parameter of the analysis is one :class:`Parameter` in :data:`PARAMETERS`: its kind,
default, bounds or choices, unit, English label and help, whether a sweep can vary it (and
under which grid name), and its plausible range (what a sensitivity analysis would span).
Everything that checks or shows a parameter reads these declarations:

- :class:`blkanalysis.model.scenario.Scenario` (the strict pydantic model) is built from them, with
  their bounds checked by one validator whose messages the declarations give;
- ``scenarios/baseline.yaml`` states the declared defaults (a test holds them equal);
- the notebooks' ``parameters`` cells are generated (:func:`parameters_cell`, written by
  ``blk notebooks``; a test holds the committed cells equal);
- the report's parameter table, the index's labels, the explorer's controls (labels, ranges,
  choices) and the sweep's parameter list (``sweeps.SWEEPABLE``).

The Indonesian label and help of each parameter are in the catalogue
(``blkanalysis.present.i18n``, keys ``param.<name>.label`` and ``param.<name>.help``; a test checks
that every declared parameter has them).

Why a Python module rather than a data file: a parameter's type is a Python type (pydantic
needs one), some checks are code (the base year must be inside the CPI series), and a module is
imported once with no loader or schema of its own to keep strict.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["float", "int", "bool", "choice"]

_TYPES = {"float": float, "int": int, "bool": bool}


@dataclass(frozen=True)
class Parameter:
    """One scenario parameter."""

    name: str
    kind: Kind
    default: Any
    label: str  # English, short: a control's or a table row's name
    help: str  # English, one line: what it means (and what null means)
    unit: str = ""
    #: a list of values (each checked against the bounds or choices)
    many: bool = False
    #: null is allowed (``null_means`` says what it stands for)
    nullable: bool = False
    null_means: str = ""
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    #: the messages for a value below / above the bounds ({value}, {minimum}, {maximum})
    below: str = "must be between {minimum} and {maximum}, got {value}"
    above: str = "must be between {minimum} and {maximum}, got {value}"
    min_items: int | None = None
    max_items: int | None = None
    #: a list must not repeat a value
    unique: bool = False
    #: any other check: the problem with a value, or None
    check: Callable[[Any], str | None] | None = None
    #: the name a sweep grid uses for it (None: not sweepable)
    sweep_as: str | None = None
    #: what a sensitivity analysis would span: [low, high] for continuous parameters,
    #: the values to try for discrete ones
    plausible: tuple[Any, ...] | None = None
    #: the explorer's control for a continuous parameter: (lowest, highest, step); for a
    #: nullable one the choices offered besides null are the steps strictly inside the bounds
    control: tuple[float, float, float] | None = None

    @property
    def sweepable(self) -> bool:
        return self.sweep_as is not None

    @property
    def continuous(self) -> bool:
        return self.kind == "float"

    def python_type(self) -> Any:
        """The type of the value (``list[float]``, ``int | None``, ``Literal[...]``, ...)."""
        item: Any = Literal[self.choices] if self.kind == "choice" else _TYPES[self.kind]
        tp: Any = list[item] if self.many else item
        return tp | None if self.nullable else tp

    def annotation(self) -> str:
        """The type as written in a notebook's parameters cell (``list[float]``, ``int | None``)."""
        item = "str" if self.kind == "choice" else self.kind
        text = f"list[{item}]" if self.many else item
        return f"{text} | None" if self.nullable else text

    def problem(self, value: Any) -> str | None:
        """What is wrong with a value of the right type (bounds, repeats, checks), or None."""
        if value is None:
            return None
        items = value if self.many else [value]
        for v in items:
            msg = self.item_problem(v)
            if msg:
                return msg
        if self.many and self.unique and len(set(items)) != len(items):
            return f"{self.name} repeat a value: {value}"
        return self.check(value) if self.check else None

    def item_problem(self, v: Any) -> str | None:
        """What is wrong with one value (one item of a list) given the bounds, or None."""
        if isinstance(v, bool) or not isinstance(v, int | float):
            return None
        lo, hi = self.minimum, self.maximum
        words = {"value": v, "minimum": _num(lo), "maximum": _num(hi)}
        if lo is not None and not (v > lo if self.exclusive_minimum else v >= lo):
            return self.below.format(**words)
        if hi is not None and not (v < hi if self.exclusive_maximum else v <= hi):
            return self.above.format(**words)
        return None


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def cpi_range(path: str | None = None) -> tuple[int, int]:
    """(first year, last year) of the CPI series: the years a price level exists for.

    Default: the CPI of the current data directory (``BLK_DATA_DIR`` read at each call), through
    the inputs cache of :mod:`blkanalysis.data.inputs` (parsed once per content, never stale).
    """
    from pathlib import Path

    from blkanalysis import paths

    if path is None:  # a data directory certified valid knows its CPI years: no parsing
        from blkanalysis.data.valid import certified

        known = (certified() or {}).get("cpi_range")
        if isinstance(known, list) and len(known) == 2:
            return int(known[0]), int(known[1])
    from blkanalysis.data.inputs import cached_cpi, current_cpi

    cpi = current_cpi() if path is None else cached_cpi(paths.cpi_file(Path(path)))
    years = cpi.loc[cpi["inflation"].notna(), "year"]
    return int(years.min()), int(years.max())


def _inside_cpi(v: int) -> str | None:
    first, last = cpi_range()
    if not first <= v <= last:
        return f"base_year {v} is outside the CPI series ({first}-{last})"
    return None


_YEAR = "{value} is not a plausible year"

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "multipliers",
        "float",
        [1.0, 2.0, 3.0, 5.0, 10.0],
        label="Multipliers of the targets",
        help='the "berkali lipat" multipliers applied to the targets',
        unit="×",
        many=True,
        min_items=1,
        max_items=50,
        unique=True,
        minimum=0,
        exclusive_minimum=True,
        maximum=1000,
        below="every multiplier must be positive, got {value}",
        above="multiplier {value} is implausibly large (at most 1000)",
        sweep_as="multiplier",
        plausible=(1.0, 10.0),
        control=(0.5, 20, 0.5),
    ),
    Parameter(
        "base_year",
        "int",
        2022,
        label="Price base year",
        help="price base year for real terms (a year of the CPI series)",
        unit="year",
        check=_inside_cpi,
        sweep_as="base_year",
        plausible=(2018, 2019, 2020, 2021, 2022),
    ),
    Parameter(
        "price_point",
        "choice",
        "december",
        label="CPI price point",
        help="CPI price point: december (BPS December level) or midyear (geometric mean of "
        "the Decembers around the year)",
        choices=("december", "midyear"),
        sweep_as="price_point",
        plausible=("december", "midyear"),
    ),
    Parameter(
        "plan_prices",
        "choice",
        "statement",
        label="Prices of a plan",
        help="a plan (allocation, estimated need) is in the prices of the year it was stated "
        "(statement) or of the years it would be spent (period)",
        choices=("statement", "period"),
        plausible=("statement", "period"),
    ),
    Parameter(
        "bases",
        "choice",
        ["realised", "allocated", "estimated_need"],
        label="Budget bases",
        help="budget bases counted (realised, allocated, estimated need)",
        many=True,
        min_items=1,
        unique=True,
        choices=("realised", "allocated", "estimated_need"),
    ),
    Parameter(
        "envelope_first_year_share",
        "float",
        None,
        label="First-year share of an envelope",
        help="share of a multi-year envelope spent in its first year (null: even)",
        unit="share",
        nullable=True,
        null_means="even",
        minimum=0,
        maximum=1,
        exclusive_minimum=True,
        exclusive_maximum=True,
        below="must be between 0 and 1 (exclusive), or null for even; got {value}",
        above="must be between 0 and 1 (exclusive), or null for even; got {value}",
        sweep_as="envelope_first_year_share",
        plausible=(0.3, 0.7),
        control=(0, 1, 0.05),
    ),
    Parameter(
        "carryover_units",
        "int",
        None,
        label="BLK continuing construction",
        help="BLK in a budget that continue earlier construction (null: the most possible)",
        unit="BLK",
        nullable=True,
        null_means="the most the sources allow",
        minimum=0,
        below="must be 0 or more (or null), got {value}",
        sweep_as="carryover_units",
        plausible=(0, 1, 2, 3),
    ),
    Parameter(
        "carryover_cost_share",
        "float",
        0.5,
        label="Cost share of a continued BLK",
        help="share of a full BLK's cost a continued BLK still needs (0 = none, 1 = all)",
        unit="share",
        minimum=0,
        maximum=1,
        sweep_as="carryover_cost_share",
        plausible=(0.25, 0.75),
        control=(0, 1, 0.05),
    ),
    Parameter(
        "unit_cost_multiplier",
        "float",
        1.0,
        label="Unit cost multiplier",
        help="multiplies every observed unit cost (what if building costs more?)",
        unit="×",
        minimum=0,
        exclusive_minimum=True,
        maximum=100,
        below="must be positive (and at most 100), got {value}",
        above="must be positive (and at most 100), got {value}",
        sweep_as="unit_cost_multiplier",
        plausible=(0.5, 2.0),
        control=(0.25, 4, 0.05),
    ),
    Parameter(
        "blkk_unit_cost_year",
        "int",
        2020,
        label="Year of the BLK Komunitas unit cost",
        help="year of the observed cost per BLK Komunitas used for implied budgets",
        unit="year",
        minimum=1945,
        maximum=2100,
        below=_YEAR,
        above=_YEAR,
    ),
    Parameter(
        "trainee_cost_year",
        "int",
        None,
        label="Year of the cost per trainee",
        help="year of the observed vocational cost per trainee (null: mean of all years)",
        unit="year",
        nullable=True,
        null_means="mean of all years",
        minimum=1945,
        maximum=2100,
        below=_YEAR,
        above=_YEAR,
    ),
    Parameter(
        "blkk_reading",
        "choice",
        "built",
        label="Reading of BLK Komunitas counts",
        help="when a year's BLK Komunitas built and stated running total disagree, trust the "
        "built count or the total (built or cumulative)",
        choices=("built", "cumulative"),
    ),
    Parameter(
        "include_leads",
        "bool",
        False,
        label="Include leads",
        help="also use grade C leads as inputs",
    ),
    Parameter(
        "target_year",
        "int",
        2022,
        label="Year of the targets scaled",
        help="which year's announced targets are multiplied; any year whose targets the "
        "registry holds",
        unit="year",
        minimum=1945,
        maximum=2100,
        below=_YEAR,
        above=_YEAR,
    ),
    Parameter(
        "lang",
        "choice",
        "en",
        label="Report language",
        help="report language (en or id)",
        choices=("en", "id"),
    ),
)

#: the declarations by name
BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}


def names() -> list[str]:
    return [p.name for p in PARAMETERS]


def defaults() -> dict[str, Any]:
    """The declared defaults (lists copied), in declaration order."""
    return {p.name: list(p.default) if p.many else p.default for p in PARAMETERS}


def sweepable() -> dict[str, str]:
    """Grid name -> parameter name, for every parameter a sweep can vary."""
    return {p.sweep_as: p.name for p in PARAMETERS if p.sweep_as is not None}


#: the parameter a report notebook declares to receive the scenario's name (not a Scenario field)
SCENARIO_NAME_LINE = "scenario_name: str = \"baseline\"  # the scenario's name (its file's stem)"
CELL_HEADER = (
    "# Parameters: generated from blkanalysis/model/parameters.py (blk notebooks); do not edit.\n"
    "# Defaults equal scenarios/baseline.yaml; `blk report` sets them per scenario."
)


def _literal(value: Any) -> str:
    """A default as Python source, text in double quotes (``["realised", "allocated"]``)."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def parameters_cell() -> str:
    """The source of every report notebook's ``parameters`` cell."""
    lines = [CELL_HEADER, SCENARIO_NAME_LINE]
    for p in PARAMETERS:
        lines.append(f"{p.name}: {p.annotation()} = {_literal(p.default)}  # {p.label}")
    return "\n".join(lines)
