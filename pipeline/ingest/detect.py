"""Format sniffing from the bytes themselves; the extension is only a tie-breaker.

A PDF renamed ``.txt`` is still read as a PDF, and a ``.pdf`` full of HTML is read as HTML.
Binary files that are none of the supported formats are refused with a typed error rather
than decoded into garbage.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import EmptyDocumentError, UnsupportedFormatError

FORMATS = ("txt", "pdf", "xml", "html", "docx")
EXTENSIONS = {".txt": "txt", ".text": "txt", ".pdf": "pdf", ".xml": "xml", ".html": "html", ".htm": "html", ".docx": "docx"}

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: Leading comments are skipped by :func:`_skip_comments` (a loop, not a regex: ``(<!--.*?-->\s*)*``
#: backtracks exponentially on many unclosed or repeated comments).
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6])\b", re.I)
#: Markup that is unmistakable whatever the file is called.
_STRONG_MARKUP = re.compile(rb"^\s*(<\?xml|<!DOCTYPE|<html[\s>])", re.I)
_XML_START = re.compile(rb"^\s*(<\?xml|<!DOCTYPE|<[A-Za-z_][\w.:-]*[\s>/])", re.S)
#: Magic numbers of common binary formats we do not read, for a better message.
_KNOWN_BINARY = {
    b"PK\x03\x04": "a ZIP archive (e.g. .docx)",
    b"\xd0\xcf\x11\xe0": "an OLE file (e.g. .doc)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\x1f\x8b": "a gzip archive",
    b"{\\rtf": "an RTF file",
    b"\x7fELF": "an executable",
}


def _decoded_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16 is transcoded) for tag sniffing."""
    if b"\x00" in head[:64] and not head.startswith(_BOMS):
        return head.replace(b"\x00", b"")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


#: Bytes that are not suspicious control characters (deleted to count the rest).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


def looks_binary(head: bytes) -> bool:
    """True when the bytes are not text: NULs (outside UTF-16) or many control characters."""
    if not head or head.startswith(_BOMS):
        return False
    if b"\x00" in head:
        from pipeline.ingest.text import utf16_without_bom

        return utf16_without_bom(head) is None
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > max(2, len(head) // 100)


def _skip_comments(head: bytes) -> int:
    """Position after leading whitespace and complete ``<!-- ... -->`` comments."""
    position = 0
    while True:
        while position < len(head) and head[position] in b" \t\r\n\f\v":
            position += 1
        if not head.startswith(b"<!--", position):
            return position
        end = head.find(b"-->", position + 4)
        if end < 0:
            return position
        position = end + 3


def sniff_format(head: bytes, name: str = "document") -> str:
    """``"pdf" | "xml" | "html" | "docx" | "txt"`` from the first bytes of a file (``name`` for extension and messages).

    Raises :class:`EmptyDocumentError` for empty/whitespace-only heads and
    :class:`UnsupportedFormatError` for binary data that is not a PDF.
    """
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyDocumentError(f"{Path(name).name}: file is empty", path=name)
    extension = EXTENSIONS.get(Path(name).suffix.lower())
    # PDF: "%PDF-" opens the file; readers tolerate a little junk before it (within 1024 bytes),
    # which we accept only when the name also says PDF.
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-") or (extension == "pdf" and b"%PDF-" in head[:1024]):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (b"word/" in head or b"[Content_Types].xml" in head or extension == "docx"):
        return "docx"  # an Office package; the reader checks for the Word part and refuses others
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(f"{Path(name).name}: unsupported file type ({what})", path=name)
    if looks_binary(head):
        raise UnsupportedFormatError(f"{Path(name).name}: binary data of unknown type, not a text, PDF, XML or HTML file", path=name)
    ascii_head = _decoded_head(head)
    if extension == "txt" and not _STRONG_MARKUP.match(ascii_head):
        return "txt"  # a .txt that merely starts with "<" (e.g. "<<deleted>>") stays text
    if _HTML_START.match(ascii_head, _skip_comments(ascii_head)):
        return "html"
    if _XML_START.match(ascii_head):
        # XHTML is HTML for our purposes: it has navigation and scripts to drop.
        if re.search(rb"<html[\s>]", ascii_head[:4096], re.I):
            return "html"
        return "html" if extension == "html" else "xml"
    return "txt"
