"""Shared fixtures: paths to the small, real fixture registries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# No test asserts on time (performance lives in benchmarks/): hypothesis' per-example deadline
# is a timing assertion that fails on a loaded machine, so it is off for every property test.
settings.register_profile("blkanalysis", deadline=None)
settings.load_profile("blkanalysis")

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_REGISTRY = FIXTURES / "registry_good"
BAD_REGISTRY = FIXTURES / "bad" / "registry"


def bad_registry_cases() -> list[str]:
    return sorted(p.name for p in BAD_REGISTRY.iterdir() if (p / "expect.yaml").exists())


def materialise_bad_case(name: str, tmp_path: Path) -> Path:
    """Copy a bad-registry case to tmp_path (building generated files) and return its dir."""
    import yaml

    src = BAD_REGISTRY / name
    dst = tmp_path / name
    shutil.copytree(src, dst)
    (dst / "sources").mkdir(exist_ok=True)
    expect = yaml.safe_load((src / "expect.yaml").read_text())
    if expect.get("generate") == "huge":
        good = next((GOOD_REGISTRY / "sources").glob("*.yaml")).read_text()
        (dst / "sources" / expect["file"]).write_text(good + "# " + "x" * 2_100_000 + "\n")
    return dst


@pytest.fixture
def good_registry(tmp_path: Path) -> Path:
    dst = tmp_path / "registry"
    shutil.copytree(GOOD_REGISTRY, dst)
    return dst
