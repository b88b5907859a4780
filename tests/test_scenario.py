"""Scenarios: strict pydantic model, YAML files with headers, one clear error per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from blkanalysis import ScenarioError, paths
from blkanalysis.data.registry import load_figures
from blkanalysis.model.scenario import (
    Scenario,
    load_scenario_file,
    load_scenarios,
    parse_cli_value,
    scenario_files,
)

HEADER = "title: T\nauthor: A\nrationale: R\n"


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_defaults_equal_baseline_file():
    baseline = Scenario.from_yaml(paths.scenarios_dir() / "baseline.yaml")
    assert baseline == Scenario()
    # and the baseline file states every parameter explicitly
    sf = load_scenario_file(paths.scenarios_dir() / "baseline.yaml")
    assert set(sf.raw_params) == set(Scenario.parameter_names())


def test_shipped_scenarios_load_with_headers():
    files = load_scenarios()
    assert len(files) >= 4
    names = [f.name for f in files]
    assert "baseline" in names
    for sf in files:
        assert sf.header is not None
        assert sf.header.title and sf.header.author and len(sf.header.rationale) > 40


def test_shipped_scenarios_reference_real_figures():
    ids = set(load_figures(include_leads=True)["id"])
    for sf in load_scenarios():
        for ref in sf.header.references:
            assert ref in ids or ref.startswith("http"), f"{sf.name}: unknown reference {ref}"


def test_whatifs_differ_from_baseline():
    base = Scenario().params()
    for sf in load_scenarios():
        if sf.name != "baseline":
            assert sf.scenario.params() != base, sf.name


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"multipliers": [1, -2]}, "multipliers", "must be positive"),
        ({"multipliers": [0]}, "multipliers", "must be positive"),
        ({"multipliers": []}, "multipliers", "empty"),
        ({"multipliers": ["3"]}, "multipliers.0", "got the text '3'"),
        ({"base_year": 2030}, "base_year", "outside the CPI series"),
        ({"base_year": "2022"}, "base_year", "got the text '2022'"),
        ({"base_year": 2022.0}, "base_year", "whole number"),
        ({"price_point": "annual"}, "price_point", "expected one of"),
        ({"bases": ["spent"]}, "bases.0", "expected one of"),
        ({"envelope_first_year_share": 1.0}, "envelope_first_year_share", "between 0 and 1"),
        ({"envelope_first_year_share": "2.5e-1"}, "envelope_first_year_share", "got the text"),
        ({"carryover_units": -1}, "carryover_units", "0 or more"),
        ({"carryover_cost_share": 1.5}, "carryover_cost_share", "between 0 and 1"),
        ({"unit_cost_multiplier": 0}, "unit_cost_multiplier", "positive"),
        ({"blkk_reading": "new"}, "blkk_reading", "expected one of"),
        ({"include_leads": "yes"}, "include_leads", "true or false"),
        ({"lang": "fr"}, "lang", "expected one of"),
        ({"multiplier": 3}, "multiplier", "unknown key"),
    ],
)
def test_bad_parameters_one_clear_error_each(params, field, message):
    with pytest.raises(ScenarioError) as info:
        Scenario.from_params(params, source="scenarios/x.yaml")
    problems = info.value.problems
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.file == "scenarios/x.yaml"
    assert p.field == field
    assert message in p.message, p.message


def test_unknown_key_lists_valid_names():
    with pytest.raises(ScenarioError) as info:
        Scenario.from_params({"multiplierz": [2]})
    assert "base_year" in info.value.problems[0].message


def test_every_problem_reported(tmp_path):
    p = write(
        tmp_path,
        HEADER + "colour: red\nparameters:\n  multipliers: [-1]\n  base_year: '2022'\n  foo: 1\n",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario_file(p)
    fields = sorted(pr.field for pr in info.value.problems)
    assert fields == ["base_year", "colour", "foo", "multipliers"]
    assert all(pr.file.endswith("s.yaml") for pr in info.value.problems)


def test_exponent_form_is_a_number_and_a_quoted_number_text(tmp_path):
    p = write(tmp_path, HEADER + "parameters:\n  unit_cost_multiplier: 1.5e0\n")
    assert load_scenario_file(p).scenario.unit_cost_multiplier == 1.5
    p = write(tmp_path, HEADER + "parameters:\n  multipliers: [1e1, 2e+1]\n")
    assert load_scenario_file(p).scenario.multipliers == [10.0, 20.0]
    p = write(tmp_path, HEADER + "parameters:\n  base_year: 2.02e3\n")
    with pytest.raises(ScenarioError, match=r"got 2020\.0; write it in digits.*\(2020\)"):
        load_scenario_file(p)
    p = write(tmp_path, HEADER + "parameters:\n  unit_cost_multiplier: '1.5e0'\n")
    with pytest.raises(ScenarioError, match=r"got the text '1\.5e0'; a number in quotes is text"):
        load_scenario_file(p)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("parameters: [1, 2\n", "invalid YAML"),
        ("- a\n", "expected a mapping"),
        (HEADER + "parameters: 3\n", "expected a mapping of parameter names"),
        ("title: T\nparameters: {}\n", "required key is missing"),
    ],
)
def test_malformed_files(tmp_path, text, message):
    with pytest.raises(ScenarioError) as info:
        load_scenario_file(write(tmp_path, text))
    assert message in str(info.value)


def test_header_only_file_is_the_baseline(tmp_path):
    sf = load_scenario_file(write(tmp_path, HEADER))
    assert sf.scenario == Scenario()
    assert sf.name == "s"


def test_command_line_values_are_read_as_yaml():
    assert parse_cli_value("[1, 3]") == [1, 3]
    assert parse_cli_value("2020") == 2020
    assert parse_cli_value("null") is None
    assert parse_cli_value("midyear") == "midyear"
    # numbers in exponent form are numbers (YAML 1.2), at any depth
    assert parse_cli_value("2.03e12") == 2.03e12
    assert parse_cli_value("[1e3]") == [1000.0]
    assert parse_cli_value("[1, 2") == "[1, 2"


def test_from_namespace_picks_parameters_only():
    ns = {"multipliers": [2.0], "base_year": 2021, "pd": object(), "x": 1}
    sc = Scenario.from_namespace(ns)
    assert sc.multipliers == [2.0] and sc.base_year == 2021


def test_digest_is_stable_and_parameter_sensitive():
    assert Scenario().digest() == Scenario().digest()
    assert Scenario().digest() != Scenario(base_year=2021).digest()


def test_scenario_files_sorted():
    files = scenario_files()
    assert files == sorted(files)


def test_specs_for_the_runner():
    from blkanalysis.cli.specs import load_scenario_specs, validate_spec

    specs = load_scenario_specs()
    assert [s.name for s in specs] == [p.stem for p in scenario_files()]
    base = next(s for s in specs if s.name == "baseline")
    assert base.header["title"] == "Baseline"
    assert validate_spec(base) == Scenario().params()


def test_overrides_make_a_whatif_named_by_its_parameters():
    from blkanalysis.cli.specs import load_scenario_specs, validate_spec

    a = load_scenario_specs(None, {"multipliers": "[2, 4]", "unit_cost_multiplier": "2.5e0"})
    b = load_scenario_specs(None, {"unit_cost_multiplier": "2.5", "multipliers": "[2,4]"})
    assert len(a) == 1 and a[0].name.startswith("whatif-")
    assert a[0].name == b[0].name  # same parameters, same name
    resolved = validate_spec(a[0])
    assert resolved["multipliers"] == [2.0, 4.0] and resolved["unit_cost_multiplier"] == 2.5
    assert "What-if" in a[0].header["title"]


def test_bad_override_is_refused_with_valid_names():
    from blkanalysis.cli.specs import load_scenario_specs

    with pytest.raises(ScenarioError) as info:
        load_scenario_specs(None, {"multiplierz": "3"})
    assert "base_year" in str(info.value)
    with pytest.raises(ScenarioError, match="positive"):
        load_scenario_specs(None, {"multipliers": "[-1]"})


def test_shipped_scenarios_have_indonesian_headers():
    for sf in load_scenarios():
        tr = sf.header.translations.get("id")
        assert tr is not None, f"{sf.name}: add translations: id: title/rationale"
        assert tr.title != sf.header.title or sf.name == "baseline"


def test_languages_make_twin_specs():
    from blkanalysis.cli.specs import load_scenario_specs, validate_spec

    specs = load_scenario_specs(
        [paths.scenarios_dir() / "trainee-cost-2020.yaml"], langs=["en", "id"]
    )
    en, id_ = specs
    assert (en.name, id_.name) == ("trainee-cost-2020", "trainee-cost-2020.id")
    assert validate_spec(en)["lang"] == "en" and validate_spec(id_)["lang"] == "id"
    assert en.header["translations"] == {"id": "trainee-cost-2020.id"}
    assert id_.header["translations"] == {"en": "trainee-cost-2020"}
    assert id_.header["title"] == "Biaya per peserta tahun 2020 saja"
    assert validate_spec(en)["multipliers"] == validate_spec(id_)["multipliers"]
    with pytest.raises(ScenarioError, match="unknown language"):
        load_scenario_specs(None, langs=["fr"])
