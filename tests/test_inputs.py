"""blkanalysis.data.inputs: one Inputs per data directory, parsed once per content, passed down."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import blkanalysis
from blkanalysis import paths
from blkanalysis.data import inputs as inputs_mod
from blkanalysis.data import prices, programme, registry
from blkanalysis.data.inputs import Inputs, load_inputs
from blkanalysis.data.prices import deflator
from blkanalysis.errors import BlkAnalysisError
from blkanalysis.model.intensity import budget_intensity
from blkanalysis.model.scaling import (
    implied_budget_table,
    outside_total,
    scale_targets,
    total_parts,
)
from blkanalysis.model.scenario import Scenario
from blkanalysis.model.sweeps import sweep

PACKAGE = Path(blkanalysis.__file__).resolve().parent
DATA = paths.project_root() / "data"


def _copy_data(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("schema", "README.md"))
    return dst


def _edit_yaml(path: Path, change) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    old = path.stat()
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # a new mtime even on a coarse clock: the stamp must see the edit
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns + 2_000_000_000))


def _raise_inflation(raw: dict) -> None:
    for y in raw["years"]:
        y["inflation"] = round(y["inflation"] + 3.0, 2)
        y["as_stated"] = None
        y["december_index"] = []


def _reverse_targets(raw: dict) -> None:
    raw["targets"] = list(reversed(raw["targets"]))


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A copy of data/ with a higher CPI and the model's targets in reverse order."""
    d = _copy_data(tmp_path)
    _edit_yaml(d / "cpi.yaml", _raise_inflation)
    _edit_yaml(d / "model.yaml", _reverse_targets)
    return d


def test_inputs_exported_and_whole() -> None:
    assert blkanalysis.Inputs is Inputs and blkanalysis.load_inputs is load_inputs
    inp = load_inputs()
    assert isinstance(inp, Inputs)
    assert inp.data_dir == paths.data_dir()
    assert inp.figures["lead"].any()  # every figure, leads included
    assert not inp.figures_for(False)["lead"].any()
    assert inp.figures_for(True) is inp.figures
    assert len(inp.cpi) and inp.model.targets
    smaller = inp.replace(figures=inp.figures.head(3))
    assert len(smaller.figures) == 3 and smaller.cpi is inp.cpi and len(inp.figures) > 3
    with pytest.raises(AttributeError):
        inp.figures = None  # type: ignore[misc]


def test_inputs_of_another_directory_give_its_cpi_and_model(other: Path) -> None:
    default, mine = load_inputs(), load_inputs(other)
    assert mine.data_dir == other.resolve()
    assert not np.allclose(mine.cpi["level"], default.cpi["level"])
    assert [t.key for t in mine.model.targets] == [t.key for t in default.model.targets][::-1]
    sc = Scenario()

    table = budget_intensity(mine, scenario=sc)
    base = budget_intensity(default, scenario=sc)
    assert list(table["id"]) == list(base["id"])
    one_year = table[table["n_years"] == 1].iloc[0]
    expect = deflator([int(one_year["period_start"])], sc.base_year, cpi=mine.cpi)[0]
    assert one_year["real_factor"] == pytest.approx(expect)
    assert one_year["real_factor"] != pytest.approx(
        base.loc[base["id"] == one_year["id"], "real_factor"].iloc[0]
    )

    scaled = scale_targets(mine, scenario=sc)
    order = list(dict.fromkeys(scaled["target"]))
    assert order == [t.key for t in mine.model.targets if t.key in order]
    assert order == list(dict.fromkeys(scale_targets(default, scenario=sc)["target"]))[::-1]
    budgets = implied_budget_table(scaled, mine)
    # the model's order, within the total's parts and within the columns shown after it
    for keys in (total_parts(budgets), outside_total(budgets)):
        assert keys == [t.key for t in mine.model.targets if t.key in keys]
    base_budget = scale_targets(default, scenario=sc)["implied_budget_real"]
    assert not np.allclose(scaled["implied_budget_real"], base_budget, equal_nan=True)

    grid = sweep({"multiplier": [1.0]}, scenario=sc, figures=mine)
    agreements = scaled[(scaled["target"] == "blkk_agreements") & (scaled["multiplier"] == 1.0)]
    assert grid["implied_budget_real_blkk_agreements"].iloc[0] == pytest.approx(
        agreements["implied_budget_real"].iloc[0]
    )


def test_a_figures_table_takes_the_current_directory_cpi_and_model(other: Path) -> None:
    """As documented: a bare figures DataFrame gets the current data directory's CPI/model."""
    mine = load_inputs(other)
    sc = Scenario()
    from_table = budget_intensity(mine.figures, scenario=sc)
    default = budget_intensity(load_inputs(), scenario=sc)
    pd.testing.assert_series_equal(from_table["real_factor"], default["real_factor"])


def test_parsed_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = _copy_data(tmp_path)
    calls = {"figures": 0, "cpi": 0, "model": 0}

    def counting(kind, real):
        def wrapper(*args, **kwargs):
            calls[kind] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(registry, "parse_figures", counting("figures", registry.parse_figures))
    monkeypatch.setattr(prices, "parse_cpi", counting("cpi", prices.parse_cpi))
    monkeypatch.setattr(programme, "parse_model", counting("model", programme.parse_model))

    first = load_inputs(d)
    assert calls == {"figures": 1, "cpi": 1, "model": 1}
    assert load_inputs(d) is first
    # the public loaders share the cache (and hand out copies)
    figs = registry.load_figures(d, include_leads=True)
    pd.testing.assert_frame_equal(figs, first.figures)
    assert figs is not first.figures
    prices.load_cpi(d)
    programme.load_model(d / "model.yaml")
    assert calls == {"figures": 1, "cpi": 1, "model": 1}

    _edit_yaml(d / "cpi.yaml", _raise_inflation)
    second = load_inputs(d)
    assert second is not first
    assert calls == {"figures": 1, "cpi": 2, "model": 1}
    assert not np.allclose(second.cpi["level"], first.cpi["level"])
    assert second.model is first.model and second.figures is first.figures

    source = sorted((d / "sources").glob("*.yaml"))[0]
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    third = load_inputs(d)
    # the model is checked against the registry beside it, so it is re-read with it
    assert calls == {"figures": 2, "cpi": 2, "model": 2}
    assert third.cpi is second.cpi


def test_errors_are_not_cached(tmp_path: Path) -> None:
    d = _copy_data(tmp_path)
    good = (d / "cpi.yaml").read_text(encoding="utf-8")
    (d / "cpi.yaml").write_text("years: [\n", encoding="utf-8")
    with pytest.raises(BlkAnalysisError):
        load_inputs(d)
    with pytest.raises(BlkAnalysisError):
        load_inputs(d)
    (d / "cpi.yaml").write_text(good, encoding="utf-8")
    assert len(load_inputs(d).cpi)


def test_base_year_check_follows_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = int(load_inputs().cpi["year"].max())
    assert Scenario.from_params({"base_year": last}).base_year == last
    d = _copy_data(tmp_path)
    _edit_yaml(d / "cpi.yaml", lambda raw: raw.update(years=raw["years"][:-1]))
    monkeypatch.setenv(paths.DATA_ENV, str(d))
    with pytest.raises(BlkAnalysisError, match=f"base_year {last} is outside the CPI series"):
        Scenario.from_params({"base_year": last})
    assert Scenario.from_params({"base_year": last - 1}).base_year == last - 1
    monkeypatch.delenv(paths.DATA_ENV)
    assert Scenario.from_params({"base_year": last}).base_year == last


def test_default_inputs_follow_the_data_directory(
    other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = load_inputs()
    monkeypatch.setenv(paths.DATA_ENV, str(other))
    assert load_inputs().data_dir == other.resolve()
    table = budget_intensity(scenario=Scenario())
    expect = budget_intensity(load_inputs(other), scenario=Scenario())
    pd.testing.assert_frame_equal(table, expect)
    monkeypatch.delenv(paths.DATA_ENV)
    assert load_inputs() is default


# ---------------------------------------------------------------------------------------------
# nothing in model/ or present/ reads data/ behind its caller's back

LOADERS = {"load_model", "load_cpi", "load_figures", "load_inputs"}
#: (module, function) allowed to load: the one resolve point and the notebook glue's start
ALLOWED = {("model/select.py", "inputs_of"), ("present/notebook.py", "start")}


def _loader_calls(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, func: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = func
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = func or child.name  # a nested function counts as its outer one
            if isinstance(child, ast.Call):
                f = child.func
                called = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
                if called in LOADERS:
                    found.append((name, child.lineno))
            if isinstance(child, ast.ImportFrom):
                for alias in child.names:
                    if alias.name in LOADERS - {"load_inputs"}:
                        found.append((name or "<module>", child.lineno))
            visit(child, name)

    visit(tree, "")
    return found


def test_no_loader_calls_outside_the_resolve_point() -> None:
    bad = []
    for layer in ("model", "present"):
        for path in sorted((PACKAGE / layer).glob("*.py")):
            rel = f"{layer}/{path.name}"
            for func, line in _loader_calls(path):
                if (rel, func) not in ALLOWED:
                    bad.append(f"{rel}:{line} in {func or '<module>'}")
    assert not bad, "model/ and present/ must get their inputs passed: " + ", ".join(bad)


def test_the_ast_check_sees_a_loader_call(tmp_path: Path) -> None:
    p = tmp_path / "m.py"
    p.write_text(
        "from blkanalysis.data.programme import load_model\n"
        "def f():\n    return load_model().targets\n"
        "def g(x):\n    return x.load_cpi()\n",
        encoding="utf-8",
    )
    assert [f for f, _ in _loader_calls(p)] == ["<module>", "f", "g"]


def test_clear_cache() -> None:
    first = load_inputs()
    inputs_mod.clear_cache()
    second = load_inputs()
    assert second is not first
    pd.testing.assert_frame_equal(second.figures, first.figures)


def test_parsed_once_per_content_across_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With BLK_INPUTS_CACHE, another process (here: an emptied in-process cache) reading the
    same file contents loads the parsed inputs instead of parsing; a content change parses."""
    d = _copy_data(tmp_path)
    keep = tmp_path / "kept"
    monkeypatch.setenv(inputs_mod.CACHE_ENV, str(keep))
    calls = {"figures": 0, "cpi": 0, "model": 0}

    def counting(kind, real):
        def wrapper(*args, **kwargs):
            calls[kind] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(registry, "parse_figures", counting("figures", registry.parse_figures))
    monkeypatch.setattr(prices, "parse_cpi", counting("cpi", prices.parse_cpi))
    monkeypatch.setattr(programme, "parse_model", counting("model", programme.parse_model))

    first = load_inputs(d)
    assert calls == {"figures": 1, "cpi": 1, "model": 1}
    assert len(list(keep.glob("*.pickle"))) == 1

    inputs_mod.clear_cache()  # a new process
    source = sorted((d / "sources").glob("*.yaml"))[0]
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    again = load_inputs(d)  # a new stamp, the same contents: no parse
    assert calls == {"figures": 1, "cpi": 1, "model": 1}
    assert again is not first and again.data_dir == first.data_dir
    pd.testing.assert_frame_equal(again.figures, first.figures)
    pd.testing.assert_frame_equal(again.cpi, first.cpi)
    assert again.model == first.model
    # the loaders of each kind share what was loaded
    registry.load_figures(d, include_leads=True)
    prices.load_cpi(d)
    programme.load_model(d / "model.yaml")
    assert calls == {"figures": 1, "cpi": 1, "model": 1}

    inputs_mod.clear_cache()
    _edit_yaml(d / "cpi.yaml", _raise_inflation)
    changed = load_inputs(d)
    assert calls["cpi"] == 2
    assert not np.allclose(changed.cpi["level"], first.cpi["level"])
    assert len(list(keep.glob("*.pickle"))) == 1  # the older contents' entry is dropped

    inputs_mod.clear_cache()
    next(keep.glob("*.pickle")).write_bytes(b"not a pickle")
    load_inputs(d)  # an unreadable entry is parsed again, not an error
    assert calls["cpi"] == 3


def test_the_cross_process_cache_is_off_without_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(inputs_mod.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    load_inputs(_copy_data(tmp_path))
    assert not list(tmp_path.rglob("*.pickle"))


def test_the_figures_without_leads_are_made_once_per_inputs() -> None:
    inputs = load_inputs()
    without = inputs.figures_for(False)
    assert inputs.figures_for(False) is without  # shared, read-only as inputs.figures is
    pd.testing.assert_frame_equal(
        without, inputs.figures[~inputs.figures["lead"]].reset_index(drop=True)
    )
    assert not without["lead"].any() and inputs.figures["lead"].any()
    assert inputs.figures_for(True) is inputs.figures
    other = inputs.replace(figures=inputs.figures.iloc[:10].copy())
    assert len(other.figures_for(False)) == int((~other.figures["lead"]).sum())
