"""Each input file is read once per command: the run path hands the document it read along."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import pipeline.ingest
from pipeline.cli import app

runner = CliRunner()


@pytest.fixture
def reads(monkeypatch):
    """Every path ``pipeline.ingest.load_document`` is asked to read, in order."""
    seen: list[str] = []
    real = pipeline.ingest.load_document

    def counting(path, *args, **kwargs):
        seen.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.ingest, "load_document", counting)
    return seen


def test_statute_report_reads_each_input_once(tmp_path, corpus, reads):
    bills = [corpus / "texts" / "ct-cgs-52-571k.txt", corpus / "texts" / "us-hr7085-2020.txt"]
    result = runner.invoke(app, ["report", *map(str, bills), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert sorted(reads) == sorted(map(str, bills))


def test_statute_review_reads_the_bill_once(tmp_path, ct_draft, reads):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / f"{ct_draft.bill_id}.json").write_text(json.dumps(ct_draft.to_dict()))
    base = ["review", ct_draft.bill_id, "--drafts", str(drafts), "--db", str(tmp_path / "reviews.sqlite"),
            "-r", "ann"]
    result = runner.invoke(app, base, input="q\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert reads == [ct_draft.source["path"]]
