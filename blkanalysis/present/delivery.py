"""Words and tables for plan vs delivery (notebook 04): what was announced, what was reported.

Numbers in prose are computed from :func:`blkanalysis.model.delivery.delivery_table`, formatted
by :mod:`blkanalysis.text.numbers` in the unit each figure is stated in, and every number is
said with its basis (target, allocated, realised, capacity...).
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from blkanalysis.model.delivery import progress_remark
from blkanalysis.present.cite import cite
from blkanalysis.present.i18n import MESSAGES, label, t
from blkanalysis.text.numbers import format_idr, format_multiple, format_number, format_percent

View = tuple[pd.DataFrame, dict[str, str]]


def _e(value: object) -> str:
    return html.escape(str(value))


def amount(value: Any, unit: Any, lang: str = "en") -> str:
    """A value in its unit: rupiah, percent, or a count."""
    if value is None or value != value:
        return "–"
    if unit == "IDR":
        return format_idr(float(value), lang=lang)
    if unit == "percent":
        return format_percent(float(value), digits=0 if float(value).is_integer() else 1, lang=lang)
    return format_number(float(value), digits=0 if float(value).is_integer() else 1, lang=lang)


def table(df: pd.DataFrame, lang: str = "en") -> View:
    """The plan-vs-delivery table: each value in its unit, each with its basis."""
    out = df.rename(columns={"key": "announcement", "ratio": "reported_ratio"})
    out["announced_value"] = [
        amount(v, u, lang) for v, u in zip(df["announced"], df["announced_unit"], strict=True)
    ]
    out["reported_value"] = [
        amount(v, u, lang) for v, u in zip(df["reported"], df["reported_unit"], strict=True)
    ]
    # a realised percentage is a progress remark, not money spent: said so in its basis
    remark = progress_remark(df["reported_basis"], df["reported_unit"])
    out["reported_basis"] = df["reported_basis"].where(~remark, "progress_remark")
    out["new_value"] = [
        amount(n, u, lang) if e == e and e is not None else "–"
        for n, e, u in zip(df["new"], df["earlier"], df["reported_unit"], strict=True)
    ]
    return out, {
        "announcement": "label",
        "year": "text",
        "announced_value": "text",
        "announced_basis": "label",
        "reported_period": "text",
        "reported_value": "text",
        "reported_basis": "label",
        "new_value": "text",
        "reported_ratio": "share",
        "derived": "bool",
        "lead": "bool",
    }


def _basis(value: Any, lang: str, unit: Any = None) -> str:
    """A figure's basis in words; a realised percentage is a progress remark, not money."""
    if progress_remark(value, unit):
        return _e(t("delivery.progress_remark", lang))
    return _e(label(str(value), lang)) if isinstance(value, str) else "–"


def row_text(r: Any, lang: str) -> str:
    """One announced quantity and what was reported for it, each number with its basis."""
    values = {
        "year": _e(r.year),
        "announced": cite(amount(r.announced, r.announced_unit, lang), r.target_id),
        "basis": _basis(r.announced_basis, lang),
        "reported": cite(amount(r.reported, r.reported_unit, lang), r.achieved_id),
        "period": _e(r.reported_period),
        "rbasis": _basis(r.reported_basis, lang, r.reported_unit),
        "grade": _e(r.reliability) if isinstance(r.reliability, str) else "–",
    }
    if r.announced != r.announced:  # reported without an announcement
        key = "delivery.row_unannounced"
    elif r.reported != r.reported:
        key = "delivery.row_unreported"
    elif r.earlier == r.earlier and r.ratio == r.ratio:
        key = "delivery.row_stock"
        values.update(
            {
                "earlier": cite(amount(r.earlier, r.reported_unit, lang), r.from_id),
                "new": cite(amount(r.new, r.reported_unit, lang), r.achieved_id, r.from_id),
                "ratio": cite(format_multiple(float(r.ratio), lang=lang), r),
            }
        )
    elif r.ratio == r.ratio and r.share_of_reported:
        key = "delivery.row_share_of_reported"
        values["ratio"] = cite(format_percent(float(r.ratio) * 100, digits=1, lang=lang), r)
    elif r.ratio == r.ratio:
        key = "delivery.row_ratio"
        values["ratio"] = cite(format_percent(float(r.ratio) * 100, digits=1, lang=lang), r)
    else:
        key = "delivery.row_other"
    text = t(key, lang, **values)
    if r.derived:
        text += " " + t("delivery.derived", lang)
    if r.lead:
        text += " " + t("delivery.lead", lang)
    return text


def role_texts(df: pd.DataFrame, lang: str) -> list[str]:
    """One Markdown paragraph per announced quantity: its name, then a list of its rows."""
    out = []
    for key, rows in df.groupby("key", sort=False):
        # figures stated for other years and institutions are listed, never added up
        items = [f"- {row_text(r, lang)}" for r in rows.itertuples(index=False)]
        paragraph = f"**{_e(label(str(key), lang))}**\n\n" + "\n".join(items)
        if f"delivery.note.{key}" in MESSAGES:  # a caveat the catalogue gives for this role
            paragraph += "\n\n" + t(f"delivery.note.{key}", lang)
        out.append(paragraph)
    return out


def verdict_text(verdicts: pd.DataFrame, lang: str) -> str:
    """Did "berkali lipat" happen? A plain answer, then the numbers behind it."""
    if verdicts.empty:
        return t("delivery.verdict_unknown", lang)
    items = []
    for v in verdicts.itertuples(index=False):
        items.append(
            "- "
            + t(
                f"delivery.verdict_{v.reference_kind}",
                lang,
                what=_e(label(str(v.key), lang)),
                delivered=cite(format_number(v.delivered, digits=0, lang=lang), v.delivered_ids),
                year=_e(v.year),
                reference=cite(format_number(v.reference, digits=0, lang=lang), v.reference_ids),
                ref_year=_e(v.reference_year),
                multiple=cite(
                    format_multiple(v.multiple, lang=lang), v.delivered_ids, v.reference_ids
                ),
            )
        )
    head = "delivery.verdict_yes" if verdicts["many_times"].all() else "delivery.verdict_no"
    return t(head, lang) + "\n\n" + "\n".join(items)


def chart(df: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> Any:
    """Reported as a share of announced, one bar per pair (leads left out), with the line of the
    announcement (100%). No "many times" line: the hope was for later targets many times the
    earlier ones, which a share of delivered over announced cannot show."""
    from matplotlib.ticker import FuncFormatter

    from blkanalysis.present.plotting import PALETTE, finish, new_figure, source_note

    # only what was done against what was announced: a target set against a capacity (another
    # kind of number, often of other institutions and years) is stated in words, not drawn
    rows = df[
        df["ratio"].notna()
        & ~df["lead"].astype(bool)
        & (df["reported_basis"].astype(str) != "capacity")
    ]
    names = [
        f"{label(str(r.key), lang)}, {r.year}"
        + (f" ({r.reported_period})" if r.reported_period != r.year else "")
        for r in rows.itertuples(index=False)
    ]
    values = rows["ratio"].to_numpy(dtype=float) * 100
    fig, ax = new_figure((8.0, 1.2 + 0.42 * max(len(rows), 1)))
    ax.barh(range(len(values)), values, color=PALETTE[0])
    ax.set_yticks(range(len(values)), names)
    ax.invert_yaxis()
    ax.axvline(100, color=PALETTE[3], linestyle="--", label=t("delivery.chart.announced", lang))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_percent(v, digits=0, lang=lang))
    )
    ax.set_xlabel(t("delivery.chart.x", lang))
    ax.legend(loc="lower right")
    ids = {
        i.strip()
        for col in ("target_id", "achieved_id")
        for v in rows[col].dropna()
        for i in str(v).split(",")
    }
    publishers = figures.loc[figures["id"].isin(ids), "publisher"]
    return finish(fig, t("delivery.chart.title", lang), source_note(list(publishers), lang))
