"""Table views: what a reader sees of a figure whose source's wording was not recorded."""

from __future__ import annotations

import pandas as pd
import pytest

from blkanalysis.data import summary
from blkanalysis.data.inputs import load_inputs
from blkanalysis.present import views
from blkanalysis.present.i18n import t


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (5_500_000_000_000, "IDR", "Rp5,5 triliun"),  # short where that is exact
        (232_446_978_935, "IDR", "Rp232.446.978.935"),  # in full where short would round
        (83.7, "percent", "83,7%"),
        (1_000, "BLK", "1.000"),
        (2.5, "persons", "2,5"),
    ],
)
def test_value_text_is_exact(value, unit, shown):
    assert views.value_text(value, unit) == shown


def figure(quote):
    return {"as_stated": "Rp 5,5 triliun", "quote": quote, "value": 5.5e12, "unit": "IDR"}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_recorded_quote_is_shown_as_written(lang):
    row = figure("anggaran Kemnaker Rp 5,5 triliun pada 2020")
    assert views.as_stated(row, lang) == "Rp 5,5 triliun"
    assert views.quote(row, lang) == "anggaran Kemnaker Rp 5,5 triliun pada 2020"


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("missing", [None, float("nan"), "  "])
def test_an_unrecorded_quote_shows_the_value_marked_never_as_stated(lang, missing):
    row = figure(missing)
    value = "IDR 5.5 trillion" if lang == "en" else "Rp5,5 triliun"  # the reader's convention
    assert views.as_stated(row, lang) == t("sources.as_recorded", lang, value=value)
    assert views.quote(row, lang) == t("sources.no_quote", lang)
    assert "Rp 5,5 triliun" not in views.as_stated(row, lang)
    # a row of a frame reads the same as a mapping
    assert views.as_stated(pd.Series(row), lang) == views.as_stated(row, lang)


def test_the_conflicts_view_marks_unrecorded_wording_in_the_scenarios_language():
    figures = load_inputs().figures
    conflicts = summary.conflicts(figures)
    unrecorded = conflicts[conflicts["quote"].isna()]
    assert not unrecorded.empty  # the shipped registry has such conflicting figures
    for lang in ("en", "id"):
        df, columns = views.conflicts(conflicts, lang)
        assert "as_stated" in columns
        shown = df.set_index("id")["as_stated"]
        for r in unrecorded.itertuples(index=False):
            assert shown[r.id].endswith(f"({t('sources.no_quote', lang)})")
            assert shown[r.id] != r.as_stated
        recorded = conflicts[conflicts["quote"].notna()]
        assert (shown[recorded["id"]].to_numpy() == recorded["as_stated"].to_numpy()).all()
