"""Drafting conventions that mark deleted words in plain text: [brackets] in New Mexico and New Jersey.

Brackets mean "deleted" only where the document follows such a convention, so it is decided per
document from the document's own words:

* a **legend** printed on the bill: New Mexico "underscored material = new / [bracketed
  material] = delete", New Jersey "Matter enclosed in bold-faced brackets [thus] in the above
  bill is not enacted and is intended to be omitted in the law" (then every bracket after the
  legend's own "[thus]"/"[bracketed material]" is a deletion);
* without a legend, a bill of one of those legislatures ("LEGISLATURE OF THE STATE OF NEW
  MEXICO", "STATE OF NEW JERSEY") that **amends** a section ("is amended to read"): brackets
  inside the amended text only.

Brackets that are not deletions are kept whatever the convention: compiler cross-references
("[41-4A-NMSA 1978]", "[Chapter 3, Article 29 NMSA 1978]", "[C.2A:53A-1]"), New Mexico's
"[NEW MATERIAL]" section tag, and editorial letters inside a word ("[c]ondemning", "urg[ed]").
New Jersey committee amendments mark their brackets with superscript numbers ("1[may]1
shall"); the numbers go with the deletion.
"""

from __future__ import annotations

import re
from typing import Callable

from pipeline.ingest.repair import Edit

#: Legends that say brackets mark deleted matter (patterns as data).
BRACKET_LEGENDS = (
    re.compile(r"\[\s*bracketed\s+material\s*\]\s*=\s*delete", re.I),  # New Mexico
    re.compile(r"Matter\s+enclosed\s+in\s+(?:bold-faced\s+|bold\s+face\s+)?brackets\s+\[\s*thus\s*\]", re.I),  # New Jersey
)
#: Legislatures whose bills use the bracket convention even when the legend was not kept.
BRACKET_LEGISLATURES = re.compile(r"LEGISLATURE\s+OF\s+THE\s+STATE\s+OF\s+NEW\s+MEXICO|STATE\s+OF\s+NEW\s+JERSEY", re.I)
_AMENDED = re.compile(r"\bis\s+(?:hereby\s+)?amended\s+to\s+read\b", re.I)
#: A bracketed stretch on one line, with New Jersey's optional superscript marks ("1[ ... ]1").
_BRACKET = re.compile(r"(?<![\w\]])(\d?)\[([^\[\]\n]{1,2000})\]\1(?![\w\[])")
#: Bracket contents that are not deletions.
_NOT_DELETION = re.compile(
    r"NMSA|N\.\s?J\.\s?S\.\s?A|^\s*C\.\s?\d|^\s*NEW\s+MATERIAL\s*$|^\s*(?:thus|bracketed\s+material)\s*$|^\s*(?:sic|emphasis added)\s*$",
    re.I,
)


def bracket_deletion_edits(text: str, locate: Callable[[int], tuple[int | None, int | None]] | None = None) -> list[Edit]:
    """Edits dropping bracketed deletions (reason ``"bracketed"``), or none if the text has no such convention."""
    if "[" not in text:
        return []  # every deletion is a bracket; skips the case-insensitive legend searches (most bills)
    legend = None
    for pattern in BRACKET_LEGENDS:
        match = pattern.search(text)
        if match and (legend is None or match.end() > legend):
            legend = match.end()
    if legend is not None:
        regions = [(0, len(text))]
    elif BRACKET_LEGISLATURES.search(text):
        regions = _amended_regions(text)
    else:
        return []
    edits = []
    for start, end in regions:
        for match in _BRACKET.finditer(text, start, end):
            inner = match.group(2)
            if _NOT_DELETION.search(inner) or not re.search(r"[A-Za-z]{2}", inner):
                continue
            drop_start, drop_end = match.start(), match.end()
            # take one neighbouring space so "but [not including] does" reads "but does"
            if drop_end < len(text) and text[drop_end] == " ":
                drop_end += 1
            elif drop_start > 0 and text[drop_start - 1] == " ":
                drop_start -= 1
            page, line = locate(match.start()) if locate else (None, None)
            edits.append(Edit(drop_start, drop_end, "", "bracketed", page=page, line=line))
    return edits


def _amended_regions(text: str) -> list[tuple[int, int]]:
    """From each "is amended to read" to the next one (or the end): the quoted amended text."""
    starts = [match.end() for match in _AMENDED.finditer(text)]
    return [(start, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, start in enumerate(starts)]
