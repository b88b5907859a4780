"""Each parameter declared once (blkanalysis/parameters.py), and everything derived from it."""

from __future__ import annotations

import re
import typing

import pytest

from blkanalysis import paths
from blkanalysis.model.parameters import BY_NAME, PARAMETERS, defaults, names, parameters_cell
from blkanalysis.model.scenario import Scenario, load_scenario_file
from blkanalysis.present.i18n import param_help, param_label, param_text, translations

IDS = [p.name for p in PARAMETERS]


def test_scenario_fields_are_the_declarations():
    assert Scenario.parameter_names() == names()
    assert Scenario.__name__ == "Scenario"
    for p in PARAMETERS:
        field = Scenario.model_fields[p.name]
        assert field.description == p.help
        assert field.annotation == p.python_type(), p.name
    assert Scenario().params() == defaults()


def test_baseline_file_states_the_declared_defaults():
    sf = load_scenario_file(paths.scenarios_dir() / "baseline.yaml")
    assert sf.raw_params == defaults()  # every parameter, stated explicitly, in order
    assert list(sf.raw_params) == names()


def test_declarations_are_consistent():
    assert len(set(names())) == len(names())
    for p in PARAMETERS:
        assert p.label and p.help and p.label[0].isupper(), p.name
        assert "_" not in p.label, p.name
        # the default passes the declaration's own checks
        Scenario.from_params({p.name: p.default})
        if p.kind == "choice":
            assert p.choices
            assert typing.get_origin(p.python_type()) is not None
        if p.nullable:
            assert p.null_means or p.default is not None, f"{p.name}: say what null means"


@pytest.mark.parametrize("p", PARAMETERS, ids=IDS)
def test_every_parameter_has_indonesian_label_and_help(p):
    for part in ("label", "help"):
        text = param_text(p.name, part, "id")  # raises MissingTranslation if the .po lacks it
        assert text and text != getattr(p, part), f"param.{p.name}.{part} has no Indonesian"
    assert param_label(p.name, "en") == p.label
    assert param_help(p.name, "id") == translations("id")[f"param.{p.name}.help"][1]


def test_no_catalogue_entry_for_an_undeclared_parameter():
    declared = {f"param.{n}.{part}" for n in names() for part in ("label", "help")}
    in_catalogue = {c for c in translations("id") if re.fullmatch(r"param\.\w+\.(label|help)", c)}
    assert in_catalogue == declared


def test_sweep_list_is_the_declared_sweepable():
    from blkanalysis.model.sweeps import SWEEPABLE

    assert {p.sweep_as: p.name for p in PARAMETERS if p.sweepable} == SWEEPABLE
    assert SWEEPABLE["multiplier"] == "multipliers"
    assert "target_year" not in SWEEPABLE.values()


@pytest.mark.parametrize("p", [p for p in PARAMETERS if p.sweepable], ids=lambda p: p.name)
def test_every_sweepable_parameter_has_a_plausible_range(p):
    assert p.plausible, f"{p.name} is sweepable but declares no plausible range"
    if p.continuous:
        low, high = p.plausible  # [low, high]
        assert low < high
    for v in p.plausible:
        assert p.item_problem(v) is None, (p.name, v)  # inside the bounds
        assert p.kind != "choice" or v in p.choices


def test_grid_refuses_a_parameter_not_declared_sweepable():
    from blkanalysis.errors import ScenarioError
    from blkanalysis.model.sweeps import sweep

    with pytest.raises(ScenarioError) as e:
        sweep({"target_year": [2022]})
    assert "not a sweepable parameter" in str(e.value)


def test_bounds_come_from_the_declaration():
    from blkanalysis.errors import ScenarioError

    with pytest.raises(ScenarioError) as e:
        Scenario.from_params({"target_year": 1900})
    assert "not a plausible year" in str(e.value)
    assert Scenario.from_params({"target_year": 2023}).target_year == 2023
    assert BY_NAME["target_year"].sweepable is False


def test_generated_cell_declares_every_parameter_with_its_default():
    import ast

    values = {}
    for node in ast.parse(parameters_cell()).body:
        assert isinstance(node, ast.AnnAssign)
        values[node.target.id] = ast.literal_eval(node.value)
        assert ast.unparse(node.annotation) in {p.annotation() for p in PARAMETERS} | {"str"}
    assert values.pop("scenario_name") == "baseline"
    assert values == defaults()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_parameter_tables_show_the_injected_labels(lang):
    """The runner knows no parameter: the CLI injects their labels (``parameter.<name>``)."""
    from blkanalysis.cli.catalogue import runner_labels
    from blkanalysis.reports.export import render_parts

    labels = runner_labels(lang)
    for name in names():
        assert labels[f"parameter.{name}"] == param_label(name, lang)
    context = {
        "labels": labels,
        "scenario": "baseline",
        "parameters": {"unit_cost_multiplier": 1.0, "not_declared": 1},
        "notebook_file": "n.ipynb",
        "notebook_sha256": "0" * 64,
    }
    header, _ = render_parts(context, [])
    assert f"{param_label('unit_cost_multiplier', lang)} <code>unit_cost_multiplier</code>" in (
        header
    )
    assert '<th scope="row"><code>not_declared</code>' in header  # no label: the name alone


def test_a_bad_p_value_is_one_problem():
    """-p values are checked once, by the Scenario model, before any kernel: one problem."""
    from blkanalysis.cli.refresh import notebook_paths
    from blkanalysis.cli.specs import load_scenario_specs, validate_spec
    from blkanalysis.errors import ScenarioError
    from blkanalysis.reports import plan_runs
    from blkanalysis.reports.notebooks import read_notebooks

    with pytest.raises(ScenarioError) as err:
        load_scenario_specs(None, {"base_year": "abc"})
    (p,) = err.value.problems
    assert p.field == "base_year" and "got the text 'abc'" in p.message
    # and a spec reaching the runner with a bad value: the model's one problem, not also the
    # runner's (which has no type system of its own)
    (spec,) = load_scenario_specs(None, {"base_year": "2020"})
    bad = type(spec)(spec.name, {**spec.parameters, "base_year": "abc"}, spec.header)
    with pytest.raises(ScenarioError) as err:
        plan_runs(read_notebooks(notebook_paths()), [bad], validate_spec)
    (p,) = err.value.problems
    assert p.field == "base_year"
