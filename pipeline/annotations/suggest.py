"""Label proposals for a person to review: the rules' flags and loose keyword cues per clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.annotations.clauses import split_clauses
from pipeline.vocab import signal_labels

# Keyword cues: deliberately loose (they only propose; a person decides). One regex per label.
_CUES: dict[str, str] = {
    "qi_barred": r"(qualified|governmental|official) immunity (is|shall) not (be )?(a |an )?(defen[cs]e|apply|available)"
    r"|shall not be a defen[cs]e|not be a defen[cs]e|no defen[cs]e|shall not enjoy the defen[cs]e|clearly lawful"
    r"|(is|shall) not (be )?(a )?defen[cs]e .{0,80}(good faith|clearly established|believed)",
    "good_faith_defense_retained": r"good[- ]faith (and reasonable )?belief|objectively (reasonable|good faith)|reasonably believed"
    r"|acted in good faith|shall be a defen[cs]e|immunity shall only be a defen[cs]e",
    "immunity_saved": r"(not|nothing).{0,60}(abrogate|waive|diminish|limit|affect|impair).{0,40}immunit|immunit(y|ies).{0,40}(preserved|retained|remain)",
    "qi_codified": r"qualified immunity act|clearly established|shall not be liable|entitled to (qualified )?immunity|Saucier|Harlow"
    r"|certif(y|ies) .{0,80}qualified immunity",
    "covers_all_public_employees": r"public body|public (employee|official|entity)|acting (on behalf of|under color of)|under colou?r of"
    r"|any person who|government (official|employee)s?|employee of a (state|public)",
    "covers_police_only": r"peace officer|police officer|law[- ]enforcement officer",
    "rights_all_state_constitution": r"(any|all) rights?,? (privileges|secured|guaranteed)|bill of rights|article first|constitution of (the state|new mexico|[A-Z][a-z]+)"
    r"|rights, privileges,? or immunities secured",
    "rights_listed_only": r"following rights|only (the )?(right|violation)|listed|enumerated (in|rights)",
    "force_only": r"(physical|excessive|deadly|use of) force|search and seizure|unreasonable (search|seizure)",
    "cap_present": r"shall not exceed|may not exceed|\$\s?[\d,]+|(thousand|million) dollars|per (claimant|occurrence)|whichever is less",
    "caps_lifted": r"(statutory|sovereign) immunit(y|ies).{0,80}(shall not|do not|does not|not) apply|limitations? on (liability|damages).{0,60}(shall not|do not|not) apply"
    r"|(statutory|sovereign) immunit(y|ies).{0,40}(is|are) not a defen[cs]e|excludes? sovereign immunity",
    "fti_liability": r"fail(s|ing|ure)? to intervene",
    "fti_duty_only": r"duty to intervene|shall intervene|duty to report|shall report",
    "indemnify_mandatory": r"shall (indemnify|protect and save harmless|save harmless|hold harmless|be indemnified|pay)"
    r"|indemnif(y|ied) .{0,40}(for|against) any",
    "indemnify_discretionary": r"may (indemnify|pay|elect to indemnify)",
    "indemnify_carveout": r"(not|no) (be )?indemnif|except that|unless .{0,60}(malicious|wil+ful|bad faith|convicted|criminal)"
    r"|malicious|wanton|wil+ful|convicted",
    "indemnify_removed": r"(shall not|may not|prohibited from) (indemnify|pay any portion)|not required to (pay|satisfy)|indemnification .{0,40}(prohibited|repealed)",
    "fees_mandatory": r"shall award .{0,80}(attorney|fees)|entitled to .{0,40}(attorney|fees)|shall be awarded .{0,60}(attorney|fees)",
    "fees_discretionary": r"may (award|be awarded|allow) .{0,80}(attorney|fees|costs)|attorney'?s?'? fees",
    "personal_contribution": r"personally liable|personal(ly)? (liability|pay)|five percent|\b5%|portion of the (judgment|settlement)",
    "discipline_or_decertification": r"decertif|revo(ke|cation).{0,40}certif|disciplin|terminat(e|ion) of (employment|the officer)|suspen(d|sion)",
    "records_public": r"public record|(shall|must) (be )?(disclose|made public|publish|make public)|(publicly|public) (available|disclos)|freedom of information|open to (public )?inspection|registry",
    "records_limited": r"redact|sustained|(only|limited) (disclos|to)|not required to (be )?disclos|delay",
    "records_confidential": r"confidential|exempt(ed)? from (disclosure|public)|not (be )?(subject to|a public record|disclos)|shall not (be )?(disclos|made public)",
}
_CUE_PATTERNS = {label: re.compile(pattern, re.IGNORECASE | re.DOTALL) for label, pattern in _CUES.items()}


def cue_labels(text: str) -> list[str]:
    """Labels whose keyword cue occurs in ``text`` (loose; for review only)."""
    flat = " ".join(text.split())
    return [label for label, pattern in _CUE_PATTERNS.items() if pattern.search(flat)]


def _rule_flags(document) -> list:
    """The rule flags of ``document`` (the run path's analysis)."""
    from pipeline.run import analyze

    return list(analyze(document).rule_flags)


@dataclass
class Suggestion:
    start: int
    end: int
    text: str
    rule_labels: list[str]
    cue_labels: list[str]

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.rule_labels) | set(self.cue_labels), key=signal_labels().index)


def suggest(document, *, use_rules: bool = True) -> list[Suggestion]:
    """Every clause of ``document`` with the labels rules and keyword cues propose."""
    flags = _rule_flags(document) if use_rules else []
    out: list[Suggestion] = []
    for start, end in split_clauses(document.text):
        rule = sorted({f.signal for f in flags if f.start < end and f.end > start})
        text = document.text[start:end]
        out.append(Suggestion(start, end, text, rule, cue_labels(text)))
    return out


def method_for(suggested: list[str]) -> str:
    """The honest ``method``: a suggestion existed and was reviewed, or a person labelled unaided."""
    return "rule-suggested, reviewed" if suggested else "written by hand"
