"""Leave-one-jurisdiction-out on a small real slice: the annotated clauses of a few state
statutes (Colorado, Iowa, Virginia, Illinois) and the team's gold scorecards of Colorado and Iowa.

What must hold:
* a fold's clause model and similarity exemplars never saw the held-out jurisdiction's documents;
* the shared-count fitting (:class:`pipeline.evaluate.ClauseFeatures`) gives the same model as the
  training code's own ``fit_clause_bundle`` on the same training clauses;
* the pooled drafts give one table row per criterion plus ``all``, with the honest columns.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.annotations import load_annotations
from pipeline.config import PROJECT_ROOT
from pipeline.evaluate import (
    ClauseFeatures,
    _inner_fits_from,
    evaluate,
    honest_table,
    load_gold,
    load_predictions,
    lojo_training_rows,
    score_lojo,
)
from pipeline.model_eval import decision_scores, fit_classifier, load_clause_data
from pipeline.train_models import fit_clause_bundle
from pipeline.vocab import load_rubric

SLICE = ("co", "ia", "va", "il")
GOLD = ("co-crs-13-21-131-current", "ia-code-669-14a", "ia-code-670-4a")


@pytest.fixture(scope="module")
def data():
    records = [r for r in load_annotations() if r.source == "shared" and r.doc_id.split("-", 1)[0] in SLICE]
    return load_clause_data(records)


@pytest.fixture(scope="module")
def lojo_run(data, tmp_path_factory):
    gold = {k: v for k, v in load_gold(PROJECT_ROOT / "corpus" / "gold").items() if k in GOLD}
    root = tmp_path_factory.mktemp("lojo")
    done = score_lojo(gold, root / "pred", root / "models", data=data)
    return gold, root, done


def test_fold_trains_without_held_out_jurisdiction(data, lojo_run):
    gold, root, done = lojo_run
    assert done == ["co", "ia"]
    for held_out in done:
        trained = json.loads((root / "models" / held_out / "lojo_training.json").read_text(encoding="utf-8"))
        documents = trained["documents"]
        assert documents and not [d for d in documents if d.startswith(f"{held_out}-")]
        # every other jurisdiction of the slice is trained on (the check above can fail)
        assert {d.split("-", 1)[0] for d in documents} == set(SLICE) - {held_out}
        assert trained["clauses"] == sum(not d.startswith(f"{held_out}-") for d in data.doc_ids)
        exemplars = (root / "models" / held_out / "similarity_exemplars.jsonl").read_text(encoding="utf-8")
        doc_ids = {json.loads(line)["doc_id"] for line in exemplars.splitlines() if line.strip()}
        assert doc_ids and not [d for d in doc_ids if str(d).startswith(f"{held_out}-")]


def test_pooled_table_has_every_criterion_and_the_honest_columns(lojo_run):
    gold, root, _ = lojo_run
    preds = load_predictions(root / "pred")
    assert set(preds) == set(GOLD)
    result = evaluate(gold, preds)
    assert result.missing == []
    assert len(result.rows) == sum(len(card.judged) for card in gold.values())
    table = honest_table(result.rows)
    assert [row["criterion"] for row in table] == [*load_rubric().ids, "all"]
    overall = table[-1]
    for column in ("agreement", "kappa", "recall", "confident_errors", "review_load", "baseline_agreement",
                   "baseline_kappa", "baseline_recall", "baseline_confident_errors"):
        assert column in overall
    assert overall["n"] == len(result.rows)
    assert overall["baseline_agreement"] == round(sum(r["gold"] == "no" for r in result.rows) / len(result.rows), 3)


def test_shared_counts_fit_equals_the_pipeline_fit(data):
    features = ClauseFeatures(data, rule_features=True)
    train = lojo_training_rows(data, "co")
    test = np.setdiff1d(np.arange(len(data)), train)
    texts, rules = [data.texts[i] for i in train], [data.rule_sets[i] for i in train]
    expected, keep = fit_classifier(texts, data.Y[train], rules, rule_features=True)
    fitted, keep_fast = features.fit(texts, data.Y[train], rules, rule_features=True)
    assert (keep == keep_fast).all()
    args = ([data.texts[i] for i in test], [data.rule_sets[i] for i in test])
    a = decision_scores(expected, keep, *args, rule_features=True, n_labels=len(data.labels))
    b = decision_scores(fitted, keep_fast, *args, rule_features=True, n_labels=len(data.labels))
    np.testing.assert_allclose(a, b, atol=1e-9)


def test_fold_bundle_equals_train_models_on_the_same_clauses(data):
    train = lojo_training_rows(data, "co")
    plain = fit_clause_bundle(data, train, combination="union_precision", rule_features=True, n_splits=3)
    with _inner_fits_from(ClauseFeatures(data, rule_features=True)):
        fast = fit_clause_bundle(data, train, combination="union_precision", rule_features=True, n_splits=3)
    assert fast["labels"] == plain["labels"] and fast["thresholds"] == plain["thresholds"]
    for label, (a, b) in plain["platt"].items():
        assert fast["platt"][label] == pytest.approx([a, b], abs=1e-6)
    held_out = [data.texts[i] for i in np.setdiff1d(np.arange(len(data)), train)]
    from pipeline.classify import feature_frame

    frame = feature_frame(held_out, [set()] * len(held_out))
    np.testing.assert_array_equal(fast["pipeline"].predict(frame), plain["pipeline"].predict(frame))
