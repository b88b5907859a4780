"""Every shipped scenario reproduces its committed expected results (as Tax-Calculator does)."""

from __future__ import annotations

import pytest

from blkanalysis.model.results import compare_expected, expected_path, scenario_results
from blkanalysis.model.scenario import load_scenarios

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("sf", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_matches_expected_results(sf):
    assert expected_path(sf.name).exists(), "run `blk expected --update` and commit the file"
    diffs = compare_expected(sf)
    assert not diffs, (
        "results changed; if intended, review `blk expected`, then `blk expected --update`:\n"
        + "\n".join(map(str, diffs[:20]))
    )


def test_results_are_deterministic_and_ordered():
    a, b = scenario_results(), scenario_results()
    assert a.equals(b)
    assert list(a.columns) == ["table", "key", "metric", "value"]
    assert a["value"].notna().all()


def test_compare_detects_a_change(tmp_path):
    sf = SCENARIOS[0]
    df = scenario_results(sf.scenario)
    df.loc[0, "value"] *= 1.001
    (tmp_path / f"{sf.name}.csv").write_text(df.to_csv(index=False, float_format="%.17g"))
    diffs = compare_expected(sf, tmp_path)
    assert len(diffs) == 1 and diffs[0].table == df.loc[0, "table"]


def test_missing_expected_file_is_a_difference(tmp_path):
    assert compare_expected(SCENARIOS[0], tmp_path)[0].metric == "missing"
