"""Model results kept per inputs and scenario: each call gets its own equal copy, a change of
scenario or of inputs gives a new result, and nothing but an ``Inputs`` source is kept."""

from __future__ import annotations

import pandas as pd
import pytest

from blkanalysis import ScenarioError
from blkanalysis.data.inputs import load_inputs
from blkanalysis.model import memo
from blkanalysis.model.intensity import budget_by_year, budget_intensity
from blkanalysis.model.scaling import (
    blkk_timeline,
    scale_targets,
    target_achievement,
    trainees_per_blkk,
)
from blkanalysis.model.scenario import Scenario

KEPT = [
    budget_intensity,
    budget_by_year,
    blkk_timeline,
    scale_targets,
    target_achievement,
    trainees_per_blkk,
]


@pytest.fixture(autouse=True)
def _fresh():
    memo.clear()
    yield
    memo.clear()


@pytest.mark.parametrize("fn", KEPT, ids=lambda fn: fn.__name__)
def test_a_kept_result_is_an_equal_but_independent_copy(fn):
    inputs, sc = load_inputs(), Scenario()
    first = fn(inputs, scenario=sc)
    second = fn(inputs, scenario=sc)
    assert first is not second
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, fn.uncached(inputs, scenario=sc))
    assert first.attrs == second.attrs
    # what a caller does to its copy is not what the next caller gets
    assert len(first) > 1 and not first.iloc[0].equals(first.iloc[-1])
    first.iloc[0] = first.iloc[-1]
    first["added"] = 1
    first.attrs["changed"] = True
    for v in first.attrs.values():
        if isinstance(v, list):
            v.append("changed")
    third = fn(inputs, scenario=sc)
    pd.testing.assert_frame_equal(second, third)
    assert third.attrs == second.attrs


def test_a_change_of_scenario_gives_its_own_result():
    inputs = load_inputs()
    base = scale_targets(inputs, scenario=Scenario())
    dearer = scale_targets(inputs, scenario=Scenario(unit_cost_multiplier=1.37))
    assert (dearer["implied_budget_real"] > base["implied_budget_real"]).any()
    pd.testing.assert_frame_equal(
        dearer, scale_targets.uncached(inputs, scenario=Scenario(unit_cost_multiplier=1.37))
    )
    # a dict of parameters is the same scenario as the Scenario it validates to
    pd.testing.assert_frame_equal(
        dearer, scale_targets(inputs, scenario={"unit_cost_multiplier": 1.37})
    )
    other = blkk_timeline(inputs, scenario=Scenario(blkk_reading="cumulative"))
    assert not other.equals(blkk_timeline(inputs, scenario=Scenario()))


def test_other_inputs_give_their_own_result():
    inputs = load_inputs()
    before = budget_intensity(inputs, scenario=Scenario())
    figures = inputs.figures.copy()
    first = before.iloc[0]["id"]
    figures.loc[figures["id"] == first, "value"] = figures.loc[figures["id"] == first, "value"] * 2
    after = budget_intensity(inputs.replace(figures=figures), scenario=Scenario())
    row = after[after["id"] == first].iloc[0]
    assert row["total_idr"] == 2 * before.iloc[0]["total_idr"]


def test_only_inputs_are_kept():
    inputs = load_inputs()
    figures = inputs.figures.copy()
    assert budget_intensity(figures).equals(budget_intensity(inputs.figures))
    first = budget_intensity(figures)["id"].iloc[0]
    figures.loc[figures["id"] == first, "value"] = 1.0  # the same frame, changed: read again
    assert budget_intensity(figures).iloc[0]["total_idr"] == 1.0
    assert len(memo._kept) == 0


def test_an_error_is_raised_on_every_call():
    inputs = load_inputs()
    for _ in range(2):
        with pytest.raises(ScenarioError, match="target_year"):
            scale_targets(inputs, scenario={"target_year": 1990})
    assert not memo._kept.get(inputs)


def test_results_go_with_their_inputs():
    import gc

    inputs = load_inputs()
    other = inputs.replace(figures=inputs.figures.copy())
    blkk_timeline(other, scenario=Scenario())
    assert other in memo._kept
    del other
    gc.collect()
    assert all(kept is inputs for kept in memo._kept)


def test_the_report_language_is_not_part_of_the_key():
    inputs = load_inputs()
    en = budget_intensity(inputs, scenario=Scenario(lang="en"))
    assert len(memo._kept[inputs]) == 1
    pd.testing.assert_frame_equal(en, budget_intensity(inputs, scenario=Scenario(lang="id")))
    assert len(memo._kept[inputs]) == 1


def test_the_kernels_parent_keeps_the_baselines_results():
    from blkanalysis.cli import kernels

    kernels.prepare()
    inputs = load_inputs()
    kept = dict(memo._kept[inputs])
    assert len(kept) == len(KEPT) + 1  # and the timeline's other reading
    pd.testing.assert_frame_equal(
        scale_targets(inputs, scenario=Scenario(lang="id")),
        scale_targets.uncached(inputs, scenario=Scenario()),
    )
    assert dict(memo._kept[inputs]).keys() == kept.keys()  # found kept, nothing added


def test_warming_skips_a_function_that_fails():
    inputs = load_inputs()
    memo.warm(inputs, [scale_targets, blkk_timeline], [Scenario(target_year=1990)])
    keys = [name for name, _ in memo._kept[inputs]]
    assert keys == ["blkanalysis.model.scaling.blkk_timeline"]
