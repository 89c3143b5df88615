"""Words hyphenated across printed lines, put back together."""

from __future__ import annotations

import re
import string
from collections import Counter

from pipeline.ingest.layout import PrintedLine


_LETTERS = string.ascii_letters
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_WORD_START = re.compile(r"^([A-Za-z][A-Za-z']*)([^\s]*)\s?")


def _hyphenated_end(text: str) -> tuple[int, str] | None:
    """``(start, letters)`` of the ``letters-`` that ends ``text``: what the regex
    ``([A-Za-z]+)-$`` finds (``$`` also before a final newline), without trying the regex at
    every position of the line."""
    if text.endswith("-"):
        stem = text[:-1]
    elif text.endswith("-\n"):
        stem = text[:-2]
    else:
        return None
    letters = stem[len(stem.rstrip(_LETTERS)):]
    return (len(stem) - len(letters), letters) if letters else None


def rejoin_hyphenated(lines: list[PrintedLine]) -> None:
    """Move the second half of a word hyphenated at a line end up to the first half.

    The hyphen is kept only when the document elsewhere writes that compound with a hyphen
    (and never as one word), e.g. ``self-executing``; otherwise it was a typesetting break.
    """
    # every word of the document, counted in one pass (no word spans a line break) ...
    vocabulary = Counter(map(str.lower, _WORD.findall("\n".join([line.text for line in lines]))))
    after_break = False
    for line in lines:
        broken = line.text.endswith("-") and _hyphenated_end(line.text) is not None
        if broken or after_break:
            # ... less the pieces of words broken at line ends: they are not words of the document
            # (the first word after a break, the last before one; a lone word once)
            found = _WORD.findall(line.text)
            first, last = (1 if after_break else 0), (len(found) - 1 if broken else len(found))
            vocabulary.subtract(map(str.lower, found[:first] + found[max(first, last):]))
        after_break = broken
    for current, following in zip(lines, lines[1:]):
        end = _hyphenated_end(current.text)
        if not end or not following.text:
            continue
        start = _WORD_START.match(following.text)
        if not start:
            continue
        first, second = end[1], start.group(1)
        if second[0].isupper() and not (first.isupper() and second.isupper()):
            continue  # "Dodd-" + "Frank": a real hyphen before a capital; keep the line break
        hyphenated = f"{first}-{second}".lower()
        joined_seen = vocabulary[(first + second).lower()] > 0
        keep_hyphen = not joined_seen and (
            vocabulary[hyphenated] > 0
            # both halves are words of this document ("long-term", "well-suited"), not syllables
            or (len(first) >= 3 and len(second) >= 3 and vocabulary[first.lower()] > 0 and vocabulary[second.lower()] > 0)
        )
        joined = first + ("-" if keep_hyphen else "") + second + start.group(2)
        current.text = current.text[: end[0]] + joined
        following.text = following.text[start.end():]
        following.moved = start.end()
