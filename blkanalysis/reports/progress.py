"""How a build reports progress: a rich bar on a terminal, one line per run otherwise, or only
errors (``--quiet``). The Python API takes any object with these three methods."""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol

from blkanalysis.reports.spec import RunRecord


class Progress(Protocol):
    def start(self, total: int, to_run: int) -> None: ...
    def advance(self, record: RunRecord) -> None: ...
    def stop(self) -> None: ...


class NullProgress:
    """Says nothing."""

    def start(self, total: int, to_run: int) -> None:
        pass

    def advance(self, record: RunRecord) -> None:
        pass

    def stop(self) -> None:
        pass


def describe(record: RunRecord) -> str:
    if record.status == "failed":
        same = " (unchanged)" if record.action == "cached" else ""
        where = f" [{record.failed_ipynb}]" if record.failed_ipynb else ""
        return f"FAILED  {record.key}: {record.error}{same}{where}"
    if record.action == "cached":
        return f"ok      {record.key} (unchanged)"
    return f"ok      {record.key} ({record.duration_s:.1f} s)"


class LineProgress:
    """One line per finished run (for logs and cron), failures to ``err``."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.total = 0
        self.done = 0

    def start(self, total: int, to_run: int) -> None:
        self.total = total
        print(
            f"{total} report(s): {to_run} to build, {total - to_run} unchanged",
            file=self.out,
            flush=True,
        )

    def advance(self, record: RunRecord) -> None:
        self.done += 1
        stream = self.err if record.status == "failed" else self.out
        print(f"[{self.done}/{self.total}] {describe(record)}", file=stream, flush=True)
        for w in record.warnings if record.action == "executed" else []:
            print(f"    warning: {w}", file=self.err, flush=True)

    def stop(self) -> None:
        pass


class ErrorsOnlyProgress(LineProgress):
    """Nothing but failures."""

    def start(self, total: int, to_run: int) -> None:
        self.total = total

    def advance(self, record: RunRecord) -> None:
        self.done += 1
        if record.status == "failed":
            print(describe(record), file=self.err, flush=True)


class RichProgress:
    """A rich progress bar (on a terminal), failures printed above it."""

    def __init__(self, console: Any = None):
        from rich.console import Console

        self.console = console or Console(stderr=True, highlight=False)
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int, to_run: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]reports"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=self.console,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(f"{total - to_run} unchanged", total=total)

    def advance(self, record: RunRecord) -> None:
        from rich.markup import escape

        if record.status == "failed":
            self.console.print(f"[red]FAILED[/red] {escape(describe(record)[8:])}", soft_wrap=True)
        for w in record.warnings if record.action == "executed" else []:
            self.console.print(f"warning: {record.key}: {w}", markup=False, soft_wrap=True)
        if self._progress is not None:
            self._progress.update(self._task, advance=1, description=escape(record.key))

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description="")
            self._progress.stop()
            self._progress = None
