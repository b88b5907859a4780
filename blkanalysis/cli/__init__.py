"""The ``blk`` command: a thin layer over the Python API."""

from blkanalysis.cli.main import app, main

__all__ = ["app", "main"]
