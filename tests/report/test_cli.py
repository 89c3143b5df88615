"""``statute report``: score real corpus bills (or read saved scorecards) and write reports."""

from __future__ import annotations

import html
import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import corpus_dir
from pipeline.score import score_file

runner = CliRunner()
CT = corpus_dir() / "texts" / "ct-cgs-52-571k.txt"
HR7085 = corpus_dir() / "texts" / "us-hr7085-2020.txt"


def test_report_scores_files_and_writes_both_formats(tmp_path):
    out = tmp_path / "reports"
    result = runner.invoke(app, ["report", str(CT), str(HR7085), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "ct-cgs-52-571k.html", "ct-cgs-52-571k.md", "us-hr7085-2020.html", "us-hr7085-2020.md",
    ]
    for path in (CT, HR7085):
        card = score_file(path)  # the report shows what the scorer drafted
        markdown = (out / f"{card.bill_id}.md").read_text()
        totals = card.totals
        assert f"## End Qualified Immunity ({totals['end']:g}/4 criteria met)" in markdown
        assert f"## Start Real Accountability ({totals['start']:g}/5 criteria met)" in markdown
        assert markdown.count("**\u26a0 DRAFT \u2014 needs review.**") == card.needs_review_count
        for cid, criterion in card.criteria.items():
            assert f"`{cid}`" in markdown
            for evidence in criterion.evidence:
                assert f"<mark>{html.escape(evidence.text)}</mark>" in (out / f"{card.bill_id}.html").read_text()
    assert "Ending Qualified Immunity Act" in (out / "us-hr7085-2020.html").read_text()


def test_report_failures_are_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["report", str(empty), str(CT), "--out", str(tmp_path / "r"), "--format", "md"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert (tmp_path / "r" / "ct-cgs-52-571k.md").exists()  # the good bill is still reported
    assert not (tmp_path / "r" / "ct-cgs-52-571k.html").exists()
    assert runner.invoke(app, ["report", str(CT), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["report"]).exit_code == 2


def test_report_from_saved_scores(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    card = score_file(CT)
    (drafts / "ct-cgs-52-571k.json").write_text(json.dumps(card.to_dict()))
    (drafts / "summary.csv").write_text("bill_id\n")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["report", "--from-scores", str(drafts), "--out", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["ct-cgs-52-571k.html"]
    missing = runner.invoke(app, ["report", "nope", "--from-scores", str(drafts), "--out", str(out)])
    assert missing.exit_code == 1 and "no draft for bill 'nope'" in missing.stderr
