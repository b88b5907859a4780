"""Atomic writes: a reader (or a killed run) never sees a half-written file.

- :func:`atomic_write` writes a temporary file in the target's directory, flushes and fsyncs
  it, then ``os.replace``-s it over the target: the target is the old file or the new one.
- :func:`commit` replaces several files as a group (a report's ``.html`` and its executed
  ``.ipynb``): every temporary file is written completely first, then a journal naming the
  renames is written (atomically), then the renames happen, then the journal is removed. A kill
  between two renames leaves a journal behind, and :func:`recover` (run by the next build
  before anything else, under the lock) finishes the renames: the group ends up all new. A kill
  before the journal exists leaves only temporary files, which :func:`remove_temporaries`
  deletes: the group stays all old.

Temporary files are hidden (``.<name>.<random>.tmp``), so a directory listing, the index and a
reader's browser never pick one up.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

TMP_SUFFIX = ".tmp"
JOURNAL_DIR = ".blk/journal"


def temp_path(target: Path) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(6)}{TMP_SUFFIX}"


def _write_temp(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def atomic_write(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` so that it is always either the old or the new content."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = Path(target)
    tmp = _write_temp(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_if_changed(target: Path, data: bytes | str) -> bool:
    """Atomically write ``target`` unless it already holds exactly ``data``. True if written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(target, data)
    return True


def commit(
    root: Path,
    files: Sequence[tuple[Path, bytes]],
    *,
    delete: Sequence[Path] = (),
    name: str = "commit",
) -> None:
    """Replace every ``(target, data)`` in ``files`` and delete ``delete``, as one group.

    Paths are under ``root`` (the output directory, whose ``.blk/journal`` holds the journal).
    """
    root = Path(root)
    temps: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            temps.append((_write_temp(Path(target), data), Path(target)))
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    journal = root / JOURNAL_DIR / f"{name}.json"
    record = {
        "renames": [[_rel(root, t), _rel(root, d)] for t, d in temps],
        "delete": [_rel(root, Path(p)) for p in delete],
    }
    atomic_write(journal, json.dumps(record, indent=1))
    _apply(root, record)
    journal.unlink(missing_ok=True)


def _rel(root: Path, path: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()


def _apply(root: Path, record: dict) -> None:
    for tmp, target in record.get("renames", []):
        src = root / tmp
        if src.exists():  # already renamed if it is gone (a recovered, half-applied journal)
            os.replace(src, root / target)
    for p in record.get("delete", []):
        (root / p).unlink(missing_ok=True)


def recover(root: Path) -> list[str]:
    """Finish the groups a killed run left half-applied. Returns the journals replayed."""
    jdir = Path(root) / JOURNAL_DIR
    done = []
    if not jdir.is_dir():
        return done
    for partial in jdir.glob(f".*{TMP_SUFFIX}"):  # a journal being written: never applied
        partial.unlink(missing_ok=True)
    for journal in sorted(jdir.glob("*.json")):
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = None  # a journal is written atomically; unreadable means not ours
        if isinstance(record, dict):
            _apply(Path(root), record)
            done.append(journal.name)
        journal.unlink(missing_ok=True)
    return done


def remove_temporaries(root: Path, *, depth: int = 2) -> list[Path]:
    """Delete the hidden temporary files a killed run may have left (after :func:`recover`)."""
    removed: list[Path] = []
    root = Path(root)
    dirs = [root]
    for _ in range(depth - 1):
        dirs += [d for parent in list(dirs) for d in parent.iterdir() if _is_report_dir(d)]
    for d in dict.fromkeys(dirs):
        for p in d.glob(f".*{TMP_SUFFIX}"):
            if p.is_file():
                p.unlink(missing_ok=True)
                removed.append(p)
    return removed


def _is_report_dir(d: Path) -> bool:
    return d.is_dir() and not d.name.startswith(".")
