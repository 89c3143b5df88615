"""Background law per jurisdiction: damage caps, public-records law, indemnification statutes.

Three rubric criteria cannot be answered from a bill alone when the bill is silent on them
(RUBRIC.md: ``no_liability_caps``, ``full_compensation``, ``public_records``): the answer is the
jurisdiction's existing law. Those facts live as data in ``corpus/jurisdictions/<code>.yaml``,
one file per jurisdiction, each fact with its citation and source. A fact the team could not
source is recorded as ``status: unknown`` and stays unknown: the scorer then says so and flags
the criterion for review instead of guessing.

The jurisdiction of a document is inferred, in this order, from an explicit code, from its id
prefix (``ct-cgs-52-571k`` -> ``ct``, ``us-hr1470-2021`` -> ``us``: how the shared corpus names
documents), and from the enacting words at the top of its text ("Be it enacted by the General
Assembly of Virginia", "116th CONGRESS", "STATE OF NEW MEXICO"), so bills from elsewhere get
their facts too.
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
    "Jurisdiction",
    "jurisdictions_dir",
    "load_jurisdiction",
    "available_jurisdictions",
    "infer_jurisdiction",
    "resolve_jurisdiction",
    "jurisdiction_from_text",
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
class Jurisdiction:
    code: str
    name: str
    facts: dict[str, LawFact] = field(default_factory=dict)
    causes_of_action: tuple[CauseOfAction, ...] = ()

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
    return Jurisdiction(code=code, name=str(raw.get("name", code)), facts=facts, causes_of_action=causes)


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
}
_STATE_NAMES = "|".join(sorted((re.escape(name) for name in STATE_CODES), key=len, reverse=True))
_ENACTING = [
    (re.compile(r"\b\d{1,3}(?:st|nd|rd|th)\s+CONGRESS\b|\bCongress\s+of\s+the\s+United\s+States\b"
                r"|\bIN\s+THE\s+(?:HOUSE\s+OF\s+REPRESENTATIVES|SENATE\s+OF\s+THE\s+UNITED\s+STATES)\b"),
     "us"),
    (re.compile(rf"\b(?:STATE|Commonwealth|People\s+of\s+the\s+State|General\s+Assembly|Legislature(?:\s+of\s+the"
                rf"\s+State)?)\s+of\s+({_STATE_NAMES})\b", re.IGNORECASE), None),
]
#: How much of the text the enacting words are looked for in.
ENACTING_WINDOW = 3000


def jurisdiction_from_text(text: str) -> str | None:
    """The jurisdiction code named by a bill's heading or enacting clause, if any."""
    head = text[:ENACTING_WINDOW]
    for pattern, code in _ENACTING:
        match = pattern.search(head)
        if match:
            return code or STATE_CODES[" ".join(match.group(1).lower().split())]
    return None


def resolve_jurisdiction(value: str | Jurisdiction | None, bill_id: str | None = None,
                         text: str | None = None) -> Jurisdiction | None:
    """A :class:`Jurisdiction` from an explicit code/object, else inferred from ``bill_id``, else
    from the enacting words of ``text``; ``None`` when the project has no facts for it."""
    if isinstance(value, Jurisdiction):
        return value
    if isinstance(value, str) and value:
        return load_jurisdiction(value)
    code = infer_jurisdiction(bill_id) if bill_id else None
    if code is None and text:
        code = jurisdiction_from_text(text)
    return load_jurisdiction(code) if code else None
