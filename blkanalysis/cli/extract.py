"""``blk extract``: find the figures in an Indonesian text and print them for review.

Registered on the ``blk`` app in :mod:`blkanalysis.cli.main`. Kept in its own module (with its own
consoles) so importing it never imports the rest of the CLI.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from blkanalysis.cli.console import err_console as _err
from blkanalysis.cli.console import out_console as _out
from blkanalysis.cli.console import write_out
from blkanalysis.errors import BlkAnalysisError


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


def _shown(value: int | float, unit: str | None) -> str:
    from blkanalysis.text.numbers import format_idr, format_number, format_percent

    if unit == "IDR":
        return format_idr(value, short=False)
    if unit == "percent":
        return format_percent(value, digits=2).replace(",00%", "%")
    digits = 0 if float(value).is_integer() else 2
    return format_number(value, digits=digits)


def extract_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-",
            help="the document to read: a text (UTF-8), a saved web page (.html) or a PDF; "
            "or - to read a text from standard input",
        ),
    ],
    fmt: Annotated[
        ExtractFormat,
        typer.Option(
            "--format",
            help="table: for reading; json: every field of every figure; yaml: figure stubs "
            "in the registry's format, to complete and paste into data/sources/",
        ),
    ] = ExtractFormat.table,
    unitless: Annotated[
        bool,
        typer.Option(
            "--unitless",
            help="also report numbers without a recognised unit (unit null); dates, years, "
            "times and identifiers are still left out",
        ),
    ] = False,
    encoding: Annotated[
        str, typer.Option("--encoding", help="the text's encoding (e.g. cp1252)")
    ] = "utf-8",
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="processes for a text of 1 MB or more (0: one per CPU); same result",
        ),
    ] = 1,
) -> None:
    """Find every figure in an Indonesian text: rupiah, counts of BLK, persons, ..., percentages.

    Each figure is reported with its exact wording and character offsets, so it can be checked
    against the source and pasted into the registry.
    """
    from blkanalysis.text.documents import on_pages, read_document
    from blkanalysis.text.extract import extract_figures, figures_json, quote_for, render_stubs

    try:
        doc = read_document(source, encoding=encoding)
    except BlkAnalysisError as exc:
        _err.print(f"error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    figures = on_pages(extract_figures(doc.text, unitless=unitless, workers=workers), doc)
    name = doc.name
    if fmt is ExtractFormat.json:
        write_out(figures_json(figures))
    elif fmt is ExtractFormat.yaml:
        from blkanalysis.data.registry import BASES, PROGRAMS

        meta = None
        if doc.kind != "text":
            meta = {
                "publisher": doc.site,
                "title": doc.title,
                "url": doc.url,
                "published": doc.date,
                "author": doc.author,
            }
        write_out(render_stubs(figures, source=name, programs=PROGRAMS, bases=BASES, meta=meta))
    else:
        if not _out.is_terminal:  # a file or a pipe: no need to fold at 80 columns
            _out.width = max(_out.width, 200)
        from rich.table import Table
        from rich.text import Text

        table = Table(show_lines=False)
        paged = doc.kind == "pdf"
        for col in ("#", "page", "at") if paged else ("#", "at"):
            table.add_column(col, no_wrap=True)
        for col in ("as stated", "value", "unit"):
            table.add_column(col, no_wrap=True)
        table.add_column("note", overflow="fold")
        table.add_column("sentence", overflow="fold", ratio=1, min_width=30)
        for i, fig in enumerate(figures, 1):
            notes = []
            if fig.approximate:
                notes.append("approx.")
            elif fig.qualifier:
                notes.append(fig.qualifier)
            if fig.unit_inferred:
                notes.append("unit inferred")
            if fig.range_part:
                notes.append(f"range {fig.range_part}")
            if fig.unlisted:
                notes.append("not a registry unit")
            cells = (
                str(i),
                *((str(fig.page),) if paged else ()),
                f"{fig.start}-{fig.end}",
                " ".join(fig.as_stated.split()),
                _shown(fig.value, fig.unit),
                fig.unit or "-",
                ", ".join(notes),
                quote_for(fig, 200),
            )
            table.add_row(*(Text(c) for c in cells))  # plain text: "[...]" is not markup
        _out.print(table)
        n = len(figures)
        _out.print(f"{n} figure{'s' if n != 1 else ''} in {name}", markup=False)


def add_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="the document: a saved web page (.html), a PDF or a text"
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option("--url", help="the document's address (http or https), recorded as its url"),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="data directory whose drafts/ gets the draft"),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="a text's encoding (e.g. cp1252)")
    ] = "utf-8",
) -> None:
    """Write a draft source from a document: its figures, and TODO for what it cannot tell.

    The draft goes to drafts/ of the data directory, named by the registry's convention; it is
    not loaded with the registry. Check it with `blk validate --drafts`; publish it by moving
    the finished file to sources/.
    """
    from blkanalysis.data.drafts import write_draft

    try:
        path, n = write_draft(source, url=url, data_dir=data, encoding=encoding)
    except BlkAnalysisError as exc:
        _err.print(f"error: {exc}", markup=False)
        raise typer.Exit(exc.exit_code) from None
    _out.print(
        f"draft written: {path} ({n} figure{'s' if n != 1 else ''}); fill in every TODO, "
        "check with `blk validate --drafts`, then move it to sources/",
        markup=False,
    )
