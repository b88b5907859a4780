"""CPI loading and real terms: chained rates, no division across index bases, clear range errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from blkanalysis import CPIRangeError, load_cpi, to_real
from blkanalysis.data.prices import deflator, price_levels, validate_cpi
from blkanalysis.errors import BlkDataError

# the chain-linked December index of blk_facts.md section 5 (Dec 2017 = 100), derived by hand
FACTS_CHAIN = {2017: 100.00, 2018: 103.13, 2019: 105.94, 2020: 107.71, 2021: 109.73,
               2022: 115.78, 2023: 118.80, 2024: 120.66, 2025: 124.19}  # fmt: skip


def test_shipped_cpi_is_valid_and_complete():
    assert validate_cpi() == []
    cpi = load_cpi()
    assert list(cpi["year"]) == list(range(2013, 2026))
    rates = dict(zip(cpi["year"], cpi["inflation"], strict=True))
    assert rates[2022] == 5.51 and rates[2014] == 8.36 and rates[2025] == 2.92


def test_chain_reproduces_the_hand_derived_index():
    levels = price_levels()
    rebased = levels / levels[2017] * 100
    for year, value in FACTS_CHAIN.items():
        assert rebased[year] == pytest.approx(value, abs=0.006), year


def test_levels_are_chained_not_divided_across_bases():
    """Dividing the reported 2023 (base 2018) by 2024 (base 2022) levels would be nonsense;
    the chain gives the 1,57 % of 2024."""
    levels = price_levels()
    assert levels[2024] / levels[2023] - 1 == pytest.approx(0.0157)
    assert 106.80 / 116.56 - 1 < -0.08  # what a naive division across bases would say


def test_to_real_series_by_index():
    s = pd.Series([100.0, 100.0], index=[2021, 2022], name="idr")
    real = to_real(s, base_year=2022)
    assert real[2022] == pytest.approx(100.0)
    assert real[2021] == pytest.approx(105.51)
    assert real.name == "idr_real"
    assert s[2021] == 100.0  # input untouched


def test_to_real_frame_adds_columns_and_leaves_input():
    df = pd.DataFrame({"year": [2020, 2024], "value": [1e9, 1e9], "other": [1.0, 2.0]})
    out = to_real(df, "year", base_year=2022, value_cols=["value"])
    assert "value_real" in out and "value_real" not in df
    assert out.loc[0, "value_real"] == pytest.approx(1e9 * 1.0187 * 1.0551)
    assert out.loc[1, "value_real"] == pytest.approx(1e9 / (1.0261 * 1.0157))
    assert (out["price_base_year"] == 2022).all()


def test_midyear_price_point_is_geometric_mean_of_decembers():
    d = deflator([2022], 2021, price_point="midyear")[0]
    lv = price_levels(price_point="december")
    mid22 = np.sqrt(lv[2021] * lv[2022])
    mid21 = np.sqrt(lv[2020] * lv[2021])
    assert d == pytest.approx(mid21 / mid22)


@pytest.mark.parametrize("years", [[2012], [2026], [2020, 2031]])
def test_years_outside_the_series_raise(years):
    with pytest.raises(CPIRangeError) as info:
        deflator(years, 2022)
    assert "2014-2025" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_base_year_outside_raises():
    with pytest.raises(CPIRangeError, match="2030"):
        to_real(pd.Series([1.0], index=[2022]), base_year=2030)


def test_nan_year_raises_not_nan():
    with pytest.raises(CPIRangeError):
        deflator(np.array([2020.0, np.nan]), 2022)


def test_bad_cpi_file(tmp_path):
    text = (
        "series: {name: x, publisher: BPS, unit: percent}\n"
        "years:\n"
        "  - {year: 2020, inflation: '1,68', sources: [{publisher: a, url: null, "
        "published: 2021-01-04, reliability: A}]}\n"
        "  - {year: 2022, inflation: 5.51, sources: []}\n"
    )
    p = tmp_path / "cpi.yaml"
    p.write_text(text)
    problems = validate_cpi(p)
    fields = {(pr.record, pr.field) for pr in problems}
    assert ("year 2020", "inflation") in fields
    assert ("year 2022", "sources") in fields
    with pytest.raises(BlkDataError):
        load_cpi(p)


def test_levels_that_contradict_rates_are_reported(tmp_path):
    src = "sources: [{publisher: a, url: null, published: 2020-01-02, reliability: A}]"

    def year(y: int, rate: float, level: float) -> str:
        index = f"december_index: [{{level: {level}, base: 2012=100}}]"
        return f"  - {{year: {y}, inflation: {rate}, {index}, {src}}}\n"

    text = (
        "series: {name: x, publisher: BPS, unit: percent}\n"
        "years:\n" + year(2018, 3.13, 135.39) + year(2019, 3.72, 139.07)
    )
    p = tmp_path / "cpi.yaml"
    p.write_text(text)
    problems = validate_cpi(p)
    assert [(pr.record, pr.field) for pr in problems] == [("year 2019", "inflation")]
    assert "2.72" in problems[0].message


@pytest.mark.parametrize("price_point", ["december", "midyear"])
def test_price_levels_are_the_years_with_a_rate_and_a_level(price_point):
    """The series as the CPI table states it: the years with a rate (not the chain's base) and a
    level of the price point, indexed by year; the deflator divides the base year's level by
    each year's, exactly."""
    cpi = load_cpi()
    cpi.loc[cpi["year"] == 2016, "midyear_level"] = np.nan  # a gap in one price point
    col = {"december": "level", "midyear": "midyear_level"}[price_point]
    expected = cpi[cpi["inflation"].notna()].set_index("year")[col].dropna()
    expected.name = f"{price_point}_price_level"
    levels = price_levels(cpi, price_point)
    pd.testing.assert_series_equal(levels, expected, check_exact=True)
    assert levels.index.name == "year" and levels.index.dtype == expected.index.dtype
    years = [int(y) for y in levels.index]
    for base in years:
        got = deflator([*years, years[0]], base, cpi=cpi, price_point=price_point)
        want = expected[base] / expected.reindex([*years, years[0]]).to_numpy()
        assert got.tobytes() == want.tobytes()
