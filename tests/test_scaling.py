"""Target scaling, the BLK Komunitas timeline and achievements, from the shipped registry."""

from __future__ import annotations

import pytest

from blkanalysis import ScenarioError
from blkanalysis.data.prices import deflator
from blkanalysis.model.scaling import (
    TARGETS,
    blkk_timeline,
    implied_budget_table,
    scale_targets,
    target_achievement,
    trainees_per_blkk,
)


def pick(df, target, m):
    return df[(df["target"] == target) & (df["multiplier"] == m)].iloc[0]


def test_default_multipliers_and_targets():
    st = scale_targets()
    assert sorted(st["multiplier"].unique()) == [1, 2, 3, 5, 10]
    assert set(st["target"]) == {t.key for t in TARGETS}
    assert len(st) == 5 * len(TARGETS)


def test_implied_units_and_budget_by_hand():
    st = scale_targets(scenario={"multipliers": [3.0]})
    inc = pick(st, "incubators", 3)
    assert inc["implied_value"] == 300
    assert inc["achieved_stock"] == 125  # 125 incubators by August 2023,
    assert inc["achieved_before"] == 25  # of which 25 chosen in 2021: 100 new since the target
    assert inc["achieved"] == 100
    assert inc["gap"] == 200
    assert inc["share_of_blkk_stock"] == pytest.approx(300 / 3757)
    agr = pick(st, "blkk_agreements", 3)
    assert agr["implied_value"] == 2550
    # Rp 1 miliar per BLK Komunitas (2020) in 2022 prices
    cost = 1_000_000_000 * deflator([2020], 2022)[0]
    assert agr["unit_cost_real"] == pytest.approx(cost)
    assert agr["implied_budget_real"] == pytest.approx(2550 * cost)
    assert agr["blkk_stock_before"] == 2912
    assert agr["implied_blkk_stock"] == 2912 + 2550


def test_trainees_per_blkk_against_references():
    tp = trainees_per_blkk().set_index("reference")
    assert tp.loc["implied_by_targets", "trainees_per_blkk"] == pytest.approx(232_000 / 850)
    assert tp.loc["stated_capacity", "trainees_per_blkk"] == pytest.approx(225_420 / 3757)
    assert tp.loc["implied_network_wide", "trainees_per_blkk"] == pytest.approx(232_000 / 3757)
    assert tp.loc["implied_network_wide", "ratio"] == pytest.approx(232_000 / 225_420)
    assert tp.loc["stated", "trainees_per_blkk"] == 100
    assert tp.loc["stated", "lead"] and tp.loc["stated", "reliability"] == "C"
    st = scale_targets()
    assert pick(st, "trainees", 5)["trainees_per_blkk"] == pytest.approx(232_000 / 850)


def test_unit_cost_multiplier_scales_costs_only():
    a = scale_targets(scenario={"multipliers": [2.0]})
    b = scale_targets(scenario={"multipliers": [2.0], "unit_cost_multiplier": 1.5})
    for key in ("blkk_agreements", "trainees"):
        assert pick(b, key, 2)["implied_budget_real"] == pytest.approx(
            1.5 * pick(a, key, 2)["implied_budget_real"]
        )
        assert pick(b, key, 2)["implied_value"] == pick(a, key, 2)["implied_value"]


def test_trainee_cost_year_and_unknown_years():
    st = scale_targets(scenario={"trainee_cost_year": 2018, "base_year": 2018})
    assert pick(st, "trainees", 1)["unit_cost_real"] == pytest.approx(1.9e12 / 150_000)
    with pytest.raises(ScenarioError, match="years with one: 2018, 2019, 2020"):
        scale_targets(scenario={"trainee_cost_year": 2017})
    with pytest.raises(ScenarioError, match="blkk_unit_cost_year"):
        scale_targets(scenario={"blkk_unit_cost_year": 2023})


def test_implied_budget_table_does_not_double_count():
    table = implied_budget_table(scale_targets(scenario={"multipliers": [1.0, 2.0]}))
    r = table.set_index("multiplier").loc[2.0]
    assert r["total"] == pytest.approx(r["blkk_agreements"] + r["trainees"])
    assert "blkk_yearly" in table.columns


def test_timeline_stated_and_derived():
    tl = blkk_timeline().set_index("year")
    assert tl.loc[2017, "built"] == 50
    assert tl.loc[2020, "built"] == 1014 and not tl.loc[2020, "built_derived"]
    assert tl.loc[2020, "cumulative"] == 2127
    assert tl.loc[2022, "built"] == 3757 - 2912 and tl.loc[2022, "built_derived"]
    assert tl.loc[2023, "cumulative"] == 4282
    assert tl.loc[2024:].empty  # the 2024 total is a grade C lead, excluded


def test_2018_reading_changes_2018_and_2019():
    built = blkk_timeline().set_index("year")
    total = blkk_timeline(scenario={"blkk_reading": "cumulative"}).set_index("year")
    assert built.loc[2018, "conflict"] and total.loc[2018, "conflict"]
    assert (built.loc[2018, "built"], built.loc[2018, "cumulative"]) == (75, 125)
    assert (total.loc[2018, "built"], total.loc[2018, "cumulative"]) == (25, 75)
    assert built.loc[2019, "built"] == 988 and total.loc[2019, "built"] == 1038


def test_leads_as_inputs_only_when_asked():
    tl = blkk_timeline(scenario={"include_leads": True}).set_index("year")
    assert tl.loc[2024, "cumulative"] == 4700 and tl.loc[2024, "built_derived"]


def test_target_achievement():
    ta = target_achievement().set_index("period")
    assert ta.loc["2021", "target"] == 787 and ta.loc["2021", "achieved"] == 785
    assert ta.loc["2022", "achieved_derived"]
    inc = ta.loc["2022 -> 2023"]
    assert inc["achieved_share"] == pytest.approx(1.0)  # 125 counted, 25 of them from 2021
    assert inc["achieved_stock"] == 125 and inc["achieved_before"] == 25


def test_derived_counts_name_the_figures_they_rest_on():
    tl = blkk_timeline().set_index("year")
    assert set(tl.loc[2022, "built_source"].split(", ")) == {
        "blkk-units-cumulative-2022-tribunnews",
        "blkk-units-cumulative-2021-kompas-20221004",
    }
    assert tl.loc[2021, "built_source"] == tl.loc[2021, "built_id"]
