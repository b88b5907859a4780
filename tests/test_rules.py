"""Rules of the analysis, each stated on small registries (figure tables cut from the shipped
registry or built in a temporary directory), in both report languages where words follow."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from blkanalysis.data.inputs import load_inputs
from blkanalysis.data.programme import read_model
from blkanalysis.model.intensity import (
    budget_by_year,
    budget_intensity,
    intensity_growth,
    per_trainee_split,
)
from blkanalysis.model.scaling import (
    NotLikeForLike,
    blkk_timeline,
    implied_budget_table,
    like_for_like,
    outside_total,
    scale_targets,
    target_achievement,
    total_parts,
    trainees_per_blkk,
)
from blkanalysis.model.scenario import Scenario, load_scenarios
from blkanalysis.present import narrative, notebook, plotting, views
from blkanalysis.present.cite import plain
from blkanalysis.present.i18n import label, t
from blkanalysis.present.notebook import view
from blkanalysis.text.numbers import format_number

LANGS = ("en", "id")


def inputs_with(keep=None, drop=(), change=None):
    """The shipped inputs with a small registry: only the figures of ``keep`` (id prefixes;
    None: all), without the ids in ``drop``, with values changed as ``change`` says."""
    inputs = load_inputs()
    figs = inputs.figures.copy()
    if keep is not None:
        figs = figs[figs["id"].str.startswith(tuple(keep))]
    figs = figs[~figs["id"].isin(drop)]
    for fid, values in (change or {}).items():
        for col, v in values.items():
            figs.loc[figs["id"] == fid, col] = v
    return inputs.replace(figures=figs.reset_index(drop=True))


# --- a total is the sum of what is shown beside it ------------------------------------------


@pytest.mark.parametrize("sf", load_scenarios(), ids=lambda sf: sf.name)
def test_the_total_is_the_sum_of_the_parts_shown_in_its_group(sf):
    inputs = load_inputs()
    table = implied_budget_table(scale_targets(inputs, scenario=sf.scenario), inputs)
    if table.empty:
        return
    parts = total_parts(table)
    assert parts, "a total with nothing shown before it"
    assert table["total"].to_numpy() == pytest.approx(table[parts].sum(axis=1).to_numpy())
    cols = list(table.columns)
    # what is not in the total is shown apart, after it, never among its parts
    assert all(cols.index(c) > cols.index("total") for c in outside_total(table))
    roles = {r.key: r for r in inputs.model.targets}
    assert all(roles[c].in_total for c in parts)
    assert all(not roles[c].in_total for c in outside_total(table))


def test_a_column_left_out_of_the_total_is_said_so_in_words_and_header():
    inputs = load_inputs()
    table = implied_budget_table(scale_targets(inputs, scenario={"multipliers": [1.0]}), inputs)
    assert outside_total(table) == ["blkk_yearly"]
    for lang in LANGS:
        shown = view(*views.implied_budgets(table), lang)
        headers = list(shown.columns)
        apart = headers[-1]
        assert headers.index(apart) > 1 + len(total_parts(table))
        [text] = narrative.outside_total_text(table, lang)
        assert "*" + apart.split(" (")[0] + "*" in text
    [en] = narrative.outside_total_text(table, "en")
    assert en.startswith("The total is the sum of the columns before it.")
    [id_] = narrative.outside_total_text(table, "id")
    assert id_.startswith("Total adalah jumlah kolom-kolom sebelumnya.")
    assert list(view(*views.implied_budgets(table), "en").columns)[-2:] == [
        "Total",
        "BLK Komunitas yearly target (not in the total: counted once)",
    ]
    assert list(view(*views.implied_budgets(table), "id").columns)[-2:] == [
        "Total",
        "Target tahunan BLK Komunitas (tidak masuk total: dihitung satu kali)",
    ]
    # a table whose every column is in the total needs no such words
    assert narrative.outside_total_text(table.drop(columns=outside_total(table)), "en") == []


# --- a target met by a stock counts only what is new since the target ---------------------

#: a small registry: the incubator statements and what the scaled table needs beside them
INCUBATORS = "incubators-"
TARGET, STOCK, BEFORE = (
    "incubators-target-2022-kompas-20220913",
    "incubators-count-2023-tribunnews",
    "incubators-count-2021-jpnn",
)


def incubator_row(inputs, **params):
    scaled = scale_targets(inputs, scenario={"multipliers": [1.0, 3.0], **params})
    rows = scaled[(scaled["target"] == "incubators") & (scaled["multiplier"] == 3.0)]
    return scaled, rows.iloc[0]


def test_a_stock_meets_a_target_only_by_what_is_new_since_it():
    inputs = inputs_with(change={STOCK: {"value": 130.0}, BEFORE: {"value": 30.0}})
    _, r = incubator_row(inputs)
    assert r["achieved_stock"] == 130 and r["achieved_stock_id"] == STOCK
    assert r["achieved_before"] == 30 and r["achieved_before_id"] == BEFORE
    assert r["achieved"] == 100  # new since the target: 130 - 30, not 130
    assert set(r["achieved_id"].split(", ")) == {STOCK, BEFORE}
    assert r["gap"] == 300 - 100
    ta = target_achievement(inputs).set_index("measure").loc["incubators"]
    assert (ta["achieved_stock"], ta["achieved_before"], ta["achieved"]) == (130, 30, 100)
    assert ta["achieved_share"] == pytest.approx(1.0)
    # the table shows the stock and the new units, with the ids behind each
    shown = view(*views.achievement(target_achievement(inputs)), "en").iloc[-1]
    assert shown["Stock counted after the target"] == "130"
    assert shown["Stock counted: figure"] == STOCK
    assert shown["Counted by the target year: figure"] == BEFORE
    assert shown["Achieved (new since the target)"] == "100"


def test_no_earlier_count_leaves_what_is_new_unknown_and_says_so():
    inputs = inputs_with(drop={BEFORE, "incubators-count-2021-kompas-20210610"})
    scaled, r = incubator_row(inputs)
    assert r["achieved_stock"] == 125 and pd.isna(r["achieved"]) and pd.isna(r["gap"])
    for lang, words in (("en", "is not known"), ("id", "tidak diketahui")):
        sc = Scenario.from_params({"multipliers": [1.0, 3.0], "lang": lang})
        assert words in narrative.achievement_text(scaled, sc)


@pytest.mark.parametrize(
    ("stock", "en", "id_"),
    [
        (125.0, "was met", "tercapai"),
        (140.0, "was exceeded", "terlampaui"),
        (110.0, "was not met", "tidak tercapai"),
    ],
)
def test_the_verdict_follows_what_is_new_in_both_languages(stock, en, id_):
    scaled, _ = incubator_row(inputs_with(change={STOCK: {"value": stock}}))
    for lang, verdict in (("en", en), ("id", id_)):
        sc = Scenario.from_params({"multipliers": [1.0, 3.0], "lang": lang})
        text = read(narrative.achievement_text(scaled, sc))
        assert f" {verdict}:" in text
        new = format_number(stock - 25)
        assert f"**{new}**" in text
    sc = Scenario.from_params({"multipliers": [1.0, 3.0]})
    if stock == 125.0:
        assert read(narrative.achievement_text(scaled, sc)) == (
            "The incubator target of 100 for 2022 was met: by August 2023, 125 incubators were "
            "counted, but 25 of them were already counted in 2021, so **100** are new since the "
            "target. Multiplied by 3, it would need **200** more."
        )


def test_the_model_file_says_what_a_stock_is_net_of(tmp_path):
    text = (load_inputs().data_dir / "model.yaml").read_text()
    assert "since: latest_until_target_year" in text
    path = tmp_path / "model.yaml"
    path.write_text(text.replace("since: latest_until_target_year", ""))
    model, problems = read_model(path)
    assert model is None and any("since" in p.message for p in problems)


# --- like for like ----------------------------------------------------------------------------

ADDED, AGREEMENTS, STOCK_2022, CAPACITY = (
    "training-added-output-target-2022-kompas-20220913",
    "blkk-agreements-2022-kompas-20220913",
    "blkk-units-cumulative-2022-tribunnews",
    "blkk-training-capacity-2022-tribunnews",
)


def small_readings():
    """A small registry: 300.000 added trainees, 1.000 new units, 5.000 standing, a yearly
    capacity of 250.000 (50 a unit)."""
    return inputs_with(
        change={
            ADDED: {"value": 300_000.0},
            AGREEMENTS: {"value": 1_000.0},
            STOCK_2022: {"value": 5_000.0},
            CAPACITY: {"value": 250_000.0},
        }
    )


def test_a_yearly_capacity_is_never_divided_into_a_non_yearly_target():
    tp = trainees_per_blkk(small_readings())
    p = tp.set_index("reference")
    # both readings of the target, as rows: all from the new units, or network-wide
    assert p.loc["implied_by_targets", "trainees_per_blkk"] == 300
    assert not p.loc["implied_by_targets", "per_year"]
    assert p.loc["implied_network_wide", "trainees_per_blkk"] == 60
    assert p.loc["implied_network_wide", "per_year"]
    assert p.loc["stated_capacity", "trainees_per_blkk"] == 50
    # the network-wide (yearly, over the stock) reading is set against the capacity; the
    # per-new-unit figure over the construction is not
    assert p.loc["implied_network_wide", "ratio"] == pytest.approx(60 / 50)
    assert pd.isna(p.loc["implied_by_targets", "ratio"])
    for r in tp[tp["ratio"].notna()].to_dict("records"):
        other = tp[tp["reference"] == r["compare_with"]].iloc[0]
        assert r["per_year"] == other["per_year"] and r["spread_over"] == other["spread_over"]
    with pytest.raises(NotLikeForLike, match="per_year False"):
        like_for_like(
            p.loc["implied_by_targets"].to_dict() | {"reference": "implied"},
            p.loc["stated_capacity"].to_dict() | {"reference": "capacity"},
        )


def test_both_readings_are_shown_as_a_range_in_words_in_both_languages():
    tp = trainees_per_blkk(small_readings())
    en = read(narrative.trainees_text(tp, "en"))
    assert "both readings are shown: **60 to 300** trainees per BLK Komunitas" in en
    assert "**300** trainees per new BLK Komunitas, a figure for the whole construction, " in en
    assert "not set against the yearly capacity" in en
    assert "**60** a year per BLK Komunitas, **1.2x** the stated capacity of 50 a year" in en
    assert len(re.findall(r"\d[.,]\dx", en)) == 1  # one ratio only: the like-for-like one
    id_ = read(narrative.trainees_text(tp, "id"))
    assert "kedua pembacaan ditampilkan: **60 sampai 300** peserta per BLK Komunitas" in id_
    assert "bukan per tahun, sehingga tidak dibandingkan dengan kapasitas tahunan" in id_
    assert "**60** per tahun per BLK Komunitas, yaitu **1,2x** kapasitas" in id_
    assert len(re.findall(r"\d[.,]\dx", id_)) == 1


def read(text: str) -> str:
    """A text as a reader reads it: without markup or reference marks."""
    return plain(text, marks=False)


# --- a scenario that leaves a table or chart without data says so and draws nothing ---------


def realised_only():
    return next(sf.scenario for sf in load_scenarios() if sf.name == "realised-only")


def test_charts_with_no_data_draw_nothing():
    inputs = load_inputs()
    sc = realised_only()
    table = budget_intensity(inputs, scenario=sc)
    split = per_trainee_split(table, inputs)  # a comparator alone is not shown
    assert split.empty
    assert plotting.chart_per_trainee(split, "en") is None  # no "Rp0", no "Source: ."
    empty_intensity = table.iloc[0:0]
    assert plotting.chart_intensity(empty_intensity, "en", inputs) is None
    assert plotting.chart_per_trainee(per_trainee_split(empty_intensity, inputs), "id") is None
    scaled = scale_targets(inputs, scenario={"multipliers": [1.0]})
    budgets = implied_budget_table(scaled.iloc[0:0], inputs)
    assert plotting.chart_implied_budgets(budgets, [], "en") is None
    assert plotting.chart_blkk_timeline(blkk_timeline(inputs).iloc[0:0], [], "en") is None
    assert plotting.chart_figures_by_program(inputs.figures.iloc[0:0], "en") is None
    grid = pd.DataFrame(columns=["multiplier", "unit_cost_multiplier", "total"])
    assert plotting.chart_sensitivity(grid, "total", "en") is None
    # with data, a chart is drawn
    assert plotting.chart_intensity(table, "en", inputs) is not None


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "No figure in this scenario"), ("id", "Tidak ada angka dalam skenario ini")],
)
def test_a_scenario_with_no_data_yields_words_not_an_empty_chart(lang, words, monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    inputs = load_inputs()
    sc = realised_only().model_copy(update={"lang": lang})
    nb = notebook.Notebook("intensity", sc, inputs.figures, inputs.figures, inputs)
    table = budget_intensity(inputs, scenario=sc)
    split = per_trainee_split(table, inputs)
    nb.table(*views.per_trainee(split))
    nb.chart(plotting.chart_per_trainee(split, lang))
    nb.markdown(narrative.per_trainee_text(split, sc))
    nb.markdown(narrative.intensity_context(table, table.iloc[0:0], inputs.figures, sc, inputs))
    assert len(shown) == 4
    for bundle in shown:
        assert set(bundle) == {"text/html", "text/markdown", "text/plain"}  # words, no image
        assert "<table" not in bundle["text/html"]
        assert bundle["text/plain"].startswith(words)
    assert [b["text/plain"] for b in shown] == [
        t("table.no_data", lang),
        t("chart.no_data", lang),
        t("text.no_data", lang),
        t("text.no_data", lang),
    ]


# --- a registry figure's own amount, in prose, as its source wrote it ------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "estimated a need reported as **Rp 2,03 triliun** for 13 BLK"),
        ("id", "yang dilaporkan sebesar **Rp 2,03 triliun** untuk 13 BLK"),
    ],
)
def test_prose_gives_a_figures_amount_as_stated_not_re_rounded(lang, words):
    # a small registry where the rounded statement of the need is the preferred one
    exact = "blk-transformation-need-2023-2024-detik"
    inputs = inputs_with(drop={exact, "blk-transformation-need-2023-2024-viva"})
    figs = inputs.figures.copy()
    figs.loc[figs["id"] == "blk-transformation-need-2023-2024-liputan6", "preferred"] = True
    inputs = inputs.replace(figures=figs)
    sc = Scenario.from_params({"lang": lang})
    table = budget_intensity(inputs, scenario=sc)
    text = read(narrative.intensity_headline(table, intensity_growth(table), sc, inputs)[0])
    assert words in text
    assert "2,04 triliun" not in text and "2.04 trillion" not in text and "2,0 triliun" not in text


# --- a figure the registry flags is shown with its flag wherever used ------------------------

KEMNAKER_2023 = "kemnaker-budget-2023-databoks"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            "**Flagged figure:** Katadata databoks's figure for 2023: the source's parts do "
            "not add up",
        ),
        (
            "id",
            "**Angka bertanda:** angka Katadata databoks untuk 2023: rincian dalam sumbernya "
            "tidak sesuai dengan totalnya",
        ),
    ],
)
def test_a_flagged_figure_carries_its_flag_into_the_sentence_that_uses_it(lang, words):
    inputs = load_inputs()
    assert inputs.figures.set_index("id").loc[KEMNAKER_2023, "flag"] == "parts_do_not_add_up"
    sc = Scenario.from_params({"lang": lang})
    table = budget_intensity(inputs, scenario=sc)
    by_year = budget_by_year(inputs, scenario=sc)
    linked = narrative.intensity_context(table, by_year, inputs.figures, sc, inputs)
    assert f'href="#src-{KEMNAKER_2023}"' in linked  # its numbers link to its sources row
    text = read(linked)
    assert "23%" in text and words in text
    assert KEMNAKER_2023 not in text  # the reader is told whose figure, not a registry key
    # the same registry without the flag: no such words
    unflagged = inputs_with(change={KEMNAKER_2023: {"flag": None}})
    text = narrative.intensity_context(table, by_year, unflagged.figures, sc, unflagged)
    assert "23%" in text and words.split(":")[0] not in text


def test_the_sources_table_shows_a_used_figures_flag(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    inputs = load_inputs()
    nb = notebook.Notebook("intensity", Scenario(), inputs.figures, inputs.figures, inputs)
    nb.used = {KEMNAKER_2023, "blk-transformation-budget-2021-detik"}
    nb.sources()
    table = next(b["text/html"] for b in shown if "blk-sources" in b.get("text/html", ""))
    assert "<th>Flag</th>" in table
    assert "the source&#x27;s parts do not add up" in table


# --- cost per trainee: training apart from capital; construction never counted twice ---------


def test_a_trainee_is_priced_without_the_construction_its_budget_includes():
    from blkanalysis.model.scaling import trainee_cost_rows

    inputs = load_inputs()
    figures = inputs.figures
    sc = Scenario()
    by_id = figures.set_index("id")
    rows = {r["years"][0]: r for r in trainee_cost_rows(figures, sc, inputs)}
    split = per_trainee_split(budget_intensity(inputs, scenario=sc), inputs)
    parted = split[split["capital_id"].notna()]
    assert len(parted) >= 1  # the registry states one year's construction inside its budget
    for r in parted.to_dict("records"):
        budget, capital = by_id.loc[r["id"], "value"], by_id.loc[r["capital_id"], "value"]
        trainees = by_id.loc[r["trainees_figure"], "value"]
        assert capital < budget
        assert r["idr_per_trainee_training"] == pytest.approx((budget - capital) / trainees)
        # the implied budgets price that year's trainee at training alone, and say so by id
        year = int(str(r["period"])[:4])
        assert rows[year]["nominal"] == pytest.approx(r["idr_per_trainee_training"])
        assert r["capital_id"] in rows[year]["id"]
    for r in split[split["capital_id"].isna() & ~split["comparator"]].to_dict("records"):
        year = int(str(r["period"])[:4])
        assert rows[year]["nominal"] == pytest.approx(r["idr_per_trainee"])  # all in: no split


def test_a_comparator_is_set_beside_the_cost_per_trainee_never_mixed_in():
    from blkanalysis.model.scaling import trainee_cost_rows

    inputs = load_inputs()
    split = per_trainee_split(budget_intensity(inputs, scenario=Scenario()), inputs)
    comparators = split[split["comparator"]]
    assert len(comparators) >= 1
    used = ", ".join(r["id"] for r in trainee_cost_rows(inputs.figures, Scenario(), inputs))
    assert not any(i in used for i in comparators["id"])
    assert split["comparator"].tolist() == sorted(split["comparator"].tolist())  # after Kemnaker


# --- a figure whose source's wording was not recorded is never shown as if quoted -------------

UNQUOTED = "kemnaker-budget-revised-2020-kontan"  # quote: null; as_stated "Rp 5,5 triliun"


@pytest.mark.parametrize(
    ("lang", "marked"),
    [("en", "IDR 5.5 trillion (wording not recorded)"), ("id", "Rp5,5 triliun (redaksi asli")],
)
def test_the_sources_table_marks_a_figure_whose_wording_was_not_recorded(lang, marked, monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    inputs = load_inputs()
    row = inputs.figures.set_index("id").loc[UNQUOTED]
    assert pd.isna(row["quote"])
    nb = notebook.Notebook(
        "intensity", Scenario.from_params({"lang": lang}), inputs.figures, inputs.figures, inputs
    )
    nb.used = {UNQUOTED, "blk-transformation-budget-2021-detik"}
    nb.sources()
    table = next(b["text/html"] for b in shown if "blk-sources" in b.get("text/html", ""))
    assert marked in table
    assert f"<td>{t('sources.no_quote', lang)}</td>" in table
    assert f"<td>{row['as_stated']}</td>" not in table  # the reconstruction is not shown
    # the recorded one keeps its words
    assert "<td>sejak 2021 dengan anggaran Rp 20.906.135.371 untuk 3 BLK</td>" in table
    notes = [b["text/plain"] for b in shown if "text/markdown" in b]
    assert any(t("sources.no_quote_note", lang, n=1) == n for n in notes)


def test_the_sources_table_says_nothing_of_unrecorded_wording_when_all_is_quoted(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    inputs = load_inputs()
    nb = notebook.Notebook("intensity", Scenario(), inputs.figures, inputs.figures, inputs)
    nb.used = {"blk-transformation-budget-2021-detik"}
    nb.sources()
    assert not any("wording not recorded" in str(b) for b in shown)


@pytest.mark.parametrize("lang", LANGS)
def test_prose_gives_the_value_not_as_stated_when_the_wording_was_not_recorded(lang):
    exact = "blk-transformation-need-2023-2024-detik"  # its as_stated: "Rp 2.038.260.308.771"
    inputs = inputs_with(change={exact: {"quote": None}})
    sc = Scenario.from_params({"lang": lang})
    table = budget_intensity(inputs, scenario=sc)
    text = narrative.intensity_headline(table, intensity_growth(table), sc, inputs)[0]
    shown = "IDR 2.04 trillion" if lang == "en" else "Rp2,04 triliun"  # the reader's convention
    assert "Rp 2.038.260.308.771" not in text and shown in text
    recorded = narrative.intensity_headline(table, intensity_growth(table), sc, load_inputs())[0]
    assert "Rp 2.038.260.308.771" in recorded


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_shown_total_is_the_sum_of_the_parts_as_shown(lang):
    from blkanalysis.model.scaling import total_parts
    from blkanalysis.present.notebook import view

    inputs = load_inputs()
    budgets = implied_budget_table(scale_targets(inputs, scenario=Scenario()), inputs)
    df, cols = views.implied_budgets(budgets)
    shown = view(df, cols, lang)
    assert total_parts(budgets)
    heads = list(shown.columns)
    total_col = heads.index(label("total", lang))
    part_cols = heads[1:total_col]

    def number(text: str) -> float:  # "IDR 5.70 trillion" / "Rp5,70 triliun" -> 5.70
        digits = re.search(r"[\d.,]+", text.replace("IDR ", "").replace("Rp", "")).group(0)
        return float(
            digits.replace(",", "") if lang == "en" else digits.replace(".", "").replace(",", ".")
        )

    for _, row in shown.iterrows():
        total = number(row.iloc[total_col])
        assert total == pytest.approx(sum(number(row[c]) for c in part_cols), abs=1e-9)
