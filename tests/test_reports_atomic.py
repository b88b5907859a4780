"""Atomic writes: a killed writer leaves the old file or the new one, never a mix or a stub."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from blkanalysis import atomic

SIZE = 3_000_000


def content(tag: bytes, size: int = SIZE) -> bytes:
    return tag * (size // len(tag))


def _killed_child(loop) -> None:
    """Fork a child running ``loop()`` forever, kill it (SIGKILL) at a random moment."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            loop()
        finally:
            os._exit(0)
    time.sleep(random.uniform(0.02, 0.25))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.mark.parametrize("round_", range(6))
def test_killed_atomic_write_leaves_old_or_new(tmp_path, round_):
    target = tmp_path / "report.html"
    a, b = content(b"A" * 64), content(b"B" * 64)
    target.write_bytes(a)

    def loop():
        while True:
            atomic.atomic_write(target, b)
            atomic.atomic_write(target, a)

    _killed_child(loop)
    assert target.read_bytes() in (a, b)
    atomic.remove_temporaries(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("round_", range(6))
def test_killed_commit_leaves_a_whole_pair_after_recovery(tmp_path, round_):
    d = tmp_path / "scenario"
    d.mkdir()
    html, ipynb = d / "nb.html", d / "nb.ipynb"
    pairs = {
        b"A": (content(b"<A html>"), content(b"{A ipynb}", SIZE // 3)),
        b"B": (content(b"<B html>"), content(b"{B ipynb}", SIZE // 3)),
    }
    html.write_bytes(pairs[b"A"][0])
    ipynb.write_bytes(pairs[b"A"][1])

    def loop():
        while True:
            for tag in (b"B", b"A"):
                h, i = pairs[tag]
                atomic.commit(tmp_path, [(ipynb, i), (html, h)], name="scenario__nb")

    _killed_child(loop)
    # what the next run does first, under the lock
    atomic.recover(tmp_path)
    atomic.remove_temporaries(tmp_path)
    got = (html.read_bytes(), ipynb.read_bytes())
    assert got in (pairs[b"A"], pairs[b"B"])
    assert sorted(p.name for p in d.iterdir()) == ["nb.html", "nb.ipynb"]
    assert not any((tmp_path / atomic.JOURNAL_DIR).glob("*.json"))


def test_commit_interrupted_between_renames_is_rolled_forward(tmp_path, monkeypatch):
    html, ipynb, stale = tmp_path / "s/nb.html", tmp_path / "s/nb.ipynb", tmp_path / "s/x.failed"
    html.parent.mkdir()
    html.write_text("old html")
    ipynb.write_text("old ipynb")
    stale.write_text("old failure")
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # journal written, ipynb renamed: die before the html
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky_replace)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit(
            tmp_path,
            [(ipynb, b"new ipynb"), (html, b"new html")],
            delete=[stale],
            name="s__nb",
        )
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert ipynb.read_text() == "new ipynb" and html.read_text() == "old html"  # a mixed pair
    assert atomic.recover(tmp_path) == ["s__nb.json"]
    assert ipynb.read_text() == "new ipynb" and html.read_text() == "new html"
    assert not stale.exists()
    assert atomic.remove_temporaries(tmp_path) == []


def test_commit_failing_before_the_journal_keeps_the_old_pair(tmp_path, monkeypatch):
    html = tmp_path / "nb.html"
    html.write_text("old html")
    real = atomic._write_temp
    n = []

    def failing(target, data):
        n.append(1)
        if len(n) == 2:
            raise OSError(28, "No space left on device")
        return real(target, data)

    monkeypatch.setattr(atomic, "_write_temp", failing)
    with pytest.raises(OSError):
        atomic.commit(tmp_path, [(tmp_path / "nb.ipynb", b"new"), (html, b"new html")])
    assert html.read_text() == "old html"
    assert not (tmp_path / "nb.ipynb").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["nb.html"]


def test_write_if_changed_keeps_mtime(tmp_path):
    p = tmp_path / "index.html"
    assert atomic.write_if_changed(p, "x")
    before = p.stat().st_mtime_ns
    time.sleep(0.01)
    assert not atomic.write_if_changed(p, "x")
    assert p.stat().st_mtime_ns == before
    assert atomic.write_if_changed(p, "y") and p.read_text() == "y"


def test_temporaries_are_hidden_and_swept(tmp_path):
    t = atomic.temp_path(tmp_path / "a" / "b.html")
    assert t.name.startswith(".b.html.") and t.name.endswith(".tmp")
    (tmp_path / "a").mkdir()
    t.write_text("partial")
    keep = tmp_path / "a" / "b.html"
    keep.write_text("good")
    assert atomic.remove_temporaries(Path(tmp_path)) == [t]
    assert keep.read_text() == "good"
