"""The title of a bill or statute, read from its own words for the scorecard and ``summary.csv``.

Legislatures name a text in a few fixed ways, tried in this order:

* a short title: ``This Act may be cited as the "George Floyd Justice in Policing Act of 2021"``;
* a long title after ``A BILL`` / ``AN ACT``: ``To amend the Revised Statutes ...``,
  ``RELATING TO CIVIL CLAIMS; ...`` (up to the first semicolon or full stop);
* the caption of a codified section: ``Sec. 52-571k. Action for equitable relief ...``,
  ``Section 13-21-131 - Civil action for deprivation of rights``, ``§ 1983. Civil action ...``.

A reader that found a title in the file itself (HTML ``<title>``, XML ``dc:title``) keeps it.
"""

from __future__ import annotations

import re

__all__ = ["bill_title", "TITLE_MAX"]

#: Longest title kept (long titles of federal bills run to paragraphs).
TITLE_MAX = 200
#: Only the top of a text holds its title (a short title may sit in section 1 or 2).
_WINDOW = 6000

_SHORT_TITLE = re.compile(r"\bmay\s+be\s+cited\s+as\s+(?:the\s+)?[\"']([^\"'\n]{4,200})[\"']", re.IGNORECASE)
_LONG_TITLE = re.compile(r"^\s*(?:A\s+BILL|AN\s+ACT)\b[\s:]*\n?\s*((?:To|RELATING\s+TO|relating\s+to|Relating\s+to)\b"
                         r"(?:[^;.]|\.(?=\w)){8,})", re.MULTILINE)
_INLINE_BILL = re.compile(r"^\s*A\s+BILL\s+(to\s+(?:[^;.]|\.(?=\w)){8,})", re.MULTILINE | re.IGNORECASE)
_CAPTION = re.compile(
    r"^\s*(?:(?:Sec\.|Section|§+)\s*\d[\w.:-]*|\d+[A-Za-z]*(?:[.:-]\w+)+)\s*[.:-]?\s+([A-Z][^\n]{6,}?)"
    r"(?:\.\s*$|\.\s+\(|$)", re.MULTILINE)


#: Printed line numbers inside a wrapped title ("... CIVIL 3 RIGHTS ACT").
_LINE_NUMBER = re.compile(r"(?<=[A-Za-z,]) \d{1,2} (?=[A-Za-z])")


def _clean(title: str) -> str:
    words = _LINE_NUMBER.sub(" ", " ".join(title.split())).strip(" .;:-")
    if len(words) > TITLE_MAX:
        words = words[:TITLE_MAX].rsplit(" ", 1)[0] + " ..."
    return words


def bill_title(text: str) -> str | None:
    """The title ``text`` gives itself, or ``None`` when it names none."""
    head = text[:_WINDOW]
    for pattern in (_SHORT_TITLE, _LONG_TITLE, _INLINE_BILL):
        match = pattern.search(head)
        if match:
            return _clean(match.group(1))
    match = _CAPTION.search(head[:600])  # a codified section's caption is its first line
    return _clean(match.group(1)) if match else None
