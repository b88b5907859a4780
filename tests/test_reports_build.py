"""Whole builds on the fixture notebooks, in real kernels: failure isolation, offline HTML,
incremental rebuilds, byte-identical reruns, a killed run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from blkanalysis.reports import OutputLock, build_reports, find_external_loads, find_scripts
from blkanalysis.reports.build import worker_count
from tests.fixtures.reports import support as s

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_TITLE = 'Beta <script>alert("x")</script>'


def build(notebooks, specs, out, data, **kw):
    return build_reports(notebooks, specs, out, validate=s.validate, inputs=[data], **kw)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    data = s.copy_data(tmp)
    out = tmp / "reports"
    specs = [
        s.spec("alpha", scale=2.0, label="alpha"),
        s.spec("beta", header={"title": HOSTILE_TITLE}, scale=3.0, label="<b>beta</b>", count=4),
    ]
    result = build([s.GOOD, s.BROKEN, s.EXTERNAL], specs, out, data, jobs=2)
    return result, out


def test_a_failing_notebook_does_not_stop_the_others(batch):
    result, out = batch
    assert result.exit_code == 1
    status = {r.key: r.status for r in result.runs}
    assert status == {
        "alpha/good": "ok",
        "alpha/broken": "failed",
        "alpha/external": "ok",
        "beta/good": "ok",
        "beta/broken": "failed",
        "beta/external": "ok",
    }
    failed = {r.key: r for r in result.failed}
    assert failed["alpha/broken"].error == "ValueError: broken on purpose (scale=2.0)"
    for scenario in ("alpha", "beta"):
        assert (out / scenario / "good.html").is_file()
        assert not (out / scenario / "broken.html").exists()
        # the partial executed notebook is kept, with the error and what ran before it
        nb = nbformat.read(out / scenario / "broken.failed.ipynb", as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert any(o.get("ename") == "ValueError" for o in outputs)
        assert any("before the error" in o.get("text", "") for o in outputs)
        # papermill's note of the failing cell, on top
        assert "papermill-error-cell-tag" in nb.cells[0].metadata.get("tags", [])
    index = (out / "index.html").read_text()
    assert "ValueError: broken on purpose (scale=3.0)" in index
    assert "alpha/broken.failed.ipynb" in index


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_every_page_is_offline_and_has_no_code(batch):
    _, out = batch
    pages = [*sorted(out.glob("*/*.html")), out / "index.html"]
    assert len(pages) == 5
    for page in pages:
        html = page.read_text()
        assert find_external_loads(html) == [], page
        assert find_scripts(html) == [], page  # nothing runs (blocked <script>s are inert)
        p = _Tags()
        p.feed(html)
        csp = [a["content"] for t, a in p.tags if a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in csp[0], page
        assert "import matplotlib" not in html and "key_figures(" not in html, page
    good = (out / "alpha" / "good.html").read_text()
    assert "data:image/png;base64," in good  # the chart is embedded
    assert "<code>scale</code></th><td><code>2.0</code>" in good  # parameters on top
    assert "Fixture data, table 1" in good  # the notebook's sources at the end


def test_blocked_loads_are_reported(batch):
    result, _ = batch
    ext = next(r for r in result.runs if r.key == "alpha/external")
    blocked = " ".join(ext.warnings)
    for url in ("example.invalid/remote.png", "example.invalid/logo.png", "cdn.example.invalid"):
        assert url in blocked
    assert "would run a script" in blocked  # the inline <script> of the notebook's HTML


def test_index_shows_key_figures_and_escapes_titles(batch):
    _, out = batch
    index = (out / "index.html").read_text()
    assert "<td>12.00</td>" in index and "<td>30.00</td>" in index  # alpha 2*(1+2+3), beta
    assert HOSTILE_TITLE not in index and "Beta &lt;script&gt;" in index
    assert "&lt;b&gt;beta&lt;/b&gt;" in index
    assert 'href="alpha/good.html"' in index and 'href="beta/good.ipynb"' in index


def test_manifest_records_inputs_versions_status_durations(batch):
    _, out = batch
    m = json.loads((out / "manifest.json").read_text())
    assert m["build"]["status"] == "failed" and m["build"]["counts"]["failed"] == 2
    assert set(m["inputs"]) == {"data/a.yaml", "data/b.yaml"}
    assert m["environment"]["packages"]["papermill"]
    assert m["notebooks"]["good"]["sha256"] and m["notebooks"]["good"]["parameters"]["scale"]
    assert m["scenarios"]["beta"]["parameters"] == {
        "scale": 3.0,
        "label": "<b>beta</b>",
        "count": 4,
    }
    good = m["runs"]["alpha/good"]
    assert good["status"] == "ok" and good["cache_key"] and good["duration_s"] > 0
    assert good["parameters"] == {"scale": 2.0, "label": "alpha", "scenario_name": "alpha"}
    assert good["inputs"] == ["data/a.yaml"]
    assert good["key_figures"] == {"Total": "12.00", "Label": "alpha", "Count": "3"}
    broken = m["runs"]["alpha/broken"]
    assert broken["status"] == "failed" and broken["failed_ipynb"] == "alpha/broken.failed.ipynb"
    assert broken["cache_key"]  # the notebook's own error: the same inputs fail the same way


def test_a_rerun_without_changes_runs_nothing_not_even_the_failures(batch):
    _, out = batch
    specs = [
        s.spec("alpha", scale=2.0, label="alpha"),
        s.spec("beta", header={"title": HOSTILE_TITLE}, scale=3.0, label="<b>beta</b>", count=4),
    ]
    data = out.parent / "data"
    index = (out / "index.html").read_bytes()
    again = build([s.GOOD, s.BROKEN, s.EXTERNAL], specs, out, data)
    assert again.executed == [] and len(again.cached) == 6
    assert again.exit_code == 1 and len(again.failed) == 2
    assert (out / "index.html").read_bytes() == index


def test_executed_notebook_is_deterministic(batch):
    _, out = batch
    text = (out / "alpha" / "good.ipynb").read_text()
    for stamp in ('"start_time"', '"end_time"', '"duration"', "iopub", "/tmp/"):
        assert stamp not in text
    nb = nbformat.read(out / "alpha" / "good.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected[0].id == "injected-parameters"
    assert 'scenario_name = "alpha"' in injected[0].source


def test_incremental_rebuilds_exactly_what_changed_and_reruns_are_identical(tmp_path):
    data = s.copy_data(tmp_path)
    out = tmp_path / "reports"
    specs = [s.spec("alpha", scale=2.0, seconds=0.1)]
    nbs = [s.GOOD, s.SLOW]  # good depends on a.yaml only; slow on every data file

    first = build(nbs, specs, out, data)
    assert first.exit_code == 0 and len(first.executed) == 2
    files = sorted(out.glob("alpha/*"))
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}

    again = build(nbs, specs, out, data)
    assert again.executed == [] and len(again.cached) == 2
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == snapshot

    (data / "b.yaml").write_text("value: 3\n")
    b_changed = build(nbs, specs, out, data)
    assert [r.key for r in b_changed.executed] == ["alpha/slow"]

    (data / "a.yaml").write_text("value: 4\n")
    a_changed = build(nbs, specs, out, data)
    assert sorted(r.key for r in a_changed.executed) == ["alpha/good", "alpha/slow"]
    snapshot = {p: p.read_bytes() for p in files}

    forced = build(nbs, specs, out, data, force=True)
    assert len(forced.executed) == 2
    assert {p: p.read_bytes() for p in files} == snapshot  # byte-identical re-execution

    # a changed notebook parameter re-runs that notebook only
    changed = build(nbs, [s.spec("alpha", scale=2.0, seconds=0.2)], out, data)
    assert [r.key for r in changed.executed] == ["alpha/slow"]


def test_a_failure_keeps_the_previous_good_report(tmp_path):
    data = s.copy_data(tmp_path)
    out = tmp_path / "reports"
    good = build([s.SLOW], [s.spec("alpha", seconds=0.1)], out, data)
    assert good.exit_code == 0
    pair = {n: (out / "alpha" / n).read_bytes() for n in ("slow.html", "slow.ipynb")}

    a_dir = tmp_path / "a-directory"
    a_dir.mkdir()  # writing the marker "file" fails: IsADirectoryError in the notebook
    bad = build([s.SLOW], [s.spec("alpha", seconds=0.1, marker=str(a_dir))], out, data)
    assert bad.exit_code == 1
    assert bad.runs[0].error.startswith("IsADirectoryError")
    assert {n: (out / "alpha" / n).read_bytes() for n in pair} == pair
    assert (out / "alpha" / "slow.failed.ipynb").is_file()
    index = (out / "index.html").read_text()
    assert "previous report" in index and "IsADirectoryError" in index

    fixed = build([s.SLOW], [s.spec("alpha", seconds=0.1)], out, data)
    assert fixed.exit_code == 0
    assert not (out / "alpha" / "slow.failed.ipynb").exists()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie is dead


def _start_slow_build(tmp_path, out):
    """A build in another process, returned once its kernel is running the slow notebook."""
    marker = tmp_path / "kernel.pid"
    child = subprocess.Popen(
        [
            sys.executable,
            str(s.HERE / "run_build.py"),
            str(out),
            json.dumps({"alpha": {"seconds": 60, "marker": str(marker)}}),
            "--notebooks",
            "slow",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert child.poll() is None, "the build ended before its kernel started"
        assert time.monotonic() < deadline, "the kernel never started"
        time.sleep(0.1)
    kernel = int(marker.read_text())
    assert _alive(kernel)
    return child, kernel


def test_a_killed_run_leaves_the_old_report_intact_and_no_lock(tmp_path):
    data = s.copy_data(tmp_path)
    out = tmp_path / "reports"
    first = build([s.SLOW], [s.spec("alpha", seconds=0.1)], out, data)
    assert first.exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "alpha").iterdir()}

    child, kernel = _start_slow_build(tmp_path, out)
    child.send_signal(signal.SIGKILL)  # no chance to clean up
    child.wait()

    # the old report is intact, nothing half-written is visible
    assert {p.name: p.read_bytes() for p in (out / "alpha").iterdir()} == before
    # the lock died with the process
    with OutputLock(out):
        pass
    # the workers and the kernel die with the parent (no orphaned kernel keeps running)
    deadline = time.monotonic() + 15
    while _alive(kernel) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(kernel)
    # the next run sees the old report as current
    rerun = build([s.SLOW], [s.spec("alpha", seconds=0.1)], out, data)
    assert rerun.exit_code == 0 and len(rerun.cached) == 1


def test_a_terminated_run_cleans_up_and_says_so(tmp_path):
    data = s.copy_data(tmp_path)
    out = tmp_path / "reports"
    assert build([s.SLOW], [s.spec("alpha", seconds=0.1)], out, data).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "alpha").iterdir()}

    child, kernel = _start_slow_build(tmp_path, out)
    child.send_signal(signal.SIGTERM)
    assert child.wait(30) == 130
    assert not _alive(kernel)  # killed before the build's process exited
    assert {p.name: p.read_bytes() for p in (out / "alpha").iterdir()} == before
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["build"]["status"] == "interrupted"
    assert manifest["runs"]["alpha/slow"]["status"] == "ok"  # still the previous good report
    assert not list((out / ".blk" / "journal").glob("*"))


def test_notebook_metadata_kernel_is_ignored(tmp_path):
    """The kernel is this interpreter's, whatever kernelspec the notebook names."""
    nb = nbformat.read(s.SLOW, as_version=4)
    nb.metadata["kernelspec"] = {
        "name": "no-such-kernel",
        "display_name": "x",
        "language": "python",
    }
    nb.cells[2].source = "import sys\nprint(sys.executable)"
    path = tmp_path / "which.ipynb"
    nbformat.write(nb, path)
    result = build([path], [s.spec("alpha")], tmp_path / "reports", s.copy_data(tmp_path))
    assert result.exit_code == 0, result.runs[0].error
    text = (tmp_path / "reports" / "alpha" / "which.ipynb").read_text()
    assert json.dumps(sys.executable)[1:-1] in text
    assert os.path.exists(sys.executable)


def test_a_shared_notebook_is_run_once_per_language_and_linked_once(tmp_path):
    """metadata report.per_scenario: false -> one report per language, one link per index."""
    data = s.copy_data(tmp_path)
    out = tmp_path / "reports"
    header = {"author": "tests", "translations": {"id": "alpha.id"}}
    specs = [
        s.spec("alpha", header={**header, "title": "Alpha"}, scale=2.0),
        s.spec("beta", header={**header, "title": "Beta"}, scale=3.0),
        s.spec("alpha.id", header={"title": "Alfa", "translations": {"en": "alpha"}}, lang="id"),
    ]
    result = build([s.GOOD, s.SHARED], specs, out, data, jobs=2)
    assert result.exit_code == 0
    assert sorted(r.key for r in result.runs) == [
        "alpha.id/good",
        "alpha.id/shared",
        "alpha/good",
        "alpha/shared",
        "beta/good",
    ]
    assert not (out / "beta" / "shared.html").exists()
    assert "shared report in id" in (out / "alpha.id" / "shared.html").read_text()
    english = (out / "index.html").read_text()
    assert english.count('href="alpha/shared.html"') == 1
    assert "Reports that do not depend on the scenario" in english
    assert english.count('href="alpha.id/shared.html" hreflang="id"') == 1  # its twin
    indonesian = (out / "index.id.html").read_text()
    assert indonesian.count('href="alpha.id/shared.html"') == 1
    assert indonesian.count('href="alpha/shared.html" hreflang="en"') == 1
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["notebooks"]["shared"]["per_scenario"] is False


def test_a_one_language_build_keeps_the_other_languages_shared_report(tmp_path):
    """An English-only build between two builds of both languages keeps the Indonesian run of
    a shared notebook (kept, linked, not run again), as it keeps the per-scenario ones; a copy
    of a shared notebook in another scenario of a language it runs in still goes."""
    data = s.copy_data(tmp_path)
    out = tmp_path / "reports"
    header = {"author": "tests", "translations": {"id": "alpha.id"}}
    alpha = s.spec("alpha", header={**header, "title": "Alpha"}, scale=2.0)
    beta = s.spec("beta", header={**header, "title": "Beta"}, scale=3.0)
    alpha_id = s.spec(
        "alpha.id", header={"title": "Alfa", "translations": {"en": "alpha"}}, lang="id"
    )
    assert build([s.GOOD, s.SHARED], [alpha, beta, alpha_id], out, data).exit_code == 0

    english = build([s.GOOD, s.SHARED], [alpha, beta], out, data)
    assert english.exit_code == 0
    runs = json.loads((out / "manifest.json").read_text())["runs"]
    kept = {k: v["action"] for k, v in runs.items() if k.startswith("alpha.id/")}
    assert kept == {"alpha.id/good": "kept", "alpha.id/shared": "kept"}
    assert 'href="alpha.id/shared.html"' in (out / "index.id.html").read_text()

    again = build([s.GOOD, s.SHARED], [alpha, beta, alpha_id], out, data)
    assert again.exit_code == 0
    assert again.executed == [] and len(again.cached) == 5

    # beta first: the English shared report now runs in beta's directory, alpha's copy goes
    moved = build([s.GOOD, s.SHARED], [beta, alpha, alpha_id], out, data)
    keys = {r.key for r in moved.runs}
    assert "beta/shared" in keys and "alpha/shared" not in keys and "alpha.id/shared" in keys


@pytest.mark.parametrize(
    ("jobs", "runs", "expected"),
    [(None, 1, 1), (None, 3, 3), (None, 4, 4), (None, 5, 3), (None, 40, 3), (1, 3, 1), (8, 3, 3)],
)
def test_runs_at_once_default_to_one_more_than_the_cores_or_all_of_a_few(jobs, runs, expected):
    """By default, on two cores: a what-if's three runs go at once, a full build three by
    three (a run's waits leave room for one more than the cores)."""
    assert worker_count(jobs, runs, cores=2) == expected
