"""Helpers a notebook calls to hand facts to the runner: key figures and sources.

Both are ``display()``-ed under a custom MIME type, so they travel in the executed notebook's
outputs; the runner reads them back (``collect``) for the index and the report's Sources section.
They also carry an HTML rendering (unless ``show=False``) so the notebook and report show them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

KEY_FIGURES_MIME = "application/vnd.blkanalysis.key-figures+json"
SOURCES_MIME = "application/vnd.blkanalysis.sources+json"
FIGURES_MIME = "application/vnd.blkanalysis.figures+json"
TABLE_MIME = "application/vnd.blkanalysis.table+json"
#: the registry figures behind each key figure (``{label: [figure id, ...]}``)
KEY_FIGURE_IDS_MIME = "application/vnd.blkanalysis.key-figure-ids+json"


def key_figures(
    mapping: Mapping[str, Any],
    *,
    show: bool = True,
    ids: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Emit key figures (a flat ``{label: formatted value}`` mapping) for the report index.

    Values should be formatted strings (e.g. ``"Rp 1,2 triliun"``); other values are passed
    through ``str()``. Several calls in one notebook are merged (a later label wins). ``ids``:
    per label, the registry figures the value rests on (the index links the value to the first
    one's row in the report's sources table; a change names them).
    """
    from IPython.display import display

    data = {str(k): v if isinstance(v, str) else str(v) for k, v in mapping.items()}
    bundle: dict[str, Any] = {KEY_FIGURES_MIME: data}
    behind = {str(k): [str(i) for i in v] for k, v in (ids or {}).items() if str(k) in data and v}
    if behind:
        bundle[KEY_FIGURE_IDS_MIME] = behind
    if show:
        rows = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in data.items()
        )
        bundle["text/html"] = f'<table class="blk-key-figures"><tbody>{rows}</tbody></table>'
        bundle["text/plain"] = "\n".join(f"{k}: {v}" for k, v in data.items())
    else:
        bundle["text/plain"] = ""
    display(bundle, raw=True)


def sources(items: Iterable[Mapping[str, Any] | str], *, show: bool = False) -> None:
    """Emit the sources a notebook used, listed at the end of its HTML report.

    Each item is a string or a mapping with ``title`` and optionally ``url`` and ``note``.
    By default nothing shows in the notebook itself (the report lists them at the end).
    """
    from IPython.display import display

    data = [normalise_source(i) for i in items]
    bundle: dict[str, Any] = {SOURCES_MIME: data}
    bundle["text/plain"] = "\n".join(_source_text(s) for s in data) if show else ""
    display(bundle, raw=True)


def figures_used(items: Iterable[Mapping[str, Any]]) -> None:
    """Emit the data records a notebook's numbers rest on, each ``{"id": ..., "file": ...}``
    (the file that states it), shown nowhere: the runner keeps them in the manifest, to say
    which records are behind a key figure that moved since the previous build."""
    from IPython.display import display

    data = [{"id": str(i["id"]), "file": str(i.get("file") or "")} for i in items]
    display({FIGURES_MIME: data, "text/plain": ""}, raw=True)


def _handed(nb: Any, mime: str) -> Iterator[Any]:
    """Each value handed over under ``mime`` in an executed notebook's outputs, in order."""
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = out.get("data") or {}
            if mime in data:
                yield data[mime]


def record_anchor(record_id: str) -> str:
    """The HTML id of a data record's row in a report's sources table (what numbers, and the
    index's key figures, link to)."""
    return f"src-{record_id}"


def collect_key_figure_ids(nb: Any) -> dict[str, list[str]]:
    """The figures behind each key figure (:func:`key_figures`' ``ids``; merged, later wins)."""
    found: dict[str, list[str]] = {}
    for handed in _handed(nb, KEY_FIGURE_IDS_MIME):
        if isinstance(handed, dict):
            found.update({str(k): [str(i) for i in v] for k, v in handed.items() if v})
    return found


def collect_figures(nb: Any) -> list[dict[str, str]]:
    """The records of :func:`figures_used` in an executed notebook (in order, once each)."""
    found: list[dict[str, str]] = []
    for items in _handed(nb, FIGURES_MIME):
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("id"):
                rec = {"id": str(item["id"]), "file": str(item.get("file") or "")}
                if rec not in found:
                    found.append(rec)
    return found


def table(name: str, df: Any) -> None:
    """Emit a table's values (not their formatting) for the report's downloads, shown nowhere:
    the runner writes each as ``<report>.data/<name>.csv`` and all of them as the sheets of
    ``<report>.xlsx`` (:mod:`blkanalysis.downloads`). ``name``: a plain file name, unique in
    the notebook (letters, digits, ``-`` and ``_``)."""
    from IPython.display import display

    from blkanalysis.downloads import plain_columns

    values = plain_columns(df)  # what downloads.plain holds, without a frame of it
    columns = [str(c) for c in df.columns]
    data = {
        "name": str(name),
        "columns": columns,
        "rows": [list(r) for r in zip(*(values[c] for c in columns), strict=True)],
    }
    display({TABLE_MIME: data, "text/plain": ""}, raw=True)


def collect_tables(nb: Any) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The tables of :func:`table` in an executed notebook, in order: (name, columns, rows)."""
    found: list[tuple[str, list[str], list[list[Any]]]] = []
    names: set[str] = set()
    for item in _handed(nb, TABLE_MIME):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        if item["name"] in names:
            continue
        names.add(item["name"])
        found.append((item["name"], list(item.get("columns") or []), list(item.get("rows") or [])))
    return found


def normalise_source(item: Mapping[str, Any] | str) -> dict[str, str]:
    if isinstance(item, str):
        return {"title": item}
    out = {"title": str(item.get("title") or item.get("url") or "")}
    for key in ("url", "note"):
        if item.get(key):
            out[key] = str(item[key])
    return out


def _source_text(s: Mapping[str, str]) -> str:
    return " - ".join(v for v in (s.get("title"), s.get("url"), s.get("note")) if v)


def collect(nb: Any) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The key figures (merged, later wins) and sources (in order, deduplicated) of an
    executed notebook (a dict-like notebook node)."""
    figures: dict[str, str] = {}
    found: list[dict[str, str]] = []
    for kf in _handed(nb, KEY_FIGURES_MIME):
        if isinstance(kf, dict):
            figures.update({str(k): str(v) for k, v in kf.items()})
    for src in _handed(nb, SOURCES_MIME):
        for item in src if isinstance(src, list) else []:
            if isinstance(item, (dict, str)):
                s = normalise_source(item)
                if s not in found:
                    found.append(s)
    return figures, found
