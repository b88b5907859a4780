"""Global sensitivity: analytic answers, coverage of the parameters, headlines equal to the
table functions, readings that reproduce the ends of their range, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from blkanalysis import ScenarioError
from blkanalysis.data.inputs import load_inputs
from blkanalysis.model import sensitivity as sens
from blkanalysis.model.intensity import budget_intensity, intensity_growth, intensity_rows
from blkanalysis.model.parameters import BY_NAME, PARAMETERS
from blkanalysis.model.scaling import (
    implied_budget_table,
    scale_targets,
    trainee_unit_cost,
    trainees_per_blkk,
)
from blkanalysis.model.scenario import Scenario

INPUTS = load_inputs()


# --- analytic answers -------------------------------------------------------------------------


def _uniform_moments(lo: float, hi: float) -> tuple[float, float]:
    return (lo + hi) / 2, (hi - lo) ** 2 / 12


@pytest.mark.parametrize("bounds", [((0.0, 1.0), (0.0, 1.0)), ((1.0, 3.0), (0.5, 4.0))])
def test_product_of_two_uniforms_matches_the_closed_form(bounds):
    """Y = X1 * X2, X1 and X2 independent uniforms: V1 = m2^2 v1, V2 = m1^2 v2, V12 = v1 v2;
    S1_i = V_i / V and ST_i = (V_i + V12) / V. Computed indices match within their intervals."""
    (a1, b1), (a2, b2) = bounds
    (m1, v1), (m2, v2) = _uniform_moments(a1, b1), _uniform_moments(a2, b2)
    parts = {"x1": m2**2 * v1, "x2": m1**2 * v2}
    interaction = v1 * v2
    total = sum(parts.values()) + interaction
    problem = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[a1, b1], [a2, b2]]}
    res = sens.sobol_indices(problem, lambda s: {"y": s["x1"] * s["x2"]}, n=2**13, seed=1)
    assert list(res["parameter"]) == ["x1", "x2"]
    for _, r in res.iterrows():
        s1 = parts[r["parameter"]] / total
        st = (parts[r["parameter"]] + interaction) / total
        assert abs(r["S1"] - s1) <= r["S1_conf"], (r["parameter"], r["S1"], s1)
        assert abs(r["ST"] - st) <= r["ST_conf"], (r["parameter"], r["ST"], st)
        assert r["ST"] > r["S1"]  # the interaction is real
        assert 0 < r["S1_conf"] < 0.1


def test_additive_output_has_first_order_equal_to_total():
    """Y = 2 X1 + X2 + 0.5 X3 (no interaction): S1 == ST, each c_i^2 v_i / sum."""
    coef = {"x1": 2.0, "x2": 1.0, "x3": 0.5}
    problem = {"num_vars": 3, "names": list(coef), "bounds": [[0, 1], [0, 2], [-1, 1]]}
    variances = {n: _uniform_moments(*b)[1] for n, b in zip(coef, problem["bounds"], strict=True)}
    total = sum(coef[n] ** 2 * variances[n] for n in coef)
    res = sens.sobol_indices(
        problem, lambda s: {"y": sum(c * s[n] for n, c in coef.items())}, n=2**13, seed=3
    )
    for _, r in res.iterrows():
        exact = coef[r["parameter"]] ** 2 * variances[r["parameter"]] / total
        assert abs(r["S1"] - r["ST"]) <= r["S1_conf"] + r["ST_conf"]
        assert abs(r["S1"] - exact) <= r["S1_conf"]
        assert abs(r["ST"] - exact) <= r["ST_conf"]


def test_morris_ranks_the_larger_effect_first():
    problem = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[0, 1], [0, 1]]}
    res = sens.morris_indices(problem, lambda s: {"y": 5 * s["x1"] + s["x2"]}, n=50, seed=0)
    mu = res.set_index("parameter")["mu_star"]
    assert mu["x1"] == pytest.approx(5.0) and mu["x2"] == pytest.approx(1.0)
    assert res.set_index("parameter")["mu_star_share"]["x1"] == 1.0


def test_an_output_that_does_not_vary_has_no_indices():
    problem = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[0, 1], [1, 2]]}
    # a ratio of two outputs scaled alike: constant up to rounding
    res = sens.sobol_indices(
        problem, lambda s: {"y": (3 * s["x1"] * s["x2"]) / (s["x1"] * s["x2"])}, n=64
    )
    assert res[["S1", "ST"]].isna().all().all()


@pytest.mark.parametrize(("method", "n"), [("sobol", 1000), ("sobol", 1), ("morris", 1)])
def test_bad_sample_sizes_are_refused(method, n):
    fn = sens.sobol_indices if method == "sobol" else sens.morris_indices
    problem = {"num_vars": 1, "names": ["x"], "bounds": [[0, 1]]}
    with pytest.raises(ScenarioError, match="--n"):
        fn(problem, lambda s: {"y": s["x"]}, n=n)


# --- every parameter is accounted for -------------------------------------------------------


def test_every_sweepable_parameter_is_covered_or_excluded_with_a_reason():
    names = {r.name for r in sens.readings(INPUTS)}
    sobol_params = set(sens.sobol(INPUTS, n=64)["parameter"])
    for p in PARAMETERS:
        if not p.sweepable:
            continue
        assert p.plausible, f"{p.name}: sweepable but no plausible range"
        if p.continuous:
            lo, hi = p.plausible
            assert lo < hi
        covered = p.name in sobol_params or p.name in names
        reason = sens.EXCLUDED.get(p.name, "")
        assert covered or len(reason) > 20, f"{p.name}: not analysed and no reason given"
        assert not (covered and reason), f"{p.name}: analysed and excluded"
    for name in sens.READING_PARAMETERS:
        assert name in BY_NAME and name in names
    assert set(sens.CONTINUOUS.values()) == sobol_params


def test_readings_include_each_conflict_between_sources():
    figs = INPUTS.figures_for(False)
    values = figs.groupby("quantity")["value"].nunique()
    conflicting = set(values[values > 1].index)
    got = {r.quantity: r for r in sens.readings(INPUTS) if r.kind == "source"}
    assert set(got) == conflicting
    r = got["blk_transformation/budget/estimated_need/2023-2024"]
    assert r.base == "blk-transformation-need-2023-2024-detik"
    assert len(r.values) == 2  # 2,038 and 2,03 triliun: one figure per distinct value


# --- the headlines are the reports' numbers -------------------------------------------------


def test_headlines_at_the_base_point_equal_the_table_functions():
    sc = Scenario()
    out = sens.headline_model(INPUTS, scenario=sc)({k: [v] for k, v in sens.base_point(sc).items()})
    table = budget_intensity(INPUTS, scenario=sc)
    rows = intensity_rows(table, INPUTS)
    growth = intensity_growth(table)
    g = growth[(growth["from_id"] == rows.iloc[0]["id"]) & (growth["to_id"] == rows.iloc[-1]["id"])]
    assert out["per_blk_year_last"][0] == pytest.approx(rows.iloc[-1]["idr_per_unit_year_real"])
    assert out["intensity_multiple"][0] == pytest.approx(g.iloc[0]["multiple"])
    carried = rows[rows["carryover_units"] > 0].iloc[-1]
    assert out["per_blk_year_continuing"][0] == pytest.approx(carried["idr_per_unit_year_real"])
    budgets = implied_budget_table(scale_targets(INPUTS, scenario=sc), INPUTS)
    top = budgets.set_index("multiplier").loc[max(sc.multipliers)]
    assert out["implied_budget_total"][0] == pytest.approx(top["total"])
    assert out["trainees_share"][0] == pytest.approx(top["trainees"] / top["total"])
    assert out["cost_per_trainee"][0] == pytest.approx(
        trainee_unit_cost(INPUTS.figures_for(False), sc, INPUTS)["real"]
    )
    per = trainees_per_blkk(INPUTS, scenario=sc).set_index("reference")
    assert out["trainees_per_blkk"][0] == pytest.approx(
        per.loc["implied_by_targets", "trainees_per_blkk"]
    )


def test_sobol_on_the_shipped_data():
    res = sens.sobol(INPUTS, n=256, seed=0).set_index(["headline", "parameter"])
    # the implied budget is multiplier x unit cost: both matter, with an interaction
    total = res.loc["implied_budget_total"]
    assert total.loc["multipliers", "S1"] > total.loc["unit_cost_multiplier", "S1"] > 0.1
    assert total.loc["envelope_first_year_share", "ST"] == 0
    # the cost per trainee moves only with the unit cost multiplier
    r = res.loc[("cost_per_trainee", "unit_cost_multiplier")]
    assert abs(r["ST"] - 1) <= r["ST_conf"] and abs(r["S1"] - 1) <= r["S1_conf"]
    assert res.loc[("cost_per_trainee", "multipliers"), "ST"] == 0
    # the trainees' share of the total does not vary with any continuous parameter
    assert res.loc["trainees_share"][["S1", "ST"]].isna().all().all()


def test_same_seed_same_result_other_seed_other_samples():
    a = sens.sobol(INPUTS, n=64, seed=5)
    b = sens.sobol(INPUTS, n=64, seed=5)
    pd.testing.assert_frame_equal(a, b)
    c = sens.sobol(INPUTS, n=64, seed=6)
    assert not np.allclose(a["S1_conf"].fillna(0), c["S1_conf"].fillna(0))


def test_tornado_ends_equal_the_table_functions():
    torn = sens.tornado(INPUTS).set_index(["headline", "parameter"])
    r = torn.loc[("implied_budget_total", "unit_cost_multiplier")]
    lo, hi = BY_NAME["unit_cost_multiplier"].plausible
    for value, got in ((lo, r["output_low"]), (hi, r["output_high"])):
        sc = {"unit_cost_multiplier": value, "multipliers": [10.0]}
        assert got == pytest.approx(
            implied_budget_table(scale_targets(INPUTS, scenario=sc), INPUTS)["total"].iloc[0]
        )
    # widest swing first within a headline
    swings = torn.loc["implied_budget_total", "swing"].to_numpy()
    assert list(swings) == sorted(swings, reverse=True)


# --- the range over the readings ------------------------------------------------------------


@pytest.fixture(scope="module")
def combos():
    return sens.reading_combinations(INPUTS)


def test_range_contains_the_base_and_names_the_readings_at_each_end(combos):
    ranges = sens.readings_range(combinations=combos).set_index("headline")
    for name, r in ranges.iterrows():
        assert r["low"] <= r["base"] <= r["high"], name
        assert set(r["low_readings"]) == set(r["depends_on"]) == set(r["high_readings"])
    # what the added trainees are spread over: 273 per new unit or 62 network-wide
    t = ranges.loc["trainees_per_blkk"]
    assert t["depends_on"] == ["trainees_spread"]
    assert t["low_readings"] == {"trainees_spread": "stock"}
    per = trainees_per_blkk(INPUTS).set_index("reference")["trainees_per_blkk"]
    assert t["low"] == pytest.approx(per["implied_network_wide"])
    assert t["high"] == pytest.approx(per["implied_by_targets"])


def test_readings_at_the_low_end_reproduce_it_through_the_table_functions(combos):
    ranges = sens.readings_range(combinations=combos).set_index("headline")
    r = ranges.loc["cost_per_trainee"]
    assert set(r["depends_on"]) == {"price_point", "trainee_cost_year"}
    for end in ("low", "high"):
        sc = Scenario.from_params(dict(r[f"{end}_readings"]))
        got = trainee_unit_cost(INPUTS.figures_for(False), sc, INPUTS)["real"]
        assert got == pytest.approx(r[end])


def test_a_conflicting_source_moves_the_intensity_headline(combos):
    ranges = sens.readings_range(combinations=combos).set_index("headline")
    depends = ranges.loc["per_blk_year_last", "depends_on"]
    assert "source:blk_transformation/budget/estimated_need/2023-2024" in depends
    _frame, moving, still = combos
    assert {r.name for r in moving}.isdisjoint({r.name for r in still})
    # Kemnaker's total budget enters no headline: which source states it moves nothing
    assert "source:kemnaker_budget/budget/allocated/2018" in {r.name for r in still}


def test_analyse_table_and_json_are_deterministic(combos):
    a = sens.analyse(INPUTS, method="morris", n=10, seed=2, combinations=combos)
    b = sens.analyse(INPUTS, method="morris", n=10, seed=2, combinations=combos)
    pd.testing.assert_frame_equal(a.table(), b.table())
    assert a.to_json() == b.to_json()
    assert set(a.table()["headline"]) == {h.name for h in sens.HEADLINES}
    with pytest.raises(ScenarioError, match="sobol or morris"):
        sens.analyse(INPUTS, method="other")  # type: ignore[arg-type]


def test_sobol_estimates_equal_salib_and_resamples_are_seeded():
    """The estimators are SALib's (point estimates equal); the intervals come from seeded
    resamples, also for seed 0 (SALib's analyze leaves seed 0 unseeded)."""
    from SALib.analyze import sobol as salib
    from SALib.sample import sobol as sampler

    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1], [0, 2], [1, 3]]}
    x = sampler.sample(problem, 256, calc_second_order=False, seed=4)
    y = x[:, 0] * x[:, 1] + np.sin(x[:, 2])
    ref = salib.analyze(problem, y, calc_second_order=False, seed=4)
    counts = sens.resample_counts(256, 100, seed=4)
    assert counts.shape == (100, 256) and (counts.sum(axis=1) == 256).all()
    got = sens.sobol_estimates(y, 3, counts)
    np.testing.assert_allclose(got["S1"], ref["S1"], rtol=1e-10)
    np.testing.assert_allclose(got["ST"], ref["ST"], rtol=1e-10)
    # intervals of the same size as SALib's (different resamples)
    np.testing.assert_allclose(got["S1_conf"], ref["S1_conf"], rtol=0.5)
    model = lambda s: {"y": s["a"] * s["b"] + np.sin(s["c"])}  # noqa: E731
    first = sens.sobol_indices(problem, model, n=64, seed=0)
    pd.testing.assert_frame_equal(first, sens.sobol_indices(problem, model, n=64, seed=0))


# --- the words and charts of report 05 (blkanalysis.present.sensitivity) --------------------


@pytest.fixture(scope="module")
def result(combos):
    return sens.analyse(INPUTS, n=64, seed=0, combinations=combos)


def test_headline_labels_are_in_the_catalogue():
    from blkanalysis.present.i18n import LABELS, label

    for h in sens.HEADLINES:
        assert LABELS[f"headline.{h.name}"] == h.label
        assert label(f"headline.{h.name}", "id") != h.label  # translated


@pytest.mark.parametrize("lang", ["en", "id"])
def test_one_sentence_per_headline_with_its_range(result, lang):
    from blkanalysis.present import sensitivity as words
    from blkanalysis.present.i18n import t

    figs = INPUTS.figures_for(False)
    sentences = words.sentences(result, figs, lang)
    assert len(sentences) == len(sens.HEADLINES)
    ranges = result.ranges.set_index("headline")
    for h, text in zip(sens.HEADLINES, sentences, strict=True):
        r = ranges.loc[h.name]
        assert words.value_text(h.name, r["base"], lang) in text
        assert words.value_text(h.name, r["low"], lang) in text
        assert words.value_text(h.name, r["high"], lang) in text
    by_name = dict(zip((h.name for h in sens.HEADLINES), sentences, strict=True))
    # the trainees per BLK Komunitas: both readings of the target, no continuous parameter
    assert t("sensitivity.spread.stock", lang) in by_name["trainees_per_blkk"]
    assert t("sensitivity.no_driver", lang) in by_name["trainees_per_blkk"]
    # the implied budget: the multiplier explains most, the unit cost next
    from blkanalysis.present.i18n import param_label

    total = by_name["implied_budget_total"]
    assert total.index(param_label("multipliers", lang)) < total.index(
        param_label("unit_cost_multiplier", lang)
    )
    # a disagreeing source is named by its publisher and its own wording
    assert (
        "Liputan6.com" in by_name["per_blk_year_last"]
        and "Rp 2,03 triliun" in (by_name["per_blk_year_last"])
    )


def test_charts_and_when_there_is_nothing_to_draw(result):
    import dataclasses

    from blkanalysis.present import sensitivity as words

    figs = INPUTS.figures_for(False)
    for h in sens.HEADLINES:
        assert words.chart_tornado(result, h.name, figs, "en") is not None
    assert words.chart_sobol(result, figs, "id") is not None
    still = dataclasses.replace(
        result,
        tornado=result.tornado.assign(swing=0.0),
        ranges=result.ranges.assign(depends_on=[[] for _ in range(len(result.ranges))]),
    )
    assert words.chart_tornado(still, "implied_budget_total", figs, "en") is None
    assert words.chart_sobol(dataclasses.replace(result, method="morris"), figs, "en") is None


def test_the_sentences_link_the_figures_behind_the_headlines(result):
    """What the sentences link to is what the sources table lists (the notebook adds every
    figure a text links to)."""
    from blkanalysis.present import sensitivity as words
    from blkanalysis.present.cite import cited_ids

    figures = INPUTS.figures_for(False)
    said = words.sentences(result, figures, "en", words.behind(INPUTS, Scenario()))
    ids = cited_ids(" ".join(said))
    for expected in (
        "blk-transformation-need-2023-2024-detik",  # the latest budget (and a source reading)
        "blk-transformation-need-2023-2024-liputan6",  # the other source, at one end
        "training-added-output-target-2022-kompas-20220913",  # the trainees target
    ):
        assert any(expected in v for v in ids), expected


def test_trainees_per_blkk_of_the_figures_it_reads_equals_the_whole_registrys():
    """The range over the readings reuses the trainees per BLK Komunitas of the figures it
    reads (_per_blkk_rows): on the whole registry the table is the same, whatever source is
    read for a quantity the sources state differently."""
    figures = INPUTS.figures
    conflicting = [
        (q, list(g["id"])) for q, g in figures.groupby("quantity") if g["value"].nunique() > 1
    ]
    for quantity, ids in conflicting:
        for fid in ids:
            pref = sens._preferred_under(figures, {quantity: fid})
            whole = trainees_per_blkk(INPUTS.replace(figures=figures.assign(preferred=pref)))
            pd.testing.assert_frame_equal(sens._trainees_per_blkk(INPUTS, Scenario(), pref), whole)


def _depends_by_groupby(frame, names, reading, column):
    """_depends as first written: pandas groupby on the readings' repr."""
    others = [n for n in names if n != reading]
    keyed = frame[[*others, reading, column]].copy()
    for n in [*others, reading]:
        keyed[n] = keyed[n].map(repr)
    grouped = keyed.groupby(others, sort=False)[column]
    span = (grouped.max() - grouped.min()).abs()
    scale = np.nanmax(np.abs(keyed[column])) if keyed[column].notna().any() else 0.0
    return bool((span > 1e-12 * scale).any())


def test_depends_groups_the_readings_as_pandas_does():
    rng = np.random.default_rng(1)
    n = 200
    frame = pd.DataFrame(
        {
            "year": rng.choice(np.array([None, 2018, 2019], dtype=object), n),
            "point": rng.choice(["december", "midyear"], n),
            "spread": rng.choice(["new_units", "stock"], n),
        }
    )
    names = list(frame.columns)
    codes = sens._reading_codes(frame, names)
    year = frame["year"].map(lambda y: 0 if y is None else y - 2017).astype(float)
    columns = {
        "by_year": year * 10.0,
        "by_point_and_spread": (frame["point"] == "midyear") * 1.0 + (frame["spread"] == "stock"),
        "flat": pd.Series(np.full(n, 3.0)),
        "with_nan": (year * 10.0).where(frame["point"] == "december"),
        "all_nan": pd.Series(np.full(n, np.nan)),
        "noise_below_rounding": pd.Series(1.0 + rng.random(n) * 1e-14),
    }
    for column, values in columns.items():
        frame[column] = values.to_numpy(dtype=float)
        for reading in names:
            want = _depends_by_groupby(frame, names, reading, column)
            assert sens._depends(codes, reading, frame[column]) == want, (column, reading)
