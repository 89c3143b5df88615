"""Recognising the numbering at the start of a line, and the order of enumerators.

Statutes and bills number their units in a handful of ways:

* section headers: ``Sec. 52-571k.``, ``SECTION 1.``, ``SEC. 102.``, ``Section 5.``,
  ``Section 1:``, ``§ 2.``, ``§8.01-42.6.``, ``Sec. A-1.``
* bare code section numbers: ``41-4A-3. Claim for ...``, ``669.14A Qualified immunity.``,
  ``507-H:2 Employer Liability.``
* divisions above sections: ``TITLE I--...``, ``Subtitle A--...``, ``PART A``, ``CHAPTER 507-H``
* enumerators: ``(a)``, ``(1)``, ``(A)``, ``(i)``, ``(I)``, ``(aa)``, chained as ``(d) (1)`` or
  ``(4)(a)``; and dotted ``A.``, ``1.``, ``a.``, ``I.``, ``E-1.``

A letter that is also a roman numeral (``(i)``, ``(v)``, ``(x)``, ``I.``) is ambiguous; the
tree builder resolves it from context with :func:`candidate_classes`, :func:`is_successor` and
:func:`is_first`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Header",
    "match_header",
    "candidate_classes",
    "is_successor",
    "is_first",
    "roman_value",
    "find_heading",
    "INLINE_ENUMERATOR",
]

_OPEN_QUOTE = r"(?P<quote>``|\"|'(?=\())?"

_SECTION = re.compile(
    _OPEN_QUOTE
    + r"(?P<prefix>SECTION|Section|SEC\.|Sec\.|§§?)[ ]?"
    r"(?P<num>(?>[0-9A-Z][0-9A-Za-z]*(?:[-.:][0-9A-Za-z]+)*))"  # atomic: "5-A," is not "5" + "-"
    r"(?P<punct>\.(?=\s|$|[\"'])|:(?=\s|$)| ?--?(?=\s|$|[A-Z])|(?=\s*$))"
)
_CODE = re.compile(
    _OPEN_QUOTE
    + r"(?P<num>(?>\d+[A-Za-z]?(?:[-.:][0-9A-Za-z]+)+))(?P<punct>\.?)(?=\s+[A-Z\[\"(])"
)
#: Back matter that follows the enacted text (a bill's summary, a fiscal note): it ends the
#: last section instead of being read as part of it.
_BACK_MATTER = re.compile(r"(?P<word>SUMMARY|BILL SUMMARY|SYNOPSIS|STATEMENT OF FACT|FISCAL NOTE|EXPLANATION)\s*$")
_DIVISION_RANK = {
    "BACK": -1,
    "DIVISION": 0, "TITLE": 1, "SUBTITLE": 2, "CHAPTER": 3, "SUBCHAPTER": 4, "PART": 5,
    "SUBPART": 6, "ARTICLE": 7,
}
_DIVISION = re.compile(
    _OPEN_QUOTE
    + r"(?P<word>DIVISION|Division|TITLE|Title|SUBTITLE|Subtitle|CHAPTER|Chapter|SUBCHAPTER|Subchapter"
    r"|PART|Part|SUBPART|Subpart|ARTICLE|Article) "
    r"(?P<num>(?>[IVXLC]+|\d+[A-Z]?(?:-[0-9A-Z]+)?|[A-Z]{1,3}(?:-\d+)?))"
    r"(?P<punct>\s*(?:--|-(?=\s*[A-Z][A-Z ])|\.(?=\s|$)|:)|\s*$)"
)
_PAREN = r"\((?:[0-9]{1,3}[A-Za-z]?|[a-z]{1,7}|[A-Z]{1,7})\)"
_PAREN_CHAIN = re.compile(_OPEN_QUOTE + r"(?P<chain>" + _PAREN + r"(?: ?" + _PAREN + r")*)(?=\s|$|[A-Z\"])")
_PAREN_ONE = re.compile(_PAREN)
_DOT = re.compile(
    _OPEN_QUOTE + r"(?P<label>[0-9]{1,3}|[A-Z]|[a-z]|[IVXLC]{2,7}|[A-Z]{1,2}-\d{1,3})\.(?=\s|$)"
)
#: "H. R. 1500", "S. RES. 667", "S. 3912": a bill number, not an enumerator "H." or "S."
_INITIALS = re.compile(r" *(?:[A-Z](?:[A-Z]{0,3}|[a-z]{0,2})\.(?: |$)|\d+\s*$)")
#: An enumerator later in a line, right after the end of a sentence or clause (accepted by the
#: tree builder only when it continues an open list: "... the law. 2. The state ...").
INLINE_ENUMERATOR = re.compile(
    r"(?<=[.;:]) (?P<enum>\((?:[0-9]{1,3}|[a-z]{1,4}|[A-Z]{1,4})\)|(?:[0-9]{1,3}|[A-Z]|[a-z])\.)(?= [A-Z(\"])"
)


@dataclass(frozen=True, slots=True)
class Header:
    """The numbering found at the start of a line.

    ``kind`` is ``"section"`` (prefixed or bare code number), ``"division"`` or ``"enum"``.
    For sections ``style`` is the prefix family (``"SEC"``, ``"SECTION"``, ``"§"``, ``"code"``);
    for divisions the division word in upper case; for enumerators ``labels`` holds
    ``(form, label, start, end)`` for each enumerator of the chain (``form`` is ``"paren"`` or
    ``"dot"``). ``end`` is where the numbering (and its punctuation) ends.
    """

    kind: str
    start: int
    end: int
    quoted: bool
    style: str = ""
    number: str = ""
    printed: str = ""
    labels: tuple[tuple[str, str, int, int], ...] = ()


def _prefix_style(prefix: str) -> str:
    if prefix.startswith("§"):
        return "§"
    return {"SECTION": "SECTION", "Section": "Section", "SEC.": "SEC", "Sec.": "Sec"}[prefix]


def match_header(text: str, start: int, end: int) -> Header | None:
    """The header at ``text[start:end]``'s beginning, if any (``end`` bounds the line)."""
    if text.startswith(("- ", "* ", "• "), start) and end - start > 2:  # a list bullet
        start += 2
    first = text[start]
    if first in "S§`\"'":
        match = _SECTION.match(text, start, end)
        if match:
            return Header(
                "section", start, match.end(), bool(match.group("quote")),
                style=_prefix_style(match.group("prefix")), number=match.group("num"),
                printed=text[match.start("prefix") : match.end()].strip(),
            )
    if first.isdigit() or first in "`\"":
        match = _CODE.match(text, start, end)
        if match:
            return Header(
                "section", start, match.end(), bool(match.group("quote")), style="code",
                number=match.group("num"), printed=text[match.start("num") : match.end()].strip(),
            )
    if first.isalpha() or first in "`\"":
        match = _DIVISION.match(text, start, end)
        if match and _division_line_ok(text, match, end):
            word = match.group("word")
            return Header(
                "division", start, match.end(), bool(match.group("quote")), style=word.upper(),
                number=match.group("num"), printed=f"{word} {match.group('num')}",
            )
    if first in "SBEF":
        match = _BACK_MATTER.match(text, start, end)
        if match:
            word = match.group("word")
            return Header("division", start, match.end(), False, style="BACK", number="", printed=word)
    if first in "(`\"'":
        match = _PAREN_CHAIN.match(text, start, end)
        if match:
            labels = []
            for one in _PAREN_ONE.finditer(text, match.start("chain"), match.end("chain")):
                label = one.group()[1:-1]
                if not candidate_classes(label):  # "(USA)", "(may": not an enumerator
                    break
                labels.append(("paren", label, one.start(), one.end()))
            if labels:
                stop = labels[-1][3]
                return Header("enum", start, stop, bool(match.group("quote")), labels=tuple(labels))
    match = _DOT.match(text, start, end)
    if match and not (match.group("label").isalpha() and _INITIALS.match(text, match.end(), end)):
        label = match.group("label")
        return Header(
            "enum", start, match.end(), bool(match.group("quote")),
            labels=(("dot", label, match.start("label"), match.end()),),
        )
    return None


def _division_line_ok(text: str, match: re.Match, end: int) -> bool:
    """"TITLE I--POLICE" or "PART A" on its own line, not "Title 5, section 3 of ..."."""
    punct = match.group("punct")
    if punct.strip():
        return True
    return match.end() >= end or not text[match.end() : end].strip()


def division_rank(style: str) -> int:
    return _DIVISION_RANK.get(style, 8)


# ----------------------------------------------------------------------------- enumerator order

_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(label: str) -> int | None:
    """Value of a roman numeral (either case), ``None`` if ``label`` is not one."""
    if not label or not _ROMAN.match(label):
        return None
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in label.lower()]
    for index, value in enumerate(values):
        total += -value if index + 1 < len(values) and values[index + 1] > value else value
    return total


def _doubled(label: str) -> bool:
    return len(label) > 1 and len(set(label)) == 1 and label.isalpha()


def candidate_classes(label: str) -> list[str]:
    """Numbering classes ``label`` may belong to, most likely first.

    Classes: ``digit``, ``lower``, ``upper``, ``roman``, ``ROMAN``, ``lower2`` (aa, bb),
    ``upper2`` (AA, BB), ``dash`` (E-1, A-12).
    """
    if label[0].isdigit():
        return ["digit"]
    if "-" in label:
        return ["dash"]
    classes: list[str] = []
    lower = label.islower()
    roman = roman_value(label) is not None
    if len(label) == 1:
        letter = "lower" if lower else "upper"
        if roman and label in "iI":
            classes = ["roman" if lower else "ROMAN", letter]
        elif roman:
            classes = [letter, "roman" if lower else "ROMAN"]
        else:
            classes = [letter]
    else:
        if roman:
            classes.append("roman" if lower else "ROMAN")
        if _doubled(label):
            classes.append("lower2" if lower else "upper2")
    return classes


def is_first(label: str, cls: str) -> bool:
    """``label`` opens a list of class ``cls`` ("1", "a", "A", "i", "I", "aa", "AA")."""
    return label in {
        "digit": ("1",), "lower": ("a",), "upper": ("A",), "roman": ("i",), "ROMAN": ("I",),
        "lower2": ("aa",), "upper2": ("AA",), "dash": (),
    }.get(cls, ()) or (cls == "dash" and label.endswith("-1"))


_DIGITS = re.compile(r"\d+")


def _digits(label: str) -> int:
    match = _DIGITS.search(label)
    return int(match.group()) if match else 0


def is_successor(previous: str, label: str, cls: str) -> bool:
    """``label`` directly follows ``previous`` in class ``cls`` (also "5" -> "5A" insertions)."""
    if cls == "digit":
        return _digits(label) in (_digits(previous) + 1, _digits(previous)) and label != previous
    if cls in ("lower", "upper"):
        return len(label) == 1 and len(previous) == 1 and ord(label) == ord(previous) + 1
    if cls in ("roman", "ROMAN"):
        a, b = roman_value(previous), roman_value(label)
        return a is not None and b is not None and b == a + 1
    if cls in ("lower2", "upper2"):
        return (previous.lower() == "z" and label.lower() == "aa") or (
            len(previous) == len(label) and _doubled(previous) and ord(label[0]) == ord(previous[0]) + 1
        )
    if cls == "dash":
        return label.split("-")[0] == previous.split("-")[0] and _digits(label) == _digits(previous) + 1
    return False


# ----------------------------------------------------------------------------- headings

#: "Short Title.--", "SHORT TITLE.-" (an em dash normalised to "-"), "Findings. - ".
_DASH_HEADING = re.compile(r"\.(?:--|-|\s-\s)")
#: A following line that starts a unit of its own: the caption cannot run into it.
_NEXT_LINE_NUMBERED = re.compile(r"\n\s*(?:``|\"|\(|[A-Za-z0-9]{1,3}\.\s|S[Ee][Cc]|§)")
_PHRASE_END = re.compile(r"\.(?= +[A-Z\"(])")
_VERBISH = frozenset(
    "shall is are may must means mean be been amended enacted repealed was were will has have "
    "provides cited includes".split()
)


def find_heading(text: str, start: int, end: int, *, whole_line: bool) -> tuple[str | None, int]:
    """The caption right after a unit's numbering in ``text[start:end]`` (one line).

    Recognised: ``SHORT TITLE.--This act ...`` (caption before a dash), a caption that is the
    whole rest of the line (``whole_line``, for section headers), and a short caption sentence
    ``Short title. This Act ...``. Returns ``(heading or None, offset after the heading)``.
    """
    while start < end and text[start] == " ":
        start += 1
    if start >= end:
        return None, start
    rest = text[start:end]
    dash = _DASH_HEADING.search(rest, 0, 200)
    if dash and dash.start() > 0 and len(rest[: dash.start()].split()) <= 20 and _looks_like_caption(rest[: dash.start()]):
        heading = rest[: dash.start()].strip().rstrip(".")
        return (heading or None), start + dash.end()
    if not rest.endswith((".", ":", ",")) and "\n" in text[end : end + 2]:
        # a caption wrapped onto the next line(s): "(2) REDISTRICTING FOR STATE LEGISLATIVE\n
        # DISTRICTS.-Notwithstanding ...", "(C) Independent prosecution of law enforcement\n
        # statute.--The term ..."
        following = text[end : end + 160]
        dash = _DASH_HEADING.search(following)
        if dash and 1 <= following.count("\n", 0, dash.start()) <= 2:
            caption = " ".join((rest + " " + following[: dash.start()]).split())
            if (
                len(caption.split()) <= 20
                and ". " not in caption
                and ":" not in caption
                and "`" not in caption
                and not _NEXT_LINE_NUMBERED.search(following, 0, dash.start())
                and _looks_like_caption(caption)
            ):
                return caption, end + dash.end()
    phrase = _PHRASE_END.search(rest, 0, 80)
    if phrase:
        caption = rest[: phrase.start()]
        if len(caption.split()) <= 6 and "," not in caption and not any(ch.isdigit() for ch in caption):
            last_word = caption.split()[-1] + "." if caption.split() else ""
            if _looks_like_caption(caption) and last_word not in _ABBREVIATIONS and len(caption) >= 4:
                return caption.strip(), start + phrase.end()
    if whole_line and rest.isupper() and not rest.endswith((".", ":", ";", ",")) and text[end : end + 1] == "\n":
        # "SEC. 202. CERTIFICATION REQUIREMENTS FOR HIRING OF\nLAW ENFORCEMENT OFFICERS."
        stop = text.find("\n", end + 1)
        stop = len(text) if stop < 0 else stop
        following = text[end + 1 : stop].strip()
        if following.isupper() and following.endswith(".") and len(following) <= 120:
            heading = " ".join((rest + " " + following).split()).rstrip(".")
            if _looks_like_caption(heading):
                return heading, stop
    if whole_line and len(rest) <= 200 and _looks_like_caption(rest.rstrip(".")) and not rest.endswith((":", ",", ";")):
        return rest.rstrip(".").strip() or None, end
    return None, start


def _abbreviations() -> frozenset[str]:
    from pipeline.tokenizer import LEGAL_ABBREVIATIONS

    return frozenset(LEGAL_ABBREVIATIONS) | {a.upper() for a in LEGAL_ABBREVIATIONS}


_ABBREVIATIONS = _abbreviations()


def _looks_like_caption(caption: str) -> bool:
    caption = caption.strip()
    if not caption or not (caption[0].isupper() or caption[0] in "[(\""):
        return False
    words = {word.strip(",;:()[]\"'").lower() for word in caption.split()}
    return not (words & _VERBISH)
