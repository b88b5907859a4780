"""Rules of the analysis, each stated on small registries (figure tables cut from the shipped
registry or built in a temporary directory), in both report languages where words follow."""

from __future__ import annotations

import pytest

from blkanalysis.data.inputs import load_inputs
from blkanalysis.model.scaling import (
    implied_budget_table,
    outside_total,
    scale_targets,
    total_parts,
)
from blkanalysis.model.scenario import load_scenarios
from blkanalysis.present import narrative, views
from blkanalysis.present.notebook import view

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
