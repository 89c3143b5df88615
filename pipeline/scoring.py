"""From flags to a draft rubric scorecard: one verdict per criterion, with evidence.

:func:`score_flags` turns the signals found in a document (``Flag`` values from the rule
matcher and the clause classifier) into the nine :class:`~pipeline.values.CriterionResult` of
RUBRIC.md. The chain that produces those signals is assembled in :mod:`pipeline.run`.

Decision logic
--------------
One small rule per criterion in :mod:`pipeline.criteria` (``CRITERION_RULES``); see that module
for the precedence each rule follows. This module adds confidence, review flags, wording and
evidence, and holds the entry points.

Confidence
----------
``confidence`` estimates how likely the draft verdict is to survive review. It is computed from
the evidence, not fitted, and is deliberately conservative:

* each flag the verdict rests on counts as independent evidence with probability ``p``: the
  classifier's probability for model flags, :data:`RULE_RELIABILITY` for rule flags (a prior for
  hand-written patterns, not a measured precision), :data:`HEADING_RELIABILITY` for flags on a
  heading or long title (no operative verb);
* supporting evidence is combined with a noisy-OR, ``1 - prod(1 - p_i)``, so a rule and the
  model agreeing on the same clause raise confidence, and a second independent clause raises it
  a little more;
* flags that point to another verdict lower it: ``confidence *= 1 - CONFLICT_WEIGHT * p_against``
  (noisy-OR of the opposing flags);
* a verdict from silence gets :data:`SILENCE_CONFIDENCE` (the flagger may have missed a clause),
  a verdict resting on jurisdiction law :data:`LAW_CONFIDENCE` (known fact) or
  :data:`UNKNOWN_LAW_CONFIDENCE` (unknown), and a verdict that depends on another criterion's
  verdict cannot be more confident than that one;
* a positive verdict in a text with no QI or rights provision at all is multiplied by
  :data:`OFF_TOPIC_FACTOR`; a not-relevant scorecard has confidence ``1 - relevance score``.

These constants are priors, not fitted values: there are no held-out analyst reviews to fit them
on yet. ``statute evaluate`` prints agreement with the gold per confidence band, which is the
check that they are not over-confident (see docs/scoring.md for the measured table).

``needs_review`` is set when evidence conflicts, when confidence is below
:data:`REVIEW_BELOW`, when the answer rests on jurisdiction law the project has not recorded (a
recorded, cited fact is named in the explanation instead, and reviewed only when it grants the standard in part), when a positive verdict comes from a
text with no QI or rights provision, and for ``individual_accountability`` unless it is a ``yes``
resting on an explicit rule match or a "no" from plain silence (see :func:`needs_review_for`).

Never confidently wrong: a "no" from silence is only as good as the flagger's reach. When an
operative clause of a bill with a cause of action against officials uses the vocabulary of the
criterion's move and no flag resolved that clause (:mod:`pipeline.unresolved`), or reads like the
annotated examples of the move (:mod:`pipeline.similarity`, handed in by the run), the "no" gets
at most :data:`UNRESOLVED_CONFIDENCE`, is sent to review, and its explanation names the clause. A
yes/partial whose move has an unresolved clause with words against it (a "may", an "unless", a
force-only limit) is multiplied by :data:`CONTRADICTED_FACTOR` and sent to review. These cues
never change a verdict.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from pipeline.config import PIPELINE_VERSION
from pipeline.criteria import (  # noqa: F401  (re-exported: the rules are part of the scorer's API)
    CORE_MISSING_NOTE,
    CRITERION_RULES,
    HEADING_RELIABILITY,
    RULE_RELIABILITY,
    Decision,
    Signals,
    decide,
    flag_probability as _flag_probability,
    is_operative,
    non_operative_spans,
    operative_flags,
    ranked,
)
from pipeline.jurisdiction import Detection, Jurisdiction, detect_jurisdiction, load_jurisdiction
from pipeline.relevance import names_qualified_immunity
from pipeline.segment import section_id_at
from pipeline.title import bill_title
from pipeline.unresolved import Clause, UnresolvedCue, operative_clauses, remedy_cues, set_aside_cues, unresolved_cues
from pipeline.values import CriterionResult, Document, Evidence, Flag, Scorecard
from pipeline.vocab import VERDICT_OPENING, load_rubric

__all__ = [
    "score_flags",
    "irrelevant_scorecard",
    "Decision",
    "Signals",
    "CRITERION_RULES",
    "decide",
]


#: Confidence of a "no" drawn from silence (a missed clause would make it wrong).
SILENCE_CONFIDENCE = 0.7
#: Confidence of a verdict resting on a recorded jurisdiction fact / on unknown law.
LAW_CONFIDENCE = 0.6
UNKNOWN_LAW_CONFIDENCE = 0.4
#: Confidence factor for a positive verdict in a text with no QI or rights provision at all.
OFF_TOPIC_FACTOR = 0.6
#: Triage score below which an off-topic positive fee verdict (a fee clause in a text with no QI,
#: rights or intervention provision) is read as not about officials: "no", still reviewed.
#: Read off the dev batches' look-alikes (2026-12-04: 0.21-0.33). Limited to fees after a federal
#: records bill of the in-sample gold (p=0.21) lost its partial and the first frozen split's recall fell.
OFF_TOPIC_RELEVANCE = 0.4
#: How strongly opposing evidence lowers confidence.
CONFLICT_WEIGHT = 0.5
#: Below this confidence a criterion is marked for review.
REVIEW_BELOW = 0.6
#: Ceiling of a "no" from silence when an unresolved clause uses the move's words or reads like it.
UNRESOLVED_CONFIDENCE = 0.45
#: Factor on a yes/partial when an unresolved clause about the same move has words against it.
CONTRADICTED_FACTOR = 0.6

#: Evidence spans kept per criterion: the strongest supporting clauses, then opposing ones. A
#: long bill can repeat a fee clause in ten titles; the reviewer needs the best few.
MAX_SUPPORT_EVIDENCE = 8
MAX_AGAINST_EVIDENCE = 2

#: Longest quote an explanation carries (the evidence span has the full clause).
QUOTE_MAX = 320



# --------------------------------------------------------------------------------------------
# Confidence, review, wording, evidence


def _noisy_or(flags: Iterable[Flag]) -> float:
    miss = 1.0
    for flag in flags:
        miss *= 1.0 - _flag_probability(flag)
    return 1.0 - miss


def confidence_of(decision: Decision, decided: dict[str, Decision] | None = None,
                  confidences: dict[str, float] | None = None) -> float:
    """Confidence of one decision (method in the module docstring)."""
    if decision.rests_on_law:
        value = LAW_CONFIDENCE if decision.law is not None and decision.law.known else UNKNOWN_LAW_CONFIDENCE
    elif decision.silent or not decision.support:
        value = SILENCE_CONFIDENCE
    else:
        value = _noisy_or(decision.support)
    if decision.against:
        value *= 1.0 - CONFLICT_WEIGHT * _noisy_or(decision.against)
    if decision.depends_on and confidences and decision.depends_on in confidences:
        value = min(value, confidences[decision.depends_on])
    if decision.off_topic:
        value *= OFF_TOPIC_FACTOR
    if decision.unresolved:
        value = min(value, UNRESOLVED_CONFIDENCE)
    return round(max(0.0, min(1.0, value)), 3)


def _is_explicit(decision: Decision) -> bool:
    return any(f.source.startswith("rule:") or f.source.startswith("component:") for f in decision.support)


def _codifies_the_shield(decision: Decision) -> bool:
    """A "no" that rests only on clauses codifying qualified immunity (``qi_codified``)."""
    return bool(decision.support) and all(flag.signal == "qi_codified" for flag in decision.support)


def needs_review_for(criterion_id: str, decision: Decision, confidence: float) -> bool:
    """Whether a person must look at this verdict before it is published.

    Review is what keeps a draft from being confidently wrong, but a queue holding every verdict
    is not read: review goes where the draft has a reason to doubt itself. Conflicting evidence,
    a positive verdict in a text with no QI provision, low confidence and law the project has not
    recorded always go to review. A verdict that rests on a *recorded and cited* background fact
    (the explanation names the statute) does not, unless something else casts doubt on it (the
    unresolved-vocabulary and similarity cues do that in :func:`_result`). RUBRIC.md calls
    ``individual_accountability`` the least documented criterion: anything the draft found for it
    goes to review unless an explicit rule decided a "yes"; a "no" from plain silence does not, nor
    a "no" because the bill codifies qualified immunity (the shield is written out: the text is explicit).
    """
    if decision.against or decision.off_topic or confidence < REVIEW_BELOW:
        return True
    if decision.rests_on_law:
        # A fact that grants the standard only in part (records open except under exemptions)
        # turns on how the exemptions are applied, which no statute text settles: review it.
        return decision.law is None or not decision.law.known or decision.verdict == "partial"
    if criterion_id == "individual_accountability":
        if decision.verdict == "no":
            return not (decision.silent or _codifies_the_shield(decision))
        return not _is_explicit(decision)
    return False


def review_cues_for(decision: Decision, cues: Sequence[UnresolvedCue]) -> list[UnresolvedCue]:
    """The cues that make ``decision`` uncertain: move words or look-alike clauses for a "no"
    that rests on no supporting clause; words against it for a yes/partial."""
    if decision.verdict == "no" and decision.no_remedy:
        return [c for c in cues if c.kind in ("move", "similar", "remedy", "set_aside")]
    if decision.verdict == "no" and (decision.silent or not decision.support):
        return [c for c in cues if c.kind in ("move", "similar", "set_aside")]
    if decision.verdict in ("yes", "partial"):
        return [c for c in cues if c.kind == "contradicts"]
    return []


def _where(cue: UnresolvedCue) -> str:
    section = (cue.section or "").strip()
    return f"in {section}" if section else "in an operative clause"


def cue_note(decision: Decision, cues: Sequence[UnresolvedCue]) -> str:
    """One sentence naming the first cue's clause, for the explanation."""
    if not cues:
        return ""
    cue = cues[0]
    more = f" (and {len(cues) - 1} more clause{'s' if len(cues) > 2 else ''})" if len(cues) > 1 else ""
    if cue.kind == "similar":
        return (f"The clause {_where(cue)} reads like this move (similarity {cue.similarity:.2f} to annotated "
                f'examples: "{_quote(cue.words)}"){more}, which no rule resolved: review.')
    if cue.kind == "remedy":
        return (f'The bill says "{cue.words}" {_where(cue)}{more}, which may create a remedy no rule read: '
                f"whether it does, and what existing law says, needs review.")
    if cue.kind == "set_aside":
        return (f'A rule read "{_quote(cue.words)}" {_where(cue)}{more} and set it aside as not this move: '
                f"review.")
    if cue.kind == "contradicts":
        return f'The bill also says "{cue.words}" {_where(cue)}{more}, in a clause no rule resolved: review.'
    return f'The bill mentions "{cue.words}" {_where(cue)}{more}, which no rule resolved: review.'


def _quote(text: str) -> str:
    words = " ".join(text.split())
    if len(words) > QUOTE_MAX:
        words = words[:QUOTE_MAX].rsplit(" ", 1)[0] + " ..."
    return words.replace('"', "'")


def quote_for(flag: Flag) -> str:
    """The words a verdict quotes: the whole clause when short, else a window around the match."""
    clause = flag.clause_text or flag.text
    if len(" ".join(clause.split())) <= QUOTE_MAX or not flag.text:
        return _quote(clause)
    offset = flag.start - flag.clause_start
    if not (0 <= offset <= len(clause)):
        return _quote(flag.text)
    before = max(0, offset - QUOTE_MAX // 3)
    window = clause[before:before + QUOTE_MAX + 40]
    head = "... " if before else ""
    if before:
        window = window.split(" ", 1)[-1]
    tail = " ..." if before + QUOTE_MAX + 40 < len(clause) else ""
    if tail:
        window = window.rsplit(" ", 1)[0]
    return (head + " ".join(window.split()) + tail).replace('"', "'")


def explanation_for(decision: Decision) -> str:
    """The rubric's style: lead word, the reason, the verbatim quote it rests on."""
    parts = [VERDICT_OPENING[decision.verdict] + ".", decision.reason]
    if decision.support and decision.reason.endswith(":"):
        parts.append(f'"{quote_for(decision.support[0])}"')
    elif decision.reason.endswith(":"):
        parts[-1] = decision.reason[:-1] + "."
    if decision.law is not None and decision.law.known and decision.law.quote:
        parts.append(f'Existing law: "{_quote(decision.law.quote)}"')
    if decision.against:
        parts.append(f'(Conflicting evidence: "{quote_for(decision.against[0])}")')
    if decision.off_topic:
        parts.append(CORE_MISSING_NOTE)
    return " ".join(parts)


def _signal_label(flag: Flag) -> str:
    """``rule:<pattern>`` / ``component:<name>`` as flagged, ``model:<p>`` for classifier flags."""
    if flag.source == "model" or (flag.score is not None and not flag.source.startswith(("rule:", "component:"))):
        return f"model:{float(flag.score or 0.0):.2f}"
    return flag.source


def evidence_for(document: Document, flags: Sequence[Flag], sections=None) -> list[Evidence]:
    """One :class:`Evidence` per distinct clause, signals merged, in the order of ``flags``
    (the rules rank them: operative clauses and the strongest evidence first)."""
    by_span: dict[tuple[int, int], list[Flag]] = {}
    for flag in flags:
        start, end = flag.clause_start, flag.clause_end
        if not (0 <= start < end <= len(document.text)):
            start, end = flag.start, flag.end
        by_span.setdefault((start, end), []).append(flag)
    evidence: list[Evidence] = []
    for (start, end), group in by_span.items():
        page, line = document.locate(start)
        section = next((f.section for f in group if f.section), None)
        if section is None and sections is not None:
            section = section_id_at(sections, start)
        evidence.append(Evidence(text=document.text[start:end], start=start, end=end, section=section,
                                 page=page, line=line, signals=_labels(group),
                                 labels=list(dict.fromkeys(f.signal for f in group))))
    return evidence


#: Criteria whose analysts quote the cause-of-action clause (RUBRIC.md: coverage and rights are
#: read from it; failure to intervene is often folded into it).
CAUSE_OF_ACTION_CRITERIA = ("end_qi_public_employees", "end_qi_state_constitution", "failure_to_intervene")
#: A clause that creates or states a cause of action: someone is liable to the injured party, has
#: a cause of action, or may bring an action ...
_CAUSE_OF_ACTION = re.compile(
    r"\bliable\s+to\s+the\s+(?:(?:party|person|individual|plaintiff)\s+)?(?:injured|aggrieved)"
    r"|\bliable\s+to\s+(?:the\s+|that\s+|such\s+)?(?:injured|aggrieved)\s+(?:party|person|individual)"
    r"|\b(?:has|have|shall\s+have)\s+a\s+(?:private\s+|civil\s+)?(?:right|cause)\s+of\s+action"
    r"|\bmay\s+(?:bring|maintain|commence|file|institute)\s+(?:a|an)\s+(?:civil\s+)?(?:action|claim|suit)"
    r"|\bcause\s+of\s+action\s+(?:is\s+|shall\s+be\s+)?(?:hereby\s+)?(?:created|established)"
    r"|\bliable\s+(?:to\s+[\w\s]{1,30}?)?\s*(?:in\s+an\s+action\s+at\s+law|for\s+(?:legal|damages|actual))",
    re.IGNORECASE)
#: ... for the deprivation of a right (not, say, a contract claim).
_RIGHTS_WORD = re.compile(r"\b(?:depriv\w*|rights?|privileges?|violat\w*)\b", re.IGNORECASE)
#: How many cause-of-action clauses one criterion quotes.
MAX_CAUSE_EVIDENCE = 2
#: A clause that sends claims to the employer alone, so nothing follows for the individual officer:
#: "Claims ... shall be brought exclusively against a public body", "the United States shall be
#: substituted as the party defendant", "... shall be the exclusive remedy". Quoted for a silent
#: ``individual_accountability`` "no" (an analyst shows why the officer is fully shielded).
_SHIELDED_OFFICER = re.compile(
    r"\bexclusively\s+against\s+(?:a|an|the)\s+(?:public|employ|state\b|united\s+states|government|political|entity|agency)"
    r"|\bsubstituted\s+as\s+(?:the\s+)?(?:party\s+)?defendant"
    r"|\bshall\s+(?:be|provide)\s+the\s+exclusive\s+remedy",
    re.IGNORECASE)


def cause_of_action_spans(document: Document, sections) -> list[tuple[int, int]]:
    """``(start, end)`` of the operative sentences that state a cause of action for deprivation of
    rights, in document order (findings and purposes left out)."""
    if sections is None:
        return []
    skip = non_operative_spans(sections, document.text)
    spans = []
    for unit in sections.walk():
        if unit.kind != "sentence" or any(s <= unit.start < e for s, e in skip):
            continue
        words = document.text[unit.start:unit.end]
        if _CAUSE_OF_ACTION.search(words) and _RIGHTS_WORD.search(words):
            spans.append((unit.start, unit.end))
    return spans


def _sentence_spans(document: Document, sections, pattern: re.Pattern) -> list[tuple[int, int]]:
    """``(start, end)`` of the operative sentences ``pattern`` finds, in document order."""
    if sections is None:
        return []
    skip = non_operative_spans(sections, document.text)
    return [(unit.start, unit.end) for unit in sections.walk()
            if unit.kind == "sentence" and not any(s <= unit.start < e for s, e in skip)
            and pattern.search(document.text[unit.start:unit.end])]


def lead_in_span(document: Document, sections, start: int, end: int) -> tuple[int, int] | None:
    """The governing lead-in of an enumerated item: for a clause ``(a) the right was not clearly
    established`` inside ``(2) It is not a defense ... that: (a) ... (b) ...``, the span of
    ``(2) It is not a defense ... that:``. ``None`` when the clause is not such an item."""
    if sections is None:
        return None
    parent = None
    stack = [(sections, None)]
    item = None
    while stack:  # the deepest structural unit holding the clause, and its parent
        unit, up = stack.pop()
        if unit.kind != "sentence" and unit.start <= start and end <= unit.end:
            item, parent = unit, up
            stack.extend((child, unit) for child in unit.children)
    if item is None or parent is None or item.quoted != parent.quoted:
        return None
    first = next((c for c in parent.children if c.kind != "sentence"), None)
    if first is None or first is item and item.start == parent.start:
        return None
    lead = document.text[parent.start:first.start].rstrip()
    # A lead-in is an unfinished sentence ("... that:", "... the following", "... shall -").
    if not lead or lead[-1] in ".;!?\")" or first.start > start:
        return None
    return parent.start, parent.start + len(lead)


def _span_evidence(document: Document, sections, span: tuple[int, int], label: str) -> Evidence:
    start, end = span
    page, line = document.locate(start)
    return Evidence(text=document.text[start:end], start=start, end=end, section=section_id_at(sections, start)
                    if sections is not None else None, page=page, line=line, signals=[label], labels=[])


def provision_evidence(criterion_id: str, evidence: list[Evidence], document: Document,
                       sections) -> list[Evidence]:
    """``evidence`` (deciding clauses first) plus the provisions an analyst quotes with them: the
    cause of action for coverage, rights and intervention; for an enumerated item, its lead-in."""
    seen = {(e.start, e.end) for e in evidence}
    extra: list[Evidence] = []
    for ev in evidence[:3]:
        span = lead_in_span(document, sections, ev.start, ev.end)
        if span and span not in seen:
            seen.add(span)
            extra.append(_span_evidence(document, sections, span, "provision:lead_in"))
    if criterion_id == "individual_accountability" and not evidence:
        for span in _sentence_spans(document, sections, _SHIELDED_OFFICER)[:1]:
            seen.add(span)
            extra.append(_span_evidence(document, sections, span, "provision:officer_shielded"))
    if criterion_id in CAUSE_OF_ACTION_CRITERIA:
        causes = [s for s in cause_of_action_spans(document, sections) if s not in seen]
        for span in causes[:MAX_CAUSE_EVIDENCE]:
            if any(e.start <= span[0] and span[1] <= e.end for e in evidence):
                continue  # already inside a quoted clause
            seen.add(span)
            extra.append(_span_evidence(document, sections, span, "provision:cause_of_action"))
    if criterion_id in DEFINITION_CRITERIA:
        quoted = " ".join(document.text[e.start:e.end] for e in evidence + extra).lower()
        added = 0
        for span, term in _definition_spans(document, sections):
            if added >= MAX_DEFINITION_EVIDENCE:
                break
            if span not in seen and re.search(r"\b" + re.escape(term.lower()) + r"\b", quoted):
                seen.add(span)
                extra.append(_span_evidence(document, sections, span, "provision:definition"))
                added += 1
    return evidence + extra


#: Criteria whose answer can sit in the definition of a term the deciding clause uses ('"Employee"
#: means any officer, employee or servant of a governmental entity', '"Constitution" means the
#: constitution of New Hampshire'): analysts quote the definition with the clause.
DEFINITION_CRITERIA = ("end_qi_public_employees", "end_qi_state_constitution")
MAX_DEFINITION_EVIDENCE = 2
_DEFINITION = re.compile(r"[\"\u201c']([A-Za-z][^\"\u201d']{1,60})[\"\u201d']\s+(?:means|includes|has\s+the\s+(?:same\s+)?meaning)",
                         re.IGNORECASE)


def _definition_spans(document: Document, sections) -> list[tuple[tuple[int, int], str]]:
    """``((start, end), term)`` of the operative sentences that define a quoted term."""
    out = []
    for span in _sentence_spans(document, sections, _DEFINITION):
        match = _DEFINITION.search(document.text, span[0], span[1])
        if match:
            out.append((span, match.group(1)))
    return out


def _labels(group: Sequence[Flag]) -> list[str]:
    labels: list[str] = []
    for flag in group:
        label = _signal_label(flag)
        if label not in labels:
            labels.append(label)
    return labels


# --------------------------------------------------------------------------------------------
# Public entry points


def _pipeline_info() -> dict[str, Any]:
    """``{"version", "model", "signals"}``: ``model`` names the clause model only when its flags
    are used (``statute train`` may pick the rules alone from cross-validation); ``signals`` says
    how rule and model flags were combined."""
    try:
        from pipeline.classify import load_clause_model

        bundle = load_clause_model()
    except Exception:  # noqa: BLE001 - no classifier module or model: the rules alone scored
        bundle = None
    combination = str(bundle.get("combination", "rules")) if bundle else "rules"
    model = str(bundle["version"]) if bundle and combination != "rules" else "rules-only"
    return {"version": PIPELINE_VERSION, "model": model, "signals": combination}


def _result(criterion_id: str, decision: Decision, document: Document, sections, confidences: dict[str, float],
            decided: dict[str, Decision], cues: Sequence[UnresolvedCue] = ()) -> CriterionResult:
    confidence = confidence_of(decision, decided, confidences)
    uncertain = review_cues_for(decision, cues)
    if uncertain and decision.verdict == "no":
        confidence = min(confidence, UNRESOLVED_CONFIDENCE)
    elif uncertain:
        confidence = round(confidence * CONTRADICTED_FACTOR, 3)
    confidences[criterion_id] = confidence
    explanation = explanation_for(decision)
    if uncertain:
        explanation = f"{explanation} {cue_note(decision, uncertain)}"
    evidence = evidence_for(document, decision.support, sections)[:MAX_SUPPORT_EVIDENCE]
    seen = {(e.start, e.end) for e in evidence}
    # Opposing evidence follows the supporting evidence, so a reviewer sees both sides.
    against = [e for e in evidence_for(document, decision.against, sections) if (e.start, e.end) not in seen]
    evidence += against[:MAX_AGAINST_EVIDENCE]
    evidence = provision_evidence(criterion_id, evidence, document, sections)
    needs_review = bool(uncertain) or needs_review_for(criterion_id, decision, confidence)
    altered = _altered_characters(document, evidence)
    if altered:
        # The words the verdict rests on were not the words on the page: a reviewer must look.
        needs_review = True
        explanation += (f" (The quoted text was normalised before reading: {altered} invisible or look-alike "
                        f"character(s) were removed or replaced; check the source.)")
    return CriterionResult(
        verdict=decision.verdict,
        confidence=confidence,
        needs_review=needs_review,
        explanation=explanation,
        evidence=evidence,
    )


def _altered_characters(document: Document, evidence: Sequence[Evidence]) -> int:
    """How many characters ingestion removed or replaced inside the evidence spans."""
    if not document.text_normalised:
        return 0
    count = 0
    for span in document.changed:
        count += any(e.start <= span.start < e.end for e in evidence)
    for span in document.dropped:
        count += span.reason.startswith("invisible") and any(e.start < span.offset < e.end for e in evidence)
    return count


def detected_jurisdiction(document: Document, jurisdiction: str | Jurisdiction | None
                          ) -> tuple[Detection, Jurisdiction | None]:
    """Which jurisdiction ``document`` belongs to (an explicit code or object overrides the text)
    and the background law the project holds for it (``None`` when it has none)."""
    if isinstance(jurisdiction, Jurisdiction):
        return Detection(code=jurisdiction.code, detected_from="override"), jurisdiction
    detection = detect_jurisdiction(document.text, document.bill_id, override=jurisdiction or None)
    return detection, (load_jurisdiction(detection.code) if detection.code else None)


#: Said in every verdict that rests on existing law when the text names no jurisdiction.
#: Arizona plain text: struck (deleted) law survives as ordinary lower-case words (see
#: :func:`pipeline.ingest.conventions.capitals_convention_spans`). One line, then the words.
UNSEEN_STRIKE_NOTE = ("Review: the evidence rests on lower-case words of a section this Arizona bill amends; "
                      "Arizona prints new law in CAPITALS and strikes deleted law, and this plain text cannot show "
                      "which lower-case words are struck ({words}); check them against the printed bill.")


def unseen_strike_note(document: Document, evidence: Sequence[Evidence]) -> str | None:
    """The review note when any evidence rests on words that cannot be told from struck words, else ``None``."""
    from pipeline.ingest.conventions import unseen_strike_words

    if not document.conventions:
        return None
    words: list[str] = []
    for item in evidence:
        for word in unseen_strike_words(document, item.start, item.end):
            if word not in words:
                words.append(word)
    if not words:
        return None
    shown = ", ".join(f'"{word}"' for word in words[:6]) + (", ..." if len(words) > 6 else "")
    return UNSEEN_STRIKE_NOTE.format(words=shown)


UNKNOWN_JURISDICTION_NOTE = ("The jurisdiction could not be determined from the text, so no existing law "
                             "was applied; set it with --jurisdiction.")


def irrelevant_scorecard(document: Document, reason: str, score: float | None = None, *,
                         uncertain: bool = False) -> Scorecard:
    """All nine criteria ``no`` for a document that is not about the civil liability of officials.

    ``score`` is the triage's relevance score (a probability, or the cue score scaled so that
    0.5 is the threshold); confidence is ``1 - score``, so a borderline triage (score above
    ``1 - REVIEW_BELOW``), or one whose signals disagree (``uncertain``), sends the whole scorecard
    to review instead of silently dropping a bill.
    """
    confidence = round(1.0 - (score or 0.0), 3)
    text = (f"No. The document is not about the civil liability of public officials ({reason}), "
            f"so it does not address this criterion.")
    criteria = {
        cid: CriterionResult(verdict="no", confidence=confidence, needs_review=confidence < REVIEW_BELOW or uncertain,
                             explanation=text, evidence=[])
        for cid in load_rubric().ids
    }
    detection, _ = detected_jurisdiction(document, None)
    return Scorecard(bill_id=document.bill_id, source=document.source.to_dict(), pipeline=_pipeline_info(),
                     relevant=False, criteria=criteria, title=document.title or bill_title(document.text),
                     relevance_score=score, jurisdiction=detection.to_dict(document.text),
                     text_normalised=dict(document.text_normalised), deleted_words=document.deleted_word_count)


def _not_about_officials(decision: Decision, score: float) -> Decision:
    """A positive verdict of a clause in a bill with no QI, rights or intervention provision that
    triage barely kept: RUBRIC.md's irrelevant bills score zero, so the draft says "no"; the clause
    stays as evidence against it and the verdict goes to review."""
    return Decision("no", f"The bill has no qualified-immunity, rights or intervention provision and triage scored it "
                          f"as barely relevant (p={score:.2f}), so this clause most likely does not concern claims "
                          f"against officials:", support=[], against=decision.support, off_topic=True)


def score_flags(document: Document, flags: Sequence[Flag], *, sections=None,
                jurisdiction: str | Jurisdiction | None = None, relevance=None, doc=None,
                similar: dict[str, list[UnresolvedCue]] | None = None,
                clauses: Sequence[Clause] | None = None) -> Scorecard:
    """Draft the nine-criterion scorecard of ``document`` from the signals found in it.

    ``flags`` are the signals to score (what :func:`pipeline.run.analyze` returns as
    ``Analysis.flags``). ``sections`` is the section tree (``None``: the document has no tree, so
    no unit is known to be non-operative). ``jurisdiction`` is a code (``"ct"``), a loaded
    :class:`~pipeline.jurisdiction.Jurisdiction`, or ``None`` to infer it from the bill id.
    ``relevance`` is the triage result (:class:`pipeline.relevance.Relevance`); when given and not
    relevant the scorecard is all ``no`` with ``relevant=False``. ``doc`` is the run's spaCy
    ``Doc`` (its lemmas feed the unresolved-vocabulary check); ``similar`` the similarity cues per
    criterion (:func:`pipeline.similarity.similar_cues`), when the run computed them. ``clauses``
    are the operative sentence units (:func:`pipeline.unresolved.operative_clauses`) when the run
    already read them; otherwise they are read here, once.
    """
    if relevance is not None and not relevance.relevant:
        return irrelevant_scorecard(document, relevance.reason, relevance.score,
                                    uncertain=getattr(relevance, "uncertain", False))
    detection, facts = detected_jurisdiction(document, jurisdiction)
    operative = operative_flags(flags, sections, document.text)
    decided = decide(operative, facts, document.text)
    if relevance is not None and relevance.score < OFF_TOPIC_RELEVANCE:
        # Fee shifting is everywhere in private law; a records, payment or discipline clause in such a
        # bill is usually still about officers (in-sample: a federal records bill at p=0.21), so only
        # the fee verdict is turned.
        decided = {cid: _not_about_officials(d, relevance.score) if d.off_topic and cid == "attorney_fees" else d
                   for cid, d in decided.items()}
    if clauses is None:
        clauses = operative_clauses(document, sections, doc)
    cues = unresolved_cues(document, sections, flags, doc, clauses=clauses)
    for cid, extra in (similar or {}).items():
        cues.setdefault(cid, []).extend(extra)
    for cid, decision in decided.items():
        if decision.verdict == "no" and decision.silent:
            cues.setdefault(cid, []).extend(set_aside_cues(cid, operative))
    if any(decision.no_remedy for decision in decided.values()):
        remedies = remedy_cues(document, sections, flags, doc, clauses=clauses)
        for cid, decision in decided.items():
            if decision.no_remedy:
                cues.setdefault(cid, []).extend(remedies)
    confidences: dict[str, float] = {}
    criteria = {cid: _result(cid, decided[cid], document, sections, confidences, decided, cues.get(cid, ()))
                for cid in CRITERION_RULES}
    if detection.code is None:
        for cid, result in criteria.items():
            if decided[cid].rests_on_law:
                result.explanation += " " + UNKNOWN_JURISDICTION_NOTE
                result.needs_review = True
    if relevance is not None and relevance.score < OFF_TOPIC_RELEVANCE and not names_qualified_immunity(document.text):
        # Triage barely kept the bill (most bills in this band are look-alikes: a private right of
        # action with fees, a volunteer's immunity), so what it grants is checked before it is published.
        for result in criteria.values():
            if result.verdict != "no" and not result.needs_review:
                result.needs_review = True
                result.explanation += (f" Triage barely kept this bill (p={relevance.score:.2f}) and it does not name "
                                       f"qualified immunity: check that the clause concerns claims against officials.")
    for result in criteria.values():
        note = unseen_strike_note(document, result.evidence)
        if note:
            result.explanation += " " + note
            result.needs_review = True
    return Scorecard(
        bill_id=document.bill_id,
        source=document.source.to_dict(),
        pipeline=_pipeline_info(),
        relevant=True,
        criteria=criteria,
        title=document.title or bill_title(document.text),
        relevance_score=None if relevance is None else relevance.score,
        jurisdiction=detection.to_dict(document.text),
        text_normalised=dict(document.text_normalised),
        deleted_words=document.deleted_word_count,
    )
