"""Workers die with the batch and write nothing without its lock; memory is capped per worker
(issue 13, classes 5 and 3)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import config
from pipeline.errors import FileTooLargeError
from pipeline.ingest import load_document
from pipeline.process_limits import LOCK_NAME, lock_still_held

from .conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore"}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, stack = [], list(children.get(root, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _wait_gone(pids, seconds: float) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        left = [pid for pid in pids if _alive(pid)]
        if not left:
            return []
        time.sleep(0.1)
    return [pid for pid in pids if _alive(pid)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")
def test_a_child_that_asked_dies_with_its_parent(tmp_path):
    child_code = ("import time; from pipeline.process_limits import die_with_parent; "
                  "assert die_with_parent(); print('ready', flush=True); time.sleep(60)")
    parent_code = ("import subprocess, sys, time; "
                   f"c = subprocess.Popen([sys.executable, '-c', {child_code!r}], stdout=sys.stdout); "
                   "print(c.pid, flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True, env=ENV)
    child_pid = int(parent.stdout.readline())
    assert parent.stdout.readline().strip() == "ready"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert _wait_gone([child_pid], 10) == []


def test_lock_still_held_sees_the_batch_lock(tmp_path):
    assert not lock_still_held(tmp_path)  # no lock file: no batch owns the folder
    with open(tmp_path / LOCK_NAME, "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert lock_still_held(tmp_path)
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        assert not lock_still_held(tmp_path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl")
def test_kill_9_of_score_leaves_no_worker_and_no_late_write(tmp_path, bill_text):
    inputs = tmp_path / "in"
    inputs.mkdir()
    long_bill = bill_text * 1500  # ~250 KB: a few seconds of analysis each
    for n in range(6):
        (inputs / f"bill{n}.txt").write_text(f"Bill {n}.\n" + long_bill)
    out = tmp_path / "out"
    cli = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "score", "in", "--out", "out", "--workers", "1",
                            "--timeout", "600"], cwd=tmp_path, env=ENV,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 240
        while time.monotonic() < end and not list(out.glob("bill*.json")):
            time.sleep(0.2)
        assert list(out.glob("bill*.json")), "the batch wrote no scorecard in time"
        family = _descendants(cli.pid)
        os.kill(cli.pid, signal.SIGKILL)
        cli.wait()
    finally:
        if cli.poll() is None:
            cli.kill()
    assert _wait_gone(family, 15) == [], "worker processes outlived the batch"
    written = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    time.sleep(3)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == written


def test_memory_cap_turns_a_big_allocation_into_memory_error():
    code = ("from pipeline.process_limits import limit_memory\n"
            "assert limit_memory(200 << 20)\n"
            "try:\n    block = bytearray(600 << 20)\nexcept MemoryError:\n    print('capped')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60)
    assert done.stdout.strip() == "capped", done.stderr


def test_text_longer_than_the_pipeline_takes_is_refused_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "MAX_TEXT_CHARS", 5_000)
    (tmp_path / "long.txt").write_text("Section 1. The officer is liable. " * 500)
    with pytest.raises(FileTooLargeError, match="over the limit of 5,000; split the document") as caught:
        load_document(tmp_path / "long.txt")
    assert caught.value.reason == "too_large"
