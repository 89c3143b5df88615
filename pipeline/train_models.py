"""Rebuild every trained artifact in ``models/`` from the corpus: what ``statute train`` runs.

Outputs (all deterministic for the same corpus, code and date; seeds are fixed):

* ``clause_classifier.skops`` - the clause model bundle with the chosen combination,
* ``relevance.skops`` - the document relevance bundle,
* ``clause_classifier.npz``/``.json``, ``relevance.npz``/``.json`` - the same two bundles as arrays
  + JSON (:func:`pipeline.model_io.export_linear`), which the run path scores with numpy alone,
* ``metrics.json`` - every cross-validated number (per label, per candidate; relevance),
* ``cv_predictions.jsonl`` - out-of-fold predictions per evaluated clause (for the notebook),
* ``MODEL_CARD.md`` - data, features, the CV table, the choice, version and date.
"""

from __future__ import annotations

import datetime as _dt
import json
import platform
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from pipeline.classify import CLAUSE_MODEL_FILE
from pipeline.model_eval import (
    SEED,
    MIN_POSITIVES_FOR_CALIBRATION,
    calibrate_and_threshold,
    candidate_name,
    choose_combination,
    cross_validate,
    cross_validate_relevance,
    data_fingerprint,
    fit_classifier,
    load_clause_data,
    load_relevance_data,
    parse_candidate,
)
from pipeline.model_io import dump_model, export_linear
from pipeline.relevance import RELEVANCE_MODEL_FILE, model_text

MAX_PRECISION_LOSS = 0.03


def _version(prefix: str, date: str) -> str:
    return f"{prefix}-{date}"


def fit_clause_bundle(data, rows: np.ndarray, *, combination: str, rule_features: bool,
                      n_splits: int) -> dict:
    """The clause model fitted on the clauses ``rows`` of ``data``: Platt parameters and per-label
    thresholds from an inner grouped CV on those rows, then the pipeline on all of them. Returns
    the bundle's trained part (``pipeline``, ``labels``, ``platt``, ``thresholds``, ``combination``,
    ``rule_features``, ``n_clauses``); the leave-one-jurisdiction-out evaluation calls it on the
    clauses outside a jurisdiction."""
    rows = np.asarray(rows)
    platt, thresholds, _ = calibrate_and_threshold(data, rows, rule_features=rule_features, n_splits=n_splits)
    pipeline, keep = fit_classifier([data.texts[i] for i in rows], data.Y[rows], [data.rule_sets[i] for i in rows],
                                    rule_features=rule_features)
    labels = [label for label, k in zip(data.labels, keep) if k]
    chosen = thresholds.get(combination, thresholds["union_thresholds"])
    return {
        "pipeline": pipeline,
        "labels": labels,
        "platt": {label: [float(a), float(b)] for label, (a, b) in platt.items() if label in labels},
        "thresholds": {label: float(chosen[label]) for label in labels},
        "combination": combination,
        "rule_features": rule_features,
        "n_clauses": int(len(rows)),
    }


def train_clause_model(data, *, n_splits: int = 5, date: str,
                       progress: Callable[[str], None] | None = None,
                       feature_sets: Iterable[str] = ("text", "text+rules")) -> tuple[dict, dict, object]:
    """Cross-validate, choose the combination, fit the final model. Returns (bundle, report, cv)."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    cv = cross_validate(data, n_splits=n_splits, feature_sets=tuple(feature_sets), progress=say)
    chosen, reason = choose_combination(cv.metrics, max_precision_loss=MAX_PRECISION_LOSS)
    combination, features = parse_candidate(chosen)
    if combination == "rules":
        # the classifier is still fitted (for notebooks and future runs) on the better-F1 feature set
        features = max((f for f in cv.proba), key=lambda f: cv.metrics[candidate_name(f, "classifier")]["micro"]["f1"])
    rule_features = features == "text+rules"
    say(f"chosen: {chosen} ({reason})")
    say("final model: calibration on grouped out-of-fold scores, then fitting on all clauses")
    bundle = {
        **fit_clause_bundle(data, np.arange(len(data)), combination=combination, rule_features=rule_features,
                            n_splits=n_splits),
        "candidate": chosen,
        "version": _version("clause-clf", date),
        "trained": date,
        "seed": SEED,
    }
    labels = bundle["labels"]
    report = {
        "chosen": chosen,
        "combination": combination,
        "features": features,
        "reason": reason,
        "max_precision_loss": MAX_PRECISION_LOSS,
        "n_splits": cv.n_splits,
        "metrics": cv.metrics,
        "labels_without_positives": [label for label in data.labels if label not in labels],
        # own sigmoid: labels with enough out-of-fold (evaluable) positives; the rest share one
        "calibrated_per_label": sorted(label for label in labels
                                       if int(data.Y[data.evaluable, data.labels.index(label)].sum())
                                       >= MIN_POSITIVES_FOR_CALIBRATION),
        "thresholds": bundle["thresholds"],
        "rules_available": data.rules_available,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return bundle, report, cv


def _cv_prediction_rows(data, cv, report) -> list[dict]:
    """One row per evaluated clause: truth, rules, OOF probabilities, chosen-combination labels."""
    features = report["features"]
    proba = cv.proba[features]
    chosen = cv.predictions[report["chosen"]]
    idx = np.flatnonzero(cv.fold_of >= 0)
    rows = []
    for position, i in enumerate(idx):
        rows.append({
            "id": data.ids[i],
            "doc_id": data.doc_ids[i],
            "group": int(data.groups[i]),
            "fold": int(cv.fold_of[i]),
            "text": data.texts[i],
            "labels": [label for j, label in enumerate(data.labels) if data.Y[i, j]],
            "rules": sorted(data.rule_sets[i]),
            "proba": {label: round(float(proba[i, j]), 4) for j, label in enumerate(data.labels)
                      if proba[i, j] >= 0.01},
            "chosen": sorted(chosen[position]),
        })
    return rows


def train_relevance_model(*, date: str, progress: Callable[[str], None] | None = None) -> tuple[dict, dict]:
    """Nested grouped CV of the triage, then the final relevance model on every labelled document."""
    say = progress or (lambda message: None)
    data = load_relevance_data(progress=say)
    report = cross_validate_relevance(data, progress=say)
    from pipeline.model_eval import build_relevance_pipeline

    pipeline = build_relevance_pipeline()
    pipeline.fit([model_text(t) for t in data.texts], data.y)
    bundle = {"pipeline": pipeline, "threshold": float(report["threshold"]),
              "version": _version("relevance", date), "trained": date,
              "n_documents": int(len(data.y)), "n_relevant": int(data.y.sum())}
    return bundle, report


def load_reviewed(db_path, say) -> list[dict]:
    """Clauses exported from the review store (engineer G), or [] with a message when absent."""
    from pipeline.review import export_annotations
    try:
        from pipeline.config import review_db_path

        path = review_db_path(db_path)
        if not Path(path).exists():
            say(f"--with-reviews: no review store at {path}; no reviewed clauses used")
            return []
        records = list(export_annotations(path))
    except Exception as error:  # a broken store must not stop training
        say(f"--with-reviews: could not export reviews ({error.__class__.__name__}: {error}); none used")
        return []
    say(f"--with-reviews: {len(records)} reviewed clauses added")
    return records


def train_all(out: str | Path, *, records=None, extra: list[dict] | None = None, relevance: bool = True,
              n_splits: int = 5, date: str | None = None, progress: Callable[[str], None] | None = None,
              feature_sets: Iterable[str] = ("text", "text+rules")) -> dict:
    """Train and write everything into ``out``; returns the metrics dict written to metrics.json."""
    say = progress or (lambda message: None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    date = date or _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    started = time.perf_counter()
    say("loading annotated clauses and running the rules on their documents")
    data = load_clause_data(records, extra=extra, progress=say)
    n_reviewed = len(extra or [])
    say(f"{len(data)} clauses ({int(data.evaluable.sum())} evaluable, {len(set(data.groups[data.groups >= 0]))} CV groups)")
    bundle, clause_report, cv = train_clause_model(data, n_splits=n_splits, date=date, progress=say,
                                                   feature_sets=feature_sets)
    dump_model(bundle, out / CLAUSE_MODEL_FILE)
    export_linear(bundle, out / CLAUSE_MODEL_FILE)
    with open(out / "cv_predictions.jsonl", "w", encoding="utf-8") as handle:
        for row in _cv_prediction_rows(data, cv, clause_report):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    metrics = {
        "version": bundle["version"],
        "date": date,
        "seed": SEED,
        "data": {
            "clauses": int(len(data)),
            "evaluable_clauses": int(data.evaluable.sum()),
            "training_only_clauses": int((~data.evaluable).sum()),
            "documents": len(set(d for d, e in zip(data.doc_ids, data.evaluable) if e)),
            "cv_groups": len(set(data.groups[data.groups >= 0].tolist())),
            "reviewed_clauses": n_reviewed,
            "fingerprint": data_fingerprint(data),
            "positives": {label: int(data.Y[:, j].sum()) for j, label in enumerate(data.labels)},
            "positives_evaluable": {label: int(data.Y[data.evaluable, j].sum())
                                    for j, label in enumerate(data.labels)},
            "by_source": {s: data.sources.count(s) for s in sorted(set(data.sources))},
            "notes": data.notes[:50],
        },
        "clause": clause_report,
    }
    if relevance:
        say("relevance model: loading labelled documents")
        rel_bundle, rel_report = train_relevance_model(date=date, progress=say)
        dump_model(rel_bundle, out / RELEVANCE_MODEL_FILE)
        export_linear(rel_bundle, out / RELEVANCE_MODEL_FILE)
        metrics["relevance"] = rel_report | {"version": rel_bundle["version"]}
    metrics["environment"] = {"python": platform.python_version(), **_library_versions()}
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1, default=_json_default) + "\n", encoding="utf-8")
    from pipeline.model_card import write_model_card

    write_model_card(metrics, out / "MODEL_CARD.md")
    say(f"done in {metrics['seconds']:.0f} s: {out}")
    return metrics


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _library_versions() -> dict:
    import sklearn
    import skops

    return {"scikit-learn": sklearn.__version__, "skops": skops.__version__, "numpy": np.__version__}


def convert_models(folder: str | Path) -> list[Path]:
    """Write the ``.npz`` + ``.json`` pair next to every ``.skops`` model in ``folder`` (no retraining).

    For model folders trained before the run path read the numpy pair; deterministic.
    """
    from pipeline.model_io import load_model

    written: list[Path] = []
    for name in (CLAUSE_MODEL_FILE, RELEVANCE_MODEL_FILE):
        path = Path(folder) / name
        if path.exists():
            written.extend(export_linear(load_model(path), path))
    return written


__all__ = ["train_all", "convert_models", "train_clause_model", "fit_clause_bundle", "train_relevance_model", "load_reviewed"]
