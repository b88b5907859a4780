"""Throughput of ``blkanalysis.text.extract.extract_figures`` on large Indonesian texts.

Builds about 10 MB of text in two ways and times extraction over several runs:

* ``news``: the article-style fixtures of ``tests/fixtures/extract`` (headlines, datelines,
  dates, identifiers, prose) with fresh random figures and some extra prose: one number every
  ~60 characters, already denser in figures than most real reports;
* ``dense``: varied figure-heavy sentences only (one number every ~25 characters), a worst
  case.

Numbers are drawn at random (seeded) so no cache sees the same figure twice. With
``--workload documents`` it also times whole documents read from files (``read_document`` then
``extract_figures``): the news text as one saved web page (paragraphs inside a menu, sidebar and
footer) and as a PDF of pages of text. Run by hand:

    .venv/bin/python benchmarks/bench_extract.py [--mb 10] [--runs 5] [--workload both]
    .venv/bin/python benchmarks/bench_extract.py --mb 2 --workload documents

The target is at least 5 MB/s for news text on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from blkanalysis.text.extract import extract_figures  # noqa: E402
from blkanalysis.text.numbers import format_idr, format_number  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "extract"

TEMPLATES = [
    "Kemnaker menganggarkan {idr} untuk revitalisasi {n} BLK pada {year}.",
    "Sebanyak {n} peserta pelatihan lulus uji kompetensi, naik {pct} dibanding tahun lalu.",
    "Hingga {day} {month} {year}, telah terbangun {n} BLK Komunitas di {m} provinsi.",
    "Rapat Komisi IX pada Rabu ({d}/{mo}/{year}) pukul 10.30 WIB membahas pagu {idr}.",
    "Dari {n} BLK, hanya {m} BLK ({pct}) yang kondisinya baik.",
    "Program itu menjangkau sekitar {k} ribu orang per tahun dengan dana {idr}.",
    "Pemerintah menargetkan {word} BLK baru dan {n} perusahaan mitra di {m} kabupaten/kota.",
    "Berdasarkan PP Nomor 31 Tahun 2006, pelatihan digelar di {m} UPTP dan {n} UPTD BLK.",
    "Setiap BLK Komunitas menerima bantuan {idr} untuk {m} kejuruan.",
    "Pandemi Covid-19 memangkas anggaran {year}-{year2} menjadi {idr}, atau {pct} dari pagu.",
]
WORDS = ["dua", "tiga", "lima", "sepuluh", "seratus", "dua ribu", "empat puluh"]
MONTHS = ["Januari", "Maret", "Agustus", "Oktober", "Desember"]
PROSE = (
    "Menaker menegaskan pelatihan vokasi harus menjawab kebutuhan industri, sehingga lulusan "
    "siap bekerja dan mampu bersaing di pasar kerja yang terus berubah. "
)


def _fill(template: str, rnd: random.Random) -> str:
    return template.format(
        idr=format_idr(rnd.randrange(10**6, 10**13), short=rnd.random() < 0.7),
        n=format_number(rnd.randrange(2, 50_000)),
        m=rnd.randrange(2, 400),
        k=rnd.randrange(2, 900),
        pct=f"{rnd.randrange(1, 99)},{rnd.randrange(0, 9)} persen",
        year=rnd.randrange(2015, 2030),
        year2=rnd.randrange(2030, 2045),
        day=rnd.randrange(1, 29),
        d=rnd.randrange(1, 29),
        mo=rnd.randrange(1, 13),
        month=rnd.choice(MONTHS),
        word=rnd.choice(WORDS),
    )


def build_dense(size: int, rnd: random.Random) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        s = _fill(rnd.choice(TEMPLATES), rnd) + (" " if rnd.random() < 0.8 else "\n")
        parts.append(s)
        total += len(s)
    return "".join(parts)


_FIGURE_NUM = re.compile(r"(?<=[ p(])\d{1,3}(?:\.\d{3})+|(?<=[ p])\d{2,3}(?= [a-zA-Z])")


def build_news(size: int, rnd: random.Random) -> str:
    articles = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    parts: list[str] = []
    total = 0
    while total < size:
        art = rnd.choice(articles)
        # fresh figures each time: re-draw counts and grouped amounts, keep the wording
        art = _FIGURE_NUM.sub(lambda m: _redraw(m.group(0), rnd), art)
        art += "\n" + PROSE * rnd.randrange(1, 4) + "\n\n"
        parts.append(art)
        total += len(art)
    return "".join(parts)


def _redraw(num: str, rnd: random.Random) -> str:
    digits = len(num.replace(".", ""))
    if 1900 <= int(num.replace(".", "")) <= 2100 and "." not in num:
        return num  # keep years
    lo = 10 ** (digits - 1)
    return format_number(rnd.randrange(lo, lo * 10))


def measure(name: str, text: str, runs: int) -> None:
    size_mb = len(text.encode("utf-8")) / 1e6
    numbers = len(re.findall(r"\d+(?:[.,]\d+)*", text))
    print(
        f"{name}: {size_mb:.1f} MB, {numbers:,} numbers (one per {len(text) // numbers} characters)"
    )
    results = {}
    for label, workers in (("1 process", 1), ("workers=0", 0)):
        times, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            figs = extract_figures(text, workers=workers)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        results[label] = figs
        best, med = min(times), statistics.median(times)
        # CPU time of this process (a load from other work distorts it less than wall time); the
        # workers' own is not counted, so it is shown for one process only
        cpu_best, cpu_med = min(cpu), statistics.median(cpu)
        cpu_note = (
            f"; CPU best {size_mb / cpu_best:5.1f} MB/s, median {size_mb / cpu_med:5.1f}"
            if workers == 1
            else ""
        )
        print(
            f"  {label:9} best {size_mb / best:5.1f} MB/s ({best:.2f} s), median "
            f"{size_mb / med:5.1f} MB/s{cpu_note}; {len(figs):,} figures, "
            f"{len(figs) / best:,.0f} figures/s"
        )
    assert results["workers=0"] == results["1 process"], "the parallel split changed the result"


def measure_documents(text: str, runs: int) -> None:
    """Throughput of reading a saved page and a PDF and extracting their figures."""
    import html
    import importlib.util
    import tempfile

    from blkanalysis.text.documents import read_document

    spec = importlib.util.spec_from_file_location(
        "make_pdfs", ROOT / "tests" / "fixtures" / "extract" / "documents" / "make_pdfs.py"
    )
    make_pdfs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pdfs)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    page = (
        "<html><head><title>Benchmark</title></head><body><nav><a href='/'>Beranda</a></nav>"
        "<article><h1>Benchmark</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        + "</article><footer>Redaksi</footer></body></html>"
    )
    lines = [ln[i : i + 90] for ln in paragraphs for i in range(0, len(ln), 90)]
    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)]
    pdf = make_pdfs.text_pdf(
        [[ln.encode("latin-1", "replace").decode("latin-1") for ln in pg] for pg in pages]
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in (("page.html", page.encode()), ("report.pdf", pdf)):
            path = Path(tmp) / name
            path.write_bytes(data)
            times, read_times = [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                doc = read_document(path)
                t1 = time.perf_counter()
                figs = extract_figures(doc.text)
                times.append(time.perf_counter() - t0)
                read_times.append(t1 - t0)
            size_mb = len(doc.text.encode("utf-8")) / 1e6
            med, med_read = statistics.median(times), statistics.median(read_times)
            print(
                f"{name}: file {len(data) / 1e6:.1f} MB, text {size_mb:.1f} MB"
                + (f" on {len(pages)} pages" if name.endswith(".pdf") else "")
                + f"; read + extract median {size_mb / med:5.2f} MB/s of text ({med:.2f} s, of "
                f"which reading {med_read:.2f} s); {len(figs):,} figures"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="text size in MB (default 10)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per workload (default 5)")
    ap.add_argument("--workload", choices=["news", "dense", "both", "documents"], default="both")
    ap.add_argument("--seed", type=int, default=2045)
    args = ap.parse_args()
    size = int(args.mb * 1e6)
    print(
        f"blk extract benchmark: Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.2f}, best and median of "
        f"{args.runs} runs (wall clock, and CPU time of one process); workers=0 splits the text "
        "over every CPU"
    )
    rnd = random.Random(args.seed)
    if args.workload in ("news", "both"):
        measure("news", build_news(size, rnd), args.runs)
    if args.workload in ("dense", "both"):
        measure("dense", build_dense(size, rnd), args.runs)
    if args.workload == "documents":
        measure_documents(build_news(size, rnd), args.runs)
    print(f"load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
