"""blkanalysis.reports.execute: what the runner hands papermill, and what it spares it (the
runs themselves are tested in test_reports_build.py, test_reports_zygote.py and the CLI's)."""

from __future__ import annotations

import nbformat

from blkanalysis.reports import execute


def test_papermill_gets_the_source_without_its_saved_outputs(tmp_path, monkeypatch):
    """What papermill is handed (it clears the outputs as the run starts anyway): no saved
    output or execution count for its JSON round trip of the source to carry."""
    import papermill

    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    result = nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)
    code.outputs = [result]
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), code]
    handed: list = []
    monkeypatch.setattr(
        papermill,
        "execute_notebook",
        lambda source, *a, **k: handed.append(nbformat.from_dict(source)) or source,
    )
    execute.execute_source(nb, tmp_path / "n.ipynb")
    (given,) = handed
    assert given.cells[1].outputs == [] and given.cells[1].execution_count is None
    assert given.cells[1].source == "1 + 1" and given.cells[0].source == "# title"


def test_papermill_serialises_no_notebook_it_would_not_write(tmp_path, monkeypatch):
    import papermill.execute as pm_execute

    execute._engine()
    written: list[str] = []
    monkeypatch.setattr(nbformat, "writes", lambda nb, *a, **k: written.append("x") or "{}")
    pm_execute.write_ipynb(nbformat.v4.new_notebook(), None)
    assert written == []
    pm_execute.write_ipynb(nbformat.v4.new_notebook(), str(tmp_path / "out.ipynb"))
    assert written == ["x"] and (tmp_path / "out.ipynb").read_text() == "{}"
    execute._engine()  # again: still one write per notebook with a path
    pm_execute.write_ipynb(nbformat.v4.new_notebook(), str(tmp_path / "again.ipynb"))
    assert written == ["x", "x"]


def test_the_exporter_does_not_validate_the_notebook_after_each_preprocessor(monkeypatch):
    """An export (a dozen preprocessors) validates nothing: nbformat validated the notebook
    when the runner wrote it."""
    from blkanalysis.reports import export

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A report"), nbformat.v4.new_code_cell("1")]
    exporter = export.make_exporter()
    calls: list[str] = []
    monkeypatch.setattr(nbformat, "validate", lambda *a, **k: calls.append("v"))
    html, _ = exporter.from_notebook_node(nb)
    assert "A report" in html
    assert calls == []


def test_the_kernel_client_tries_its_connections_sooner_than_zeromq_would(tmp_path):
    """A report's client connects to its kernel's sockets as soon as the kernel is forked,
    mostly before the kernel has bound them: ZeroMQ's next try came 0.1 s later, every report."""
    import zmq

    plain = zmq.Context()
    default = plain.socket(zmq.DEALER)
    client = execute.RunnerKernelClient(transport="ipc", ip=str(tmp_path / "k"), shell_port=1)
    socket = client.connect_shell()  # nothing is bound there yet
    try:
        ours, zeromqs = socket.getsockopt(zmq.RECONNECT_IVL), default.getsockopt(zmq.RECONNECT_IVL)
        assert ours * 5 <= zeromqs
    finally:
        for s in (socket, default):
            s.close(linger=0)
        client.context.term()
        plain.term()
