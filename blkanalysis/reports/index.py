"""``<output>/index.html``: scenarios x notebooks with status, key figures, links, parameters.

Rendered from the manifest with Jinja2's autoescape, so a scenario title or a parameter value
holding ``<script>`` shows as text. The page loads nothing (inline CSS, no script) and holds no
timestamp: the same reports give the same index.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from blkanalysis.handoff import record_anchor
from blkanalysis.reports.export import TEMPLATES, shown_value
from blkanalysis.reports.export import href as _href
from blkanalysis.reports.labels import DEFAULT_LABELS, LabelsFor, labels_for

#: the language whose index is ``index.html``
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2

    try:  # compiled once per template source, not once per command (jinja's per-user cache)
        bytecode: Any = jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary directory: compile each time
        bytecode = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode,
    )
    return env.get_template("index.html.j2")


def _figure_hrefs(run: dict[str, Any]) -> dict[str, str]:
    """Per key figure, a link to the sources row of the first record behind it in its report."""
    page = _href(run.get("html"))
    if not page or run.get("status") != "ok":
        return {}
    return {
        label: f"{page}#{record_anchor(ids[0])}"
        for label, ids in (run.get("key_figure_ids") or {}).items()
        if ids
    }


def _data_href(run: dict[str, Any]) -> str | None:
    """The link to a run's workbook of tables (its downloads), if it has one."""
    xlsx = [rel for rel in run.get("downloads") or {} if rel.endswith(".xlsx")]
    return _href(xlsx[0]) if xlsx else None


def _language(meta: dict[str, Any]) -> str:
    lang = (meta.get("parameters") or {}).get("lang")
    return lang if isinstance(lang, str) and lang else DEFAULT_LANGUAGE


def index_name(lang: str) -> str:
    """``index.html`` for the default language, ``index.<lang>.html`` for the others."""
    return "index.html" if lang == DEFAULT_LANGUAGE else f"index.{lang}.html"


def index_pages(manifest: dict[str, Any]) -> dict[str, str]:
    """``{language: index page}`` for the languages of the manifest's scenarios: ``index.html``
    for the default language (or the only one), ``index.<lang>.html`` for each other. These
    are the pages written, so the only index pages a page may link."""
    langs = sorted({_language(m) for m in manifest.get("scenarios", {}).values()})
    if not langs:
        return {DEFAULT_LANGUAGE: "index.html"}
    if len(langs) == 1:
        return {langs[0]: "index.html"}
    return {lang: index_name(lang) for lang in langs}


def index_context(
    manifest: dict[str, Any],
    title: str = "Reports",
    labels: dict[str, str] | None = None,
    lang: str | None = None,
    pages: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What one index page shows: the scenarios of one language (all, if ``lang`` is None).

    Only what exists is linked: a run's files as the manifest records them, a twin in another
    language only if that scenario is part of this output directory, and another language's
    index only if it is among ``pages`` (default: :func:`index_pages` of the manifest).
    """
    pages = index_pages(manifest) if pages is None else pages
    labels = {**DEFAULT_LABELS, **(labels or {})}
    runs: dict[str, dict[str, Any]] = manifest.get("runs", {})
    order = manifest.get("build", {}).get("order", {})
    sc_meta: dict[str, Any] = manifest.get("scenarios", {})
    nb_meta: dict[str, Any] = manifest.get("notebooks", {})
    sc_names = list(order.get("scenarios", []))
    nb_names = list(order.get("notebooks", []))
    for run in runs.values():
        if run["scenario"] not in sc_names:
            sc_names.append(run["scenario"])
        if run["notebook"] not in nb_names:
            nb_names.append(run["notebook"])
    if lang is not None:
        sc_names = [s for s in sc_names if _language(sc_meta.get(s, {})) == lang]
    # notebooks run once per language (metadata report.per_scenario: false) are listed once,
    # above the grid, with the run of this page's language; the grid has the others
    shared_names = [n for n in nb_names if nb_meta.get(n, {}).get("per_scenario") is False]
    nb_names = [n for n in nb_names if n not in shared_names]
    notebooks = [
        {
            "name": n,
            "title": labels.get(f"notebook.{n}") or nb_meta.get(n, {}).get("title") or n,
        }
        for n in nb_names
    ]
    scenarios = []
    counts = {"total": 0, "ok": 0, "failed": 0, "kept": 0}
    for s in sc_names:
        meta = sc_meta.get(s, {})
        header = meta.get("header") or {}
        cells = {}
        for n in nb_names:
            run = runs.get(f"{s}/{n}")
            if not run:
                continue
            counts["total"] += 1
            counts["ok" if run.get("status") == "ok" else "failed"] += 1
            if run.get("action") == "kept":
                counts["kept"] += 1
            cells[n] = {
                "status": run.get("status"),
                "action": run.get("action"),
                "error": run.get("error"),
                "key_figures": run.get("key_figures") or {},
                "figure_hrefs": _figure_hrefs(run),
                "warnings": run.get("warnings") or [],
                "html_href": _href(run.get("html")),
                "ipynb_href": _href(run.get("ipynb")),
                "failed_href": _href(run.get("failed_ipynb")),
                "data_href": _data_href(run),
            }
        title_ = header.get("title") if isinstance(header.get("title"), str) else None
        translations = header.get("translations") or {}
        twins = []
        if isinstance(translations, dict):
            for twin_lang, twin in sorted(translations.items()):
                if str(twin) not in sc_meta or str(twin_lang) not in pages:
                    continue  # not built into this output directory: nothing to link
                twin_runs = {n: _href(runs.get(f"{twin}/{n}", {}).get("html")) for n in nb_names}
                twins.append(
                    {
                        "lang": str(twin_lang),
                        "name": labels.get(f"language.{twin_lang}", str(twin_lang)),
                        "index": pages[str(twin_lang)],
                        "scenario": str(twin),
                        "runs": twin_runs,
                    }
                )
        scenarios.append(
            {
                "name": s,
                "title": title_ or s,
                "author": header.get("author"),
                "rationale": header.get("rationale"),
                "references": [str(r) for r in header.get("references") or []],
                "source": meta.get("source"),
                "parameters": [
                    (k, shown_value(k, v, labels))
                    for k, v in (meta.get("parameters") or {}).items()
                ],
                "runs": cells,
                "twins": twins,
            }
        )
    shared = []
    all_names = list(order.get("scenarios", [])) + [
        r["scenario"] for r in runs.values() if r["scenario"] not in order.get("scenarios", [])
    ]
    for n in shared_names:
        run = next((runs[f"{s}/{n}"] for s in sc_names if f"{s}/{n}" in runs), None)
        if run is None:
            continue
        twins = []  # the same notebook's report in the other languages whose index exists
        for twin_lang in sorted(pages):
            if lang is None or twin_lang == lang:
                continue
            twin = next(
                (
                    runs[f"{s}/{n}"]
                    for s in all_names
                    if f"{s}/{n}" in runs and _language(sc_meta.get(s, {})) == twin_lang
                ),
                None,
            )
            if twin is not None and twin.get("html"):
                twins.append(
                    {
                        "lang": twin_lang,
                        "name": labels.get(f"language.{twin_lang}", twin_lang),
                        "href": _href(twin.get("html")),
                    }
                )
        counts["total"] += 1
        counts["ok" if run.get("status") == "ok" else "failed"] += 1
        shared.append(
            {
                "name": n,
                "title": labels.get(f"notebook.{n}") or nb_meta.get(n, {}).get("title") or n,
                "status": run.get("status"),
                "action": run.get("action"),
                "error": run.get("error"),
                "key_figures": run.get("key_figures") or {},
                "figure_hrefs": _figure_hrefs(run),
                "html_href": _href(run.get("html")),
                "ipynb_href": _href(run.get("ipynb")),
                "failed_href": _href(run.get("failed_ipynb")),
                "data_href": _data_href(run),
                "scenario": run.get("scenario"),
                "twins": twins,
            }
        )
    comparison = _comparison(notebooks, scenarios)
    failed = [
        {"scenario": sc["title"], "notebook": nb["title"], **sc["runs"][nb["name"]]}
        for sc in scenarios
        for nb in notebooks
        if sc["runs"].get(nb["name"], {}).get("status") == "failed"
    ] + [
        {"scenario": None, "notebook": run["title"], **run}
        for run in shared
        if run.get("status") == "failed"
    ]
    return {
        "title": labels.get("index_title", title) if title == "Reports" else title,
        "changes": _changes(manifest, runs, sc_names, shared_names, labels, nb_meta),
        "comparison": comparison,
        "failed": failed,
        "shared": shared,
        "scenarios": scenarios,
        "notebooks": notebooks,
        "counts": counts,
        "L": labels,
        "lang": lang or DEFAULT_LANGUAGE,
    }


def _changes(
    manifest: dict[str, Any],
    runs: dict[str, dict[str, Any]],
    sc_names: list[str],
    shared_names: list[str],
    labels: dict[str, str],
    nb_meta: dict[str, Any],
) -> dict[str, Any] | None:
    """The manifest's ``changes`` as this page shows them: the data files, and the moves of this
    page's reports (its scenarios', and the shared reports of its language), each linked to its
    report. None before any build changed anything."""
    recorded = manifest.get("changes") or {}
    if not recorded:
        return None
    files = recorded.get("inputs") or {}
    shared_runs = {f"{s}/{n}" for s in sc_names for n in shared_names if f"{s}/{n}" in runs}
    moves = []
    for m in recorded.get("key_figures") or []:
        run = runs.get(m.get("run", ""))
        if run is None or run.get("scenario") not in sc_names:
            continue
        if run.get("notebook") in shared_names and m["run"] not in shared_runs:
            continue
        nb = run.get("notebook", "")
        sc_meta = (manifest.get("scenarios") or {}).get(run.get("scenario"), {})
        sc_title = (sc_meta.get("header") or {}).get("title") or run.get("scenario")
        moves.append(
            {
                "report": labels.get(f"notebook.{nb}") or nb_meta.get(nb, {}).get("title") or nb,
                "scenario": None if nb in shared_names else sc_title,
                "href": _href(run.get("html")),
                "label": m.get("label"),
                "old": m.get("old"),
                "new": m.get("new"),
                "figures": list(m.get("figures") or []),
            }
        )
    return {
        "added": list(files.get("added") or []),
        "removed": list(files.get("removed") or []),
        "edited": list(files.get("edited") or []),
        "moves": moves,
    }


def _comparison(
    notebooks: list[dict[str, Any]], scenarios: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each notebook's key figures side by side, a column per scenario: one row per label (in
    the order the reports give them), each cell the value linked to its report ("" where a
    scenario's report does not state it, None where it failed or was not built)."""
    out = []
    for nb in notebooks:
        labels_: list[str] = []
        for sc in scenarios:
            run = sc["runs"].get(nb["name"]) or {}
            for key in run.get("key_figures") or {}:
                if key not in labels_:
                    labels_.append(key)
        if not labels_:
            continue
        rows = []
        for key in labels_:
            cells = []
            for sc in scenarios:
                run = sc["runs"].get(nb["name"])
                if not run or run.get("status") != "ok":
                    cells.append(None)
                else:
                    cells.append(
                        {
                            "value": (run.get("key_figures") or {}).get(key, ""),
                            "href": run["html_href"],
                            "source": run["figure_hrefs"].get(key),
                        }
                    )
            values = {c["value"] for c in cells if c}
            rows.append({"label": key, "cells": cells, "same": len(values) == 1})
        out.append({"name": nb["name"], "title": nb["title"], "rows": rows})
    return out


def render_index(
    manifest: dict[str, Any],
    title: str = "Reports",
    labels: dict[str, str] | None = None,
    lang: str | None = None,
    pages: dict[str, str] | None = None,
) -> str:
    return _template().render(**index_context(manifest, title, labels, lang, pages))


def render_indexes(
    manifest: dict[str, Any], title: str = "Reports", labels_fn: LabelsFor | None = None
) -> dict[str, str]:
    """One index page per language among the scenarios (see :func:`index_pages`), each in its
    language and linking only pages that exist."""
    pages = index_pages(manifest)
    return {
        name: render_index(manifest, title, labels_for(labels_fn, lang), lang, pages)
        for lang, name in pages.items()
    }
