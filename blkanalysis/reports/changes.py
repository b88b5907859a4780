"""What changed since the previous build: the data files and the key figures that moved.

Generic (files and key figures, not BLK): a build keeps, before it starts, the previous
manifest's input hashes and each run's key figures (:func:`snapshot`); when it ends,
:func:`between` compares them with the new manifest. The result goes to ``manifest.json``
(``changes``) and to the index's section for scheduled readers. A first build, or a build into a
directory without a manifest, has no previous build: ``changes`` is absent.

A key figure "moved" when a run of both builds states it (same label) with another value. Each
move names the data records behind it that sit in a changed file: those the notebook says the key
figure rests on (``key_figure_ids``), or else all the records the report rests on (``figures`` in
its manifest entry); a move with none (a parameter or the library changed) names none.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any


def snapshot(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """What :func:`between` needs of the manifest before a build; None without a previous one."""
    if not manifest.get("inputs"):
        return None
    return {
        "inputs": dict(manifest["inputs"]),
        "runs": {
            key: dict(run.get("key_figures") or {})
            for key, run in (manifest.get("runs") or {}).items()
            if run.get("status") == "ok"
        },
    }


def _tail(path: str) -> tuple[str, ...]:
    """A file's place for matching: its directory's name and its own (the records give the
    file as the registry read it, the manifest as the project names it)."""
    return PurePosixPath(path.replace("\\", "/")).parts[-2:]


def between(previous: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any]:
    """The changes from ``previous`` (a :func:`snapshot`) to ``manifest``: input files added,
    removed and edited (sorted), and the key figures that moved (in the build's order)."""
    old, new = previous["inputs"], manifest.get("inputs") or {}
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    edited = sorted(k for k in set(old) & set(new) if old[k] != new[k])
    changed = {_tail(p) for p in (*added, *removed, *edited)}
    moves = []
    order = manifest.get("build", {}).get("order", {})
    rank_sc = {s: i for i, s in enumerate(order.get("scenarios", []))}
    rank_nb = {n: i for i, n in enumerate(order.get("notebooks", []))}
    runs = manifest.get("runs") or {}
    keys = sorted(
        runs,
        key=lambda k: (
            rank_sc.get(runs[k].get("scenario"), len(rank_sc)),
            rank_nb.get(runs[k].get("notebook"), len(rank_nb)),
            k,
        ),
    )
    for key in keys:
        run = runs[key]
        before = previous["runs"].get(key)
        if before is None or run.get("status") != "ok":
            continue
        behind = sorted(
            {
                f["id"]
                for f in run.get("figures") or []
                if f.get("file") and _tail(f["file"]) in changed
            }
        )
        kf_ids = run.get("key_figure_ids") or {}
        for label, value in (run.get("key_figures") or {}).items():
            was = before.get(label)
            if was is not None and was != value:
                # the records behind this key figure in a changed file (else the report's)
                own = [i for i in kf_ids.get(label, []) if i in behind]
                moves.append(
                    {
                        "run": key,
                        "scenario": run.get("scenario"),
                        "notebook": run.get("notebook"),
                        "label": label,
                        "old": was,
                        "new": value,
                        "figures": own or behind,
                    }
                )
    return {"inputs": {"added": added, "removed": removed, "edited": edited}, "key_figures": moves}
