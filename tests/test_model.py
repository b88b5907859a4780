"""The programme model as data (data/model.yaml): targets of any year, no keys in code."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from blkanalysis import ModelError, ScenarioError, paths
from blkanalysis.data.programme import load_model
from blkanalysis.data.registry import PROGRAMS, UNITS, load_figures
from blkanalysis.model.scaling import implied_budget_table, scale_targets, trainees_per_blkk

PACKAGE = Path(__file__).resolve().parent.parent / "blkanalysis"

LATER_SOURCE = """\
source:
  publisher: example.id
  title: Target 2026
  url: https://example.id/target-2026
  published: 2026-01-15
  language: id
  reliability: A
  speakers:
    - name: Menteri Ketenagakerjaan
      role: Menteri Ketenagakerjaan
  events: []
figures:
  - id: incubators-target-2026-example
    program: incubators
    measure: incubators
    basis: target
    value: 200
    unit: incubators
    period: 2026
    as_stated: "200"
    quote: "200 inkubator bisnis pada 2026"
  - id: training-trainees-target-2026-example
    program: training
    measure: trainees_target
    basis: target
    value: 1500000
    unit: persons
    period: 2026
    as_stated: "1.500.000"
    quote: "1.500.000 peserta pelatihan vokasi pada 2026"
  - id: blkk-agreements-2026-example
    program: blk_komunitas
    measure: construction_agreements
    basis: count
    value: 1000
    unit: institutions
    period: 2026
    as_stated: "1.000"
    quote: "perjanjian kerja sama pembangunan 1.000 BLK Komunitas"
"""


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(paths.project_root() / "data", target)
    return target


def test_a_later_source_reaches_the_table_without_code(data_copy, monkeypatch):
    (data_copy / "sources" / "example-2026-01-15-target-2026.yaml").write_text(LATER_SOURCE)
    figures = load_figures(data_copy)
    st = scale_targets(figures, scenario={"target_year": 2026, "multipliers": [1.0, 2.0]})
    at = st[st["multiplier"] == 2.0].set_index("target")
    assert at.loc["incubators", "implied_value"] == 400
    # no added-output target in 2026: the training target plays the role (the next preference)
    assert at.loc["trainees", "quantity"] == "training/trainees_target/target/2026"
    assert at.loc["trainees", "implied_value"] == 3_000_000
    assert at.loc["trainees", "trainees_per_blkk"] == 1500
    assert at.loc["blkk_agreements", "implied_value"] == 2000
    assert at.loc["blkk_agreements", "implied_budget_real"] > 0
    # no yearly build target for 2026: the row is left out, with a note
    assert "blkk_yearly" not in at.index
    assert any(n.startswith("blkk_yearly") for n in st.attrs["notes"])
    assert set(implied_budget_table(st).columns) >= {"blkk_agreements", "trainees", "total"}
    # the same through the data-directory override
    monkeypatch.setenv(paths.DATA_ENV, str(data_copy))
    again = scale_targets(scenario={"target_year": 2026, "multipliers": [1.0, 2.0]})
    assert list(again["target_id"]) == list(st["target_id"])


def test_2025_scales_the_training_target():
    st = scale_targets(scenario={"target_year": 2025})
    assert set(st["target"]) == {"trainees"}
    one = st[st["multiplier"] == 1.0].iloc[0]
    assert one["target_id"] == "training-trainees-target-2025-voiceindonesia"
    assert one["implied_value"] == 1_000_000
    assert one["implied_budget_real"] > 0
    assert len(st.attrs["notes"]) == 3  # incubators, agreements, yearly build target
    per = trainees_per_blkk(scenario={"target_year": 2025}).set_index("reference")
    assert "implied_by_targets" not in per.index  # no agreements stated for 2025
    assert "stated_capacity" in per.index


def test_2022_keeps_the_founding_statements():
    st = scale_targets()
    assert st.attrs["notes"] == []
    tr = st[st["target"] == "trainees"].iloc[0]
    assert tr["quantity"] == "training/added_output_target/target/2022"


def test_a_year_without_targets_is_a_clear_error():
    with pytest.raises(ScenarioError) as exc:
        scale_targets(scenario={"target_year": 2010})
    p = exc.value.problems[0]
    assert p.field == "target_year"
    assert "2010" in p.message and "years with some" in p.message
    assert "2022" in p.message and "2025" in p.message


def test_model_names_every_target_by_role_not_year():
    model = load_model()
    text = (paths.project_root() / "data" / "model.yaml").read_text()
    assert not re.search(
        r"\b(19|20)\d\d\b", "\n".join(line.split("#")[0] for line in text.splitlines())
    ), "model.yaml names roles, never years"
    assert [t.key for t in model.targets] == [
        "incubators",
        "trainees",
        "blkk_agreements",
        "blkk_yearly",
    ]


def _write_model(data_copy: Path, old: str, new: str) -> Path:
    path = data_copy / "model.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def test_model_errors_name_file_and_key(data_copy):
    path = _write_model(
        data_copy,
        "  - key: incubators\n",
        "  - key: incubators\n    colour: red\n",
    )
    text = path.read_text().replace(
        "{program: training, measure: trainees_target",
        "{program: nosuch, measure: trainees_target",
        1,
    )
    path.write_text(text)
    with pytest.raises(ModelError) as exc:
        load_model(path)
    found = {(p.record, p.field): p for p in exc.value.problems}
    assert all(p.file.endswith("model.yaml") for p in exc.value.problems)
    assert "unknown key" in found[("incubators", "targets.0.colour")].message
    bad = found[("trainees", "targets.1.measures.1.program")]
    assert "nosuch" in bad.message and "blk_transformation" in bad.message


def test_model_unknown_measure_names_it(data_copy):
    path = _write_model(data_copy, "built: units_built", "built: units_bilt")
    with pytest.raises(ModelError) as exc:
        load_model(path)
    (p,) = exc.value.problems
    assert p.field == "timeline.built"
    assert "units_bilt" in p.message and "units_built" in p.message


def test_blk_validate_checks_the_model(data_copy):
    from blkanalysis.data.prices import validate_data

    _write_model(data_copy, "cost: per_trainee", "cost: per_person")
    problems = validate_data(data_copy)
    assert [p.field for p in problems] == ["targets.1.cost"]


# ---------------------------------------------------------------------------------------------
# no registry key, year or programme code in the package's code

#: where such words may appear, and why
EXEMPT_FILES = {
    "present/i18n.py": "the catalogue: labels of programme codes",
    "model/parameters.py": "the parameter declarations (defaults, bounds, plausible ranges, "
    "equal to baseline.yaml): data about the parameters, declared once",
    "data/registry.py": "the vocabulary a source file is validated against (PROGRAMS, UNITS, the "
    "year bounds): the one definition of the words, which the model file also uses",
}
#: (file, value): why the constant is not a data selector
EXEMPT = {
    (
        "text/extract.py",
        "incubators",
    ): "the unit incubators (also a programme code), of extracted figures",
    ("text/extract.py", 2100): "the upper bound of a plausible year",
    ("data/prices.py", 2100): "the upper bound of a plausible year",
    ("data/prices.py", 2022): "the default price base year of deflator()/to_real() (a parameter)",
    (
        "model/scenario.py",
        2022,
    ): "parameter defaults (target_year, base_year), equal to baseline.yaml",
    (
        "model/scenario.py",
        2020,
    ): "a parameter default (blkk_unit_cost_year), equal to baseline.yaml",
    ("model/scenario.py", 2100): "the upper bound of a plausible year",
}
QUANTITY = re.compile(r"[a-z_]+/[a-z0-9_]+/[a-z_]+/\d{4}")


def _constants(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
            yield node.lineno, node.value


def test_no_registry_key_year_or_programme_in_code():
    assert set(PROGRAMS) & set(UNITS) == {"incubators"}
    found = []
    for path in sorted(p for p in PACKAGE.rglob("*.py") if "_shipped" not in p.parts):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in EXEMPT_FILES:
            continue
        for line, value in _constants(path):
            bad = (isinstance(value, str) and (value in PROGRAMS or QUANTITY.search(value))) or (
                isinstance(value, int) and 1990 <= value <= 2100
            )
            if bad and (rel, value) not in EXEMPT:
                found.append(f"{rel}:{line}: {value!r}")
    assert not found, "registry words belong in data/model.yaml:\n" + "\n".join(found)


def test_a_data_dir_without_its_own_model_uses_the_project_model(data_copy, monkeypatch):
    (data_copy / "model.yaml").unlink()
    monkeypatch.setenv(paths.DATA_ENV, str(data_copy))
    assert load_model() == load_model(paths.project_root() / "data" / "model.yaml")
    assert not scale_targets(scenario={"multipliers": [1.0]}).empty


def test_find_is_the_first_preferred_row_stating_the_quantity():
    import pandas as pd

    from blkanalysis.data.inputs import load_inputs
    from blkanalysis.model.select import find

    figures = load_inputs().figures.copy()
    # a quantity stated only by figures not preferred: no figure found
    figures.loc[figures["quantity"] == figures["quantity"].iloc[0], "preferred"] = False
    for quantity in [*figures["quantity"].unique(), "no/such/quantity"]:
        rows = figures[(figures["quantity"] == quantity) & figures["preferred"]]
        found = find(figures, quantity)
        if rows.empty:
            assert found is None
        else:
            pd.testing.assert_series_equal(found, rows.iloc[0], check_exact=True)
    shuffled = figures.iloc[::-1]  # the first in the table's order, whatever its index
    for quantity in figures["quantity"].unique()[:20]:
        rows = shuffled[(shuffled["quantity"] == quantity) & shuffled["preferred"]]
        found = find(shuffled, quantity)
        assert (found is None) if rows.empty else found.name == rows.index[0]


def test_by_id_is_the_first_row_with_the_id():
    import pandas as pd

    from blkanalysis.data.inputs import load_inputs
    from blkanalysis.model.select import by_id

    figures = load_inputs().figures
    for figure_id in [*figures["id"].iloc[::7], "no-such-figure", None]:
        rows = figures[figures["id"] == figure_id]
        found = by_id(figures, figure_id)
        if rows.empty:
            assert found is None
        else:
            pd.testing.assert_series_equal(found, rows.iloc[0], check_exact=True)
