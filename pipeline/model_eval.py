"""Training data, grouped cross-validation and the choice of combination for the clause model.

Everything ``statute train`` measures lives here, so the model card, the notebook and the tests
read the same numbers:

* :func:`load_clause_data` turns the annotated clause corpus (``corpus/annotations/*.jsonl``,
  plus optional reviewed clauses) into texts, a label matrix, the rule signals that fired in each
  clause, and **groups**: documents that share verbatim clauses (a bill reintroduced in a later
  Congress, an excerpt of another text) form one group, so no near-copy of a test clause is ever
  in training. Paraphrases (``eval: false``) get no group: they are added to every training fold
  and never scored.
* :func:`cross_validate` runs GroupKFold over those groups. Inside each training fold a second,
  inner GroupKFold gives out-of-fold scores for Platt calibration and per-label thresholds, so
  the outer test fold is touched by nothing that was tuned on it.
* :func:`choose_combination` picks the rule/classifier combination from the outer numbers:
  the highest micro recall whose micro precision is at most ``max_precision_loss`` below the
  rules', ties broken by F1; "rules" when nothing qualifies.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np

from pipeline.classify import (
    COMBINATIONS,
    build_pipeline,
    combine,
    feature_frame,
    rule_signals_by_clause,
    signal_labels,
)

#: Labels with fewer positive training clauses than this keep the logistic-regression
#: probability; the others get Platt scaling fitted on grouped out-of-fold scores.
MIN_POSITIVES_FOR_CALIBRATION = 8
#: Candidate per-label thresholds (``union_thresholds``).
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: Candidate thresholds for ``union_precision`` (ascending: the lowest that keeps precision wins).
PRECISION_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)
#: Precision a label may lose against the rules under ``union_precision`` (inner CV).
PRECISION_BUDGET = 0.03
SEED = 20261125


@dataclass
class ClauseData:
    """The clause corpus as arrays. ``evaluable[i]`` is False for paraphrases / eval:false."""

    ids: list[str]
    doc_ids: list[str]
    texts: list[str]
    Y: np.ndarray
    labels: list[str]
    rule_sets: list[set[str]]
    groups: np.ndarray  # family number; -(family + 1) for training-only clauses
    evaluable: np.ndarray
    sources: list[str]
    methods: list[str]
    rules_available: bool = True
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


def _say(progress: Callable[[str], None] | None, message: str) -> None:
    if progress is not None:
        progress(message)


def _rule_flags_for(document) -> list:
    from pipeline.run import analyze

    return list(analyze(document).rule_flags)


def _documents_rules(records, progress) -> tuple[dict[str, list[set[str]]], bool, list[str]]:
    """Rule signals per record id, running the rules once per source document."""
    from pipeline.annotations import load_source_document
    from pipeline.ingest import document_from_text

    by_doc: dict[tuple[str, str], list] = {}
    for record in records:
        key = (record.doc_id, record.source) if record.source != "paraphrase" else (record.id, "paraphrase")
        by_doc.setdefault(key, []).append(record)
    out: dict[str, set[str]] = {}
    notes: list[str] = []
    available = True
    for n, ((doc_id, source), recs) in enumerate(sorted(by_doc.items())):
        if source == "paraphrase":
            document = document_from_text(recs[0].text, "paraphrase")
        else:
            try:
                document = load_source_document(doc_id, source)
            except Exception as error:  # a missing source must not stop training
                notes.append(f"{doc_id}: source not loadable ({error.__class__.__name__}); rules left empty")
                for record in recs:
                    out[record.id] = set()
                continue
        try:
            flags = _rule_flags_for(document)
        except Exception as error:
            notes.append(f"{doc_id}: rule flagging failed ({error.__class__.__name__}: {error})")
            flags = []
        spans = [(r.start, r.end) if source != "paraphrase" else (0, len(r.text)) for r in recs]
        for record, signals in zip(recs, rule_signals_by_clause(spans, flags)):
            out[record.id] = signals
        if n % 25 == 0:
            _say(progress, f"rules: {n + 1}/{len(by_doc)} documents")
    return out, available, notes


def _family_groups(doc_ids: Sequence[str], texts: Sequence[str], linkable: Sequence[bool]) -> np.ndarray:
    """Group numbers: D1's ``group_of(doc_id)`` (doc_groups.csv), merged further wherever two
    documents share a verbatim *labelled* clause (>= 60 characters).

    Only labelled clauses link documents: boilerplate ("Be it enacted ...") is unlabelled and
    would otherwise chain unrelated bills into one group.
    """
    from pipeline.annotations import group_of

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    seen: dict[str, str] = {}
    for doc, text, link in zip(doc_ids, texts, linkable):
        group = group_of(doc)
        find(group)
        if not link:
            continue
        key = re.sub(r"\W+", " ", text.lower()).strip()
        if len(key) < 60:
            continue
        if key in seen:
            union(seen[key], group)
        else:
            seen[key] = group
    roots = sorted({find(group_of(d)) for d in doc_ids})
    number = {root: i for i, root in enumerate(roots)}
    return np.array([number[find(group_of(d))] for d in doc_ids])


def load_clause_data(records=None, *, extra: Iterable[dict] | None = None,
                     progress: Callable[[str], None] | None = None, with_rules: bool = True) -> ClauseData:
    """The annotated clauses (``pipeline.annotations.load_annotations()`` by default).

    ``extra`` are more records as dicts in the annotation schema (reviewed clauses from the
    review store); they are treated like corpus records of their own documents.
    """
    from pipeline.annotations import AnnotatedClause, load_annotations

    if records is None:
        records = load_annotations()
    records = list(records)
    if extra:
        records += [AnnotatedClause.from_dict(r) if isinstance(r, dict) else r for r in extra]
    labels = list(signal_labels())
    index = {label: j for j, label in enumerate(labels)}
    # one record per id (the review store may re-export a corpus clause: the later one wins)
    unique: dict[str, object] = {}
    for record in records:
        unique[record.id] = record
    records = [unique[k] for k in sorted(unique)]
    Y = np.zeros((len(records), len(labels)), dtype=np.int8)
    notes = []
    for i, record in enumerate(records):
        for label in record.labels:
            if label in index:
                Y[i, index[label]] = 1
            else:
                notes.append(f"{record.id}: unknown label {label!r} ignored")
    if with_rules:
        rules, available, rule_notes = _documents_rules(records, progress)
        notes += rule_notes
    else:
        rules, available = {}, False
    evaluable = np.array([bool(r.eval) and r.source != "paraphrase" for r in records])
    doc_ids = [r.doc_id for r in records]
    texts = [r.text for r in records]
    groups = _family_groups(doc_ids, texts, [bool(e) and bool(row.any()) for e, row in zip(evaluable, Y)])
    # Training-only clauses keep their family as -(family + 1), so a fold never trains on them
    # while their own document (e.g. a reviewed clause of an evaluation bill) is being tested.
    groups = np.where(evaluable, groups, -(groups + 1))
    return ClauseData(ids=[r.id for r in records], doc_ids=doc_ids, texts=texts, Y=Y, labels=labels,
                      rule_sets=[rules.get(r.id, set()) for r in records], groups=groups,
                      evaluable=evaluable, sources=[r.source for r in records],
                      methods=[r.method for r in records], rules_available=available, notes=notes)


# --------------------------------------------------------------------------------------------
# fitting


def _usable_columns(Y: np.ndarray) -> np.ndarray:
    """Labels with at least one positive and one negative (others are constant)."""
    positives = Y.sum(axis=0)
    return (positives > 0) & (positives < len(Y))


def fit_classifier(texts, Y, rule_sets, *, rule_features: bool, seed: int = SEED):
    """Fit the pipeline; labels with no positive example are dropped and predicted as 0."""
    keep = _usable_columns(Y)
    pipeline = build_pipeline(rule_features=rule_features, seed=seed)
    pipeline.fit(feature_frame(texts, rule_sets if rule_features else None), Y[:, keep])
    return pipeline, keep


def decision_scores(pipeline, keep, texts, rule_sets, *, rule_features: bool, n_labels: int) -> np.ndarray:
    """Decision values for every label (``-inf``-like -30 for labels never seen positive)."""
    out = np.full((len(texts), n_labels), -30.0)
    if len(texts):
        scores = pipeline.decision_function(feature_frame(texts, rule_sets if rule_features else None))
        if scores.ndim == 1:
            scores = scores[:, None]
        out[:, keep] = scores
    return out


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, solver="lbfgs")
    lr.fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def fit_platt(scores: np.ndarray, Y: np.ndarray, labels: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Platt parameters ``p = sigmoid(a*s + b)`` per label from out-of-fold decision values.

    A label with at least :data:`MIN_POSITIVES_FOR_CALIBRATION` positives gets its own sigmoid;
    the rarer labels share one sigmoid fitted on their pooled scores (a handful of positives
    cannot fit two parameters). Labels never seen positive are left out (raw sigmoid).
    """
    platt: dict[str, tuple[float, float]] = {}
    rare, seen = [], []
    for j, label in enumerate(labels):
        positives = int(Y[:, j].sum())
        if positives >= MIN_POSITIVES_FOR_CALIBRATION and positives < len(Y):
            platt[label] = _platt(scores[:, j], Y[:, j])
        else:
            rare.append(j)
            if positives > 0:
                seen.append(j)
    if seen:
        # fitted on the rare labels that have out-of-fold positives, applied to every rare label
        # (also those whose only positives are training-only paraphrases)
        pooled = _platt(scores[:, seen].ravel(order="F"), Y[:, seen].ravel(order="F"))
        for j in rare:
            platt[labels[j]] = pooled
    return platt


def probabilities(scores: np.ndarray, platt: dict[str, tuple[float, float]], labels: Sequence[str]) -> np.ndarray:
    """Decision values -> probabilities with the Platt parameters (raw sigmoid where absent)."""
    proba = _sigmoid(scores)
    for j, label in enumerate(labels):
        if label in platt:
            a, b = platt[label]
            proba[:, j] = _sigmoid(a * scores[:, j] + b)
    return proba


def _splits(groups: np.ndarray, n_splits: int):
    """GroupKFold over the evaluable clauses (group >= 0).

    Training-only clauses (group < 0, family ``-group - 1``) join every train set except the
    folds that test their own document family.
    """
    from sklearn.model_selection import GroupKFold

    evaluable = np.flatnonzero(groups >= 0)
    extra = np.flatnonzero(groups < 0)
    extra_family = -groups[extra] - 1
    k = min(n_splits, len(np.unique(groups[evaluable])))
    for train, test in GroupKFold(n_splits=k).split(evaluable, groups=groups[evaluable]):
        tested = np.unique(groups[evaluable[test]])
        yield np.concatenate([evaluable[train], extra[~np.isin(extra_family, tested)]]), evaluable[test]


def calibrate_and_threshold(data: ClauseData, train_idx: np.ndarray, *, rule_features: bool,
                            n_splits: int = 3) -> tuple[dict, dict, np.ndarray]:
    """Inner grouped CV on ``train_idx``: Platt parameters, per-label thresholds, OOF scores."""
    labels = data.labels
    scores = np.full((len(train_idx), len(labels)), np.nan)
    position = {idx: p for p, idx in enumerate(train_idx)}
    for inner_train, inner_test in _splits(data.groups[train_idx], n_splits):
        tr, te = train_idx[inner_train], train_idx[inner_test]
        pipe, keep = fit_classifier([data.texts[i] for i in tr], data.Y[tr], [data.rule_sets[i] for i in tr],
                                    rule_features=rule_features)
        s = decision_scores(pipe, keep, [data.texts[i] for i in te], [data.rule_sets[i] for i in te],
                            rule_features=rule_features, n_labels=len(labels))
        scores[[position[i] for i in te]] = s
    scored = ~np.isnan(scores[:, 0])
    Y = data.Y[train_idx][scored]
    S = scores[scored]
    platt = fit_platt(S, Y, labels)
    proba = probabilities(S, platt, labels)
    rules = [data.rule_sets[i] for i in train_idx[scored]]
    thresholds = {"union_thresholds": {}, "union_precision": {}}
    hits = np.array([[label in r for label in labels] for r in rules], dtype=bool).reshape(len(rules), len(labels))
    overall_rules = _precision(Y, hits)
    for j, label in enumerate(labels):
        best, best_f1 = 0.5, -1.0
        rule_hit = hits[:, j]
        for t in THRESHOLD_GRID:
            predicted = rule_hit | (proba[:, j] >= t)
            f1 = _f1(Y[:, j], predicted)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = t, f1
        thresholds["union_thresholds"][label] = best
        # union_precision: the lowest threshold at which adding the classifier's labels keeps this
        # label's precision within PRECISION_BUDGET of the rules' (the rules' overall precision
        # when they never fire for the label); never add (2.0) when no threshold does.
        floor = (_precision(Y[:, j], rule_hit) if rule_hit.any() else overall_rules) - PRECISION_BUDGET
        chosen = 2.0
        for t in PRECISION_GRID:
            added = (proba[:, j] >= t) & ~rule_hit
            if added.any() and _precision(Y[:, j], rule_hit | (proba[:, j] >= t)) >= floor:
                chosen = t
                break
        thresholds["union_precision"][label] = chosen
    return platt, thresholds, scores


def _precision(Y: np.ndarray, predicted: np.ndarray) -> float:
    tp = int(np.sum((Y == 1) & predicted))
    fp = int(np.sum((Y == 0) & predicted))
    return tp / (tp + fp) if tp + fp else 0.0


def _f1(y, predicted) -> float:
    tp = int(np.sum((y == 1) & predicted))
    fp = int(np.sum((y == 0) & predicted))
    fn = int(np.sum((y == 1) & ~predicted))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


# --------------------------------------------------------------------------------------------
# metrics


def label_metrics(Y: np.ndarray, predicted: list[set[str]], labels: Sequence[str]) -> dict:
    """Per-label precision/recall/F1/support plus micro and macro averages (labels with support)."""
    P = np.zeros_like(Y)
    index = {label: j for j, label in enumerate(labels)}
    for i, signals in enumerate(predicted):
        for s in signals:
            if s in index:
                P[i, index[s]] = 1
    per_label = {}
    totals = np.zeros(3, dtype=int)
    for j, label in enumerate(labels):
        tp = int(np.sum((Y[:, j] == 1) & (P[:, j] == 1)))
        fp = int(np.sum((Y[:, j] == 0) & (P[:, j] == 1)))
        fn = int(np.sum((Y[:, j] == 1) & (P[:, j] == 0)))
        totals += (tp, fp, fn)
        per_label[label] = _prf(tp, fp, fn) | {"support": int(Y[:, j].sum())}
    supported = [m for m in per_label.values() if m["support"] > 0]
    macro = {k: float(np.mean([m[k] for m in supported])) if supported else 0.0
             for k in ("precision", "recall", "f1")}
    return {"per_label": per_label, "micro": _prf(*totals) | {"support": int(Y.sum())}, "macro": macro}


def _prf(tp: int, fp: int, fn: int) -> dict:
    tp, fp, fn = int(tp), int(fp), int(fn)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


# --------------------------------------------------------------------------------------------
# cross-validation and the choice


@dataclass
class CVResult:
    """Out-of-fold probabilities and the metrics of every candidate."""

    proba: dict[str, np.ndarray]            # feature set -> (n, L) outer OOF probabilities
    thresholds: dict[str, list[dict]]       # feature set -> per-fold thresholds
    fold_of: np.ndarray                     # outer fold per clause (-1 = not evaluated)
    metrics: dict[str, dict]                # candidate name -> label_metrics(...)
    predictions: dict[str, list[set[str]]]  # candidate name -> labels per clause
    n_splits: int


def candidate_name(features: str, combination: str) -> str:
    return "rules" if combination == "rules" else f"{combination}[{features}]"


def cross_validate(data: ClauseData, *, n_splits: int = 5, feature_sets: Sequence[str] = ("text", "text+rules"),
                   progress: Callable[[str], None] | None = None) -> CVResult:
    """Outer GroupKFold: every candidate combination scored on never-trained-on documents."""
    labels = data.labels
    n = len(data)
    fold_of = np.full(n, -1)
    if not data.rules_available:
        feature_sets = [f for f in feature_sets if f == "text"]
    proba = {fs: np.full((n, len(labels)), np.nan) for fs in feature_sets}
    thresholds: dict[str, list[dict]] = {fs: [] for fs in feature_sets}
    per_clause_threshold: dict[str, list[dict]] = {fs: [{}] * n for fs in feature_sets}
    splits = list(_splits(data.groups, n_splits))
    for k, (train, test) in enumerate(splits):
        fold_of[test] = k
        for fs in feature_sets:
            rf = fs == "text+rules"
            _say(progress, f"cv fold {k + 1}/{len(splits)} [{fs}]: inner calibration")
            platt, th, _ = calibrate_and_threshold(data, train, rule_features=rf)
            pipe, keep = fit_classifier([data.texts[i] for i in train], data.Y[train],
                                        [data.rule_sets[i] for i in train], rule_features=rf)
            s = decision_scores(pipe, keep, [data.texts[i] for i in test], [data.rule_sets[i] for i in test],
                                rule_features=rf, n_labels=len(labels))
            proba[fs][test] = probabilities(s, platt, labels)
            thresholds[fs].append(th)
            for i in test:
                per_clause_threshold[fs][i] = th
    evaluated = fold_of >= 0
    idx = np.flatnonzero(evaluated)
    Y = data.Y[idx]
    rules = [data.rule_sets[i] for i in idx]
    metrics, predictions = {}, {}
    for fs in feature_sets:
        for combination in COMBINATIONS:
            name = candidate_name(fs, combination)
            if name in metrics:
                continue
            if combination in ("union_thresholds", "union_precision"):
                predicted = [combine(combination, [rules[p]], proba[fs][i:i + 1], labels,
                                     per_clause_threshold[fs][i][combination])[0] for p, i in enumerate(idx)]
            else:
                predicted = combine(combination, rules, proba[fs][idx], labels)
            metrics[name] = label_metrics(Y, predicted, labels)
            predictions[name] = predicted
    return CVResult(proba=proba, thresholds=thresholds, fold_of=fold_of, metrics=metrics,
                    predictions=predictions, n_splits=len(splits))


def choose_combination(metrics: dict[str, dict], *, max_precision_loss: float = 0.03) -> tuple[str, str]:
    """The candidate with the best micro recall among those within ``max_precision_loss`` of
    the rules' micro precision (ties: higher F1); ``"rules"`` when none beats the rules' recall.
    Returns ``(name, reason)``.
    """
    base = metrics["rules"]["micro"]
    floor = base["precision"] - max_precision_loss
    best, best_key = "rules", (base["recall"], base["f1"])
    for name, m in sorted(metrics.items()):
        micro = m["micro"]
        if name == "rules" or micro["precision"] < floor:
            continue
        key = (round(micro["recall"], 6), round(micro["f1"], 6))
        if key > best_key:
            best, best_key = name, key
    if best == "rules":
        reason = (f"no candidate raised micro recall above the rules' {base['recall']:.3f} while keeping "
                  f"precision >= {floor:.3f} (rules {base['precision']:.3f} - {max_precision_loss:.2f})")
    else:
        micro = metrics[best]["micro"]
        reason = (f"highest micro recall ({micro['recall']:.3f} vs rules {base['recall']:.3f}) among candidates "
                  f"with precision >= {floor:.3f} (chosen: {micro['precision']:.3f}; rules "
                  f"{base['precision']:.3f}; max loss {max_precision_loss:.2f})")
    return best, reason


def parse_candidate(name: str) -> tuple[str, str]:
    """``"union[text+rules]"`` -> ``("union", "text+rules")``; ``"rules"`` -> ``("rules", "text")``."""
    if name == "rules":
        return "rules", "text"
    combination, features = name[:-1].split("[", 1)
    return combination, features


def data_fingerprint(data: ClauseData) -> str:
    """A short hash of the training data (texts + labels), recorded in the model card."""
    digest = hashlib.sha256()
    for text, row in zip(data.texts, data.Y):
        digest.update(text.encode("utf-8"))
        digest.update(bytes(row.tolist()))
    return digest.hexdigest()[:12]


def warn(message: str) -> None:
    print(message, file=sys.stderr)


# --------------------------------------------------------------------------------------------
# the document relevance model


@dataclass
class RelevanceData:
    doc_ids: list[str]
    texts: list[str]
    y: np.ndarray
    kinds: list[str]
    groups: np.ndarray


def load_relevance_data(progress: Callable[[str], None] | None = None) -> RelevanceData:
    """D1's labelled document sample (``corpus/annotations/relevance.csv``), texts loaded."""
    from pipeline.annotations import group_of, load_relevance
    from pipeline.config import corpus_dir
    from pipeline.ingest import load_document

    rows = load_relevance()
    root = corpus_dir()
    doc_ids, texts, y, kinds, group_names = [], [], [], [], []
    for n, row in enumerate(rows):
        try:
            text = load_document(root / row.path).text
        except Exception as error:  # a missing file is reported, not fatal
            warn(f"relevance: {row.doc_id}: {error}")
            continue
        doc_ids.append(row.doc_id)
        texts.append(text)
        y.append(int(row.relevant))
        kinds.append(row.kind)
        group_names.append(group_of(row.doc_id))
        if n % 100 == 0:
            _say(progress, f"relevance data: {n + 1}/{len(rows)} documents")
    names = sorted(set(group_names))
    groups = np.array([names.index(g) for g in group_names])
    return RelevanceData(doc_ids, texts, np.array(y), kinds, groups)


def build_relevance_pipeline(seed: int = SEED):
    """TF-IDF (word 1-2 grams, sublinear, rare terms dropped) -> balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_df=0.9,
                                  max_features=50_000, lowercase=True, dtype=np.float32)),
        ("classifier", LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear",
                                          random_state=seed)),
    ])


def _binary_metrics(y: np.ndarray, predicted: np.ndarray) -> dict:
    tp = int(np.sum((y == 1) & predicted))
    fp = int(np.sum((y == 0) & predicted))
    fn = int(np.sum((y == 1) & ~predicted))
    return _prf(tp, fp, fn) | {"support": int(y.sum()), "n": int(len(y))}


RELEVANCE_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def _f_beta(y: np.ndarray, predicted: np.ndarray, beta: float = 2.0) -> float:
    m = _binary_metrics(y, predicted)
    p, r = m["precision"], m["recall"]
    return 0.0 if p + r == 0 else (1 + beta**2) * p * r / (beta**2 * p + r)


def choose_relevance_threshold(proba: np.ndarray, y: np.ndarray, passes: np.ndarray) -> float:
    """The grid threshold with the best F2 of the whole triage on out-of-fold probabilities.

    F2 weighs recall twice: a relevant bill dropped at triage is never scored, while an
    unrelated bill let through only costs one scoring run and scores all "no".
    """
    best, best_f = 0.5, -1.0
    for t in RELEVANCE_THRESHOLDS:
        f = _f_beta(y, passes & (proba >= t))
        if f > best_f + 1e-9:
            best, best_f = t, f
    return best


def _relevance_oof(X, y: np.ndarray, groups: np.ndarray, n_splits: int) -> np.ndarray:
    """Out-of-fold probabilities of the classifier step alone on a fixed feature matrix."""
    from sklearn.model_selection import GroupKFold

    proba = np.zeros(len(y))
    k = min(n_splits, len(np.unique(groups)))
    for train, test in GroupKFold(n_splits=k).split(X, groups=groups):
        model = build_relevance_pipeline().named_steps["classifier"]
        model.fit(X[train], y[train])
        proba[test] = model.predict_proba(X[test])[:, 1]
    return proba


def cross_validate_relevance(data: RelevanceData, *, n_splits: int = 5,
                             progress: Callable[[str], None] | None = None) -> dict:
    """Grouped CV of the whole triage (prefilter, then model) next to the cue score alone.

    Nested: in each outer fold the TF-IDF is fitted on the training documents and the decision
    threshold is chosen by an inner grouped CV on them (:func:`choose_relevance_threshold`), so
    the test documents influence nothing. The final threshold is chosen the same way on the
    outer out-of-fold probabilities. Returns metrics for ``prefilter+model``, ``prefilter only``,
    ``prefilter+cue score`` and ``model only``, per-kind counts, the errors and the threshold.
    """
    from sklearn.model_selection import GroupKFold

    from pipeline.relevance import _cue_verdict, model_text, prefilter

    texts = [model_text(t) for t in data.texts]
    passes = np.array([prefilter(t) is None for t in data.texts])
    proba = np.zeros(len(texts))
    full = np.zeros(len(texts), dtype=bool)
    fold_thresholds = []
    k = min(n_splits, len(np.unique(data.groups)))
    for fold, (train, test) in enumerate(GroupKFold(n_splits=k).split(texts, groups=data.groups)):
        _say(progress, f"relevance cv fold {fold + 1}/{k}")
        pipe = build_relevance_pipeline()
        vectorizer, model = pipe.named_steps["tfidf"], pipe.named_steps["classifier"]
        X_train = vectorizer.fit_transform([texts[i] for i in train])
        inner = _relevance_oof(X_train, data.y[train], data.groups[train], 3)
        threshold = choose_relevance_threshold(inner, data.y[train], passes[train])
        fold_thresholds.append(threshold)
        model.fit(X_train, data.y[train])
        proba[test] = model.predict_proba(vectorizer.transform([texts[i] for i in test]))[:, 1]
        full[test] = passes[test] & (proba[test] >= threshold)
    final_threshold = choose_relevance_threshold(proba, data.y, passes)
    from pipeline.relevance import names_qualified_immunity

    names_qi = np.array([names_qualified_immunity(t) for t in data.texts])
    shipped = full | (passes & names_qi)  # what relevance() does: QI named -> always scored
    cue = np.array([_cue_verdict(t).relevant if ok else False for t, ok in zip(data.texts, passes)])
    by_kind: dict[str, dict] = {}
    for kind, truth, predicted in zip(data.kinds, data.y, shipped):
        entry = by_kind.setdefault(kind, {"documents": 0, "predicted_relevant": 0, "relevant": bool(truth)})
        entry["documents"] += 1
        entry["predicted_relevant"] += int(predicted)
    return {
        "prefilter+model": _binary_metrics(data.y, full),
        "relevance() as shipped": _binary_metrics(data.y, shipped),
        "prefilter only": _binary_metrics(data.y, passes),
        "prefilter+cue score": _binary_metrics(data.y, cue),
        "model only (p>=0.5)": _binary_metrics(data.y, proba >= 0.5),
        "by_kind": dict(sorted(by_kind.items())),
        "fold_thresholds": fold_thresholds,
        "threshold": final_threshold,
        "n_splits": k,
        "n_documents": int(len(data.y)),
        "n_relevant": int(data.y.sum()),
        "oof_proba": [round(float(p), 4) for p in proba],
        "doc_ids": list(data.doc_ids),
        "errors": [
            {"doc_id": d, "kind": kd, "relevant": bool(t), "p": round(float(p), 3), "prefilter_pass": bool(ok)}
            for d, kd, t, p, ok, f in zip(data.doc_ids, data.kinds, data.y, proba, passes, shipped)
            if bool(t) != bool(f)
        ],
    }
