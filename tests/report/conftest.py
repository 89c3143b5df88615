"""Shared helpers for the report tests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import app


@pytest.fixture
def report_bill(tmp_path):
    """``report_bill(name, text) -> (bill path, reports folder)``: writes the bill and runs `statute report` on it."""

    def run(name: str, text: str):
        bill = tmp_path / name
        bill.write_text(text, encoding="utf-8")
        out = tmp_path / "reports"
        result = CliRunner().invoke(app, ["report", str(bill), "--out", str(out)])
        assert result.exit_code == 0, result.output
        return bill, out

    return run
