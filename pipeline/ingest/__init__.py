"""Ingestion: any statute or bill file -> one normalised :class:`~pipeline.document.Document`.

``load_document(path)`` dispatches on the detected format. (Provisional: plain text only; the
ingestion issue extends this package with PDF, XML, HTML and the error handling.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.document import Document, Source
from pipeline.errors import EmptyDocumentError
from pipeline.ingest.normalize import normalize_text

__all__ = ["load_document", "normalize_text"]


def load_document(path: str | Path) -> Document:
    path = Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise EmptyDocumentError(f"{path.name}: file is empty", path=str(path))
    text = normalize_text(raw.decode("utf-8-sig"))
    source = Source(path=str(path), sha256=hashlib.sha256(raw).hexdigest(), format="txt", bytes=len(raw))
    return Document(text=text, source=source)
