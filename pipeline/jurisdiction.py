"""Background law per jurisdiction: damage caps, public-records law, indemnification statutes.

Three rubric criteria cannot be answered from a bill alone when the bill is silent on them
(RUBRIC.md: ``no_liability_caps``, ``full_compensation``, ``public_records``): the answer is the
jurisdiction's existing law. Those facts live as data in ``corpus/jurisdictions/<code>.yaml``,
one file per jurisdiction, each fact with its citation and source. A fact the team could not
source is recorded as ``status: unknown`` and stays unknown: the scorer then says so and flags
the criterion for review instead of guessing.

The jurisdiction of a document is read from its text (:func:`detect_jurisdiction`): the enacting
clause ("Be it enacted by the General Assembly of the State of Colorado", "... of the United
States of America in Congress assembled"), the heading ("118th CONGRESS", "STATE OF NEW
MEXICO"), the code it cites ("C.R.S.", "NMSA 1978", "Conn. Gen. Stat.", "U.S.C.", "RCW",
"ILCS") and the shape of its section numbers (Connecticut ``52-571k``, Colorado ``13-21-131``,
New Mexico ``41-4A-1``, Virginia ``8.01-42.1``). Each cue adds a weight to a code; the best
scored code wins, and the file name's two-letter prefix (how the shared corpus names documents)
only breaks a tie or answers when the text names no jurisdiction at all. An explicit code
(``statute score --jurisdiction CODE``) overrides everything. The detection keeps the words it
rests on, so the scorecard can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import project_corpus_dir

__all__ = [
    "TOPICS",
    "LawFact",
    "CauseOfAction",
    "CapStatute",
    "Jurisdiction",
    "jurisdictions_dir",
    "load_jurisdiction",
    "available_jurisdictions",
    "infer_jurisdiction",
    "resolve_jurisdiction",
    "jurisdiction_from_text",
    "detect_jurisdiction",
    "Detection",
    "jurisdiction_name",
    "STATE_CODES",
]

#: The fact topics, keyed by the rubric criterion whose silence they answer.
TOPICS: dict[str, str] = {
    "damage_caps": "no_liability_caps",
    "indemnification": "full_compensation",
    "public_records": "public_records",
}

_STATUSES = {
    "damage_caps": {"none", "cap", "unknown"},
    "indemnification": {"mandatory", "discretionary", "carveout", "none", "unknown"},
    "public_records": {"public", "limited", "closed", "unknown"},
}
_VERDICTS = {"yes", "partial", "no"}


@dataclass(frozen=True)
class LawFact:
    """One background-law fact.

    ``status`` is the finding in a word (``cap``/``none``; ``public``/``limited``/``closed``;
    ``mandatory``/``discretionary``/``carveout``/``none``; or ``unknown``). ``verdict_if_silent``
    is what the rubric criterion comes to when a bill of this jurisdiction says nothing on the
    topic (``None`` when unknown). ``source`` is a shared-corpus document id (``ct-cgs-1-210``)
    or another citation of where the fact was read; ``quote`` is verbatim from that source.
    """

    topic: str
    status: str
    summary: str
    verdict_if_silent: str | None = None
    citation: str | None = None
    source: str | None = None
    quote: str | None = None
    applies_to: str | None = None
    applies_when: str | None = None

    @property
    def known(self) -> bool:
        return self.status != "unknown"

    def applies(self, text: str) -> bool:
        """Whether the fact covers a bill with this text.

        A fact about one statute (``applies_to: actions under C.G.S. § 52-571k``) carries an
        ``applies_when`` regular expression (``52-571k``); it answers only for bills that name
        that statute. Facts without one are jurisdiction-wide.
        """
        return self.applies_when is None or re.search(self.applies_when, text, re.IGNORECASE) is not None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class CauseOfAction:
    """An existing cause of action that bills of the jurisdiction amend (e.g. 42 U.S.C. § 1983).

    When a bill bars QI in an action under this statute without restating whom it reaches or
    which rights it protects, the statute's own text answers: ``covers_all_persons`` (every
    person acting under color of law) and ``rights_all`` (any right the constitution secures).
    ``amended_when`` is a regular expression that recognises a bill amending it.
    """

    name: str
    amended_when: str
    covers_all_persons: bool
    rights_all: bool
    citation: str
    source: str
    quote: str | None = None

    def amended_by(self, text: str) -> bool:
        return re.search(self.amended_when, text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class CapStatute:
    """A statute of the jurisdiction that limits the damages recoverable from public bodies or
    their employees (e.g. ORS 30.271 to 30.273, the Oregon Tort Claims Act limits).

    A bill may set such a statute aside, or apply it, by its number alone ("ORS 30.271 to 30.273
    do not apply to an action under this section"): only the jurisdiction's law says the number
    is a cap. ``cited_when`` is a regular expression that recognises a citation of it. Whether a
    cap reaches a bill that is *silent* about it is a different question, answered (or left
    unknown) by the ``damage_caps`` fact.
    """

    name: str
    cited_when: str
    citation: str
    summary: str
    source: str

    def cited_in(self, text: str) -> bool:
        return re.search(self.cited_when, text, re.IGNORECASE) is not None

    def as_fact(self) -> LawFact:
        """The statute as a :class:`LawFact`, so explanations cite it like other law."""
        return LawFact(topic="damage_caps", status="cap", summary=self.summary, citation=self.citation,
                       source=self.source)


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    facts: dict[str, LawFact] = field(default_factory=dict)
    causes_of_action: tuple[CauseOfAction, ...] = ()
    cap_statutes: tuple[CapStatute, ...] = ()

    def cap_statute_cited(self, text: str) -> CapStatute | None:
        """The recorded cap statute ``text`` cites, if any."""
        return next((c for c in self.cap_statutes if c.cited_in(text)), None)

    def amended_cause_of_action(self, text: str) -> CauseOfAction | None:
        """The known cause of action ``text`` amends, if any."""
        return next((c for c in self.causes_of_action if c.amended_by(text)), None)

    def fact(self, topic: str) -> LawFact | None:
        """The fact on ``topic`` (one of :data:`TOPICS`) or ``None`` when not recorded."""
        if topic not in TOPICS:
            raise KeyError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")
        return self.facts.get(topic)


def jurisdictions_dir() -> Path:
    return project_corpus_dir() / "jurisdictions"


def _parse(raw: dict[str, Any], path: Path) -> Jurisdiction:
    code = str(raw["code"]).lower()
    facts: dict[str, LawFact] = {}
    for topic, body in (raw.get("facts") or {}).items():
        if topic not in TOPICS:
            raise ValueError(f"{path.name}: unknown fact topic {topic!r}")
        status = str(body.get("status", "unknown"))
        if status not in _STATUSES[topic]:
            raise ValueError(f"{path.name}: {topic}.status {status!r} not in {sorted(_STATUSES[topic])}")
        verdict = body.get("verdict_if_silent")
        if verdict is not None and str(verdict) not in _VERDICTS:
            raise ValueError(f"{path.name}: {topic}.verdict_if_silent {verdict!r} is not a verdict")
        if status == "unknown" and verdict is not None:
            raise ValueError(f"{path.name}: {topic} is unknown but gives a verdict")
        facts[topic] = LawFact(
            topic=topic,
            status=status,
            summary=" ".join(str(body.get("summary", "")).split()),
            verdict_if_silent=None if verdict is None else str(verdict),
            citation=body.get("citation"),
            source=body.get("source"),
            quote=body.get("quote"),
            applies_to=body.get("applies_to"),
            applies_when=body.get("applies_when"),
        )
        if facts[topic].applies_when:
            re.compile(facts[topic].applies_when)  # fail on load, not while scoring
    causes = tuple(
        CauseOfAction(
            name=str(body["name"]),
            amended_when=str(body["amended_when"]),
            covers_all_persons=bool(body.get("covers_all_persons", False)),
            rights_all=bool(body.get("rights_all", False)),
            citation=str(body["citation"]),
            source=str(body["source"]),
            quote=body.get("quote"),
        )
        for body in raw.get("causes_of_action") or ()
    )
    for cause in causes:
        re.compile(cause.amended_when)  # fail on load, not while scoring
    caps = tuple(
        CapStatute(name=str(body["name"]), cited_when=str(body["cited_when"]), citation=str(body["citation"]),
                   summary=" ".join(str(body["summary"]).split()), source=str(body["source"]))
        for body in raw.get("cap_statutes") or ()
    )
    for cap in caps:
        re.compile(cap.cited_when)  # fail on load, not while scoring
    return Jurisdiction(code=code, name=str(raw.get("name", code)), facts=facts, causes_of_action=causes,
                        cap_statutes=caps)


@lru_cache(maxsize=64)
def _load_cached(path_str: str, mtime: float) -> Jurisdiction:
    path = Path(path_str)
    return _parse(yaml.safe_load(path.read_text(encoding="utf-8")), path)


def load_jurisdiction(code: str, directory: str | Path | None = None) -> Jurisdiction | None:
    """The facts of jurisdiction ``code`` (``"ct"``), or ``None`` when the project has none."""
    if not code or not re.fullmatch(r"[a-z]{2,5}", code.lower()):
        return None
    path = Path(directory or jurisdictions_dir()) / f"{code.lower()}.yaml"
    if not path.is_file():
        return None
    return _load_cached(str(path), path.stat().st_mtime)


def available_jurisdictions(directory: str | Path | None = None) -> list[str]:
    folder = Path(directory or jurisdictions_dir())
    return sorted(p.stem for p in folder.glob("*.yaml"))


_PREFIX = re.compile(r"^([a-z]{2})[-_.]")


def infer_jurisdiction(bill_id: str, directory: str | Path | None = None) -> str | None:
    """The jurisdiction code of a document id: its two-letter prefix when we have facts for it.

    ``ct-cgs-52-571k`` -> ``"ct"``; ``us-hr1470-2021`` -> ``"us"``; ``model-ij-...`` -> ``None``.
    """
    match = _PREFIX.match(bill_id.lower())
    if not match:
        return None
    code = match.group(1)
    return code if code in available_jurisdictions(directory) else None


#: US states and territories by name, for reading the enacting clause of a bill.
STATE_CODES: dict[str, str] = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca", "colorado": "co",
    "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga", "hawaii": "hi", "idaho": "id",
    "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky", "louisiana": "la",
    "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi", "minnesota": "mn",
    "mississippi": "ms", "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv",
    "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn", "texas": "tx",
    "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa", "west virginia": "wv",
    "wisconsin": "wi", "wyoming": "wy", "district of columbia": "dc", "puerto rico": "pr",
    "guam": "gu", "virgin islands": "vi", "american samoa": "as", "northern mariana islands": "mp",
}
_STATE_NAMES = "|".join(sorted((re.escape(name) for name in STATE_CODES), key=len, reverse=True))
_NAMES_BY_CODE = {code: name.title().replace(" Of ", " of ") for name, code in STATE_CODES.items()}
_NAMES_BY_CODE["us"] = "the United States"


def jurisdiction_name(code: str | None) -> str | None:
    """``"ct"`` -> ``"Connecticut"``; ``"us"`` -> ``"the United States"``; unknown code -> ``None``."""
    return _NAMES_BY_CODE.get(code.lower()) if code else None


@dataclass(frozen=True)
class _Cue:
    """A kind of wording that names a jurisdiction: ``code`` (or ``None``: the state named in the
    pattern's group 1), ``weight`` per match, at most ``cap`` matches counted, only in the first
    ``window`` characters when given (headings and enacting clauses stand at the top)."""

    label: str
    pattern: re.Pattern
    code: str | None
    weight: float
    cap: int = 1
    window: int | None = None

    @property
    def needs(self) -> frozenset[str] | None:
        """Lower-case strings one of which every match contains (see :func:`_required_literals`)."""
        return _cue_needs(self.pattern)


@lru_cache(maxsize=None)
def _cue_needs(pattern: re.Pattern) -> frozenset[str] | None:
    try:
        from re import _parser  # noqa: PLC0415 - Python 3.11+ (``sre_parse`` is its deprecated alias)
    except ImportError:  # pragma: no cover
        import sre_parse as _parser

    return _required_literals(_parser.parse(pattern.pattern, pattern.flags))


#: A literal run shorter than this is not worth a look-up (it is in nearly every text).
_MIN_NEED = 3


def _required_literals(parsed) -> frozenset[str] | None:
    """Strings (lower-cased) one of which any match of the parsed pattern contains, or ``None``.

    Why: :func:`detect_jurisdiction` runs some thirty regular expressions over every bill, and
    Python's engine tries a case-insensitive alternation of fifty state names at every position.
    A plain ``in`` test on the lower-cased text for what a match must contain skips the cues a
    bill cannot match (most of them, for most bills) with the same result. Runs of literal
    characters in sequence are required; a group or an alternation requires one of its
    branches' requirements; anything optional or repeated is not relied on. Of the requirements
    a sequence offers, the most selective (longest shortest string) is kept."""
    try:
        from re._constants import BRANCH, LITERAL, SUBPATTERN  # noqa: PLC0415
    except ImportError:  # pragma: no cover
        from sre_constants import BRANCH, LITERAL, SUBPATTERN

    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= _MIN_NEED:
            candidates.append(frozenset({"".join(run).lower()}))
        run.clear()

    for op, arg in parsed:
        if op is LITERAL:
            run.append(chr(arg))
            continue
        close_run()
        if op is SUBPATTERN:
            inner = _required_literals(arg[-1])
            if inner:
                candidates.append(inner)
        elif op is BRANCH:
            options: set[str] = set()
            for branch in arg[1]:
                inner = _required_literals(branch)
                if not inner:
                    options = set()
                    break
                options |= inner
            if options:
                candidates.append(frozenset(options))
    close_run()
    if not candidates:
        return None
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)))


_I = re.IGNORECASE
#: How much of the text the enacting words and headings are looked for in.
ENACTING_WINDOW = 3000
_CUES: tuple[_Cue, ...] = (
    # Enacting clauses: the legislature that passes the text.
    _Cue("enacting clause", re.compile(r"\bSenate\s+and\s+House\s+of\s+Representatives\s+of\s+the\s+United\s+States"
                                       r"\s+of\s+America\s+in\s+Congress\s+assembled", _I), "us", 6),
    _Cue("enacting clause", re.compile(
        rf"\b(?:enacted|enact)\s+by\s+the\s+(?:General\s+Assembly|Legislature|Legislative\s+Assembly|People|Senate"
        rf"(?:\s+and\s+(?:House(?:\s+of\s+Representatives|\s+of\s+Delegates)?|General\s+Assembly|Assembly))?)"
        rf"(?:\s+of\s+the\s+(?:State|Commonwealth))?\s+of\s+(?:the\s+)?({_STATE_NAMES})\b", _I), None, 6),
    _Cue("enacting clause", re.compile(rf"\bThe\s+People\s+of\s+the\s+State\s+of\s+({_STATE_NAMES})\b[^.\n]{{0,80}}"
                                       rf"\bdo\s+enact", _I), None, 6),
    _Cue("enacting clause", re.compile(r"\bSenate\s+and\s+House\s+of\s+Representatives\s+in\s+General\s+Assembly"
                                       r"\s+convened", _I), "ct", 4),
    _Cue("enacting clause", re.compile(r"\bSenate\s+and\s+House\s+of\s+Representatives\s+in\s+General\s+Court"
                                       r"\s+assembled", _I), "ma", 4),
    _Cue("enacting clause", re.compile(r"\bSenate\s+and\s+House\s+of\s+Representatives\s+in\s+General\s+Court"
                                       r"\s+convened", _I), "nh", 4),
    # Headings: the Congress, the state or commonwealth named at the top.
    _Cue("heading", re.compile(r"\b\d{1,3}(?:st|nd|rd|th)\s+CONGRESS\b|\bCongress\s+of\s+the\s+United\s+States\b"),
         "us", 3, window=ENACTING_WINDOW),
    _Cue("heading", re.compile(r"\bIN\s+THE\s+(?:HOUSE\s+OF\s+REPRESENTATIVES|SENATE\s+OF\s+THE\s+UNITED\s+STATES)\b"),
         "us", 1.5, window=ENACTING_WINDOW),
    _Cue("heading", re.compile(rf"\b(?:State|Commonwealth|General\s+Assembly|Legislature(?:\s+of\s+the\s+State)?)"
                               rf"\s+of\s+(?:the\s+)?({_STATE_NAMES})\b", _I), None, 2.5, window=ENACTING_WINDOW),
    _Cue("heading", re.compile(r"\bGeneral\s+Court\b"), "ma", 1, window=ENACTING_WINDOW),
    # The state named in the body: its constitution, its code, its acts.
    _Cue("state named", re.compile(rf"\b(?:Constitution|State|Commonwealth|laws)\s+of\s+(?:the\s+State\s+of\s+)?"
                                   rf"({_STATE_NAMES})\b", _I), None, 1, cap=3),
    _Cue("state named", re.compile(rf"\b({_STATE_NAMES})\s+(?:Constitution|Declaration\s+of\s+Rights|Revised"
                                   rf"\s+Statutes|General\s+Statutes|Code|Civil\s+Rights\s+Act|Tort\s+Claims\s+Act)\b",
                                   _I), None, 1.5, cap=2),
    # Code citations.
    _Cue("code citation", re.compile(r"\bC\.\s?R\.\s?S\.|\bColorado\s+Revised\s+Statutes\b"), "co", 2, cap=2),
    _Cue("code citation", re.compile(r"\bNMSA\s+1978\b"), "nm", 2, cap=2),
    _Cue("code citation", re.compile(r"\bConn\.\s+Gen\.\s+Stat|\bC\.\s?G\.\s?S\.|\bGeneral\s+Statutes\s+of\s+"
                                     r"Connecticut\b"), "ct", 2, cap=2),
    _Cue("code citation", re.compile(r"\b\d+\s+M\.?\s?R\.?\s?S\.?\s?A?\.?\s+(?:§|sec)|\bMaine\s+Revised\s+Statutes\b"),
         "me", 2, cap=2),
    _Cue("code citation", re.compile(r"\bU\.\s?S\.\s?C\.|\bRevised\s+Statutes\s+of\s+the\s+United\s+States\b"),
         "us", 1, cap=3),
    _Cue("code citation", re.compile(r"\bRCW\s+\d"), "wa", 2, cap=2),
    _Cue("code citation", re.compile(r"\b\d+\s+ILCS\b"), "il", 2, cap=2),
    _Cue("code citation", re.compile(r"\bCode\s+of\s+Virginia\b"), "va", 2, cap=2),
    _Cue("code citation", re.compile(r"\bIowa\s+Code\b|\bCode\s+of\s+Iowa\b"), "ia", 2, cap=2),
    _Cue("code citation", re.compile(r"\bRSA\s+\d"), "nh", 2, cap=2),
    _Cue("code citation", re.compile(r"\bG\.\s?L\.\s+c\.\s*\d|\bGeneral\s+Laws\s+of\s+Massachusetts\b"), "ma", 2, cap=2),
    _Cue("code citation", re.compile(r"\bAnnotated\s+Code\s+of\s+Maryland\b|\bMd\.\s+Code\b"), "md", 2, cap=2),
    _Cue("code citation", re.compile(r"\bMcKinney's\b|\bN\.Y\.\s+[A-Z][a-z]+\.?\s+Law\b"), "ny", 2, cap=2),
    # The shape of section numbers each code uses (weak: one point each, three at most).
    _Cue("section number", re.compile(r"(?<![\w.-])\d{1,2}-\d{1,4}[a-z]{1,3}(?![\w-])"), "ct", 1, cap=3),
    _Cue("section number", re.compile(r"(?<![\w.-])\d{1,2}-\d{1,2}-\d{3}(?:\.\d+)?(?![\w-])"), "co", 1, cap=3),
    _Cue("section number", re.compile(r"(?<![\w.-])\d{1,2}-\d{1,2}[A-Z]-\d{1,2}(?![\w])"), "nm", 1, cap=3),
    _Cue("section number", re.compile(r"(?<![\w.-])\d{1,2}\.\d{1,2}-\d{1,4}(?:\.\d{1,2})?(?![\w-])"), "va", 1, cap=3),
)
#: A text cue must reach this score to name the jurisdiction on its own (a lone U.S.C. cite in a
#: state bill, or a lone section number, does not).
MIN_TEXT_SCORE = 2.0


@dataclass(frozen=True)
class Detection:
    """Which jurisdiction a text belongs to and why.

    ``detected_from`` is ``"text"``, ``"file name"`` (the text named none; the id prefix
    answered), ``"override"`` (given by the caller) or ``None`` with ``code`` ``None`` (unknown).
    ``evidence`` lists ``(start, end, label)`` of the cues for the winning code; ``scores`` the
    total per code.
    """

    code: str | None
    detected_from: str | None
    evidence: tuple[tuple[int, int, str], ...] = ()
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        return jurisdiction_name(self.code)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "name": self.name, "detected_from": self.detected_from}
        if text is not None and self.evidence:
            spans: dict[tuple[int, int], str] = {}
            for start, end, label in self.evidence:  # one entry per span (the first cue that found it)
                spans.setdefault((start, end), label)
            out["evidence"] = [{"text": text[start:end], "start": start, "end": end, "cue": label}
                               for (start, end), label in list(spans.items())[:5]]
        return out


def _prefix_code(bill_id: str | None) -> str | None:
    match = _PREFIX.match((bill_id or "").lower())
    return match.group(1) if match and match.group(1) in _NAMES_BY_CODE else None


def detect_jurisdiction(text: str, bill_id: str | None = None, override: str | None = None) -> Detection:
    """The jurisdiction of ``text`` (module docstring: cues, weights, the file name as tie-breaker)."""
    if override:
        return Detection(code=override.lower(), detected_from="override")
    scores: dict[str, float] = {}
    found: dict[str, list[tuple[int, int, str]]] = {}
    # what a match must contain, looked up in the lower-cased text (exact: the only characters a
    # case-insensitive match takes for an ASCII letter that lower-casing does not turn into it
    # are the dotless i and the long s; a text with either skips the shortcut)
    lowered = None if ("\u0131" in text or "\u017f" in text) else text.lower()
    for cue in _CUES:
        needs = cue.needs
        if lowered is not None and needs is not None and not any(need in lowered for need in needs):
            continue
        counted: dict[str, int] = {}
        haystack = text if cue.window is None else text[:cue.window]
        for match in cue.pattern.finditer(haystack):
            code = cue.code or STATE_CODES.get(" ".join(match.group(1).lower().split()))
            if code is None or counted.get(code, 0) >= cue.cap:
                continue
            counted[code] = counted.get(code, 0) + 1
            scores[code] = scores.get(code, 0.0) + cue.weight
            found.setdefault(code, []).append((match.start(), match.end(), cue.label))
    prefix = _prefix_code(bill_id)
    best = max(scores.values(), default=0.0)
    if best >= MIN_TEXT_SCORE:
        leaders = sorted(code for code, score in scores.items() if score == best)
        if len(leaders) > 1:
            if prefix not in leaders:
                return Detection(code=None, detected_from=None, scores=scores)
            leaders = [prefix]
        code = leaders[0]
        return Detection(code=code, detected_from="text", evidence=tuple(sorted(found[code], key=lambda e: e[0])),
                         scores=scores)
    if prefix is not None:
        return Detection(code=prefix, detected_from="file name", scores=scores)
    return Detection(code=None, detected_from=None, scores=scores)


def jurisdiction_from_text(text: str) -> str | None:
    """The jurisdiction code the text itself names (enacting clause, heading, citations), if any."""
    detection = detect_jurisdiction(text)
    return detection.code if detection.detected_from == "text" else None


def resolve_jurisdiction(value: str | Jurisdiction | None, bill_id: str | None = None,
                         text: str | None = None) -> Jurisdiction | None:
    """A :class:`Jurisdiction` from an explicit code/object, else detected from ``text`` (the file
    name's prefix only as a tie-breaker, see :func:`detect_jurisdiction`); ``None`` when unknown
    or when the project has no facts for it."""
    if isinstance(value, Jurisdiction):
        return value
    if isinstance(value, str) and value:
        return load_jurisdiction(value)
    detection = detect_jurisdiction(text or "", bill_id)
    return load_jurisdiction(detection.code) if detection.code else None
