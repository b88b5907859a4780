"""The consoles every ``blk`` command prints to: results on stdout, messages on stderr."""

from __future__ import annotations

from rich.console import Console

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)
