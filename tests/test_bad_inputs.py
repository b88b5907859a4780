"""The bad-input corpus, end to end through the installed ``blk`` command.

Every malformed registry (tests/fixtures/bad/registry/<case>/) goes through ``blk validate DIR``
and ``blk report --data DIR``; every malformed scenario file (tests/fixtures/bad/scenarios/)
and every bad ``-p`` value through ``blk report``. Each must:

- exit 2 with a message naming the file (and the record and field its expect.yaml gives), and
  the phrase of the message expect.yaml gives; never a traceback;
- write nothing: an output directory that did not exist still does not exist, and one holding a
  previous good build is byte-for-byte unchanged (every file, hidden ones included);
- start no kernel: bad input is refused before any notebook runs. A spy ``ipykernel_launcher``
  put first on PYTHONPATH records every kernel start (the good build proves that it works).

The three commands of a case run in parallel (each is a fresh process, about 0.6 s).
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.conftest import BAD_REGISTRY, bad_registry_cases, materialise_bad_case
from tests.fixtures import e2e

BAD_SCENARIOS = e2e.FIXTURES / "bad" / "scenarios"
SCENARIO_EXPECT: dict[str, dict] = yaml.safe_load(
    (BAD_SCENARIOS / "expect.yaml").read_text(encoding="utf-8")
)
NOTEBOOK = e2e.ROOT / "notebooks" / "02_budget_intensity.ipynb"
CPI = e2e.ROOT / "data" / "cpi.yaml"

#: -p values the scenario model refuses: the option, the field named and a phrase of the message
BAD_PARAMS = [
    ("multipliers=[-1]", "multipliers", "must be positive"),
    ("nosuch=1", "nosuch", "unknown key"),
    ("base_year=abc", "base_year", "got the text 'abc'"),
    ("multipliers=[1, 1]", "multipliers", "repeat"),
    ("lang=fr", "lang", "expected one of"),
]


@pytest.fixture(scope="session")
def good_build(tmp_path_factory) -> Path:
    """One small good report set (one notebook, one scenario), built once per session, with
    the kernel spy on: it must record the kernel, or "no kernel started" would prove nothing."""
    base = tmp_path_factory.mktemp("good-build")
    env = e2e.kernel_spy_env(base)
    out = base / "reports"
    r = e2e.blk(
        "report",
        "--scenario",
        e2e.BROWSER_SCENARIO,
        "--notebooks",
        NOTEBOOK,
        "--output",
        out,
        "--jobs",
        "1",
        env=env,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert (out / "browser" / "02_budget_intensity.html").is_file()
    assert e2e.kernels_started(env) == 1, "the kernel spy did not see the good build's kernel"
    return out


def run_case(
    tmp_path: Path, good_build: Path, commands: dict[str, list]
) -> tuple[dict, dict[str, Path], dict[str, str], dict[str, str]]:
    """Run ``commands`` (name -> blk arguments; ``{out}`` stands for the output directory)
    in parallel, with the kernel spy on. Names starting with ``report-existing`` write into a
    copy of the good build, ``report-fresh`` into a directory that does not exist.

    Returns (results by name, output dir by name, the copy's snapshot before, the spy env)."""
    env = e2e.kernel_spy_env(tmp_path)
    outs: dict[str, Path] = {}
    before: dict[str, str] = {}
    argv: dict[str, list] = {}
    for name, args in commands.items():
        out = tmp_path / name
        if name.startswith("report-existing"):
            shutil.copytree(good_build, out)
            before = e2e.snapshot(out)
        outs[name] = out
        argv[name] = [out if a == "{out}" else a for a in args]
    with ThreadPoolExecutor(max_workers=len(argv)) as pool:
        futures = {n: pool.submit(e2e.blk, *a, env=env, timeout=120) for n, a in argv.items()}
        results = {n: f.result() for n, f in futures.items()}
    return results, outs, before, env


def check_refused(results, outs, before, env, *, where: dict) -> None:
    """Every command exited 2 naming the problem, without a traceback, writing nothing."""
    for name, r in results.items():
        shown = f"{name}: exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}"
        assert r.returncode == 2, shown
        assert "Traceback" not in r.stderr + r.stdout, shown
        assert "problem" in r.stderr, shown  # "1 problem in ...", "N problems found"
        assert e2e.names_problem(r.stderr, **where), f"{where} not named by:\n{shown}"
    for name, out in outs.items():
        if name.startswith("report-existing"):
            assert e2e.snapshot_diff(before, e2e.snapshot(out)) == [], name
        elif name.startswith("report-fresh"):
            assert not out.exists(), f"{name}: {out} was created"
    assert e2e.kernels_started(env) == 0, "a kernel was started for bad input"


# ---------------------------------------------------------------------------------------------
# the corpus itself


def scenario_cases() -> list[str]:
    return sorted(SCENARIO_EXPECT)


def test_the_corpus_has_at_least_30_cases_and_every_one_is_tested():
    registry = bad_registry_cases()
    scenarios = scenario_cases()
    assert len(registry) + len(scenarios) >= 30
    # every malformed scenario file has an expectation, and every expectation a file
    on_disk = {p.name for p in BAD_SCENARIOS.glob("*.yaml") if p.name != "expect.yaml"}
    generated = {k for k, v in SCENARIO_EXPECT.items() if v.get("generate")}
    assert on_disk | generated == set(SCENARIO_EXPECT)
    # every registry case directory has an expectation
    dirs = {p.name for p in BAD_REGISTRY.iterdir() if p.is_dir()}
    assert set(registry) == dirs


def materialise_scenario(name: str, tmp_path: Path) -> Path:
    """The scenario file of a case (a generated one is written to ``tmp_path``)."""
    expect = SCENARIO_EXPECT[name]
    if expect.get("generate") == "huge":
        good = e2e.BROWSER_SCENARIO.read_text(encoding="utf-8")
        path = tmp_path / name
        path.write_text(good + "# " + "x" * 2_100_000 + "\n", encoding="utf-8")
        assert path.stat().st_size > 2 * 1024 * 1024
        return path
    return BAD_SCENARIOS / name


# ---------------------------------------------------------------------------------------------
# malformed registries: blk validate and blk report --data


@pytest.mark.slow  # its good build runs a notebook in a real kernel (once per session)
@pytest.mark.parametrize("case", bad_registry_cases())
def test_bad_registry_is_refused_by_validate_and_report(case, tmp_path, good_build):
    data = materialise_bad_case(case, tmp_path / "data")
    shutil.copy(CPI, data / "cpi.yaml")  # only the registry is bad
    expect = yaml.safe_load((BAD_REGISTRY / case / "expect.yaml").read_text(encoding="utf-8"))
    report = [
        "report",
        "--data",
        data,
        "--scenario",
        e2e.BROWSER_SCENARIO,
        "--notebooks",
        NOTEBOOK,
        "--output",
        "{out}",
    ]
    results, outs, before, env = run_case(
        tmp_path,
        good_build,
        {
            "validate": ["validate", data],
            "report-fresh": report,
            "report-existing": report,
        },
    )
    check_refused(
        results,
        outs,
        before,
        env,
        where={
            "file": expect["file"],
            "record": expect.get("record"),
            "field": expect.get("field"),
            "message": expect.get("message"),
        },
    )


# ---------------------------------------------------------------------------------------------
# malformed scenario files and -p values: blk report


@pytest.mark.slow
@pytest.mark.parametrize("case", scenario_cases())
def test_bad_scenario_file_is_refused_by_report(case, tmp_path, good_build):
    scenario = materialise_scenario(case, tmp_path)
    expect = SCENARIO_EXPECT[case]
    report = ["report", "--scenario", scenario, "--output", "{out}"]
    results, outs, before, env = run_case(
        tmp_path, good_build, {"report-fresh": report, "report-existing": report}
    )
    check_refused(
        results,
        outs,
        before,
        env,
        where={"file": case, "field": expect.get("field"), "message": expect.get("message")},
    )


@pytest.mark.slow
@pytest.mark.parametrize(("option", "field", "message"), BAD_PARAMS)
def test_bad_parameter_value_is_refused_by_report(option, field, message, tmp_path, good_build):
    report = [
        "report",
        "--scenario",
        e2e.BROWSER_SCENARIO,
        "-p",
        option,
        "--output",
        "{out}",
    ]
    results, outs, before, env = run_case(
        tmp_path, good_build, {"report-fresh": report, "report-existing": report}
    )
    # a what-if's problems name the overrides and the scenario they change
    check_refused(
        results,
        outs,
        before,
        env,
        where={"file": "-p overrides of browser", "field": field, "message": message},
    )


@pytest.mark.slow
def test_a_bad_file_among_good_ones_stops_the_whole_run(tmp_path, good_build):
    """One bad scenario file with good ones: nothing runs, not even the good scenarios."""
    bad = BAD_SCENARIOS / "negative-multiplier.yaml"
    report = [
        "report",
        "--scenario",
        e2e.BROWSER_SCENARIO,
        "--scenario",
        bad,
        "--output",
        "{out}",
    ]
    results, outs, before, env = run_case(
        tmp_path, good_build, {"report-fresh": report, "report-existing": report}
    )
    check_refused(
        results,
        outs,
        before,
        env,
        where={"file": bad.name, "field": "multipliers", "message": "must be positive"},
    )


@pytest.mark.slow
def test_a_missing_data_directory_is_refused(tmp_path, good_build):
    """``--data`` naming a directory without sources/ and cpi.yaml: exit 2 naming it."""
    empty = tmp_path / "no-data-here"
    empty.mkdir()
    report = ["report", "--data", empty, "--scenario", e2e.BROWSER_SCENARIO, "-o", "{out}"]
    results, outs, before, env = run_case(
        tmp_path, good_build, {"report-fresh": report, "report-existing": report}
    )
    check_refused(
        results, outs, before, env, where={"file": str(empty), "message": "sources/*.yaml"}
    )
