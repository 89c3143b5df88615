"""``--out`` that cannot take files: under a regular file, read-only, full (issue 13, class 6).

One clear line, exit code 1 or 2, no traceback, and what was already written stays intact.
The read-only and full-disk cases mount a small tmpfs (root only; skipped elsewhere).
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, run_cli


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(("error", "Usage error"))]
    assert len(lines) == 1, stderr
    return lines[0]


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_out_under_a_regular_file(tmp_path, bill_text):
    (tmp_path / "bill.txt").write_text(bill_text)
    (tmp_path / "afile").write_text("keep me")
    run = run_cli("score", "bill.txt", "--out", "afile/sub", cwd=tmp_path)
    assert run.returncode == 2
    assert_clean_failure(run)
    assert "cannot use --out afile/sub" in _one_error_line(run.stderr)
    assert (tmp_path / "afile").read_text() == "keep me"


def test_out_on_a_read_only_file_system(tmp_path, bill_text):
    (tmp_path / "bill.txt").write_text(bill_text)
    with tmpfs(tmp_path / "ro", "1m") as mount:
        (mount / "out").mkdir()
        (mount / "out" / "summary.csv").write_text("old summary\n")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        run = run_cli("score", "bill.txt", "--out", "ro/out", cwd=tmp_path)
        assert run.returncode == 2
        assert_clean_failure(run)
        assert "Read-only file system" in _one_error_line(run.stderr)
        assert (mount / "out" / "summary.csv").read_text() == "old summary\n"


def test_full_disk_stops_the_batch_and_keeps_what_was_written(tmp_path, bill_text):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(bill_text)
    with tmpfs(tmp_path / "small", "256k") as mount:
        out = mount / "out"
        out.mkdir()
        (out / ".statute-batch.lock").touch()
        (out / "summary.csv").write_text("old summary\n")
        (out / "errors.csv").write_text("old errors\n")
        with contextlib.suppress(OSError), open(mount / "filler", "wb", buffering=0) as fh:  # fill the disk
            while True:
                fh.write(b"\0" * 4096)
        run = run_cli("score", "a.txt", "b.txt", "c.txt", "--out", "small/out", "--workers", "1", cwd=tmp_path)
        assert run.returncode == 1
        assert_clean_failure(run)
        line = _one_error_line(run.stderr)
        assert "No space left on device" in line and "rerun the same command" in line
        assert (out / "summary.csv").read_text() == "old summary\n"
        assert (out / "errors.csv").read_text() == "old errors\n"
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
