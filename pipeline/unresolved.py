"""Unresolved vocabulary: operative clauses that use the words of a rubric move no flag read.

The rules and the clause model only resolve the wordings they know. A draft "no" that rests on
silence is wrong whenever the bill words the move differently, so before the scorer trusts a
silence it asks: does an operative clause of this bill use the move's vocabulary (immunity,
defense, clearly established, intervene, indemnify, attorney fees, ...; the lists are data in
``pipeline/data/review_vocab.yaml``, read through :func:`pipeline.vocab.review_vocabulary`)
while no flag of the criteria that read that provision touches the clause? Such a clause is
an :class:`UnresolvedCue`; :mod:`pipeline.scoring` lowers the verdict's confidence and sends it to
review, naming the clause. The same check with the ``contradicts`` words (a "may", an "unless",
a force-only limit in an unresolved clause about the same move) questions yes/partial verdicts.

Clauses are the sentence units of the section tree; words are matched on the lower-cased token
text or its lemma from the spaCy ``Doc`` the run already made (without a ``Doc``, on the clause
text's words). The QI, money, fee and intervention moves are checked only in bills with a cause of
action against officials (a clause with one of the ``cause_of_action`` phrases): elsewhere their
vocabulary is not a missed move. Discipline and records (``without_cause_of_action``) are moves of
their own, checked in any relevant bill.
A cue never decides a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from types import SimpleNamespace
from typing import Iterable, Sequence

from pipeline.segment.model import within_unit
from pipeline.values import Document, Flag
from pipeline.vocab import review_vocabulary

__all__ = ["UnresolvedCue", "Clause", "operative_clauses", "unresolved_cues", "remedy_cues", "set_aside_cues", "match_phrase"]

_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Clause:
    """One operative sentence unit: offsets, section id, and its words as ``(text, lemma, start, end)``."""

    start: int
    end: int
    section: str | None
    words: tuple[tuple[str, str, int, int], ...]


@dataclass(frozen=True)
class UnresolvedCue:
    """An operative clause using a move's words that no flag of the criterion resolved."""

    criterion: str
    kind: str  # "move" (the move's own words) | "contradicts" (words against a positive verdict)
    #          | "remedy" (cause-of-action words in a clause no rule read as a remedy)
    #          | "set_aside" (a flag of the criterion that its rule read and set aside)
    words: str  # the matched words as written in the text
    start: int  # the clause
    end: int
    section: str | None
    similarity: float | None = None  # set for cues from the similarity signal (pipeline.similarity)


def _word_matches(pattern: str, text: str, lemma: str) -> bool:
    if "*" in pattern or "?" in pattern:
        return fnmatchcase(text, pattern) or fnmatchcase(lemma, pattern)
    return text == pattern or lemma == pattern


def match_phrase(words: Sequence[tuple[str, str, int, int]], phrase: Sequence[str], max_gap: int) -> tuple[int, int] | None:
    """Character span of the first match of ``phrase`` in ``words`` (at most ``max_gap`` other
    words between consecutive phrase words), or ``None``."""
    for i, (text, lemma, start, _) in enumerate(words):
        if not _word_matches(phrase[0], text, lemma):
            continue
        position, end = i, words[i][3]
        for pattern in phrase[1:]:
            window = words[position + 1: position + 2 + max_gap]
            hit = next((k for k, w in enumerate(window) if _word_matches(pattern, w[0], w[1])), None)
            if hit is None:
                break
            position += 1 + hit
            end = words[position][3]
        else:
            return start, end
    return None


def _words_of(text: str, start: int, end: int, doc=None) -> tuple[tuple[str, str, int, int], ...]:
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            return tuple((t.lower_, (t.lemma_ or t.lower_).lower(), t.idx, t.idx + len(t.text))
                         for t in span if not (t.is_punct or t.is_space))
    return tuple((m.group().lower(), m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text, start, end))


def operative_clauses(document: Document, sections, doc=None) -> list[Clause]:
    """The sentence units of ``sections`` that state law: outside findings/purposes units and
    with an operative verb (the test :func:`pipeline.criteria.is_operative` applies to flags)."""
    from pipeline.criteria import is_operative, non_operative_spans
    from pipeline.segment import iter_sentences

    if sections is None:
        return []
    skip = non_operative_spans(sections, document.text)
    text = document.text
    clauses = []
    for sentence in iter_sentences(sections):
        start, end = sentence.start, sentence.end
        if any(a <= start < b for a, b in skip):
            continue
        body = text[start:end]
        if not is_operative(SimpleNamespace(clause_text=body, text=body)):
            continue
        unit = sentence.id.split("#", 1)[0] if sentence.id else None
        clauses.append(Clause(start, end, unit or None, _words_of(text, start, end, doc)))
    return clauses


def _same_unit(a: Clause, b: Clause) -> bool:
    """Two sentences of one section or subsection ("§ 50-m", "Sec. 4(2)")."""
    return a.section == b.section or bool(a.section and b.section and (
        within_unit(a.section, b.section) or within_unit(b.section, a.section)))


def has_cause_of_action(clauses: Iterable[Clause]) -> bool:
    vocabulary = review_vocabulary()
    gap = vocabulary["max_gap"]
    return any(match_phrase(c.words, phrase, gap) for c in clauses for phrase in vocabulary["cause_of_action"])


def resolved_criteria(clause: Clause, flags: Sequence[Flag]) -> set[str]:
    """Criteria of the flags that touch ``clause`` (their match or their clause overlaps it)."""
    found = set()
    for flag in flags:
        if (flag.start < clause.end and clause.start < flag.end) or \
                (flag.clause_start < clause.end and clause.start < flag.clause_end):
            found.add(flag.criterion)
    return found


def unresolved_cues(document: Document, sections, flags: Sequence[Flag], doc=None,
                    clauses: Sequence[Clause] | None = None) -> dict[str, list[UnresolvedCue]]:
    """Per criterion, the unresolved clauses using its move's words (``kind="move"``) or words
    against a positive verdict (``kind="contradicts"``, only in clauses that also use the move's
    words). In a bill with no cause of action against officials only the criteria marked
    ``without_cause_of_action`` are checked (discipline and records are moves of their own)."""
    clauses = operative_clauses(document, sections, doc) if clauses is None else list(clauses)
    out: dict[str, list[UnresolvedCue]] = {}
    if not clauses:
        return out
    vocabulary = review_vocabulary()
    checked = vocabulary["criteria"]
    if not has_cause_of_action(clauses):
        checked = {cid: spec for cid, spec in checked.items() if spec["without_cause_of_action"]}
        if not checked:
            return out
    gap = vocabulary["max_gap"]
    text = document.text
    touched_by = [resolved_criteria(clause, flags) for clause in clauses]
    payment_words, payment_criteria = vocabulary["payment_followup"]
    for i, clause in enumerate(clauses):
        touched = touched_by[i]
        if any(match_phrase(clause.words, (word,), gap) for word in payment_words):
            # "Such payment shall not be conditioned on any finding as to good faith": the sentence
            # belongs to the payment provision its neighbour in the same unit states
            for j in (i - 1, i + 1):
                if 0 <= j < len(clauses) and _same_unit(clauses[j], clause):
                    touched = touched | (touched_by[j] & payment_criteria)
        for cid, spec in checked.items():
            if touched & spec["resolved_by"]:
                continue
            move = next((m for m in (match_phrase(clause.words, p, gap) for p in spec["move"]) if m), None)
            if move is None:
                move = _together(clause, spec["together"], gap)
            if move is None:
                continue
            out.setdefault(cid, []).append(UnresolvedCue(cid, "move", " ".join(text[move[0]:move[1]].split()),
                                                         clause.start, clause.end, clause.section))
            against = next((m for m in (match_phrase(clause.words, p, gap) for p in spec["contradicts"]) if m), None)
            if against is not None and any(match_phrase(clause.words, p, gap) for p in spec["contradicts_except"]):
                against = None  # "No officer who reports in good faith shall be disciplined": another move's words
            if against is not None:
                out[cid].append(UnresolvedCue(cid, "contradicts", " ".join(text[against[0]:against[1]].split()),
                                              clause.start, clause.end, clause.section))
    return out


def _together(clause: Clause, groups, gap: int) -> tuple[int, int] | None:
    """The span from the first to the last word of a ``together`` match: one phrase of every
    group in the clause ("a judgment ... the officer's certificate"), or ``None``."""
    spans = []
    for group in groups:
        found = next((m for m in (match_phrase(clause.words, p, gap) for p in group) if m), None)
        if found is None:
            return None
        spans.append(found)
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


def remedy_cues(document: Document, sections, flags: Sequence[Flag], doc=None,
                clauses: Sequence[Clause] | None = None) -> list[UnresolvedCue]:
    """Operative clauses that use cause-of-action words (``cause_of_action`` in the review
    vocabulary: "civil action", "bring an action", "liable to" ...) and that no flag touched.

    A verdict that rests on "no provision was read as a cause of action" is only as good as the rules'
    reach: such a clause says the bill may well create one, so that verdict is uncertain.
    """
    clauses = operative_clauses(document, sections, doc) if clauses is None else list(clauses)
    vocabulary = review_vocabulary()
    gap = vocabulary["max_gap"]
    text = document.text
    cues = []
    for clause in clauses:
        if resolved_criteria(clause, flags):
            continue
        found = next((m for m in (match_phrase(clause.words, p, gap) for p in vocabulary["cause_of_action"]) if m),
                     None)
        if found is not None:
            cues.append(UnresolvedCue("cause_of_action", "remedy", " ".join(text[found[0]:found[1]].split()),
                                      clause.start, clause.end, clause.section))
    return cues


def set_aside_cues(criterion: str, flags: Sequence[Flag]) -> list[UnresolvedCue]:
    """The criterion's own rule flags when its rule nonetheless found nothing: the rule read the
    clause and set it aside (a fee it took for a defendant's, a bar it took for another act's).
    Such a clause counts as resolved for :func:`unresolved_cues`, so a "no mention" verdict would
    otherwise stand unreviewed on the very clause a rule doubted. ``flags`` are the operative flags
    the rules were handed."""
    seen, cues = set(), []
    for flag in flags:
        if flag.criterion != criterion or flag.source == "model" or flag.clause_start in seen:
            continue
        seen.add(flag.clause_start)
        cues.append(UnresolvedCue(criterion, "set_aside", " ".join(flag.text.split()), flag.clause_start,
                                  flag.clause_end, flag.section))
    return cues
