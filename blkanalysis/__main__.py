"""``python -m blkanalysis``: the same as the ``blk`` command."""

from .cli import main

if __name__ == "__main__":
    main()
