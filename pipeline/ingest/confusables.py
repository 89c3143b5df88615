"""Invisible characters and look-alike letters, removed or mapped before any matching.

A bill can reach us with characters no reader sees: format characters (Unicode category Cf:
U+200B-200D, U+2060-2064, bidi controls U+202A-202E and U+2066-2069, U+180E, soft hyphen...),
the combining grapheme joiner U+034F and variation selectors. Inside a word they split it
("sha\\u2063ll"), so no pattern matches. Letters from another script that look Latin (Cyrillic
``а`` U+0430 in "shаll") do the same. Both flip a verdict to "no mention" without a trace.

:func:`normalise_document` runs once on every :class:`~pipeline.values.Document` the ingest
readers build, after :func:`~pipeline.ingest.normalize.normalize_text`:

* invisible characters are removed; each becomes a :class:`~pipeline.values.DroppedSpan`
  (``reason="invisible U+2063"``) at the offset where it stood, and every offset the reader
  recorded (lines, pages, other dropped spans) is moved so it still points at the same words;
* a letter Unicode lists as confusable with a Latin letter (``confusables.txt``, shipped in the
  ``confusable-homoglyphs`` package) is replaced by that Latin letter **only inside a word that
  also has Latin letters**: a genuine Cyrillic or Greek word stays as written. Each replacement
  is a :class:`~pipeline.values.ChangedSpan` (same length, so no offset moves);
* ``Document.text_normalised`` counts both (``{"invisible": n, "confusable": m}``, empty when
  nothing was needed), so the scorecard can say the text was altered and the scorer can send a
  verdict whose evidence touches an altered span to review.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from pipeline.values import ChangedSpan, Document, DroppedSpan, LineSpan

__all__ = ["is_invisible", "latin_lookalikes", "strip_invisible", "map_confusables", "normalise_document"]

#: Invisible characters outside category Cf: combining grapheme joiner, variation selectors,
#: Hangul fillers (render as nothing in Latin text).
_EXTRA_INVISIBLE = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", *map(chr, range(0xFE00, 0xFE10))}
#: A byte-order mark at the very start is an encoding artefact, not tampering.
_BOM = "\ufeff"
#: Candidate characters: anything outside ASCII (the pass is skipped for ASCII text).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: A word: letters and marks (``\w`` without digits and underscore) with any non-ASCII letter.
_WORD = re.compile(r"[^\W\d_]+")


def is_invisible(char: str) -> bool:
    """Whether ``char`` renders as nothing in running text (format characters and friends)."""
    return unicodedata.category(char) == "Cf" or char in _EXTRA_INVISIBLE


@lru_cache(maxsize=1)
def latin_lookalikes() -> dict[str, str]:
    """Non-Latin letter -> the single ASCII letter Unicode says it is confusable with.

    From Unicode's ``confusables.txt`` as shipped in ``confusable-homoglyphs``; only letters of
    another script (Cyrillic ``а`` -> ``a``, Greek ``ο`` -> ``o``), never Latin variants.
    """
    from confusable_homoglyphs import categories, utils

    table: dict[str, str] = {}
    for char, glyphs in utils.load("confusables.json").items():
        if len(char) != 1 or not char.isalpha() or categories.alias(char) in ("LATIN", "COMMON"):
            continue
        target = next((g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()), None)
        if target is not None:
            table[char] = target
    return table


def _is_latin(char: str) -> bool:
    if char.isascii():
        return char.isalpha()
    return unicodedata.name(char, "").startswith("LATIN ")


def strip_invisible(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without invisible characters, and ``(offset in the new text, char)`` per removal."""
    if text.isascii():
        return text, []
    removed: list[tuple[int, str]] = []
    out: list[str] = []
    last = 0
    for match in _NON_ASCII.finditer(text):
        char = match.group()
        if not is_invisible(char) or (char == _BOM and match.start() == 0):
            continue
        out.append(text[last:match.start()])
        removed.append((match.start() - len(removed), char))
        last = match.end()
    if not removed:
        return text, []
    out.append(text[last:])
    return "".join(out), removed


def _non_ascii_words(text: str):
    """The matches of ``_WORD.finditer(text)`` that hold a non-ASCII character, found from
    those characters (a handful in a bill) instead of from every word of the text."""
    end = 0  # where the last word found ends
    for character in _NON_ASCII.finditer(text):
        start = character.start()
        if start < end or not _WORD.match(text, start):
            continue  # inside the last word, or not a letter: in no word
        while start > 0 and _WORD.match(text, start - 1, start):  # back to the word's first letter
            start -= 1
        match = _WORD.match(text, start)
        end = match.end()
        yield match


def map_confusables(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """``text`` with look-alike letters inside otherwise-Latin words mapped to Latin, and
    ``(offset, original, replacement)`` per change (lengths are unchanged)."""
    if text.isascii():
        return text, []
    table = latin_lookalikes()
    changes: list[tuple[int, str, str]] = []
    chars: list[str] | None = None
    for match in _non_ascii_words(text):
        word = match.group()
        foreign = [(i, c) for i, c in enumerate(word) if not _is_latin(c) and unicodedata.category(c)[0] == "L"]
        # Map only when the word has Latin letters and every foreign letter has a Latin twin:
        # "shаll" is tampered Latin; "сор" (all Cyrillic) or "Δx" (Greek letter without twin) stay.
        if not foreign or len(foreign) == sum(unicodedata.category(c)[0] == "L" for c in word):
            continue
        if any(c not in table for _, c in foreign):
            continue
        if chars is None:
            chars = list(text)
        for i, c in foreign:
            chars[match.start() + i] = table[c]
            changes.append((match.start() + i, c, table[c]))
    return ("".join(chars) if chars is not None else text), changes


def _shift(offset: int, removed_at: list[int]) -> int:
    """An offset of the text before removal -> the same place after it."""
    return offset - bisect_left(removed_at, offset)


def normalise_document(document: Document) -> Document:
    """``document`` with invisible characters removed and look-alike letters mapped (see module doc)."""
    text, removed = strip_invisible(document.text)
    text, changes = map_confusables(text)
    if not removed and not changes:
        return document
    # Offsets in the old text of the removed characters, to move the reader's offsets.
    removed_at = [offset + index for index, (offset, _) in enumerate(removed)]

    def moved(offset: int) -> int:
        return _shift(offset, removed_at) if removed_at else offset

    dropped = [replace(span, offset=moved(span.offset)) for span in document.dropped]
    for (offset, char), old_offset in zip(removed, removed_at):
        page, line = document.locate(old_offset) if document.lines or document.page_spans else (None, None)
        dropped.append(DroppedSpan(text=char, offset=offset, reason=f"invisible U+{ord(char):04X}",
                                   page=page, line=line))
    dropped.sort(key=lambda span: span.offset)
    changed = [ChangedSpan(start=offset, end=offset + 1, original=old,
                           reason=f"confusable U+{ord(old):04X} -> {new}")
               for offset, old, new in changes]
    counts = {key: n for key, n in (("invisible", len(removed)), ("confusable", len(changes))) if n}
    return Document(
        text=text,
        source=document.source,
        page_spans=[(moved(start), moved(end)) for start, end in document.page_spans],
        lines=[LineSpan(start=moved(s.start), end=moved(s.end), page=s.page, line=s.line) for s in document.lines],
        dropped=dropped,
        title=document.title,
        # earlier repairs' spans move with the removed characters, as the dropped spans do
        changed=[*(replace(span, start=moved(span.start), end=moved(span.end)) for span in document.changed), *changed],
        text_normalised={**document.text_normalised, **counts},
    )
