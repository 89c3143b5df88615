"""``qi_signals``: turn cue spans into signal spans in ``doc.spans["qi_flags"]``.

The span ruler marks *cues* (``QI_BAR``, ``DEFENSE``, ``FEES``, ``INDEMNIFY``, ``MONEY`` ...,
see ``pipeline/patterns/*.jsonl``); the context components add modality, negation, scope and
money values to them. This component reads each clause that holds cues and decides which
signals (``pipeline/data/signals.yaml``) the clause carries, one resolver per signal family.

A clause is the sentence (or enumerated item) that holds the cue. When a clause is a lead-in
that ends in a colon or dash ("it shall not be a defense that—"), its *window* also takes in
the enumerated items that follow, since the list completes the sentence.

Each signal span records in ``span._.signal_source`` what fired: ``rule:<pattern id>`` when a
pattern alone decides, ``component:<resolver>+rule:<pattern id>`` when the clause context
decided. At most one span per signal and clause is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.context import bound_not, forget_sentence_starts, modality_of, sentence_at, states_no_law
from pipeline.components.extensions import CUES_KEY, FLAGS_KEY, doc_text
from pipeline.jurisdiction import STATE_CODES

# --- word sets the resolvers test clauses against ---------------------------------------------
OFFICIAL_WORDS = frozenset({
    "officer", "officers", "official", "officials", "employee", "employees", "agent", "agents",
    "deputy", "deputies", "trooper", "troopers", "sheriff", "sheriffs", "defendant", "defendants",
    "personnel", "constable", "constables", "marshal", "marshals", "jailer", "jailers", "warden", "wardens",
})
EMPLOYER_WORDS = frozenset({
    "employer", "employers", "entity", "entities", "state", "municipality", "municipalities",
    "county", "counties", "city", "agency", "agencies", "government", "governmental", "body",
    "subdivision", "subdivisions", "unit", "commonwealth", "department", "town", "district",
    "towns", "cities", "township", "townships", "village", "villages", "borough", "boroughs", "parish", "parishes",
})
RELIEF_ONLY_WORDS = frozenset({"equitable", "injunctive", "declaratory"})
LIABILITY_WORDS = frozenset({
    "liability", "liable", "damages", "recovery", "recover", "recovered", "judgment",
    "judgments", "award", "awarded", "claimant", "claimants", "settlement", "settlements",
    "indemnify", "indemnification", "indemnified", "compensation",
})
NOT_LIABILITY_MONEY_WORDS = frozenset({
    "penalty", "penalties", "fine", "fined", "fines", "appropriated", "appropriation",
    "appropriations", "grant", "grants", "salary", "bond", "tax", "taxes", "loan",
    "loans", "premium", "premiums", "credit", "deduction", "contract", "price",
})
AWARD_WORDS = frozenset({
    "award", "awarded", "awards", "awarding", "allow", "allows", "allowed", "recover", "recovers",
    "recovery", "grant", "granted", "grants", "entitled", "receive", "receives", "assess",
    "assessed", "mandating", "permitting", "mandatory", "allowing", "authorizing", "requiring",
    "recoverable", "shift", "order", "ordered", "liable",
    "tax", "taxed",  # "the court shall tax as part of the costs a reasonable attorney's fee"
    "receives", "owed",  # "A prevailing plaintiff recovers (receives, is owed) reasonable attorney fees"
    "impose", "imposes", "imposed", "charge",  # "shall impose on the defendant the payment of ... fees"
})
#: Verbs that refuse an award: "may not decline to award fees" is a duty, "may deny fees" a discretion.
REFUSAL_WORDS = frozenset({"decline", "declines", "refuse", "refuses", "deny", "denies", "withhold", "withholds"})
RECORD_TOPIC_WORDS = frozenset({
    "footage", "registry", "recording", "recordings", "database",
    "complaint", "complaints", "misconduct", "disciplinary", "discipline", "investigation",
    "investigations", "investigative", "judgments", "settlements", "judgment", "settlement",
    "personnel", "grievance", "grievances", "allegation", "allegations", "sustained",
    "sanction", "sanctions", "sanctioned", "decertification", "decertifications",
})
#: Topic words that say "records the rubric means" only in a clause about officials.
WEAK_RECORD_TOPIC_WORDS = frozenset({"investigation", "investigations", "investigative", "personnel",
                                     "footage", "registry", "recording", "recordings", "database",
                                     "sanction", "sanctions", "sanctioned"})
RECORD_LIMIT_WORDS = frozenset({
    "sustained", "sustains", "redact", "redacted", "redaction", "redactions", "only", "summary", "aggregate",
    "anonymized", "deidentified", "de-identified", "delay", "delayed",
})
DISCIPLINE_TRIGGER_WORDS = frozenset({
    "liable", "liability", "judgment", "judgments", "found", "finding", "findings", "sustained",
    "convicted", "conviction", "misconduct", "violated", "violation", "violations", "settlement",
    "violates", "fails", "failure", "intentionally",
})
CRIMINAL_WORDS = frozenset({"offense", "offence", "offenses", "imprisoned", "imprisonment", "fined",
                            "sentencing", "prosecution", "felony", "misdemeanor", "guilty", "offender"})
#: Words that make a clause about *public* officials (not any employee or volunteer).
PUBLIC_OFFICIAL_WORDS = frozenset({"officer", "officers", "official", "officials", "defendant", "defendants",
                                   "deputy", "deputies", "trooper", "troopers", "sheriff", "sheriffs"})
CORPORATE_WORDS = frozenset({"director", "directors", "shareholder", "shareholders", "corporation",
                             "corporate", "board", "executive"})
PENALTY_WORDS = frozenset({"penalty", "penalties", "fine", "fines", "fined", "forfeit", "forfeiture"})
STUDY_WORDS = frozenset({"study", "studies", "commission", "recommendations", "recommend", "whether",
                         "examine", "evaluate", "consider", "report", "analysis"})
LITIGATION_WORDS = frozenset({"action", "proceeding", "proceedings", "suit", "case", "litigation",
                              "matter", "appeal", "lawsuit"})
STANDING_WORDS = frozenset({"standing", "right", "motion", "leave", "petition", "permission"})

_ENUM = re.compile(r"\(?(?:(\d{1,3})|([ivxlc]{1,6})|([a-z]{1,2})|([IVXLC]{1,6})|([A-Z]{1,2}))[.)]")
_HEADING = re.compile(r"(?:§|sec(?:tion)?\.?\s*\d|SEC\.|SECTION\s+\d)", re.IGNORECASE)
_WINDOW_MAX_CHARS = 2500
_WINDOW_MAX_CLAUSES = 30


def _line_indent(text: str, start_char: int) -> int:
    line_start = text.rfind("\n", 0, start_char) + 1
    i = line_start
    while i < len(text) and text[i] in " \t":
        i += 1
    return i - line_start if i == start_char or text[i:start_char].strip() == "" else 0


def _enum_kind(clause_text: str) -> str | None:
    match = _ENUM.match(clause_text.lstrip())
    if not match:
        return None
    for kind, group in zip(("digit", "roman", "lower", "ROMAN", "UPPER"), match.groups()):
        if group:
            return kind
    return None


#: An item label left at the end of a lead-in when the items are numbered "1. That ..." (the
#: sentencizer breaks after "1." before the capital): "the following are not defenses:\n1."
_TRAILING_LABEL = re.compile(r"\n[ \t]*\(?(?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})[.)]\s*$")


def _bare_label(text: str) -> bool:
    """A sentence that is only an item label ("2."), split from its item by the sentencizer."""
    return bool(_ENUM.fullmatch(text.strip()))


#: Words no sentence ends on: a clause that stops on one ("may bring a civil action for damages
#: against", "shall be liable to") runs on into the list that follows it, colon or not.
_UNFINISHED_WORDS = frozenset({
    "against", "to", "by", "of", "for", "from", "with", "upon", "on", "in", "under", "the", "a", "an",
    "shall", "may", "must", "include", "includes", "including"})


def _is_lead_in(sent: Span) -> bool:
    # (emphasis marks of a Markdown rendering, "... against_", close no sentence)
    text = _TRAILING_LABEL.sub("", sent.text.rstrip()).rstrip().rstrip("_*").rstrip()
    if text.endswith((":", "—", "--", "–", "-")) or text.lower().endswith((" that", " following")):
        return True
    last = text.rsplit(None, 1)[-1] if text else ""
    if last.lower() in _UNFINISHED_WORDS and len(sent) > 3:
        return True
    # A provision that stops without a full stop after its modal ("A person ... may sue for damages
    # and equitable relief" + "(1) the officer ..."): a heading has no modal verb.
    return last.isalpha() and last.islower() and len(sent) >= 8 and any(
        t.lower_ in ("shall", "may", "must") for t in sent)


@dataclass
class Clause:
    """One clause with its cues, plus the window (lead-in + following list items)."""

    sent: Span
    cues: list[Span]
    window_end: int = -1  # token index; == sent.end when no window
    window_cues: list[Span] = field(default_factory=list)
    parent: "Clause | None" = None  # the lead-in whose list this clause belongs to
    #: (signal, cue labels, source) that the items of this lead-in's list inherit when they
    #: hold one of those cues ("it shall not be a defense that- (1) ... good faith").
    item_signals: list = field(default_factory=list)
    _words: frozenset | None = None
    _window_words: frozenset | None = None
    _by_label: dict | None = None
    _window_by_label: dict | None = None

    @property
    def words(self) -> frozenset:
        if self._words is None:
            self._words = frozenset(t.lower_ for t in self.sent)
        return self._words

    @property
    def window_words(self) -> frozenset:
        if self._window_words is None:
            doc = self.sent.doc
            self._window_words = frozenset(t.lower_ for t in doc[self.sent.start:self.window_end])
        return self._window_words

    def of(self, *labels: str) -> list[Span]:
        if self._by_label is None:
            self._by_label = defaultdict(list)
            for cue in self.cues:
                self._by_label[cue.label_].append(cue)
        return [cue for label in labels for cue in self._by_label.get(label, ())]

    def in_window(self, *labels: str) -> list[Span]:
        if self._window_by_label is None:
            self._window_by_label = defaultdict(list)
            for cue in self.window_cues:
                self._window_by_label[cue.label_].append(cue)
        return [cue for label in labels for cue in self._window_by_label.get(label, ())]


class Emitter:
    """Collects signal spans, one per (signal, clause)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.spans: list[Span] = []
        self.sources: list[str] = []
        self._seen: set[tuple[str, int]] = set()

    def __call__(self, clause: Clause, signal: str, cue: Span, resolver: str | None = None,
                 start: int | None = None, end: int | None = None) -> None:
        key = (signal, clause.sent.start)
        if key in self._seen:
            return
        self._seen.add(key)
        span = Span(self.doc, cue.start if start is None else start, cue.end if end is None else end,
                    label=signal)
        pattern_id = cue.id_ or cue.label_
        source = f"rule:{pattern_id}" if resolver is None else f"component:{resolver}+rule:{pattern_id}"
        self.spans.append(span)
        self.sources.append(source)

    def has(self, clause: Clause, signal: str) -> bool:
        return (signal, clause.sent.start) in self._seen

    def withdraw(self, sent_start: int, sent_end: int, signal: str) -> bool:
        """Drop the ``signal`` span emitted inside the clause ``[sent_start, sent_end)``."""
        keep = [k for k, span in enumerate(self.spans)
                if not (span.label_ == signal and sent_start <= span.start < sent_end)]
        if len(keep) == len(self.spans):
            return False
        self.spans = [self.spans[k] for k in keep]
        self.sources = [self.sources[k] for k in keep]
        self._seen = {key for key in self._seen if not (key[0] == signal and sent_start <= key[1] < sent_end)}
        return True


_PUBLIC_EMPLOYER_WORDS = frozenset({"county", "state", "city", "municipal", "municipality", "public",
                                    "government", "governmental", "federal", "town", "agency",
                                    "subdivision", "commission"})


def _public_official(clause: Clause, window: bool = False) -> bool:
    """The clause is about public officials: officers, officials, or a public body's employees."""
    words = clause.window_words if window else clause.words
    if PUBLIC_OFFICIAL_WORDS & words or (clause.in_window if window else clause.of)("POLICE", "ALL_PUBLIC"):
        return True
    return bool({"employee", "employees"} & words and _PUBLIC_EMPLOYER_WORDS & words)


def _mod(cue: Span) -> tuple[str | None, bool, int]:
    """``(modality, negated, distance)``; distance = tokens between the modal and the cue."""
    return modality_of(cue, with_distance=True)


# --- resolvers ---------------------------------------------------------------------------------

#: A clause that opens with "that" after its enumerator is the content of a list's lead-in.
#: The label an enumerated item opens with: "(iii)", "(2)", "(B)", "3.".
_ITEM_LABEL = r"\(?(?:[ivxlc]{1,6}|[0-9]{1,3}|[A-Za-z])[.)]"
_DEFENCE_CONTENT = re.compile(r"\W*(?:" + _ITEM_LABEL + r"\s*)*that\b", re.IGNORECASE)


def _qi_context(clause: Clause) -> bool:
    return bool(clause.in_window("QI_TERM", "GOOD_FAITH", "CLEARLY_ESTABLISHED", "QI_BAR", "QI_ASSERT")) or bool(
        (clause.of("DEFENSE", "QI_ASSERT") or {"defense", "defence", "defenses", "defences"} & clause.words)
        and _definition_cues(clause, "QI_TERM", "GOOD_FAITH", "CLEARLY_ESTABLISHED"))  # "may not assert a barred defense"


#: The doctrine's own tests: a bar conditioned on them restates qualified immunity.
_DOCTRINE_ELEMENTS = re.compile(
    r"(?:pursuant\s+to|in\s+(?:good[\s-]+faith\s+)?reliance\s+(?:on|upon))\s+(?:a\s+|an\s+|the\s+)?(?:valid\s+)?(?:warrant|court\s+order|statute|ordinance)"
    r"|clearly\s+established|good[\s-]+faith|reasonabl[ey]\s+(?:believ|officer|official|person)|reasonable\s+belief"
    r"|objectively\s+reasonable|materially\s+similar|should\s+have\s+known|authori[sz]ed\s+by\s+(?:a\s+)?(?:statute|regulation)"
    r"|(?:court|judicial\s+decision)[^.;]{0,60}\b(?:held|unlawful|unconstitutional)", re.IGNORECASE)
_CONDITION_WORDS = frozenset({"if", "when", "unless", "except", "provided", "where", "only"})
_CLEARLY_LAWFUL = re.compile(r"clearly\s+established\s+that\s+(?:\S+\s+){0,4}?(?:was|were|is|are|would\s+be)\s+lawful\b",
                             re.IGNORECASE)
#: Words after which the doctrine's tests widen the bar instead ("regardless of whether a court had
#: held similar conduct unlawful").
_WIDENING = re.compile(r"\b(?:regardless|whether|even\s+if|even\s+though|notwithstanding|irrespective|without\s+regard)\b",
                       re.IGNORECASE)


def _bar_conditioned_on_doctrine(clause: Clause, cue: Span) -> bool:
    """A bar that holds only under the doctrine's own test ("Qualified immunity shall not be a
    defense ... if the conduct violated a right that was clearly established", "... unless the
    officer acted in good faith", "If a court had held materially similar conduct unlawful,
    qualified immunity is not available") keeps qualified immunity in every other case: it
    codifies the doctrine. "even if the right was not clearly established" widens the bar instead."""
    doc = clause.sent.doc
    text = doc_text(doc)
    after = []
    # "shall not be relieved of liability on the basis that the right was not clearly established
    # when ...": a cue ending in "that" is followed by the barred defence's own content
    start = clause.sent.end if cue.text.lower().endswith(" that") else cue.end
    for i in range(start, clause.sent.end):
        if doc[i].lower_ in ("that", "which") and not (i > cue.end and doc[i - 1].lower_ == "provided"):
            break  # "the defense that the right had not been clearly established when ...": the
            # barred defence's own content, not a condition on the bar
        after.append(i)
    for i in after + list(range(clause.sent.start, min(cue.start, clause.sent.start + 4))):
        word = doc[i].lower_
        if word not in _CONDITION_WORDS or (i > clause.sent.start and doc[i - 1].lower_ in ("even", "whether")):
            continue
        if word == "where" and i + 1 < len(doc) and doc[i + 1].lower_ in ("applicable", "appropriate"):
            continue
        end = clause.sent.end_char if i >= cue.end else doc[cue.start].idx
        condition = _WIDENING.split(text[doc[i].idx:end], maxsplit=1)[0]
        # "unless the law ... clearly established that the conduct was lawful" is the inverse test:
        # a shield only for conduct the law clearly allowed, which ends the doctrine.
        condition = _CLEARLY_LAWFUL.sub(" ", condition)
        if _DOCTRINE_ELEMENTS.search(condition):
            return True
    return False


#: "Qualified immunity, <appositive or coordinated defence, too long for a pattern's gap>, is
#: unavailable / is not a defense / is abolished": the bar's predicate after the parenthesis.
_APPOSITIVE_BAR = re.compile(
    r"\s*,[^.;:]{3,260}?,\s*(?:is|are|shall|will|may)\s+(?:hereby\s+)?(?:"
    r"(?:not\s+(?:be\s+)?(?:a\s+defen[cs]e|available|applicable|recognized))"
    r"|(?:be\s+)?(?:unavailable|abolished|eliminated|inapplicable|abrogated|barred|disallowed))\b"
    r"(?![^.;:]{0,40}\b(?:unless|except|if|only)\b)", re.IGNORECASE)


def _qi_bar_after_appositive(clause: Clause, emit: Emitter) -> None:
    doc = clause.sent.doc
    text = doc_text(doc)
    for cue in clause.of("QI_TERM"):
        if not cue.text.lower().startswith("qualified"):
            continue
        if _APPOSITIVE_BAR.match(text, cue.end_char, clause.sent.end_char):
            emit(clause, "qi_barred", cue, "appositive_bar")
            return


def resolve_immunity(clause: Clause, emit: Emitter) -> None:
    words = clause.words
    relief_only = bool(RELIEF_ONLY_WORDS & words) and ("solely" in words or "only" in words)
    studying = bool(STUDY_WORDS & words)
    for cue in clause.of("QI_BAR"):
        if cue.id_ == "immunity.qi_abolished_title" and studying:
            continue  # "recommendations to maintain, modify, or eliminate qualified immunity"
        if cue.id_ == "qi_elements.officer_immunity_waived" and not (
                (OFFICIAL_WORDS & {t.lower_ for t in cue} or any(cue.start <= p.start < cue.end for p in clause.of("POLICE")))
                and not {"sovereign", "governmental"} & {t.lower_ for t in cue}):
            continue  # "Any immunity ... that a peace officer would otherwise have is waived", not the State's
        if cue.id_ != "immunity.qi_abolished_title" and _bar_conditioned_on_doctrine(clause, cue):
            emit(clause, "qi_codified", cue, "bar_conditioned")
            return
        if cue.id_ == "immunity.qi_abolished_title" or not relief_only:
            emit(clause, "qi_barred", cue)
    if not clause.of("QI_BAR") and not relief_only and not (STUDY_WORDS - {"whether"}) & words:
        _qi_bar_after_appositive(clause, emit)  # "whether" may sit inside the appositive
    criminal = bool(CRIMINAL_WORDS & words)
    for cue in clause.of("QI_ASSERT", "DEFENSE"):
        if not _qi_context(clause) and ("immunity" not in cue.text.lower() or cue.id_.startswith("qi_elements.")):
            continue  # the elements family names no doctrine: it needs one of its elements nearby
        if criminal and not clause.of("QI_TERM"):
            continue  # "it is not a defense to an offense that the victim consented"
        if cue.id_ == "qi_elements.on_the_ground_that" and clause.of("SAFE_HARBOR", "IMMUNE"):
            continue  # "shall not be liable on the ground that ..." keeps a defence; the safe harbour decides
        modality, negated, _ = _mod(cue)
        if any(bar.id_ == "qi_elements.neither_qi_nor" and bar.start <= cue.start < bar.end
               for bar in clause.of("QI_BAR")):
            negated = True  # a member of "Neither qualified immunity nor <defence> is available"
        if not negated and cue.id_ in ("qi_elements.on_the_ground_that", "qi_elements.because_the_law") and \
                _relief_denied_before(cue.doc[clause.sent.start:cue.start].text):
            # "the officer may not obtain dismissal, summary judgment, or judgment as a matter of law on the ground
            # that--": the denial stands further back than a modal is looked for
            negated = True
        ground = cue.doc.text[cue.end_char:clause.sent.end_char]
        if negated and cue.id_ == "qi_elements.on_the_ground_that" and not clause.of("QI_TERM") and not re.match(
                r"\s*(?:--|[:\u2013\u2014])", ground) and not _ground_names_element(ground):
            # "shall not dismiss ... on the ground that the plaintiff gave no notice": another ground ("on the ground
            # that--" with the elements in the items that follow is read from the items)
            continue
        text = cue.text.lower()
        only = " only " in f" {text} " or "only_defense" in cue._.scope and "only" in text
        if only or ("only_defense" in cue._.scope and not negated):
            if clause.in_window("GOOD_FAITH", "CLEARLY_ESTABLISHED"):
                emit(clause, "good_faith_defense_retained", cue, "defense_scope")
            else:
                emit(clause, "immunity_saved", cue, "defense_scope")
        elif negated and _bar_conditioned_on_doctrine(clause, cue):
            emit(clause, "qi_codified", cue, "bar_conditioned")
        elif negated:
            if not relief_only:
                emit(clause, "qi_barred", cue, "defense_negation")
                clause.item_signals.append(("qi_barred", ("GOOD_FAITH", "CLEARLY_ESTABLISHED"), cue))
        elif (cue.label_ == "DEFENSE" and clause.in_window("GOOD_FAITH", "CLEARLY_ESTABLISHED")
              and (_public_official(clause, window=True) or OFFICIAL_WORDS & clause.window_words)):
            emit(clause, "good_faith_defense_retained", cue, "defense_negation")
    content = bool(_DEFENCE_CONTENT.match(clause.sent.text))
    for cue in clause.of("QI_ENTITLED", "IMMUNE"):
        if content and not _mod(cue)[1]:
            # "(iii) That the defendant is immune from liability under ...": an item stating what a
            # defence says (of a list a definition or a bar opens), not a grant of immunity
            continue
        if "whether" in {t.lower_ for t in cue.doc[max(clause.sent.start, cue.start - 12):cue.start]}:
            # "liable ... without regard to whether the employee would be immune", "whether or not the
            # officer in question would be immune": the employer's liability, no immunity granted.
            # The gap is bounded (12 tokens) so that a later, separate grant still counts.
            continue
        civil = cue.id_ == "immunity.not_have_immunity" and bool({"action", "suit", "claim", "claims"} & clause.words)
        police_immune = (cue.id_ == "immunity.immune" and bool(LIABILITY_WORDS & clause.words | {"suit"} & clause.words)
                         and _public_official(clause)
                         and not clause.in_window("GOOD_FAITH"))
        # "No employee ... shall be immune from liability on the ground that the right had not been
        # clearly established": the doctrine's own element names the immunity and whose it is.
        doctrine = bool(clause.in_window("CLEARLY_ESTABLISHED")) or (
            bool(clause.in_window("GOOD_FAITH")) and cue.label_ == "IMMUNE" and _protection_denied(cue))
        if cue.label_ == "IMMUNE" and not (clause.of("QI_TERM") or clause.in_window("GOOD_FAITH") or civil
                                           or police_immune or doctrine):
            continue
        if cue.label_ == "IMMUNE" and not (_public_official(clause) or doctrine):
            continue  # "a volunteer who in good faith distributes ... is immune" is no official's defence
        modality, negated, _ = _mod(cue)
        # "may not assert that the defendant is entitled to qualified immunity", "No officer sued
        # under this chapter is immune": the negation stands before the cue's own verb
        negated = negated or _protection_denied(cue)
        if negated and _bar_conditioned_on_doctrine(clause, cue):
            emit(clause, "qi_codified", cue, "bar_conditioned")
        elif negated:
            emit(clause, "qi_barred", cue, "defense_negation")
        elif _spares_the_action(clause):
            pass  # "immune from liability for any tort, provided that nothing ... bars a claim brought under this section"
        elif clause.in_window("GOOD_FAITH") and cue.label_ == "IMMUNE":
            # "shall be immune ... if the official acted in good faith"
            emit(clause, "good_faith_defense_retained", cue, "defense_negation")
            clause.item_signals.append(("good_faith_defense_retained", ("GOOD_FAITH", "PRIOR_DECISION"), cue))
        elif cue.label_ == "QI_ENTITLED" or clause.of("QI_TERM"):
            emit(clause, "qi_codified", cue, "defense_negation")
        elif cue.id_ == "immunity.immune" and police_immune:
            # "a law enforcement officer ... shall be immune ... from personal liability"; "the
            # members, officers and employees of the commission are immune from suit and liability"
            # (but "immune from liability for any tort; provided that nothing in the Tort Claims Act bars or
            # limits a claim brought under the Constitutional Rights Remedy Act" leaves the new action whole)
            emit(clause, "qi_codified", cue, "defense_negation")
    for cue in clause.of("SAFE_HARBOR"):
        if not _public_official(clause, window=True):
            continue
        if clause.in_window("CLEARLY_ESTABLISHED"):
            emit(clause, "qi_codified", cue, "safe_harbor")
            clause.item_signals.append(("qi_codified", ("CLEARLY_ESTABLISHED", "PRIOR_DECISION"), cue))
        elif clause.in_window("GOOD_FAITH"):
            emit(clause, "good_faith_defense_retained", cue, "safe_harbor")
            clause.item_signals.append(("good_faith_defense_retained", ("GOOD_FAITH",), cue))
    for cue in clause.of("NOT_LIABLE"):
        after = cue.doc[cue.end:max(clause.window_end, clause.sent.end)]
        if (_public_official(clause) and not clause.of("DEFENSE", "QI_BAR")
                and any(t.lower_ == "unless" for t in after[:24]) and _PRIOR_LAW_TEST.search(after.text)):
            # "A law enforcement officer shall not be liable ... unless the plaintiff shows that-- ... (B) a decision of
            # the Supreme Court ... had held materially similar conduct to violate that right": the doctrine's test
            # written as the condition of liability codifies it
            emit(clause, "qi_codified", cue, "liable_only_if_established")
            continue
        # "an officer who acted in good faith ... is not liable": the kept defence is a condition
        # written before the verb (a relative clause), in a clause that bars no defence itself.
        if (_public_official(clause) and not clause.of("DEFENSE", "QI_BAR", "QI_ASSERT", "SAFE_HARBOR")
                and any(c.start < cue.start for c in clause.of("GOOD_FAITH"))):
            emit(clause, "good_faith_defense_retained", cue, "safe_harbor")
    for cue in clause.of("DEFENSE"):
        # "The doctrine of qualified immunity shall be available as a defense to any public
        # employee": the defence is granted, not barred.
        if cue.id_ not in ("immunity.immunity_available", "immunity.immunity_defense_available"):
            continue
        qualified = [t for t in clause.of("QI_TERM") if t.text.lower().startswith("qualified")]
        modality, negated, _ = _mod(cue)
        if qualified and not negated and "only" not in {t.lower_ for t in cue} and not clause.of(
                "GOOD_FAITH", "CLEARLY_ESTABLISHED") and not any(
                kind in cue._.scope for kind in ("unless", "except", "only_if", "only_defense")):
            emit(clause, "qi_codified", cue, "defense_granted")
    for cue in clause.of("QI_CODIFY"):
        if cue.id_ == "immunity.affords_qi" and clause.of("QI_BAR", "DEFENSE"):
            continue  # "affords ... qualified immunity" next to a bar is part of the bar
        if cue.id_ in ("immunity.protected_by_qi", "immunity.qi_protects") and _protection_denied(cue):
            # "may not assert that the defendant is protected by qualified immunity", "shall not
            # be shielded by qualified immunity": the protection is what the bill takes away, unless
            # only under the doctrine's own test ("is not protected ... if the right was clearly established").
            if _bar_conditioned_on_doctrine(clause, cue):
                emit(clause, "qi_codified", cue, "bar_conditioned")
            else:
                emit(clause, "qi_barred", cue, "protection_denied")
            continue
        emit(clause, "qi_codified", cue)
    if clause.of("CLEARLY_ESTABLISHED") and {"plead", "pleading", "particularity"} & words:
        # heightened pleading: the plaintiff must plead that the law was clearly established
        emit(clause, "qi_codified", clause.of("CLEARLY_ESTABLISHED")[0], "pleading")
    for cue in clause.of("QI_ASSERT"):
        if "immunity" in cue.text.lower() and {"appealable", "interlocutory"} & words and not _mod(cue)[1]:
            emit(clause, "qi_codified", cue, "appeal")  # "an order denying ... qualified immunity is appealable"
    for cue in clause.of("IMMUNITY_SAVED"):
        emit(clause, "immunity_saved", cue)
    for cue in clause.of("SAVE_VERB"):
        modality, negated, distance = _mod(cue)
        if modality is None and any(t.lower_ in ("nothing", "no") for t in cue.doc[max(clause.sent.start, cue.start - 10):cue.start]):
            negated, distance = True, 0  # "Nothing in this chapter affects the absolute immunity ..."
        if not negated or distance > 4:
            continue
        tail = clause.sent.doc[cue.end:clause.sent.end]
        for t in tail:
            if t.lower_ in ("immunity", "immunities"):
                # "rights, privileges, or immunities" are rights, not an immunity from suit.
                before = {x.lower_ for x in t.doc[max(tail.start, t.i - 4):t.i]}
                if not before & {"privileges", "privilege", "right", "rights"}:
                    emit(clause, "immunity_saved", cue, "saving_clause")
                    break


def _liability_clause(clause: Clause) -> bool:
    """A clause about civil liability or immunity (not a crime, not a definition)."""
    criminal = CRIMINAL_WORDS & clause.words
    if "malicious" in clause.words:
        criminal = criminal - {"prosecution"}  # "malicious prosecution" is a civil wrong
    if criminal:
        return False
    if clause.of("LIABLE", "QI_BAR", "QI_ASSERT", "QI_TERM", "SAFE_HARBOR", "IMMUNE"):
        return True
    return bool(clause.of("DEFENSE")) and ("immunity" in clause.words or _qi_context(clause))


_NOT_COVERAGE = re.compile(r"\bthe term\b|\bhas the meaning\b|\bnothing in this\b")

#: The next sentence gives an action for what this one forbids: "A police officer shall not deny to any person ... the
#: privileges and immunities secured by those laws, including each right set forth in article first of the
#: Constitution. Any person aggrieved by such a denial may bring a civil action ...".
_ACTION_FOR_SUCH = re.compile(
    r"\s*(?:\(\w{1,4}\)\s*)?(?:Any|A|Each|Every|The)\s+(?:person|individual|party)\s+(?:who\s+is\s+)?(?:aggrieved|injured|harmed"
    r"|damaged)\s+by\s+(?:such|a|the|any|that)\s+(?:\w+\s+){0,2}?(?:denial|deprivation|violation|conduct|act|infringement)\b"
    r"[^.]{0,200}?\b(?:may\s+(?:bring|maintain|commence|sue|recover)|has\s+a\s+(?:cause|right)\s+of\s+action|is\s+entitled\s+to)",
    re.IGNORECASE)


def _action_follows(clause: Clause) -> bool:
    """Whether the sentence right after this one gives an action for what this one forbids ("Any person aggrieved by
    such a denial may bring a civil action"), so the rights this one names are the action's."""
    doc = clause.sent.doc
    return bool(clause.of("RIGHTS_ALL", "LISTED")) and bool(
        _ACTION_FOR_SUCH.match(doc_text(doc), clause.sent.end_char, min(len(doc_text(doc)), clause.sent.end_char + 400)))


PLAINTIFF_WORDS = frozenset({"injured", "aggrieved", "harmed", "damaged", "whose", "deprived", "wronged"})


def _names_the_plaintiff(cue: Span) -> bool:
    """"any person injured by ...", "a person whose rights ...", "any person who is deprived"."""
    doc = cue.doc
    following = [t.lower_ for t in doc[cue.start + 1:min(len(doc), cue.start + 6)] if not t.is_punct]
    return bool(PLAINTIFF_WORDS & set(following[:4]))


#: A definition: '"covered official" means ...', 'the term "Federal officer" means ...',
#: '"Secured right" shall mean ...'. The body runs to the end of its sentence or item.
_DEFINITION = re.compile(
    r"[\"“](?P<term>[A-Za-z][A-Za-z'’ -]{1,48}?)[\"”]\s*,?\s*(?:shall\s+mean|means|refers\s+to)\b"
    r"(?P<body>.{1,400}?)(?=;|\n|\.\s+(?:\(?[A-Z0-9“\"]|$)|\.$|$)", re.DOTALL)
#: Pennsylvania's style: '"Covered person." Any individual employed by ...' (the term ends in a full stop).
_DEFINITION_TERM_PERIOD = re.compile(
    r"[\"“](?P<term>[A-Za-z][A-Za-z'’ -]{1,48}?)\.[\"”][ \t]+(?P<body>[A-Z].{1,400}?)(?=;|\n|\.\s+(?:\(?[A-Z0-9“\"]|$)|\.$|$)",
    re.DOTALL)
_DEFINITIONS_KEY = "qi_defined_terms"
#: Georgia's Code writes its defined terms in single quotes after "the term": "the term 'state actor' means ...".
#: Read only to narrow a coverage cue (:func:`_defined_as_police`); other readings keep double quotes.
_SINGLE_QUOTED_KEY = "qi_single_quoted_terms"
_SINGLE_QUOTED_DEFINITION = re.compile(
    r"\b[Tt]erm\s+['‘](?P<term>[A-Za-z][A-Za-z -]{1,48}?)['’]\s*,?\s*(?:shall\s+mean|means|refers\s+to)\b"
    r"(?P<body>.{1,400}?)(?=;|\n|\.\s+(?:\(?[A-Z0-9“\"]|$)|\.$|$)", re.DOTALL)
#: One list item of a definition ending in a colon: a line opening with "(i)", "(2)", "(B)", "3.".
_DEFINITION_ITEM = re.compile(r"\s*" + _ITEM_LABEL + r"[^\n]*")


def _term_use(term: str) -> re.Pattern:
    """The defined term in use, any spacing, singular or plural."""
    return re.compile(r"\b" + re.escape(term).replace(r"\ ", r"\s+") + r"(?:s|es)?\b", re.IGNORECASE)


def _defined_terms(doc: Doc) -> list[tuple[re.Pattern, int, int, int]]:
    """The terms the text defines: (pattern finding the term in use, start and end character of
    the definition's body, start character of the whole definition). Built once per ``Doc``."""
    found = doc.user_data.get(_DEFINITIONS_KEY)
    if found is None:
        found = []
        text = doc_text(doc)
        for m in [*_DEFINITION.finditer(text), *_DEFINITION_TERM_PERIOD.finditer(text)]:
            term = " ".join(m.group("term").split())
            if len(term) < 4:
                continue
            use = _term_use(term)
            end = m.end("body")
            if m.group("body").rstrip().endswith(":"):
                # '"Barred defense" means any of the following: (i) ...; (ii) ...': the items are the body
                for item in _DEFINITION_ITEM.finditer(text, end):
                    if item.start() != end or item.end() - m.end("body") > 2000:
                        break
                    end = item.end()
            found.append((use, m.start("body"), end, m.start()))
        doc.user_data[_DEFINITIONS_KEY] = found
    return found


#: A definition's head that reaches past police: "or any other person who acts under color of law", "every other
#: officer or employee of the State".
_WIDER_THAN_POLICE = re.compile(
    r"\b(?:any|every|each|all)\s+(?:other\s+)?(?:persons?|individuals?|officers?|employees?|officials?|agents?)\b"
    r"|\bother\s+(?:persons?|individuals?|officers?|employees?|officials?|agents?)\b|\bcolou?r\s+of\b", re.IGNORECASE)


def _single_quoted_terms(doc: Doc) -> list[tuple[re.Pattern, int, int, int]]:
    """:func:`_defined_terms` for Georgia's single-quoted terms; built once per ``Doc``."""
    found = doc.user_data.get(_SINGLE_QUOTED_KEY)
    if found is None:
        text = doc_text(doc)
        found = [(_term_use(" ".join(m.group("term").split())), m.start("body"), m.end("body"), m.start())
                 for m in _SINGLE_QUOTED_DEFINITION.finditer(text)] if ("'" in text or "‘" in text) else []
        doc.user_data[_SINGLE_QUOTED_KEY] = found
    return found


def _defined_as_police(clause: Clause, cue: Span) -> Span | None:
    """The first police cue of the bill's definition of the term ``cue`` names, when that definition names police
    (or jailers) and no one wider; None when the term is not defined in the bill or is defined more widely."""
    doc = clause.sent.doc
    text = doc_text(doc)
    bodies = [(start, end) for use, start, end, opens in [*_defined_terms(doc), *_single_quoted_terms(doc)]
              if use.search(cue.text) and not clause.sent.start_char <= opens < clause.sent.end_char]
    if not bodies:
        return None
    # the head of each definition, before its examples ("any person employed by ..., including a peace officer")
    heads = []
    for start, end in bodies:
        examples = _EXAMPLES_BEGIN.search(text, start, end)
        heads.append((start, examples.start() if examples else end))
    inside = [c for c in (doc.spans[CUES_KEY] if CUES_KEY in doc.spans else [])
              if any(start <= c.start_char < end for start, end in heads)]
    police = [c for c in inside if c.label_ == "POLICE"]
    if not police or any(c.label_ == "ALL_PUBLIC" for c in inside) or any(
            (_WORKS_FOR.search(text[start:end]) and not _POLICE_HEAD.search(text[start:end]))
            or _WIDER_THAN_POLICE.search(text[start:end]) for start, end in heads):
        return None  # ("a peace officer or any other person who acts under color of state law": wider than police)
    return police[0]


def _definition_cues(clause: Clause, *labels: str) -> list[Span]:
    """Cues with these labels inside the definitions of terms the clause uses ("Any covered
    official who ... is liable" reads whom it reaches from '"covered official" means any officer,
    employee, or agent of the State'). A definition's own sentence uses nothing."""
    doc = clause.sent.doc
    definitions = _defined_terms(doc)
    if not definitions:
        return []
    lo, hi = clause.sent.start_char, clause.sent.end_char
    text = clause.sent.text
    bodies = [(start, end) for use, start, end, opens in definitions
              if not lo <= opens < hi and use.search(text)]
    if not bodies:
        return []
    cues = doc.spans[CUES_KEY] if CUES_KEY in doc.spans else []
    return [cue for cue in cues if cue.label_ in labels
            and any(start <= cue.start_char < end for start, end in bodies)]


#: Where a definition's examples begin ("including, but not limited to, a peace officer").
_EXAMPLES_BEGIN = re.compile(r"\b(?:including|includes|include|such\s+as|for\s+example|e\.g\.)\b", re.IGNORECASE)
#: A definition's head that names whoever works for a public body.
_WORKS_FOR = re.compile(r"\b(?:employ\w*|employees?|agents?|officers?\s+(?:or|and)\s+employees?|appointed|"
                        r"act(?:s|ing)?\s+(?:on\s+behalf\s+of|for|under\s+the\s+authority\s+of))\b", re.IGNORECASE)
_PUBLIC_BODY = re.compile(r"\b(?:public\s+(?:body|bodies|entity|entities|agency|agencies|employer)|state|commonwealth|"
                          r"political\s+subdivisions?|local\s+(?:government|agency)|governmental|government|"
                          r"municipalit(?:y|ies)|count(?:y|ies)|agency|agencies)\b", re.IGNORECASE)
_POLICE_HEAD = re.compile(r"\b(?:peace|police|law[\s-]+enforcement|sheriffs?|deput(?:y|ies)|troopers?|correction(?:s|al)|"
                          r"detention|jailers?|constables?|marshals?)\b", re.IGNORECASE)


def _defined_as_public_employees(clause: Clause) -> bool:
    """A term the clause uses is defined as anyone who works for a public body, whatever police
    examples follow: '"Covered individual" means an individual employed by ... a governmental
    agency, including, but not limited to, a law enforcement officer' (RUBRIC.md: every public
    employee). A head that names police ('means a peace officer employed by the state') does not."""
    doc = clause.sent.doc
    text = doc_text(doc)
    lo, hi = clause.sent.start_char, clause.sent.end_char
    for use, start, end, opens in _defined_terms(doc):
        if lo <= opens < hi or not use.search(clause.sent.text):
            continue
        head = _EXAMPLES_BEGIN.split(text[start:end], maxsplit=1)[0]
        if _WORKS_FOR.search(head) and _PUBLIC_BODY.search(head) and not _POLICE_HEAD.search(head):
            return True
    return False


#: Words about employment that name the covered only when no class of officer is named: "a peace officer acting
#: within the scope of public employment" is a peace officer.
_EMPLOYMENT_NOT_SUBJECT = frozenset({"coverage.scope_of_public_employment", "coverage.employed_by_public"})


def resolve_coverage(clause: Clause, emit: Emitter) -> None:
    if not _liability_clause(clause):
        return
    if clause.of("QI_CODIFY", "SAFE_HARBOR") or emit.has(clause, "qi_codified") or emit.has(
            clause, "good_faith_defense_retained"):
        return  # who a kept or codified immunity protects is not who a cause of action reaches
    if _NOT_COVERAGE.search(clause.sent.text.lower()):
        return  # definitions and rules of construction name officers without creating liability
    action = [c for c in clause.of("LIABLE") if c.id_ != "coverage.liable"] or clause.of("QI_BAR", "QI_ASSERT", "DEFENSE")
    if clause.of("FTI_FAIL", "FTI_DUTY") and not action:
        return  # a bystander-liability clause says who must intervene, not who the action reaches
    # "Any person injured by a peace officer ... has a cause of action": that person is the
    # plaintiff; who the action reaches is named after "by".
    everyone = [cue for cue in clause.of("ALL_PUBLIC") if not _names_the_plaintiff(cue) and not (
        cue.id_ in _EMPLOYMENT_NOT_SUBJECT and clause.of("POLICE"))]
    narrowed = _defined_as_police(clause, everyone[0]) if everyone else None
    if narrowed is not None:
        # "A state actor who deprives ..." with "'state actor' means a certified peace officer, jailer, or
        # correctional officer": the bill's own definition of the term says whom it reaches
        emit(clause, "covers_police_only", narrowed, "coverage_defined")
        return
    if everyone:
        emit(clause, "covers_all_public_employees", everyone[0], "coverage")
        return
    police = clause.of("POLICE")
    if police and not clause.of("INDEMNIFY", "FEES", "CLAWBACK"):
        emit(clause, "covers_police_only", police[0], "coverage")
        return
    if not police and action and not clause.of("INDEMNIFY", "FEES", "CLAWBACK"):
        # The clause names its defendants by a defined term: the definition says who they are.
        defined = _definition_cues(clause, "ALL_PUBLIC", "POLICE")
        everyone = [cue for cue in defined if cue.label_ == "ALL_PUBLIC"]
        if everyone:
            emit(clause, "covers_all_public_employees", everyone[0], "coverage_defined")
        elif _defined_as_public_employees(clause):
            emit(clause, "covers_all_public_employees", (defined or action)[0], "coverage_defined")
        elif defined:
            emit(clause, "covers_police_only", defined[0], "coverage_defined")


def _names_one_right(cue: Span) -> bool:
    """"a constitutional right to free speech" names one right, not all of them; so does "the right
    to be free from unreasonable searches ..., as secured by the Constitution" (not "any right to
    which a person is entitled")."""
    doc = cue.doc
    if cue.id_ == "rights.rights_secured_by_constitution":
        nxt = cue.start + 1
        if (doc[cue.start].lower_ == "right" and nxt + 1 < len(doc) and doc[nxt].lower_ == "to"
                and doc[nxt + 1].lower_ not in ("which", "whom")):
            return True
        # "the right of a person under the state constitution to be secure against unreasonable seizures"
        return doc[cue.start].lower_ == "right" and _one_right_follows(doc, cue.end)
    if cue.id_ not in ("rights.unnamed_constitutional_rights", "coverage_cause.constitutionally_protected_rights"):
        return False
    if cue.end < len(doc) and doc[cue.end].lower_ in ("to", "against"):
        return True
    # "the state constitutional right of any person to be free from unreasonable searches"
    return doc[cue.end - 1].lower_ == "right" and _one_right_follows(doc, cue.end)


def _one_right_follows(doc, i: int) -> bool:
    """After a singular "right", its content: "[of any person] to be free ...", "[of a person] against ..."."""
    words = [t.lower_ for t in doc[i:min(len(doc), i + 6)]]
    if words[:1] and words[0] in ("to", "against"):
        return len(words) > 1 and words[1] not in ("which", "whom")
    if words[:1] == ["of"]:
        for k in range(1, min(len(words), 5)):
            if words[k] in _VERB_AFTER_RIGHT:
                return False  # "a right guaranteed by Article I of the Constitution of Nebraska is liable to that person"
            if words[k] in ("to", "against"):
                return k + 1 < len(words) and words[k + 1] not in ("which", "whom", "the")
    return False


#: Words that end the "of" phrase after a right: the sentence's verb has begun.
_VERB_AFTER_RIGHT = frozenset({"is", "are", "shall", "may", "must", "will", "liable", "has", "have"})
#: One provision (or a list) named inside an all-rights phrase: "a right protected by article I, section 8, of the
#: Constitution"; not a range that spans the bill of rights ("Sections 1 to 26").
_ONE_SECTION = re.compile(r"\bsec(?:tion|s?\.)s?\s+\d+[a-z]?\b(?!\s*(?:to|through|-|\u2013)\s*\d)", re.IGNORECASE)
#: Lists that narrow an all-rights phrase they sit in or just before: "rights secured by Sections
#: 8, 10 and 12 of Article I", "any of the following rights of a person secured by the Constitution:".
_NARROWING_LISTS = frozenset({"rights.numbered_provisions", "rights.following_rights", "rights.any_of_the_following"})


#: Words that make numbered provisions a list of rights ("Sections 8 and 10 of Article I").
_RIGHTS_CONTEXT = frozenset({"constitution", "constitutional", "amendment", "amendments", "article", "articles",
                             "right", "rights", "declaration"})


#: Verbs whose object a list of rights or violations completes ("deprives a person of any of the following").
_VIOLATION_VERBS = frozenset({"violates", "violate", "violated", "violating", "violation", "violations", "commits",
                              "commit", "engages", "engage", "infringes", "infringe"})


def _lists_something_else(cue: Span) -> bool:
    """"any of the following" that opens a list of something other than rights: the exceptions of
    an immunity ("is immune from liability unless one of the following applies"), conditions, acts
    of the employer. A list of rights follows a deprivation or violation verb."""
    if cue.id_ != "rights.any_of_the_following":
        return False
    doc = cue.doc
    sent = sentence_at(doc, cue.start)
    before = [t.lower_ for t in doc[sent.start:cue.start]]
    if {"unless", "except", "if", "when", "where"} & set(before[-3:]):
        return True
    # ("liable in a civil action for any of the following committed under color of law" lists violations)
    return not ((DEPRIVE_WORDS | _VIOLATION_VERBS | {"liable", "liability"}) & set(before))


#: LIABLE cues that create a cause of action ("is liable", "may bring an action", "may sue"), unlike
#: "deprives a person of a right" or "claims against", which a payment clause also uses.
_CAUSE_OF_ACTION_IDS = frozenset({"coverage.liable", "coverage.bring_an_action", "coverage.cause_of_action",
                                  "coverage.recover_damages", "coverage.damages_sought", "coverage.sue",
                                  "coverage.answer_to_injured"})


#: A finding, a judgment or a claim described, not an action created: "a jury found that an officer ... deprived",
#: "has been found, in a final judgment ..., to have deprived", "a claim alleging that an officer violated".
_DESCRIBES_A_FINDING = re.compile(r"\b(?:found|finds|finding|findings|adjudged|determined)\b[^.;]{0,120}?\b(?:depriv\w*|violat\w*|interfer\w*)"
                                  r"|\b(?:claims?|actions?|suits?|complaints?)\s+(?:alleging|that\s+alleges?)\b", re.IGNORECASE)
#: A definition of the actions a provision reaches: '"civil rights action" means any civil action ... alleging'.
_ACTION_DEFINED = re.compile(r"[\"“][^\"”]{1,60}[\"”]\s+(?:means|includes|refers\s+to)\b[^.;]{0,80}?\b(?:actions?|suits?|claims?|"
                             r"proceedings?)\b[^.;]{0,60}?\balleg", re.IGNORECASE)


#: A bar scoped to claims of force or search: "In an action on a claim that a law enforcement officer used force in
#: violation of the Constitution, or searched or seized a person ..., the officer may not obtain dismissal on the
#: ground that ... was not clearly established" ends the defence for those violations only (RUBRIC.md: a bar that
#: applies to some kinds of violation only counts against end_qi_state_constitution).
_BAR_SCOPED_TO_FORCE = re.compile(
    r"\b(?:actions?|claims?|suits?)\s+(?:on\s+a\s+claim\s+|arising\s+(?:from|out\s+of)\s+|based\s+(?:up)?on\s+(?:a\s+claim\s+)?"
    r"|alleging\s+|that\s+alleges?\s+)(?:that\s+)?[^.;]{0,160}?\b(?:force|search(?:ed|es)?|seiz(?:ed|ure|ures))\b", re.IGNORECASE)


_EXAMPLE = re.compile(r"\bincluding\b|\bsuch\s+as\b", re.IGNORECASE)
_EXAMPLE_OR_ANY_ACTION = re.compile(_EXAMPLE.pattern + r"|\bunder\s+this\s+(?:section|act|chapter|title|article)\b", re.IGNORECASE)


def _bar_scoped_to_force(clause: Clause) -> Span | None:
    """The bar's cue when the bar's own clause confines it to claims of force or search (and names no right)."""
    bars = clause.of("QI_BAR", "QI_ASSERT", "DEFENSE", "CLEARLY_ESTABLISHED")
    if not bars or clause.of("RIGHTS_ALL"):
        return None
    scoped = _BAR_SCOPED_TO_FORCE.search(clause.sent.text)
    if scoped is None or clause.sent.start_char + scoped.end() > bars[0].start_char or _EXAMPLE_OR_ANY_ACTION.search(
            clause.sent.text[:scoped.end()]):
        return None  # "In an action under this section, including an action alleging excessive force": an example
    return bars[0]


def resolve_rights(clause: Clause, emit: Emitter) -> None:
    scoped_bar = _bar_scoped_to_force(clause)
    if scoped_bar is not None:
        emit(clause, "force_only", scoped_bar, "rights_bar_scope")
        return
    if not (_liability_clause(clause) or _action_follows(clause)) or clause.of("CLEARLY_ESTABLISHED"):
        return
    if (clause.of("FTI_DUTY", "FTI_FAIL") or {"intervene", "intercede"} & clause.words) and not (
            LIABILITY_WORDS & clause.words or clause.of("QI_BAR", "QI_ASSERT")
            or any(cue.id_ in _CAUSE_OF_ACTION_IDS for cue in clause.of("LIABLE"))):
        return  # "an officer who observes another depriving a person of a right under the Constitution of X
        # shall intervene": a duty names the rights it protects; it creates no cause of action covering them
    if clause.of("INDEMNIFY", "INDEMNIFY_PAY") and not any(
            cue.id_ in _CAUSE_OF_ACTION_IDS for cue in clause.of("LIABLE")) and not clause.of("QI_BAR", "QI_ASSERT"):
        return  # "In an action alleging that an employee deprived a person of a right secured by the constitution
        # of X, the employer shall pay": a payment clause names the rights of actions it pays; it creates none
    creates = [cue for cue in clause.of("LIABLE") if cue.id_ in _CAUSE_OF_ACTION_IDS and cue.text.lower() != "liability"]
    if not creates and not clause.of("QI_BAR", "QI_ASSERT") and _DESCRIBES_A_FINDING.search(clause.sent.text):
        return  # "the commission shall revoke ... if a jury found that an officer deprived a person of a right secured by
        # the constitution", "the limits on liability apply to a claim alleging that ...": the rights describe a finding
        # or a claim another provision deals with; this clause creates no action that covers them
    if _ACTION_DEFINED.search(clause.sent.text) and not any(cue.id_ in _CAUSE_OF_ACTION_IDS for cue in clause.of("LIABLE")):
        return  # '"civil rights action" means any civil action ... alleging that an officer deprived a person of a
        # right secured by the constitution': a definition names the actions another provision reaches; it creates none
    every = [cue for cue in clause.of("RIGHTS_ALL") if not _names_one_right(cue)]
    # "rights secured by Sections 8, 10 and 12 of Article I of the Constitution": a list of
    # provisions inside (or just before) the all-rights phrase narrows it to those provisions.
    numbered = [cue for cue in clause.of("LISTED") if cue.id_ in _NARROWING_LISTS
                and any(r.start - 12 <= cue.start < r.end for r in clause.of("RIGHTS_ALL"))]
    if numbered:
        emit(clause, "rights_listed_only", numbered[0], "rights_numbered")
        return
    sectioned = [cue for cue in every if _ONE_SECTION.search(cue.text) and not re.search(
        r"\bbill\s+of\s+rights\b|\bdeclaration\s+of\s+rights\b", cue.text, re.IGNORECASE)]
    if sectioned:
        emit(clause, "rights_listed_only", sectioned[0], "rights_numbered")
        return
    if every:
        best = min(every, key=lambda cue: (cue.start, -len(cue)))  # "rights, privileges, or immunities ..."
        emit(clause, "rights_all_state_constitution", best,
             "rights_federal" if _federal_constitution_only(clause, best) else "rights")
        return
    # force named in a failure-to-intervene clause limits that clause, not the action; but a cause of
    # action that folds the failure in ("subjects ..., or knowingly permits another person to be subjected,
    # to the deprivation of a protected right") still names the rights it covers
    fti = bool(clause.of("FTI_FAIL", "FTI_DUTY"))
    if fti and not (clause.of("LIABLE") and DEPRIVE_WORDS & clause.words):
        return
    force = [] if fti else [cue for cue in clause.of("FORCE", "SEARCH") if not _EXAMPLE.search(
        cue.doc[max(clause.sent.start, cue.start - 6):cue.start].text)]  # "including an action alleging excessive force"
    listed = [cue for cue in clause.of("LISTED") if not _lists_something_else(cue)] + [
        cue for cue in clause.of("RIGHTS_ALL") if _names_one_right(cue)]
    if not _RIGHTS_CONTEXT & clause.words:
        # "Sections 2674 and 2680 of title 28 shall not apply to an action": numbered statute
        # sections, not a list of the constitution's provisions.
        listed = [cue for cue in listed if cue.id_ != "rights.numbered_provisions"]
    # "an unreasonable search or seizure in violation of article 1, section 4": the provision cited is where the
    # search right is written, not a further right
    listed = [cue for cue in listed if not (cue.id_ == "rights.numbered_provisions" and any(
        0 <= cue.start - f.end <= 6 for f in force))]
    if listed:
        emit(clause, "rights_listed_only", listed[0], "rights")
    elif force:
        emit(clause, "force_only", force[0], "rights")
    elif clause.of("LIABLE") and DEPRIVE_WORDS & clause.words:
        # "deprives a person of a covered right": the definition says which rights.
        defined = _definition_cues(clause, "RIGHTS_ALL", "LISTED", "FORCE", "SEARCH")
        every = [cue for cue in defined if cue.label_ == "RIGHTS_ALL" and not _names_one_right(cue)]
        # ("police officer as defined in sections 1.20 and 2.10 of the criminal procedure law" in the definition
        # of who is covered numbers statutes, not rights)
        listed = [cue for cue in defined if (cue.label_ == "LISTED" and (
            cue.id_ != "rights.numbered_provisions" or _RIGHTS_CONTEXT & {
                t.lower_ for t in sentence_at(cue.doc, cue.start)})) or (
            cue.label_ == "RIGHTS_ALL" and _names_one_right(cue))]
        force = [cue for cue in defined if cue.label_ in ("FORCE", "SEARCH") and not fti]
        if listed or (force and every):
            emit(clause, "rights_listed_only", (listed or force)[0], "rights_defined")
        elif every:
            emit(clause, "rights_all_state_constitution", every[0], "rights_defined")
        elif force:
            emit(clause, "force_only", force[0], "rights_defined")


#: The federal constitution named ("the Constitution of the United States", "the federal constitution")
#: and any sign of a state's ("this state", "the state constitution", "the Constitution of Nebraska").
_FEDERAL_CONSTITUTION = re.compile(r"\bunited\s+states\b|\bfederal\s+constitution|\bu\.\s?s\.\s+constitution", re.IGNORECASE)
_STATE_CONSTITUTION = re.compile(r"\b(?:this|the|such)\s+state\b|\bstate(?:'s)?\s+constitution|\bcommonwealth\b|\bterritory\b|"
                                 r"\b(?:" + "|".join(sorted(STATE_CODES, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _federal_constitution_only(clause: Clause, cue: Span) -> bool:
    """Whether the rights phrase names the federal constitution and no state's: "a right secured by the
    Constitution of the United States" (a state bill saying so does not reach its own constitution)."""
    text = cue.doc.text
    end = min(clause.sent.end_char, cue.end_char + 160)
    window = text[cue.start_char:end].split(";", 1)[0]
    return bool(_FEDERAL_CONSTITUTION.search(window)) and not _STATE_CONSTITUTION.search(window)


_LIMIT_WORDS = frozenset({"limit", "limits", "limitation", "limitations", "cap", "caps", "ceiling", "ceilings"})


#: "limit" and its kin used as verbs: negated, they lift a cap ("does not limit the amount of damages").
_LIMIT_VERBS = frozenset({"limit", "limits", "limiting", "capping", "restrict", "restricts", "restricting"})


#: Words of a cap kept inside an exception: "except that noneconomic damages may not exceed ...",
#: "except for the limit on punitive damages in section ...".
_CAP_IN_EXCEPTION = frozenset({"exceed", "limit", "limits", "limitation", "cap", "caps", "ceiling"})
_DAMAGE_WORDS = frozenset({"damages", "noneconomic", "punitive", "exemplary", "award", "recovery", "amount"})


def _cap_kept_in_exception(clause: Clause) -> bool:
    """An exception anywhere in the lifting clause that keeps a cap on some damages: "Except that
    an award for noneconomic loss shall not exceed ..., no limitation applies", "... do not apply,
    except the limit on noneconomic damages in ...", "; provided, however, that punitive damages
    shall not exceed ...". ("Except as provided in subsection (c)" keeps none.)"""
    lowers = [t.lower_ for t in clause.sent]
    for i, word in enumerate(lowers):
        if word not in ("except", "excepting") and not (
                word == "provided" and {"however", "that"} & set(lowers[i + 1:i + 3])):
            continue
        tail = lowers[i + 1:i + 20]
        if "exceed" in tail and "need" not in tail[:max(0, tail.index("exceed"))]:
            return True
        if _CAP_IN_EXCEPTION & set(tail) and _DAMAGE_WORDS & set(tail):
            return True
    return False


def _limits_kept_by_exception(clause: Clause, cue: Span) -> bool:
    """An "except"/"unless" after a lifting clause that puts limits back ("except that the limits
    in section X apply to ..."), or an exception that keeps a cap on some damages."""
    if _cap_kept_in_exception(clause):
        return True
    doc = clause.sent.doc
    for i in range(cue.end, clause.sent.end):
        if doc[i].lower_ in _EXCEPTION_WORDS:
            tail = [t.lower_ for t in doc[i + 1:min(clause.sent.end, i + 16)]]
            if {"defendant", "defendants"} & set(tail) or (
                    EMPLOYER_WORDS & set(tail[:6]) and {"is", "are", "against"} & set(tail[:6])):
                return True  # "... do not apply unless the defendant is the state": kept for some defendants
            if _LIMIT_WORDS & set(tail) and any(w in ("apply", "applies") for w in tail):
                k = next(k for k, w in enumerate(tail) if w in ("apply", "applies"))
                return "not" not in tail[max(0, k - 2):k]
            return False
    return False


#: Cues of the officer paying the employer back: whoever repays the employer is its employee, and
#: the employer has paid the judgment first.
_REPAYS_THE_EMPLOYER = frozenset({"accountability.repay_to_employer", "accountability.reimburse_employer",
                                  "accountability.recover_from_officer"})


def _officer_share_paid_by_employer(clause: Clause, emit: Emitter) -> bool:
    """The amount limited is the officer's own share and the employer pays the rest:
    "the officer shall contribute five percent ... whichever is less", "personally liable for not
    more than ...; the employer shall pay the balance", "shall reimburse the agency in an amount
    not to exceed ...". A limit on personal liability with nobody paying the rest stays a cap."""
    words = clause.words
    officer_side = bool(clause.of("PERSONAL")) or bool(
        {"contribute", "contribution", "reimburse", "personally", "personal"} & words)
    if not officer_side:
        return False
    employer_pays = bool({"remainder", "remaining", "balance", "rest", "reimburse", "contribute", "contribution"}
                         & words) or any(cue.id_ in _REPAYS_THE_EMPLOYER for cue in clause.of("PERSONAL")) or any(
        c.label_ in ("INDEMNIFY", "INDEMNIFY_PAY") and _mod(c)[0] == "mandatory" and not _mod(c)[1]
        for c in clause.of("INDEMNIFY", "INDEMNIFY_PAY"))
    # "The employing unit shall satisfy any judgment. The officer's personal liability shall not
    # exceed ...": the duty to pay in the sentence just before.
    employer_pays = employer_pays or any(
        span.label_ == "indemnify_mandatory" and clause.sent.start - 60 <= span.start < clause.sent.start
        and "employer_liable" not in source for span, source in zip(emit.spans, emit.sources))
    return employer_pays


#: "Division (C) of this section does not apply to an action brought under section 2307.65",
#: "The limitation in subsection (a) shall not apply to an action under section 1", "Subsections
#: (b) and (c) do not apply to a civil action pursuant to ...": a division lifted for one action.
_DIVISION_LIFTED = re.compile(
    r"\b(?:sub)?(?:sections?|divisions?|paragraphs?|subdivisions?|subparagraphs?)\s+"
    r"(?P<labels>(?:\([A-Za-z0-9]{1,4}\)|[A-Za-z0-9]{1,4})(?:\([A-Za-z0-9]{1,4}\))*"
    r"(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to|through)\s+)(?:\([A-Za-z0-9]{1,4}\)|[A-Za-z0-9]{1,4})(?:\([A-Za-z0-9]{1,4}\))*)*)\s*"
    r"(?:of\s+this\s+(?:section|subsection|chapter|article|part|title)\s+)?"
    r"(?:does|do|shall|will|may)\s+not\s+apply\s+to\s+(?:an?|any|the|such)\s+(?:civil\s+)?(?:action|claim|suit|proceeding)s?\s+"
    r"(?:brought\s+|filed\s+|commenced\s+)?(?:under|pursuant\s+to)\b", re.I)
#: "This section does not apply to an action under section 669A.2": the whole section lifted.
_SECTION_LIFTED = re.compile(
    r"\bthis\s+(?:section|subsection|chapter|article|paragraph|division)\s+(?:does|shall|will)\s+not\s+apply\s+to\s+"
    r"(?:an?|any|the|such)\s+(?:civil\s+)?(?:action|claim|suit|proceeding)s?\s+(?:brought\s+|filed\s+)?"
    r"(?:under|pursuant\s+to)\b", re.I)
#: "..., except that this limit shall not apply to an action under section 1": the cap's own
#: sentence lifts it for the bill's action.
_THIS_LIMIT_LIFTED = re.compile(
    r"\b(?:this|such|the|that)\s+(?:limit|limitation|cap|ceiling|maximum)s?\s+(?:does|do|shall|will)\s+not\s+apply\s+to\s+"
    r"(?:an?|any|the|such)\s+(?:civil\s+)?(?:action|claim|suit)s?\s+(?:brought\s+)?(?:under|pursuant\s+to)\b", re.I)
#: The enumerator that opens a division: "(C) ", "(A)(2) ", "A. ", "II. ", "3. " at a line or
#: sentence start (not "division (D)" inside the text).
_DIVISION_LABEL = re.compile(
    r"(?:^|\n|[.:;]\s+|--\s*|\)\s*)(?:\((?P<paren>[A-Za-z0-9]{1,4})\)|(?P<bare>[A-Z]|[IVXL]{1,4}|[0-9]{1,3})\.(?=\s))")
_LABEL_TOKEN = re.compile(r"[A-Za-z0-9]{1,4}")
#: How far back (characters) a lifting clause looks for the cap it names.
_LIFT_REACH = 2000


def _division_label(text: str, at: int) -> str | None:
    """The label of the division holding character ``at``: the last enumerator opening a line or
    sentence in the text before it."""
    last = None
    for m in _DIVISION_LABEL.finditer(text, max(0, at - 600), at):
        last = (m.group("paren") or m.group("bare")).lower()
    return last


def _lifts_a_cap_for_the_action(clause: Clause, emit: Emitter) -> Span | None:
    """A cap emitted earlier in the text that this clause switches off for an action under a named
    provision: by its label ("Division (C) of this section does not apply to an action brought
    under ...") or as the whole section ("This section does not apply to an action under ...").
    Returns the cap span, so the lifting is recorded against what it lifts."""
    if not {"apply", "applies"} & clause.words:
        return None  # both forms say "does not apply"; most clauses stop here, before the scan below
    doc = clause.sent.doc
    text = doc_text(doc)
    sent_text = clause.sent.text
    clause_start = clause.sent.start_char
    caps = [span for span in emit.spans if span.label_ == "cap_present"
            and clause_start - _LIFT_REACH <= span.start_char < clause_start]
    if not caps:
        return None
    match = _DIVISION_LIFTED.search(sent_text)
    if match:
        labels = {t.lower() for t in _LABEL_TOKEN.findall(match.group("labels"))} - {"and", "or", "to", "of"}
        for cap in reversed(caps):
            if _division_label(text, cap.start_char) in labels:
                return cap
        return None
    if _SECTION_LIFTED.search(sent_text):
        return caps[-1]
    return None


#: A statute named by its number: "ORS 30.271 to 30.273", "Section 466.04", "Code Section 50-21-29",
#: "N.J.S.59:9-2", "section 2 of chapter 258", "42 Pa.C.S. § 8553", "K.S.A. 75-6105".
_STATUTE_NUMBER = re.compile(r"\b\d+[.:-]\d|§\s*\d|\b(?:sections?|chapter|title|article)\s+\d", re.I)
#: The bill's action: "an action under this section", "claims brought pursuant to this chapter".
_ACTION = r"(?:an?\s+|any\s+|the\s+|such\s+|all\s+)?(?:civil\s+)?(?:actions?|claims?|suits?|proceedings?|causes?\s+of\s+action)\b"
#: "<statute> does not apply / is inapplicable / is not applicable to an action ...": the subject is set aside.
_NOT_APPLIED_TO_ACTION = re.compile(
    r"\b(?:(?:does|do|shall|will|may)\s+not\s+(?:apply|be\s+applicable)|(?:is|are|shall\s+be)\s+(?:not\s+applicable|"
    r"inapplicable))\s+to\s+" + _ACTION, re.I)
#: "<statute> applies / shall apply / is applicable to an action ...": the subject governs the action.
_APPLIED_TO_ACTION = re.compile(r"\b(?<!not\s)(?:applies|apply|(?:is|are|shall\s+be)\s+applicable)\s+to\s+" + _ACTION, re.I)
#: "An action under this section is (not) subject to / governed by <statute>": the statute follows the verb.
_ACTION_SUBJECT_TO = re.compile(
    r"\b(?:(?P<neg>(?:is|are|shall|will|may)\s+not\s+(?:be\s+)?)|(?:is|are|shall\s+be)\s+)"
    r"(?:subject\s+to|governed\s+by|limited\s+by)\s+", re.I)
_ACTION_WORDS = re.compile(r"\b(?:actions?|claims?|suits?|recovery|damages|judgments?)\b", re.I)
#: The end of the clause a subject sits in: "(3) ", "Subd. 3. Other law. ", "; ".
_CLAUSE_BREAK = re.compile(r"[.;:]\s+|--|\u2014")
_NEGATIVE_SUBJECT = re.compile(r"^\W*(?:no|nothing\s+in|neither)\b", re.I)


def _named_law_reference(clause: Clause, emit: Emitter) -> None:
    """A statute the bill names by number and sets aside for its action ("ORS 30.271 to 30.273 do
    not apply to an action under this section", "An action under this Code section shall not be
    subject to Code Section 50-21-29") or applies to it ("Section 101.023 applies to an action
    brought under this section"). Whether the statute is a damage cap is the jurisdiction's law
    (``corpus/jurisdictions/<code>.yaml``, ``cap_statutes``), which the criterion rule consults:
    the signal only records which law the bill switches off or on, on the words that name it."""
    sent = clause.sent
    text = sent.text
    found: list[tuple[str, int, int]] = []
    for pattern, signal in ((_NOT_APPLIED_TO_ACTION, "law_set_aside"), (_APPLIED_TO_ACTION, "law_applied")):
        match = pattern.search(text)
        if not match:
            continue
        lo = max(0, match.start() - 200)
        breaks = list(_CLAUSE_BREAK.finditer(text, lo, match.start()))
        lo = breaks[-1].end() if breaks else lo
        subject = text[lo:match.start()]
        if _STATUTE_NUMBER.search(subject) and not re.match(r"\W*this\b", subject, re.I):
            # "Notwithstanding Section 101.023 or any other law limiting damages, no such limitation shall
            # apply to an action": the verb's own subject (after the last comma) is negative
            own = subject.rsplit(",", 1)[-1]
            negative = _NEGATIVE_SUBJECT.search(subject) or _NEGATIVE_SUBJECT.search(own)
            found.append(("law_set_aside" if negative else signal, lo, match.start()))
    match = _ACTION_SUBJECT_TO.search(text)
    if match and _ACTION_WORDS.search(text, 0, match.start()):
        stop = _CLAUSE_BREAK.search(text, match.end())
        end = min(stop.start() if stop else len(text), match.end() + 160)
        if _STATUTE_NUMBER.search(text, match.end(), end):
            found.append(("law_set_aside" if match.group("neg") else "law_applied", match.end(), end))
    for signal, lo, hi in found:
        span = sent.doc.char_span(sent.start_char + lo, sent.start_char + hi, alignment_mode="expand")
        if span is not None and len(span):
            emit(clause, signal, Span(sent.doc, span.start, span.end, label="NAMED_LAW"), "named_law")


_WAIVER_WORDS = frozenset({"waive", "waives", "waived", "waiver", "waiving"})
#: Verbs a saving clause denies like a waiver: "Nothing in this article affects any immunity or limitation of
#: liability that applies to the State", "This act does not impair any limit on damages".
_SAVING_VERBS = frozenset({"affect", "affects", "impair", "impairs", "diminish", "diminishes", "alter", "alters",
                           "abrogate", "abrogates", "modify", "modifies"})
#: Verbs that take a limit away: before the limit ("removes every ceiling on damages") or after it
#: in the clause ("the limits on recovery ... are eliminated").
_REMOVING_VERBS = frozenset({"removes", "remove", "removing", "eliminates", "eliminate", "eliminating", "abolishes",
                             "abolish", "repeals", "repeal", "lifts", "lift"})
_REMOVED_WORDS = frozenset({"removed", "eliminated", "abolished", "repealed", "lifted"})


def _waiver_denied(clause: Clause, cue: Span) -> bool:
    """A saving clause: the waiver the cue rests on is denied ("Nothing in this Act shall be
    construed to waive the sovereign immunity of the State", "This section does not waive any
    limit on damages"): a negation stands before the waiver word, in the clause, before the cue."""
    doc = cue.doc
    before = [t.lower_ for t in doc[clause.sent.start:cue.end]]
    waiver = [i for i, w in enumerate(before) if w in _WAIVER_WORDS or w in _SAVING_VERBS]
    if not waiver:
        return False
    first = waiver[0]
    return "nothing" in before[max(0, first - 15):first] or any(
        w in ("not", "never", "n't") for w in before[max(0, first - 5):first])


#: A limit set aside by the words after it, or an award that the words before it protect from one.
_NOT_APPLIED = re.compile(r"\b(?:shall|may|must|will|do|does)\s+not\s+(?:be\s+applied|govern|control)\b"
                          r"|\bno\s+such\s+(?:limit|limitation|cap|ceiling|maximum)s?\s+(?:(?:shall|may|will)\s+)?(?:apply|applies|be\s+applied)\b",
                          re.IGNORECASE)
_NOT_REDUCED_BY = re.compile(r"\b(?:not\s+be|no\s+(?:\w+\s+){1,7}?(?:shall|may|will)\s+be)\s+(?:reduced|limited|capped|restricted)\s+by\b"
                             r"[^.;]{0,60}$", re.IGNORECASE)  # "No award under this section shall be limited by any law ..."


_LIMIT_NOUN = r"(?:limits?|limitations?|caps?|ceilings?|maximums?|maximum\s+amounts?)"
#: A cap set aside in words no other rule reads: "may recover damages in any amount, the limits of section
#: 12-820.04 notwithstanding", "are not subject to the maximum amounts set by", "the monetary limits of ...
#: shall not bar or reduce recovery", "shall not be reduced to conform to any limit on damages", "shall have no
#: application to", "may exceed the amounts specified in".
_CAP_SET_ASIDE = re.compile(
    r"\b" + _LIMIT_NOUN + r"\b[^.;]{0,60}?\bnotwithstanding\b"
    r"|\bnotwithstanding\s+(?:the\s+|any\s+)?(?:\w+\s+){0,2}?" + _LIMIT_NOUN + r"\b"
    r"|\bnot\s+subject\s+to\s+(?:the\s+|any\s+)?(?:\w+\s+){0,2}?" + _LIMIT_NOUN + r"\b"
    r"|\b" + _LIMIT_NOUN + r"\b[^.;]{0,80}?\b(?:shall|may|must|will|do|does)\s+not\s+(?:bar|reduce|restrict|limit)\b"
    r"|\b(?:shall|may|must|will)\s+not\s+be\s+reduced\s+to\s+(?:conform|comply)\b"
    r"|\b" + _LIMIT_NOUN + r"\b[^.;]{0,80}?\b(?:shall\s+)?ha(?:ve|s)\s+no\s+(?:application|effect)\b"
    r"|\bmay\s+exceed\s+the\s+(?:\w+\s+)?(?:amounts?|limits?|limitations?|maximums?)\b"
    r"|\brecover\w*\s+(?:damages\s+)?in\s+any\s+amount\b"
    # "do not extend to claims under this section", "without regard to any statutory cap", "is not subject to
    # chapter 12 of title 4, which limits the liability of public entities"
    r"|\b" + _LIMIT_NOUN + r"\b[^.;]{0,80}?\b(?:do|does|shall|will)\s+not\s+extend\s+to\b"
    r"|\bwithout\s+regard\s+to\s+(?:any\s+|the\s+)?(?:\w+\s+){0,2}?" + _LIMIT_NOUN + r"\b"
    r"|\bnot\s+subject\s+to\s+[^.;]{0,60}?\bwhich\s+(?:limits|caps|restricts)\b", re.IGNORECASE)
#: "The damages limitations of the Governmental Immunity Act extend to claims under this section".
_EXTENDED_TO_ACTION = re.compile(r"\bextends?\s+to\s+" + _ACTION, re.IGNORECASE)
_NOT = re.compile(r"\bnot\b", re.IGNORECASE)
#: "statute of limitations", "limitations period": time, not money.
_TIME_LIMIT = re.compile(r"\bstatutes?\s+of\s+limitations?\b|\blimitations?\s+period|\bperiod\s+of\s+limitations?\b"
                         r"|\btime\s+limits?\b", re.IGNORECASE)


def _cap_set_aside(clause: Clause) -> bool:
    text = clause.sent.text
    return bool(_CAP_SET_ASIDE.search(text)) and not _TIME_LIMIT.search(text) and bool(
        {"damages", "recovery", "recover", "award", "awards", "judgment", "judgments", "recoverable", "liability",
         "claim", "claims"} & clause.words)


def resolve_caps(clause: Clause, emit: Emitter) -> None:
    doc = clause.sent.doc
    words = clause.words
    if clause.of("LAW_REF_APPLY", "WITHDRAW"):
        _named_law_reference(clause, emit)
    if _lifts_a_cap_for_the_action(clause, emit) is not None:
        emit(clause, "caps_lifted", Span(doc, clause.sent.start, clause.sent.end, label="CAPS_LIFTED"), "caps_for_action")
    else:
        set_aside = clause.of("LIMITS_TERM", "CAP_PHRASE", "CAP_LIMIT", "LIMIT_REF")
        if set_aside and _cap_set_aside(clause) and not any(_waiver_denied(clause, cue) for cue in set_aside):
            emit(clause, "caps_lifted", set_aside[0], "caps_scope")
            return
        if clause.of("LIMIT_REF") and _EXTENDED_TO_ACTION.search(clause.sent.text) and not _NOT.search(clause.sent.text):
            # "The damages limitations of the Governmental Immunity Act extend to claims under this section"
            emit(clause, "cap_present", clause.of("LIMIT_REF")[0], "caps_scope")
    for cue in clause.of("LIMITS_TERM", "CAP_PHRASE"):
        # Lifted: "... limitations on liability ... do not apply", "notwithstanding any limit on
        # damages", "excludes ... statutory immunity" - about liability, not loans or fees.
        tail = {t.lower_ for t in doc[cue.end:clause.sent.end]}
        lifted = ("does_not_apply" in cue._.scope and bool({"apply", "applicable"} & tail)) or bool(
            {"waived", "waive", "abrogated", "inapplicable"} & tail)
        before = [doc[i].lower_ for i in range(max(clause.sent.start, cue.start - 6), cue.start)]
        lifting = set(before) & {"notwithstanding", "no", "without", "excludes", "waives", "waive", "waived"}
        if lifting & {"waives", "waive", "waived"} and "by" in before[max(before.index(w) for w in lifting
                                                                           if w in ("waives", "waive", "waived")):]:
            # "Except as waived by the Tort Claims Act, ... are immune": the Act is what waives, not what is waived
            lifting -= {"waives", "waive", "waived"}
        if lifting:
            lifted = True
        if set(before) & _REMOVING_VERBS or (tail & _REMOVED_WORDS and not {"not", "n't"} & tail):
            # "removes every statutory ceiling on damages", "limits on recovery ... are eliminated"
            lifted = not any(w in ("nothing", "not", "never", "n't") for w in
                             (t.lower_ for t in doc[clause.sent.start:cue.end]))
        if "subject" in before and {"not", "no"} & set(before[:before.index("subject")]):
            lifted = True  # "such an action is not subject to any statutory limitation on damages"
        elif (not lifted and "subject" in before and cue.label_ == "LIMITS_TERM" and LIABILITY_WORDS & words
              and not {"not", "no", "nothing", "never"} & {t.lower_ for t in doc[clause.sent.start:cue.start]}):
            # "Liability under this section is subject to the limitations on the amount of liability set forth in
            # Section 41-4-19": the cap is kept for the action
            emit(clause, "cap_present", cue, "caps_scope")
            continue
        if set(before) & {"assert", "raise", "invoke"} and any(
                t.lower_ in ("not", "no") for t in doc[clause.sent.start:cue.start]):
            lifted = True  # "may not assert any statutory immunity"
        if _NOT_APPLIED.search(doc[cue.end:clause.sent.end].text) or _NOT_REDUCED_BY.search(
                doc[clause.sent.start:cue.start].text):
            # "Any cap on damages ... shall not be applied to reduce an award", "the maximum amounts ...
            # do not govern an award", "An award ... may not be reduced by operation of any statutory limit"
            lifted = True
        if cue.id_ == "caps.not_limited":
            lifted = True  # "the amount recoverable ... is not limited", "Damages not limited."
        elif doc[cue.start].lower_ in _LIMIT_VERBS and any(t.lower_ in ("not", "n't", "never")
                                                    for t in doc[max(clause.sent.start, cue.start - 3):cue.start]):
            lifted = True  # "Section 466.04 does not limit the amount of damages ..."
        elif not lifted and {"apply", "applies"} & tail and not {"not", "n't"} & tail and {"no", "nothing"} & {
                t.lower_ for t in doc[max(clause.sent.start, cue.start - 12):cue.start]}:
            lifted = True  # "No provision of law limiting the amount of damages ... shall apply"
        if lifted and not (LIABILITY_WORDS & words or {"immunity", "immunities", "claims", "recoverable", "action",
                                                       "actions", "damage", "damages", "award", "awards"} & words):
            lifted = False
        if lifted and _waiver_denied(clause, cue):
            continue  # "Nothing in this section shall be construed to waive any limitation on damages": kept
        if lifted and _limits_kept_by_exception(clause, cue):
            # "... do not apply, except that the limits in [another law] apply to claims against
            # the state": a cap still applies to some claims.
            emit(clause, "cap_present", cue, "caps_exception")
        elif lifted:
            emit(clause, "caps_lifted", cue, "caps_scope")
        elif cue.label_ == "CAP_PHRASE":
            modality, negated, distance = _mod(cue)
            if not (negated and distance <= 3):
                emit(clause, "cap_present", cue, "caps_scope")
    for cue in clause.of("CAPS_LIFTED"):
        if not _waiver_denied(clause, cue):
            emit(clause, "caps_lifted", cue)
    amounts = clause.of("MONEY", "SHARE")
    if not amounts:
        return
    if NOT_LIABILITY_MONEY_WORDS & words and not ({"liability", "liable", "claimant"} & words):
        return
    if not (LIABILITY_WORDS & words):
        return
    limits = clause.of("CAP_LIMIT")
    if _officer_share_paid_by_employer(clause, emit):
        return  # RUBRIC.md: a limit on the officer's own share is not a cap on what the victim recovers
    for money in amounts:
        before = {t.lower_ for t in doc[max(clause.sent.start, money.start - 12):money.start]}
        if before & PENALTY_WORDS:
            continue  # "a criminal penalty of up to $100,000" limits a fine, not recovery
        near = [lim for lim in limits if 0 <= money.start - lim.end <= 10 or 0 <= lim.start - money.end <= 6]
        # "$25,000 for each violation" alone is an amount, not a ceiling; "per claimant" is.
        if near or money._.per in ("claimant", "occurrence"):
            start = min([money.start] + [lim.start for lim in near])
            end = max([money.end] + [lim.end for lim in near])
            if _THIS_LIMIT_LIFTED.search(doc_text(doc)[doc[money.end].idx:clause.sent.end_char]
                                         if money.end < len(doc) else ""):
                emit(clause, "caps_lifted", money, "caps_for_action", start=start, end=end)
            else:
                emit(clause, "cap_present", money, "money", start=start, end=end)
            return


def _litigation_intervention(cue: Span) -> bool:
    doc = cue.doc
    before = doc[max(0, cue.start - 3):cue.start]
    after = doc[cue.end:min(len(doc), cue.end + 4)]
    # "a right to intervene", "motion to intervene"; not "... a constitutional right is obligated to
    # intervene" or "... a constitutional right shall step in", where the cue holds its own modal.
    # ("... deprive a person of such a right and fails to intervene": a conjunction between them starts another
    # verb, so "right" is not the standing to intervene)
    standing = [t for t in before if t.lower_ in STANDING_WORDS]
    if cue.id_ not in ("intervene.shall_intervene", "intervene.shall_step_in", "intervene.duty_to_stop") and standing and not any(
            t.lower_ in ("and", "or", ",", ";") for t in doc[standing[-1].i + 1:cue.start]):
        return True
    return any(t.lower_ in LITIGATION_WORDS for t in after) and any(t.lower_ in ("in", "into") for t in after)


#: Verbs of the principal's own deprivation in a cause-of-action clause.
DEPRIVE_WORDS = frozenset({"deprive", "deprives", "deprived", "depriving", "subjects", "subject", "violates",
                           "violate", "violated", "infringes", "infringe", "infringed", "interferes"})
#: Liability cues that make a failure-to-intervene clause a source of civil liability.
_FTI_LIABLE_IDS = frozenset({"coverage.liable", "coverage.subjects_or_causes", "coverage.cause_of_action",
                             "coverage.bring_an_action", "coverage.claims_against", "coverage.sue"})


def _local_start(clause: Clause, i: int) -> int:
    """Start of the enumerated unit holding token ``i`` inside a clause that runs several units
    together ("... this section. c. A law enforcement officer who ..."): the last ". c." /
    ". (3)" boundary before ``i``, else the clause start."""
    doc = clause.sent.doc
    for j in range(i - 1, clause.sent.start + 1, -1):
        prev = doc[j - 1].text
        if prev not in (".", ";", ".--"):
            continue
        t = doc[j].text
        if len(t) <= 3 and t.isalnum() and j + 1 < i and doc[j + 1].text == ".":
            return j
        if 2 <= len(t) <= 4 and t.endswith(".") and t[:-1].isalnum():
            return j  # "c." is one token
        if t == "(" and j + 2 < i and doc[j + 2].text == ")" and len(doc[j + 1].text) <= 4:
            return j
    return clause.sent.start


#: Words naming a second actor whose deprivation a bystander fails to prevent.
_OTHER_ACTOR_WORDS = frozenset({"another", "other", "fellow", "second"})
#: "other" before these names a body or a thing ("any other political subdivision"), not an actor.
_NOT_AN_ACTOR_AFTER_OTHER = frozenset({
    "political", "subdivision", "subdivisions", "governmental", "government", "public", "entity", "entities",
    "municipality", "municipalities", "jurisdiction", "state", "states", "law", "laws", "provision", "provisions",
    "right", "rights", "relief", "remedy", "remedies", "body", "bodies", "agency", "agencies", "unit", "units"})
#: Verbs whose object "another (person)" is the injured person, not a second actor.
_VICTIM_VERBS = frozenset({"deprives", "deprive", "deprived", "depriving", "subjects", "subject", "subjected",
                           "causes", "cause", "injures", "injure", "against"})


def _other_actors(lowers: list[str]) -> bool:
    """Whether the words name a second actor ("another officer", "a fellow deputy"): not the victim
    ("deprives another person of", "subjects another to"), nor a body ("any other political subdivision")."""
    for k, word in enumerate(lowers):
        if word not in _OTHER_ACTOR_WORDS:
            continue
        if word == "other" and lowers[k + 1:k + 2] and lowers[k + 1] in _NOT_AN_ACTOR_AFTER_OTHER:
            continue
        if _VICTIM_VERBS & set(lowers[max(0, k - 2):k]):
            continue
        return True
    return False


#: Actors who are not public officials, even when armed or called "officer".
_PRIVATE_ACTOR_WORDS = frozenset({"guard", "guards", "bouncer", "bouncers", "licensee", "licensees"})
_PRIVATE_BODY_WORDS = frozenset({"security", "company", "companies", "firm", "firms", "hospital", "hospitals",
                                 "agency", "agencies", "employer", "employers", "investigator", "investigators",
                                 "business", "businesses", "detective"})


def _bail_agent(cue: Span) -> bool:
    """"a licensed bail enforcement agent" is a bounty hunter, not a law-enforcement officer."""
    return cue.start > 0 and cue.doc[cue.start - 1].lower_ in ("bail", "bond") or cue.text.lower().startswith("bail ")


def _private_actor(clause: Clause) -> bool:
    """The clause is about private actors: security guards, bouncers, licensees, "private security",
    bail enforcement agents."""
    if _PRIVATE_ACTOR_WORDS & clause.words:
        return True
    tokens = [t.lower_ for t in clause.sent]
    if any(_bail_agent(cue) for cue in clause.of("POLICE")) or any(
            w in ("bail", "bond") and k + 1 < len(tokens)
            and tokens[k + 1] in ("enforcement", "recovery", "agent", "agents", "bondsman", "bondsmen")
            for k, w in enumerate(tokens)):
        return True
    return any(w == "private" and k + 1 < len(tokens) and tokens[k + 1] in _PRIVATE_BODY_WORDS
               for k, w in enumerate(tokens))


def _names_defendants(lead_in: Clause) -> bool:
    """Whether a lead-in opens a list of defendants: "... against", "may sue"."""
    return "against" in lead_in.words or bool({"sue", "sued"} & lead_in.words)


def _fti_folded(clause: Clause, cue: Span) -> bool:
    """Whether a failure to intervene is folded into the principal's cause of action.

    RUBRIC.md (2026-12-03): "subjects or causes to be subjected, including failing to
    intervene", "or allows another to deprive", "and against any other officer who ... failed
    to prevent" are partial; a provision whose subject is the bystander officer is yes. Folded
    when the failure is an alternative of the principal's act: an "allows another to ..." verb,
    an "including" right before it, an action "against any other" officer, or the principal's
    own deprivation verb earlier in the clause (not one done by "another officer").
    """
    doc = cue.doc
    if cue.id_ in ("intervene.allows_another", "intervene.allows_deprivation", "intervene.allows_to_be_deprived",
                   "intervene.acquiesces_in_deprivation"):
        # "deprives a person ..., or permits another officer to do so": an alternative of the principal's act;
        # "A trooper who, being present, permits another trooper to deprive ... is liable": the bystander is
        # the provision's own subject
        own = {t.lower_ for t in doc[_local_start(clause, cue.start):cue.start]}
        return bool(own & (DEPRIVE_WORDS | {"causes", "cause", "caused", "subjects", "commits"})) or "or" in own
    before = [t for t in doc[max(clause.sent.start, cue.start - 4):cue.start] if not t.is_space]
    if any(t.lower_ == "including" for t in before):
        return True
    lowers = [t.lower_ for t in doc[_local_start(clause, cue.start):cue.start]]
    if clause.parent is not None and _names_defendants(clause.parent) and any(
            a in ("any", "each", "every") and b in ("other", "another") for a, b in zip(lowers, lowers[1:])):
        return True  # an item of an action "against: (1) the officer ...; (2) any other officer who ..."
    for k, lower in enumerate(lowers):
        if lower == "against" and any(w in ("other", "another", "such") for w in lowers[k + 1:k + 4]):
            return True  # "... and against any other / any such person who was present ..."
        # The deprivation is the principal's unless another actor is its subject: "is present when
        # another person acting under color of law deprives", "while a second officer ... deprives"
        # (bounded gaps: 10 tokens back for the other actor, 12 for the subordinator).
        # A subordinator counts only when a new subject follows it ("while a ...", not "while acting").
        # ("is present when another officer interferes by threats, intimidation or coercion with, or deprives":
        # the other actor may stand up to 16 tokens back, behind a first verb)
        if lower in DEPRIVE_WORDS and not _other_actors(lowers[max(0, k - 16):k]) and not any(
                w in ("when", "while", "whenever") and lowers[j + 1:j + 2] in (["a"], ["an"], ["any"], ["another"])
                for j, w in enumerate(lowers[:k]) if j >= k - 16):
            return True
    # "..., and any officer who, while present and able, fails to prevent such conduct": the failure
    # points back ("such", "doing so", "that conduct") to the principal's act earlier in the clause,
    # whatever its verb ("conducts an unreasonable search", "uses excessive force"), when no other
    # actor was named before it (an own provision says "another officer ... deprives").
    after = [t.lower_ for t in doc[cue.end:min(clause.sent.end, cue.end + 8)]]
    # ("fails to prevent it"; not "having a reasonable opportunity to stop it", a condition)
    it = after[:1] == ["it"] and cue.id_ not in ("intervene.chance_to_prevent", "intervene.opportunity_to_intervene",
                                                 "intervene.position_to_prevent")
    points_back = "such" in after or it or ("doing" in after and "so" in after) or any(
        a == "that" and b in ("conduct", "act", "use", "violation", "deprivation") for a, b in zip(after, after[1:]))
    return points_back and not _other_actors(lowers) and any(w == "who" for w in lowers[:-1])


#: Conduct other than force in the list a folded failure-to-prevent clause refers to ("conducts an
#: unreasonable search or seizure ... or uses excessive force, and any officer who fails to prevent
#: such conduct"): the failure reaches more than force. A search or arrest only mentioned as the
#: occasion of force ("excessive force in making an arrest") carries no modifier of its own.
_OTHER_CONDUCT = re.compile(
    r"\b(?:unreasonabl[ey]|unlawful(?:ly)?|illegal(?:ly)?|wrongful(?:ly)?|warrantless)\s+(?:\w+\s+){0,2}?"
    r"(?:search|seiz|arrest|detain|detention|entr|stop)\w*"
    r"|\b(?:search|seiz)\w*\b[^.;]{0,60}?\b(?:without\s+(?:lawful\s+authority|a\s+warrant|probable\s+cause)|in\s+violation\s+of)"
    r"|\b(?:invasion\s+of|invades?)\s+(?:\w+\s+){0,2}?privacy", re.I)


#: What an officer steps in to stop: another officer's deprivation, force or misconduct ("step in" alone
#: also means taking over a duty or directing traffic).
_MISCONDUCT_TO_STOP = re.compile(
    r"\b(?:another|other|fellow)\s+(?:\w+\s+)?(?:officers?|deput(?:y|ies)|troopers?|agents?|employees?|personnel)\b"
    r"|\bforce\b|\bviolat\w*|\bdepriv\w*|\bmisconduct\b|\brights?\b|\babuse\w*", re.IGNORECASE)


_ANOTHER_OFFICER = re.compile(
    r"\b(?:another|other|fellow|second)\s+(?:\w+\s+){0,2}?(?:officers?|deput(?:y|ies)|troopers?|jailers?|constables?|agents?"
    r"|employees?|personnel)\b", re.IGNORECASE)
_WRONG_TO_STOP = re.compile(r"\bforce\b|\bviolat\w*|\bdepriv\w*|\bmisconduct\b|\brights?\b|\babus\w*|\bunlawful\w*|\bbrutality\b"
                            r"|\bunconstitutional\w*|\billegal\w*",
                            re.IGNORECASE)


def _another_officers_wrong(text: str) -> bool:
    """Whether the sentence names another officer and a wrong to stop ("another officer using excessive force")."""
    return bool(_ANOTHER_OFFICER.search(text) and _WRONG_TO_STOP.search(text))


#: Failure cues that name no wrong of their own ("could have prevented", "in a position to stop", "takes no step
#: to do so"): a failure to intervene only against another officer's (or a witnessed) wrong, not "the escape of a
#: detainee".
_WITNESSING = frozenset({"witness", "witnesses", "witnessed", "observes", "observed", "sees", "saw", "present"})
_BARE_PREVENTION = frozenset({"intervene.could_have_stopped", "intervene.position_to_prevent",
                              "intervene.takes_no_step_to_do_so", "intervene.not_attempt_to_stop",
                              "intervene.fail_to_protect_from"})


def resolve_intervene(clause: Clause, emit: Emitter) -> None:
    cues = [cue for cue in clause.of("FTI_FAIL", "FTI_DUTY") if not _litigation_intervention(cue)]
    if any(cue.id_ in _BARE_PREVENTION for cue in cues) and not (_another_officers_wrong(clause.sent.text) or (
            _WRONG_TO_STOP.search(clause.sent.text) and (clause.of("FTI_WITNESS") or _WITNESSING & clause.words))):
        cues = [cue for cue in cues if cue.id_ not in _BARE_PREVENTION]
    witness = clause.of("FTI_WITNESS")
    if not cues and not witness:
        return
    if "whether" in clause.words and ({"should", "study", "studies", "examine", "consider"} & clause.words):
        return  # "to study whether officers who fail to intervene should be liable" enacts nothing
    if {"study", "studies"} & clause.words and not clause.of("LIABLE"):
        return  # "shall study the adoption of a duty to intervene" imposes no duty
    police = [cue for cue in clause.of("POLICE") if not _bail_agent(cue)]
    if _private_actor(clause) and not police and not clause.of("ALL_PUBLIC"):
        return  # "an armed security guard of a private agency shall intervene": no official's duty
    first = min(cue.start for cue in cues + witness)
    before = [t.lower_ for t in clause.sent.doc[clause.sent.start:first]]
    if "construed" in before and {"nothing", "not", "no"} & set(before[:before.index("construed")]):
        return  # "Nothing in this Act shall be construed to affect ... any duty to intervene": a rule of construction
    liable = any(cue.id_ in _FTI_LIABLE_IDS for cue in clause.of("LIABLE")) or bool(clause.of("PERSONAL"))
    # "An action may be brought against the officer and against any other officer who ... failed to prevent"
    liable = liable or {"action", "brought", "against"} <= clause.words
    # "may bring a civil action ... against: (1) the officer ...; and (2) any other officer who ... failed to"
    liable = liable or (clause.parent is not None and _names_defendants(clause.parent)
                        and bool({"action", "sue", "sued"} & clause.parent.words))
    failures = [cue for cue in cues if cue.label_ == "FTI_FAIL"]
    if liable and failures:
        negated = any(_mod(c)[1] and _mod(c)[2] <= 3 for c in clause.of("LIABLE"))
        if not negated:
            cue = failures[0]
            # The unit the failure sits in, when one clause runs several lettered units together.
            doc = clause.sent.doc
            local = {t.lower_ for t in doc[_local_start(clause, cue.start):clause.sent.end]}
            # The resolver name records how the clause reads (criteria.rule_failure_to_intervene):
            # folded into the cause of action, limited to force, or a provision of its own.
            if (clause.of("FORCE") or "force" in local) and not ({"right", "rights"} & local) and not (
                    _OTHER_CONDUCT.search(doc[_local_start(clause, cue.start):clause.sent.end].text)):
                resolver = "intervene_force"
            elif _fti_folded(clause, cue):
                resolver = "intervene_folded"
            else:
                resolver = "intervene"
            emit(clause, "fti_liability", cue, resolver)
            return
    officers = bool(clause.of("POLICE") or {"force", "officer", "officers", "personnel", "agent", "agents", "trooper",
                                            "troopers", "deputy", "deputies", "jailer", "jailers", "constable",
                                            "constables", "marshal", "marshals"} & clause.words) or (
        # "A covered employee who witnesses another covered employee engaging in a deprivation shall ... intervene"
        _another_officers_wrong(clause.sent.text))
    for cue in cues:
        modality, negated, distance = _mod(cue)
        if negated and distance <= 3:
            continue
        if cue.start > clause.sent.start and clause.sent.doc[cue.start - 1].lower_ in ("no", "not", "never"):
            continue  # "has no duty to step in", "not obligated to intervene"
        if cue.id_ == "intervene.shall_step_in" and not _MISCONDUCT_TO_STOP.search(clause.sent.text):
            continue  # "shall step in to direct traffic", "designate a deputy to step in when the chief is absent"
        if cue.id_ in ("intervene.duty_to_stop", "intervene.take_action_to_stop") and not _another_officers_wrong(
                clause.sent.text):
            # "take reasonable steps to prevent the escape of a person", "must take action to stop the spread of a
            # fire": a duty to stop is a duty to intervene only against another officer's wrong
            continue
        inside_failure = any(f.start <= cue.start and cue.end <= f.end for f in clause.of("FTI_FAIL"))
        if cue.id_ == "intervene.duty_to_intervene" and not inside_failure:
            # A duty to intervene named by the text: imposed, trained on, or a heading (rule G1).
            emit(clause, "fti_duty_only", cue, "intervene")
            return
        asserted = modality == "mandatory" and officers
        if cue.id_ in ("intervene.shall_intervene", "intervene.shall_step_in", "intervene.duty_to_stop") and officers \
                and not negated:
            # the cue holds its own modal: "is obligated to intervene", "has a duty to step in"
            asserted = True
        if cue.label_ == "FTI_FAIL" and modality != "mandatory":
            asserted = bool(clause.of("DISCIPLINE"))  # "fails to intervene ... is subject to discipline"
        if cue.id_ == "intervene.allows_another" or (cue.id_ == "intervene.stands_by" and not liable):
            asserted = False  # an alternative of a cause of action, not a duty
        if asserted:
            emit(clause, "fti_duty_only", cue, "intervene")
            return
    # "an officer who is present when another officer violates a protected right, and who does not attempt to stop
    # the violation, shall report the violation": the bystander's failure, answered by a duty to report
    bystander = [cue for cue in cues if cue.label_ == "FTI_FAIL"] if _ANOTHER_OFFICER.search(clause.sent.text) else []
    for cue in witness + bystander:
        # "an officer who observes another officer violating ... shall report it": report only
        if _WRONG_TO_STOP.search(clause.sent.text) and _must_report(clause):
            emit(clause, "fti_duty_only", cue, "intervene_report")
            return


#: Words that put a duty on the report that follows them ("has a duty to report", "is obligated to notify").
_REPORT_DUTY_WORDS = frozenset({"duty", "obligated", "obliged", "obligation"})


def _must_report(clause: Clause) -> bool:
    """Whether the sentence obliges someone to report: "shall report", "is required to file a written report",
    "has a duty to report", "It shall be the duty of every officer who observes ... to report"."""
    sent = clause.sent
    for token in sent:
        if token.lower_ not in ("report", "notify", "inform"):
            continue
        modality, negated = modality_of(sent.doc[token.i:token.i + 1], sent)
        if modality == "mandatory" and not negated:
            return True
        before = [t.lower_ for t in sent.doc[sent.start:token.i]]
        duty = [i for i, word in enumerate(before) if word in _REPORT_DUTY_WORDS]
        if duty and not {"no", "not", "never"} & set(before[max(0, duty[-1] - 3):duty[-1]]):
            return True  # "has a duty to report", not "has no duty to report"
    return False


RECOVERY_WORDS = frozenset({"reimbursement", "reimburse", "reimbursed", "recover", "recoup", "repay", "contribute",
                            "contribution", "remainder", "balance", "rest"})


def resolve_employer_liability(clause: Clause, emit: Emitter) -> None:
    """Respondeat superior: "A public entity is liable for a violation of this section by its
    employee", "vicariously liable", "regardless of whether the officer would be immune".

    RUBRIC.md: employer liability without indemnification is partial for full compensation; it
    is recorded as ``indemnify_mandatory`` from the ``employer_liable`` resolver so the rule can
    tell it from a duty to pay the officer's judgment.
    """
    if clause.of("INDEMNIFY", "INDEMNIFY_PAY") or CRIMINAL_WORDS & clause.words:
        return
    doc = clause.sent.doc
    for cue in clause.of("EMPLOYER_LIABLE") + [c for c in clause.of("LIABLE") if c.id_ == "coverage.liable"]:
        if cue.label_ == "LIABLE" or cue.id_ == "indemnify.answerable":
            if doc[cue.start].lower_ not in ("liable", "answerable"):
                continue
            modality, negated, _ = _mod(cue)
            if negated or any(t.lower_ in ("not", "never") for t in doc[max(clause.sent.start, cue.start - 5):cue.start]):
                continue  # "is not jointly or severally liable with the officer"
            subject = None
            for t in doc[clause.sent.start:cue.start]:
                if t.lower_ in EMPLOYER_WORDS and t.lower_ not in ("state",):
                    subject = subject or "employer"
                elif t.lower_ == "state" and subject is None and (t.i + 1 >= len(doc) or doc[t.i + 1].lower_ in (
                        "or", "shall", "is", "and")):
                    subject = "employer"
                elif t.lower_ in OFFICIAL_WORDS | {"person", "persons", "individual"}:
                    subject = subject or "official"
            after = {t.lower_ for t in doc[cue.end:min(clause.sent.end, cue.end + 16)]}
            before = {t.lower_ for t in doc[clause.sent.start:cue.start]}
            if subject == "employer" and {"jointly", "severally"} & before and OFFICIAL_WORDS & before:
                after |= OFFICIAL_WORDS & before  # "The employer and the officer are jointly and severally liable"
            if subject != "employer" or not (OFFICIAL_WORDS & after or {"acts", "act", "conduct", "member", "members",
                                                                        "police", "actor", "actors", "servant",
                                                                        "servants"} & after):
                continue
        emit(clause, "indemnify_mandatory", cue, "employer_liable")
        return


def _employer_subject(cue: Span, clause: Clause) -> bool:
    doc = cue.doc
    if cue.id_ == "indemnify.paid_from_employer_funds":
        # "shall be paid from the funds of the employing municipality": the payer follows the verb
        return any(t.lower_ in EMPLOYER_WORDS or t.lower_ in ("employing", "employer")
                   for t in doc[cue.end:min(clause.sent.end, cue.end + 6)])
    if cue.id_ == "indemnify.judgment_fund":
        return True  # the Judgment Fund (31 U.S.C. 1304) is the United States' own appropriation for judgments
    before = doc[max(clause.sent.start, cue.start - 14):cue.start]
    return any(t.lower_ in EMPLOYER_WORDS for t in before) or any(
        t.lower_ == "united" and t.i + 1 < cue.start and doc[t.i + 1].lower_ == "states" for t in before)


#: After "Such indemnification shall not ...", verbs that shield the payment instead of denying it
#: ("shall not depend on any finding", "shall not be conditioned upon", "shall not be reduced").
_SHIELDING_VERBS = frozenset({"depend", "turn", "hinge", "rest", "conditioned", "contingent", "reduced", "delayed",
                              "diminished", "offset", "affected", "limited", "require", "requires", "required"})


def _shields_the_payment(cue: Span, clause: Clause) -> bool:
    """"the indemnification shall not be conditioned on any finding about the officer's good faith": the "not"
    shields the payment named by the cue; it refuses nothing."""
    after = [t.lower_ for t in cue.doc[cue.end:min(clause.sent.end, cue.end + 5)] if not t.is_space]
    return "not" in after[:4] and _qualifies_not_denies(after)


def _qualifies_not_denies(after: list[str]) -> bool:
    k = after.index("not")
    following = [w for w in after[k + 1:k + 3] if w != "be"]
    return bool(following) and following[0] in _SHIELDING_VERBS


#: Punitive damages left out of a payment duty.
_PUNITIVE_EXCLUDED = re.compile(
    r"\b(?:except(?:\s+that)?|other\s+than|excluding|exclusive\s+of|not\s+including|but\s+not)\b[^.;]{0,60}?\bpunitive\b"
    r"|\bneed\s+not\s+pay\s+(?:any\s+)?(?:\w+\s+)?punitive|\bshall\s+not\s+(?:be\s+required\s+to\s+)?pay\s+(?:any\s+)?punitive"
    r"|\bcompensatory\s+(?:damages\s+)?(?:portion|part|share|component)\b|\bonly\s+(?:the\s+)?compensatory\b",
    re.IGNORECASE)


#: A limit on what the payer pays: an amount ("not more than $500,000", "up to $250,000", "the first $100,000"),
#: the payer's insurance or appropriation, or another section's limits.
_PAYMENT_LIMIT = re.compile(
    r"\b(?:not\s+(?:more|greater)\s+than|no\s+more\s+than|up\s+to|not\s+to\s+exceed|(?:shall|may|must)\s+not\s+exceed"
    r"|in\s+excess\s+of|a\s+maximum\s+of|the\s+first|not\s+exceeding|limited\s+to)\s+\$\s?\d"
    # "up to the amount set forth in section 41.035", "to the extent of the limits in the Tort Claims Act",
    # "to a maximum of", "subject to a limit of $200,000", "may not exceed the amount appropriated"
    r"|\bup\s+to\s+the\s+(?:\w+\s+){0,2}?(?:amounts?|limits?|maximums?)\b"
    r"|\bto\s+the\s+extent\s+of\s+the\s+(?:\w+\s+){0,3}?(?:limits?|caps?|maximums?)\b"
    r"|\bto\s+a\s+maximum\s+of\b|\blimited\s+to\s+the\s+(?:amount|sum)\b"
    r"|\bsubject\s+to\s+a\s+(?:\w+\s+)?(?:limit|cap|maximum)\s+of\b"
    r"|\b(?:shall|may|must)\s+not\s+exceed\s+the\s+(?:amount|sum|limit)"
    r"|\b(?:only\s+)?to\s+the\s+extent\s+of\s+(?:the\s+|its\s+|their\s+)?(?:\w+(?:'s)?\s+){0,2}?"
    r"(?:insurance|coverage|appropriat\w*|funds?\s+available|available\s+funds)"
    r"|\bonly\s+to\s+the\s+extent\s+(?:that\s+)?(?:funds|money|moneys|the\s+amount)\b"
    r"|\bsubject\s+to\s+the\s+(?:\w+\s+){0,2}?(?:limits?|limitations?|caps?|maximums?)\s+(?:on|of|in|under|set)\b"
    r"|\bsubject\s+to\s+(?:the\s+)?(?:availability\s+of\s+)?(?:appropriations?|available\s+funds|funds\s+available|funds)\b", re.IGNORECASE)
#: The officer, not the payer, owes what is above the limit: "..., and the officer shall pay the balance".
_OFFICER_PAYS_THE_REST = re.compile(r"\b(?:officer|employee|deputy|trooper|agent|official)s?\s+(?:shall|must|is\s+to)\s+"
                                    r"(?:pay|bear|satisfy)\s+(?:the|any)\s+(?:balance|remainder|rest|excess)\b", re.IGNORECASE)
#: After a duty to pay, words that withhold it in some cases: "not required to indemnify an officer who ...", "unless the
#: officer's employment was terminated for ...". Conditions of procedure (cooperation, notice, a request) and the scope
#: of employment withhold nothing from the victim of the bill's own action.
_WITHHELD_IN_SOME_CASES = re.compile(
    r"\bnot\s+(?:be\s+)?required\s+to\s+(?:indemnify|pay|satisfy|defend)\b"
    r"|\bunless\s+(?!(?:the\s+)?(?:officer|employee|deputy)\s+(?:fails?|refuses?)\s+to\s+(?:cooperat|notif|give|request))"
    r"(?![^.;]{0,80}\b(?:cooperat\w*|notice|notif\w*|request\w*|scope\s+of)\b)[^.;]{0,120}", re.IGNORECASE)
#: Words that lift any such limit: "without limitation", "regardless of any limit".
_NO_PAYMENT_LIMIT = re.compile(r"\bwithout\s+(?:any\s+)?(?:limit|limitation|cap)\b|\bnotwithstanding\s+any\s+(?:\w+\s+){0,2}?"
                               r"(?:limit|limitation|cap)|\bregardless\s+of\s+any\s+(?:\w+\s+){0,2}?(?:limit|cap)", re.IGNORECASE)
#: Cues that state who pays without a modal: "is an obligation of the state", "payable by the entity".
_PAYER_STATED = frozenset({"indemnify.obligation_of_employer", "indemnify.borne_by_employer"})


def resolve_indemnify(clause: Clause, emit: Emitter) -> None:
    cues = clause.of("INDEMNIFY", "INDEMNIFY_PAY")
    if any(cue.id_ == "accountability.officer_not_employer_pays" for cue in clause.of("PERSONAL")):
        # "The officer, and not the employing agency, shall pay any judgment": the officer pays, the employer does not
        cues = []
    clawback = clause.of("CLAWBACK")
    removed = clause.of("INDEMNIFY_REMOVED")
    if not cues and not clawback and not removed:
        return
    words = clause.words
    if any(c.id_ in ("indemnify.pay_list", "indemnify.responsible_list") for c in cues):
        # "The employing agency shall pay: (1) the full amount of any judgment against the officer
        # under this chapter; (2) ...": what is paid is in the lead-in's list
        words = words | (clause.window_words & {"judgment", "judgments", "settlement", "settlements", "full", "this"})
    # "The employing agency shall pay any judgment under this section": the employer pays the
    # act's judgments even when the sentence does not name the officer again.
    pays_act_judgments = any(c.label_ == "INDEMNIFY_PAY" and _employer_subject(c, clause) for c in cues) and bool(
        {"judgment", "judgments"} & words and ({"this", "full"} & words))
    # "The governmental entity that employs a covered individual shall indemnify the covered
    # individual for ... any judgment": a public employer paying its own actor's judgments, whatever
    # the bill calls the actor ("covered individual", "public servant").
    public_payer = any(_employer_subject(c, clause) for c in cues) and bool(
        _PUBLIC_EMPLOYER_WORDS & words and {"judgment", "judgments", "settlement", "settlements"} & words)
    if not (OFFICIAL_WORDS & words or clause.of("POLICE", "ALL_PUBLIC") or pays_act_judgments or public_payer):
        return
    if {"corporation", "corporate", "shareholder", "shareholders"} & words and not clause.of("POLICE", "ALL_PUBLIC") and not (
            _PUBLIC_CORPORATION.search(clause.sent.text) and not {"corporate", "shareholder", "shareholders"} & words):
        return  # a corporation indemnifying its directors (a "public corporation" of a government is a public payer)
    exception = any(kind in cue._.scope for cue in cues + clawback
                    for kind in ("except", "unless", "if", "in_the_event", "provided", "only_if", "where"))
    # "cooperates in good faith in the defense": good faith of the officer's cooperation, a procedural condition
    conduct_faith = [c for c in clause.of("GOOD_FAITH") if not any(
        t.lower_.startswith("cooperat") for t in c.doc[max(clause.sent.start, c.start - 4):min(clause.sent.end, c.end + 3)])]
    bad = bool(clause.of("BAD_ACT")) or (bool(conduct_faith) and exception)
    # RUBRIC.md (2026-12-03): the question is whether the victim is paid in full. An officer's
    # own share ("five percent of the judgment ..., and the employer shall pay the remainder") or
    # the employer's recovery from the officer afterwards ("may seek reimbursement from the
    # officer if ... malice") limits what the officer keeps, not what the victim receives.
    officer_share = bool(RECOVERY_WORDS & words or clause.of("SHARE", "CLAWBACK")
                         or ({"percent", "%"} & words and {"judgment", "settlement"} & words))
    if clawback and not cues:
        return
    refused = [c for c in cues if _mod(c)[1] and _mod(c)[2] <= 3
               and (c.label_ != "INDEMNIFY_PAY" or _employer_subject(c, clause)) and not _shields_the_payment(c, clause)]
    granted = [c for c in cues if not _mod(c)[1] and _mod(c)[0] == "mandatory" and c not in refused]
    if granted and not officer_share and _PUNITIVE_EXCLUDED.search(clause.sent.text):
        # "shall pay any judgment ..., except that the employer need not pay punitive damages": part of the
        # award is left to the officer, so the victim is not paid in full through the employer
        emit(clause, "indemnify_carveout", granted[0], "indemnify_scope")
        return
    if granted and _PAYMENT_LIMIT.search(clause.sent.text) and not _NO_PAYMENT_LIMIT.search(clause.sent.text) and (
            not officer_share or _OFFICER_PAYS_THE_REST.search(clause.sent.text)):
        # "shall pay any judgment ..., but not more than $500,000", "to the extent of its insurance coverage":
        # above the limit the victim depends on the officer (RUBRIC.md: paid in full?)
        emit(clause, "indemnify_carveout", granted[0], "indemnify_limit")
        return
    if refused and granted and not officer_share:
        # "the public entity shall pay any judgment ... e. The public entity shall not pay any
        # punitive damages": a duty to pay with a part withheld is a carve-out.
        emit(clause, "indemnify_carveout", refused[0], "indemnify_scope")
        return
    if removed:
        emit(clause, "indemnify_removed", removed[0])
        return
    for cue in cues:
        if cue.label_ == "INDEMNIFY_PAY" and not _employer_subject(cue, clause):
            continue
        if cue.id_ == "indemnify.judgment_paid_by_employer" and not ({"judgment", "judgments", "settlement", "settlements", "award"} & words):
            continue
        modality, negated, distance = _mod(cue)
        after = [t.lower_ for t in cue.doc[cue.end:min(clause.sent.end, cue.end + 5)] if not t.is_space]
        if "not" in after[:4] and _qualifies_not_denies(after):
            continue  # "Such indemnification shall not depend on any finding ...": shields the payment
        if cue.label_ == "INDEMNIFY" and "not" in after[:4] and after and after[0] in (
                "is", "are", "shall", "may", "will", "under"):
            negated, distance = True, 0  # "Indemnification ... is not available if ..."
        if modality is None and not negated and cue.id_ in _PAYER_STATED:
            modality, distance = "mandatory", 0  # "is an obligation of the state", "payable by the entity": stated as law
        if distance > 5:
            continue
        if officer_share and (negated or modality != "mandatory"):
            continue  # "shall not be indemnified ... for five percent", "may seek reimbursement"
        if officer_share and modality == "mandatory":
            emit(clause, "indemnify_mandatory", cue, "indemnify_share")
            return
        if exception and bad:
            emit(clause, "indemnify_carveout", cue, "indemnify_scope")
            return
        if modality == "mandatory" and not negated and _WITHHELD_IN_SOME_CASES.search(clause.sent.text[cue.end_char - clause.sent.start_char:]):
            # "shall indemnify ..., but the employer is not required to indemnify an officer who has been convicted",
            # "... unless the officer's employment was terminated for the conduct": some judgments go unpaid
            emit(clause, "indemnify_carveout", cue, "indemnify_scope")
            return
        if negated and (clause.of("BAD_ACT") or exception):
            # "shall not indemnify ... for conduct ... willful, wanton or malicious"
            emit(clause, "indemnify_carveout", cue, "indemnify_scope")
        elif negated:
            emit(clause, "indemnify_removed", cue, "indemnify_modality")
        elif modality == "mandatory":
            emit(clause, "indemnify_mandatory", cue, "indemnify_modality")
        elif modality == "permissive":
            emit(clause, "indemnify_discretionary", cue, "indemnify_modality")
        else:
            continue
        return


_DEFENDANT_SIDE = re.compile(
    r"\bto (?:the|a|any) defendants?\b|\bdefendants? prevails?\b|\bprevailing defendants?\b"
    r"|\bfavor of (?:the|a) defendant")
_SELF_MODAL_AWARD = {
    "liable": "mandatory",  # "the defendant is liable for reasonable attorney's fees"
    # the present tense of a statute states what is so: "A prevailing plaintiff recovers ... fees"
    "recovers": "mandatory", "receives": "mandatory", "owed": "mandatory",
    "mandating": "mandatory", "mandatory": "mandatory", "requiring": "mandatory", "entitled": "mandatory",
    "allows": "permissive", "allowing": "permissive", "permitting": "permissive", "authorizing": "permissive",
}


def _award_modality(verb_i: int, clause: Clause) -> tuple[str | None, bool]:
    """Modality of the award verb at ``verb_i``: its own ("mandating") or a modal just before it."""
    doc = clause.sent.doc
    own = _SELF_MODAL_AWARD.get(doc[verb_i].lower_)
    negated = False
    refusal = doc[verb_i].lower_ in REFUSAL_WORDS
    j, seen = verb_i - 1, 0
    def negation_at(k: int) -> bool:
        # "shall not be entitled to recover": the negation sits right after (or before) the modal
        return negated or any(doc[m].lower_ in ("not", "n't", "never")
                              for m in range(max(clause.sent.start, k - 2), min(verb_i, k + 3)))

    def refused(k: int) -> tuple[str, bool]:
        # "may not decline to award" / "No court may deny" is a duty; "may decline to award" a discretion
        no = negation_at(k) or any(doc[m].lower_ == "no" for m in range(max(clause.sent.start, k - 3), k))
        return ("mandatory" if no else "permissive"), False

    while j >= clause.sent.start and seen < 7:
        lower = doc[j].lower_
        if lower in REFUSAL_WORDS:
            refusal = True
        elif lower in ("not", "n't", "never"):
            negated = True
        elif lower in ("shall", "must", "will", "may", "can", "might") and refusal:
            return refused(j)
        elif lower in ("shall", "must", "will"):
            return own or "mandatory", negation_at(j)
        elif lower in ("may", "can", "might"):
            return own or "permissive", negation_at(j)
        elif lower in ("authorized", "discretion", "permitted"):
            return "permissive", negation_at(j)
        elif lower in ("required", "entitled", "mandating", "requiring"):
            return "mandatory", negation_at(j)
        elif lower in ("permitting", "allowing", "authorizing"):
            return "permissive", negation_at(j)
        if not (doc[j].is_space or doc[j].is_punct):
            seen += 1
        j -= 1
    return own, negated


_EXCEPTION_WORDS = frozenset({"unless", "except", "excepting"})
#: Only an exception that hands the award to the court's discretion makes "shall award" a "may";
#: "unless the court finds that special circumstances make an award unjust" is a narrow exception
#: to a duty (the paraphrase suite and § 1988 practice grade it yes).
_DISCRETION_WORDS = frozenset({"discretion", "discretionary"})


def _discretionary_exception(clause: Clause, verb_i: int) -> bool:
    """An "unless"/"except" after the award verb whose condition is the court's own judgement."""
    doc = clause.sent.doc
    for i in range(verb_i + 1, clause.sent.end):
        if doc[i].lower_ in _EXCEPTION_WORDS:
            tail = {t.lower_ for t in doc[i + 1:min(clause.sent.end, i + 16)]}
            return bool(_DISCRETION_WORDS & tail)
    return False


#: Words of an exception that hands a fee award back to the court's judgement ("for good cause",
#: "would be inequitable", "may reduce or deny"); "otherwise provided by law" is not one of them.
_FEE_DISCRETION_WORDS = frozenset({"discretion", "discretionary", "inequitable", "cause", "warranted", "deny",
                                   "denies", "reduce", "decline", "refuse", "orders"})


def _fee_exception(clause: Clause, verb_i: int) -> str | None:
    """The exception limiting a fee duty in its clause: ``"discretion"`` when its condition is the
    court's own judgement, ``"exception"`` for any other ("unless special circumstances make an
    award unjust", "except in cases in which only nominal damages are recovered", "Except as
    provided in subsection (f)"), ``None`` when there is none. An exception before the verb counts
    only when it opens the clause's own sentence ("Except as provided ..., the court shall ...");
    "except as otherwise provided by law" is boilerplate and not counted."""
    doc = clause.sent.doc
    words = [i for i in range(clause.sent.start, clause.sent.end) if not doc[i].is_space]
    for k, i in enumerate(words):
        lower = doc[i].lower_
        but_may = lower == "but" and i > verb_i and k + 1 < len(words) and doc[words[k + 1]].lower_ in ("may", "can")
        if lower not in _EXCEPTION_WORDS and not but_may:
            continue
        tail = [doc[j].lower_ for j in words[k + 1:k + 17]]
        if tail[:4] == ["as", "otherwise", "provided", "by"] and "law" in tail[4:6]:
            continue
        if _FEE_DISCRETION_WORDS & set(tail) or ("otherwise" in tail and "provided" not in tail):
            return "discretion"
        return "exception"
    return None


#: "the court shall include in the judgment reasonable attorney's fees", "relief shall include ...".
_FEE_INCLUDE_WORDS = frozenset({"include", "includes"})


def _awards_plaintiff(doc: Doc, verb_i: int, clause: Clause) -> bool:
    """Whether the award verb's object, in the next four words, is the plaintiff ("award a prevailing
    plaintiff", "allow to the plaintiff")."""
    return any(t.lower_ in ("plaintiff", "plaintiffs", "claimant", "claimants")
               for t in doc[verb_i + 1:min(clause.sent.end, verb_i + 5)])


#: Participles of a fee award already made: fees "taxed / awarded / assessed against the officer" are a
#: judgment's items that someone pays, not a duty of the court to award them.
_AWARDED_AGAINST = frozenset({"taxed", "awarded", "assessed", "adjudged", "entered", "imposed", "ordered"})


def _fees_already_awarded(doc: Doc, cue: Span, clause: Clause) -> bool:
    """Whether the fee words are items of a judgment already awarded against someone ("any costs and
    attorney fees taxed against the employee"), read within four words after the cue."""
    after = [t.lower_ for t in doc[cue.end:min(clause.sent.end, cue.end + 4)]]
    return any(w in _AWARDED_AGAINST and after[k + 1:k + 2] == ["against"] for k, w in enumerate(after))


def resolve_fees(clause: Clause, emit: Emitter) -> None:
    doc = clause.sent.doc
    if "whether" in clause.words and {"study", "studies", "examine", "consider"} & clause.words:
        return  # "shall study whether the court should be required to award attorney's fees"
    for cue in clause.of("FEES"):
        before = [t.lower_ for t in doc[max(clause.sent.start, cue.start - 3):cue.start]]
        if before[-2:] in (["but", "not"], ["and", "not"]) or {"excluding", "except"} & set(before) or before[-2:] == [
                "other", "than"]:
            continue  # "shall award costs, but not attorney fees": the fees are left out of the award
        # (8 words on: "A reasonable attorney fee for a prevailing plaintiff shall be taxed as costs")
        lo, hi = max(clause.sent.start, cue.start - 14), min(clause.sent.end, cue.end + 8)
        verbs = [i for i in range(lo, hi) if doc[i].lower_ in AWARD_WORDS or doc[i].lower_ in _FEE_INCLUDE_WORDS
                 or doc[i].lower_ in REFUSAL_WORDS or (
            # "the defendant shall pay the plaintiff's reasonable attorney fees"
            doc[i].lower_ in ("pay", "pays") and any(
                t.lower_ in ("plaintiff", "plaintiffs", "claimant", "prevailing") for t in doc[i + 1:min(hi, i + 5)]))]
        if not verbs:
            continue
        # The award verb nearest to the fees words governs them; one with no modal of its own ("a
        # fee, to be taxed as costs") gives way to the next nearest that has one ("shall include").
        ranked = sorted(verbs, key=lambda i: (cue.start - i) if i < cue.start else (i - cue.end + 1) * 2)
        verb_i = next((i for i in ranked if _award_modality(i, clause)[0] is not None), ranked[0])
        if _award_modality(verb_i, clause)[0] is None:
            # "Reasonable attorney's fees are recoverable by a prevailing plaintiff and shall be awarded by the
            # court": the coordinated predicate, past the window, carries the duty
            later = next((i for i in range(hi, clause.sent.end) if doc[i].lower_ in AWARD_WORDS
                          and "and" in {t.lower_ for t in doc[max(clause.sent.start, i - 4):i]}
                          and _award_modality(i, clause)[0] is not None), None)
            if later is not None:
                verb_i = later
        if doc[verb_i].lower_ in _FEE_INCLUDE_WORDS and _fees_already_awarded(doc, cue, clause):
            continue  # "The payment shall include ... costs and attorney fees taxed against the officer"
        if _DEFENDANT_SIDE.search(clause.sent.text.lower()) and not (
                {"plaintiff", "plaintiffs", "claimant", "claimants"} & clause.words):
            continue  # fees for a prevailing defendant
        if any(doc[i].lower_ in ("study", "studies", "examine", "review") for i in range(lo, verb_i)):
            continue  # "shall study the awarding of attorney's fees": the duty is the study
        modality, negated = _award_modality(verb_i, clause)
        if modality == "permissive" and not _awards_plaintiff(doc, verb_i, clause):
            # "shall award a prevailing plaintiff, and may allow any other prevailing party, a reasonable
            # attorney's fee": the nearest verb is the other party's; the plaintiff's own verb is a duty
            earlier = [i for i in range(cue.start - 1, clause.sent.start - 1, -1) if doc[i].lower_ in AWARD_WORDS]
            duty = next((i for i in earlier if i != verb_i and _award_modality(i, clause) == ("mandatory", False)
                         and _awards_plaintiff(doc, i, clause)), None)
            if duty is not None:
                verb_i, modality, negated = duty, "mandatory", False
        if any(doc[i].lower_ in ("no", "neither") for i in range(max(clause.sent.start, cue.start - 3), cue.start)):
            negated = True  # "No attorney fees shall be awarded"
        if negated:
            continue
        exception = _fee_exception(clause, verb_i) if modality == "mandatory" else None
        if modality == "mandatory" and (_discretionary_exception(clause, verb_i) or exception == "discretion"):
            # "shall award ... unless the court, in its discretion, determines ...", "... except for
            # good cause", "but may reduce or deny the award" leave the award to the court.
            modality = "permissive"
        if modality == "mandatory" and exception:
            # "shall award ... unless special circumstances make an award unjust", "Except as
            # provided in subsection (f), ...": a duty with an exception whose reach the text does
            # not settle. The exception is recorded against the duty, so the draft goes to review.
            emit(clause, "fees_mandatory", cue, "fees_modality")
            emit(clause, "fees_discretionary", cue, "fees_exception")
        elif modality == "mandatory":
            emit(clause, "fees_mandatory", cue, "fees_modality")
        elif modality == "permissive":
            emit(clause, "fees_discretionary", cue, "fees_modality")


#: The officer as the object of a relative clause on the employer, just before the payment verb: "A public body that
#: employs or contracts with a law enforcement officer [shall pay]".
_EMPLOYER_RELATIVE = re.compile(r"\b(?:that|which|who)\s+(?:employs|employed|appoints|appointed|hires|hired|commissions|engages)"
                                r"\b[^.;,]{0,60}$", re.IGNORECASE)
#: Verbs of a relative clause whose object is the officer ("the agency that employs the officer ...").
_EMPLOYING_VERBS = frozenset({"employs", "employ", "employed", "employing", "appointed", "appoints", "appoint",
                              "commissioned", "commissions", "hired", "hires", "supervises", "engages", "engaged"})


#: Verbs of putting a defence forward: "may not assert / claim / argue that ...".
_ASSERTION_VERBS = frozenset({"assert", "claim", "contend", "argue", "raise", "plead", "rely", "allege", "maintain"})


#: Words that open a second coordinated predicate ("... and is immune", "... and shall be immune").
_VERB_OPENERS = frozenset({"is", "are", "shall", "may", "will", "must", "be", "has", "have"})


#: An immunity that leaves a named action whole: "provided that nothing in the Tort Claims Act bars or limits a
#: claim brought under the ... Act", "except in an action under section 2 of this act", "does not apply to a claim under".
_SPARES_THE_ACTION = re.compile(
    r"\bnothing\s+in\s+[^.;]{0,80}?\b(?:bars?|limits?|restricts?|impairs?|applies\s+to|affects?)\b[^.;]{0,40}?"
    r"\b(?:claims?|actions?|suits?)\s+(?:brought\s+|filed\s+)?(?:under|pursuant\s+to)\b"
    r"|\bexcept\s+(?:for\s+|in\s+)?(?:a\s+|an\s+|any\s+)?(?:claims?|actions?|suits?)\s+(?:brought\s+|filed\s+)?(?:under|pursuant\s+to)\b"
    r"|\b(?:does|shall)\s+not\s+apply\s+(?:to|in)\s+(?:a\s+|an\s+|any\s+)?(?:claims?|actions?|suits?)\s+(?:brought\s+|filed\s+)?"
    r"(?:under|pursuant\s+to)\b", re.IGNORECASE)


def _spares_the_action(clause: Clause) -> bool:
    """The immunity the clause grants leaves a named action whole, in its own sentence or the next
    sentence of the same unit ("... are immune from liability. The immunity in this subsection shall not
    apply to an action brought under subsection (a).")."""
    if _SPARES_THE_ACTION.search(clause.sent.text):
        return True
    doc = clause.sent.doc
    if clause.sent.end >= len(doc):
        return False
    following = sentence_at(doc, clause.sent.end)
    return _enum_kind(following.text.lstrip()) is None and bool(_SPARES_THE_ACTION.search(following.text))


def _protection_denied(cue: Span, reach: int = 16) -> bool:
    """Whether "protected / shielded by qualified immunity" is denied: negated in its own verb
    ("is not protected by", "No defendant shall be shielded by") or as what a defendant may not
    assert ("may not assert that the defendant is protected by"). Looks back within the clause, to a
    semicolon, colon or full stop."""
    doc = cue.doc
    before = []
    for i in range(cue.start - 1, max(-1, cue.start - 1 - reach), -1):
        if doc[i].text in (";", ":", ".") or doc[i].is_sent_start:
            if doc[i].is_sent_start:
                before.append(doc[i].lower_)
            break
        before.append(doc[i].lower_)
    before.reverse()
    negators = [i for i, w in enumerate(before) if w in ("not", "no", "never", "nor")]
    if not negators:
        return False
    first = negators[0]
    tail = before[first:]
    following = tail[1:] + [cue[0].lower_]  # the cue may open with its own verb ("is immune")
    if any(w in ("and", "or", "but") and nxt in _VERB_OPENERS for w, nxt in zip(tail, following)):
        return False  # "is not liable for any loss ... and is immune from any claim": the "not" is the first verb's
    # the negation governs an assertion verb ("may not assert that ...") or the protection's own
    # verb ("is not protected by", "No defendant ... shall be shielded by")
    return bool(_ASSERTION_VERBS & set(tail)) or not ({"that", "who", "which"} & set(tail))


def _negated_before(cue: Span, reach: int = 8) -> bool:
    """A "not"/"no"/"never" a few words before the cue with no clause break between: "shall not
    be required to contribute", "shall not be a ground for discipline"."""
    doc = cue.doc
    for i in range(cue.start - 1, max(-1, cue.start - 1 - reach), -1):
        if doc[i].is_punct and doc[i].text not in ("'", "’", ","):
            return False  # a comma may join a list the "not" governs ("not a ground for suspension, discipline ...")
        if doc[i].lower_ in ("not", "no", "never", "nor"):
            if bound_not(doc, i):
                continue  # "without pay for not less than 30 days or remove ...": a bound, not a negation
            return True
        if doc[i].lower_ in ("shall", "must", "may", "will", "is", "are"):
            return False  # the cue's own verb, not negated ("... was not in good faith shall bear personal liability")
    return False


_COMPANY_WORDS = frozenset({"corporation", "corporations", "corporate", "shareholder", "shareholders", "director",
                           "directors", "company", "partnership"})
_JUDGMENT_WORDS = frozenset({"judgment", "judgments", "settlement", "settlements", "award", "verdict"})
#: What an officer's own payment must be a share of: a judgment, a settlement, an award, or damages.
_JUDGMENT_OR_DAMAGES_WORDS = _JUDGMENT_WORDS | {"damages"}


#: Payment cues that only hold the officer to account for a judgment or settlement (not a fee or a uniform).
_PAYMENT_NEEDS_A_JUDGMENT = frozenset({"accountability.required_to_pay", "accountability.personal_funds",
                                       "accountability.wage_deduction", "accountability.wage_garnished",
                                       "accountability.officer_shall_pay", "accountability.paid_by_officer"})
#: Cues where the employer takes the officer's money: "may" leaves it to the employer's discretion.
_EMPLOYER_TAKES = frozenset({"accountability.recover_from_officer", "accountability.wage_deduction",
                             "accountability.wage_garnished"})
#: Bans written as a status rather than with a modal: "is disqualified from employment as a peace officer".
_BANS_STATED_AS_STATUS = frozenset({"accountability.ineligible_for_employment", "accountability.prohibited_from_employment",
                                    "accountability.ineligible_to_serve"})
def _lead_in_of(clause: Clause) -> Span | None:
    """The lead-in whose list ``clause`` is an item of: its parent clause, or, when the lead-in has no cue
    of its own (so no clause), the sentence just before an item that opens with its label."""
    if clause.parent is not None:
        return clause.parent.sent
    doc = clause.sent.doc
    if clause.sent.start == 0 or _enum_kind(clause.sent.text.lstrip()) is None:
        return None
    before = sentence_at(doc, clause.sent.start - 1)
    return before if _is_lead_in(before) else None


#: A lead-in that ends on its modal: "the head of the agency employing the officer shall--", "the board must:".
_LEAD_IN_MODAL = re.compile(r"\b(shall|must|may)\b(?!.*\b(?:shall|must|may)\b)[^.;]{0,80}?(?:--|—|–|:|-)?\s*$",
                            re.IGNORECASE | re.DOTALL)
_INLINE_LEAD_IN = re.compile(r"\b(shall|must|may)\s*(?:--|—|–|:)\s*[`'\"]*\s*\(?[0-9a-zA-Z]{1,4}\)", re.IGNORECASE)
_STATED_AS_LAW = re.compile(r"\b(?:is|are|becomes|become)\b(?:\s+\w+)?\s*$", re.IGNORECASE)

#: Verbs that open a disciplinary procedure against the officer.
_OPENING_VERBS = frozenset({"commence", "initiate", "institute", "begin", "bring", "open", "start"})
_GENERAL_SANCTIONS = frozenset({"accountability.discipline", "accountability.adverse_action",
                                "accountability.removal_proceedings", "accountability.sanction_list"})


#: A judgment or liability in the bill's own action ("found liable by final judgment in an action under
#: this section").
_THE_BILLS_ACTION = re.compile(r"\b(?:liable|judgments?|adjudged)\b[^.]{0,100}?\b(?:(?:under|pursuant\s+to|of)\s+this\s+"
                               r"(?:section|chapter|act|article|subchapter|part|title)\b|(?:under|pursuant\s+to)\s+subsection\s+\(\w+\))"
                               # civil liability for a deprivation, named without a cross-reference: "a final judgment
                               # has been entered in a civil action finding that the officer deprived a person of a
                               # right", "found liable, in a final civil judgment, for depriving another of a right"
                               r"|\bjudgments?\b[^.;]{0,60}?\bcivil\s+(?:action|suit|proceeding)\b"
                               r"|\bcivil\s+(?:action|judgment|suit)\b[^.;]{0,80}?\b(?:finding|found|holding|held)\b"
                               r"|\b(?:found|held|adjudged)\s+(?:civilly\s+)?liable\b[^.;]{0,80}?\b(?:depriv\w*|violat\w*|civil)\b",
                               re.IGNORECASE)


#: "An officer whose camera did not record ... shall be subject to a reprimand, a reduction in pay, or a
#: suspension": the relative clause states the misconduct the sanction answers.
_SANCTIONED_WHO = re.compile(r"\b(?:officer|agent|employee|deputy|trooper)s?\b[^.;]{0,40}?\b(?:who|whose)\b[^.;]{0,200}?\b(?:shall|must)\s+be\s+"
                             r"subject\s+to\b", re.IGNORECASE)

#: A government's own corporations and agencies: "an autonomous agency or public corporation".
_PUBLIC_CORPORATION = re.compile(r"\b(?:public|municipal|government(?:al)?|quasi-public)\s+corporations?\b", re.IGNORECASE)

#: "Nothing in this section requires (shall be construed to require) ...": what follows is not imposed.
_NOTHING_REQUIRES = re.compile(r"\bnothing\b[^.;]{0,80}\b(?:requires?|required|compels?|obligates?)\b", re.IGNORECASE)
#: A personal payment ruled out next to its cue: "shall not be required to pay any portion", "No deputy may be
#: required to contribute", "is not obligated to pay", "In no event shall a jailer be personally responsible",
#: "shall bear no personal financial responsibility" (not "The employer is not required to indemnify ..., and
#: the judgment must be satisfied by the officer personally").
_PAYMENT_RULED_OUT = re.compile(r"\b(?:shall|may|must|will|is|are|be)\s+not\s+(?:be\s+)?(?:required|obligated|obliged|compelled|made)\s+to\b"
                               r"|\bno\s+(?:\w+\s+){0,3}?(?:shall|may|must|will)\s+be\s+(?:required|obligated|compelled|made)\s+to\b"
                               r"|\bin\s+no\s+event\b|\b(?:bear|bears|have|has|incur|incurs)\s+no\s+personal\b", re.IGNORECASE)


_ANOTHER_VERB = re.compile(r"\b(?:shall|must|may|will)\b|;", re.IGNORECASE)


def _payment_ruled_out(clause: Clause, cue: Span) -> bool:
    """Whether a negated duty governs the payment cue itself, with no other modal verb between them."""
    doc = cue.doc
    text = doc[clause.sent.start:min(clause.sent.end, cue.end + 3)].text
    offset = doc[clause.sent.start].idx
    cue_at = cue.start_char - offset
    for match in _PAYMENT_RULED_OUT.finditer(text):
        if match.start() > cue_at + len(cue.text):
            break
        # ("In no event shall a jailer be ...": the modal right after the negation is its own)
        if match.end() >= cue_at or not _ANOTHER_VERB.search(text, match.end() + 8, cue_at):
            return True
    return False


#: A sanction or payment only weighed: "shall study whether officers found liable ... should be decertified",
#: "shall report on whether an officer ... should be required to pay part of the judgment".
_ONLY_WEIGHED = re.compile(r"\b(?:stud(?:y|ies)|report\w*|evaluat\w*|recommend\w*|consider\w*|assess\w*|examin\w*|review\w*"
                           r"|determin\w*|analy[sz]\w*|investigat\w*)\b[^.;]{0,60}?\bwhether\b", re.IGNORECASE)


_DUTY_MODAL = re.compile(r"\b(?:shall|must)\b", re.IGNORECASE)
_PROCEEDING_TO = re.compile(r"\b(?:proceedings?|hearings?|investigations?|inquir(?:y|ies))\s+to\s+$", re.IGNORECASE)


def _only_weighed(clause: Clause) -> bool:
    """A study or report on whether to sanction enacts no sanction (but "shall determine whether the officer
    acted in bad faith, and if so the officer shall pay ...", or "shall initiate a proceeding to determine
    whether disciplinary action is warranted", does)."""
    text = clause.sent.text
    weighed = _ONLY_WEIGHED.search(text) if "whether" in clause.words else None
    return bool(weighed) and not _DUTY_MODAL.search(text, weighed.end()) and not _PROCEEDING_TO.search(
        text[:weighed.start()])


#: What is discharged when the word means paying: "shall discharge any judgment", "the judgment shall be discharged".
_DEBT_WORDS = frozenset({"judgment", "judgments", "settlement", "settlements", "liability", "liabilities", "debt", "debts",
                         "award", "awards", "claim", "claims", "obligation", "obligations", "amount", "damages"})


def _discharges_a_debt(cue: Span, clause: Clause) -> bool:
    """Whether "discharge" pays a debt: its object within a few words ("discharge in full any judgment", "discharge the
    officer's liability") or its passive subject ("A judgment against an officer ... shall be discharged by ...")."""
    doc = cue.doc
    after = [t.lower_ for t in doc[cue.start + 1:min(clause.sent.end, cue.start + 8)]]
    after = after[:next((i for i, word in enumerate(after) if word in (".", ";", ",")), len(after))]
    if {"employment", "service", "position", "post"} & set(after):
        return False  # "must be discharged from employment"
    if _DEBT_WORDS & set(after):
        return True
    before = [t.lower_ for t in doc[max(clause.sent.start, cue.start - 14):cue.start]]
    if not before or before[-1] not in ("be", "been", "is", "are"):
        return False
    # the passive's subject is the first of a debt and a person named before it ("A judgment against an officer
    # shall be discharged", not "An officer against whom a judgment is entered shall be discharged")
    debt = next((i for i, word in enumerate(before) if word in _DEBT_WORDS), None)
    person = next((i for i, word in enumerate(before) if word in OFFICIAL_WORDS), None)
    return debt is not None and (person is None or debt < person)


#: What an official discharges when the word means performing, not dismissal: "in the discharge of the person's duties".
_DUTY_WORDS = frozenset({"duty", "duties", "functions", "function", "office", "responsibilities", "obligations"})


def resolve_accountability(clause: Clause, emit: Emitter) -> None:
    words = clause.words
    if _only_weighed(clause):
        return
    official = bool(OFFICIAL_WORDS & words or clause.of("POLICE"))
    # A "review board" or "police board" is a public body; a board beside a corporation is not.
    corporate = bool(CORPORATE_WORDS & words) and not clause.of("POLICE", "ALL_PUBLIC") and not (
        (_PUBLIC_EMPLOYER_WORDS | EMPLOYER_WORDS) & words and not _COMPANY_WORDS & words)
    for cue in clause.of("PERSONAL"):
        if _PUBLIC_EMPLOYER_WORDS & words and _JUDGMENT_WORDS & words and not corporate:
            # "require the covered individual to repay to the governmental agency 5% of the judgment", "the
            # person is personally liable for five percent of the judgment, and the agency shall pay the rest":
            # a public employer and a judgment make the bill's actor, whatever it is called, its employee
            official = True
        if not official or corporate:
            continue
        if cue.id_ in _PAYMENT_NEEDS_A_JUDGMENT and not _JUDGMENT_OR_DAMAGES_WORDS & words:
            continue  # "shall require the officer to pay a fee", "buy uniforms from personal funds": judgments only
        if cue.id_ == "accountability.personal_funds" and (EMPLOYER_WORDS | _PUBLIC_EMPLOYER_WORDS | {"body", "bodies", "its"}) & {
                t.lower_ for t in cue}:
            continue  # "paid from the public body's own funds or insurance": the payer's funds, not the officer's
        if _NOTHING_REQUIRES.search(cue.doc[clause.sent.start:cue.end].text) or _payment_ruled_out(clause, cue):
            # "Nothing in this section requires an officer to contribute personally toward a judgment",
            # "An officer shall bear no personal financial responsibility"
            continue
        modality, negated, distance = _mod(cue)
        if negated and distance <= 4:
            continue
        if cue.id_ in _EMPLOYER_TAKES and modality == "permissive" and distance <= 6:
            continue  # "may seek reimbursement from the officer": the employer's discretion holds no one to account
        if any(t.lower_ in ("no", "not", "without") for t in doc_slice(cue, 2)) or _negated_before(cue):
            continue
        if "from" in {t.lower_ for t in doc_slice(cue, 2)} and {"immune", "immunity"} & words:
            continue  # "shall be immune ... from personal liability"
        if "whether" in {t.lower_ for t in doc_slice(cue, 8)}:
            continue  # "without regard to whether the peace officer is individually liable": a condition set aside
        if cue.id_ not in _EMPLOYER_TAKES and (_EMPLOYING_VERBS & {t.lower_ for t in doc_slice(cue, 4)} or
                                                _EMPLOYER_RELATIVE.search(doc_slice(cue, 12).text)):
            # ("A public body that employs or contracts with a law enforcement officer shall pay in full")
            # "the county that employs the officer shall pay": the officer is the object, the employer
            # pays ("the employing agency shall collect from the officer" is the officer paying)
            continue
        emit(clause, "personal_contribution", cue, "accountability")
        break
    # "shall not be a ground for discipline, suspension or decertification": the list shares the "not"
    discipline_negated = any(_negated_before(cue) for cue in clause.of("DISCIPLINE"))
    # "shall revoke the certification of a certificate holder found liable by final judgment in an action
    # under this section": the sanction follows the bill's own action against officials, whoever it names.
    doc = clause.sent.doc
    follows_the_action = bool(_THE_BILLS_ACTION.search(doc[clause.sent.start:max(clause.window_end, clause.sent.end)].text))
    lead_in = _lead_in_of(clause) if clause.of("DISCIPLINE") else None  # one lookup per clause, not per cue
    lead_words = {t.lower_ for t in lead_in} if lead_in is not None else set()
    for cue in clause.of("DISCIPLINE"):
        if cue.id_ in ("accountability.employment_barred", "accountability.not_eligible"):
            # "shall not thereafter be employed as a peace officer", "No agency may hire ...": the "not" is
            # the prohibition itself, owed when a modal governs it ("who has not been employed" is no bar)
            modality, _, distance = _mod(cue)
            if modality is not None and distance <= 2 and (official or follows_the_action) and (
                    DISCIPLINE_TRIGGER_WORDS & clause.window_words or _SANCTIONED_WHO.search(clause.sent.text)) \
                    and not _NOTHING_REQUIRES.search(cue.doc[clause.sent.start:cue.end].text):
                emit(clause, "discipline_or_decertification", cue,
                     "accountability_liability" if follows_the_action else "accountability")
                break
            continue
        if discipline_negated:
            break
        if lead_in is not None and _THE_BILLS_ACTION.search(lead_in.text):
            follows_the_action = True  # "after a judgment against a jailer under this chapter ..., the sheriff shall--"
        if not (official or follows_the_action) or not (DISCIPLINE_TRIGGER_WORDS & clause.window_words or clause.of("FTI_FAIL")
                                or DISCIPLINE_TRIGGER_WORDS & lead_words
                                or _SANCTIONED_WHO.search(clause.sent.text)):
            continue
        modality, negated, distance = _mod(cue)
        if (negated and distance <= 4) or _negated_before(cue):
            continue
        nxt = cue.doc[cue.end].lower_ if cue.end < len(cue.doc) else ""
        if cue.id_ == "accountability.discipline" and nxt in (
                "hearing", "hearings", "board", "boards", "proceeding", "proceedings", "history",
                "record", "records", "matters", "matter", "policy", "policies", "process") and not (
                cue.start > 0 and cue.doc[cue.start - 1].lower_ in _OPENING_VERBS):
            continue  # "a disciplinary hearing before the board" names a procedure, not a sanction
            # ("shall commence disciplinary proceedings against the officer" opens one)
        if cue.text.lower() in ("discharge", "discharged") and nxt in ("of", "in") and {
                t.lower_ for t in cue.doc[cue.end:min(clause.sent.end, cue.end + 5)]} & _DUTY_WORDS:
            continue  # "in the discharge of the person's duties", "discharged in the course of duty": performance
        if cue[0].lower_ in ("discharge", "discharged") and _discharges_a_debt(cue, clause):
            continue  # "The employer shall discharge any judgment against the officer": payment, not dismissal
        if modality is None:
            # "the head of the agency shall--\n(1) suspend the officer without pay ... or remove the officer from
            # the service": the lead-in's modal governs its items (one sentence, or the item's parent)
            before = cue.doc[clause.sent.start:cue.start].text
            lead = [m for m in _INLINE_LEAD_IN.finditer(before)]
            lead_modal = lead[-1].group(1) if lead else None
            if lead_modal is None and lead_in is not None:
                found = _LEAD_IN_MODAL.search(lead_in.text)
                lead_modal = found.group(1) if found else None
            if lead_modal:
                modality = "permissive" if lead_modal.lower() == "may" else "mandatory"
                distance = 0
        if modality is None and cue.id_ in _BANS_STATED_AS_STATUS and _STATED_AS_LAW.search(
                cue.doc[max(clause.sent.start, cue.start - 2):cue.start].text):
            modality = "mandatory"  # "is disqualified from employment": a status the law imposes
        if modality == "permissive" and distance <= 4 and not _sanction_made_mandatory(cue):
            continue  # "the Board may suspend the certificate": a power, not a sanction that follows
        last_modal = next((t.lower_ for t in reversed(cue.doc[clause.sent.start:cue.start])
                           if t.lower_ in ("may", "shall", "must")), None)
        if last_modal == "may" and not _sanction_made_mandatory(cue):
            # "the clerk shall send a copy of the judgment to the director, who may initiate proceedings ... to
            # discipline the officer": the duty is the clerk's; the sanction is a power
            continue
        if cue.id_ != "accountability.discipline" and modality is None and not _sanction_made_mandatory(cue):
            continue  # "a system to track ... decertification of officers" imposes none
            # (but a power "(2) To revoke the certification of ..." whose next words say
            # "Revocation under this paragraph is mandatory" is a duty)
        # a sanction named in general words ("disciplinary", "adverse action", "removal proceedings")
        # counts only under a duty; decertification or termination named outright is strong
        strong = cue.id_ not in _GENERAL_SANCTIONS
        # A generic word ("disciplinary") needs a duty somewhere before it in the clause.
        duty = modality == "mandatory" or any(
            t.lower_ in ("shall", "must") for t in cue.doc[clause.sent.start:cue.start])
        if strong or duty:
            # (the source says when the words after the sanction make it owed: "Revocation ... is mandatory")
            # and when liability in the bill's own action, in this clause or its list, triggers it)
            emit(clause, "discipline_or_decertification", cue,
                 "accountability_liability" if follows_the_action else
                 "accountability_owed" if modality != "mandatory" and _sanction_made_mandatory(cue) else "accountability")
            break


#: A statement, after a sanction is named, that the sanction is not discretionary: "Revocation under
#: this subdivision is mandatory", "Decertification under this subsection is not discretionary",
#: "shall not impose a lesser sanction", "has no discretion to impose a sanction less than revocation".
_MANDATORY_SANCTION = re.compile(
    r"\b(?:revocation|decertification|suspension|termination|sanction)\b[^.;:]{0,60}?\b(?:is|shall\s+be|are)\s+"
    r"(?:mandatory|required|not\s+discretionary)\b"
    r"|\bno\s+discretion\s+to\s+(?:impose|substitute)\b|\bshall\s+not\s+(?:impose|substitute)\s+a\s+lesser\s+sanction"
    r"|\b(?:may|shall)\s+not\s+be\s+reduced\b", re.I)
#: How far after the sanction the statement may stand (the rest of its item, or the next subsection).
_MANDATORY_SANCTION_REACH = 400


def _sanction_made_mandatory(cue: Span) -> bool:
    text = cue.doc.text
    return bool(_MANDATORY_SANCTION.search(text, cue.start_char, min(len(text), cue.end_char + _MANDATORY_SANCTION_REACH)))


def doc_slice(cue: Span, before: int) -> Span:
    return cue.doc[max(0, cue.start - before):cue.start]


#: Records opened only for investigations that ended in a finding against the officer.
_FINDING_ONLY = re.compile(r"\b(?<!not\s)(?:results?|resulted|resulting)\s+in\s+(?:a\s+|the\s+|an\s+)?(?:finding|determination|"
                           r"suspension|demotion|dismissal|termination|discharge|discipline|disciplinary\s+action|sanction)\b",
                           re.IGNORECASE)
def _finding_only(text: str) -> bool:
    """Records opened only where the investigation ends in a finding or a sanction ("if the investigation results in
    the termination of the officer"), not "whether or not the investigation results in discipline"."""
    found = _FINDING_ONLY.search(text)
    return bool(found) and not re.search(r"\bwhether\s+or\s+not\b|\bregardless\b|\birrespective\b|\bwhether\b[^.;]{0,80}?"
                                         r"\bor\s+not\b", text[:found.end() + 40], re.IGNORECASE)


#: Complaints kept closed only when they were not sustained ("sustained or not" keeps all closed).
_UNSUSTAINED_ONLY = re.compile(
    r"\b(?:were|was|are|is)\s+not\s+sustained\b|\bunsustained\b|\bnot\s+sustained\b|\bunfounded\b|\bunsubstantiated\b"
    r"|\bexonerated?\b|\bexonerates\b|\bdid\s+not\s+result\s+in\s+a\s+sustained\b"
    r"|\bunless\s+(?:the\s+|a\s+)?(?:complaint|allegation|charge|finding)s?\s+(?:is|are|was|were|has\s+been|have\s+been)\s+sustained\b"
    r"|\b(?:records?\s+of\s+)?(?:all\s+)?other\s+(?:complaints?|allegations?|investigations?)(?:\s+(?:records?|files?))?\s+(?:are|remain|shall\s+remain|shall\s+be)\s+confidential\b"
    r"|\bno\s+(?:allegation|charge|complaint)s?\s+"
    r"(?:was|were|is|are)\s+sustained\b|\b(?:do|does|did)\s+not\s+sustain\b", re.IGNORECASE)
#: "complaints that do not result in a suspension or decertification", "... did not result in discipline": only
#: the complaints that end in no sanction stay closed, when the same passage opens the sanctions themselves.
_NO_SANCTION_ONLY = re.compile(
    r"\b(?:do|does|did)\s+not\s+(?:result|end)\s+in\s+(?:a\s+|an\s+|any\s+)?(?:final\s+)?(?:sustained|suspension|"
    r"decertification|discipline|disciplinary|termination|dismissal|revocation|sanction)", re.IGNORECASE)
#: Words that open records, in the sentences just before ("Each decertification ... shall be published").
_OPENED_JUST_BEFORE = re.compile(r"\b(?:publish\w*|public\s+records?|open\s+to\s+(?:the\s+)?public|made\s+public"
                                 r"|make\s+public|available\s+to\s+the\s+public|public\s+inspection"
                                 r"|post\w*\s+(?:\w+\s+){0,3}?(?:website|web\s+site|internet))\b", re.IGNORECASE)
#: Only counts or statistics, no record: "the number of complaints received, without identifying any officer".
_COUNTS_ONLY = re.compile(r"\b(?:the\s+)?(?:total\s+)?number\s+of\s+(?:\w+\s+)?(?:complaints|allegations|investigations|claims|incidents)\b"
                          r"|\bwithout\s+identifying\b|\bstatistic(?:s|al)\b", re.IGNORECASE)
#: Disclosure without the officer's name: "the report may not name any officer", "without naming the
#: defendant officer", "shall not identify any deputy", "with the names of the officers removed".
_ANONYMISED = re.compile(
    r"\b(?:may|shall|must)\s+not\s+(?:name|identify|include\s+the\s+names?|disclose\s+the\s+(?:names?|identity))\b"
    r"|\bwithout\s+(?:naming|identifying|disclosing\s+the\s+(?:names?|identity))\b"
    r"|\b(?:shall|may|must)\s+not\s+(?:include|contain)\s+the\s+names?\b"
    r"|\bomitting\s+the\s+(?:\w+(?:'s)?\s+){0,2}?(?:names?|identity)\b"
    r"|\b(?:withhold|redact|delete|remove)\s+the\s+(?:\w+(?:'s)?\s+)?(?:names?|identity)\b"
    r"|\bdoes\s+not\s+(?:disclose|reveal)\s+the\s+(?:names?|identity)\b"
    r"|\b(?:names?|identity)\b[^.;]{0,60}?\b(?:are|is|be)\s+(?:deleted|omitted|removed|redacted|excluded)\b"
    r"|\b(?:names?|identity)\s+(?:of\s+(?:the\s+|any\s+)?\w+\s+)?(?:deleted|omitted|removed|redacted|excluded)\b", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _unnegated_match(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` matches somewhere not just after a "not" / "no" ("shall not redact the name")."""
    return any(not _NEGATED_BEFORE.search(text[max(0, m.start() - 20):m.start()]) for m in pattern.finditer(text))


def _anonymised(text: str) -> bool:
    """Whether the sentence publishes without the officer's name; "shall not redact the name" keeps it."""
    return _unnegated_match(_ANONYMISED, text)


#: A closure that lets sustained findings out: "exempt from public inspection, except that a record of a
#: sustained complaint is a public record", "confidential unless the investigation resulted in a sustained
#: finding", "(1) records of an investigation, except the final report of any investigation that resulted
#: in a sustained finding". Read after the closing cue (or in an item of a closing list).
_SUSTAINED_CARVE_OUT = re.compile(
    r"\b(?:except|but|however|unless|other\s+than|provided\s+that|excluding)\b[^.;]{0,160}?"
    r"\b(?:sustained|sustaining|substantiated)\b", re.IGNORECASE)


def _sustained_carve_out(text: str) -> bool:
    match = _SUSTAINED_CARVE_OUT.search(text)
    return bool(match) and not _UNSUSTAINED_ONLY.search(match.group(0)) and not _SUSTAINED_OR_NOT.search(text)


_NAME = r"(?:names?|identit(?:y|ies))"
_OFFICER = r"(?:officers?|deput(?:y|ies)|troopers?|employees?|defendants?|agents?|constables?|jailers?)"
#: A sentence of its own that keeps the officer's name out of what the bill publishes: "A publication under
#: subsection (c) shall not include the name of any officer", "shall remove from each report ... the names of
#: all officers", "No report ... may identify an individual law enforcement officer by name", "An officer's
#: name shall not appear in any record published under subsection (c)".
_OFFICER_UNNAMED = re.compile(
    r"\b(?:shall|may|must)\s+not\s+(?:identify|name)\b[^.;]{0,40}?\b" + _OFFICER +
    r"|\b(?:shall|may|must)\s+not\s+(?:include|contain|reveal|disclose|show|list|state)\s+(?:the\s+)?" + _NAME +
    r"\b[^.;]{0,30}?\b" + _OFFICER +
    r"|\bno\s+[^.;]{0,60}?\b(?:may|shall|must)\s+(?:identify|name)\b[^.;]{0,40}?\b" + _OFFICER +
    r"|\b(?:omit|omits|omitting|remove|removes|withhold|withholds|redact|redacts|delete|deletes)\b[^.;]{0,50}?\b" + _NAME +
    r"\s+of\s+(?:\w+\s+){0,3}?" + _OFFICER +
    r"|\b" + _NAME + r"\s+of\s+(?:\w+\s+){0,4}?" + _OFFICER + r"\b[^.;]{0,60}?\b(?:(?:shall|must)\s+be\s+"
    r"(?:redacted|omitted|removed|deleted|withheld|excluded)|(?:may|shall|must)\s+not\s+be\s+"
    r"(?:disclosed|revealed|published|released|included|identified))"
    r"|\b" + _OFFICER + r"(?:'s|s'|’s)\s+" + _NAME + r"\s+(?:shall|may|must)\s+not\s+(?:appear|be\s+(?:disclosed|included|"
    r"published|released))", re.IGNORECASE)


def _officer_unnamed(text: str) -> bool:
    """Whether the sentence keeps officers' names out ("shall not redact the name of any officer" does not)."""
    return _unnegated_match(_OFFICER_UNNAMED, text)


#: "confidential, whether or not sustained": every complaint stays closed.
_SUSTAINED_OR_NOT = re.compile(r"\bwhether\s+or\s+not\s+(?:\w+\s+){0,6}?sustained\b|\bsustained\s+or\s+not\b"
                               r"|\bregardless\s+of\s+whether\b[^.;]{0,40}\bsustained\b", re.IGNORECASE)


#: An item that opens "Notwithstanding (1), ..." sets its own rule against the list's lead-in.
_NOTWITHSTANDING_ITEM = re.compile(r"\W*(?:" + _ITEM_LABEL + r"\s*)*notwithstanding\b", re.IGNORECASE)


#: An item that limits its own list: "(2) This section does not exempt from disclosure ...", "(2) Nothing in
#: this subsection exempts ...", "(2) This exemption does not cover ...".
_LIST_LIMITED_ITEM = re.compile(
    r"\W*(?:" + _ITEM_LABEL + r"\s*)*(?:nothing\s+in\s+(?:this\b|(?:paragraph|subparagraph|subsection|subdivision)\s+\(\w+\))|this\s+(?:section|subsection|subdivision|paragraph|"
    r"subparagraph|exemption|chapter|part|article)\s+(?:does|shall|may)\s+not\b)", re.IGNORECASE)


#: Cues that name the act of exempting or withholding (not the adjective "confidential"): "This section does
#: not exempt ...", "Nothing in this subsection exempts ..." free what they name.
_EXEMPTING_CUES = frozenset({"records.exempt_from_disclosure", "records.withholding", "records.exemption_reaches"})


def _item_overrides_lead_in(clause: Clause) -> bool:
    """An item of an exemption list that takes records out of it: "(3) Notwithstanding subsections
    (1) and (2), records of any complaint ... are not exempt from public inspection", "(2) This
    section does not exempt from disclosure ...". Its own negated exemption or its
    "notwithstanding" decides, not the lead-in ("is exempt from ...")."""
    if _NOTWITHSTANDING_ITEM.match(clause.sent.text) or _LIST_LIMITED_ITEM.match(clause.sent.text):
        return True
    if _sustained_carve_out(clause.sent.text):
        return True  # "(1) records of an investigation, except the final report of a sustained finding"
    confidential = clause.of("CONFIDENTIAL")
    if any(negated and (distance <= 3 or _negated_before(cue)) for cue, (_, negated, distance)
           in zip(confidential, map(_mod, confidential))):
        return True  # "are not exempt from ...", "(2) This section does not exempt from disclosure ..."
    # "Records of judgments ... shall be posted by the governmental entity on its public web site": an
    # item that imposes disclosure in its own words and names no exemption
    # ("..., except that this exemption does not apply to a record of a sustained finding" takes records out)
    return not confidential and any(
        cue.id_ == "records.exemption_not_applicable" or _owed_disclosure(*_mod(cue)) for cue in clause.of("DISCLOSE"))


def _owed_disclosure(modality: str | None, negated: bool, distance: int) -> bool:
    """A disclosure duty governing its cue directly ("shall be posted by ... on its public web site")."""
    return modality == "mandatory" and not negated and distance <= 4


#: What a published document is called when its content follows ("a report listing each action").
_REPORT_WORDS = frozenset({"report", "reports", "list", "listing", "register", "statement", "summary"})


#: A settlement's secrecy barred: a confidentiality or nondisclosure term voided ("Any term that purports
#: to make the agreement confidential is void", "A nondisclosure clause ... is unenforceable") or
#: forbidden ("No settlement agreement may contain a term that prevents its disclosure", "may not agree
#: to keep the terms confidential", "shall not approve a settlement that requires the terms to be kept
#: confidential"). It opens what it names; read only in a sentence about a settlement or agreement.
_SECRET = (r"(?:confidential\w*|non-?disclosure|secre(?:t|cy)\b|(?:prevents?|restricts?|bars?|prohibits?|precludes?|limits?)"
           r"\s+(?:\w+\s+){0,4}?disclos\w*)")
_SECRECY_BARRED = re.compile(
    r"\b(?:confidential(?:ity)?|non-?disclosure|secre(?:cy|t))\b[^.;]{0,160}?\b(?:is|are|shall\s+be)\s+(?:\w+\s+){0,2}?"
    r"(?:void|voidable|unenforceable|null|prohibited|against\s+public\s+policy)\b"
    # the negation governs the verb: "may not agree to keep ...", not "may not disclose a settlement that contains ..."
    r"|(?:\bno\b[^.;]{0,100}?\b(?:shall|may|must|will)\s+(?:be\s+)?|\b(?:shall|may|must|will)\s+not\s+(?:be\s+)?|\bcannot\s+(?:be\s+)?)"
    r"(?:contain|include|agree|enter\s+into|approve|condition(?:ed)?|impose|require)\w*\b[^.;]{0,100}?" + _SECRET, re.IGNORECASE)
#: Verbs that undo a confidentiality term: negated, they keep it ("Nothing ... shall void a confidentiality provision").
_VOIDING_VERBS = frozenset({"void", "voids", "invalidate", "invalidates", "override", "overrides", "supersede",
                            "supersedes", "abrogate", "abrogates", "nullify", "nullifies"})
_SETTLEMENT_WORDS = frozenset({"settlement", "settlements", "agreement", "agreements", "settling", "settle"})


def _secrecy_barred(clause: Clause) -> bool:
    return bool(_SETTLEMENT_WORDS & clause.words) and bool(_SECRECY_BARRED.search(clause.sent.text))


#: A disclosure to named people only, not the public: "disclosed only to the officer and the officer's counsel".
_PRIVATE_AUDIENCE = re.compile(
    r"\s+(?:\w+\s+){0,2}?only\s+to\s+(?:the|a|an|any)\s+(?:\w+(?:'s)?\s+){0,2}?(?:officers?|deput(?:y|ies)|employees?|complainants?"
    r"|counsel|attorneys?|prosecutors?|agenc(?:y|ies)|boards?|commissions?|courts?|part(?:y|ies)|subjects?|supervisors?)\b",
    re.IGNORECASE)


def resolve_records(clause: Clause, emit: Emitter) -> None:
    disclose = clause.of("DISCLOSE")
    confidential = clause.of("CONFIDENTIAL")
    limits = clause.of("DISCLOSE_LIMIT")
    own_rule = clause.parent is not None and _item_overrides_lead_in(clause)
    kind = "records_override" if own_rule else "records"
    if clause.parent is not None and clause.of("DISCLOSE", "CONFIDENTIAL", "RECORD_TOPIC") and not own_rule:
        for signal, labels, _ in clause.parent.item_signals:
            if signal.startswith("records_"):
                emit(clause, signal, clause.of("DISCLOSE", "CONFIDENTIAL", "RECORD_TOPIC")[0], "list_item")
                return  # an item of an exemption (or disclosure) list
    if clause.of("NAME_WITHHELD") and _officer_unnamed(clause.sent.text) and not any(
            not _mod(cue)[1] for cue in confidential if cue.id_ != "records.withholding"):
        # "(d) A publication under subsection (c) shall not include the name of any officer": it limits what
        # the bill publishes elsewhere in its section (criteria.rule_public_records pairs the two), or what
        # its own sentence publishes ("shall publish each judgment, but shall not name any officer")
        own = [cue for cue in disclose if not _mod(cue)[1]]
        emit(clause, "records_limited", (own or clause.of("NAME_WITHHELD"))[0],
             "records" if own else "records_anonymised")
        return
    if own_rule and _sustained_carve_out(clause.sent.text) and clause.of("RECORD_TOPIC", "CONFIDENTIAL", "DISCLOSE"):
        # an item of a closing list that lets sustained findings out: the rest of the item stays closed
        emit(clause, "records_limited", clause.of("CONFIDENTIAL", "DISCLOSE", "RECORD_TOPIC")[0], kind)
        return
    if not disclose and not confidential and not limits:
        return
    doc = clause.sent.doc
    if not (RECORD_TOPIC_WORDS & clause.window_words or "internal" in clause.window_words):
        return
    if _secrecy_barred(clause):
        emit(clause, "records_public", (confidential or disclose or limits)[0], "records_secrecy_barred")
        return

    officials = _public_official(clause, window=True) or "enforcement" in clause.window_words

    def is_topic(i: int) -> bool:
        # "Federal Bureau of Investigation" names an agency, not records.
        lower = doc[i].lower_
        if lower == "internal" and i + 1 < len(doc) and doc[i + 1].lower_ in (
                "affairs", "investigation", "investigations", "review"):
            return True
        if lower not in RECORD_TOPIC_WORDS or (i >= 2 and doc[i - 2].lower_ == "bureau"):
            return False
        if lower.startswith("investigat") and i >= 2 and doc[i - 1].lower_ in ("'s", "’s") and doc[i - 2].lower_ in (
                "agency", "department", "employer"):
            return True  # "All other records of the agency's investigation of that conduct remain confidential"
        return officials or lower not in WEAK_RECORD_TOPIC_WORDS

    def near_topic(cue: Span) -> bool:
        # The records must be what is disclosed: a topic word close to the cue, or in the
        # list that a lead-in introduces.
        lo, hi = max(clause.sent.start, cue.start - 15), min(clause.sent.end, cue.end + 15)
        if doc[cue.start].lower_ in ("be", "is", "are") or (
                cue.start > clause.sent.start and doc[cue.start - 1].lower_ in ("be", "is", "are")):
            # a predicate ("The record of any judgment or settlement ..., including ..., shall be an
            # open public record"): its subject, however long, names the records
            lo = max(clause.sent.start, cue.start - 60)
        if clause.parent is not None and _LIST_LIMITED_ITEM.match(clause.sent.text):
            # "(2) This section does not exempt from disclosure a claim ..., any pleading ..., or the terms of
            # any judgment or settlement": what the item frees is the object, to the end of the sentence
            hi = clause.sent.end
        if any(t.lower_ in _REPORT_WORDS for t in doc[cue.end:min(clause.sent.end, cue.end + 16)]):
            # "shall publish on its website a report listing each action ..., its disposition and the
            # amount of any judgment": the report's whole description names the records
            hi = clause.sent.end
        if any(is_topic(i) for i in range(lo, hi)):
            return True
        return clause.window_end > clause.sent.end and bool(
            RECORD_TOPIC_WORDS & {t.lower_ for t in doc[clause.sent.end:clause.window_end]})

    def predicated(cue: Span) -> bool:
        # "shall make publicly available", "are publicly available" - not "based on publicly
        # available information".
        if cue.id_ != "records.publicly_available":
            return True
        before = {t.lower_ for t in doc[max(clause.sent.start, cue.start - 3):cue.start]}
        if before & {"make", "made", "makes", "be", "is", "are", "remain", "become", "becomes", "been"}:
            return True
        following = {t.lower_ for t in doc[cue.end:min(clause.sent.end, cue.end + 3)]}
        return bool(following & {"database", "registry", "website", "list", "report", "reports"})

    disclose = [cue for cue in disclose if near_topic(cue) and predicated(cue)]
    confidential = [cue for cue in confidential if near_topic(cue)]
    limits = [cue for cue in limits if near_topic(cue)]
    if clause.parent is not None and emit.has(clause.parent, "records_confidential") and not own_rule:
        return  # an item of an exemption list ("Nothing ... shall require disclosure of: (2) ...")
    # what stays closed is only the complaints not sustained (or that end in no sanction, when the passage
    # just before opens the sanctions): the rest are disclosed, so disclosure is partial
    unsustained = bool(_UNSUSTAINED_ONLY.search(clause.sent.text) or (
        _NO_SANCTION_ONLY.search(clause.sent.text) and _OPENED_JUST_BEFORE.search(
            doc.text, max(0, clause.sent.start_char - 400), clause.sent.start_char))) and not _SUSTAINED_OR_NOT.search(
        clause.sent.text)
    list_limited = bool(_LIST_LIMITED_ITEM.match(clause.sent.text))
    # "provided, that the name ... of a complainant or witness who is not a public employee shall be redacted":
    # private persons' privacy (and its proviso), not a limit on the officer's records
    private_only = bool(_PRIVATE_PERSONS_REDACTED.search(clause.sent.text)) and not _officer_unnamed(clause.sent.text)
    if _anonymised(clause.sent.text) and any(not _mod(cue)[1] for cue in disclose) and not private_only:
        # "shall disclose the outcome of every complaint, but shall withhold the identity of the officer",
        # "shall publish each judgment in a form that does not disclose the identity of any officer"
        emit(clause, "records_limited", disclose[0], kind)
        return
    for cue in confidential:
        if any(d.start > cue.start and not _mod(d)[1] and _opened_by_proviso(d, clause) for d in disclose):
            continue  # "may exempt records of a personal nature; provided, however, that records of a complaint ...
            # shall be disclosed": the proviso opens what the closure would cover
        nxt = doc[cue.end].lower_ if cue.end < len(doc) else ""
        if nxt in ("informant", "informants", "source", "sources", "resource", "advisor"):
            continue  # "a confidential informant" is a person, not a record
        modality, negated, distance = _mod(cue)
        # "(2) Nothing in this subsection exempts from public inspection ...", "(2) This exemption does not
        # cover ...", "(2) Notwithstanding (1), no exemption in this section applies to ..."
        freed = (list_limited and cue.id_ in _EXEMPTING_CUES) or (own_rule and _negated_before(cue)) or (
            cue.id_ == "records.exemption_reaches" and any(t.lower_ in ("not", "no") for t in cue))
        if freed:
            negated, distance = True, 0
            if ({"sustained", "sustains", "sustaining"} & clause.words or _finding_only(clause.sent.text)) and not (
                    _SUSTAINED_OR_NOT.search(clause.sent.text) or "unsustained" in clause.words):
                # "..., except that this exemption does not apply to a record of a sustained finding";
                # "This subsection does not exempt ... a sustained finding" lifts the closure before it
                emit(clause, "records_limited", cue, "records_override" if list_limited else kind)
                return
        if negated and unsustained and not _negation_outside(cue, _UNSUSTAINED_ONLY):
            negated = False  # "complaints that were not sustained remain private": the "not" is the finding's
        if negated and (distance <= 3 or _negated_before(cue)) and (
                freed or not any(t.lower_ in ("not", "no") for t in cue)) \
                and not _VOIDING_VERBS & {t.lower_ for t in doc[max(clause.sent.start, cue.start - 4):cue.start]}:
            # "may not be withheld from the public", "does not exempt" (but "Nothing ... shall void a
            # confidentiality provision" keeps the secrecy)
            emit(clause, "records_public", cue, kind)
            return
        if any(other.id_ == "records.exemption_reaches" and any(t.lower_ in ("not", "no") for t in other)
               for other in confidential if other.start > cue.start):
            # "Records of internal investigations are confidential, but the exemption does not reach the
            # final report of a sustained finding": closed, with records carved out of the closure
            emit(clause, "records_limited", cue, kind)
            return
        if _sustained_carve_out(doc.text[cue.start_char:max(clause.sent.end_char, doc[:clause.window_end].end_char)]):
            # "exempt from public inspection, except that a record of a sustained complaint is a public
            # record", "confidential unless the investigation resulted in a sustained finding", or in the
            # list it leads ("are confidential: (1) records of ..., except the final report of a sustained finding")
            emit(clause, "records_limited", cue, kind)
            return
        if unsustained:
            # "Allegations that were not sustained ... remain confidential": what stays closed is
            # the unsustained complaints, so sustained findings are the ones disclosed (in part).
            emit(clause, "records_limited", cue, "records_unsustained")
            return
        emit(clause, "records_confidential", cue, "records")
        clause.item_signals.append(("records_confidential", (), cue))
        return
    for cue in disclose:
        if _PRIVATE_AUDIENCE.match(doc.text, cue.end_char):
            # "shall be disclosed only to the officer and the officer's counsel": not to the public
            emit(clause, "records_confidential", cue, "records")
            return
    for cue in disclose:
        modality, negated, distance = _mod(cue)
        before = [t.lower_ for t in doc[max(clause.sent.start, cue.start - 3):cue.start]]
        if any(w in ("require", "requires", "required") for w in before) and any(
                t.lower_ in ("nothing", "no", "not") for t in doc[clause.sent.start:cue.start]):
            negated, distance = True, 0  # "Nothing ... shall be construed to require disclosure of"
        if negated and distance <= 4 and not _denies_refusal(cue):
            if unsustained:
                # "Records of complaints that were not sustained shall not be disclosed": the rest are
                emit(clause, "records_limited", cue, "records_unsustained")
                return
            emit(clause, "records_confidential", cue, "records")
            clause.item_signals.append(("records_confidential", (), cue))
            return
    # "without redaction of the officer's name", "no part ... shall be redacted", "may not be
    # redacted": the limit is negated, so it widens disclosure instead of narrowing it.
    lifted = [cue for cue in clause.of("DISCLOSE_LIMIT") if _limit_negated(cue)]
    limits = [cue for cue in limits if cue not in lifted]
    if disclose and private_only:
        limits = []  # the redaction protects complainants or witnesses, not the officer
    if limits:
        emit(clause, "records_limited", limits[0], kind)
        return
    # a disclosure a proviso states decides before the closure's own words ("may exempt from disclosure ...;
    # provided, however, that records of a complaint ... shall be disclosed")
    for cue in sorted(disclose, key=lambda cue: not _opened_by_proviso(cue, clause)):
        modality, negated, distance = _mod(cue)
        if _denies_refusal(cue) or cue.id_ == "records.public_may_inspect":
            modality = "mandatory"  # "may not deny inspection" forbids refusing; "Any person may inspect" is the public's right
        limit_words = RECORD_LIMIT_WORDS & clause.words
        if _opened_by_proviso(cue, clause):
            # the proviso's own words, to the end of its item, say what it opens; the exception list around it does not
            proviso = doc.text[cue.start_char:clause.sent.end_char].split(";")[0]
            head = doc.text[clause.sent.start_char:cue.start_char]
            head = head[list(_PROVISO.finditer(head))[-1].end():]
            limit_words = RECORD_LIMIT_WORDS & {w.lower() for w in re.findall(r"[A-Za-z]+", head + " " + proviso)}
        if lifted and not limits:
            limit_words = limit_words - {t.lower_ for cue in lifted for t in cue}
        if "unsustained" in clause.words or "not sustained" in clause.sent.text.lower() or _SUSTAINED_OR_NOT.search(
                clause.sent.text):
            limit_words = limit_words - {"sustained", "sustains"}  # "sustained and unsustained allegations"
        if private_only:
            limit_words = limit_words - {"redact", "redacted", "redaction", "redactions"}
        limited = bool(limit_words) or bool(_BUT_NOT_SOME.search(clause.sent.text)) or (
            cue.id_ != "records.exemption_not_applicable" and not private_only and not _opened_by_proviso(cue, clause)
            and any(kind in cue._.scope for kind in ("except", "unless", "only_if"))) or bool(
            _finding_only(clause.sent.text)) or bool(  # "that results in a finding that the officer engaged in misconduct"
            _COUNTS_ONLY.search(clause.sent.text)) or bool(  # "the number of complaints ..., without identifying any officer"
            _anonymised(clause.sent.text) and not private_only)  # "..., but the report may not name any officer"
        if modality == "permissive" or limited:
            emit(clause, "records_limited", cue, kind)
        else:
            emit(clause, "records_public", cue, kind)
        return


#: A proviso that opens what the exception before it closed: "..., except: ... memoranda that express matters of
#: opinion; provided that records of a complaint ... shall be open to inspection".
_PROVISO = re.compile(r"\bprovided(?:,\s*however,)?\s*,?\s+that\b|\bexcept\s+that\b", re.IGNORECASE)
#: What a proviso can open: an exception or a closure before it.
_CLOSURE_BEFORE = re.compile(r"\bexcept\b|\bexempt\w*|\bexclu\w*|\bdeny\b|\bconfidential\b|\bwithh\w*", re.IGNORECASE)


def _opened_by_proviso(cue: Span, clause: Clause) -> bool:
    """Whether the disclosure stands in a proviso after the exception or closure that scopes it ("except: ...;
    provided that records of a complaint ... shall be open"; "may deny inspection of personnel files, except that
    records of internal investigations shall be open"): the proviso overrides it, so it is no limit on the disclosure."""
    before = cue.doc.text[clause.sent.start_char:cue.start_char]
    provisos = list(_PROVISO.finditer(before))
    # an item of an exception list ("except: ... C. memoranda that express opinion; provided that ...") has its
    # exception in the list's lead-in
    return bool(provisos) and bool(_CLOSURE_BEFORE.search(before[:provisos[-1].start()]) or clause.parent is not None) and not \
        re.search(r"\b(?:unless|only\s+if|except|if)\b", before[provisos[-1].end():], re.IGNORECASE)


#: Records carved out of what a clause opens: "The final disposition of a complaint, but not the investigative file,
#: is a public record" (the disclosure is real but limited).
_BUT_NOT_SOME = re.compile(r",\s*but\s+not\s+(?:the|any|its)\s+[^,;.]{1,60}?(?:file|files|record|records|report|reports|notes"
                           r"|materials?|documents?|statements?|evidence|identity|name)\s*,", re.IGNORECASE)


#: A redaction of private persons only: the identity of complainants, witnesses or victims.
_PRIVATE_PERSONS_REDACTED = re.compile(
    r"\b(?:complainants?|witness(?:es)?|victims?|minors?|informants?|juveniles?)\b[^.;]{0,120}?\bredact\w*"
    r"|\bredact\w*\b[^.;]{0,80}?\b(?:complainants?|witness(?:es)?|victims?|minors?|informants?|juveniles?)\b", re.IGNORECASE)


def _negation_outside(cue: Span, phrase: re.Pattern[str]) -> bool:
    """Whether a "not"/"no"/"never" within four words before ``cue`` stands outside every match of
    ``phrase`` in the sentence (the "not" of "were not sustained" belongs to the finding)."""
    sent = cue.sent
    inside = [(sent.start_char + m.start(), sent.start_char + m.end()) for m in phrase.finditer(sent.text)]
    for token in cue.doc[max(sent.start, cue.start - 4):cue.start]:
        if token.lower_ in ("not", "no", "never", "n't") and not any(a <= token.idx < b for a, b in inside):
            return True
    return False


#: Verbs that forbid disclosure: negated, they protect it ("may not prohibit the disclosure of its terms").
_FORBIDDING_VERBS = frozenset({"prohibit", "prohibits", "restrict", "restricts", "prevent", "prevents", "bar",
                               "bars", "forbid", "forbids", "preclude", "precludes"})


def _denies_refusal(cue: Span) -> bool:
    """A disclosure cue that carries its own negation ("may not deny inspection", "shall not
    refuse access"), or one a negated forbidding verb governs ("A settlement agreement may not
    prohibit the disclosure of its terms"): the "not" forbids the refusal, not the disclosure."""
    if any(t.lower_ in ("not", "no") for t in cue):
        return True
    before = [t.lower_ for t in doc_slice(cue, 3)]
    return bool(_FORBIDDING_VERBS & set(before)) and any(
        t.lower_ in ("not", "no", "never") for t in doc_slice(cue, 5))


def _limit_negated(cue: Span) -> bool:
    """A records limit that is itself negated ("without redaction", "shall not redact", "no part
    ... shall be redacted")."""
    before = {t.lower_ for t in doc_slice(cue, 2)}
    if before & {"without", "no", "not", "never"}:
        return True
    modality, negated, distance = _mod(cue)
    if negated and distance <= 3:
        return True
    start = cue.sent.start if cue.sent is not None else max(0, cue.start - 8)
    return any(t.lower_ == "no" for t in cue.doc[max(start, cue.start - 8):cue.start]) and any(
        t.lower_ in ("shall", "may", "must") for t in cue.doc[max(start, cue.start - 3):cue.start])


def resolve_list_items(clause: Clause, emit: Emitter) -> None:
    """An item of a lead-in's list carries the lead-in's signal when it holds the cue the
    signal turned on (annotation rule G4: an item is read together with its lead-in)."""
    parent = clause.parent
    while parent is not None:
        for signal, labels, lead_cue in parent.item_signals:
            cues = clause.of(*labels)
            if cues:
                emit(clause, signal, cues[0], "list_item")
        parent = parent.parent


# --- provisions withdrawn by another clause ----------------------------------------------------
#
# "(3) Subsection (2) does not apply to an action against a peace officer", "(d) Subdivision (c)
# does not apply if the defendant is a peace officer", "..., except that this subsection does not
# apply to an action against a Federal law enforcement officer": the named provision stops
# meaning what it says for some defendants, so what it grants (a bar on QI, mandatory fees,
# mandatory indemnification, lifted caps) is not granted to all.

_REFERENCE_NOUNS = frozenset({"subsection", "subdivision", "paragraph", "section", "subparagraph", "clause",
                              "provisions", "provision", "item"})
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10"}
_WITHDRAWABLE = ("qi_barred", "fees_mandatory", "indemnify_mandatory", "caps_lifted")
_DEFENDANT_WORDS = OFFICIAL_WORDS | EMPLOYER_WORDS | {"defendant", "defendants", "against"}


def _enumerator(sent: Span) -> str | None:
    """The label a clause starts with: "(2)" -> "2", "B." -> "b", "3." -> "3"."""
    match = re.match(r"\s*\(?([0-9]{1,3}|[a-zA-Z]{1,2})[.)]\s", sent.text)
    return match.group(1).lower() if match else None


def _withdrawal(clause: Clause) -> tuple[str, str | None] | None:
    """``("this", None)`` or ``("named", label)`` when the clause withdraws a provision from some
    defendants; None otherwise."""
    cues = clause.of("WITHDRAW")
    if not cues:
        return None
    doc = clause.sent.doc
    cue = cues[0]
    tail = {t.lower_ for t in doc[cue.end:min(clause.sent.end, cue.end + 18)]}
    if not (tail & _DEFENDANT_WORDS or clause.of("POLICE") or clause.of("BAD_ACT")):
        # "does not apply to conduct before the effective date" (but "does not apply in case of malfeasance in
        # office or willful or wanton neglect of duty" withholds the provision from those defendants)
        return None
    # The reference must be the subject of "does not apply": only reference words stand between
    # them ("Subsection (2) of this section does not apply"; not "In an action under this
    # section, qualified immunity shall not apply").
    head: list[str] = []
    for t in reversed(doc[max(clause.sent.start, cue.start - 8):cue.start]):
        if t.is_space:
            continue
        word = t.lower_.strip("().")
        if not (word in _REFERENCE_NOUNS or word in _NUMBER_WORDS or word in ("", "of", "this", "the", "that")
                or re.fullmatch(r"[0-9]{1,3}|[a-z]{1,2}|[ivx]{1,4}", word)):
            break
        head.insert(0, t.lower_)
    nouns = [m for m, word in enumerate(head) if word in _REFERENCE_NOUNS]
    if not nouns:
        return None
    # "the provisions of subsection B", "Subsection (2) of this section": the noun followed by a
    # label names the provision; "this subsection" names the clause's own item.
    for m in reversed(nouns):
        rest = [w.strip("().") for w in head[m + 1:m + 4] if w not in ("(", ")")]
        if rest and rest[0] and rest[0] not in ("of", "the", "this", "that") and (
                rest[0] in _NUMBER_WORDS or re.fullmatch(r"[0-9]{1,3}|[a-z]{1,2}", rest[0])):
            return ("named", _NUMBER_WORDS.get(rest[0], rest[0]))
    if any(m > 0 and head[m - 1] == "this" for m in nouns):
        return ("this", None)
    return None


def _labelled_ranges(doc: Doc) -> list[tuple[str | None, int, int]]:
    """``[(label, start, end)]`` per sentence: the enumerator of the item the sentence is in.

    An item label may stand as a sentence of its own ("3." then "The court shall ..."); it holds
    until the next label. Headings ("Exception.") keep the current label.
    """
    from pipeline.components.context import sentence_starts

    starts = sentence_starts(doc)
    out, current = [], None
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(doc)
        label = _enumerator(doc[start:end])
        text = doc[start:end].text.strip()
        if label is None and re.fullmatch(r"\(?([0-9]{1,3}|[a-zA-Z]{1,2})[.)]", text):
            label = text.strip("().").lower()
        if label is not None:
            current = label
        out.append((current, start, end))
    return out


def resolve_withdrawals(clauses: list[Clause], emit: Emitter) -> None:
    """Withdraw what a provision grants when another clause says it does not apply to some defendants."""
    found = [(clause, _withdrawal(clause)) for clause in clauses]
    found = [(clause, w) for clause, w in found if w is not None]
    if not found:
        return
    ranges = _labelled_ranges(found[0][0].sent.doc)
    for clause, (kind, label) in found:
        if kind == "this":
            label = next((lab for lab, lo, hi in ranges if lo <= clause.sent.start < hi), None)
            targets = [(clause.sent.start, clause.sent.end)]
            if label is None:
                # An item whose label the text does not give as an enumerator ("Subd. 5.
                # Indemnification. The political subdivision shall ... This subdivision does not
                # apply to ..."): "this subdivision" is at least the sentence just before.
                targets += [(lo, hi) for k, (_, lo, hi) in enumerate(ranges)
                            if k + 1 < len(ranges) and ranges[k + 1][1] <= clause.sent.start < ranges[k + 1][2]]
        else:
            targets = []
        targets += [(lo, hi) for lab, lo, hi in ranges if label is not None and lab == label]
        for lo, hi in targets:
            if lo <= clause.sent.start < hi and kind == "named":
                continue  # "subsection (2)" named inside subsection (2) itself is not a withdrawal of it
            for signal in _WITHDRAWABLE:
                withdrawn = emit.withdraw(lo, hi, signal)
                if withdrawn and signal == "qi_barred":
                    cue = (clause.of("POLICE", "ALL_PUBLIC", "LIABLE") or clause.cues)[0]
                    emit(clause, "immunity_saved", cue, "withdrawal")
                elif withdrawn and signal == "indemnify_mandatory" and clause.of("BAD_ACT"):
                    # "This subdivision does not apply to an officer who is convicted of a crime":
                    # indemnification withheld in some cases (RUBRIC.md: no).
                    emit(clause, "indemnify_carveout", clause.of("BAD_ACT")[0], "withdrawal")


#: The doctrine's elements (RUBRIC.md: the bar is often written through them): belief in lawfulness, good faith,
#: clearly established law, a prior decision, what a reasonable officer would have understood, settled case law.
_QI_ELEMENT = re.compile(
    r"\bbelie(?:f|fs|ved?|ves)\b[^.;]{0,60}?\blawful|\blawfulness\b|\bgood[\s-]+faith\b|\bclearly\s+established\b"
    r"|\b(?:prior|earlier|previous)\s+(?:judicial\s+|court\s+)?(?:decisions?|cases?|rulings?|precedents?|case\s+law)\b|\bcase\s+law\b|\bprecedents?\b"
    r"|\b(?:had|has|have)\s+(?:previously\s+|already\s+)?(?:held|found|ruled|declared)\b[^.;]{0,60}?\b(?:unlawful|unconstitutional|illegal)"
    r"|\breasonable\s+(?:officer|official|person|employee)\s+(?:would|could|should)\b|\b(?:unsettled|settled)\b", re.IGNORECASE)
#: The provision is about liability in an action (or what its court weighs), not a procedure or a grant.
_LIABILITY_CONTEXT = re.compile(r"\b(?:liab(?:le|ility)|actions?|claims?|recover\w*|defendants?|suits?|court)\b", re.IGNORECASE)
#: The bill's own action: "under this section", "an action under this chapter".
_OWN_ACTION = re.compile(r"\bunder\s+this\s+(?:section|chapter|act|article|subchapter|part|title)\b", re.IGNORECASE)


#: The clearly-established test stated as what a plaintiff must show: a prior decision on similar conduct.
_PRIOR_LAW_TEST = re.compile(r"\bclearly\s+established\b|\bmaterially\s+similar\b|\bprior\s+(?:judicial\s+|court\s+)?decisions?\b"
                             r"|\b(?:decision|court|precedent)\b[^.;]{0,120}?\bhad\s+(?:held|found|ruled|declared)\b", re.IGNORECASE)


#: Relief denied on a ground named after it: "may not obtain dismissal, summary judgment, or judgment as a matter of
#: law", "No motion to dismiss ... shall be granted".
_DISMISSAL_DENIED = re.compile(
    r"\b(?:may|shall|must|will)\s+not\s+(?:obtain|receive|be\s+granted|be\s+entitled\s+to)\s+(?:a\s+)?(?:dismissal|summary|judgment)"
    r"|\bno\s+motion\b[^.;]{0,80}?\b(?:shall|may|will)\s+be\s+granted\b", re.IGNORECASE)


def _relief_denied_before(prefix: str) -> bool:
    """Whether the last relief named before a ground is denied ("may not obtain dismissal ... on the ground that"),
    not granted after a "but" ("may not obtain dismissal on the ground that ..., but may obtain dismissal on the
    ground that ...")."""
    denials = list(_DISMISSAL_DENIED.finditer(prefix))
    return bool(denials) and not re.search(r"\bbut\b|\b(?:may|shall)\s+obtain\b|;", prefix[denials[-1].end():], re.IGNORECASE)


#: Relief a court may not give: "shall not dismiss", "may not enter judgment for", "shall not be dismissed", "Judgment
#: shall not be entered", "is not entitled to dismissal or judgment", "shall deny any motion for dismissal".
_RELIEF_DENIED = re.compile(
    r"\b(?:shall|may|must|will)\s+not\s+(?:dismiss|enter\s+(?:a\s+)?judgment|render\s+(?:a\s+)?judgment"
    r"|grant\s+(?:a\s+|any\s+|the\s+)?(?:motion|summary\s+(?:judgment|disposition)|judgment|dismissal))"
    r"|\b(?:shall|may|must|will)\s+not\s+be\s+(?:dismissed|entered|rendered|granted)\b"
    r"|\b(?:is|are)\s+not\s+entitled\s+to\s+(?:a\s+)?(?:dismissal|judgment|summary\s+judgment)"
    r"|\bshall\s+deny\s+(?:any|a|each|every)\s+motion\b|" + _DISMISSAL_DENIED.pattern, re.IGNORECASE)
#: The ground a relief rests on, after the relief: "on the ground that", "on the basis that", "by reason of",
#: "because", "that rests on".
_GROUND = re.compile(r"\b(?:on|upon)\s+(?:the\s+)?(?:grounds?|basis)\s+(?:that|of)\b|\bby\s+reason\s+of\b|\bbecause\b"
                     r"|\b(?:that|which)\s+(?:rests|relies|is\s+based)\s+(?:on|upon)\b", re.IGNORECASE)
#: A ground that asks what courts had decided before: "had not been previously determined by a court", "recognized
#: ... in a judicial decision issued before the conduct", "the unlawfulness of the conduct".
_PRIOR_RULING = re.compile(r"\b(?:previously|earlier|already|before)\s+(?:been\s+)?(?:determined|decided|held|found|recognized|"
                           r"established|declared|applied|addressed)\b|\b(?:judicial|court)\s+(?:decisions?|rulings?|opinions?)\b"
                           r"|\bunlawfulness\b|\b(?:courts?|decisions?|precedents?)\b[^.;]{0,40}?\bhad\s+(?:\w+\s+)?(?:applied|addressed|"
                           r"held|found|decided|recognized)\b"
                           # the officer's view of the law: "could have regarded the conduct as lawful"
                           r"|\b(?:regarded|considered|understood|thought|estimation|belief|believed)\b[^.;]{0,50}?\blawful\b",
                           re.IGNORECASE)
#: Where a ground ends: a relief granted after "but" ("but may obtain dismissal on ..."), or the next clause; not
#: "reasonably but mistakenly believed".
_GROUND_END = re.compile(r"\bbut\s+(?:\w+\s+){0,3}?(?:may|shall|can|will|is|are)\b|;", re.IGNORECASE)


def _ground_names_element(text: str) -> bool:
    """Whether a ground ("that the officer believed in good faith that the conduct was lawful", "that no prior
    decision had held similar conduct unlawful") is one of the doctrine's elements, read up to a "but" or ";"."""
    ground = text[:end.start()] if (end := _GROUND_END.search(text)) else text
    return _names_an_element(ground)


def _names_an_element(text: str) -> bool:
    """Whether ``text`` names one of the doctrine's elements, in any of the wordings the three element patterns know."""
    return bool(_QI_ELEMENT.search(text) or _DOCTRINE_ELEMENTS.search(text) or _PRIOR_RULING.search(text))


def _relief_denied_on_element(text: str) -> re.Match | None:
    """The bar written as relief a court may not give on an element's ground: "the court shall not dismiss a claim
    ..., or enter judgment ..., on the ground that the officer believed ... that the conduct was lawful". A denial
    on another ground ("that the plaintiff gave no notice") is no bar."""
    for denial in _RELIEF_DENIED.finditer(text):
        ground = _GROUND.search(text, denial.end())
        if ground is not None and not _GROUND_END.search(text[denial.end():ground.start()]) and _ground_names_element(
                text[ground.end():]):
            return denial
    return None


#: What the trier may not weigh: "neither the court nor the trier of fact shall consider whether ...", "the court may
#: not consider whether ...".
_NOT_CONSIDER = re.compile(r"\b(?:shall|may|must)\s+not\s+(?:consider|weigh|take\s+into\s+account)\s+whether\b"
                           # "Liability ... shall not depend on whether an earlier judicial decision had addressed ..."
                           r"|\b(?:shall|does|do|will|may)\s+not\s+(?:depend|turn|hinge)\s+(?:on|upon)\s+whether\b"
                           # "... are not elements of the claim and shall not be pleaded in bar of it"
                           r"|\bare\s+not\s+elements\s+of\b|\b(?:shall|may)\s+not\s+be\s+pleaded\s+in\s+bar\b"
                           # "... shall not avail a defendant"
                           r"|\b(?:shall|does|will)\s+not\s+avail\b"
                           r"|\bneither\b[^.;]{0,60}?\bnor\b[^.;]{0,60}?\b(?:shall|may|must)\s+(?:consider|weigh)\s+whether\b",
                           re.IGNORECASE)


#: A lead-in that sets aside or forbids relief on what its items name: "may not consider, as a ground for denying
#: relief--", "shall disregard, and ... nor enter judgment for a government agent on the basis of:".
_ELEMENTS_LEAD_IN = re.compile(
    r"(?:\b(?:shall|may|must)\s+not\s+(?:consider|weigh|take\s+into\s+account)\b|\b(?:shall|must)\s+disregard\b"
    r"|\bnor\s+(?:enter|render)\s+judgment\b|\bnone\s+of\s+the\s+following\s+(?:shall|may)\s+(?:avail|excuse|bar|defeat)\b"
    r"|" + _RELIEF_DENIED.pattern + r")[^.;]{0,200}?(?:--|:|\u2014)[\s\"']*"
    r"(?:\(?\w{1,3}[.)]\s*)?$",
    re.IGNORECASE)
#: How far after a lead-in its items are looked for.
_ITEMS_REACH = 600
#: "A court may not require a plaintiff ... to identify a judicial decision holding conduct like the defendant's
#: unlawful": the clearly-established test taken away.
_PRECEDENT_NOT_REQUIRED = re.compile(
    r"(?:\b(?:may|shall|must)\s+not|\bno\s+(?:court|judge)\s+(?:shall|may))\s+require\b[^.;]{0,160}?\b(?:identify|show|cite|point\s+to|produce|establish)\b"
    r"[^.;]{0,40}?\b(?:decisions?|precedents?|cases?|rulings?|opinions?)\b", re.IGNORECASE)


def resolve_elements_set_aside(clause: Clause, emit: Emitter) -> None:
    """The bar written as the doctrine's elements made irrelevant: "the defendant's belief that the conduct was
    lawful is irrelevant to liability", "without regard to whether any court had previously found similar conduct
    unconstitutional", "even if no prior judicial decision addressed the conduct", "good faith shall not excuse
    liability". Only where no other immunity signal read the clause."""
    # a relief a court may not give ("shall not dismiss") only brings the clause here: its ground decides
    cues = [cue for cue in clause.of("IRRELEVANT") if cue.id_ != "qi_elements.relief_denied"]
    text = clause.sent.text
    precedent = _PRECEDENT_NOT_REQUIRED.search(text)
    weighed = (_NOT_CONSIDER.search(text) or _relief_denied_on_element(text) or precedent) if not cues else None
    lead_in = _ELEMENTS_LEAD_IN.search(text) if weighed is None else None
    if lead_in is not None:
        # "a court may not consider, as a ground for denying relief--", "the trier of fact shall disregard, and the court
        # shall neither instruct the jury to consider nor enter judgment for a government agent on the basis of:" with
        # the elements in the items that follow
        following = doc_text(clause.sent.doc)[clause.sent.end_char:clause.sent.end_char + _ITEMS_REACH]
        if _names_an_element(following):
            text = text + " " + following
            weighed = None if cues else lead_in
    if weighed is not None:
        # "In deciding whether a public actor is liable under this article, neither the court nor the trier of fact
        # shall consider whether any judicial decision ... had found comparable conduct to be unlawful"; "the court
        # shall not dismiss a claim ... on the ground that the officer believed ... that the conduct was lawful"
        cues = [clause.sent.char_span(weighed.start(), weighed.end(), alignment_mode="expand", label="IRRELEVANT")]
    if not cues or emit.has(clause, "qi_barred") or emit.has(clause, "qi_codified") or emit.has(
            clause, "good_faith_defense_retained") or clause.of("QI_CODIFY", "SAFE_HARBOR"):
        return
    if not ((_QI_ELEMENT.search(text) or _PRIOR_RULING.search(text) or precedent) and _LIABILITY_CONTEXT.search(text) and (
            # the precedent test is the doctrine's own, whoever the defendant
            precedent or OFFICIAL_WORDS & clause.window_words or _public_official(clause, window=True)
            or _OWN_ACTION.search(text))):
        return
    if re.search(r"\b(?:unless|only\s+if|is\s+not\s+liable|shall\s+not\s+be\s+liable)\b", text, re.IGNORECASE):
        return  # "... and the officer is not liable if ...": the element still decides liability
    emit(clause, "qi_barred", cues[0], "element_set_aside")


#: A defence or immunity named by the doctrine's elements, and whether the bill makes it (un)available:
#: "Immunity from suit on the basis that the right was not clearly established is not available in an action
#: under this section", "A peace officer shall not have available the defense that the officer acted in good
#: faith"; "A defense that the right was not clearly established ... is available to a defendant" keeps it.
_DEFENCE_NOUN = re.compile(r"\b(?:immunit(?:y|ies)|defen[cs]es?|protection\s+from\s+(?:suit|liability))\b", re.IGNORECASE)
_UNAVAILABLE = re.compile(
    r"\b(?:is|are|be|shall\s+be|will\s+be)\s+(?:not\s+|un)available\b|\b(?:shall|may|will|does|do)\s+not\s+(?:be|remain)\s+"
    r"available\b|\b(?:shall|may|will|does|do)\s+not\s+have\s+available\b|\bno\s+longer\s+available\b", re.IGNORECASE)
_AVAILABLE = re.compile(r"\b(?:is|are|shall\s+be|will\s+be|remains?|shall\s+remain)\s+available\b"
                        r"|\b(?:shall|may)\s+have\s+available\b", re.IGNORECASE)
_CONDITIONED = re.compile(r"\b(?:unless|only\s+if|except|provided\s+that)\b", re.IGNORECASE)
_NO = re.compile(r"\bno\b", re.IGNORECASE)
_NEITHER = re.compile(r"\bneither\b", re.IGNORECASE)


def resolve_defence_availability(clause: Clause, emit: Emitter) -> None:
    text = clause.sent.text
    defence = _DEFENCE_NOUN.search(text)
    if defence is None or not _QI_ELEMENT.search(text) or not (
            _LIABILITY_CONTEXT.search(text) or defence.group(0).lower().startswith("defen")) or not (
            OFFICIAL_WORDS & clause.window_words or _public_official(clause, window=True) or _OWN_ACTION.search(text)):
        return
    if _CONDITIONED.search(text):
        return  # "shall not be available ... unless the officer acted in good faith": a condition, read elsewhere
    cue = (clause.of("DEFENSE", "QI_TERM", "CLEARLY_ESTABLISHED", "GOOD_FAITH") or clause.cues)[0]
    available = _AVAILABLE.search(text)
    if _UNAVAILABLE.search(text) or (available and (
            _NO.search(text[:defence.start()]) or _NEITHER.search(text[:available.start()]))):
        # ("No defense of good-faith belief in the lawfulness of the conduct is available", "Neither a defense
        # nor an immunity from suit is available ... on the basis that the right was not clearly established")
        emit(clause, "qi_barred", cue, "defence_unavailable")
    elif available and not emit.has(clause, "good_faith_defense_retained"):
        # the negation of the element ("was not clearly established") is the defence's content, not a bar
        emit.withdraw(clause.sent.start, clause.sent.end, "qi_barred")
        emit(clause, "good_faith_defense_retained", cue, "defence_available")


#: A scope clause that confines the bill's action to some rights: "This section applies only to violations of
#: sections 7 and 10 of article I", "is limited to claims arising under the search and seizure clause", "does not
#: apply to any right other than the right to be free from excessive force".
_ONLY_SCOPE = re.compile(r"\b(?:only|solely|exclusively)\b|\blimited\s+to\b|\bother\s+than\b", re.IGNORECASE)
_THE_ACTION_ITSELF = re.compile(r"\b(?:this\s+(?:section|act|chapter|subsection|article)|subsections?\s+\(\w+\)|cause\s+of\s+action"
                                r"|remedy|action\s+under|rights\s+covered)\b", re.IGNORECASE)
_RIGHTS_NAMED = re.compile(
    r"\bsections?\s+\d|\barticle\s+(?:[IVX]+|\d)|\bclause\b|\brights?\s+to\b|\bdue\s+process\b"
    r"|\bequal\s+protection\b|\bsearch(?:es)?\b|\bseizures?\b|\bexcessive\s+force\b|\bfree\s+speech\b|\bfreedom\s+of\b"
    r"|\bspeech\b|\bassembly\b", re.IGNORECASE)
_RIGHTS_WORD = re.compile(r"\b(?:rights?|constitution|constitutional|violations?|deprivations?|clause)\b", re.IGNORECASE)


#: A definition of the rights term that names some rights only: '"right" means the right to free speech, the
#: right to assemble, and the right to be free from unreasonable seizures' (not "any right ..., including ...").
_RIGHT_DEFINED = re.compile(r"[\"“'](?:(?:constitutional|protected|covered|secured)\s+)?rights?[\"”']\s*,?\s*(?:means|shall\s+mean"
                            r"|refers\s+to|includes\s+only)\b(?P<body>[^.;]*)", re.IGNORECASE)
_EVERY_RIGHT = re.compile(r"\b(?:any|all|every|each)\s+(?:\w+\s+)?rights?\b|\bincluding\b|\bany\s+of\s+the\b", re.IGNORECASE)


def resolve_rights_scope(clause: Clause, emit: Emitter) -> None:
    """A scope clause narrowing the action to named rights (its own sentence; no liability cue needed)."""
    if (_narrowing_definition(clause.sent.text) or _narrowing_scope(clause.sent.text)) and not emit.has(
            clause, "rights_listed_only"):
        # "applies only to violations of sections 7 and 10 of article I of the constitution of this state": the
        # constitution is named to say which of its rights, not all of them
        emit.withdraw(clause.sent.start, clause.sent.end, "rights_all_state_constitution")
        emit(clause, "rights_listed_only", clause.cues[0], "rights_scope")


def _narrowing_definition(text: str) -> bool:
    defined = _RIGHT_DEFINED.search(text)
    return bool(defined) and bool(_RIGHTS_NAMED.search(defined.group("body"))) and not _EVERY_RIGHT.search(
        defined.group("body"))


def _narrowing_scope(text: str) -> bool:
    only = _ONLY_SCOPE.search(text)
    return only is not None and bool(_THE_ACTION_ITSELF.search(text)) and bool(_RIGHTS_WORD.search(text)) and bool(
        _RIGHTS_NAMED.search(text, only.end(), min(len(text), only.end() + 140)))


RESOLVERS = (resolve_list_items, resolve_immunity, resolve_elements_set_aside, resolve_defence_availability, resolve_coverage,
             resolve_rights, resolve_rights_scope, resolve_caps, resolve_intervene,
             resolve_indemnify, resolve_employer_liability, resolve_fees, resolve_accountability, resolve_records)


# --- the component -------------------------------------------------------------------------------

_FIRST_ROMAN = re.compile(r"\(?[iI][.)]")
#: The labels of a short Roman list ("(ii)", "(iv)"), not the letters "(c)", "(d)", "(l)", "(m)".
_SMALL_ROMAN = re.compile(r"\(?(?:x{0,1}(?:i{1,3}|iv|vi{0,3}|ix)|x)[.)]", re.IGNORECASE)


def _window_end(sent: Span, text: str) -> int:
    """Token index where a lead-in clause's list ends (``sent.end`` if it is no lead-in).

    ``text`` is ``doc.text``, passed in because building it walks the whole document.
    """
    if not _is_lead_in(sent):
        return sent.end
    doc = sent.doc
    indent0 = _line_indent(text, sent.start_char)
    kind0 = _enum_kind(sent.text)
    end = sent.end
    n = 0
    # whether the last clause taken was a bare label ("2."), whose item follows as its own clause
    after_label = bool(_TRAILING_LABEL.search(sent.text.rstrip()))
    roman_sublist = False
    while end < len(doc) and n < _WINDOW_MAX_CLAUSES:
        nxt = sentence_at(doc, end)
        if nxt.end_char - sent.start_char > _WINDOW_MAX_CHARS:
            break
        stripped = nxt.text.lstrip()
        if _HEADING.match(stripped):
            break
        indent = _line_indent(text, nxt.start_char + (len(nxt.text) - len(stripped)))
        kind = _enum_kind(stripped)
        if kind == kind0 and kind in ("roman", "ROMAN") and ((roman_sublist and _SMALL_ROMAN.match(stripped)) or (
                n == 0 and _FIRST_ROMAN.match(stripped) and sent.text.rstrip().endswith((":", "--", "—")))):
            # "(c) ... for any of the following reasons:\n(i) ...\n(ii) ...": "(c)" reads as a Roman
            # numeral too, but a list that opens on "(i)" after a colon is the lead-in's own
            roman_sublist = True
        elif roman_sublist:
            break  # "(d)" after "(c)(i) ... (ii)": the next unit of the lead-in's own level
        if indent > indent0 or roman_sublist or (indent == indent0 and (kind0 is None or kind != kind0)):
            end = nxt.end
            n += 1
            if kind is None and indent <= indent0 and kind0 is not None and not after_label:
                break
            after_label = _bare_label(stripped)
            continue
        break
    return end


#: An amendatory instruction's struck words: 'by striking "may allow" and inserting "shall allow"',
#: 'striking out the word "may"', 'by deleting "shall indemnify"'. The quoted words leave the law;
#: only what is inserted is read.
_STRUCK_QUOTE = re.compile(
    r"\b(?:striking(?:\s+out)?|strike(?:\s+out)?|deleting|delete|removing|remove)\s+(?:the\s+(?:words?|phrase|language)\s+)?"
    r"[\"“](?P<struck>[^\"”\n]{1,300})[\"”]", re.IGNORECASE)


#: What an instruction inserts in place of the struck words: '... and inserting "shall allow"'.
_INSERTED_QUOTE = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:by\s+)?(?:inserting|insert|substituting|substitute)\s+(?:in\s+(?:lieu|place)\s+thereof\s+)?"
    r"(?:the\s+(?:words?|phrase)\s+)?[\"“](?P<inserted>[^\"”\n]{1,300})[\"”]", re.IGNORECASE)
_FEE_TOPIC = re.compile(r"attorney|\bfees?\b|\b1988\b", re.IGNORECASE)


def resolve_amended_fees(doc: Doc, emit: Emitter) -> None:
    """An instruction that turns a fee provision's "may" into "shall" ('Section 722(b) of the
    Revised Statutes (42 U.S.C. 1988(b)) is amended by striking "may allow" and inserting "shall
    allow"') makes fees mandatory, though neither quote names them: the amended provision, named
    in the instruction or its heading, is the fee provision."""
    text = doc_text(doc)
    for struck in _STRUCK_QUOTE.finditer(text):
        inserted = _INSERTED_QUOTE.match(text, struck.end() + 1)
        if inserted is None:
            continue
        old, new = struck.group("struck").lower(), inserted.group("inserted").lower()
        if not (re.search(r"\bmay\b", old) and re.search(r"\b(?:shall|must)\b", new) and not re.search(r"\bnot\b", new)):
            continue
        if not _FEE_TOPIC.search(text[max(0, struck.start() - 300):inserted.end()]):
            continue
        span = doc.char_span(*inserted.span("inserted"), alignment_mode="expand")
        if span is None:
            continue
        cue = Span(doc, span.start, span.end, label="FEES")
        emit(Clause(sentence_at(doc, span.start), [cue]), "fees_mandatory", cue, "fees_amended")


def struck_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of the words an amendatory instruction strikes."""
    return [m.span("struck") for m in _STRUCK_QUOTE.finditer(text)]


class SignalResolver:
    """Callable component; see the module docstring."""

    def __init__(self, cues_key: str = CUES_KEY, flags_key: str = FLAGS_KEY):
        self.cues_key = cues_key
        self.flags_key = flags_key

    def __call__(self, doc: Doc) -> Doc:
        cues = list(doc.spans[self.cues_key]) if self.cues_key in doc.spans else []
        struck = struck_quotes(doc_text(doc)) if cues else []
        if struck:
            cues = [cue for cue in cues if not any(lo <= cue.start_char < hi for lo, hi in struck)]
        emit = Emitter(doc)
        if cues:
            nonoperative = doc._.nonoperative
            cues.sort(key=lambda s: (s.start, -s.end))
            by_sent: dict[int, list[Span]] = defaultdict(list)
            sents: dict[int, Span] = {}
            for cue in cues:
                sent = sentence_at(doc, cue.start)
                by_sent[sent.start].append(cue)
                sents[sent.start] = sent
            starts = sorted(by_sent)
            lead_ins: list[Clause] = []
            clauses: list[Clause] = []
            text = doc_text(doc)
            for start in starts:
                sent = sents[start]
                if states_no_law(sent, nonoperative):
                    continue
                window_end = _window_end(sent, text)
                window_cues = list(by_sent[start])
                if window_end > sent.end:
                    window_cues += [c for s in starts if sent.end <= s < window_end for c in by_sent[s]]
                while lead_ins and lead_ins[-1].window_end <= sent.start:
                    lead_ins.pop()
                clause = Clause(sent, by_sent[start], window_end=window_end, window_cues=window_cues,
                                parent=lead_ins[-1] if lead_ins else None)
                for resolver in RESOLVERS:
                    resolver(clause, emit)
                clauses.append(clause)
                if window_end > sent.end:
                    lead_ins.append(clause)
            resolve_withdrawals(clauses, emit)
            if struck:
                resolve_amended_fees(doc, emit)
        forget_sentence_starts(doc)
        order = sorted(range(len(emit.spans)), key=lambda i: (emit.spans[i].start, emit.spans[i].label_))
        doc.spans[self.flags_key] = [emit.spans[i] for i in order]
        for i, span in zip(order, doc.spans[self.flags_key]):
            span._.signal_source = emit.sources[i]
        return doc


@Language.factory("qi_signals", default_config={"cues_key": CUES_KEY, "flags_key": FLAGS_KEY})
def make_qi_signals(nlp: Language, name: str, cues_key: str, flags_key: str) -> SignalResolver:
    return SignalResolver(cues_key=cues_key, flags_key=flags_key)
