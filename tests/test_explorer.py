"""The what-if explorer: widgets drive the same library functions; settings save as a scenario."""

from __future__ import annotations

import pytest

from blkanalysis.data.registry import load_figures
from blkanalysis.model.scenario import Scenario, load_scenario_file
from blkanalysis.present.explorer import EVEN, MOST, Explorer

FIGURES = load_figures()


@pytest.fixture
def explorer():
    return Explorer(figures=FIGURES)


def test_builds_widgets_for_the_parameters(explorer):
    assert set(explorer.widgets) >= {
        "multiplier",
        "unit_cost_multiplier",
        "base_year",
        "carryover_cost_share",
        "carryover_units",
        "envelope_first_year_share",
        "price_point",
        "blkk_reading",
        "lang",
    }
    assert explorer.widgets["multiplier"].value == 10.0  # the baseline's largest multiplier
    assert explorer.widgets["envelope_first_year_share"].value == EVEN
    assert explorer.widgets["carryover_units"].value == MOST
    ui = explorer.ui()
    assert ui.children  # a VBox with controls, tables and charts
    assert explorer.charts[0].value[:4] == b"\x89PNG"


def test_moving_the_multiplier_changes_the_scaling_table(explorer):
    before = explorer.current["budgets"]["total"].iloc[0]
    explorer.widgets["multiplier"].value = 3.0
    after = explorer.current["budgets"]
    assert list(after["multiplier"]) == [3.0]
    assert after["total"].iloc[0] == pytest.approx(before * 3 / 10)
    assert "<td>3</td>" in explorer.scaling_out.value
    assert "<td>10</td>" not in explorer.scaling_out.value


def test_moving_the_unit_cost_and_the_carryover_changes_tables(explorer):
    b0 = explorer.current["budgets"]["total"].iloc[0]
    explorer.widgets["unit_cost_multiplier"].value = 2.0
    assert explorer.current["budgets"]["total"].iloc[0] == pytest.approx(2 * b0)
    row = explorer.current["intensity"].set_index("period").loc["2022"]
    explorer.widgets["carryover_cost_share"].value = 1.0
    row1 = explorer.current["intensity"].set_index("period").loc["2022"]
    assert row1["idr_per_unit"] < row["idr_per_unit"]


def test_base_year_and_language(explorer):
    explorer.widgets["base_year"].value = 2018
    assert (explorer.current["intensity"]["base_year"] == 2018).all()
    explorer.widgets["lang"].value = "id"
    assert "Per BLK-tahun" in explorer.intensity_out.value


def test_dropdown_choices_are_worded_in_the_report_language(explorer):
    explorer.widgets["blkk_reading"].value = "cumulative"
    assert explorer.widgets["blkk_reading"].label == "cumulative"
    assert explorer.widgets["envelope_first_year_share"].label == "even"
    explorer.widgets["lang"].value = "id"
    # the words change, the chosen values do not
    assert explorer.widgets["blkk_reading"].value == "cumulative"
    assert explorer.widgets["blkk_reading"].label == "total kumulatif"
    assert explorer.widgets["price_point"].label == "Desember"
    assert explorer.widgets["envelope_first_year_share"].value == EVEN
    assert explorer.widgets["envelope_first_year_share"].label == "dibagi rata"
    assert explorer.widgets["lang"].label == "Indonesia"
    assert explorer.scenario().blkk_reading == "cumulative"
    explorer.widgets["lang"].value = "en"
    assert explorer.widgets["price_point"].label == "december"


def test_carryover_choices_come_from_the_registry(explorer):
    # the 2022 budget continues the 3 BLK of 2021: 0-3 (or the most) are the possible choices
    assert [v for _, v in explorer.widgets["carryover_units"].options] == [MOST, 0, 1, 2, 3]
    explorer.widgets["carryover_units"].value = 0
    row = explorer.current["intensity"].set_index("period").loc["2022"]
    assert row["idr_per_unit_low"] == row["idr_per_unit_high"]


def test_a_scenario_error_is_shown_not_raised():
    bad = Scenario(blkk_unit_cost_year=2018)  # no observed cost per BLK Komunitas that year
    explorer = Explorer(bad, figures=FIGURES)
    assert explorer.error and "blkk_unit_cost_year" in explorer.error
    assert explorer.current == {}
    assert "blkk_unit_cost_year" in explorer.message.value


def test_save_round_trips_through_scenario(explorer, tmp_path):
    explorer.widgets["multiplier"].value = 4.0
    explorer.widgets["envelope_first_year_share"].value = 0.25
    explorer.widgets["price_point"].value = "midyear"
    path = explorer.save(tmp_path / "mine.yaml", title="Mine", author="Tester")
    sf = load_scenario_file(path)
    assert sf.scenario == explorer.scenario()
    assert sf.scenario.multipliers == [4.0]
    assert sf.header.title == "Mine"
    assert Scenario.from_yaml(path) == sf.scenario


def test_controls_show_translated_labels_in_both_languages(explorer):
    """Each control is labelled with its declared label (never the snake_case name), in the
    report language; its range or choices are the declaration's."""
    from blkanalysis.model.parameters import BY_NAME
    from blkanalysis.present.explorer import SHOWN, widget_name
    from blkanalysis.present.i18n import param_help, param_label

    for lang in ("en", "id", "en"):
        explorer.widgets["lang"].value = lang
        for name in SHOWN:
            widget = explorer.widgets[widget_name(BY_NAME[name])]
            assert widget.description == param_label(name, lang), (name, lang)
            assert widget.tooltip == param_help(name, lang)
            assert "_" not in widget.description and widget.description != name
    assert explorer.widgets["unit_cost_multiplier"].description == "Unit cost multiplier"
    explorer.widgets["lang"].value = "id"
    assert explorer.widgets["unit_cost_multiplier"].description == "Pengali biaya satuan"
    for name in SHOWN:
        p = BY_NAME[name]
        widget = explorer.widgets[widget_name(p)]
        if p.kind == "choice":
            assert [v for _, v in widget.options] == list(p.choices)
        elif p.control is not None and not p.nullable:
            assert (widget.min, widget.max, widget.step) == p.control
