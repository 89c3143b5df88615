"""Legal tokenizer exceptions and the ``legal_sentencizer`` component.

spaCy's English tokenizer splits the final period off abbreviations it does not know
("Sec." -> "Sec", "."), and a rule-based sentencizer then breaks after it. Statutes are full
of such abbreviations (``42 U.S.C. 1983 et seq.``, ``Pub. L. 96-170``, ``93 Stat. 1284``,
``Pierson v. Ray``), so :func:`customize_tokenizer` adds them as tokenizer special cases and
:func:`legal_sentencizer` (registered as the ``"legal_sentencizer"`` component) splits only
after a sentence-final token that is *not* such an abbreviation and is followed by a capital,
digit, quote or bracket; at a blank line; at an enumerated item that opens a line (not a
wrapped "paragraph\n(1)") or follows a colon or semicolon; after a heading line without a full
stop ("§ 4. Removal of qualified immunity" followed by a new line of text); and before a section
header ("Sec. 2.", "§ 1307.") that opens a line after a lead-in (see :func:`_line_label_starts`).

Both are cheap: the special cases are looked up by the tokenizer's hash table, and the
component works on arrays, looking in Python only at the few tokens that can end a sentence.
:func:`sentence_starts` states the rules plainly over token strings; the tests check that
:func:`sentence_start_indices` (used by the component) agrees with it.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> customize_tokenizer(nlp)
>>> _ = nlp.add_pipe("legal_sentencizer")
>>> [s.text for s in nlp("See 42 U.S.C. 1983 et seq. and Pub. L. 96-170. It applies.").sents]
['See 42 U.S.C. 1983 et seq. and Pub. L. 96-170.', 'It applies.']
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex

__all__ = ["LEGAL_ABBREVIATIONS", "customize_tokenizer", "legal_sentencizer", "add_legal_sentencizer"]

#: Abbreviations that end in a period but do not end a sentence in legal text. Each is added
#: as a tokenizer special case (also in upper and title case), so the period stays on it.
LEGAL_ABBREVIATIONS: tuple[str, ...] = (
    # citations
    "U.S.C.", "U.S.", "U.S.A.", "C.F.R.", "F.R.", "Fed.", "Reg.", "Stat.", "Pub.", "L.", "Pt.",
    "R.S.", "Rev.", "Ann.", "App.", "Supp.", "Cir.", "Cl.", "Art.", "Amend.", "Const.",
    "F.2d", "F.3d", "F.4th", "S.Ct.", "S. Ct.", "L.Ed.", "Ed.", "Cal.", "Conn.", "Colo.", "Mass.",
    "Va.", "Ill.", "Mich.", "Minn.", "Wis.", "Wash.", "Tex.", "Fla.", "Pa.", "Ga.", "Ky.", "Md.",
    # statute structure
    "Sec.", "Secs.", "sec.", "secs.", "Ch.", "ch.", "Chap.", "Subch.", "Subsec.", "subsec.",
    "Par.", "par.", "para.", "Para.", "Subpara.", "subpara.", "Subd.", "subd.", "Div.", "Tit.",
    "No.", "Nos.", "no.", "nos.", "Vol.", "vol.", "p.", "pp.", "cl.", "c.", "ss.",
    "H.R.", "S.", "H.", "H.P.", "S.P.", "L.D.", "H.J.", "S.J.", "Res.", "Con.", "Doc.",
    "P.A.", "P.L.", "Sp.", "Spec.", "Sess.", "Reg.", "Gen.", "Leg.", "Assem.", "Ct.", "Cong.",
    # case names and Latin
    "v.", "vs.", "seq.", "e.g.", "i.e.", "cf.", "etc.", "viz.", "et al.", "id.", "Id.", "ibid.",
    # organisations and people
    "Inc.", "Corp.", "Co.", "Ltd.", "LLC.", "Assn.", "Ass'n.", "Dept.", "Dep't.", "Gov't.",
    "Mr.", "Mrs.", "Ms.", "Dr.", "Jr.", "Sr.", "Rep.", "Sen.", "Hon.", "St.", "Ave.",
    # months
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
)

#: Split "(a)(1)(A)" and "1983(c)" at every parenthesis, so enumerators are "(", "a", ")".
_PAREN_CHAIN_INFIX = r"[()]"
#: Split a run-in heading from its text: "IN GENERAL.—Any person", "IMMUNITY.--Qualified immunity",
#: "(e) Attorney's Fees.--Except as provided" (federal bills put the first word of the provision
#: right after the dash; ingest may have turned the dash into "-"); the period and the dash become
#: tokens of their own, so the first word is seen by the patterns.
_HEADING_DASH_INFIX = r"(?<=[A-Za-z)])\.(?=(?:[—–]|-{1,2})[A-Za-z\"“(])|(?<=\.)(?:[—–]|-{1,2})(?=[A-Za-z\"“(])"

#: Split the typed em dash that ends a federal lead-in from its last word: "shall not make available
#: to the public--" + a new line of items; spaCy's suffixes know "—" but not "--".
_DOUBLE_HYPHEN_SUFFIX = r"(?<=[A-Za-z0-9)])--"

_ABBREVIATION_TEXTS = frozenset(
    variant
    for abbreviation in LEGAL_ABBREVIATIONS
    for variant in (abbreviation, abbreviation.upper(), abbreviation.title())
    if " " not in variant
)
#: After these words a "(1)" opening a line is a wrapped cross-reference, not a list item.
_REFERENCE_WORDS = frozenset(
    "paragraph paragraphs subparagraph subparagraphs subsection subsections section sections clause "
    "clauses subclause subclauses item items title division part subpart chapter".split()
)
_SECTION_WORDS = frozenset({"Sec.", "SEC.", "Section", "SECTION", "§", "§§"})
_SENTENCE_FINAL = frozenset({".", "!", "?"})
_CLOSING = frozenset({'"', "'", "''", ")", "]", "”", "’"})
_ENUMERATOR_LABEL = re.compile(r"^(?:[0-9]{1,3}[A-Za-z]?|[a-z]{1,2}|[A-Z]{1,2}|[ivxlc]{1,6}|[IVXLC]{1,6})$")


#: Division words that open a heading line ("TITLE I--POLICE ACCOUNTABILITY").
_DIVISION_WORDS = frozenset({"TITLE", "SUBTITLE", "Subtitle", "CHAPTER", "ARTICLE", "PART", "DIVISION"})
_OPENING_QUOTES = frozenset({'"', "`", "``", "“", "'"})
#: What ends a section label on its line: "§ 4." / "Section 13-21-131 -" / "TITLE I--" / "Sec. 2:".
_LABEL_TERMINATORS = frozenset({".", "-", "--", "—", "–", ":"})
_LABEL_PART = re.compile(r"^(?=.*[0-9])[0-9A-Za-z.:]+$|^[A-Z]$|^[-–—]$")
#: A heading line ending in one of these wraps onto the next line ("... Duty to Intervene and").
_CONNECTING_WORDS = frozenset(
    "of and or nor the a an to for in on by with under from at as but that which who its their his her "
    "any all each such than".split()
)
#: Headings are short; a longer line after a section label is running text that wrapped.
_MAX_HEADING_WORDS = 14


def _label_end(text, count: int, breaks, k: int) -> int:
    """Word index of the terminator of a section label opening a line at word ``k`` ("§", "4",
    "."), or -1 when the words at ``k`` are not such a label ("Section 1979 of the ...")."""
    first = text(k)
    if first in _SECTION_WORDS:
        division = False
    elif first in _DIVISION_WORDS:
        division = True
    else:
        return -1
    j = k + 1
    if j >= count or breaks[j]:
        return -1
    number = text(j)
    if not (number[0].isdigit() or _ENUMERATOR_LABEL.match(number)):
        return -1
    if division:
        return j  # "TITLE I", "Subtitle A": the number is the label
    for j in range(k + 2, min(k + 9, count)):
        if breaks[j]:
            return -1
        word = text(j)
        if word in _LABEL_TERMINATORS and not (j + 1 < count and not breaks[j + 1] and text(j + 1)[0].isdigit()):
            return j
        if not _LABEL_PART.match(word):
            return -1
    return -1


def _line_label_starts(text, count: int, breaks, line_starts: list[int], candidates=None) -> set[int]:
    """Word indices where a sentence starts because of the line structure around section labels.

    * a line that opens with a section label and its heading, without a full stop
      ("§ 4. Removal of qualified immunity"), ends its sentence at the line end when the next
      line begins like a sentence (capital, digit, bracket, quote, section sign) — unless the
      heading wraps: it ends with a connecting word or a comma/dash, it is longer than a
      heading, or an upper-case heading continues in upper case;
    * a section label in header form ("Sec. 2.", "SECTION 3.", "§ 4.") opening a line starts a
      sentence unless the previous line ended mid-phrase (a lower-case word: "as provided in
      \nSection 5.").

    ``text(k)`` is the k-th word, ``breaks[k]`` the line breaks before it (1 newline, 2 blank
    line), ``line_starts`` the words that open a line (with 0); ``candidates`` (positions in
    ``line_starts``) limits the lines looked at to those that can open with a label. Shared by
    both rule versions.
    """
    found: set[int] = set()
    if candidates is None:
        candidates = range(len(line_starts))
    for position in candidates:
        k = line_starts[position]
        next_line = line_starts[position + 1] if position + 1 < len(line_starts) else count
        label_at = k
        while label_at < min(k + 2, next_line - 1) and text(label_at) in _OPENING_QUOTES:
            label_at += 1  # quoted inserted matter: ``Sec. 5. ...
        end = _label_end(text, count, breaks, label_at)
        if end < 0:
            continue
        if k > 0 and text(label_at) in _SECTION_WORDS and text(end) in _LABEL_TERMINATORS:
            previous = text(k - 1)
            if not (previous.isalpha() and previous.islower()) and previous.lower() not in _REFERENCE_WORDS:
                found.add(k)
        last = next_line - 1
        if next_line >= count or breaks[next_line] >= 2 or last <= end:
            continue  # no next line, a blank line (already a break), or a bare label
        heading = [text(i) for i in range(end + 1, next_line)]
        last_word = heading[-1]
        if (
            len(heading) > _MAX_HEADING_WORDS
            or last_word in _SENTENCE_FINAL
            or not (last_word[0].isalnum() or last_word in _CLOSING)
            or last_word.lower() in _CONNECTING_WORDS
        ):
            continue
        following = text(next_line)
        if not (following[0].isupper() or following[0].isdigit() or following[0] in "(\"'§[“`"):
            continue
        letters = [w for w in heading if any(c.isalpha() for c in w)]
        if letters and all(w.isupper() for w in letters):
            line_after = line_starts[position + 2] if position + 2 < len(line_starts) else count
            upcoming = [text(i) for i in range(next_line, min(next_line + 3, line_after))]
            upcoming = [w for w in upcoming if any(c.isalpha() for c in w)]
            if upcoming and all(w.isupper() for w in upcoming):
                continue  # "CERTIFICATION REQUIREMENTS\nFOR OFFICERS": an upper-case heading wraps
        found.add(next_line)
    return found


def customize_tokenizer(nlp: Language) -> None:
    """Add legal abbreviations as special cases and split chained enumerators ``(a)(1)``.

    Idempotent; safe to call on any ``Language`` with an English-style tokenizer.
    """
    tokenizer = nlp.tokenizer
    current = getattr(getattr(tokenizer, "infix_finditer", None), "__self__", None)
    if current is not None and _PAREN_CHAIN_INFIX in getattr(current, "pattern", ""):
        return  # already customised (setting rules again would only flush the tokenizer cache)
    rules = dict(tokenizer.rules or {})
    rules.update({text: [{ORTH: text}] for text in _ABBREVIATION_TEXTS})
    rules["al."] = [{ORTH: "al."}]  # "et al." is two words; keep "al." whole
    infixes = list(nlp.Defaults.infixes or []) + [_PAREN_CHAIN_INFIX, _HEADING_DASH_INFIX]
    suffixes = list(nlp.Defaults.suffixes or []) + [_DOUBLE_HYPHEN_SUFFIX]
    # One new Tokenizer instead of ~3,000 add_special_case calls and an infix setter: each of those
    # reloads the special cases, which was a tenth of a bill's cold start; tokens are the same.
    nlp.tokenizer = Tokenizer(nlp.vocab, rules=rules, prefix_search=tokenizer.prefix_search,
                              suffix_search=compile_suffix_regex(suffixes).search,
                              infix_finditer=compile_infix_regex(infixes).finditer,
                              token_match=tokenizer.token_match, url_match=tokenizer.url_match,
                              faster_heuristics=tokenizer.faster_heuristics)


def _is_enumerator_at(texts: list[str], i: int) -> bool:
    """``texts[i]`` is the "(" of an enumerator like ``(a)``, ``(12)``, ``(iv)``, ``(AA)``."""
    return (
        i + 2 < len(texts)
        and texts[i + 2] == ")"
        and _ENUMERATOR_LABEL.match(texts[i + 1]) is not None
    )


_NO_RUN_ON_AFTER = frozenset({".", "!", "?", ":", ";", ")", "]", "--", "—"})


def _runs_on(previous: str, word: str) -> bool:
    """Whether a sentence runs on across a blank line: no stop or colon before it, a lower-case word after it."""
    return previous not in _NO_RUN_ON_AFTER and word[:1].islower() and word[:1].isalpha()


def sentence_starts(texts: list[str]) -> list[bool]:
    """Sentence-start flags for a token sequence (see module docstring for the rules).

    Works on token strings only, so it is cheap and testable without a ``Doc``.
    """
    n = len(texts)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    last_word = texts[0].lower()
    blank_line = False  # a paragraph break was seen: the next word starts a sentence
    pending = texts[0] in _SENTENCE_FINAL  # the next word may start a sentence
    after_list_punct = texts[0] in (":", ";")  # (or "; and"): enumerators start sentences
    after_newline = False
    line_label_at = -2 if texts[0] in _SECTION_WORDS else -1  # index of the number in "Sec. 5."
    last_i = None if texts[0].isspace() else 0  # index of the last word token (none yet: a leading blank line)
    for i in range(1, n):
        text = texts[i]
        if text.isspace():
            if "\n" in text:
                after_newline = True
                blank_line = blank_line or text.count("\n") >= 2
            continue
        # a blank line ends a sentence (headings have no period), unless the sentence runs on across it: a
        # page break inside a sentence ("of that conduct\n\n\n remain confidential") leaves no final stop
        # before it and a lower-case word after it
        start = blank_line and not (last_i is not None and _runs_on(texts[last_i], text))
        blank_line = False
        if pending and text not in _CLOSING:
            first = text[0]
            start = start or first.isupper() or first.isdigit() or first in "(\"'§[“`"
            pending = False
        if (
            not start
            and text == "("
            and (after_list_punct or (after_newline and last_word not in _REFERENCE_WORDS))
            and _is_enumerator_at(texts, i)
        ):
            start = True  # "(1)" opening a line (not "paragraph\n(1)") or after ":" / ";"
        starts[i] = start
        if text == "." and line_label_at == i - 1:
            pass  # "Sec. 382. Pattern and practice investigations." (a label opening a line)
        elif text in _SENTENCE_FINAL:
            pending = True
        if line_label_at == -2 and text[0].isdigit():
            line_label_at = i  # the number after a line-initial "Sec." / "SEC." / "§"
        else:
            line_label_at = -1
        if (after_newline or i == 0) and text in _SECTION_WORDS:
            line_label_at = -2
        last_word = text.lower()
        last_i = i
        after_list_punct = text in (":", ";") or (after_list_punct and last_word in ("and", "or", "-", "--"))
        after_newline = False
    # line structure around section labels (shared with the array version)
    word_at = [i for i, t in enumerate(texts) if not t.isspace()]
    word_breaks = []
    newlines = 0
    for i, t in enumerate(texts):
        if t.isspace():
            if i:
                newlines = max(newlines, 2 if t.count("\n") >= 2 else (1 if "\n" in t else 0))
            continue
        word_breaks.append(newlines)
        newlines = 0
    line_starts = [k for k in range(len(word_at)) if k == 0 or word_breaks[k]]
    for k in _line_label_starts(lambda k: texts[word_at[k]], len(word_at), word_breaks, line_starts):
        starts[word_at[k]] = True
    return starts


def _hashes(texts) -> numpy.ndarray:
    return numpy.array(sorted(hash_string(text) for text in texts), dtype="uint64")


class _Hashes:
    """ORTH hashes of the tokens the rules look at (string hashes do not depend on the vocab)."""

    final = _hashes(_SENTENCE_FINAL)
    closing = _hashes(_CLOSING)
    section = _hashes(_SECTION_WORDS)
    line_openers = _hashes(_SECTION_WORDS | _DIVISION_WORDS | _OPENING_QUOTES)
    open_paren = hash_string("(")
    close_paren = hash_string(")")
    period = hash_string(".")


def sentence_start_indices(doc: Doc) -> list[int]:
    """Token indices where sentences start: the rules of :func:`sentence_starts`, applied with
    array operations so that Python only looks at the few tokens that can matter (sentence-final
    punctuation and what follows it, "(", whitespace with line breaks)."""
    n = len(doc)
    if not n:
        return []
    strings = doc.vocab.strings
    vocab = _Hashes
    columns = doc.to_array([ORTH, IS_SPACE])
    orth = columns[:, 0]
    space = columns[:, 1] != 0
    words = numpy.flatnonzero(~space)  # doc index of each word token
    if not len(words):
        return [0]
    word_orth = orth[words]
    count = len(words)

    def text(k: int) -> str:
        return strings[int(word_orth[k])]

    # line breaks before each word: 1 = newline, 2 = blank line (space tokens hold all "\n")
    breaks = numpy.zeros(count, dtype="int8")
    for i in numpy.flatnonzero(space).tolist():
        if i == 0:
            continue
        newlines = strings[int(orth[i])].count("\n")
        if newlines:
            k = int(numpy.searchsorted(words, i))
            if k < count:
                breaks[k] = max(int(breaks[k]), 2 if newlines >= 2 else 1)
    starts = {0}
    first_word = 1 if words[0] == 0 else 0  # the rules run from doc index 1
    for k in numpy.flatnonzero(breaks[first_word:] == 2).tolist():
        if k + first_word > 0 and _runs_on(text(k + first_word - 1), text(k + first_word)):
            continue  # a sentence running on across a page break
        starts.add(int(words[k + first_word]))
    # after ".", "!" or "?": the next word that is not a closing quote or bracket
    not_closing = numpy.flatnonzero(~numpy.isin(word_orth, vocab.closing))
    for k in numpy.flatnonzero(numpy.isin(word_orth, vocab.final)).tolist():
        if (
            word_orth[k] == vocab.period
            and k >= 2
            and words[k] == words[k - 1] + 1
            and text(k - 1)[:1].isdigit()
            and word_orth[k - 2] in vocab.section
            and (words[k - 2] == 0 or breaks[k - 2] >= 1)
        ):
            continue  # "Sec. 382. Pattern ..." (a label opening a line)
        position = int(numpy.searchsorted(not_closing, k + 1))
        if position < len(not_closing):
            m = int(not_closing[position])
            first = text(m)[0]
            if first.isupper() or first.isdigit() or first in "(\"'§[“`":
                starts.add(int(words[m]))
    line_start_array = numpy.concatenate(([0], numpy.flatnonzero(breaks[1:] >= 1) + 1))
    candidates = numpy.flatnonzero(numpy.isin(word_orth[line_start_array], vocab.line_openers)).tolist()
    for k in _line_label_starts(text, count, breaks, line_start_array.tolist(), candidates):
        starts.add(int(words[k]))
    # an enumerator "(1)" that opens a line or follows ":" / ";"
    for k in numpy.flatnonzero(word_orth == vocab.open_paren).tolist():
        i = int(words[k])
        if i in starts or i == 0 or i + 2 >= n or orth[i + 2] != vocab.close_paren:
            continue
        if _ENUMERATOR_LABEL.match(strings[int(orth[i + 1])]) is None:
            continue
        previous = text(k - 1).lower() if k else ""
        after_newline = breaks[k] >= 1 and previous not in _REFERENCE_WORDS
        j = k - 1
        while j >= 0 and text(j).lower() in ("and", "or", "-", "--"):
            j -= 1
        after_list_punct = j >= 0 and text(j) in (":", ";")
        if after_newline or after_list_punct:
            starts.add(i)
    return sorted(starts)


def set_legal_sentence_starts(doc: Doc) -> Doc:
    """Mark sentence starts in ``doc`` in one array write (the ``Token.is_sent_start`` setter
    is slow: it checks the whole doc's annotation on every call)."""
    if not len(doc):
        return doc
    values = numpy.full(len(doc), -1, dtype="int64")
    values[sentence_start_indices(doc)] = 1
    doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))
    return doc


@Language.component("legal_sentencizer")
def legal_sentencizer(doc: Doc) -> Doc:
    """spaCy component: sentence boundaries that respect legal abbreviations and enumerators."""
    return set_legal_sentence_starts(doc)


def add_legal_sentencizer(nlp: Language, **add_pipe_kwargs) -> None:
    """Customise ``nlp``'s tokenizer and add the ``legal_sentencizer`` if it is not there yet."""
    customize_tokenizer(nlp)
    if "legal_sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("legal_sentencizer", **add_pipe_kwargs)
