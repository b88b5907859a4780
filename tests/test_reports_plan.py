"""Reading notebooks' parameters and validating every run's parameters before any kernel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blkanalysis.errors import ScenarioError
from blkanalysis.reports import ScenarioSpec, build_reports, plan_runs, read_notebook_info
from blkanalysis.reports.notebooks import NotebookProblemsError, parse_parameters, read_notebooks
from tests.fixtures.reports import support as s


def infos(*paths: Path):
    return read_notebooks(list(paths))


def test_parameters_cell_is_read_with_defaults_and_kinds():
    info = read_notebook_info(s.GOOD)
    assert info.name == "good"
    assert info.title == "Good fixture"
    assert list(info.parameters) == ["scale", "label", "count", "scenario_name"]
    scale = info.parameters["scale"]
    assert scale.default == 1.0 and scale.source == "1.0"
    assert "float" in scale.kinds
    assert info.inputs == ("a.yaml",)
    assert read_notebook_info(s.SLOW).inputs is None


def test_annotations_give_the_kinds():
    params = parse_parameters(
        "a: float | None = None\n"
        "b: int = 3\n"
        "c: list[float] = [1.0]\n"
        "d = compute()  # not a literal: anything goes\n"
        "%matplotlib inline\n"
        "e: Literal['x', 'y'] = 'x'\n"
    )
    assert params["a"].kinds == ("float", "none")
    assert params["b"].kinds == ("int",)
    assert params["c"].kinds == ("list",)
    assert params["d"].kinds == ()
    assert params["e"].kinds == ("str",)


# a value's text as written: the defaults shown in the manifest and the reports' appendix
_SOURCES = [
    "a = 1.0\nb: str = 'Rp 2,03 triliun — ü'  # note\n",
    "m: list[float] = [\n    1.0,\n    2.0,  # doubled\n]\nn = {'é': (1, 2)}\n",
    "x = 'a' 'b'\ny: dict[str, int] | None = None\nz = f(1,\n  'ñ')\n",
]


@pytest.mark.parametrize("source", _SOURCES)
def test_each_value_and_annotation_reads_as_the_stdlib_segment(source):
    import ast

    code = "\n".join(source.splitlines())
    tree = ast.parse(code)
    params = parse_parameters(source)
    expected = {}
    for node in tree.body:
        value = node.value
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        annotation = getattr(node, "annotation", None)
        expected[target.id] = (
            ast.get_source_segment(code, value),
            ast.get_source_segment(code, annotation) if annotation is not None else None,
        )
    assert {k: (p.source, p.annotation) for k, p in params.items()} == expected


def test_the_shipped_notebooks_parameters_read_as_the_stdlib_segments():
    import ast

    from blkanalysis.reports.notebooks import _segment

    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("0*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        (cell,) = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        code = "\n".join("".join(cell["source"]).splitlines())
        lines = code.splitlines(keepends=True)
        nodes = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.expr)]
        assert len(nodes) > 20
        for node in nodes:
            assert _segment(lines, node) == ast.get_source_segment(code, node)


def test_unreadable_notebooks_are_reported_together(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    twin = tmp_path / "good.ipynb"
    twin.write_bytes(s.GOOD.read_bytes())
    with pytest.raises(NotebookProblemsError) as err:
        read_notebooks([bad, s.GOOD, twin, tmp_path / "missing.ipynb"])
    text = str(err.value)
    assert "bad.ipynb" in text and "not a notebook" in text
    assert "reports would collide" in text
    assert "missing.ipynb" in text
    assert err.value.exit_code == 2


def test_unknown_parameter_is_refused_listing_valid_names():
    spec = s.spec("alpha", scael=2.0)
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD, s.SLOW), [spec], s.validate)
    problems = err.value.problems
    assert any(p.field == "scael" for p in problems)
    msg = next(p.message for p in problems if p.field == "scael")
    for name in ("count", "label", "marker", "scale", "seconds"):
        assert name in msg
    assert problems[0].file.endswith("alpha.yaml")


def test_the_runner_has_no_type_system_of_its_own():
    """Without a validator the values go as written (the notebooks' annotations are not a
    second type system): only names and writability are the runner's to check."""
    (run,) = plan_runs(infos(s.GOOD), [s.spec("alpha", scale="2.03e1", count=2.5)])
    assert run.parameters["scale"] == "2.03e1"
    assert run.parameters["count"] == 2.5


@pytest.mark.parametrize(
    ("values", "field"),
    [({"scale": "2.03e1"}, "scale"), ({"count": 2.5}, "count"), ({"label": 3}, "label")],
)
def test_a_bad_value_is_one_problem_from_the_injected_validator(values, field):
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD, s.SLOW), [s.spec("alpha", **values)], s.validate)
    (p,) = err.value.problems  # one problem: the validator's, not also the runner's
    assert p.field == field
    assert p.file.endswith("alpha.yaml")


def test_an_unknown_name_is_one_problem_with_other_problems_beside_it():
    spec = s.spec("alpha", scael=2.0, count=99)
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD), [spec], s.validate)
    fields = sorted(p.field for p in err.value.problems)
    assert fields == ["count", "scael"]  # the runner names scael; the validator, count
    assert next(p for p in err.value.problems if p.field == "scael").message.startswith(
        "unknown parameter"
    )


def test_out_of_range_comes_from_the_injected_validator():
    specs = [s.spec("alpha", scale=-1.0), s.spec("beta", count=99)]
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD), specs, s.validate)
    where = {(p.file.rsplit("/", 1)[-1], p.field) for p in err.value.problems}
    assert ("alpha.yaml", "scale") in where
    assert ("beta.yaml", "count") in where


def test_bad_and_duplicate_scenario_names():
    specs = [
        ScenarioSpec("../escape", {}),
        ScenarioSpec("ok", {}),
        ScenarioSpec("ok", {}),
    ]
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD), specs)
    text = str(err.value)
    assert "cannot name a report directory" in text
    assert "used twice" in text


def test_values_papermill_cannot_write_are_refused():
    import datetime as dt

    spec = ScenarioSpec("alpha", {"label": "x", "marker": dt.date(2024, 1, 1)})
    nb = infos(s.SLOW)  # marker = "" : the date is not text either
    with pytest.raises(ScenarioError):
        plan_runs(nb, [spec])


def test_each_notebook_gets_only_what_it_declares_plus_the_scenario_name():
    runs = plan_runs(infos(s.GOOD, s.SLOW), [s.spec("alpha", scale=2.0, seconds=0.5)], s.validate)
    by_nb = {r.notebook.name: r for r in runs}
    assert dict(by_nb["good"].parameters) == {"scale": 2.0, "scenario_name": "alpha"}
    assert dict(by_nb["slow"].parameters) == {"seconds": 0.5}
    assert [r.key for r in runs] == ["alpha/good", "alpha/slow"]


def test_bad_parameters_write_nothing(tmp_path):
    out = tmp_path / "reports"
    with pytest.raises(ScenarioError):
        build_reports([s.GOOD], [s.spec("alpha", nope=1)], out, validate=s.validate)
    assert not out.exists()  # no directory, no lock file, no kernel


def test_manifest_records_notebook_parameters(tmp_path):
    # the inspection is JSON-only (no nbformat/papermill import needed)
    nb = tmp_path / "x.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {"tags": ["parameters"]},
                        "source": ["n = 1\n", "n = 2\n", "name: str = 'a'\n"],
                        "outputs": [],
                        "execution_count": None,
                    }
                ],
                "metadata": {"report": {"inputs": "not a list"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    with pytest.raises(NotebookProblemsError, match=r"report\.inputs"):
        read_notebook_info(nb)


def test_the_project_scenarios_plan_against_the_project_notebooks():
    """Contract with the domain layer: its specs and validator fit the report notebooks."""
    from blkanalysis.cli import specs as scenario
    from blkanalysis.cli.report import report_notebooks

    notebooks = read_notebooks(report_notebooks(None))
    if not notebooks:
        pytest.skip("no report notebooks in notebooks/")
    specs = scenario.load_scenario_specs(None, {})
    runs = plan_runs(notebooks, specs, scenario.validate_spec)
    shared = [nb for nb in notebooks if not nb.per_scenario]  # once per language
    langs = {spec.parameters.get("lang") for spec in specs}
    assert len(runs) == len(specs) * (len(notebooks) - len(shared)) + len(langs) * len(shared)
    for run in runs:
        assert isinstance(run.scenario, ScenarioSpec)
        if "scenario_name" in run.notebook.parameters:
            assert run.parameters["scenario_name"] == run.scenario.name
    whatif = scenario.load_scenario_specs(None, {"base_year": "2020"})
    (run, *_) = plan_runs(notebooks, whatif, scenario.validate_spec)
    assert run.parameters["base_year"] == 2020
    assert run.scenario.name.startswith("whatif-")


# --- notebooks that do not depend on the scenario (metadata report.per_scenario: false) -------


def test_per_scenario_false_is_read_from_the_metadata(tmp_path):
    assert read_notebook_info(s.SHARED).per_scenario is False
    assert read_notebook_info(s.GOOD).per_scenario is True
    bad = tmp_path / "bad.ipynb"
    nb = json.loads(s.SHARED.read_text())
    nb["metadata"]["report"]["per_scenario"] = "no"
    bad.write_text(json.dumps(nb))
    with pytest.raises(NotebookProblemsError) as err:
        read_notebook_info(bad)
    assert "report.per_scenario" in str(err.value)


def test_a_shared_notebook_runs_once_per_language_with_its_first_scenario():
    specs = [
        s.spec("alpha", scale=2.0),
        s.spec("beta", scale=3.0),
        s.spec("alpha.id", scale=2.0, lang="id"),
        s.spec("beta.id", scale=3.0, lang="id"),
    ]
    runs = plan_runs(infos(s.GOOD, s.SHARED), specs, s.validate)
    keys = [r.key for r in runs]
    assert [k for k in keys if k.endswith("/good")] == [
        "alpha/good",
        "beta/good",
        "alpha.id/good",
        "beta.id/good",
    ]
    assert [k for k in keys if k.endswith("/shared")] == ["alpha/shared", "alpha.id/shared"]
    by_key = {r.key: r for r in runs}
    assert by_key["alpha.id/shared"].parameters == {"lang": "id"}
    assert by_key["alpha/shared"].parameters == {}  # the notebook's own default language


def test_without_languages_a_shared_notebook_runs_once():
    runs = plan_runs(infos(s.SHARED), [s.spec("alpha"), s.spec("beta")], s.validate)
    assert [r.key for r in runs] == ["alpha/shared"]
