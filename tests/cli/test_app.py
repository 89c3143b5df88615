"""The global ``--corpus`` option moves the shared corpus for every command."""

from __future__ import annotations

import os

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import corpus_dir


def test_corpus_option_sets_the_corpus_location(tmp_path, monkeypatch):
    monkeypatch.delenv("STATUTE_CORPUS", raising=False)
    elsewhere = tmp_path / "corpus"
    elsewhere.mkdir()
    result = CliRunner().invoke(app, ["--corpus", str(elsewhere), "version"])
    assert result.exit_code == 0, result.output
    assert corpus_dir() == elsewhere.resolve()
    os.environ.pop("STATUTE_CORPUS")  # the command set it for this process; monkeypatch restores the rest
    assert corpus_dir() != elsewhere.resolve()


def test_help_lists_the_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("text", "segment", "flags", "score", "report", "evaluate", "train", "review", "export"):
        assert command in result.output
