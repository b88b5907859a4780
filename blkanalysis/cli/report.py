"""``blk report``: the batch reports, a thin layer over :func:`blkanalysis.reports.build_reports`.

The runner is generic; this command supplies the project's pieces: the notebooks (``notebooks/
NN_*.ipynb``), the scenarios and their validation (:mod:`blkanalysis.model.scenario`), the data
directory and the library's source (part of every report's cache key), and the packages whose
versions matter (the project's declared dependencies).

Exit codes: 0 every report built (or unchanged); 1 a report failed (the others are built);
2 bad input (usage, scenario file, parameters: nothing is run or written); 3 another run holds
the output directory's lock; 130 interrupted.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from blkanalysis import paths
from blkanalysis.cli.console import err_console as _err
from blkanalysis.cli.console import out_console as _out
from blkanalysis.errors import BlkAnalysisError, Problem, ScenarioError

#: used when the installed distribution's metadata cannot be read
_FALLBACK_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "Babel", "PyYAML", "pydantic")


def project_packages() -> list[str]:
    """The project's declared runtime dependencies (their versions go into the cache key)."""
    from importlib import metadata  # not for a no-change rerun, confirmed before this

    try:
        requires = metadata.requires("blkanalysis") or []
    except metadata.PackageNotFoundError:
        return list(_FALLBACK_PACKAGES)
    names = []
    for req in requires:
        if "extra ==" in req:
            continue
        m = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
        if m:
            names.append(m.group(1))
    return names or list(_FALLBACK_PACKAGES)


def runner_code() -> dict[str, Any]:
    """What of the project goes into every report's cache key, and into the key of the warm
    pool its builds use (``build_reports``' ``code`` and ``packages``): the package's code and
    the installed versions of its declared dependencies."""
    return {"code": [paths.PACKAGE_DIR], "packages": project_packages()}


def report_notebooks(selected: list[Path] | None) -> list[Path]:
    """The notebooks to run: the numbered ``NN_*.ipynb`` of ``notebooks/`` by default; given
    paths as they are (a directory gives every ``*.ipynb`` in it, except ``_*`` and hidden)."""
    if not selected:
        d = paths.notebooks_dir()
        return sorted(p for p in d.glob("[0-9][0-9]_*.ipynb") if p.is_file())
    out: list[Path] = []
    for p in selected:
        if p.is_dir():
            out += sorted(
                f for f in p.glob("*.ipynb") if f.is_file() and not f.name.startswith(("_", "."))
            )
        else:
            out.append(p)
    return out


def parse_params(items: list[str]) -> dict[str, str]:
    """``-p name=value`` options as a mapping (values stay text; the scenario layer reads them)."""
    out: dict[str, str] = {}
    problems = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            problems.append(
                Problem("-p", None, item, "expected name=value, e.g. -p base_year=2020")
            )
            continue
        out[name.strip()] = value
    if problems:
        raise ScenarioError(problems)
    return out


def _progress(quiet: bool):
    from blkanalysis.reports import ErrorsOnlyProgress, LineProgress, RichProgress

    if quiet:
        return ErrorsOnlyProgress()
    if sys.stderr.isatty():
        return RichProgress(_err)
    return LineProgress()


def report_command(
    scenario: Annotated[
        list[Path] | None,
        typer.Option(
            "--scenario",
            "-s",
            metavar="FILE",
            help="a scenario file to run (repeatable; default: every file in scenarios/)",
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="NAME=VALUE",
            help="name=value: a what-if scenario with this parameter changed (repeatable); "
            "named by a hash of its parameters",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="runs in parallel (default: one more than the machine's cores, or all at "
            "once when there are at most twice as many); with --check, nbval workers "
            "(default: one per two notebooks with the warm pool, per four without, at most "
            "the cores)",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="rebuild every report, even if nothing changed")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="DIR", help="output directory (default: reports/)"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="print nothing but errors")] = False,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="if another run is writing the output directory, wait for it"),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="do not build: re-run the executed notebooks of the last build with nbval "
            "and compare their outputs (with -s/-p: only those scenarios' reports, in the "
            "--lang languages or, without --lang, in every language)",
        ),
    ] = False,
    notebooks: Annotated[
        list[Path] | None,
        typer.Option(
            "--notebooks",
            metavar="PATH",
            help="notebook file or directory to run (repeatable; default: notebooks/NN_*.ipynb)",
        ),
    ] = None,
    scenarios_dir: Annotated[
        Path | None,
        typer.Option(
            "--scenarios-dir",
            metavar="DIR",
            help="run every *.yaml scenario file in this directory",
        ),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="report language: en or id (repeatable; default: en). Indonesian reports are "
            "written to <scenario>.id/",
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="DIR",
            help="use this data directory (registry and cpi.yaml) instead of data/",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=1,
            metavar="SECONDS",
            help="seconds one cell may run before its report fails",
        ),
    ] = None,
) -> None:
    """Run every notebook for every scenario: offline HTML reports, index.html, manifest.json.

    Only reports whose inputs changed are rebuilt. Exit 0 all good, 1 a report failed,
    2 bad input, 3 another run holds the output directory.
    """
    out_dir = output if output is not None else paths.reports_dir()
    shared = _share_inputs(out_dir)
    try:
        if data is not None:
            _use_data(data)
        if check:
            names = _check_names(scenario, param or [], lang)
            raise typer.Exit(_check(out_dir, quiet, jobs, names))
        fp = None
        if not force:
            fp = _fingerprint(
                out_dir,
                scenario=scenario,
                param=param or [],
                notebooks=notebooks,
                scenarios_dir=scenarios_dir,
                langs=lang or ["en"],
            )
        result = _rerun(out_dir, fp, jobs, quiet) if fp is not None else None
        if result is None:
            result = _build(
                out_dir,
                scenario=scenario,
                param=param or [],
                jobs=jobs,
                force=force,
                quiet=quiet,
                wait=wait,
                notebooks=notebooks,
                scenarios_dir=scenarios_dir,
                timeout=timeout,
                langs=lang or ["en"],
                fingerprint=fp,
            )
    except BlkAnalysisError as exc:
        _err.print(f"error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:  # the output directory cannot be created, locked or written
        reason = exc.strerror or str(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        _err.print(f"error: cannot write to {out_dir}: {reason}{where}", markup=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _err.print(
            "interrupted: reports finished so far are written; the others keep their "
            "previous version",
            markup=False,
        )
        raise typer.Exit(130) from None
    finally:
        shared()
    if not quiet:
        built = sum(1 for r in result.executed if r.ok)
        unchanged = sum(1 for r in result.cached if r.ok)
        _out.print(
            f"{len(result.runs)} report(s): {built} built, {unchanged} unchanged, "
            f"{len(result.failed)} failed, in {result.duration_s:.1f} s -> {result.index}",
            markup=False,
        )
    raise typer.Exit(result.exit_code)


def _build(
    out_dir: Path,
    *,
    scenario: list[Path] | None,
    param: list[str],
    jobs: int | None,
    force: bool,
    quiet: bool,
    wait: bool,
    notebooks: list[Path] | None,
    scenarios_dir: Path | None,
    timeout: float | None,
    langs: list[str] | None = None,
    fingerprint=None,
):
    from blkanalysis.cli.catalogue import runner_labels
    from blkanalysis.cli.kernels import PRELOAD, pool_options
    from blkanalysis.reports import build_reports

    try:
        from blkanalysis.cli.specs import load_scenario_specs, validate_spec
    except ImportError as exc:  # pragma: no cover - the domain layer is part of the package
        from blkanalysis.errors import ReportError as _ReportError

        raise _ReportError(f"blk report needs the scenario layer: {exc}") from None

    files: list[Path] | None = list(scenario) if scenario else None
    if files is None and scenarios_dir is not None:
        files = sorted(p for p in scenarios_dir.glob("*.y*ml") if p.is_file())
        if not files:
            raise ScenarioError(
                [Problem(str(scenarios_dir), None, None, "no scenario files (*.yaml) here")]
            )
    specs = load_scenario_specs(files, parse_params(param), langs=langs or ["en"])
    certify = _check_data()
    nbs = report_notebooks(notebooks)
    if not nbs:
        raise ScenarioError(
            [Problem(str(notebooks or paths.notebooks_dir()), None, None, "no notebooks to run")]
        )

    def on_wait(holder: str) -> None:
        if not quiet:
            _err.print(f"waiting: another run is writing to {out_dir} ({holder})", markup=False)

    result = build_reports(
        nbs,
        specs,
        out_dir,
        validate=validate_spec,
        inputs=[paths.data_dir()],
        **runner_code(),
        jobs=jobs,
        force=force,
        wait=wait,
        on_wait=on_wait,
        progress=_progress(quiet),
        timeout=timeout,
        labels=runner_labels,
        root=paths.project_root(),
        kernel_preload=PRELOAD,
        fingerprint=fingerprint,
        pool=pool_options(),
    )
    certify()  # the data was valid: the next command need not check it again
    return result


def _fingerprint(
    out_dir: Path,
    *,
    scenario: list[Path] | None,
    param: list[str],
    notebooks: list[Path] | None,
    scenarios_dir: Path | None,
    langs: list[str],
):
    """Stamps of everything ``blk report`` with these options is made from: the library (and
    its runner, templates, catalogues), the data directory (and the project's, whose model.yaml
    it may use), the notebooks, the scenario files, the command's options, the Python and its
    installed packages (their directories' stamps), and the ``BLK_*`` environment. Reading them
    imports nothing heavy (see :mod:`blkanalysis.reports.fresh`)."""
    import site

    from blkanalysis.reports.fresh import fingerprint

    nbs = report_notebooks(notebooks)
    if scenario:
        scenario_roots = list(scenario)
    else:
        scenario_roots = [scenarios_dir if scenarios_dir is not None else paths.scenarios_dir()]
    roots = [
        paths.PACKAGE_DIR,
        paths.data_dir(),
        paths.project_root() / "data",
        *nbs,
        *scenario_roots,
    ]
    site_dirs = [*site.getsitepackages(), site.getusersitepackages()]
    options = {
        "command": "report",
        "scenario": [str(Path(p).absolute()) for p in scenario or []],
        "param": list(param),
        "notebooks": [str(Path(p).absolute()) for p in nbs],
        "scenarios_dir": str(Path(scenarios_dir).absolute()) if scenarios_dir else None,
        "langs": list(langs),
        "data": str(paths.data_dir()),
        "output": str(Path(out_dir).absolute()),
        "python": [sys.version, sys.executable],
        "site": {d: _mtime(Path(d)) for d in site_dirs},
        "environment": {k: v for k, v in sorted(os.environ.items()) if k.startswith("BLK_")},
    }
    return fingerprint(roots, options)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _rerun(out_dir: Path, fp, jobs: int | None, quiet: bool):
    """A no-change rerun confirmed from stamps (nothing validated, hashed or imported), or None:
    then the full build decides."""
    from blkanalysis.reports.fresh import rerun

    return rerun(out_dir, fp, jobs=jobs, progress=_progress(quiet))


def _check_data() -> Callable[[], None]:
    """The registry and CPI file must be valid before any kernel starts (exit 2, not 1 per
    report): the notebooks would all fail on the same problem. Files found valid before, and
    unchanged since, are not validated again (:mod:`blkanalysis.data.valid`). Returns what
    certifies them, to call once the build has run (on bad input nothing may be written)."""
    from blkanalysis.data import valid

    if valid.certified() is not None:
        return lambda: None
    from blkanalysis.data.prices import validate_data
    from blkanalysis.errors import BlkDataError
    from blkanalysis.model.parameters import cpi_range

    problems = validate_data(paths.data_dir())
    if problems:
        raise BlkDataError(problems)
    facts = {"cpi_range": list(cpi_range())}
    return lambda: valid.certify(None, facts)


def _share_inputs(out_dir: Path) -> Callable[[], None]:
    """The report kernels (and nbval's) load the parsed data once per content, from the output
    directory's work folder, instead of parsing it again in every process (they inherit the
    environment). Returns what puts the environment back as it was."""
    previous = os.environ.get(paths.INPUTS_CACHE_ENV)
    if previous is None:
        os.environ[paths.INPUTS_CACHE_ENV] = str((out_dir / ".blk" / "inputs").absolute())

    def restore() -> None:
        if previous is None:
            os.environ.pop(paths.INPUTS_CACHE_ENV, None)

    return restore


def _use_data(data: Path) -> None:
    """Point the library (and the report kernels, which inherit the environment) at ``data``."""

    from blkanalysis.errors import BlkDataError

    if not (data / "sources").is_dir() or not (data / "cpi.yaml").is_file():
        raise BlkDataError(
            [
                Problem(
                    str(data),
                    None,
                    None,
                    "a data directory holds sources/*.yaml and cpi.yaml",
                )
            ]
        )
    os.environ[paths.DATA_ENV] = str(data.resolve())


def _check_names(
    scenario: list[Path] | None, param: list[str], lang: list[str] | None
) -> list[str] | None:
    """The report directories ``--check`` looks at: those of the scenarios named (``-s``,
    ``-p``) in the ``--lang`` languages (default: every language); None, every directory."""
    if not scenario and not param:
        return None
    from blkanalysis.cli.specs import load_scenario_specs
    from blkanalysis.model.parameters import BY_NAME

    every = list(BY_NAME["lang"].choices)
    specs = load_scenario_specs(scenario, parse_params(param), langs=lang or every)
    return [s.name for s in specs]


def _check(
    out_dir: Path, quiet: bool, jobs: int | None = None, scenarios: list[str] | None = None
) -> int:
    from blkanalysis.cli.kernels import PRELOAD, pooled_kernels
    from blkanalysis.reports import check_reports
    from blkanalysis.reports.check import executed_notebooks

    sanitize = paths.notebooks_dir() / "sanitize.cfg"
    extra = ["-q"] if quiet else []
    # the build's pool (none started for a check that fails for want of notebooks)
    has_notebooks = bool(executed_notebooks(out_dir, scenarios))
    with pooled_kernels(out_dir) if has_notebooks else contextlib.nullcontext() as socket:
        result = check_reports(
            out_dir,
            sanitize=sanitize if sanitize.is_file() else None,
            extra_args=extra,
            kernel_preload=PRELOAD,
            jobs=jobs or "auto",
            scenarios=scenarios,
            kernel_socket=socket,
        )
    return 0 if result.returncode == 0 else 1
