"""Similarity signal: notice clauses that read like an annotated rubric move no flag resolved.

Static sentence embeddings (``wordllama``'s bundled 256-d model, offline) rank a relevant bill's
operative clauses against exemplar clauses from ``corpus/annotations/*.jsonl`` (the labelled
clauses of each criterion; never the frozen-split bills nor the paraphrase suite, which are test
data). A clause whose best cosine similarity to a criterion's exemplars is above that
criterion's threshold, and that no flag of the criterion resolved, becomes an
:class:`~pipeline.unresolved.UnresolvedCue` of kind ``"similar"``: the scorer sends a silent
"no" on that criterion to review. It never decides a verdict.

Files (``models/``): ``similarity_exemplars.jsonl`` (text, criterion, doc id of each exemplar) and
``similarity.json`` (thresholds per criterion, chosen on grouped out-of-fold similarities, and
their cross-validated precision/recall). ``python3 -m pipeline.similarity`` rebuilds both and
``models/SIMILARITY_CARD.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pipeline.config import models_dir
from pipeline.unresolved import Clause, UnresolvedCue, resolved_criteria
from pipeline.values import Document, Flag
from pipeline.vocab import review_vocabulary, signal_criteria

__all__ = ["load_embedder", "embed", "similar_cues", "build", "write_embeddings", "EXEMPLARS_FILE",
           "THRESHOLDS_FILE", "EMBEDDINGS_FILE"]

EXEMPLARS_FILE = "similarity_exemplars.jsonl"
THRESHOLDS_FILE = "similarity.json"
#: The exemplars' embeddings, computed once by :func:`build` (numpy, ``allow_pickle=False``) and
#: keyed by the exemplars file's SHA-256, so a process does not embed 2,000 clauses at start-up.
EMBEDDINGS_FILE = "similarity_exemplars.npz"
#: Criteria the signal watches (individual accountability is always reviewed unless explicit).
WATCHED = ("end_qi_law_enforcement", "end_qi_public_employees", "end_qi_state_constitution", "no_liability_caps",
           "failure_to_intervene", "full_compensation", "attorney_fees", "public_records")
#: Clauses shorter than this (characters) are headings or fragments: not compared.
MIN_CLAUSE_CHARS = 40

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def load_embedder():
    """The bundled 256-d WordLlama model, loaded once per process without any download.

    Its loader looks for the tokenizer under ``<cache>/tokenizers``, not in the package, so the
    package's files are linked into a temporary cache folder (removed at exit).
    """
    import atexit
    import shutil
    import tempfile

    import wordllama
    from wordllama import WordLlama

    package = Path(wordllama.__file__).parent
    cache = Path(tempfile.mkdtemp(prefix="statute-wordllama-"))
    atexit.register(shutil.rmtree, cache, True)
    for sub, pattern in (("tokenizers", "*.json"), ("weights", "*.safetensors")):
        (cache / sub).mkdir()
        for source in (package / sub).glob(pattern):
            try:
                (cache / sub / source.name).symlink_to(source)
            except OSError:
                shutil.copy2(source, cache / sub / source.name)
    return WordLlama.load(dim=256, cache_dir=cache, disable_download=True)


def embed(texts: Sequence[str]):
    """Unit-length embeddings, shape ``(len(texts), 256)``."""
    import numpy as np

    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vectors = np.asarray(load_embedder().embed([" ".join(t.split()) for t in texts], norm=True), dtype=np.float32)
    return vectors


@lru_cache(maxsize=2)
def _exemplars(folder: str):
    """(criteria array, embedding matrix, thresholds) from ``models/``, or ``None`` when absent."""
    import numpy as np

    path, settings = Path(folder) / EXEMPLARS_FILE, Path(folder) / THRESHOLDS_FILE
    if not path.is_file() or not settings.is_file():
        return None
    raw = path.read_bytes()
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    thresholds = json.loads(settings.read_text(encoding="utf-8"))["thresholds"]
    matrix = _stored_embeddings(Path(folder) / EMBEDDINGS_FILE, hashlib.sha256(raw).hexdigest(), len(rows))
    if matrix is None:  # no stored embeddings, or stale ones: embed now (slower start)
        matrix = embed([r["text"] for r in rows])
    return np.array([r["criterion"] for r in rows]), matrix, thresholds


def _stored_embeddings(path: Path, sha256: str, count: int):
    import numpy as np

    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["exemplars_sha256"]) != sha256 or data["vectors"].shape[0] != count:
            return None
        return np.asarray(data["vectors"], dtype=np.float32)


def write_embeddings(folder: Path) -> Path:
    """Store the embeddings of ``folder``'s exemplars next to them (see :data:`EMBEDDINGS_FILE`)."""
    import numpy as np

    raw = (Path(folder) / EXEMPLARS_FILE).read_bytes()
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    target = Path(folder) / EMBEDDINGS_FILE
    np.savez_compressed(target, vectors=embed([r["text"] for r in rows]),
                        exemplars_sha256=np.array(hashlib.sha256(raw).hexdigest()))
    return target


def similar_cues(document: Document, clauses: Sequence[Clause], flags: Sequence[Flag], *,
                 models: str | Path | None = None) -> dict[str, list[UnresolvedCue]]:
    """Per watched criterion, the operative clauses no flag of it resolved whose best similarity
    to its exemplars is at least its threshold (strongest first)."""
    import numpy as np

    clauses = [c for c in clauses if c.end - c.start >= MIN_CLAUSE_CHARS]
    if not clauses:
        return {}
    try:
        loaded = _exemplars(str(models_dir(models)))
    except Exception as exc:  # noqa: BLE001 - a missing embedder degrades to the vocabulary check
        log.warning("similarity signal unavailable: %s", exc)
        return {}
    if loaded is None:
        return {}
    criteria, matrix, thresholds = loaded
    vectors = embed([document.text[c.start:c.end] for c in clauses])
    scores = vectors @ matrix.T
    resolving = review_vocabulary()["criteria"]
    out: dict[str, list[UnresolvedCue]] = {}
    for cid in WATCHED:
        columns = criteria == cid
        if cid not in thresholds or not columns.any():
            continue
        best = scores[:, columns].max(axis=1)
        for i in np.flatnonzero(best >= thresholds[cid]):
            clause = clauses[i]
            if resolved_criteria(clause, flags) & resolving[cid]["resolved_by"]:
                continue
            out.setdefault(cid, []).append(UnresolvedCue(
                cid, "similar", " ".join(document.text[clause.start:clause.end].split()), clause.start, clause.end,
                clause.section, similarity=round(float(best[i]), 3)))
        if cid in out:
            out[cid].sort(key=lambda c: -(c.similarity or 0.0))
    return out


# --------------------------------------------------------------------------------------------
# building the exemplars and choosing thresholds (python3 -m pipeline.similarity)


def _annotated_clauses(corpus: Path, excluded_docs: set[str], excluded_texts: set[str]) -> list[dict]:
    criteria = signal_criteria()
    rows = []
    for path in sorted((corpus / "annotations").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = " ".join(str(row.get("text", "")).split())
            if row.get("doc_id") in excluded_docs or text in excluded_texts or len(text) < MIN_CLAUSE_CHARS:
                continue
            labels = {criteria[label] for label in row.get("labels", ()) if label in criteria}
            rows.append({"text": text, "doc_id": row.get("doc_id"), "criteria": sorted(labels),
                         "eval": bool(row.get("eval", True)) and row.get("source") != "paraphrase"})
    return rows


def _excluded(root: Path) -> tuple[set[str], set[str]]:
    """Frozen-split gold documents and the paraphrase suite's sentences: test data, never exemplars."""
    import yaml

    frozen = set()
    for path in (root / "corpus" / "gold").glob("*.yaml"):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(raw.get("split", "")).startswith("frozen"):
            frozen.add(str(raw["doc_id"]))
    sentences = set()
    for path in (root / "tests" / "score" / "paraphrases").glob("*.yaml"):
        for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", ()):
            sentences.add(" ".join(str(case.get("text", "")).split()))
    return frozen, sentences


def _best_threshold(scores, truth, min_precision: float) -> tuple[float, float, float]:
    """Highest-F1 threshold among those with precision >= ``min_precision`` -> (t, P, R)."""
    import numpy as np

    best = (1.01, 0.0, 0.0, -1.0)
    for t in np.unique(np.round(scores, 3)):
        hit = scores >= t
        tp = int((hit & truth).sum())
        if not hit.any() or not truth.any():
            continue
        precision, recall = tp / int(hit.sum()), tp / int(truth.sum())
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if precision >= min_precision and f1 > best[3]:
            best = (float(t), precision, recall, f1)
    return best[0], round(best[1], 3), round(best[2], 3)


def build(root: Path, out: Path, *, n_splits: int = 5, min_precision: float = 0.5,
          exclude_docs: set[str] | None = None, exclude_jurisdiction: str | None = None) -> dict:
    """Write the exemplars and the thresholds (grouped out-of-fold choice) into ``out``.

    ``exclude_docs`` / ``exclude_jurisdiction`` (doc ids starting ``<code>-``) hold documents out,
    for the leave-one-jurisdiction-out evaluation."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    frozen, suite = _excluded(root)
    rows = _annotated_clauses(root / "corpus", frozen | set(exclude_docs or ()), suite)
    if exclude_jurisdiction:
        rows = [r for r in rows if not str(r["doc_id"] or "").lower().startswith(f"{exclude_jurisdiction}-")]
    vectors = embed([r["text"] for r in rows])
    evaluable = np.array([r["eval"] for r in rows])
    groups = np.array([r["doc_id"] or "?" for r in rows])
    report: dict = {"thresholds": {}, "cv": {}, "n_exemplars": {}, "min_precision": min_precision,
                    "n_splits": n_splits, "clauses": len(rows), "excluded_frozen_documents": len(frozen)}
    positives = {cid: np.array([cid in r["criteria"] for r in rows]) for cid in WATCHED}
    oof = {cid: np.full(len(rows), np.nan) for cid in WATCHED}
    idx = np.flatnonzero(evaluable)
    for train, test in GroupKFold(n_splits=n_splits).split(idx, groups=groups[idx]):
        test_rows = idx[test]
        train_mask = np.ones(len(rows), dtype=bool)
        train_mask[test_rows] = False
        train_mask &= ~np.isin(groups, groups[test_rows])  # no clause of a held-out document
        for cid in WATCHED:
            bank = vectors[train_mask & positives[cid]]
            if len(bank):
                oof[cid][test_rows] = (vectors[test_rows] @ bank.T).max(axis=1)
    for cid in WATCHED:
        seen = ~np.isnan(oof[cid])
        t, p, r = _best_threshold(oof[cid][seen], positives[cid][seen], min_precision)
        report["thresholds"][cid] = t
        report["cv"][cid] = {"precision": p, "recall": r, "positives": int(positives[cid][seen].sum()),
                             "clauses": int(seen.sum())}
        report["n_exemplars"][cid] = int(positives[cid].sum())
    out.mkdir(parents=True, exist_ok=True)
    with open(out / EXEMPLARS_FILE, "w", encoding="utf-8") as handle:
        for row in rows:
            for cid in row["criteria"]:
                if cid in WATCHED:
                    handle.write(json.dumps({"text": row["text"], "criterion": cid, "doc_id": row["doc_id"]},
                                            ensure_ascii=False) + "\n")
    (out / THRESHOLDS_FILE).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    write_embeddings(out)
    _write_card(report, out / "SIMILARITY_CARD.md")
    return report


def _write_card(report: dict, path: Path) -> None:
    lines = [
        "# Model card: similarity signal (review routing)",
        "",
        "Generated by `python3 -m pipeline.similarity`; do not edit by hand.",
        "",
        "* **Embedder:** `wordllama` 256-d bundled model (static token embeddings, mean-pooled, unit length), "
        "loaded offline from the package's own files.",
        "* **Files:** `similarity_exemplars.jsonl` (exemplar text, criterion, document), `similarity.json` "
        "(thresholds, CV figures), `similarity_exemplars.npz` (the exemplars' embeddings, float32, keyed by the "
        "exemplars file's SHA-256, read with `allow_pickle=False`; a stale file is ignored and the exemplars "
        "embedded afresh).",
        "* **Exemplars:** labelled clauses of `corpus/annotations/*.jsonl` per criterion "
        f"({report['clauses']} clauses read); the {report['excluded_frozen_documents']} frozen-split gold "
        "documents and every sentence of the paraphrase suite (`tests/score/paraphrases`) are excluded.",
        "* **Use:** a relevant bill's operative clause whose best cosine similarity to a criterion's exemplars "
        "is at least the threshold, and that no flag of the criterion resolved, sends a silent 'no' on that "
        "criterion to review. It never decides a verdict.",
        f"* **Thresholds:** per criterion, the highest-F1 threshold with precision >= {report['min_precision']} on "
        f"grouped out-of-fold similarities (GroupKFold, {report['n_splits']} folds by document; exemplars of a "
        "held-out document are never in its bank). The P/R below are measured on those same out-of-fold scores "
        "the threshold was chosen on, so they are slightly optimistic.",
        "",
        "| criterion | exemplars | threshold | CV precision | CV recall | positives / clauses |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for cid, t in report["thresholds"].items():
        cv = report["cv"][cid]
        lines.append(f"| `{cid}` | {report['n_exemplars'][cid]} | {t:.3f} | {cv['precision']:.2f} | "
                     f"{cv['recall']:.2f} | {cv['positives']} / {cv['clauses']} |")
    lines += ["", "Limitations: one annotator; static embeddings see words, not syntax, so negation and "
              "modality are invisible to this signal (that is why it only routes to review)."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a build script
    from pipeline.config import PACKAGE_DATA

    root = PACKAGE_DATA.parent.parent
    result = build(root, root / "models")
    print(json.dumps({"thresholds": result["thresholds"], "cv": result["cv"]}, indent=1))
