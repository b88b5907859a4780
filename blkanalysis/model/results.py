"""Headline results of a scenario, in one long table, and the expected results of shipped scenarios.

Like Tax-Calculator's reform files, every scenario in ``scenarios/`` has its expected results
committed in ``scenarios/expected/<name>.csv``; the tests recompute them and fail on any change.
After an intended change (new data, a corrected formula), look at the differences
(``blk expected``), then rewrite the files (``blk expected --update``) and commit them with the
change that caused them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from blkanalysis import paths
from blkanalysis.atomic import atomic_write
from blkanalysis.model.intensity import budget_intensity, intensity_growth
from blkanalysis.model.scaling import blkk_timeline, implied_budget_table, scale_targets
from blkanalysis.model.scenario import Scenario, ScenarioFile, load_scenarios
from blkanalysis.model.select import resolve

RESULT_COLUMNS = ["table", "key", "metric", "value"]
RTOL = 1e-9

INTENSITY_METRICS = (
    "total_idr",
    "effective_units",
    "idr_per_unit",
    "idr_per_unit_low",
    "idr_per_unit_high",
    "idr_per_unit_year",
    "idr_per_unit_year_peak",
    "idr_per_trainee",
    "total_idr_real",
    "idr_per_unit_year_real",
    "idr_per_unit_year_real_low",
    "idr_per_unit_year_real_high",
    "idr_per_trainee_real",
)
GROWTH_METRICS = ("multiple", "multiple_low", "multiple_high", "cagr")
SCALE_METRICS = (
    "implied_value",
    "unit_cost_real",
    "implied_budget_real",
    "share_of_blkk_stock",
    "trainees_per_blkk",
    "implied_blkk_stock",
    "gap",
)


def scenario_results(
    scenario: Scenario | Mapping[str, Any] | None = None, figures: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The scenario's headline numbers as rows (table, key, metric, value), in a stable order."""
    _, sc, inputs = resolve(figures, scenario)
    rows: list[tuple[str, str, str, float]] = []
    intensity = budget_intensity(inputs, scenario=sc)
    for r in intensity.to_dict("records"):
        for m in INTENSITY_METRICS:
            rows.append(("intensity", r["id"], m, r[m]))
    for r in intensity_growth(intensity).to_dict("records"):
        for m in GROWTH_METRICS:
            rows.append(("growth", f"{r['from_id']} -> {r['to_id']}", m, r[m]))
    scaled = scale_targets(inputs, scenario=sc)
    for r in scaled.to_dict("records"):
        for m in SCALE_METRICS:
            rows.append(("scaling", f"{r['target']} x{r['multiplier']:g}", m, r[m]))
    for r in implied_budget_table(scaled, inputs).to_dict("records"):
        rows.append(("implied_budget", f"x{r['multiplier']:g}", "total", r["total"]))
    for r in blkk_timeline(inputs, scenario=sc).to_dict("records"):
        rows.append(("blkk_timeline", str(r["year"]), "built", r["built"]))
        rows.append(("blkk_timeline", str(r["year"]), "cumulative", r["cumulative"]))
    df = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    df = df[df["value"].notna()].reset_index(drop=True)
    df["value"] = df["value"].astype("float64")
    return df


def expected_path(name: str, directory: Path | None = None) -> Path:
    d = directory if directory is not None else paths.scenarios_dir() / "expected"
    return d / f"{name}.csv"


def write_expected(sf: ScenarioFile, directory: Path | None = None) -> Path:
    path = expected_path(sf.name, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    df = scenario_results(sf.scenario)
    atomic_write(path, df.to_csv(index=False, float_format="%.17g", lineterminator="\n"))
    return path


@dataclass(frozen=True)
class Difference:
    scenario: str
    table: str
    key: str
    metric: str
    expected: float | None
    got: float | None

    def __str__(self) -> str:
        return (
            f"{self.scenario}: {self.table} / {self.key} / {self.metric}: "
            f"expected {self.expected!r}, got {self.got!r}"
        )


def compare_expected(sf: ScenarioFile, directory: Path | None = None) -> list[Difference]:
    """Differences between a scenario's results and its committed expected results."""
    path = expected_path(sf.name, directory)
    got = scenario_results(sf.scenario)
    if not path.exists():
        return [Difference(sf.name, "(file)", str(path), "missing", None, None)]
    want = pd.read_csv(path, dtype={"table": str, "key": str, "metric": str, "value": float})
    key = ["table", "key", "metric"]
    merged = want.merge(got, on=key, how="outer", suffixes=("_want", "_got"), indicator=True)
    diffs = []
    for r in merged.to_dict("records"):
        a, b = r["value_want"], r["value_got"]
        same = (
            r["_merge"] == "both"
            and isinstance(a, float)
            and isinstance(b, float)
            and math.isclose(a, b, rel_tol=RTOL, abs_tol=1e-12)
        )
        if not same:
            diffs.append(
                Difference(
                    sf.name,
                    r["table"],
                    r["key"],
                    r["metric"],
                    None if pd.isna(a) else a,
                    None if pd.isna(b) else b,
                )
            )
    return diffs


def check_all(directory: Path | None = None) -> list[Difference]:
    diffs: list[Difference] = []
    for sf in load_scenarios():
        diffs.extend(compare_expected(sf, directory))
    return diffs
