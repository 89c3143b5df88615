"""Drafting conventions that mark deleted words in plain text: [brackets] in New Mexico, New Jersey,
Nevada, Hawaii, Alaska, Connecticut and (under its legend) Maryland; ((double parentheses)) in Washington;
and Arizona's CAPITALS for new law, which plain text cannot fully show (see the end of the module).

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
from pipeline.values import ConventionSpan, Document

#: Legends that say brackets mark deleted matter (patterns as data).
BRACKET_LEGENDS = (
    re.compile(r"\[\s*bracketed\s+material\s*\]\s*=\s*delete", re.I),  # New Mexico
    re.compile(r"(?:Matter|Text|Language|Material)\s+(?:enclosed\s+)?(?:in|within)\s+(?:bold-faced\s+|bold\s+face\s+)?brackets\s+"
               r"\[\s*thus\s*\]", re.I),  # New Jersey
    re.compile(r"matter\s+between\s+brackets\s+\[\s*omitted\s+material\s*\]\s+is\s+material\s+to\s+be\s+omitted", re.I),  # Nevada
    re.compile(r"\[\s*Brackets\s*\]\s+indicate\s+matter\s+deleted\s+from\s+existing\s+law", re.I),  # Maryland
    re.compile(r"Proposed\s+deletions\s+are\s+enclosed\s+in\s+brackets", re.I),  # Connecticut
    re.compile(r"matter\s+in\s+brackets\s*\[\s*\]\s*is\s+old\s+law\s+to\s+be\s+omitted", re.I),  # New York
    # a printer's note on a plain-text copy: "deleted material appears in [brackets]"
    re.compile(r"(?:deleted|struck|omitted|stricken)\s+(?:material|language|matter|text|words)\s+(?:appears?|is\s+shown|are\s+shown"
               r"|is\s+printed|is\s+enclosed|is\s+placed)\s+(?:with)?in\s+\[\s*brackets\s*\]", re.I),
)
#: New Jersey's committee-amendment numerals glued to inserted words ("1law enforcement officer1"): dropped, like
#: the numerals around a deletion, so the inserted words read as words. Only under New Jersey's legend.
_NJ_INSERTION_MARK = re.compile(r"(?<![\w\]\[$.,])[1-9](?=[A-Za-z])(?!(?:st|nd|rd|th|d)\b)|(?<=[A-Za-z])[1-9](?![\w\[\]])")
#: A printer's note saying deletions are in [[double brackets]] (then single brackets are ordinary text).
DOUBLE_BRACKET_LEGEND = re.compile(
    r"(?:deleted|struck|omitted|stricken)\s+(?:material|language|matter|text|words)[^\n]{0,40}?\[\[\s*double\s+brackets\s*\]\]", re.I)
_DOUBLE_BRACKET = re.compile(r"\[\[([^\[\]]{1,3000}?)\]\]")
#: A bracket that labels itself a deletion ("[deleted: two]"), whatever the document's convention; it may run over
#: line breaks of a line-numbered bill.
_LABELLED_DELETION = re.compile(r"\[\s*(?:deleted|struck|stricken|repealed)\s*:([^\[\]]{1,4000}?)\]", re.I)
#: Legislatures whose bills use the bracket convention even when the legend was not kept.
#: Nevada, Hawaii and Alaska print deleted statute text in brackets inside an amended section
#: (Alaska in capitals: "[MAY NOT]"), with new text in italics or underlined, which plain text loses;
#: Connecticut does the same in a section it repeals and substitutes ("in General Assembly convened"); Texas and
#: Pennsylvania bracket the struck words of a section "amended to read".
BRACKET_LEGISLATURES = re.compile(
    r"LEGISLATURE\s+OF\s+THE\s+STATE\s+OF\s+(?:NEW\s+MEXICO|HAWAII|ALASKA)|STATE\s+OF\s+NEW\s+JERSEY"
    r"|PEOPLE\s+OF\s+THE\s+STATE\s+OF\s+NEVADA|House\s+of\s+Representatives\s+in\s+General\s+Assembly\s+convened"
    r"|LEGISLATURE\s+OF\s+THE\s+STATE\s+OF\s+TEXAS|General\s+Assembly\s+of\s+the\s+Commonwealth\s+of\s+Pennsylvania", re.I)
#: Washington prints deleted text of an amended section in ((double parentheses)).
DOUBLE_PARENTHESES_LEGISLATURES = re.compile(r"LEGISLATURE\s+OF\s+THE\s+STATE\s+OF\s+WASHINGTON", re.I)
#: The formula that introduces an amended section's new text; Connecticut repeals the section and substitutes it.
_AMENDED = re.compile(r"\b(?:is|are)\s+(?:each\s+)?(?:hereby\s+)?amended\s+to\s+read\b"
                      r"|\brepealed\s+and\s+the\s+following\s+is\s+substituted\b", re.I)
#: "((deleted words))", with at most one level of ordinary parentheses inside ("((subsection (2) of))").
_DOUBLE_PARENTHESES = re.compile(r"\(\(((?:[^()\n]|\([^()\n]*\)){1,2000}?)\)\)")
#: A bracketed stretch on one line, with New Jersey's optional superscript marks ("1[ ... ]1"). A bracket that
#: touches a word ("duty[; except that ...]") is a deletion only when it holds several words; "urg[ed]" and
#: "[c]ondemning" are editorial letters (checked in :func:`bracket_deletion_edits`).
_BRACKET = re.compile(r"(?<!\])(\d?)\[([^\[\]\n]{1,2000})\]\1(?!\[)")
#: Bracket contents that are not deletions.
_NOT_DELETION = re.compile(
    r"NMSA|N\.\s?J\.\s?S\.\s?A|^\s*C\.\s?\d|^\s*NEW\s+MATERIAL\s*$|^\s*(?:thus|bracketed\s+material|omitted\s+material|brackets)\s*$"
    r"|^\s*(?:sic|emphasis added)\s*$|^\s*see\s|^\s*Proposed\s+deletions\s+are\s+enclosed",
    re.I,
)


def bracket_deletion_edits(text: str, locate: Callable[[int], tuple[int | None, int | None]] | None = None) -> list[Edit]:
    """Edits dropping bracketed deletions (reason ``"bracketed"``), or none if the text has no such convention."""
    edits = _double_parentheses_edits(text, locate) if "((" in text else []
    if "[" not in text:
        return edits  # every other deletion is a bracket; skips the case-insensitive legend searches (most bills)
    edits += [_drop(text, match, locate) for match in _LABELLED_DELETION.finditer(text)]
    if "[[" in text and DOUBLE_BRACKET_LEGEND.search(text):
        edits += [_drop(text, match, locate) for match in _DOUBLE_BRACKET.finditer(text)
                  if not re.fullmatch(r"\s*double\s+brackets\s*", match.group(1), re.I)]
        return sorted(edits, key=lambda edit: edit.start)
    labelled = [(edit.start, edit.end) for edit in edits]
    legend = None
    for pattern in BRACKET_LEGENDS:
        match = pattern.search(text)
        if match and (legend is None or match.end() > legend):
            legend = match.end()
            if pattern is BRACKET_LEGENDS[1]:  # New Jersey
                edits += [Edit(mark.start(), mark.end(), "", "bracketed", *(locate(mark.start()) if locate else (None, None)))
                          for mark in _NJ_INSERTION_MARK.finditer(text)]
    if legend is not None:
        regions = [(0, len(text))]
    elif BRACKET_LEGISLATURES.search(text):
        regions = _amended_regions(text)
    else:
        return edits
    for start, end in regions:
        for match in _BRACKET.finditer(text, start, end):
            inner = match.group(2)
            if any(lo <= match.start() < hi for lo, hi in labelled):
                continue  # already dropped as a labelled deletion
            if _NOT_DELETION.search(inner) or not re.search(r"[A-Za-z]{2}", inner):
                continue
            touches_a_word = (match.start() > 0 and text[match.start() - 1].isalnum()) or (
                match.end() < len(text) and text[match.end()].isalnum())
            if touches_a_word and not re.search(r"\s", inner.strip()):
                continue  # "urg[ed]", "[c]ondemning": letters an editor supplied, not deleted law
            edits.append(_drop(text, match, locate))
    return sorted(edits, key=lambda edit: edit.start)


def _drop(text: str, match: re.Match, locate) -> Edit:
    drop_start, drop_end = match.start(), match.end()
    # take one neighbouring space so "but [not including] does" reads "but does"; a bracket glued to the word before
    # it ("a protected right[, or who fails ...] is liable") keeps the space after it
    glued = drop_start > 0 and not text[drop_start - 1].isspace()
    if drop_end < len(text) and text[drop_end] == " " and not glued:
        drop_end += 1
    elif drop_start > 0 and text[drop_start - 1] == " ":
        drop_start -= 1
    page, line = locate(match.start()) if locate else (None, None)
    return Edit(drop_start, drop_end, "", "bracketed", page=page, line=line)


def _double_parentheses_edits(text: str, locate) -> list[Edit]:
    """Washington's ((deleted words)) inside the amended sections of a Washington bill."""
    if not DOUBLE_PARENTHESES_LEGISLATURES.search(text):
        return []
    return [_drop(text, match, locate) for start, end in _amended_regions(text)
            for match in _DOUBLE_PARENTHESES.finditer(text, start, end) if re.search(r"[A-Za-z]{2}", match.group(1))]


def _amended_regions(text: str) -> list[tuple[int, int]]:
    """From each "is amended to read" to the next one (or the end): the quoted amended text."""
    starts = [match.end() for match in _AMENDED.finditer(text)]
    return [(start, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, start in enumerate(starts)]


# ----------------------------------------------------------------------------- Arizona capitals
# Arizona prints new law in CAPITALS and deleted law struck through. A plain text keeps the struck
# words as ordinary lower-case text: inside an amended section "may" could be law that stays or law
# that is struck, and the text cannot say which. Nothing is dropped (a guess would be a silent
# deletion); the stretches are recorded so a draft resting on their lower-case words is reviewed.

#: Convention name recorded in ``ConventionSpan.convention``.
CAPITALS_NEW_LAW = "capitals_new_law"
#: An Arizona bill names its legislature or the code it amends.
ARIZONA = re.compile(r"Legislature\s+of\s+the\s+State\s+of\s+Arizona|Arizona\s+Revised\s+Statutes|\bA\.\s?R\.\s?S\.", re.I)
#: The next section of the bill ("Sec. 2.", "Section 3.") ends an amended section.
_NEXT_SECTION = re.compile(r"^\s*Sec(?:tion|\.)\s*\d+\.", re.M)
#: The amended section's number and caption on the line after "is amended to read:".
_SECTION_HEADING = re.compile(r"[ \t]*\d+-\d+(?:\.\d+)?\.[^\n]*\n")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'-]*[A-Z]\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]*[a-z]\b")
#: Capitalised words inside lines of ordinary lower-case text that show the convention is kept.
MIN_CAPITAL_WORDS = 3


def capitals_convention_spans(text: str) -> list[ConventionSpan]:
    """The amended sections of an Arizona bill whose text shows new law in CAPITALS, else ``[]``.

    Each span runs from after "is amended to read:" (and the section's number and caption on the
    next line) to the next "Sec. N." (or the end). The
    convention counts as shown when, over those sections, at least :data:`MIN_CAPITAL_WORDS`
    capitalised words stand in lines that also hold lower-case words (a heading in capitals alone
    does not count).
    """
    if "amended" not in text or not ARIZONA.search(text):
        return []
    regions = []
    for match in _AMENDED.finditer(text):
        start = text.find("\n", match.end())
        start = len(text) if start < 0 else start + 1
        heading = _SECTION_HEADING.match(text, start)
        if heading:  # "12-820.09. Peace officers; civil actions": the caption, not the amended law
            start = heading.end()
        following = _NEXT_SECTION.search(text, start)
        end = following.start() if following else len(text)
        if end > start and not (regions and start < regions[-1][1]):
            regions.append((start, end))
    shown = 0
    for start, end in regions:
        for line in text[start:end].split("\n"):
            capitals = _CAPS_WORD.findall(line)
            if capitals and len(_LOWER_WORD.findall(line)) >= 2:
                shown += len(capitals)
    if shown < MIN_CAPITAL_WORDS:
        return []
    return [ConventionSpan(start, end, CAPITALS_NEW_LAW) for start, end in regions]


def unseen_strike_words(document: Document, start: int, end: int) -> list[str]:
    """Lower-case words of ``document.text[start:end]`` that may be struck law the text cannot show."""
    words: list[str] = []
    for span in document.conventions:
        if span.convention != CAPITALS_NEW_LAW or span.end <= start or span.start >= end:
            continue
        words += _LOWER_WORD.findall(document.text, max(start, span.start), min(end, span.end))
    return words
