"""The annotation clause unit: sentences and enumerated items of a normalised text.

See ``corpus/ANNOTATION.md``. Records store the offsets this splitter produced, so labels never
depend on it once written.
"""

from __future__ import annotations

import re
from typing import Iterator


# Abbreviations after which a period does not end a sentence in statutes.
_ABBREVIATIONS = {
    "u.s", "u.s.c", "sec", "secs", "stat", "no", "nos", "v", "vs", "mr", "mrs", "ms", "dr", "inc",
    "co", "corp", "jr", "sr", "st", "e.g", "i.e", "etc", "pub", "l", "ch", "art", "para", "subd",
    "subsec", "cl", "r.s", "rev", "gen", "supp", "ann", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sept", "sep", "oct", "nov", "dec", "cf", "p", "pp", "sp", "sess", "h.r", "s", "res",
    "con", "j", "f", "id", "c", "cong", "rep", "reps", "sen", "p.a", "pa", "hon", "gov", "ltd", "subch", "pt", "div", "tit", "cl", "ss", "s.f", "h.f", "s.b", "h.b", "h.r", "n.h", "va", "ill", "mass", "calif", "ca", "approx", "dept", "govt", "mass", "conn", "n.m", "colo",
}
_BLANK = re.compile(r"\n[ \t]*\n")
# A sentence end: . ? ! (optionally closed by a quote or bracket), whitespace, then a capital,
# quote or opening bracket.
_SENTENCE_END = re.compile(r"[.?!][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9§])")
# A line that starts an enumerated item or heading (an optional printed line number first).
_ITEM_START = re.compile(
    r"\n(?=[ \t]*(?:Page \d+, Line \d+)?(?:\d{1,3}[ \t]*)?(?:\((?:[a-z]{1,2}|\d{1,3}|[ivxlc]{1,5}|[A-Z]{1,2})\)|§|Sec\.|SEC\.|SECTION|Section \d))"
)
# An enumerated item inside a line, after ; or : (long lists of "(1) ...; (2) ...").
_INLINE_ITEM = re.compile(r"(?<=[;:])[ \t]+(?=\((?:[a-z]{1,2}|\d{1,3}|[ivxlc]{1,5})\)[ \t])")
_LONG_WORD = re.compile(r"[A-Za-z]{3,}")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``text[dot]`` closes an abbreviation or a bare enumerator."""
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12) : dot])
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1  # initials and "A." style enumerators


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cuts = {start, end}
    block = text[start:end]
    for match in _ITEM_START.finditer(block):
        cuts.add(start + match.start())
    for match in _INLINE_ITEM.finditer(block):
        cuts.add(start + match.start())
    for match in _SENTENCE_END.finditer(block):
        dot = start + match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(start + match.end())
    # A line ending in . : ; ends a clause even when the next line starts in lower case
    # (federal Markdown puts one item per line).
    for match in re.finditer(r"[.:;][\"')]*[ \t]*\n", block):
        dot = start + match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(start + match.end())
    ordered = sorted(cuts)
    pieces = []
    for left, right in zip(ordered, ordered[1:]):
        pieces.append([left, right])
    # Merge fragments too short to be a clause ("Sec. 52-571k.", "§ 1.", "(a)") into the next piece.
    merged: list[list[int]] = []
    carry: int | None = None
    for left, right in pieces:
        if carry is not None:
            left = carry
            carry = None
        if len(_LONG_WORD.findall(text[left:right])) < 2 and right != end:
            carry = left
            continue
        merged.append([left, right])
    if carry is not None:
        if merged:
            merged[-1][1] = end
        else:
            merged.append([carry, end])
    for left, right in merged:
        yield left, right


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans ``(start, end)`` of a normalised text: sentences and enumerated items.

    Blocks are separated by blank lines; inside a block a clause ends at a sentence end
    (not after a known abbreviation or an initial), at a line ending in ``. : ;``, before a
    line that starts an enumerated item or section heading, and before an inline ``(n)`` item
    that follows ``;`` or ``:``. Spans are trimmed of surrounding whitespace; spans without a
    letter are dropped.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    blocks = []
    for match in _BLANK.finditer(text):
        blocks.append((position, match.start()))
        position = match.end()
    blocks.append((position, len(text)))
    for block_start, block_end in blocks:
        if block_start >= block_end:
            continue
        for left, right in _split_block(text, block_start, block_end):
            while left < right and text[left].isspace():
                left += 1
            while right > left and text[right - 1].isspace():
                right -= 1
            if right > left and re.search(r"[A-Za-z]", text[left:right]):
                spans.append((left, right))
    return spans
