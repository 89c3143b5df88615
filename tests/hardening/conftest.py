"""Helpers for the hostile-input tests: run the real CLI, measure its memory, build drafts.

Every case is built at test time in ``tmp_path`` (big files are generated, never stored).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_GB = 1 << 30

#: Runs the command given after it and writes to $PEAK_FILE the largest peak resident memory
#: (``VmHWM``) of any process in its tree -- the CLI, the forkserver, every worker -- polled
#: every 50 ms, and at least ``RUSAGE_CHILDREN`` of the processes that were waited for.
_MEASURE = r"""
import os, resource, subprocess, sys, time

def descendants(root):
    children = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open(f'/proc/{entry}/stat', 'rb') as fh:
                    ppid = int(fh.read().rsplit(b')', 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    stack, found = [root], []
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found

def hwm(pid):
    try:
        with open(f'/proc/{pid}/status') as fh:
            for line in fh:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

child = subprocess.Popen(sys.argv[1:])
peak = 0
while child.poll() is None:
    for pid in descendants(child.pid):
        peak = max(peak, hwm(pid))
    time.sleep(0.05)
peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
open(os.environ['PEAK_FILE'], 'w').write(str(peak))
sys.exit(child.returncode)
"""


@dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    peak_bytes: int


def run_cli(*args: str, cwd: Path, timeout: float = 180, env: dict | None = None,
            wrap: list[str] | None = None) -> CliRun:
    """``python -m pipeline.cli ARGS`` in ``cwd`` with this worktree first on the path
    (``wrap``: a command prefix such as ``setpriv ...``)."""
    peak_file = cwd / ".peak"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore",
                   "PEAK_FILE": str(peak_file), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *(wrap or []), sys.executable, "-m", "pipeline.cli", *args],
        cwd=cwd, capture_output=True, timeout=timeout, env=environment,
    )
    peak = int(peak_file.read_text()) if peak_file.exists() else 0
    peak_file.unlink(missing_ok=True)
    return CliRun(done.returncode, done.stdout.decode("utf-8", "replace"),
                  done.stderr.decode("utf-8", "replace"), peak)


def assert_clean_failure(run: CliRun) -> None:
    """No traceback, no raw terminal escape, and every error is one line."""
    assert "Traceback" not in run.stderr, run.stderr
    assert "\x1b" not in run.stderr and "\x1b" not in run.stdout
    assert run.peak_bytes < ONE_GB, f"peak memory {run.peak_bytes >> 20} MiB"


def tree(root: Path) -> set[str]:
    """Every path under ``root`` (symlinks not followed), to prove nothing appeared elsewhere.

    Iterative: ``os.walk`` recurses and the trees built here are deeper than Python's stack."""
    found, stack = set(), [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        for entry in os.scandir(folder):
            found.add(os.fsdecode(entry.path))
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return found


def remove_tree(root: Path) -> None:
    """Delete a tree too deep for ``shutil.rmtree`` (which recurses), so pytest can clean up."""
    order, stack = [], [os.fsencode(root)]
    while stack:
        folder = stack.pop()
        order.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                os.unlink(entry.path)
    for folder in reversed(order):
        os.rmdir(folder)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def scorecard_dict(bill_id: str, *, explanation: str = "No provision on this criterion.",
                   evidence_text: str | None = None, source_path: str = "missing.txt") -> dict:
    """A draft scorecard as ``statute score`` writes it (built by hand: no scoring needed)."""
    from pipeline.vocab import load_rubric

    evidence = []
    if evidence_text is not None:
        evidence.append({"text": evidence_text, "start": 0, "end": len(evidence_text), "section": "1",
                         "page": None, "line": None, "signals": ["rule:test"]})
    criteria = {
        cid: {"verdict": "no", "confidence": 0.9, "needs_review": False, "explanation": explanation,
              "evidence": evidence}
        for cid in load_rubric().ids
    }
    return {"schema_version": 1, "bill_id": bill_id, "title": None,
            "source": {"path": source_path, "sha256": "0" * 64, "format": "txt", "pages": None},
            "pipeline": {"version": "test", "model": None}, "relevant": True, "relevance_score": 0.9,
            "criteria": criteria}


def write_draft(folder: Path, file_stem: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_stem}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def bill_text() -> str:
    """A short clause written by the team (relevant, so the full analysis runs)."""
    return ("Section 1. A peace officer who, under color of law, deprives a person of any right secured "
            "by the constitution is liable to the injured party. Qualified immunity is not a defense.\n")
