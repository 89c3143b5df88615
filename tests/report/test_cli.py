"""``statute report``: score real corpus bills (or read saved scorecards) and write reports."""

from __future__ import annotations

import html
import json
import re

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import corpus_dir
from pipeline.run import scorecard_for as score_file

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
        page = (out / f"{card.bill_id}.html").read_text()
        # each marked span is the evidence text, escaped (no raw markup inside <mark>)
        marked = re.findall(r"<mark>(.*?)</mark>", page, flags=re.S)
        assert all("<" not in span and ">" not in span for span in marked)
        marked = {html.unescape(span) for span in marked}
        for cid, criterion in card.criteria.items():
            assert f"`{cid}`" in markdown
            for evidence in criterion.evidence:
                assert evidence.text in marked
    assert "Ending Qualified Immunity Act" in (out / "us-hr7085-2020.html").read_text()


def test_report_over_a_folder_one_line_errors_and_exit_1(tmp_path):
    folder = tmp_path / "bills"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "ct-copy.txt").write_text(CT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "notes.csv").write_text("not,a,bill,format")  # not a bill extension: left out of the walk
    result = runner.invoke(app, ["report", str(folder), "--out", str(tmp_path / "r"), "--format", "md"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["ct-copy.md"]  # the good bill is reported
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


HOSTILE_BILL = """# An Act <script>alert('title')</script> concerning civil actions against officers

SECTION 1. (a) A peace officer who, under color of law, subjects any person to the deprivation of any
right secured by the constitution of this state is liable to the injured party. `rm -rf` | pipes | *stars*
[click](javascript:alert(1)) <img src=x onerror=alert(2)>

(b) Qualified immunity is not a defense to liability under this section. <script>alert('evidence')</script>

(c) The court shall award reasonable attorney fees and costs to a prevailing plaintiff. <iframe src=//evil></iframe>
- not a list
1. not a list either
"""


def test_report_of_hostile_bill_is_inert_end_to_end(report_bill):
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    bill, out = report_bill("hostile-act.txt", HOSTILE_BILL)
    card = score_file(bill)
    assert any(r.evidence for r in card.criteria.values())  # the scorer quoted the hostile text
    pages = {
        "html": (out / "hostile-act.html").read_text(),
        "md": MarkdownIt("commonmark", {"html": True}).enable("table").render((out / "hostile-act.md").read_text()),
    }
    for kind, page in pages.items():
        soup = BeautifulSoup(page, "html.parser")
        assert not soup.find_all(["script", "img", "iframe", "pre"]), kind
        for tag in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), (kind, tag)
            assert "javascript:" not in str(tag.get("href", "")), kind
        text = soup.get_text()
        assert "<script>alert('evidence')</script>" in text, kind
