"""Time of the downloads: the registry export and the xlsx/CSV writers of ``blkanalysis.downloads``.

Measures, each as the median of several runs in one warm interpreter (no interpreter start),
wall time and this process's CPU time:

* ``export``: ``export_registry`` of the shipped ``data/`` (four CSV tables and the
  datapackage.json; the registry's parse is cached after the first run, as in one ``blk`` run);
* ``figures xlsx``: the workbook ``blk figures --all --include-leads --format xlsx`` writes;
* ``xlsx N rows``, ``csv N rows``: a synthetic report-like table (10 columns: text, rupiah,
  counts, shares, dates, booleans, missing values) of N rows, for the per-report downloads;
* ``validate``: Frictionless validation of the exported package (what the tests run).

Run by hand:

    .venv/bin/python benchmarks/bench_downloads.py [--runs 5] [--rows 1000 10000]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from blkanalysis import downloads  # noqa: E402
from blkanalysis.data.export import export_registry, sources_table  # noqa: E402
from blkanalysis.data.registry import load_figures  # noqa: E402


def table(rows: int) -> pd.DataFrame:
    rnd = np.random.default_rng(14)
    return pd.DataFrame(
        {
            "id": [f"figure-{i}" for i in range(rows)],
            "program": pd.Categorical(rnd.choice(["blk_komunitas", "training"], rows)),
            "total_idr": rnd.integers(10**6, 10**13, rows).astype(float),
            "units": pd.array(rnd.integers(1, 5000, rows), dtype="Int64"),
            "share": rnd.random(rows),
            "multiple": np.where(rnd.random(rows) < 0.1, np.nan, rnd.random(rows) * 10),
            "published": pd.to_datetime("2022-08-22")
            + pd.to_timedelta(rnd.integers(0, 900, rows), "D"),
            "preferred": rnd.random(rows) < 0.5,
            "notes": ["sejak 2021 dengan anggaran Rp 20.906.135.371 untuk 3 BLK"] * rows,
            "url": ["https://finance.detik.com/berita-ekonomi-bisnis/d-6248010"] * rows,
        }
    )


def median_time(fn, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the machine may be shared: CPU
    time is what the work itself costs)."""
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"# {platform.python_version()} on {platform.machine()}, {args.runs} runs, median")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        export_registry(out / "warm")  # parse the registry once, as one blk run does
        results = {"export (registry)": median_time(lambda: export_registry(out / "x"), args.runs)}
        figures = load_figures(include_leads=True)
        sheets = {"figures": figures, "sources": sources_table(figures)}
        results[f"figures xlsx ({len(figures)} rows)"] = median_time(
            lambda: downloads.write_xlsx(out / "f.xlsx", sheets), args.runs
        )
        for rows in args.rows:
            df = table(rows)
            results[f"xlsx {rows} rows"] = median_time(
                lambda df=df: downloads.write_xlsx(out / "t.xlsx", {"t": df}), args.runs
            )
            results[f"csv {rows} rows"] = median_time(
                lambda df=df: downloads.write_csv(out / "t.csv", df), args.runs
            )
        from frictionless import validate

        results["validate (frictionless)"] = median_time(
            lambda: validate(str(out / "x" / "datapackage.json")), max(1, args.runs // 2)
        )
    print(f"{'':32s} {'wall':>9s}    {'CPU':>9s}")
    for name, (wall, cpu) in results.items():
        print(f"{name:32s} {wall * 1000:9.1f} ms {cpu * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
