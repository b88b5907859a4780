"""The consoles every ``blk`` command prints to: results on stdout, messages on stderr.

All of a command's output goes through here, so a reader that goes away (``blk figures | head``)
is met in one way: :class:`ReaderGone`, which ``cli.main`` turns into a quiet stop.
"""

from __future__ import annotations

import sys

from rich.console import Console


class ReaderGone(Exception):
    """The reader of stdout closed the pipe. Not an OSError, so click does not swallow it."""


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 itself; let cli.main stop the same way for every kind of output
        raise ReaderGone


def write_out(text: str) -> None:
    """Write plain text (CSV, JSON, YAML) to stdout."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise ReaderGone from None


err_console = _Console(stderr=True, highlight=False, soft_wrap=True)
out_console = _Console(highlight=False, soft_wrap=True)
