"""The package works from a non-editable install: data, scenarios and notebooks ship inside it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Build the wheel and install it (without dependencies) into a directory of its own."""
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp / "dist"), str(ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    wheel = next((tmp / "dist").glob("blkanalysis-*.whl"))
    site = tmp / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return site


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("BLK_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_installed_copy_is_used_and_ships_its_data(installed, tmp_path):
    code = (
        "import blkanalysis, blkanalysis.paths as p\n"
        "print(blkanalysis.__file__)\n"
        "print(p.project_root())\n"
        "print(len(blkanalysis.load_figures()))\n"
        "print(len(list(p.scenarios_dir().glob('*.yaml'))))\n"
        "print(sorted(x.name for x in p.notebooks_dir().glob('*.ipynb')))\n"
        "print(blkanalysis.load_cpi()['year'].max())\n"
        "from blkanalysis.present.i18n import po_path, t\n"
        "print(po_path('id'), t('chart.real', 'id', base_year=2022))\n"
    )
    r = run_installed(installed, tmp_path, "-c", code)
    assert r.returncode == 0, r.stderr
    file, root, n, scenarios, notebooks, last, po = r.stdout.strip().splitlines()
    assert po.startswith(str(installed)) and po.endswith(".po Riil (harga 2022)")  # gettext .po
    assert file.startswith(str(installed))
    assert root.endswith("_shipped") and root.startswith(str(installed))
    assert int(n) > 100
    assert int(scenarios) >= 5
    assert "01_figures_overview.ipynb" in notebooks
    assert int(last) == 2025


def test_installed_cli_validates_the_shipped_registry(installed, tmp_path):
    r = run_installed(installed, tmp_path, "-m", "blkanalysis", "validate")
    assert r.returncode == 0, r.stderr
    assert "registry OK" in r.stdout
    r = run_installed(installed, tmp_path, "-m", "blkanalysis", "figures", "--format", "csv")
    assert r.returncode == 0 and "blk-transformation-budget-2021-detik" in r.stdout


# ---------------------------------------------------------------------------------------------
# the Makefile's tools come from the lock file


def test_every_tool_a_make_target_calls_is_installed_from_the_lock():
    """`make lock` once called pip-compile, which nothing installed: every `$(BIN)/tool` exists."""
    import re

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    tools = sorted(set(re.findall(r"\$\(BIN\)/([\w.-]+)", makefile)))
    bin_dir = Path(sys.executable).parent
    missing = [t for t in tools if not (bin_dir / t).exists()]
    assert not missing, f"Makefile calls {missing}, which requirements.lock does not install"


@pytest.mark.slow
def test_make_lock_works_from_a_clean_clone(tmp_path):
    """`make lock` in a fresh clone resolves again and, nothing having changed, keeps every pin.

    The clone uses the test run's environment (built from the same lock file) as its `.venv`;
    `-o` stops make from reinstalling it into the clone.
    """
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # the working tree's pyproject.toml and lock file (they may be ahead of the last commit)
    for name in ("pyproject.toml", "requirements.lock", "Makefile"):
        (clone / name).write_bytes((ROOT / name).read_bytes())
    (clone / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    r = subprocess.run(
        ["make", "-o", ".venv/.blk-installed", "lock"],
        cwd=clone, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert (clone / "requirements.lock").read_text() == (ROOT / "requirements.lock").read_text()
