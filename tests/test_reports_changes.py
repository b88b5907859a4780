"""What changed since the previous build (blkanalysis.reports.changes): the data files added,
removed and edited, and the key figures that moved, in the manifest and on the index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from blkanalysis.reports import changes
from blkanalysis.reports.index import render_index
from tests.fixtures import e2e


def _manifest(inputs: dict[str, str], runs: dict[str, dict]) -> dict:
    return {
        "inputs": inputs,
        "build": {"order": {"scenarios": ["base"], "notebooks": ["02", "03"]}},
        "scenarios": {"base": {"header": {"title": "Base"}, "parameters": {}}},
        "notebooks": {},
        "runs": runs,
    }


def _run(nb: str, kf: dict[str, str], figures: list[dict] | None = None, status: str = "ok"):
    return {
        "scenario": "base",
        "notebook": nb,
        "status": status,
        "key_figures": kf,
        "figures": figures or [],
        "html": f"base/{nb}.html",
    }


def test_files_and_moves_with_the_records_in_changed_files():
    figs = [
        {"id": "a-2021", "file": "data/sources/a.yaml"},
        {"id": "b-2022", "file": "/elsewhere/data/sources/b.yaml"},  # as a --data dir reads it
    ]
    old = _manifest(
        {"data/sources/a.yaml": "1", "data/sources/b.yaml": "2", "data/sources/gone.yaml": "3"},
        {"base/02": _run("02", {"multiple": "10.7x", "share": "23%"}, figs)},
    )
    new = _manifest(
        {"data/sources/a.yaml": "1", "data/sources/b.yaml": "9", "data/sources/new.yaml": "4"},
        {
            "base/02": _run("02", {"multiple": "12.1x", "share": "23%"}, figs),
            "base/03": _run("03", {"total": "IDR 1 trillion"}),  # not in the previous build
        },
    )
    got = changes.between(changes.snapshot(old), new)
    assert got["inputs"] == {
        "added": ["data/sources/new.yaml"],
        "removed": ["data/sources/gone.yaml"],
        "edited": ["data/sources/b.yaml"],
    }
    (move,) = got["key_figures"]  # "share" did not move; 03 has nothing to compare with
    assert (move["run"], move["label"], move["old"], move["new"]) == (
        "base/02",
        "multiple",
        "10.7x",
        "12.1x",
    )
    assert move["figures"] == ["b-2022"]  # in the edited file; a.yaml did not change


def test_a_move_names_the_records_behind_its_own_key_figure():
    figs = [
        {"id": "a-2021", "file": "data/sources/a.yaml"},
        {"id": "b-2022", "file": "data/sources/a.yaml"},
    ]
    old = _manifest({"data/sources/a.yaml": "1"}, {"base/02": _run("02", {"m": "1x"}, figs)})
    run = _run("02", {"m": "2x"}, figs) | {"key_figure_ids": {"m": ["b-2022", "c-2020"]}}
    new = _manifest({"data/sources/a.yaml": "2"}, {"base/02": run})
    (move,) = changes.between(changes.snapshot(old), new)["key_figures"]
    assert move["figures"] == ["b-2022"]  # behind "m" and in the edited file; a-2021 is not


def test_a_failed_run_moves_nothing_and_a_first_build_has_no_snapshot():
    assert changes.snapshot({"inputs": {}, "runs": {}}) is None
    old = _manifest({"f": "1"}, {"base/02": _run("02", {"m": "1x"})})
    new = _manifest({"f": "2"}, {"base/02": _run("02", {"m": "2x"}, status="failed")})
    assert changes.between(changes.snapshot(old), new)["key_figures"] == []


def test_the_index_shows_the_changes_escaped_and_linked():
    m = _manifest({}, {"base/02": _run("02", {"m": "2x"})})
    m["changes"] = {
        "inputs": {"added": ["data/sources/<new>.yaml"], "removed": [], "edited": []},
        "key_figures": [
            {"run": "base/02", "label": "m", "old": "1x", "new": "2x", "figures": ["x-1"]}
        ],
    }
    page = render_index(m)
    assert 'id="changes"' in page and "What changed" in page
    assert "<code>data/sources/&lt;new&gt;.yaml</code>" in page
    assert '<a href="base/02.html">' in page and "<code>x-1</code>" in page
    assert "No data file changed." not in page
    del m["changes"]
    assert 'id="changes"' not in render_index(m)  # nothing recorded: no section


NOTEBOOK = e2e.ROOT / "notebooks" / "02_budget_intensity.ipynb"
DETIK = "detik-2022-08-22-blk-transformation.yaml"


@pytest.mark.slow
def test_a_source_added_and_one_edited_show_on_the_next_build(tmp_path):
    """The real notebook on a copy of data/: a second build after a source file is added and
    the 2021 budget of another is edited lists both files and the key finding that moved, with
    the report's records in the edited file; a rerun with no change keeps the same index."""
    data = tmp_path / "data"
    shutil.copytree(e2e.ROOT / "data", data)
    out = tmp_path / "reports"
    args = ["report", "--data", data, "-s", e2e.BROWSER_SCENARIO, "--notebooks", NOTEBOOK]
    args += ["--jobs", "1", "--output", out]

    def build() -> dict:
        r = e2e.blk(*args)
        assert r.returncode == 0, r.stdout + r.stderr
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))

    first = build()
    assert first["changes"] == {}  # a first build: nothing to compare with
    assert 'id="changes"' not in (out / "index.html").read_text(encoding="utf-8")
    used = first["runs"]["browser/02_budget_intensity"]["figures"]
    (rec,) = [f for f in used if f["id"] == "blk-transformation-budget-2021-detik"]
    assert Path(rec["file"]).name == DETIK

    # a new source (a copy of detik's report, its figures not preferred) ...
    good = (e2e.FIXTURES / "registry_good" / "sources" / DETIK).read_text(encoding="utf-8")
    added = good.replace("-detik\n", "-detikcopy\n").replace(
        "    quote:", "    preferred: false\n    notes: a copy, for a test\n    quote:"
    )
    (data / "sources" / "detik-2022-08-22-test-copy.yaml").write_text(added, encoding="utf-8")
    # ... and detik's 2021 budget halved (value, as stated and quote alike)
    src = data / "sources" / DETIK
    text = src.read_text(encoding="utf-8")
    assert text.count("20906135371") == 1
    src.write_text(
        text.replace("20906135371", "10453067685").replace("20.906.135.371", "10.453.067.685"),
        encoding="utf-8",
    )
    second = build()
    rel = {k.rsplit("/", 2)[-2] + "/" + k.rsplit("/", 1)[-1] for k in second["inputs"]}
    assert "sources/detik-2022-08-22-test-copy.yaml" in rel
    got = second["changes"]
    assert [Path(p).name for p in got["inputs"]["added"]] == ["detik-2022-08-22-test-copy.yaml"]
    assert [Path(p).name for p in got["inputs"]["edited"]] == [DETIK]
    assert got["inputs"]["removed"] == []
    moves = {m["label"]: m for m in got["key_figures"]}
    multiple = next(m for label, m in moves.items() if "last budget over first" in label)
    assert multiple["old"] != multiple["new"]
    assert "blk-transformation-budget-2021-detik" in multiple["figures"]
    behind = second["runs"]["browser/02_budget_intensity"]["key_figure_ids"][multiple["label"]]
    assert set(multiple["figures"]) <= set(behind)  # the records behind this key figure
    index = (out / "index.html").read_text(encoding="utf-8")
    # the index links the key figure to its first record's row in the report's sources table
    assert f'02_budget_intensity.html#src-{behind[0]}"' in index
    for text in ("detik-2022-08-22-test-copy.yaml", multiple["old"], multiple["new"]):
        assert text in index

    # nothing changed: the last changes stay, the index is the same bytes
    page = (out / "index.html").read_bytes()
    third = build()
    assert third["changes"] == second["changes"]
    assert (out / "index.html").read_bytes() == page

    # the report's downloads: a forced rebuild writes the same bytes (no time in a workbook)
    downloads = sorted(p for p in (out / "browser").rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert [p.name for p in downloads if p.suffix == ".xlsx"] == ["02_budget_intensity.xlsx"]
    before = {p: p.read_bytes() for p in downloads}
    r = e2e.blk(*args, "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    assert {p: p.read_bytes() for p in downloads} == before
