"""The ``Document``: one normalised text plus everything needed to point back at the source.

Offsets everywhere in the project (sections, flags, evidence) are character offsets into
``Document.text``. For PDFs, ``lines`` maps those offsets to the page and the printed line
number; ``dropped`` keeps text that was deliberately left out (struck-through words), so a
reviewer can still see what a redline removed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from pathlib import Path

_BILL_ID_UNSAFE = re.compile(r"[^a-z0-9._-]")


def bill_id_for(path: str | Path) -> str:
    """The contract's ``bill_id``: file name without extension, lower-cased, unsafe chars -> ``-``."""
    return _BILL_ID_UNSAFE.sub("-", Path(path).stem.lower())


@dataclass(frozen=True)
class Source:
    """Where a document came from."""

    path: str
    sha256: str
    format: str  # "txt" | "pdf" | "xml" | "html"
    pages: int | None = None
    bytes: int = 0
    encoding: str | None = None

    @property
    def deleted_word_count(self) -> int:
        """How many words the source marks as deleted (struck through, bracketed, XML deletions)."""
        return sum(len(span.text.split()) for span in self.dropped if span.reason in DELETION_REASONS)

    def to_dict(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "format": self.format, "pages": self.pages}


@dataclass(frozen=True)
class LineSpan:
    """A printed line of the source: ``text[start:end]`` came from ``page`` (1-based), ``line``.

    ``line`` is the number printed in the margin when the source has one, else ``None``.
    """

    start: int
    end: int
    page: int
    line: int | None = None


@dataclass(frozen=True)
class DroppedSpan:
    """Text present in the source but excluded from ``Document.text``.

    ``offset`` is where it would have stood in ``Document.text``; ``reason`` says why it was
    dropped (``"strikethrough"``, ``"furniture"``...).
    """

    text: str
    offset: int
    reason: str
    page: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class ChangedSpan:
    """Text rewritten by a repair: ``Document.text[start:end]`` reads ``original`` in the source.

    ``reason`` says which repair (``"split_word"`` for "defens e" -> "defense",
    ``"run_together"`` for "followingapply" -> "following apply").
    """

    start: int
    end: int
    original: str
    reason: str


#: ``DroppedSpan.reason`` values that mean the law deletes these words (redlines, brackets).
DELETION_REASONS = ("strikethrough", "deleted", "bracketed")


@dataclass
class Document:
    """A normalised statute or bill text."""

    text: str
    source: Source
    page_spans: list[tuple[int, int]] = field(default_factory=list)
    lines: list[LineSpan] = field(default_factory=list)
    dropped: list[DroppedSpan] = field(default_factory=list)
    title: str | None = None
    changed: list[ChangedSpan] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def bill_id(self) -> str:
        return bill_id_for(self.source.path)

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        """``(page, printed line)`` of a text offset; ``(None, None)`` for plain text."""
        if not self.lines:
            if not self.page_spans:
                return None, None
            starts = [start for start, _ in self.page_spans]
            return bisect_right(starts, offset) or 1, None
        if self._line_starts is None:
            self._line_starts = [span.start for span in self.lines]
        index = max(bisect_right(self._line_starts, offset) - 1, 0)
        span = self.lines[index]
        return span.page, span.line

    @property
    def deleted_word_count(self) -> int:
        """How many words the source marks as deleted (struck through, bracketed, XML deletions)."""
        return sum(len(span.text.split()) for span in self.dropped if span.reason in DELETION_REASONS)

    def to_dict(self) -> dict:
        return {
            "bill_id": self.bill_id,
            "title": self.title,
            "source": self.source.to_dict(),
            "text": self.text,
            "page_spans": [list(span) for span in self.page_spans],
            "lines": [asdict(span) for span in self.lines],
            "dropped": [asdict(span) for span in self.dropped],
            "changed": [asdict(span) for span in self.changed],
        }
