"""The one strict YAML reader: no anchors or aliases, a nesting cap, YAML 1.2 numbers.

Everything that reads YAML (registry, CPI, scenario files, ``-p`` and ``--grid`` values) goes
through :mod:`blkanalysis.data.yamlio`; these tests hold each path to it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blkanalysis.cli.specs import load_scenario_specs, validate_spec
from blkanalysis.data.validation import hint_for
from blkanalysis.data.yamlio import MAX_DEPTH, Refused, parse_yaml, read_yaml
from blkanalysis.errors import ScenarioError
from blkanalysis.model.scenario import load_scenario_file, parse_cli_value
from blkanalysis.model.sweeps import parse_grid
from blkanalysis.reports.notebooks import read_notebooks
from blkanalysis.reports.plan import plan_runs
from tests.conftest import BAD_REGISTRY, GOOD_REGISTRY
from tests.fixtures import blkfork

BLK = Path(sys.executable).with_name("blk")
ROOT = Path(__file__).resolve().parents[1]
BOMB = next((BAD_REGISTRY / "alias-bomb" / "sources").glob("*.yaml"))
HEADER = "title: T\nauthor: A\nrationale: R\n"


def blk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    # the timeout is a hang guard, not a timed assertion
    return blkfork.run(args, env=os.environ, cwd=os.getcwd(), timeout=timeout)


# ---------------------------------------------------------------------------------------------
# anchors, aliases and depth


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    with pytest.raises(Refused) as info:
        parse_yaml(BOMB.read_text())
    assert info.value.line == 3  # the first anchor (&a), before any alias
    assert "anchor &a" in info.value.message and "write the value out" in info.value.message


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("a: 1\nb: &x 2\n", 2, "anchor &x"),
        ("a: 1\nb: *x\n", 2, "alias *x"),  # an alias without anchor: refused the same way
        ("a: [1, &x {b: 2}]\n", 1, "anchor &x"),
        ("a:\n  - 1\n  - &x\n    b: 2\nc: *x\n", 3, "anchor &x"),
    ],
)
def test_anchors_and_aliases_are_refused_naming_the_line(text, line, what):
    with pytest.raises(Refused) as info:
        parse_yaml(text)
    assert info.value.line == line and what in info.value.message


def test_nesting_is_capped(tmp_path):
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_yaml(ok) is not None
    deep = "a: 1\nb: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    with pytest.raises(Refused) as info:
        parse_yaml(deep)
    assert info.value.line == 2 and f"more than {MAX_DEPTH} levels" in info.value.message
    # far deeper than the cap (deeper than Python's recursion limit would allow) is refused too
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "{a: " * 900 + "1" + "}" * 900 + "\n")
    data, problems = read_yaml(path)
    assert data is None
    (p,) = problems
    assert p.file == str(path) and "line 1" in p.message and "levels deep" in p.message


def test_blk_validate_refuses_an_alias_bomb_naming_file_and_line(tmp_path):
    data = tmp_path / "registry"
    shutil.copytree(GOOD_REGISTRY, data)
    shutil.copy(BOMB, data / "sources" / BOMB.name)
    r = blk("validate", data, timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert BOMB.name in r.stderr
    assert "line 3: anchor &a" in r.stderr and "write the value out" in r.stderr


def test_a_scenario_file_with_an_alias_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(HEADER + "parameters:\n  multipliers: [1, 2]\n  bases: *m\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_file(path)
    (p,) = info.value.problems
    assert p.file.endswith("s.yaml")
    assert "line 6: alias *m" in p.message and "write the value out" in p.message


def test_a_p_value_with_an_alias_is_refused():
    with pytest.raises(ScenarioError) as info:
        load_scenario_specs(overrides={"multipliers": "&a [1, 2]", "bases": "*a"})
    problems = {p.field: p for p in info.value.problems}
    assert set(problems) == {"multipliers", "bases"}
    assert all(p.file == "-p" for p in problems.values())
    assert "anchor &a" in problems["multipliers"].message
    assert "alias *a" in problems["bases"].message
    # how to mean the text instead, and that the advice is true
    assert "quote it" in problems["bases"].message
    assert parse_cli_value("'*a'") == "*a"


def test_a_grid_value_with_an_alias_is_refused():
    with pytest.raises(ScenarioError) as info:
        parse_grid(["multiplier=1,&a 2,*a"])
    messages = [p.message for p in info.value.problems]
    assert all(p.file == "--grid" and p.field == "multiplier" for p in info.value.problems)
    assert any("anchor &a" in m for m in messages) and any("alias *a" in m for m in messages)


def test_blk_report_and_sweep_refuse_aliases_with_exit_2(tmp_path):
    out = tmp_path / "reports"
    r = blk("report", "-p", "multipliers=&a [1]", "--output", out)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "-p, field 'multipliers': anchor &a" in r.stderr
    assert not out.exists()
    r = blk("sweep", "--grid", "multiplier=*a")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "--grid, field 'multiplier': alias *a" in r.stderr


# ---------------------------------------------------------------------------------------------
# numbers: YAML 1.2 core schema at any depth


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1e3", 1000.0),
        ("2e+3", 2000.0),
        ("1.5e3", 1500.0),
        ("2.03e12", 2.03e12),
        ("-1E-2", -0.01),
        (".5e1", 5.0),
        ("[1e3, [2e+3, {a: 1.5e3}]]", [1000.0, [2000.0, {"a": 1500.0}]]),
    ],
)
def test_exponent_form_is_a_number_at_any_depth(text, expected):
    value = parse_yaml(text)
    assert value == expected
    floats = value if isinstance(value, list) else [value]
    assert all(not isinstance(v, str) for v in floats)


def test_other_scalars_keep_their_types():
    value = parse_yaml("[12, -3, 1.5, .inf, 2022-01-02, 1.2.3, 1e, e3, '1e3', 2e3x, v1e3]")
    assert value[:3] == [12, -3, 1.5] and type(value[0]) is int and type(value[1]) is int
    assert value[3] == float("inf")
    assert value[4] == dt.date(2022, 1, 2)
    assert value[5:] == ["1.2.3", "1e", "e3", "1e3", "2e3x", "v1e3"]
    nan = parse_yaml(".nan")
    assert nan != nan


def test_p_values_in_exponent_form_are_numbers():
    assert parse_cli_value("[1e3]") == [1000.0]
    assert parse_cli_value("[2e+3]") == [2000.0]
    assert parse_cli_value("[1.5e3]") == [1500.0]
    assert parse_cli_value("2.03e12") == 2.03e12
    assert parse_cli_value("2020") == 2020 and type(parse_cli_value("2020")) is int
    assert parse_grid(["multiplier=1e1,2e+1", "base_year=2.02e3"]) == {
        "multiplier": [10.0, 20.0],
        "base_year": [2020.0],
    }


def _plan(overrides):
    """The part of ``blk report`` that checks parameters before any kernel starts."""
    specs = load_scenario_specs(overrides=overrides)
    notebooks = read_notebooks(sorted((ROOT / "notebooks").glob("*.ipynb")))
    return plan_runs(notebooks, specs, validate_spec)


def test_report_plan_takes_exponent_numbers():
    runs = _plan({"multipliers": "[1e3, 1.5e1]", "unit_cost_multiplier": "1.5e0"})
    assert runs
    for run in runs:
        if "multipliers" in run.parameters:
            assert run.parameters["multipliers"] == [1000.0, 15.0]
        if "unit_cost_multiplier" in run.parameters:
            assert run.parameters["unit_cost_multiplier"] == 1.5


@pytest.mark.parametrize(
    ("overrides", "field", "phrase"),
    [
        ({"multipliers": "[2e+3]"}, "multipliers", "multiplier 2000.0 is implausibly large"),
        ({"multipliers": "[1.5e3]"}, "multipliers", "multiplier 1500.0 is implausibly large"),
        ({"base_year": "2.0205e3"}, "base_year", "whole number, got 2020.5"),
        (
            {"base_year": "2.02e3"},
            "base_year",
            "whole number, got 2020.0; write it in digits, without a fraction or exponent (2020)",
        ),
    ],
)
def test_report_plan_checks_exponent_numbers_as_numbers(overrides, field, phrase):
    with pytest.raises(ScenarioError) as info:
        _plan(overrides)
    messages = [p.message for p in info.value.problems if p.field == field]
    assert messages and any(phrase in m for m in messages), messages
    assert not any("text" in m for m in messages)


def test_the_whole_number_hint_is_true():
    (run, *_) = _plan({"base_year": "2020"})  # as the hint for base_year=2.02e3 advises
    assert run.parameters.get("base_year", 2020) == 2020


def test_blk_report_reads_exponent_numbers_before_any_kernel(tmp_path):
    out = tmp_path / "reports"
    r = blk(
        "report",
        "-p",
        "multipliers=[1e3, 2e+1, 1.5e1]",
        "-p",
        "unit_cost_multiplier=1.5e0",
        "-p",
        "lang=fr",  # invalid, so it stops before any kernel starts
        "--output",
        out,
    )
    assert r.returncode == 2, r.stderr
    assert "1 problem in the scenario" in r.stderr and "field 'lang'" in r.stderr
    assert not out.exists()


def test_blk_sweep_grid_takes_exponent_numbers():
    r = blk("sweep", "--grid", "multiplier=1e1,2e1", "--grid", "unit_cost_multiplier=1.5e0")
    assert r.returncode == 0, r.stderr
    header, *rows = [line.split(",") for line in r.stdout.splitlines()]
    assert header[:2] == ["multiplier", "unit_cost_multiplier"]
    assert [row[:2] for row in rows] == [["10", "1.5"], ["20", "1.5"]]
    r = blk("sweep", "--grid", "base_year=2.02e3")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "without a fraction or exponent (2020)" in r.stderr


# ---------------------------------------------------------------------------------------------
# the hints are true


def test_the_registry_exponent_message_advises_what_works():
    from blkanalysis.data.registry import Figure

    with pytest.raises(ValueError, match=r"2\.09e10 is in exponent form.*\(20900000000 for"):
        Figure._value(parse_yaml("2.09e10", mark_exponents=True))
    assert Figure._value(parse_yaml("20900000000", mark_exponents=True)) == 20900000000


def test_the_quoted_number_hints_advise_what_works():
    hint = hint_for({"type": "float_type", "input": "1.5e0"})
    assert "without quotes" in hint
    for advised in ("1.5", "2.03e12", "2030000000000"):
        assert advised in hint
        assert isinstance(parse_yaml(advised), int | float)
    hint = hint_for({"type": "int_type", "input": "2022"})
    assert "2030000000000" in hint and isinstance(parse_yaml("2030000000000"), int)
