"""Bill ids read from drafts are checked wherever they become file names (issue 13, class 2),
and reports show bidi controls visibly (class 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_clean_failure, run_cli, scorecard_dict, tree, write_draft

HOSTILE_IDS = ["../escape", "/tmp/abs", "..", "a/../../b", "", "A\x00b"]


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "work" / "drafts"
    write_draft(folder, "good", scorecard_dict("good"))
    write_draft(folder, "evil", scorecard_dict("../escape"))
    return folder


def _outside(tmp_path: Path, before: set[str], out: Path) -> set[str]:
    return {p for p in tree(tmp_path) - before if not p.startswith(str(out)) and not p.endswith(".sqlite")
            and "reviews.sqlite" not in p}


def test_report_from_scores_refuses_an_unsafe_bill_id(tmp_path, drafts):
    before = tree(tmp_path)
    out = tmp_path / "work" / "reports"
    run = run_cli("report", "--from-scores", str(drafts), "--out", str(out), cwd=tmp_path)
    assert run.returncode == 1
    assert_clean_failure(run)
    assert "evil.json: bill_id '../escape' is not a valid id" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "good.md"]  # the batch went on
    assert _outside(tmp_path, before, out) == set()


@pytest.mark.parametrize("bill_id", ["../escape", "../../work/drafts/good"])
def test_report_review_and_export_refuse_an_unsafe_id_argument(tmp_path, drafts, bill_id):
    before = tree(tmp_path)
    out = tmp_path / "work" / "reports"
    run = run_cli("report", "--from-scores", str(drafts), bill_id, "--out", str(out), cwd=tmp_path)
    assert run.returncode == 1 and "is not a valid id" in run.stderr
    assert_clean_failure(run)
    db = tmp_path / "work" / "reviews.sqlite"
    run = run_cli("review", bill_id, "--drafts", str(drafts), "--db", str(db), "--criterion",
                  "public_records", "--accept", cwd=tmp_path)
    assert run.returncode == 1 and "is not a valid id" in run.stderr
    assert_clean_failure(run)
    assert _outside(tmp_path, before, out) == set()


def test_export_skips_an_unsafe_draft_and_writes_nothing_outside(tmp_path, drafts):
    before = tree(tmp_path)
    out = tmp_path / "work" / "final"
    db = tmp_path / "work" / "reviews.sqlite"
    run = run_cli("export", str(out), "--drafts", str(drafts), "--db", str(db), "--all", cwd=tmp_path)
    assert run.returncode == 1
    assert_clean_failure(run)
    assert "bill_id '../escape' is not a valid id" in run.stderr
    assert {p.name for p in out.iterdir()} == {"good.json", "good.md", "good.html", "summary.csv"}
    assert _outside(tmp_path, before, out) == set()


def test_bidi_controls_are_visible_in_reports(tmp_path):
    drafts = tmp_path / "drafts"
    quote = "the officer is \u202eton\u202c immune"
    write_draft(drafts, "bidi", scorecard_dict("bidi", explanation=f"Says: {quote}", evidence_text=quote))
    out = tmp_path / "reports"
    run = run_cli("report", "--from-scores", str(drafts), "--out", str(out), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    for name in ("bidi.md", "bidi.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "\u202e" not in text and "\u202c" not in text
        assert "\u27e8U+202E\u27e9" in text
