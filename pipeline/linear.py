"""Trained linear text models scored with numpy alone: the run-time half of the model files.

``statute train`` fits scikit-learn pipelines (TF-IDF word and character n-grams, optionally a
binary bag of rule signals, into linear SVMs or a logistic regression) and saves each one twice:
the ``.skops`` file (the full scikit-learn object, for notebooks and retraining) and an
``.npz`` + ``.json`` pair written by :func:`pipeline.model_io.export_linear` — vocabularies, idf
weights, coefficients and intercepts as plain arrays (read with ``allow_pickle=False``) and the
vectoriser settings as JSON. This module reads the pair and reproduces scikit-learn's
``transform`` + ``decision_function`` exactly (same analyzers, same float32 TF-IDF arithmetic,
same row normalisation), so scoring a bill never imports scikit-learn, scipy or pandas, which
cost most of a cold start. ``tests/classify/test_linear.py`` checks the decision values against
scikit-learn's on every annotated clause.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ModelError

__all__ = ["FORMAT", "TextFeatures", "LinearTextModel", "read_linear", "linear_paths"]

#: Written into every ``.json`` of a model pair; anything else is refused.
FORMAT = "statute-linear/1"

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's VectorizerMixin._white_spaces


@dataclass
class TextFeatures:
    """One fitted vectoriser (``TfidfVectorizer`` or ``CountVectorizer``) as plain values.

    ``offset`` is where its columns start in the model's feature space (ColumnTransformer order).
    """

    name: str
    column: str | None
    analyzer: str  # "word" | "char_wb"
    ngram_range: tuple[int, int]
    lowercase: bool
    token_pattern: str
    binary: bool
    sublinear_tf: bool
    norm: str | None
    dtype: str
    vocabulary: dict[str, int]
    idf: np.ndarray | None
    offset: int

    def __post_init__(self) -> None:
        self._token_re = re.compile(self.token_pattern)
        if self.analyzer not in ("word", "char_wb"):
            raise ModelError(f"unsupported analyzer {self.analyzer!r} in feature {self.name!r}")
        if self.norm not in (None, "l2"):
            raise ModelError(f"unsupported norm {self.norm!r} in feature {self.name!r}")

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    def analyze(self, text: str) -> list[str]:
        """The terms scikit-learn's ``build_analyzer()`` yields for ``text``."""
        if self.lowercase:
            text = text.lower()
        min_n, max_n = self.ngram_range
        if self.analyzer == "char_wb":
            grams: list[str] = []
            for word in _WHITE_SPACES.sub(" ", text).split():
                word = f" {word} "
                length = len(word)
                for n in range(min_n, max_n + 1):
                    offset = 0
                    grams.append(word[offset:offset + n])
                    while offset + n < length:
                        offset += 1
                        grams.append(word[offset:offset + n])
                    if offset == 0:  # a short word counts once
                        break
            return grams
        tokens = self._token_re.findall(text)
        if max_n == 1:
            return tokens
        terms = list(tokens) if min_n == 1 else []
        for n in range(max(min_n, 2), min(max_n + 1, len(tokens) + 1)):
            terms.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return terms

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """``(column indices, float64 values)`` of one text, as scikit-learn's ``transform`` row."""
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for term in self.analyze(text):
            index = vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        indices = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
        values = np.array([counts[i] for i in indices.tolist()], dtype=self.dtype)
        if self.binary:
            values.fill(1)
        if self.idf is not None or self.norm is not None:  # TfidfTransformer, in the matrix dtype
            if self.sublinear_tf:
                np.log(values, out=values)
                values += 1.0
            if self.idf is not None:
                values *= self.idf[indices]
            if self.norm == "l2":
                # sklearn's inplace_csr_row_normalize_l2: float products summed in a double, in
                # column order, then each value divided by the root in double precision
                total = float(np.cumsum((values * values).astype(np.float64))[-1])
                if total != 0.0:
                    values = (values.astype(np.float64) / math.sqrt(total)).astype(values.dtype)
        return indices + self.offset, values.astype(np.float64)


class LinearTextModel:
    """Vectorisers + a linear layer: ``decision_function`` and (logistic) ``predict_proba``.

    ``kind`` is ``"decision"`` (one-vs-rest linear SVMs: one column per label) or ``"logistic"``
    (a binary logistic regression; ``predict_proba`` gives ``[1 - p, p]`` like scikit-learn).
    """

    def __init__(self, features: Sequence[TextFeatures], coef: np.ndarray, intercept: np.ndarray,
                 kind: str) -> None:
        self.features = list(features)
        self.coef_t = np.ascontiguousarray(np.asarray(coef, dtype=np.float64).T)  # (n_features, n_out)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.kind = kind
        n_features = sum(f.size for f in self.features)
        if self.coef_t.shape != (n_features, len(self.intercept)):
            raise ModelError(f"model arrays disagree: coef {self.coef_t.shape[::-1]} for {n_features} "
                             f"features and {len(self.intercept)} outputs")

    def _columns(self, data: Mapping[str, Sequence[str]] | Sequence[str]) -> list[Sequence[str]]:
        if isinstance(data, Mapping):
            return [data[f.column] for f in self.features]
        return [data for _ in self.features]

    def decision_function(self, data: Mapping[str, Sequence[str]] | Sequence[str]) -> np.ndarray:
        """Decision values, ``(n, n_out)`` (``(n,)`` with one output, as scikit-learn ravels it).

        ``data`` is a mapping column name -> texts, or a plain list of texts for a model with
        one unnamed column.
        """
        columns = self._columns(data)
        n = len(columns[0]) if columns else 0
        scores = np.empty((n, len(self.intercept)))
        for i in range(n):
            parts = [feature.row(column[i]) for feature, column in zip(self.features, columns)]
            indices = np.concatenate([p[0] for p in parts])
            values = np.concatenate([p[1] for p in parts])
            scores[i] = values @ self.coef_t[indices] + self.intercept
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_proba(self, data: Mapping[str, Sequence[str]] | Sequence[str]) -> np.ndarray:
        if self.kind != "logistic":
            raise ModelError("predict_proba needs a logistic model")
        decision = self.decision_function(data)
        p = 1.0 / (1.0 + np.exp(-decision))
        return np.vstack([1 - p, p]).T


def linear_paths(stem: str | Path) -> tuple[Path, Path]:
    """``(stem.npz, stem.json)`` for a model file stem or a path with any suffix."""
    stem = Path(stem)
    stem = stem.with_suffix("") if stem.suffix in (".npz", ".json", ".skops") else stem
    return stem.with_name(stem.name + ".npz"), stem.with_name(stem.name + ".json")


def read_linear(stem: str | Path) -> dict[str, Any]:
    """The bundle saved at ``stem.npz`` + ``stem.json``: its JSON fields plus ``"pipeline"``.

    Arrays are read with ``allow_pickle=False``; a missing array, a wrong format tag or arrays that
    disagree raise :class:`~pipeline.errors.ModelError` (one line naming the file).
    """
    arrays_path, meta_path = linear_paths(stem)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ModelError(f"unsupported model format {meta.get('format')!r} (expected {FORMAT})")
        spec = meta.pop("model")
        with np.load(arrays_path, allow_pickle=False) as arrays:
            features = []
            for item in spec["features"]:
                name = item["name"]
                terms = arrays[f"{name}.vocabulary"].tolist()
                idf = arrays[f"{name}.idf"] if f"{name}.idf" in arrays.files else None
                features.append(TextFeatures(
                    name=name, column=item["column"], analyzer=item["analyzer"],
                    ngram_range=tuple(item["ngram_range"]), lowercase=item["lowercase"],
                    token_pattern=item["token_pattern"], binary=item["binary"],
                    sublinear_tf=item["sublinear_tf"], norm=item["norm"], dtype=item["dtype"],
                    vocabulary={term: i for i, term in enumerate(terms)},
                    idf=None if idf is None else idf.astype(item["dtype"]), offset=item["offset"]))
            model = LinearTextModel(features, arrays["coef"], arrays["intercept"], spec["kind"])
    except ModelError as error:
        raise ModelError(f"{meta_path.name}: {error}", path=str(meta_path)) from error
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{meta_path.name}: could not read model ({error.__class__.__name__}: {error})",
                         path=str(meta_path)) from error
    return {**meta, "pipeline": model}
