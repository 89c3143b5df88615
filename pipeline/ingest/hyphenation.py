"""Words hyphenated across printed lines, put back together."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.ingest.layout import PrintedLine


_HYPHENATED_END = re.compile(r"([A-Za-z]+)-$")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_WORD_START = re.compile(r"^([A-Za-z][A-Za-z']*)([^\s]*)\s?")


def rejoin_hyphenated(lines: list[PrintedLine]) -> None:
    """Move the second half of a word hyphenated at a line end up to the first half.

    The hyphen is kept only when the document elsewhere writes that compound with a hyphen
    (and never as one word), e.g. ``self-executing``; otherwise it was a typesetting break.
    """
    # every word of the document, counted in one pass (no word spans a line break) ...
    vocabulary = Counter(map(str.lower, _WORD.findall("\n".join([line.text for line in lines]))))
    after_break = False
    for line in lines:
        broken = line.text.endswith("-") and bool(_HYPHENATED_END.search(line.text))
        if broken or after_break:
            # ... less the pieces of words broken at line ends: they are not words of the document
            found = [w.lower() for w in _WORD.findall(line.text)]
            kept = found[1 if after_break else 0: -1 if broken else None]
            vocabulary.subtract(found)
            vocabulary.update(kept)
        after_break = broken
    for current, following in zip(lines, lines[1:]):
        # (the regex is tried at every position of a line: asked only where it can match)
        end = _HYPHENATED_END.search(current.text) if current.text.endswith(("-", "-\n")) else None
        if not end or not following.text:
            continue
        start = _WORD_START.match(following.text)
        if not start:
            continue
        first, second = end.group(1), start.group(1)
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
        current.text = current.text[: end.start()] + joined
        following.text = following.text[start.end():]
        following.moved = start.end()
