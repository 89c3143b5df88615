"""Document triage: is this bill about the civil liability of officials at all?

Batch runs read tens of thousands of bills and almost all of them (appropriations, fisheries,
commemorations...) have nothing to do with qualified immunity. :func:`relevance` answers in two
steps so that those cost next to nothing:

1. **Prefilter.** One compiled regular expression of cue phrases ("qualified immunity", "under
   color of", "cause of action", "indemnify", "attorney's fees", "peace officer"...). A bill with
   no liability cue at all is rejected here: the reason says so. Scanning a bill is one regex pass.
2. **Model.** When the relevance model exists (``statute train`` writes ``models/relevance.skops``
   and its numpy export ``relevance.npz`` + ``.json``, read by :mod:`pipeline.linear`), the
   remaining bills go through a TF-IDF + logistic-regression document model and its probability
   decides.
   Without the file, a weighted count of the distinct cues found decides (``score`` in [0, 1]).
3. **Safety nets.** A bill that names "qualified immunity" is always kept (reason says so), even
   when the model scores it low: long omnibus police bills dilute the model's view of their QI
   section, and a dropped QI bill is never scored while an extra one costs one scoring run. So is a
   bill that makes one of the moves RUBRIC.md (2026-12-03) calls relevant without naming QI
   (:data:`RELEVANCE_MOVES`: amends or invokes 42 U.S.C. § 1983, grants or widens immunity, a
   remedy against persons acting under color of law, a duty to intervene): the model learnt its
   labels before that definition, and such bills are rare (about 60 of the 16,000 bulk bills).

The prefilter is built for recall: it only rejects bills that mention none of the liability
cues, so the model (or the cue score) makes every close call.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.config import models_dir

__all__ = ["Relevance", "relevance", "prefilter", "may_pass_prefilter", "flat_text", "cue_hits", "names_qualified_immunity", "names_public_actor", "rubric_relevance_move",
           "RELEVANCE_MODEL_FILE"]

RELEVANCE_MODEL_FILE = "relevance.skops"

#: Text beyond this many characters is not read by the prefilter or the model: the cues of a
#: liability bill are in its title and first sections, and giant omnibus bills would otherwise
#: dominate the cost of a batch.
MAX_CHARS = 400_000


@dataclass(frozen=True)
class Relevance:
    """The triage verdict: ``relevant``, a ``score`` in [0, 1] and a one-line ``reason``;
    ``uncertain`` when two triage signals disagree, so a person checks the verdict."""

    relevant: bool
    score: float
    reason: str
    uncertain: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


# cue name -> (pattern, weight, kind). "liability" cues are what the prefilter requires; the
# "official" and "remedy" cues only add weight. Weights reflect how specific a cue is to
# liability-of-officials bills (measured on the shared corpus vs the bulk bills).
_CUES: dict[str, tuple[str, float, str]] = {
    "qualified immunity": (r"qualified\s+immunit(?:y|ies)", 5.0, "liability"),
    "clearly established": (r"clearly\s+established", 3.0, "liability"),
    "under color of": (r"colou?r\s+of\b", 3.0, "liability"),
    "section 1983": (r"1983\b|1979\s+of\s+the\s+revised\s+statutes", 4.0, "liability"),
    "deprivation of rights": (r"depriv\w*\s+(?:\w+\s+){0,5}?rights?\b", 3.0, "liability"),
    "civil rights act": (r"civil\s+rights\s+act", 2.0, "liability"),
    "immunity": (r"immun(?:e|ity|ities)\b", 2.0, "liability"),
    "cause of action": (r"causes?\s+of\s+action", 1.5, "liability"),
    "civil action": (r"civil\s+(?:action|claim|suit)s?\b", 1.0, "liability"),
    "indemnify": (r"indemnif|harmless", 2.0, "liability"),
    "attorney fees": (r"attorney'?s?'?\s+fees", 1.0, "liability"),
    "tort claims": (r"tort\s+claims?", 1.5, "liability"),
    "good faith defense": (r"good[\s-]faith", 1.0, "liability"),
    "liability": (r"liab(?:le|ilit)", 0.5, "liability"),
    "public records": (r"public\s+records?|records?\s+(?:shall|must)\s+be\s+(?:made\s+)?(?:public|available)",
                       1.5, "liability"),
    "misconduct": (r"misconduct|complaints?\s+against|disciplin\w*\s+(?:action|decision|record)s?|decertif|revo(?:ke|kes|king|cation)\s+(?:of\s+)?(?:\w+\s+){0,4}?(?:certificat|licens|licenc)",
                   1.0, "liability"),
    "law enforcement officer": (r"peace\s+officers?|police\s+officers?|law[\s-]enforcement\s+officers?",
                                1.0, "official"),
    "public employee": (r"public\s+(?:employees?|body|bodies|entit(?:y|ies)|officials?)"
                        r"|government(?:al)?\s+(?:employees?|entit(?:y|ies))", 1.0, "official"),
    "constitutional rights": (r"constitutional\s+rights?|rights?\s+(?:secured|guaranteed)\s+by", 1.5, "remedy"),
    "rights violation": (r"violat\w*\s+(?:of\s+)?(?:\w+\s+){0,3}?(?:rights?|constitution)\b"
                         r"|rights?\s+(?:\w+\s+){0,6}?(?:are|is|were|was|been)\s+(?:violated|infringed|denied|abridged)\b"
                         r"|(?:infring|abridg)\w*\s+(?:\w+\s+){0,4}?(?:rights?|liberty|liberties|protection)\b", 1.5, "liability"),
    "damages from": (r"damages\s+(?:from|against)\s+(?:the|any|a|an|such)\s+(?:\w+\s+){0,2}?(?:officers?|employees?|deputy|deputies|officials?|agents?)\b",
                     1.0, "liability"),
    "redress": (r"redress|lawsuit", 1.0, "liability"),
    "duty to intervene": (r"(?:duty|fail\w*)\s+to\s+(?:intervene|intercede)|shall\s+(?:intervene|intercede)", 2.0,
                          "liability"),
    "damages": (r"damages\b", 0.5, "remedy"),
}

#: Lower-case phrases, one of which every "liability" cue above contains (whitespace collapsed).
#: Checking them with ``in`` on the flattened text is the near-free first pass.
_LIABILITY_STEMS: tuple[str, ...] = (
    "immun", "clearly established", "color of", "colour of", "1983", "revised statutes", "depriv",
    "civil rights", "cause of action", "causes of action", "civil action", "civil claim", "civil suit",
    "indemnif", "harmless", "attorney", "tort claim", "good faith", "good-faith", "liab",
    "public record", "record shall", "records shall", "record must", "records must", "misconduct",
    "decertif", "revok", "revocation", "disciplin", "complaint", "terminat", "suspend", "dismiss", "removed from", "removal from", "violat", "redress", "lawsuit", "to interven", "to interced",
    "suspension", "demotion", "furlough", "ineligible", "prohibited from being employed", "barred from",
    "infring", "abridg", "damages from", "damages against",
    "shall interven", "shall interced",
)
# One compiled pattern per cue, run on the lower-cased text: a pattern that starts with a literal
# lets the regex engine skip ahead with a fast substring search, which one big alternation cannot.
_CUE_RES = {name: re.compile(pattern) for name, (pattern, _, _) in _CUES.items()}

#: Without a model, a bill is relevant when its weighted cue count reaches this value. Chosen on
#: the shared corpus (every liability text reaches it) against the bulk bills (few do).
CUE_THRESHOLD = 6.0


def cue_hits(text: str) -> dict[str, int]:
    """How often each cue phrase occurs in ``text`` (first :data:`MAX_CHARS` characters)."""
    lowered = text[:MAX_CHARS].lower()
    counts: dict[str, int] = {}
    for name, pattern in _CUE_RES.items():
        found = len(pattern.findall(lowered))
        if found:
            counts[name] = found
    return counts


def cue_score(hits: dict[str, int]) -> float:
    """Weighted count of distinct cues; a repeated cue adds a little (log), not linearly."""
    return sum(_CUES[name][1] * (1.0 + 0.25 * math.log(count)) for name, count in hits.items())


def flat_text(text: str) -> str:
    """What the stems and :data:`RELEVANCE_MOVES` are looked for in: the first :data:`MAX_CHARS`
    characters, lower-cased, whitespace collapsed to single spaces (line breaks of PDF
    extractions fall inside phrases)."""
    return " ".join(text[:MAX_CHARS].lower().split())


def _has_liability_stem(flat: str) -> bool:
    return any(stem in flat for stem in _LIABILITY_STEMS)


#: The stems with their spaces taken out, for :func:`may_pass_prefilter`.
_DESPACED_STEMS: tuple[str, ...] = tuple(dict.fromkeys(stem.replace(" ", "") for stem in _LIABILITY_STEMS))


def may_pass_prefilter(text: str) -> bool:
    """False only when :func:`prefilter` rejects ``text`` *however its words are spaced*.

    The stems are looked for in the whole lower-cased text with every whitespace character
    removed. Repairing split and run-together words ("qualifi ed", "followingapply") only takes
    out or puts in spaces, so a text this test rejects is rejected by the prefilter before and
    after that repair: the run path skips the word repair on it (most bulk bills) without
    changing any triage decision. (The whole text, not the first :data:`MAX_CHARS` characters:
    a repair that removes spaces pulls later text into the prefilter's window.)
    """
    despaced = "".join(text.lower().split())
    return any(stem in despaced for stem in _DESPACED_STEMS)


def prefilter(text: str, *, flat: str | None = None) -> Relevance | None:
    """Reject ``text`` cheaply when no liability cue occurs; ``None`` means "look closer".

    Two passes, cheapest first: plain substring checks of :data:`_LIABILITY_STEMS` on the
    lower-cased text (``flat``: :func:`flat_text` of ``text`` when the caller has it), then
    (only for bills that pass) the cue regex.
    """
    flat = flat_text(text) if flat is None else flat
    if not _has_liability_stem(flat) or not (any(_CUES[name][2] == "liability" for name in cue_hits(text))
                                              or rubric_relevance_move(text, flat=flat)):
        return Relevance(False, 0.0, "prefilter: no liability cue phrase (immunity, cause of action, "
                                     "color of law, indemnify, attorney fees...)")
    return None


def _cue_verdict(text: str) -> Relevance:
    hits = cue_hits(text)
    raw = cue_score(hits)
    score = round(1.0 - math.exp(-raw / CUE_THRESHOLD * math.log(2)), 3)  # 0.5 at the threshold
    top = sorted(hits, key=lambda name: -_CUES[name][1])[:4]
    verdict = raw >= CUE_THRESHOLD
    return Relevance(verdict, score, f"cue phrases ({'relevant' if verdict else 'too few'}): "
                                     f"{', '.join(top)} (weight {raw:.1f}, threshold {CUE_THRESHOLD:g})")


def _model_path(models: str | Path | None = None) -> Path:
    return models_dir(models) / RELEVANCE_MODEL_FILE


def load_relevance_model(models: str | Path | None = None) -> dict | None:
    """The saved relevance bundle ``{"pipeline", "threshold", "version"}``, or ``None``."""
    from pipeline.model_io import load_cached

    return load_cached(_model_path(models))


def model_text(text: str) -> str:
    """What the document model reads: the text, cut at :data:`MAX_CHARS`."""
    return text[:MAX_CHARS]


def relevance(document, *, models: str | Path | None = None, use_model: bool = True) -> Relevance:
    """Triage one document (a :class:`~pipeline.values.Document` or a plain string).

    Prefilter first; then the relevance model when ``models/relevance.skops`` exists (and
    ``use_model``), else the cue score.
    """
    text = document if isinstance(document, str) else document.text
    flat = flat_text(text)  # once: the stems and the rubric's moves both read it
    rejected = prefilter(text, flat=flat)
    if rejected is not None:
        return rejected
    bundle = load_relevance_model(models) if use_model else None
    if bundle is None:
        return _cue_verdict(text)
    proba = float(bundle["pipeline"].predict_proba([model_text(text)])[0, 1])
    threshold = float(bundle["threshold"])
    verdict = proba >= threshold
    if not verdict and names_qualified_immunity(text):
        return Relevance(True, round(proba, 3),
                         f"names qualified immunity (always scored); relevance model {bundle['version']}: "
                         f"p={proba:.2f} < threshold {threshold:.2f}")
    move = None if verdict else rubric_relevance_move(text, flat=flat)
    if (verdict or move is not None) and not names_public_actor(flat):
        # The model (or a rubric move) and the text disagree: not relevant, but a person checks it.
        return Relevance(False, round(proba, 3),
                         f"names no public official, employee or body (RUBRIC.md: relevant bills concern officials), "
                         f"though {'a rubric move' if move else 'the relevance model'} reads it as relevant; "
                         f"relevance model {bundle['version']}: p={proba:.2f}", uncertain=True)
    if move is not None:
        return Relevance(True, round(proba, 3),
                         f"{move} (relevant under RUBRIC.md, always scored); relevance model "
                         f"{bundle['version']}: p={proba:.2f} < threshold {threshold:.2f}")
    return Relevance(verdict, round(proba, 3),
                     f"relevance model {bundle['version']}: p={proba:.2f} "
                     f"({'>=' if verdict else '<'} threshold {threshold:.2f})")


#: RUBRIC.md, "Which bills are relevant": moves that make a bill relevant whether or not it names
#: qualified immunity. Patterns run on the lower-cased text with whitespace collapsed (line breaks
#: of PDF extractions fall inside these phrases).
#: Who an accountability move must be about: a public officer, not a company's director or a guard.
_OFFICER = (r"(?:(?:law[ -]enforcement|police|peace|correctional|corrections|detention|public\s+safety)\s+officers?"
            r"|deput(?:y|ies)|troopers?|sheriffs?|members?\s+of\s+the\s+(?:state\s+)?police|public\s+employees?"
            r"|state\s+employees?)")

#: A public employee named by the kind of employer.
_PUBLIC_EMPLOYEE = (r"(?:public|government(?:al)?|state|county|municipal|city|school|federal|agency|classified|civil\s+service)\s+"
                    r"(?:employees?|officials?|officers?)")

#: Police and public employees named outright ...
_POLICE_OR_PUBLIC_EMPLOYEE = (r"\b(?:law[ -]enforcement|police|peace\s+officers?|sheriffs?|deput(?:y|ies)|troopers?"
                              r"|correctional|public\s+employees?|state\s+employees?)\b")

#: ... or officials and employees named by the government they serve.
_GOVERNMENT_OFFICIAL = (r"\b(?:officers?|officials?|employees?)\s+(?:or\s+employees?\s+)?of\s+(?:the\s+|an?\s+|any\s+)?"
                        r"(?:united\s+states|federal\s+government|state|county|city|municipality|commonwealth|"
                        r"(?:\w+\s+)?(?:department|government|agency))\b|" + _PUBLIC_EMPLOYEE)

#: A text about public officers at all: the gate of the accountability moves (a sanction on a
#: company's director or a guard is not one).
_NAMES_OFFICER_RE = re.compile(_POLICE_OR_PUBLIC_EMPLOYEE + "|" + _GOVERNMENT_OFFICIAL)

#: A public body that can be sued: a police department, an agency, a local government.
_PUBLIC_BODY = (r"(?:unit\s+of\s+local\s+government|(?:state\s+|federal\s+|public\s+|law\s+enforcement\s+)agency|police\s+department"
                r"|sheriff'?s\s+office|public\s+(?:body|entity|employer)|political\s+subdivision|municipality|government\s+of)\b")

RELEVANCE_MOVES: dict[str, re.Pattern[str]] = {
    "amends or invokes 42 U.S.C. § 1983": re.compile(
        r"1979 of the revised statutes|42 u\.? ?s\.? ?c\.? (?:§ ?|section )?1983\b|section 1983 of title 42"),
    "grants or widens immunity": re.compile(
        r"\b(?:is|are|be|become|becomes|remain|remains) immune from (?:any )?(?:civil |personal )?"
        r"(?:suit|liability|action|damages|claims?)\b|\bimmunit(?:y|ies) (?:from|to) (?:any )?(?:civil |personal )?"
        r"(?:and criminal )?(?:suit|liability|damages)\b"),
    "a remedy against persons acting under color of law": re.compile(
        r"colou?r of (?:any |state |federal |tribal )?(?:law|authority|statute|office)\b"),
    "a duty to intervene": re.compile(r"duty to (?:intervene|intercede)|shall (?:intervene|intercede)\b"),
    # Accountability of officials (RUBRIC.md "Which bills are relevant"): a sanction the officer must
    # suffer, or records of complaints and discipline opened to the public.
    "holds an officer to account (mandatory discipline or decertification)": re.compile(
        r"(?:" + _OFFICER + r"|\b(?:officer|member|employee|deputy|trooper|agent)s?\s+who)\b[^.;]{0,200}?"
        r"\b(?:shall|must)\s+be\s+(?:subject\s+to\s+)?(?:disciplin|terminat|suspend|decertif|dismiss|removed?\s+from)"
        r"|\b(?:shall|must)\s+(?:take\s+disciplinary\s+action\s+against|decertify|terminate\s+the\s+employment\s+of"
        r"|revoke\s+the\s+(?:certification|certificate|license|licence)\s+of)\s+(?:\w+\s+){0,3}?" + _OFFICER
        # "must be prohibited from being employed as a law enforcement officer", "is ineligible to serve as a peace
        # officer", "shall be subject to furlough, reduction in pay or grade, or a suspension"
        + r"|\b(?:shall|must|is|are)\s+(?:also\s+)?(?:be\s+)?(?:permanently\s+)?(?:prohibited|barred)\s+from\s+(?:being\s+)?"
          r"(?:employed|employment|serving|service)\s+as\s+(?:an?\s+)?(?:\w+\s+)?" + _OFFICER
        + r"|\b(?:is|are|shall\s+be|becomes?)\s+(?:permanently\s+)?ineligible\s+(?:for\s+employment|to\s+serve|for\s+appointment)\s+as\s+(?:an?\s+)?"
        + _OFFICER
        + r"|(?:" + _OFFICER + r"|\b(?:officer|agent|employee|deputy|trooper)s?\b[^.;]{0,40}?\b(?:who|whose))\b[^.;]{0,200}?\b(?:shall|must)\s+be\s+"
          r"subject\s+to\s+[^.;]{0,80}?\b(?:suspension|termination|dismissal|demotion|removal|furlough)\b"),
    "holds an official to account (adverse action or removal)": re.compile(
        r"\b(?:officers?|employees?|officials?)\b[^.;]{0,80}?\bwho\b[^.;]{0,250}?\b(?:shall|must)\s+be\s+subject\s+to\s+"
        r"(?:appropriate\s+)?(?:administrative\s+|disciplinary\s+|adverse\s+|personnel\s+)*"
        r"(?:discipline|disciplinary|adverse|action|removal|suspension|termination)"
        r"|\b(?:disciplinary|corrective|adverse|administrative)\s+action\s+(?:is\s+taken\s+)?(?:against|with\s+respect\s+to)\s+"
        r"(?:any\s+|an\s+|the\s+)?(?:\w+\s+)?(?:officials?|employees?|officers?)\b[^.;]{0,150}?\bfound\b"),
    "makes public employees civilly liable": re.compile(
        r"\b" + _PUBLIC_EMPLOYEE + r"\b[^.;]{0,150}?\b(?:civilly|personally)\s+liable"
        r"|\b(?:civilly|personally)\s+liable\b[^.;]{0,100}?\b" + _PUBLIC_EMPLOYEE + r"\b"),
    # a right of action for damages against the public body itself (its officials' practice is the wrong)
    "a civil action against a public body": re.compile(
        r"\b(?:civil\s+action|action\s+for\s+damages|cause\s+of\s+action|bring\s+an\s+action)\b[^.;]{0,60}?\bagainst\s+"
        r"(?:the\s+|a\s+|any\s+|that\s+)?" + _PUBLIC_BODY +
        r"|\bsue\s+(?:the\s+|a\s+|any\s+|that\s+)?" + _PUBLIC_BODY),
    "opens records of complaints or discipline": re.compile(
        r"\b(?:records?|reports?|decisions?)\s+(?:\w+\s+){0,6}?(?:complaints?|investigations?|disciplin\w*|misconduct)\b"
        r"[^.;]{0,200}?(?:public\s+records?|open\s+to\s+(?:the\s+)?public|available\s+to\s+the\s+public|public\s+inspection"
        r"|(?:shall|must)\s+(?:publish|disclose|make\s+public))"
        r"|\b(?:shall|must)\s+(?:publish|disclose|make\s+(?:available\s+)?(?:to\s+the\s+)?public)\b[^.;]{0,200}?"
        r"(?:complaints?|disciplinary\s+(?:decisions?|actions?|records?)|misconduct)\b"),
}


_ACCOUNTABILITY_MOVES = frozenset({"holds an officer to account (mandatory discipline or decertification)",
                                   "holds an official to account (adverse action or removal)",
                                   "opens records of complaints or discipline"})


def rubric_relevance_move(text: str, *, flat: str | None = None) -> str | None:
    """The first of :data:`RELEVANCE_MOVES` the text makes, or ``None`` (``flat``: :func:`flat_text`
    of ``text`` when the caller has it). The accountability moves count only in a text that names
    a public officer ("who ... shall be suspended" in a bill about deputies, not about guards)."""
    return _first_move(flat_text(text) if flat is None else flat)


@functools.lru_cache(maxsize=8)
def _first_move(flat: str) -> str | None:
    # cached: triage asks twice of one text (the prefilter, then relevance() when the model says no)
    for name, pattern in RELEVANCE_MOVES.items():
        if name in _ACCOUNTABILITY_MOVES and not _NAMES_OFFICER_RE.search(flat):
            continue
        if pattern.search(flat):
            return name
    return None


#: Any public actor at all: police, officers and employees of a government, public bodies, action
#: under color of law. A bill that names none (a referee's immunity, a homeowners' board, a ski
#: operator) is not about officials, whatever its immunity and fee words (measured 2026-12-05: no
#: relevant gold or dev bill lacks all of these; 14 look-alikes do). Wider than the accountability
#: gate: any "officer" counts here.
_NAMES_PUBLIC_ACTOR_RE = re.compile(
    r"\b(?:law[ -]enforcement|police|peace\s+officers?|sheriffs?|deput(?:y|ies)|troopers?|jailers?|correction(?:al|s)|"
    r"colou?r\s+of|public\s+(?:officials?|officers?|employees?|entit(?:y|ies)|bod(?:y|ies)|agenc(?:y|ies)|employers?|servants?)|"
    r"government(?:al)?|state\s+(?:actors?|agenc(?:y|ies)|employees?|officers?|officials?)|"
    r"(?:county|municipal|city|school|federal)\s+(?:employees?|officers?|officials?|agenc(?:y|ies))|"
    r"political\s+subdivisions?|municipalit(?:y|ies)|united\s+states|officers?|commonwealth\s+(?:agenc(?:y|ies)|employees?)|"
    r"school\s+district|1983|(?:public|state|government)\s+(?:employment|service)|(?:state|local|county|municipal)\s+(?:or\s+\w+\s+)?officials?)\b|"
    + _POLICE_OR_PUBLIC_EMPLOYEE + "|" + _GOVERNMENT_OFFICIAL)


def names_public_actor(flat: str) -> bool:
    """Whether the (flattened, lower-cased) text names any public official, employee or body (an
    "officer" of any kind counts: the gate only drops texts that name no public actor at all)."""
    return _NAMES_PUBLIC_ACTOR_RE.search(flat) is not None


def names_qualified_immunity(text: str) -> bool:
    """Whether the text says "qualified immunity": such a bill is always scored, whatever the model.

    The rubric is about qualified immunity, so a bill that names it is worth one scoring run even
    when the rest of it reads like an unrelated omnibus (a long police-reform bill whose QI
    section is a small part of the text is exactly what a bag-of-words model underrates). The
    cost, measured in CV (model_eval), is a few look-alikes that mention QI in passing.
    """
    return _CUE_RES["qualified immunity"].search(text[:MAX_CHARS].lower()) is not None
