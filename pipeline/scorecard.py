"""Scorecards: the draft verdicts per criterion, exactly in the shape of CONTRACT.md.

``Scorecard.to_dict()`` *is* the per-bill JSON; ``Scorecard.from_dict`` reads it back, so batch
outputs, reports, the review store and notebooks all go through these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.rubric import VERDICTS, load_rubric

SCHEMA_VERSION = 1


@dataclass
class Evidence:
    """A verbatim span of ``Document.text`` a verdict rests on."""

    text: str
    start: int
    end: int
    section: str | None = None
    page: int | None = None
    line: int | None = None
    signals: list[str] = field(default_factory=list)
    #: Names of the signals (``data/signals.yaml``) flagged on this clause; ``signals`` above says
    #: what found them (``rule:<pattern>``, ``component:<name>``, ``model:<p>``). Added field.
    labels: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "page": self.page,
            "line": self.line,
            "signals": list(self.signals),
            "labels": list(self.labels),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Evidence:
        return cls(
            text=raw["text"],
            start=int(raw["start"]),
            end=int(raw["end"]),
            section=raw.get("section"),
            page=raw.get("page"),
            line=raw.get("line"),
            signals=list(raw.get("signals", [])),
            labels=list(raw.get("labels", [])),
        )


@dataclass
class CriterionResult:
    verdict: str
    confidence: float
    needs_review: bool
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "confidence": round(float(self.confidence), 3),
            "needs_review": bool(self.needs_review),
            "explanation": self.explanation,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CriterionResult:
        return cls(
            verdict=raw["verdict"],
            confidence=float(raw["confidence"]),
            needs_review=bool(raw["needs_review"]),
            explanation=raw["explanation"],
            evidence=[Evidence.from_dict(e) for e in raw.get("evidence", [])],
        )


@dataclass
class Scorecard:
    bill_id: str
    source: dict[str, Any]
    pipeline: dict[str, Any]
    relevant: bool
    criteria: dict[str, CriterionResult]
    title: str | None = None
    relevance_score: float | None = None
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        missing = set(load_rubric().ids) - set(self.criteria)
        if missing:
            raise ValueError(f"scorecard lacks criteria: {sorted(missing)}")

    @property
    def totals(self) -> dict[str, float | int]:
        return load_rubric().totals({cid: r.verdict for cid, r in self.criteria.items()})

    @property
    def needs_review_count(self) -> int:
        return sum(1 for r in self.criteria.values() if r.needs_review)

    def to_dict(self) -> dict[str, Any]:
        ordered = {cid: self.criteria[cid].to_dict() for cid in load_rubric().ids}
        return {
            "schema_version": self.schema_version,
            "bill_id": self.bill_id,
            "title": self.title,
            "source": dict(self.source),
            "pipeline": dict(self.pipeline),
            "relevant": self.relevant,
            "relevance_score": None if self.relevance_score is None else round(self.relevance_score, 3),
            "criteria": ordered,
            "totals": self.totals,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Scorecard:
        return cls(
            bill_id=raw["bill_id"],
            source=dict(raw["source"]),
            pipeline=dict(raw["pipeline"]),
            relevant=bool(raw["relevant"]),
            criteria={cid: CriterionResult.from_dict(r) for cid, r in raw["criteria"].items()},
            title=raw.get("title"),
            relevance_score=raw.get("relevance_score"),
            schema_version=int(raw.get("schema_version", SCHEMA_VERSION)),
        )

    def to_frame(self):
        """One row per criterion as a pandas ``DataFrame`` (for notebooks; pandas imported lazily).

        Columns: ``bill_id, criterion, group, label, verdict, points, confidence, needs_review,
        evidence_count, explanation``, in rubric order.
        """
        import pandas as pd

        rubric = load_rubric()
        rows = [
            {
                "bill_id": self.bill_id,
                "criterion": cid,
                "group": rubric[cid].group,
                "label": rubric[cid].label,
                "verdict": self.criteria[cid].verdict,
                "points": rubric.verdict_points[self.criteria[cid].verdict],
                "confidence": round(float(self.criteria[cid].confidence), 3),
                "needs_review": bool(self.criteria[cid].needs_review),
                "evidence_count": len(self.criteria[cid].evidence),
                "explanation": self.criteria[cid].explanation,
            }
            for cid in rubric.ids
        ]
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def summary_row(self) -> dict[str, Any]:
        """One row of ``summary.csv`` (CONTRACT.md column order)."""
        totals = self.totals
        row: dict[str, Any] = {
            "bill_id": self.bill_id,
            "relevant": self.relevant,
            "end": totals["end"],
            "start": totals["start"],
            "overall": totals["overall"],
            "needs_review_count": self.needs_review_count,
        }
        row.update({cid: self.criteria[cid].verdict for cid in load_rubric().ids})
        return row


SUMMARY_COLUMNS: tuple[str, ...] = (
    "bill_id",
    "relevant",
    "end",
    "start",
    "overall",
    "needs_review_count",
    *load_rubric().ids,
)

#: Columns of :meth:`Scorecard.to_frame` (one row per criterion).
FRAME_COLUMNS: tuple[str, ...] = (
    "bill_id",
    "criterion",
    "group",
    "label",
    "verdict",
    "points",
    "confidence",
    "needs_review",
    "evidence_count",
    "explanation",
)
