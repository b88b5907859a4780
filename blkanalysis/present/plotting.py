"""One chart style for notebooks, reports and the explorer.

Rule: a chart with no data is not drawn. Each chart function returns None when the scenario
leaves it nothing to show (no empty axes, no "Rp0", no "Source: ."); the caller says so in words
(:meth:`blkanalysis.present.notebook.Notebook.chart` shows the catalogue's ``chart.no_data``).

Charts are pure functions from analysis tables to a matplotlib ``Figure``: a title, axis labels,
rupiah axes in Indonesian style (Rp..., miliar/triliun), a source note under the chart and a
colour-blind-safe palette (seaborn's "colorblind"). :func:`png_bytes` renders a figure with fixed
metadata so the same chart always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from blkanalysis.present.i18n import label, t
from blkanalysis.text.numbers import format_idr, format_multiplier, format_number

PALETTE = sns.color_palette("colorblind")
DPI = 100
WIDTH, HEIGHT = 8.0, 4.6

RC = {
    "svg.hashsalt": "blkanalysis",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.family": "DejaVu Sans",
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
}


#: how a bar shows its basis (the kind of number): money spent is filled, an allocation
#: hatched, an estimated need an outline only, what a target implies a pale fill with a dotted
#: edge, so a chart of plans never looks
#: like a trend in spending. The series colour stays the bar's edge and hatch colour.
BASIS_STYLE: dict[str, dict[str, Any]] = {
    "realised": {"fill": True, "hatch": None, "linestyle": "-"},
    "allocated": {"fill": True, "hatch": "///", "linestyle": "-", "alpha": 0.35},
    "estimated_need": {"fill": False, "hatch": None, "linestyle": "--"},
    "target": {"fill": True, "hatch": None, "linestyle": ":", "alpha": 0.2},
}


def basis_bars(
    ax: plt.Axes,
    x: Any,
    values: Any,
    width: float,
    color: Any,
    bases: Sequence[str],
    *,
    yerr: Any = None,
    bottom: Any = None,
) -> None:
    """Bars whose look says their basis (:data:`BASIS_STYLE`), one colour for the series;
    ``yerr`` (2 x n: below, above) and ``bottom`` (n) as for ``Axes.bar``."""
    xs, vs = np.atleast_1d(x), np.atleast_1d(values)
    bottoms = np.zeros(len(xs)) if bottom is None else np.atleast_1d(bottom)
    for k, b in enumerate(bases):
        style = BASIS_STYLE.get(str(b), BASIS_STYLE["realised"])
        face = (*color[:3], style.get("alpha", 1.0)) if style["fill"] else "none"
        ax.bar(
            xs[k],
            vs[k],
            width,
            bottom=bottoms[k],
            facecolor=face,
            edgecolor=color,
            hatch=style["hatch"],
            linestyle=style["linestyle"],
            linewidth=1.6,
            yerr=None if yerr is None else np.asarray(yerr)[:, k : k + 1],
            capsize=4 if yerr is not None else 0,
            ecolor="#333333",
        )


def basis_legend(
    ax: plt.Axes,
    series: Sequence[tuple[str, Any]],
    bases: Sequence[str],
    lang: str,
    names: dict[str, str] | None = None,
    **kw: Any,
) -> None:
    """One legend: a patch per series (its colour), then a patch per basis (its look; its
    name from ``names`` or the basis label)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(facecolor=c, edgecolor=c, label=name) for name, c in series]
    for b in dict.fromkeys(str(b) for b in bases):
        style = BASIS_STYLE.get(b, BASIS_STYLE["realised"])
        handles.append(
            Patch(
                facecolor=(0.5, 0.5, 0.5, style.get("alpha", 1.0)) if style["fill"] else "none",
                edgecolor="#555555",
                hatch=style["hatch"],
                linestyle=style["linestyle"],
                label=(names or {}).get(b) or label(b, lang),
            )
        )
    extra = kw.pop("extra", [])
    handles += [Line2D([0], [0], **e) for e in extra]
    ax.legend(handles=handles, **kw)


def apply_style() -> None:
    """The project's seaborn theme and fixed rendering settings."""
    sns.set_theme(style="whitegrid", palette=PALETTE, rc=RC)


def _once_per_value(fmt: Callable[[Any], str]) -> FuncFormatter:
    """A tick formatter that formats each value once (matplotlib formats every tick again at
    each layout and draw): the texts kept by the value's repr (its type, sign and digits), so a
    value always gets what ``fmt`` gives it."""
    texts: dict[str, str] = {}

    def tick(v: Any, _pos: Any) -> str:
        key = repr(v)
        text = texts.get(key)
        if text is None:
            text = fmt(v)
            if len(texts) < 1024:
                texts[key] = text
        return text

    return FuncFormatter(tick)


def idr_formatter(lang: str = "en", digits: int = 1) -> FuncFormatter:
    zero = format_idr(0, lang=lang)
    return _once_per_value(lambda v: format_idr(v, digits=digits, lang=lang) if v else zero)


def count_formatter(lang: str = "en") -> FuncFormatter:
    return _once_per_value(lambda v: format_number(v, lang=lang))


def _new(figsize: tuple[float, float] = (WIDTH, HEIGHT)) -> tuple[Figure, plt.Axes]:
    apply_style()
    fig = Figure(figsize=figsize, dpi=DPI)
    ax = fig.add_subplot()
    return fig, ax


def own_canvas(fig: Figure) -> None:
    """Give ``fig`` its own Agg canvas once it is plotted: its layout (tight_layout) and its PNG
    (savefig) then use one renderer, so the text measured for the layout is not measured again
    to draw it. Not while plotting: seaborn's heatmap draws the canvas to check its tick labels,
    which the default canvas does not do."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)


def finish(fig: Figure, title: str, source: str) -> Figure:
    """Title on top, source note under the chart, tight layout."""
    own_canvas(fig)
    fig.suptitle(title, fontsize=12, fontweight="bold", x=0.01, ha="left")
    note = fig.text(
        0.01, 0.01, source, fontsize=7.5, color="#444444", ha="left", va="bottom", wrap=True
    )
    fig.tight_layout(rect=(0, 0.06, 1, 0.95))
    prewrap(note)
    settled(fig)
    return fig


def settled(fig: Figure) -> None:
    """Leave a laid-out figure without a layout engine: ``Figure.tight_layout`` leaves a
    placeholder engine, for which ``savefig`` draws the whole figure once (without rendering)
    before drawing it, and that first draw changes nothing here (the layout is done). Not done
    where the rc would make "no engine" a layout engine again (``figure.autolayout``,
    ``figure.constrained_layout.use``)."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    rc = matplotlib.rcParams
    if rc["figure.autolayout"] or rc["figure.constrained_layout.use"]:
        return
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)


def wrap_words(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text`` broken into lines as matplotlib wraps a text (``Text._get_wrapped_text``): each
    line of ``text`` takes words (split at single spaces) while ``measure`` of the line stays
    within ``width``, its first word always; the lines joined by newlines.

    The same lines, with fewer measurements: matplotlib measures every longer line word by word;
    here a line's break is guessed from the width per character measured so far and checked on
    both sides (the line to the break fits, one word more does not), stepping a word at a time
    until both hold. That is the same break because a line's width never shrinks as words are
    added (each word's glyphs lie to the right of the ones before).
    """
    per_char = 0.0  # measured width per character so far (0: nothing measured yet)
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        while words:
            if len(words) == 1:
                out.append(words.pop())
                continue
            widths: dict[int, float] = {}

            def over(i: int, words: list[str] = words, widths: dict[int, float] = widths) -> bool:
                """Whether the first ``i`` words are wider than ``width``."""
                nonlocal per_char
                if i not in widths:
                    line = " ".join(words[:i])
                    widths[i] = measure(line)
                    per_char = widths[i] / max(len(line), 1)
                return widths[i] > width

            n = len(words)
            if per_char == 0 and not over(n):  # the first measurement: the whole line
                out.append(" ".join(words))
                words = []
                continue
            # the words that fit at the width per character measured so far
            fits = width / per_char if per_char > 0 else float("inf")
            chars, i = -1, 0
            while i < n and chars + 1 + len(words[i]) <= fits:
                chars, i = chars + 1 + len(words[i]), i + 1
            i = min(max(i, 2), n)
            if over(i):  # step back to the last line that fits (a first word always does)
                while i > 2 and over(i - 1):
                    i -= 1
                first_over = i
            else:  # step on to the first line that does not fit (n + 1: they all fit)
                while i < n and not over(i + 1):
                    i += 1
                first_over = i + 1
            out.append(" ".join(words[: first_over - 1]))
            words = words[first_over - 1 :]
    return "\n".join(out)


def prewrap(text: Text) -> None:
    """Wrap a ``wrap=True`` text of a figure with an Agg canvas now, as matplotlib would when
    drawing it (the same lines, see :func:`wrap_words`; its rotation mode set to "anchor", as
    matplotlib's wrapping does), and turn its wrapping off: the chart :func:`png_bytes` draws
    is the same, its text measured less. The lines are those of the figure's size and dpi (what
    :func:`png_bytes` draws). A text matplotlib would not wrap (TeX), or a figure without an Agg
    canvas, is left to matplotlib."""
    fig = text.get_figure(root=True)
    if not text.get_wrap() or text.get_usetex() or fig is None:
        return
    if not isinstance(fig.canvas, FigureCanvasAgg):
        return
    text._renderer = fig.canvas.get_renderer()  # what Text.draw sets before wrapping
    width = text._get_wrap_line_width()
    text.set_text(wrap_words(text.get_text(), width, text._get_rendered_text_width))
    text.set_wrap(False)


def png_bytes(fig: Figure) -> bytes:
    """Render to PNG with fixed metadata (no software version, no date): same chart, same bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def source_note(publishers: Sequence[str], lang: str = "en", *, cpi: bool = False) -> str:
    names = sorted({p for p in publishers if isinstance(p, str) and p})
    note = t("chart.source", lang, sources="; ".join(names))
    return note + (" " + t("chart.cpi", lang) if cpi else "")


# ---------------------------------------------------------------------------------------------
# charts


def chart_figures_by_program(figures: pd.DataFrame, lang: str = "en") -> Figure | None:
    """How many figures the registry holds per programme, by basis (None: no figure)."""
    if figures.empty:
        return None
    counts = (
        figures.assign(program=figures["program"].astype(str), basis=figures["basis"].astype(str))
        .groupby(["program", "basis"], observed=True)
        .size()
        .unstack(fill_value=0)
    )
    counts.index = [label(p, lang) for p in counts.index]
    counts.columns = [label(b, lang) for b in counts.columns]
    fig, ax = _new()
    counts.plot.barh(stacked=True, ax=ax, color=PALETTE[: len(counts.columns)], width=0.7)
    ax.set_xlabel(t("chart.figures_by_program.x", lang))
    ax.set_ylabel("")
    ax.legend(title=label("basis", lang), loc="lower right")
    return finish(
        fig,
        t("chart.figures_by_program.title", lang),
        t("chart.source_registry", lang, n=len(figures), sources=figures["source_id"].nunique()),
    )


def chart_blkk_timeline(
    timeline: pd.DataFrame, publishers: Sequence[str], lang: str = "en"
) -> Figure | None:
    """BLK Komunitas built each year (bars; hatched where derived) and the running total (line);
    None when no year has a count."""
    if timeline.empty or timeline["cumulative"].isna().all():
        return None
    fig, ax = _new()
    years = timeline["year"].astype(int).to_numpy()
    built = timeline["built"].to_numpy(dtype=float)
    derived = timeline["built_derived"].to_numpy(dtype=bool)
    bars = ax.bar(years, built, color=PALETTE[0], label=t("chart.timeline.built", lang))
    for bar, d in zip(bars, derived, strict=True):
        if d:
            bar.set_hatch("//")
            bar.set_facecolor("white")
            bar.set_edgecolor(PALETTE[0])
    target = timeline["target"].to_numpy(dtype=float)
    ax.scatter(
        years,
        target,
        marker="_",
        s=500,
        color=PALETTE[3],
        zorder=3,
        label=t("chart.timeline.target", lang),
    )
    ax.set_ylabel(t("chart.timeline.y_built", lang))
    ax.yaxis.set_major_formatter(count_formatter(lang))
    ax2 = ax.twinx()
    ax2.plot(
        years,
        timeline["cumulative"],
        color=PALETTE[1],
        marker="o",
        label=t("chart.timeline.cumulative", lang),
    )
    ax2.set_ylabel(t("chart.timeline.y_cumulative", lang))
    ax2.yaxis.set_major_formatter(count_formatter(lang))
    ax2.grid(False)
    ax2.set_ylim(0, np.nanmax(timeline["cumulative"]) * 1.1)
    ax.set_xticks(years)
    handles = ax.get_legend_handles_labels()
    handles2 = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="upper left")
    ax.set_xlabel(t("chart.year", lang))
    return finish(
        fig,
        t("chart.timeline.title", lang),
        source_note(publishers, lang) + " " + t("chart.timeline.note", lang),
    )


def chart_intensity(intensity: pd.DataFrame, lang: str = "en", inputs: Any = None) -> Figure | None:
    """Rupiah per BLK-year, nominal and real, with the ranges of ambiguous budgets."""
    from blkanalysis.model.intensity import intensity_rows

    data = intensity_rows(intensity, inputs)
    if data.empty:
        return None
    fig, ax = _new()
    x = np.arange(len(data))
    w = 0.38
    bases = list(data["basis"].astype(str))
    base_year = int(data["base_year"].iloc[0])
    series = []
    for i, (col, name) in enumerate(
        (("idr_per_unit_year", "chart.nominal"), ("idr_per_unit_year_real", "chart.real"))
    ):
        vals = data[col].to_numpy(dtype=float)
        low = data[f"{col}_low"].to_numpy(dtype=float)
        high = data[f"{col}_high"].to_numpy(dtype=float)
        err = np.vstack([vals - low, high - vals])
        basis_bars(ax, x + (i - 0.5) * w, vals, w, PALETTE[i], bases, yerr=err)
        series.append((t(name, lang, base_year=base_year), PALETTE[i]))
    # the reference the multiples are measured from: the first period, in real terms
    first = float(data["idr_per_unit_year_real"].iloc[0])
    ref = {
        "color": "#333333",
        "linestyle": "-.",
        "linewidth": 1,
        "label": t("chart.intensity.reference", lang, period=data["period"].iloc[0]),
    }
    ax.axhline(first, **{k: v for k, v in ref.items() if k != "label"})
    ax.set_xticks(
        x,
        [
            f"{p}\n({label(b, lang)})"
            for p, b in zip(data["period"], data["basis"].astype(str), strict=True)
        ],
    )
    ax.yaxis.set_major_formatter(idr_formatter(lang))
    ax.set_ylabel(t("chart.intensity.y", lang))
    basis_legend(ax, series, bases, lang, loc="upper left", extra=[ref])
    return finish(
        fig,
        t("chart.intensity.title", lang),
        source_note(data["publisher"], lang, cpi=True) + " " + t("chart.intensity.note", lang),
    )


def chart_per_trainee(split: pd.DataFrame, lang: str = "en") -> Figure | None:
    """Cost per trainee in real terms: all in and training alone (where a year allows), each
    bar drawn by its basis; comparators (another programme) in grey, after a gap. None: no
    budget names its trainees."""
    if split.empty:
        return None
    fig, ax = _new((WIDTH, 3.8))
    w = 0.38
    comp = split["comparator"].astype(bool).to_numpy()
    x = np.arange(len(split)) + np.where(comp, 0.6, 0.0)  # a gap before the comparators
    bases = list(split["basis"].astype(str))
    base_year = int(split.attrs.get("base_year", 0)) or None
    grey = (0.6, 0.6, 0.6)
    own = ~comp
    basis_bars(
        ax,
        x[own] - w / 2,
        split.loc[own, "idr_per_trainee_real"],
        w,
        PALETTE[0],
        [b for b, o in zip(bases, own, strict=True) if o],
    )
    has = own & split["idr_per_trainee_training_real"].notna().to_numpy()
    basis_bars(
        ax,
        x[has] + w / 2,
        split.loc[has, "idr_per_trainee_training_real"],
        w,
        PALETTE[2],
        [b for b, o in zip(bases, has, strict=True) if o],
    )
    basis_bars(
        ax,
        x[comp],
        split.loc[comp, "idr_per_trainee_real"],
        w,
        grey,
        [b for b, o in zip(bases, comp, strict=True) if o],
    )
    series = [
        (t("chart.per_trainee.all_in", lang), PALETTE[0]),
        (t("chart.per_trainee.training", lang), PALETTE[2]),
    ]
    if comp.any():
        series.append((t("chart.per_trainee.comparator", lang), grey))
    ax.set_xticks(
        x,
        [
            f"{label(str(p), lang)}\n{per}" if c else str(per)
            for p, per, c in zip(split["program"], split["period"], comp, strict=True)
        ],
    )
    ax.yaxis.set_major_formatter(idr_formatter(lang))
    ax.set_ylabel(t("chart.per_trainee.y", lang))
    basis_legend(ax, series, bases, lang, loc="upper right")
    title = t("chart.per_trainee.title", lang, base_year=base_year or "–")
    return finish(fig, title, source_note(split["publisher"], lang, cpi=True))


def chart_implied_budgets(
    table: pd.DataFrame, publishers: Sequence[str], lang: str = "en"
) -> Figure | None:
    """Implied budget (real) per multiplier, stacked by the targets counted in the total (the
    columns shown apart, after the total, are not drawn: they restate what is stacked)."""
    from blkanalysis.model.scaling import total_parts

    cols = total_parts(table)
    if table.empty or not cols or table[cols].isna().all().all():
        return None
    fig, ax = _new()
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    series = []
    for i, c in enumerate(cols):  # what targets imply, priced by the model: not money
        vals = table[c].fillna(0).to_numpy(dtype=float)
        basis_bars(ax, x, vals, 0.6, PALETTE[i], ["target"] * len(x), bottom=bottom)
        series.append((label(c, lang), PALETTE[i]))
        bottom += vals
    ax.set_xticks(x, [format_multiplier(m, lang=lang) for m in table["multiplier"]])
    ax.set_xlabel(t("chart.multiplier", lang))
    ax.yaxis.set_major_formatter(idr_formatter(lang))
    ax.set_ylabel(t("chart.implied.y", lang))
    names = {"target": t("chart.implied.basis", lang)}
    basis_legend(ax, series, ["target"], lang, names, loc="upper left")
    return finish(fig, t("chart.implied.title", lang), source_note(publishers, lang, cpi=True))


def chart_sensitivity(
    grid: pd.DataFrame, value: str, lang: str = "en", publishers: Sequence[str] = ()
) -> Figure | None:
    """Heat map of a sweep result over multiplier (columns) and unit cost multiplier (rows)."""
    pivot = grid.pivot_table(index="unit_cost_multiplier", columns="multiplier", values=value)
    pivot = pivot.sort_index(ascending=False)
    if pivot.empty or pivot.isna().all().all():  # nothing could be costed under this scenario
        return None
    fig, ax = _new((WIDTH, 4.8))
    annot = pivot.map(lambda v: format_idr(v, digits=1, lang=lang).replace(" ", "\n", 1))
    sns.heatmap(
        pivot / 1e12,
        ax=ax,
        cmap="viridis",
        annot=annot,
        fmt="",
        annot_kws={"fontsize": 7},
        cbar_kws={"label": t("chart.sensitivity.cbar", lang)},
    )
    ax.set_xticklabels([format_multiplier(m, lang=lang) for m in pivot.columns])
    ax.set_yticklabels([format_multiplier(m, lang=lang) for m in pivot.index], rotation=0)
    ax.set_xlabel(t("chart.multiplier", lang))
    ax.set_ylabel(t("chart.sensitivity.y", lang))
    return finish(fig, t("chart.sensitivity.title", lang), source_note(publishers, lang, cpi=True))


def new_figure(figsize: tuple[float, float] = (WIDTH, HEIGHT)) -> tuple[Figure, plt.Axes]:
    """A figure and its axes in the project's style, for charts defined in other modules."""
    return _new(figsize)
