"""Export an executed notebook to a reader's HTML report, in-process (nbconvert's Python API).

The exporter is nbconvert's ``HTMLExporter`` with the ``blk_offline`` template (``lab`` without
any CDN script), no code (inputs and prompts excluded), images embedded as data URIs, and the
runner's header (scenario, parameters table) and footer (sources, provenance). It is created
once per worker process and reused. After rendering, :func:`~.offline.make_offline` neutralises
anything a notebook's own output would make a browser fetch from elsewhere.

The report shows what a reader needs: stderr streams (warnings) are left out of the HTML (they
stay in the executed ``.ipynb``), and the runner's own key-figure and source outputs are shown
only through their HTML rendering. JavaScript and widget outputs are not rendered (they would
need scripts); their text/HTML fallback is shown when they have one.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from blkanalysis.handoff import KEY_FIGURE_IDS_MIME, KEY_FIGURES_MIME, SOURCES_MIME
from blkanalysis.reports.offline import ATTR_RE, ExternalLoad, make_offline

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "blk_offline"

#: what the report may render, best first (no JavaScript, no widgets: they need scripts)
DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]
_RUNNER_MIMES = (KEY_FIGURES_MIME, KEY_FIGURE_IDS_MIME, SOURCES_MIME)


#: the alternative text nbconvert gives an image that has none
NO_ALT = "No description has been provided for this image"
#: nbconvert makes these elements focusable (``tabindex="0"``), for keyboard readers
_FOCUSABLE = frozenset({"jp-Cell-inputWrapper", "jp-OutputArea-output"})
_START_TAG_RE = re.compile(
    r"""<(?P<tag>div|img)(?P<attrs>(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
    r"""(?P<end>\s*/?>)""",
    re.IGNORECASE,
)


def accessible(html: str) -> str:
    """What nbconvert's HTMLExporter does to its page after rendering, without re-parsing and
    re-serialising the whole page with BeautifulSoup (about half of a report's export time):
    an image without alternative text gets nbconvert's, and every cell input and output area is
    focusable (``tabindex="0"``). The page reads the same, node for node (tested)."""

    def edit(m: re.Match[str]) -> str:
        attrs = {a["name"].lower(): a["value"] for a in ATTR_RE.finditer(m["attrs"])}
        if m["tag"].lower() == "img":
            if "alt" in attrs:
                return m[0]
            added = f' alt="{NO_ALT}"'
        else:
            value = attrs.get("class") or ""
            classes = set(value.strip("\"'").split())
            if not classes & _FOCUSABLE or "tabindex" in attrs:
                return m[0]
            added = ' tabindex="0"'
        return f"<{m['tag']}{m['attrs']}{added}{m['end']}"

    return _START_TAG_RE.sub(edit, html)


def _exporter_class() -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTMLExporter whose page is finished by :func:`accessible` instead of a
        BeautifulSoup pass over the whole page (the rest as in nbconvert 7)."""

        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> Any:
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

        def _validate_preprocessor(self, nbc: Any, preprocessor: Any) -> None:
            """Not validated against the notebook schema after each preprocessor (a dozen
            validations of the whole notebook per report): the runner writes the executed
            notebook with nbformat, which validates it once, and the preprocessors are
            nbconvert's own and :func:`for_reader`'s."""

    return ReportExporter


def make_exporter() -> Any:
    """A configured HTMLExporter (slow to create: make one per process and reuse it)."""
    from traitlets.config import Config

    HTMLExporter = _exporter_class()

    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.HTMLExporter.template_name = TEMPLATE_NAME
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.embed_images = True
    c.HTMLExporter.theme = "light"
    c.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = ("remove-cell", "remove_cell")
    c.TagRemovePreprocessor.remove_all_outputs_tags = ("remove-output", "remove_output")
    c.TagRemovePreprocessor.remove_input_tags = ("remove-input", "remove_input")
    return HTMLExporter(config=c)


@lru_cache(maxsize=1)
def exporter() -> Any:
    """The process's exporter (created on first use)."""
    return make_exporter()


@lru_cache(maxsize=1)
def _parts_env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    return env


@lru_cache(maxsize=1)
def _css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def format_value(value: Any) -> str:
    """A parameter value as a reader sees it: text as is, the rest as JSON (true, null, [1, 2])."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def shown_value(name: str, value: Any, labels: Mapping[str, str]) -> str:
    """A parameter's value in the reader's words: the labels may name any value
    (``value.<parameter>.<value as format_value writes it>``, e.g. ``value.price_point.december``
    or ``value.include_leads.false``); a list shows each item so, joined with commas. Values the
    labels do not name are shown as :func:`format_value` writes them."""

    def one(v: Any) -> str:
        code = format_value(v)
        return labels.get(f"value.{name}.{code}", code)

    if isinstance(value, list | tuple):
        return ", ".join(one(v) for v in value)
    return one(value)


def download_files(stem: str, tables: Sequence[tuple[str, list[str], list[list[Any]]]]):
    """The downloads of a report whose notebook handed over ``tables`` (name, columns, rows):
    ``<stem>.data/<name>.csv`` each, and ``<stem>.xlsx`` with a sheet per table, as
    ``{path relative to the report's directory: bytes}`` (the same bytes on every run); none
    without tables."""
    import pandas as pd

    from blkanalysis import downloads

    if not tables:
        return {}
    frames = {name: pd.DataFrame(rows, columns=cols) for name, cols, rows in tables}
    out = {f"{stem}.data/{name}.csv": downloads.csv_bytes(df) for name, df in frames.items()}
    out[f"{stem}.xlsx"] = downloads.xlsx_bytes(frames)
    return out


def download_links(paths: Sequence[str]) -> dict[str, Any]:
    """The header's links to a report's downloads: the workbook, then each CSV by its name."""
    xlsx = next((p for p in paths if p.endswith(".xlsx")), None)
    csv = [
        (p.rsplit("/", 1)[-1].removesuffix(".csv"), href(p)) for p in paths if p.endswith(".csv")
    ]
    return {"xlsx": href(xlsx), "csv": csv}


def href(rel: str | None) -> str | None:
    """A path relative to the output directory as a link (each part percent-quoted)."""
    from urllib.parse import quote

    if not rel:
        return None
    return "/".join(quote(part) for part in rel.split("/"))


def render_parts(
    context: Mapping[str, Any], sources: Sequence[Mapping[str, str]]
) -> tuple[str, str]:
    """The report's header and footer HTML (escaped), from the run's context."""
    from blkanalysis.reports.labels import DEFAULT_LABELS

    module = _parts_env().get_template("report_parts.html.j2").module
    labels = {**DEFAULT_LABELS, **(context.get("labels") or {})}
    shows = set(context.get("shows") or ())
    header = module.header(
        {
            "L": labels,
            "show_parameters": "parameters" not in shows,
            "scenario": context["scenario"],
            "scenario_title": context.get("scenario_title") or context["scenario"],
            "author": context.get("author"),
            "rationale": context.get("rationale"),
            "parameters": [
                (k, shown_value(k, v, labels)) for k, v in context.get("parameters", {}).items()
            ],
            "downloads": download_links(context.get("downloads") or []),
        }
    )
    footer = module.footer(
        {
            "L": labels,
            "show_sources": "sources" not in shows,
            "sources": list(sources),
            "references": list(context.get("references") or []),
            "notebook": context["notebook_file"],
            "notebook_sha256": context["notebook_sha256"],
            "scenario": context["scenario"],
            "scenario_file": context.get("scenario_file"),
            "inputs": sorted(context.get("inputs", {}).items()),
            "runner": context.get("runner"),
            "python": context.get("python"),
            "packages": sorted(context.get("packages", {}).items()),
        }
    )
    return str(header), str(footer)


def for_reader(nb: Any) -> Any:
    """A copy of the executed notebook with what a reader should not see removed."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            otype = out.get("output_type")
            if otype == "stream" and out.get("name") == "stderr":
                continue
            if otype in ("display_data", "execute_result"):
                data = dict(out.get("data", {}))
                for mime in _RUNNER_MIMES:
                    data.pop(mime, None)
                renderable = [m for m in DISPLAY_PRIORITY if m in data]
                if not renderable or (renderable == ["text/plain"] and not data["text/plain"]):
                    continue
                out = copy.deepcopy(out)
                out["data"] = data
            kept.append(out)
        cell["outputs"] = kept
    return nb


def export_html(
    nb: Any,
    context: Mapping[str, Any],
    sources: Sequence[Mapping[str, str]],
    *,
    notebook_dir: Path | None = None,
) -> tuple[str, list[ExternalLoad]]:
    """Render the report; return its HTML and the external loads that were neutralised."""
    ex = exporter()
    header, footer = render_parts(context, sources)
    lang = context.get("language") or "en"
    ex.language_code = lang if isinstance(lang, str) and len(lang) == 2 else "en"
    title = context.get("title") or context["notebook"]
    reader_nb = for_reader(nb)
    # nbconvert's <title> is the notebook's metadata title (English, as written) if it has one:
    # the page's title is the runner's, in the report's language
    reader_nb.metadata["title"] = title
    resources = {
        "metadata": {"name": title, "path": str(notebook_dir or "")},
        "blk": {"header_html": header, "footer_html": footer, "css": _css()},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. "not able to be represented", missing alt text
        body, _ = ex.from_notebook_node(reader_nb, resources=resources)
    return make_offline(body)
