"""Plan vs delivery: each announced target or budget beside what was later reported.

Which quantities are announced and what each is compared with is the ``delivery:`` section of
the programme model (``data/model.yaml``), by role, never by year: every year a source announces
a quantity gives rows, so a new year's statement reaches the table without a code change.

A stock reported later (incubators standing) includes what stood before the announcement: the
units *new* since are the later count minus the last count stated before the announced year.
The comparison is the same for every scenario (no scenario parameter enters it): the BLK
Komunitas timeline is read as the baseline reads it, and grade C leads appear only where a role
asks, flagged, and never in a verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from blkanalysis.data.inputs import Inputs
from blkanalysis.data.programme import DeliveryRole, QuantityRef
from blkanalysis.model.select import Source, inputs_of

#: "berkali lipat" (many times): at least this multiple of the reference
MANY_TIMES = 2.0

DELIVERY_COLUMNS = [
    "key",
    "kind",
    "year",  # the announced period ("2023-2024"), or the reported one for an unpaired row
    "announced",
    "announced_measure",
    "announced_basis",
    "announced_unit",
    "target_id",
    "reported_period",
    "reported",
    "reported_measure",
    "reported_basis",
    "reported_unit",
    "achieved_id",  # the ids the reported figure rests on (comma-joined when derived)
    "derived",  # the reported figure is derived (e.g. built = this total minus last year's)
    "lead",  # the reported figure is a grade C lead (shown, never in a verdict)
    "reliability",
    "earlier",  # a stock: the last count stated before the announced year
    "from_id",
    "new",  # reported, less the earlier stock
    "ratio",  # new / announced, when both have the same unit (or announced / reported)
    "share_of_reported",  # the ratio is announced / reported (the role's share_of)
]

VERDICT_COLUMNS = [
    "key",
    "year",
    "delivered",
    "reference",
    "reference_kind",  # "announced" (the year's target) or "previous" (the year before)
    "reference_year",
    "multiple",
    "many_times",
    "delivered_ids",  # the registry figures behind ``delivered`` (comma-separated)
    "reference_ids",  # and behind ``reference``
]


def progress_remark(basis: Any, unit: Any) -> Any:
    """A reported figure that is a progress remark, not money spent: a realised percentage (a
    DPR member's "0%", say). Scalars or pandas Series alike."""
    return (basis == "realised") & (unit == "percent")


def _rows(figures: pd.DataFrame, q: QuantityRef) -> pd.DataFrame:
    m = (
        (figures["program"] == q.program)
        & (figures["measure"] == q.measure)
        & (figures["basis"] == q.basis)
        & figures["preferred"]
    )
    return figures[m].sort_values(["period_start", "period_end", "id"])


def _announcements(figures: pd.DataFrame, role: DeliveryRole) -> list[pd.Series]:
    """The announcement of each period: the first measure (in the role's order) stating it."""
    found: dict[str, pd.Series] = {}
    for q in role.announced:
        for _, r in _rows(figures, q).iterrows():
            found.setdefault(str(r["period"]), r)
    out = sorted(found.values(), key=lambda r: (int(r["period_start"]), int(r["period_end"])))
    return out[-1:] if role.years == "latest" and out else out


def _reported(
    figures: pd.DataFrame, role: DeliveryRole, q: QuantityRef, start: int, end: int
) -> list[pd.Series]:
    rows = _rows(figures, q)
    if role.pick == "same_year":
        rows = rows[(rows["period_start"] == start) & (rows["period_end"] == end)]
    elif role.pick == "after":
        rows = rows[rows["period_start"] > end]
    elif role.pick == "overlapping":
        rows = rows[(rows["period_start"] >= start) & (rows["period_end"] <= end)]
    else:  # latest
        rows = rows.tail(1)
    return [r for _, r in rows.iterrows()]


def _earlier(figures: pd.DataFrame, q: QuantityRef, start: int) -> pd.Series | None:
    rows = _rows(figures, q)
    rows = rows[(rows["period_end"] < start) & ~rows["lead"]]
    return None if rows.empty else rows.iloc[-1]


def _row(role: DeliveryRole, a: pd.Series | None, r: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(DELIVERY_COLUMNS)
    out.update(
        {
            "key": role.key,
            "kind": role.kind,
            "derived": False,
            "lead": False,
            "share_of_reported": False,
        }
    )
    if a is not None:
        out.update(
            {
                "year": str(a["period"]),
                "announced": float(a["value"]),
                "announced_measure": a["measure"],
                "announced_basis": a["basis"],
                "announced_unit": a["unit"],
                "target_id": a["id"],
            }
        )
    if r is not None:
        out.update(r)
        if out["year"] is None:
            out["year"] = r["reported_period"]
    new = out["reported"]
    if new is not None and out["earlier"] is not None:
        new = new - out["earlier"]
    out["new"] = new
    comparable = (  # a ratio only of like units, and where the role allows one
        role.ratio
        and out["announced_unit"] is not None
        and out["announced_unit"] == out["reported_unit"]
    )
    if comparable and new is not None and out["announced"]:
        if role.share_of == "reported":
            out["ratio"] = out["announced"] / new if new else None
            out["share_of_reported"] = True
        else:
            out["ratio"] = new / out["announced"]
    return out


def _figure(r: pd.Series) -> dict[str, Any]:
    return {
        "reported_period": str(r["period"]),
        "reported": float(r["value"]),
        "reported_measure": r["measure"],
        "reported_basis": r["basis"],
        "reported_unit": r["unit"],
        "achieved_id": r["id"],
        "lead": bool(r["lead"]),
        "reliability": str(r["reliability"]),
    }


def _timeline_rows(inputs: Inputs) -> dict[int, dict[str, Any]]:
    from blkanalysis.model.scaling import blkk_timeline

    tl = blkk_timeline(inputs)  # the baseline reading: the comparison takes no scenario
    unit = inputs.figures.loc[inputs.figures["measure"] == inputs.model.timeline.built, "unit"]
    grades = dict(zip(inputs.figures["id"], inputs.figures["reliability"].astype(str), strict=True))
    out = {}
    for r in tl.itertuples(index=False):
        if r.built != r.built:  # NaN: nothing known that year
            continue
        out[int(r.year)] = {
            "reported_period": str(r.year),
            "reported": float(r.built),
            "reported_measure": inputs.model.timeline.built,
            "reported_basis": "realised",
            "reported_unit": unit.iloc[0] if len(unit) else None,
            "achieved_id": r.built_source,
            "derived": bool(r.built_derived),
            "lead": False,
            # the weakest grade of the figures the number rests on
            "reliability": max(
                (grades.get(i.strip(), "C") for i in str(r.built_source).split(",")),
                default=None,
            ),
        }
    return out


def delivery_table(source: Source = None) -> pd.DataFrame:
    """One row per announced quantity and year and per figure reported for it (see
    :data:`DELIVERY_COLUMNS`), in the model's order of roles, then by year."""
    inputs = inputs_of(source)
    figures = inputs.figures  # leads included; a role shows them only if it asks
    sure = figures[~figures["lead"]]
    timeline: dict[int, dict[str, Any]] | None = None
    rows: list[dict[str, Any]] = []
    for role in inputs.model.delivery:
        role_rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        pool = figures if role.include_leads else sure
        for a in _announcements(sure, role):
            start, end = int(a["period_start"]), int(a["period_end"])
            found: list[dict[str, Any]] = []
            if role.timeline == "built":
                timeline = timeline if timeline is not None else _timeline_rows(inputs)
                found += [timeline[y] for y in range(start, end + 1) if y in timeline]
            for q in role.compared:
                for r in _reported(pool, role, q, start, end):
                    rec = _figure(r)
                    if role.kind == "stock":
                        base = _earlier(sure, q, start)
                        if base is not None:
                            rec.update({"earlier": float(base["value"]), "from_id": base["id"]})
                    found.append(rec)
            for rec in found or [None]:
                role_rows.append(_row(role, a, rec))
                if rec is not None:
                    seen.add(f"{rec['reported_measure']}/{rec['reported_period']}")
        if role.unpaired:
            extra: list[dict[str, Any]] = []
            if role.timeline == "built":
                timeline = timeline if timeline is not None else _timeline_rows(inputs)
                extra += list(timeline.values())
            for q in role.compared:
                extra += [_figure(r) for _, r in _rows(pool, q).iterrows()]
            first = min((int(str(r["year"])[:4]) for r in role_rows), default=None)
            for rec in extra:
                key = f"{rec['reported_measure']}/{rec['reported_period']}"
                year = int(rec["reported_period"][:4])
                if key in seen or (first is not None and year < first - 1):
                    continue  # paired above, or long before the first announcement
                role_rows.append(_row(role, None, rec))
        role_rows.sort(key=lambda r: (str(r["year"]), str(r["reported_period"] or "")))
        rows += role_rows
    out = pd.DataFrame(rows, columns=DELIVERY_COLUMNS)
    for col in ("announced", "reported", "earlier", "new", "ratio"):
        out[col] = out[col].astype("float64")
    return out


def _ids(row: pd.Series, *columns: str) -> str:
    """The figure ids in ``columns`` of a delivery row, comma-separated (missing ones left out)."""
    return ", ".join(str(row[c]) for c in columns if isinstance(row[c], str) and row[c])


def many_times(table: pd.DataFrame, source: Source = None) -> pd.DataFrame:
    """Did delivery grow "berkali lipat"? For each role that asks (``many_times``): the latest
    delivery (new units, leads left out) against its announcement, or else against the
    delivery of the year before; ``many_times`` when the multiple is at least
    :data:`MANY_TIMES`."""
    inputs = inputs_of(source)
    out = []
    for role in inputs.model.delivery:
        if not role.many_times:
            continue
        rows = table[(table["key"] == role.key) & ~table["lead"].astype(bool)]
        rows = rows[rows["new"].notna()].sort_values(["reported_period", "year"])
        if rows.empty:
            continue
        last = rows.iloc[-1]
        if not np.isnan(last["announced"]) and last["ratio"] == last["ratio"]:
            ref, kind, ref_year = last["announced"], "announced", last["year"]
            ref_ids = _ids(last, "target_id")
        elif len(rows) > 1:
            prev = rows.iloc[-2]
            ref, kind, ref_year = prev["new"], "previous", prev["reported_period"]
            ref_ids = _ids(prev, "achieved_id", "from_id")
        else:
            continue
        multiple = float(last["new"]) / float(ref) if ref else np.nan
        out.append(
            {
                "key": role.key,
                "year": last["reported_period"],
                "delivered": float(last["new"]),
                "reference": float(ref),
                "reference_kind": kind,
                "reference_year": str(ref_year),
                "multiple": multiple,
                "many_times": bool(multiple >= MANY_TIMES),
                "delivered_ids": _ids(last, "achieved_id", "from_id"),
                "reference_ids": ref_ids,
            }
        )
    return pd.DataFrame(out, columns=VERDICT_COLUMNS)
