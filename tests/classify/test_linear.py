"""The numpy scorer of exported models reproduces scikit-learn's on the annotated clauses.

The run path scores the clause classifier and the relevance model from ``models/*.npz`` +
``*.json`` (:mod:`pipeline.linear`) without importing scikit-learn; these tests hold that
reproduction to the fitted scikit-learn pipelines in ``models/*.skops`` to 1e-9.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.classify import feature_columns, feature_frame, predict_proba
from pipeline.config import models_dir
from pipeline.errors import ModelError
from pipeline.linear import read_linear
from pipeline.model_io import export_linear, load_model

ROOT = models_dir()
ANNOTATIONS = ROOT.parent / "corpus" / "annotations"
needs_models = pytest.mark.skipif(
    not all((ROOT / name).exists() for name in ("clause_classifier.skops", "clause_classifier.npz",
                                                 "relevance.skops", "relevance.npz")),
    reason="no trained models in models/ (run `statute train`)")


def _clauses() -> tuple[list[str], list[set[str]]]:
    texts, rule_sets = [], []
    for path in sorted(ANNOTATIONS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if isinstance(record.get("text"), str):
                texts.append(record["text"])
                # the annotated labels stand in for rule signals, so the rules column is exercised
                rule_sets.append(set(record.get("labels") or []))
    return texts, rule_sets


@pytest.fixture(scope="module")
def clauses():
    texts, rule_sets = _clauses()
    assert len(texts) > 1000
    return texts, rule_sets


@needs_models
def test_clause_decision_values_and_probabilities_equal_sklearn(clauses):
    texts, rule_sets = clauses
    sklearn_bundle = load_model(ROOT / "clause_classifier.skops")
    numpy_bundle = read_linear(ROOT / "clause_classifier")
    expected = sklearn_bundle["pipeline"].decision_function(feature_frame(texts, rule_sets))
    got = numpy_bundle["pipeline"].decision_function(feature_columns(texts, rule_sets))
    assert got.shape == expected.shape
    assert np.max(np.abs(got - expected)) < 1e-9
    assert np.max(np.abs(predict_proba(numpy_bundle, texts, rule_sets)
                         - predict_proba(sklearn_bundle, texts, rule_sets))) < 1e-9
    assert {k: v for k, v in numpy_bundle.items() if k not in ("pipeline", "format")} \
        == {k: v for k, v in sklearn_bundle.items() if k != "pipeline"}


@needs_models
def test_relevance_probabilities_equal_sklearn(clauses):
    texts, _ = clauses
    documents = ["\n".join(texts[i:i + 40]) for i in range(0, len(texts), 40)]  # document-sized inputs
    documents += [path.read_text(encoding="utf-8") for path in sorted((ROOT.parent / "corpus").glob("**/*.txt"))[:20]]
    expected = load_model(ROOT / "relevance.skops")["pipeline"].predict_proba(documents)
    got = read_linear(ROOT / "relevance")["pipeline"].predict_proba(documents)
    assert np.max(np.abs(got - expected)) < 1e-9


@needs_models
def test_export_is_deterministic_and_matches_the_shipped_pair(tmp_path):
    bundle = load_model(ROOT / "relevance.skops")
    arrays, meta = export_linear(bundle, tmp_path / "relevance")
    assert arrays.read_bytes() == (ROOT / "relevance.npz").read_bytes()
    assert meta.read_text() == (ROOT / "relevance.json").read_text()


def test_refuses_unknown_format_and_pickled_arrays(tmp_path):
    (tmp_path / "m.json").write_text(json.dumps({"format": "other", "model": {}}))
    np.savez(tmp_path / "m.npz", coef=np.zeros((1, 1)))
    with pytest.raises(ModelError, match="unsupported model format"):
        read_linear(tmp_path / "m")
    (tmp_path / "m.json").write_text(json.dumps({"format": "statute-linear/1", "model": {
        "kind": "decision", "features": [{"name": "w", "column": None, "analyzer": "word", "ngram_range": [1, 1],
                                          "lowercase": True, "token_pattern": r"\w+", "binary": False,
                                          "sublinear_tf": False, "norm": None, "dtype": "float64", "offset": 0}]}}))
    np.savez(tmp_path / "m.npz", **{"w.vocabulary": np.array([{"a": 1}], dtype=object),
                                    "coef": np.zeros((1, 1)), "intercept": np.zeros(1)})
    with pytest.raises(ModelError, match="could not read model"):
        read_linear(tmp_path / "m")
