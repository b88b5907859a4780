"""Run the code blocks of README.md and data/README.md, as a new user would, on the shipped data.

Every ``sh`` block's commands run one by one with bash in a temporary copy of the project (its
``.venv`` a link to the environment running the tests, its package first on ``PYTHONPATH``), in
document order, and each must exit 0. ``python`` blocks run as doctests with the copy as the
current directory; a ``yaml`` block in data/README.md is a source file and must validate. A
block that cannot run inside the tests is marked in the README source with
``<!-- skip: next "reason" -->``.

Placeholders the README uses get real things: ``artikel.txt`` is a fixture article,
``berita.html`` a saved web page and ``laporan.pdf`` a two-page PDF (fixtures written for the
tests), ``my-registry/`` a copy of the shipped data and ``/srv/www/blk`` a temporary folder.

The copy starts with the shipped reports already built (:func:`shipped_reports`: the same
``blk report --lang en --lang id`` in a copy of its own, once per test session), so the
README's ``make report`` and the report commands after it find them current and rebuild only
what they change, as on a user's machine after a first build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
ARTICLE = ROOT / "tests" / "fixtures" / "extract" / "raker-komisi-ix.txt"
DOCUMENTS = ROOT / "tests" / "fixtures" / "extract" / "documents"
COPIED = ["blkanalysis", "data", "scenarios", "notebooks", "benchmarks"]
COPIED_FILES = ["pyproject.toml", "requirements.lock", "Makefile", "README.md", ".gitignore"]
TIMEOUT = 1200  # a generous guard against a hang; no command is timed


@dataclass(frozen=True)
class Project:
    root: Path
    env: dict[str, str]
    placeholders: dict[str, str]


def make_project(base: Path, reports: Path | None = None) -> Project:
    """A copy of the project where the README's commands can write what they like (with
    ``reports``, a built reports directory, as its ``reports/``)."""
    root = base / "project"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_shipped")
    for name in COPIED:
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    for name in COPIED_FILES:
        shutil.copy2(ROOT / name, root / name)
    (root / ".venv").symlink_to(VENV, target_is_directory=True)
    shutil.copy2(ARTICLE, root / "artikel.txt")
    shutil.copy2(DOCUMENTS / "berita-blk-komunitas.html", root / "berita.html")
    shutil.copy2(DOCUMENTS / "laporan-dua-halaman.pdf", root / "laporan.pdf")
    shutil.copytree(ROOT / "data", root / "my-registry")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLK_")}
    # the session's pools (conftest.py stops them), or none
    env["BLK_REPORT_POOL"] = os.environ.get("BLK_REPORT_POOL", "0")
    for name in ("BLK_REPORT_POOL_DIR", "BLK_REPORT_POOL_IDLE"):
        if name in os.environ:
            env[name] = os.environ[name]
    env["PYTHONPATH"] = str(root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # `make` must find the environment installed: were it to reinstall, the editable install
    # of the real checkout would be pointed at this copy
    check = subprocess.run(
        ["make", "-q", ".venv/.blk-installed"], cwd=root, env=env, capture_output=True
    )
    if check.returncode != 0:
        raise RuntimeError(
            f"{VENV} is not up to date with requirements.lock and pyproject.toml: run `make` "
            "targets once (e.g. `make lint`) before the README tests"
        )
    if reports is not None:
        shutil.copytree(reports, root / "reports", symlinks=True)
    www = base / "www-blk"
    return Project(root, env, {"/srv/www/blk": str(www)})


#: what ``make report`` runs: every notebook x every shipped scenario, English and Indonesian
BUILD_ALL = ".venv/bin/blk report --lang en --lang id --quiet"


def shipped_reports(shared: Path) -> Path:
    """The shipped project's reports, built once per test session by :data:`BUILD_ALL` in a
    project copy of their own, and shared by every test that needs them, across pytest-xdist
    workers too (``shared`` is a directory they all see; a lock makes one build and the others
    wait for it). Read-only: copy it before building into it."""
    out = shared / "shipped-reports"
    with open(shared / "shipped-reports.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes (or the process dies)
        if not (out / "manifest.json").is_file() or not (shared / "shipped-reports.ok").exists():
            shutil.rmtree(out, ignore_errors=True)
            work = shared / "shipped-build"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            project = make_project(work)
            run_command(project, BUILD_ALL)
            (project.root / "reports").rename(out)
            (shared / "shipped-reports.ok").write_text("built\n")
    return out


def commands(source: str) -> list[str]:
    """The commands of a shell block: one per line, comment lines and blank lines left out."""
    out: list[str] = []
    pending = ""
    for line in source.splitlines():
        if pending:
            line = pending + line
            pending = ""
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def run_command(project: Project, command: str) -> subprocess.CompletedProcess[str]:
    shown = command
    for placeholder, real in project.placeholders.items():
        command = command.replace(placeholder, real)
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=project.root,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"`{shown}` exited {result.returncode}\n"
            f"--- stdout (end) ---\n{result.stdout[-3000:]}\n"
            f"--- stderr (end) ---\n{result.stderr[-3000:]}"
        )
    return result
