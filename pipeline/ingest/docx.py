"""Word documents (.docx): paragraphs and table rows as lines, tracked and struck deletions dropped.

Read with python-docx (the package opens and validates the OOXML parts); the body is walked in
document order so tables stay where they stand. Word redlines mark deleted words two ways, and
both go to ``dropped`` rather than ``text``: tracked deletions (``<w:del>``/``<w:delText>``,
reason ``deleted``) and runs formatted struck through (``<w:strike>``/``<w:dstrike>``, reason
``strikethrough``), as legislatures that draft in Word print their deletions. Tracked insertions
(``<w:ins>``) are kept: they are the new law.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.values import Document
from pipeline.errors import CorruptFileError, UnsupportedFormatError
from pipeline.ingest.blocks import document_from_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_word_package(raw: bytes) -> bool:
    """True when the ZIP archive holds a Word main document part."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def load_docx(raw: bytes, path: str, *, sha256: str) -> Document:
    name = Path(path).name
    if not is_word_package(raw):
        raise UnsupportedFormatError(f"{name}: unsupported file type (a ZIP archive that is not a Word .docx document)", path=path)
    import docx

    try:
        word = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise CorruptFileError(f"{name}: not a readable .docx document ({type(exc).__name__})", path=path) from None
    lines: list[str] = []
    dropped: list[tuple[int, str, str, str]] = []
    body = word.element.body
    for block in body.iterchildren():
        if block.tag == f"{_W}p":
            _paragraph(block, lines, dropped)
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = []
                for cell in row.iter(f"{_W}tc"):
                    cell_lines: list[str] = []
                    for paragraph in cell.iter(f"{_W}p"):
                        _paragraph(paragraph, cell_lines, [])
                    cells.append(" ".join(cell_lines))
                lines.append(" ".join(cells))
    title = word.core_properties.title or None
    return document_from_lines(lines, dropped, path=path, sha256=sha256, raw=raw, fmt="docx", title=title)


def _paragraph(paragraph, lines: list[str], dropped: list[tuple[int, str, str, str]]) -> None:
    """Append the paragraph's kept text as a line; note deleted and struck runs with their place."""
    kept: list[str] = []
    for run in paragraph.iter(f"{_W}r"):
        deleted = any(ancestor.tag == f"{_W}del" for ancestor in run.iterancestors())
        properties = run.find(f"{_W}rPr")
        struck = properties is not None and any(
            (flag := properties.find(f"{_W}{tag}")) is not None and flag.get(f"{_W}val", "true") not in ("0", "false")
            for tag in ("strike", "dstrike")
        )
        pieces = []
        for child in run:
            if child.tag in (f"{_W}t", f"{_W}delText"):
                pieces.append(child.text or "")
            elif child.tag == f"{_W}tab":
                pieces.append(" ")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append(" ")
        text = "".join(pieces)
        if not text:
            continue
        if deleted or struck:
            dropped.append((len(lines), "".join(kept), text, "deleted" if deleted else "strikethrough"))
        else:
            kept.append(text)
    lines.append("".join(kept))
