"""Numbers linked to the registry figures they rest on.

Every figure-derived number a report shows (money, counts, multiples, shares; not years), in a
table, a sentence or a finding, is a plain link (``<a class="blk-src" href="#src-<id>">``, no
script) to the sources-table row of the first figure behind it, with the others as numbered
links after it. A number in prose that no figure states (a parameter the scenario sets, a count
of the registry's own records) is marked as such instead (:func:`param`, :func:`count`), so a
test can tell that every number in a report's words is accounted for.

The ids come from the analysis tables' id columns (:data:`ID_COLUMNS`): :func:`ids_of` reads
them from rows, :func:`cite` links a formatted number to them. :func:`cited_ids` reads the ids
back from a finished text (the notebook adds them to its sources table).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from blkanalysis.handoff import record_anchor

#: columns holding registry figure ids in analysis tables, in the order their ids are cited
ID_COLUMNS = (
    "id",
    "target_id",
    "achieved_id",
    "achieved_stock_id",
    "achieved_before_id",
    "numerator_id",
    "denominator_id",
    "built_id",
    "cumulative_id",
    "from_id",
    "to_id",
    "trainees_figure",
    "unit_cost_ids",
    "capital_id",
    "blkk_stock_id",
    "built_ids",
    "cumulative_ids",
)

#: the id columns each number column of the analysis tables rests on; a table cell links to
#: the first of its own figures (a column not listed: its row's first figure). Every figure of
#: the row is listed in the table's last column.
COLUMN_IDS: dict[str, tuple[str, ...]] = {
    # the BLK Komunitas timeline and the targets against what was achieved (01)
    "built": ("built_ids",),
    "cumulative": ("cumulative_ids",),
    "target_value": ("target_id",),
    "achieved_stock": ("achieved_stock_id",),
    "achieved_before": ("achieved_before_id",),
    "achieved": ("achieved_id",),
    "achieved_share": ("target_id", "achieved_id"),
    "gap": ("target_id", "achieved_id"),
    # budgets per BLK, per trainee and their growth (02)
    "total_idr": ("id",),
    "capital_idr": ("capital_id",),
    "trainees_count": ("trainees_figure",),
    "idr_per_trainee": ("id", "trainees_figure"),
    "idr_per_trainee_real": ("id", "trainees_figure"),
    "idr_per_trainee_training": ("id", "trainees_figure", "capital_id"),
    "idr_per_trainee_training_real": ("id", "trainees_figure", "capital_id"),
    "multiple": ("from_id", "to_id"),
    "multiple_low": ("from_id", "to_id"),
    "multiple_high": ("from_id", "to_id"),
    "cagr": ("from_id", "to_id"),
    # targets multiplied (03)
    "base_value": ("target_id",),
    "implied_value": ("target_id",),
    "unit_cost_real": ("unit_cost_ids",),
    "implied_budget_real": ("target_id", "unit_cost_ids"),
    "implied_blkk_stock": ("target_id",),
    "share_of_blkk_stock": ("target_id", "blkk_stock_id"),
    "numerator": ("numerator_id",),
    "denominator": ("denominator_id",),
    "trainees_per_blkk": ("numerator_id", "denominator_id"),
    # announced against reported (04)
    "announced_value": ("target_id",),
    "reported_value": ("achieved_id",),
    "new_value": ("achieved_id", "from_id"),
    "reported_ratio": ("target_id", "achieved_id"),
}

#: what a cited id looks like (figure ids are ``[a-z0-9._-]``)
_CITED = re.compile(r'href="#src-([A-Za-z0-9._-]+)"')
_TAG = re.compile(r"<[^>]+>")


class Marked(str):
    """Text already escaped and marked up here (a cited or marked number): a paragraph that
    escapes the values it is given (``Notebook.text``) leaves it as it is."""


def source_anchor(figure_id: str) -> str:
    """The id of a figure's row in the sources table."""
    return record_anchor(figure_id)


def _ids_in(value: Any) -> list[str]:
    """The ids a cell holds: one, a comma-separated list, or none (missing values)."""
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for v in value for p in _ids_in(v)]
    return []


def _fields(record: Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    if hasattr(record, "_asdict"):  # a row of itertuples
        return record._asdict()
    if hasattr(record, "to_dict"):  # a pandas Series
        return record.to_dict()
    raise TypeError(f"not a row: {type(record).__name__}")


def ids_of(*records: Any) -> list[str]:
    """The registry figure ids behind ``records``, each once, in order: a record is a row (a
    mapping, Series or named tuple: its :data:`ID_COLUMNS`, in that order), a figure id, or a
    list of either."""
    out: list[str] = []
    for record in records:
        if record is None or (isinstance(record, float) and math.isnan(record)):
            continue
        if isinstance(record, str):
            found = _ids_in(record)
        elif isinstance(record, (list, tuple)) and not hasattr(record, "_asdict"):
            found = ids_of(*record)
        else:
            fields = _fields(record)
            found = [i for c in ID_COLUMNS for i in _ids_in(fields.get(c))]
        out.extend(i for i in found if i not in out)
    return out


def cell_ids(record: Mapping[str, Any], column: str) -> list[str]:
    """The figures a table cell rests on: its column's own id columns (:data:`COLUMN_IDS`) in
    its row ``record``; none if the column is not listed or the row holds none of them."""
    return ids_of(*(record.get(c) for c in COLUMN_IDS.get(column, ())))


def cite(text: str, *records: Any) -> Marked:
    """``text`` (a formatted number; escaped) linked to the sources rows of the figures behind
    ``records`` (see :func:`ids_of`): the first as the link, the others as numbered links after
    it. A dash (no value) or no figure leaves the text unlinked."""
    ids = ids_of(*records)
    if not ids or text == "–":
        return Marked(html.escape(text))
    first = _link(ids[0], html.escape(text))
    if len(ids) == 1:
        return Marked(first)
    return Marked(first + refs(ids))


def refs(ids: list[str], sup: bool = True) -> str:
    """Reference marks for ``ids`` (``[1, 2]``, each a link to its sources row), numbered in
    order here; a notebook renumbers them as its sources table numbers the figures
    (:func:`renumber`). ``sup``: set as a superscript after a number."""
    marks = ", ".join(_link(i, str(n), "blk-src blk-ref") for n, i in enumerate(ids, start=1))
    return f'<sup class="blk-more">[{marks}]</sup>' if sup else f"[{marks}]"


def _link(figure_id: str, text: str, kind: str = "blk-src") -> str:
    anchor = source_anchor(figure_id)
    return f'<a class="{kind}" href="#{anchor}" title="{html.escape(figure_id)}">{text}</a>'


_REF = r'<a class="blk-src blk-ref" href="#src-([A-Za-z0-9._-]+)"[^>]*>[^<]*</a>'
_REFS = re.compile(rf"\[({_REF}(?:, {_REF})*)\]")


def renumber(body: str, numbers: Mapping[str, int]) -> str:
    """``body`` with its reference marks numbered as ``numbers`` numbers the figures (the
    sources table's numbers), each group in ascending order."""

    def group(m: re.Match[str]) -> str:
        ids = re.findall(r'href="#src-([A-Za-z0-9._-]+)"', m.group(1))
        ids.sort(key=lambda i: numbers.get(i, len(numbers) + 1))
        marks = ", ".join(_link(i, str(numbers.get(i, "?")), "blk-src blk-ref") for i in ids)
        return f"[{marks}]"

    return _REFS.sub(group, body)


def _mark(kind: str, text: object) -> Marked:
    return Marked(f'<span class="blk-{kind}">{html.escape(str(text))}</span>')


def param(text: object) -> Marked:
    """A number in prose that the scenario sets (a multiplier, a share we chose): not a figure."""
    return _mark("param", text)


def model(text: object) -> Marked:
    """A number in prose that is a statistic of the model over the ranges we chose (a share of
    variance explained): not a figure any source states."""
    return _mark("model", text)


def count(text: object) -> Marked:
    """A number in prose that counts the registry's own records (figures, sources, years
    listed): not a figure any source states."""
    return _mark("count", text)


def cited_ids(body: str) -> list[str]:
    """The figure ids a finished text links to, each once, in order."""
    out: list[str] = []
    for i in _CITED.findall(body):
        if i not in out:
            out.append(i)
    return out


_MARKS = re.compile(r'<sup class="blk-more">.*?</sup>', re.S)


def plain(body: str, marks: bool = True) -> str:
    """A finished text without its markup (for ``text/plain``); without its reference marks
    (``[1, 2]``) too unless ``marks``."""
    return html.unescape(_TAG.sub("", body if marks else _MARKS.sub("", body)))


def known_only(ids: Iterable[str], known: set[str]) -> list[str]:
    """``ids`` that name registry figures."""
    return [i for i in ids if i in known]
