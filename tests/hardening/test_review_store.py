"""A damaged or unusable review store gives one line and exit 1 (issue 13, class 8)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import review
from pipeline.values import Scorecard

from .conftest import assert_clean_failure, run_cli, scorecard_dict, write_draft


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    write_draft(folder, "bill-1", scorecard_dict("bill-1"))
    return folder


def _store_with_decisions(db: Path) -> None:
    draft = Scorecard.from_dict(scorecard_dict("bill-1"))
    for n in range(300):  # enough rows for several pages
        review.record_decision(draft, "public_records", "note", note=f"note {n} " + "x" * 200,
                               reviewer="tester", db_path=db)
    review.close_connections()  # checkpoints the WAL into the main file


def test_damaged_pages_are_reported_with_what_to_do(tmp_path, drafts):
    db = tmp_path / "reviews.sqlite"
    _store_with_decisions(db)
    size = db.stat().st_size
    assert size > 8 * 4096
    with open(db, "r+b") as fh:  # keep the 100-byte header valid, damage pages in the middle
        fh.seek(size // 2)
        fh.write(os.urandom(3 * 4096))
    for args in (["review", "--status", "--drafts", str(drafts)],
                 ["review", "bill-1", "--history", "--drafts", str(drafts)],
                 ["export", str(tmp_path / "final"), "--drafts", str(drafts), "--all"]):
        run = run_cli(*args, "--db", str(db), cwd=tmp_path)
        assert run.returncode == 1, (args, run.stderr)
        assert_clean_failure(run)
        assert "is damaged" in run.stderr and ".recover" in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr


@pytest.mark.parametrize("where", ["afile/reviews.sqlite", "afile"])
def test_db_under_a_file_or_not_a_database(tmp_path, drafts, where):
    (tmp_path / "afile").write_text("not a database, and not a folder\n")
    run = run_cli("review", "--status", "--drafts", str(drafts), "--db", where, cwd=tmp_path)
    assert run.returncode == 1
    assert_clean_failure(run)
    assert run.stderr.startswith("error: ") and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert (tmp_path / "afile").read_text() == "not a database, and not a folder\n"
