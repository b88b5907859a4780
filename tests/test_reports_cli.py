"""``blk report``: options, exit codes, output; on the fixtures, with a stand-in scenario layer.

The command takes its scenarios and validator from :mod:`blkanalysis.model.scenario`
(``load_scenario_specs``, ``validate_spec``); here a stand-in module reads the fixture scenario
files and validates with the fixtures' tiny pydantic model, so the tests do not depend on the
project's real scenarios.
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from typer.testing import CliRunner

from blkanalysis.cli.main import app
from blkanalysis.reports import OutputLock
from tests.fixtures.reports import support as s

runner = CliRunner()


@pytest.fixture
def fake_scenarios(monkeypatch):
    monkeypatch.setitem(sys.modules, "blkanalysis.cli.specs", s.fake_scenario_module())


def blk_report(*args: str):
    return runner.invoke(app, ["report", *args], catch_exceptions=False)


def nb_args(*names: str) -> list[str]:
    out = []
    for n in names:
        out += ["--notebooks", str(s.NOTEBOOKS / f"{n}.ipynb")]
    return out


def test_unknown_parameter_exits_2_listing_valid_names(fake_scenarios, tmp_path):
    out = tmp_path / "reports"
    r = blk_report("-p", "scael=2", *nb_args("good"), "--output", str(out))
    assert r.exit_code == 2
    assert "unknown parameter" in r.stderr and "scale" in r.stderr and "count" in r.stderr
    assert "Traceback" not in r.output + r.stderr
    assert not out.exists()


def test_out_of_range_numbers_exit_2(fake_scenarios, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\nparameters:\n  scale: 2.03e12\n  count: 0\n")
    r = blk_report("--scenario", str(bad), *nb_args("good"), "--output", str(tmp_path / "o"))
    assert r.exit_code == 2
    # 2.03e12 is a number, out of the fixture's range: the message names the file and the key
    assert "bad.yaml, record 'parameters', field 'scale'" in r.stderr
    assert "field 'count'" in r.stderr


def test_malformed_p_option_exits_2(fake_scenarios, tmp_path):
    r = blk_report("-p", "no-equals-sign", *nb_args("good"), "--output", str(tmp_path / "o"))
    assert r.exit_code == 2
    assert "name=value" in r.stderr


def test_locked_output_exits_3(fake_scenarios, tmp_path):
    out = tmp_path / "reports"
    with OutputLock(out):
        r = blk_report("--scenarios-dir", str(s.SCENARIOS), *nb_args("good"), "-o", str(out))
    assert r.exit_code == 3
    assert "another report run" in r.stderr and "--wait" in r.stderr


def test_check_without_a_build_exits_2(tmp_path):
    r = blk_report("--check", "--output", str(tmp_path))
    assert r.exit_code == 2
    assert "no executed notebooks" in r.stderr


@pytest.mark.slow
def test_build_then_check(fake_scenarios, tmp_path, capfd):
    out = tmp_path / "reports"
    args = ["--scenarios-dir", str(s.SCENARIOS), *nb_args("good", "broken"), "-o", str(out)]
    r = blk_report(*args, "--jobs", "2")
    assert r.exit_code == 1  # broken.ipynb fails; the good reports are built
    assert "4 report(s): 4 to build, 0 unchanged" in r.stdout  # one line per run, no terminal
    assert "[4/4]" in r.stdout + r.stderr
    assert "FAILED  alpha/broken: ValueError: broken on purpose (scale=2.0)" in r.stderr
    assert "2 built, 0 unchanged, 2 failed" in r.stdout
    assert (out / "alpha" / "good.html").is_file() and (out / "beta" / "good.html").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenarios"]["alpha"]["source"].endswith("alpha.yaml")

    quiet = blk_report(*args, "--quiet")
    assert quiet.exit_code == 1
    assert quiet.stdout == ""  # nothing but errors
    assert quiet.stderr.count("FAILED") == 2

    check = blk_report("--check", "-o", str(out))
    assert check.exit_code == 0, check.output
    # nbval runs in a process of its own: its report is on the file descriptors
    cells = int(re.search(r"(\d+) passed", capfd.readouterr().out)[1])
    assert cells > 0 and cells % 2 == 0  # alpha/good and beta/good; failed runs are not checked

    # one scenario's reports only
    one = blk_report(
        "--check", "-s", str(s.SCENARIOS / "alpha.yaml"), "--lang", "en", "-o", str(out)
    )
    assert one.exit_code == 0, one.output
    assert f"{cells // 2} passed" in capfd.readouterr().out  # alpha/good alone
    # a scenario not built is a clear error (exit 2), not an empty pass
    none = blk_report("--check", "-p", "scale=9", "-o", str(out))
    assert none.exit_code == 2
    assert "no executed notebooks of whatif-" in none.output


@pytest.mark.slow
def test_what_if_parameters_make_their_own_scenario(fake_scenarios, tmp_path):
    out = tmp_path / "reports"
    r = blk_report("-p", "seconds=0", *nb_args("slow"), "-o", str(out))
    assert r.exit_code == 0, r.output
    (scenario_dir,) = [d for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")]
    assert scenario_dir.name.startswith("whatif-")
    assert (scenario_dir / "slow.html").is_file()


@pytest.mark.slow
def test_small_changes_rebuild_little_on_the_shipped_project(shipped_reports, tmp_path):
    """Counted, not timed: on a built project, `blk report` with nothing changed executes no
    notebook; a change to one scenario file executes only that scenario's reports (its
    per-scenario notebooks, in each language); a what-if executes only its own."""
    import re

    from blkanalysis.reports import read_notebook_info
    from tests import readme_blocks

    project = readme_blocks.make_project(tmp_path, shipped_reports)

    def built(command: str) -> tuple[int, int]:
        out = readme_blocks.run_command(project, command).stdout
        m = re.search(r"(\d+) report\(s\): (\d+) built, (\d+) unchanged, 0 failed", out)
        assert m, out
        assert int(m[1]) == int(m[2]) + int(m[3])
        return int(m[2]), int(m[3])

    everything = ".venv/bin/blk report --lang en --lang id"
    total = len(json.loads((shipped_reports / "manifest.json").read_text())["runs"])
    assert built(everything) == (0, total)

    scenario = project.root / "scenarios" / "high-unit-cost.yaml"
    scenario.write_text(
        scenario.read_text().replace("unit_cost_multiplier: 1.5", "unit_cost_multiplier: 1.6")
    )
    notebooks = sorted((project.root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    # the others (metadata report.per_scenario: false) run once per language, with the baseline
    per_scenario = sum(read_notebook_info(p).per_scenario for p in notebooks)
    assert built(everything) == (2 * per_scenario, total - 2 * per_scenario)
    assert built(everything) == (0, total)
    manifest = json.loads((project.root / "reports" / "manifest.json").read_text())
    assert manifest["build"]["counts"]["executed"] == 0

    # a what-if: its own reports (its per-scenario notebook and, as the only English scenario
    # of its build, the shared one), nothing else; one of each kind, to keep the test short
    pair = ["02_budget_intensity", "04_plan_vs_delivery"]
    assert [
        read_notebook_info(project.root / "notebooks" / f"{n}.ipynb").per_scenario for n in pair
    ] == [True, False]
    what_if = ".venv/bin/blk report -p unit_cost_multiplier=1.7" + "".join(
        f" --notebooks notebooks/{n}.ipynb" for n in pair
    )
    assert built(what_if) == (2, 0)
    assert built(what_if) == (0, 2)
