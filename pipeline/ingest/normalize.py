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
        # byte-order mark; other invisible characters are removed *and recorded* by .confusables
        "\ufeff": None,
        # ligatures that PDF fonts emit
        "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    }
)
#: The same mapping as a regex: ``str.translate`` looks up every character in a dict (slow
#: on megabytes of mostly-ASCII text); substituting only the characters that occur is ~8x faster.
_TRANSLATE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")
_TRANSLATE_STR = {chr(c): ("" if v is None else v) for c, v in _TRANSLATE.items()}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_INLINE_SPACE = re.compile(r"(?<=\S) {2,}")  # indentation is kept: it marks quoted matter
_SPACE_RUN = re.compile(r"  +")  # a literal prefix lets the regex engine skip ahead quickly
_TRAILING_SPACE = re.compile(r" +\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Normalise quotes, dashes, invisible characters and whitespace; keep line breaks.

    >>> normalize_text("\u201cgood\u00a0faith\u201d \u2014 ok  \\r\\n\\r\\n\\r\\nnext")
    '"good faith" - ok\\n\\nnext'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRANSLATE_CHARS.sub(lambda m: _TRANSLATE_STR[m.group()], text)  # == text.translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):  # removing a character can let marks combine
        text = unicodedata.normalize("NFC", text)
    text = _collapse_inline_spaces(text)  # == _INLINE_SPACE.sub(" ", text), faster
    if " \n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.lstrip("\n").rstrip(" \n")  # (was strip("\n").rstrip(" "): left "a\n" for "a\n ")


def _collapse_inline_spaces(text: str) -> str:
    """Runs of 2+ spaces after a non-space become one space; indentation (after a newline) stays.

    Same result as ``_INLINE_SPACE.sub(" ", text)`` (``str.isspace`` is the ``\\s`` of ``re``);
    the look-behind pattern is ~4x slower on long texts because it is tried at every position.
    """
    if "  " not in text:
        return text
    return _SPACE_RUN.sub(lambda m: " " if m.start() and not text[m.start() - 1].isspace() else m.group(), text)
