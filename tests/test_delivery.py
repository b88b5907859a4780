"""Plan vs delivery (blkanalysis.model.delivery), on a small fixture cut from the registry and
on the shipped one: pairs by role, stocks less what stood before, the "berkali lipat" answer."""

from __future__ import annotations

import pandas as pd
import pytest

from blkanalysis.data.inputs import load_inputs
from blkanalysis.data.programme import DeliveryRole, ProgrammeModel, QuantityRef
from blkanalysis.model.delivery import delivery_table, many_times
from blkanalysis.present import delivery as words


def incubator_role(**kw) -> DeliveryRole:
    return DeliveryRole(
        key="incubators",
        announced=[QuantityRef(program="incubators", measure="incubators", basis="target")],
        compared=[QuantityRef(program="incubators", measure="incubators", basis="count")],
        kind="stock",
        pick="after",
        many_times=True,
        **kw,
    )


@pytest.fixture(scope="module")
def inputs():
    return load_inputs()


def small(inputs, roles, extra=()):
    """The registry's incubator figures only (plus ``extra`` rows), and a model of ``roles``."""
    figures = inputs.figures[inputs.figures["program"] == "incubators"]
    if extra:
        figures = pd.concat([figures, pd.DataFrame(list(extra))], ignore_index=True)
    model: ProgrammeModel = inputs.model.model_copy(update={"delivery": roles})
    return inputs.replace(figures=figures.reset_index(drop=True), model=model)


def test_a_stock_counts_only_the_units_new_since_the_announcement(inputs):
    table = delivery_table(small(inputs, [incubator_role()]))
    assert list(table["reported"]) == [125.0]  # the 2024 count is a lead: left out
    row = table.iloc[0]
    assert row["announced"] == 100 and row["announced_basis"] == "target"
    assert row["earlier"] == 25 and row["from_id"] == "incubators-count-2021-jpnn"
    assert row["new"] == 100 and row["ratio"] == pytest.approx(1.0)
    (verdict,) = many_times(table, small(inputs, [incubator_role()])).itertuples()
    assert verdict.multiple == pytest.approx(1.0) and not verdict.many_times


def test_leads_are_shown_flagged_and_kept_out_of_the_answer(inputs):
    src = small(inputs, [incubator_role(include_leads=True)])
    table = delivery_table(src)
    assert list(table["reported"]) == [125.0, 142.0]
    assert list(table["lead"]) == [False, True]
    verdict = many_times(table, src).iloc[0]
    assert verdict["delivered"] == 100  # the grade A count, not the lead


def test_a_new_years_statement_flows_in_without_code(inputs):
    """A 2024 target and a 2025 count, as a later source would state them: new rows and a new
    answer, from data alone."""
    base = inputs.figures.set_index("id").loc["incubators-target-2022-kompas-20220913"]
    row = base.to_dict()

    def figure(id_, basis, year, value):
        return {
            **row,
            "id": id_,
            "basis": basis,
            "period": str(year),
            "period_start": year,
            "period_end": year,
            "value": float(value),
            "quantity": f"incubators/incubators/{basis}/{year}",
            "lead": False,
            "preferred": True,
        }

    extra = [figure("t-2024", "target", 2024, 300), figure("c-2025", "count", 2025, 800)]
    src = small(inputs, [incubator_role()], extra)
    table = delivery_table(src)
    later = table[table["year"] == "2024"].iloc[0]
    assert later["earlier"] == 125  # the last count before 2024
    assert later["new"] == 675 and later["ratio"] == pytest.approx(2.25)
    verdict = many_times(table, src).iloc[0]
    assert verdict["many_times"] and verdict["year"] == "2025"


def test_shipped_registry_answers_berkali_lipat(inputs):
    table = delivery_table(inputs)
    built = table[(table["key"] == "blkk_built") & (table["reported_period"] == "2022")].iloc[0]
    assert built["reported"] == 845 and built["announced"] == 900 and built["derived"]
    verdicts = many_times(table, inputs).set_index("key")
    assert verdicts.loc["blkk_built", "delivered"] == 525
    assert verdicts.loc["blkk_built", "reference"] == 845
    assert not verdicts["many_times"].any()
    capacity = table[table["key"] == "trainees_capacity"]
    assert set(capacity["reported"]) == {225_420.0, 70_000.0}
    assert set(capacity["announced"]) == {1_000_000.0}
    used = table[(table["key"] == "blkk_capacity_used") & table["ratio"].notna()].iloc[0]
    assert used["ratio"] == pytest.approx(44_624 / 225_420)
    progress = table[table["reported_measure"] == "progress"].iloc[0]
    assert progress["reported"] == 0 and progress["year"] == "2023-2024"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_words_state_every_number_with_its_basis(inputs, lang):
    table = delivery_table(inputs)
    verdict = words.verdict_text(many_times(table, inputs), lang)
    assert ("**No, as far" if lang == "en" else "**Tidak, sejauh") in verdict
    assert "845" in verdict and "525" in verdict
    assert ("0.6x" if lang == "en" else "0,6x") in verdict  # the reader's convention
    text = "\n".join(words.role_texts(table, lang))
    share, added = ("19.8%", "29.5%") if lang == "en" else ("19,8%", "29,5%")
    assert added not in text and share in text  # capacities never added up
    assert "(target)" in text
    assert ("capacity" if lang == "en" else "kapasitas") in text
