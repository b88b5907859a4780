"""The notebooks: parameters cell equal to the baseline, glue-only cells, no typed numbers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from blkanalysis import paths
from blkanalysis.model.scenario import Scenario

NOTEBOOKS = sorted(p for p in paths.notebooks_dir().glob("[0-9]*.ipynb"))
MAX_GLUE_LINES = 6


def cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def test_report_notebooks():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_figures_overview",
        "02_budget_intensity",
        "03_target_scaling",
        "04_plan_vs_delivery",
        "05_sensitivity",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_is_generated_from_the_declarations(path):
    """The cell is what ``blk notebooks`` writes from blkanalysis/parameters.py (not edited)."""
    from blkanalysis.model.parameters import parameters_cell

    tagged = [c for c in cells(path) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].source == parameters_cell(), "run `blk notebooks` to regenerate it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_equals_baseline(path):
    tagged = [c for c in cells(path) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse(tagged[0].source)
    values = {}
    for node in tree.body:
        # nothing but annotated assignments of literals
        assert isinstance(node, ast.AnnAssign), ast.dump(node)
        values[node.target.id] = ast.literal_eval(node.value)
    assert values.pop("scenario_name") == "baseline"
    baseline = Scenario.from_yaml(paths.scenarios_dir() / "baseline.yaml").params()
    assert values == baseline
    # every parameter carries a comment
    for line in tagged[0].source.splitlines()[1:]:
        assert "#" in line, line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_are_short_glue_without_typed_numbers(path):
    for c in cells(path):
        if c.cell_type != "code" or "parameters" in c.metadata.get("tags", []):
            continue
        lines = [ln for ln in c.source.splitlines() if ln.strip()]
        assert len(lines) <= MAX_GLUE_LINES, c.source
        for node in ast.walk(ast.parse(c.source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
                if isinstance(node.value, bool):
                    continue
                pytest.fail(f"number {node.value!r} typed into a cell of {path.name}: {c.source}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_with_outputs_and_no_errors(path):
    code = [
        c
        for c in cells(path)
        if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    ]
    assert all(c.outputs for c in code), "re-run `make notebooks` to commit the baseline outputs"
    for c in code:
        for o in c.outputs:
            assert o.output_type != "error", o
            assert o.output_type != "stream" or o.name != "stderr", o.text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_markdown_with_numbers(path):
    """Narrative lives in the catalogue and is produced by code; markdown cells carry no figures."""
    for c in cells(path):
        if c.cell_type == "markdown":
            assert not any(ch.isdigit() for ch in c.source), c.source


@pytest.mark.slow
def test_bad_parameter_stops_the_notebook_with_the_scenario_error(tmp_path):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from blkanalysis.reports.execute import RunnerKernelManager

    with pytest.raises(PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(NOTEBOOKS[1]),
            str(tmp_path / "out.ipynb"),
            parameters={"multipliers": [-1.0]},
            cwd=str(NOTEBOOKS[1].parent),
            kernel_manager_class=RunnerKernelManager,
            progress_bar=False,
        )
    assert info.value.ename == "ScenarioError"
    assert "multipliers" in info.value.evalue and "positive" in info.value.evalue
    # it stopped in the first cell after the parameters: nothing was computed
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [
        i
        for i, c in enumerate(out.cells)
        if any(o.output_type == "error" for o in c.get("outputs", []))
    ]
    first_glue = next(
        i for i, c in enumerate(out.cells) if c.cell_type == "code" and "import" in c.source
    )
    assert errors == [first_glue]


@pytest.mark.slow
def test_every_shipped_scenario_runs_every_notebook(shipped_reports):
    """What `make report` does (the session's shared build of it, conftest.py): every notebook
    x every shipped scenario succeeds, in English and Indonesian."""
    import json

    from blkanalysis.cli.specs import load_scenario_specs
    from blkanalysis.reports import read_notebook_info

    specs = load_scenario_specs()
    manifest = json.loads((shipped_reports / "manifest.json").read_text(encoding="utf-8"))
    runs = manifest["runs"]
    failed = [(k, r.get("error")) for k, r in runs.items() if r["status"] != "ok"]
    assert not failed
    # a notebook whose metadata says report.per_scenario: false runs once per language
    per_scenario = [p for p in NOTEBOOKS if read_notebook_info(p).per_scenario]
    shared = len(NOTEBOOKS) - len(per_scenario)
    assert len(runs) == 2 * (len(specs) * len(per_scenario) + shared)
    for spec in specs:
        for nb in per_scenario:
            assert f"{spec.name}/{nb.stem}" in runs and f"{spec.name}.id/{nb.stem}" in runs
    for key, r in runs.items():
        assert r["key_figures"], key  # every report hands key figures to the index
        html = (shipped_reports / r["html"]).read_text(encoding="utf-8")
        assert "<script" not in html.lower()


def test_plan_vs_delivery_does_not_depend_on_the_scenario():
    """It runs once per language: its metadata says so, and no cell reads the scenario."""
    from blkanalysis.reports import read_notebook_info

    path = paths.notebooks_dir() / "04_plan_vs_delivery.ipynb"
    assert read_notebook_info(path).per_scenario is False
    glue = "\n".join(c.source for c in cells(path)[1:] if c.cell_type == "code")
    assert "nb.scenario" not in glue and "nb.figures" not in glue


def _built_in_language(reports: Path, stem: str, lang: str) -> nbformat.NotebookNode:
    """The report notebook ``stem`` as the shipped build executed it in ``lang`` (a notebook run
    once per language sits in the baseline's directories)."""
    scenario = "baseline" if lang == "en" else f"baseline.{lang}"
    return nbformat.read(reports / scenario / f"{stem}.ipynb", as_version=4)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "id"])
def test_plan_vs_delivery_in_both_languages(shipped_reports, lang):
    out = _built_in_language(shipped_reports, "04_plan_vs_delivery", lang)
    text = "\n".join(
        o.get("data", {}).get("text/markdown", "") or o.get("data", {}).get("text/plain", "")
        for c in out.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    answer = {"en": "**No, as far", "id": "**Tidak, sejauh"}[lang]
    heading = {"en": 'Did "berkali lipat" happen?', "id": 'Apakah "berkali lipat" terwujud?'}
    assert heading[lang] in text and answer in text
    numbers = (
        ("845", "525", "0.6x", "1,000,000", "225,420", "70,000", "19.8%")
        if lang == "en"
        else ("845", "525", "0,6x", "1.000.000", "225.420", "70.000", "19,8%")
    )  # the reader's convention
    for number in numbers:
        assert number in text, number
    assert "(target)" in text and ("realised" if lang == "en" else "realisasi") in text


def test_sensitivity_runs_once_per_language():
    """It is made around the baseline's values: its metadata says it runs once per language."""
    from blkanalysis.reports import read_notebook_info

    path = paths.notebooks_dir() / "05_sensitivity.ipynb"
    assert read_notebook_info(path).per_scenario is False


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "id"])
def test_sensitivity_in_both_languages(shipped_reports, lang):
    from blkanalysis.present.i18n import t

    out = _built_in_language(shipped_reports, "05_sensitivity", lang)
    text = "\n".join(
        str(o.get("data", {}).get("text/markdown", ""))
        for c in out.cells
        for o in c.get("outputs", [])
    )
    assert t("sensitivity.findings", lang) in text
    charts = [
        o for c in out.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(charts) >= 2  # tornados and the Sobol bars


@pytest.mark.slow
def test_every_in_page_link_of_every_shipped_report_resolves(shipped_reports):
    """Every ``href="#..."`` of every shipped report names an element of the page: the findings
    link their sections, the numbers of a table their figures' rows in the sources table, and
    each sources row the sections that use its figure. Every figure row says where its figure
    is used, and the reports whose tables rest on registry figures (02 and 03 of each scenario)
    link their numbers to them."""
    import html as html_lib

    checked = 0
    for page in sorted(shipped_reports.glob("*/*.html")):
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', text))
        targets = [html_lib.unescape(h) for h in re.findall(r'href="#([^"]*)"', text)]
        missing = sorted({h for h in targets if h not in ids})
        assert missing == [], f"{page.relative_to(shipped_reports)}: {missing}"
        rows = re.findall(r'<tr id="(src-[^"]+)">(.*?)</tr>', text, re.S)
        if page.stem in ("02_budget_intensity", "03_target_scaling"):
            assert 'class="blk-src" href="#src-' in text, page
        if rows:
            for anchor, cells in rows:
                assert 'href="#sec-' in cells, (page, anchor)  # where the figure is used
        checked += 1
    assert checked >= 10


#: a number in a report's words (not one inside a name such as "Liputan6")
NUMBER = re.compile(r"(?<![A-Za-z0-9])\d[\d.,]*")
YEAR = re.compile(r"(19|20)\d\d")
#: what marks a number in prose as accounted for: a link to its figures, or a mark saying no
#: figure states it (a parameter, a count of the registry's records, a statistic of the model)
ACCOUNTED = "a.blk-src, sup.blk-more, span.blk-param, span.blk-count, span.blk-model"


def unaccounted_numbers(page: str) -> tuple[list[str], int]:
    """The numbers in a report's words (the text its notebook writes: paragraphs, lists and
    headings, not tables or the header of scenario metadata) that neither link to a figure
    nor are marked as no figure's, years aside; and how many link to figures."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    words = soup.select("div.jp-RenderedMarkdown, div.jp-RenderedHTML")
    cited = sum(len(w.select("a.blk-src")) for w in words)
    left = []
    for block in words:
        for table in block.select("table"):
            table.decompose()
        for el in block.select(ACCOUNTED):
            el.decompose()
        for m in NUMBER.finditer(block.get_text(" ")):
            if not YEAR.fullmatch(m.group(0).rstrip(".,")):
                left.append(m.group(0))
    return left, cited


def test_every_number_in_the_baseline_reports_words_links_to_its_figures(shipped_reports):
    """Every figure-derived number in the words of the baseline's reports (findings, narrative,
    notes), in both languages, sits inside a link to the sources rows of its figures; the
    others are marked as parameters, counts of the registry or statistics of the model."""
    for folder in ("baseline", "baseline.id"):
        for page in sorted((shipped_reports / folder).glob("*.html")):
            left, cited = unaccounted_numbers(page.read_text(encoding="utf-8"))
            assert left == [], f"{folder}/{page.name}: numbers not linked to figures: {left}"
            assert cited >= 3, f"{folder}/{page.name}: only {cited} numbers linked"


def test_an_unlinked_number_in_a_reports_words_is_found():
    page = (
        '<div class="jp-RenderedMarkdown"><p>From 2017 to 2023, '
        '<a class="blk-src" href="#src-a">4,282</a><sup class="blk-more">[<a>2</a>]</sup> built '
        'by Liputan6 at <span class="blk-param">×10</span>; 75 more.</p>'
        "<table><tr><td>9</td></tr></table></div><header><p>12</p></header>"
    )
    assert unaccounted_numbers(page) == (["75"], 1)
