"""``statute train``: where models trained on local reviews go (never over the shipped models/)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import pipeline.train_models as train_models
from pipeline.cli import app

runner = CliRunner()


def _fake_training(calls):
    def train_all(out, **kwargs):
        calls.append((Path(out), kwargs))
        micro = {"precision": 1.0, "recall": 1.0}
        return {"version": "clause-clf-test", "clause": {"chosen": "rules", "metrics": {"rules": {"micro": micro}}}}
    return train_all


def test_with_reviews_needs_a_models_folder_of_its_own(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(train_models, "train_all", _fake_training(calls))
    monkeypatch.delenv("STATUTE_MODELS", raising=False)
    refused = runner.invoke(app, ["train", "--with-reviews", "--review-db", str(tmp_path / "none.sqlite")])
    assert refused.exit_code == 2 and calls == []
    assert "--models DIR" in refused.output

    target = tmp_path / "reviewed-models"
    done = runner.invoke(app, ["train", "--with-reviews", "--models", str(target), "--no-relevance",
                               "--review-db", str(tmp_path / "none.sqlite")])
    assert done.exit_code == 0, done.output
    assert [out for out, _ in calls] == [target.resolve()]
    assert f"wrote {target.resolve()}" in done.output
