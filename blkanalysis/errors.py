"""The project's exceptions: one base class, subclasses that carry the facts.

Every error a user can cause (bad registry file, bad scenario, unparseable number,
failed report) derives from :class:`BlkAnalysisError`, so a caller (or the CLI)
can catch them all with one ``except`` and show the message without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BlkAnalysisError(Exception):
    """Base class of every error raised on purpose by blkanalysis."""

    #: exit code the CLI uses for this kind of error (2: bad input)
    exit_code: int = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and how to fix it."""

    file: str
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f", record {self.record!r}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class ProblemsError(BlkAnalysisError):
    """An error that lists every problem found, not only the first."""

    what = "input"

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("ProblemsError needs at least one problem")
        self.problems = list(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.what}:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    # convenient accessors for the first problem (tests, one-problem errors)
    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def record(self) -> str | None:
        return self.problems[0].record

    @property
    def field(self) -> str | None:
        return self.problems[0].field


class BlkDataError(ProblemsError):
    """The figures registry (``data/``) or the CPI file is malformed."""

    what = "the data registry"


class ModelError(ProblemsError):
    """The programme model (``data/model.yaml``) is malformed or names what the registry lacks."""

    what = "the programme model"


class ScenarioError(ProblemsError):
    """A scenario file or parameter set is invalid."""

    what = "the scenario"


class NumberParseError(BlkAnalysisError, ValueError):
    """Text that should state a number (Indonesian style) could not be read."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read a number from {text!r}: {reason}")


class CPIRangeError(BlkAnalysisError, ValueError):
    """A year outside the CPI series was asked for."""

    def __init__(self, years: list[int], first: int, last: int, source: Path | str):
        self.years = years
        self.first = first
        self.last = last
        shown = ", ".join(str(y) for y in years)
        super().__init__(
            f"no CPI data for year(s) {shown}: {source} covers {first}-{last}. "
            f"Use a base year and figures inside that range, or extend {source}."
        )


class ReportError(BlkAnalysisError):
    """The report runner could not start or finish (not a notebook failure)."""


class ReportWriteError(ReportError):
    """A report could not be written (disk full, file size limit, a file in the way).

    The previous reports are intact: every write goes to a temporary file first.
    """

    exit_code = 1

    def __init__(self, output: Path, run: str, error: OSError):
        self.output = output
        self.run = run
        self.error = error
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        super().__init__(
            f"cannot write the report {run} into {output}: {reason}{where}. The previous "
            "reports are intact; free space or fix the output directory, then run again"
        )


class LockedError(ReportError):
    """Another run holds the lock on the output directory."""

    exit_code = 3

    def __init__(self, lock_path: Path, holder: str):
        self.lock_path = lock_path
        self.holder = holder
        super().__init__(
            f"another report run is writing to {lock_path.parent} ({holder}); "
            f"wait for it to finish, or pass --wait to queue behind it"
        )
