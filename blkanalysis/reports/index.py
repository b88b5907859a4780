"""``<output>/index.html``: scenarios x notebooks with status, key figures, links, parameters.

Rendered from the manifest with Jinja2's autoescape, so a scenario title or a parameter value
holding ``<script>`` shows as text. The page loads nothing (inline CSS, no script) and holds no
timestamp: the same reports give the same index.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from .export import TEMPLATES, format_value


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return env.get_template("index.html.j2")


def _href(rel: str | None) -> str | None:
    if not rel:
        return None
    return "/".join(quote(part) for part in rel.split("/"))


def index_context(manifest: dict[str, Any], title: str = "Reports") -> dict[str, Any]:
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
    notebooks = [{"name": n, "title": nb_meta.get(n, {}).get("title") or n} for n in nb_names]
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
                "warnings": run.get("warnings") or [],
                "html_href": _href(run.get("html")),
                "ipynb_href": _href(run.get("ipynb")),
                "failed_href": _href(run.get("failed_ipynb")),
            }
        title_ = header.get("title") if isinstance(header.get("title"), str) else None
        scenarios.append(
            {
                "name": s,
                "title": title_ or s,
                "author": header.get("author"),
                "rationale": header.get("rationale"),
                "references": [str(r) for r in header.get("references") or []],
                "source": meta.get("source"),
                "parameters": [
                    (k, format_value(v)) for k, v in (meta.get("parameters") or {}).items()
                ],
                "runs": cells,
            }
        )
    return {"title": title, "scenarios": scenarios, "notebooks": notebooks, "counts": counts}


def render_index(manifest: dict[str, Any], title: str = "Reports") -> str:
    return _template().render(**index_context(manifest, title))
