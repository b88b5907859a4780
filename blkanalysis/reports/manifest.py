"""``<output>/manifest.json``: what was built, from what, how it went; also the cache's memory.

Top level: ``format``, ``build`` (times, status, counts), ``environment`` (Python, package
versions, hashes of the runner and the library), ``inputs`` (data file -> SHA-256),
``notebooks`` (path, SHA-256, parameters), ``scenarios`` (source, header, resolved parameters)
and ``runs`` keyed ``<scenario>/<notebook>``: status, error, the cache key, the injected
parameters, the input files it depends on, the files written and their SHA-256, key figures,
sources, warnings, durations; ``changes``: what the last build that changed anything changed
(:mod:`blkanalysis.reports.changes`; empty until then). It is rewritten (atomically) after
every finished run, so it always describes the reports on disk. A missing or unreadable
manifest only means "rebuild everything".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from blkanalysis.atomic import atomic_write

FORMAT = 1
MANIFEST_NAME = "manifest.json"


def manifest_path(output: Path) -> Path:
    return Path(output) / MANIFEST_NAME


def empty() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "build": {},
        "environment": {},
        "inputs": {},
        "notebooks": {},
        "scenarios": {},
        "runs": {},
        "changes": {},
    }


def load(output: Path) -> dict[str, Any]:
    try:
        data = json.loads(manifest_path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return empty()
    base = empty()
    for k in base:
        if isinstance(data.get(k), type(base[k])):
            base[k] = data[k]
    return base


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=False, default=str) + "\n"


def save(output: Path, manifest: dict[str, Any]) -> None:
    atomic_write(manifest_path(output), dumps(manifest))
