"""Benchmark the batch report runner against the naive way, and a no-change rerun.

Naive: what a user would do by hand, for every notebook and scenario in turn::

    papermill NB.ipynb OUT.ipynb -f params.yaml
    jupyter nbconvert --to html OUT.ipynb

Runner: ``build_reports`` (what ``blk report`` calls), started as its own process so its
interpreter start and imports are counted, from an empty output directory; then the same
command again with nothing changed (the no-change rerun). Both sides get the same notebooks and
the same injected parameters, from a clean state, in one invocation of this script.

Targets: full build <= 0.5 x naive; no-change rerun < 5 % of the full build.

    python benchmarks/bench_reports.py                 # fixture notebooks (tests/fixtures/reports)
    python benchmarks/bench_reports.py --scenarios 8   # more scenarios
    python benchmarks/bench_reports.py --real          # the project's notebooks and scenarios
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def fixture_inputs(n_scenarios: int):
    from tests.fixtures.reports import support as s

    notebooks = [s.GOOD, s.EXTERNAL]
    specs = [
        s.spec(f"s{i:02d}", scale=1.0 + i, label=f"scenario {i}", count=3 + i % 5)
        for i in range(n_scenarios)
    ]
    return notebooks, specs, s.validate, [s.DATA], []


def real_inputs(n_scenarios: int):
    from blkanalysis import paths
    from blkanalysis.reports import ScenarioSpec

    notebooks = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    try:
        from blkanalysis.cli.specs import load_scenario_specs, validate_spec

        specs = load_scenario_specs(None, {})
        validate = validate_spec
    except ImportError:  # before the scenario layer offers the runner's interface
        from blkanalysis.model.scenario import Scenario, load_scenarios

        specs = [
            ScenarioSpec(f.name, f.raw_params, f.header.model_dump() if f.header else {}, f.path)
            for f in load_scenarios()
        ]

        def validate(spec):
            return Scenario.from_params(spec.parameters, source=str(spec.source)).params()

    return notebooks, specs[:n_scenarios], validate, [paths.data_dir()], [paths.PACKAGE_DIR]


def inputs(args):
    return (real_inputs if args.real else fixture_inputs)(args.scenarios)


def build_once(args) -> None:
    """The runner's side, in its own process: print the build's facts as JSON."""
    from blkanalysis.reports import build_reports

    notebooks, specs, validate, data, code = inputs(args)
    t = time.perf_counter()
    result = build_reports(
        notebooks,
        specs,
        Path(args.build),
        validate=validate,
        inputs=data,
        code=code,
        jobs=args.jobs,
    )
    print(
        json.dumps(
            {
                "runs": len(result.runs),
                "executed": len(result.executed),
                "failed": len(result.failed),
                "api_s": time.perf_counter() - t,
            }
        )
    )


def timed(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess[str]]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)
    return time.perf_counter() - t, proc


def naive(args, work: Path) -> tuple[float, int]:
    import yaml

    from blkanalysis.reports import plan_runs
    from blkanalysis.reports.notebooks import read_notebooks

    notebooks, specs, validate, _, _ = inputs(args)
    runs = plan_runs(read_notebooks(notebooks), specs, validate)
    failures = 0
    t = time.perf_counter()
    for run in runs:
        d = work / run.scenario.name
        d.mkdir(parents=True, exist_ok=True)
        params = d / f"{run.notebook.name}.params.yaml"
        params.write_text(yaml.safe_dump(dict(run.parameters)))
        out = d / f"{run.notebook.name}.ipynb"
        pm = subprocess.run(
            [
                str(BIN / "papermill"),
                str(run.notebook.path),
                str(out),
                "-f",
                str(params),
                "--cwd",
                str(run.notebook.path.parent),
                "--no-progress-bar",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        nc = subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        failures += pm.returncode != 0 or nc.returncode != 0
    return time.perf_counter() - t, failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenarios", type=int, default=6, help="scenarios (fixtures: synthetic)")
    ap.add_argument("--real", action="store_true", help="the project's notebooks and scenarios")
    ap.add_argument("--jobs", type=int, default=None, help="runner processes (default: cores)")
    ap.add_argument("--skip-naive", action="store_true", help="only time the runner")
    ap.add_argument("--build", help=argparse.SUPPRESS)  # internal: run one build, print JSON
    args = ap.parse_args()
    if args.build:
        build_once(args)
        return 0

    work = Path(tempfile.mkdtemp(prefix="blk-bench-"))
    try:
        # warm the page cache for both sides alike
        subprocess.run(
            [sys.executable, "-c", "import papermill, nbconvert, pandas, matplotlib, blkanalysis"],
            check=True,
        )
        me = [sys.executable, str(Path(__file__).resolve()), "--scenarios", str(args.scenarios)]
        me += ["--real"] if args.real else []
        me += ["--jobs", str(args.jobs)] if args.jobs else []
        out = work / "reports"

        full_s, proc = timed([*me, "--build", str(out)], cwd=ROOT)
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return 1
        full = json.loads(proc.stdout.strip().splitlines()[-1])
        for _attempt in range(3):
            before = json.loads((out / "manifest.json").read_text())
            rerun_s, proc = timed([*me, "--build", str(out)], cwd=ROOT)
            rerun = json.loads(proc.stdout.strip().splitlines()[-1])
            if rerun["executed"] == 0:
                break
            # someone changed a source file meanwhile (the library is part of every key)
            after = json.loads((out / "manifest.json").read_text())
            changed = [
                k
                for k in before["environment"]
                if before["environment"][k] != after["environment"].get(k)
            ]
            changed += [k for k in after["inputs"] if before["inputs"].get(k) != after["inputs"][k]]
            print(f"inputs changed during the benchmark ({changed}); timing the rerun again")
        else:
            print("the inputs keep changing: no no-change rerun could be timed", file=sys.stderr)
            return 1

        naive_s, naive_failures = (None, 0) if args.skip_naive else naive(args, work / "naive")

        kind = "project notebooks" if args.real else "fixture notebooks (good + external)"
        print(
            f"{kind}: {full['runs']} runs, jobs={args.jobs or os.cpu_count()}, "
            f"{platform.python_version()}, {os.cpu_count()} cores"
        )
        print(
            f"  runner, full build (process)   {full_s:7.2f} s  (API {full['api_s']:.2f} s, "
            f"{full['failed']} failed)"
        )
        if naive_s is not None:
            print(f"  naive papermill + nbconvert    {naive_s:7.2f} s  ({naive_failures} failed)")
            print(f"  full build / naive             {full_s / naive_s:7.3f}   (target <= 0.5)")
        print(f"  no-change rerun (process)      {rerun_s:7.2f} s  (API {rerun['api_s']:.3f} s)")
        print(f"  rerun / full build (process)   {rerun_s / full_s:7.3f}   (target < 0.05)")
        print(f"  rerun / full build (API)       {rerun['api_s'] / full['api_s']:7.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
