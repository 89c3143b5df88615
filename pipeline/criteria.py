"""The per-criterion decision rules: from flags to a verdict and its reason, before wording.

Each criterion of RUBRIC.md has one small rule function in :data:`CRITERION_RULES`. A rule reads
the flags of a document (grouped by signal name in :class:`Signals`) and returns a
:class:`Decision`: the verdict, the reason in words, the flags it rests on and the flags that
speak against it. :func:`decide` runs them all. :mod:`pipeline.scoring` turns decisions into
scorecards (confidence, review flags, explanations, evidence).

Decision logic
--------------
The rules follow the precedence RUBRIC.md sets, most specific first; for example, for
``end_qi_law_enforcement``:

* a bill that codifies QI scores ``no`` (and, since it ends nothing, ``no`` on every criterion);
* a retained good-faith / reasonable-belief defence beats a general "immunity is not a defense";
* an express saving of immunities beats the bar unless the bar names qualified immunity itself
  and the saving clause only keeps *other* immunities (judicial, legislative...);
* otherwise an express bar on the defence is ``yes``, and silence is ``no``.

Other rules worth knowing (each has tests with sentences written for them):

* coverage and rights scope are read next to the QI provision: the coverage flag nearest the bar
  decides ``end_qi_public_employees``; a force-only or listed-rights limit beats broad wording;
* a bill that amends an existing cause of action the jurisdiction facts describe (42 U.S.C.
  § 1983 in ``corpus/jurisdictions/us.yaml``) inherits its scope ("every person" under color of
  law, any right secured by the Constitution and laws) unless the bar's own clause names a class
  of officers; such verdicts rest on law and are marked for review;
* "may award" fees is ``no``; fees for a prevailing *defendant* (frivolous claims) are ignored;
* any indemnification carve-out, discretion or removal beats "shall indemnify";
* liability without "any right" wording that names only force is ``no`` for failure to intervene;
  a duty without liability is ``partial``;
* discipline counts for ``individual_accountability`` only when the clause ties it to liability;
* a positive verdict in a text with no QI or rights provision at all (an interstate compact's
  fee clause) is kept but marked for review with lower confidence;
* precedence applies between clauses of equal standing: a clause only the classifier found does
  not overturn one a rule matched (:func:`prevails`); it is shown as conflicting evidence instead.

Silence is an answer ("No. The bill has no mention of ..."), except for the three criteria whose
answer rests on existing law when the bill is silent (damage caps, indemnification, public
records). For those the jurisdiction's facts (:mod:`pipeline.jurisdiction`) decide when known
and when they cover the statute the bill works through; otherwise the draft says ``no`` (the
rubric's "yes" needs the text or known law to show it) and says the law is unknown. Either way
the criterion is marked for review. Flags inside findings / purposes / sense-of-Congress units
are not evidence (what a bill finds is not what it enacts).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from pipeline.segment.model import within_unit
from pipeline.values import Flag
from pipeline.vocab import NON_OPERATIVE_HEADING_WORDS, enacting_clause_offset
from pipeline.jurisdiction import CapStatute, CauseOfAction, Jurisdiction, LawFact

__all__ = [
    "CRITERION_RULES",
    "CORE_MISSING_NOTE",
    "Decision",
    "Signals",
    "RuleContext",
    "decide",
    "flag_probability",
    "is_operative",
    "ranked",
    "non_operative_spans",
    "operative_flags",
    "prevails",
    "is_rule_match",
]

#: Probability that a hand-written rule flag is right: a prior, not a measured precision (the
#: confidence method is described in :mod:`pipeline.scoring`).
RULE_RELIABILITY = 0.8
#: ... when the flagged clause is a heading or long title (no operative verb): a title states a
#: purpose ("to remove the defense of qualified immunity"), the operative text is the law.
HEADING_RELIABILITY = 0.5


def flag_probability(flag: Flag) -> float:
    """How much one flag counts as evidence: the model's probability, else a prior for rules."""
    if flag.score is not None:
        return max(0.0, min(1.0, float(flag.score)))
    return RULE_RELIABILITY if is_operative(flag) else HEADING_RELIABILITY


# --------------------------------------------------------------------------------------------
# Decisions and signal views


@dataclass
class Decision:
    """What a criterion rule concluded, before confidence and wording are added.

    ``reason`` is the sentence after "Yes." / "No." (without the quote); the quote is taken from
    the first flag of ``support``. ``against`` holds flags that point to another verdict.
    ``law`` is the jurisdiction fact the verdict rests on; ``rests_on_law`` marks a silent bill
    on a criterion that depends on existing law (with or without a known fact). ``silent``: no
    clause speaks to the criterion. ``depends_on``: the criterion whose verdict this one follows.
    ``off_topic``: a positive verdict in a text with no QI or rights provision at all.
    """

    verdict: str
    reason: str
    support: list[Flag] = field(default_factory=list)
    against: list[Flag] = field(default_factory=list)
    silent: bool = False
    rests_on_law: bool = False
    law: LawFact | None = None
    depends_on: str | None = None
    off_topic: bool = False
    #: the verdict rests on no provision being read as a cause of action (no remedy signal flagged)
    no_remedy: bool = False
    #: a "no" from silence where the bill does bar QI: the clause that would decide (who the
    #: action reaches, which rights) exists but no rule read it, so the draft is unsure
    unresolved: bool = False


class Signals:
    """The flags of one document grouped by signal name, with a few questions rules ask."""

    def __init__(self, flags: Iterable[Flag]):
        self.flags = sorted(flags, key=lambda f: (f.start, f.end, f.signal))
        self._by: dict[str, list[Flag]] = defaultdict(list)
        for flag in self.flags:
            self._by[flag.signal].append(flag)

    def __getitem__(self, signal: str) -> list[Flag]:
        return list(self._by.get(signal, ()))

    def has(self, *signals: str) -> bool:
        return any(self._by.get(s) for s in signals)

    def any_of(self, *signals: str) -> list[Flag]:
        return sorted((f for s in signals for f in self._by.get(s, ())), key=lambda f: f.start)

    def nearest(self, signals: Sequence[str], anchors: Sequence[Flag]) -> list[Flag]:
        """Flags of ``signals`` ordered by distance to the closest anchor flag's clause."""
        candidates = self.any_of(*signals)
        if not anchors:
            return candidates

        def distance(flag: Flag) -> int:
            return min(_clause_distance(flag, anchor) for anchor in anchors)

        return sorted(candidates, key=lambda f: (distance(f), f.start))


def _clause_distance(a: Flag, b: Flag) -> int:
    """0 when the clauses overlap, else the gap in characters."""
    if a.clause_start < b.clause_end and b.clause_start < a.clause_end:
        return 0
    return max(b.clause_start - a.clause_end, a.clause_start - b.clause_end)


@dataclass
class RuleContext:
    signals: Signals
    jurisdiction: Jurisdiction | None
    decided: dict[str, Decision]
    text: str = ""

    @property
    def amended_cause(self) -> CauseOfAction | None:
        """The existing cause of action (e.g. § 1983) the document amends, when the facts know it."""
        if self.jurisdiction is None or not self.text:
            return None
        return self.jurisdiction.amended_cause_of_action(self.text)


#: A clause with one of these words states law; one without is a heading or a long title.
_OPERATIVE = re.compile(r"\b(?:shall|may|must|is|are|will|has|have|does|do|applies|apply|means|provides?"
                        r"|recovers|receives|owes|bears|includes)\b",
                        re.IGNORECASE)


def is_operative(flag: Flag) -> bool:
    """Whether the flagged clause states law (has an operative verb) rather than a heading/title."""
    return bool(_OPERATIVE.search(flag.clause_text or flag.text))


def ranked(flags: Iterable[Flag]) -> list[Flag]:
    """Operative clauses first, then the most probable, then text order (what a quote should show)."""
    return sorted(flags, key=lambda f: (not is_operative(f), -flag_probability(f), f.start))


#: Words that limit a bar on QI to a class of officers, when they appear in the bar's own clause.
_OFFICER_CLASS = re.compile(r"\b(?:law[\s-]enforcement|police|peace|correctional|detention|corrections)\s+"
                            r"(?:officers?|agents?|employees?)\b|\bofficers?\s+or\s+agents?\s+of\b", re.IGNORECASE)

#: "In an action ... against a covered officer (as defined in section 2 of ...)": the bar names a class by a term
#: the bill defines.
_AGAINST_DEFINED_TERM = re.compile(r"\bagainst\s+(?:a|an|any|the)\s+((?:[a-z]+\s+){0,2}?(?:officers?|officials?|employees?|"
                                   r"agents?|persons?))\s*\(\s*as\s+defined\b", re.IGNORECASE)
#: A definition head that names police by their powers: arrest, a firearm, guarding the detained.
_POLICE_POWERS = re.compile(r"\bauthori[sz]ed\s+to\s+(?:make\s+arrests|arrest|carry\s+a\s+firearm)|\bpowers?\s+(?:of|to)\s+arrest"
                            r"|\barrest\s+powers?\b|\blaw[\s-]+enforcement\s+officers?\b|\bpeace\s+officers?\b|\bpolice\s+officers?\b",
                            re.IGNORECASE)


def _term_defined_as_police(clause_text: str, text: str) -> bool:
    """Whether the bar names a defined class ("against a covered officer (as defined in ...)") whose definition in the
    bill names police by their powers ("authorized to make arrests or to carry a firearm"), before any examples."""
    found = _AGAINST_DEFINED_TERM.search(clause_text)
    if found is None:
        return False
    term = r"\s+".join(map(re.escape, found.group(1).split()))
    definition = re.search(r"[`'\"\u201c\u2018]{1,2}" + term + r"[`'\"\u201d\u2019]{1,2}\s+means\b(.{0,600})", text,
                           re.IGNORECASE | re.DOTALL)
    if definition is None:
        return False
    head = re.split(r"\bincluding\b|\bsuch\s+as\b", definition.group(1), maxsplit=1)[0]
    return bool(_POLICE_POWERS.search(head))


#: Headings of units that state no law (the one list: :data:`pipeline.vocab.NON_OPERATIVE_HEADING_WORDS`).
_NON_OPERATIVE_HEADING = re.compile(r"^\s*" + NON_OPERATIVE_HEADING_WORDS, re.IGNORECASE)


#: A unit that opens with the legislature's findings, with or without a heading: "2. (New section) The
#: Legislature finds and declares that:", "Section 1. The General Assembly hereby finds ...", "Congress finds".
_FINDS_OPENING = re.compile(
    r"\W*(?:(?:(?:sec(?:tion)?\.?|subd(?:ivision)?\.?|\u00a7)\s*)?[\w.\-]{1,12}[.)]?\s+){0,2}(?:\[[^\]]{1,20}\]\s*)?"
    r"(?:\((?:new\s+section|new)\)\s*)?(?:[A-Z][\w ]{0,30}\.\s*)?"
    r"(?:the\s+)?(?:legislature|general\s+assembly|general\s+court|congress|council|legislative\s+assembly)"
    r"(?:\s+of\s+[\w ]{1,40}?)?\s+(?:hereby\s+)?(?:finds|declares|makes\s+the\s+following\s+findings)\b",
    re.IGNORECASE)
#: A resolution's recitals: "WHEREAS" at a line start, up to the recital's ";", a blank line, or a line that
#: opens a section, the enacting or resolving words or a numbered item (at most 1,500 characters), so a
#: recital never swallows the enacted text after it.
_WHEREAS = re.compile(r"(?m)^[ \t]*WHEREAS\b(?:(?!\n[ \t]*\n)(?!\n[ \t]*(?i:sec(?:tion)?\b|\u00a7|be\s+it\b|now\b|resolved\b|"
                      r"the\s+people\b|\(?[a-z0-9]{1,3}[.)]\s))[^;]){0,1500}")


def non_operative_spans(sections, text: str | None = None) -> list[tuple[int, int]]:
    """Offsets of findings / purposes / sense-of-Congress units in the section tree and, when the
    document's ``text`` is given, of units that open with the legislature's findings and of a
    resolution's WHEREAS recitals.

    What a bill *finds* ("the Court later extended this into a general good faith defense")
    or recites ("WHEREAS, Colorado in 2020 enacted ... in which qualified immunity is not a defense")
    is not what it *enacts*; flags inside these units are not evidence for a verdict.
    """
    if sections is None:
        return []
    spans: list[tuple[int, int]] = []
    stack = [sections]
    while stack:
        unit = stack.pop()
        heading = getattr(unit, "heading", None)
        kind = getattr(unit, "kind", "")
        if heading and kind != "document" and _NON_OPERATIVE_HEADING.search(heading):
            spans.append((unit.start, unit.end))
            continue
        if text is not None and kind in ("section", "subsection") and _FINDS_OPENING.match(text, unit.start,
                                                                                          min(unit.end, unit.start + 200)):
            spans.append((unit.start, unit.end))
            continue
        stack.extend(getattr(unit, "children", ()) or ())
    if text is not None:
        spans.extend((m.start(), m.end()) for m in _WHEREAS.finditer(text))
        # a long title in a text with no enacting clause of its own ("A bill for an act relating to public safety;
        # modifying ...;" opening a conference report): it describes the bill. With an enacting clause, the title
        # before it is already read as description, and its flags still send a silent verdict to review
        if not enacting_clause_offset(text):
            spans.extend((m.start(), m.end()) for m in _LONG_TITLE.finditer(text))
        for title in _TITLE_AMENDMENT.finditer(text):
            # an amendment's title part ("T I T L E  A M E N D M E N T  Remove lines 4-8 and insert: ...; providing
            # liability for ...") rewrites the bill's title, which enacts nothing; it runs to the next amendment
            following = _NEXT_AMENDMENT.search(text, title.end())
            spans.append((title.start(), following.start() if following else len(text)))
    return spans


#: A long title: from "A bill for an act relating to" / "An act relating to" at a line start to its full stop or a blank
#: line.
_LONG_TITLE = re.compile(r"^[\s\"']*(?:A\s+bill\s+for\s+)?an\s+act\s+(?:relating\s+to|concerning)\b(?:[^.\n]|\n(?![ \t]*\n))*",
                         re.IGNORECASE | re.MULTILINE)
#: The title part of a floor or committee amendment, in capitals, often letter-spaced ("T I T L E  A M E N D M E N T").
_TITLE_AMENDMENT = re.compile(r"\bT ?I ?T ?L ?E\s+A ?M ?E ?N ?D ?M ?E ?N ?T\b|\b(?:Delete|Amend|Strike)\s+the\s+title\s+and\s+insert\b")
_NEXT_AMENDMENT = re.compile(r"\bAmendment\s+No\.|\b(?:HOUSE|SENATE|COMMITTEE|FLOOR)\s+AMENDMENT\b")


def operative_flags(flags: Iterable[Flag], sections, text: str | None = None) -> list[Flag]:
    """``flags`` without those inside findings / purposes units (see :func:`non_operative_spans`)."""
    spans = non_operative_spans(sections, text)
    return [f for f in flags if not any(start <= f.start < end for start, end in spans)]


#: Distance (characters) within which a narrowing flag counts as part of the QI provision.
NEAR_CHARS = 1500


# --------------------------------------------------------------------------------------------
# Criterion rules (one per criterion, RUBRIC.md "What meets each standard")

#: Signals showing a document deals with a remedy at all (a cause of action, its defences,
#: its fees or indemnification). Without any, a silent bill has nothing to recover under.
_REMEDY_SIGNALS = (
    "qi_barred", "good_faith_defense_retained", "immunity_saved", "covers_all_public_employees",
    "covers_police_only", "rights_all_state_constitution", "rights_listed_only", "force_only",
    "cap_present", "caps_lifted", "fti_liability", "fti_duty_only", "indemnify_mandatory",
    "indemnify_discretionary", "indemnify_carveout", "indemnify_removed", "fees_mandatory",
    "fees_discretionary", "personal_contribution",
)

_QUALIFIED = re.compile(r"qualified\s+immunit", re.IGNORECASE)
_IMMUNITY_WORDS = re.compile(r"\bimmun\w*|\bdefen[cs]es?\b", re.IGNORECASE)
#: The verb of a saving clause; what it keeps follows it ("shall not abrogate judicial immunity").
_SAVING_VERB = re.compile(r"\b(?:abrogat|waiv|depriv|strip|diminish|affect|limit|impair|repeal|eliminat|modif)\w*", re.IGNORECASE)
_OTHER_IMMUNITIES = re.compile(r"\b(?:judicial|legislative|other|any\s+other)\b[^.;]{0,80}immunit"
                               r"|\babsolute\s+immunit|\bimmunit\w*\s+of\s+(?:a|an|any)\s+(?:judicial|legislative|judge|"
                               r"legislator|prosecutor)", re.IGNORECASE)
#: The absolute immunities of judges, prosecutors and legislators (not qualified immunity).
_ABSOLUTE_IMMUNITY = re.compile(r"\babsolute\s+immunit|\b(?:judicial|legislative|prosecutorial)\s+immunit"
                                r"|\bimmunit\w*\s+of\s+(?:a|an|any)\s+(?:judge|legislator|prosecutor)", re.IGNORECASE)
_ANY_OTHER_IMMUNITY = re.compile(r"\bother\s+immunit", re.IGNORECASE)
#: The government as the holder of an immunity: the State, its subdivisions and agencies, the employer.
_GOVERNMENT_HOLDER = (r"(?:State|United\s+States|Commonwealth|government\w*|public\s+(?:entit\w*|bod(?:y|ies)|agenc\w*|employer)"
                      r"|local\s+(?:public\s+entit\w*|government\w*)|(?:other\s+)?(?:local\s+)?governmental\s+(?:entit\w*|unit)"
                      r"|political\s+subdivision\w*|municipalit\w*|count(?:y|ies)|cit(?:y|ies)|towns?|school\s+districts?"
                      r"|(?:employing\s+)?agenc(?:y|ies)|employers?)")
#: A government's own immunity: the State's sovereign or Eleventh Amendment immunity, a political
#: subdivision's governmental immunity. It is not an officer's defence, so saving it keeps no QI.
_SOVEREIGN_IMMUNITY = re.compile(
    r"\bsovereign\s+immunit|\bEleventh\s+Amendment|\bgovernmental\s+immunit"
    r"|\bimmunit\w*\s+of\s+(?:the|a|an|any|its)\s+(?:\w+\s+)?" + _GOVERNMENT_HOLDER +
    # "any immunity or defense available to a political subdivision", "any defense available to a public entity"
    r"|\b(?:immunit\w*|defen[sc]es?)(?:\s+or\s+(?:immunit\w*|defen[sc]es?))?\s+(?:available|provided|granted|afforded)\s+"
    r"to\s+(?:the|a|an|any)\s+" + _GOVERNMENT_HOLDER +
    # "any immunity that a school district or other local governmental unit has"
    r"|\bimmunit\w*\s+that\s+(?:the|a|an|any)\s+" + _GOVERNMENT_HOLDER, re.IGNORECASE)
#: A saving clause that also keeps a person's immunity ("... of the State or any immunity of its officers").
_PERSONAL_HOLDER = re.compile(r"\b(?:officers?|employees?|officials?|agents?|individuals?|deput(?:y|ies)|troopers?)\b",
                              re.IGNORECASE)
_FORCE = re.compile(r"\bforce\b", re.IGNORECASE)
_ANY_RIGHT = re.compile(r"\bany\s+(?:\w+\s+){0,3}rights?\b|deprivation\s+of\s+(?:any\s+)?rights", re.IGNORECASE)
_DEFENDANT_FEES = re.compile(r"\bdefendants?\b[^.;]{0,120}\bprevail|\bprevail\w*[^.;]{0,40}\bdefendants?\b"
                             r"|\bfrivolous\b", re.IGNORECASE)


def is_rule_match(flag: Flag) -> bool:
    """Whether a hand-written rule (pattern or component) found this flag, not the model alone."""
    return flag.source.startswith(("rule:", "component:"))


def prevails(over: Sequence[Flag], under: Sequence[Flag]) -> bool:
    """Whether ``over`` may override ``under`` by the rubric's precedence.

    Precedence (a retained defence beats a bar, a carve-out beats "shall indemnify"...) applies
    between clauses of equal standing; a clause only the classifier found does not overturn a
    clause a rule matched. It is then shown as conflicting evidence, which sends the criterion to
    review.
    """
    if not over:
        return False
    return not under or any(is_rule_match(f) for f in over) or not any(is_rule_match(f) for f in under)


#: A statutory immunity stated with its exceptions ("is immune from liability unless ...", "except in
#: any of the following cases", "Except as waived by the Tort Claims Act, ... are immune from liability").
_IMMUNE_WITH_EXCEPTIONS = re.compile(r"\bimmun\w*\b[^.;]{0,120}?\b(?:unless|except)\b"
                                     r"|\bexcept\s+as\s+(?:waived|provided|otherwise\s+provided)\b[^.;]{0,120}?\b(?:is|are|shall\s+be)\s+immune\b",
                                     re.IGNORECASE)


def _codified(ctx: RuleContext) -> Decision | None:
    """The gate :func:`decide` applies before every rule: a text that writes QI into law ends
    nothing and starts nothing (RUBRIC.md: such bills "score zero")."""
    flags = ctx.signals["qi_codified"]
    if flags and ctx.signals["qi_barred"]:
        # "An employee ... is immune from liability unless one of the following applies: ... (c) liability
        # is imposed by section 1 of this act" beside "Qualified immunity is not a defense to an action
        # under this section": an amended immunity statute with its exceptions, not a shield bill.
        flags = [f for f in flags if not _IMMUNE_WITH_EXCEPTIONS.search(f.clause_text)]
        # "The court shall not dismiss an action on the ground that the defendant is entitled to qualified
        # immunity": the words of the shield stand inside the bar's own clause, which negates them.
        flags = [f for f in flags if not any(_clause_distance(f, bar) == 0 for bar in ctx.signals["qi_barred"])]
    if flags:
        # beside a bar of its own, the shield words may be a narrower defence the bill keeps: shown against it
        return Decision("no", "The bill codifies qualified immunity rather than ending it:", support=flags,
                        against=list(ctx.signals["qi_barred"]))
    return None


def _saves_qualified_immunity(clause: str) -> bool:
    """Whether a saving clause keeps *qualified* immunity (named after its verb).

    "Nothing in this act shall abrogate qualified immunity" keeps it; "The prohibition on the
    defense of qualified immunity shall not abrogate judicial immunity" names QI as the subject
    and keeps only the other immunities.
    """
    verb = _SAVING_VERB.search(clause)
    if verb is None:
        return bool(_QUALIFIED.search(clause))
    return bool(_QUALIFIED.search(clause, verb.end()))


def rule_end_qi_law_enforcement(ctx: RuleContext) -> Decision:
    s = ctx.signals
    codified = _codified(ctx)
    if codified:
        return codified
    barred = s["qi_barred"]
    retained = s["good_faith_defense_retained"]
    if barred:
        # an immunity statute restated with its exceptions ("immune ... unless ... bad faith") keeps no
        # defence in the action the bar governs
        retained = [f for f in retained if not _IMMUNE_WITH_EXCEPTIONS.search(f.clause_text)]
    if prevails(retained, barred):
        return Decision("no", "The bill keeps a good-faith or reasonable-belief defense for the officer:",
                        support=retained, against=barred)
    overruled = list(retained)  # model-only defences next to a rule-matched bar: shown, not decisive
    # A saving clause that does not speak of immunities or defences at all ("remedies are in
    # addition to any other remedies") cannot bring qualified immunity back.
    # A clause that withdraws the bar from some defendants ("subsection (2) does not apply to an
    # action against a peace officer") saves the defence without naming it.
    saved = [f for f in s["immunity_saved"] if _IMMUNITY_WORDS.search(f.clause_text or f.text)
             or "withdrawal+" in f.source]
    if barred:
        # "an employee ... is immune from liability unless one of the following applies: ... (c) a statute
        # expressly imposes liability, including section 2": an immunity statute with its exceptions, beside
        # the bar, keeps nothing the bar takes away
        saved = [f for f in saved if not _IMMUNE_WITH_EXCEPTIONS.search(f.clause_text)]
    if saved and not prevails(saved, barred):
        overruled += saved
        saved = []
    if saved:
        saves_qi = any(_saves_qualified_immunity(f.clause_text) for f in saved)
        only_others = all(_OTHER_IMMUNITIES.search(f.clause_text) for f in saved)
        if barred and not saves_qi and all(_SOVEREIGN_IMMUNITY.search(f.clause_text)
                                           and not _PERSONAL_HOLDER.search(f.clause_text) for f in saved):
            # "Nothing in this Act shall be construed to abrogate the immunity of any State under the
            # Eleventh Amendment": the government's immunity, not the officer's defence.
            return Decision("yes", "Qualified immunity is not a defense under the bill; its saving clause keeps "
                                   "only the government's own immunity:", support=barred)
        if barred and not saves_qi and all(_ABSOLUTE_IMMUNITY.search(f.clause_text) and not _PERSONAL_HOLDER.search(
                f.clause_text) and not _ANY_OTHER_IMMUNITY.search(f.clause_text) for f in saved):
            # "Nothing in this section shall be construed to affect the absolute immunity of a judge ... or of a
            # legislator": absolute immunity (Stump v. Sparkman, 435 U.S. 349; Imbler v. Pachtman, 424 U.S. 409;
            # Tenney v. Brandhove, 341 U.S. 367) is not the qualified immunity the bar takes away
            return _doubted_bar(Decision("yes", "Qualified immunity is not a defense under the bill; its saving clause "
                                                "keeps only the absolute immunity of judges, prosecutors or legislators:",
                                         support=barred), ctx)
        if barred and not saves_qi and only_others and any(_QUALIFIED.search(f.clause_text) for f in barred):
            # The bar names qualified immunity; the saving clause keeps other immunities only.
            return Decision("yes", "Qualified immunity is not a defense under the bill; its saving clause "
                                   "keeps only other immunities:", support=barred, against=saved)
        return Decision("no", "The bill expressly keeps existing immunities:", support=saved, against=barred)
    if barred:
        return _doubted_bar(Decision("yes", "Qualified immunity is not a defense to the cause of action:", support=barred,
                                     against=overruled), ctx)
    return Decision("no", "The bill has no mention of qualified immunity (or a good-faith defense) "
                          "being barred as a defense.", silent=True)


#: A defence kept beside the bar: "a defendant shall not be liable for damages if the defendant proves ...".
_SAFE_HARBOUR = re.compile(r"\b(?:shall|is|are|will)\s+not\s+(?:be\s+)?liable\b[^.;]{0,80}?\bif\s+(?:the\s+)?(?:defendant|officer|"
                           r"employee|person)\s+(?:proves|establishes|shows|demonstrates)\b", re.IGNORECASE)
#: A public defendant named in the bar's own clause.
_PUBLIC_DEFENDANT = re.compile(r"\b(?:officers?|officials?|employees?|deput(?:y|ies)|troopers?|sheriffs?|police|"
                               r"public\s+(?:body|bodies|entit(?:y|ies)|servants?)|colou?r\s+of|government(?:al)?)\b",
                               re.IGNORECASE)


def _doubted_bar(decision: Decision, ctx: RuleContext) -> Decision:
    """A "yes" on the bar, sent to review when the text gives a reason to doubt its reach."""
    s = ctx.signals
    if _SAFE_HARBOUR.search(ctx.text):
        # "Notwithstanding subsection (b), a defendant shall not be liable for damages if the defendant proves
        # that the conduct was authorized by statute": a narrower defence survives the bar
        decision.unresolved = True
        decision.reason += " (The bill also keeps a defence for some conduct: review how far the bar reaches.)"
    if not (any(is_operative(f) for f in s["covers_police_only"] + s["covers_all_public_employees"])
            or ctx.amended_cause is not None
            or any(_PUBLIC_DEFENDANT.search(f.clause_text) for f in decision.support)):
        # "It is not a defense that the landlord acted in good faith": a bar in an action against
        # no public actor the rules recognised may not be about officials at all.
        decision.unresolved = True
        decision.reason += (" (No clause read names a public official or employee as the defendant: "
                            "check that the bar concerns officials.)")
    return decision


def _bystander_clause(flag: Flag, ctx: RuleContext) -> bool:
    """The flag sits in a failure-to-intervene liability clause: the officer class it names is who
    answers as a bystander, not whom a bar on qualified immunity reaches."""
    return any(f.clause_start == flag.clause_start for f in ctx.signals["fti_liability"])


def rule_end_qi_public_employees(ctx: RuleContext) -> Decision:
    s = ctx.signals
    officers = ctx.decided["end_qi_law_enforcement"]
    police = s["covers_police_only"]
    if officers.verdict != "yes" and police:
        return Decision("no", "Only law-enforcement officers are covered, and qualified immunity is not ended even "
                              "for them:", support=police + officers.support, depends_on="end_qi_law_enforcement")
    if officers.verdict != "yes":
        return Decision("no", "Qualified immunity is not ended even for law-enforcement officers, so it is "
                              "not ended for all public employees.", support=officers.support,
                        depends_on="end_qi_law_enforcement")
    bars = s["qi_barred"]
    coverage = s.nearest(("covers_all_public_employees", "covers_police_only"), bars)
    cause = ctx.amended_cause
    if cause is not None and cause.covers_all_persons:
        # The bar sits in an existing cause of action (e.g. § 1983): it reaches whomever that
        # statute reaches unless the bill narrows it next to the bar, or the bar's own words name
        # a class of officers ("any action brought against a local law enforcement officer").
        near = [f for f in coverage if f.signal == "covers_police_only" and _near(f, bars)
                and _same_section(f, bars) and not _bystander_clause(f, ctx)]
        near += [f for f in bars if is_operative(f) and (_OFFICER_CLASS.search(f.clause_text)
                                                         or _term_defined_as_police(f.clause_text, ctx.text))]
        if near:
            return Decision("no", "The bar on qualified immunity reaches only law-enforcement officers:",
                            support=ranked(near), depends_on="end_qi_law_enforcement")
        return Decision("yes", f"The bar applies to every action under {cause.name}, which reaches every "
                               f"person acting under color of law:", support=ranked(bars),
                        rests_on_law=True, law=_cause_fact(cause), depends_on="end_qi_law_enforcement")
    if not coverage:
        # QI is barred for some cause of action, so the action names whom it reaches; no rule
        # recognised that subject (police only or everyone), so the "no" is a guess: review.
        return Decision("no", "The bill bars qualified immunity, but no clause read says whom the cause of action "
                              "reaches (police only or every public employee); review who is covered.",
                        silent=True, depends_on="end_qi_law_enforcement", unresolved=True)
    closest = coverage[0]
    # The closest coverage flag decides; its kind near the bar is the support, the other kind
    # anywhere in the text is shown as conflicting evidence.
    support = [f for f in coverage if f.signal == closest.signal and (f is closest or _near(f, bars))]
    others = [f for f in coverage if f.signal != closest.signal]
    if closest.signal == "covers_police_only":
        return Decision("no", "The bar on qualified immunity reaches only law-enforcement officers:",
                        support=support, against=others, depends_on="end_qi_law_enforcement")
    return Decision("yes", "The bar on qualified immunity reaches every public employee or person acting "
                           "under color of law:", support=support, against=others,
                    depends_on="end_qi_law_enforcement")


def _top_section(section: str | None) -> str:
    """The section a unit id lies in: "SEC. 101(2)(b)" -> "SEC. 101"."""
    return re.split(r"[(/]", section or "", maxsplit=1)[0].strip()


def _same_section(flag: Flag, anchors: Sequence[Flag]) -> bool:
    """Whether the flag lies in the section of one of the anchors: a limit on whom an amended
    cause of action reaches stands in the amendment, not in a later section on reports or grants."""
    return any(_top_section(flag.section) == _top_section(anchor.section) for anchor in anchors)


def _near(flag: Flag, anchors: Sequence[Flag], limit: int = NEAR_CHARS) -> bool:
    return any(_clause_distance(flag, anchor) <= limit for anchor in anchors)


def _cause_fact(cause: CauseOfAction) -> LawFact:
    """A cause of action's scope as a :class:`LawFact`, so explanations cite it like other law."""
    return LawFact(topic="cause_of_action", status="known", summary=f"{cause.name} as amended.",
                   citation=cause.citation, source=cause.source, quote=cause.quote)


#: Words of redress in the clause that names the rights: the clause gives an action (or a remedy) for them.
_REDRESS = re.compile(r"\b(?:liab(?:le|ility)|actions?|sue[sd]?|suits?|damages|relief|remed(?:y|ies)|claims?|recover\w*"
                      r"|redress|injured|aggrieved)\b", re.IGNORECASE)


def rule_end_qi_state_constitution(ctx: RuleContext) -> Decision:
    s = ctx.signals
    force = s["force_only"]
    listed = s["rights_listed_only"]
    every = s["rights_all_state_constitution"]
    cause = ctx.amended_cause
    qi_flags = s.any_of("qi_barred", "good_faith_defense_retained", "immunity_saved")
    if cause is not None and cause.rights_all and qi_flags:
        # For a federal bill the rubric reads "state constitution" as the rights § 1983 protects;
        # only a limit written next to the QI provision narrows them.
        force = [f for f in force if _near(f, qi_flags)]
        listed = [f for f in listed if _near(f, qi_flags)]
        if not force and not listed:
            return Decision("yes", f"The bill works through {cause.name}, which covers any right secured by "
                                   f"the Constitution and laws:", support=ranked(qi_flags), rests_on_law=True,
                            law=_cause_fact(cause))
    if prevails(force, every):
        return Decision("no", "The cause of action covers only particular violations (uses of force):",
                        support=ranked(force), against=every + listed)
    if prevails(listed, every):
        return Decision("partial", "Only selected rights or listed violations are covered:",
                        support=ranked(listed), against=every)
    if every and all("rights_federal" in f.source for f in every) and (
            ctx.jurisdiction is None or ctx.jurisdiction.code != "us"):
        # "a right secured by the Constitution of the United States" in a state bill: its own
        # constitution is not reached. Unknown jurisdiction: it may be a federal bill; either way review.
        if ctx.jurisdiction is None:
            return Decision("yes", "The cause of action covers any right secured by the Constitution of the United "
                                   "States; whether the bill is federal (then yes) or a state's (then its own "
                                   "constitution is not covered) needs review:",
                            support=ranked(every), against=force + listed, unresolved=True)
        return Decision("no", "The cause of action covers rights secured by the federal Constitution only, not "
                              "the state constitution:", support=ranked(every), against=force + listed,
                        unresolved=True)
    if every and not qi_flags and not any(_REDRESS.search(f.clause_text) for f in every):
        # RUBRIC.md asks what the cause of action covers: rights named only in a duty ("shall report any
        # deprivation of a right secured by the Constitution") or a training mandate give no one an action.
        return Decision("no", "The bill names rights secured by the constitution, but no clause read gives a cause of "
                              "action for their deprivation:", support=ranked(every), unresolved=True)
    if every:
        return Decision("yes", "The cause of action covers any right secured by the constitution:",
                        support=ranked(every), against=force + listed)
    if s["qi_barred"]:
        # A bar on QI belongs to a cause of action, which names the rights it protects in words
        # no rule read: the "no" is a guess, sent to review.
        return Decision("no", "The bill bars qualified immunity, but no clause read says which rights its cause of "
                              "action covers; review whether it reaches every constitutional right.",
                        silent=True, unresolved=True)
    return Decision("no", "The bill has no mention of a cause of action for deprivation of all "
                          "constitutional rights.", silent=True)


def _law_decision(ctx: RuleContext, topic: str, what: str, default_verdict: str, default_reason: str) -> Decision:
    """A silent bill on a criterion that rests on existing law: use the jurisdiction's fact.

    A fact recorded for one statute only (``applies_when``) is used only for bills that name
    that statute; otherwise the law is treated as unknown and the default verdict is given.
    """
    fact = ctx.jurisdiction.fact(topic) if ctx.jurisdiction else None
    if fact is not None and fact.known and fact.verdict_if_silent and fact.applies(ctx.text):
        where = ctx.jurisdiction.name if ctx.jurisdiction else "this jurisdiction"
        cite = f" ({fact.citation})" if fact.citation else ""
        return Decision(fact.verdict_if_silent,
                        f"The bill has no mention of {what}; existing law of {where}{cite} decides: {fact.summary}",
                        silent=True, rests_on_law=True, law=fact)
    where = f"existing law of {ctx.jurisdiction.name}" if ctx.jurisdiction else "the jurisdiction's existing law"
    recorded = "which the project has not recorded"
    if fact is not None and fact.known and fact.applies_to:
        recorded = f"which the project has recorded only for {fact.applies_to}"
    return Decision(default_verdict,
                    f"The bill has no mention of {what}. {default_reason} The answer depends on {where}, {recorded}.",
                    silent=True, rests_on_law=True, law=None)


def _no_remedy(ctx: RuleContext) -> bool:
    return not ctx.signals.has(*_REMEDY_SIGNALS)


def _cap_statutes_named(ctx: RuleContext, signal: str) -> list[tuple[Flag, CapStatute]]:
    """The flags of ``signal`` (``law_set_aside``, ``law_applied``) whose named statute the
    jurisdiction's recorded law says is a damage cap, each with that statute."""
    if ctx.jurisdiction is None or not ctx.jurisdiction.cap_statutes:
        return []
    named = []
    for flag in ctx.signals[signal]:
        statute = ctx.jurisdiction.cap_statute_cited(flag.text)
        if statute is not None:
            named.append((flag, statute))
    return named


def rule_no_liability_caps(ctx: RuleContext) -> Decision:
    s = ctx.signals
    caps = s["cap_present"]
    lifted = s["caps_lifted"]
    for_action = [f for f in lifted if "caps_for_action+" in f.source]
    if for_action:
        # The bill switches a cap off for its own cause of action by naming it ("Division (C) of
        # this section does not apply to an action brought under section ..."): the specific
        # provision governs the general one it names. The cap stays as conflicting evidence, so a
        # person checks that the action lifted is the bill's own.
        return Decision("yes", "The limits on damages do not apply to the bill's cause of action:",
                        support=for_action + [f for f in lifted if f not in for_action], against=caps)
    set_aside, applied = _cap_statutes_named(ctx, "law_set_aside"), _cap_statutes_named(ctx, "law_applied")
    if set_aside and not applied and not any(c.end > set_aside[0][0].clause_start for c in caps):
        # The bill switches off a statute that the jurisdiction's recorded law says is a damage
        # cap ("ORS 30.271 to 30.273 do not apply to an action under this section"). A cap in the
        # same clause or after it ("..., except that the liability of the state is limited to
        # $500,000") is an exception the general rules below weigh.
        flag, statute = set_aside[0]
        return Decision("yes", f"The bill sets aside {statute.citation} ({statute.summary}) for its cause of action:",
                        support=[f for f, _ in set_aside] + lifted, against=caps, law=statute.as_fact())
    if applied and not set_aside and not lifted:
        flag, statute = applied[0]
        return Decision("no", f"The bill applies {statute.citation} ({statute.summary}) to its cause of action:",
                        support=[f for f, _ in applied] + caps, law=statute.as_fact())
    if prevails(caps, lifted):
        return Decision("no", "A monetary cap limits what can be recovered:", support=caps, against=lifted)
    if lifted:
        return Decision("yes", "Statutory immunities and limits on liability or damages do not apply:", support=lifted,
                        against=caps)
    if _no_remedy(ctx):
        return Decision("no", "No provision of the bill was read as a cause of action, and it has no mention of "
                              "liability caps.", silent=True, no_remedy=True)
    # RUBRIC.md: "yes" needs the text to lift limits or the jurisdiction to have no cap; with
    # the law unknown neither is shown, so the draft says "no" and asks for review.
    return _law_decision(ctx, "damage_caps", "a monetary cap on liability", "no",
                         "The bill sets no cap of its own but does not lift existing limits either.")


def _fti_reading(flag: Flag) -> str:
    """How the resolver read a liability clause (its name in ``flag.source``): ``folded`` into
    the cause of action, limited to ``force``, or ``own`` provision. Flags without a resolver
    reading (the clause model) fall back to the force words of their clause."""
    if "intervene_force+" in flag.source:
        return "force"
    if "intervene_folded+" in flag.source:
        return "folded"
    if not flag.source.startswith("component:") and _FORCE.search(flag.clause_text) and not _ANY_RIGHT.search(
            flag.clause_text):
        return "force"
    return "own"


def rule_failure_to_intervene(ctx: RuleContext) -> Decision:
    s = ctx.signals
    liability = s["fti_liability"]
    duty = s["fti_duty_only"]
    own = [f for f in liability if _fti_reading(f) == "own"]
    folded = [f for f in liability if _fti_reading(f) == "folded"]
    force = [f for f in liability if _fti_reading(f) == "force"]
    if own and not any(is_operative(f) for f in own) and any(is_operative(f) for f in folded + force + duty):
        # A heading ("LIABILITY FOR FAILURE TO INTERVENE.") names the topic; the operative clause
        # under it says what the liability covers.
        own = []
    if own:
        return Decision("yes", "An officer who fails to intervene is civilly liable for the violation:",
                        support=own, against=folded + duty)
    if folded:
        return Decision("partial", "Failing to intervene is only folded into the cause of action, not a "
                                   "provision of its own:", support=folded, against=duty)
    if duty:
        return Decision("partial", "There is a duty to intervene or report, but the bill is silent on civil "
                                   "liability for failing to intervene:", support=duty, against=force)
    if force:
        return Decision("no", "Liability for failing to intervene covers only unlawful uses of force:",
                        support=force)
    return Decision("no", "The bill has no mention of officers being civilly liable for failing to "
                          "intervene.", silent=True)


#: A clause that opens "Notwithstanding division (A)(2) of this section, ..." after its enumerator.
_NOTWITHSTANDING_LEAD = re.compile(r"^\W*(?:(?:\([\w.]{1,5}\)|\b\w{1,4}\.)\s*)*notwithstanding\b", re.IGNORECASE)


def _overridden_by_notwithstanding(flag: Flag, mandatory: Sequence[Flag]) -> bool:
    """Whether a later "Notwithstanding ..., the employer shall indemnify" clause overrides this
    earlier carve-out. A notwithstanding clause overrides the provisions it names (Cisneros v.
    Alpine Ridge Group, 508 U.S. 10, 18 (1993)); the carve-out must stand before it, since a
    notwithstanding clause names what is already there, and in another clause, since a carve-out
    inside it limits the override itself."""
    return any(_NOTWITHSTANDING_LEAD.match(m.clause_text) and flag.clause_end <= m.clause_start
               for m in mandatory)


def rule_full_compensation(ctx: RuleContext) -> Decision:
    s = ctx.signals
    # Employer liability (respondeat superior) is recorded by the ``employer_liable`` resolver:
    # the employer answers for its officers, but a judgment against the officer personally is
    # not guaranteed to be paid (RUBRIC.md: partial).
    vicarious = [f for f in s["indemnify_mandatory"] if "employer_liable+" in f.source]
    mandatory = [f for f in s["indemnify_mandatory"] if f not in vicarious]
    overruled: list[Flag] = []
    for signal, reason in (
        ("indemnify_removed", "The bill removes or forbids indemnification:"),
        ("indemnify_carveout", "Indemnification has carve-outs, so victims are not guaranteed the full award:"),
        ("indemnify_discretionary", "Indemnification is discretionary (\"may\"), which is not strong enough:"),
    ):
        flags = s[signal]
        if any(_overridden_by_notwithstanding(f, mandatory) for f in flags):
            overruled += flags
            continue
        if prevails(flags, mandatory):
            decision = Decision("no", reason, support=flags, against=mandatory)
            if all("indemnify_limit" in f.source for f in flags):
                # a payment capped at an amount: the victim depends on the officer above it (no), or the
                # employer's liability is real but limited (partial); analysts have graded it both ways
                decision.unresolved = True
                decision.reason = ("The employer must pay only up to a limit, so above it the victim depends on the "
                                   "officer (whether that is no or partial needs review):")
            return decision
        overruled += flags
    if mandatory:
        return Decision("yes", "The employer must pay the whole judgment:", support=mandatory, against=overruled)
    if vicarious:
        return Decision("partial", "The employer is liable for its officers' violations, but a judgment against the "
                                   "officer personally is not guaranteed to be paid:", support=vicarious)
    if _no_remedy(ctx):
        return Decision("no", "No provision of the bill was read as a cause of action, and it has no mention of "
                              "indemnification.",
                        silent=True, no_remedy=True)
    return _law_decision(ctx, "indemnification", "indemnification by the employer", "no",
                         "Nothing in the bill guarantees that the employer pays the judgment.")


#: The federal civil-rights fee statute: 42 U.S.C. 1988, section 722 of the Revised Statutes.
_CIVIL_RIGHTS_FEE_LAW = re.compile(r"\b1988\b|\bsection\s+722\b[^.;]{0,40}revised\s+statutes", re.IGNORECASE)

#: Where one award of a fee clause ends: "shall award a prevailing plaintiff fees, and may award a
#: prevailing defendant fees only if the action was frivolous" holds two awards.
_AWARD_BREAK = re.compile(r";|\.\s|,\s+and\s+")
#: The plaintiff as the one who receives the fee.
_PLAINTIFF_PAID = re.compile(r"\bprevailing\s+plaintiffs?\b|\b(?:to|award|allow|pay)\s+(?:a|the|any)\s+plaintiffs?\b"
                             r"|\bplaintiffs?\s+(?:who\s+)?prevails?\b"
                             r"|\bplaintiff(?:'s|s')\s+(?:\w+\s+){0,2}?(?:attorney|counsel|lawyer)"
                             # "the prevailing party, other than the defendant": the plaintiff
                             r"|\bother\s+than\s+(?:a|the|any)\s+defendants?\b", re.IGNORECASE)


#: The other side of a claim against officials: the officer, the public employer, or a private party
#: sued under another statute (a peer reviewer, an operator, a landowner, the party moving to dismiss).
_DEFENSE_SIDE_NOUN = (r"(?:defendants?|officers?|officials?|employees?|deput(?:y|ies)|troopers?|agenc(?:y|ies)|entit(?:y|ies)"
                      r"|employers?|municipalit(?:y|ies)|count(?:y|ies)|subdivisions?|departments?|members?|operators?"
                      r"|landowners?|owners?|respondents?|moving\s+party)")
#: The fee goes to that side: "award the officer ... fees", "fees ... to a prevailing peace officer",
#: "the agency's reasonable attorney fees", "A prevailing officer shall recover ... fees".
_DEFENSE_SIDE_PAID = re.compile(
    r"\b(?:award|allow|grant|pay)\s+(?:to\s+)?(?:the|a|an|any|such)\s+(?:prevailing\s+)?(?:\w+\s+){0,2}?" + _DEFENSE_SIDE_NOUN + r"\b"
    r"|\bto\s+(?:the|a|an|any|such)\s+(?:prevailing\s+)?(?:\w+\s+){0,2}?" + _DEFENSE_SIDE_NOUN + r"\b"
    r"|\bprevailing\s+(?:\w+\s+)?" + _DEFENSE_SIDE_NOUN + r"\b"
    r"|\b" + _DEFENSE_SIDE_NOUN + r"(?:'s|s'|’s)\s+(?:\w+\s+){0,2}?(?:attorney|costs|fees)"
    r"|\b" + _DEFENSE_SIDE_NOUN + r"\s+(?:shall|must|may)\s+recover\b"
    # "shall award the state its reasonable attorney fees if the state prevails"
    r"|\b(?:award|allow|grant|pay)\s+(?:to\s+)?the\s+(?:state|commonwealth|government|city|town|county|United\s+States)\s+its\b"
    r"|\bif\s+the\s+(?:state|commonwealth|government|city|town|county|United\s+States|defendant|officer|employer)\s+prevails\b",
    re.IGNORECASE)


#: A fee duty owed to the plaintiff, wherever the fee words stand in the clause.
_PLAINTIFF_DUTY = re.compile(r"\b(?:shall|must)\s+(?:award|allow|grant)\s+(?:to\s+)?(?:a|the|any)\s+(?:prevailing\s+)?plaintiffs?\b",
                             re.IGNORECASE)


def _defendant_fees_only(flag: Flag) -> bool:
    """Whether a mandatory fee flag is a prevailing *defendant's* fee (for a frivolous claim): the
    flag's own award (its part of the clause up to the next "; " or ", and ") names the defendant
    or a frivolous claim and does not pay the plaintiff ("shall award a prevailing plaintiff ...,
    and may award a prevailing defendant ... only if the action was frivolous" is the plaintiff's)."""
    if _PLAINTIFF_DUTY.search(flag.clause_text):
        return False  # "shall award a prevailing plaintiff, and may award a prevailing defendant, ... fees"
    rel = max(0, flag.start - flag.clause_start)
    start = 0
    for brk in _AWARD_BREAK.finditer(flag.clause_text):
        if brk.end() > rel:
            own = flag.clause_text[start:brk.start()]
            break
        start = brk.end()
    else:
        own = flag.clause_text[start:]
    if _PLAINTIFF_PAID.search(own):
        return False
    return bool(_DEFENDANT_FEES.search(own) or _DEFENSE_SIDE_PAID.search(own))


#: A fee duty limited by an amount or share, to one kind of action, or written as another law's award.
_FEE_LIMITED = re.compile(
    r"\b(?:not\s+to\s+exceed|(?:shall|may)\s+not\s+exceed|no\s+(?:fee\s+)?award\s+(?:of\s+fees\s+)?(?:shall|may)\s+exceed"
    r"|up\s+to|capped\s+at|limited\s+to)\b"
    r"|\bonly\s+in\s+(?:an?\s+)?(?:action|actions|suit|case|cases|claim|claims)\s+(?:for|seeking)\b"
    r"|\bas\s+provided\s+(?:in|by|under)\s+(?:42\s+U\.?\s*S\.?\s*C\.?\s*(?:§+\s*)?1988|section\s+1988|section\s+722)",
    re.IGNORECASE)


def rule_attorney_fees(ctx: RuleContext) -> Decision:
    s = ctx.signals
    mandatory = [f for f in s["fees_mandatory"] if not _defendant_fees_only(f)]
    # Fees a court may award a prevailing *defendant* for frivolous claims say nothing about
    # whether a plaintiff must receive them.
    discretionary = [f for f in s["fees_discretionary"] if not _DEFENDANT_FEES.search(f.clause_text)
                     or re.search(r"\bplaintiff", f.clause_text, re.IGNORECASE)]
    if mandatory:
        decision = Decision("yes", "The court must award reasonable attorney fees and costs to a prevailing plaintiff:",
                            support=mandatory, against=discretionary)
        if all(_FEE_LIMITED.search(f.clause_text) for f in mandatory):
            # "shall award fees ..., not to exceed 25 percent of the damages", "only in an action for injunctive relief",
            # "as provided in 42 U.S.C. 1988" (whose own award is discretionary): how far the duty reaches needs a person
            decision.unresolved = True
            decision.reason += " (The award is limited or borrows another law's terms: review.)"
        return decision
    defendants = [f for f in s["fees_mandatory"] if f not in mandatory]
    if defendants and not discretionary:
        # said outright, not "no mention": the fee words were read, and they pay the other side
        return Decision("no", "The bill's mandatory attorney fees go to the side that was sued (the defendant, officer or "
                                "employer), not to the plaintiff:",
                        support=defendants)
    if discretionary:
        return Decision("no", "The bill includes attorney fees, however, \"may\" is not strong enough to meet the "
                              "standard that the plaintiff must receive them:", support=discretionary)
    return Decision("no", "The bill has no mention of attorney fees for a prevailing plaintiff.", silent=True)


#: RUBRIC.md: discipline counts when *liability* triggers it, so the clause must tie the two.
_LIABILITY_TRIGGER = re.compile(r"\b(?:liab\w*|judgments?|settlements?|civil\s+actions?|verdicts?|adjudged|"
                                r"found\s+(?:by\s+(?:a|the)\s+(?:court|jury|finder\s+of\s+fact)\s+)?to\s+have|"
                                r"violat\w*\s+(?:of\s+)?(?:this|the)\s+(?:act|section|chapter))\b", re.IGNORECASE)


#: A finding of misconduct by a board, an employer or a hearing officer.
_FINDING_TRIGGER = re.compile(r"\b(?:found|finds|find|determines|determined|adjudicated|sustains|sustained|convicted|conviction)\b",
                              re.IGNORECASE)
#: A sanction that is owed, not permitted.
_SANCTION_OWED = re.compile(r"\b(?:shall|must)\b|\bis\s+mandatory\b|\bnot\s+discretionary\b|\bno\s+discretion\b",
                            re.IGNORECASE)


def rule_individual_accountability(ctx: RuleContext) -> Decision:
    s = ctx.signals
    personal = s["personal_contribution"]
    discipline = s["discipline_or_decertification"]
    triggered = [f for f in discipline if _LIABILITY_TRIGGER.search(f.clause_text) or "accountability_liability" in f.source]
    untriggered = [f for f in discipline if f not in triggered]
    if personal or triggered:
        return Decision("yes", "The individual employee is held personally accountable:", support=personal + triggered)
    # "The council shall revoke the certification of any officer it finds, after a hearing, to have failed
    # to intervene": a finding of misconduct, not civil liability, triggers a sanction that is owed. The
    # officer is held to account (RUBRIC.md's standard); its example names liability, so a person checks.
    found = [f for f in untriggered if _FINDING_TRIGGER.search(f.clause_text) and (
        _SANCTION_OWED.search(f.clause_text) or "accountability_owed" in f.source)]
    if found:
        decision = Decision("yes", "The individual employee is held personally accountable: a finding of misconduct "
                                   "triggers a sanction that is owed:", support=found)
        decision.unresolved = True
        decision.reason += " (RUBRIC.md's example ties the sanction to civil liability: review.)"
        return decision
    if untriggered:
        return Decision("no", "The bill mentions discipline or decertification, but not as a consequence of civil "
                              "liability:", support=untriggered)
    return Decision("no", "The bill has no mention of holding the individual employee accountable "
                          "(personal payment, discipline or decertification).", silent=True)


#: A closing clause that yields to another unit of the bill: "Except as provided in subsection (c), ...",
#: "..., except records made public by subsection (c)", "Subject to subsection (c), ...", "does not reach
#: records made public by section 2 of this act", "other than records described in subsection (c)".
_YIELDS_TO_UNIT = re.compile(
    r"\b(?:except|other\s+than|subject\s+to|unless|excluding|not\s+(?:reach|apply\s+to|include|cover))\b[^.;]{0,100}?"
    r"\b(section|subsection|subdivision|paragraph)s?\s+\(?([0-9]+[a-z]?|[a-z]{1,3})\)?", re.IGNORECASE)


def _unit_named(section: str | None, kind: str, label: str) -> bool:
    """Whether the unit id ``section`` is (inside) the unit a cross-reference names: "subsection (c)"
    -> an id with "(c)"; "section 2" -> an id whose section number is 2."""
    if not section:
        return False
    if kind.lower() == "section":
        return bool(re.search(r"(?:^|/)\s*(?:sec(?:tion)?\.?|§)\s*" + re.escape(label) + r"\b", section, re.IGNORECASE))
    return f"({label.lower()})" in section.lower()


#: How far a lead-in's list is read for a deferring item ("The following records are confidential: ...
#: (2) records of investigations, other than records described in subsection (c)").
_LEAD_IN_LIST_CHARS = 600


def _yields_to_disclosure(flag: Flag, public: list[Flag], text: str = "") -> bool:
    """A closing flag whose clause (or, for a lead-in, its list) defers to a unit of the bill that a
    disclosure flag lies in."""
    scope = flag.clause_text or ""
    if text and scope.rstrip().endswith((":", "--", "—")):
        scope += text[flag.clause_end:flag.clause_end + _LEAD_IN_LIST_CHARS]
    return any(any(_unit_named(p.section, m.group(1), m.group(2)) for p in public)
               for m in _YIELDS_TO_UNIT.finditer(scope))


def rule_public_records(ctx: RuleContext) -> Decision:
    s = ctx.signals
    public = s["records_public"]
    closed = s["records_confidential"]
    # an officer's name kept out counts only beside records its section publishes (not a study's report)
    limited = [f for f in s["records_limited"] if "records_anonymised" not in f.source or _same_section(f, public)]
    # "Except as provided in subdivision (b), the personnel records ... are confidential" with (b) opening
    # records: the closing clause gives way to the one it names (and so does its list's lead-in).
    for item in [f for f in closed + limited if _yields_to_disclosure(f, public, ctx.text)]:
        parent = re.sub(r"\([^()]*\)$", "", item.section or "")
        closed = [f for f in closed if f is not item and not (
            item.section != parent and within_unit(f.section, parent) and f.clause_start < item.clause_start)]
        limited = [f for f in limited if f is not item]
    # "The following records are exempt ...: (3) Notwithstanding (1) and (2), records of complaints
    # ... are not exempt": the item takes those records out of its own list's exemption.
    for item in (f for f in public + limited if "records_override" in f.source):
        parent = re.sub(r"\([^()]*\)$", "", item.section or "")  # "Sec. 2(3)" -> "Sec. 2": the lead-in and siblings
        closed = [f for f in closed if not (within_unit(f.section, parent) and f.clause_start < item.clause_start)]
    if closed and not public:
        return Decision("no", "The records stay confidential or exempt from disclosure:", support=closed,
                        against=limited)
    if public and closed and not prevails(closed, public):
        closed_overruled, closed = closed, []
    else:
        closed_overruled = []
    if public and limited and not prevails(limited, public):
        # a limit only the classifier read, beside a disclosure a rule read: shown against it, not decisive
        closed_overruled, limited = closed_overruled + limited, []
    if public and (limited or closed):
        return Decision("partial", "Records are disclosed, but only in part:", support=limited + closed,
                        against=public)
    if limited:
        return Decision("partial", "Disclosure is real but limited:", support=limited)
    if public:
        decision = Decision("yes", "Records of complaints, judgments or settlements are public:", support=public,
                            against=closed_overruled)
        if all("records_secrecy_barred" in f.source for f in public):
            # a ban on secret settlements opens them only through the state's public-records law
            decision.unresolved = True
            decision.reason += (" (The bill forbids keeping settlements confidential but does not itself make "
                                "the records public: review.)")
        return decision
    if _no_remedy(ctx):
        return Decision("no", "The bill has no mention of disclosing records of complaints, investigations, "
                              "judgments or settlements.", silent=True)
    return _law_decision(ctx, "public_records", "disclosing records of complaints, judgments or settlements",
                         "no", "The bill does not make these records public.")


#: criterion id -> rule. Order matters: later rules may read earlier decisions.
CRITERION_RULES: dict[str, Callable[[RuleContext], Decision]] = {
    "end_qi_law_enforcement": rule_end_qi_law_enforcement,
    "end_qi_public_employees": rule_end_qi_public_employees,
    "end_qi_state_constitution": rule_end_qi_state_constitution,
    "no_liability_caps": rule_no_liability_caps,
    "failure_to_intervene": rule_failure_to_intervene,
    "full_compensation": rule_full_compensation,
    "attorney_fees": rule_attorney_fees,
    "individual_accountability": rule_individual_accountability,
    "public_records": rule_public_records,
}


#: Signals that show a text is about QI or a cause of action for rights violations at all.
_CORE_SIGNALS = (
    "qi_barred", "good_faith_defense_retained", "immunity_saved", "qi_codified", "covers_all_public_employees",
    "covers_police_only", "rights_all_state_constitution", "rights_listed_only", "force_only", "fti_liability",
    "fti_duty_only",
)
CORE_MISSING_NOTE = ("(The text has no qualified-immunity or rights-violation provision; check that this clause "
                     "concerns claims against officials.)")


#: "Nothing in this section may be construed to provide immunity to any person who knowingly
#: violates the constitutional rights of another": the saving clause of a bill that grants a shield
#: keeps that shield from covering knowing violations; it bars no defence (RUBRIC.md: such bills are
#: relevant and score no).
_SHIELD_SAVING_CLAUSE = re.compile(
    r"\bnothing\b[^.;]{0,80}\bconstrued\s+(?:to|as\s+to)\s+(?:provide|grant|confer|create|extend)\s+(?:any\s+)?"
    r"immunit(?:y|ies)\s+(?:to|for|on)\s+(?:any|a)\s+(?:person|individual|officer|employee)\b", re.IGNORECASE)


def _not_a_bar(flag: Flag) -> bool:
    return flag.signal == "qi_barred" and bool(_SHIELD_SAVING_CLAUSE.search(flag.clause_text or flag.text))


def _enacted_text_decides(flags: list[Flag], enacted_from: int) -> list[Flag]:
    """Drop a criterion's flags in the long title or digest before the enacting clause when an
    enacted provision speaks to the same criterion: "AN ACT ... providing limitations on recovery"
    describes the bill; "The limits on damages in Section 101.023 do not apply" is the law. A title
    that says the bill codifies qualified immunity is kept: it states which way the bill goes."""
    if enacted_from <= 0:
        return flags
    enacted = {f.criterion for f in flags if f.start >= enacted_from}
    return [f for f in flags if f.start >= enacted_from or f.criterion not in enacted or f.signal == "qi_codified"]


def decide(flags: Iterable[Flag], jurisdiction: Jurisdiction | None = None, text: str = "") -> dict[str, Decision]:
    """Run every criterion rule over ``flags``: criterion id -> :class:`Decision`.

    ``text`` (the document text) lets rules recognise a bill that amends a known cause of action
    of the jurisdiction (e.g. § 1983); without it they read the flags alone.
    """
    enacted_from = enacting_clause_offset(text)
    flags = _enacted_text_decides([f for f in flags if not _not_a_bar(f)], enacted_from)
    ctx = RuleContext(signals=Signals(flags), jurisdiction=jurisdiction, decided={}, text=text)
    codified = _codified(ctx)
    for criterion_id, rule in CRITERION_RULES.items():
        # RUBRIC.md: bills that codify QI "score zero", whatever else they say.
        decision = codified if codified is not None else rule(ctx)
        decision.support = ranked(decision.support)
        if decision.verdict != "no" and decision.support and all(f.start < enacted_from for f in decision.support):
            # Only the long title or digest before the enacting clause says so ("AN ACT ... to
            # provide liability for officers who fail to intervene"): it describes the bill; no
            # enacted provision read confirms it, so a person checks the enacted text.
            decision.unresolved = True
            decision.reason += (" Only the bill's title or digest, before its enacting clause, says so; no "
                                "enacted provision read does: review.")
        if decision.verdict != "no" and not ctx.signals.has(*_CORE_SIGNALS) and not any(
                _CIVIL_RIGHTS_FEE_LAW.search(f.clause_text) for f in decision.support):
            # A fee or indemnification clause in a text with no QI or rights provision (an
            # interstate compact, a licensing act) may not be about claims against officials;
            # one that amends the civil-rights fee statute (42 U.S.C. 1988) is.
            decision.off_topic = True
        ctx.decided[criterion_id] = decision
    return ctx.decided


