"""The batch report runner: every notebook x every scenario -> offline HTML reports.

Generic: it knows notebooks, parameters and files, nothing about the analysis. The CLI
(``blk report``) is a thin layer over :func:`build_reports`.

Modules by role: ``spec`` (data types), ``notebooks`` (read a notebook's parameters),
``plan`` (validate, plan runs), ``cache`` (cache keys), ``execute`` (a worker: papermill +
export), ``export`` (HTML, offline template), ``offline`` (no external loads), ``index``,
``manifest``, ``lock``, ``atomic`` (atomic writes and group commits), ``progress``, ``build``
(the orchestration), ``fresh`` (a no-change rerun confirmed from file stamps), ``check``
(nbval), ``figures`` (helpers notebooks call).

Importing this package is cheap: papermill, nbconvert and jupyter_client are loaded only
when a run has to execute.
"""

from blkanalysis.handoff import KEY_FIGURES_MIME, SOURCES_MIME, key_figures, sources
from blkanalysis.reports.build import build_reports
from blkanalysis.reports.cache import canonical_json
from blkanalysis.reports.check import check_reports
from blkanalysis.reports.lock import OutputLock
from blkanalysis.reports.notebooks import NotebookProblemsError, read_notebook_info
from blkanalysis.reports.offline import (
    ExternalLoad,
    find_external_loads,
    find_scripts,
    make_offline,
)
from blkanalysis.reports.plan import plan_runs
from blkanalysis.reports.progress import (
    ErrorsOnlyProgress,
    LineProgress,
    NullProgress,
    Progress,
    RichProgress,
)
from blkanalysis.reports.spec import (
    SCENARIO_NAME_PARAMETER,
    BuildResult,
    NotebookInfo,
    PlannedRun,
    RunRecord,
    ScenarioSpec,
    Validator,
)

__all__ = [
    "KEY_FIGURES_MIME",
    "SCENARIO_NAME_PARAMETER",
    "SOURCES_MIME",
    "BuildResult",
    "ErrorsOnlyProgress",
    "ExternalLoad",
    "LineProgress",
    "NotebookInfo",
    "NotebookProblemsError",
    "NullProgress",
    "OutputLock",
    "PlannedRun",
    "Progress",
    "RichProgress",
    "RunRecord",
    "ScenarioSpec",
    "Validator",
    "build_reports",
    "canonical_json",
    "check_reports",
    "find_external_loads",
    "find_scripts",
    "key_figures",
    "make_offline",
    "plan_runs",
    "read_notebook_info",
    "sources",
]
