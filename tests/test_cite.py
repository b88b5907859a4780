"""Numbers linked to their figures (blkanalysis.present.cite)."""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from blkanalysis.present.cite import (
    Marked,
    cite,
    cited_ids,
    count,
    ids_of,
    model,
    param,
    plain,
    renumber,
    source_anchor,
)

ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)


def test_ids_of_reads_the_id_columns_of_rows_in_order_each_once():
    row = {"to_id": "b", "id": "a", "unit_cost_ids": "c, a", "publisher": "x-not-an-id"}
    assert ids_of(row) == ["a", "b", "c"]
    assert ids_of(pd.Series(row)) == ["a", "b", "c"]
    Row = namedtuple("Row", ["from_id", "to_id"])
    assert ids_of(Row("p", "q"), "q", ["r", np.nan, None]) == ["p", "q", "r"]
    assert ids_of({"id": np.nan}, None, float("nan")) == []


def test_cite_links_the_number_to_its_first_figure_and_the_others_after_it():
    one = cite("IDR 2.03 trillion", "blk-budget-2023")
    assert one == (
        '<a class="blk-src" href="#src-blk-budget-2023" title="blk-budget-2023">'
        "IDR 2.03 trillion</a>"
    )
    two = cite("10.7x", "a", "b", "a")
    assert cited_ids(two) == ["a", "b"]
    assert plain(two) == "10.7x[1, 2]"  # both figures as bracketed marks, not an exponent
    assert isinstance(two, Marked)
    # as the sources table numbers them, in ascending order
    assert plain(renumber(two, {"a": 7, "b": 3})) == "10.7x[3, 7]"
    assert cited_ids(renumber(two, {"a": 7, "b": 3})) == ["a", "b"]  # the number links to "a"


def test_a_number_with_no_figure_or_no_value_stays_plain_and_escaped():
    assert cite("<1>", None) == "&lt;1&gt;"
    assert cite("–", "a") == "–"
    assert cited_ids(cite("5", [])) == []


def test_numbers_no_figure_states_are_marked_by_kind():
    assert param("×10") == '<span class="blk-param">×10</span>'
    assert count(158) == '<span class="blk-count">158</span>'
    assert model("95%") == '<span class="blk-model">95%</span>'
    assert plain(f"{param('<2>')} and {count(3)}") == "<2> and 3"


@given(st.lists(ids, min_size=1, max_size=6), st.text(min_size=1, max_size=12))
def test_every_figure_cited_is_read_back_once_in_order(figures, text):
    linked = cite(text, figures)
    expected = list(dict.fromkeys(figures))
    if text == "–":
        assert cited_ids(linked) == []
    else:
        assert cited_ids(linked) == expected
        assert all(f'href="#{source_anchor(i)}"' in linked for i in expected)
