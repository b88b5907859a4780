"""The words the runner itself writes into reports and the index, replaceable per language.

The runner is generic: it ships English text and lets the caller supply translations with
``build_reports(labels=...)``, a function from a run's language (its resolved ``lang``
parameter, or None) to a mapping that overrides any of these keys. ``notebook.<name>`` keys
give a notebook's title in that language; ``language.<code>`` a language's own name;
``parameter.<name>`` a parameter's label, shown beside its name in the parameter tables (the
runner knows no parameter: without one the name alone is shown); ``value.<name>.<value>`` the
words for one of a parameter's values (see :func:`blkanalysis.reports.export.shown_value`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LabelsFor = Callable[[str | None], Mapping[str, str]]

DEFAULT_LABELS: dict[str, str] = {
    "index_title": "Reports",
    "summary": "{total} reports from {scenarios} scenarios and {notebooks} notebooks: {ok} ok",
    "summary_failed": "{failed} failed",
    "summary_kept": "{kept} come from an earlier build (not part of the last one).",
    "scenario": "Scenario",
    "shared_reports": "Reports that do not depend on the scenario",
    "shared_intro": "These notebooks give the same result in every scenario: each is run once.",
    "shared_notebook": "Notebook",
    "shared_result": "Report",
    "scenarios": "Scenarios",
    "author": "Author",
    "references": "References",
    "references_of_scenario": "References of the scenario",
    "from_file": "From",
    "parameter": "parameter",
    "value": "value",
    "parameters_caption": "Parameters of this report",
    "no_parameters": "This notebook takes no parameters.",
    "no_parameters_index": "No parameters (the notebooks' defaults).",
    "status.ok": "ok",
    "status.failed": "failed",
    "earlier_build": "(earlier build)",
    "report": "report",
    "notebook": "notebook",
    "previous_report": "previous report",
    "previous_notebook": "previous notebook",
    "failed_notebook": "failed notebook",
    "warnings": "warnings (see manifest.json)",
    "not_built": "not built",
    "other_languages": "Also in",
    "sources": "Sources",
    "no_sources": "The notebook lists no sources.",
    "how_made": "How this report was made",
    "made_notebook": "Notebook {notebook} (SHA-256 {sha}), run with scenario {scenario}",
    "made_from": "from {file}",
    "data_files": "data files read",
    "made_by": "Made by the blkanalysis report runner (version {runner}) with Python {python}",
    "footer": "Made by the blkanalysis report runner. Inputs, versions, cache keys and durations:",
    "failed_title": "Reports that failed in this build",
    "comparison": "Key findings by scenario",
    "comparison_intro": (
        "Each report's headline numbers, a column per scenario: each value links to its "
        "report, where the finding is stated in words with the table behind it, and "
        '"source" beside it to the row of the figure behind it in that report\'s sources. Rows '
        "in grey are the same in every scenario."
    ),
    "source_link": "source",
    "key_figure": "Finding",
    "downloads": "The tables of this report as data",
    "download_xlsx": "workbook (.xlsx)",
    "download_csv": "CSV",
    "data": "data (.xlsx)",
    "changes": "What changed",
    "changes_intro": (
        "For readers of a scheduled build: what the last build that changed anything changed, "
        "since the build before it. Data files added, removed or edited, then the key findings "
        "that moved, with the report's records that sit in a changed file (none listed: the "
        "move comes from a parameter, a notebook or the library)."
    ),
    "changes_added": "Data files added",
    "changes_removed": "Data files removed",
    "changes_edited": "Data files edited",
    "changes_no_files": "No data file changed.",
    "changes_moves": "Key findings that moved",
    "changes_no_moves": "No key finding moved.",
    "changes_report": "Report",
    "changes_old": "Before",
    "changes_new": "Now",
    "changes_records": "The report's records in a changed file",
    "appendix_status": "Appendix: build status",
    "appendix_status_intro": "Every report of this build, its status and its files.",
    "language.en": "English",
    "language.id": "Bahasa Indonesia",
}


def labels_for(labels: LabelsFor | None, lang: str | None) -> dict[str, str]:
    """The English defaults overridden by the caller's translation for ``lang``."""
    out = dict(DEFAULT_LABELS)
    if labels is not None:
        out.update({str(k): str(v) for k, v in labels(lang).items()})
    return out
