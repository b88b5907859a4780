"""Reading notebooks' parameters and validating every run's parameters before any kernel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blkanalysis.errors import ScenarioError
from blkanalysis.model.scenario import parse_cli_value
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


def test_number_in_quotes_is_refused_with_a_true_hint():
    # a quoted number (scale: '2.03e1') arrives as text
    spec = s.spec("alpha", scale="2.03e1")
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD), [spec])  # even without a domain validator
    (p,) = err.value.problems
    assert p.field == "scale"
    assert "a number in quotes is text; write it without quotes (2.03e1)" in p.message
    # the advice works: written without quotes it is a number, and accepted
    (run,) = plan_runs(infos(s.GOOD), [s.spec("alpha", scale=parse_cli_value("2.03e1"))])
    assert run.parameters["scale"] == 20.3


def test_whole_number_in_exponent_form_is_refused_with_a_true_hint():
    spec = s.spec("alpha", count=parse_cli_value("2e0"))
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD), [spec])
    (p,) = err.value.problems
    assert "got 2.0; write it in digits, without a fraction or exponent (2)" in p.message
    (run,) = plan_runs(infos(s.GOOD), [s.spec("alpha", count=parse_cli_value("2"))])
    assert run.parameters["count"] == 2


def test_wrong_kind_against_the_notebook_default_is_refused():
    spec = s.spec("alpha", count=2.5, label=3)
    with pytest.raises(ScenarioError) as err:
        plan_runs(infos(s.GOOD), [spec])
    fields = {p.field: p.message for p in err.value.problems}
    assert "whole number" in fields["count"]
    assert "text" in fields["label"]


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
    assert len(runs) == len(specs) * len(notebooks)
    for run in runs:
        assert isinstance(run.scenario, ScenarioSpec)
        if "scenario_name" in run.notebook.parameters:
            assert run.parameters["scenario_name"] == run.scenario.name
    whatif = scenario.load_scenario_specs(None, {"base_year": "2020"})
    (run, *_) = plan_runs(notebooks, whatif, scenario.validate_spec)
    assert run.parameters["base_year"] == 2020
    assert run.scenario.name.startswith("whatif-")


def test_quoted_whole_number_hint_advises_the_digits():
    errs = {}
    for text in ("3", "3e0", "2.5"):
        with pytest.raises(ScenarioError) as err:
            plan_runs(infos(s.GOOD), [s.spec("alpha", count=text)])
        (p,) = err.value.problems
        errs[text] = p.message
    assert errs["3"].endswith("write it in digits without quotes (3)")
    assert errs["3e0"].endswith("write it in digits without quotes (3)")
    assert errs["2.5"].endswith("got the text '2.5'")  # no advice that would fail too
    (run,) = plan_runs(infos(s.GOOD), [s.spec("alpha", count=parse_cli_value("3"))])
    assert run.parameters["count"] == 3
