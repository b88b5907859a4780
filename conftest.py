"""The README's code blocks are tests too (see tests/readme_blocks.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sybil import Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

from tests import readme_blocks

# `blk report` keeps a warm pool of kernels for the next command (blkanalysis.reports.pool):
# the tests' builds use it as a user's do, with pools of their own (see `_report_pools`), and
# no test may leave one running. Outside a session (and with BLK_TEST_POOL=0) they start none.
os.environ["BLK_REPORT_POOL"] = "0"


@pytest.fixture(scope="session", autouse=True)
def _report_pools(tmp_path_factory: pytest.TempPathFactory):
    """The report builds of this session (of this pytest-xdist worker) keep warm pools in a
    directory of its own, and the pools still up when it ends are stopped.

    A pool is per key (the code, the working directory, the environment's paths), so the
    builds run from the checkout share one, and a project copy that builds several times
    starts its own once: each build then pays a fork, not the imports (each report is still
    a fresh process and kernel, byte-identical to a cold one: tests/test_reports_pool.py).
    Tests of the cold path set BLK_REPORT_POOL=0 themselves; BLK_TEST_POOL=0 runs them all
    cold."""
    if os.environ.get("BLK_TEST_POOL", "1").strip() == "0":
        yield None
        return
    from tests.fixtures.pools import stop_all

    directory = tmp_path_factory.getbasetemp() / "pools"
    directory.mkdir(mode=0o700)
    os.environ.update(
        {
            "BLK_REPORT_POOL": "1",
            "BLK_REPORT_POOL_DIR": str(directory),
            "BLK_REPORT_POOL_IDLE": "300",
        }
    )
    try:
        yield directory
    finally:
        os.environ["BLK_REPORT_POOL"] = "0"
        stop_all(directory)


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory every pytest-xdist worker of this run sees (the run's base temp dir)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def shipped_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project's reports (every notebook x scenario, en and id), built once per
    session with `make report`'s command; read-only (see readme_blocks.shipped_reports)."""
    return readme_blocks.shipped_reports(_shared_dir(tmp_path_factory))


@pytest.fixture(scope="session")
def readme_project(
    tmp_path_factory: pytest.TempPathFactory, shipped_reports: Path
) -> readme_blocks.Project:
    return readme_blocks.make_project(tmp_path_factory.mktemp("readme"), shipped_reports)


def _run_shell_block(example) -> None:
    project = example.namespace["readme_project"]
    for command in readme_blocks.commands(example.parsed):
        readme_blocks.run_command(project, command)


def _validate_source_example(example) -> None:
    """The source-file example of data/README.md must be a valid source file."""
    project = example.namespace["readme_project"]
    registry = project.root.parent / "example-registry"
    (registry / "sources").mkdir(parents=True, exist_ok=True)
    name = "detik-2022-08-22-example.yaml"
    (registry / "sources" / name).write_text(example.parsed, encoding="utf-8")
    readme_blocks.run_command(project, f".venv/bin/blk validate {registry}")


def _in_project(parser):
    """Wrap a parser so its examples run with the project copy as the current directory."""

    def parse(document):
        for region in parser(document):
            inner = region.evaluator

            def evaluate(example, inner=inner):
                cwd = os.getcwd()
                os.chdir(example.namespace["readme_project"].root)
                try:
                    return inner(example)
                finally:
                    os.chdir(cwd)

            region.evaluator = evaluate
            yield region

    return parse


pytest_collect_file = Sybil(
    parsers=[
        SkipParser(),
        CodeBlockParser("sh", _run_shell_block),
        CodeBlockParser("yaml", _validate_source_example),
        _in_project(PythonCodeBlockParser()),
    ],
    patterns=["README.md"],
    fixtures=["readme_project"],
).pytest()


def pytest_collection_modifyitems(session, config, items) -> None:
    """The files with slow tests (a `slow` mark) run before the quick ones, README.md first of
    all: pytest-xdist hands out whole files in this order (`--dist loadfile`), so the quick
    files fill the workers' ends instead of one worker finishing a long file alone. Each file's
    tests keep their order."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}

    def rank(item) -> int:
        if item.path.name == "README.md" and item.path.parent == config.rootpath:
            return 0
        return 1 if item.path in slow_files else 2

    items[:] = [item for _, item in sorted(enumerate(items), key=lambda p: (rank(p[1]), p[0]))]
