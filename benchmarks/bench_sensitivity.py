"""Benchmark: Sobol indices of every headline over every continuous parameter, Saltelli N = 2^14.

Run by hand: ``.venv/bin/python benchmarks/bench_sensitivity.py [--n 16384] [--repeat 3]``.
Times, after loading the registry once: the sampling, the evaluation of every sample through
the sweep engine (one vectorised call), and the analysis (SALib's estimators, bootstrap
intervals over 100 resamples shared by the headlines), for every headline of
``blkanalysis.model.sensitivity.HEADLINES``; and the whole ``sobol()`` call. Goal: the whole
call under 2 s. Also the range over the readings (``reading_combinations()``, warm: after one
call; goal under 2 s), with its CPU time. Results go in benchmarks/README.md, with the
machine's load (``os.getloadavg``): the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from blkanalysis.data.inputs import load_inputs
from blkanalysis.model import sensitivity as sens
from blkanalysis.model.scenario import Scenario


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2**14)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from SALib.sample import sobol as sobol_sample

    inputs = load_inputs()
    sc = Scenario()
    problem = sens.problem_of()
    model = sens.headline_model(inputs, scenario=sc)
    points = args.n * (problem["num_vars"] + 2)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
        f"{platform.python_version()}; load average before: {os.getloadavg()[0]:.2f}"
    )
    print(
        f"N = {args.n:,}: {points:,} points, {problem['num_vars']} continuous parameters "
        f"({', '.join(sens.CONTINUOUS.values())}), {len(sens.HEADLINES)} headlines"
    )
    parts: dict[str, list[float]] = {"sample": [], "evaluate": [], "analyse": [], "sobol()": []}
    parts.update({"readings": [], "readings (CPU)": []})
    sens.reading_combinations(inputs, scenario=sc)  # warm: imports, first-call caches
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        x = sobol_sample.sample(problem, args.n, calc_second_order=False, seed=0)
        t1 = time.perf_counter()
        values = model({name: x[:, i] for i, name in enumerate(problem["names"])})
        t2 = time.perf_counter()
        counts = sens.resample_counts(args.n, 100, seed=0)
        for y in values.values():
            if sens._varies(y):
                sens.sobol_estimates(y, problem["num_vars"], counts)
        t3 = time.perf_counter()
        sens.sobol(inputs, scenario=sc, n=args.n, seed=0)
        t4, c4 = time.perf_counter(), time.process_time()
        frame, _, _ = sens.reading_combinations(inputs, scenario=sc)
        t5, c5 = time.perf_counter(), time.process_time()
        times = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, c5 - c4)
        for key, dt in zip(parts, times, strict=True):
            parts[key].append(dt)
    print(f"range over the readings: {len(frame):,} combinations")
    for key, times in parts.items():
        print(f"  {key:14s} best {min(times):.3f} s, median {np.median(times):.3f} s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
