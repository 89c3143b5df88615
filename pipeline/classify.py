"""The clause classifier and its combination with the rules: :func:`detect_signals`.

Rules (engineer C's :func:`pipeline.flag.flag_clauses`) are precise but only catch the wordings
someone wrote a pattern for. The classifier reads every clause (a sentence unit from
:mod:`pipeline.segment`) with a scikit-learn ``Pipeline``: word and character n-gram TF-IDF in a
``ColumnTransformer`` (plus, when cross-validation says it helps, the rule signals that fired in
the clause as extra binary features) into one-vs-rest logistic regression over the 24 signal
labels of ``pipeline/data/signals.yaml`` (a linear SVM per label). Its decision values become
probabilities by Platt scaling fitted on grouped out-of-fold scores: per label where the label has
enough positives, one pooled sigmoid for the rare labels (see :mod:`pipeline.model_eval`).

``statute train`` (:mod:`pipeline.cli.train`) fits the model, cross-validates rules, classifier
and their combinations grouped by document, and stores the chosen combination in the model
bundle ``models/clause_classifier.skops``, exported for the run path as
``clause_classifier.npz`` + ``.json`` (scored with numpy alone by :mod:`pipeline.linear`).
:func:`detect_signals` applies exactly that choice; without a model it returns the rule flags
unchanged.

The bundle is a plain dict (no custom classes, so skops can check every type it contains)::

    {"pipeline": Pipeline, "labels": [signal...], "platt": {label: [a, b]},
     "thresholds": {label: t}, "combination": "union"|..., "rule_features": bool,
     "version": "clause-clf-YYYY-MM-DD", ...}
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Iterable, Sequence

from pipeline.config import models_dir
from pipeline.values import Flag
from pipeline.vocab import signal_criteria, signal_labels

__all__ = [
    "CLAUSE_MODEL_FILE",
    "COMBINATIONS",
    "signal_labels",
    "signal_criteria",
    "build_pipeline",
    "feature_columns",
    "feature_frame",
    "clause_units",
    "rule_signals_by_clause",
    "predict_proba",
    "combine",
    "load_clause_model",
    "model_version",
    "detect_signals",
]

CLAUSE_MODEL_FILE = "clause_classifier.skops"

#: How the classifier's labels are combined with the rules' (cross-validated in model_eval):
#:   rules           - rule flags only (the baseline)
#:   classifier      - classifier labels only (probability >= 0.5)
#:   union           - rule labels plus classifier labels with probability >= 0.5
#:   union_strict    - rule labels plus classifier labels with probability >= 0.8
#:   union_thresholds- rule labels plus classifier labels above a per-label threshold
#:                     (thresholds chosen by inner grouped CV on the training folds)
#:   union_precision - rule labels plus classifier labels above a per-label threshold chosen
#:                     (inner grouped CV) as the lowest that keeps the label's precision within
#:                     3 points of the rules'
#:   rules_override  - classifier adds a label only to a clause where no rule fired for the
#:                     same criterion (rules decide whenever they speak)
COMBINATIONS = ("rules", "classifier", "union", "union_strict", "union_thresholds", "union_precision",
                "rules_override")
STRICT_THRESHOLD = 0.8




# --------------------------------------------------------------------------------------------
# the scikit-learn pipeline


def build_pipeline(*, rule_features: bool = False, seed: int = 0, C: float = 0.1):
    """The untrained clause ``Pipeline``: columns ``text`` (and ``rules``) -> one-vs-rest LinearSVC.

    * word 1-2 grams (sublinear TF-IDF; legal wording is in short phrases: "shall not be a
      defense", "may award"),
    * character 3-5 grams within word boundaries (robust to PDF hyphenation, inflection and
      drafting variants: "indemnify"/"indemnification"),
    * optionally the rule signals found in the clause (binary bag of ``rule:<signal>`` tokens).

    A linear SVM rather than logistic regression: on ~5,000 clauses x 80,000 features it fits
    in about 2 s where liblinear/lbfgs logistic regression took 20-90 s on the same two cores,
    and the grouped cross-validation fits it dozens of times. Its decision values are turned
    into probabilities by Platt scaling fitted on grouped out-of-fold scores (model_eval).
    ``class_weight="balanced"`` because most labels have a few dozen positives.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    transformers = [
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True,
                                 token_pattern=r"(?u)\b\w[\w'-]*\b", dtype=_float32()), "text"),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                 lowercase=True, max_features=60_000, dtype=_float32()), "text"),
    ]
    if rule_features:
        transformers.append(
            ("rules", CountVectorizer(binary=True, lowercase=False, token_pattern=r"\S+"), "rules"))
    features = ColumnTransformer(transformers, sparse_threshold=1.0)
    model = OneVsRestClassifier(LinearSVC(C=C, class_weight="balanced", max_iter=5000, random_state=seed))
    return Pipeline([("features", features), ("classifier", model)])


def _float32():
    import numpy as np

    return np.float32


def feature_columns(texts: Sequence[str], rule_sets: Sequence[Iterable[str]] | None = None) -> dict[str, list[str]]:
    """The model input as plain columns: ``text`` (cleaned) and ``rules``.

    ``rules`` holds the rule signals that fired in each clause as space-separated
    ``rule:<signal>`` tokens ("" when none, or when ``rule_sets`` is None).
    """
    if rule_sets is None:
        rules = [""] * len(texts)
    else:
        rules = [" ".join(f"rule:{s}" for s in sorted(set(signals))) for signals in rule_sets]
    return {"text": [_clean(t) for t in texts], "rules": rules}


def feature_frame(texts: Sequence[str], rule_sets: Sequence[Iterable[str]] | None = None):
    """:func:`feature_columns` as the pandas DataFrame the scikit-learn pipeline reads."""
    import pandas as pd

    return pd.DataFrame(feature_columns(texts, rule_sets))


_SPACE = re.compile(r"\s+")
_LINE_NUMBER = re.compile(r"(?m)^\s*\d{1,2}\s+(?=\S)")


def _clean(text: str) -> str:
    """Collapse whitespace and drop printed line numbers so layout does not become a feature."""
    return _SPACE.sub(" ", _LINE_NUMBER.sub("", text)).strip()


# --------------------------------------------------------------------------------------------
# clauses of a document and the rule signals in them


def clause_units(sections) -> list[tuple[int, int, str | None]]:
    """``(start, end, section id)`` of every clause: the sentence units of the section tree."""
    from pipeline.segment import iter_sentences

    if sections is None:
        return []
    units = []
    for sentence in iter_sentences(sections):
        unit_id = sentence.id.split("#", 1)[0] if sentence.id else None
        units.append((sentence.start, sentence.end, unit_id or None))
    return units


def rule_signals_by_clause(spans: Sequence[tuple[int, int]], flags: Iterable[Flag]) -> list[set[str]]:
    """For each clause span (in any order), the signals of the rule flags whose matched words overlap it."""
    from bisect import bisect_left
    from itertools import accumulate

    order = sorted(range(len(spans)), key=lambda i: spans[i])  # bisect needs spans sorted by start
    starts = [spans[i][0] for i in order]
    # furthest end among the clauses starting up to each position: spans may nest (a reviewed phrase
    # inside an annotated clause), so the clause holding a match need not be the last one starting before it
    reach = list(accumulate((spans[i][1] for i in order), max))
    found: list[set[str]] = [set() for _ in spans]
    for flag in flags:
        if flag.source == "model":
            continue
        # walk back over the clauses starting before the match ends, while one of them may still reach it
        index = bisect_left(starts, max(flag.end, flag.start + 1)) - 1
        while index >= 0 and reach[index] > flag.start:
            if spans[order[index]][1] > flag.start:
                found[order[index]].add(flag.signal)
            index -= 1
    return found


# --------------------------------------------------------------------------------------------
# prediction and combination


def predict_proba(bundle: dict, texts: Sequence[str], rule_sets: Sequence[Iterable[str]] | None = None):
    """Calibrated probabilities, shape ``(len(texts), len(labels))``, in one batched call.

    ``p = sigmoid(a * decision + b)`` with the Platt parameters stored per label in the bundle.
    """
    import numpy as np

    labels = bundle["labels"]
    if not len(texts):
        return np.zeros((0, len(labels)))
    model = bundle["pipeline"]
    rules = rule_sets if bundle.get("rule_features") else None
    if hasattr(model, "coef_t"):  # pipeline.linear.LinearTextModel: numpy only, no pandas
        scores = np.asarray(model.decision_function(feature_columns(texts, rules)), dtype=float)
    else:  # a scikit-learn Pipeline (training, cross-validation, a .skops file)
        scores = np.asarray(model.decision_function(feature_frame(texts, rules)), dtype=float)
    if scores.ndim == 1:
        scores = scores[:, None]
    platt = bundle.get("platt") or {}
    a = np.array([platt.get(label, (1.0, 0.0))[0] for label in labels])
    b = np.array([platt.get(label, (1.0, 0.0))[1] for label in labels])
    return 1.0 / (1.0 + np.exp(-(scores * a + b)))


def combine(combination: str, rule_sets: Sequence[set[str]], proba, labels: Sequence[str],
            thresholds: dict[str, float] | None = None) -> list[set[str]]:
    """Labels per clause under ``combination`` (one of :data:`COMBINATIONS`)."""
    import numpy as np

    if combination not in COMBINATIONS:
        raise ValueError(f"unknown combination {combination!r}")
    if combination == "rules":
        return [set(rules) for rules in rule_sets]
    if combination == "union_strict":
        limits = np.full(len(labels), STRICT_THRESHOLD)
    elif combination in ("union_thresholds", "union_precision"):
        limits = np.array([(thresholds or {}).get(label, 0.5) for label in labels])
    else:
        limits = np.full(len(labels), 0.5)
    above = np.asarray(proba) >= limits  # one vectorised comparison for the whole bill
    criteria = signal_criteria()
    out: list[set[str]] = []
    for i, rules in enumerate(rule_sets):
        model = {labels[j] for j in np.flatnonzero(above[i])}
        if combination == "classifier":
            out.append(model)
        elif combination == "rules_override":
            spoken = {criteria.get(s) for s in rules}
            out.append(set(rules) | {s for s in model if criteria.get(s) not in spoken})
        else:
            out.append(set(rules) | model)
    return out


# --------------------------------------------------------------------------------------------
# loading and the public entry point


def _model_path(models: str | Path | None = None) -> Path:
    return models_dir(models) / CLAUSE_MODEL_FILE


def load_clause_model(models: str | Path | None = None) -> dict | None:
    """The trained bundle (loaded once per process, type-checked), or ``None`` when absent."""
    from pipeline.model_io import load_cached

    return load_cached(_model_path(models))


def model_version(models: str | Path | None = None) -> str | None:
    """``"clause-clf-YYYY-MM-DD"`` of the trained clause model, or ``None`` without one."""
    bundle = load_clause_model(models)
    return None if bundle is None else str(bundle["version"])


def detect_signals(document, sections, rule_flags: Sequence[Flag], *,
                   models: str | Path | None = None) -> list[Flag]:
    """Rule flags plus classifier flags, combined as ``statute train`` chose from CV numbers.

    ``sections`` is the section tree (its sentence units are the clauses the model reads) and
    ``rule_flags`` the rule flags of the same document (:func:`pipeline.flag.flags_from_doc`). Model
    flags have ``source="model"``, ``score=p`` and span the whole clause. A model flag is not
    added where a rule flag with the same signal already covers the clause. Without a model
    file (or with combination ``rules``) the rule flags come back unchanged.
    """
    bundle = load_clause_model(models)
    if bundle is None or bundle.get("combination", "rules") == "rules":
        return list(rule_flags)
    units = clause_units(sections)
    if not units:
        return list(rule_flags)
    text = document.text
    spans = [(start, end) for start, end, _ in units]
    rule_sets = rule_signals_by_clause(spans, rule_flags)
    clause_texts = [text[start:end] for start, end in spans]
    labels = list(bundle["labels"])
    proba = predict_proba(bundle, clause_texts, rule_sets)
    chosen = combine(bundle["combination"], rule_sets, proba, labels, bundle.get("thresholds"))
    criteria = signal_criteria()
    index = {label: j for j, label in enumerate(labels)}
    keep_rules = bundle["combination"] != "classifier"
    flags = list(rule_flags) if keep_rules else []
    for i, ((start, end, section), signals) in enumerate(zip(units, chosen)):
        # a rule flag already covering this clause with the same signal is not repeated
        for signal in sorted(signals - rule_sets[i] if keep_rules else signals):
            p = float(proba[i, index[signal]])
            if math.isnan(p):
                continue
            flags.append(Flag(signal=signal, criterion=criteria[signal], start=start, end=end,
                              text=clause_texts[i], clause_start=start, clause_end=end,
                              clause_text=clause_texts[i], section=section, source="model",
                              score=round(p, 4)))
    flags.sort(key=lambda f: (f.clause_start, f.start, f.signal))
    return flags
