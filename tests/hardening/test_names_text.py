"""Names and folders with ``statute text`` (ingestion only, so fast): a FIFO named explicitly,
glob characters in a name given explicitly, an unreadable sub-folder (issue 13, class 1)."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from .conftest import assert_clean_failure, run_cli


def test_fifo_named_explicitly_is_an_error_not_a_silent_success(tmp_path, bill_text):
    os.mkfifo(tmp_path / "fifo.txt")
    run = run_cli("text", "fifo.txt", cwd=tmp_path, timeout=60)
    assert run.returncode == 1
    assert_clean_failure(run)
    assert "fifo.txt: a named pipe (FIFO), not a regular file" in run.stderr


def test_glob_characters_in_an_explicit_name_are_taken_literally(tmp_path, bill_text):
    (tmp_path / "br[ac]ket *?.txt").write_text(bill_text)
    run = run_cli("text", "br[ac]ket *?.txt", cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Qualified immunity is not a defense" in run.stdout


def test_symlink_loop_and_deep_tree_in_a_folder(tmp_path, bill_text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(bill_text)
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink(".", folder / "again")  # a folder loop
    run = run_cli("text", "in", cwd=tmp_path, timeout=60)
    assert run.returncode == 1
    assert_clean_failure(run)
    assert "loop.txt: a symbolic link loop" in run.stderr
    assert run.stdout.count("Qualified immunity is not a defense") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="permission bits")
def test_unreadable_sub_folder_gets_an_error_line(tmp_path, bill_text):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text(bill_text)
    (folder / "good.txt").write_text(bill_text)
    os.chmod(folder / "locked", 0)
    prefix = []
    if os.geteuid() == 0:  # root reads anything: run without the capabilities that allow it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv")
        drop = "-dac_override,-dac_read_search"
        prefix = [setpriv, "--bounding-set", drop, "--inh-caps", drop]
    try:
        run = run_cli("text", "in", cwd=tmp_path, timeout=60, wrap=prefix)
    finally:
        os.chmod(folder / "locked", 0o755)
    assert run.returncode == 1
    assert_clean_failure(run)
    assert "locked: a folder that cannot be read (Permission denied)" in run.stderr
    assert run.stdout.count("Qualified immunity is not a defense") == 1
