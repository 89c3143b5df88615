"""Compare draft scorecards with the team's gold scorecards (``corpus/gold/*.yaml``).

Three numbers per criterion, over the gold criteria a text can decide (``judgeable``):

* **agreement**: share of documents where the draft verdict equals the gold verdict (with Cohen's
  kappa over yes/partial/no next to it, since "no" dominates and raw agreement flatters);
* **confusion matrix**: gold x draft counts over ``yes``/``partial``/``no``;
* **evidence recall**: share of gold quotes that some evidence span of the same criterion
  overlaps (character offsets in the normalised text; a quote counts once however many spans
  touch it).

Gold quotes are strings (exact substrings of the normalised text); they are located in the text
of the document the draft was made from (``source.path`` of the scorecard, else the shared
corpus ``texts/<doc_id>.txt``). When neither text can be read, a quote counts as found if an
evidence text contains it or is contained in it.
"""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterable

import numpy as np
import yaml

from pipeline.vocab import VERDICTS, load_rubric
from pipeline.values import Evidence, Scorecard

__all__ = [
    "GoldCriterion",
    "GoldScorecard",
    "Evaluation",
    "load_gold",
    "load_predictions",
    "evaluate",
    "quote_found",
    "gold_source_path",
    "score_missing",
    "score_lojo",
    "honest_table",
    "reliability_table",
    "split_rows",
]

GOLD_MARK = "team (not an official scorecard)"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GoldCriterion:
    verdict: str | None
    reasoning: str
    quotes: tuple[str, ...] = ()
    judgeable: bool = True
    rests_on_law: bool = False


@dataclass(frozen=True)
class GoldScorecard:
    doc_id: str
    criteria: dict[str, GoldCriterion]
    doc_sha256: str | None = None
    jurisdiction: str | None = None
    relevant: bool = True
    source: str | None = None  # "shared corpus texts/<id>.txt" or "shared corpus bulk/texts/<id>.txt"
    judged_by: str = GOLD_MARK
    path: Path | None = None
    split: str | None = None  # "frozen-test-2026-12-03", "blind-test-2026-12-03": out-of-sample sets

    @property
    def frozen(self) -> bool:
        return str(self.split or "").startswith("frozen")

    @property
    def held_out(self) -> bool:
        """Any named split (frozen, blind) was written apart from the rules: never in-sample, never in LOJO."""
        return bool(self.split)

    @property
    def set_name(self) -> str:
        """The whole split name of a frozen or blind split (each is measured on its own, so a later
        batch never blurs an earlier figure), ``dev`` (blind batches opened for error analysis), or
        ``in-sample``."""
        if not self.split:
            return "in-sample"
        split = str(self.split)
        return split if self.frozen or split.startswith("blind") else split.split("-", 1)[0]

    @property
    def judged(self) -> dict[str, GoldCriterion]:
        return {cid: c for cid, c in self.criteria.items() if c.judgeable and c.verdict is not None}


def _parse_gold(raw: dict[str, Any], path: Path) -> GoldScorecard:
    ids = load_rubric().ids
    criteria: dict[str, GoldCriterion] = {}
    for cid in ids:
        body = (raw.get("criteria") or {}).get(cid)
        if body is None:
            raise ValueError(f"{path.name}: gold lacks criterion {cid}")
        verdict = body.get("verdict")
        judgeable = bool(body.get("judgeable", verdict is not None))
        if judgeable and verdict not in VERDICTS:
            raise ValueError(f"{path.name}: {cid}.verdict {verdict!r} is not one of {VERDICTS}")
        criteria[cid] = GoldCriterion(
            verdict=verdict if judgeable else None,
            reasoning=str(body.get("reasoning", "")),
            quotes=tuple(str(q) for q in body.get("quotes") or ()),
            judgeable=judgeable,
            rests_on_law=bool(body.get("rests_on_law", False)),
        )
    return GoldScorecard(
        doc_id=str(raw["doc_id"]),
        criteria=criteria,
        doc_sha256=raw.get("doc_sha256"),
        jurisdiction=raw.get("jurisdiction"),
        relevant=bool(raw.get("relevant", True)),
        source=raw.get("source"),
        judged_by=str(raw.get("judged_by", "")),
        path=path,
        split=raw.get("split"),
    )


def load_gold(directory: str | Path) -> dict[str, GoldScorecard]:
    """Every ``*.yaml`` gold scorecard in ``directory``, keyed by document id."""
    folder = Path(directory)
    if not folder.is_dir():
        raise FileNotFoundError(f"gold directory not found: {folder}")
    gold = {}
    for path in sorted(folder.glob("*.yaml")):
        card = _parse_gold(yaml.safe_load(path.read_text(encoding="utf-8")), path)
        gold[card.doc_id] = card
    return gold


def load_predictions(directory: str | Path) -> dict[str, Scorecard]:
    """Every scorecard ``*.json`` in ``directory`` (CONTRACT.md), keyed by ``bill_id``."""
    folder = Path(directory)
    if not folder.is_dir():
        raise FileNotFoundError(f"prediction directory not found: {folder}")
    cards = {}
    for path in sorted(folder.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or "criteria" not in raw:
                continue  # not a scorecard (e.g. a run log)
            card = Scorecard.from_dict(raw)
        except (ValueError, KeyError, TypeError) as exc:  # a half-written or foreign file: skip it, say so
            log.warning("skipping %s: not a readable scorecard (%s)", path.name, exc)
            continue
        cards[card.bill_id] = card
    return cards


def _match(gold: GoldScorecard, preds: dict[str, Scorecard]) -> Scorecard | None:
    """The draft for a gold document: same id, else same source sha256 (renamed/colliding ids)."""
    if gold.doc_id in preds:
        return preds[gold.doc_id]
    if gold.doc_sha256:
        for card in preds.values():
            if card.source.get("sha256") == gold.doc_sha256:
                return card
    return None


def _document_text(gold: GoldScorecard, card: Scorecard) -> str | None:
    from pipeline.ingest import load_document

    candidates = [card.source.get("path"), gold_source_path(gold)]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            document = load_document(candidate)
        except Exception:  # noqa: BLE001 - an unreadable source only degrades the recall check
            continue
        if card.source.get("sha256") in (None, document.source.sha256) or candidate == candidates[-1]:
            return document.text
    return None


def gold_split(gold: GoldScorecard) -> str:
    """``bulk`` for gold written on bulk bills, else ``texts`` (the shared corpus texts)."""
    return "bulk" if "bulk/" in (gold.source or "") else "texts"


def gold_source_path(gold: GoldScorecard) -> Path:
    """Where the judged text lives: beside the gold folder (``<set>/gold/x.yaml`` judging
    ``<set>/texts/x.txt``, as the blind set is laid out) when it is there, else in the shared
    corpus (``texts/`` unless the gold says ``bulk/texts/``)."""
    from pipeline.config import corpus_dir

    relative = (gold.source or "").replace("shared corpus", "").strip() or f"texts/{gold.doc_id}.txt"
    if gold.path is not None:
        beside = gold.path.parent.parent / relative
        if beside.is_file():
            return beside
    return corpus_dir() / relative


def score_missing(
    gold: dict[str, GoldScorecard],
    pred_dir: str | Path,
    *,
    existing: dict[str, Scorecard] | None = None,
    progress=None,
    failed: list[str] | None = None,
) -> list[str]:
    """Score (with :func:`pipeline.run.score_file`) every gold document that has no draft in
    ``pred_dir`` nor in ``existing`` yet, writing ``<bill_id>.json`` into ``pred_dir``; returns the
    ids scored. (``statute evaluate --score`` passes the drafts it reads as ``existing`` and a
    separate ``pred_dir``, so the folder it reads is never written to.) A document that cannot be
    scored adds a one-line reason to ``failed``."""
    from pipeline.errors import StatuteError
    from pipeline.run import score_file

    folder = Path(pred_dir)
    folder.mkdir(parents=True, exist_ok=True)
    present = {**(existing or {}), **load_predictions(folder)}
    done = []
    for doc_id, card in sorted(gold.items()):
        if _match(card, present) is not None:
            continue
        try:
            scorecard = score_file(gold_source_path(card)).scorecard
        except (StatuteError, OSError) as exc:  # an unreadable source stays "missing" in the evaluation
            if failed is not None:
                failed.append(f"{doc_id}: {' '.join(str(exc).split())}")
            log.warning("could not score %s: %s", doc_id, exc)
            continue
        (folder / f"{scorecard.bill_id}.json").write_text(json.dumps(scorecard.to_dict(), indent=1), encoding="utf-8")
        done.append(doc_id)
        if progress is not None:
            progress(doc_id)
    return done


def _quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(quote)
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def quote_found(quote: str, evidence: Iterable[Evidence], text: str | None = None) -> bool:
    """Whether some evidence span overlaps (any occurrence of) ``quote`` in ``text``."""
    evidence = list(evidence)
    spans = _quote_spans(text, quote) if text is not None else []
    if spans:
        return any(ev.start < q_end and q_start < ev.end for ev in evidence for q_start, q_end in spans)
    return any(quote in ev.text or (ev.text and ev.text in quote) for ev in evidence)


@dataclass
class Evaluation:
    """Per-criterion and per-document comparison of drafts with gold."""

    rows: list[dict[str, Any]] = field(default_factory=list)  # one per (document, judged criterion)
    missing: list[str] = field(default_factory=list)  # gold documents without a draft
    relevance: list[dict[str, Any]] = field(default_factory=list)  # gold vs draft ``relevant`` per document
    # one per (gold-relevant document, criterion), judged or not: what an analyst has to read
    review: list[dict[str, Any]] = field(default_factory=list)

    def relevance_agreement(self) -> tuple[int, int]:
        """(documents whose draft ``relevant`` equals the gold's, documents compared)."""
        return sum(r["gold"] == r["pred"] for r in self.relevance), len(self.relevance)

    def per_criterion(self) -> list[dict[str, Any]]:
        from sklearn.metrics import cohen_kappa_score

        out = []
        for cid in [*load_rubric().ids, "all"]:
            rows = [r for r in self.rows if cid == "all" or r["criterion"] == cid]
            n = len(rows)
            agree = sum(r["gold"] == r["pred"] for r in rows)
            quotes = sum(r["quotes"] for r in rows)
            found = sum(r["quotes_found"] for r in rows)
            kappa = None
            if n and len({r["gold"] for r in rows} | {r["pred"] for r in rows}) > 1:
                kappa = float(cohen_kappa_score([r["gold"] for r in rows], [r["pred"] for r in rows],
                                                labels=list(VERDICTS)))
            out.append({
                "criterion": cid,
                "n": n,
                "agree": agree,
                "agreement": round(agree / n, 3) if n else None,
                "kappa": None if kappa is None else round(kappa, 3),
                "quotes": quotes,
                "quotes_found": found,
                "evidence_recall": round(found / quotes, 3) if quotes else None,
            })
        return out

    def per_split(self) -> list[dict[str, Any]]:
        """Agreement per corpus split (``texts``: the shared texts the flagging rules were written
        against; ``bulk``: bulk bills), next to the agreement an always-``no`` draft would get."""
        out = []
        for split in sorted({r["split"] for r in self.rows}):
            rows = [r for r in self.rows if r["split"] == split]
            out.append({
                "split": split,
                "documents": len({r["doc_id"] for r in rows}),
                "n": len(rows),
                "agreement": round(sum(r["gold"] == r["pred"] for r in rows) / len(rows), 3),
                "all_no_baseline": round(sum(r["gold"] == "no" for r in rows) / len(rows), 3),
            })
        return out

    def calibration(self, edges: tuple[float, ...] = (0.0, 0.5, 0.7, 0.9, 1.0001)) -> list[dict[str, Any]]:
        """Agreement per confidence band, and how many disagreements were sent to review."""
        out = []
        for low, high in zip(edges, edges[1:]):
            rows = [r for r in self.rows if low <= float(r["confidence"]) < high]
            wrong = [r for r in rows if r["gold"] != r["pred"]]
            out.append({
                "confidence": f"[{low:.1f}, {min(high, 1.0):.1f}" + ("]" if high > 1 else ")"),
                "n": len(rows),
                "agreement": round(sum(r["gold"] == r["pred"] for r in rows) / len(rows), 3) if rows else None,
                "needs_review": sum(bool(r["needs_review"]) for r in rows),
                "disagreements": len(wrong),
                "disagreements_flagged": sum(bool(r["needs_review"]) for r in wrong),
            })
        return out

    def honest(self, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Per criterion and overall: agreement, kappa, yes/partial recall, confident errors
        (wrong and not sent to review), review load on relevant bills, each next to the
        always-"no" draft (which sends nothing to review), and the Brier score of ``confidence``
        read as the probability that the verdict is right."""
        return honest_table(self.rows if rows is None else rows)

    def reliability(self, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Confidence bands vs observed accuracy (mean confidence next to it)."""
        return reliability_table(self.rows if rows is None else rows)

    def confusion(self, criterion: str = "all") -> dict[tuple[str, str], int]:
        counts = Counter((r["gold"], r["pred"]) for r in self.rows if criterion == "all" or r["criterion"] == criterion)
        return {(g, p): counts.get((g, p), 0) for g in VERDICTS for p in VERDICTS}

    def per_document(self) -> list[dict[str, Any]]:
        docs: dict[str, list[dict[str, Any]]] = {}
        for row in self.rows:
            docs.setdefault(row["doc_id"], []).append(row)
        points = load_rubric().verdict_points
        return [
            {
                "doc_id": doc_id,
                "judged": len(rows),
                "agree": sum(r["gold"] == r["pred"] for r in rows),
                "gold_points": sum(points[r["gold"]] for r in rows),
                "pred_points": sum(points[r["pred"]] for r in rows),
            }
            for doc_id, rows in sorted(docs.items())
        ]

    def disagreements(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["gold"] != r["pred"]]

    def write_csv(self, directory: str | Path) -> list[Path]:
        """``evaluation_agreement.csv``, ``evaluation_confusion.csv``, ``evaluation_calibration.csv``,
        ``evaluation_documents.csv``, ``evaluation_disagreements.csv`` into ``directory``."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        written = []

        def dump(name: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
            path = folder / name
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)
            written.append(path)

        dump("evaluation_agreement.csv", self.per_criterion(),
             ["criterion", "n", "agree", "agreement", "kappa", "quotes", "quotes_found", "evidence_recall"])
        confusion_rows = [
            {"criterion": cid, "gold": g, "pred": p, "count": n}
            for cid in [*load_rubric().ids, "all"]
            for (g, p), n in self.confusion(cid).items()
        ]
        dump("evaluation_confusion.csv", confusion_rows, ["criterion", "gold", "pred", "count"])
        dump("evaluation_splits.csv", self.per_split(),
             ["split", "documents", "n", "agreement", "all_no_baseline"])
        dump("evaluation_calibration.csv", self.calibration(),
             ["confidence", "n", "agreement", "needs_review", "disagreements", "disagreements_flagged"])
        dump("evaluation_documents.csv", self.per_document(), ["doc_id", "judged", "agree", "gold_points", "pred_points"])
        dump("evaluation_disagreements.csv", self.disagreements(),
             ["doc_id", "split", "criterion", "gold", "pred", "needs_review", "confidence", "quotes", "quotes_found",
              "pred_explanation", "gold_reasoning"])
        return written


def _kappa(gold: list[str], pred: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if not gold or len(set(gold) | set(pred)) < 2:
        return None
    return round(float(cohen_kappa_score(gold, pred, labels=list(VERDICTS))), 3)


def _measures(rows: list[dict[str, Any]], pred_key: str = "pred") -> dict[str, Any]:
    n = len(rows)
    gold = [r["gold"] for r in rows]
    pred = [r[pred_key] for r in rows]
    positives = [r for r in rows if r["gold"] in ("yes", "partial")]
    found = sum(r[pred_key] == r["gold"] for r in positives)
    review = pred_key == "pred"
    wrong = [r for r in rows if r["gold"] != r[pred_key]]
    relevant = [r for r in rows if r.get("pred_relevant", True)]
    return {
        "n": n,
        "agreement": round(sum(g == p for g, p in zip(gold, pred)) / n, 3) if n else None,
        "kappa": _kappa(gold, pred) if n else None,
        "positives": len(positives),
        "positives_found": found,
        "recall": round(found / len(positives), 3) if positives else None,
        "wrong": len(wrong),
        "confident_errors": sum(not (review and r["needs_review"]) for r in wrong),
        "review_load": (round(sum(bool(r["needs_review"]) for r in relevant) / len(relevant), 3)
                        if review and relevant else (0.0 if relevant else None)),
    }


def honest_table(rows: list[dict[str, Any]], review: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """See :meth:`Evaluation.honest`; always-"no" figures under ``baseline_*`` keys. With
    ``review`` (:attr:`Evaluation.review` rows of the same set), ``review_load`` is the share of
    every criterion of the gold-relevant bills sent to review, judged or not: the analyst's load."""
    out = []
    for cid in [*load_rubric().ids, "all"]:
        subset = [dict(r, always_no="no") for r in rows if cid == "all" or r["criterion"] == cid]
        draft = _measures(subset)
        if review is not None:
            load = [r for r in review if cid == "all" or r["criterion"] == cid]
            draft["review_load"] = round(sum(r["needs_review"] for r in load) / len(load), 3) if load else None
        baseline = _measures(subset, "always_no")
        brier = (round(sum((float(r["confidence"]) - (r["gold"] == r["pred"])) ** 2 for r in subset) / len(subset), 3)
                 if subset else None)
        out.append({"criterion": cid, **draft, "brier": brier,
                    **{f"baseline_{k}": v for k, v in baseline.items() if k in ("agreement", "kappa", "recall",
                                                                                 "confident_errors")}})
    return out


def reliability_table(rows: list[dict[str, Any]], edges: tuple[float, ...] = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
                      ) -> list[dict[str, Any]]:
    out = []
    for low, high in zip(edges, edges[1:]):
        band = [r for r in rows if low <= float(r["confidence"]) < high]
        out.append({
            "confidence": f"[{low:.1f}, {min(high, 1.0):.1f}" + ("]" if high > 1 else ")"),
            "n": len(band),
            "mean_confidence": round(sum(float(r["confidence"]) for r in band) / len(band), 3) if band else None,
            "accuracy": round(sum(r["gold"] == r["pred"] for r in band) / len(band), 3) if band else None,
            "needs_review": sum(bool(r["needs_review"]) for r in band),
        })
    return out


def split_rows(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows by set: each frozen split (written before the rule changes), ``blind`` (written by someone
    who never read the rules), any other named split, and ``in-sample`` (always present)."""
    parts: dict[str, list[dict[str, Any]]] = {"in-sample": []}
    for row in rows:
        parts.setdefault(row.get("set", "frozen" if row.get("frozen") else "in-sample"), []).append(row)
    return parts


# --------------------------------------------------------------------------------------------
# leave-one-jurisdiction-out


def _jurisdiction_of(doc_id: str) -> str:
    return str(doc_id).split("-", 1)[0].lower()


class ClauseFeatures:
    """Token counts of every annotated clause, computed once, from which the clause pipeline's
    text features for any training subset are rebuilt without tokenizing again.

    The counts use the pipeline's own vectorizer settings (``build_pipeline``) with every term
    kept; for a training subset, the terms that ``TfidfVectorizer.fit`` would keep (present in the
    subset, ``min_df``/``max_features`` applied by scikit-learn's own ``_limit_features`` on the
    alphabetically sorted vocabulary, as ``fit`` does) are sliced out and the TF-IDF weights are
    fitted on the subset's rows only. So a fit here equals ``fit_classifier`` on the same rows
    (``tests/evaluate/test_lojo.py`` checks it); only the tokenizing is shared between folds.
    """

    def __init__(self, data, *, rule_features: bool):
        from sklearn.feature_extraction.text import CountVectorizer

        from pipeline.classify import build_pipeline, feature_frame
        from pipeline.model_eval import SEED

        self.data = data
        self.rule_features = rule_features
        self.template = build_pipeline(rule_features=rule_features, seed=SEED)
        frame = feature_frame(data.texts, data.rule_sets if rule_features else None)
        unique = sorted(set(frame["text"]))
        self.row = {text: i for i, text in enumerate(unique)}
        self.columns = []  # (column name, tf-idf vectorizer, counts of the unique texts)
        count_params = set(CountVectorizer().get_params())
        for name, vectorizer, column in self.template.named_steps["features"].transformers:
            if not hasattr(vectorizer, "sublinear_tf"):
                continue  # the small binary rules column is fitted directly (cheap)
            params = {k: v for k, v in vectorizer.get_params().items() if k in count_params}
            counter = CountVectorizer(**{**params, "min_df": 1, "max_df": 1.0, "max_features": None})
            self.columns.append((name, vectorizer, counter.fit_transform(unique).tocsr()))

    def _rows(self, cleaned_texts) -> list[int]:
        return [self.row[t] for t in cleaned_texts]

    def fit(self, texts, Y, rule_sets, *, rule_features: bool, seed: int | None = None):
        """Drop-in for :func:`pipeline.model_eval.fit_classifier` on clauses of ``data``:
        ``(fitted model with decision_function(frame), kept label mask)``."""
        from sklearn.base import clone
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        from pipeline.classify import feature_frame
        from pipeline.model_eval import _usable_columns

        assert rule_features == self.rule_features
        frame = feature_frame(texts, rule_sets if rule_features else None)
        rows = np.asarray(self._rows(frame["text"]))
        fitted = []
        for name, vectorizer, counts in self.columns:
            X = counts[rows]
            present = np.flatnonzero(X.getnnz(axis=0) > 0)
            n_doc = len(rows)
            high = vectorizer.max_df if isinstance(vectorizer.max_df, int) else vectorizer.max_df * n_doc
            low = vectorizer.min_df if isinstance(vectorizer.min_df, int) else vectorizer.min_df * n_doc
            vocabulary = {k: k for k in range(len(present))}
            # scikit-learn's own pruning (same tie-breaking for max_features); the keys left are kept
            CountVectorizer()._limit_features(X[:, present], vocabulary, high, low, vectorizer.max_features)
            keep = present[np.array(sorted(vocabulary), dtype=int)]
            tfidf = TfidfTransformer(norm=vectorizer.norm, use_idf=vectorizer.use_idf,
                                     smooth_idf=vectorizer.smooth_idf, sublinear_tf=vectorizer.sublinear_tf)
            fitted.append((keep, tfidf.fit(X[:, keep])))
        rules = None
        if rule_features:
            rules = CountVectorizer(binary=True, lowercase=False, token_pattern=r"\S+").fit(frame["rules"])
        model = _SlicedModel(self, fitted, rules)
        keep_labels = _usable_columns(Y)
        model.classifier = clone(self.template.named_steps["classifier"])
        if seed is not None:
            model.classifier.set_params(estimator__random_state=seed)
        model.classifier.fit(model.features(frame), Y[:, keep_labels])
        return model, keep_labels


class _SlicedModel:
    """A clause model fitted by :class:`ClauseFeatures`: ``decision_function`` on a feature frame."""

    def __init__(self, features: ClauseFeatures, fitted, rules):
        self.source, self.fitted, self.rules, self.classifier = features, fitted, rules, None

    def features(self, frame):
        from scipy import sparse
        from sklearn.utils import check_array

        rows = self.source._rows(frame["text"])
        blocks = [tfidf.transform(counts[rows][:, keep], copy=False)
                  for (keep, tfidf), (_, _, counts) in zip(self.fitted, self.source.columns)]
        if self.rules is not None:
            blocks.append(self.rules.transform(frame["rules"]))
        return sparse.hstack([check_array(b, accept_sparse=True, ensure_all_finite=False) for b in blocks]).tocsr()

    def decision_function(self, frame):
        return self.classifier.decision_function(self.features(frame))


@contextmanager
def _inner_fits_from(features: ClauseFeatures):
    """Inside, :func:`pipeline.model_eval.calibrate_and_threshold`'s inner-CV fits use the shared
    token counts (they only produce out-of-fold decision values); the calibration and threshold
    choice stay the training code's own."""
    from pipeline import model_eval

    original = model_eval.fit_classifier
    model_eval.fit_classifier = features.fit
    try:
        yield
    finally:
        model_eval.fit_classifier = original


#: Inner grouped-CV folds for Platt parameters and thresholds of a held-out model: as for the
#: models of the outer folds of ``statute train`` (``cross_validate``).
LOJO_INNER_SPLITS = 3


def lojo_training_rows(data, jurisdiction: str) -> np.ndarray:
    """Clauses a fold holding out ``jurisdiction`` may train on: every clause whose document
    is not of that jurisdiction (paraphrases, written by the team, belong to none)."""
    return np.array([i for i, d in enumerate(data.doc_ids) if _jurisdiction_of(d) != jurisdiction], dtype=int)


def lojo_models(jurisdiction: str, workdir: Path, data=None, *, features: ClauseFeatures | None = None,
                progress=None) -> Path:
    """A models folder trained without ``jurisdiction``'s annotated documents: the clause model
    (same features and combination as the committed bundle; Platt parameters and thresholds
    chosen again by an inner grouped CV on the training clauses, as in ``statute train``'s outer
    folds) and the similarity exemplars/thresholds. The relevance model is the committed one.
    ``lojo_training.json`` lists the documents trained on. Cached: an existing folder is reused."""
    import shutil

    from pipeline.classify import CLAUSE_MODEL_FILE, load_clause_model
    from pipeline.config import PROJECT_ROOT, models_dir
    from pipeline.model_io import dump_model
    from pipeline.similarity import build as build_similarity
    from pipeline.train_models import fit_clause_bundle

    folder = Path(workdir) / jurisdiction
    if (folder / CLAUSE_MODEL_FILE).is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    committed = load_clause_model(models_dir())
    for name in ("relevance.skops",):
        if (models_dir() / name).is_file():
            shutil.copy2(models_dir() / name, folder / name)
    held_out = {d for d in (data.doc_ids if data is not None else ()) if _jurisdiction_of(d) == jurisdiction}
    build_similarity(PROJECT_ROOT, folder, exclude_docs=held_out, exclude_jurisdiction=jurisdiction)
    if committed is None or data is None:
        return folder
    rule_features = bool(committed.get("rule_features"))
    train = lojo_training_rows(data, jurisdiction)
    if progress:
        progress(f"{jurisdiction}: training the clause model on {len(train)} clauses")
    if features is None or features.rule_features != rule_features:
        features = ClauseFeatures(data, rule_features=rule_features)
    # no threads for the per-label SVMs: liblinear draws from one process-wide random state, so
    # labels fitted side by side would not give exactly the model a sequential retrain gives
    with _inner_fits_from(features):
        bundle = fit_clause_bundle(data, train, combination=committed["combination"], rule_features=rule_features,
                                   n_splits=LOJO_INNER_SPLITS)
    bundle = {**{k: v for k, v in committed.items() if k not in bundle}, **bundle,
              "candidate": committed.get("candidate"),
              "version": f"{committed['version']}-lojo-{jurisdiction}"}
    dump_model(bundle, folder / CLAUSE_MODEL_FILE)
    (folder / "lojo_training.json").write_text(json.dumps({
        "held_out": jurisdiction, "clauses": int(len(train)),
        "documents": sorted({data.doc_ids[i] for i in train})}, indent=1) + "\n", encoding="utf-8")
    return folder


def lojo_clause_data(progress=None):
    """The annotated clauses with the rule signals in each, for the held-out models. The rules run
    with the committed clause model switched off: the rule signals are the rule flags alone (the
    model's own flags are dropped from them anyway), so running it would only cost time."""
    import os
    import tempfile

    from pipeline.model_eval import load_clause_data

    previous = os.environ.get("STATUTE_MODELS")
    with tempfile.TemporaryDirectory(prefix="statute-no-models-") as empty:
        os.environ["STATUTE_MODELS"] = empty
        try:
            return load_clause_data(progress=progress)
        finally:
            if previous is None:
                os.environ.pop("STATUTE_MODELS", None)
            else:
                os.environ["STATUTE_MODELS"] = previous


def score_lojo(gold: dict[str, GoldScorecard], pred_dir: str | Path, workdir: str | Path, *,
               jurisdictions: Iterable[str] | None = None, data=None, progress=None) -> list[str]:
    """Leave-one-jurisdiction-out drafts of the non-frozen gold documents into ``pred_dir``: for
    each jurisdiction J, models retrained without J's annotations score J's gold documents. The
    rules are fixed (and were written against these in-sample texts): only the trained parts are
    held out. ``data``: the annotated clauses (default :func:`lojo_clause_data`). Returns the
    jurisdictions done."""
    import os

    from pipeline.classify import load_clause_model
    from pipeline.config import models_dir
    from pipeline.run import score_file

    folder = Path(pred_dir)
    folder.mkdir(parents=True, exist_ok=True)
    by_j: dict[str, list[GoldScorecard]] = {}
    for card in gold.values():
        if not card.held_out:
            by_j.setdefault(str(card.jurisdiction or _jurisdiction_of(card.doc_id)).lower(), []).append(card)
    wanted = sorted(by_j) if jurisdictions is None else [j for j in jurisdictions if j in by_j]
    if not wanted:  # only held-out gold (frozen, blind): nothing to retrain
        return []
    if data is None:
        if progress:
            progress("running the rules on the annotated documents")
        data = lojo_clause_data()
    committed = load_clause_model(models_dir())
    features = None
    if committed is not None:
        if progress:
            progress("counting the n-grams of every annotated clause (once)")
        features = ClauseFeatures(data, rule_features=bool(committed.get("rule_features")))
    previous = os.environ.get("STATUTE_MODELS")
    done = []
    try:
        for j in wanted:
            os.environ["STATUTE_MODELS"] = str(lojo_models(j, Path(workdir), data, features=features,
                                                           progress=progress))
            for card in by_j[j]:
                try:
                    scorecard = score_file(gold_source_path(card)).scorecard
                except Exception as exc:  # noqa: BLE001 - an unreadable source stays missing
                    log.warning("could not score %s: %s", card.doc_id, exc)
                    continue
                (folder / f"{scorecard.bill_id}.json").write_text(json.dumps(scorecard.to_dict(), indent=1),
                                                                  encoding="utf-8")
            done.append(j)
            if progress:
                progress(f"{j}: {len(by_j[j])} gold documents scored")
    finally:
        if previous is None:
            os.environ.pop("STATUTE_MODELS", None)
        else:
            os.environ["STATUTE_MODELS"] = previous
    return done


def evaluate(gold: dict[str, GoldScorecard], preds: dict[str, Scorecard]) -> Evaluation:
    """Compare every judged gold criterion with the matching draft."""
    result = Evaluation()
    for doc_id, card in sorted(gold.items()):
        pred = _match(card, preds)
        if pred is None:
            result.missing.append(doc_id)
            continue
        result.relevance.append({"doc_id": doc_id, "gold": card.relevant, "pred": pred.relevant})
        if card.relevant:
            result.review.extend({"doc_id": doc_id, "criterion": cid, "set": card.set_name,
                                  "frozen": card.frozen, "needs_review": bool(c.needs_review)}
                                 for cid, c in pred.criteria.items())
        text: str | None = None
        text_loaded = False
        for cid, g in card.judged.items():
            p = pred.criteria[cid]
            if g.quotes and not text_loaded:
                text, text_loaded = _document_text(card, pred), True
            found = sum(quote_found(q, p.evidence, text) for q in g.quotes)
            result.rows.append({
                "doc_id": doc_id,
                "split": gold_split(card),
                "criterion": cid,
                "gold": g.verdict,
                "pred": p.verdict,
                "needs_review": p.needs_review,
                "confidence": p.confidence,
                "frozen": card.frozen,
                "set": card.set_name,
                "jurisdiction": card.jurisdiction,
                "gold_relevant": card.relevant,
                "pred_relevant": pred.relevant,
                "quotes": len(g.quotes),
                "quotes_found": found,
                "pred_explanation": p.explanation,
                "gold_reasoning": g.reasoning,
            })
    return result
