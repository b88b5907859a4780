"""A no-change rerun confirmed from file stamps, before any validation or hashing.

:func:`~blkanalysis.reports.build.build_reports` decides a rerun by validating every scenario
and hashing every input and report file: correct, but as a command most of its time goes on the
imports that validation needs (pandas, pydantic). When the caller can name everything its build
depends on, it hands the build a :class:`Fingerprint`: the stamps (path, size, ``mtime_ns``) of
those files plus the options that shape the build. A build that ends well records the fingerprint
and the stamps of every file it left in the output directory (``.blk/fresh.json``); the next
command with the same fingerprint and untouched outputs is confirmed by :func:`rerun` from stamps
alone, and recorded in the manifest exactly as a no-change build would record it (every planned
report "cached"; the index is not rewritten, as a no-change build leaves it byte for byte).

Anything else falls back to the full build: another fingerprint, a changed or missing output, a
commit left half-done, the lock held by another run. Every build forgets the record as soon as it
holds the lock, so a build in progress is never taken for a finished one.

Stamps trust (size, ``mtime_ns``) as make, git and the data cache
(:mod:`blkanalysis.data.inputs`) do. An input written in the same instant its stamp was taken
could change again unseen (git's "racy" files): such a fingerprint is not recorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blkanalysis import atomic
from blkanalysis.errors import LockedError
from blkanalysis.reports import manifest as mf
from blkanalysis.reports.cache import canonical_json, sha256_bytes, walk_entries
from blkanalysis.reports.lock import OutputLock
from blkanalysis.reports.progress import NullProgress, Progress
from blkanalysis.reports.spec import BuildResult, RunRecord

RECORD = Path(".blk") / "fresh.json"
FORMAT = 1

#: an input modified this close to (or after) its stamp is "racy": not recorded
RACY_NS = 50_000_000


@dataclass(frozen=True)
class Fingerprint:
    """What a build was made from, as stamps: ``digest`` identifies it; ``racy`` says an input
    changed too recently for its stamp to be trusted."""

    digest: str
    racy: bool = False


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def stamps(roots: Iterable[Path]) -> dict[str, list[int] | None]:
    """``{path: [size, mtime_ns]}`` of every file under each root (a missing root: None)."""
    out: dict[str, list[int] | None] = {}
    for root in roots:
        root = Path(root).absolute()
        if not root.exists():
            out[str(root)] = None
            continue
        for path, entry in walk_entries(root):
            try:
                st = entry.stat() if entry is not None else os.stat(path)
            except OSError:
                out[path] = None
            else:
                out[path] = [st.st_size, st.st_mtime_ns]
    return out


def fingerprint(roots: Sequence[Path], options: Mapping[str, Any]) -> Fingerprint:
    """The fingerprint of a build made from the files under ``roots`` (files or directories),
    shaped by ``options`` (anything JSON-able: the command's options, versions, ...)."""
    taken = time.time_ns()
    files = stamps(roots)
    newest = max((s[1] for s in files.values() if s), default=0)
    digest = sha256_bytes(canonical_json({"options": options, "files": files}).encode())
    return Fingerprint(digest, racy=newest > taken - RACY_NS)


def _outputs(output: Path) -> dict[str, list[int] | None]:
    """Stamps of every file a build leaves in ``output`` (its hidden work files aside)."""
    return {Path(p).relative_to(output).as_posix(): s for p, s in stamps([output]).items()}


def forget(output: Path) -> None:
    """Drop the record (a build is about to change the output directory)."""
    with contextlib.suppress(FileNotFoundError):
        (Path(output) / RECORD).unlink()


def record(output: Path, fp: Fingerprint, planned: Sequence[str]) -> None:
    """After a build that ended well: remember ``fp``, the runs it planned (in order) and the
    stamps of what it left in ``output``. Call it while holding the output's lock."""
    if fp.racy:
        return
    output = Path(output).absolute()
    data = {
        "format": FORMAT,
        "fingerprint": fp.digest,
        "runs": list(planned),
        "outputs": _outputs(output),
    }
    atomic.atomic_write(output / RECORD, json.dumps(data, indent=0, sort_keys=True) + "\n")


def _read(output: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((output / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def rerun(
    output: Path,
    fp: Fingerprint,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildResult | None:
    """Confirm a no-change rerun of the build ``fp`` describes, from stamps; None if it cannot be
    confirmed (then run the full build, which decides for itself)."""
    t0 = time.perf_counter()
    output = Path(output).absolute()
    saved = _read(output)
    if saved is None or saved.get("fingerprint") != fp.digest:
        return None
    if any((output / atomic.JOURNAL_DIR).glob("*.json")):
        return None  # a commit left half-done: the build finishes it
    lock = OutputLock(output)
    try:
        lock.acquire()
    except (LockedError, OSError):
        return None  # another run is writing: the build waits or says so
    try:
        saved = _read(output)  # as it is now that no one else writes
        if saved is None or saved.get("fingerprint") != fp.digest:
            return None
        if _outputs(output) != saved.get("outputs"):
            return None
        manifest = mf.load(output)
        runs = manifest["runs"]
        planned = [k for k in saved.get("runs") or [] if isinstance(k, str)]
        if not planned or any(k not in runs or runs[k].get("status") != "ok" for k in planned):
            return None
        progress = progress or NullProgress()
        records = []
        for k in planned:
            runs[k]["action"] = "cached"
            e = runs[k]
            records.append(
                RunRecord(
                    key=k,
                    scenario=e["scenario"],
                    notebook=e["notebook"],
                    status="ok",
                    action="cached",
                    duration_s=float(e.get("duration_s") or 0.0),
                    html=e.get("html"),
                    ipynb=e.get("ipynb"),
                    key_figures=dict(e.get("key_figures") or {}),
                    warnings=list(e.get("warnings") or []),
                )
            )
        # what a no-change build writes in the manifest (see build.build_reports)
        previous = manifest.get("build") or {}
        manifest["build"] = {
            "started": _now(),
            "status": "ok",
            "pid": os.getpid(),
            "jobs": max(1, jobs or os.cpu_count() or 1),
            "force": False,
            "order": previous.get("order", {}),
            "finished": _now(),
            "duration_s": round(time.perf_counter() - t0, 3),
            "counts": {
                "total": len(planned),
                "executed": 0,
                "cached": len(planned),
                "failed": 0,
            },
        }
        progress.start(len(records), 0)
        for r in records:
            progress.advance(r)
        mf.save(output, manifest)
        saved["outputs"][mf.MANIFEST_NAME] = _stat(mf.manifest_path(output))
        atomic.atomic_write(output / RECORD, json.dumps(saved, indent=0, sort_keys=True) + "\n")
        progress.stop()
        return BuildResult(output=output, runs=records, duration_s=time.perf_counter() - t0)
    finally:
        lock.release()
