"""The shared-corpus document a record's offsets point into (read once per process)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.config import corpus_dir


def document_path(doc_id: str, source: str) -> Path:
    """Where a record's document lives in the shared corpus."""
    root = corpus_dir()
    if source == "bulk":
        return root / "bulk" / "texts" / f"{doc_id}.txt"
    for candidate in (root / "texts" / f"{doc_id}.txt", root / "pdfs" / f"{doc_id}.pdf"):
        if candidate.exists():
            return candidate
    return root / "texts" / f"{doc_id}.txt"


@lru_cache(maxsize=256)
def _load(path: str):
    from pipeline.ingest import load_document

    return load_document(path)


def load_source_document(doc_id: str, source: str):
    return _load(str(document_path(doc_id, source)))
