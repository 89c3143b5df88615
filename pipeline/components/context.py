"""Context components: what patterns alone cannot say about a cue.

* ``qi_modality`` – is the cue governed by *shall / must / is required to* (mandatory) or by
  *may / is authorized to / in its discretion* (permissive), and is it negated
  (*shall not*, *is not*, *no ... shall*, *nothing ... shall*)?
* ``qi_scope`` – exception and scope markers in the cue's clause (*except*, *unless*,
  *only when*, *shall only be a defense*, *notwithstanding*, *shall not abrogate*,
  *does not apply*), and non-operative regions of the document (findings, sense of Congress).
* ``qi_money`` – the dollar value of money cues, written in figures or words
  ("two million dollars ($2,000,000)"), and the unit it is counted per (claimant, occurrence).

All three look only at cue spans found by the ``span_ruler`` and at the clause around them,
so their cost grows with the number of cues, not with the length of the bill.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.extensions import CUES_KEY, doc_text
from pipeline.vocab import NON_OPERATIVE_HEADING_WORDS

MANDATORY = frozenset({"shall", "must", "required", "requires", "require", "mandating", "mandatory",
                       "entitled", "will"})
PERMISSIVE = frozenset({"may", "authorized", "authorizes", "authorize", "discretion", "permitting",
                        "permit", "permits", "permitted", "allow", "allows", "allowed", "can",
                        "might", "discretionary", "empowered"})
NEGATORS = frozenset({"not", "n't", "never"})
SUBJECT_NEGATORS = frozenset({"no", "nothing", "neither", "nor", "none"})
# Cues that do the modal work themselves (the modal sits inside the matched span).
_LOOKBACK = 14
_LOOKAHEAD = 4
_SUBJECT_LOOKBACK = 45


_SENT_STARTS_KEY = "_qi_sent_starts"


def sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start, computed once per doc in one vectorised pass.

    ``Token.sent`` walks the document to find its sentence, which is quadratic when asked for
    every cue of a long bill; a bisect over these starts is not.
    """
    starts = doc.user_data.get(_SENT_STARTS_KEY)
    if starts is None or (starts and starts[-1] >= len(doc)):
        import numpy

        from spacy.attrs import SENT_START

        flags = doc.to_array([SENT_START]).reshape(-1) if len(doc) else numpy.zeros(0)
        starts = [0] + [int(i) for i in numpy.flatnonzero(flags == 1) if i > 0]
        doc.user_data[_SENT_STARTS_KEY] = starts
    return starts


def forget_sentence_starts(doc: Doc) -> None:
    doc.user_data.pop(_SENT_STARTS_KEY, None)


def sentence_at(doc: Doc, i: int) -> Span:
    """The sentence (clause) that contains token ``i``."""
    starts = sentence_starts(doc)
    k = bisect_right(starts, i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return doc[starts[k]:end]


def clause_of(span: Span) -> Span:
    """The sentence (clause) that contains the start of ``span``."""
    return sentence_at(span.doc, span.start)


#: Words after which a "no" opens a clause's subject ("..., and no officer shall"), not an object.
_SUBJECT_OPENERS = frozenset({"and", "or", "but", "that", "provided", "however", "then", "where", "when", "if",
                              "whereas", "unless", "except"})


def _opens_a_subject(doc, sent: Span, j: int) -> bool:
    """Whether the negator at ``j`` opens a negative subject ("No officer ... shall", "Nothing in
    this act shall") rather than negating an object inside a relative clause ("an officer who ...
    makes no attempt to do so, shall be liable"): it starts the clause, follows punctuation or a
    conjunction, or is "neither"/"nor"."""
    if doc[j].lower_ in ("neither", "nor") or j == sent.start:
        return True
    prev = doc[j - 1]
    return prev.is_punct or prev.lower_ in _SUBJECT_OPENERS or prev.is_space


#: "not later than", "not more than", "not to exceed": a "not" that bounds a time or an amount,
#: not the verb ("shall pay, not later than the 60th day, the full amount").
_BOUND_AFTER_NOT = frozenset({"later", "earlier", "sooner", "more", "less", "fewer", "exceeding", "to"})


def bound_not(doc, j: int) -> bool:
    nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    if nxt == "to":
        return j + 2 < len(doc) and doc[j + 2].lower_ in ("exceed", "be", "less")
    return nxt in _BOUND_AFTER_NOT and j + 2 < len(doc) and doc[j + 2].lower_ == "than"


_DO_AUX = frozenset({"did", "does", "do"})
_FINITE_AFTER_ELLIPSIS = frozenset({"is", "are", "shall", "will", "must", "may", "becomes", "remains"})


def elliptical_not(doc, j: int) -> bool:
    """A "not" that closes an elided verb phrase: "an officer who could have prevented it but did not is
    liable", "..., but does not, shall be liable". It negates the elided verb, not the one that follows."""
    if j == 0 or doc[j - 1].lower_ not in _DO_AUX:
        return False
    k = j + 1
    if k < len(doc) and doc[k].text == ",":
        k += 1
    return k < len(doc) and doc[k].lower_ in _FINITE_AFTER_ELLIPSIS


def modality_of(span: Span, sent: Span | None = None, *, with_distance: bool = False):
    """``(modality, negated)`` of the verb governing ``span`` inside its clause.

    With ``with_distance=True`` also returns how many tokens separate the modal from the span
    (0 when it is inside the span, 99 when there is none), so callers can insist that the
    modal governs the cue directly ("shall not indemnify") rather than a distant verb.

    Looks at the span itself, then backwards (nearest modal wins), then a few tokens ahead for
    passives such as "fees shall be awarded". Negation is a *not* right after the modal or a
    negative subject ("no public body ... shall", "nothing in this section shall").
    """
    doc = span.doc
    sent = sent or clause_of(span)
    lo = max(sent.start, span.start - _LOOKBACK)
    candidates = list(range(span.start, span.end)) + list(range(span.start - 1, lo - 1, -1))
    # Passives ("fees shall be awarded"): a modal right after the cue, not after a conjunction
    # ("personally liable and shall not be indemnified" is a second verb).
    for i in range(span.end, min(sent.end, span.end + _LOOKAHEAD)):
        if doc[i].lower_ in ("and", "or", ",", ";", "but") or doc[i].is_punct:
            break
        candidates.append(i)
    modal_i = None
    modality = None
    for i in candidates:
        lower = doc[i].lower_
        if lower in MANDATORY:
            if lower in ("required", "entitled") and i > sent.start and doc[i - 1].lower_ not in (
                    "is", "are", "be", "been", "being", "shall", "not", "also"):
                continue
            modal_i, modality = i, "mandatory"
            break
        if lower in PERMISSIVE:
            modal_i, modality = i, "permissive"
            break
    negated = False
    if modal_i is not None:
        for j in range(modal_i + 1, min(modal_i + 4, sent.end)):
            if doc[j].lower_ in NEGATORS and not bound_not(doc, j):
                negated = True
                break
        if not negated:
            for j in range(max(sent.start, modal_i - 2), modal_i):
                if doc[j].lower_ in NEGATORS and not elliptical_not(doc, j):
                    negated = True
        if not negated:
            # the subject is in the modal's own clause: "No officer shall pay ...; the entity shall pay
            # the whole of it" (a semicolon ends the first clause's subject)
            first = max(sent.start, modal_i - _SUBJECT_LOOKBACK)
            first = max([first] + [j + 1 for j in range(first, modal_i) if doc[j].text == ";"])
            for j in range(first, modal_i):
                if doc[j].lower_ in SUBJECT_NEGATORS and _opens_a_subject(doc, sent, j):
                    negated = True
                    break
    else:
        # "is not a defense", "are not required": copula negation without a modal.
        for j in range(max(sent.start, span.start - 2), min(sent.end, span.end + 2)):
            if doc[j].lower_ in NEGATORS and not bound_not(doc, j) and not elliptical_not(doc, j):  # "for not less than ninety days" bounds
                negated = True
                break
        if not negated and span.label_ in _DEFENSE_LABELS:
            negated = _negative_subject(doc, sent, span)
    if modality == "mandatory" and negated and doc[modal_i].lower_ in ("required", "requires", "require"):
        # "is not required to indemnify", "nothing ... requires an employer to indemnify": no
        # duty, but no prohibition either; a permissive word before it still counts
        # ("is authorized, but not required, to indemnify").
        modality, negated = None, False
        for j in range(modal_i - 1, lo - 1, -1):
            if doc[j].lower_ in PERMISSIVE:
                modality, modal_i = "permissive", j
                break
    # A negation right before the cue ("not otherwise available") binds tighter than any modal;
    # so does "no" inside a defence cue ("good faith shall be no defense").
    local_negation = any(doc[j].lower_ in NEGATORS and not elliptical_not(doc, j)
                         for j in range(max(sent.start, span.start - 2), span.start)) or (
        span.label_ in _DEFENSE_LABELS and any(t.lower_ == "no" for t in span[1:]))
    # "..., nor is it a defense that ...", "Nor shall it be a defense": an inverted clause after "nor"
    # ("and neither is it a defense") carries the negation of the one before it.
    if span.start > sent.start and doc[span.start - 1].lower_ in ("nor", "neither") and doc[span.start].lower_ in (
            MANDATORY | PERMISSIVE | {"is", "are", "was", "were", "will", "would"}):
        local_negation = True
    if local_negation:
        negated = True
    if not with_distance:
        return modality, negated
    if modal_i is None or local_negation:
        distance = 0 if negated else 99  # copula negation sits right at the cue
    elif span.start <= modal_i < span.end:
        distance = 0
    elif modal_i < span.start:  # words between, not counting punctuation or line breaks
        distance = sum(1 for t in doc[modal_i + 1:span.start] if not (t.is_punct or t.is_space))
    else:
        distance = sum(1 for t in doc[span.end:modal_i] if not (t.is_punct or t.is_space))
    return modality, negated, distance


#: Cues whose copula may take a negative subject ("None of the following is a defense"); liability
#: cues may not ("a trooper who ... did nothing is jointly and severally liable").
_DEFENSE_LABELS = frozenset({"DEFENSE", "QI_ASSERT", "QI_BAR"})
_COPULA_SUBJECT_NEGATORS = frozenset({"no", "none", "neither"})
#: Words that end the subject of a copula before the cue ("No officer who ... is immune").
_SUBJECT_BREAKS = frozenset({",", ";", ":", "who", "which", "that", "whom", "whose", "if", "when", "unless"})


def _negative_subject(doc: Doc, sent: Span, span: Span, reach: int = 6) -> bool:
    """A copula with a negative subject and no modal: "None of the following is a defense",
    "Neither a defense nor an immunity ... is available". The negator must sit a few words
    before the cue with no clause break between (a relative clause has its own verb)."""
    for j in range(span.start - 1, max(sent.start, span.start - reach) - 1, -1):
        lower = doc[j].lower_
        if lower in _SUBJECT_BREAKS:
            return False
        if lower in _COPULA_SUBJECT_NEGATORS:
            return True
    return False


def _cue_spans(doc: Doc):
    return doc.spans[CUES_KEY] if CUES_KEY in doc.spans else ()


@Language.component("qi_modality")
def qi_modality(doc: Doc) -> Doc:
    """Set ``span._.modality`` / ``span._.negated`` on every cue span."""
    for span in _cue_spans(doc):
        modality, negated = modality_of(span)
        span._.modality = modality
        span._.negated = negated
    return doc


# Scope markers: (kind, token pattern as lower-case word tuple).
_SCOPE_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("except", ("except",)),
    ("except", ("excepting",)),
    ("unless", ("unless",)),
    ("only_if", ("only", "when")),
    ("only_if", ("only", "if")),
    ("only_if", ("only", "where")),
    ("only_defense", ("only", "be", "a", "defense")),
    ("only_defense", ("only", "be", "a", "defence")),
    ("only_defense", ("only", "be", "available")),
    ("notwithstanding", ("notwithstanding",)),
    ("provided", ("provided", "that")),
    ("provided", ("provided", ",", "however")),
    ("in_the_event", ("in", "the", "event")),
    ("if", ("if",)),
    ("where", ("where",)),
    ("not_abrogate", ("not", "abrogate")),
    ("does_not_apply", ("does", "not", "apply")),
    ("does_not_apply", ("do", "not", "apply")),
    ("does_not_apply", ("shall", "not", "apply")),
    ("does_not_apply", ("not", "be", "applicable")),
    ("does_not_apply", ("is", "not", "applicable")),
    ("in_addition", ("in", "addition", "to")),
)
_EXCEPTION_KINDS = frozenset({"except", "unless", "only_if", "provided", "in_the_event", "if", "where"})
_FIRST_WORDS = frozenset(words[0] for _, words in _SCOPE_MARKERS)


def scope_markers(sent: Span) -> list[tuple[str, int]]:
    """``[(kind, token index)]`` of the scope markers in a clause."""
    doc = sent.doc
    # Word tokens only: a line break inside "does\n   not apply" is a whitespace token.
    index = [i for i in range(sent.start, sent.end) if not doc[i].is_space]
    lowers = [doc[i].lower_ for i in index]
    found = []
    for k, lower in enumerate(lowers):
        if lower not in _FIRST_WORDS:
            continue
        for kind, words in _SCOPE_MARKERS:
            if words[0] == lower and tuple(lowers[k:k + len(words)]) == words:
                found.append((kind, index[k]))
    return found


# Non-operative parts of a bill: findings, purposes, sense of Congress. A heading line opens
# the region; the next section heading closes it.
_NONOPERATIVE_HEADING = re.compile(
    r"^[ \t]*(?:§|sec(?:tion)?\.?)\s*\d+[a-z]?\.?\s*(?:[-—.:]\s*)?"
    + NON_OPERATIVE_HEADING_WORDS + r"\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_ANY_HEADING = re.compile(r"^[ \t]*(?:§|sec(?:tion)?\.?)\s*\d+[a-z]?\.", re.IGNORECASE | re.MULTILINE)


def nonoperative_regions(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of findings / purposes / sense-of-Congress sections."""
    regions = []
    for match in _NONOPERATIVE_HEADING.finditer(text):
        following = _ANY_HEADING.search(text, match.end())
        regions.append((match.start(), following.start() if following else len(text)))
    return tuple(regions)


#: A sentence that states what the legislature finds, intends or aims at enacts nothing, also when
#: no "Findings" heading opens it ("SECTION 1. The legislature finds that officers should be
#: required to intervene ...", "It is the intent of the General Assembly that ...").
#: The section number or enumerator a sentence may open with ("SECTION 1. ", "(3) ", "b. ").
_SENTENCE_LABEL = r"(?:section|sec\.?)\s*\d+[a-z]?\.?\s*|\(?[a-z0-9]{1,3}[.)]\s*"
_DECLARATORY = re.compile(
    r"\s*(?:" + _SENTENCE_LABEL +
    r"|(?:legislative\s+)?(?:purposes?|findings?|intent|declaration\s+of\s+policy)\.\s*)*"
    r"(?:(?:the\s+)?(?:legislature|general\s+assembly|congress|council|people)\b[^.;:]{0,40}?"
    r"\b(?:hereby\s+)?(?:finds|declares|determines|recognizes)\b"
    r"|it\s+is\s+the\s+(?:intent|sense|policy|purpose)\s+of\b"
    r"|the\s+purposes?\s+of\s+this\s+(?:act|section|chapter|bill|subchapter)\s+(?:is|are)\b)",
    re.IGNORECASE)


#: An item that opens with "whether" poses a question (a study's topics: "(1) Whether a political
#: subdivision should be required to indemnify ...;"), unless it is a sentence of its own with a
#: main verb ("Whether the right was clearly established shall not be a defense.").
_QUESTION = re.compile(r"\s*(?:" + _SENTENCE_LABEL + r")*whether\b(?!\s+or\s+not)", re.IGNORECASE)
_LIST_ITEM_END = re.compile(r"(?:;|;\s*(?:and|or)|:|,\s*(?:and|or))\s*$")
_MAIN_VERB = re.compile(r"\b(?:shall|must|may\s+not|is\s+not|are\s+not|does\s+not|is\s+no"
                        r"|is\s+(?:immaterial|irrelevant|relevant|material))\b", re.IGNORECASE)  # "Whether ... is immaterial"


def _poses_a_question(text: str) -> bool:
    return bool(_QUESTION.match(text)) and (bool(_LIST_ITEM_END.search(text)) or not _MAIN_VERB.search(text))


def states_no_law(sent: Span, regions: tuple[tuple[int, int], ...]) -> bool:
    """Whether a sentence enacts nothing: it stands in a findings / purposes region of
    :func:`nonoperative_regions`, opens with a declaration of what the legislature finds or
    intends, or is a question a study is to answer."""
    return (any(lo <= sent.start_char < hi for lo, hi in regions) or bool(_DECLARATORY.match(sent.text))
            or _poses_a_question(sent.text))


@Language.component("qi_scope")
def qi_scope(doc: Doc) -> Doc:
    """Set ``span._.scope`` and ``span._.exception_after`` on cue spans; mark non-operative text."""
    cues = _cue_spans(doc)
    if not len(cues):
        return doc
    doc._.nonoperative = nonoperative_regions(doc_text(doc))
    cache: dict[int, list[tuple[str, int]]] = {}
    for span in cues:
        sent = clause_of(span)
        markers = cache.get(sent.start)
        if markers is None:
            markers = cache[sent.start] = scope_markers(sent)
        span._.scope = tuple(sorted({kind for kind, _ in markers}))
        span._.exception_after = any(kind in _EXCEPTION_KINDS and i >= span.end for kind, i in markers)
    return doc


# --- cue constraints -----------------------------------------------------------------------

class CueConstraints:
    """Drop duplicate cues and enforce the ``near`` requirements of pattern files.

    A pattern line may carry ``"near": [{"any": [words], "after": n, "extend": true}, ...]``:
    the cue stands only if, for every requirement, one of the words follows within ``n`` word
    tokens in the same clause; ``extend`` stretches the cue span to that word. This keeps the
    token patterns short (no wildcard runs, which make spaCy's matcher slow) while still
    expressing "rights ... secured ... by the constitution".
    """

    def __init__(self, constraints: dict | None = None):
        self.constraints = {
            pattern_id: [(frozenset(req["any"]), int(req["after"]), bool(req.get("extend")),
                          bool(req.get("past_parenthetical"))) for req in reqs]
            for pattern_id, reqs in (constraints or {}).items()
        }

    def __call__(self, doc: Doc) -> Doc:
        if CUES_KEY not in doc.spans:
            return doc
        cues = doc.spans[CUES_KEY]
        out, seen, changed = [], set(), False
        for span in cues:
            # constraints first: of two patterns that match the same words, the one whose "near"
            # requirement fails must not hide the other ("officer shall pay" with and without a
            # "percent" after it)
            requirements = self.constraints.get(span.id_)
            if requirements:
                span = self._apply(doc, span, requirements)
                changed = True
                if span is None:
                    continue
            key = (span.start, span.end, span.label_)
            if key in seen:  # quantified patterns can match the same words twice
                changed = True
                continue
            seen.add(key)
            out.append(span)
        if changed:
            doc.spans[CUES_KEY] = out
        return doc

    @staticmethod
    def _apply(doc: Doc, span: Span, requirements) -> Span | None:
        sent_end = sentence_at(doc, span.start).end
        end = span.end
        for words, after, extend, past_parenthetical in requirements:
            hit, counted, i = None, 0, span.end
            while i < sent_end and counted < after:
                token = doc[i]
                if not token.is_space:
                    if token.lower_ in words:
                        hit = i
                        break
                    counted += 1
                i += 1
            if hit is None and past_parenthetical:
                hit = CueConstraints._past_parenthetical(doc, span.end, sent_end, words, after)
            if hit is None:
                return None
            if extend:
                end = max(end, hit + 1)
        if end == span.end:
            return span
        return Span(doc, span.start, end, label=span.label, span_id=span.id)

    #: How far a parenthetical set off by commas may run ("shall pay, from the fund established
    #: under section 12 and without regard to any other limitation, the full amount of ...").
    PARENTHETICAL_REACH = 40

    @staticmethod
    def _past_parenthetical(doc: Doc, start: int, sent_end: int, words, after: int) -> int | None:
        """A word of ``words`` within ``after`` word tokens of the comma that closes a parenthetical
        opening right after the cue ("pay, <aside>, the full amount of any judgment"). The aside may
        hold commas of its own; it may not cross a semicolon, colon or full stop."""
        if start >= sent_end or doc[start].text != ",":
            return None
        last_comma = None
        for i in range(start + 1, min(sent_end, start + CueConstraints.PARENTHETICAL_REACH)):
            text = doc[i].text
            if text in (";", ":", "."):
                return None
            if text == ",":
                last_comma = i
            elif doc[i].lower_ in words and last_comma is not None:
                gap = sum(1 for t in doc[last_comma + 1:i] if not t.is_space)
                return i if gap < after else None
        return None


@Language.factory("qi_cue_constraints", default_config={"constraints": {}})
def make_qi_cue_constraints(nlp: Language, name: str, constraints: dict) -> CueConstraints:
    return CueConstraints(constraints)


# --- money ---------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALE_SUFFIX = {"k": 1_000, "m": 1_000_000, "million": 1_000_000, "billion": 1_000_000_000,
                 "thousand": 1_000}
_PER_UNITS = {"claimant", "occurrence", "person", "violation", "incident", "claim", "plaintiff",
              "individual", "injury", "death", "event", "action", "judgment", "case", "year"}


def words_to_number(words: list[str]) -> float | None:
    """"two million" -> 2000000; "twenty-five thousand" -> 25000; None if not a number."""
    total, current, seen = 0, 0, False
    for word in words:
        word = word.lower().strip(",")
        if word in ("-", "and", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
            seen = True
        else:
            try:
                current += float(word.replace(",", ""))
                seen = True
            except ValueError:
                return None
    return float(total + current) if seen else None


def money_value(span: Span) -> float | None:
    """Dollar value of a money cue span (figures like "$2,000,000" or words)."""
    texts = [t.text for t in span if t.lower_ not in ("dollars", "dollar", "$", "the", "sum", "of")]
    if not texts:
        return None
    first = texts[0].replace(",", "")
    try:
        value = float(first)
    except ValueError:
        return words_to_number(texts)
    scale = 1
    for word in texts[1:]:
        scale *= _SCALE_SUFFIX.get(word.lower(), 1)
    return value * scale


@Language.component("qi_money")
def qi_money(doc: Doc) -> Doc:
    """Keep the longest money cues, and set ``span._.amount`` and ``span._.per`` on them."""
    if CUES_KEY not in doc.spans:
        return doc
    cues = doc.spans[CUES_KEY]
    money = [span for span in cues if span.label_ == "MONEY"]
    if not money:
        return doc
    kept = set((s.start, s.end) for s in filter_spans(money))
    others = [span for span in cues if span.label_ != "MONEY" or (span.start, span.end) in kept]
    if len(others) != len(cues):
        doc.spans[CUES_KEY] = others
        cues = doc.spans[CUES_KEY]
    for span in cues:
        if span.label_ != "MONEY":
            continue
        span._.amount = money_value(span)
        # "($2,000,000) per claimant": skip a parenthesised restatement, then look for "per X".
        i, end = span.end, min(len(doc), span.end + 12)
        while i < end and doc[i].text in ("(", ")", "$") or (i < end and doc[i].like_num):
            i += 1
        if i + 1 < len(doc) and doc[i].lower_ in ("per", "each", "for") and doc[i + 1].lower_ in (
                _PER_UNITS | {"each", "any"}):
            unit = doc[i + 1].lower_
            if unit in ("each", "any") and i + 2 < len(doc):
                unit = doc[i + 2].lower_
            if unit in _PER_UNITS:
                span._.per = unit
    return doc
