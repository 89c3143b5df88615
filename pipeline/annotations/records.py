"""Annotation records: the clause record, the relevance labels, cross-validation groups, JSONL I/O.

The corpus lives in ``corpus/annotations/*.jsonl``, one JSON object per clause::

    {"id", "doc_id", "doc_sha256", "source": "shared"|"bulk"|"paraphrase", "start", "end",
     "text", "labels": [signal, ...], "method", "eval"}

``start``/``end`` are character offsets into ``pipeline.ingest.load_document(path).text`` and
``doc_sha256`` is the sha256 of the raw file. Paraphrases written by the team have
``doc_id == "paraphrase"``, offsets ``0..len(text)``, no sha256 and ``eval == False``: they widen
training data and are never evaluation data.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.config import project_corpus_dir

# "external" and "analyst review" are records exported from the review store
# (pipeline.review.export_annotations): bills from outside the shared corpus, labelled by analysts.
SOURCES = ("shared", "bulk", "paraphrase", "external")
METHODS = ("rule-suggested, reviewed", "written by hand", "paraphrase (team-written)", "analyst review")
PARAPHRASE_DOC_ID = "paraphrase"
RECORD_KEYS = ("id", "doc_id", "doc_sha256", "source", "start", "end", "text", "labels", "method", "eval")




def annotations_dir() -> Path:
    return project_corpus_dir() / "annotations"


@dataclass
class AnnotatedClause:
    """One labelled clause. ``labels`` empty means: read, and none of the signals applies."""

    id: str
    doc_id: str
    doc_sha256: str | None
    source: str
    start: int
    end: int
    text: str
    labels: list[str] = field(default_factory=list)
    method: str = "written by hand"
    eval: bool = True

    @classmethod
    def from_dict(cls, raw: dict) -> "AnnotatedClause":
        missing = [key for key in RECORD_KEYS if key not in raw]
        if missing:
            raise ValueError(f"record {raw.get('id', '?')!r} lacks {', '.join(missing)}")
        return cls(**{key: raw[key] for key in RECORD_KEYS})

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def is_paraphrase(self) -> bool:
        return self.source == "paraphrase"


def clause_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{start}-{end}"


def default_paths() -> list[Path]:
    return sorted(annotations_dir().glob("*.jsonl"))


def load_annotations(paths: Iterable[str | Path] | None = None) -> list[AnnotatedClause]:
    """Every record of the given JSONL files (default: all of ``corpus/annotations/*.jsonl``)."""
    records: list[AnnotatedClause] = []
    for path in default_paths() if paths is None else [Path(p) for p in paths]:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    records.append(AnnotatedClause.from_dict(json.loads(line)))
                except (ValueError, TypeError) as error:
                    raise ValueError(f"{path.name}:{number}: {error}") from None
    return records


@lru_cache(maxsize=1)
def doc_groups() -> dict[str, str]:
    """``doc_id -> group`` for documents that share text (versions, reintroductions, excerpts).

    Grouped cross-validation must keep a whole group on one side of a split, or near-identical
    clauses leak from training into testing. Documents not listed form a group of their own
    (use :func:`group_of`). Read from ``corpus/annotations/doc_groups.csv``.
    """
    import csv

    path = annotations_dir() / "doc_groups.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row["group"] for row in csv.DictReader(handle)}


def group_of(doc_id: str) -> str:
    """The cross-validation group of a document (its own id unless it shares text with others)."""
    return doc_groups().get(doc_id, doc_id)


@dataclass(frozen=True)
class RelevanceLabel:
    """One row of ``corpus/annotations/relevance.csv``: is this document about civil liability or
    immunity of public officials for rights violations?"""

    doc_id: str
    path: str  # relative to the shared corpus directory
    sha256: str
    relevant: bool
    kind: str
    method: str
    chosen_by: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def load_relevance(path: str | Path | None = None) -> list[RelevanceLabel]:
    """The labelled document sample for the relevance model."""
    import csv

    path = Path(path) if path else annotations_dir() / "relevance.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            RelevanceLabel(
                doc_id=row["doc_id"], path=row["path"], sha256=row["sha256"], relevant=row["relevant"] == "1",
                kind=row["kind"], method=row["method"], chosen_by=row.get("chosen_by", ""),
            )
            for row in csv.DictReader(handle)
        ]


def write_jsonl(records: Iterable[AnnotatedClause], path: str | Path) -> int:
    """Write records sorted by document and offset; returns how many."""
    ordered = sorted(records, key=lambda r: (r.source, r.doc_id, r.start, r.end))
    with open(path, "w", encoding="utf-8") as handle:
        for record in ordered:
            handle.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    return len(ordered)
