"""Typed errors with one-line reasons.

Every error a user can trigger with bad input is a subclass of :class:`StatuteError`,
whose ``str()`` is a single line fit for ``errors.csv`` and the terminal. Batch code
catches ``StatuteError`` per input and moves on; anything else is a bug.
"""

from __future__ import annotations


class StatuteError(Exception):
    """Base class: ``reason`` is a short machine-friendly code, the message is for people."""

    reason = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(" ".join(message.split()))  # always one line


class IngestError(StatuteError):
    reason = "ingest_error"


class EmptyDocumentError(IngestError):
    reason = "empty"


class UnsupportedFormatError(IngestError):
    reason = "unsupported_format"


class EncodingError(IngestError):
    reason = "encoding"


class CorruptFileError(IngestError):
    reason = "corrupt"


class EncryptedPDFError(IngestError):
    reason = "encrypted_pdf"


class NoTextLayerError(IngestError):
    reason = "no_text_layer"


class FileTooLargeError(IngestError):
    reason = "too_large"


class OutOfMemoryError(IngestError):
    """The per-worker memory cap was reached on this input (a decompression bomb, a huge text)."""

    reason = "out_of_memory"


class IngestTimeoutError(IngestError):
    reason = "timeout"


class OutsidePathError(IngestError):
    reason = "outside_path"


class ModelError(StatuteError):
    reason = "model_error"


class UntrustedModelError(ModelError):
    reason = "untrusted_model"
