"""Lines of block text (from XML or HTML) -> a Document, with dropped spans placed exactly.

The XML and HTML renderers collect the text as lines (one per block element) and record text
they leave out (``changed="deleted"`` XML, ``<del>``/``<s>``/line-through HTML) as
``(line index, text of the line before it, dropped text, reason)``. Each line is normalised on
its own, so an offset is the normalised length of what came before.
"""

from __future__ import annotations

from pipeline.values import Document, DroppedSpan, Source
from pipeline.ingest.normalize import normalize_text


def _clean(line: str) -> str:
    return normalize_text(" ".join(line.split())).strip()


def document_from_lines(lines: list[str], dropped: list[tuple[int, str, str, str]], *, path: str, sha256: str,
                        raw: bytes, fmt: str, title: str | None = None, encoding: str | None = None) -> Document:
    """Normalise each line, join them with newlines, and place the dropped text."""
    parts: list[str] = []
    starts: list[int] = []  # offset where each input line starts (or would start)
    offset = 0
    for line in lines:
        text = _clean(line)
        starts.append(offset + (1 if parts else 0))
        if not text:
            continue
        if parts:
            offset += 1
        parts.append(text)
        offset += len(text)
    text = "\n".join(parts)
    spans = []
    for index, before, content, reason in dropped:
        content = _clean(content)
        if not content:
            continue
        if index < len(starts):
            prefix = _clean(before)
            where = starts[index] + len(prefix) + (1 if prefix and before[-1:].isspace() else 0)
        else:
            where = len(text)
        spans.append(DroppedSpan(text=content, offset=min(where, len(text)), reason=reason))
    source = Source(path=path, sha256=sha256, format=fmt, bytes=len(raw), encoding=encoding)
    return Document(text=text, source=source, dropped=spans, title=title)
