"""Sweeps: vectorised over the grid, equal to the one-scenario functions, strict about the grid."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blkanalysis import ScenarioError
from blkanalysis.data.registry import load_figures
from blkanalysis.model.intensity import budget_intensity
from blkanalysis.model.scaling import implied_budget_table, scale_targets
from blkanalysis.model.sweeps import SWEEPABLE, parse_grid, sweep

FIGURES = load_figures()

GRID = {
    "multiplier": [1.0, 2.5, 10.0],
    "base_year": [2018, 2022, 2025],
    "price_point": ["december", "midyear"],
    "envelope_first_year_share": [None, 0.3],
    "carryover_units": [None, 0, 2],
    "carryover_cost_share": [0.0, 0.5, 1.0],
    "unit_cost_multiplier": [1.0, 1.5],
}


@pytest.fixture(scope="module")
def swept():
    return sweep(GRID, figures=FIGURES)


def test_one_row_per_combination_in_product_order(swept):
    combos = list(itertools.product(*GRID.values()))
    assert len(swept) == len(combos)
    for i in (0, 1, 17, len(combos) - 1):
        for name, value in zip(GRID, combos[i], strict=True):
            got = swept.iloc[i][name]
            if value is None:
                assert np.isnan(got)
            else:
                assert got == value


def _scenario(combo: dict) -> dict:
    params = {SWEEPABLE[k]: v for k, v in combo.items() if k != "multiplier"}
    params["multipliers"] = [combo["multiplier"]]
    return params


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_rows_equal_the_table_functions(swept, data):
    combo = {k: data.draw(st.sampled_from(v), label=k) for k, v in GRID.items()}
    i = 0
    for name, values in GRID.items():
        i = i * len(values) + values.index(combo[name])
    got = swept.iloc[i]
    sc = _scenario(combo)
    bi = budget_intensity(FIGURES, scenario=sc)
    t = bi[bi["program"] == "blk_transformation"].set_index("period")
    assert got["idr_per_blk_year_real_2021"] == pytest.approx(
        t.loc["2021", "idr_per_unit_year_real"]
    )
    assert got["idr_per_blk_year_real_2022"] == pytest.approx(
        t.loc["2022", "idr_per_unit_year_real"]
    )
    assert got["idr_per_blk_year_real_2023_2024"] == pytest.approx(
        t.loc["2023-2024", "idr_per_unit_year_real"]
    )
    table = implied_budget_table(scale_targets(FIGURES, scenario=sc)).iloc[0]
    assert got["implied_budget_real_total"] == pytest.approx(table["total"])
    assert got["implied_budget_real_trainees"] == pytest.approx(table["trainees"])


def test_fixed_parameters_come_from_the_scenario():
    a = sweep({"multiplier": [1.0]}, scenario={"base_year": 2018}, figures=FIGURES)
    b = sweep({"multiplier": [1.0], "base_year": [2018]}, figures=FIGURES)
    assert a["implied_budget_real_total"].iloc[0] == pytest.approx(
        b["implied_budget_real_total"].iloc[0]
    )


def test_large_grid_is_vectorised():
    grid = {
        "multiplier": list(np.linspace(0.5, 10, 20)),
        "base_year": list(range(2014, 2026)),
        "carryover_cost_share": list(np.linspace(0, 1, 25)),
        "unit_cost_multiplier": list(np.linspace(0.5, 2, 20)),
    }
    df = sweep(grid, figures=FIGURES)
    assert len(df) == 20 * 12 * 25 * 20
    assert df.notna().all().all()


@pytest.mark.parametrize(
    ("grid", "field", "message"),
    [
        ({"multiplier": [1, -1]}, "multiplier", "positive"),
        ({"base_year": [2030]}, "base_year", "outside the CPI series"),
        ({"colour": [1]}, "colour", "not a sweepable parameter"),
        ({"multiplier": []}, "multiplier", "at least one value"),
        ({"carryover_units": [5]}, "carryover_units", "exceed"),
        ({"multiplier": ["2"]}, "multiplier", "got the text"),
    ],
)
def test_bad_grids(grid, field, message):
    with pytest.raises(ScenarioError) as info:
        sweep(grid, figures=FIGURES)
    assert any(p.field == field and message in p.message for p in info.value.problems), str(
        info.value
    )


def test_parse_grid():
    assert parse_grid(["multiplier=1,2.5", "price_point=december,midyear"]) == {
        "multiplier": [1, 2.5],
        "price_point": ["december", "midyear"],
    }
    assert parse_grid(["carryover_units=null,1"]) == {"carryover_units": [None, 1]}
    with pytest.raises(ScenarioError):
        parse_grid(["multiplier"])


def test_total_counts_only_costed_targets():
    """Counting only realised spending leaves no observed cost per trainee: the total is the
    BLK Komunitas building alone, as in implied_budget_table."""
    sc = {"bases": ["realised"], "multipliers": [2.0]}
    df = sweep({"multiplier": [2.0]}, scenario=sc, figures=FIGURES)
    assert np.isnan(df["implied_budget_real_trainees"].iloc[0])
    table = implied_budget_table(scale_targets(FIGURES, scenario=sc)).iloc[0]
    assert df["implied_budget_real_total"].iloc[0] == pytest.approx(table["total"])


@pytest.mark.parametrize(
    "params",
    [
        {"target_year": 2025},
        {"trainee_cost_year": 2019},
        {"envelope_first_year_share": 0.3, "base_year": 2018, "price_point": "midyear"},
    ],
)
def test_sweep_and_tables_share_unit_costs_and_implied_budgets(params):
    """One implementation of the unit costs and implied budgets: any target year, any year of
    the cost per trainee, any spreading of envelopes."""
    swept = sweep(
        {"multiplier": [1.0, 3.0], "unit_cost_multiplier": [1.0, 2.0]},
        scenario=params,
        figures=FIGURES,
    )
    for _, row in swept.iterrows():
        sc = {
            **params,
            "multipliers": [row["multiplier"]],
            "unit_cost_multiplier": row["unit_cost_multiplier"],
        }
        table = implied_budget_table(scale_targets(FIGURES, scenario=sc)).iloc[0]
        targets = [c for c in table.index if c not in ("multiplier", "total")]
        assert targets
        for col in targets:
            assert row[f"implied_budget_real_{col}"] == pytest.approx(table[col], rel=1e-12)
        assert row["implied_budget_real_total"] == pytest.approx(table["total"], rel=1e-12)


def test_points_equal_the_grid_rows(swept):
    """evaluate() at given points (what a sampling design needs) equals the grid's rows."""
    from blkanalysis.model.sweeps import evaluate

    rows = swept.iloc[[0, 5, 77, 300, len(swept) - 1]]
    points = {name: [None if v != v else v for v in rows[name]] for name in GRID}
    got = evaluate(points, figures=FIGURES)
    for col, arr in got.items():
        np.testing.assert_allclose(arr, rows[col].to_numpy(dtype=float), rtol=1e-12)


def test_points_are_checked_like_a_grid():
    from blkanalysis.model.sweeps import evaluate

    with pytest.raises(ScenarioError, match="unit_cost_multiplier"):
        evaluate({"unit_cost_multiplier": np.linspace(-1, 2, 100)}, figures=FIGURES)
    with pytest.raises(ScenarioError, match="as many values"):
        evaluate({"multiplier": [1.0, 2.0], "base_year": [2022]}, figures=FIGURES)


def _preferred_variants(figures):
    """The figures' preferred flags as shipped, then with each quantity the sources state
    differently read from each of its figures in turn."""
    base = figures["preferred"].to_numpy(copy=True)
    variants = [base]
    for quantity, grp in figures.groupby("quantity"):
        if grp["value"].nunique() < 2:
            continue
        rows = (figures["quantity"] == quantity).to_numpy()
        for fid in grp["id"]:
            pref = base.copy()
            pref[rows] = (figures["id"] == fid).to_numpy()[rows]
            variants.append(pref)
    return variants


def _same_preparation(got, want):
    assert got.budgets == want.budgets
    assert got.unit_cost == want.unit_cost
    assert got.trainee_rows == want.trainee_rows
    assert got.targets == want.targets
    years = want.years()
    assert got.years() == years
    np.testing.assert_array_equal(
        got.deflators(years, [2018, 2022], "midyear"),
        want.deflators(years, [2018, 2022], "midyear"),
    )


def test_each_part_of_the_preparation_reads_only_its_rows_and_fields():
    """prepare() gives each part only the rows and scenario fields it declares (what lets a
    Preparer reuse it): on the whole registry and the whole scenario, each part is the same."""
    from blkanalysis.data.inputs import load_inputs
    from blkanalysis.model.scenario import Scenario
    from blkanalysis.model.sweeps import _PARTS, prepare

    inputs = load_inputs()
    figures = inputs.figures_for(False)
    scenarios = [
        Scenario(),
        Scenario(plan_prices="period", trainee_cost_year=2019, blkk_unit_cost_year=2019),
        Scenario(bases=["realised"], base_year=2018, price_point="midyear"),
    ]
    for sc in scenarios:
        for pref in _preferred_variants(figures):
            whole = figures.assign(preferred=pref)
            prepared = prepare(whole, sc, inputs)
            for part in _PARTS:
                assert part.compute(whole, sc, inputs) == getattr(prepared, part.name), part.name


def test_a_preparer_prepares_every_variant_as_prepare_does():
    """A Preparer (many variants of which figures are preferred, and of the scenario) gives what
    prepare() gives for each, reading each distinct part once."""
    from blkanalysis.data.inputs import load_inputs
    from blkanalysis.model.scenario import Scenario
    from blkanalysis.model.sweeps import Preparer, prepare

    inputs = load_inputs()
    figures = inputs.figures_for(False)
    preparer = Preparer(figures, inputs)
    variants = _preferred_variants(figures)
    scenarios = [Scenario(), Scenario(trainee_cost_year=2019), Scenario(plan_prices="period")]
    for sc in scenarios:
        for pref in variants:
            _same_preparation(
                preparer(pref, sc), prepare(figures.assign(preferred=pref), sc, inputs)
            )
    assert len(preparer._parts) < len(scenarios) * len(variants) * 4 / 3
