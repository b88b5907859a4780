"""Glue for the notebooks: validate parameters, show headings, text, tables, charts and sources.

A notebook cell stays a line or two (from ``notebooks/02_budget_intensity.ipynb``)::

    nb = notebook.start(globals(), "intensity")  # validates the parameters cell, shows them
    nb.heading("intensity.per_blk")
    table = intensity.budget_intensity(nb.inputs, scenario=nb.scenario)
    nb.table(*views.intensity(table))  # a view: the frame and its columns' kinds
    nb.chart(plotting.chart_intensity(table, nb.lang, nb.inputs))
    nb.sources()  # the registry figures the tables above used

Every output is deterministic (no timestamps, ids or memory addresses), so nbval can compare
the notebooks' text outputs strictly and the HTML reports are byte-identical on a rerun. All
text comes from the catalogue in :mod:`blkanalysis.present.i18n`, in the scenario's language;
values taken from data are escaped before they reach HTML or Markdown.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from blkanalysis.data.inputs import Inputs, load_inputs
from blkanalysis.data.registry import wording_recorded
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.select import inputs_of
from blkanalysis.present import views
from blkanalysis.present.cite import (
    COLUMN_IDS,
    ID_COLUMNS,
    Marked,
    cell_ids,
    cite,
    cited_ids,
    count,
    plain,
    refs,
    renumber,
    source_anchor,
)
from blkanalysis.present.i18n import label, param_help, param_value, t
from blkanalysis.text.numbers import (
    format_count,
    format_idr,
    format_idr_scaled,
    format_multiple,
    format_number,
    format_percent,
)


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _value(value: Any) -> str:
    """A value for a paragraph: escaped, unless already marked up (:class:`~.cite.Marked`)."""
    return value if isinstance(value, Marked) else _esc(value)


def fmt(value: Any, kind: str, lang: str = "en") -> str:
    """One cell formatted for a reader: rupiah, counts, percents, multiples, years, text."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if kind == "idr":
        return format_idr(float(value), lang=lang)
    if kind == "idr_long":
        return format_idr(float(value), short=False, lang=lang)
    if kind == "count":
        return format_number(float(value), digits=0 if float(value).is_integer() else 1, lang=lang)
    if kind == "idr_trillion":  # a column on one scale whose total is the sum of what is shown
        return format_idr_scaled(float(value), 12, digits=2, lang=lang)
    if kind == "whole":  # a derived count shown to the precision of its inputs
        return format_number(float(value), digits=0, lang=lang)
    if kind == "count_short":
        return format_count(float(value), lang=lang)
    if kind in ("share", "parameter_share"):  # a fraction shown as a percent
        return format_percent(float(value) * 100, digits=1, lang=lang)
    if kind == "percent":
        return format_percent(float(value), digits=2, lang=lang)
    if kind == "multiple":
        return format_multiple(float(value), lang=lang)
    # a parameter or a span of years: numbers no figure states (not linked)
    if kind in ("number", "parameter", "years"):
        return format_number(float(value), digits=2, lang=lang)
    if kind == "bool":
        return t("yes", lang) if bool(value) else t("no", lang)
    if kind == "label":
        return label(str(value), lang)
    if kind == "basis_pair":
        return " → ".join(label(part.strip(), lang) for part in str(value).split("->"))
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return str(value)


def view(df: pd.DataFrame, columns: Mapping[str, str], lang: str = "en") -> pd.DataFrame:
    """A new frame of formatted strings: ``columns`` maps column -> kind; headers translated."""
    out = pd.DataFrame(
        {label(col, lang): [fmt(v, kind, lang) for v in df[col]] for col, kind in columns.items()}
    )
    return out.reset_index(drop=True)


#: the kinds of cell that hold a number derived from registry figures (linked to their sources)
NUMBER_KINDS = frozenset(
    {"idr", "idr_long", "count", "idr_trillion", "whole", "count_short", "share", "percent"}
    | {"multiple", "number"}
)


def table_html(
    df: pd.DataFrame,
    links: list[list[str]] | None = None,
    cells: list[Mapping[str, list[str]]] | None = None,
    refs_header: str | None = None,
    numbered: Mapping[str, int] | None = None,
) -> str:
    """A plain, escaped HTML table (no inline styles). ``cells``: per row, the columns whose
    values link to a figure's sources row, each with the figure ids it rests on (the first is
    the link). ``links``: per row, every figure the row rests on: with ``refs_header`` a last
    column lists them (``[3, 7]``, numbered as ``numbered`` numbers the figures; see
    :func:`~.cite.renumber`)."""
    cols = list(df.columns)
    with_refs = refs_header is not None and links is not None and any(links)
    head = "".join(f"<th>{_esc(c)}</th>" for c in cols)
    if with_refs:
        head += f'<th class="blk-refs">{_esc(refs_header)}</th>'
    rows = []
    for i, row in enumerate(df.itertuples(index=False)):
        ids = links[i] if links is not None else []
        linked = cells[i] if cells is not None else {}
        cells_ = [
            cite(v, linked[c][:1]) if c in linked else _esc(v)
            for c, v in zip(cols, row, strict=True)
        ]
        if with_refs:
            cells_.append(renumber(refs(ids, sup=False), numbered or {}) if ids else "–")
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells_) + "</tr>")
    body = "".join(rows)
    return f'<table class="blk-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def row_ids(df: pd.DataFrame, known: set[str]) -> list[list[str]]:
    """Per row of ``df``, the registry figure ids in its id columns (:data:`ID_COLUMNS`, in
    that order, each once; a cell may list several, comma-separated)."""
    cols = [c for c in ID_COLUMNS if c in df.columns]
    out = []
    for values in df[cols].itertuples(index=False, name=None):
        ids: list[str] = []
        for v in values:
            for part in str(v).split(",") if isinstance(v, str) else []:
                part = part.strip()
                if part in known and part not in ids:
                    ids.append(part)
        out.append(ids)
    return out


def _words(body: str) -> dict[str, str]:
    """A display bundle of words: the Markdown rendered to HTML here (its numbers' links are
    inline HTML, which nbconvert's Markdown renderer breaks apart when it embeds images), the
    Markdown itself and plain text."""
    import mistune

    return {"text/html": mistune.html(body), "text/markdown": body, "text/plain": plain(body)}


def _display(bundle: dict[str, Any]) -> None:
    from IPython.display import display

    display(bundle, raw=True)


#: the name of the sources' download (its CSV and its sheet), which no section's table takes
SOURCES_SHEET = "figure_sources"

#: the columns of the sources download: each record's value and provenance, as data
SOURCE_DOWNLOAD = [
    "ref",
    "id",
    "quantity",
    "value",
    "unit",
    "period",
    "as_stated",
    "quote",
    "speaker",
    "publisher",
    "title",
    "url",
    "published",
    "reliability",
    "preferred",
    "flag",
    "source_id",
]


@dataclass
class Notebook:
    """The state a notebook carries: its scenario, the figures, and the figures it used."""

    name: str
    scenario: Scenario
    figures: pd.DataFrame  # the analysis inputs (grade C leads only if the scenario asks)
    all_figures: pd.DataFrame  # every figure, leads included, for references and sources
    #: the figures, CPI and model of the data directory, loaded once by :func:`start`
    inputs: Inputs | None = None
    used: set[str] = field(default_factory=set)
    scenario_name: str = "baseline"
    cpi_years: set[int] = field(default_factory=set)
    section: str | None = None  # the catalogue key of the last section heading
    #: figure id -> the sections (catalogue keys) whose tables use it, in order
    used_in: dict[str, list[str]] = field(default_factory=dict)
    #: figure id -> its number in the sources table (in the order the report first uses it)
    numbers: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)  # download names used so far

    @property
    def lang(self) -> str:
        return self.scenario.lang

    # --- text ---------------------------------------------------------------------------------

    def heading(self, key: str, level: int = 2, **values: Any) -> None:
        """A heading from the catalogue; sections (level 2 and below) carry a fixed id
        (:func:`~blkanalysis.present.findings.anchor` of ``key``) that findings link to."""
        from blkanalysis.present.findings import anchor

        text = t(key, self.lang, **{k: _esc(v) for k, v in values.items()})
        if level > 1:
            self.section = key  # the tables below it are downloads named after it
        target = f'<span id="{anchor(key)}"></span>' if level > 1 else ""
        _display({"text/markdown": f"{'#' * level} {target}{text}", "text/plain": text})

    def text(self, key: str, **values: Any) -> None:
        """A paragraph from the catalogue; values are escaped (they may come from data)."""
        body = t(key, self.lang, **{k: _value(v) for k, v in values.items()})
        _display(_words(self._cite(body)))

    def markdown(self, body: str | None) -> None:
        """Markdown produced by :mod:`blkanalysis.present.narrative` (already escaped, its
        numbers linked to their figures: those join the sources table); None (the scenario
        leaves nothing to say here) is said in words (``text.no_data``)."""
        if body is None:
            body = t("text.no_data", self.lang)
        _display(_words(self._cite(body)))

    def _cite(self, body: str) -> str:
        """The figures a text links to are used here (the sources table lists them); the text
        with its reference marks numbered as the sources table numbers them."""
        self._used(cited_ids(body))
        return renumber(body, self.numbers)

    # --- tables and charts --------------------------------------------------------------------

    def use(self, *frames: pd.DataFrame) -> None:
        """Note the registry figures behind these tables, for the sources table (which says
        in which section each is used)."""
        known = set(self.all_figures["id"])
        for df in frames:
            for ids in row_ids(df, known):
                self._used(ids)

    def _used(self, ids: list[str]) -> None:
        for part in ids:
            self.used.add(part)
            self.numbers.setdefault(part, len(self.numbers) + 1)
            where = self.used_in.setdefault(part, [])
            if self.section and self.section not in where:
                where.append(self.section)

    def table(self, df: pd.DataFrame, columns: Mapping[str, str], *, use: bool = True) -> None:
        if use:
            self.use(df)
        if df.empty:  # the scenario leaves this table nothing: words, not empty headers
            self.text("table.no_data")
            return
        shown = view(df, columns, self.lang)
        known = set(self.all_figures["id"])
        frame = df.reset_index(drop=True)
        links = row_ids(frame, known)
        # a number links to its own figure (its column's ids), else to its row's first
        linked = [c for c, kind in columns.items() if kind in NUMBER_KINDS or c in COLUMN_IDS]
        cells = [
            {
                label(c, self.lang): [i for i in cell_ids(record, c) if i in known] or row
                for c in linked
            }
            for record, row in zip(frame.to_dict("records"), links, strict=True)
        ]
        header = label("source_figures", self.lang)
        page = table_html(shown, links, cells, header, self.numbers)
        _display({"text/html": page, "text/plain": shown.to_string(index=False)})
        self.download(df[[c for c in columns if c in df.columns]])

    def download(self, df: pd.DataFrame, name: str | None = None) -> None:
        """Hand a table's values to the runner for the report's downloads (CSV and a sheet of
        the workbook), named after the section it is shown in (``-2``, ``-3`` for more)."""
        from blkanalysis.handoff import table

        base = name or (self.section.split(".", 1)[-1] if self.section else "table")
        base = re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-")[:28] or "table"
        if name is None and base == SOURCES_SHEET:
            base = "table"
        n = self.tables.get(base, 0) + 1
        self.tables[base] = n
        table(base if n == 1 else f"{base}-{n}", df)

    def chart(self, fig: Any, alt: str | None = None) -> None:
        """A chart; None (a chart function with no data draws nothing) is said in words."""
        from blkanalysis.present.plotting import png_bytes

        if fig is None:
            self.text("chart.no_data")
            return

        data = base64.b64encode(png_bytes(fig)).decode("ascii")
        title = alt or (fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else "chart")
        _display({"image/png": data, "text/plain": t("chart.alt", self.lang, title=title)})

    # --- parameters, key figures, sources -------------------------------------------------------

    def parameters(self) -> None:
        params = self.scenario.params()
        rows = [
            {
                "parameter": name,
                "value": param_value(name, value, self.lang),
                "meaning": param_help(name, self.lang),
            }
            for name, value in params.items()
        ]
        df = pd.DataFrame(rows)
        shown = view(df, {"parameter": "text", "value": "text", "meaning": "text"}, self.lang)
        _display({"text/html": table_html(shown), "text/plain": shown.to_string(index=False)})

    def findings(self) -> None:
        """The report's findings first: a sentence each, with its number and a link to the
        section whose table it rests on; their short values go to the report index."""
        from blkanalysis.handoff import key_figures
        from blkanalysis.present.findings import anchor, findings_for

        found = findings_for(self.name, self.scenario, inputs_of(self.inputs))
        self.heading("findings.title")
        if not found:
            self.text("text.no_data")
        items = [
            f"- {f.text} ({t('findings.see', self.lang)} "
            f"[{t(f.section, self.lang)}](#{anchor(f.section)}))"
            for f in found
        ]
        _display(_words(self._cite("\n".join(items))))
        if found:
            self.text("findings.legend")
        figures = {t(f.kf_key, self.lang): f.value for f in found if f.kf_key and f.value}
        ids = {t(f.kf_key, self.lang): list(f.ids) for f in found if f.kf_key and f.ids}
        key_figures(figures, show=False, ids=ids)

    def appendix(self) -> None:
        """The parameters behind every number above, at the end of the report."""
        self.heading("parameters.title")
        self.text("parameters.intro", scenario=self.scenario_name)
        self.parameters()

    def key_figures(self, mapping: Mapping[str, str]) -> None:
        """Headline numbers for the report index (and shown here)."""
        from blkanalysis.handoff import key_figures

        key_figures({t(k, self.lang): v for k, v in mapping.items()})

    def sources(self, cpi: bool = True) -> None:
        """The registry figures this notebook used, with publisher, date, grade, flag (a known
        problem the registry flags) and address; with ``cpi``, also the CPI years behind
        real-terms figures (a notebook without real terms leaves them out)."""
        from blkanalysis.handoff import figures_used
        from blkanalysis.present.narrative import flag_text

        self.heading("sources.title")
        # numbered in the order the report first uses them (what its reference marks say);
        # any not numbered yet follow, by publisher and date
        used = self.all_figures[self.all_figures["id"].isin(self.used)].sort_values(
            ["publisher", "published", "id"], na_position="last"
        )
        self._used([i for i in used["id"] if i not in self.numbers])
        used = used.assign(ref=used["id"].map(self.numbers)).sort_values("ref")
        rows = []
        for r in used.itertuples(index=False):
            date = (
                pd.Timestamp(r.published).strftime("%Y-%m-%d")
                if pd.notna(r.published)
                else t("sources.undated", self.lang)
            )
            rows.append(
                {
                    "ref": str(r.ref),
                    "id": r.id,
                    "used_in": "; ".join(t(k, self.lang) for k in self.used_in.get(r.id, []))
                    or "–",
                    "as_stated": views.as_stated(r, self.lang),
                    "quote": views.quote(r, self.lang),
                    "speaker": r.speaker if isinstance(r.speaker, str) else "–",
                    "publisher": r.publisher,
                    "published": date,
                    "reliability": str(r.reliability),
                    "flag": flag_text(r.flag, self.lang) if isinstance(r.flag, str) else "–",
                    "url": r.url if isinstance(r.url, str) else t("sources.no_url", self.lang),
                }
            )
        columns = [
            "ref",
            "id",
            "used_in",
            "as_stated",
            "quote",
            "speaker",
            "publisher",
            "published",
            "reliability",
            "flag",
        ]
        df = pd.DataFrame(rows, columns=[*columns, "url"])
        # for the runner: the records behind this report, and the files stating them
        figures_used(
            {"id": r.id, "file": _data_relative(r.source_file)}
            for r in used.itertuples(index=False)
        )
        self.download(used[[c for c in SOURCE_DOWNLOAD if c in used.columns]], name=SOURCES_SHEET)
        shown = view(df, {c: "text" for c in df.columns}, self.lang)
        _display(
            {
                "text/html": _sources_html(shown, self.lang, self.used_in),
                "text/plain": shown.to_string(index=False),
            }
        )
        self.text("sources.note", n=count(len(df)), sources=count(used["source_id"].nunique()))
        unrecorded = int((~used["quote"].map(wording_recorded)).sum())
        if unrecorded:
            self.text("sources.no_quote_note", n=count(unrecorded))
        if cpi:
            self._cpi_sources(used)

    def _cpi_sources(self, used: pd.DataFrame) -> None:
        """The CPI years behind the real-terms figures: from the earliest figure to the base."""
        if used.empty:
            return
        cpi = (self.inputs if self.inputs is not None else inputs_of(None)).cpi
        first = min(int(used["period_start"].min()), self.scenario.base_year)
        last = max(int(used["period_end"].max()), self.scenario.base_year)
        rows = cpi[(cpi["year"] >= first) & (cpi["year"] <= last) & cpi["inflation"].notna()]
        if rows.empty:
            return
        self.text("sources.cpi")
        shown = view(
            rows,
            {"year": "text", "inflation": "percent", "sources": "text", "urls": "text"},
            self.lang,
        )
        _display({"text/html": table_html(shown), "text/plain": shown.to_string(index=False)})


def _data_relative(path: Any) -> str:
    """A source file as the data directory names it (``sources/<file>.yaml``), wherever that
    directory is: the same report whatever ``--data`` copy it was built from."""
    parts = str(path).replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def _sources_html(
    df: pd.DataFrame, lang: str, used_in: Mapping[str, list[str]] | None = None
) -> str:
    """The sources table, with addresses as links (escaped; only http(s) addresses); each row
    carries its figure's anchor (:func:`source_anchor`, what numbers link to) and links the
    sections that use the figure."""
    from blkanalysis.present.findings import anchor

    url_col, id_col, used_col = label("url", lang), label("id", lang), label("used_in", lang)
    head = "".join(f"<th>{_esc(c)}</th>" for c in df.columns)
    body = []
    for row in df.to_dict("records"):
        cells = []
        for col, v in row.items():
            if col == url_col and str(v).startswith(("http://", "https://")):
                cells.append(f'<td><a href="{_esc(v)}" rel="noreferrer">{_esc(v)}</a></td>')
            elif col == used_col:
                keys = (used_in or {}).get(str(row[id_col]), [])
                links = "; ".join(f'<a href="#{anchor(k)}">{_esc(t(k, lang))}</a>' for k in keys)
                cells.append(f"<td>{links or '–'}</td>")
            else:
                cells.append(f"<td>{_esc(v)}</td>")
        figure = _esc(source_anchor(str(row[id_col])))
        body.append(f'<tr id="{figure}">' + "".join(cells) + "</tr>")
    return (
        '<table class="blk-table blk-sources"><thead><tr>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def start(namespace: Mapping[str, Any], name: str) -> Notebook:
    """Validate the notebook's parameters (stop with the scenario error if bad), show the
    title and introduction; :meth:`Notebook.findings` follows, :meth:`Notebook.appendix`
    (the parameters) ends the report."""
    scenario = Scenario.from_namespace(namespace, source=f"parameters of notebook {name!r}")
    inputs = load_inputs()  # the notebook's one load: everything below uses nb.inputs
    nb = Notebook(
        name=name,
        scenario=scenario,
        figures=inputs.figures_for(scenario.include_leads).reset_index(drop=True),
        all_figures=inputs.figures,
        inputs=inputs,
    )
    nb.scenario_name = str(namespace.get("scenario_name", "baseline"))
    nb.heading(f"{name}.title", level=1)
    nb.text(f"{name}.intro")
    return nb
