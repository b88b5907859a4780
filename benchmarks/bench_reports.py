"""Benchmark the batch report runner against the naive way, reruns and a what-if.

Naive: what a user would do by hand, for every notebook and scenario in turn::

    papermill NB.ipynb OUT.ipynb -f params.yaml
    jupyter nbconvert --to html OUT.ipynb

Runner: ``build_reports`` (what ``blk report`` calls), started as its own process so its
interpreter start and imports are counted, from an empty output directory: with warm kernels at
``--jobs 1``, at one per core and at ``blk report``'s default (one more than the cores), and with
cold kernels (each a new ``ipykernel_launcher``); then the same command again with nothing
changed (the no-change rerun), and at the default again between the naive loop's quarters and
after it (the ratio to the naive loop uses the mean of these and the first default build: a
shared machine's speed drifts over the minutes the loop takes). With ``--real``, a what-if too:
``blk report -p ...`` (one scenario, the notebooks run per scenario, English) on the built
output directory, as a command (the first starting the warm pool, then five on it,
``--force``), with each report's overhead (its time in the runner less its notebook's own cells,
timed in one warm kernel). Both sides get the same notebooks and the same injected parameters,
from a clean state, in one invocation of this script: every ratio printed is of times measured
in that one run.

Targets: full build <= 0.10 x naive; no-change rerun < 1 % of the full build; what-if < 3 s.

    python benchmarks/bench_reports.py                 # fixture notebooks (tests/fixtures/reports)
    python benchmarks/bench_reports.py --scenarios 8   # more scenarios
    python benchmarks/bench_reports.py --real          # the project's notebooks, scenarios, en + id
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
    from blkanalysis.cli.specs import load_scenario_specs, validate_spec

    notebooks = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    names = sorted(paths.scenarios_dir().glob("*.yaml"))[:n_scenarios]
    specs = load_scenario_specs(names, {}, langs=["en", "id"])
    return notebooks, specs, validate_spec, [paths.data_dir()], [paths.PACKAGE_DIR]


def inputs(args):
    return (real_inputs if args.real else fixture_inputs)(args.scenarios)


def build_once(args) -> None:
    """The runner's side, in its own process: print the build's facts as JSON."""
    from blkanalysis import paths
    from blkanalysis.reports import build_reports

    notebooks, specs, validate, data, code = inputs(args)
    kw = {}
    if args.real:
        from blkanalysis.cli.catalogue import runner_labels
        from blkanalysis.cli.kernels import PRELOAD
        from blkanalysis.cli.report import _share_inputs, project_packages

        _share_inputs(Path(args.build))
        # as `blk report` builds, so that the command finds these reports current
        kw = {
            "kernel_preload": PRELOAD,
            "labels": runner_labels,
            "packages": project_packages(),
            "root": paths.project_root(),
        }
    t = time.perf_counter()
    result = build_reports(
        notebooks,
        specs,
        Path(args.build),
        validate=validate,
        inputs=data,
        code=code,
        jobs=args.jobs,
        warm=not args.cold,
        **kw,
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


def naive(args, work: Path, between=None, parts: int = 1) -> tuple[float, int]:
    """Time the naive loop (its runs only); with ``between``, split it into ``parts`` and call
    ``between()`` (not timed here) between them."""
    import yaml

    from blkanalysis.reports import plan_runs
    from blkanalysis.reports.notebooks import read_notebooks

    notebooks, specs, validate, _, _ = inputs(args)
    runs = plan_runs(read_notebooks(notebooks), specs, validate)
    failures = 0
    per = -(-len(runs) // max(parts, 1))
    took = 0.0
    for i, run in enumerate(runs):
        if between is not None and i and i % per == 0:
            between()
        t = time.perf_counter()
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
        took += time.perf_counter() - t
    return took, failures


def own_cells(notebooks: list[Path]) -> dict[str, float]:
    """Seconds each notebook's own cells take in one warm kernel (imports done, data parsed)."""
    import nbformat
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(notebooks[0].parent))
    try:

        def run(code: str) -> float:
            t = time.perf_counter()
            kc.execute_interactive(code, store_history=False, timeout=600, output_hook=lambda m: 0)
            return time.perf_counter() - t

        run("from blkanalysis.cli.kernels import prepare; prepare()")
        out = {}
        for path in notebooks:
            cells = [
                c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
            ]
            run("\n".join(cells))  # once to warm what the first run of a notebook loads
            out[path.stem] = min(sum(run(c) for c in cells) for _ in range(2))
        return out
    finally:
        km.shutdown_kernel(now=True)


def build(me: list[str], out: Path, *extra: str) -> tuple[float, dict]:
    took, proc = timed([*me, *extra, "--build", str(out)], cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {proc.stdout}{proc.stderr}")
    return took, json.loads(proc.stdout.strip().splitlines()[-1])


def what_if(out: Path, notebooks: list[Path], pools: Path, repeats: int = 5) -> dict:
    """``blk report -p ...`` as a command on a built output directory (English, one scenario,
    the notebooks run per scenario): first with no pool running (the command starts the warm
    pool, in the private directory ``pools``), then ``repeats`` times with ``--force`` on the
    warm pool, as a researcher trying what-ifs sees it; the manifest's record of each run of
    the last."""
    cmd = [str(BIN / "blk"), "report", "-q", "-o", str(out), "-p", "unit_cost_multiplier=1.37"]
    for nb in notebooks:
        cmd += ["--notebooks", str(nb)]
    pools.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BLK_REPORT_POOL": "1"}
    env["BLK_REPORT_POOL_DIR"] = str(pools)
    times = []
    for i in range(1 + repeats):
        took, proc = timed(cmd + (["--force"] if i else []), cwd=ROOT, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"what-if failed: {proc.stdout}{proc.stderr}")
        times.append(took)
    runs = json.loads((out / "manifest.json").read_text())["runs"]
    executed = {
        k: v for k, v in runs.items() if k.startswith("whatif-") and v["action"] == "executed"
    }
    return {"first": times[0], "warm": times[1:], "runs": executed}


def stop_pools(pools: Path) -> None:
    from blkanalysis.reports import pool

    for sock in pools.glob("*.sock"):
        pool.stop(sock)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenarios", type=int, default=6, help="scenarios (fixtures: synthetic)")
    ap.add_argument("--real", action="store_true", help="the project's notebooks and scenarios")
    ap.add_argument(
        "--jobs", type=int, default=None, help="runs at once (default: as blk report chooses)"
    )
    ap.add_argument("--skip-naive", action="store_true", help="only time the runner")
    ap.add_argument("--skip-cold", action="store_true", help="no cold-kernel build")
    ap.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)  # internal
    ap.add_argument("--build", help=argparse.SUPPRESS)  # internal: run one build, print JSON
    args = ap.parse_args()
    if args.build:
        build_once(args)
        return 0

    from blkanalysis.reports.build import worker_count

    cores = os.cpu_count() or 1
    # the runs at once: --jobs, or what `blk report` chooses for a full build, one of more runs
    # than twice the cores (see worker_count)
    jobs = args.jobs or worker_count(None, runs=2 * cores + 1, cores=cores)
    at_once = ["--jobs", str(args.jobs)] if args.jobs else []
    main_name = f"warm, jobs {jobs}" if args.jobs else f"warm, default ({jobs})"
    work = Path(tempfile.mkdtemp(prefix="blk-bench-"))
    try:
        # warm the page cache for both sides alike
        subprocess.run(
            [sys.executable, "-c", "import papermill, nbconvert, pandas, matplotlib, blkanalysis"],
            check=True,
        )
        me = [sys.executable, str(Path(__file__).resolve()), "--scenarios", str(args.scenarios)]
        me += ["--real"] if args.real else []
        load = [os.getloadavg()[0]]
        full: dict[str, tuple[float, dict]] = {}
        full["warm, jobs 1"] = build(me, work / "w1", "--jobs", "1")
        if not args.skip_cold:
            full[f"cold, jobs {jobs}"] = build(me, work / "c", "--jobs", str(jobs), "--cold")
        if not args.jobs and jobs != cores:  # one per core, beside the default
            full[f"warm, jobs {cores}"] = build(me, work / "wc", "--jobs", str(cores))
        out = work / "reports"
        full[main_name] = build(me, out, *at_once)
        main_s, main_run = full[main_name]
        load.append(os.getloadavg()[0])
        for _attempt in range(3):
            rerun_s, rerun = build(me, out, *at_once)
            if rerun["executed"] == 0:
                break
            print("inputs changed during the benchmark; timing the rerun again")
        else:
            print("the inputs keep changing: no no-change rerun could be timed", file=sys.stderr)
            return 1
        command_reruns = None
        if args.real:
            # `blk report` as a command on the same reports, nothing changed: the first run
            # checks everything (and records the files' stamps), the next is confirmed from them
            cli = [str(BIN / "blk"), "report", "--lang", "en", "--lang", "id", "-o", str(out)]
            command_reruns = []
            for _ in range(3):
                took, proc = timed(cli, cwd=ROOT)
                if proc.returncode != 0 or ": 0 built," not in proc.stdout:
                    raise SystemExit(f"blk report rerun failed: {proc.stdout}{proc.stderr}")
                command_reruns.append(took)
        whatif = None
        if args.real:
            from blkanalysis.reports import read_notebook_info

            notebooks = inputs(args)[0]
            per = [p for p in notebooks if read_notebook_info(p).per_scenario]
            try:
                whatif = (what_if(out, per, work / "pools"), own_cells(per))
            finally:
                stop_pools(work / "pools")
        load.append(os.getloadavg()[0])
        # this shared machine's speed drifts over minutes: the default build is timed again
        # between the naive loop's quarters and after it, and the ratio uses all of them
        around: list[float] = [main_s]

        def between() -> None:
            took, _ = build(me, work / f"around-{len(around)}", *at_once)
            around.append(took)

        naive_s, naive_failures = (
            (None, 0) if args.skip_naive else naive(args, work / "naive", between, parts=4)
        )
        load.append(os.getloadavg()[0])
        if naive_s is not None:
            between()
            load.append(os.getloadavg()[0])

        kind = "project notebooks, en + id" if args.real else "fixture notebooks (good + external)"
        print(
            f"{kind}: {main_run['runs']} runs, {platform.python_version()}, {os.cpu_count()} cores;"
            f" 1-minute load average at each stage: {', '.join(f'{x:.1f}' for x in load)}"
        )
        for name, (took, facts) in full.items():
            ratio = f"  {took / naive_s:6.3f} x naive" if naive_s else ""
            print(
                f"  full build, {name:14s} {took:7.2f} s (API {facts['api_s']:.2f} s, "
                f"{facts['failed']} failed){ratio}"
            )
        if naive_s is not None:
            print(f"  naive papermill + nbconvert    {naive_s:7.2f} s  ({naive_failures} failed)")
            shown = ", ".join(f"{x:.2f}" for x in around)
            print(
                f"  full build, {main_name}: before, between the naive loop's quarters and "
                f"after it: {shown} s"
            )
            mean = sum(around) / len(around)
            print(
                f"  full build / naive             {mean / naive_s:7.3f}   (their mean "
                f"{mean:.2f} s; target <= 0.10)"
            )
        print(f"  no-change rerun (process)      {rerun_s:7.2f} s  (API {rerun['api_s']:.3f} s)")
        print(f"  rerun / full build (process)   {rerun_s / main_s:7.4f}   (target < 0.01)")
        print(f"  rerun / full build (API)       {rerun['api_s'] / main_run['api_s']:7.4f}")
        if command_reruns:
            first, *stamped = command_reruns
            print(
                f"  `blk report` rerun, full check {first:7.2f} s  ({first / main_s:.4f} of the "
                "build)"
            )
            for took in stamped:
                print(
                    f"  `blk report` rerun, stamps     {took:7.2f} s  ({took / main_s:.4f} of the "
                    "build; target < 0.01)"
                )
        if whatif:
            facts, cells = whatif
            runs, warm = facts["runs"], sorted(facts["warm"])
            print(
                f"  what-if, {len(runs)} reports (command), starting the pool  "
                f"{facts['first']:6.2f} s"
            )
            print(
                f"  what-if, warm pool, median of {len(warm)}  {warm[len(warm) // 2]:6.2f} s "
                f"({warm[0]:.2f}-{warm[-1]:.2f}; target < 3 s)"
            )
            print("  each report of the last (three at once on the cores):")
            for _key, r in sorted(runs.items()):
                nb = r["notebook"]
                print(
                    f"    {nb:24s} in the runner {r['duration_s']:5.2f} s, own cells "
                    f"{cells[nb]:5.2f} s, overhead {r['duration_s'] - cells[nb]:5.2f} s"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
