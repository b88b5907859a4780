"""Picking figures for an analysis: the preferred figure of a quantity, under the scenario."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from blkanalysis.data.registry import load_figures
from blkanalysis.errors import BlkDataError, Problem, ScenarioError
from blkanalysis.model.scenario import Scenario


def resolve(
    figures: pd.DataFrame | None, scenario: Scenario | Mapping[str, Any] | None
) -> tuple[pd.DataFrame, Scenario]:
    """The figures (loaded if None) and the scenario (baseline if None; validated if a dict)."""
    if scenario is None:
        sc = Scenario()
    elif isinstance(scenario, Scenario):
        sc = scenario
    else:
        sc = Scenario.from_params(scenario)
    if figures is None:
        figures = load_figures(include_leads=sc.include_leads)
    elif not sc.include_leads and "lead" in figures.columns:
        figures = figures[~figures["lead"]]
    return figures, sc


def preferred(figures: pd.DataFrame) -> pd.DataFrame:
    """Only the preferred figure of each quantity."""
    return figures[figures["preferred"]]


def find(figures: pd.DataFrame, quantity: str) -> pd.Series | None:
    """The preferred figure stating ``quantity`` (program/measure/basis/period), or None."""
    rows = figures[(figures["quantity"] == quantity) & figures["preferred"]]
    if rows.empty:
        return None
    return rows.iloc[0]


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
