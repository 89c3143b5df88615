"""Text normalisation shared by every input format.

One function, :func:`normalize_text`, so that a bill's ``.txt``, PDF and XML renderings give the
same characters: straight quotes, ASCII hyphens for the dash family, single spaces between words
(leading indentation is kept, since plain-text bills use it to mark quoted matter),
at most one blank line between blocks. Words are never changed.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
        "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
        "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
        "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ", "\f": "\n", "\v": "\n",
        "\u2028": "\n", "\u2029": "\n",
        # invisible characters that only split words
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
        "\u00ad": None,
        # ligatures that PDF fonts emit
        "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_INLINE_SPACE = re.compile(r"(?<=\S) {2,}")  # indentation is kept: it marks quoted matter
_TRAILING_SPACE = re.compile(r" +\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Normalise quotes, dashes, invisible characters and whitespace; keep line breaks.

    >>> normalize_text("\u201cgood\u00a0faith\u201d \u2014 ok  \\r\\n\\r\\n\\r\\nnext")
    '"good faith" - ok\\n\\nnext'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    text = _INLINE_SPACE.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n").rstrip(" ")
