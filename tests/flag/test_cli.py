"""``statute flags``: grouped listing, JSON, and an HTML view that keeps bill markup inert."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import corpus_dir

runner = CliRunner()


def _ct() -> str:
    path = corpus_dir() / "texts" / "ct-cgs-52-571k.txt"
    if not path.exists():
        pytest.skip("corpus missing")
    return str(path)


def test_flags_lists_signals_grouped_by_criterion():
    result = runner.invoke(app, ["flags", _ct()])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("end_qi_law_enforcement") < out.index("full_compensation") < out.index("attorney_fees")
    assert "good_faith_defense_retained" in out and "fees_discretionary" in out
    assert "objectively good faith belief" in " ".join(out.split())


def test_flags_json_is_the_flag_list():
    from pipeline.ingest import load_document
    from pipeline.run import analyze

    result = runner.invoke(app, ["flags", _ct(), "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows == [f.to_dict() for f in analyze(load_document(_ct())).rule_flags]


def test_html_escapes_bill_markup(tmp_path):
    bill = tmp_path / "bill.txt"
    bill.write_text(
        "Section 1. <script>alert('x')</script> Qualified immunity is not a defense to liability "
        "under this section. <b>The court shall award reasonable attorney fees to a prevailing plaintiff.</b>\n",
        encoding="utf-8",
    )
    out = tmp_path / "view.html"
    result = runner.invoke(app, ["flags", str(bill), "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "<b>" not in html
    assert "&lt;script&gt;" in html.replace(" ", "") or "&lt;" in html
    assert "qi_barred" in html and "fees_mandatory" in html


def test_missing_file_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["flags", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
