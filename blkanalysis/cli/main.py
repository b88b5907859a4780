"""The ``blk`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 a report or check failed; 2 bad input (registry, scenario, parameters,
usage); 3 another run holds the output lock.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# rich.table (and pandas) are imported where a table is printed: `blk report` needs neither
from blkanalysis.cli.console import ReaderGone, err_console, out_console, write_out
from blkanalysis.errors import BlkAnalysisError
from blkanalysis.model.parameters import sweepable

app = typer.Typer(
    name="blk",
    help="Policy analysis of Indonesia's BLK and BLK Komunitas: figures, analysis, reports.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def fail(exc: BlkAnalysisError) -> typer.Exit:
    err_console.print(f"error: {exc}", markup=False)
    return typer.Exit(exc.exit_code)


@app.command()
def figures(
    program: Annotated[
        list[str] | None, typer.Option("--program", help="keep this programme (repeatable)")
    ] = None,
    basis: Annotated[
        list[str] | None, typer.Option("--basis", help="keep this basis (repeatable)")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
    include_leads: Annotated[
        bool, typer.Option("--include-leads", help="also list grade C leads")
    ] = False,
    all_figures: Annotated[
        bool, typer.Option("--all", help="also list figures that are not preferred")
    ] = False,
    data: Annotated[Path | None, typer.Option("--data", help="data directory")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="write to this file, not standard output (needed for xlsx)"),
    ] = None,
) -> None:
    """List or filter the registry's figures (as a table, CSV, JSON or an xlsx workbook)."""
    from blkanalysis.data.registry import BASES, PROGRAMS, load_figures

    for value, allowed, name in ((program, PROGRAMS, "--program"), (basis, BASES, "--basis")):
        for v in value or []:
            if v not in allowed:
                err_console.print(
                    f"error: {name} {v!r} is not known; choose from {', '.join(allowed)}",
                    markup=False,
                )
                raise typer.Exit(2)
    if fmt is Format.xlsx and out is None:
        err_console.print(
            "error: --format xlsx writes a workbook: give its file with --out FILE.xlsx",
            markup=False,
        )
        raise typer.Exit(2)
    if out is not None and out.is_dir():
        err_console.print(f"error: --out {out} is a directory; give a file name", markup=False)
        raise typer.Exit(2)
    try:
        df = load_figures(data, include_leads=include_leads)
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    if program:
        df = df[df["program"].isin(program)]
    if basis:
        df = df[df["basis"].isin(basis)]
    if not all_figures:
        df = df[df["preferred"]]
    cols = ["id", "program", "measure", "basis", "period", "value", "unit", "units_covered"]
    cols += ["as_stated", "quote", "publisher", "published", "reliability", "url"]
    view = df[cols].copy()
    view["published"] = view["published"].dt.strftime("%Y-%m-%d")
    if fmt is Format.xlsx:
        from blkanalysis.data.export import sources_table
        from blkanalysis.downloads import write_xlsx

        assert out is not None
        write_xlsx(out, {"figures": view, "sources": sources_table(df)})
        out_console.print(f"wrote {out} ({len(view)} figures)", markup=False)
    elif fmt in (Format.csv, Format.json):
        if fmt is Format.csv:
            from blkanalysis.downloads import csv_bytes

            text = csv_bytes(view).decode("utf-8")
        else:
            records = json.loads(view.to_json(orient="records", force_ascii=False))
            text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        if out is None:
            write_out(text)
        else:
            from blkanalysis.atomic import atomic_write

            atomic_write(out, text)
            out_console.print(f"wrote {out} ({len(view)} figures)", markup=False)
    else:
        import pandas as pd
        from rich.table import Table

        from blkanalysis.data.registry import wording_recorded
        from blkanalysis.present.i18n import t
        from blkanalysis.text.numbers import format_count, format_idr

        table = Table(show_lines=False)
        for col in ("id", "program", "basis", "period", "figure", "as stated", "source"):
            table.add_column(col, overflow="fold")
        for row in view.itertuples(index=False):
            shown = (
                format_idr(row.value)
                if row.unit == "IDR"
                else f"{format_count(row.value)} {row.unit}"
            )
            if not pd.isna(row.units_covered):
                shown += f" / {format_count(row.units_covered)} BLK"
            table.add_row(
                row.id,
                str(row.program),
                str(row.basis),
                row.period,
                shown,
                row.as_stated if wording_recorded(row.quote) else t("sources.no_quote"),
                f"{row.publisher} {row.published if isinstance(row.published, str) else 'undated'} "
                f"({row.reliability})",
            )
        out_console.print(table)
        out_console.print(f"{len(view)} figures", markup=False)


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="directory to write the tables into")],
    data: Annotated[Path | None, typer.Option("--data", help="data directory")] = None,
) -> None:
    """Write the registry as tables: figures, sources, CPI (CSV) and a Frictionless
    datapackage.json describing them. Other files in DIRECTORY are left alone."""
    from blkanalysis.data.export import export_registry

    if directory.exists() and not directory.is_dir():
        err_console.print(f"error: {directory} is a file; give a directory", markup=False)
        raise typer.Exit(2)
    try:
        written = export_registry(directory, data)
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    for path in written:
        out_console.print(f"wrote {path}", markup=False)


@app.command()
def validate(
    directory: Annotated[
        Path | None, typer.Argument(help="data directory (default: the project's data/)")
    ] = None,
    drafts: Annotated[
        bool,
        typer.Option(
            "--drafts", help="check the draft sources in drafts/ (written by `blk add`) instead"
        ),
    ] = False,
) -> None:
    """Check a registry and print every problem found. Exit 0 when clean, 2 on problems."""
    from blkanalysis.data.prices import validate_data

    if drafts:
        from blkanalysis.data.drafts import drafts_dir, validate_drafts

        files, problems = validate_drafts(directory)
        if not files:
            out_console.print(f"no drafts in {drafts_dir(directory)}", markup=False)
            return
        if problems:
            for p in problems:
                err_console.print(f"{p}", markup=False)
            n = len(problems)
            err_console.print(
                f"{n} problem{'s' if n != 1 else ''} found in {len(files)} draft"
                f"{'s' if len(files) != 1 else ''}",
                markup=False,
            )
            raise typer.Exit(2)
        out_console.print(
            f"{len(files)} draft{'s' if len(files) != 1 else ''} OK: move to sources/ to publish",
            markup=False,
        )
        return

    # the project's data/ must have its cpi.yaml; a registry elsewhere may be sources alone
    problems = validate_data(directory, cpi_required=directory is None)
    if problems:
        for p in problems:
            err_console.print(f"{p}", markup=False)
        n = len(problems)
        err_console.print(f"{n} problem{'s' if n != 1 else ''} found", markup=False)
        raise typer.Exit(2)
    out_console.print("registry OK", markup=False)


@app.command()
def summary(
    data: Annotated[Path | None, typer.Option("--data", help="data directory")] = None,
) -> None:
    """Print a summary of the registry: figures by programme and basis, sources, conflicts."""
    from blkanalysis.data.registry import load_figures
    from blkanalysis.data.summary import (
        conflicts,
        figures_by_program,
        registry_summary,
        sources_table,
    )

    try:
        df = load_figures(data)
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    s = registry_summary(df)
    grades = ", ".join(f"{k}: {v}" for k, v in s["by_reliability"].items())
    out_console.print(
        f"{s['figures']} figures from {s['sources']} sources (grades {grades}); "
        f"{s['quantities']} quantities, {s['corroborated']} stated by more than one source, "
        f"{s['conflicting']} with differing values. Grade C leads are excluded.",
        markup=False,
    )
    _print_frame("Figures by programme and basis", figures_by_program(df))
    # as the reports show them: a figure whose source's wording was not recorded by its value
    from blkanalysis.present import views

    shown, _ = views.conflicts(conflicts(df))
    _print_frame("Conflicts between sources", shown.drop(columns="quote"))
    _print_frame("Sources", sources_table(df))


def _print_frame(title: str, df) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in df.columns:
        table.add_column(str(col), overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*("" if v is None or v != v else str(v) for v in row))
    out_console.print(table)


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option("--out", help="directory to write the JSON Schemas to")
    ] = None,
) -> None:
    """Write the JSON Schemas of the data files (source files, cpi.yaml and model.yaml)."""
    from blkanalysis import paths
    from blkanalysis.data.prices import cpi_json_schema
    from blkanalysis.data.programme import json_schema as model_json_schema
    from blkanalysis.data.registry import json_schema

    target = out or paths.schema_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name, schema_ in (
        ("source", json_schema()),
        ("cpi", cpi_json_schema()),
        ("model", model_json_schema()),
    ):
        path = target / f"{name}.schema.json"
        path.write_text(json.dumps(schema_, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        out_console.print(f"wrote {path}", markup=False)


@app.command()
def sweep(
    grid: Annotated[
        list[str],
        typer.Option(
            "--grid",
            help="name=v1,v2,... (repeatable); e.g. --grid multiplier=1,2,3. Sweepable: "
            + ", ".join(sweepable()),
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="write CSV here (default: standard output)")
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", help="scenario file for the parameters not swept"),
    ] = None,
) -> None:
    """Evaluate every combination of parameter values (vectorised) and write a CSV."""
    from blkanalysis.model.scenario import Scenario
    from blkanalysis.model.sweeps import parse_grid
    from blkanalysis.model.sweeps import sweep as run_sweep

    try:
        base = Scenario.from_yaml(scenario) if scenario else None
        df = run_sweep(parse_grid(grid), scenario=base, source="--grid")
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    text = df.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    if out is None:
        write_out(text)
        return
    from blkanalysis.atomic import atomic_write

    atomic_write(out, text)
    err_console.print(f"wrote {len(df):,} rows to {out}", markup=False)


class Method(StrEnum):
    sobol = "sobol"
    morris = "morris"


@app.command()
def sensitivity(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="write FILE.csv (indices and ranges) or FILE.json (everything) here "
            "(default: CSV on standard output)",
        ),
    ] = None,
    n: Annotated[
        int | None,
        typer.Option(
            "--n",
            help="Sobol: base samples, a power of 2 (default 1024); Morris: trajectories "
            "(default 100)",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="seed of the sampling")] = 0,
    method: Annotated[
        Method, typer.Option("--method", help="sobol (indices with intervals) or morris (cheap)")
    ] = Method.sobol,
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", help="scenario file for the parameters not varied"),
    ] = None,
) -> None:
    """Which assumption drives each headline: Sobol or Morris indices over the continuous
    parameters, and each headline's range over the discrete readings."""
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        err_console.print(
            f"error: --out {out}: write a .csv or a .json file (e.g. --out sensitivity.csv)",
            markup=False,
        )
        raise typer.Exit(2)
    from blkanalysis.model.scenario import Scenario
    from blkanalysis.model.sensitivity import analyse

    try:
        base = Scenario.from_yaml(scenario) if scenario else None
        result = analyse(scenario=base, method=method.value, n=n, seed=seed)
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    if out is not None and out.suffix.lower() == ".json":
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    else:
        text = result.table().to_csv(index=False, float_format="%.10g", lineterminator="\n")
    if out is None:
        write_out(text)
        return
    from blkanalysis.atomic import atomic_write

    atomic_write(out, text)
    err_console.print(f"wrote {out}", markup=False)


@app.command()
def scenarios() -> None:
    """List the shipped scenarios with their titles and what they change from the baseline."""
    from blkanalysis.model.scenario import Scenario, load_scenarios

    try:
        files = load_scenarios()
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    base = Scenario().params()
    from rich.table import Table

    table = Table()
    for col in ("name", "title", "changes from baseline"):
        table.add_column(col, overflow="fold")
    for sf in files:
        changed = {k: v for k, v in sf.scenario.params().items() if base[k] != v}
        table.add_row(
            sf.name,
            sf.header.title if sf.header else "",
            ", ".join(f"{k}={v}" for k, v in changed.items()) or "(none)",
        )
    out_console.print(table)


@app.command()
def expected(
    update: Annotated[
        bool, typer.Option("--update", help="rewrite scenarios/expected/*.csv from the code")
    ] = False,
) -> None:
    """Compare each shipped scenario's results with its committed expected results.

    Exit 0 when all match, 1 when any differs (each difference printed). After an intended
    change, review the differences, then run with --update and commit the CSV files.
    """
    from blkanalysis.model.results import check_all, write_expected
    from blkanalysis.model.scenario import load_scenarios

    try:
        if update:
            for sf in load_scenarios():
                path = write_expected(sf)
                out_console.print(f"wrote {path}", markup=False)
            return
        diffs = check_all()
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    for d in diffs:
        err_console.print(str(d), markup=False)
    if diffs:
        err_console.print(f"{len(diffs)} differences", markup=False)
        raise typer.Exit(1)
    out_console.print("all scenarios match their expected results", markup=False)


@app.command()
def notebooks() -> None:
    """Re-execute notebooks/ in place with the baseline parameters (after data changes)."""
    from blkanalysis.cli.refresh import refresh

    try:
        done = refresh(progress=lambda msg: err_console.print(msg, markup=False))
    except BlkAnalysisError as exc:
        raise fail(exc) from None
    out_console.print(f"refreshed {len(done)} notebooks", markup=False)


#: exit status when the reader of stdout went away (``blk figures | head``): what a process
#: killed by SIGPIPE reports in a shell (128 + 13), as ``cat`` or ``grep`` would
EXIT_BROKEN_PIPE = 141


def main() -> None:
    """Entry point: run the app, turning our errors into messages and exit codes."""
    try:
        app()
    except BlkAnalysisError as exc:  # pragma: no cover - commands catch their own
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(exc.exit_code)
    except ReaderGone:
        # The reader closed the pipe: stop quietly. Point stdout at /dev/null so the
        # interpreter's final flush cannot raise (and print) the same error again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)


from blkanalysis.cli.extract import add_command, extract_command  # noqa: E402

app.command(name="extract")(extract_command)
app.command(name="add")(add_command)

from blkanalysis.cli.report import report_command  # noqa: E402

app.command(name="report")(report_command)
