"""Picking figures for an analysis: the preferred figure of a quantity, under the scenario."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs, load_inputs
from blkanalysis.errors import BlkDataError, Problem, ScenarioError
from blkanalysis.model.scenario import Scenario

#: what an analysis function takes first: a figures table, the inputs, or None (load them)
Source = pd.DataFrame | Inputs | None


def inputs_of(source: Source) -> Inputs:
    """The one place the model and presentation layers load their inputs.

    ``Inputs``: used as they are. ``None``: :func:`~blkanalysis.data.inputs.load_inputs` of the
    current data directory. A figures DataFrame (as before ``Inputs`` existed): those figures,
    with the CPI and programme model of the current data directory's ``load_inputs()``; pass an
    ``Inputs`` to take all three from one directory.
    """
    if isinstance(source, Inputs):
        return source
    if source is None:
        return load_inputs()
    if isinstance(source, pd.DataFrame):
        return load_inputs().replace(figures=source)
    raise TypeError(f"expected a figures DataFrame, an Inputs or None, got {type(source).__name__}")


def scenario_of(scenario: Scenario | Mapping[str, Any] | None) -> Scenario:
    """The scenario (baseline if None; validated if a dict)."""
    if scenario is None:
        return Scenario()
    if isinstance(scenario, Scenario):
        return scenario
    return Scenario.from_params(scenario)


def resolve(
    source: Source, scenario: Scenario | Mapping[str, Any] | None
) -> tuple[pd.DataFrame, Scenario, Inputs]:
    """The scenario's figures, the scenario (baseline if None; validated if a dict) and the
    inputs (see :func:`inputs_of`); the figures leave out leads unless the scenario includes
    them."""
    sc = scenario_of(scenario)
    inputs = inputs_of(source)
    return inputs.figures_for(sc.include_leads), sc, inputs


def preferred(figures: pd.DataFrame) -> pd.DataFrame:
    """Only the preferred figure of each quantity."""
    return figures[figures["preferred"]]


def find(figures: pd.DataFrame, quantity: str) -> pd.Series | None:
    """The preferred figure stating ``quantity`` (program/measure/basis/period), or None: the
    first such row of ``figures``."""
    # on the two columns' arrays: no filtered copy of the whole table for one row
    at = np.flatnonzero(
        (figures["quantity"].to_numpy() == quantity) & figures["preferred"].to_numpy(dtype=bool)
    )
    if not len(at):
        return None
    return figures.iloc[int(at[0])]


def by_id(figures: pd.DataFrame, figure_id: Any) -> pd.Series | None:
    """The first row of ``figures`` whose id is ``figure_id``, or None (picked on the id array,
    as :func:`find` picks)."""
    at = np.flatnonzero(figures["id"].to_numpy() == figure_id)
    return figures.iloc[int(at[0])] if len(at) else None


def require(figures: pd.DataFrame, quantity: str, why: str) -> pd.Series:
    """Like :func:`find` but a missing figure is a data error saying what needed it."""
    row = find(figures, quantity)
    if row is None:
        raise BlkDataError(
            [
                Problem(
                    "data/sources",
                    None,
                    None,
                    f"no preferred figure states {quantity!r}, which {why} needs; "
                    "add it to the registry (or check include_leads)",
                )
            ]
        )
    return row


def scenario_problem(field: str, message: str) -> ScenarioError:
    return ScenarioError([Problem("parameters", "parameters", field, message)])


def source_columns(row: pd.Series) -> dict[str, Any]:
    """The provenance columns carried into analysis tables."""
    return {
        "source_id": row["source_id"],
        "publisher": row["publisher"],
        "published": row["published"],
        "url": row["url"],
        "reliability": row["reliability"],
    }
