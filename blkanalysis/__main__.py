"""``python -m blkanalysis``: the same as the ``blk`` command."""

from blkanalysis.cli.main import main

if __name__ == "__main__":
    main()
