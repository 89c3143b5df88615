"""Small guards for text and names that come from outside: file names, bill ids, CSV cells.

Each function does one thing and is used where untrusted text meets a sink:

* :func:`display_path`: a file name as a printable, UTF-8-encodable and *reversible* string
  (:func:`undisplay_path` gives the original back). Non-UTF-8 bytes, control characters
  (terminal escape sequences), invisible bidi controls and the backslash itself are written
  as backslash escapes, so the name can go into JSON, CSV and a terminal.
* :func:`printable`: the same escaping for messages (not meant to be reversed).
* :func:`checked_bill_id`: a ``bill_id`` read from a draft, a command line or the review store,
  refused unless it is a plain file-name stem (no ``/``, no ``..``), so it can never name a
  file outside the folder it is joined to.
* :func:`csv_cell` / :func:`csv_row`: OWASP's CSV-injection defence for cells opened in Excel.
* :func:`reveal_controls`: bidi and other invisible format characters shown as visible
  ``<U+202E>`` marks in reports, so a quoted clause reads as the text that was scored.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Any, Mapping

from pipeline.errors import StatuteError

__all__ = [
    "MAX_BILL_ID",
    "UnsafeIdError",
    "checked_bill_id",
    "csv_cell",
    "csv_row",
    "display_path",
    "is_bill_id",
    "printable",
    "reveal_controls",
    "undisplay_path",
]

#: Longest bill id: ``<id>.json`` and the ``.<id>.json.<pid>.tmp`` temporary file stay under
#: the 255-byte file name limit of common file systems.
MAX_BILL_ID = 200
_BILL_ID = re.compile(r"[a-z0-9._-]+")

#: Characters that change how text is displayed without being visible themselves: bidi
#: embeddings, overrides and isolates, directional marks, and other Unicode "format" (Cf)
#: characters such as zero-width joiners.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


class UnsafeIdError(StatuteError):
    """A bill id that cannot be used as a file name (from a hand-edited or hostile draft)."""

    reason = "unsafe_bill_id"


def is_bill_id(value: Any) -> bool:
    """True for ids the pipeline makes: ``[a-z0-9._-]``, not only dots, at most MAX_BILL_ID."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_BILL_ID
        and _BILL_ID.fullmatch(value) is not None
        and value.strip(".") != ""
    )


def checked_bill_id(value: Any, *, where: str = "draft") -> str:
    """``value`` if it is a safe bill id, else :class:`UnsafeIdError` with a one-line reason."""
    if not is_bill_id(value):
        shown = printable(repr(value))[:80]
        raise UnsafeIdError(
            f"{where}: bill_id {shown} is not a valid id (lower-case letters, digits, '.', '_', '-'; "
            f"at most {MAX_BILL_ID} characters)"
        )
    return value


def _escape_char(ch: str) -> str | None:
    """The escape of one character, or None when it is shown as is."""
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch == "\\":
        return "\\\\"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0x80 <= code < 0xA0 or 0xD800 <= code <= 0xDFFF or ch in _BIDI or unicodedata.category(ch) == "Cf":
        return f"\\u{code:04x}"
    return None


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A printable, UTF-8-encodable form of a file path; :func:`undisplay_path` reverses it."""
    text = os.fsdecode(path)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape_char(ch) or ch for ch in text)


_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def undisplay_path(text: str) -> str:
    """The path :func:`display_path` was given (as ``str``, non-UTF-8 bytes as surrogates)."""

    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "\\":
            return "\\"
        code = int(token[1:], 16)
        if token[0] == "x" and code >= 0x80:
            return chr(0xDC00 + code)  # an undecodable byte, as os.fsdecode represents it
        return chr(code)

    return _ESCAPE.sub(one, text)


def printable(text: Any) -> str:
    """``text`` with control, bidi, format and undecodable characters as backslash escapes."""
    text = "" if text is None else str(text)
    if text.isprintable():
        return text
    return "".join(
        (_escape_char(ch) or ch) if (not ch.isprintable() or ch in _BIDI) else ch for ch in text
    )


#: OWASP: cells starting with these are formulas (or become ones) in spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """Neutralise a CSV cell a spreadsheet would run as a formula (OWASP: prefix a ``'``).

    Only strings change; numbers (negative totals) stay numbers.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`csv_cell` applied to every cell of a ``csv.DictWriter`` row."""
    return {key: csv_cell(value) for key, value in row.items()}


def reveal_controls(text: Any) -> str:
    """Show bidi controls and other invisible format characters as ``<U+XXXX>`` marks.

    For reports (Markdown, HTML; register as a Jinja2 filter before autoescaping): a Trojan
    Source style override in a bill then shows up where it is instead of reordering the quote.
    """
    text = "" if text is None else str(text)
    if text.isascii():
        return text
    return "".join(
        f"\u27e8U+{ord(ch):04X}\u27e9" if (ch in _BIDI or unicodedata.category(ch) == "Cf") else ch
        for ch in text
    )
