"""Budget intensity against values computed by hand from the sources."""

from __future__ import annotations

import pytest

from blkanalysis import ScenarioError, format_idr, load_figures
from blkanalysis.data.prices import deflator
from blkanalysis.model.intensity import (
    INTENSITY_COLUMNS,
    budget_by_year,
    budget_intensity,
    intensity_growth,
)
from tests.conftest import GOOD_REGISTRY

T2021 = "blk-transformation-budget-2021-detik"
T2022 = "blk-transformation-budget-2022-detik"
T2324 = "blk-transformation-need-2023-2024-detik"


@pytest.fixture(scope="module")
def detik():
    """detik's three exact figures (22 Aug 2022), from the small fixture registry."""
    return load_figures(GOOD_REGISTRY)


def row(df, fid):
    return df.set_index("id").loc[fid]


def test_hand_computed_per_blk(detik):
    bi = budget_intensity(detik)
    assert list(bi.columns) == INTENSITY_COLUMNS
    r21, r22, r2324 = row(bi, T2021), row(bi, T2022), row(bi, T2324)
    # Rp 20,9 miliar / 3 BLK = Rp 6,97 miliar per BLK
    assert r21["idr_per_unit"] == pytest.approx(20_906_135_371 / 3)
    assert format_idr(r21["idr_per_unit"]) == "Rp6,97 miliar"
    # Rp 232,4 miliar / 11 = Rp 21,1 miliar (every BLK a full unit: the low bound)
    assert r22["idr_per_unit_low"] == pytest.approx(232_446_978_935 / 11)
    assert format_idr(r22["idr_per_unit_low"], digits=1) == "Rp21,1 miliar"
    # Rp 2.038.260.308.771 / 13 = Rp 156,8 miliar, or Rp 78,4 miliar per BLK-year
    assert r2324["idr_per_unit"] == pytest.approx(2_038_260_308_771 / 13)
    assert format_idr(r2324["idr_per_unit"], digits=1) == "Rp156,8 miliar"
    assert r2324["idr_per_unit_year"] == pytest.approx(2_038_260_308_771 / 13 / 2)
    assert format_idr(r2324["idr_per_unit_year"], digits=1) == "Rp78,4 miliar"


def test_2022_overlap_gives_a_range(detik):
    """3 of the 11 BLK of 2022 continue 2021 construction: low 232,4/11, high 232,4/8,
    point with each continued BLK needing half a BLK's cost: 232,4/9,5."""
    r = row(budget_intensity(detik), T2022)
    total = 232_446_978_935
    assert r["carryover_max"] == 3 and r["carryover_units"] == 3
    assert r["idr_per_unit_low"] == pytest.approx(total / 11)
    assert r["idr_per_unit_high"] == pytest.approx(total / 8)
    assert r["idr_per_unit"] == pytest.approx(total / 9.5)
    r0 = row(budget_intensity(detik, scenario={"carryover_units": 0}), T2022)
    assert r0["idr_per_unit_low"] == r0["idr_per_unit_high"] == pytest.approx(total / 11)
    r1 = row(budget_intensity(detik, scenario={"carryover_cost_share": 1.0}), T2022)
    assert r1["idr_per_unit"] == pytest.approx(total / 11)


def test_carryover_beyond_what_sources_allow_is_refused(detik):
    with pytest.raises(ScenarioError, match="at most 3"):
        budget_intensity(detik, scenario={"carryover_units": 4})


def test_intensity_multiple_2021_to_2023_2024(detik):
    bi = budget_intensity(detik)
    g = intensity_growth(bi, metric="idr_per_unit_year")
    last = g[(g["from_id"] == T2021) & (g["to_id"] == T2324)].iloc[0]
    hand = (2_038_260_308_771 / 13 / 2) / (20_906_135_371 / 3)
    assert last["multiple"] == pytest.approx(hand)
    assert round(last["multiple"], 2) == 11.25
    assert last["years_between"] == 2.5
    assert last["cagr"] == pytest.approx(hand ** (1 / 2.5) - 1)
    assert last["mixed_basis"] and last["comparison"] == "realised -> estimated_need"
    # every pair is listed: 2021-2022, 2022-2023/24 and first-to-last
    assert len(g) == 3
    mid = g[(g["from_id"] == T2021) & (g["to_id"] == T2022)].iloc[0]
    assert mid["multiple_low"] < mid["multiple"] < mid["multiple_high"]


def test_real_terms_at_a_stated_base_year(detik):
    # a plan stated in 2022 (the 2023-2024 need) is in 2022 prices: no later inflation
    bi = budget_intensity(detik, scenario={"base_year": 2022})
    r21, r2324 = row(bi, T2021), row(bi, T2324)
    # 2021 rupiah in 2022 prices: times 1 + 5,51 % (December 2022 y-o-y)
    assert r21["idr_per_unit_real"] == pytest.approx(20_906_135_371 / 3 * 1.0551)
    assert r2324["real_factor"] == pytest.approx(1.0)
    assert r2324["idr_per_unit_year_real"] == pytest.approx(2_038_260_308_771 / 13 / 2)


def test_a_plan_in_the_prices_of_its_years_on_request(detik):
    bi = budget_intensity(detik, scenario={"base_year": 2022, "plan_prices": "period"})
    r2324 = row(bi, T2324)
    # an even 2023-2024 envelope: half at 2023 prices, half at 2024 prices
    d23, d24 = 1 / 1.0261, 1 / (1.0261 * 1.0157)
    assert r2324["real_factor"] == pytest.approx((d23 + d24) / 2)
    assert r2324["idr_per_unit_year_real"] == pytest.approx(
        2_038_260_308_771 / 13 / 2 * (d23 + d24) / 2
    )
    assert row(bi, T2022)["real_factor"] == pytest.approx(1.0)


def test_uneven_envelope_changes_peak_and_real_value(detik):
    even = row(budget_intensity(detik), T2324)
    back = row(budget_intensity(detik, scenario={"envelope_first_year_share": 0.25}), T2324)
    assert even["idr_per_unit_year_peak"] == pytest.approx(even["idr_per_unit_year"])
    assert back["idr_per_unit_year_peak"] == pytest.approx(2_038_260_308_771 / 13 * 0.75)
    # a plan keeps the prices of its statement: when it would be spent does not change them
    assert back["total_idr_real"] == pytest.approx(even["total_idr_real"])
    scenario = {"envelope_first_year_share": 0.25, "plan_prices": "period"}
    back = row(budget_intensity(detik, scenario=scenario), T2324)
    even = row(budget_intensity(detik, scenario={"plan_prices": "period"}), T2324)
    assert back["total_idr_real"] < even["total_idr_real"]  # later money is worth less
    assert back["idr_per_unit_year"] == even["idr_per_unit_year"]  # nominal mean unchanged


def test_budget_by_year_spreads_and_sums(detik):
    scenario = {"envelope_first_year_share": 0.3, "plan_prices": "period"}
    by_year = budget_by_year(detik, scenario=scenario)
    env = by_year[by_year["id"] == T2324]
    assert list(env["year"]) == [2023, 2024]
    assert list(env["weight"]) == pytest.approx([0.3, 0.7])
    assert env["idr"].sum() == pytest.approx(2_038_260_308_771)
    assert env["idr_real"].iloc[1] == pytest.approx(
        2_038_260_308_771 * 0.7 * deflator([2024], 2022)[0]
    )


def test_only_realised_spending(detik):
    bi = budget_intensity(detik, scenario={"bases": ["realised"]})
    assert list(bi["id"]) == [T2021]
    assert intensity_growth(bi).empty


def test_per_trainee_on_shipped_registry():
    bi = budget_intensity()
    r = row(bi, "vocational-budget-2018-bisnis")
    assert r["trainees"] == 150_000
    assert r["idr_per_trainee"] == pytest.approx(1_900_000_000_000 / 150_000)
    assert format_idr(r["idr_per_trainee"]) == "Rp12,67 juta"


def test_shipped_registry_uses_preferred_exact_figures():
    bi = budget_intensity()
    assert row(bi, T2021)["total_idr"] == 20_906_135_371
    assert row(bi, T2022)["total_idr"] == 232_446_978_935  # detik, not VIVA's 232.466...
    assert not bi["id"].str.contains("liputan6|viva").any()


def test_pure_function(detik):
    before = detik.copy()
    out = budget_intensity(detik)
    out.loc[0, "total_idr"] = -1
    assert detik.equals(before)


def test_capital_in_is_the_first_id_of_the_matching_capital_budgets():
    """The capital a per-trainee budget includes: of the preferred rupiah figures of the model's
    capital measure with the budget's basis and period, the one whose id sorts first."""
    import pandas as pd

    from blkanalysis.data.inputs import load_inputs
    from blkanalysis.model.intensity import capital_in

    inputs = load_inputs()
    figures = inputs.figures
    cap = inputs.model.unit_costs.capital_in_training
    found = 0
    for _, budget in figures[figures["unit"] == "IDR"].iterrows():
        rows = figures[
            (figures["program"] == cap.program)
            & (figures["measure"] == cap.measure)
            & (figures["basis"] == budget["basis"])
            & (figures["period_start"] == budget["period_start"])
            & (figures["period_end"] == budget["period_end"])
            & figures["preferred"]
            & (figures["unit"] == "IDR")
        ]
        got = capital_in(figures, budget, inputs)
        if rows.empty:
            assert got is None
        else:
            found += 1
            pd.testing.assert_series_equal(got, rows.sort_values("id").iloc[0], check_exact=True)
    assert found
