"""blkanalysis.reports.execute: what the runner hands papermill, and what it spares it (the
runs themselves are tested in test_reports_build.py, test_reports_zygote.py and the CLI's)."""

from __future__ import annotations

import nbformat
import pytest

from blkanalysis.reports import execute


def test_the_source_is_run_without_its_saved_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    result = nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)
    code.outputs = [result]
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), code]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    source, ids = execute._read_source(path)
    assert source.cells[1].outputs == [] and source.cells[1].execution_count is None
    assert source.cells[0].source == "# title"
    assert ids == {c.id for c in nb.cells}


def test_papermill_serialises_no_notebook_it_would_not_write(tmp_path, monkeypatch):
    import papermill.execute as pm_execute

    execute._engine()
    written: list[str] = []
    monkeypatch.setattr(nbformat, "writes", lambda nb, *a, **k: written.append("x") or "{}")
    pm_execute.write_ipynb(nbformat.v4.new_notebook(), None)
    assert written == []
    pm_execute.write_ipynb(nbformat.v4.new_notebook(), str(tmp_path / "out.ipynb"))
    assert written == ["x"] and (tmp_path / "out.ipynb").read_text() == "{}"
    execute._engine()  # once: not wrapped again
    assert getattr(pm_execute.write_ipynb, "_blk_no_path", False)
    assert not getattr(pm_execute.write_ipynb.__closure__[0].cell_contents, "_blk_no_path", 0)


@pytest.mark.parametrize("name", ["TagRemovePreprocessor", "ExtractAttachmentsPreprocessor"])
def test_the_exporter_does_not_validate_after_each_preprocessor(name, monkeypatch):
    from blkanalysis.reports import export

    nb, exporter = nbformat.v4.new_notebook(), export.make_exporter()
    calls: list[str] = []
    monkeypatch.setattr(nbformat, "validate", lambda *a, **k: calls.append("v"))
    exporter._validate_preprocessor(nb, name)
    assert calls == []
