"""`make lab`: JupyterLab on the project's environment opens the notebooks and runs them.

Starts a real Jupyter server (as `make lab` does, without a browser), opens a notebook through
its REST API, starts a session on the default kernel and runs every code cell in it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from blkanalysis import paths

TOKEN = "blk-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, data: dict | None = None) -> dict:
    req = urllib.request.Request(
        url,
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
        method="POST" if data is not None else "GET",
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
        return json.loads(body) if body and resp.headers.get_content_type().endswith("json") else {}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port = _free_port()
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--notebook-dir={paths.notebooks_dir()}",
         "--ServerApp.open_browser=False", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(f"{base}/api/status")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("jupyter lab exited: " + proc.stderr.read().decode()[-2000:])
                time.sleep(0.5)
        else:
            pytest.fail("jupyter lab did not start in 60 s")
        yield base, runtime
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
def test_lab_serves_the_ui_and_the_projects_kernel(lab):
    base, _ = lab
    req = urllib.request.Request(f"{base}/lab", headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
    specs = _get(f"{base}/api/kernelspecs")
    assert specs["default"] == "python3"
    # the native kernel ("python" = the server's own interpreter: the project's .venv)
    assert specs["kernelspecs"]["python3"]["spec"]["argv"][0] in ("python", sys.executable)


@pytest.mark.slow
def test_notebook_opens_and_runs_in_a_lab_session(lab):
    from jupyter_client import BlockingKernelClient

    base, runtime = lab
    name = "02_budget_intensity.ipynb"
    content = _get(f"{base}/api/contents/{name}")
    assert content["type"] == "notebook"
    session = _get(
        f"{base}/api/sessions",
        {"path": name, "type": "notebook", "kernel": {"name": "python3"}},
    )
    kid = session["kernel"]["id"]
    client = BlockingKernelClient(connection_file=str(runtime / f"kernel-{kid}.json"))
    client.load_connection_file()
    client.start_channels()
    # a client without a kernel manager judges the kernel by its heartbeat: on a loaded machine
    # a beat may come later than the default 1 s and a live kernel be taken for dead
    client.hb_channel.time_to_dead = 30.0
    try:
        client.wait_for_ready(timeout=120)
        seen: list[str] = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                seen.append(msg["content"]["text"])

        client.execute_interactive("import sys; print(sys.prefix)", timeout=60, output_hook=hook)
        assert "".join(seen).strip() == sys.prefix  # the kernel runs in the project's .venv
        nb = nbformat.read(paths.notebooks_dir() / name, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            reply = client.execute_interactive(cell.source, timeout=120, output_hook=lambda m: None)
            assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
