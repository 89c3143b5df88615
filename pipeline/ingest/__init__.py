"""Ingestion: any statute or bill file -> one normalised :class:`~pipeline.values.Document`.

``load_document(path)`` checks the size limit, reads the bytes once, sniffs the format from
the content (:mod:`.detect`), and hands over to the reader for that format (:mod:`.text`,
:mod:`.pdf`, :mod:`.xml`, :mod:`.html`) under a per-file time limit (:mod:`.limits`). Every
reader ends in :func:`~pipeline.ingest.normalize.normalize_text`, so offsets mean the same
thing whatever the source format. Bad input raises a :class:`~pipeline.errors.StatuteError`
subclass with a one-line message, never anything else.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import (CorruptFileError, EmptyDocumentError, FileTooLargeError, IngestError, OutOfMemoryError,
                             StatuteError, UnsupportedFormatError)
from pipeline.values import Document, Source
from pipeline.ingest.detect import sniff_format
from pipeline.ingest.limits import check_size, time_limit
from pipeline.ingest.confusables import normalise_document
from pipeline.ingest.normalize import normalize_text

__all__ = ["load_document", "document_from_text", "normalize_text", "SUPPORTED_FORMATS"]

SUPPORTED_FORMATS = ("txt", "pdf", "xml", "html", "docx")


def load_document(path: str | os.PathLike[str], *, max_bytes: int | None = None, timeout: float | None = None,
                  repair_words: bool | Callable[[str], bool] = True) -> Document:
    """Read one file into a :class:`Document`.

    ``max_bytes``: refuse larger files before reading them (``None``: no limit).
    ``timeout``: seconds allowed for this file (``None``: no limit).
    ``repair_words``: whether a plain text gets the split/run-together word repair, or a test of
    the text that decides (see :func:`~pipeline.ingest.repair.repair_text`).
    Raises :class:`~pipeline.errors.IngestError` subclasses with a one-line reason.
    """
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            from pipeline.ingest.discover import not_a_file_reason

            raise IngestError(f"{name}: {not_a_file_reason(path)}", path=str(path))
        check_size(path, max_bytes)
        with time_limit(timeout, label=name):
            raw = path.read_bytes()
            return _check_length(_load_bytes(raw, str(path), repair_words=repair_words), name)
    except StatuteError:
        raise
    except MemoryError:  # a PDF stream inflating past the worker's memory cap, not "blank pages"
        raise OutOfMemoryError(f"{name}: out of memory while reading (memory cap reached)", path=str(path)) from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot read file ({exc.strerror or exc})", path=str(path)) from None
    except RecursionError:
        raise CorruptFileError(f"{name}: structure is nested too deeply to read", path=str(path)) from None
    except Exception as exc:  # a parser bug on odd input must not become a traceback
        raise CorruptFileError(f"{name}: could not be read ({type(exc).__name__}: {exc})", path=str(path)) from None


def _check_length(document: Document, name: str) -> Document:
    """Refuse a text longer than the flagging pipeline takes (see ``config.MAX_TEXT_CHARS``)."""
    from pipeline import config

    if len(document.text) > config.MAX_TEXT_CHARS:
        raise FileTooLargeError(
            f"{name}: {len(document.text):,} characters of text is over the limit of "
            f"{config.MAX_TEXT_CHARS:,}; split the document into parts to score it",
            path=document.source.path,
        )
    return document


def _load_bytes(raw: bytes, path: str, *, repair_words: bool | Callable[[str], bool] = True) -> Document:
    name = Path(path).name
    if not raw.strip():
        raise EmptyDocumentError(f"{name}: file is empty", path=path)
    fmt = sniff_format(raw[:8192], name=path)
    sha256 = hashlib.sha256(raw).hexdigest()
    if fmt == "pdf":
        from pipeline.ingest.pdf import load_pdf

        document = load_pdf(raw, path, sha256=sha256)
    elif fmt == "xml":
        from pipeline.ingest.xml import load_xml

        document = load_xml(raw, path, sha256=sha256)
    elif fmt == "html":
        from pipeline.ingest.html import load_html

        document = load_html(raw, path, sha256=sha256)
    elif fmt == "docx":
        from pipeline.ingest.docx import load_docx

        document = load_docx(raw, path, sha256=sha256)
    elif fmt == "txt":
        document = _load_text(raw, path, sha256=sha256, repair_words=repair_words)
    else:  # pragma: no cover - sniff_format only returns the formats above
        raise UnsupportedFormatError(f"{name}: unsupported format {fmt}", path=path)
    if not document.text.strip():
        raise EmptyDocumentError(f"{name}: no text in the {fmt.upper()} file", path=path)
    document = normalise_document(document)  # invisible and look-alike characters, recorded
    if not document.text.strip():  # nothing but control or invisible characters
        raise EmptyDocumentError(f"{name}: no text in the {fmt.upper()} file", path=path)
    return _with_conventions(document) if fmt == "txt" else document


def _load_text(raw: bytes, path: str, *, sha256: str, repair_words: bool | Callable[[str], bool] = True) -> Document:
    from pipeline.ingest.text import decode_bytes

    decoded, encoding = decode_bytes(raw, name=Path(path).name)
    source = Source(path=path, sha256=sha256, format="txt", bytes=len(raw), encoding=encoding)
    return _repaired_document(normalize_text(decoded), source, repair_words=repair_words)


def _repaired_document(text: str, source: Source, *, repair_words: bool | Callable[[str], bool] = True) -> Document:
    """A plain-text Document after :func:`~pipeline.ingest.repair.repair_text` (line numbers,
    furniture, bracketed deletions, split and run-together words)."""
    from pipeline.ingest.repair import repair_text

    repaired = repair_text(text, words=repair_words)
    return Document(text=repaired.text, source=source, lines=repaired.lines, dropped=repaired.dropped,
                    changed=repaired.changed)


def document_from_text(text: str, name: str = "text", *, repair_words: bool | Callable[[str], bool] = True) -> Document:
    """A :class:`Document` from a string (notebooks, the API): normalised like a ``.txt`` file.

    ``name`` becomes the source path (and so the ``bill_id``); the hash is of the UTF-8 text given.
    ``repair_words`` as in :func:`load_document`.
    """
    raw = text.encode("utf-8")
    source = Source(path=name, sha256=hashlib.sha256(raw).hexdigest(), format="txt", bytes=len(raw), encoding="utf-8")
    document = _repaired_document(normalize_text(text), source, repair_words=repair_words)
    return _with_conventions(normalise_document(document))


def _with_conventions(document: Document) -> Document:
    """Record where a plain text follows a convention it cannot fully show (Arizona's struck
    words survive as lower-case text: :func:`~pipeline.ingest.conventions.capitals_convention_spans`).
    Formats that keep strike-through (PDF, HTML, DOCX) drop struck words and need no such record."""
    from pipeline.ingest.conventions import capitals_convention_spans

    document.conventions = capitals_convention_spans(document.text)
    return document
