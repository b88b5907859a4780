"""The package's layers hold (import-linter contracts in pyproject.toml) and no module reaches
into another's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "blkanalysis"
LAYERS = ["cli", "reports", "present", "model", "data", "text"]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_shipped" not in p.parts)


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    r = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "BROKEN" not in r.stdout


def test_the_layers_contract_names_every_layer_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    assert layers == [f"blkanalysis.{name}" for name in LAYERS]
    for name in LAYERS:
        assert (PACKAGE / name / "__init__.py").is_file()
    # every module lives in a layer, or is one of the few foundation modules under all of them
    foundation = {"errors", "paths", "atomic", "handoff", "downloads"}
    loose = {p.stem for p in PACKAGE.glob("*.py")} - foundation - {"__init__", "__main__"}
    assert not loose, f"modules outside every layer: {sorted(loose)}"
    # and the contract that keeps them from importing any layer names each of them
    below = next(c for c in contracts if "Foundation" in c["name"])["source_modules"]
    assert sorted(below) == sorted(f"blkanalysis.{name}" for name in foundation)


def _private_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    aliases: set[str] = set()  # names bound to blkanalysis modules in this file
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("blkanalysis"):
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    found.append(f"{path.name}:{node.lineno} imports {node.module}.{a.name}")
                aliases.add(a.asname or a.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("blkanalysis"):
                    aliases.add(a.asname or a.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            found.append(f"{path.name}:{node.lineno} uses {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    found = [use for p in modules() for use in _private_uses(p)]
    assert not found, "make these names public, or move the code:\n" + "\n".join(found)


def test_the_private_names_check_sees_them(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from blkanalysis.text.numbers import _dec\n"
        "from blkanalysis.data import registry\n"
        "registry._secret()\n",
        encoding="utf-8",
    )
    assert len(_private_uses(bad)) == 2
