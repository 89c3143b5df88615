"""The project's vocabulary, loaded once: the single source every stage reads.

* the rubric (``data/rubric.yaml``): criterion ids, groups, labels, verdict points;
* the signals (``data/signals.yaml``): clause-level signal names and the criterion each feeds;
  the span ruler's patterns (``patterns/*.jsonl``) say which signal each pattern id finds;
* verdict wording shared by the scorer, the reports and the export;
* the word lists more than one stage needs (non-operative headings).

Nothing here imports spaCy or scikit-learn.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from pipeline.config import PACKAGE_DATA

# libyaml's safe loader when PyYAML was built with it (same documents, 3-5x faster at start-up)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(name: str):
    return yaml.load((PACKAGE_DATA / name).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader

PATTERNS_DIR = PACKAGE_DATA.parent / "patterns"

VERDICTS = ("yes", "partial", "no")

#: How a verdict opens an explanation (RUBRIC.md's wording): the scorer adds a full stop.
VERDICT_OPENING = {"yes": "Yes", "partial": "Partially meets standard", "no": "No"}
#: Short verdict words of the reports' tables and headings.
VERDICT_WORDS = {"yes": "Yes", "partial": "Partial", "no": "No"}
VERDICT_SYMBOLS = {"yes": "\u2713", "partial": "\u25d0", "no": "\u2717"}

#: What a heading of a unit that states no law begins with (findings, purposes, a "sense of
#: Congress", statements and declarations of purpose or policy, legislative intent): one list,
#: a regular-expression alternation, read by the flagging context (``components/context.py``,
#: heading lines of the raw text) and by the scorer (``criteria.py``, headings of the section
#: tree). What a bill *finds* is not what it *enacts*.
NON_OPERATIVE_HEADING_WORDS = (
    r"(?:congressional\s+)?(?:findings?|purposes?|sense\s+of\b|statement\s+of\s+(?:purpose|policy)"
    r"|declaration\s+of\s+(?:purpose|policy)|legislative\s+(?:findings|declaration|intent))"
)

#: The enacting clause of a bill: what stands before it (long title, digest, highlighted provisions)
#: describes the bill and enacts nothing. One pattern, read by the flagging context (the text before
#: it is not operative) and by the scorer.
ENACTING_CLAUSE = (r"\bbe\s+it\s+(?:further\s+)?enacted\b|\bis\s+hereby\s+enacted\b|\bdo(?:es)?\s+enact\b|\bhereby\s+enacts\b"
                   r"|\bENACTS?:|\bin\s+Congress\s+assembled\b")
_ENACTING_CLAUSE = re.compile(ENACTING_CLAUSE, re.IGNORECASE)


def enacting_clause_offset(text: str) -> int:
    """Offset of the first enacting clause in ``text`` (0 when there is none: all of it may be law)."""
    match = _ENACTING_CLAUSE.search(text or "")
    return match.start() if match else 0



# ---------------------------------------------------------------------------------- rubric


@lru_cache(maxsize=1)
def _rubric_yaml() -> dict:
    return _read_yaml("rubric.yaml")



@dataclass(frozen=True)
class Criterion:
    id: str
    group: str  # "end" | "start"
    label: str


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    verdict_points: dict[str, float]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def group_of(self, criterion_id: str) -> str:
        return self[criterion_id].group

    def __getitem__(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"unknown criterion {criterion_id!r}; known: {', '.join(self.ids)}")

    def group_size(self, group: str) -> int:
        return sum(1 for c in self.criteria if c.group == group)

    def totals(self, verdicts: dict[str, str]) -> dict[str, float | int]:
        """Totals as the rubric prints them: ``end x/4``, ``start y/5``, overall /9."""
        sums = {"end": 0.0, "start": 0.0}
        for criterion in self.criteria:
            sums[criterion.group] += self.verdict_points[verdicts[criterion.id]]
        return {
            "end": sums["end"],
            "end_of": self.group_size("end"),
            "start": sums["start"],
            "start_of": self.group_size("start"),
            "overall": sums["end"] + sums["start"],
            "overall_of": len(self.criteria),
        }


@lru_cache(maxsize=1)
def load_rubric() -> Rubric:
    """The nine criteria in rubric order and the points of each verdict."""
    raw = _rubric_yaml()
    criteria = tuple(Criterion(**row) for row in raw["criteria"])
    points = {str(k): float(v) for k, v in raw["verdict_points"].items()}
    return Rubric(criteria=criteria, verdict_points=points)


CRITERIA_IDS: tuple[str, ...] = (
    "end_qi_law_enforcement",
    "end_qi_public_employees",
    "end_qi_state_constitution",
    "no_liability_caps",
    "failure_to_intervene",
    "full_compensation",
    "attorney_fees",
    "individual_accountability",
    "public_records",
)


@lru_cache(maxsize=1)
def group_labels() -> dict[str, str]:
    """Printed group names from ``data/rubric.yaml`` (``end`` -> "End Qualified Immunity")."""
    return {group: spec.get("label", group) for group, spec in _rubric_yaml().get("groups", {}).items()}


# ---------------------------------------------------------------------------------- signals


@lru_cache(maxsize=1)
def signals_spec() -> dict:
    """``data/signals.yaml``'s ``signals`` mapping: name -> spec (``criterion``, ...)."""
    return _read_yaml("signals.yaml")["signals"]


@lru_cache(maxsize=1)
def signal_labels() -> tuple[str, ...]:
    """The clause-level labels of annotations and the classifier, in the order of
    ``data/signals.yaml``: every signal but the ``rule_only`` ones, which only a resolver emits
    (their meaning depends on the jurisdiction's law, not on the clause's words)."""
    return tuple(name for name, spec in signals_spec().items() if not spec.get("rule_only"))


@lru_cache(maxsize=1)
def signal_criteria() -> dict[str, str]:
    """``signal -> rubric criterion id``."""
    return {name: spec["criterion"] for name, spec in signals_spec().items()}


@lru_cache(maxsize=1)
def pattern_labels() -> dict[str, str]:
    """Pattern id -> signal label, read from the span ruler's pattern files."""
    labels: dict[str, str] = {}
    for path in sorted(PATTERNS_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and row.get("id") and row.get("label"):
                labels[str(row["id"])] = str(row["label"])
    return labels


@lru_cache(maxsize=1)
def _signal_names() -> frozenset[str]:
    return frozenset(signals_spec())  # every signal, rule-only ones included


def signal_of(label: str) -> tuple[str | None, str, float | None]:
    """Split an evidence label into ``(signal, source, model score)``.

    Evidence labels look like ``rule:<pattern id>``, ``component:<name>`` or ``model:<p>``
    (CONTRACT.md); a pattern id is mapped to the signal it belongs to through the pattern
    files. ``signal`` is ``None`` when the label does not name one (a bare model probability).
    """
    kind, _, rest = label.partition(":")
    if kind == "model":
        name, _, prob = rest.rpartition(":") if rest.count(":") else ("", "", rest)
        try:
            score = float(prob)
        except ValueError:
            return (rest if rest in _signal_names() else None), "model", None
        return (name if name in _signal_names() else None), "model", score
    names = _signal_names()
    if rest in names:
        return rest, kind, None
    mapped = pattern_labels().get(rest)
    if mapped:
        return mapped, kind, None
    # Pattern ids conventionally start with their signal (``qi_barred_not_a_defense``).
    for name in sorted(names, key=len, reverse=True):
        if rest.startswith(name):
            return name, kind, None
    return (label if kind not in ("rule", "component") else rest or None), kind, None


# ---------------------------------------------------------------------------------- review cues


@lru_cache(maxsize=1)
def review_vocabulary() -> dict:
    """``data/review_vocab.yaml``: per criterion the words of a rubric move (``move``), the words
    that speak against a positive verdict (``contradicts``) unless the clause is about something else
    (``contradicts_except``), groups of words that make the move
    only together in one clause (``together``), the criteria whose flags resolve a
    clause (``resolved_by``), whether it is checked in a bill with no cause of action
    (``without_cause_of_action``); the cause-of-action cues and the gap allowed inside a phrase."""
    raw = yaml.safe_load((PACKAGE_DATA / "review_vocab.yaml").read_text(encoding="utf-8"))
    criteria = {}
    for cid, spec in raw["criteria"].items():
        criteria[cid] = {
            "move": tuple(tuple(str(w).lower() for w in phrase) for phrase in spec.get("move", ())),
            "contradicts": tuple(tuple(str(w).lower() for w in phrase) for phrase in spec.get("contradicts", ())),
            # a clause with one of these is about something else, so its contradicting words are not against the verdict
            "contradicts_except": tuple(tuple(str(w).lower() for w in phrase) for phrase in spec.get("contradicts_except", ())),
            "resolved_by": frozenset(spec.get("resolved_by", (cid,))),
            "without_cause_of_action": bool(spec.get("without_cause_of_action", False)),
            # groups of phrases that together make the move: one phrase of every group in one clause
            "together": tuple(tuple(tuple(str(w).lower() for w in phrase) for phrase in group)
                              for group in spec.get("together", ())),
        }
    followup = raw.get("payment_followup") or {}
    return {
        "payment_followup": (tuple(str(w).lower() for w in followup.get("words", ())),
                             frozenset(followup.get("resolved_by", ()))),
        "max_gap": int(raw.get("max_gap", 2)),
        "cause_of_action": tuple(tuple(str(w).lower() for w in phrase) for phrase in raw["cause_of_action"]),
        "criteria": criteria,
    }
