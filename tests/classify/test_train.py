"""Training on a tiny fixture: grouped CV never tests on a training document, and it is deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.model_eval import ClauseData, _splits, choose_combination, label_metrics
from pipeline.train_models import train_clause_model

LABELS = ["qi_barred", "fees_mandatory", "cap_present"]

# Team-written fixture clauses: four "documents" per label family plus unlabelled clauses.
_POSITIVE = {
    "qi_barred": ["Qualified immunity is not a defense to an action under this section.",
                  "It shall not be a defense that the officer believed in good faith the conduct was lawful.",
                  "The defense of qualified immunity shall not be available to any defendant in this action.",
                  "No officer may assert qualified immunity as a defense to liability under this act."],
    "fees_mandatory": ["The court shall award reasonable attorney fees to a prevailing plaintiff.",
                       "A prevailing plaintiff shall be awarded costs and reasonable attorney's fees.",
                       "In any successful action the court shall award the plaintiff attorney fees and costs.",
                       "Reasonable attorney fees shall be awarded by the court to the prevailing claimant."],
    "cap_present": ["Liability under this act shall not exceed two million dollars per claimant.",
                    "Damages recovered against a public body may not exceed $500,000 per occurrence.",
                    "The total recovery for all claims arising from one occurrence shall not exceed $1,000,000.",
                    "An award under this section is limited to three hundred thousand dollars per claimant."],
}
_NEGATIVE = ["The Secretary shall submit an annual report to Congress.",
             "This Act takes effect ninety days after enactment.",
             "The board shall meet at least four times each year.",
             "Terms used in this section have the meanings given in section 2.",
             "The commission shall adopt rules to carry out this chapter.",
             "Funds appropriated under this section remain available until expended."]


def _fixture() -> ClauseData:
    texts, doc_ids, rows = [], [], []
    for d in range(4):
        doc = f"doc{d}"
        for j, label in enumerate(LABELS):
            texts.append(_POSITIVE[label][d])
            doc_ids.append(doc)
            row = np.zeros(len(LABELS), dtype=np.int8)
            row[j] = 1
            rows.append(row)
        for k in range(3):
            texts.append(_NEGATIVE[(d + k) % len(_NEGATIVE)] + f" (doc {d})")
            doc_ids.append(doc)
            rows.append(np.zeros(len(LABELS), dtype=np.int8))
    groups = np.array([int(d[3:]) for d in doc_ids])
    rule_sets = [({"fees_mandatory"} if "shall award" in t else set()) for t in texts]
    n = len(texts)
    return ClauseData(ids=[f"c{i}" for i in range(n)], doc_ids=doc_ids, texts=texts, Y=np.array(rows),
                      labels=list(LABELS), rule_sets=rule_sets, groups=groups, evaluable=np.ones(n, bool),
                      sources=["shared"] * n, methods=["written by hand"] * n)


def test_grouped_splits_keep_documents_apart_and_paraphrases_in_training():
    data = _fixture()
    groups = data.groups.copy()
    unseen_family = int(groups.max()) + 1
    groups[:2] = -(unseen_family + 1)  # two training-only clauses (paraphrases: a family never tested)
    for train, test in _splits(groups, 4):
        assert not set(groups[train][groups[train] >= 0]) & set(groups[test])
        assert {0, 1} <= set(train.tolist()) and not {0, 1} & set(test.tolist())


def test_training_only_clauses_stay_out_of_folds_testing_their_document():
    data = _fixture()
    groups = data.groups.copy()
    family = int(groups[-1])
    groups[0] = -(family + 1)  # e.g. a reviewed clause of a document that is also evaluated
    for train, test in _splits(groups, 4):
        tested = set(groups[test].tolist())
        assert (0 in train.tolist()) == (family not in tested)
        assert 0 not in test.tolist()


def test_training_is_deterministic():
    first, report1, cv1 = train_clause_model(_fixture(), n_splits=4, date="2026-01-01", feature_sets=("text",))
    second, report2, cv2 = train_clause_model(_fixture(), n_splits=4, date="2026-01-01", feature_sets=("text",))
    assert report1["metrics"] == report2["metrics"]
    assert np.array_equal(cv1.proba["text"], cv2.proba["text"])
    from pipeline.classify import predict_proba

    probe = ["The court shall award attorney fees.", "Qualified immunity is no defense.", "Annual report."]
    assert np.array_equal(predict_proba(first, probe, [set()] * 3), predict_proba(second, probe, [set()] * 3))
    assert first["version"] == "clause-clf-2026-01-01"
    # the fixture is easy: held-out documents' clauses are recognised
    assert report1["metrics"]["classifier[text]"]["micro"]["recall"] >= 0.5


def test_choice_prefers_recall_within_precision_budget():
    def m(p, r):
        return {"micro": {"precision": p, "recall": r, "f1": 2 * p * r / (p + r)}}

    metrics = {"rules": m(0.9, 0.3), "union[text]": m(0.88, 0.5), "classifier[text]": m(0.6, 0.7)}
    assert choose_combination(metrics, max_precision_loss=0.03)[0] == "union[text]"
    assert choose_combination(metrics, max_precision_loss=0.01)[0] == "rules"


def test_label_metrics_counts():
    Y = np.array([[1, 0], [0, 1], [1, 1]])
    out = label_metrics(Y, [{"a"}, {"a"}, {"a", "b"}], ["a", "b"])
    assert out["per_label"]["a"] | {} == pytest.approx(out["per_label"]["a"])
    assert (out["per_label"]["a"]["tp"], out["per_label"]["a"]["fp"]) == (2, 1)
    assert out["micro"]["tp"] == 3 and out["micro"]["fn"] == 1


def test_with_reviews_skips_missing_store(tmp_path):
    from pipeline.train_models import load_reviewed

    messages = []
    assert load_reviewed(tmp_path / "absent.sqlite", messages.append) == []
    assert messages and "--with-reviews" in messages[0]


def test_reviewed_records_are_training_only():
    from pipeline.model_eval import load_clause_data

    base = {"doc_sha256": None, "source": "external", "start": 0, "method": "analyst review", "eval": False}
    text = "The employer shall indemnify the officer for any judgment."
    extra = [dict(base, id="review:x:0-58", doc_id="x", end=len(text), text=text, labels=["indemnify_mandatory"],
                  reviewer="a", criterion=["full_compensation"])]
    data = load_clause_data([], extra=extra, with_rules=False)
    assert len(data) == 1 and not data.evaluable[0] and data.groups[0] == -1
    assert data.Y[0, data.labels.index("indemnify_mandatory")] == 1


def test_rule_signals_reach_a_clause_around_a_shorter_one():
    """Reviewed evidence is often a phrase inside an annotated clause: the clause keeps its flags."""
    from pipeline.classify import rule_signals_by_clause
    from pipeline.values import Flag

    flag = Flag(signal="qi_barred", criterion="end_qi_law_enforcement", start=40, end=60, text="x" * 20,
                clause_start=0, clause_end=100, clause_text="x" * 100, section=None, source="rule:p")
    clause, phrase_before_the_match = (0, 100), (5, 20)
    assert rule_signals_by_clause([clause, phrase_before_the_match], [flag]) == [{"qi_barred"}, set()]
    assert rule_signals_by_clause([clause], [flag]) == [{"qi_barred"}]


def test_reviewed_clauses_leave_the_evaluated_clauses_as_they_were():
    """--with-reviews adds training rows; the evaluated rows (labels, rule signals, groups) are unchanged."""
    from pipeline.annotations import load_annotations
    from pipeline.model_eval import load_clause_data

    corpus = [r for r in load_annotations() if r.source != "paraphrase" and r.eval]
    doc = next(r.doc_id for r in corpus if r.labels)
    records = [r for r in corpus if r.doc_id == doc]
    alone = load_clause_data(records)
    ruled = [r for r in records if alone.rule_sets[alone.ids.index(r.id)]]
    assert ruled, doc
    # a short reviewed phrase at the start of each clause the rules flag
    extra = [{"id": f"review:{doc}:{r.start + 1}-{r.start + 3}", "doc_id": doc, "doc_sha256": r.doc_sha256,
              "source": r.source, "start": r.start + 1, "end": r.start + 3, "text": r.text[1:3],
              "labels": list(r.labels), "method": "analyst review", "eval": False} for r in ruled]
    both = load_clause_data(records, extra=extra)
    assert len(both) == len(alone) + len(extra) and int(both.evaluable.sum()) == int(alone.evaluable.sum())
    for i, clause_id in enumerate(alone.ids):
        j = both.ids.index(clause_id)
        assert both.rule_sets[j] == alone.rule_sets[i], clause_id
        assert (both.Y[j] == alone.Y[i]).all() and both.evaluable[j] == alone.evaluable[i]
