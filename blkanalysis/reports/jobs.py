"""What a run is and what it gives back: plain, picklable values, light to import.

The build (which makes the jobs and reads the outcomes) imports this module and not
:mod:`.execute` (papermill's and jupyter_client's world, imported by the workers only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Job:
    """One run, as sent to a worker (picklable)."""

    key: str
    notebook_path: str
    parameters: dict[str, Any]
    context: dict[str, Any]  # for the report's header and footer (see export.render_parts)
    log_path: str
    timeout: float | None = None


@dataclass
class Outcome:
    """What a worker hands back: the bytes to write and the facts for the index."""

    key: str
    status: str  # ok | failed
    error: str | None = None
    #: the notebook's own code raised (so the same inputs fail the same way): the failure is
    #: cached like a report; a kernel that died or timed out is retried on the next build
    deterministic: bool = False
    html: bytes | None = None
    ipynb: bytes | None = None
    key_figures: dict[str, str] = field(default_factory=dict)
    #: per key figure, the registry figures behind it (handed over by the notebook)
    key_figure_ids: dict[str, list[str]] = field(default_factory=dict)
    sources: list[dict[str, str]] = field(default_factory=list)
    #: the data records the report's numbers rest on (``{"id", "file"}``, from the notebook)
    figures: list[dict[str, str]] = field(default_factory=list)
    #: the report's downloads: path (relative to its scenario's directory) -> bytes
    downloads: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def error_summary(exc: BaseException) -> str:
    """One line: the exception's name and message (the notebook's, for a failing cell)."""
    ename = getattr(exc, "ename", None)
    if ename:
        text = f"{ename}: {getattr(exc, 'evalue', '')}"
    else:
        msg = str(exc).strip()
        text = f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__
    text = _ANSI_RE.sub("", text).strip()
    first = text.splitlines()[0] if text else "unknown error"
    return first if len(first) <= 300 else first[:297] + "..."


def context_for(
    *,
    scenario: str,
    header: Mapping[str, Any],
    scenario_file: str | None,
    notebook: str,
    title: str,
    notebook_sha256: str,
    parameters: Mapping[str, Any],
    inputs: Mapping[str, str],
    environment: Mapping[str, Any],
    language: str | None = None,
    labels: Mapping[str, str] | None = None,
    shows: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The facts a report's header and footer show (all plain, picklable values)."""
    packages = environment.get("packages", {})
    shown = {k: v for k, v in packages.items() if k in ("papermill", "nbconvert", "ipykernel")}
    scenario_title = header.get("title") if isinstance(header.get("title"), str) else None
    return {
        "scenario": scenario,
        "scenario_title": scenario_title or scenario,
        "author": header.get("author"),
        "rationale": header.get("rationale"),
        "references": [str(r) for r in header.get("references") or []],
        "scenario_file": scenario_file,
        "notebook": notebook,
        "notebook_file": f"{notebook}.ipynb",
        "title": f"{title} — {scenario_title or scenario}",
        "notebook_sha256": notebook_sha256,
        "parameters": dict(parameters),
        "inputs": dict(inputs),
        "runner": environment.get("runner"),
        "python": environment.get("python"),
        "packages": shown,
        "language": language,
        "labels": dict(labels or {}),
        "shows": list(shows),
    }
